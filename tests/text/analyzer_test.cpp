// The Analyzer: exact term lists for what researchers type, positions and offsets, folding,
// stemming, stopwords, hostile input, language selection, and a hidden throughput benchmark.

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "paperfeed/analyzer.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

Analyzer make(bool stem, bool stopwords, const std::string& language = "english") {
  auto analyzer = Analyzer::create({language, stem, stopwords});
  REQUIRE(analyzer.ok());
  return std::move(analyzer).value();
}

std::vector<std::string> terms(Analyzer& analyzer, std::string_view text) {
  std::vector<Token> tokens;
  analyzer.analyze(text, tokens);
  std::vector<std::string> out;
  for (const Token& token : tokens) out.emplace_back(token.term);
  return out;
}

using Terms = std::vector<std::string>;

}  // namespace

TEST_CASE("analyzer: what researchers type stays findable", "[analyzer]") {
  Analyzer plain = make(false, false);
  CHECK(terms(plain, "GPT-4o") == Terms{"gpt-4o", "gpt", "4o"});
  CHECK(terms(plain, "Qwen2.5") == Terms{"qwen2.5"});
  CHECK(terms(plain, "L_2^2") == Terms{"l_2^2"});
  CHECK(terms(plain, "3D") == Terms{"3d"});
  CHECK(terms(plain, "pass@10") == Terms{"pass@10"});
  CHECK(terms(plain, "language-conditioned") == Terms{"languageconditioned", "language", "conditioned"});
  CHECK(terms(plain, "Llama-3.1-8B") == Terms{"llama-3.1-8b", "llama", "3.1", "8b"});
  CHECK(terms(plain, "\\alpha") == Terms{"alpha"});
  CHECK(terms(plain, "$x_1$ and $\\ell_2$") == Terms{"x_1", "and", "ell_2"});
  CHECK(terms(plain, "the model's output") == Terms{"the", "model", "output"});
  CHECK(terms(plain, "the models’ outputs") == Terms{"the", "models", "outputs"});
  CHECK(terms(plain, "don't O’Neill") == Terms{"dont", "oneill"});
  CHECK(terms(plain, "gains of 39.9% (1.5x)") == Terms{"gains", "of", "39.9", "1.5x"});
  CHECK(terms(plain, "e.g. arxiv.org v2.") == Terms{"e", "g", "arxiv", "org", "v2"});
  CHECK(terms(plain, "大模型 GPT模型") == Terms{"大", "模", "型", "gpt", "模", "型"});
  CHECK(terms(plain, "a -- b - c") == Terms{"a", "b", "c"});
}

TEST_CASE("analyzer: URLs give their host and path words", "[analyzer]") {
  Analyzer plain = make(false, false);
  CHECK(terms(plain, "code: https://github.com/foo/bar-baz.") ==
        Terms{"code", "github", "com", "foo", "barbaz", "bar", "baz"});
  CHECK(terms(plain, "HTTP://www.Example.org/x_y") == Terms{"example", "org", "x_y"});
  CHECK(terms(plain, "the http protocol") == Terms{"the", "http", "protocol"});
}

TEST_CASE("analyzer: Snowball stemming skips terms with digits or symbols", "[analyzer]") {
  Analyzer analyzer;
  CHECK(terms(analyzer, "learning models") == Terms{"learn", "model"});
  CHECK(terms(analyzer, "language-conditioned") == Terms{"languagecondit", "languag", "condit"});
  CHECK(terms(analyzer, "GPT-4o Qwen2.5 3D x_1 pass@10") ==
        Terms{"gpt-4o", "gpt", "4o", "qwen2.5", "3d", "x_1", "pass@10"});
  CHECK(terms(analyzer, "ÉCOLE Café") == Terms{"ecol", "cafe"});
}

