#pragma once
/**
 * @file dictionary.hpp
 * A sorted set of distinct byte strings that is read straight from `.pfi` bytes: exact lookup,
 * prefix ranges and bounded fuzzy (Levenshtein) walks, the lookups the term and word
 * dictionaries of an index serve.
 *
 * Serialized form (little-endian, no alignment required): u32 count, u32 offsets[count + 1]
 * (offsets[0] = 0, non-decreasing, offsets[count] = blob size), then the blob of the strings
 * back to back in strictly increasing byte order: the order std::string_view compares in, bytes
 * as unsigned char, so every byte >= 0x80 sorts after ASCII. open(), write(), find(),
 * prefix_range() and fuzzy() all use that one order.
 */

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "paperfeed/status.hpp"

namespace paperfeed::detail {

/** A read-only view of a serialized sorted string set (see the file comment). */
class SortedStrings {
 public:
  /** An empty set. */
  SortedStrings() = default;

  /**
   * Views @p bytes (which must outlive the view). Refuses, with ErrorCode::malformed, a message
   * naming @p what ("term dictionary: offsets not increasing at entry 17 (3 after 9)") and the
   * byte offset of the fault in @p bytes, bytes whose size, offsets or order are not those of a
   * serialized set: fewer than 4 bytes, a count whose offsets do not fit, offsets not starting at
   * 0, decreasing, past the strings or not ending exactly at the end of @p bytes, and strings
   * that repeat or are out of order. Nothing is read out of bounds afterwards. Costs one pass
   * over the bytes.
   */
  static Expected<SortedStrings> open(std::span<const std::uint8_t> bytes, std::string_view what);

  /**
   * Appends the serialized form of @p sorted to @p out. @p sorted must be strictly increasing as
   * std::string_view compares and hold under 4 GiB of bytes in all, which open() checks back.
   */
  static void write(std::span<const std::string_view> sorted, std::string& out);

  /** Number of strings. */
  std::size_t size() const noexcept { return count_; }
  /** The string at @p index (< size()). */
  std::string_view at(std::size_t index) const noexcept;
  /** The index of @p key, if present (binary search). */
  std::optional<std::size_t> find(std::string_view key) const noexcept;
  /** The range [first, last) of strings starting with @p prefix (every string when it is empty). */
  std::pair<std::size_t, std::size_t> prefix_range(std::string_view prefix) const noexcept;

  /**
   * Calls @p visit(index, distance) in index order for every string within @p max_edits
   * (0 … 2; more counts as 2) Levenshtein edits of @p word, counted in code points (a byte that
   * is no part of well-formed UTF-8 counts as one). A bounded walk: dynamic-programming rows are
   * shared along common prefixes, and once a prefix is more than @p max_edits edits away the walk
   * skips its whole range and its siblings whose last code point is not one of the few of
   * @p word that could bring them back within reach, so the cost follows the number of prefixes
   * within reach, not the size of the set. Allocates only a few small buffers per call. Stops
   * early when @p visit returns false.
   */
  void fuzzy(std::string_view word, unsigned max_edits,
             const std::function<bool(std::size_t index, unsigned distance)>& visit) const;

 private:
  std::uint32_t offset(std::size_t index) const noexcept;

  const std::uint8_t* offsets_ = nullptr;  // count_ + 1 little-endian u32
  const char* blob_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace paperfeed::detail
