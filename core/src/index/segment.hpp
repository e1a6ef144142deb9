#pragma once
/**
 * @file segment.hpp
 * One segment of an index: the `.pfi` bytes of a set of papers (written by build_segment, read
 * in place by Segment::open) and the cursor that walks a term's postings.
 *
 * Sections (SectionKind) after the header described in index.hpp:
 * - meta: u32 papers, u32 analyzer flags (bit 0 stem, bit 1 stopwords), u64 summed field lengths
 *   per IndexField, u32 language length, the Snowball language name;
 * - terms (SortedStrings) and term_info (one TermInfo per term);
 * - postings: per term, `skip_count` SkipEntry records, then the doc part, then the position
 *   part. The doc part holds per paper varint((doc − previous doc) << 6 | field mask), a varint
 *   term frequency per field in the mask (lowest field first) and varint byte length of the
 *   paper's positions; the position part holds per paper, per field in the mask, the positions
 *   delta-coded. A SkipEntry follows each full block of kBlockSize papers;
 * - words (SortedStrings of unstemmed words) and word_terms (u32 term index per word);
 * - field_lengths: u16 term count per paper per IndexField (capped at 65535);
 * - numbers: kNumberColumns i32 per paper (NumberColumn; kUnknownNumber when unknown);
 * - flags: u8 per paper (kHasCode);
 * - category_values / author_values (SortedStrings) with category_docs / author_docs: u32
 *   offsets[papers + 1] then u32 value indexes (each paper's values);
 * - records: u64 offsets[papers + 1] then each paper's canonical JSON;
 * - keys (SortedStrings of identity_keys() of each paper, the first paper winning) with key_docs (u32 paper each);
 * - norms: f32 per paper, the length of its tf-idf vector over title and abstract as built.
 */

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/dictionary.hpp"
#include "paperfeed/analyzer.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/limits.hpp"
#include "paperfeed/paper.hpp"
#include "paperfeed/status.hpp"

namespace paperfeed::detail {

/** Current `.pfi` format version; other versions are refused. */
inline constexpr std::uint32_t kFormatVersion = 1;
/** Papers per postings block (one SkipEntry per full block). */
inline constexpr std::uint32_t kBlockSize = 128;
/** Value of an unknown number in the numbers section. */
inline constexpr std::int32_t kUnknownNumber = std::numeric_limits<std::int32_t>::min();
/** flags bit: the paper has a code repository. */
inline constexpr std::uint8_t kHasCode = 1;

/** Section kinds of a `.pfi` file. */
enum class SectionKind : std::uint32_t {
  meta = 1, terms, term_info, postings, words, word_terms, field_lengths, numbers, flags,
  category_values, category_docs, author_values, author_docs, records, keys, key_docs, norms,
};
/** Number of section kinds; each appears exactly once. */
inline constexpr std::size_t kSectionCount = 17;

/** The too_large error of an index of @p size bytes over Limits::max_index_bytes, @p limit. */
Error index_too_large(std::uint64_t size, std::uint64_t limit);

/** Limits that refuse no size: for the bytes of a segment this process has just built. */
inline Limits built_segment_limits() {
  Limits limits;
  limits.max_index_bytes = std::numeric_limits<std::uint64_t>::max();
  limits.max_index_section_bytes = std::numeric_limits<std::uint64_t>::max();
  return limits;
}

/** Numeric columns, in the order of the numbers section. Dates are days since 1970-01-01. */
enum class NumberColumn : std::uint8_t { published, announced, upvotes, stars, comments, citations };
/** Number of NumberColumn values. */
inline constexpr std::size_t kNumberColumns = 6;

/** Where a term's postings are and what bounds its scores. */
struct TermInfo {
  std::uint64_t offset;       ///< start of the skip entries in the postings section
  std::uint32_t skip_count;   ///< SkipEntry records before the doc part
  std::uint32_t doc_bytes;    ///< size of the doc part
  std::uint32_t pos_bytes;    ///< size of the position part
  std::uint32_t df;           ///< papers containing the term
  std::array<std::uint8_t, kIndexFieldCount> max_tf;  ///< largest frequency per field (capped at 255)
  std::uint16_t reserved;
};
static_assert(sizeof(TermInfo) == 32);

/** Where the block after a full block starts. */
struct SkipEntry {
  std::uint32_t last_doc;    ///< the last paper of the block
  std::uint32_t doc_offset;  ///< offset in the doc part where the next block starts
  std::uint32_t pos_offset;  ///< offset in the position part where the next block starts
};
static_assert(sizeof(SkipEntry) == 12);

/** A validated segment viewing its bytes (which must outlive it). Cheap to copy. */
class Segment {
 public:
  /**
   * Validates @p bytes as a `.pfi` file (see index.hpp) and views it; too_large when the bytes
   * or a section are over @p limits (max_index_bytes, max_index_section_bytes).
   */
  static Expected<Segment> open(std::span<const std::uint8_t> bytes, const Limits& limits);

