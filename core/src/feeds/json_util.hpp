#pragma once
// Internal: small helpers over simdjson On-Demand shared by the JSON feed parsers. They never
// throw (the core builds with SIMDJSON_EXCEPTIONS=0) and treat JSON null as "unknown".

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <optional>
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

/**
 * Reads an integer (a JSON number, or a string of digits as some APIs send); null gives nullopt.
 * A fraction is rounded toward zero; a number beyond int64 (`2e21`) is held at INT64_MAX/MIN.
 */
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
