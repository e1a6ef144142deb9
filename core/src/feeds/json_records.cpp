// The record reader shared by the JSONL-capable formats: JSON arrays and JSON lines, in memory
// or streamed, each record handed to the format's RecordMapping (see json_records.hpp).
//
// JSON lines are parsed one line at a time with parser.iterate(). Measured on the daily-arXiv
// corpus and the snapshot benchmark it is as fast as iterate_many(), and it keeps errors per
// line: simdjson 3.0.1's iterate_many() ends the stream at the first broken document, and an
// unclosed string fails its whole batch, good lines before it included.

#include "feeds/json_records.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

using simdjson::error_code;
using simdjson::ondemand::json_type;

constexpr std::size_t kPadding = FeedBytes::kPadding;
static_assert(kPadding >= simdjson::SIMDJSON_PADDING, "FeedBytes padding must satisfy simdjson");

/** "16 MiB" for whole mebibytes, else "1000 bytes". */
std::string describe_limit(std::size_t bytes) {
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string too_large_message(std::uint64_t size, std::size_t limit) {
  return "record of " + std::to_string(size) + " bytes is over the " + describe_limit(limit) + " limit";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/** "YYMM.NNNN" or "YYMM.NNNNN": an id normalize_arxiv_id() would return unchanged. */
bool is_canonical_new_style_id(std::string_view text) {
  if ((text.size() != 9 && text.size() != 10) || text[4] != '.') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && !is_digit(text[i])) return false;
  }
  return true;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

/**
 * Reads records one at a time and hands them to the mapping and then to ctx.emit(), reusing one
 * parser and one Paper. Offsets given to ctx are relative to ctx.text().
 */
class RecordReader {
 public:
  RecordReader(ParseContext& ctx, RecordMapping& mapping) : ctx_(ctx), mapping_(mapping) {}

  /**
   * Reads the JSON lines of @p text, which lies in ctx.text() at @p text_offset and is followed
   * by readable bytes up to text.data() + @p readable. An unterminated last line counts as cut
   * off when @p input_ends. Returns the number of line ends read.
   */
  std::uint64_t read_lines(std::string_view text, std::size_t text_offset, std::size_t readable, bool input_ends);

  /** Reads a JSON array of records filling @p bytes (which is ctx.text()). */
  void read_array(FeedBytes& bytes);

 private:
  void read_line(std::string_view line, std::size_t readable, std::uint64_t offset, bool cut_if_broken);
  void read_repaired_line(std::string_view line, std::uint64_t offset, bool cut_if_broken);
  /** Maps one record into paper_; on failure rejects it, except broken JSON, left in error_ for the caller. */
  bool map_record(simdjson::ondemand::object record, std::size_t depth, const char* base, std::uint64_t offset);
  /** Rejects a line of broken JSON at @p offset, or reports the cut-off record at @p record_offset. */
  void reject_broken(std::string why, std::uint64_t offset, std::uint64_t record_offset, bool cut_if_broken);
  void read_array_elements(simdjson::ondemand::document& doc, const char* base, bool cut);
  std::size_t depth_left(std::size_t record_depth) const {
    const std::size_t max = ctx_.limits().max_depth;
    return max > record_depth + 1 ? max - record_depth - 1 : 0;
  }

  ParseContext& ctx_;
  RecordMapping& mapping_;
  simdjson::ondemand::parser parser_;
  Paper paper_;
  RecordError error_;
  std::uint64_t error_offset_ = 0;  // where error_ points, as an offset in ctx.text()
  std::string repaired_;
};

std::uint64_t RecordReader::read_lines(std::string_view text, std::size_t text_offset, std::size_t readable,
                                       bool input_ends) {
  std::uint64_t line_ends = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const void* newline = std::memchr(text.data() + start, '\n', text.size() - start);
    const std::size_t end = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text.data())
                                    : text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!is_blank(line)) read_line(line, readable - start, text_offset + start, newline == nullptr && input_ends);
    if (newline) ++line_ends;
    start = end + 1;
  }
  return line_ends;
}

