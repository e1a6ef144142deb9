// Format detection by content. JSON feeds are told apart by the keys of their first record,
// XML feeds by root element and namespace URIs, the Hugging Face page text by its shape.

#include "paperfeed/detect.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "paperfeed/normalize.hpp"

namespace paperfeed {

namespace {

constexpr std::size_t kScanBytes = 256 * 1024;

bool contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

std::string_view skip_space(std::string_view text) {
  auto p = text.find_first_not_of(" \t\r\n");
  return p == std::string_view::npos ? std::string_view{} : text.substr(p);
}

/** Keys seen in the first JSON objects, by where the object holding them sits. */
struct JsonShape {
  char top = 0;                       // '{' or '['
  std::set<std::string> top_keys;     // keys of the top-level object
  std::set<std::string> record_keys;  // keys of the top object, or of the objects in the top array
  std::set<std::string> nested_keys;  // keys one object below a record (e.g. Hugging Face's "paper")
  std::set<std::string> listed_keys;  // keys of the objects in a list inside the top object ({results:[…]})
  bool top_array_of_strings = false;  // the top array's first item is a string
  bool python_repr_items = false;     // list items are Python repr() strings of dicts ("{'paper': …")
  bool jsonl = false;                 // a second top-level value follows the first
};

/** Notes a key found with the containers @p path open ("{", "[{", "{[{", …). */
void note_key(JsonShape& shape, const std::string& path, const std::string& key) {
  if (path == "{") shape.top_keys.insert(key);
  if (path == "{" || path == "[{") shape.record_keys.insert(key);
  if (path == "{{" || path == "[{{") shape.nested_keys.insert(key);
  if (path == "{[{") shape.listed_keys.insert(key);
}

/**
 * A tolerant scan of the first bytes of a JSON text that notes object keys by where they sit.
 * It reads no values beyond what it needs, so it works on a truncated prefix of a large file.
 */
JsonShape scan_json(std::string_view text) {
  JsonShape shape;
  text = text.substr(0, kScanBytes);
  std::string path;  // the containers open at this point, outermost first
  bool in_string = false, escaped = false;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
        if (current.size() < 64) current += c;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        const auto rest = skip_space(text.substr(i + 1));
        if (!rest.empty() && rest[0] == ':') {
          note_key(shape, path, current);
        } else if (path == "[" || path == "{[") {
          if (path == "[" && shape.record_keys.empty()) shape.top_array_of_strings = true;
          if (current.rfind("{'", 0) == 0) shape.python_repr_items = true;
        }
        current.clear();
      } else if (current.size() < 64) {
        current += c;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
      case '[':
        if (path.empty() && shape.top == 0) shape.top = c;
        path += c;
        break;
      case '}':
      case ']':
        if (!path.empty()) path.pop_back();
        if (path.empty()) {
          const auto rest = skip_space(text.substr(i + 1));
          shape.jsonl = !rest.empty() && (rest[0] == '{' || rest[0] == '[');
          return shape;
        }
        break;
      default: break;
    }
  }
  return shape;
}

bool has_any(const std::set<std::string>& keys, std::initializer_list<const char*> wanted) {
  return std::any_of(wanted.begin(), wanted.end(), [&](const char* k) { return keys.count(k) != 0; });
}

std::string list_keys(const std::set<std::string>& keys) {
  std::string out;
  std::size_t n = 0;
  for (const auto& k : keys) {
    if (n++ == 6) {
      out += ", …";
      break;
    }
    if (!out.empty()) out += ", ";
    out += shown_text(k);
  }
  return out;
}

/** Whether @p text is `{}` (whitespace allowed around and inside). */
bool is_empty_object(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::string compact;
  for (const char c : text) {
    if (!is_space(c)) compact += c;
    if (compact.size() > 2) return false;
  }
  return compact == "{}";
}

