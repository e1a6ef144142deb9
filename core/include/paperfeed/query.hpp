#pragma once
/**
 * @file query.hpp
 * The query language (DESIGN.md, "Query language"): a typed string becomes a small tree of
 * QueryNode values. Parsing never fails: whatever cannot be read as written is recovered and
 * the recovery is reported in ParsedQuery::recovered.
 *
 * Grammar, loosest binding first:
 *
 *     query   := clause*                       juxtaposition: the default combination
 *     clause  := and (OR and)*                 a OR b
 *     and     := unary (AND unary)*            a AND b (binds tighter than OR)
 *     unary   := ('+' | '-' | NOT)* primary    must / must not (the last marker wins)
 *     primary := word | "phrase" | ( query ) | field:primary | filter:value
 *     word    := text | text* (prefix) | text~ | text~N (fuzzy, N = 1 or 2)
 *
 * Combination follows the usual boolean-query rules (Lucene's BooleanQuery): a Kind::boolean
 * node matches a paper when every `must` child matches, no `must_not` child matches and, when it
 * has no `must` child, at least one `should` child matches; a node with only `must_not` children
 * matches every paper except those. Filters narrow rather than replace: when every `must`
 * child is a filter, at least one `should` child must still match (`video year:2024` is the
 * 2024 papers about video, not every 2024 paper). Unmarked clauses are `should` ("docs matching more terms
 * first"), unmarked filters are `must`, unmarked operands of AND are `must` and of OR `should`;
 * an explicit `+`, `-` or NOT is always kept. A query or group of one clause that is not
 * `must_not` is that clause itself (`(a)` and `+a` alone are `a`).
 *
 * Fields (case-insensitive): `title:`, `abstract:`, `author:`/`authors:`, `cat:`/`category:`/
 * `categories:`, `id:`, `keyword:`/`keywords:`; a field applies to a word, a phrase or a group
 * (`title:(a b)`, inner fields win). Filters: `year:`, `date:` (ISO `2024`, `2024-05` or
 * `2024-05-01`; the publication date), `listed:` (a date: the day a daily feed listed the paper,
 * else its publication date — what "new since" means), `upvotes:`, `stars:`, `comments:`,
 * `citations:` with a value `v`, `=v`, `>v`,
 * `>=v`, `<v`, `<=v` or a range `a..b` with either end open (`2021..`, `..2023`); and `has:code`,
 * `has:upvotes`, `has:stars`, `has:comments`, `has:citations`.
 *
 * Operators are the upper-case words OR, AND and NOT ("or" is a word). Words stay as typed
 * (surface form): the searcher analyzes them with the same Analyzer as the index.
 *
 * Recovery, each with a note in ParsedQuery::recovered:
 * - input over Limits::max_query_bytes is cut at a UTF-8 boundary; invalid UTF-8 becomes U+FFFD;
 *   control bytes separate words. Byte offsets in notes count in this cleaned text.
 * - an unbalanced `"` makes the rest of the query one phrase; an empty phrase is dropped.
 * - an unbalanced `)` is ignored; an unclosed `(` is closed at the end; `(` nested deeper than
 *   Limits::max_query_nesting is ignored together with its `)`; an empty group is dropped.
 * - an operator or marker with nothing to operate on (`OR` at either end, `a AND`, a lone `-`)
 *   is dropped; a word of ASCII punctuation only (`~~~`, `*`) is dropped.
 * - `field:` with nothing after it is dropped.
 * - an unknown field (`foo:bar`) and a filter with an unusable value (`year:abc`) are kept as
 *   the literal word, which the analyzer splits into its words (`foo`, `bar`).
 * - a fuzzy distance over 2 is lowered to 2; `~0` is an exact term; `w~~~` is `w~`; a reversed
 *   range is swapped.
 * - after Limits::max_query_clauses leaves the rest of the query is ignored.
 * - a query with nothing left to search is Kind::match_all: every paper, sorted by the order
 *   the caller chose.
 */

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/limits.hpp"

