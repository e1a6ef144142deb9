// The writers of feed text, on records made of any bytes: the digest in every format and the
// exports. Whatever a title or URL holds, each output must stay a well-formed document of its
// kind (Atom that parses with one entry per paper, JSON that parses, an email whose header
// cannot be broken into, RIS lines that keep their tags, BibTeX whose braces balance, HTML with
// only the writer's own tags and attributes) and link only http(s) URLs.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "fuzz_support.hpp"
#include "paperfeed/digest.hpp"
#include "paperfeed/export.hpp"

using namespace paperfeed;

namespace {

/** A record whose every text field comes from @p input; the id stays a valid arXiv id. */
Paper fuzzed_paper(FuzzedDataProvider& input, int number) {
  Paper paper;
  paper.id = "2401.0000" + std::to_string(number);
  for (std::string* text : {&paper.title, &paper.abstract, &paper.github, &paper.project_page, &paper.url, &paper.pdf,
                            &paper.comment, &paper.ai_summary, &paper.doi, &paper.journal_ref, &paper.published}) {
    *text = input.ConsumeRandomLengthString(200);
  }
  for (auto* list : {&paper.authors, &paper.categories, &paper.keywords}) {
    for (int n = input.ConsumeIntegralInRange(0, 3); n > 0; --n) list->push_back(input.ConsumeRandomLengthString(40));
  }
  if (input.ConsumeBool()) paper.upvotes = input.ConsumeIntegral<std::int64_t>();
  if (input.ConsumeBool()) paper.stars = input.ConsumeIntegral<std::int64_t>();
  paper.announced = "2026-01-01";
  return paper;
}

/**
 * The lines of @p text split at every `\n`, `\r\n` or lone `\r` (as reference managers read
 * RIS), without their line ends; a final line without one included.
 */
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t eol = std::min(text.find_first_of("\r\n"), text.size());
    lines.push_back(text.substr(0, eol));
    const std::size_t end = text.substr(eol, 2) == "\r\n" ? eol + 2 : eol + 1;
    text.remove_prefix(std::min(end, text.size()));
  }
  return lines;
}

/**
 * Requires that @p html holds only the markup the digest writer makes: the doctype and the
 * tags and attributes below, each attribute value double-quoted with no `<` in it, each link
 * an http(s) URL. Any other `<` would be feed text that got past escaping.
 */
void require_known_markup(std::string_view html) {
  static const std::set<std::string_view> tags = {"html", "head", "meta", "title", "body", "table", "tr",
                                                  "td",   "h1",   "p",    "a",     "b",    "mark"};
  static const std::set<std::string_view> attributes = {"lang",  "charset",     "name",        "content", "style", "role",
                                                        "width", "cellpadding", "cellspacing", "border",  "align", "href"};
  constexpr std::string_view kDoctype = "<!DOCTYPE html>";
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    const std::string_view tag = html.substr(at, 80);
    if (html.substr(at).starts_with(kDoctype)) continue;
    std::string_view rest = html.substr(at + 1);
    if (rest.starts_with('/')) rest.remove_prefix(1);
    const std::size_t name_end = std::min(rest.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789"), rest.size());
    fuzz::require(tags.count(rest.substr(0, name_end)) != 0, "an HTML tag the writer does not make", tag);
    rest.remove_prefix(name_end);
    while (rest.starts_with(' ')) {
      rest.remove_prefix(1);
      const std::size_t equals = rest.find("=\"");
      fuzz::require(equals != std::string_view::npos && attributes.count(rest.substr(0, equals)) != 0,
                    "an HTML attribute the writer does not make", tag);
      const std::size_t close = rest.find('"', equals + 2);
      fuzz::require(close != std::string_view::npos, "an HTML attribute value never closed", tag);
      const std::string_view value = rest.substr(equals + 2, close - equals - 2);
      fuzz::require(value.find('<') == std::string_view::npos, "a '<' in an HTML attribute value", tag);
      if (rest.starts_with("href=")) {
        fuzz::require(value.starts_with("http://") || value.starts_with("https://"), "a link that is not http(s)", tag);
      }
      rest.remove_prefix(close + 1);
    }
    fuzz::require(rest.starts_with('>'), "an HTML tag not closed after its attributes", tag);
  }
}

