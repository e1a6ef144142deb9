#pragma once
/**
 * @file snippet.hpp
 * Highlighted snippets for results: HTML-escaped text with `<mark>` around the words a query
 * matched, and the best window of a long text.
 */

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/analyzer.hpp"

namespace paperfeed::detail {

/**
 * Index terms (as the Analyzer emits them: normalized and stemmed, e.g. `diffus` for
 * "Diffusion") a query matched: a sorted vector of distinct terms.
 */
class MatchedTerms {
 public:
  /** No terms. */
  MatchedTerms() = default;
  /** The terms @p terms, in any order, duplicates allowed (sorted once here). */
  explicit MatchedTerms(std::vector<std::string> terms);
  /** True when @p term was added (a binary search). */
  bool contains(std::string_view term) const noexcept;
  /** True when nothing was added. */
  bool empty() const noexcept { return terms_.empty(); }

 private:
  std::vector<std::string> terms_;  // sorted, distinct
};

/**
 * Appends @p text to @p out with `&`, `<`, `>`, `"` and `'` escaped as `&amp;`, `&lt;`, `&gt;`,
 * `&quot;` and `&#39;`, so that it is safe as HTML text and inside a quoted attribute. The output
 * is always valid UTF-8 with no control characters but tab and newline: every other control
 * character (C0, DEL, C1; `\r` too) becomes a space and each run of invalid UTF-8 bytes one U+FFFD.
 */
void append_html_escaped(std::string_view text, std::string& out);

/**
 * The whole of @p text, escaped as by append_html_escaped(), with every word whose term (as
 * @p analyzer analyzes @p text, once) is in @p matched wrapped in `<mark>`…`</mark>`. Matched
 * words that overlap (a compound and its parts) or touch (ideographs) share one mark; words with
 * anything between them, even a space or a hyphen, get one each: with `condit` matched,
 * `language-conditioned` gives `language-<mark>conditioned</mark>`; with the joined form
 * `languagecondit` matched, `<mark>language-conditioned</mark>`.
 */
std::string highlight(std::string_view text, Analyzer& analyzer, const MatchedTerms& matched);

/**
 * A window of at most about @p max_chars bytes of @p text (measured on the original text, not
 * the escaped output), highlighted as by highlight(), with `…` (U+2026) where text was cut at
 * either end:
 * - the whole text when it is at most @p max_chars bytes;
 * - otherwise, the run of matched words no wider than @p max_chars bytes with the most distinct
 *   matched terms (ties: the most matched words, then the earliest), found by a sliding window
 *   that each matched word enters and leaves once; the window starts up to a fifth of @p max_chars
 *   before the run when there is room and ends after it, so a few words of context lead in;
 * - the start of the text when nothing matches.
 * Each cut end then moves inward (by at most a quarter of @p max_chars, never into the run) to
 * the nearest whitespace, else ASCII punctuation, else character boundary, and whitespace at it
 * is dropped: a cut never splits a UTF-8 sequence and splits a word only when one word is longer
 * than that reach (a URL, text without spaces). A single matched word longer than @p max_chars
 * is shown whole.
 */
std::string best_window(std::string_view text, Analyzer& analyzer, const MatchedTerms& matched, std::size_t max_chars);

}  // namespace paperfeed::detail