TEST_CASE("analyzer: English stopwords are dropped but keep their positions", "[analyzer]") {
  Analyzer analyzer = make(false, true);
  std::vector<Token> tokens;
  analyzer.analyze("The state-of-the-art in it is not what we don't know", tokens);
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[0].term == "stateoftheart");
  CHECK(tokens[0].position == 1);
  CHECK(tokens[1].term == "state");
  CHECK(tokens[1].position == 1);
  CHECK(tokens[2].term == "art");
  CHECK(tokens[2].position == 4);
  CHECK(tokens[3].term == "know");
  CHECK(tokens[3].position == 12);
  CHECK(analyzer.is_stopword("the"));
  CHECK(analyzer.is_stopword("dont"));
  CHECK_FALSE(analyzer.is_stopword("model"));
  CHECK_FALSE(analyzer.is_stopword("id"));
  CHECK_FALSE(make(false, false).is_stopword("the"));
  CHECK(terms(analyzer, "the a of and") == Terms{});
}

TEST_CASE("analyzer: positions and offsets point at the surface form", "[analyzer]") {
  Analyzer analyzer;
  const std::string text = "Fine-tuning ﬁne GPT-4o on Café’s data: $\\alpha_1$, 大型";
  std::vector<Token> tokens;
  analyzer.analyze(text, tokens);
  struct Expected {
    std::string term;
    std::uint32_t position;
    std::string surface;
  };
  const std::vector<Expected> expected = {
      {"finetun", 0, "Fine-tuning"}, {"fine", 0, "Fine"},   {"tune", 1, "tuning"}, {"fine", 2, "ﬁne"},
      {"gpt-4o", 3, "GPT-4o"},       {"gpt", 3, "GPT"},     {"4o", 4, "4o"},       {"cafe", 6, "Café"},
      {"data", 7, "data"},           {"alpha_1", 8, "alpha_1"}, {"大", 9, "大"},   {"型", 10, "型"},
  };
  REQUIRE(tokens.size() == expected.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    INFO("token " << i);
    CHECK(tokens[i].term == expected[i].term);
    CHECK(tokens[i].position == expected[i].position);
    CHECK(text.substr(tokens[i].start, tokens[i].end - tokens[i].start) == expected[i].surface);
  }
}

TEST_CASE("analyzer: NFKC, case folding and accents", "[analyzer]") {
  Analyzer plain = make(false, false);
  CHECK(terms(plain, "Café ÉCOLE naïve Ångström") == Terms{"cafe", "ecole", "naive", "angstrom"});
  CHECK(terms(plain, "ﬁne ＧＰＴ－４ Straße x²") == Terms{"fine", "gpt", "4", "strasse", "x2"});
  CHECK(terms(plain, "Cafe\xCC\x81") == Terms{"cafe"});
}

TEST_CASE("analyzer: hostile input never crashes", "[analyzer]") {
  Analyzer analyzer = make(false, false);
  CHECK(terms(analyzer, "\xff\xfe abc \xc3 d\xe2\x80 \xed\xa0\x80x") == Terms{"abc", "d", "x"});
  CHECK(terms(analyzer, "!?.,;:-—()[]{}'’\"$\\^_@ …") == Terms{});
  CHECK(terms(analyzer, "") == Terms{});
  CHECK(terms(analyzer, std::string(64, 'a')) == Terms{std::string(64, 'a')});
  CHECK(terms(analyzer, std::string(65, 'a') + " ok") == Terms{"ok"});
  CHECK(terms(analyzer, std::string(300, 'a') + "-b") == Terms{"b"});
  CHECK(terms(analyzer, "\xCC\x81\xCC\x81 x") == Terms{"x"});

  std::vector<Token> tokens;
  analyzer.analyze(std::string(10 << 20, 'a'), tokens);
  CHECK(tokens.empty());
  analyzer.analyze(std::string(10 << 20, '-'), tokens);
  CHECK(tokens.empty());
  std::string han;
  for (int i = 0; i < (10 << 20) / 3; ++i) han += "字";
  analyzer.analyze(han, tokens);
  REQUIRE(tokens.size() == static_cast<std::size_t>((10 << 20) / 3));
  CHECK(tokens.back().term == "字");
  CHECK(tokens.back().position == tokens.size() - 1);
  CHECK(tokens.back().end == han.size());
  std::string hyphens;
  for (int i = 0; i < (10 << 20) / 2; ++i) hyphens += "a-";
  analyzer.analyze(hyphens, tokens);
  CHECK(tokens.size() == static_cast<std::size_t>((10 << 20) / 2));  // the joined form is too long
}

