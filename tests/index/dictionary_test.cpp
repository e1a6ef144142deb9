// The sorted string set behind the term and word dictionaries: the serialized bytes, exact and
// prefix lookups in byte order, and the bounded fuzzy walk checked against a plain Levenshtein
// over every string (random byte strings, invalid UTF-8 included, and real abstract words).

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <set>

#include "index/dictionary.hpp"
#include "paperfeed/analyzer.hpp"
#include "test_support.hpp"

using namespace paperfeed;
using detail::SortedStrings;

namespace {

using Matches = std::vector<std::pair<std::size_t, unsigned>>;

/** A set serialized from some strings (sorted and deduplicated here) and opened in place. */
class Dictionary {
 public:
  explicit Dictionary(std::vector<std::string> strings) : strings_(std::move(strings)) {
    std::sort(strings_.begin(), strings_.end());
    strings_.erase(std::unique(strings_.begin(), strings_.end()), strings_.end());
    const std::vector<std::string_view> views(strings_.begin(), strings_.end());
    SortedStrings::write(views, bytes_);
    auto opened = SortedStrings::open(
        std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes_.data()), bytes_.size()),
        "test dictionary");
    REQUIRE(opened.ok());
    set_ = *opened;
  }
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;

  const std::vector<std::string>& strings() const { return strings_; }
  const std::string& bytes() const { return bytes_; }
  const SortedStrings& set() const { return set_; }

  Matches fuzzy(std::string_view word, unsigned max_edits) const {
    Matches out;
    set_.fuzzy(word, max_edits, [&](std::size_t index, unsigned distance) {
      out.emplace_back(index, distance);
      return true;
    });
    return out;
  }

 private:
  std::vector<std::string> strings_;
  std::string bytes_;
  SortedStrings set_;
};

/** Unicode's well-formed UTF-8 byte sequences (table 3-7): the allowed range of each byte. */
struct Sequence {
  std::size_t size;
  unsigned char low[4], high[4];
};
constexpr Sequence kWellFormed[] = {
    {1, {0x00}, {0x7F}},
    {2, {0xC2, 0x80}, {0xDF, 0xBF}},
    {3, {0xE0, 0xA0, 0x80}, {0xE0, 0xBF, 0xBF}},
    {3, {0xE1, 0x80, 0x80}, {0xEC, 0xBF, 0xBF}},
    {3, {0xED, 0x80, 0x80}, {0xED, 0x9F, 0xBF}},
    {3, {0xEE, 0x80, 0x80}, {0xEF, 0xBF, 0xBF}},
    {4, {0xF0, 0x90, 0x80, 0x80}, {0xF0, 0xBF, 0xBF, 0xBF}},
    {4, {0xF1, 0x80, 0x80, 0x80}, {0xF3, 0xBF, 0xBF, 0xBF}},
    {4, {0xF4, 0x80, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}},
};

/** The code points of @p text as byte sequences, each byte of ill-formed UTF-8 on its own. */
std::vector<std::string_view> code_points(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t size = 1;
    for (const Sequence& sequence : kWellFormed) {
      if (pos + sequence.size > text.size()) continue;
      bool fits = true;
      for (std::size_t k = 0; k < sequence.size; ++k) {
        const auto byte = static_cast<unsigned char>(text[pos + k]);
        fits = fits && byte >= sequence.low[k] && byte <= sequence.high[k];
      }
      if (fits) size = sequence.size;
    }
    out.push_back(text.substr(pos, size));
    pos += size;
  }
  return out;
}

/** Levenshtein distance in code points, the whole matrix. */
unsigned levenshtein(std::string_view a, std::string_view b) {
  const auto x = code_points(a), y = code_points(b);
  std::vector<unsigned> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    unsigned diagonal = row[0];
    row[0] = static_cast<unsigned>(i);
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const unsigned above = row[j];
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0u : 1u)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

Matches brute_force(const std::vector<std::string>& strings, std::string_view word, unsigned max_edits) {
  Matches out;
  for (std::size_t i = 0; i < strings.size(); ++i) {
    const unsigned distance = levenshtein(strings[i], word);
    if (distance <= max_edits) out.emplace_back(i, distance);
  }
  return out;
}

/** Checks fuzzy() against brute_force() for every word and max_edits 0, 1 and 2. */
void check_against_brute_force(const Dictionary& dictionary, const std::vector<std::string>& words) {
  for (const std::string& word : words) {
    for (unsigned edits = 0; edits <= 2; ++edits) {
      INFO("word '" << word << "', max_edits " << edits);
      REQUIRE(dictionary.fuzzy(word, edits) == brute_force(dictionary.strings(), word, edits));
    }
  }
}

