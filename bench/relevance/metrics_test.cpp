// Unit tests of the relevance measures on hand-made runs whose values are worked out below.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "metrics.hpp"

using namespace relevance;

TEST_CASE("nDCG@10 uses graded gains, a log2(rank + 1) discount and the ideal of all judgments") {
  Judgments judged = {{"a", 3}, {"b", 2}, {"c", 1}, {"z", 0}};
  // Retrieved: b (2), x (unjudged), a (3). DCG = 2/log2(2) + 0 + 3/log2(4) = 2 + 1.5 = 3.5.
  // Ideal: 3, 2, 1 → 3 + 2/log2(3) + 1/log2(4) = 3.5 + 1.2618595 = 4.7618595.
  std::vector<Hit> ranking = {{"b", 9}, {"x", 8}, {"a", 7}};
  CHECK(ndcg_at(ranking, judged, 10) == Approx(3.5 / (3.5 + 2 / std::log2(3.0))).epsilon(1e-12));
  // Cut at 1: DCG 2, ideal 3.
  CHECK(ndcg_at(ranking, judged, 1) == Approx(2.0 / 3.0).epsilon(1e-12));
  // A perfect ranking scores 1; a judged-nonrelevant document adds nothing.
  CHECK(ndcg_at({{"a", 3}, {"b", 2}, {"c", 1}, {"z", 0.5}}, judged, 10) == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("Recall@k counts relevant documents (grade >= 1) in the first k") {
  Judgments judged = {{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}, {"n", 0}};
  std::vector<Hit> ranking = {{"n", 5}, {"a", 4}, {"x", 3}, {"c", 2}};
  CHECK(recall_at(ranking, judged, 100) == 0.5);
  CHECK(recall_at(ranking, judged, 2) == 0.25);
  CHECK(recall_at(ranking, {{"n", 0}}, 100) == 0.0);
}

TEST_CASE("trec_order sorts by score, ties by document id descending, ignoring the given order") {
  auto ordered = trec_order({{"d1", 1.0}, {"d3", 2.0}, {"d2", 1.0}, {"d10", 1.0}});
  REQUIRE(ordered.size() == 4);
  CHECK(ordered[0].doc == "d3");
  CHECK(ordered[1].doc == "d2");
  CHECK(ordered[2].doc == "d10");
  CHECK(ordered[3].doc == "d1");
}

TEST_CASE("evaluate averages over judged queries only; a judged query without results scores 0") {
  Qrels qrels = {{"q1", {{"a", 1}}}, {"q2", {{"b", 2}, {"c", 1}}}, {"q3", {{"d", 1}}}};
  Run run = {
      {"q1", {{"a", 1.0}}},                // nDCG 1, recall 1
      {"q2", {{"x", 2.0}, {"c", 1.0}}},    // DCG 1/log2(3); ideal 2 + 1/log2(3); recall 1/2
      {"q9", {{"a", 1.0}}},                // not judged: left out
  };                                       // q3: no results, scores 0
  Scores s = evaluate(run, qrels);
  double q2_ndcg = (1 / std::log2(3.0)) / (2 + 1 / std::log2(3.0));
  CHECK(s.judged_queries == 3);
  CHECK(s.answered_queries == 2);
  CHECK(s.ndcg_10 == Approx((1 + q2_ndcg) / 3).epsilon(1e-12));
  CHECK(s.recall_100 == Approx(1.5 / 3).epsilon(1e-12));
}

TEST_CASE("A TREC run file reads back as written, scores exact") {
  Run run = {{"7", {{"d2", 12.345678901234567}, {"d1", 1.0 / 3}}}, {"8", {{"d9", -0.5}}}};
  auto path = std::filesystem::temp_directory_path() / ("relevance_metrics_" + std::to_string(::getpid()) + ".run");
  REQUIRE(write_trec_run(run, "test", path).ok());
  auto back = read_trec_run(path);
  std::filesystem::remove(path);
  REQUIRE(back.ok());
  REQUIRE(back->size() == 2);
  CHECK(back->at("7")[0].doc == "d2");
  CHECK(back->at("7")[0].score == 12.345678901234567);
  CHECK(back->at("7")[1].score == 1.0 / 3);
  CHECK(back->at("8")[0].score == -0.5);
}
