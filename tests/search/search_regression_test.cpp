// Regressions: rankings that must not depend on pruning, scores that must not double, counts
// that must leave replaced records out, and inputs that once took quadratic time.

#include <catch2/catch.hpp>

#include <cmath>

#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"

using namespace paperfeed;

namespace {

Paper paper(std::string id, std::string title, std::string abstract) {
  Paper p;
  p.id = std::move(id);
  p.title = std::move(title);
  p.abstract = std::move(abstract);
  return p;
}

std::string repeated(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

}  // namespace

TEST_CASE("a term frequency above 255 still wins the top-k it deserves", "[search][regression]") {
  Index index;
  for (int i = 0; i < 120; ++i) {
    REQUIRE(index.add(paper("2401." + std::to_string(10000 + i), "Paper " + std::to_string(i), repeated("alpha ", 255))));
  }
  REQUIRE(index.add(paper("2402.00001", "The most alpha paper", repeated("alpha ", 300))));
  SearchOptions options;
  options.ranking.field_b.fill(0.0);
  options.ranking.proximity_weight = 0;
  options.limit = 1;
  Searcher searcher(index);
  const Results one = searcher.search("alpha", options);
  options.limit = 200;
  const Results all = searcher.search("alpha", options);
  REQUIRE(one.hits.size() == 1);
  REQUIRE(!all.hits.empty());
  CHECK(one.hits[0].paper.id == all.hits[0].paper.id);
  CHECK(one.hits[0].paper.id == "2402.00001");  // 300 occurrences, and "alpha" in its title
}

TEST_CASE("the proximity bonus is added once whether or not feedback runs", "[search][regression]") {
  Index index;
  REQUIRE(index.add(paper("2401.00001", "Graph neural networks for molecules", "Graph neural networks learn molecular properties.")));
  REQUIRE(index.add(paper("2401.00002", "Molecules", "Networks of graphs; neural methods for molecules.")));
  Searcher searcher(index);
  const std::string query = "graph neural networks molecular properties";
  SearchOptions without_feedback;
  without_feedback.ranking.feedback_min_terms = 0;
  SearchOptions no_feedback_docs;
  no_feedback_docs.ranking.feedback_docs = 0;
  const Results a = searcher.search(query, without_feedback);
  const Results b = searcher.search(query, no_feedback_docs);
  REQUIRE(a.hits.size() == 2);
  REQUIRE(b.hits.size() == 2);
  CHECK(a.hits[0].score == Approx(b.hits[0].score));
  CHECK(a.hits[1].score == Approx(b.hits[1].score));
}

TEST_CASE("suggest and facets count a replaced paper once", "[search][regression]") {
  Index built;
  Paper original = paper("2401.00001", "A survey of surveys", "We survey things.");
  original.categories = {"cs.LG"};
  REQUIRE(built.add(original));
  auto loaded = Index::load(built.serialize());
  REQUIRE(loaded);
  Paper newer = original;
  newer.upvotes = 5;
  REQUIRE(loaded->add(newer).value() == AddOutcome::merged);
  Searcher searcher(*loaded);
  const auto suggestions = searcher.suggest("sur");
  REQUIRE(!suggestions.empty());
  CHECK(suggestions[0].word == "survey");
  CHECK(suggestions[0].papers == 1);
  SearchOptions options;
  options.facets = true;
  const Results results = searcher.search("survey", options);
  CHECK(results.total == 1);
  REQUIRE(results.facets);
  REQUIRE(results.facets->categories.size() == 1);
  CHECK(results.facets->categories[0].count == 1);
}

TEST_CASE("proximity on very long fields stays linear", "[search][regression]") {
  Index index;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(index.add(paper("2401.0000" + std::to_string(i), "Alpha beta " + std::to_string(i), repeated("alpha beta ", 20000))));
  }
  Searcher searcher(index);
  const Results results = searcher.search("alpha beta");
  CHECK(results.total == 3);
  REQUIRE(results.hits.size() == 3);
  CHECK(std::isfinite(results.hits[0].score));
}

TEST_CASE("a query of many prefix and fuzzy words expands only the first ones", "[search][regression]") {
  Index index;
  REQUIRE(index.add(paper("2401.00001", "Diffusion models", "Diffusion everywhere.")));
  Searcher searcher(index);
  std::string query;
  for (int i = 0; i < 200; ++i) query += (i % 2 ? "dif* " : "difusion~2 ");
  const Results results = searcher.search(query);
  CHECK(results.total == 1);
}

TEST_CASE("a quoted category or id is one whole value", "[search][regression]") {
  Index index;
  Paper vision = paper("2401.00001", "Seeing", "Images.");
  vision.categories = {"cs.CV", "I.2.10; I.4.8"};
  REQUIRE(index.add(vision));
  REQUIRE(index.add(paper("2401.00002", "Hearing", "Sounds.")));
  Searcher searcher(index);
  CHECK(searcher.search("cat:\"cs.CV\"").total == 1);
  CHECK(searcher.search("cat:\"I.2.10; I.4.8\"").total == 1);
  CHECK(searcher.search("cat:\"cs.LG\"").total == 0);
  CHECK(searcher.search("id:\"2401.00002\"").hits.at(0).paper.title == "Hearing");
}

TEST_CASE("facets sum a value counted in several segments and rank ties by name", "[search][regression]") {
  Index built;
  Paper first = paper("2401.00001", "Graphs one", "Graphs.");
  first.categories = {"cs.LG", "cs.AI"};
  REQUIRE(built.add(first));
  auto loaded = Index::load(built.serialize());
  REQUIRE(loaded);
  Paper second = paper("2401.00002", "Graphs two", "Graphs.");
  second.categories = {"cs.LG", "cs.CV"};
  REQUIRE(loaded->add(second).value() == AddOutcome::added);
  Searcher searcher(*loaded);
  SearchOptions options;
  options.facets = true;
  const Results results = searcher.search("graphs", options);
  REQUIRE(results.facets);
  const auto& categories = results.facets->categories;
  REQUIRE(categories.size() == 3);
  CHECK(categories[0].value == "cs.LG");
  CHECK(categories[0].count == 2);
  CHECK(categories[1].value == "cs.AI");
  CHECK(categories[2].value == "cs.CV");
  options.facet_limit = 1;
  REQUIRE(searcher.search("graphs", options).facets->categories.size() == 1);
}