  /** The bytes the segment views. */
  std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }
  /** Size of the segment's bytes. */
  std::size_t byte_size() const noexcept { return bytes_.size(); }
  /** Papers in the segment (live or not). */
  std::uint32_t size() const noexcept { return papers_; }
  /** Analyzer options the segment was built with. */
  const Analyzer::Options& analyzer_options() const noexcept { return analyzer_; }
  /** Sum over papers of the term count of @p field. */
  std::uint64_t field_length_sum(IndexField field) const noexcept {
    return length_sums_[static_cast<std::size_t>(field)];
  }

  /** The term dictionary. */
  const SortedStrings& terms() const noexcept { return terms_; }
  /** Postings location and bounds of term @p term (an index into terms()). */
  TermInfo term_info(std::size_t term) const noexcept;
  /** The postings bytes of term @p term: skip entries, doc part, position part. */
  std::span<const std::uint8_t> postings(const TermInfo& info) const noexcept;

  /** The word dictionary (unstemmed words). */
  const SortedStrings& words() const noexcept { return words_; }
  /** The term index of word @p word. */
  std::uint32_t word_term(std::size_t word) const noexcept;

  /** Term count of @p field in paper @p doc. */
  std::uint16_t field_length(std::uint32_t doc, IndexField field) const noexcept;
  /** Column @p column of paper @p doc, or kUnknownNumber. */
  std::int32_t number(std::uint32_t doc, NumberColumn column) const noexcept;
  /** Flag bits of paper @p doc. */
  std::uint8_t flags(std::uint32_t doc) const noexcept { return flags_[doc]; }
  /** Length of paper @p doc's tf-idf vector. */
  float norm(std::uint32_t doc) const noexcept;

  /** Category facet values. */
  const SortedStrings& category_values() const noexcept { return category_values_; }
  /** Indexes into category_values() of paper @p doc's categories. */
  std::span<const std::uint8_t> categories_of(std::uint32_t doc) const noexcept { return values_of(category_docs_, doc); }
  /** Author facet values. */
  const SortedStrings& author_values() const noexcept { return author_values_; }
  /** Indexes into author_values() of paper @p doc's authors (u32 each, unaligned). */
  std::span<const std::uint8_t> authors_of(std::uint32_t doc) const noexcept { return values_of(author_docs_, doc); }

  /** The canonical JSON of paper @p doc. */
  std::string_view record_json(std::uint32_t doc) const noexcept;
  /** Paper @p doc decoded from its canonical JSON. */
  Paper record(std::uint32_t doc) const;

  /** The first paper with identity key @p key (see identity_keys() in corpus.hpp), if any. */
  std::optional<std::uint32_t> find_key(std::string_view key) const noexcept;

 private:
  /** A paper → values table: u32 offsets[papers + 1], then u32 value indexes. */
  struct ValueTable {
    const std::uint8_t* offsets = nullptr;
    const std::uint8_t* values = nullptr;
  };
  std::span<const std::uint8_t> values_of(const ValueTable& table, std::uint32_t doc) const noexcept;

