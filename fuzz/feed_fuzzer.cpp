// One feed parser, forced (the format is PAPERFEED_FUZZ_FORMAT, one binary per format), on any
// bytes. Beyond not crashing, hanging or allocating without bound, every record must be clean
// (an id, valid UTF-8), the report must count what the sink received, every error must say
// where and why, and each record must read back from its canonical JSON unchanged. The bytes
// are also read from a file (JSON lines streamed in small batches) and must give the same
// records and errors as in memory.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "paperfeed/export.hpp"
#include "paperfeed/feeds.hpp"

using namespace paperfeed;

namespace {

/** The format this binary parses. */
Format fuzzed_format() {
  static const std::optional<Format> format = format_from_name(PAPERFEED_FUZZ_FORMAT);
  fuzz::require(format.has_value(), "unknown PAPERFEED_FUZZ_FORMAT", PAPERFEED_FUZZ_FORMAT);
  return *format;
}

/**
 * Requires that @p error says what went wrong in one short line of printable UTF-8 (the CLI
 * prints messages as they are), at a position inside the input.
 */
void require_clear_error(const Error& error, std::size_t input_size) {
  fuzz::require(error.code != ErrorCode::ok, "an error without a code", error.message);
  fuzz::require(!error.message.empty() && fuzz::valid_utf8(error.message), "an error message empty or not UTF-8", error.message);
  fuzz::require(error.message.size() <= 400, "an error message longer than a line", error.message);
  for (const char c : error.message) {
    fuzz::require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F, "a control character in an error message", error.message);
  }
  fuzz::require(error.offset == kUnknownOffset || error.offset <= input_size, "an error offset past the input", error.to_string());
}

/** Requires that the canonical JSON lines of @p papers read back as the same records. */
void require_round_trip(const std::vector<Paper>& papers) {
  std::string lines;
  for (const Paper& paper : papers) lines += paper_to_json(paper) + "\n";
  ReadOptions options;
  options.format = Format::paperfeed;
  std::string back;
  std::size_t count = 0;
  const FeedReport report = read_feed(lines, options, [&](Paper&& p) { back += paper_to_json(p) + "\n", ++count; });
  fuzz::require(report.ok() && report.errors.empty() && count == papers.size(), "records' canonical JSON does not read back", lines);
  fuzz::require(back == lines, "a record changes through its canonical JSON", lines + back);
}

/** A file of this process that the feed is copied to, removed when the process ends. */
struct StreamedCopy {
  const std::string path = "/tmp/paperfeed-fuzz-stream-" + std::to_string(::getpid()) + ".jsonl";
  ~StreamedCopy() { std::remove(path.c_str()); }
};

/**
 * Requires that reading @p input from a file gives what reading it in memory gave: @p papers
 * and @p report's errors by code, line and message (not by column and offset: inside a streamed
 * line that needed UTF-8 repair they are kept on the line, not exact: ParseContext). JSON lines
 * are streamed in batches of a few bytes (how many depends on the input's size, so that batch
 * ends fall everywhere); other formats are read whole, through the same detection.
 */
void require_same_from_file(std::string_view input, const ReadOptions& options, const std::vector<Paper>& papers,
                            const FeedReport& report) {
  static const StreamedCopy copy;
  const std::string& path = copy.path;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  fuzz::require(file != nullptr, "cannot write the streamed copy", path);
  fuzz::require(std::fwrite(input.data(), 1, input.size(), file) == input.size() && std::fclose(file) == 0,
                "cannot write the streamed copy", path);
  ReadOptions streamed_options = options;
  streamed_options.stream_batch_bytes = 1 + input.size() % 61;
  std::vector<std::string> records;  // canonical JSON
  const FeedReport from_file = read_feed_file(path, streamed_options, [&](Paper&& p) { records.push_back(paper_to_json(p)); });
  fuzz::require(records.size() == papers.size(), "a file gives another number of records than memory");
  for (std::size_t i = 0; i < records.size(); ++i) {
    fuzz::require(records[i] == paper_to_json(papers[i]), "a record read from a file differs from memory", records[i]);
  }
  fuzz::require(from_file.ok() == report.ok(), "a file's read fails where the read in memory does not, or back",
                from_file.fatal.message + " | " + report.fatal.message);
  const auto& a = from_file.errors;
  const auto& b = report.errors;
  fuzz::require(a.size() == b.size(), "a file gives another number of errors than memory");
  for (std::size_t i = 0; i < a.size(); ++i) {
    fuzz::require(a[i].code == b[i].code && a[i].line == b[i].line && a[i].message == b[i].message,
                  "an error read from a file differs from memory", a[i].to_string() + " | " + b[i].to_string());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ReadOptions options;
  options.format = fuzzed_format();
  options.file_name = "fuzz";
  options.limits.max_errors = 16;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<Paper> papers;
  const FeedReport report = read_feed(input, options, [&](Paper&& paper) { papers.push_back(std::move(paper)); });
  fuzz::require(report.records == papers.size(), "the report's record count differs from the records delivered");
  fuzz::require(report.bytes == size, "the report's byte count differs from the input");
  fuzz::require(report.errors.size() <= options.limits.max_errors, "more errors kept than max_errors");
  if (!report.ok()) require_clear_error(report.fatal, size);
  for (const Error& error : report.errors) require_clear_error(error, size);
  for (const Paper& paper : papers) fuzz::require_clean_paper(paper);
  require_round_trip(papers);
  require_same_from_file(input, options, papers, report);
  return 0;
}