namespace paperfeed {

/** The record field a word or phrase is searched in; `all` searches every text field. */
enum class Field : std::uint8_t { all, title, abstract, authors, categories, id, keywords };

/** How a clause takes part in its parent boolean node (see the file comment). */
enum class Occur : std::uint8_t { should, must, must_not };

/** The numeric column a range filter restricts. Dates count days since 1970-01-01. */
enum class NumericField : std::uint8_t { year, date, upvotes, stars, comments, citations, listed };

/** One node of a parsed query; a plain value, children held by value. */
struct QueryNode {
  /** What the node matches. */
  enum class Kind : std::uint8_t {
    term,          ///< `text` as one word
    phrase,        ///< the words of `text` at consecutive positions
    prefix,        ///< words starting with `text` (typed as `text*`)
    fuzzy,         ///< words within `max_edits` edits of `text` (typed as `text~N`)
    boolean,       ///< `children` combined by their Occur
    filter_range,  ///< papers whose `numeric` column lies in [min, max]
    filter_has,    ///< papers that have `text` ("code", "upvotes", "stars", …)
    match_all,     ///< every paper
  };
  /** What the node matches. */
  Kind kind = Kind::match_all;
  /** How the node takes part in its parent boolean node; the root's is `should`. */
  Occur occur = Occur::should;
  /** For term, phrase, prefix and fuzzy: the field searched. */
  Field field = Field::all;
  /** The word (term, prefix without `*`, fuzzy without `~N`), phrase words separated by one
   *  space, or the filter_has name; as typed, not analyzed. */
  std::string text;
  /** For fuzzy: the edit distance, 1 or 2. */
  std::uint8_t max_edits = 0;
  /** For filter_range: the column. */
  NumericField numeric = NumericField::year;
  /** For filter_range: inclusive bounds; an absent bound is open. */
  std::optional<std::int64_t> min, max;
  /** For boolean: the clauses, in the order typed. */
  std::vector<QueryNode> children;
};

/** A parsed query and what the parser had to recover to get it. */
struct ParsedQuery {
  /** The query tree; Kind::match_all when nothing was left to search. */
  QueryNode root;
  /** One human-readable note per recovery ("lone OR at 4 ignored"): those of cleaning the
   *  bytes first, then unbalanced quotes, then the parser's as it meets them. */
  std::vector<std::string> recovered;
};

/**
 * Parses @p text in the query language (see the file comment). Never fails: any input, however
 * malformed, yields a tree, and every recovery is noted. Linear in the input length.
 * @param text the query as typed, any bytes
 * @param limits the query's bounds: max_query_bytes, max_query_clauses and max_query_nesting
 *        (the defaults suit typed queries), so that any input parses in linear time and bounded memory
 */
ParsedQuery parse_query(std::string_view text, const Limits& limits = {});

/**
 * @p text with an unclosed `"` or `(` closed at the end and a `)` that closes nothing dropped,
 * as the parser would recover them: safe to put in a group, `+(…)`, next to other clauses
 * (the bundle's and digest's selections).
 */
std::string balanced_query(std::string_view text);

/** A reader's query under clauses a program adds to it (see narrow_query()). */
struct NarrowedQuery {
  /** The added clauses, then the reader's query as one required group. */
  std::string text;
  /** The limits to parse #text with: the reader's query keeps its own bounds, the clauses and
   *  their group come on top. */
  Limits limits;
};

/**
 * @p clauses (leaves of the query language: a filter, `-"a phrase"`) followed by @p query,
 * balanced (balanced_query()), as one required group `+(…)`; the clauses alone when @p query is
 * blank. The clauses come first and the query bounds of @p limits grow by them (their bytes and
 * the group's, one clause each, one level of nesting), so that a query over its bounds is cut,
 * never the clauses: how the bundle's selection and the digest narrow a query.
 */
NarrowedQuery narrow_query(std::string_view query, const std::vector<std::string>& clauses, const Limits& limits = {});

/**
 * A canonical one-line rendering of @p query's tree, for tests and `--explain`:
 * `(bool (must (field title (phrase "graph neural"))) (should (term diffusion)))`. Leaves are
 * `(term w)`, `(prefix w)`, `(fuzzy w N)`, `(phrase "w …")` (with `"` and `\` escaped),
 * wrapped in `(field NAME …)` when scoped; filters are `(filter COLUMN LO..HI)` (one value when
 * LO = HI, an open end left empty, dates as ISO dates) and `(has NAME)`; `(all)` is match_all;
 * each child of `(bool …)` is wrapped in its occur: `(should …)`, `(must …)`, `(must_not …)`.
 */
std::string explain(const ParsedQuery& query);

}  // namespace paperfeed
