#pragma once
// Internal: the reader shared by the formats whose feeds are a JSON array of records or JSON
// lines (arxiv-oai, daily-arxiv, paperfeed). It finds the records, in memory or streamed from a
// file, and hands each one as an On-Demand object to the format's RecordMapping, which fills a
// Paper that the reader reuses from record to record. The formats differ only in that mapping.

#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "feeds/json_util.hpp"
#include "feeds/parse_context.hpp"
#include "paperfeed/paper.hpp"
#include "paperfeed/status.hpp"

namespace paperfeed::detail {

/** Why one record could not be mapped, filled by a RecordMapping that returns false. */
struct RecordError {
  ErrorCode code = ErrorCode::ok;
  /** Where in the record's text the problem is, or nullptr for the start of the record. */
  const char* at = nullptr;
  /** What was expected and what was found, naming the field. */
  std::string message;
};

/** One format's per-record mapping from a JSON object to a Paper. */
class RecordMapping {
 public:
  virtual ~RecordMapping() = default;

  /**
   * Fills @p paper (empty on entry) from @p record. Returns false, with @p error filled, when
   * the record cannot be used; ErrorCode::malformed there means the JSON itself is broken.
   * @p depth_left is how many levels below a field's value the JSON may still nest (the
   * Limits::max_depth left), for skip_unknown().
   */
  virtual bool map(simdjson::ondemand::object record, std::size_t depth_left, Paper& paper, RecordError& error) = 0;
};

/** The mapping of the arXiv metadata snapshot (arxiv_oai.cpp). */
std::unique_ptr<RecordMapping> arxiv_oai_mapping(const ParseContext& ctx);
/** The mapping of "daily arXiv" bot lines (daily_arxiv.cpp); the file name gives `announced`. */
std::unique_ptr<RecordMapping> daily_arxiv_mapping(const ParseContext& ctx);
/** The mapping of paperfeed's own canonical records (paperfeed_jsonl.cpp). */
std::unique_ptr<RecordMapping> paperfeed_mapping(const ParseContext& ctx);

/**
 * Reads every record of @p bytes, a JSON array of objects or JSON lines (one object per line;
 * blank lines and CR line ends allowed), through @p mapping into ctx.emit().
 */
void read_json_records(FeedBytes& bytes, ParseContext& ctx, RecordMapping& mapping);

/**
 * Reads JSON lines from @p file in batches of ctx.options().stream_batch_bytes, @p prefix being
 * the bytes already read from it. Holds at most one batch plus the longest accepted record;
 * a longer line is rejected and skipped without being held whole.
 */
void stream_json_lines(std::FILE* file, std::string_view prefix, ParseContext& ctx, RecordMapping& mapping);

// Helpers for the mappings. Each returns false after filling @p error, so a mapping can write
// `if (!read_text(value, "title", error, text)) return false;`.

/**
 * Fills @p error for the value of @p key that failed with @p code: a wrong type becomes
 * ErrorCode::invalid_value, `expected <expected> for "<key>", got <type>`; anything else is
 * broken JSON (ErrorCode::malformed). Returns false.
 */
bool field_error(RecordError& error, simdjson::error_code code, std::string_view key, std::string_view expected,
                 json::value value);

/** Fills @p error for JSON that broke between fields (ErrorCode::malformed). Returns false. */
bool broken_record(RecordError& error, simdjson::error_code code);

/** Reads a string or null (empty) for @p key into @p out; the view lives as long as the record. */
bool read_text(json::value value, std::string_view key, RecordError& error, std::string_view& out);

/** Reads an integer, a string of digits, or null (nullopt) for @p key into @p out. */
bool read_count(json::value value, std::string_view key, RecordError& error, std::optional<std::int64_t>& out);

/**
 * Sets paper.id from @p text, the string value @p value of @p key, through normalize_arxiv_id;
 * empty text leaves the id empty, text that holds no arXiv id fails the record.
 */
bool read_arxiv_id(std::string_view text, json::value value, std::string_view key, Paper& paper,
                   RecordError& error);

/**
 * Turns object keys into a mapping's enum through a table of known keys, trying first the entry
 * after the last key found: the records of one feed list their keys in the same order, so each
 * key is then found at the first comparison.
 */
template <class Key, std::size_t N>
class KeyLookup {
 public:
  /** @p table lists the known keys (best in their usual order); other keys give @p otherwise. */
  constexpr KeyLookup(const std::pair<std::string_view, Key> (&table)[N], Key otherwise)
      : table_(table), otherwise_(otherwise) {}

  /** The entry of @p key, or the `otherwise` value. */
  Key find(std::string_view key) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      const std::size_t at = next_ + i < N ? next_ + i : next_ + i - N;
      if (table_[at].first == key) {
        next_ = at + 1 < N ? at + 1 : 0;
        return table_[at].second;
      }
    }
    return otherwise_;
  }

 private:
  const std::pair<std::string_view, Key> (&table_)[N];
  Key otherwise_;
  std::size_t next_ = 0;
};

/**
 * is_arxiv_category() remembering its answers: a feed names the same few hundred categories
 * over and over. The memo is bounded (cleared when full).
 */
class CategoryFilter {
 public:
  /** True when @p term is an arXiv category. */
  bool is_arxiv(std::string_view term);

 private:
  std::unordered_map<std::string, bool> seen_;
};

/**
 * Skips the value of a key the mapping does not use, checking that it nests no deeper than
 * @p depth_left further levels (ErrorCode::too_deep otherwise).
 */
bool skip_unknown(json::value value, std::string_view key, std::size_t depth_left, RecordError& error);

/**
 * The key of @p field. Keys without escapes (all in practice) are read in place, without the
 * copy unescaping makes.
 */
inline simdjson::error_code read_key(simdjson::ondemand::field& field, std::string_view& key) {
  const char* start = field.key().raw();
  const char* end = start;
  while (*end != '"' && *end != '\\') ++end;  // a validated string ends with a quote
  if (*end == '"') {
    key = std::string_view(start, static_cast<std::size_t>(end - start));
    return simdjson::SUCCESS;
  }
  return field.unescaped_key().get(key);
}

/**
 * Calls @p each(key, value) for every field of @p record, in order; stops when it returns false.
 */
template <class Each>
bool for_each_field(simdjson::ondemand::object record, RecordError& error, Each&& each) {
  for (auto field_result : record) {
    simdjson::ondemand::field field;
    if (auto code = std::move(field_result).get(field)) return broken_record(error, code);
    std::string_view key;
    if (auto code = read_key(field, key)) return broken_record(error, code);
    if (!each(key, field.value())) return false;
  }
  return true;
}

/**
 * Calls @p each with every string of an array (null items skipped) for @p key; null is an
 * empty list. An item of another type fails the record.
 */
template <class Each>
bool for_each_string(json::value value, std::string_view key, RecordError& error, Each&& each) {
  if (json::is_null(value)) return true;
  simdjson::ondemand::array items;
  if (auto code = value.get_array().get(items)) return field_error(error, code, key, "a list of strings", value);
  for (auto item_result : items) {
    json::value item;
    if (auto code = std::move(item_result).get(item)) return broken_record(error, code);
    std::string_view text;
    if (auto code = item.get_string().get(text)) {
      if (code == simdjson::INCORRECT_TYPE && json::is_null(item)) continue;
      return field_error(error, code, key, "strings in a list", item);
    }
    each(text);
  }
  return true;
}

}  // namespace paperfeed::detail
