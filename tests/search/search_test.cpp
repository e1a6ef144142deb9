// The Searcher on a small hand-made corpus: golden rankings, every construct of the query
// language, sorts, filters, facets, paging, snippets, similar/recommend, suggest, did-you-mean.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

const Index& golden_index() {
  static const Index index = [] {
    Index built;
    for (const Paper& p : test::read_path(test::fixture("search-golden.jsonl")).papers) REQUIRE(built.add(p));
    return built;
  }();
  return index;
}

std::vector<std::string> ids(const Results& results) {
  std::vector<std::string> out;
  for (const Hit& hit : results.hits) out.push_back(hit.paper.id);
  return out;
}

std::vector<std::string> search_ids(const std::string& query, SearchOptions options = {}) {
  Searcher searcher(golden_index());
  return ids(searcher.search(query, options));
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("golden rankings of the small corpus", "[search]") {
  CHECK(search_ids("diffusion video") == Ids{"2401.00001", "2405.00008", "2401.00002"});
  CHECK(search_ids("graph neural") == Ids{"2403.00004", "2403.00005"});
  CHECK(search_ids("robot policies") == Ids{"2401.00002", "2402.00003"});
  CHECK(search_ids("long") == Ids{"2404.00006", "2401.00001"});
}

TEST_CASE("the tokens researchers type are found as typed", "[search]") {
  CHECK(search_ids("GPT-4o") == Ids{"2402.00003"});
  CHECK(search_ids("gpt-4o") == Ids{"2402.00003"});
  CHECK(search_ids("Qwen2.5") == Ids{"2402.00003"});
  CHECK(search_ids("pass@10") == Ids{"2402.00003"});
  CHECK(search_ids("languageconditioned") == Ids{"2402.00003"});
  CHECK(search_ids("language-conditioned") == Ids{"2402.00003"});
  CHECK(search_ids("CAFÉ") == Ids{"2404.00007"});
  CHECK(search_ids("naive") == Ids{"2404.00007"});
  CHECK(search_ids("2403.00005") == Ids{"2403.00005"});
}

TEST_CASE("must, must not, phrases, boolean operators and fields", "[search]") {
  CHECK(search_ids("\"video diffusion\"") == Ids{"2401.00001"});
  CHECK(search_ids("\"diffusion video\"").empty());
  CHECK(search_ids("diffusion -video") == Ids{"2401.00002"});
  CHECK(search_ids("+video +long") == Ids{"2401.00001"});
  CHECK(search_ids("graph AND rendering") == Ids{"2403.00005"});
  CHECK(search_ids("transformers OR rendering") == Ids{"2403.00005", "2404.00006"});
  CHECK(search_ids("title:diffusion") == Ids{"2401.00002", "2405.00008", "2401.00001"});
  CHECK(search_ids("author:hopper") == Ids{"2401.00002", "2405.00008"});
  CHECK(search_ids("author:\"alan turing\"") == Ids{"2401.00001", "2402.00003"});
  CHECK(search_ids("cat:cs.RO") == Ids{"2401.00002", "2402.00003"});
  CHECK(search_ids("cat:cs.c*") == Ids{"2404.00006", "2405.00008", "2401.00001", "2402.00003"});
  CHECK(search_ids("keyword:generation") == Ids{"2401.00001"});
  CHECK(search_ids("id:2404.00006") == Ids{"2404.00006"});
  CHECK(search_ids("-diffusion -video") == Ids{"2402.00003", "2403.00004", "2403.00005", "2404.00006", "2404.00007"});
}

TEST_CASE("prefix and fuzzy words expand through the word dictionary", "[search]") {
  CHECK(search_ids("transf*") == Ids{"2404.00006"});
  CHECK(search_ids("diffusi*") == Ids{"2401.00001", "2401.00002", "2405.00008"});
  CHECK(search_ids("difusion~") == Ids{"2401.00001", "2401.00002", "2405.00008"});
  CHECK(search_ids("trasnformers~2") == Ids{"2404.00006"});
  CHECK(search_ids("trasnformers~1").empty());
}

TEST_CASE("filters restrict by year, date, counts and code", "[search]") {
  CHECK(search_ids("year:2023") == Ids{"2403.00004"});
  CHECK(search_ids("year:..2023") == Ids{"2403.00004", "2404.00007"});
  CHECK(search_ids("date:>=2024-04-01") == Ids{"2404.00006", "2405.00008"});
  CHECK(search_ids("upvotes:>=30") == Ids{"2401.00001", "2402.00003", "2404.00006"});
  CHECK(search_ids("stars:>100") == Ids{"2401.00001"});
  CHECK(search_ids("citations:>0") == Ids{"2403.00004"});
  CHECK(search_ids("has:code") == Ids{"2401.00001", "2402.00003", "2404.00006"});
  CHECK(search_ids("has:comments") == Ids{"2405.00008"});
  CHECK(search_ids("video year:2024 -has:code") == Ids{"2405.00008"});
}

TEST_CASE("listed: filters by the day a daily feed listed a paper, else its publication date", "[search]") {
  // Every golden paper was announced the day after it was published.
  CHECK(search_ids("listed:2024-01-03") == Ids{"2401.00001"});
  CHECK(search_ids("date:2024-01-03").empty());
  CHECK(search_ids("listed:>=2024-04-05") == Ids{"2404.00006", "2405.00008"});
  CHECK(search_ids("date:>=2024-04-05") == Ids{"2405.00008"});
  Index index;
  Paper unlisted;
  unlisted.id = "2406.00001";
  unlisted.title = "Published only";
  unlisted.published = "2024-06-01";
  REQUIRE(index.add(unlisted));
  Searcher searcher(index);
  CHECK(ids(searcher.search("listed:>=2024-06-01")) == Ids{"2406.00001"});
  CHECK(searcher.search("listed:>2024-06-01").total == 0);
}

TEST_CASE("all_matches lists every match in index order, uncapped", "[search]") {
  Searcher searcher(golden_index());
  auto ids_of = [](const std::vector<Paper>& papers) {
    Ids out;
    for (const Paper& p : papers) out.push_back(p.id);
    return out;
  };
  CHECK(ids_of(searcher.all_matches("diffusion")) == Ids{"2401.00001", "2401.00002", "2405.00008"});
  CHECK(ids_of(searcher.all_matches("listed:>=2024-04-05")) == Ids{"2404.00006", "2405.00008"});
  CHECK(searcher.all_matches("").size() == golden_index().size());
  CHECK(searcher.all_matches("nosuchwordanywhere").empty());
  Index many;
  for (int i = 0; i < 10050; ++i) {
    Paper p;
    p.id = "2401." + std::to_string(10000 + i);
    p.title = "Common words " + std::to_string(i);
    REQUIRE(many.add(p));
  }
  Searcher over_cap(many);
  CHECK(over_cap.all_matches("common").size() == 10050);
}

TEST_CASE("sort orders and their tie-breaks", "[search]") {
  SearchOptions options;
  options.sort = SortOrder::recent;
  CHECK(search_ids("", options) == Ids{"2405.00008", "2404.00006", "2403.00005", "2402.00003", "2401.00002", "2401.00001",
                                       "2403.00004", "2404.00007"});
  options.sort = SortOrder::upvotes;
  CHECK(search_ids("video", options) == Ids{"2401.00001", "2405.00008"});
  options.sort = SortOrder::stars;
  CHECK(search_ids("", options).front() == "2401.00001");
  options.sort = SortOrder::citations;
  CHECK(search_ids("", options).front() == "2403.00004");
  // trending: (upvotes + 0.1 stars + 1) / (days before the newest + 2)^1.5
  options.sort = SortOrder::trending;
  CHECK(search_ids("", options) == Ids{"2405.00008", "2404.00006", "2401.00001", "2402.00003", "2403.00005", "2401.00002",
                                       "2403.00004", "2404.00007"});
  CHECK(sort_order_from_name("trending") == SortOrder::trending);
  CHECK_FALSE(sort_order_from_name("hot"));
}

TEST_CASE("paging, totals and facets cover every match", "[search]") {
  Searcher searcher(golden_index());
  SearchOptions options;
  options.limit = 2;
  options.facets = true;
  const Results first = searcher.search("diffusion OR video OR graph", options);
  CHECK(first.total == 5);
  CHECK(first.hits.size() == 2);
  options.offset = 4;
  const Results last = searcher.search("diffusion OR video OR graph", options);
  CHECK(last.hits.size() == 1);
  CHECK(last.total == 5);
  REQUIRE(first.facets);
  CHECK(first.facets->categories.front().value == "cs.CV");
  CHECK(first.facets->categories.front().count == 2);
  REQUIRE(first.facets->has_code.size() == 2);
  CHECK(first.facets->has_code[0].value == "false");
  CHECK(first.facets->has_code[0].count == 4);
  CHECK(first.facets->year.front().value == "2024");
  CHECK(first.facets->year.front().count == 4);
  CHECK(first.took_ms >= 0);

  // Asked for, facets are there even when nothing matches; not asked for, they are absent.
  const Results none = searcher.search("zzzz", options);
  REQUIRE(none.facets);
  CHECK(none.facets->categories.empty());
  CHECK(none.facets->has_code.empty());
  CHECK_FALSE(searcher.search("video", SearchOptions{}).facets);
}

TEST_CASE("snippets mark the matched words and escape the rest", "[search]") {
  Searcher searcher(golden_index());
  const Results results = searcher.search("diffusion policies");
  REQUIRE(!results.hits.empty());
  CHECK(results.hits[0].snippet.title == "<mark>Diffusion</mark> <mark>Policies</mark> for Robot Manipulation");
  CHECK(results.hits[0].snippet.abstract.find("<mark>Diffusion</mark> models learn visuomotor <mark>policies</mark>") == 0);
  SearchOptions plain;
  plain.snippets = false;
  CHECK(searcher.search("diffusion", plain).hits[0].snippet.title.empty());
}

TEST_CASE("similar and recommend rank by tf-idf cosine and leave the inputs out", "[search]") {
  Searcher searcher(golden_index());
  const auto similar = searcher.similar("2401.00001");
  REQUIRE(similar);
  REQUIRE(similar->hits.size() >= 2);
  CHECK(similar->hits[0].paper.id == "2405.00008");
  for (const Hit& hit : similar->hits) CHECK(hit.paper.id != "2401.00001");
  CHECK(similar->hits[0].score <= 1.0);
  CHECK(similar->hits[0].score > similar->hits[1].score);

  const std::vector<std::string> liked = {"2403.00004", "2403.00005", "unknown"};
  const auto recommended = searcher.recommend(liked);
  REQUIRE(recommended);
  for (const Hit& hit : recommended->hits) {
    CHECK(hit.paper.id != "2403.00004");
    CHECK(hit.paper.id != "2403.00005");
  }
  const auto missing = searcher.similar("0000.00000");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "no paper with id 0000.00000 in the index");
  const auto hostile = searcher.similar("2403.00004\n\x1B[2J" + std::string(500, 'x'));
  REQUIRE_FALSE(hostile);
  CHECK(hostile.error().message.starts_with("no paper with id 2403.00004??[2Jxxx"));
  CHECK(hostile.error().message.size() < 100);
}