/** Requires an RFC 5322 header of whole fields: `Name: value` lines and folded continuations. */
void require_email_header(std::string_view email) {
  const std::size_t end = email.find("\r\n\r\n");
  fuzz::require(end != std::string_view::npos, "an email without a header/body separator");
  for (std::size_t at = 0; at < end;) {
    const std::size_t eol = email.find("\r\n", at);
    const std::string_view line = email.substr(at, eol - at);
    const std::size_t colon = line.find(':');
    const bool field = colon != std::string_view::npos && colon > 0 && line.find_first_of(" \t") > colon;
    const bool folded = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    fuzz::require(field || folded, "an email header line that is not a field", line);
    fuzz::require(line.size() <= 998 && line.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos,
                  "an email header line too long or holding a control", line);
    at = eol + 2;
  }
}

/** Writes @p digest in every format and checks each. */
void write_every_digest(const Digest& digest, const DigestPresentation& presentation) {
  for (const DigestFormat format : {DigestFormat::email, DigestFormat::html, DigestFormat::markdown, DigestFormat::text,
                                    DigestFormat::atom, DigestFormat::json}) {
    const auto written = write_digest(digest, format, presentation);
    if (!written) {
      fuzz::require(!written.error().message.empty(), "a refused digest without a message");
      continue;
    }
    const std::string& text = *written;
    fuzz::require(fuzz::valid_utf8(text), "a digest is not valid UTF-8", digest_format_name(format));
    if (format == DigestFormat::email) require_email_header(text);
    // The email's HTML part is the same page, quoted-printable; its header and text part may
    // hold `href="` as feed text, which is no link.
    if (format == DigestFormat::html) require_known_markup(text);
    if (format == DigestFormat::json) fuzz::require(nlohmann::json::accept(text), "the JSON digest does not parse");
    if (format == DigestFormat::atom) {
      pugi::xml_document feed;
      fuzz::require(static_cast<bool>(feed.load_buffer(text.data(), text.size())), "the Atom digest is not well-formed XML", text);
      const auto entries = feed.child("feed").children("entry");
      fuzz::require(static_cast<std::size_t>(std::distance(entries.begin(), entries.end())) == digest.entries.size(),
                    "the Atom digest lost or added entries");
    }
  }
}

/** Exports @p papers in every format and checks each. */
void export_every_format(const std::vector<Paper>& papers) {
  for (const ExportFormat format : {ExportFormat::jsonl, ExportFormat::json, ExportFormat::csv, ExportFormat::bibtex, ExportFormat::ris}) {
    std::string text;
    write_papers(papers, format, [&](std::string_view piece) { text += piece; });
    if (format == ExportFormat::json) fuzz::require(nlohmann::json::accept(text), "the JSON export does not parse");
    if (format == ExportFormat::jsonl) {
      const std::vector<std::string_view> lines = lines_of(text);
      for (const std::string_view line : lines) fuzz::require(nlohmann::json::accept(line), "a JSONL line does not parse", line);
      fuzz::require(lines.size() == papers.size(), "the JSONL export has a line per record");
    }
    if (format == ExportFormat::ris) {
      for (const std::string_view line : lines_of(text)) {
        const bool tagged = line.size() >= 6 && line.substr(2, 4) == "  - ";
        fuzz::require(line.empty() || tagged, "a RIS line without its tag", line);
      }
    }
    if (format == ExportFormat::bibtex) {
      long depth = 0;
      for (std::size_t at = 0; at < text.size(); ++at) {
        depth += text[at] == '{' ? 1 : text[at] == '}' ? -1 : 0;
        fuzz::require(depth >= 0, "a BibTeX brace closes nothing", text);
      }
      fuzz::require(depth == 0, "a BibTeX brace left open", text);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  DigestPresentation presentation;
  presentation.date = "2026-01-02T03:04:05Z";
  presentation.title = input.ConsumeRandomLengthString(80);
  presentation.to = "reader@example.org";
  presentation.subject = input.ConsumeRandomLengthString(80);
  presentation.self_url = input.ConsumeBool() ? "https://example.org/feed.xml" : input.ConsumeRandomLengthString(40);
  DigestOptions options;
  options.query = input.ConsumeRandomLengthString(40);
  options.exclude.push_back(input.ConsumeRandomLengthString(20));

  std::vector<Paper> papers;
  Index index;
  for (int number = 1, count = input.ConsumeIntegralInRange(0, 4); number <= count; ++number) {
    papers.push_back(fuzzed_paper(input, number));
    (void)index.add(papers.back());
  }
  export_every_format(papers);
  const auto digest = make_digest(index, options);
  if (digest) write_every_digest(*digest, presentation);
  return 0;
}