void RecordReader::read_line(std::string_view line, std::size_t readable, std::uint64_t offset, bool cut_if_broken) {
  if (line.size() > ctx_.limits().max_record_bytes) {
    ctx_.reject(ErrorCode::too_large, offset, too_large_message(line.size(), ctx_.limits().max_record_bytes));
    return;
  }
  simdjson::ondemand::document doc;
  if (auto code = parser_.iterate(line.data(), line.size(), readable).get(doc)) {
    if (code == simdjson::UTF8_ERROR) return read_repaired_line(line, offset, cut_if_broken);
    return reject_broken("malformed JSON: " + json::describe(code), offset, offset, cut_if_broken);
  }
  simdjson::ondemand::object record;
  if (auto code = doc.get_object().get(record)) {
    json_type type;
    if (!json::is_type_error(code) || doc.type().get(type)) {
      return reject_broken("malformed JSON: " + json::describe(code), offset, offset, cut_if_broken);
    }
    ctx_.reject(ErrorCode::invalid_value, offset,
                "expected a JSON object for a record, got " + std::string(json::type_name(type)));
    return;
  }
  if (!map_record(record, 1, line.data(), offset)) {
    if (error_.code == ErrorCode::malformed) reject_broken(std::move(error_.message), error_offset_, offset, cut_if_broken);
    return;
  }
  const char* rest = nullptr;
  if (!doc.current_location().get(rest)) {
    paper_.clear();
    ctx_.reject(ErrorCode::malformed, offset + static_cast<std::uint64_t>(rest - line.data()),
                "expected the line to end after the record, found more JSON");
    return;
  }
  ctx_.emit(paper_, offset);
  paper_.clear();
}

void RecordReader::read_repaired_line(std::string_view line, std::uint64_t offset, bool cut_if_broken) {
  repaired_.assign(line);
  ctx_.report().utf8_repairs += repair_utf8(repaired_);
  const std::size_t size = repaired_.size();
  repaired_.resize(size + kPadding, ' ');
  const std::string_view fixed(repaired_.data(), size);
  if (!simdjson::validate_utf8(fixed.data(), fixed.size())) {  // repair_utf8 left it invalid: do not loop
    ctx_.reject(ErrorCode::malformed, offset, "invalid UTF-8 that could not be repaired");
    return;
  }
  ctx_.bound_offsets(offset + line.size());  // positions in the repaired copy stay on the line
  read_line(fixed, repaired_.size(), offset, cut_if_broken);
  ctx_.bound_offsets(kUnknownOffset);
}

bool RecordReader::map_record(simdjson::ondemand::object record, std::size_t depth, const char* base,
                              std::uint64_t offset) {
  error_ = RecordError{};
  if (mapping_.map(record, depth_left(depth), paper_, error_)) return true;
  paper_.clear();
  error_offset_ = error_.at && error_.at >= base ? offset + static_cast<std::uint64_t>(error_.at - base) : offset;
  if (error_.code != ErrorCode::malformed) ctx_.reject(error_.code, error_offset_, std::move(error_.message));
  return false;
}

void RecordReader::reject_broken(std::string why, std::uint64_t offset, std::uint64_t record_offset,
                                 bool cut_if_broken) {
  if (cut_if_broken) {
    ctx_.report().truncated = true;
    ctx_.warn(ErrorCode::truncated, record_offset, "the input ends in the middle of a record (" + why + ")");
  } else {
    ctx_.reject(ErrorCode::malformed, offset, std::move(why));
  }
}

/**
 * A JSON array whose closing bracket is missing was cut off. Closes it after the last '}' before
 * @p before (the end of the last complete record, or a '}' inside the cut one, which then fails
 * to parse) and returns the length to parse, or 0 when there is no '}'. When the bytes must
 * grow for that, they are copied and ctx is pointed at the copy.
 */
std::size_t close_cut_array(FeedBytes& bytes, std::size_t before, ParseContext& ctx) {
  const std::size_t brace = bytes.view().substr(0, before).rfind('}');
  if (brace == std::string_view::npos) return 0;
  if (brace + 2 > bytes.size()) {
    bytes = FeedBytes(std::string(bytes.view().substr(0, brace + 1)) + "]");
    ctx.set_batch(bytes.view(), 0, 1);
  }
  bytes.data()[brace + 1] = ']';
  return brace + 2;
}

