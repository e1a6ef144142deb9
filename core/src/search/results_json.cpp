// Results as JSON for the CLI and the C API: each hit is its canonical record plus score and
// snippet, so a consumer reads hits exactly like exported records.

#include <nlohmann/json.hpp>

#include "paperfeed/export.hpp"
#include "paperfeed/search.hpp"

namespace paperfeed {
namespace {

using Json = nlohmann::ordered_json;

Json facet_json(const std::vector<FacetCount>& counts) {
  Json out = Json::array();
  for (const FacetCount& c : counts) out.push_back({{"value", c.value}, {"count", c.count}});
  return out;
}

std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

/**
 * Appends a hit: its canonical record (written once, as exports write it) with "score" and
 * "snippet" added before the closing brace.
 */
void append_hit(std::string& out, const Hit& hit) {
  const std::string record = paper_to_json(hit.paper);
  out.append(record, 0, record.size() - 1);
  if (record.size() > 2) out += ',';
  out += "\"score\":";
  out += dump(Json(hit.score));
  out += ",\"snippet\":";
  out += dump(Json{{"title", hit.snippet.title}, {"abstract", hit.snippet.abstract}});
  out += '}';
}

}  // namespace

std::string results_to_json(const Results& results) {
  Json head;
  head["query"] = results.query;
  head["total"] = results.total;
  head["took_ms"] = results.took_ms;
  head["recovered"] = results.recovered;
  head["did_you_mean"] = results.did_you_mean ? Json(*results.did_you_mean) : Json(nullptr);
  std::string out = dump(head);
  out.pop_back();  // the head's closing brace: hits and facets follow
  out += ",\"hits\":[";
  for (std::size_t i = 0; i < results.hits.size(); ++i) {
    if (i > 0) out += ',';
    append_hit(out, results.hits[i]);
  }
  out += ']';
  if (results.facets) {
    const Facets& f = *results.facets;
    out += ",\"facets\":";
    out += dump(Json{{"categories", facet_json(f.categories)}, {"year", facet_json(f.year)},
                     {"has_code", facet_json(f.has_code)}, {"authors", facet_json(f.authors)}});
  }
  out += '}';
  return out;
}

}  // namespace paperfeed
