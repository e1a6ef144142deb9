#pragma once
/**
 * @file feeds.hpp
 * Reading feeds: bytes in, canonical Paper records out through a callback, plus a report of
 * what was read, what was rejected and why, and the paging state a harvester needs.
 *
 *     paperfeed::FeedReport report = paperfeed::read_feed_file("2025-10-01.json", {},
 *         [&](paperfeed::Paper&& p) { papers.push_back(std::move(p)); });
 */

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/limits.hpp"
#include "paperfeed/paper.hpp"
#include "paperfeed/status.hpp"

namespace paperfeed {

/** How to read a feed. */
struct ReadOptions {
  /** Force a format instead of detecting it. */
  std::optional<Format> format;
  /** Name used in messages (a path, "-" for standard input, or any label). */
  std::string file_name;
  /** Resource limits; a feed reader uses max_record_bytes, max_feed_bytes, max_depth and max_errors. */
  Limits limits;
  /** Bytes per batch when streaming JSONL from a file. Default 8 MiB. */
  std::size_t stream_batch_bytes = std::size_t{8} << 20;
};

/** What reading one feed produced, besides the records. */
struct FeedReport {
  std::string file;                 ///< ReadOptions::file_name
  std::optional<Format> format;     ///< the format read (nullopt when unknown)
  std::string looked_like;          ///< detection's description, for "not a known feed" messages
  std::uint64_t bytes = 0;          ///< input size
  std::uint64_t records = 0;        ///< records delivered to the sink
  std::uint64_t rejected = 0;       ///< records skipped, each with an error below
  std::uint64_t utf8_repairs = 0;   ///< invalid UTF-8 sequences replaced by U+FFFD
  std::uint64_t errors_dropped = 0; ///< errors beyond Limits::max_errors, counted only
  bool truncated = false;           ///< the input stops mid-record; complete records were kept
  /** Whole-feed failure (unknown format, unreadable, API error response, syntax error that
   *  stopped reading); ErrorCode::ok when the feed was read to its end. */
  Error fatal;
  /** Record-level problems (and recoverable feed-level ones, such as truncation). */
  std::vector<Error> errors;

  // Paging state of API responses, for callers that fetch the next page.
  std::optional<std::uint64_t> total_results;  ///< opensearch:totalResults, S2 total, PwC count, OAI completeListSize
  std::optional<std::uint64_t> start_index;    ///< opensearch:startIndex, S2 offset, OAI cursor
  std::string next_page;  ///< OAI resumptionToken, S2 next offset/token, PwC next URL
  std::optional<int> http_status;  ///< status recorded in an HTTP envelope

  /** True when the feed was read to its end (records may still have been rejected). */
  bool ok() const noexcept { return fatal.code == ErrorCode::ok; }
};

/** Receives each record; it may move from the Paper. */
using PaperSink = std::function<void(Paper&&)>;

/**
 * Bytes owned with the zeroed tail padding that simdjson reads past the end, so a file is
 * read once and parsed in place without a second copy.
 */
class FeedBytes {
 public:
  /** Padding guaranteed after size() bytes. */
  static constexpr std::size_t kPadding = 64;

  FeedBytes() : FeedBytes(std::string()) {}
  /** Copies @p text into a padded buffer. */
  explicit FeedBytes(std::string_view text);
  /** Takes over @p text (no copy of its bytes) and pads it. */
  explicit FeedBytes(std::string&& text);

  char* data() noexcept { return buffer_.data(); }
  const char* data() const noexcept { return buffer_.data(); }
  std::size_t size() const noexcept { return size_; }
  std::string_view view() const noexcept { return {buffer_.data(), size_}; }
  /** Shrinks the visible size (the padding stays zeroed). */
  void resize_down(std::size_t size) noexcept;

 private:
  std::string buffer_;  ///< size_ bytes of feed, then kPadding zero bytes
  std::size_t size_ = 0;
};

/**
 * Reads one feed held in memory. The format is detected unless options.format forces it.
 * Never throws; every problem ends up in the returned report. Error positions count bytes of
 * the input as given, before a byte order mark is dropped or invalid UTF-8 repaired (the offset
 * from the start of the input, the column from the start of its line, a byte order mark not
 * included); in a recorded HTTP response (Envelope::http_record), bytes of its body.
 */
FeedReport read_feed(std::string_view bytes, const ReadOptions& options, const PaperSink& sink);

/** read_feed for bytes already in a padded buffer (parsed in place; the buffer may be modified). */
FeedReport read_feed(FeedBytes&& bytes, const ReadOptions& options, const PaperSink& sink);

/**
 * Reads a feed from a file ("-" = standard input). JSONL feeds are streamed in batches of
 * options.stream_batch_bytes, so a multi-gigabyte snapshot never sits in memory whole; other
 * formats are read whole, up to Limits::max_feed_bytes. file_name defaults to @p path.
 */
FeedReport read_feed_file(const std::string& path, ReadOptions options, const PaperSink& sink);

}  // namespace paperfeed
