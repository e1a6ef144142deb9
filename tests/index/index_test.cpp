// The Index: building, .pfi round trips, adding to a loaded index, finding records.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "paperfeed/feeds.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::vector<Paper> golden_papers() { return test::read_path(test::fixture("search-golden.jsonl")).papers; }

Index index_of(const std::vector<Paper>& papers) {
  Index index;
  for (const Paper& p : papers) REQUIRE(index.add(p).value() == AddOutcome::added);
  return index;
}

std::vector<std::string> ids(const Results& results) {
  std::vector<std::string> out;
  for (const Hit& hit : results.hits) out.push_back(hit.paper.id);
  return out;
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

TEST_CASE("an index of the golden papers holds every paper and field", "[index]") {
  const auto papers = golden_papers();
  REQUIRE(papers.size() == 8);
  Index index = index_of(papers);
  CHECK(index.size() == 8);
  const IndexStats stats = index.stats();
  CHECK(stats.papers == 8);
  CHECK(stats.segments == 1);
  CHECK(stats.terms == 99);
  CHECK(stats.words == 97);
  const auto found = index.find("2402.00003");
  REQUIRE(found);
  CHECK(found->title == "Language-Conditioned Policies with GPT-4o");
  CHECK(found->stars == 15);
  CHECK_FALSE(index.find("9999.99999"));
}

TEST_CASE("serialized bytes load back to an index that answers the same", "[index]") {
  Index built = index_of(golden_papers());
  const std::string bytes = built.serialize();
  CHECK(bytes.substr(0, 8) == std::string("PFINDEX", 8));
  auto loaded = Index::load(bytes_of(bytes));
  REQUIRE(loaded);
  CHECK(loaded->size() == 8);
  CHECK(loaded->serialize() == bytes);
  Searcher a(built), b(*loaded);
  for (const char* query : {"diffusion video", "\"video diffusion\"", "graph*", "cat:cs.RO", "year:2024 -video"}) {
    INFO(query);
    const Results ra = a.search(query), rb = b.search(query);
    CHECK(ids(ra) == ids(rb));
    CHECK(ra.total == rb.total);
  }
  CHECK(loaded->papers().size() == 8);
  CHECK(loaded->papers()[6].title == "Café Owners Prefer Naïve Baselines");
}

TEST_CASE("the same papers always give the same bytes", "[index]") {
  CHECK(index_of(golden_papers()).serialize() == index_of(golden_papers()).serialize());
}

TEST_CASE("an empty index serializes, loads and finds nothing", "[index]") {
  Index empty;
  auto loaded = Index::load(empty.serialize());
  REQUIRE(loaded);
  CHECK(loaded->size() == 0);
  Searcher searcher(*loaded);
  CHECK(searcher.search("anything").total == 0);
  CHECK(searcher.search("").total == 0);
}

TEST_CASE("papers added to a loaded index are searchable and merge with what it has", "[index]") {
  auto papers = golden_papers();
  const std::vector<Paper> yesterday(papers.begin(), papers.begin() + 6);
  auto loaded = Index::load(index_of(yesterday).serialize());
  REQUIRE(loaded);
  Index& index = *loaded;
  CHECK(index.add(papers[6]).value() == AddOutcome::added);
  CHECK(index.add(papers[7]).value() == AddOutcome::added);
  Paper update = papers[1];  // 2401.00002 again, now with more upvotes and code
  update.upvotes = 99;
  update.github = "https://github.com/example/policies";
  CHECK(index.add(update).value() == AddOutcome::merged);
  CHECK(index.size() == 8);
  CHECK(index.stats().segments == 2);

  Searcher searcher(index);
  const Results robots = searcher.search("robot diffusion policies");
  REQUIRE(robots.hits.size() >= 1);
  CHECK(robots.hits[0].paper.id == "2401.00002");
  CHECK(robots.hits[0].paper.upvotes == 99);
  const auto robot_ids = ids(robots);
  CHECK(std::count(robot_ids.begin(), robot_ids.end(), "2401.00002") == 1);
  CHECK(searcher.search("cafe").total == 1);
  CHECK(searcher.search("has:code").total == 4);
  CHECK(index.find("2401.00002")->upvotes == 99);

  auto reloaded = Index::load(index.serialize());
  REQUIRE(reloaded);
  CHECK(reloaded->size() == 8);
  CHECK(reloaded->stats().segments == 1);
  Searcher again(*reloaded);
  CHECK(ids(again.search("robot diffusion policies")) == ids(robots));
}

TEST_CASE("a paper without an id is refused", "[index]") {
  Index index;
  Paper paper;
  paper.title = "No identity";
  const auto added = index.add(paper);
  REQUIRE_FALSE(added);
  CHECK(added.error().code == ErrorCode::missing_field);
  CHECK(index.size() == 0);
}

TEST_CASE("save_file writes a loadable index and leaves no temporary file", "[index]") {
  const std::string path = test::temp_path("golden.pfi").string();
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path + ".tmp") << "a file that happens to hold the old temporary name";
  REQUIRE(index_of(golden_papers()).save_file(path));
  REQUIRE(index_of(golden_papers()).save_file(path));  // over the first one
  std::size_t beside = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    beside += entry.path().string().rfind(path + ".tmp.", 0) == 0;
  }
  CHECK(beside == 0);
  CHECK(test::slurp(path + ".tmp") == "a file that happens to hold the old temporary name");
  std::filesystem::remove(path + ".tmp");
  auto loaded = Index::load_file(path);
  REQUIRE(loaded);
  CHECK(loaded->size() == 8);
  std::filesystem::remove(path);
  const auto missing = Index::load_file(path);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::io_error);
}

TEST_CASE("an index of the real Hugging Face papers round-trips", "[index][corpora]") {
  const auto dir = test::corpus("hf_daily_papers/api_daily_papers");
  if (dir.empty()) {
    WARN("skipped: ../shared/corpora absent");
    return;
  }
  Index index;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    read_feed_file(entry.path().string(), {}, [&](Paper&& p) { REQUIRE(index.add(std::move(p))); });
  }
  CHECK(index.size() == 3258);  // 3259 records, one paper listed on two days
  auto loaded = Index::load(index.serialize());
  REQUIRE(loaded);
  CHECK(loaded->size() == 3258);
  Searcher searcher(*loaded);
  const Results results = searcher.search("\"video generation\"", {});
  CHECK(results.total > 10);
  for (const Hit& hit : results.hits) {
    const std::string text = hit.snippet.title + hit.snippet.abstract;
    CHECK(text.find("<mark>") != std::string::npos);
  }
}
