#pragma once
/**
 * @file matchers.hpp
 * Document-at-a-time matching and scoring inside one segment: a query becomes a tree of
 * Matchers (a term, a phrase, a filter, boolean combinations) that walk paper numbers in
 * increasing order and score the paper they are on.
 */

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "index/index_state.hpp"
#include "index/segment.hpp"
#include "paperfeed/query.hpp"

namespace paperfeed::detail {

/** Sentinel paper number of an exhausted matcher. */
inline constexpr std::uint32_t kNoDoc = PostingCursor::kEnd;

/** BM25F parameters resolved for one segment (field averages are index-wide). */
struct FieldScoring {
  /** Term-frequency saturation (RankingOptions::k1). */
  double k1 = 1.0;
  /** Weight per IndexField. */
  std::array<double, kIndexFieldCount> weight{};
  /** Length normalization per IndexField. */
  std::array<double, kIndexFieldCount> b{};
  /** Average length per IndexField over the whole index (at least 1). */
  std::array<double, kIndexFieldCount> average_length{};

  /** `1 − b + b · length / average` of @p field in paper @p doc of @p segment. */
  double length_norm(const Segment& segment, std::uint32_t doc, std::size_t field) const noexcept {
    return 1 - b[field] + b[field] * segment.field_length(doc, static_cast<IndexField>(field)) / average_length[field];
  }
  /** The saturated score `idf · T / (k1 + T)` of a weighted frequency T (idf when T is infinite). */
  double saturate(double idf, double weighted_tf) const noexcept {
    return std::isinf(weighted_tf) ? idf : idf * weighted_tf / (k1 + weighted_tf);
  }
  /** The largest weighted frequency the per-field maxima @p max_tf allow in @p fields (infinite when a maximum was capped). */
  double max_weighted_tf(const std::array<std::uint8_t, kIndexFieldCount>& max_tf, std::uint8_t fields) const noexcept;
};

/** A matcher over the papers of one segment (numbers local to the segment). */
class Matcher {
 public:
  virtual ~Matcher() = default;
  /** The current paper; kNoDoc when exhausted; undefined before the first next()/advance(). */
  std::uint32_t doc() const noexcept { return doc_; }
  /** Moves to the next matching paper and returns it (kNoDoc at the end). */
  virtual std::uint32_t next() = 0;
  /** Moves to the first matching paper >= @p target and returns it (never moves backwards). */
  virtual std::uint32_t advance(std::uint32_t target) = 0;
  /** The score of the current paper. */
  virtual double score() = 0;
  /** An upper bound of score() over all papers. */
  virtual double max_score() const = 0;
  /**
   * An upper bound of score() for the current paper, cheaper than score(): the collector
   * skips scoring papers whose bound cannot reach its top-k (MaxScore's idea applied per
   * paper: a paper that only common terms match is counted, not scored).
   */
  virtual double bound() { return max_score(); }
  /** About how many papers this matcher matches (to order conjunctions). */
  virtual std::uint64_t cost() const = 0;

 protected:
  std::uint32_t doc_ = 0;
};

/** One index term in a field scope (a bit mask of IndexFields), weighted. */
struct ScoredTerm {
  /** The term's index in the segment's dictionary. */
  std::uint32_t term = 0;
  /** Fields searched (bit i = IndexField i). */
  std::uint8_t fields = 0;
  /** Index-wide idf times the query's boost for the term. */
  double weight = 0;
};

/** Everything a matcher needs from its segment. */
struct SegmentContext {
  /** The segment and its live papers. */
  SegmentRef ref;
  /** BM25F parameters. */
  const FieldScoring* scoring = nullptr;
};

/** A matcher for one term: BM25F over the fields in scope. */
std::unique_ptr<Matcher> make_term_matcher(const SegmentContext& context, const ScoredTerm& term);

/**
 * A matcher for consecutive terms: @p terms[i] at relative position @p offsets[i] in one field
 * of the scope; scored as one term whose frequency is the phrase's and whose idf is the sum.
 */
std::unique_ptr<Matcher> make_phrase_matcher(const SegmentContext& context, const std::vector<ScoredTerm>& terms,
                                             const std::vector<std::uint32_t>& offsets);

/** Papers any of @p subs matches; score the sum (or, with @p take_max, the best) of theirs. */
std::unique_ptr<Matcher> make_disjunction(std::vector<std::unique_ptr<Matcher>> subs, bool take_max);

/** Papers all of @p subs match; score the sum. */
std::unique_ptr<Matcher> make_conjunction(std::vector<std::unique_ptr<Matcher>> subs);

/** Papers @p required matches and @p optional may: score required plus optional where it matches. */
std::unique_ptr<Matcher> make_required_optional(std::unique_ptr<Matcher> required, std::unique_ptr<Matcher> optional);

/** Papers @p matcher matches and @p excluded does not. */
std::unique_ptr<Matcher> make_exclusion(std::unique_ptr<Matcher> matcher, std::unique_ptr<Matcher> excluded);

/** Every live paper of the segment, score 0. */
std::unique_ptr<Matcher> make_match_all(const SegmentContext& context);

/** Nothing. */
std::unique_ptr<Matcher> make_match_none();

/** Live papers whose @p column lies in [@p min, @p max]; score 0. */
std::unique_ptr<Matcher> make_number_filter(const SegmentContext& context, NumericField column, std::int64_t min,
                                            std::int64_t max);

/** Live papers that have @p what ("code", "upvotes", "stars", "comments", "citations"); score 0. */
std::unique_ptr<Matcher> make_has_filter(const SegmentContext& context, const std::string& what);

/** The number of NumericField @p column of paper @p doc (years from the published date), if known. */
std::optional<std::int64_t> numeric_value(const Segment& segment, std::uint32_t doc, NumericField column);

}  // namespace paperfeed::detail
