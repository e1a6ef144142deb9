#include "feeds/json_api.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "paperfeed/normalize.hpp"

namespace paperfeed::detail::json {

namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::object;

constexpr std::string_view kSpace = " \t\r\n";

/** The bracket that closes a JSON text opening with @p open, or 0 when it is no container. */
char closer_of(char open) { return open == '[' ? ']' : open == '{' ? '}' : 0; }

/** The opening quote of the string that @p text leaves open at its end: its last unescaped quote. */
std::size_t open_string_start(std::string_view text) {
  for (std::size_t i = text.size(); i-- > 0;) {
    if (text[i] != '"') continue;
    std::size_t backslashes = 0;
    while (backslashes < i && text[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return i;
  }
  return 0;
}

/**
 * True when @p text stops inside a string or with brackets left open: cut off, not broken. For
 * the texts whose last character happens to close the document's outer bracket kind.
 */
bool is_cut_off(std::string_view text) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    switch (text[i]) {
      case '"':
        for (++i; i < text.size() && text[i] != '"'; ++i) {
          if (text[i] == '\\') ++i;  // skips the escaped character
        }
        if (i >= text.size()) return true;
        break;
      case '[':
      case '{': ++depth; break;
      case ']':
      case '}':
        if (depth == 0) return false;
        --depth;
        break;
      default: break;
    }
  }
  return depth > 0;
}

/** True for a string item that is a Python repr() of a dict (`{'paper': {'id': …`). */
bool is_python_repr(std::string_view text) {
  const std::size_t start = text.find_first_not_of(kSpace);
  return start != std::string_view::npos && text.substr(start, 2) == "{'";
}

/** Fills @p error for the value of @p key that opens more levels than the limit allows. Returns false. */
bool too_deep(RecordError& error, std::string_view key, value v) {
  error.at = location_of(v);
  error.code = ErrorCode::too_deep;
  error.message = "\"" + shown_text(key) + "\" nests deeper than the limit";
  return false;
}

/** Reads one API response; see read_api_response(). Offsets are relative to ctx.text(). */
class ApiResponseReader {
 public:
  ApiResponseReader(FeedBytes& bytes, ParseContext& ctx, RecordMapping& mapping, const ApiLayout& layout)
      : bytes_(bytes), ctx_(ctx), mapping_(mapping), layout_(layout) {}

  void run() {
    if (open() && read_root()) finish();
  }

 private:
  bool open();
  bool close_cut_text(std::size_t cut, char closer);
  bool read_root();
  bool read_root_object(object& root);
  bool read_single(object& root);
  bool read_wrapper(object& root);
  bool read_wrapped_list(std::string_view key, value list);
  bool read_paging(std::string_view key, value v);
  bool read_list(simdjson::ondemand::array& list, std::size_t depth);
  bool read_element(value element, std::size_t depth);
  bool read_string_element(value element, std::uint64_t offset);
  bool read_record(object& record, std::size_t depth, std::uint64_t offset);
  void reject_oversized(std::uint64_t offset, std::size_t size);
  void finish();

  bool stop(error_code code, const char* at);
  bool stop(ErrorCode code, const char* at, std::string message);
  bool is_list_key(std::string_view key) const;
  /** As is_list_key(std::string_view) for a key as written (one with escapes matches none). */
  bool is_list_key(simdjson::ondemand::raw_json_string key) const;
  bool within_depth_limit(std::size_t depth) const { return depth < ctx_.limits().max_depth; }
  std::size_t depth_left(std::size_t depth) const;
  std::uint64_t offset_at(const char* at) const;
  std::string kept_records() const;