void RecordReader::read_array(FeedBytes& bytes) {
  const std::size_t last = bytes.view().find_last_not_of(" \t\r\n");
  const bool cut = bytes.view()[last] != ']';
  if (cut) {
    ctx_.report().truncated = true;
    ctx_.warn(ErrorCode::truncated, last + 1, "the JSON array is cut off; only its complete records are read");
  }
  // A cut array is closed after one of its last few '}', trying earlier ones while that is not JSON.
  constexpr int kCloseAttempts = 8;
  std::size_t length = bytes.size();
  for (int attempt = 0; attempt < kCloseAttempts; ++attempt) {
    if (cut && (length = close_cut_array(bytes, attempt == 0 ? bytes.size() : length - 2, ctx_)) == 0) break;
    simdjson::ondemand::document doc;
    const error_code code = parser_.iterate(bytes.data(), length, bytes.size() + kPadding).get(doc);
    if (!code) return read_array_elements(doc, bytes.data(), cut);
    if (!cut) {
      ctx_.fail(ErrorCode::malformed, 0, "malformed JSON: " + json::describe(code));
      return;
    }
  }
  ctx_.fail(ErrorCode::truncated, last + 1, "the JSON array is cut off before its first complete record");
}

void RecordReader::read_array_elements(simdjson::ondemand::document& doc, const char* base, bool cut) {
  // Reading cannot go on past broken JSON; in a cut array that is the cut record, already reported.
  auto stop = [&](error_code code, const char* where) {
    if (cut) return;
    ctx_.fail(ErrorCode::malformed, where && where >= base ? static_cast<std::uint64_t>(where - base) : 0,
              "malformed JSON: " + json::describe(code));
  };
  simdjson::ondemand::array records;
  if (auto code = doc.get_array().get(records)) return stop(code, nullptr);
  for (auto element : records) {
    json::value value;
    if (auto code = element.get(value)) return stop(code, nullptr);
    const char* start = json::location_of(value);
    const std::uint64_t offset = start ? static_cast<std::uint64_t>(start - base) : 0;
    simdjson::ondemand::object record;
    if (auto code = value.get_object().get(record)) {
      if (!json::is_type_error(code)) return stop(code, start);
      ctx_.reject(ErrorCode::invalid_value, offset,
                  "expected a JSON object for a record, got " + std::string(json::type_name(value)));
      continue;
    }
    if (!map_record(record, 2, base, offset)) {
      if (error_.code != ErrorCode::malformed) continue;
      if (!cut) ctx_.fail(ErrorCode::malformed, error_offset_, std::move(error_.message));
      return;
    }
    const char* end = nullptr;
    if (doc.current_location().get(end) || end == nullptr) end = base + ctx_.text().size();
    const auto size = static_cast<std::uint64_t>(end - start);
    if (size > ctx_.limits().max_record_bytes) {
      paper_.clear();
      ctx_.reject(ErrorCode::too_large, offset, too_large_message(size, ctx_.limits().max_record_bytes));
      continue;
    }
    ctx_.emit(paper_, offset);
    paper_.clear();
  }
  const char* rest = nullptr;
  if (!cut && !doc.current_location().get(rest)) {
    ctx_.warn(ErrorCode::malformed, static_cast<std::uint64_t>(rest - base), "expected the input to end after the array");
  }
}

/**
 * Streams JSON lines from a file: each batch ends at its last line end, and the partial line
 * after it is carried into the next batch. A line over the record limit is counted while it
 * is skipped, never held.
 */
class LineStreamer {
 public:
  LineStreamer(std::FILE* file, ParseContext& ctx, RecordMapping& mapping)
      : file_(file), ctx_(ctx), reader_(ctx, mapping) {}

  void run(std::string_view prefix);

 private:
  /** A line over the record limit being skipped: where it started and its size so far. */
  struct Oversized {
    std::uint64_t offset = 0;
    std::uint64_t line = 0;
    std::uint64_t size = 0;
  };

  void reserve(std::size_t size);
  std::size_t fill();
  std::size_t skip_oversized();
  std::size_t end_of_lines(std::size_t start, std::size_t unsearched) const;
  void report_oversized();

