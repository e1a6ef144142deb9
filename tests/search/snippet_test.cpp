// Snippets: HTML escaping and repair, highlighting from the Analyzer's offsets (stems, compounds,
// accents, ideographs), best windows on long abstracts, cuts that never split a character, and
// hostile input.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <initializer_list>

#include "search/snippet.hpp"
#include "test_support.hpp"

using namespace paperfeed;
using namespace paperfeed::detail;

namespace {

MatchedTerms terms(std::initializer_list<std::string_view> list) {
  return MatchedTerms(std::vector<std::string>(list.begin(), list.end()));
}

std::string escaped(std::string_view text) {
  std::string out;
  append_html_escaped(text, out);
  return out;
}

/** Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), written out here
 *  to check the code under test independently; also refuses controls other than tab and newline. */
bool is_clean_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
      if ((lead < 0x20 && lead != '\t' && lead != '\n') || lead == 0x7F) return false;
      ++pos;
      continue;
    }
    const std::size_t width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (lead < 0xC2 || lead > 0xF4 || pos + width > text.size()) return false;
    std::uint32_t code_point = lead & (0x7F >> width);
    for (std::size_t i = 1; i < width; ++i) {
      const auto byte = static_cast<unsigned char>(text[pos + i]);
      if ((byte & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (byte & 0x3F);
    }
    const std::uint32_t smallest = width == 2 ? 0x80 : width == 3 ? 0x800 : 0x10000;
    if (code_point < smallest || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point < 0xE000)) return false;
    if (code_point < 0xA0) return false;  // C1 controls
    pos += width;
  }
  return true;
}

void erase_all(std::string& text, std::string_view what) {
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at)) text.erase(at, what.size());
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

constexpr std::string_view kEllipsis = "…";

/** What a snippet shows of the original text: marks and cut ellipses removed, entities decoded. */
std::string shown_text(std::string snippet) {
  if (snippet.compare(0, kEllipsis.size(), kEllipsis) == 0) snippet.erase(0, kEllipsis.size());
  if (snippet.size() >= kEllipsis.size() && snippet.compare(snippet.size() - kEllipsis.size(), kEllipsis.size(), kEllipsis) == 0) {
    snippet.erase(snippet.size() - kEllipsis.size());
  }
  erase_all(snippet, "<mark>");
  erase_all(snippet, "</mark>");
  for (const auto& [entity, character] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    replace_all(snippet, entity, character);
  }
  return snippet;
}

/** Checks what holds for every window: valid UTF-8, a piece of the text, within the budget. */
void check_window(std::string_view text, const std::string& snippet, std::size_t max_chars) {
  INFO("snippet: " << snippet);
  CHECK(is_clean_utf8(snippet));
  const std::string shown = shown_text(snippet);
  CHECK(shown.size() <= max_chars);
  CHECK(text.find(shown) != std::string_view::npos);
}

const std::string kAbstract =
    "We study how large language models plan. Prior work trains planners with reinforcement learning on synthetic "
    "tasks, which rarely transfer to open-ended settings. Instead, we propose a diffusion-based planner that "
    "iteratively denoises a sequence of latent actions conditioned on the goal. Our planner combines a pretrained "
    "transformer encoder with a lightweight diffusion decoder, and we show that the transformer's attention maps "
    "reveal which subgoals it considers. On three robotics benchmarks the diffusion planner improves success rates "
    "by 12% over strong baselines while using 40% fewer environment steps. We release code, checkpoints and an "
    "interactive demo.";

}  // namespace

TEST_CASE("snippet: matched terms are a sorted set", "[snippet]") {
  const MatchedTerms matched = terms({"transform", "diffus", "transform", "3d"});
  CHECK(matched.contains("diffus"));
  CHECK(matched.contains("transform"));
  CHECK(matched.contains("3d"));
  CHECK_FALSE(matched.contains("diffusion"));
  CHECK_FALSE(matched.contains(""));
  CHECK_FALSE(matched.empty());
  CHECK(MatchedTerms().empty());
  CHECK_FALSE(MatchedTerms().contains("diffus"));
}

