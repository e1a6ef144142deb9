#pragma once
/**
 * @file search.hpp
 * Queries against an Index: match, filter, score, sort, facet, snippet (DESIGN.md, "Ranking").
 *
 * Relevance is BM25F: each query term's frequency in a paper is the sum over fields of
 * `weight(field) · tf / (1 − b(field) + b(field) · length / average length)`, saturated as
 * `tf~ / (k1 + tf~)` and multiplied by the term's idf `ln(1 + (N − df + 0.5) / (df + 0.5))`.
 * On top of it, with the default RankingOptions:
 * - proximity: the best kRerankDepth (100) papers are reranked with a bonus for query terms
 *   that stand close together in the title or abstract: for each pair of terms next to each
 *   other in the query, min(idf) · C / (k1 + C) with C = Σ 1 / distance² over their
 *   occurrences at most 8 words apart (sequential-dependence style);
 * - feedback: queries of `feedback_min_terms` words or more are expanded RM3-style with terms
 *   from the best first-pass results (pseudo-relevance feedback), which helps long,
 *   natural-language questions and leaves short ones alone. Feedback reorders the matches of
 *   the query typed; it never adds papers that did not match it, so totals and facets stay
 *   those of the query typed.
 * Every matching word, phrase or expansion adds its score (a prefix or fuzzy word counts its
 * best expansion, a fuzzy one weighted fuzzy_edit_penalty per edit); filters add nothing.
 * Top-k: every matching paper is counted (exact totals and facets), but once the best
 * max(offset + limit, 100) are held, a paper is scored only when its upper bound (the sum of
 * the maximum scores of the terms that match it, MaxScore's bound) can beat the weakest of
 * them; papers that only common terms match are skipped unscored.
 *
 * Trending (SortOrder::trending), Hacker-News style: `(points + 1) / (age_days + 2)^gravity`
 * where `points = upvotes + star_weight · stars` (0 when neither is known, so recency alone
 * ranks such papers) and age counts days from the paper's announced (else published) date to
 * the newest such date in the index, so the order does not change with the wall clock.
 * Hugging Face ranks its trending page by recent GitHub activity; feeds carry only total
 * stars, which the star weight and the age decay stand in for.
 *
 * Every sort breaks ties by relevance, then by index order, so results are deterministic.
 */

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/index.hpp"
#include "paperfeed/limits.hpp"
#include "paperfeed/paper.hpp"
#include "paperfeed/query.hpp"
#include "paperfeed/status.hpp"