  std::FILE* file_;
  ParseContext& ctx_;
  RecordReader reader_;
  // The window: carried bytes, then the new batch, then kPadding bytes (not zeroed: simdjson
  // only needs them readable).
  std::unique_ptr<char[]> window_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  std::uint64_t base_offset_ = 0;  // absolute offset of window_[0]
  std::uint64_t base_line_ = 1;    // line number at window_[0]
  std::optional<Oversized> oversized_;
  bool eof_ = false;
};

/** Makes room for @p size bytes plus padding, keeping the bytes in use. */
void LineStreamer::reserve(std::size_t size) {
  if (size + kPadding <= capacity_) return;
  const std::size_t capacity = std::max(size, capacity_ + capacity_ / 2) + kPadding;
  std::unique_ptr<char[]> bigger(new char[capacity]);  // not zeroed: filled before use
  if (size_ > 0) std::memcpy(bigger.get(), window_.get(), size_);
  window_ = std::move(bigger);
  capacity_ = capacity;
}

/** Appends up to one batch from the file; returns the bytes read. */
std::size_t LineStreamer::fill() {
  const std::size_t batch = std::max<std::size_t>(ctx_.options().stream_batch_bytes, 1);
  reserve(size_ + batch);
  std::size_t got = 0;
  while (got < batch && !eof_) {
    const std::size_t n = std::fread(window_.get() + size_ + got, 1, batch - got, file_);
    got += n;
    eof_ = n == 0;
  }
  size_ += got;
  return got;
}

/** Drops the rest of an oversized line from the window start; returns the bytes dropped. */
std::size_t LineStreamer::skip_oversized() {
  const void* newline = std::memchr(window_.get(), '\n', size_);
  const std::size_t length = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - window_.get()) : size_;
  oversized_->size += length;
  if (!newline) return length;
  report_oversized();
  ++base_line_;
  return length + 1;
}

/** The end of the last complete line in the window; only the last @p unsearched bytes can hold it. */
std::size_t LineStreamer::end_of_lines(std::size_t start, std::size_t unsearched) const {
  if (eof_) return size_;
  const std::size_t from = std::max(start, size_ - std::min(unsearched, size_));
  for (std::size_t i = size_; i > from; --i) {
    if (window_[i - 1] == '\n') return i;
  }
  return start;
}

void LineStreamer::report_oversized() {
  ctx_.set_batch({}, oversized_->offset, oversized_->line);
  ctx_.reject(ErrorCode::too_large, 0, too_large_message(oversized_->size, ctx_.limits().max_record_bytes));
  oversized_.reset();
}

void LineStreamer::run(std::string_view prefix) {
  reserve(prefix.size());
  if (!prefix.empty()) std::memcpy(window_.get(), prefix.data(), prefix.size());
  size_ = prefix.size();
  std::size_t unsearched = size_;
  while (!eof_ || size_ > 0) {
    unsearched += fill();
    const std::size_t start = oversized_ ? skip_oversized() : 0;
    const std::size_t end = end_of_lines(start, unsearched);
    const std::string_view lines(window_.get() + start, end - start);
    ctx_.set_batch(lines, base_offset_ + start, base_line_);
    base_line_ += reader_.read_lines(lines, 0, capacity_ - start, eof_);
    // Carry the partial last line to the window start; it holds no line end.
    base_offset_ += end;
    size_ -= end;
    std::memmove(window_.get(), window_.get() + end, size_);
    unsearched = 0;
    if (size_ > ctx_.limits().max_record_bytes) {
      oversized_ = Oversized{base_offset_, base_line_, size_};
      base_offset_ += size_;
      size_ = 0;
    }
  }
  if (oversized_) report_oversized();
  ctx_.report().bytes = base_offset_;
  if (std::ferror(file_)) {
    ctx_.set_batch({}, base_offset_, base_line_);
    ctx_.fail(ErrorCode::io_error, 0, std::string("read error: ") + std::strerror(errno));
  }
}

}  // namespace