  FeedBytes& bytes_;
  ParseContext& ctx_;
  RecordMapping& mapping_;
  const ApiLayout& layout_;
  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document doc_;
  FeedBytes closed_;                 // a cut-off text up to the cut, closed again
  const char* base_ = nullptr;       // start of the text being parsed (bytes_ or closed_)
  std::optional<std::size_t> cut_;   // where a cut-off text stops
  bool whole_document_read_ = true;  // false once the root record was rejected half-read
  Paper paper_;
  RecordError error_;
};

bool ApiResponseReader::open() {
  const std::string_view text = bytes_.view();
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    ctx_.fail(ErrorCode::malformed, 0, "empty input: expected a JSON array or object");
    return false;
  }
  if (ctx_.limits().max_depth < 2) {
    ctx_.fail(ErrorCode::too_deep, first, "a depth limit of " + std::to_string(ctx_.limits().max_depth) +
                                              " leaves no room for records inside the document");
    return false;
  }
  const std::size_t capacity = bytes_.size() + FeedBytes::kPadding;
  parser_ = simdjson::ondemand::parser(capacity);
  if (auto code = parser_.allocate(capacity, ctx_.limits().max_depth)) {
    ctx_.fail(ErrorCode::too_large, 0, "cannot parse " + std::to_string(bytes_.size()) + " bytes: " + describe(code));
    return false;
  }
  base_ = bytes_.data();
  const char closer = closer_of(text[first]);
  const error_code code = parser_.iterate(bytes_.data(), bytes_.size(), capacity).get(doc_);
  if (code == simdjson::UNCLOSED_STRING && closer != 0) return close_cut_text(open_string_start(text), closer);
  if (code) return stop(code, base_);
  if (closer != 0 && text[text.find_last_not_of(kSpace)] != closer) return close_cut_text(text.size(), closer);
  return true;
}

// simdjson refuses an unclosed document outright. Closing it right where it stops (before a
// string it leaves open) lets every record before the cut be read; the cut one then fails.
bool ApiResponseReader::close_cut_text(std::size_t cut, char closer) {
  std::string closed(bytes_.view().substr(0, cut));
  closed += closer;
  closed_ = FeedBytes(std::move(closed));
  base_ = closed_.data();
  cut_ = cut;
  const std::size_t capacity = closed_.size() + FeedBytes::kPadding;
  if (auto code = parser_.iterate(closed_.data(), closed_.size(), capacity).get(doc_)) return stop(code, base_);
  return true;
}

bool ApiResponseReader::read_root() {
  json_type type;
  if (auto code = doc_.type().get(type)) return stop(code, base_);
  if (type == json_type::array) {
    simdjson::ondemand::array list;
    if (auto code = doc_.get_array().get(list)) return stop(code, base_);
    return read_list(list, 1);
  }
  if (type == json_type::object) {
    object root;
    if (auto code = doc_.get_object().get(root)) return stop(code, base_);
    return read_root_object(root);
  }
  const std::size_t first = bytes_.view().find_first_not_of(kSpace);
  ctx_.fail(ErrorCode::invalid_value, first,
            "expected a JSON array or object of records, got " + std::string(type_name(type)));
  return false;
}

// A wrapper is told from a record by its keys, which are looked at before any value is read.
bool ApiResponseReader::read_root_object(object& root) {
  bool wrapper = false;
  for (auto field : root) {
    // The keys as written: unescaping them here would fill the parser's string buffer, which
    // is sized for one reading of the document, and the object is read again below.
    simdjson::ondemand::raw_json_string key;
    if (auto code = field.key().get(key)) return stop(code, nullptr);
    if (is_list_key(key)) {
      wrapper = true;
      break;
    }
  }
  bool has_fields = false;
  if (auto code = root.reset().get(has_fields)) return stop(code, nullptr);
  return wrapper ? read_wrapper(root) : read_single(root);
}

bool ApiResponseReader::read_single(object& root) {
  const std::string_view text = bytes_.view();
  const std::size_t first = text.find_first_not_of(kSpace);
  const std::size_t size = text.find_last_not_of(kSpace) + 1 - first;
  if (size > ctx_.limits().max_record_bytes) {
    whole_document_read_ = false;
    reject_oversized(first, size);
    return true;
  }
  return read_record(root, 1, first);
}

bool ApiResponseReader::read_wrapper(object& root) {
  for (auto field : root) {
    std::string_view key;
    value v;
    if (auto code = field.unescaped_key().get(key)) return stop(code, nullptr);
    if (auto code = field.value().get(v)) return stop(code, nullptr);
    if (!(is_list_key(key) ? read_wrapped_list(key, v) : read_paging(key, v))) return false;
  }
  return true;
}

bool ApiResponseReader::read_wrapped_list(std::string_view key, value list_value) {
  if (is_null(list_value)) return true;
  const char* at = location_of(list_value);
  if (!within_depth_limit(2)) {
    ctx_.fail(ErrorCode::too_deep, offset_at(at), "\"" + shown_text(key) + "\" nests deeper than the limit");
    return false;
  }
  simdjson::ondemand::array list;
  if (auto code = list_value.get_array().get(list)) {
    if (!is_type_error(code)) return stop(code, at);
    ctx_.fail(ErrorCode::invalid_value, offset_at(at),
              "expected a list of records for \"" + shown_text(key) + "\", got " + std::string(type_name(list_value)));
    return false;
  }
  return read_list(list, 2);
}

