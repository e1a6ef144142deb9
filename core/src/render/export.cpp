// Record exports: canonical JSON/JSONL, CSV, BibTeX, RIS.

#include "paperfeed/export.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "paperfeed/normalize.hpp"

namespace paperfeed {

namespace {

constexpr std::array<const char*, 5> kExportNames = {"jsonl", "json", "csv", "bibtex", "ris"};

using Json = nlohmann::ordered_json;

Json string_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
Json count_or_null(const std::optional<std::int64_t>& n) { return n ? Json(*n) : Json(nullptr); }

Json to_json(const Paper& p) {
  Json j;
  j["id"] = p.id;
  j["title"] = string_or_null(p.title);
  j["abstract"] = string_or_null(p.abstract);
  j["authors"] = p.authors;
  j["categories"] = p.categories;
  j["primary_category"] = string_or_null(p.primary_category);
  j["published"] = string_or_null(p.published);
  j["updated"] = string_or_null(p.updated);
  j["announced"] = string_or_null(p.announced);
  j["upvotes"] = count_or_null(p.upvotes);
  j["comments"] = count_or_null(p.comments);
  j["github"] = string_or_null(p.github);
  j["stars"] = count_or_null(p.stars);
  j["citations"] = count_or_null(p.citations);
  j["keywords"] = p.keywords;
  j["comment"] = string_or_null(p.comment);
  j["doi"] = string_or_null(p.doi);
  j["url"] = string_or_null(p.url);
  j["pdf"] = string_or_null(p.pdf);
  j["project_page"] = string_or_null(p.project_page);
  j["ai_summary"] = string_or_null(p.ai_summary);
  j["journal_ref"] = string_or_null(p.journal_ref);
  j["license"] = string_or_null(p.license);
  j["announce_type"] = string_or_null(p.announce_type);
  Json sources = Json::array();
  for (Format f : p.sources.list()) sources.push_back(format_name(f));
  j["sources"] = std::move(sources);
  return j;
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

/**
 * The year of @p p's publication date: its four leading digits, or empty when the date does not
 * start with four (a record from the C++ API may hold any text there, and the year goes
 * unescaped into the BibTeX key).
 */
std::string year_of(const Paper& p) {
  const std::string_view year = std::string_view(p.published).substr(0, 4);
  return year.size() == 4 && all_digits(year) ? std::string(year) : std::string();
}

// ---- CSV -------------------------------------------------------------------------------------

/** RFC 4180 quoting; a leading = + @ is prefixed with ' so spreadsheets do not run it as a formula. */
std::string csv_field(std::string_view value) {
  std::string v;
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '@' || value[0] == '\t')) v = "'";
  v += value;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string count_text(const std::optional<std::int64_t>& n) { return n ? std::to_string(*n) : std::string(); }

void write_csv(const std::vector<Paper>& papers, const std::function<void(std::string_view)>& out) {
  out("id,title,authors,categories,primary_category,published,updated,announced,upvotes,comments,github,stars,"
      "citations,keywords,comment,doi,url,pdf,project_page,journal_ref,sources,abstract\r\n");
  for (const Paper& p : papers) {
    std::vector<std::string> sources;
    for (Format f : p.sources.list()) sources.emplace_back(format_name(f));
    const std::array<std::string, 22> fields = {
        p.id, p.title, join(p.authors, "; "), join(p.categories, "; "), p.primary_category, p.published,
        p.updated, p.announced, count_text(p.upvotes), count_text(p.comments), p.github, count_text(p.stars),
        count_text(p.citations), join(p.keywords, "; "), p.comment, p.doi, p.url, p.pdf, p.project_page,
        p.journal_ref, join(sources, "; "), p.abstract};
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i != 0) line += ',';
      line += csv_field(fields[i]);
    }
    line += "\r\n";
    out(line);
  }
}

// ---- BibTeX and RIS ----------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> kNameParticles = {"van", "von", "der", "den", "de", "del",
                                                             "da",  "di",  "dos", "du",  "la", "le"};

bool is_particle(std::string_view word) {
  for (auto p : kNameParticles) {
    if (word == p) return true;
  }
  return false;
}

/** "Ludwig van Beethoven" → {"van Beethoven", "Ludwig"}; a single word is all last name. */
std::pair<std::string, std::string> split_name(const std::string& name) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < name.size()) {
    auto end = name.find(' ', start);
    if (end == std::string::npos) end = name.size();
    if (end > start) words.push_back(name.substr(start, end - start));
    start = end + 1;
  }
  if (words.size() <= 1) return {name, {}};
  std::size_t last = words.size() - 1;
  while (last > 0 && is_particle(words[last - 1])) --last;
  std::vector<std::string> first(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(last));
  std::vector<std::string> rest(words.begin() + static_cast<std::ptrdiff_t>(last), words.end());
  return {join(rest, " "), join(first, " ")};
}

std::string last_first(const std::string& name) {
  auto [last, first] = split_name(name);
  return first.empty() ? last : last + ", " + first;
}

/** True when every brace in @p text is balanced, as BibTeX requires inside a {…} value. */
bool balanced_braces(std::string_view text) {
  int depth = 0;
  for (char c : text) {
    if (c == '{') ++depth;
    if (c == '}' && --depth < 0) return false;
  }
  return depth == 0;
}

/** `\textbraceleft{}` or `\textbraceright{}`: a brace as text, which BibTeX does not count. */
const char* brace_as_text(char brace) { return brace == '{' ? "\\textbraceleft{}" : "\\textbraceright{}"; }

/**
 * A BibTeX field value: LaTeX specials outside math escaped. BibTeX counts every brace, escaped
 * or not, so when the braces of @p text do not balance each one (with its backslash, if any)
 * is written as brace_as_text(); a backslash at the very end, which would escape the value's
 * closing brace, becomes `\textbackslash{}`.
 */
