#pragma once
/**
 * @file analyzer.hpp
 * Text to index terms. One Analyzer serves indexing and querying, so a word typed in a query
 * becomes exactly the term the index holds for it.
 *
 * The pipeline, in order:
 * 1. **Tokenize** the original UTF-8 text (invalid bytes and every character that is not a
 *    letter, digit or combining mark separate words). Inside a word:
 *    - `-` (also U+2010, U+2011) between two word characters splits a *compound*: each part is
 *      a term and so is the joined form. The joined form drops the hyphens when every part is
 *      letters only (`language-conditioned` → `languageconditioned`, so `pre-trained` finds
 *      `pretrained`) and keeps them otherwise (`GPT-4o` → `gpt-4o`).
 *    - `_`, `^` and `@` between word characters stay in the term (`L_2^2` → `l_2^2`,
 *      `pass@10` → `pass@10`); `.` stays between two digits (`Qwen2.5` → `qwen2.5`,
 *      `39.9%` → `39.9`) and splits otherwise (`e.g.` → `e`, `g`).
 *    - Apostrophes (`'`, U+2019): a possessive `'s` is dropped (`model's` → `model`), an
 *      apostrophe between letters is removed (`don't` → `dont`, `O'Neill` → `oneill`).
 *    - `\` and `$` separate, so LaTeX reads as words: `\alpha` → `alpha`, `$x_1$` → `x_1`.
 *    - URLs are reduced to their host and path words: a leading `http://`, `https://` and a
 *      `www.` after them are skipped (`https://github.com/a/b` → `github`, `com`, `a`, `b`).
 *    - Han ideographs and Hiragana are one term per character (no word segmentation).
 * 2. **Normalize** each word: NFKC, case fold, accents stripped (utf8proc), so `Café` →
 *    `cafe` and `ﬁne` → `fine`. Offsets still point into the original text.
 * 3. **Drop** terms over kMaxTermBytes bytes (they are dropped, not truncated; a word whose
 *    original bytes exceed kMaxWordBytes is dropped without being normalized), and, with
 *    Options::stopwords, English stopwords (Snowball's list with contractions in their
 *    apostrophe-free form, 149 words; only for the English stemmers).
 * 4. **Stem** with Snowball (libstemmer), only terms made of letters alone: `gpt-4o`, `qwen2.5`
 *    and `3d` stay as they are.
 *
 * Positions count words, stopwords and dropped words included, so phrase queries analyzed by
 * the same Analyzer line up. A compound of k parts takes positions p … p+k-1: part i at p+i and
 * the joined form at p, emitted before its parts.
 */

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/status.hpp"

struct sb_stemmer;

namespace paperfeed {

/** One index term found in a text. */
struct Token {
  /** The term; points into the Analyzer's scratch and is valid until its next call. */
  std::string_view term;
  /** The term before stemming (normalized: lower case, accents stripped); equal to `term` when
   *  stemming left it unchanged. Valid as long as `term`. */
  std::string_view word;
  /** Word ordinal in the analyzed text, for phrase queries (see the file comment). */
  std::uint32_t position = 0;
  /** Byte offsets of the surface form in the original text: [start, end). */
  std::uint32_t start = 0, end = 0;
};

/**
 * Turns text into index terms (see the file comment for the pipeline). Not thread-safe: use one
 * Analyzer per thread. Movable, not copyable; analyzing allocates nothing per token once its
 * buffers have grown to the size of the largest text seen. Stems of words up to
 * kCachedWordBytes are cached (kStemCacheSlots slots, 512 KiB, allocated at the first stem).
 */
class Analyzer {
 public:
  /** Terms longer than this many bytes (after normalization) are dropped. */
  static constexpr std::size_t kMaxTermBytes = 64;
  /** Words longer than this many bytes in the original text are dropped unread. */
  static constexpr std::size_t kMaxWordBytes = 4 * kMaxTermBytes;

  /** What the Analyzer does besides tokenizing and normalizing. */
  struct Options {
    /** A Snowball algorithm name as libstemmer lists it ("english", "french", "porter", …). */
    std::string language = "english";
    /** Stem terms made of letters alone. */
    bool stem = true;
    /** Drop English stopwords (only when language is "english" or "porter"). */
    bool stopwords = true;
  };

