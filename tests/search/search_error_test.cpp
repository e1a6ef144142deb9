// Any query string returns a result: empty, huge, only operators, unbalanced, control bytes,
// invalid UTF-8; limits far beyond the corpus; expansion limits that cut and say so.

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

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

/** An index of one paper per abstract, with ids 2401.00000, 2401.00001, … */
Index index_of_abstracts(const std::vector<std::string>& abstracts) {
  Index index;
  for (std::size_t i = 0; i < abstracts.size(); ++i) {
    Paper paper;
    const std::string number = std::to_string(i);
    paper.id = "2401." + std::string(5 - number.size(), '0') + number;
    paper.title = "Paper";
    paper.abstract = abstracts[i];
    REQUIRE(index.add(std::move(paper)));
  }
  return index;
}

/**
 * Papers for the expansion limits: zorbak in 1 paper, zorbap in 2, zorbat in 3, zorbok in 4, so
 * `zorb*` expands to 4 terms, `zorba*` to 3 and `zorbak~1` to all 4 (zorbak closest).
 */
Index zorb_index() {
  std::vector<std::string> abstracts;
  const std::vector<std::string> words = {"zorbak", "zorbap", "zorbat", "zorbok"};
  for (std::size_t w = 0; w < words.size(); ++w) abstracts.insert(abstracts.end(), w + 1, "a study of " + words[w]);
  return index_of_abstracts(abstracts);
}

/** The @p count first five-letter words within two substitutions of "qaaaa", in a fixed order. */
std::vector<std::string> words_near_qaaaa(std::size_t count) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < 5 && words.size() < count; ++i) {
    for (std::size_t j = i + 1; j < 5 && words.size() < count; ++j) {
      for (char a = 'b'; a <= 'z' && words.size() < count; ++a) {
        for (char b = 'b'; b <= 'z' && words.size() < count; ++b) {
          std::string word = "qaaaa";
          word[i] = a;
          word[j] = b;
          words.push_back(word);
        }
      }
    }
  }
  return words;
}

/** @p words spread over papers of 500 words each. */
std::vector<std::string> abstracts_of(const std::vector<std::string>& words) {
  std::vector<std::string> abstracts;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i % 500 == 0) abstracts.emplace_back();
    abstracts.back() += words[i] + " ";
  }
  return abstracts;
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

TEST_CASE("max_expansions: a word with as many terms as the limit expands whole, one more is cut and noted", "[search][errors][limits]") {
  const Index index = zorb_index();
  Searcher searcher(index);
  SearchOptions options;
  options.limits.max_expansions = 4;
  const Results whole = searcher.search("zorb*", options);
  CHECK(whole.total == 10);
  CHECK(whole.recovered.empty());

  options.limits.max_expansions = 3;  // zorbak, in 1 paper, is the least frequent
  const Results cut = searcher.search("zorb*", options);
  CHECK(cut.total == 9);
  CHECK(cut.recovered == std::vector<std::string>{"'zorb*' expands to more than 3 terms: the 3 most frequent searched"});

  const Results fuzzy = searcher.search("zorbak~1", options);  // zorbak (0 edits) first, then the most frequent
  CHECK(fuzzy.total == 8);
  CHECK(fuzzy.recovered == std::vector<std::string>{"'zorbak~1' expands to more than 3 terms: the 3 closest searched"});

  // The note quotes the word as typed, so a control or bidi mark in it is shown, not obeyed.
  const Results marked = searcher.search("zor\u200Eb\u202E*", options);
  CHECK(marked.recovered == std::vector<std::string>{"'zor?b?*' expands to more than 3 terms: the 3 most frequent searched"});

  std::vector<std::string> notes;
  CHECK(searcher.all_matches("zorb*", options.limits, &notes).size() == 9);
  CHECK(notes == cut.recovered);
  CHECK(searcher.all_matches("zorb*", {}, &notes).size() == 10);
  CHECK(notes.empty());
}

TEST_CASE("max_expanded_words: words up to the limit expand, the rest are exact words and noted", "[search][errors][limits]") {
  const Index index = zorb_index();
  Searcher searcher(index);
  SearchOptions options;
  options.limits.max_expanded_words = 2;
  const Results whole = searcher.search("zorbo* zorba*", options);
  CHECK(whole.total == 10);
  CHECK(whole.recovered.empty());

  options.limits.max_expanded_words = 1;  // zorba* is then the word "zorba", in no paper
  const Results cut = searcher.search("zorbo* zorba*", options);
  CHECK(cut.total == 4);
  CHECK(cut.recovered == std::vector<std::string>{"more than 1 prefix or fuzzy words: the rest searched as exact words"});
}

TEST_CASE("a fuzzy word looks at 4096 dictionary words per segment, and says so when there are more", "[search][errors][limits]") {
  SearchOptions options;
  options.limits.max_expansions = 100000;
  const Index all_seen = index_of_abstracts(abstracts_of(words_near_qaaaa(4096)));
  const Results whole = Searcher(all_seen).search("qaaaa~2", options);
  CHECK(whole.total == 9);
  CHECK(whole.recovered.empty());

  const Index one_more = index_of_abstracts(abstracts_of(words_near_qaaaa(4097)));
  const Results cut = Searcher(one_more).search("qaaaa~2", options);
  CHECK(cut.recovered == std::vector<std::string>{"'qaaaa~2' expands to more than 4096 words: the first 4096 words searched"});
  CHECK(cut.total == 9);  // the word left out shares the last paper

  const Results both = Searcher(one_more).search("qaaaa~2");
  CHECK(both.recovered ==
        std::vector<std::string>{"'qaaaa~2' expands to more than 64 terms: the 64 closest of the first 4096 words searched"});
}

TEST_CASE("a prefix word looks at 65536 dictionary words per segment, and says so when there are more", "[search][errors][limits]") {
  std::vector<std::string> words;
  for (char a = 'a'; a <= 'z'; ++a)
    for (char b = 'a'; b <= 'z'; ++b)
      for (char c = 'a'; c <= 'z'; ++c)
        for (char d = 'a'; d <= 'z' && words.size() < 65537; ++d) words.push_back(std::string("zz") + a + b + c + d);
  SearchOptions options;
  options.limits.max_expansions = 1000000;
  words.pop_back();
  const Index all_seen = index_of_abstracts(abstracts_of(words));
  CHECK(Searcher(all_seen).search("zz*", options).recovered.empty());

  words.push_back("zzzzzz");
  const Index one_more = index_of_abstracts(abstracts_of(words));
  const Results cut = Searcher(one_more).search("zz*", options);
  CHECK(cut.recovered == std::vector<std::string>{"'zz*' expands to more than 65536 words: the first 65536 words searched"});
  CHECK(cut.total == 132);  // the word left out, zzzzzz, shares the last paper
}

TEST_CASE("suggestions for a partial query holding invalid UTF-8 are valid UTF-8", "[search][errors]") {
  Index index = golden();
  Searcher searcher(index);
  const auto suggestions = searcher.suggest("Why \xAE\xAE vi");
  REQUIRE_FALSE(suggestions.empty());
  for (const Suggestion& s : suggestions) CHECK(s.query.rfind("Why \xEF\xBF\xBD\xEF\xBF\xBD vi", 0) == 0);
}
