#pragma once
// Internal: small helpers over simdjson On-Demand shared by the JSON feed parsers. They never
// throw (the core builds with SIMDJSON_EXCEPTIONS=0) and treat JSON null as "unknown".

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feeds/parse_context.hpp"

namespace paperfeed::detail::json {

using simdjson::error_code;
using simdjson::ondemand::value;

/** Reads a string into @p out; null leaves @p out empty. Other types give INCORRECT_TYPE. */
error_code read_string(value v, std::string& out);

/** Reads an array of strings (null items skipped); null leaves @p out empty. */
error_code read_string_list(value v, std::vector<std::string>& out);

/** Reads an integer (a JSON number, or a string of digits as some APIs send); null gives nullopt. */
error_code read_int(value v, std::optional<std::int64_t>& out);

/** True when @p v is JSON null. */
bool is_null(value v);

/** The JSON type of @p v in words ("string", "null", "array", …) for messages. */
std::string_view type_name(value v);

/** The name of a JSON type in words ("a string", "null", "an array", …) for messages. */
std::string_view type_name(simdjson::ondemand::json_type type);

/** Where the value @p v starts in the parsed text, or nullptr when unknown. */
const char* location_of(value v);

/** True when @p error means the value has another type or range than asked for (not broken JSON). */
bool is_type_error(error_code error);

/** Byte offset of the value @p v within @p base (for error positions); 0 when unknown. */
std::uint64_t offset_of(value v, const char* base);

/** simdjson's error in words, lower-case, without trailing period. */
std::string describe(error_code error);

}  // namespace paperfeed::detail::json

// ---------------------------------------------------------------------------------------------
// JSON API responses (hf-daily, s2, pwc): a list of records, a wrapper object holding the list
// beside paging keys, or one record object. The records go through a RecordMapping and the
// field helpers of feeds/json_records.hpp.

namespace paperfeed::detail {
struct RecordError;   // feeds/json_records.hpp
class RecordMapping;  // feeds/json_records.hpp
}  // namespace paperfeed::detail

namespace paperfeed::detail::json {

/** How the responses of one JSON API hold their records, for read_api_response(). */
struct ApiLayout {
  /** Keys under which a wrapper object holds the list of records ("data", "results", "papers"). */
  std::span<const std::string_view> list_keys;
  /** What to do instead, said when a list holds Python repr() strings ("re-fetch from …"). */
  std::string_view refetch_hint;
};

/**
 * Reads one JSON API response into ctx.emit() through @p mapping. The document is a list of
 * record objects; or a wrapper object with the list under one of layout.list_keys, whose
 * `total`/`count`, `offset` and `next`/`token` fill the report's paging fields (other keys are
 * skipped); or one record object (an object without any list key). A record that is not an
 * object, is over Limits::max_record_bytes or fails its mapping is rejected and the rest still
 * loads; a list of Python repr() strings stops reading, naming layout.refetch_hint. Broken JSON
 * stops reading and keeps the records before it. A text cut off before it ends is read up to
 * the cut and reported as truncated (ErrorCode::truncated). The parser is created with
 * Limits::max_depth; nesting is checked while records are read: a record at depth d (the
 * document is depth 1) is mapped with max_depth - d - 1 levels left for its field values.
 */
void read_api_response(FeedBytes& bytes, ParseContext& ctx, RecordMapping& mapping, const ApiLayout& layout);

/**
 * Opens the value of @p key as an object whose fields a mapping reads: another type fails the
 * record (`expected an object for "<key>", got …`), and so does any object when @p depth_left
 * (the levels the value may still open) is 0. Check is_null() first where null means unknown.
 */
bool open_object(value v, std::string_view key, std::size_t depth_left, RecordError& error,
                 simdjson::ondemand::object& out);

/**
 * Reads a list of authors into @p names, each through clean_name (empty names dropped): items
 * are strings (Papers with Code) or objects with a "name" (Hugging Face, Semantic Scholar; their
 * other keys are skipped). Null is an empty list; anything else fails the record.
 */
bool read_author_names(value v, std::string_view key, std::size_t depth_left, RecordError& error,
                       std::vector<std::string>& names);

/**
 * The entry of @p table named @p key, or @p otherwise: turns an object key into an enum for a
 * `switch` while iterating fields in document order.
 */
template <class Key, std::size_t N>
constexpr Key key_in(std::string_view key, const std::pair<std::string_view, Key> (&table)[N], Key otherwise) {
  for (const auto& [name, which] : table) {
    if (name == key) return which;
  }
  return otherwise;
}

}  // namespace paperfeed::detail::json
