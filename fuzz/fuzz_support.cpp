#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "paperfeed/feeds.hpp"

namespace paperfeed::fuzz {

void require(bool ok, std::string_view what, std::string_view detail) {
  if (ok) return;
  std::fprintf(stderr, "check failed: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!detail.empty()) std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
  std::abort();
}

bool valid_utf8(std::string_view text) noexcept {
  const auto* at = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = at + text.size();
  while (at < end) {
    const unsigned char lead = *at;
    std::size_t length = 0;
    char32_t lowest = 0;
    if (lead < 0x80) {
      ++at;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, lowest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, lowest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, lowest = 0x10000;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - at) < length) return false;
    char32_t code = lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i) {
      if ((at[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (at[i] & 0x3F);
    }
    if (code < lowest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    at += length;
  }
  return true;
}

void require_clean_paper(const Paper& paper) {
  require(!paper.id.empty(), "a record without an id");
  for (const std::string* text : {&paper.id, &paper.title, &paper.abstract, &paper.primary_category, &paper.published,
                                  &paper.updated, &paper.announced, &paper.github, &paper.project_page, &paper.ai_summary,
                                  &paper.comment, &paper.journal_ref, &paper.doi, &paper.license, &paper.announce_type,
                                  &paper.url, &paper.pdf}) {
    require(valid_utf8(*text), "a record field is not valid UTF-8", *text);
  }
  for (const auto* list : {&paper.authors, &paper.categories, &paper.keywords}) {
    for (const std::string& text : *list) require(valid_utf8(text), "a record list item is not valid UTF-8", text);
  }
}

void require_escaped_html(std::string_view html, std::string_view what) {
  require(valid_utf8(html), what, "not valid UTF-8");
  for (std::size_t at = 0; at < html.size(); ++at) {
    const std::string_view rest = html.substr(at);
    if (rest.starts_with("<mark>") || rest.starts_with("</mark>")) {
      at = html.find('>', at);
      continue;
    }
    const char c = html[at];
    require(c != '<' && c != '>' && c != '"' && c != '\'', what, html);
    if (c == '&') {
      const bool entity = rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;") ||
                          rest.starts_with("&quot;") || rest.starts_with("&#39;");
      require(entity, what, html);
    }
  }
}

const Index& fixture_index() {
  static const Index index = [] {
    Index built;
    read_feed_file(PAPERFEED_FUZZ_FIXTURES "/search-golden.jsonl", {}, [&](Paper&& paper) { (void)built.add(std::move(paper)); });
    require(built.size() > 0, "the fixture index is empty", PAPERFEED_FUZZ_FIXTURES);
    return built;
  }();
  return index;
}

}  // namespace paperfeed::fuzz