  /**
   * An Analyzer for @p options; ErrorCode::invalid_argument when the language is none of the
   * names libstemmer lists (the message lists them).
   */
  static Expected<Analyzer> create(const Options& options);

  /** The English Analyzer with stemming and stopwords (never fails). */
  Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;
  /** Frees the stemmer. */
  ~Analyzer();

  /** The options this Analyzer was created with. */
  const Options& options() const noexcept { return options_; }

  /**
   * Replaces @p out with the terms of @p text in order of position. Only the first 4 GiB of a
   * longer text are read (offsets are 32-bit).
   */
  void analyze(std::string_view text, std::vector<Token>& out);

  /**
   * The term one query word gives: the first term analyze() would emit for @p word (a
   * compound's joined form), stopwords kept; empty when the word gives none. For prefix and
   * fuzzy query terms.
   */
  std::string normalize_term(std::string_view word);

  /**
   * True when @p term (normalized, not stemmed: lower case, accents stripped) is a stopword this
   * Analyzer drops; always false when Options::stopwords is off or the language is not English.
   */
  bool is_stopword(std::string_view term) const noexcept;

 private:
  /** Frees a libstemmer stemmer. */
  struct StemmerDeleter {
    /** Calls sb_stemmer_delete. */
    void operator()(sb_stemmer* stemmer) const noexcept;
  };
  /** A word's byte range in the original text. */
  struct Span {
    std::uint32_t start = 0, end = 0;
  };
  /** A term's byte range in terms_. */
  struct TermRange {
    std::size_t offset = 0, size = 0;
  };

  /** Words up to this many bytes have their stems cached. */
  static constexpr std::size_t kCachedWordBytes = 31;
  /** Slots of the stem cache (a power of two). */
  static constexpr std::size_t kStemCacheSlots = 8192;
  /**
   * One slot of the direct-mapped stem cache: Snowball costs more than the rest of the pipeline
   * together, and a few thousand words make most of any English text.
   */
  struct CachedStem {
    std::uint8_t word_size = 0, stem_size = 0;
    char word[kCachedWordBytes];
    char stem[kCachedWordBytes];
  };

  /** Takes ownership of @p stemmer (null: no stemming). */
  Analyzer(Options options, sb_stemmer* stemmer);

  /** analyze(), with stopwords dropped or kept. */
  void run(std::string_view text, std::vector<Token>& out, bool drop_stopwords);
  /** Reads the compound starting at @p pos into parts_; returns where it ends. */
  std::size_t read_compound(std::string_view text, std::size_t pos);
  /** Emits the joined form and the parts of the compound in parts_ and advances @p position. */
  void emit_compound(std::string_view text, std::uint32_t& position, bool drop_stopwords, std::vector<Token>& out);
  /** Appends the parts in part_forms_ joined (by '-' unless @p letters_only) to terms_. */
  TermRange append_joined(std::size_t capacity, bool letters_only);
  /** Appends @p surface in lower case without apostrophes when it is ASCII; false otherwise. */
  bool append_lower_ascii(std::string_view surface);
  /** Appends @p surface folded (NFKC, case fold, no accents, no apostrophes) to terms_. */
  TermRange append_normalized(std::string_view surface);
  /** The stem of @p word (letters only, not empty), from the cache or from libstemmer. */
  std::string_view stem(std::string_view word);
  /** Drops, stems and records the term at @p range as a Token. */
  void finish_term(TermRange range, std::uint32_t position, Span span, bool drop_stopwords, std::vector<Token>& out);

  Options options_;
  bool english_ = true;
  std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer_;
  std::string terms_;                       // every term of the current call, back to back
  std::vector<Span> parts_;                 // parts of the compound being read
  std::vector<TermRange> part_forms_;       // each part's normalized form in terms_
  std::vector<TermRange> term_ranges_;      // each emitted token's term in terms_
  std::vector<TermRange> word_ranges_;      // each emitted token's unstemmed word in terms_
  std::vector<std::int32_t> code_points_;   // utf8proc's working buffer
  std::vector<Token> single_;               // normalize_term's tokens
  std::vector<CachedStem> stem_cache_;      // kStemCacheSlots once the first word is stemmed
};

}  // namespace paperfeed
