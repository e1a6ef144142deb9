// The query language: every construct of the grammar, precedence, fields and filters, and the
// recovery rules with their notes, asserted through explain()'s canonical rendering.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "paperfeed/query.hpp"

using namespace paperfeed;
using Notes = std::vector<std::string>;

namespace {

std::string tree(std::string_view text) { return explain(parse_query(text)); }

Notes notes(std::string_view text) { return parse_query(text).recovered; }

}  // namespace

TEST_CASE("terms are should clauses, as typed", "[query]") {
  CHECK(tree("diffusion") == "(term diffusion)");
  CHECK(tree("Diffusion Video") == "(bool (should (term Diffusion)) (should (term Video)))");
  CHECK(tree("GPT-4o pass@10 Qwen2.5") ==
        "(bool (should (term GPT-4o)) (should (term pass@10)) (should (term Qwen2.5)))");
  CHECK(notes("diffusion video").empty());
}

TEST_CASE("the empty query and a query of blanks match every paper", "[query]") {
  CHECK(tree("") == "(all)");
  CHECK(tree("   \t\n ") == "(all)");
  CHECK(parse_query("").root.kind == QueryNode::Kind::match_all);
  CHECK(notes("").empty());
}

TEST_CASE("+ and - make must and must_not clauses", "[query]") {
  CHECK(tree("+diffusion -survey video") ==
        "(bool (must (term diffusion)) (must_not (term survey)) (should (term video)))");
  CHECK(tree("-survey") == "(bool (must_not (term survey)))");
  CHECK(tree("+diffusion") == "(term diffusion)");
  CHECK(tree("a NOT b") == "(bool (should (term a)) (must_not (term b)))");
  CHECK(tree("-+a b") == "(bool (must (term a)) (should (term b)))");
  CHECK(tree("+\"graph neural\" -(a b) c") ==
        "(bool (must (phrase \"graph neural\")) (must_not (bool (should (term a)) (should (term b)))) "
        "(should (term c)))");
}

TEST_CASE("a hyphen inside a word is part of it", "[query]") {
  CHECK(tree("language-conditioned x-y") ==
        "(bool (should (term language-conditioned)) (should (term x-y)))");
}

TEST_CASE("phrases keep their words in order, blanks folded", "[query]") {
  CHECK(tree("\"graph  neural network\"") == "(phrase \"graph neural network\")");
  CHECK(tree("\" spaced \"") == "(phrase \"spaced\")");
  CHECK(tree("a\"b c\"d") == "(bool (should (term a)) (should (phrase \"b c\")) (should (term d)))");
  CHECK(tree("\"a\\b\"") == "(phrase \"a\\\\b\")");
}

TEST_CASE("AND binds tighter than OR; juxtaposition is loosest", "[query]") {
  CHECK(tree("a OR b") == "(bool (should (term a)) (should (term b)))");
  CHECK(tree("a AND b") == "(bool (must (term a)) (must (term b)))");
  CHECK(tree("a OR b OR c") == "(bool (should (term a)) (should (term b)) (should (term c)))");
  CHECK(tree("a b OR c d") ==
        "(bool (should (term a)) (should (bool (should (term b)) (should (term c)))) (should (term d)))");
  CHECK(tree("a AND b OR c") ==
        "(bool (should (bool (must (term a)) (must (term b)))) (should (term c)))");
  CHECK(tree("a OR b AND c") ==
        "(bool (should (term a)) (should (bool (must (term b)) (must (term c)))))");
  CHECK(tree("a AND -b") == "(bool (must (term a)) (must_not (term b)))");
  CHECK(tree("a AND NOT b") == "(bool (must (term a)) (must_not (term b)))");
  CHECK(tree("+a OR b") == "(bool (must (term a)) (should (term b)))");
}

TEST_CASE("operators are upper case only", "[query]") {
  CHECK(tree("cats or dogs and not birds") ==
        "(bool (should (term cats)) (should (term or)) (should (term dogs)) (should (term and)) "
        "(should (term not)) (should (term birds)))");
}

TEST_CASE("groups nest with occur and field", "[query]") {
  CHECK(tree("(a)") == "(term a)");
  CHECK(tree("(a b)") == "(bool (should (term a)) (should (term b)))");
  CHECK(tree("(a OR b) AND c") ==
        "(bool (must (bool (should (term a)) (should (term b)))) (must (term c)))");
  CHECK(tree("+(a OR b) -(c AND d)") ==
        "(bool (must (bool (should (term a)) (should (term b)))) "
        "(must_not (bool (must (term c)) (must (term d)))))");
  CHECK(tree("title:(a \"b c\" abstract:d)") ==
        "(bool (should (field title (term a))) (should (field title (phrase \"b c\"))) "
        "(should (field abstract (term d))))");
  CHECK(tree("-title:(a (b OR c*))") ==
        "(bool (must_not (bool (should (field title (term a))) "
        "(should (bool (should (field title (term b))) (should (field title (prefix c))))))))");
  CHECK(tree("((((x))))") == "(term x)");
}