TEST_CASE("analyzer: the language is selectable and an unknown one is refused", "[analyzer]") {
  Analyzer french = make(true, true, "french");
  CHECK(terms(french, "Les chats mangeaient rapidement") == Terms{"le", "chat", "mang", "rapid"});
  CHECK_FALSE(french.is_stopword("the"));
  Analyzer porter = make(true, true, "porter");
  CHECK(terms(porter, "the generalization") == Terms{"gener"});

  auto unknown = Analyzer::create({"klingon", true, true});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::invalid_argument);
  CHECK_THAT(unknown.error().message, Catch::Contains("\"klingon\"") && Catch::Contains("english") &&
                                          Catch::Contains("french") && Catch::Contains("german"));
  CHECK_FALSE(Analyzer::create({"", false, false}).ok());
  // An index file names its language: a hostile one is quoted short and printable.
  auto hostile = Analyzer::create({"kl\x1B[2J" + std::string(60, 'x'), true, true});
  REQUIRE_FALSE(hostile.ok());
  CHECK_THAT(hostile.error().message, Catch::StartsWith("unknown analyzer language \"kl?[2Jxxx"));
  CHECK(hostile.error().message.find('\x1B') == std::string::npos);
}

TEST_CASE("analyzer: a query word normalizes to the term the text gives", "[analyzer]") {
  Analyzer analyzer;
  for (const char* word : {"Learning", "models", "GPT-4o", "Qwen2.5", "ÉCOLE", "ﬁne", "model's", "pass@10",
                           "L_2^2", "language-conditioned", "大", "naïve", "\\alpha"}) {
    INFO(word);
    const auto from_text = terms(analyzer, word);
    REQUIRE_FALSE(from_text.empty());
    CHECK(analyzer.normalize_term(word) == from_text.front());
  }
  CHECK(analyzer.normalize_term("The") == "the");
  CHECK(analyzer.normalize_term("?!") == "");
}

TEST_CASE("analyzer: moved analyzers keep working and buffers are reused", "[analyzer]") {
  Analyzer first;
  Analyzer second = std::move(first);
  CHECK(terms(second, "running models") == Terms{"run", "model"});
  Analyzer third = make(false, false);
  third = std::move(second);
  CHECK(terms(third, "running models") == Terms{"run", "model"});

  std::vector<Token> tokens;
  third.analyze("diffusion models for video", tokens);
  const std::vector<Token> before = tokens;
  const auto capacity = tokens.capacity();
  third.analyze("diffusion models for video", tokens);
  CHECK(tokens.capacity() == capacity);
  REQUIRE(tokens.size() == before.size());
  CHECK(tokens[2].term == "video");
}

TEST_CASE("analyzer: throughput on daily arXiv abstracts", "[.analyzer-bench]") {
  const auto dir = test::corpus("daily_arxiv_bot/daily-arXiv-ai-enhanced");
  if (dir.empty()) {
    WARN("skipped: ../shared/corpora is absent");
    return;
  }
  std::vector<std::string> abstracts;
  std::size_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    for (Paper& paper : test::read_path(entry.path()).papers) {
      bytes += paper.abstract.size();
      abstracts.push_back(std::move(paper.abstract));
    }
  }
  Analyzer analyzer;
  std::vector<Token> tokens;
  std::size_t count = 0;
  const auto begin = std::chrono::steady_clock::now();
  for (const std::string& abstract : abstracts) {
    analyzer.analyze(abstract, tokens);
    count += tokens.size();
  }
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - begin;
  std::cout << "analyzer: " << abstracts.size() << " abstracts, " << bytes / 1e6 << " MB, " << count << " tokens in "
            << seconds.count() << " s: " << bytes / 1e6 / seconds.count() << " MB/s, "
            << count / 1e6 / seconds.count() << " M tokens/s\n";
  CHECK(count > abstracts.size());
}
