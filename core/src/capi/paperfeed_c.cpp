// The C API (paperfeed.h): a handle owning an Index and, once the first query arrives, the
// Searcher over it; options arrive as JSON, results and errors leave as malloc'd JSON strings.

#include "paperfeed/paperfeed.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "paperfeed/export.hpp"
#include "paperfeed/feeds.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/normalize.hpp"
#include "paperfeed/search.hpp"

struct pf_index {
  paperfeed::Index index;
  /** Created by the first query; it reads papers added later, so it lives as long as the handle. */
  std::optional<paperfeed::Searcher> searcher;
};

namespace paperfeed {
namespace {

using Json = nlohmann::ordered_json;

/** The library version pf_version reports: the project version in CMakeLists.txt. */
constexpr const char* kVersion = PAPERFEED_VERSION;

/** @p text copied into a NUL-terminated malloc'd buffer, or nullptr when out of memory. */
char* copy_out(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

/** @p value as a message quotes it: its JSON text, short and printable. */
std::string shown_json(const Json& value) { return shown_text(dump(value), 60); }

/** A JSON number, or null when @p value is @p unknown. */
Json known_or_null(std::uint64_t value, std::uint64_t unknown) { return value == unknown ? Json(nullptr) : Json(value); }

Json error_json(const Error& error) {
  Json out;
  out["code"] = error_code_name(error.code);
  out["message"] = error.message;
  out["file"] = error.file.empty() ? Json(nullptr) : Json(error.file);
  out["offset"] = known_or_null(error.offset, kUnknownOffset);
  out["line"] = known_or_null(error.line, 0);
  out["column"] = known_or_null(error.column, 0);
  return out;
}

/** Stores @p error as JSON through @p out, when the caller asked for it. */
void store_error(char** out, const Error& error) {
  if (out != nullptr) *out = copy_out(dump(error_json(error)));
}

void clear_error(char** out) {
  if (out != nullptr) *out = nullptr;
}

Error invalid_argument(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

// --- Search options -------------------------------------------------------------------------

constexpr std::pair<std::string_view, std::size_t SearchOptions::*> kCountOptions[] = {
    {"limit", &SearchOptions::limit},
    {"offset", &SearchOptions::offset},
    {"facet_limit", &SearchOptions::facet_limit},
    {"snippet_chars", &SearchOptions::snippet_chars},
};

constexpr std::pair<std::string_view, bool SearchOptions::*> kFlagOptions[] = {
    {"facets", &SearchOptions::facets},
    {"snippets", &SearchOptions::snippets},
};

Status apply_sort(const Json& value, SearchOptions& options) {
  const auto order = value.is_string() ? sort_order_from_name(value.get_ref<const std::string&>()) : std::nullopt;
  if (!order) {
    return invalid_argument("options: \"sort\" must be one of \"relevance\", \"trending\", \"recent\", \"upvotes\", "
                            "\"stars\", \"citations\", got " + shown_json(value));
  }
  options.sort = *order;
  return {};
}

Status apply_option(const std::string& key, const Json& value, SearchOptions& options) {
  if (key == "sort") return apply_sort(value, options);
  for (const auto& [name, member] : kCountOptions) {
    if (key != name) continue;
    if (!value.is_number_unsigned()) {
      return invalid_argument("options: \"" + key + "\" must be a non-negative integer, got " + shown_json(value));
    }
    // Held at SIZE_MAX where size_t is 32 bits (wasm): a larger count must not wrap to a small one.
    options.*member = static_cast<std::size_t>(std::min<std::uint64_t>(value.get<std::uint64_t>(), SIZE_MAX));
    return {};
  }
  for (const auto& [name, member] : kFlagOptions) {
    if (key != name) continue;
    if (!value.is_boolean()) {
      return invalid_argument("options: \"" + key + "\" must be true or false, got " + shown_json(value));
    }
    options.*member = value.get<bool>();
    return {};
  }
  return invalid_argument("options: unknown key \"" + shown_text(key) +
                          "\" (expected sort, limit, offset, facets, facet_limit, snippets, snippet_chars)");
}

/** Finds where JSON that failed to parse goes wrong: the DOM parser does not say without exceptions. */
struct SyntaxErrorFinder : nlohmann::json_sax<Json> {
  std::size_t position = 0;
  std::string what;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception& error) override {
    position = at;
    what = error.what();
    return false;
  }
};

Error syntax_error(std::string_view text) {
  SyntaxErrorFinder finder;
  (void)Json::sax_parse(text, &finder);
  // "[json.exception.parse_error.101] parse error at line 1, column 2: …" → "parse error at …"
  const std::size_t bracket = finder.what.find("] ");
  const std::string what = bracket == std::string::npos ? finder.what : finder.what.substr(bracket + 2);
  Error error = invalid_argument("options: not valid JSON: " + shown_text(what, 200));
  // nlohmann counts the character it stopped on as read; the offset is where that character starts.
  error.offset = finder.position == 0 ? 0 : finder.position - 1;
  return error;
}

/** @p options_json read into SearchOptions (nullptr: the defaults). */
Expected<SearchOptions> parse_options(const char* options_json) {
  SearchOptions options;
  if (options_json == nullptr) return options;
  const Json json = Json::parse(options_json, nullptr, false);
  if (json.is_discarded()) return syntax_error(options_json);
  if (!json.is_object()) return invalid_argument("options: expected a JSON object, got " + shown_json(json));
  for (const auto& [key, value] : json.items()) {
    if (Status applied = apply_option(key, value, options); !applied) return applied.error();
  }
  return options;
}

// --- Feeds ----------------------------------------------------------------------------------

/** What adding one feed's papers to the index did. */
struct AddCounts {
  std::uint64_t added = 0;
  std::uint64_t merged = 0;
  std::vector<Error> refused;  // records the index would not take
};

Json feed_report_json(const FeedReport& report, const AddCounts& counts) {
  Json out;
  out["format"] = report.format ? Json(format_name(*report.format)) : Json(nullptr);
  out["added"] = counts.added;
  out["merged"] = counts.merged;
  out["rejected"] = report.rejected + counts.refused.size();
  out["truncated"] = report.truncated;
  out["utf8_repairs"] = report.utf8_repairs;
  out["errors"] = Json::array();
  for (const Error& error : report.errors) out["errors"].push_back(error_json(error));
  for (const Error& error : counts.refused) out["errors"].push_back(error_json(error));
  out["errors_dropped"] = report.errors_dropped;
  out["fatal"] = report.ok() ? Json(nullptr) : error_json(report.fatal);
  return out;
}

/** A report of a feed refused before reading, for @p error. */
FeedReport refused_feed(Error error) {
  FeedReport report;
  report.fatal = std::move(error);
  return report;
}

/**
 * The shared body of pf_index_add_feed and pf_index_add_feed_file: @p read(options, sink)
 * reads the feed; its papers go into @p handle's index.
 */
template <class ReadFeed>
int add_feed(pf_index* handle, bool arguments_given, const char* name, const char* format, char** report_json,
             const ReadFeed& read) {
  AddCounts counts;
  ReadOptions options;
  if (name != nullptr) options.file_name = name;
  if (format != nullptr) options.format = format_from_name(format);
  FeedReport report;
  if (handle == nullptr || !arguments_given) {
    report = refused_feed(invalid_argument("an argument is NULL"));
  } else if (format != nullptr && !options.format) {
    report = refused_feed(invalid_argument("unknown format \"" + shown_text(format) + "\""));
  } else {
    report = read(options, [&](Paper&& paper) {
      const auto outcome = handle->index.add(std::move(paper));
      if (!outcome) {
        counts.refused.push_back(outcome.error());
      } else {
        ++(*outcome == AddOutcome::added ? counts.added : counts.merged);
      }
    });
  }
  if (report_json != nullptr) *report_json = copy_out(dump(feed_report_json(report, counts)));
  if (!report.ok()) return -1;
  return static_cast<int>(std::min<std::uint64_t>(counts.added + counts.merged, INT_MAX));
}

// --- Search ---------------------------------------------------------------------------------

Searcher& searcher_of(pf_index& handle) {
  if (!handle.searcher) handle.searcher.emplace(handle.index);
  return *handle.searcher;
}

/** @p results as JSON for the caller, or nullptr with the error stored. */
char* results_out(const Expected<Results>& results, char** error) {
  if (!results) {
    store_error(error, results.error());
    return nullptr;
  }
  clear_error(error);
  return copy_out(results_to_json(*results));
}

/** Runs @p query (options parsed first) on @p handle; the shared body of the search functions. */
template <class Query>
char* run_query(pf_index* handle, bool arguments_given, const char* options_json, char** error, const Query& query) {
  if (handle == nullptr || !arguments_given) {
    store_error(error, invalid_argument("an argument is NULL"));
    return nullptr;
  }
  const auto options = parse_options(options_json);
  if (!options) {
    store_error(error, options.error());
    return nullptr;
  }
  return results_out(query(searcher_of(*handle), *options), error);
}

/** @p ids as strings, or an error naming the NULL entry. */
Expected<std::vector<std::string>> id_list(const char* const* ids, std::size_t count) {
  if (ids == nullptr && count > 0) return invalid_argument("ids is NULL but count is " + std::to_string(count));
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (ids[i] == nullptr) return invalid_argument("ids[" + std::to_string(i) + "] is NULL");
    out.emplace_back(ids[i]);
  }
  return out;
}

/** A new handle owning @p index, or nullptr when out of memory. */
pf_index* adopt(Index index) { return new (std::nothrow) pf_index{std::move(index), std::nullopt}; }

/** A handle for @p loaded, or nullptr with its error stored. */
pf_index* adopt_loaded(Expected<Index> loaded, char** error) {
  if (!loaded) {
    store_error(error, loaded.error());
    return nullptr;
  }
  clear_error(error);
  return adopt(std::move(*loaded));
}

}  // namespace
}  // namespace paperfeed