TEST_CASE("field scopes, names case-insensitive", "[query]") {
  CHECK(tree("title:diffusion") == "(field title (term diffusion))");
  CHECK(tree("TITLE:diffusion") == "(field title (term diffusion))");
  CHECK(tree("abstract:a author:Hinton authors:b cat:cs.LG category:c categories:d id:2401.00001 "
             "keyword:e keywords:f") ==
        "(bool (should (field abstract (term a))) (should (field authors (term Hinton))) "
        "(should (field authors (term b))) (should (field categories (term cs.LG))) "
        "(should (field categories (term c))) (should (field categories (term d))) "
        "(should (field id (term 2401.00001))) (should (field keywords (term e))) "
        "(should (field keywords (term f))))");
  CHECK(tree("title:\"graph neural\"") == "(field title (phrase \"graph neural\"))");
  CHECK(tree("title:diff*") == "(field title (prefix diff))");
  CHECK(tree("author:hintn~") == "(field authors (fuzzy hintn 1))");
  CHECK(tree("id:arXiv:2401.00001") == "(field id (term arXiv:2401.00001))");
}

TEST_CASE("prefix and fuzzy words", "[query]") {
  CHECK(tree("diff*") == "(prefix diff)");
  CHECK(tree("diff**") == "(prefix diff)");
  CHECK(tree("difusion~") == "(fuzzy difusion 1)");
  CHECK(tree("difusion~1") == "(fuzzy difusion 1)");
  CHECK(tree("difusion~2") == "(fuzzy difusion 2)");
  CHECK(tree("a~b") == "(term a~b)");
  CHECK(tree("difusion~0") == "(term difusion)");
  CHECK(tree("difusion~5") == "(fuzzy difusion 2)");
  CHECK(notes("difusion~5") == Notes{"fuzzy distance 5 at 0 lowered to 2"});
}

TEST_CASE("numeric filters", "[query]") {
  CHECK(tree("year:2024") == "(filter year 2024)");
  CHECK(tree("year:2021..2023") == "(filter year 2021..2023)");
  CHECK(tree("year:2021..") == "(filter year 2021..)");
  CHECK(tree("year:..2023") == "(filter year ..2023)");
  CHECK(tree("year:=2024") == "(filter year 2024)");
  CHECK(tree("upvotes:>=10") == "(filter upvotes 10..)");
  CHECK(tree("stars:>100") == "(filter stars 101..)");
  CHECK(tree("comments:<5") == "(filter comments ..4)");
  CHECK(tree("citations:<=50") == "(filter citations ..50)");
  CHECK(tree("Stars:>100") == "(filter stars 101..)");
  CHECK(tree("year:2023..2021") == "(filter year 2021..2023)");
  CHECK(notes("year:2023..2021") == Notes{"reversed range at 0 swapped"});
}

TEST_CASE("date filters take ISO dates, months and years", "[query]") {
  CHECK(tree("date:>=2024-05-01") == "(filter date 2024-05-01..)");
  CHECK(tree("date:>2024-05-31") == "(filter date 2024-06-01..)");
  CHECK(tree("date:<2024-03-01") == "(filter date ..2024-02-29)");
  CHECK(tree("date:2024-02") == "(filter date 2024-02-01..2024-02-29)");
  CHECK(tree("date:2023") == "(filter date 2023-01-01..2023-12-31)");
  CHECK(tree("date:2024-05-01..2024-06") == "(filter date 2024-05-01..2024-06-30)");
  CHECK(tree("date:>2024-12") == "(filter date 2025-01-01..)");
  CHECK(tree("date:2024-05-01") == "(filter date 2024-05-01)");
  CHECK(tree("listed:>=2024-05-01") == "(filter listed 2024-05-01..)");
  CHECK(tree("Listed:2024-05") == "(filter listed 2024-05-01..2024-05-31)");
  const ParsedQuery day = parse_query("date:1970-01-02");
  REQUIRE(day.root.kind == QueryNode::Kind::filter_range);
  CHECK(day.root.numeric == NumericField::date);
  CHECK(day.root.min == 1);
  CHECK(day.root.max == 1);
}

TEST_CASE("has filters", "[query]") {
  CHECK(tree("has:code") == "(has code)");
  CHECK(tree("HAS:Stars") == "(has stars)");
  CHECK(tree("-has:code") == "(bool (must_not (has code)))");
}