Detection detect_json(std::string_view text) {
  const JsonShape shape = scan_json(text);
  Detection d;
  const auto& keys = shape.record_keys;
  if (shape.top == '{' && has_any(shape.top_keys, {"body"}) && has_any(shape.top_keys, {"status_code"})) {
    d.envelope = Envelope::http_record;
    d.looked_like = "a recorded HTTP response";
    return d;
  }
  if (shape.python_repr_items) {
    // The Hugging Face archiver's Python repr() dumps: the hf-daily parser explains them.
    d.format = Format::hf_daily;
    d.looked_like = "Hugging Face daily papers written as Python repr() strings";
    return d;
  }
  if (shape.top_array_of_strings) {
    d.looked_like = "a JSON array of strings";
    return d;
  }
  // Wrappers whose records sit in a list: {data:[…]} (S2), {results:[…]} (PwC).
  const auto& inner = shape.listed_keys;
  if (shape.top == '{' && has_any(shape.top_keys, {"results"}) && has_any(shape.top_keys, {"count"})) {
    if (inner.empty() || has_any(inner, {"arxiv_id", "url_abs", "url_pdf", "proceeding"})) {
      d.format = Format::pwc;
      d.looked_like = "a Papers with Code API list";
    } else {
      d.looked_like = "a Papers with Code API list of non-papers (keys " + list_keys(inner) + ")";
    }
    return d;
  }
  if (shape.top == '{' && has_any(shape.top_keys, {"data"}) &&
      (has_any(inner, {"paperId", "externalIds", "citingPaper", "citedPaper"}) ||
       has_any(shape.top_keys, {"total", "offset", "next", "token"}))) {
    d.format = Format::s2;
    d.looked_like = "a Semantic Scholar API list";
    return d;
  }
  if (shape.top == '{' && has_any(shape.top_keys, {"papers"}) && has_any(shape.top_keys, {"authorId"})) {
    d.format = Format::s2;
    d.looked_like = "a Semantic Scholar author with papers";
    return d;
  }
  // paperfeed's own records carry Hugging Face keys too (upvotes), so they are told apart first.
  if (has_any(keys, {"sources", "primary_category"})) {
    d.format = Format::paperfeed;
    d.looked_like = "paperfeed records";
    return d;
  }
  const auto& paper_keys = shape.nested_keys;
  if (has_any(keys, {"paper"}) &&
      (has_any(paper_keys, {"upvotes", "discussionId", "ai_keywords"}) ||
       has_any(keys, {"numComments", "submittedBy", "thumbnail", "mediaUrl"}) ||
       (has_any(paper_keys, {"id"}) && has_any(paper_keys, {"title", "summary"})))) {
    d.format = Format::hf_daily;
    d.looked_like = "Hugging Face daily papers";
    return d;
  }
  if (has_any(keys, {"upvotes", "discussionId", "ai_keywords", "submittedOnDailyAt"})) {
    d.format = Format::hf_daily;
    d.looked_like = "a Hugging Face paper";
    return d;
  }
  if (has_any(keys, {"paperId", "externalIds", "citingPaper", "citedPaper"})) {
    d.format = Format::s2;
    d.looked_like = "Semantic Scholar paper objects";
    return d;
  }
  if (has_any(keys, {"arxiv_id", "url_abs", "nips_id"})) {
    d.format = Format::pwc;
    d.looked_like = "Papers with Code papers";
    return d;
  }
  if (has_any(keys, {"authors_parsed", "versions", "update_date", "submitter", "journal-ref"})) {
    d.format = Format::arxiv_oai;
    d.looked_like = "arXiv metadata snapshot records";
    return d;
  }
  if (has_any(keys, {"id"}) && has_any(keys, {"summary"}) && has_any(keys, {"abs", "pdf"})) {
    d.format = Format::daily_arxiv;
    d.looked_like = "daily arXiv bot records";
    return d;
  }
  if (has_any(keys, {"id"}) && has_any(keys, {"title", "abstract"})) {
    d.format = Format::paperfeed;
    d.looked_like = "paper records with id and title";
    return d;
  }
  if (shape.top == 0) {
    d.looked_like = "text starting like JSON but unreadable";
  } else if (keys.empty()) {
    d.looked_like = shape.top == '[' ? "a JSON array without objects"
                    : is_empty_object(text) ? "an empty JSON object"
                                            : "a JSON object with no readable key";
  } else {
    d.looked_like = std::string(shape.jsonl ? "JSON lines" : shape.top == '[' ? "a JSON array" : "a JSON object") +
                    " with keys " + list_keys(keys);
  }
  return d;
}