  std::span<const std::uint8_t> bytes_;
  std::uint32_t papers_ = 0;
  Analyzer::Options analyzer_;
  std::array<std::uint64_t, kIndexFieldCount> length_sums_{};
  SortedStrings terms_, words_, category_values_, author_values_, keys_;
  const std::uint8_t* term_info_ = nullptr;
  std::span<const std::uint8_t> postings_;
  const std::uint8_t* word_terms_ = nullptr;
  const std::uint8_t* field_lengths_ = nullptr;
  const std::uint8_t* numbers_ = nullptr;
  const std::uint8_t* flags_ = nullptr;
  const std::uint8_t* norms_ = nullptr;
  const std::uint8_t* key_docs_ = nullptr;
  ValueTable category_docs_, author_docs_;
  const std::uint8_t* record_offsets_ = nullptr;
  const char* records_ = nullptr;
};

/**
 * The index term of a value of a field indexed whole (categories, id): the value with ASCII
 * letters lower-cased, so `cat:cs.LG` finds `cs.LG`. Queries scoped to those fields use it too.
 */
inline std::string verbatim_term(std::string_view value) {
  std::string term(value);
  for (char& c : term) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
  }
  return term;
}

/** The `.pfi` bytes of one segment holding @p papers in order, analyzed by @p analyzer. */
std::string build_segment(std::span<const Paper> papers, Analyzer& analyzer);

/**
 * Walks one term's postings in paper order. Bounds-checked: bytes that do not decode (a hostile
 * index with a recomputed checksum) end the walk as if the postings ended, never reading
 * outside them.
 */
class PostingCursor {
 public:
  /** A cursor that is already exhausted. */
  PostingCursor() = default;
  /** A cursor on the postings of @p info in @p segment, before its first paper. */
  PostingCursor(const Segment& segment, const TermInfo& info);

  /** Sentinel doc of an exhausted cursor. */
  static constexpr std::uint32_t kEnd = std::numeric_limits<std::uint32_t>::max();

  /** Moves to the next paper; returns it or kEnd. */
  std::uint32_t next() noexcept;
  /** Moves to the first paper >= @p target (never backwards); returns it or kEnd. */
  std::uint32_t advance(std::uint32_t target) noexcept;
  /** The current paper (kEnd after the end; meaningless before the first next() or advance()). */
  std::uint32_t doc() const noexcept { return doc_; }
  /** Field mask of the current paper (bit i = IndexField i). */
  std::uint8_t fields() const noexcept { return mask_; }
  /** Frequency of the term in @p field of the current paper (0 when absent). */
  std::uint32_t tf(IndexField field) const noexcept { return tf_[static_cast<std::size_t>(field)]; }
  /**
   * Appends the positions of the term in @p field of the current paper to @p out (nothing when
   * the field does not hold it).
   */
  void positions(IndexField field, std::vector<std::uint32_t>& out) const;
  /** Papers in the postings (the term's df). */
  std::uint32_t df() const noexcept { return df_; }

 private:
  bool decode_entry() noexcept;
  void finish() noexcept { doc_ = kEnd; }

  const std::uint8_t* skips_ = nullptr;
  std::uint32_t skip_count_ = 0;
  const std::uint8_t* docs_begin_ = nullptr;
  const std::uint8_t* docs_ = nullptr;
  const std::uint8_t* docs_end_ = nullptr;
  const std::uint8_t* pos_begin_ = nullptr;
  const std::uint8_t* pos_ = nullptr;       // positions of the current paper
  const std::uint8_t* pos_end_ = nullptr;
  std::uint32_t pos_size_ = 0;              // bytes of positions of the current paper
  std::uint32_t doc_ = kEnd;
  std::uint32_t prev_doc_ = 0;
  std::uint32_t index_ = 0;                 // papers decoded so far
  std::uint32_t df_ = 0;
  std::uint32_t papers_ = 0;
  std::uint8_t mask_ = 0;
  std::array<std::uint32_t, kIndexFieldCount> tf_{};
};

}  // namespace paperfeed::detail