TEST_CASE("filters restrict: must unless marked or ORed", "[query]") {
  CHECK(tree("diffusion year:2024") == "(bool (should (term diffusion)) (must (filter year 2024)))");
  CHECK(tree("diffusion -year:2024") == "(bool (should (term diffusion)) (must_not (filter year 2024)))");
  CHECK(tree("diffusion (has:code OR stars:>=10)") ==
        "(bool (should (term diffusion)) (should (bool (should (has code)) (should (filter stars 10..)))))");
  CHECK(tree("(a year:2024)") == "(bool (should (term a)) (must (filter year 2024)))");
}

TEST_CASE("a full query combines everything", "[query]") {
  const ParsedQuery parsed = parse_query("+title:\"graph neural\" -survey year:2021..2023 diff*");
  CHECK(explain(parsed) ==
        "(bool (must (field title (phrase \"graph neural\"))) (must_not (term survey)) "
        "(must (filter year 2021..2023)) (should (prefix diff)))");
  CHECK(parsed.recovered.empty());
  REQUIRE(parsed.root.children.size() == 4);
  CHECK(parsed.root.children[0].kind == QueryNode::Kind::phrase);
  CHECK(parsed.root.children[0].field == Field::title);
  CHECK(parsed.root.children[0].occur == Occur::must);
  CHECK(parsed.root.children[0].text == "graph neural");
  CHECK(parsed.root.children[2].min == 2021);
  CHECK(parsed.root.children[2].max == 2023);
}

TEST_CASE("recovery: unbalanced quote takes the rest as a phrase", "[query]") {
  const ParsedQuery parsed = parse_query("diffusion \"video gen");
  CHECK(explain(parsed) == "(bool (should (term diffusion)) (should (phrase \"video gen\")))");
  CHECK(parsed.recovered == Notes{"unbalanced quote at 10: the rest is one phrase"});
  CHECK(tree("a \"\" b") == "(bool (should (term a)) (should (term b)))");
  CHECK(notes("a \"\" b") == Notes{"empty phrase at 2 ignored"});
}

TEST_CASE("recovery: parentheses", "[query]") {
  CHECK(tree("a) b") == "(bool (should (term a)) (should (term b)))");
  CHECK(notes("a) b") == Notes{"unbalanced ')' at 1 ignored"});
  CHECK(tree("(a OR b") == "(bool (should (term a)) (should (term b)))");
  CHECK(notes("(a OR b") == Notes{"unclosed '(' at 0 closed at the end"});
  CHECK(tree("x () y") == "(bool (should (term x)) (should (term y)))");
  CHECK(notes("x () y") == Notes{"empty group at 2 ignored"});
}

TEST_CASE("recovery: operators with nothing to operate on are dropped", "[query]") {
  CHECK(tree("OR a") == "(term a)");
  CHECK(notes("OR a") == Notes{"lone OR at 0 ignored"});
  CHECK(tree("a OR") == "(term a)");
  CHECK(notes("a OR") == Notes{"lone OR at 2 ignored"});
  CHECK(tree("a AND OR b") == "(bool (should (term a)) (should (term b)))");
  CHECK(notes("a AND OR b") == Notes{"lone AND at 2 ignored"});
  CHECK(tree("a NOT") == "(term a)");
  CHECK(notes("a NOT") == Notes{"lone NOT at 2 ignored"});
  CHECK(tree("a - b") == "(bool (should (term a)) (should (term b)))");
  CHECK(notes("a - b") == Notes{"'-' at 2 has nothing to search, ignored"});
  CHECK(tree("OR AND NOT") == "(all)");
}

TEST_CASE("recovery: fields and filters", "[query]") {
  CHECK(tree("title: diffusion") == "(term diffusion)");
  CHECK(notes("title: diffusion") == Notes{"empty field 'title:' at 0 ignored"});
  CHECK(tree("foo:bar") == "(term foo:bar)");
  CHECK(notes("foo:bar") == Notes{"unknown field 'foo:' at 0 searched as text"});
  CHECK(tree("https://github.com/a") == "(term https://github.com/a)");
  CHECK(notes("https://github.com/a").empty());
  CHECK(tree("year:abc") == "(term year:abc)");
  CHECK(notes("year:abc") == Notes{"filter 'year:abc' at 0 has an unusable value, searched as text"});
  CHECK(tree("date:2024-02-30 has:wings stars:>x year:..") ==
        "(bool (should (term date:2024-02-30)) (should (term has:wings)) (should (term stars:>x)) "
        "(should (term year:..)))");
  CHECK(notes("title:(year:abc)") == Notes{"filter 'year:abc' at 7 has an unusable value, searched as text"});
  CHECK(tree("title:(year:abc)") == "(field title (term year:abc))");
}

