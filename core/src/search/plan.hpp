#pragma once
/**
 * @file plan.hpp
 * A parsed query resolved against a whole index: words analyzed into index terms, prefix and
 * fuzzy words expanded through the word dictionaries, every term weighted by its index-wide
 * idf. A Plan is independent of segments; instantiate() turns it into Matchers for one.
 */

#include <cstdint>
#include <string>
#include <vector>

#include "paperfeed/analyzer.hpp"
#include "paperfeed/limits.hpp"
#include "paperfeed/query.hpp"
#include "paperfeed/search.hpp"
#include "search/matchers.hpp"

namespace paperfeed::detail {

/** Index-wide statistics shared by all segments. */
struct IndexStatistics {
  /** The searchable segments. */
  std::vector<SegmentRef> segments;
  /** Papers over all segments (hidden ones included, as in their document frequencies). */
  double papers = 0;
  /** BM25F parameters with index-wide average field lengths. */
  FieldScoring scoring;

  /** Document frequency of @p term summed over segments. */
  std::uint64_t df(std::string_view term) const;
  /** BM25's idf of a term found in @p df papers. */
  double idf(std::uint64_t df) const;
};

/** Collects the statistics of @p state's segments under @p ranking. */
IndexStatistics collect_statistics(const IndexState& state, const RankingOptions& ranking);

/** One index term of a plan. */
struct PlanTerm {
  /** The index term. */
  std::string term;
  /** Fields searched (bit i = IndexField i). */
  std::uint8_t fields = 0;
  /** idf times the query's boost. */
  double weight = 0;
};

/** A node of a plan (see QueryNode; prefix and fuzzy become `alternatives`). */
struct PlanNode {
  /** What the node matches. */
  enum class Kind : std::uint8_t { alternatives, phrase, number, has, all, none, boolean };
  /** What the node matches. */
  Kind kind = Kind::none;
  /** How the node takes part in its parent. */
  Occur occur = Occur::should;
  /** alternatives: any of these (score of the best); phrase: these in order. */
  std::vector<PlanTerm> terms;
  /** phrase: each term's position relative to the first. */
  std::vector<std::uint32_t> offsets;
  /** number: the column and inclusive bounds. */
  NumericField column = NumericField::year;
  /** number: lower bound. */
  std::int64_t min = 0;
  /** number: upper bound. */
  std::int64_t max = 0;
  /** has: what the paper must have. */
  std::string has;
  /** boolean: the clauses. */
  std::vector<PlanNode> children;
  /** For term leaves: the word as typed (for did-you-mean). */
  std::string typed;
};

/** The analyzers a plan is made with. */
struct PlanAnalyzers {
  /** The index's analyzer (stemming, stopwords). */
  Analyzer* stemmed = nullptr;
  /** Normalization only, for prefix, fuzzy and completion against the word dictionary. */
  Analyzer* plain = nullptr;
};

/**
 * Resolves @p query against @p stats, expanding prefix and fuzzy words within @p limits
 * (max_expansions, max_expanded_words); appends a note to @p notes for each limit applied.
 */
PlanNode make_plan(const QueryNode& query, const IndexStatistics& stats, PlanAnalyzers analyzers,
                   const RankingOptions& ranking, const Limits& limits, std::vector<std::string>& notes);

/** The Matcher tree of @p plan in one segment. */
std::unique_ptr<Matcher> instantiate(const PlanNode& plan, const SegmentContext& context);

/** Every term of @p plan that can make a paper match (not under must_not), for highlighting. */
void positive_terms(const PlanNode& plan, std::vector<const PlanTerm*>& out);

/**
 * The single-term clauses of a bag-of-words query (a boolean of `should` term leaves, or one
 * leaf), in query order; empty when the query is anything else. Proximity and feedback apply
 * to these.
 */
std::vector<const PlanTerm*> bag_of_words(const PlanNode& plan);

}  // namespace paperfeed::detail