bool field_error(RecordError& error, error_code code, std::string_view key, std::string_view expected,
                 json::value value) {
  error.at = json::location_of(value);
  json_type type;
  // A value of no JSON type at all (`"title": ,`) is broken JSON, whatever the getter said.
  const error_code type_code = value.type().get(type);
  if (json::is_type_error(code) && !type_code) {
    error.code = ErrorCode::invalid_value;
    error.message = "expected " + std::string(expected) + " for \"" + shown_text(key) + "\", got " +
                    std::string(json::type_name(type));
  } else {
    error.code = ErrorCode::malformed;
    error.message = "malformed JSON in \"" + shown_text(key) + "\": " + json::describe(type_code ? type_code : code);
  }
  return false;
}

bool broken_record(RecordError& error, error_code code) {
  error.code = ErrorCode::malformed;
  error.message = "malformed JSON: " + json::describe(code);
  return false;
}

bool read_text(json::value value, std::string_view key, RecordError& error, std::string_view& out) {
  const error_code code = value.get_string().get(out);
  if (!code) return true;
  out = {};
  return (code == simdjson::INCORRECT_TYPE && json::is_null(value)) || field_error(error, code, key, "a string", value);
}

bool read_count(json::value value, std::string_view key, RecordError& error, std::optional<std::int64_t>& out) {
  if (auto code = json::read_int(value, out)) return field_error(error, code, key, "a count", value);
  return true;
}

bool read_arxiv_id(std::string_view text, json::value value, std::string_view key, Paper& paper,
                   RecordError& error) {
  if (text.empty()) return true;
  if (is_canonical_new_style_id(text)) {
    paper.id.assign(text);
    return true;
  }
  if (auto id = normalize_arxiv_id(text)) {
    paper.id = std::move(*id);
    return true;
  }
  error.at = json::location_of(value);
  error.code = ErrorCode::invalid_value;
  error.message = "expected an arXiv id for \"" + shown_text(key) + "\", got \"" + shown_text(text) + "\"";
  return false;
}

bool CategoryFilter::is_arxiv(std::string_view term) {
  constexpr std::size_t kMaxRemembered = 4096;
  std::string key(term);
  if (auto it = seen_.find(key); it != seen_.end()) return it->second;
  if (seen_.size() >= kMaxRemembered) seen_.clear();
  const bool arxiv = is_arxiv_category(term);
  seen_.emplace(std::move(key), arxiv);
  return arxiv;
}

bool skip_unknown(json::value value, std::string_view key, std::size_t depth_left, RecordError& error) {
  json_type type;
  if (auto code = value.type().get(type)) return field_error(error, code, key, "a JSON value", value);
  if (type != json_type::array && type != json_type::object) return true;
  if (depth_left == 0) {
    error.at = json::location_of(value);
    error.code = ErrorCode::too_deep;
    error.message = "\"" + shown_text(key) + "\" nests deeper than the limit";
    return false;
  }
  if (type == json_type::array) {
    simdjson::ondemand::array items;
    if (auto code = value.get_array().get(items)) return field_error(error, code, key, "an array", value);
    for (auto item : items) {
      json::value child;
      if (auto code = std::move(item).get(child)) return broken_record(error, code);
      if (!skip_unknown(child, key, depth_left - 1, error)) return false;
    }
    return true;
  }
  simdjson::ondemand::object fields;
  if (auto code = value.get_object().get(fields)) return field_error(error, code, key, "an object", value);
  for (auto field : fields) {
    json::value child;
    if (auto code = field.value().get(child)) return broken_record(error, code);
    if (!skip_unknown(child, key, depth_left - 1, error)) return false;
  }
  return true;
}

void read_json_records(FeedBytes& bytes, ParseContext& ctx, RecordMapping& mapping) {
  RecordReader reader(ctx, mapping);
  const std::string_view text = bytes.view();
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return;  // empty, or only blank lines: no records
  if (text[first] == '[') return reader.read_array(bytes);
  if (text[first] != '{') {
    ctx.fail(ErrorCode::malformed, first, "expected a JSON array of records or one JSON object per line");
    return;
  }
  reader.read_lines(text, 0, text.size() + kPadding, true);
}

void stream_json_lines(std::FILE* file, std::string_view prefix, ParseContext& ctx, RecordMapping& mapping) {
  LineStreamer(file, ctx, mapping).run(prefix);
}

}  // namespace paperfeed::detail