// Paging keys of the wrapper; a value of the wrong type is noted and reading goes on.
bool ApiResponseReader::read_paging(std::string_view key, value v) {
  FeedReport& report = ctx_.report();
  const bool total = key == "total" || key == "count";
  const bool next = key == "next" || key == "token";
  if (!total && !next && key != "offset") {
    error_ = RecordError{};
    if (skip_unknown(v, key, depth_left(1), error_)) return true;
    return stop(error_.code, error_.at, std::move(error_.message));
  }
  const char* at = location_of(v);
  json_type type;
  if (auto code = v.type().get(type)) return stop(code, at);
  std::optional<std::int64_t> number;
  std::string_view text;
  if (next && type == json_type::string) {
    if (auto code = v.get_string().get(text)) return stop(code, at);
    report.next_page.assign(text);
  } else if (type != json_type::null) {
    if (auto code = read_int(v, number); code && !is_type_error(code)) return stop(code, at);
    if (!number || *number < 0) {
      ctx_.warn(ErrorCode::invalid_value, offset_at(at),
                "expected a count for \"" + shown_text(key) + "\", got " + std::string(type_name(type)));
    } else if (total) {
      report.total_results = static_cast<std::uint64_t>(*number);
    } else if (next) {
      report.next_page = std::to_string(*number);
    } else {
      report.start_index = static_cast<std::uint64_t>(*number);
    }
  }
  return true;
}

bool ApiResponseReader::read_list(simdjson::ondemand::array& list, std::size_t depth) {
  for (auto element_result : list) {
    value element;
    if (auto code = element_result.get(element)) return stop(code, nullptr);
    if (!read_element(element, depth + 1)) return false;
  }
  return true;
}

bool ApiResponseReader::read_element(value element, std::size_t depth) {
  const char* at = location_of(element);
  const std::uint64_t offset = offset_at(at);
  json_type type;
  if (auto code = element.type().get(type)) return stop(code, at);
  if (type == json_type::string) return read_string_element(element, offset);
  if (type != json_type::object) {
    ctx_.reject(ErrorCode::invalid_value, offset, "expected an object for a record, got " + std::string(type_name(type)));
    return true;
  }
  if (!within_depth_limit(depth)) {
    ctx_.reject(ErrorCode::too_deep, offset, "the record nests deeper than the limit");
    return true;
  }
  object record;
  if (auto code = element.get_object().get(record)) return stop(code, at);
  // The record's extent is known before it is read: one over the limit is skipped unread.
  std::string_view raw;
  if (auto code = record.raw_json().get(raw)) return stop(code, at);
  if (raw.size() > ctx_.limits().max_record_bytes) {
    reject_oversized(offset, raw.size());
    return true;
  }
  bool has_fields = false;
  if (auto code = record.reset().get(has_fields)) return stop(code, at);
  return read_record(record, depth, offset);
}

bool ApiResponseReader::read_string_element(value element, std::uint64_t offset) {
  std::string_view text;
  if (auto code = element.get_string().get(text)) return stop(code, location_of(element));
  if (is_python_repr(text)) {
    ctx_.fail(ErrorCode::invalid_value, offset,
              "items are Python repr() strings, not JSON objects (a broken archiver dump); " +
                  std::string(layout_.refetch_hint));
    return false;
  }
  ctx_.reject(ErrorCode::invalid_value, offset, "expected an object for a record, got a string");
  return true;
}

bool ApiResponseReader::read_record(object& record, std::size_t depth, std::uint64_t offset) {
  paper_.clear();
  error_ = RecordError{};
  if (mapping_.map(record, depth_left(depth), paper_, error_)) {
    ctx_.emit(paper_, offset);
    return true;
  }
  const char* at = error_.at != nullptr ? error_.at : base_ + offset;
  // A record that reaches the cut fails whatever its mapping makes of the closing bracket.
  if (error_.code == ErrorCode::malformed || (cut_ && at >= base_ + *cut_)) {
    return stop(error_.code, at, std::move(error_.message));
  }
  if (depth == 1) whole_document_read_ = false;
  ctx_.reject(error_.code, offset_at(at), std::move(error_.message));
  return true;
}