/** Each of @p words with one letter dropped, one replaced and one added, at positions from @p rng. */
std::vector<std::string> misspelled(const std::vector<std::string>& words, std::mt19937& rng) {
  std::vector<std::string> out;
  for (std::string word : words) {
    if (word.empty()) continue;
    std::uniform_int_distribution<std::size_t> position(0, word.size() - 1);
    std::string dropped = word, replaced = word, added = word;
    dropped.erase(position(rng), 1);
    replaced[position(rng)] = 'q';
    added.insert(position(rng), 1, 'e');
    out.insert(out.end(), {dropped, replaced, added});
  }
  return out;
}

/** Distinct words (normalized, not stemmed, stopwords kept) of the titles and abstracts in @p files. */
std::vector<std::string> abstract_words(const std::vector<std::filesystem::path>& files) {
  auto analyzer = Analyzer::create({"english", false, false});
  REQUIRE(analyzer.ok());
  std::set<std::string> words;
  std::vector<Token> tokens;
  for (const auto& file : files) {
    for (const Paper& paper : test::read_path(file).papers) {
      for (const std::string* text : {&paper.title, &paper.abstract}) {
        analyzer->analyze(*text, tokens);
        for (const Token& token : tokens) words.emplace(token.term);
      }
    }
  }
  return {words.begin(), words.end()};
}

std::vector<std::filesystem::path> daily_arxiv_files() {
  const auto dir = test::corpus("daily_arxiv_bot/daily-arXiv-ai-enhanced");
  std::vector<std::filesystem::path> files;
  if (dir.empty() || !std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

/** Every @p step-th string of @p strings. */
std::vector<std::string> every(const std::vector<std::string>& strings, std::size_t step) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < strings.size(); i += step) out.push_back(strings[i]);
  return out;
}

}  // namespace

TEST_CASE("dictionary: the serialized form, byte for byte", "[dictionary]") {
  const Dictionary dictionary({"c", "ab"});
  using namespace std::string_literals;
  CHECK(dictionary.bytes() == "\x02\0\0\0"s "\0\0\0\0"s "\x02\0\0\0"s "\x03\0\0\0"s "abc"s);
  const SortedStrings& set = dictionary.set();
  REQUIRE(set.size() == 2);
  CHECK(set.at(0) == "ab");
  CHECK(set.at(1) == "c");
}

