// Hostile query strings: each parses to a tree without a crash, and the notes say what the
// parser did with it.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "paperfeed/query.hpp"

using namespace paperfeed;
using Notes = std::vector<std::string>;

namespace {

std::size_t count_notes_starting(const Notes& notes, std::string_view start) {
  std::size_t count = 0;
  for (const std::string& note : notes) count += note.rfind(start, 0) == 0;
  return count;
}

}  // namespace

TEST_CASE("a 10 KB query is cut at 4096 bytes", "[query]") {
  std::string text;
  while (text.size() < 10240) text += "word ";
  const ParsedQuery parsed = parse_query(text);
  CHECK(parsed.recovered == Notes{"query cut at 4096 bytes", "more than 256 clauses: the rest ignored"});
  REQUIRE(parsed.root.kind == QueryNode::Kind::boolean);
  CHECK(parsed.root.children.size() == 256);

  std::string phrase = "\"";
  while (phrase.size() < 10240) phrase += "word ";
  const ParsedQuery one = parse_query(phrase + "\"");
  CHECK(one.recovered == Notes{"query cut at 4096 bytes", "unbalanced quote at 0: the rest is one phrase"});
  REQUIRE(one.root.kind == QueryNode::Kind::phrase);
  CHECK(one.root.text.size() == 4094);  // 819 words, blanks folded
}

TEST_CASE("a cut never splits a UTF-8 character", "[query]") {
  const std::string text = std::string(4095, 'a') + "\xC3\xA9";
  const ParsedQuery parsed = parse_query(text);
  CHECK(parsed.recovered == Notes{"query cut at 4095 bytes"});
  CHECK(parsed.root.text == std::string(4095, 'a'));
}

TEST_CASE("10,000 open parentheses", "[query]") {
  const ParsedQuery cut = parse_query(std::string(10000, '(') + "a");
  CHECK(explain(cut) == "(all)");
  CHECK(cut.recovered.front() == "query cut at 4096 bytes");

  Limits limits;
  limits.max_query_bytes = 20000;
  const ParsedQuery parsed = parse_query(std::string(10000, '(') + "a", limits);
  CHECK(explain(parsed) == "(term a)");
  CHECK(parsed.recovered.front() == "parentheses nested deeper than 32 ignored");
  CHECK(count_notes_starting(parsed.recovered, "unclosed '('") == 32);
  CHECK(parsed.recovered.size() == 33);

  const ParsedQuery closed = parse_query(std::string(4000, '(') + "a" + std::string(4000, ')') + " b", limits);
  CHECK(explain(closed) == "(bool (should (term a)) (should (term b)))");
  CHECK(closed.recovered == Notes{"parentheses nested deeper than 32 ignored"});

  CHECK(explain(parse_query(std::string(10000, ')'))) == "(all)");

  limits.max_query_nesting = 1000000;
  const ParsedQuery capped = parse_query(std::string(10000, '(') + "a", limits);
  CHECK(explain(capped) == "(term a)");
  CHECK(capped.recovered.front() == "parentheses nested deeper than 64 ignored");
}

TEST_CASE("a query of only operators matches every paper", "[query]") {
  const ParsedQuery parsed = parse_query("AND OR NOT + - ( ) * ~");
  CHECK(explain(parsed) == "(all)");
  CHECK(parsed.recovered == Notes{"lone AND at 0 ignored", "lone OR at 4 ignored",
                                  "'+' at 11 has nothing to search, ignored", "lone NOT at 7 ignored",
                                  "'-' at 13 has nothing to search, ignored", "empty group at 15 ignored",
                                  "'*' at 19 has nothing to search, ignored",
                                  "'~' at 21 has nothing to search, ignored"});
}

TEST_CASE("runs of quotes", "[query]") {
  CHECK(explain(parse_query("\"\"\"\"")) == "(all)");
  CHECK(parse_query("\"\"\"\"").recovered == Notes{"empty phrase at 0 ignored", "empty phrase at 2 ignored"});
  CHECK(explain(parse_query("\"\"\"")) == "(all)");
  CHECK(parse_query("\"\"\"").recovered ==
        Notes{"unbalanced quote at 2: the rest is one phrase", "empty phrase at 0 ignored",
              "empty phrase at 2 ignored"});
}

