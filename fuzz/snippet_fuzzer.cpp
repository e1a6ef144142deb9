// Snippets and highlighting on any text: the input's first line names the matched words, the
// rest is the text, the first byte the window width. The output must be escaped HTML with only
// <mark> as markup, and removing the marks must give back exactly the escaped text (nothing
// lost, duplicated or reordered); a window must be a bounded slice of it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "search/snippet.hpp"

using namespace paperfeed;

namespace {

/** @p html with every `<mark>` and `</mark>` removed. */
std::string without_marks(std::string_view html) {
  std::string text;
  for (std::size_t at = 0; at < html.size();) {
    const std::string_view rest = html.substr(at);
    const std::size_t tag = rest.starts_with("<mark>") ? 6 : rest.starts_with("</mark>") ? 7 : 0;
    if (tag) {
      at += tag;
    } else {
      text += html[at++];
    }
  }
  return text;
}

/** The terms of the words on @p line, as a search that matched them would pass them. */
detail::MatchedTerms matched_terms(std::string_view line, Analyzer& analyzer) {
  std::vector<Token> tokens;
  analyzer.analyze(line, tokens);
  std::vector<std::string> terms;
  for (const Token& token : tokens) terms.emplace_back(token.term);
  return detail::MatchedTerms(std::move(terms));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t max_chars = 8 + data[0] % 200;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t line_end = std::min(input.find('\n'), input.size());
  const std::string_view text = input.substr(std::min(line_end + 1, input.size()));

  static Analyzer analyzer;  // made once: it keeps only scratch buffers and a stem cache between calls
  const detail::MatchedTerms matched = matched_terms(input.substr(0, line_end), analyzer);
  std::string escaped;
  detail::append_html_escaped(text, escaped);
  fuzz::require_escaped_html(escaped, "escaped text is not escaped HTML");

  const std::string highlighted = detail::highlight(text, analyzer, matched);
  fuzz::require_escaped_html(highlighted, "a highlight is not escaped HTML");
  fuzz::require(without_marks(highlighted) == escaped, "a highlight without its marks is not the escaped text", highlighted);

  const std::string window = detail::best_window(text, analyzer, matched, max_chars);
  fuzz::require_escaped_html(window, "a window is not escaped HTML");
  const std::string plain = without_marks(window);
  if (text.size() <= max_chars) {
    fuzz::require(plain == escaped, "a short text's window is not the whole text", window);
  } else {
    fuzz::require(plain.size() <= escaped.size() + 6, "a window longer than its text", window);
  }
  return 0;
}