std::string bibtex_value(std::string_view text) {
  const bool balanced = balanced_braces(text);
  std::string out;
  bool math = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (!balanced && (c == '{' || c == '}' || (c == '\\' && (next == '{' || next == '}')))) {
      out += brace_as_text(c == '\\' ? text[++i] : c);
      continue;
    }
    if (c == '\\') {  // an existing escape or command stays as written
      out += i + 1 < text.size() ? text.substr(i++, 2) : "\\textbackslash{}";
      continue;
    }
    if (c == '$') math = !math;
    if (!math && (c == '&' || c == '%' || c == '#' || c == '_')) out += '\\';
    out += c;
  }
  return out;
}

/** Lower-case ASCII letters and digits of @p text (accents stripped). */
std::string key_part(std::string_view text) {
  std::string out;
  for (char c : title_key(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string first_title_word(const std::string& title) {
  static const std::set<std::string> skip = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "towards"};
  std::size_t start = 0;
  while (start < title.size()) {
    auto end = title.find_first_of(" :-", start);
    if (end == std::string::npos) end = title.size();
    std::string word = key_part(title.substr(start, end - start));
    if (!word.empty() && skip.count(word) == 0) return word;
    start = end + 1;
  }
  return {};
}

std::string bibtex_key(const Paper& p, std::set<std::string>& used) {
  std::string base = p.authors.empty() ? std::string() : key_part(split_name(p.authors.front()).first);
  base += year_of(p) + first_title_word(p.title);
  if (base.empty()) base = key_part(p.id);
  if (base.empty()) base = "paper";
  std::string key = base;
  for (int n = 0; used.count(key) != 0; ++n) {
    key = base + (n < 26 ? std::string(1, static_cast<char>('a' + n)) : std::to_string(n));
  }
  used.insert(key);
  return key;
}

bool is_arxiv_paper(const Paper& p) { return p.id.rfind("doi:", 0) != 0 && p.id.rfind("title:", 0) != 0; }

void write_bibtex_entry(const Paper& p, std::set<std::string>& used, const std::function<void(std::string_view)>& out) {
  std::string entry = (p.journal_ref.empty() ? "@misc{" : "@article{") + bibtex_key(p, used) + ",\n";
  auto field = [&](const char* name, const std::string& value) {
    if (!value.empty()) entry += std::string("  ") + name + " = {" + bibtex_value(value) + "},\n";
  };
  field("title", p.title);
  std::vector<std::string> names;
  for (const auto& a : p.authors) names.push_back(last_first(a));
  field("author", join(names, " and "));
  field("year", year_of(p));
  field("journal", p.journal_ref);
  if (is_arxiv_paper(p)) {
    field("eprint", p.id);
    field("archivePrefix", std::string("arXiv"));
    field("primaryClass", p.primary_category);
  }
  field("doi", p.doi);
  field("url", p.url);
  field("note", p.comment);
  field("abstract", p.abstract);
  entry += "}\n\n";
  out(entry);
}

/** @p value with each line break (CR, LF) as a space: a RIS value ends at its line's end. */
std::string one_line(std::string value) {
  std::replace_if(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return value;
}

void write_ris_record(const Paper& p, const std::function<void(std::string_view)>& out) {
  std::string rec;
  auto tag = [&](const char* name, const std::string& value) {
    if (!value.empty()) rec += std::string(name) + "  - " + one_line(value) + "\r\n";
  };
  tag("TY", p.journal_ref.empty() ? "UNPB" : "JOUR");
  tag("TI", p.title);
  for (const auto& a : p.authors) tag("AU", last_first(a));
  tag("PY", year_of(p));
  if (calendar_day(p.published)) {
    std::string date = p.published;
    std::replace(date.begin(), date.end(), '-', '/');
    tag("DA", date + "/");
  }
  tag("JO", p.journal_ref);
  tag("AB", p.abstract);
  for (const auto& c : p.categories) tag("KW", c);
  for (const auto& k : p.keywords) tag("KW", k);
  tag("DO", p.doi);
  tag("UR", p.url);
  tag("L1", p.pdf);
  tag("N1", p.comment);
  if (is_arxiv_paper(p)) tag("AN", "arXiv:" + p.id);
  rec += "ER  - \r\n\r\n";
  out(rec);
}

}  // namespace

const char* export_format_name(ExportFormat format) noexcept { return kExportNames[static_cast<std::size_t>(format)]; }

std::optional<ExportFormat> export_format_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kExportNames.size(); ++i) {
    if (name == kExportNames[i]) return static_cast<ExportFormat>(i);
  }
  return std::nullopt;
}

std::string paper_to_json(const Paper& paper) { return dump(to_json(paper)); }

void write_papers(const std::vector<Paper>& papers, ExportFormat format,
                  const std::function<void(std::string_view)>& out) {
  switch (format) {
    case ExportFormat::jsonl:
      for (const Paper& p : papers) out(paper_to_json(p) + "\n");
      return;
    case ExportFormat::json:
      out("[");
      for (std::size_t i = 0; i < papers.size(); ++i) out((i == 0 ? "\n" : ",\n") + paper_to_json(papers[i]));
      out(papers.empty() ? "]\n" : "\n]\n");
      return;
    case ExportFormat::csv: write_csv(papers, out); return;
    case ExportFormat::bibtex: {
      std::set<std::string> used;
      for (const Paper& p : papers) write_bibtex_entry(p, used, out);
      return;
    }
    case ExportFormat::ris:
      for (const Paper& p : papers) write_ris_record(p, out);
      return;
  }
}

}  // namespace paperfeed