TEST_CASE("a field with no value", "[query]") {
  CHECK(explain(parse_query("title:")) == "(all)");
  CHECK(parse_query("title:").recovered == Notes{"empty field 'title:' at 0 ignored"});
  CHECK(explain(parse_query("title:()")) == "(all)");
  CHECK(explain(parse_query("year: has:")) == "(all)");
}

TEST_CASE("tildes alone", "[query]") {
  CHECK(explain(parse_query("~~~")) == "(all)");
  CHECK(parse_query("~~~").recovered == Notes{"'~~~' at 0 has nothing to search, ignored"});
  CHECK(explain(parse_query("a~~~ ~2 *~")) == "(fuzzy a 1)");
}

TEST_CASE("invalid UTF-8 is replaced", "[query]") {
  const ParsedQuery parsed = parse_query("caf\xE9 \xC0\xAF x\xED\xA0\x80y \xF4\x90\x80\x80");
  CHECK(explain(parsed) ==
        "(bool (should (term caf\xEF\xBF\xBD)) (should (term \xEF\xBF\xBD\xEF\xBF\xBD)) "
        "(should (term x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy)) "
        "(should (term \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD)))");
  CHECK(parsed.recovered == Notes{"invalid UTF-8 at 3 replaced"});
  CHECK(explain(parse_query("\xE2\x82")) == "(term \xEF\xBF\xBD\xEF\xBF\xBD)");
  CHECK(parse_query("\xFF\xFE a\x01").recovered ==
        Notes{"invalid UTF-8 at 0 replaced", "control characters at 8 read as spaces"});
}

TEST_CASE("control bytes separate words", "[query]") {
  const ParsedQuery parsed = parse_query(std::string("a\0b\x1F" "c\x7F" "d\xC2\x85" "e\tf", 13));
  CHECK(explain(parsed) == "(bool (should (term a)) (should (term b)) (should (term c)) (should (term d)) "
                           "(should (term e)) (should (term f)))");
  CHECK(parsed.recovered == Notes{"control characters at 1 read as spaces"});
  CHECK(explain(parse_query("\"a\nb\"")) == "(phrase \"a b\")");
}

TEST_CASE("1,000 clauses hit the clause limit", "[query]") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "w" + std::to_string(i) + (i % 2 ? " OR " : " ");
  Limits limits;
  limits.max_query_bytes = text.size();
  const ParsedQuery parsed = parse_query(text, limits);
  CHECK(parsed.recovered == Notes{"more than 256 clauses: the rest ignored"});
  std::size_t leaves = 0;
  for (const QueryNode& child : parsed.root.children)
    leaves += child.kind == QueryNode::Kind::boolean ? child.children.size() : 1;
  CHECK(leaves == 256);
}

TEST_CASE("random bytes never break the parser", "[query]") {
  std::uint32_t state = 12345;
  const std::string alphabet = "ab (\")+-:*~.>=<ORANDNOTtitleyear\xC3\xA9\xFF\x01 ";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t length = round % 64;
    for (std::size_t i = 0; i < length; ++i) {
      state = state * 1664525u + 1013904223u;
      text += alphabet[(state >> 16) % alphabet.size()];
    }
    const ParsedQuery parsed = parse_query(text);
    CHECK_FALSE(explain(parsed).empty());
  }
}

TEST_CASE("notes quote the query's words short and printable", "[query]") {
  const std::string long_word(1000, 'w');
  const std::string bidi = "\xE2\x80\xAE";  // RIGHT-TO-LEFT OVERRIDE: no control byte, yet it reorders a line
  const auto notes = parse_query("foo" + long_word + ":x year:" + bidi + long_word + " " + std::string(1000, '~')).recovered;
  REQUIRE(notes.size() == 3);
  for (const std::string& note : notes) {
    INFO(note);
    CHECK(note.size() < 120);
    CHECK(note.find(bidi) == std::string::npos);
  }
  CHECK(notes[0].starts_with("unknown field 'foowww"));
  CHECK(notes[1].starts_with("filter 'year:?www"));
  CHECK(notes[2].starts_with("'~~~"));
}
