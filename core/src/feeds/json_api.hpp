#pragma once
// Internal: JSON API responses (hf-daily, s2, pwc): a list of records, a wrapper object holding
// the list beside paging keys, or one record object. The records go through a RecordMapping and
// the field helpers of feeds/json_records.hpp.

#include <simdjson.h>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feeds/json_records.hpp"
#include "feeds/json_util.hpp"
#include "feeds/parse_context.hpp"
#include "paperfeed/feeds.hpp"

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