using namespace paperfeed;

extern "C" {

const char* pf_version(void) { return kVersion; }

void pf_free(void* memory) { std::free(memory); }

pf_index* pf_index_new(void) { return adopt(Index()); }

pf_index* pf_index_load(const unsigned char* bytes, size_t size, char** error) {
  if (bytes == nullptr && size > 0) {
    store_error(error, invalid_argument("bytes is NULL but size is " + std::to_string(size)));
    return nullptr;
  }
  std::string owned(size, '\0');
  if (size > 0) std::memcpy(owned.data(), bytes, size);
  return adopt_loaded(Index::load(std::move(owned)), error);
}

pf_index* pf_index_load_view(const unsigned char* bytes, size_t size, char** error) {
  if (bytes == nullptr && size > 0) {
    store_error(error, invalid_argument("bytes is NULL but size is " + std::to_string(size)));
    return nullptr;
  }
  return adopt_loaded(Index::load(std::span<const std::uint8_t>(bytes, size)), error);
}

pf_index* pf_index_load_file(const char* path, char** error) {
  if (path == nullptr) {
    store_error(error, invalid_argument("path is NULL"));
    return nullptr;
  }
  return adopt_loaded(Index::load_file(path), error);
}

void pf_index_free(pf_index* index) { delete index; }

int pf_index_add_feed(pf_index* index, const char* bytes, size_t size, const char* name, const char* format,
                      char** report_json) {
  const std::string_view feed = size > 0 && bytes != nullptr ? std::string_view(bytes, size) : std::string_view();
  return add_feed(index, bytes != nullptr || size == 0, name, format, report_json,
                  [&](const ReadOptions& options, const PaperSink& sink) { return read_feed(feed, options, sink); });
}

int pf_index_add_feed_file(pf_index* index, const char* path, const char* format, char** report_json) {
  return add_feed(index, path != nullptr, path, format, report_json,
                  [&](const ReadOptions& options, const PaperSink& sink) { return read_feed_file(path, options, sink); });
}

size_t pf_index_size(const pf_index* index) { return index == nullptr ? 0 : index->index.size(); }

unsigned char* pf_index_serialize(const pf_index* index, size_t* size) {
  if (index == nullptr || size == nullptr) return nullptr;
  const std::string bytes = index->index.serialize();
  auto* out = static_cast<unsigned char*>(std::malloc(std::max<std::size_t>(bytes.size(), 1)));
  if (out == nullptr) return nullptr;
  std::memcpy(out, bytes.data(), bytes.size());
  *size = bytes.size();
  return out;
}

int pf_index_save(const pf_index* index, const char* path, char** error) {
  if (index == nullptr || path == nullptr) {
    store_error(error, invalid_argument("an argument is NULL"));
    return -1;
  }
  const Status saved = index->index.save_file(path);
  if (!saved) {
    store_error(error, saved.error());
    return -1;
  }
  clear_error(error);
  return 0;
}

char* pf_get(const pf_index* index, const char* id) {
  if (index == nullptr || id == nullptr) return nullptr;
  const auto paper = index->index.find(id);
  return paper ? copy_out(paper_to_json(*paper)) : nullptr;
}

char* pf_search(pf_index* index, const char* query, const char* options_json, char** error) {
  return run_query(index, query != nullptr, options_json, error, [&](Searcher& searcher, const SearchOptions& options) {
    return Expected<Results>(searcher.search(query, options));
  });
}

char* pf_similar(pf_index* index, const char* id, const char* options_json, char** error) {
  return run_query(index, id != nullptr, options_json, error,
                   [&](Searcher& searcher, const SearchOptions& options) { return searcher.similar(id, options); });
}

char* pf_export(const pf_index* index, const char* const* ids, size_t count, const char* format, char** error) {
  if (index == nullptr || format == nullptr) {
    store_error(error, invalid_argument("index and format must not be NULL"));
    return nullptr;
  }
  const auto export_format = export_format_from_name(format);
  if (!export_format) {
    store_error(error, invalid_argument("unknown export format \"" + shown_text(format) +
                                        "\"; expected bibtex, ris, csv, json or jsonl"));
    return nullptr;
  }
  const auto wanted = id_list(ids, count);
  if (!wanted) {
    store_error(error, wanted.error());
    return nullptr;
  }
  std::vector<Paper> papers;
  for (const std::string& id : *wanted) {
    if (auto paper = index->index.find(id)) papers.push_back(std::move(*paper));
  }
  std::string text;
  write_papers(papers, *export_format, [&](std::string_view piece) { text.append(piece); });
  clear_error(error);
  return copy_out(text);
}

char* pf_recommend(pf_index* index, const char* const* ids, size_t count, const char* options_json, char** error) {
  const auto liked = id_list(ids, count);
  if (!liked) {
    store_error(error, liked.error());
    return nullptr;
  }
  return run_query(index, true, options_json, error,
                   [&](Searcher& searcher, const SearchOptions& options) { return searcher.recommend(*liked, options); });
}

char* pf_suggest(pf_index* index, const char* partial_query, size_t limit) {
  if (index == nullptr || partial_query == nullptr) return nullptr;
  Json out = Json::array();
  for (const Suggestion& s : searcher_of(*index).suggest(partial_query, limit)) {
    out.push_back({{"query", s.query}, {"word", s.word}, {"papers", s.papers}});
  }
  return copy_out(dump(out));
}

}  // extern "C"
