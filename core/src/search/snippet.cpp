// Snippets: HTML escaping that also repairs what a browser or a mail client should never see
// (invalid UTF-8, control characters), matched words marked from the Analyzer's byte offsets,
// and the best window of a long text chosen by a sliding window over the matched words.

#include "search/snippet.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <numeric>

namespace paperfeed::detail {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kMarkOpen = "<mark>";
constexpr std::string_view kMarkClose = "</mark>";

/** ASCII bytes that pass into HTML unchanged: printable ones but & < > " ', and tab and newline. */
constexpr std::array<bool, 128> kPlainAscii = [] {
  std::array<bool, 128> table{};
  for (int ch = 0x20; ch < 0x7F; ++ch) table[static_cast<std::size_t>(ch)] = true;
  for (const char ch : {'&', '<', '>', '"', '\''}) table[static_cast<std::size_t>(ch)] = false;
  table['\t'] = table['\n'] = true;
  return table;
}();

/** Width of the valid UTF-8 sequence at @p pos (a non-ASCII byte), or 0 when it is invalid. */
std::size_t sequence_width(std::string_view text, std::size_t pos, std::int32_t& code_point) {
  const auto width = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                      static_cast<utf8proc_ssize_t>(text.size() - pos), &code_point);
  return width > 0 ? static_cast<std::size_t>(width) : 0;
}

/** Width of the character at @p pos when it passes into HTML unchanged, or 0. */
std::size_t plain_width(std::string_view text, std::size_t pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) return kPlainAscii[byte] ? 1 : 0;
  std::int32_t code_point = 0;
  const std::size_t width = sequence_width(text, pos, code_point);
  return code_point >= 0xA0 ? width : 0;  // C1 controls are U+0080 … U+009F
}

bool is_invalid_at(std::string_view text, std::size_t pos) {
  std::int32_t code_point = 0;
  return static_cast<unsigned char>(text[pos]) >= 0x80 && sequence_width(text, pos, code_point) == 0;
}

/**
 * Appends what replaces the character at @p pos (which plain_width() refuses): an entity, a
 * space for a control character, or one U+FFFD for a run of invalid bytes. Returns where the
 * next character starts.
 */
std::size_t append_replacement(std::string_view text, std::size_t pos, std::string& out) {
  switch (text[pos]) {
    case '&': out += "&amp;"; return pos + 1;
    case '<': out += "&lt;"; return pos + 1;
    case '>': out += "&gt;"; return pos + 1;
    case '"': out += "&quot;"; return pos + 1;
    case '\'': out += "&#39;"; return pos + 1;
    default: break;
  }
  std::int32_t code_point = 0;
  const std::size_t width = static_cast<unsigned char>(text[pos]) < 0x80 ? 1 : sequence_width(text, pos, code_point);
  if (width > 0) {
    out += ' ';
    return pos + width;
  }
  out += kReplacement;
  do ++pos;
  while (pos < text.size() && is_invalid_at(text, pos));
  return pos;
}

/** A byte range [start, end) of the original text. */
struct Span {
  std::size_t start = 0, end = 0;
};

/** The tokens of @p text whose term is in @p matched, in the Analyzer's order (starts ascending). */
std::vector<Token> matched_tokens(std::string_view text, Analyzer& analyzer, const MatchedTerms& matched) {
  std::vector<Token> tokens;
  if (matched.empty()) return tokens;
  analyzer.analyze(text, tokens);
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(),
                              [&](const Token& token) { return !matched.contains(token.term); }),
               tokens.end());
  return tokens;
}

/** The spans of @p tokens with overlapping or touching ones merged; ascending and disjoint. */
std::vector<Span> merged_spans(const std::vector<Token>& tokens) {
  std::vector<Span> spans;
  for (const Token& token : tokens) {
    if (!spans.empty() && token.start <= spans.back().end) {
      spans.back().end = std::max<std::size_t>(spans.back().end, token.end);
    } else {
      spans.push_back({token.start, token.end});
    }
  }
  return spans;
}

/** Appends text[window] escaped, with the parts of @p spans inside the window marked. */
void append_marked(std::string_view text, Span window, const std::vector<Span>& spans, std::string& out) {
  auto span = std::lower_bound(spans.begin(), spans.end(), window.start,
                               [](const Span& s, std::size_t pos) { return s.end <= pos; });
  out.reserve(out.size() + (window.end - window.start) * 9 / 8);  // once: reserve() need not grow geometrically
  std::size_t pos = window.start;
  for (; span != spans.end() && span->start < window.end; ++span) {
    const std::size_t start = std::max(span->start, window.start), end = std::min(span->end, window.end);
    append_html_escaped(text.substr(pos, start - pos), out);
    out += kMarkOpen;
    append_html_escaped(text.substr(start, end - start), out);
    out += kMarkClose;
    pos = end;
  }
  append_html_escaped(text.substr(pos, window.end - pos), out);
}

/** For each token, a number below tokens.size() that is the same for equal terms and only for them. */
std::vector<std::uint32_t> term_ids(const std::vector<Token>& tokens) {
  std::vector<std::uint32_t> order(tokens.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return tokens[a].term < tokens[b].term; });
  std::vector<std::uint32_t> ids(tokens.size());
  std::uint32_t id = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i > 0 && tokens[order[i]].term != tokens[order[i - 1]].term) ++id;
    ids[order[i]] = id;
  }
  return ids;
}

/**
 * The bytes from the first to the last token of the run of @p tokens, no wider than
 * @p max_chars (or a single token), with the most distinct terms, then the most tokens, then
 * the earliest. Two pointers: each token enters and leaves the run once.
 */