TEST_CASE("snippet: HTML escaping", "[snippet]") {
  CHECK(escaped("<script>alert('x & \"y\"')</script>") ==
        "&lt;script&gt;alert(&#39;x &amp; &quot;y&quot;&#39;)&lt;/script&gt;");
  CHECK(escaped("AT&T &amp; R&D") == "AT&amp;T &amp;amp; R&amp;D");
  CHECK(escaped("Café — naïve 大模型 😀") == "Café — naïve 大模型 😀");
  std::string out = "kept: ";
  append_html_escaped("a<b", out);
  CHECK(out == "kept: a&lt;b");
}

TEST_CASE("snippet: control characters and invalid UTF-8 never reach the page", "[snippet]") {
  CHECK(escaped(std::string_view("a\0b", 3)) == "a b");
  CHECK(escaped("a\x01" "b\x7F" "c\td\r\ne\x1B[31m") == "a b c\td \ne [31m");
  CHECK(escaped("x\xC2\x85y\xC2\xA0z") == "x y\xC2\xA0z");  // C1 NEL replaced, no-break space kept
  CHECK(escaped("caf\xC3") == "caf\xEF\xBF\xBD");                  // truncated at the end
  CHECK(escaped("\xFF\xFE ok") == "\xEF\xBF\xBD ok");              // one U+FFFD per invalid run
  CHECK(escaped("\xC0\xAF|\xED\xA0\x80|\xF4\x90\x80\x80") == "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD");  // overlong, surrogate, > U+10FFFF
  CHECK(escaped("\xE2\x80<\xE2\x80\xA6") == "\xEF\xBF\xBD&lt;…");  // a cut sequence does not swallow what follows
  std::string every_byte;
  for (int byte = 255; byte >= 0; --byte) every_byte += static_cast<char>(byte);
  CHECK_FALSE(is_clean_utf8(every_byte));
  CHECK(is_clean_utf8(escaped(every_byte)));
}

TEST_CASE("snippet: highlight marks stemmed matches in the original text", "[snippet]") {
  Analyzer analyzer;
  CHECK(highlight("Diffusion models: diffusion, diffused & diffusing.", analyzer, terms({"diffus"})) ==
        "<mark>Diffusion</mark> models: <mark>diffusion</mark>, <mark>diffused</mark> &amp; <mark>diffusing</mark>.");
  CHECK(highlight("diffusion model", analyzer, terms({"diffus", "model"})) ==
        "<mark>diffusion</mark> <mark>model</mark>");
  CHECK(highlight("the model's <b>output</b>", analyzer, terms({"model", "output"})) ==
        "the <mark>model</mark>&#39;s &lt;b&gt;<mark>output</mark>&lt;/b&gt;");
  CHECK(highlight("No match <here>", analyzer, terms({"diffus"})) == "No match &lt;here&gt;");
  CHECK(highlight("No terms <here>", analyzer, MatchedTerms()) == "No terms &lt;here&gt;");
  CHECK(highlight("", analyzer, terms({"diffus"})).empty());
}

TEST_CASE("snippet: highlight of compounds and ideographs", "[snippet]") {
  Analyzer analyzer;
  const std::string_view text = "Language-conditioned policies";
  CHECK(highlight(text, analyzer, terms({"condit"})) == "Language-<mark>conditioned</mark> policies");
  CHECK(highlight(text, analyzer, terms({"languagecondit"})) == "<mark>Language-conditioned</mark> policies");
  CHECK(highlight(text, analyzer, terms({"languagecondit", "condit"})) == "<mark>Language-conditioned</mark> policies");
  CHECK(highlight(text, analyzer, terms({"languag", "condit"})) ==
        "<mark>Language</mark>-<mark>conditioned</mark> policies");
  CHECK(highlight("GPT-4o beats GPT-4", analyzer, terms({"gpt"})) ==
        "<mark>GPT</mark>-4o beats <mark>GPT</mark>-4");
  CHECK(highlight("大模型 GPT模型", analyzer, terms({"模", "型"})) == "大<mark>模型</mark> GPT<mark>模型</mark>");
}

