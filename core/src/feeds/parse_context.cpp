#include "feeds/parse_context.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

/** Longest error message kept (quoted input is cut far shorter where the message is made). */
constexpr std::size_t kLongestMessage = 600;

}  // namespace

ParseContext::ParseContext(std::string_view text, Format format, const ReadOptions& options, const PaperSink& sink,
                           FeedReport& report)
    : text_(text), format_(format), options_(options), sink_(sink), report_(report) {}

bool ParseContext::emit(Paper& paper, std::uint64_t offset) {
  // paperfeed's own records already name the feeds they came from; keeping only those makes
  // the canonical JSONL round-trip lossless.
  if (format_ != Format::paperfeed || paper.sources.empty()) paper.sources.insert(format_);
  complete_identity(paper);
  if (paper.id.empty()) {
    reject(ErrorCode::missing_field, offset, "record has no arXiv id, DOI or title to identify it");
    return false;
  }
  if (paper.title.empty() && paper.abstract.empty()) {
    reject(ErrorCode::missing_field, offset, "record " + shown_text(paper.id) + " has neither a title nor an abstract");
    return false;
  }
  ++report_.records;
  sink_(std::move(paper));
  return true;
}

void ParseContext::reject(ErrorCode code, std::uint64_t offset, std::string message) {
  ++report_.rejected;
  keep(error_at(code, offset, std::move(message)));
}

void ParseContext::warn(ErrorCode code, std::uint64_t offset, std::string message) {
  keep(error_at(code, offset, std::move(message)));
}

void ParseContext::fail(ErrorCode code, std::uint64_t offset, std::string message) {
  report_.fatal = error_at(code, offset, std::move(message));
}

void ParseContext::keep(Error error) {
  if (report_.errors.size() < options_.limits.max_errors) {
    report_.errors.push_back(std::move(error));
  } else {
    ++report_.errors_dropped;
  }
}

Error ParseContext::error_at(ErrorCode code, std::uint64_t offset, std::string message) {
  Error e;
  e.code = code;
  // Every part taken from the input is quoted through shown_text() where the message is made;
  // this keeps a message one printable line even where a part was missed.
  e.message = shown_text(message, kLongestMessage);
  e.file = options_.file_name;
  if (offset == kUnknownOffset) return e;
  offset = std::min({offset, offset_bound_, static_cast<std::uint64_t>(text_.size())});
  if (offset < scanned_offset_) {  // asked for an earlier place: count again from the batch start
    scanned_offset_ = 0;
    scanned_line_ = base_line_;
    scanned_line_start_ = 0;
  }
  for (std::uint64_t i = scanned_offset_; i < offset; ++i) {
    if (text_[i] == '\n') {
      ++scanned_line_;
      scanned_line_start_ = i + 1;
    }
  }
  scanned_offset_ = offset;
  e.line = scanned_line_;
  e.column = input_offsets_.to_input(offset) - input_offsets_.to_input(scanned_line_start_) + 1;
  e.offset = base_offset_ + input_offsets_.to_input(offset);
  return e;
}

std::uint64_t InputOffsets::to_input(std::uint64_t offset) const noexcept {
  auto after = std::upper_bound(shifts_.begin(), shifts_.end(), offset,
                                [](std::uint64_t at, const RepairShift& shift) { return at < shift.repaired; });
  std::uint64_t original = offset;
  if (after != shifts_.begin()) original = std::prev(after)->original + (offset - std::prev(after)->repaired);
  if (after != shifts_.end()) original = std::min(original, after->original);  // inside a replacement
  return prefix_ + original;
}

void ParseContext::set_batch(std::string_view batch, std::uint64_t base_offset, std::uint64_t base_line) noexcept {
  text_ = batch;
  base_offset_ = base_offset;
  base_line_ = base_line;
  scanned_offset_ = 0;
  scanned_line_ = base_line;
  scanned_line_start_ = 0;
}

}  // namespace paperfeed::detail
