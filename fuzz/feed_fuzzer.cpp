// One feed parser, forced (the format is PAPERFEED_FUZZ_FORMAT, one binary per format), on any
// bytes. Beyond not crashing, hanging or allocating without bound, every record must be clean
// (an id, valid UTF-8), the report must count what the sink received, every error must say
// where and why, and each record must read back from its canonical JSON unchanged.

#include <cstddef>
#include <cstdint>
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ReadOptions options;
  options.format = fuzzed_format();
  options.file_name = "fuzz";
  options.limits.max_errors = 16;
  std::vector<Paper> papers;
  const FeedReport report = read_feed(std::string_view(reinterpret_cast<const char*>(data), size), options,
                                      [&](Paper&& paper) { papers.push_back(std::move(paper)); });
  fuzz::require(report.records == papers.size(), "the report's record count differs from the records delivered");
  fuzz::require(report.bytes == size, "the report's byte count differs from the input");
  fuzz::require(report.errors.size() <= options.limits.max_errors, "more errors kept than max_errors");
  if (!report.ok()) require_clear_error(report.fatal, size);
  for (const Error& error : report.errors) require_clear_error(error, size);
  for (const Paper& paper : papers) fuzz::require_clean_paper(paper);
  require_round_trip(papers);
  return 0;
}