TEST_CASE("snippet: highlight offsets point into accented original text", "[snippet]") {
  Analyzer analyzer;
  CHECK(highlight("Crème brûlée & café <au lait>", analyzer, terms({"brule", "cafe"})) ==
        "Crème <mark>brûlée</mark> &amp; <mark>café</mark> &lt;au lait&gt;");
  CHECK(highlight("un cafe\xCC\x81 noir", analyzer, terms({"cafe"})) == "un <mark>cafe\xCC\x81</mark> noir");
  CHECK(highlight("Ｆｕｌｌ‐width ﬁne", analyzer, terms({"full", "fine"})) == "<mark>Ｆｕｌｌ</mark>‐width <mark>ﬁne</mark>");
}

TEST_CASE("snippet: best window of a long abstract", "[snippet]") {
  Analyzer analyzer;
  const MatchedTerms matched = terms({"diffus", "transform"});
  CHECK(best_window(kAbstract, analyzer, matched, 60) ==
        "…pretrained <mark>transformer</mark> encoder with a lightweight <mark>diffusion</mark>…");
  CHECK(best_window(kAbstract, analyzer, matched, 120) ==
        "…combines a pretrained <mark>transformer</mark> encoder with a lightweight <mark>diffusion</mark> decoder, "
        "and we show that the <mark>transformer</mark>&#39;s…");
  // Two terms far apart: one distinct term either way, so the earliest wins, a few words of context first.
  CHECK(best_window(kAbstract, analyzer, terms({"robot", "checkpoint"}), 120) ==
        "…it considers. On three <mark>robotics</mark> benchmarks the diffusion planner improves success rates by "
        "12% over strong baselines…");
  for (const std::size_t max_chars : {1, 10, 40, 60, 120, 200, 400}) {  // "transformer" is shown whole
    check_window(kAbstract, best_window(kAbstract, analyzer, matched, max_chars), std::max<std::size_t>(max_chars, 11));
  }
}

TEST_CASE("snippet: distinct terms beat repetitions, then count, then the earliest", "[snippet]") {
  Analyzer analyzer;
  const std::string filler = " and then some words that match nothing at all, to move the next part out of the window ";
  const std::string text = "diffusion diffusion diffusion diffusion" + filler + "diffusion transformer" + filler + "end";
  CHECK(best_window(text, analyzer, terms({"diffus", "transform"}), 40) ==
        "…window <mark>diffusion</mark> <mark>transformer</mark> and then…");
  CHECK(best_window(text, analyzer, terms({"diffus"}), 40) ==
        "<mark>diffusion</mark> <mark>diffusion</mark> <mark>diffusion</mark> <mark>diffusion</mark>…");
  const std::string twins = "start" + filler + "alpha beta first" + filler + "alpha beta second" + filler;
  CHECK(best_window(twins, analyzer, terms({"alpha", "beta"}), 30) ==
        "…<mark>alpha</mark> <mark>beta</mark> first and…");
}

TEST_CASE("snippet: no match, short text, a word longer than the window", "[snippet]") {
  Analyzer analyzer;
  CHECK(best_window(kAbstract, analyzer, terms({"zebra"}), 120) ==
        "We study how large language models plan. Prior work trains planners with reinforcement learning on "
        "synthetic tasks,…");
  CHECK(best_window(kAbstract, analyzer, MatchedTerms(), 30) == "We study how large language…");
  CHECK(best_window("A <short> diffusion text", analyzer, terms({"diffus"}), 24) ==
        "A &lt;short&gt; <mark>diffusion</mark> text");
  CHECK(best_window("", analyzer, terms({"diffus"}), 10).empty());
  CHECK(best_window("some words", analyzer, terms({"zebra"}), 0) == "…");
  CHECK(best_window("some words", analyzer, terms({"word"}), 0) == "…<mark>words</mark>");
  CHECK(best_window("before supercalifragilistic after", analyzer, terms({"supercalifragilist"}), 5) ==
        "…<mark>supercalifragilistic</mark>…");
}

