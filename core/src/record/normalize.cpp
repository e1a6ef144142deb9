// First cut: enough for the parsers to run. To be completed (TeX accents, entities, dates,
// authors, UTF-8 repair) with tests in tests/record/normalize_test.cpp.
#include "paperfeed/normalize.hpp"

#include <cctype>

#include "paperfeed/paper.hpp"

namespace paperfeed {

std::string fold_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string decode_html_entities(std::string_view text) { return std::string(text); }
std::string decode_tex_accents(std::string_view text) { return std::string(text); }
std::string clean_title(std::string_view text) { return fold_whitespace(text); }
std::string clean_abstract(std::string_view text) { return fold_whitespace(text); }
std::string clean_name(std::string_view text) { return fold_whitespace(text); }

std::optional<std::string> normalize_arxiv_id(std::string_view text) {
  auto slash = text.rfind("abs/");
  if (slash != std::string_view::npos) text.remove_prefix(slash + 4);
  auto colon = text.rfind(':');
  if (colon != std::string_view::npos) text.remove_prefix(colon + 1);
  auto v = text.rfind('v');
  if (v != std::string_view::npos && v + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[v + 1])))
    text = text.substr(0, v);
  if (text.empty()) return std::nullopt;
  return std::string(text);
}

int arxiv_version(std::string_view) { return 0; }
std::optional<std::string> normalize_doi(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return std::string(text);
}
std::optional<std::string> to_iso_date(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  return std::string(text.substr(0, 10));
}
std::vector<std::string> split_authors(std::string_view text) { return {std::string(text)}; }
std::string flip_last_first(std::string_view name) { return std::string(name); }
bool is_arxiv_category(std::string_view term) { return term.find('.') != std::string_view::npos; }

std::string title_key(std::string_view title) {
  std::string out;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void complete_identity(Paper& paper) {
  if (!paper.id.empty()) return;
  if (!paper.doi.empty()) {
    paper.id = "doi:" + paper.doi;
  } else if (!paper.title.empty()) {
    paper.id = "title:" + title_key(paper.title);
  }
}

std::uint64_t repair_utf8(std::string&) { return 0; }

}  // namespace paperfeed
