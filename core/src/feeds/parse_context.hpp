#pragma once
// Internal: what every feed parser gets besides the bytes, and how it hands over records
// and reports problems with a position.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/feeds.hpp"
#include "paperfeed/normalize.hpp"
#include "paperfeed/paper.hpp"

namespace paperfeed::detail {

/**
 * Traces byte offsets in the text a parser reads back to the input it came from, across the
 * edits read_feed makes first: a dropped byte order mark and repaired UTF-8. An offset inside a
 * replacement character maps to the byte after the bytes it replaced.
 */
class InputOffsets {
 public:
  /** The text starts @p skipped bytes into the input (a dropped byte order mark). */
  void skip_prefix(std::uint64_t skipped) noexcept { prefix_ = skipped; }
  /** Takes the shifts of the repair of the text after its skipped prefix (repair_utf8). */
  void set_repairs(std::vector<RepairShift> shifts) noexcept { shifts_ = std::move(shifts); }
  /** The input offset of @p offset in the text. */
  std::uint64_t to_input(std::uint64_t offset) const noexcept;

 private:
  std::uint64_t prefix_ = 0;
  std::vector<RepairShift> shifts_;  // in increasing order of both offsets
};

/**
 * The state shared by one feed read: options, the sink, the report, and the text for turning
 * byte offsets into line and column. Streamed parsers call set_batch() for each batch so that
 * offsets stay absolute and lines keep counting.
 */
class ParseContext {
 public:
  ParseContext(std::string_view text, Format format, const ReadOptions& options, const PaperSink& sink,
               FeedReport& report);

  /** The text being parsed (the current batch when streaming). */
  std::string_view text() const noexcept { return text_; }
  /** The format being parsed; emit() adds it to each record's sources. */
  Format format() const noexcept { return format_; }
  const ReadOptions& options() const noexcept { return options_; }
  const Limits& limits() const noexcept { return options_.limits; }
  FeedReport& report() noexcept { return report_; }

  /**
   * Hands a finished record to the sink: adds the format to its sources (for paperfeed's own
   * records only when they name none), fills its identity
   * (complete_identity) and checks that it has an id and a title or abstract; a record that
   * does not is rejected with ErrorCode::missing_field at @p offset (relative to text()).
   * Returns true when the record was delivered. @p paper is left in a valid, unspecified state.
   */
  bool emit(Paper& paper, std::uint64_t offset);

  /** Counts one rejected record and records why, at @p offset relative to text(). */
  void reject(ErrorCode code, std::uint64_t offset, std::string message);

  /** Records a problem that rejects no record (truncation, a skipped non-paper item). */
  void warn(ErrorCode code, std::uint64_t offset, std::string message);

  /** Records a problem that stopped reading the feed (report().fatal). */
  void fail(ErrorCode code, std::uint64_t offset, std::string message);

  /** Maps offsets in text() back to the input (read_feed's repairs) from now on. */
  void set_input_offsets(InputOffsets offsets) noexcept { input_offsets_ = std::move(offsets); }
  /**
   * Positions of errors from now on go no further than @p end in text() (kUnknownOffset: no
   * bound): a streamed line repaired apart from its batch keeps its errors on that line.
   */
  void bound_offsets(std::uint64_t end) noexcept { offset_bound_ = end; }
  /**
   * Builds an Error with file, line, column and absolute offset for @p offset in text(); the
   * column and offset count bytes of the input, before any repair.
   */
  Error error_at(ErrorCode code, std::uint64_t offset, std::string message);

  /**
   * Starts a new batch of a streamed input: @p batch begins at absolute byte @p base_offset,
   * on 1-based line @p base_line.
   */
  void set_batch(std::string_view batch, std::uint64_t base_offset, std::uint64_t base_line) noexcept;

 private:
  void keep(Error error);

  std::string_view text_;
  Format format_;
  const ReadOptions& options_;
  const PaperSink& sink_;
  FeedReport& report_;
  InputOffsets input_offsets_;
  std::uint64_t offset_bound_ = kUnknownOffset;
  std::uint64_t base_offset_ = 0;
  std::uint64_t base_line_ = 1;
  // Line counting resumes from the last position asked for, so errors in order cost O(n) in total.
  std::uint64_t scanned_offset_ = 0;
  std::uint64_t scanned_line_ = 1;
  std::uint64_t scanned_line_start_ = 0;
};

}  // namespace paperfeed::detail