Span best_run(const std::vector<Token>& tokens, std::size_t max_chars) {
  const std::vector<std::uint32_t> ids = term_ids(tokens);
  std::vector<std::uint32_t> counts(tokens.size(), 0);  // tokens in the run, by term id
  std::size_t first = 0, best_first = 0, best_last = 0, distinct = 0, best_distinct = 0, best_count = 0;
  for (std::size_t last = 0; last < tokens.size(); ++last) {
    if (counts[ids[last]]++ == 0) ++distinct;
    while (first < last && tokens[last].end - tokens[first].start > max_chars) {
      if (--counts[ids[first++]] == 0) --distinct;
    }
    const std::size_t count = last - first + 1;
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_first = first, best_last = last, best_distinct = distinct, best_count = count;
    }
  }
  Span run{tokens[best_first].start, tokens[best_first].end};
  for (std::size_t i = best_first; i <= best_last; ++i) run.end = std::max<std::size_t>(run.end, tokens[i].end);
  return run;
}

bool is_space(unsigned char byte) { return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r'; }
bool is_ascii_alnum(unsigned char byte) {
  return (byte >= '0' && byte <= '9') || ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z');
}
bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

/**
 * How good a place to cut @p pos is: 2 at either end of the text or next to whitespace, 1 next
 * to other ASCII punctuation, 0 between two characters (perhaps inside a word), -1 inside one.
 */
int cut_quality(std::string_view text, std::size_t pos) {
  if (pos == 0 || pos >= text.size()) return 2;
  const auto before = static_cast<unsigned char>(text[pos - 1]), after = static_cast<unsigned char>(text[pos]);
  if (is_continuation(after)) return -1;
  if (is_space(before) || is_space(after)) return 2;
  const bool punctuation_before = before < 0x80 && !is_ascii_alnum(before);
  const bool punctuation_after = after < 0x80 && !is_ascii_alnum(after);
  return punctuation_before || punctuation_after ? 1 : 0;
}

/**
 * The first of the best places to cut (by cut_quality) met going from @p from to @p to, both
 * included, by steps of @p step (±1). @p to must be a character boundary.
 */
std::size_t best_cut(std::string_view text, std::size_t from, std::size_t to, std::ptrdiff_t step) {
  std::size_t best = to;
  int best_quality = -1;
  for (std::size_t pos = from;; pos += static_cast<std::size_t>(step)) {
    const int quality = cut_quality(text, pos);
    if (quality > best_quality) best = pos, best_quality = quality;
    if (quality == 2 || pos == to) return best;
  }
}

/**
 * @p window moved inward to good places to cut (see cut_quality), looking at most @p reach bytes
 * in from each end and never into @p keep, then stripped of whitespace where it was cut.
 */
Span cut_at_words(std::string_view text, Span window, Span keep, std::size_t reach) {
  if (window.start > 0) {
    std::size_t limit = std::min(keep.start, window.start + reach);
    while (limit < keep.start && is_continuation(static_cast<unsigned char>(text[limit]))) ++limit;
    window.start = best_cut(text, window.start, limit, 1);
    while (window.start < keep.start && is_space(static_cast<unsigned char>(text[window.start]))) ++window.start;
  }
  if (window.end < text.size()) {
    const std::size_t lowest = std::max(keep.end, window.start);
    std::size_t limit = std::max(lowest, window.end - std::min(window.end, reach));
    while (limit > lowest && is_continuation(static_cast<unsigned char>(text[limit]))) --limit;
    window.end = best_cut(text, window.end, limit, -1);
    while (window.end > lowest && is_space(static_cast<unsigned char>(text[window.end - 1]))) --window.end;
  }
  return window;
}

/**
 * About @p max_chars bytes of a text of @p size bytes (more than max_chars) around @p run: up
 * to a fifth of max_chars before the run when there is room, the rest after it, and more
 * before it when the text ends first.
 */
Span place_window(std::size_t size, Span run, std::size_t max_chars) {
  const std::size_t room = max_chars > run.end - run.start ? max_chars - (run.end - run.start) : 0;
  Span window{run.start - std::min(run.start, std::min(room, max_chars / 5)), 0};
  window.end = std::min(size, std::max(run.end, window.start + max_chars));
  if (window.end == size) window.start = std::min(run.start, size - max_chars);
  return window;
}

}  // namespace

MatchedTerms::MatchedTerms(std::vector<std::string> terms) : terms_(std::move(terms)) {
  std::sort(terms_.begin(), terms_.end());
  terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
}

bool MatchedTerms::contains(std::string_view term) const noexcept {
  return std::binary_search(terms_.begin(), terms_.end(), term);
}

void append_html_escaped(std::string_view text, std::string& out) {
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t run = pos;
    while (run < text.size()) {
      const std::size_t width = plain_width(text, run);
      if (width == 0) break;
      run += width;
    }
    out.append(text.data() + pos, run - pos);
    pos = run < text.size() ? append_replacement(text, run, out) : run;
  }
}

std::string highlight(std::string_view text, Analyzer& analyzer, const MatchedTerms& matched) {
  std::string out;
  append_marked(text, {0, text.size()}, merged_spans(matched_tokens(text, analyzer, matched)), out);
  return out;
}

std::string best_window(std::string_view text, Analyzer& analyzer, const MatchedTerms& matched, std::size_t max_chars) {
  if (text.size() <= max_chars) return highlight(text, analyzer, matched);
  const std::vector<Token> tokens = matched_tokens(text, analyzer, matched);
  const Span run = tokens.empty() ? Span{0, 0} : best_run(tokens, max_chars);
  const Span window = cut_at_words(text, place_window(text.size(), run, max_chars), run, max_chars / 4);
  std::string out;
  if (window.start > 0) out += kEllipsis;
  append_marked(text, window, merged_spans(tokens), out);
  if (window.end < text.size()) out += kEllipsis;
  return out;
}

}  // namespace paperfeed::detail