TEST_CASE("suggest completes the last word by how many papers it finds", "[search]") {
  Searcher searcher(golden_index());
  const auto suggestions = searcher.suggest("robot vid");
  REQUIRE(suggestions.size() >= 2);
  CHECK(suggestions[0].word == "video");
  CHECK(suggestions[0].query == "robot video");
  CHECK(suggestions[0].papers == 2);
  CHECK(searcher.suggest("zzz").empty());
  CHECK(searcher.suggest("").empty());
}

TEST_CASE("a query that finds nothing offers a correction", "[search]") {
  Searcher searcher(golden_index());
  const Results results = searcher.search("difusion polices");
  CHECK(results.total == 0);
  REQUIRE(results.did_you_mean);
  CHECK(*results.did_you_mean == "diffusion policies");
  CHECK_FALSE(searcher.search("diffusion").did_you_mean);
}

TEST_CASE("results as JSON carry records, scores, snippets and facets", "[search]") {
  Searcher searcher(golden_index());
  SearchOptions options;
  options.facets = true;
  const auto json = nlohmann::json::parse(results_to_json(searcher.search("\"video diffusion\"", options)));
  CHECK(json["query"] == "\"video diffusion\"");
  CHECK(json["total"] == 1);
  CHECK(json["hits"][0]["id"] == "2401.00001");
  CHECK(json["hits"][0]["stars"] == 1200);
  CHECK(json["hits"][0]["score"].get<double>() > 0);
  CHECK(json["hits"][0]["snippet"]["title"] == "<mark>Video</mark> <mark>Diffusion</mark> Models for Long <mark>Video</mark> Generation");
  CHECK(json["facets"]["categories"][0]["value"] == "cs.CV");
  CHECK(json["did_you_mean"].is_null());
}