namespace paperfeed {

/** How results are ordered. */
enum class SortOrder : std::uint8_t { relevance, trending, recent, upvotes, stars, citations };

/** The lower-case name of @p order ("relevance", "trending", …). */
const char* sort_order_name(SortOrder order) noexcept;
/** The SortOrder called @p name, if any. */
std::optional<SortOrder> sort_order_from_name(std::string_view name) noexcept;

/** Scoring parameters; the defaults are the shipped ranking. */
struct RankingOptions {
  /** BM25 term-frequency saturation. */
  double k1 = 1.0;
  /** Per IndexField: how much a term occurrence in that field weighs. */
  std::array<double, kIndexFieldCount> field_weights{1.5, 1.0, 1.0, 0.5, 1.5, 1.0};
  /** Per IndexField: length normalization (0 none … 1 full). */
  std::array<double, kIndexFieldCount> field_b{0.75, 0.75, 0.5, 0.5, 0.5, 0.0};
  /** Weight of the proximity bonus; 0 turns it off. */
  double proximity_weight = 0.25;
  /** Pseudo-relevance feedback for queries of at least feedback_min_terms terms; 0 turns it off. */
  std::size_t feedback_min_terms = 5;
  /** Papers taken as relevant in the feedback pass. */
  std::size_t feedback_docs = 10;
  /** Terms added by feedback. */
  std::size_t feedback_terms = 10;
  /** Weight of the original query against the feedback terms (RM3's lambda). */
  double feedback_original_weight = 0.8;
  /** Weight of a fuzzy match relative to the exact term, per edit. */
  double fuzzy_edit_penalty = 0.5;
  /** Trending: how fast age decays the score. */
  double gravity = 1.5;
  /** Trending: a GitHub star counts as this many upvotes. */
  double star_weight = 0.1;
};

/** What search() returns and how. */
struct SearchOptions {
  /** Result order. */
  SortOrder sort = SortOrder::relevance;
  /** Hits skipped before the first returned. */
  std::size_t offset = 0;
  /** Hits returned at most (capped at kMaxLimit). */
  std::size_t limit = 10;
  /** The largest limit + offset served. */
  static constexpr std::size_t kMaxLimit = 10000;
  /** Count facet values over every matching paper. */
  bool facets = false;
  /** Facet values reported per facet, most frequent first. */
  std::size_t facet_limit = 20;
  /** Fill Hit::snippet. */
  bool snippets = true;
  /** Characters of abstract in a snippet (about; cut at word boundaries). */
  std::size_t snippet_chars = 240;
  /** Scoring parameters. */
  RankingOptions ranking;
  /** Resource limits; a search uses the query ones: max_query_bytes, max_query_clauses,
   *  max_query_nesting, max_expansions and max_expanded_words. */
  Limits limits;
};

/** Highlighted text of a hit: HTML-escaped, matches wrapped in `<mark>`…`</mark>`. */
struct Snippet {
  /** The whole title. */
  std::string title;
  /** The best window of the abstract (most distinct matched terms), `…` where cut. */
  std::string abstract;
};

/** One result. */
struct Hit {
  /** The record. */
  Paper paper;
  /** The sort key's relevance component (BM25F with bonuses; cosine for similar/recommend). */
  double score = 0;
  /** Highlighted title and abstract window (empty when SearchOptions::snippets is off). */
  Snippet snippet;
};

/** One value of a facet and how many matching papers have it. */
struct FacetCount {
  /** The value ("cs.LG", "2024", "true", an author name). */
  std::string value;
  /** Matching papers with that value. */
  std::uint64_t count = 0;
};

/** Facet counts over the matching papers. */
struct Facets {
  /** arXiv categories. */
  std::vector<FacetCount> categories;
  /** Years of publication. */
  std::vector<FacetCount> year;
  /** "true" / "false": whether a code repository is known. */
  std::vector<FacetCount> has_code;
  /** Authors. */
  std::vector<FacetCount> authors;
};

/** The answer to one query. */
struct Results {
  /** The query as given (for similar/recommend: a description such as `similar:2411.02327`). */
  std::string query;
  /** The parse tree, rendered by explain(). */
  std::string explained;
  /** What the parser recovered (ParsedQuery::recovered), then the expansion limits the search
   *  applied (Limits::max_expansions, Limits::max_expanded_words), one note each. */
  std::vector<std::string> recovered;
  /** Every matching paper, not only the hits returned. */
  std::uint64_t total = 0;
  /** Wall time of the search, milliseconds. */
  double took_ms = 0;
  /** The page of hits asked for. */
  std::vector<Hit> hits;
  /** Facet counts, present when SearchOptions::facets asked for them (empty lists when nothing matched). */
  std::optional<Facets> facets;
  /** When nothing matched: the query with its words corrected to ones the index has. */
  std::optional<std::string> did_you_mean;
};

/** A completion of the last word of a partial query. */
struct Suggestion {
  /** The whole query with its last word completed. */
  std::string query;
  /** The completed word. */
  std::string word;
  /** Papers the completed word alone finds. */
  std::uint64_t papers = 0;
};

/**
 * Runs queries against one Index. Holds scratch memory reused across calls: not thread-safe,
 * use one Searcher per thread. The Index must outlive the Searcher; adding papers to it
 * between searches is fine.
 */
class Searcher {
 public:
  /** A searcher over @p index. */
  explicit Searcher(const Index& index);
  /** Takes over @p other's index reference and scratch memory. */
  Searcher(Searcher&& other) noexcept;
  /** Takes over @p other's index reference and scratch memory. */
  Searcher& operator=(Searcher&& other) noexcept;
  /** Frees the scratch memory (not the index). */
  ~Searcher();

  /** Parses @p query (never fails; see query.hpp) and searches. */
  Results search(std::string_view query, const SearchOptions& options = {});

  /**
   * Papers most like the paper with id @p id: tf-idf (sublinear tf) cosine over title and
   * abstract, the paper itself excluded. invalid_argument when no paper has that id.
   */
  Expected<Results> similar(std::string_view id, const SearchOptions& options = {});

  /**
   * Papers most like the centroid of the liked papers' tf-idf vectors, the liked papers
   * excluded. Unknown ids are skipped; invalid_argument when none is known.
   */
  Expected<Results> recommend(std::span<const std::string> liked_ids, const SearchOptions& options = {});

  /**
   * Every paper @p query matches, in index order, unscored and without the kMaxLimit cap: the
   * subset of an index a query selects (`paperfeed bundle --query`).
   * @param limits the query limits, as for search()
   * @param recovered when not null, receives the notes search() puts in Results::recovered
   */
  std::vector<Paper> all_matches(std::string_view query, const Limits& limits = {}, std::vector<std::string>* recovered = nullptr);

  /**
   * Completions of the last word of @p partial_query, most papers first (ties: shorter word,
   * then alphabetical): what to offer while someone types. Invalid UTF-8 in @p partial_query
   * is repaired (U+FFFD) first, so every suggestion is valid UTF-8.
   */
  std::vector<Suggestion> suggest(std::string_view partial_query, std::size_t limit = 8);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/**
 * The JSON of @p results: `{"query","total","took_ms","recovered","did_you_mean","hits":[{record
 * fields…,"score","snippet":{"title","abstract"}}],"facets":{…}}` (facets only when counted).
 */
std::string results_to_json(const Results& results);

}  // namespace paperfeed