TEST_CASE("dictionary: round trip keeps every string in byte order", "[dictionary]") {
  const Dictionary dictionary({"z", "", "\xC3\xA9t\xC3\xA9", "a", "\xFF", "ab", "Z", "\x7F"});
  const SortedStrings& set = dictionary.set();
  const std::vector<std::string> expected = {"", "Z", "a", "ab", "z", "\x7F", "\xC3\xA9t\xC3\xA9", "\xFF"};
  REQUIRE(set.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(set.at(i) == expected[i]);
}

TEST_CASE("dictionary: the empty set", "[dictionary]") {
  const Dictionary dictionary({});
  using namespace std::string_literals;
  CHECK(dictionary.bytes() == "\0\0\0\0\0\0\0\0"s);
  const SortedStrings& set = dictionary.set();
  CHECK(set.size() == 0);
  CHECK_FALSE(set.find("").has_value());
  CHECK(set.prefix_range("") == std::pair<std::size_t, std::size_t>{0, 0});
  CHECK(dictionary.fuzzy("", 2).empty());
  CHECK(SortedStrings().size() == 0);
}

TEST_CASE("dictionary: find hits and misses", "[dictionary]") {
  const Dictionary dictionary({"apple", "apply", "banana", "band", "\xC3\xA9" "cole", "zebra"});
  const SortedStrings& set = dictionary.set();
  for (std::size_t i = 0; i < set.size(); ++i) CHECK(set.find(dictionary.strings()[i]) == i);
  CHECK(set.find("band") == 3u);
  for (const char* miss : {"", "a", "appl", "applez", "b", "bananas", "c", "zebras", "\xC3\xA9", "\xFF"}) {
    INFO(miss);
    CHECK_FALSE(set.find(miss).has_value());
  }
}

TEST_CASE("dictionary: prefix ranges", "[dictionary]") {
  const Dictionary dictionary({"app", "apple", "apply", "banana", "z", "\xC3\xA9" "cole", "\xC3\xA9t\xC3\xA9"});
  const SortedStrings& set = dictionary.set();
  using Range = std::pair<std::size_t, std::size_t>;
  CHECK(set.at(4) == "z");  // bytes >= 0x80 sort after ASCII
  CHECK(set.prefix_range("") == Range{0, 7});
  CHECK(set.prefix_range("a") == Range{0, 3});
  CHECK(set.prefix_range("app") == Range{0, 3});
  CHECK(set.prefix_range("appl") == Range{1, 3});
  CHECK(set.prefix_range("apple") == Range{1, 2});
  CHECK(set.prefix_range("apples") == Range{2, 2});
  CHECK(set.prefix_range("b") == Range{3, 4});
  CHECK(set.prefix_range("c") == Range{4, 4});
  CHECK(set.prefix_range("zz") == Range{5, 5});
  CHECK(set.prefix_range("\xC3") == Range{5, 7});
  CHECK(set.prefix_range("\xC3\xA9t") == Range{6, 7});
  CHECK(set.prefix_range("\xC3\xAA") == Range{7, 7});
  CHECK(set.prefix_range("\xFF") == Range{7, 7});
}

TEST_CASE("dictionary: prefix ranges in a large set", "[dictionary]") {
  std::vector<std::string> strings;
  for (int i = 0; i < 10000; ++i) strings.push_back(std::to_string(i));
  const Dictionary dictionary(strings);
  const SortedStrings& set = dictionary.set();
  for (const char* prefix : {"1", "12", "123", "1234", "9999", "5", "50", "500", "5000", "99999"}) {
    const auto [first, last] = set.prefix_range(prefix);
    std::size_t expected_first = set.size(), expected_count = 0;
    for (std::size_t i = 0; i < set.size(); ++i) {
      if (!set.at(i).starts_with(prefix)) continue;
      expected_first = std::min(expected_first, i);
      ++expected_count;
    }
    INFO(prefix);
    if (expected_count > 0) CHECK(first == expected_first);
    CHECK(last - first == expected_count);
  }
  CHECK(set.prefix_range("1") == std::pair<std::size_t, std::size_t>{1, 1112});
}

TEST_CASE("dictionary: fuzzy reports distances in index order", "[dictionary]") {
  const Dictionary dictionary({"cat", "cart", "cast", "coat", "cut", "dog", "scat", "at", "act", "catalog"});
  // act at cart cast cat catalog coat cut dog scat
  CHECK(dictionary.fuzzy("cat", 0) == Matches{{4, 0}});
  CHECK(dictionary.fuzzy("cat", 1) == Matches{{1, 1}, {2, 1}, {3, 1}, {4, 0}, {6, 1}, {7, 1}, {9, 1}});
  CHECK(dictionary.fuzzy("cat", 2) ==
        Matches{{0, 2}, {1, 1}, {2, 1}, {3, 1}, {4, 0}, {6, 1}, {7, 1}, {9, 1}});
  CHECK(dictionary.fuzzy("cat", 7) == dictionary.fuzzy("cat", 2));
  CHECK(dictionary.fuzzy("", 2) == Matches{{1, 2}});
  CHECK(dictionary.fuzzy("catalogue", 2) == Matches{{5, 2}});
}

TEST_CASE("dictionary: fuzzy counts code points, not bytes", "[dictionary]") {
  const Dictionary dictionary({"cafe", "caff", "caf\xC3\xA9", "\xE2\x82\xAC", "\xE2\x82"});
  // cafe caff café \xE2\x82 €
  CHECK(dictionary.fuzzy("cafe", 1) == Matches{{0, 0}, {1, 1}, {2, 1}});
  CHECK(dictionary.fuzzy("caf\xC3\xA9", 0) == Matches{{2, 0}});
  CHECK(dictionary.fuzzy("\xE2\x82\xAC", 1) == Matches{{4, 0}});
  CHECK(dictionary.fuzzy("\xE2\x82\xAC", 2) == Matches{{3, 2}, {4, 0}});
  CHECK(dictionary.fuzzy("\xE2", 1) == Matches{{3, 1}, {4, 1}});
}

TEST_CASE("dictionary: fuzzy stops when the visitor says so", "[dictionary]") {
  const Dictionary dictionary({"cat", "cart", "cast", "coat", "cut"});
  std::vector<std::size_t> seen;
  dictionary.set().fuzzy("cat", 1, [&](std::size_t index, unsigned) {
    seen.push_back(index);
    return seen.size() < 2;
  });
  CHECK(seen == std::vector<std::size_t>{0, 1});
}

TEST_CASE("dictionary: fuzzy equals a full Levenshtein scan on random byte strings", "[dictionary]") {
  // Code points of every length and bytes that start none, so ill-formed sequences form at joins.
  const std::vector<std::string> pieces = {"a",    "b",    "c",          "\xC3\xA9", "\xE2\x82\xAC", "\xE2",
                                           "\x82", "\xFF", "\xF0\x9F\x98\x80", "\xF0\x9F", "\xED\xA0\x80"};
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> length(0, 6), piece(0, pieces.size() - 1);
  const auto random_string = [&] {
    std::string text;
    for (std::size_t n = length(rng); n > 0; --n) text += pieces[piece(rng)];
    return text;
  };
  std::vector<std::string> strings(3000);
  for (std::string& text : strings) text = random_string();
  const Dictionary dictionary(strings);
  std::vector<std::string> words = every(dictionary.strings(), 29);
  for (int i = 0; i < 200; ++i) words.push_back(random_string());
  check_against_brute_force(dictionary, words);
}

TEST_CASE("dictionary: fuzzy equals a full Levenshtein scan on real words", "[dictionary]") {
  std::vector<std::filesystem::path> files = daily_arxiv_files();
  if (files.empty()) {
    WARN("skipped: ../shared/corpora is absent");
    return;
  }
  files.resize(1);
  const Dictionary dictionary(abstract_words(files));
  REQUIRE(dictionary.set().size() > 3000);
  std::mt19937 rng(7);
  const std::vector<std::string> sample = every(dictionary.strings(), dictionary.strings().size() / 40);
  std::vector<std::string> words = misspelled(sample, rng);
  words.insert(words.end(), sample.begin(), sample.end());
  words.push_back("transformerbasedmultimodalreasoning");
  check_against_brute_force(dictionary, words);
}

TEST_CASE("dictionary: fuzzy in a large set of generated words", "[dictionary]") {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> letter('a', 'z');
  std::uniform_int_distribution<std::size_t> length(2, 12);
  std::vector<std::string> strings(100000);
  for (std::string& text : strings) {
    for (std::size_t n = length(rng); n > 0; --n) text += static_cast<char>(letter(rng));
  }
  const Dictionary dictionary(strings);
  const std::vector<std::string> words = {"representation", "abcdefghijklmnopqrstuvwxyz", dictionary.strings()[500],
                                          dictionary.strings()[77777], "qq"};
  for (const std::string& word : words) {
    INFO(word);
    CHECK(dictionary.fuzzy(word, 2) == brute_force(dictionary.strings(), word, 2));
  }
}

TEST_CASE("dictionary: fuzzy lookups per second over daily-arXiv words", "[.dictionary-bench]") {
  const std::vector<std::filesystem::path> files = daily_arxiv_files();
  if (files.empty()) {
    WARN("skipped: ../shared/corpora is absent");
    return;
  }
  const Dictionary dictionary(abstract_words(files));
  std::mt19937 rng(3);
  const std::vector<std::string> sample = every(dictionary.strings(), dictionary.strings().size() / 500);
  std::vector<std::string> words = misspelled(sample, rng);
  words.insert(words.end(), sample.begin(), sample.end());
  std::size_t total_bytes = 0;
  for (const std::string& text : dictionary.strings()) total_bytes += text.size();
  std::cout << "dictionary: " << dictionary.set().size() << " distinct words, " << total_bytes << " bytes, "
            << words.size() << " query words (half misspelled)\n";
  for (unsigned edits = 0; edits <= 2; ++edits) {
    std::size_t matches = 0;
    const auto begin = std::chrono::steady_clock::now();
    for (const std::string& word : words) matches += dictionary.fuzzy(word, edits).size();
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - begin;
    std::cout << "  fuzzy max_edits " << edits << ": " << words.size() / seconds.count() << " lookups/s, "
              << seconds.count() * 1e6 / words.size() << " us each, " << matches << " matches\n";
  }
  const std::size_t scanned = 20;
  const auto begin = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < scanned; ++i) CHECK(brute_force(dictionary.strings(), words[i], 2).size() > 0);
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - begin;
  std::cout << "  full Levenshtein scan, max_edits 2: " << scanned / seconds.count() << " lookups/s\n";
}
