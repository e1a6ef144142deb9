// Hostile input for the normalisation functions: no crash, no hang, sane output.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "paperfeed/normalize.hpp"
#include "paperfeed/paper.hpp"

using namespace paperfeed;

namespace {

/** Runs every text function on @p text; returns the outputs so the calls are not optimised away. */
std::size_t run_everything(const std::string& text) {
  std::size_t total = 0;
  total += fold_whitespace(text).size();
  total += decode_html_entities(text).size();
  total += decode_tex_accents(text).size();
  total += clean_title(text).size();
  total += clean_abstract(text).size();
  total += clean_name(text).size();
  total += title_key(text).size();
  total += flip_last_first(text).size();
  total += split_authors(text).size();
  total += normalize_arxiv_id(text).value_or("").size();
  total += normalize_doi(text).value_or("").size();
  total += to_iso_date(text).value_or("").size();
  total += static_cast<std::size_t>(arxiv_version(text));
  total += is_arxiv_category(text) ? 1 : 0;
  total += arxiv_category_from_name(text).value_or("").size();
  total += arxiv_category_name(text).size();
  Paper paper;
  paper.title = text;
  paper.url = text;
  paper.doi = text;
  paper.categories = {text, text};
  paper.primary_category = text;
  complete_identity(paper);
  total += paper.id.size();
  std::string copy = text;
  total += repair_utf8(copy);
  return total;
}

bool is_valid_utf8(std::string text) { return repair_utf8(text) == 0; }

}  // namespace

TEST_CASE("unterminated and malformed TeX stays verbatim", "[normalize]") {
  for (const char* text :
       {"{\\'", "\\'", "\\'{", "\\'{e",  "\\v{",     "\\v",    "\\",    "abc\\", "{",     "}",     "$",
        "$$",   "\\(", "\\[",  "\\url{", "\\href{x", "\\'{\\", "\\'\\", "{\\\\", "\\'{}", "\\c{}", "{ \\ }"}) {
    INFO(text);
    CHECK(decode_tex_accents(text) == text);
    run_everything(text);
  }
  // A complete command inside an unclosed group or after an unpaired dollar is still decoded.
  CHECK(decode_tex_accents("{\\'e") == "{é");
  CHECK(decode_tex_accents("{\\o") == "{ø");
  CHECK(decode_tex_accents("$\\'e") == "$é");
  CHECK(decode_tex_accents("\\\"{\\j") == "\\\"{ȷ");
  // Accents nested deeper than anyone writes are left alone, not followed down.
  CHECK(decode_tex_accents("\\'{\\'{\\'{\\'{\\'{\\'{e}}}}}}").find("\\'{\\'{") == 0);
}

TEST_CASE("malformed character references stay verbatim", "[normalize]") {
  for (const char* text :
       {"&", "&#", "&#x", "&#;", "&#x;", "&#xFFFFFFFFF;", "&#99999999999999999999;", "&#-1;", "&#x-1;", "&eacute",
        "& eacute;", "&;", "&&&&;", "&#x0000000000000000000000000000041;", "&amp", "&ampamp;"}) {
    INFO(text);
    CHECK(decode_html_entities(text) == text);
    run_everything(text);
  }
  CHECK(decode_html_entities("&#x00041;") == "A");
}