TEST_CASE("max_query_clauses: a query at the limit is whole, one clause over it is cut and noted", "[query][limits]") {
  Limits limits;
  limits.max_query_clauses = 2;
  const ParsedQuery at_limit = parse_query("a b", limits);
  CHECK(explain(at_limit) == "(bool (should (term a)) (should (term b)))");
  CHECK(at_limit.recovered.empty());
  const ParsedQuery over = parse_query("a b c d", limits);
  CHECK(explain(over) == "(bool (should (term a)) (should (term b)))");
  CHECK(over.recovered == Notes{"more than 2 clauses: the rest ignored"});
}

TEST_CASE("max_query_nesting: nesting at the limit is kept, one level deeper is flattened and noted", "[query][limits]") {
  Limits limits;
  limits.max_query_nesting = 1;
  const ParsedQuery at_limit = parse_query("(a b) d", limits);
  CHECK(explain(at_limit) == "(bool (should (bool (should (term a)) (should (term b)))) (should (term d)))");
  CHECK(at_limit.recovered.empty());
  const ParsedQuery over = parse_query("(a (b c)) d", limits);
  CHECK(explain(over) ==
        "(bool (should (bool (should (term a)) (should (term b)) (should (term c)))) (should (term d)))");
  CHECK(over.recovered == Notes{"parentheses nested deeper than 1 ignored"});
}

TEST_CASE("max_query_bytes: a query of exactly the limit is whole, one byte over is cut and noted", "[query][limits]") {
  Limits limits;
  limits.max_query_bytes = 8;
  const ParsedQuery at_limit = parse_query("ab caf\xC3\xA9", limits);
  CHECK(explain(at_limit) == "(bool (should (term ab)) (should (term caf\xC3\xA9)))");
  CHECK(at_limit.recovered.empty());
  limits.max_query_bytes = 7;  // inside the two bytes of é: cut before it
  const ParsedQuery over = parse_query("ab caf\xC3\xA9", limits);
  CHECK(explain(over) == "(bool (should (term ab)) (should (term caf)))");
  CHECK(over.recovered == Notes{"query cut at 6 bytes"});
  limits.max_query_bytes = 5;
  CHECK(explain(parse_query("ab caf\xC3\xA9", limits)) == "(bool (should (term ab)) (should (term ca)))");
}

TEST_CASE("balanced_query closes what is open and drops what closes nothing", "[query]") {
  CHECK(balanced_query("a (b OR c") == "a (b OR c)");
  CHECK(balanced_query("video) OR (diffusion") == "video OR (diffusion)");
  CHECK(balanced_query("\"open phrase (") == "\"open phrase (\"");
  CHECK(balanced_query("\"a)\" (b))") == "\"a)\" (b)");
  CHECK(balanced_query("") == "");
}

TEST_CASE("narrow_query puts the added clauses first and grows the bounds by them", "[query]") {
  const Limits limits;
  const NarrowedQuery narrowed = narrow_query("video (diffusion", {"listed:2024-05-01..", "-\"survey\""}, limits);
  CHECK(narrowed.text == "listed:2024-05-01.. -\"survey\" +(video (diffusion))");
  CHECK(narrowed.limits.max_query_bytes == limits.max_query_bytes + std::string("listed:2024-05-01.. -\"survey\" ").size() + 3);
  CHECK(narrowed.limits.max_query_clauses == limits.max_query_clauses + 2);
  CHECK(narrowed.limits.max_query_nesting == limits.max_query_nesting + 1);
  CHECK(narrow_query("  \t", {"listed:..2024-05-01"}).text == "listed:..2024-05-01 ");
  CHECK(narrow_query("", {}).text.empty());
  // A reader's query over its bounds is cut; the clauses before it are not.
  const std::string long_query(5000, 'a');
  const NarrowedQuery cut = narrow_query(long_query, {"listed:2024-05-01.."});
  CHECK(explain(parse_query(cut.text, cut.limits)).rfind("(bool (must (filter listed 2024-05-01..)) (must (term aaa", 0) == 0);
  // A reader's query nested as deep as its bounds allow keeps every level inside the added group.
  Limits shallow;
  shallow.max_query_nesting = 1;
  const NarrowedQuery nested = narrow_query("(a b) c", {"year:2024"}, shallow);
  const ParsedQuery parsed = parse_query(nested.text, nested.limits);
  CHECK(parsed.recovered.empty());
  CHECK(explain(parsed) == "(bool (must (filter year 2024)) (must (bool (should (bool (should (term a)) (should (term b)))) "
                           "(should (term c)))))");
}