TEST_CASE("snippet: windows never split a UTF-8 sequence", "[snippet]") {
  Analyzer analyzer;
  std::string greek, unspaced, ideographs;
  for (int i = 0; i < 60; ++i) greek += i == 40 ? "διάχυση " : "λόγος αβγ ";
  for (int i = 0; i < 200; ++i) unspaced += "é";
  for (int i = 0; i < 100; ++i) ideographs += i == 70 ? "扩散" : "模型";
  for (std::size_t max_chars = 0; max_chars < 64; ++max_chars) {
    INFO("max_chars " << max_chars);
    check_window(greek, best_window(greek, analyzer, terms({"διαχυση"}), max_chars), std::max<std::size_t>(max_chars, 14));
    check_window(unspaced, best_window(unspaced, analyzer, MatchedTerms(), max_chars), max_chars);
    check_window(ideographs, best_window(ideographs, analyzer, terms({"扩", "散"}), max_chars), std::max<std::size_t>(max_chars, 3));
  }
  CHECK(best_window(greek, analyzer, terms({"διαχυση"}), 40) ==
        "…αβγ <mark>διάχυση</mark> λόγος αβγ…");
  CHECK(best_window(ideographs, analyzer, terms({"扩", "散"}), 30) == "…模型<mark>扩散</mark>模型模型模型…");
}

TEST_CASE("snippet: invalid UTF-8 and control bytes inside a window", "[snippet]") {
  Analyzer analyzer;
  std::string text = "prefix words\x01\x02 to skip over, ";
  for (int i = 0; i < 10; ++i) text += "filler\xFF\xFE text ";
  text += "then a \x1B diffusion\x7F\xC3 model\r\nand more words after it that the window cuts away at the end";
  const std::string snippet = best_window(text, analyzer, terms({"diffus", "model"}), 60);
  CHECK(is_clean_utf8(snippet));
  // ESC, DEL and CR become spaces, the stray \xC3 one U+FFFD, the newline stays.
  CHECK(snippet == "…then a   <mark>diffusion</mark> \xEF\xBF\xBD <mark>model</mark> \nand more words after it that…");
}

TEST_CASE("snippet: a megabyte where every word matches", "[snippet]") {
  Analyzer analyzer;
  std::string same;
  while (same.size() < 1'000'000) same += "diffusion ";
  const std::string all = highlight(same, analyzer, terms({"diffus"}));
  CHECK(all.size() == same.size() + 100'000 * (std::string_view("<mark></mark>").size()));
  std::string first_words;
  for (int i = 0; i < 20; ++i) first_words += i == 0 ? "<mark>diffusion</mark>" : " <mark>diffusion</mark>";
  CHECK(best_window(same, analyzer, terms({"diffus"}), 200) == first_words + "…");

  std::string distinct;
  std::vector<std::string> words;
  for (int i = 0; distinct.size() < 1'000'000; ++i) {
    words.push_back("w" + std::to_string(i));
    distinct += words.back() + ' ';
  }
  const MatchedTerms every(words);
  const std::string snippet = best_window(distinct, analyzer, every, 200);
  check_window(distinct, snippet, 200);
  CHECK(snippet.compare(0, 20, "<mark>w0</mark> <mar") == 0);
}

TEST_CASE("snippet: windows of real abstracts for their titles' words", "[snippet]") {
  const auto path = test::corpus("hf-listing/hf-papers-page.txt");
  if (path.empty()) {
    WARN("skipped: shared corpora not found");
    return;
  }
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() > 100);
  Analyzer analyzer;
  std::vector<Token> tokens;
  std::size_t marked = 0, checked = 0;
  for (std::size_t i = 2; i + 1 < lines.size(); i += 2) {
    analyzer.analyze(lines[i], tokens);
    std::vector<std::string> terms_of_title;
    for (const Token& token : tokens) terms_of_title.emplace_back(token.term);
    const MatchedTerms title_terms(std::move(terms_of_title));
    const std::string& abstract = lines[i + 1];
    const std::string snippet = best_window(abstract, analyzer, title_terms, 240);
    check_window(abstract, snippet, 240);
    marked += snippet.find("<mark>") != std::string::npos;
    ++checked;
  }
  CHECK(checked > 100);
  CHECK(marked * 10 > checked * 9);  // nearly every abstract repeats a word of its title
}