TEST_CASE("megabytes of one hostile character are handled", "[normalize]") {
  // Ten megabytes of '{', one of each other character: anything quadratic would take hours and
  // run into ctest's timeout.
  for (char c : {'{', '}', '(', '\\', '$', '&', '#', ',', ' ', '\n'}) {
    INFO("character " << c);
    std::string text(c == '{' ? 10u << 20 : 1u << 20, c);
    std::string tex = decode_tex_accents(text);
    std::string title = clean_title(text);
    std::vector<std::string> authors = split_authors(text);
    std::string key = title_key(text);
    if (c == '{' || c == '}' || c == '$' || c == '\\') CHECK(tex == text);
    if (c == ' ' || c == '\n') CHECK(title.empty());
    CHECK(key.empty());
    CHECK(authors.empty());
  }
  std::string pattern;
  for (int i = 0; i < 1'000'000; ++i) pattern += "{\\'";
  CHECK(decode_tex_accents(pattern) == pattern);
  std::string accents;
  for (int i = 0; i < 1'000'000; ++i) accents += "\\'";
  CHECK(decode_tex_accents(accents + "e").size() == accents.size());  // the last \'e becomes é (2 bytes)
  for (const char* unclosed : {"\\(", "\\[", "$$x$", "\\url{", "\\href{"}) {
    std::string repeated;
    for (int i = 0; i < 200'000; ++i) repeated += unclosed;
    INFO(unclosed);
    CHECK(decode_tex_accents(repeated).size() == repeated.size());
  }
  CHECK(normalize_doi("10.1000/x" + std::string(1u << 20, ')')) == "10.1000/x");
  CHECK(normalize_doi("10.1000/x" + std::string(1u << 20, '.')) == "10.1000/x");
  Paper crowded;
  crowded.id = "2411.02327";
  for (int i = 0; i < 200'000; ++i) {
    std::string subject;
    for (int n = i; n > 0 || subject.empty(); n /= 26) subject += static_cast<char>('a' + n % 26);
    crowded.categories.push_back("cs." + subject);
    crowded.categories.push_back("68T05");
    crowded.categories.push_back("cs." + subject);
  }
  complete_identity(crowded);
  CHECK(crowded.categories.size() == 200'000);
  CHECK(crowded.primary_category == "cs.a");
  std::string ampersands;
  for (int i = 0; i < 1'000'000; ++i) ampersands += "&amp;";
  CHECK(decode_html_entities(ampersands) == std::string(1'000'000, '&'));
}

TEST_CASE("invalid UTF-8 at every position of a multi-byte character", "[normalize]") {
  const std::string fffd = "\uFFFD";
  for (std::string character : {"é", "€", "😀", "\u00A0", "\u3000", "\u2009", "\u1680"}) {
    for (std::size_t cut = 1; cut < character.size(); ++cut) {
      // Cut off at the very end of the text.
      std::string cut_off = "ab" + character.substr(0, cut);
      INFO("text ends after " << cut << " bytes of " << character);
      run_everything(cut_off);
      CHECK(fold_whitespace(cut_off) == cut_off);
      // Truncated: the prefix is one maximal subpart, replaced by one U+FFFD.
      std::string truncated = "ab " + character.substr(0, cut) + " cd";
      INFO("truncated after " << cut << " bytes of " << character);
      run_everything(truncated);
      std::string repaired = truncated;
      CHECK(repair_utf8(repaired) == 1);
      CHECK(repaired == "ab " + fffd + " cd");
      CHECK(fold_whitespace(truncated).size() == truncated.size());
    }
    for (std::size_t position = 0; position < character.size(); ++position) {
      for (char replacement : {'\x41', '\xFF', '\xC0', '\x80'}) {
        std::string broken = "x" + character + "y";
        broken[1 + position] = replacement;
        INFO("byte " << position << " of " << character << " replaced by "
                     << static_cast<int>(static_cast<unsigned char>(replacement)));
        run_everything(broken);
        std::string repaired = broken;
        std::uint64_t replacements = repair_utf8(repaired);
        CHECK(is_valid_utf8(repaired));
        // A continuation byte swapped for another may leave the sequence well-formed.
        if (replacement != '\x80' || position == 0) CHECK(replacements >= 1);
        CHECK(replacements <= character.size());
        CHECK(repaired.front() == 'x');
        CHECK(repaired.back() == 'y');
        CHECK(title_key(broken).front() == 'x');
      }
    }
  }
}

TEST_CASE("degenerate identifiers, dates and names", "[normalize]") {
  for (const char* text :
       {"", " ", "v", "v1", "2411.02327v99999999999", "arXiv:", "oai:arXiv.org:", "https://arxiv.org/abs/",
        "https://arxiv.org/pdf/.pdf", "/", "astro-ph/", "astro-ph./0601001", "9999.99999"}) {
    INFO(text);
    CHECK(normalize_arxiv_id(text) == std::nullopt);
    CHECK(arxiv_version(text) == 0);
  }
  for (const char* text : {"2024-", "2024-11-", "2024-1", "Mon,", ",", "2024-11-04T", "2024-11-04T12",
                           "2024-11-04T12:", "2 Apr", "Apr 2007", "99999", "2024-11-04T12:00:00+99:00", "-2024"}) {
    INFO(text);
    CHECK(to_iso_date(text) == std::nullopt);
  }
  for (const char* text : {")))", "(", "and", ", , ;", "{", "}}}", "et al.", "and and and", "(a) (b)"}) {
    INFO(text);
    CHECK(split_authors(text).empty());
  }
  CHECK(split_authors("{A, B") == std::vector<std::string>{"{A, B"});
  for (const char* text : {",", ", ,", ",,,,", " , "}) {
    INFO(text);
    run_everything(text);
  }
  CHECK(flip_last_first(",") == "");
  CHECK(flip_last_first(",,,,") == ",,,,");
}

TEST_CASE("random mixes of the tokens normalisation reacts to stay idempotent", "[normalize]") {
  // Fragments of TeX, entities, math, ids, separators and broken UTF-8, glued at random.
  const std::vector<std::string> tokens = {
      "\\",       "'",          "\"",  "{",      "}", "$",    "$$",  "e",    "i",    "o",    "ss",
      "v",        "c",          " ",   "\n",     "&", "amp;", "#",   "x",    "E9;",  "lt;",  "eacute;",
      "\\(",      "\\)",        "url", "(",      ")", ",",    "and", ";",    "\xC3", "\xA9", "\u00A0",
      "\xE2\x80", "2411.02327", "v2",  "arXiv:", "/", "10.",  "Jr.", "\\\\", "†",    "\xF0"};
  std::uint64_t state = 7;
  auto next_random = [&] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  auto check_idempotent = [](const std::string& text, auto f) {
    auto once = f(text);
    CHECK(f(once) == once);
  };
  for (int round = 0; round < 20'000; ++round) {
    std::string text;
    for (auto count = next_random() % 12; count > 0; --count) text += tokens[next_random() % tokens.size()];
    INFO("text: " << text);
    check_idempotent(text, fold_whitespace);
    check_idempotent(text, decode_html_entities);
    check_idempotent(text, decode_tex_accents);
    check_idempotent(text, clean_title);
    check_idempotent(text, clean_abstract);
    check_idempotent(text, clean_name);
    check_idempotent(text, title_key);
    check_idempotent(text, flip_last_first);
    run_everything(text);
  }
}