void ApiResponseReader::reject_oversized(std::uint64_t offset, std::size_t size) {
  ctx_.reject(ErrorCode::too_large, offset,
              "record of " + std::to_string(size) + " bytes is over the limit of " +
                  std::to_string(ctx_.limits().max_record_bytes) + " bytes");
}

void ApiResponseReader::finish() {
  if (cut_) {
    ctx_.report().truncated = true;
    ctx_.fail(ErrorCode::truncated, *cut_,
              "the input stops before the JSON document is closed; " + kept_records());
    return;
  }
  const char* rest = nullptr;
  if (whole_document_read_ && !doc_.current_location().get(rest)) {
    ctx_.fail(ErrorCode::malformed, offset_at(rest), "expected the input to end after the JSON document, found more");
  }
}

bool ApiResponseReader::stop(error_code code, const char* at) {
  if (at == nullptr && doc_.current_location().get(at)) at = nullptr;
  return stop(ErrorCode::malformed, at, "malformed JSON: " + describe(code));
}

bool ApiResponseReader::stop(ErrorCode code, const char* at, std::string message) {
  if (!cut_ && code == ErrorCode::malformed && is_cut_off(bytes_.view())) cut_ = bytes_.size();
  if (cut_) {
    ctx_.report().truncated = true;
    ctx_.fail(ErrorCode::truncated, *cut_, "the input stops in the middle of a record; " + kept_records());
  } else {
    ctx_.fail(code, offset_at(at), std::move(message));
  }
  return false;
}

bool ApiResponseReader::is_list_key(std::string_view key) const {
  return std::find(layout_.list_keys.begin(), layout_.list_keys.end(), key) != layout_.list_keys.end();
}

bool ApiResponseReader::is_list_key(simdjson::ondemand::raw_json_string key) const {
  return std::any_of(layout_.list_keys.begin(), layout_.list_keys.end(), [&](std::string_view list_key) { return key.is_equal(list_key); });
}

// Levels a field value of a container at @p depth may still open (the root container is depth 1).
std::size_t ApiResponseReader::depth_left(std::size_t depth) const {
  const std::size_t max = ctx_.limits().max_depth;
  return max > depth + 1 ? max - depth - 1 : 0;
}

std::uint64_t ApiResponseReader::offset_at(const char* at) const {
  return at != nullptr && at >= base_ ? static_cast<std::uint64_t>(at - base_) : 0;
}

std::string ApiResponseReader::kept_records() const {
  return "the " + std::to_string(ctx_.report().records) + " records before the cut were kept";
}

}  // namespace

void read_api_response(FeedBytes& bytes, ParseContext& ctx, RecordMapping& mapping, const ApiLayout& layout) {
  ApiResponseReader(bytes, ctx, mapping, layout).run();
}

bool open_object(value v, std::string_view key, std::size_t depth_left, RecordError& error, object& out) {
  if (depth_left == 0) return too_deep(error, key, v);
  if (auto code = v.get_object().get(out)) return field_error(error, code, key, "an object", v);
  return true;
}

bool read_author_names(value v, std::string_view key, std::size_t depth_left, RecordError& error,
                       std::vector<std::string>& names) {
  names.clear();
  if (is_null(v)) return true;
  constexpr std::string_view kExpected = "names or objects with a \"name\"";
  if (depth_left == 0) return too_deep(error, key, v);
  simdjson::ondemand::array items;
  if (auto code = v.get_array().get(items)) return field_error(error, code, key, "a list of authors", v);
  for (auto item_result : items) {
    value item;
    if (auto code = item_result.get(item)) return broken_record(error, code);
    json_type type;
    if (auto code = item.type().get(type)) return field_error(error, code, key, kExpected, item);
    std::string_view name;
    if (type == json_type::object) {
      object author;
      if (!open_object(item, key, depth_left - 1, error, author)) return false;
      const bool read = for_each_field(author, error, [&](std::string_view field, value field_value) {
        if (field == "name") return read_text(field_value, field, error, name);
        return skip_unknown(field_value, field, depth_left - 2, error);
      });
      if (!read) return false;
    } else if (type == json_type::string) {
      if (auto code = item.get_string().get(name)) return field_error(error, code, key, kExpected, item);
    } else if (type != json_type::null) {
      return field_error(error, simdjson::INCORRECT_TYPE, key, kExpected, item);
    }
    std::string cleaned = clean_name(name);
    if (!cleaned.empty()) names.push_back(std::move(cleaned));
  }
  return true;
}

}  // namespace paperfeed::detail::json