/** The name of the root element of an XML text, skipping the prolog, comments and DOCTYPE. */
std::string xml_root_name(std::string_view text) {
  std::size_t i = 0;
  while ((i = text.find('<', i)) != std::string_view::npos) {
    if (text.compare(i, 4, "<!--") == 0) {
      auto end = text.find("-->", i);
      if (end == std::string_view::npos) return {};
      i = end + 3;
    } else if (text.compare(i, 2, "<?") == 0 || text.compare(i, 2, "<!") == 0) {
      auto end = text.find('>', i);
      if (end == std::string_view::npos) return {};
      i = end + 1;
    } else {
      auto end = text.find_first_of(" \t\r\n/>", i + 1);
      if (end == std::string_view::npos) return {};
      return std::string(text.substr(i + 1, end - i - 1));
    }
  }
  return {};
}

Detection detect_xml(std::string_view text) {
  Detection d;
  text = text.substr(0, kScanBytes);
  std::string root = xml_root_name(text);
  const auto colon = root.find(':');
  const std::string local = colon == std::string::npos ? root : root.substr(colon + 1);
  if (local == "OAI-PMH") {
    d.format = Format::arxiv_oaipmh;
    d.looked_like = "an OAI-PMH response";
  } else if (local == "rss" || local == "RDF") {
    d.format = Format::arxiv_listing;
    d.looked_like = "an RSS feed";
  } else if (local == "feed" && contains(text, "http://www.w3.org/2005/Atom")) {
    const bool listing = contains(text, "rss.arxiv.org") || contains(text, "announce_type") ||
                         contains(text, "oai:arXiv.org:");
    d.format = listing ? Format::arxiv_listing : Format::arxiv_atom;
    d.looked_like = listing ? "an arXiv listing Atom feed" : "an arXiv API Atom feed";
  } else {
    d.looked_like = root.empty() ? "XML without a root element" : "XML with root element <" + shown_text(root) + ">";
  }
  return d;
}

/** The Hugging Face papers page text: short title lines alternating with long abstract lines. */
Detection detect_text(std::string_view text) {
  Detection d;
  std::size_t lines = 0, title_like = 0, abstract_like = 0;
  std::size_t start = 0;
  while (start < text.size() && lines < 40) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      ++lines;
      if (line.size() <= 300) ++title_like;
      if (line.size() > 300) ++abstract_like;
    }
    start = end + 1;
  }
  const bool hf_chrome = contains(text.substr(0, 4096), "trending papers in your email inbox");
  if (hf_chrome || (lines >= 2 && abstract_like * 3 >= lines && title_like * 3 >= lines)) {
    d.format = Format::hf_listing;
    d.looked_like = "Hugging Face papers page text";
  } else if (text.empty()) {
    d.looked_like = "empty input";
  } else {
    d.looked_like = "plain text";
  }
  return d;
}

}  // namespace

Detection detect_format(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  const std::string_view body = skip_space(head);
  if (body.empty()) return Detection{std::nullopt, Envelope::none, head.empty() ? "empty input" : "only whitespace"};
  if (body[0] == '{' || body[0] == '[') return detect_json(body);
  if (body[0] == '<') return detect_xml(body);
  if (body.substr(0, 2) == "\xFF\xFE" || body.substr(0, 2) == "\xFE\xFF") {
    return Detection{std::nullopt, Envelope::none, "UTF-16 text (convert it to UTF-8)"};
  }
  return detect_text(body);
}

}  // namespace paperfeed
