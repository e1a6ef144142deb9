// Any query string returns a result: empty, huge, only operators, unbalanced, control bytes,
// invalid UTF-8; limits far beyond the corpus.

#include <catch2/catch.hpp>

#include <random>

#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

Index golden() {
  Index index;
  for (const Paper& p : test::read_path(test::fixture("search-golden.jsonl")).papers) REQUIRE(index.add(p));
  return index;
}

}  // namespace

TEST_CASE("hostile query strings all return results", "[search][errors]") {
  const Index index = golden();
  Searcher searcher(index);
  const std::vector<std::string> queries = {
      "", " ", "\"", "(", ")", "((((", "))))", "+", "-", "OR", "AND", "NOT", "OR AND NOT", "\"unbalanced phrase",
      "title:", "foo:bar", "year:abc", "year:2030..1990", "a~~~", "*", "~", "diff**", "x~9", std::string("\0\x01\x02", 3),
      "\xff\xfe\xfd", "caf\xc3", std::string(10 * 1024, 'a'), std::string(10 * 1024, '('), std::string(5000, '"'),
      "-video -diffusion -graph", "+nothingmatches diffusion", "\"the of and\"", "the", std::string(3000, '-')};
  for (const std::string& query : queries) {
    INFO(query.substr(0, 40));
    const Results results = searcher.search(query);
    CHECK(results.total <= index.size());
    CHECK(results.hits.size() <= 10);
  }
}

TEST_CASE("random byte strings never break a search", "[search][errors]") {
  const Index index = golden();
  Searcher searcher(index);
  std::mt19937 random(7);
  const std::string alphabet = "abcdeGPT-4o\"()+-:*~^@._ ORANDNOTyear:..>=<\xc3\xa9\xff";
  for (int round = 0; round < 2000; ++round) {
    std::string query;
    const int length = random() % 40;
    for (int i = 0; i < length; ++i) query += alphabet[random() % alphabet.size()];
    const Results results = searcher.search(query);
    CHECK(results.total <= index.size());
  }
}

TEST_CASE("limits and offsets past the end are served", "[search][errors]") {
  const Index index = golden();
  Searcher searcher(index);
  SearchOptions options;
  options.limit = 1000000;
  CHECK(searcher.search("", options).hits.size() == 8);
  options.offset = 100;
  CHECK(searcher.search("", options).hits.empty());
  options.offset = 0;
  options.limit = 0;
  const Results none = searcher.search("video", options);
  CHECK(none.hits.empty());
  CHECK(none.total == 2);
}

TEST_CASE("an empty index answers every call", "[search][errors]") {
  const Index index;
  Searcher searcher(index);
  CHECK(searcher.search("video").total == 0);
  CHECK(searcher.suggest("vi").empty());
  CHECK_FALSE(searcher.similar("2401.00001"));
}
