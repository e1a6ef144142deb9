#pragma once
/**
 * @file index.hpp
 * Papers to a searchable index, and the index to and from `.pfi` bytes.
 *
 * An Index holds segments: at most one *loaded* segment that views `.pfi` bytes without
 * copying them, and one *fresh* segment built in memory from the papers added since. Adding a
 * paper whose identity is already in the index (Corpus rules: arXiv id, DOI, title) merges the
 * two records with merge_into(), hides the old one and indexes the merged record in the fresh
 * segment, so a daily feed added to yesterday's index just works. The fresh segment is
 * (re)built from its papers the next time the index is searched, which costs time in
 * proportion to the papers added since the last load, not to the whole index; serialize()
 * writes one compact segment of every live paper.
 *
 * What a segment holds (DESIGN.md, "Decisions"):
 * - per paper: the fields title, abstract, authors, categories, keywords and id, analyzed by
 *   the index's Analyzer into terms with positions; the term count of each field (field
 *   lengths for BM25F); the canonical record (as paper_to_json writes it) for results;
 * - a sorted term dictionary (term → document frequency, postings) and a sorted word
 *   dictionary (each word as written, normalized but not stemmed → its term) that serves
 *   prefix, fuzzy and completion lookups without scanning every term;
 * - numeric columns (published date, upvotes, stars, comments, citations) and facet columns
 *   (categories, authors; year and has-code come from the numeric columns and the record).
 *
 * `.pfi` layout: 8-byte magic `PFINDEX\0`, u32 format version, u32 section count, a section
 * table of (u32 kind, u32 reserved, u64 offset, u64 size), u64 FNV-1a checksum of every byte
 * except that field; little-endian throughout, postings delta- and varint-coded. load()
 * validates every offset and size before use and refuses anything else with one message; it
 * refuses a file or a section over Limits::max_index_bytes or Limits::max_index_section_bytes
 * with ErrorCode::too_large before using it.
 */

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/analyzer.hpp"
#include "paperfeed/limits.hpp"
#include "paperfeed/paper.hpp"
#include "paperfeed/status.hpp"

namespace paperfeed {

namespace detail {
struct IndexState;
}

/** The text fields of an indexed paper, in `.pfi` order. */
enum class IndexField : std::uint8_t { title, abstract, authors, categories, keywords, id };

/** Number of IndexField values. */
inline constexpr std::size_t kIndexFieldCount = 6;

/** The lower-case name of @p field ("title", "abstract", …). */
const char* index_field_name(IndexField field) noexcept;

/** What add() did with a paper. */
enum class AddOutcome : std::uint8_t {
  added,   ///< a paper the index did not have
  merged,  ///< merged into the record of the same paper already indexed
};

/** Sizes of an index, for `paperfeed stats` and benchmarks. */
struct IndexStats {
  /** Papers that searches can find (merged and replaced records not counted). */
  std::uint64_t papers = 0;
  /** Distinct terms over all fields. */
  std::uint64_t terms = 0;
  /** Distinct words (unstemmed) in the word dictionary. */
  std::uint64_t words = 0;
  /** Segments: 0 when empty, 1 after load() or a fresh build, 2 after adding to a loaded index. */
  std::uint32_t segments = 0;
  /** Bytes of the segments: postings, dictionaries, columns and stored records. */
  std::uint64_t bytes = 0;
};

/**
 * A searchable set of papers (see the file comment). Movable and cheap to move; copying is not
 * offered. Not thread-safe while papers are being added, and the first search (or stats())
 * after an add() builds the fresh segment: run it before sharing the index with Searchers on
 * several threads, one Searcher per thread.
 */
class Index {
 public:
  /** An empty index with the default English Analyzer. */
  Index();
  /** An empty index whose text is analyzed with @p options; invalid_argument for an unknown language. */
  static Expected<Index> create(const Analyzer::Options& options);

  /**
   * An index viewing @p bytes, which must stay alive and unchanged while the Index (or a
   * Searcher on it) exists. Refuses truncated, corrupted, foreign or future-version bytes with
   * ErrorCode::malformed, truncated or invalid_value and a message saying which part is wrong,
   * and bytes or a section over @p limits (max_index_bytes, max_index_section_bytes) with
   * ErrorCode::too_large.
   */
  static Expected<Index> load(std::span<const std::uint8_t> bytes, const Limits& limits = {});
  /** As load(span), owning @p bytes. */
  static Expected<Index> load(std::string bytes, const Limits& limits = {});
  /**
   * Reads and loads the `.pfi` file at @p path (io_error when it cannot be read; too_large,
   * before reading it, when it is over Limits::max_index_bytes).
   */
  static Expected<Index> load_file(const std::string& path, const Limits& limits = {});

  /** Takes over @p other's papers and segments; @p other is left empty but usable only for destruction or assignment. */
  Index(Index&& other) noexcept;
  /** Takes over @p other's papers and segments. */
  Index& operator=(Index&& other) noexcept;
  /** Not copyable: an index may be large and may view bytes it does not own. */
  Index(const Index&) = delete;
  /** Not copyable. */
  Index& operator=(const Index&) = delete;
  /** Frees the index (not the bytes a view-loaded index was given). */
  ~Index();

  /**
   * Adds @p paper, or merges it into the indexed record of the same paper. Papers without an
   * id are refused with missing_field (records from read_feed always have one).
   */
  Expected<AddOutcome> add(Paper paper);

  /** Number of papers searches can find. */
  std::size_t size() const;
  /** Sizes of the index (builds pending additions first). */
  IndexStats stats() const;

  /** The record whose id, arXiv id, DOI (`doi:…`) or title id is @p id, if indexed. */
  std::optional<Paper> find(std::string_view id) const;

  /** Every live record, in index order. */
  std::vector<Paper> papers() const;

  /** The `.pfi` bytes of one segment holding every live paper. */
  std::string serialize() const;
  /**
   * Writes serialize() to @p path through a new temporary file in the same folder
   * (`PATH.tmp.` and 16 random hex digits, created exclusively) renamed over it, so a crash
   * never leaves half an index under @p path; the temporary file is removed when writing fails.
   * Unlike the CLI, it does not sync the file to disk before the rename (no POSIX call in the core).
   */
  Status save_file(const std::string& path) const;

  /** The options of the Analyzer the index was built with (searches must use the same). */
  const Analyzer::Options& analyzer_options() const;

  /** Internal state, for the Searcher. */
  const detail::IndexState& state() const;

 private:
  explicit Index(std::unique_ptr<detail::IndexState> state);
  std::unique_ptr<detail::IndexState> state_;
};

}  // namespace paperfeed
