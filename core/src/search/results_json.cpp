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

Json hit_json(const Hit& hit) {
  Json out = Json::parse(paper_to_json(hit.paper), nullptr, false);
  if (!out.is_object()) out = Json::object();
  out["score"] = hit.score;
  out["snippet"] = {{"title", hit.snippet.title}, {"abstract", hit.snippet.abstract}};
  return out;
}

}  // namespace

std::string results_to_json(const Results& results) {
  Json out;
  out["query"] = results.query;
  out["total"] = results.total;
  out["took_ms"] = results.took_ms;
  out["recovered"] = results.recovered;
  out["did_you_mean"] = results.did_you_mean ? Json(*results.did_you_mean) : Json(nullptr);
  out["hits"] = Json::array();
  for (const Hit& hit : results.hits) out["hits"].push_back(hit_json(hit));
  if (results.facets) {
    const Facets& f = *results.facets;
    out["facets"] = {{"categories", facet_json(f.categories)}, {"year", facet_json(f.year)},
                     {"has_code", facet_json(f.has_code)}, {"authors", facet_json(f.authors)}};
  }
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace paperfeed
