// The query parser and the searcher behind it on any query text, against a small fixed index:
// parsing never fails, and a search of every kind (ranked, sorted, with facets and snippets,
// suggestions, every match) returns consistent, safely escaped results.

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "paperfeed/query.hpp"
#include "paperfeed/search.hpp"

using namespace paperfeed;

namespace {

/** Requires what every search's results hold, whatever the query. */
void require_sound_results(const Results& results, const SearchOptions& options) {
  fuzz::require(results.hits.size() <= options.limit, "more hits than the limit");
  fuzz::require(results.total >= results.hits.size(), "a total below the hits returned");
  fuzz::require(fuzz::valid_utf8(results.explained), "the explained query is not valid UTF-8", results.explained);
  for (const std::string& note : results.recovered) fuzz::require(fuzz::valid_utf8(note), "a recovery note is not valid UTF-8", note);
  for (const Hit& hit : results.hits) {
    fuzz::require_escaped_html(hit.snippet.title, "a title snippet is not escaped HTML");
    fuzz::require_escaped_html(hit.snippet.abstract, "an abstract snippet is not escaped HTML");
  }
  fuzz::require(nlohmann::json::accept(results_to_json(results)), "the results' JSON does not parse");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const ParsedQuery parsed = parse_query(query);
  fuzz::require(fuzz::valid_utf8(explain(parsed)), "the explained tree is not valid UTF-8");

  static Searcher searcher(fuzz::fixture_index());  // built once, as a page or a server keeps one
  SearchOptions options;
  options.facets = true;
  options.limit = 5;
  require_sound_results(searcher.search(query, options), options);
  options.sort = SortOrder::recent;
  options.offset = 2;
  require_sound_results(searcher.search(query, options), options);
  for (const Suggestion& suggestion : searcher.suggest(query)) {
    fuzz::require(fuzz::valid_utf8(suggestion.query) && fuzz::valid_utf8(suggestion.word), "a suggestion is not valid UTF-8");
  }
  fuzz::require(searcher.all_matches(query).size() <= fuzz::fixture_index().size(), "more matches than papers");
  return 0;
}
