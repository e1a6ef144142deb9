// Query tree → plan: analysis of words and phrases, expansion of prefix and fuzzy words through
// the word dictionaries of every segment, idf weights; and plan → Matchers per segment.

#include "search/plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <optional>

#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {
namespace {

constexpr std::uint8_t kAllFields = (1u << kIndexFieldCount) - 1;

std::uint8_t field_bit(IndexField field) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(field)); }

/** The IndexFields a query Field searches. */
std::uint8_t field_mask(Field field) {
  switch (field) {
    case Field::all: return kAllFields;
    case Field::title: return field_bit(IndexField::title);
    case Field::abstract: return field_bit(IndexField::abstract);
    case Field::authors: return field_bit(IndexField::authors);
    case Field::categories: return field_bit(IndexField::categories);
    case Field::id: return field_bit(IndexField::id);
    case Field::keywords: return field_bit(IndexField::keywords);
  }
  return kAllFields;
}

/** True for fields whose values are indexed whole, lower-cased, not analyzed. */
bool is_verbatim(Field field) { return field == Field::categories || field == Field::id; }

/** Dictionary words a prefix word looks at per segment. */
constexpr std::size_t kPrefixScanLimit = 1 << 16;
/** Dictionary words within reach that a fuzzy word looks at per segment. */
constexpr std::size_t kFuzzyVisitLimit = 4096;

/** @p node (a prefix or fuzzy word) as typed: `diff*`, `difusion~2`. */
std::string typed_form(const QueryNode& node) {
  if (node.kind == QueryNode::Kind::prefix) return node.text + "*";
  return node.text + "~" + std::to_string(node.max_edits);
}

class Planner {
 public:
  Planner(const IndexStatistics& stats, PlanAnalyzers analyzers, const RankingOptions& ranking, const Limits& limits,
          std::vector<std::string>& notes)
      : stats_(stats), analyzers_(analyzers), ranking_(ranking), limits_(limits), notes_(notes) {}

  /** The plan of @p node; nullopt when it has nothing to search (a stopword, an empty group). */
  std::optional<PlanNode> plan(const QueryNode& node) {
    std::optional<PlanNode> out;
    switch (node.kind) {
      case QueryNode::Kind::term: out = plan_word(node); break;
      case QueryNode::Kind::phrase: out = plan_phrase(node.text, node.field); break;
      case QueryNode::Kind::prefix: out = plan_prefix(node); break;
      case QueryNode::Kind::fuzzy: out = plan_fuzzy(node); break;
      case QueryNode::Kind::boolean: out = plan_boolean(node); break;
      case QueryNode::Kind::filter_range: out = plan_range(node); break;
      case QueryNode::Kind::filter_has: out = leaf(PlanNode::Kind::has); out->has = node.text; break;
      case QueryNode::Kind::match_all: out = leaf(PlanNode::Kind::all); break;
    }
    if (out) out->occur = node.occur;
    return out;
  }

 private:
  static PlanNode leaf(PlanNode::Kind kind) {
    PlanNode node;
    node.kind = kind;
    return node;
  }

  PlanTerm term(std::string text, std::uint8_t fields, double boost = 1.0) const {
    const double weight = stats_.idf(stats_.df(text)) * boost;
    return PlanTerm{std::move(text), fields, weight};
  }

  PlanNode alternatives(std::vector<PlanTerm> terms) const {
    PlanNode node = leaf(PlanNode::Kind::alternatives);
    node.terms = std::move(terms);
    return node;
  }

  std::optional<PlanNode> plan_word(const QueryNode& node) {
    if (is_verbatim(node.field)) return alternatives({term(verbatim_term(node.text), field_mask(node.field))});
    analyzers_.stemmed->analyze(node.text, tokens_);
    if (tokens_.empty()) return std::nullopt;
    const bool one_word = tokens_.size() == 1 || (tokens_[0].start == 0 && tokens_[0].end == node.text.size() &&
                                                  tokens_[0].end >= tokens_.back().end);
    std::optional<PlanNode> out;
    if (one_word) {
      out = alternatives({term(std::string(tokens_[0].term), field_mask(node.field))});
    } else {
      out = plan_phrase(node.text, node.field);
    }
    out->typed = node.text;
    return out;
  }

  std::optional<PlanNode> plan_phrase(const std::string& text, Field field) {
    // A quoted category or id is one whole value: `cat:"cs.LG"`, `id:"title:0a1b…"`.
    if (is_verbatim(field)) return alternatives({term(verbatim_term(text), field_mask(field))});
    analyzers_.stemmed->analyze(text, tokens_);
    if (tokens_.empty()) return std::nullopt;
    PlanNode node = leaf(PlanNode::Kind::phrase);
    const std::uint32_t first = tokens_[0].position;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (i > 0 && tokens_[i].position == tokens_[i - 1].position) continue;  // a compound's parts
      node.terms.push_back(term(std::string(tokens_[i].term), field_mask(field)));
      node.offsets.push_back(tokens_[i].position - first);
    }
    if (node.terms.size() == 1) return alternatives(std::move(node.terms));
    return node;
  }

  /** An expansion candidate: its fewest edits from the typed word and its papers so far. */
  struct Candidate {
    unsigned edits = 0;
    std::uint64_t df = 0;
  };
  /** Candidates by index term (views into the segments' dictionaries, which outlive the plan). */
  using Candidates = std::unordered_map<std::string_view, Candidate>;

  static void note(Candidates& candidates, std::string_view term, unsigned edits, std::uint64_t df) {
    auto [it, added] = candidates.try_emplace(term, Candidate{edits, 0});
    it->second.edits = std::min(it->second.edits, edits);
    it->second.df += df;
  }

  /**
   * The best of @p candidates (fewest edits, then most papers), at most Limits::max_expansions,
   * as the alternatives of @p node; notes the cut when there were more, or when @p walk_limit
   * (non-zero) dictionary words were all a segment's walk looked at.
   */
  PlanNode expansions(const Candidates& candidates, const QueryNode& node, std::size_t walk_limit) {
    std::vector<std::pair<std::string_view, Candidate>> ranked(candidates.begin(), candidates.end());
    auto better = [](const auto& a, const auto& b) {
      if (a.second.edits != b.second.edits) return a.second.edits < b.second.edits;
      return a.second.df != b.second.df ? a.second.df > b.second.df : a.first < b.first;
    };
    const std::size_t keep = std::min(ranked.size(), limits_.max_expansions);
    if (keep < ranked.size() || walk_limit > 0) note_expansion_cut(node, keep, keep < ranked.size(), walk_limit);
    const std::uint8_t fields = field_mask(node.field);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), better);
    std::vector<PlanTerm> terms;
    for (std::size_t i = 0; i < keep; ++i) {
      terms.push_back(term(std::string(ranked[i].first), fields, std::pow(ranking_.fuzzy_edit_penalty, ranked[i].second.edits)));
    }
    if (terms.empty()) terms.push_back(PlanTerm{"", fields, 0});  // matches nothing, still required when required
    return alternatives(std::move(terms));
  }

  /**
   * Notes why the expansion of @p node kept @p kept terms: more than Limits::max_expansions
   * (@p over_limit), and/or only the first @p walk_limit (non-zero) words of a segment looked at.
   */
  void note_expansion_cut(const QueryNode& node, std::size_t kept, bool over_limit, std::size_t walk_limit) {
    const std::string best = node.kind == QueryNode::Kind::prefix ? " most frequent" : " closest";
    const std::string walked = std::to_string(walk_limit) + " words";
    std::string text = "'" + shown_text(typed_form(node)) + "' expands to more than ";
    if (over_limit) {
      text += std::to_string(limits_.max_expansions) + " terms: the " + std::to_string(kept) + best;
      if (walk_limit > 0) text += " of the first " + walked;
    } else {
      text += walked + ": the first " + walked;
    }
    notes_.push_back(text + " searched");
  }

  /** True while the query may expand another prefix or fuzzy word (else it is an exact word). */
  bool may_expand() {
    if (expanded_words_ < limits_.max_expanded_words) {
      ++expanded_words_;
      return true;
    }
    if (expanded_words_++ == limits_.max_expanded_words) {
      notes_.push_back("more than " + std::to_string(limits_.max_expanded_words) +
                       " prefix or fuzzy words: the rest searched as exact words");
    }
    return false;
  }

  std::optional<PlanNode> plan_prefix(const QueryNode& node) {
    if (!may_expand()) return plan_word(node);
    Candidates candidates;
    const bool verbatim = is_verbatim(node.field);
    const std::string prefix = verbatim ? verbatim_term(node.text) : analyzers_.plain->normalize_term(node.text);
    if (prefix.empty()) return std::nullopt;
    bool walk_cut = false;
    for (const SegmentRef& ref : stats_.segments) {
      const Segment& segment = *ref.segment;
      const SortedStrings& dictionary = verbatim ? segment.terms() : segment.words();
      const auto [first, last] = dictionary.prefix_range(prefix);
      walk_cut = walk_cut || last - first > kPrefixScanLimit;
      for (std::size_t i = first; i < last && i - first < kPrefixScanLimit; ++i) {
        const std::size_t term = verbatim ? i : segment.word_term(i);
        note(candidates, segment.terms().at(term), 0, segment.term_info(term).df);
      }
    }
    return expansions(candidates, node, walk_cut ? kPrefixScanLimit : 0);
  }

  std::optional<PlanNode> plan_fuzzy(const QueryNode& node) {
    if (!may_expand()) return plan_word(node);
    const bool verbatim = is_verbatim(node.field);
    const std::string word = verbatim ? verbatim_term(node.text) : analyzers_.plain->normalize_term(node.text);
    if (word.empty()) return std::nullopt;
    Candidates candidates;
    bool walk_cut = false;
    for (const SegmentRef& ref : stats_.segments) {
      const Segment& segment = *ref.segment;
      const SortedStrings& dictionary = verbatim ? segment.terms() : segment.words();
      std::size_t visited = 0;
      dictionary.fuzzy(word, node.max_edits, [&](std::size_t index, unsigned distance) {
        if (visited == kFuzzyVisitLimit) {
          walk_cut = true;
          return false;
        }
        const std::size_t term = verbatim ? index : segment.word_term(index);
        note(candidates, segment.terms().at(term), distance, segment.term_info(term).df);
        ++visited;
        return true;
      });
    }
    return expansions(candidates, node, walk_cut ? kFuzzyVisitLimit : 0);
  }

  std::optional<PlanNode> plan_boolean(const QueryNode& node) {
    PlanNode out = leaf(PlanNode::Kind::boolean);
    for (const QueryNode& child : node.children) {
      if (auto planned = plan(child)) out.children.push_back(std::move(*planned));
    }
    if (out.children.empty()) return std::nullopt;
    return out;
  }

  std::optional<PlanNode> plan_range(const QueryNode& node) {
    PlanNode out = leaf(PlanNode::Kind::number);
    out.column = node.numeric;
    out.min = node.min.value_or(std::numeric_limits<std::int64_t>::min());
    out.max = node.max.value_or(std::numeric_limits<std::int64_t>::max());
    return out;
  }

  const IndexStatistics& stats_;
  PlanAnalyzers analyzers_;
  const RankingOptions& ranking_;
  const Limits& limits_;
  std::vector<std::string>& notes_;
  std::vector<Token> tokens_;
  std::size_t expanded_words_ = 0;
};

/** The ScoredTerms of @p terms present in @p segment (absent ones left out). */
std::vector<ScoredTerm> resolve(const std::vector<PlanTerm>& terms, const Segment& segment) {
  std::vector<ScoredTerm> out;
  for (const PlanTerm& term : terms) {
    if (auto at = segment.terms().find(term.term)) {
      out.push_back(ScoredTerm{static_cast<std::uint32_t>(*at), term.fields, term.weight});
    }
  }
  return out;
}

bool is_filter(const PlanNode& node) { return node.kind == PlanNode::Kind::number || node.kind == PlanNode::Kind::has; }

std::unique_ptr<Matcher> instantiate_boolean(const PlanNode& plan, const SegmentContext& context) {
  std::vector<std::unique_ptr<Matcher>> required, optional, excluded;
  bool only_filters_required = true;
  for (const PlanNode& child : plan.children) {
    auto matcher = instantiate(child, context);
    switch (child.occur) {
      case Occur::must:
        required.push_back(std::move(matcher));
        only_filters_required = only_filters_required && is_filter(child);
        break;
      case Occur::should: optional.push_back(std::move(matcher)); break;
      case Occur::must_not: excluded.push_back(std::move(matcher)); break;
    }
  }
  std::unique_ptr<Matcher> base;
  if (required.empty()) {
    base = optional.empty() ? make_match_all(context) : make_disjunction(std::move(optional), false);
  } else if (only_filters_required && !optional.empty()) {  // `video year:2024`: filters narrow the words' matches
    required.push_back(make_disjunction(std::move(optional), false));
    base = make_conjunction(std::move(required));
  } else {
    base = make_conjunction(std::move(required));
    if (!optional.empty()) base = make_required_optional(std::move(base), make_disjunction(std::move(optional), false));
  }
  if (!excluded.empty()) base = make_exclusion(std::move(base), make_disjunction(std::move(excluded), true));
  return base;
}

}  // namespace

std::uint64_t IndexStatistics::df(std::string_view term) const {
  std::uint64_t total = 0;
  for (const SegmentRef& ref : segments) {
    if (auto at = ref.segment->terms().find(term)) total += ref.segment->term_info(*at).df;
  }
  return total;
}

double IndexStatistics::idf(std::uint64_t df) const {
  const double d = static_cast<double>(std::min<double>(df, papers));
  return std::log(1 + (papers - d + 0.5) / (d + 0.5));
}

IndexStatistics collect_statistics(const IndexState& state, const RankingOptions& ranking) {
  IndexStatistics stats;
  stats.segments = state.segments();
  std::array<double, kIndexFieldCount> sums{};
  for (const SegmentRef& ref : stats.segments) {
    stats.papers += ref.segment->size();
    for (std::size_t f = 0; f < kIndexFieldCount; ++f) sums[f] += ref.segment->field_length_sum(static_cast<IndexField>(f));
  }
  stats.scoring.k1 = ranking.k1;
  for (std::size_t f = 0; f < kIndexFieldCount; ++f) {
    stats.scoring.weight[f] = ranking.field_weights[f];
    stats.scoring.b[f] = std::clamp(ranking.field_b[f], 0.0, 1.0);
    stats.scoring.average_length[f] = std::max(1.0, stats.papers > 0 ? sums[f] / stats.papers : 1.0);
  }
  return stats;
}

PlanNode make_plan(const QueryNode& query, const IndexStatistics& stats, PlanAnalyzers analyzers,
                   const RankingOptions& ranking, const Limits& limits, std::vector<std::string>& notes) {
  Planner planner(stats, analyzers, ranking, limits, notes);
  auto plan = planner.plan(query);
  if (!plan) {
    PlanNode none;
    none.kind = query.kind == QueryNode::Kind::match_all ? PlanNode::Kind::all : PlanNode::Kind::none;
    return none;
  }
  return std::move(*plan);
}

std::unique_ptr<Matcher> instantiate(const PlanNode& plan, const SegmentContext& context) {
  switch (plan.kind) {
    case PlanNode::Kind::alternatives: {
      std::vector<std::unique_ptr<Matcher>> subs;
      for (const ScoredTerm& term : resolve(plan.terms, *context.ref.segment)) subs.push_back(make_term_matcher(context, term));
      return make_disjunction(std::move(subs), true);
    }
    case PlanNode::Kind::phrase: {
      const auto terms = resolve(plan.terms, *context.ref.segment);
      if (terms.size() != plan.terms.size()) return make_match_none();
      return make_phrase_matcher(context, terms, plan.offsets);
    }
    case PlanNode::Kind::number: return make_number_filter(context, plan.column, plan.min, plan.max);
    case PlanNode::Kind::has: return make_has_filter(context, plan.has);
    case PlanNode::Kind::all: return make_match_all(context);
    case PlanNode::Kind::none: return make_match_none();
    case PlanNode::Kind::boolean: return instantiate_boolean(plan, context);
  }
  return make_match_none();
}

void positive_terms(const PlanNode& plan, std::vector<const PlanTerm*>& out) {
  if (plan.occur == Occur::must_not) return;
  for (const PlanTerm& term : plan.terms) out.push_back(&term);
  for (const PlanNode& child : plan.children) positive_terms(child, out);
}

std::vector<const PlanTerm*> bag_of_words(const PlanNode& plan) {
  auto single = [](const PlanNode& node) {
    return node.kind == PlanNode::Kind::alternatives && node.terms.size() == 1 && node.occur == Occur::should &&
           node.typed.size() > 0;
  };
  std::vector<const PlanTerm*> out;
  if (single(plan)) {
    out.push_back(&plan.terms[0]);
    return out;
  }
  if (plan.kind != PlanNode::Kind::boolean) return out;
  for (const PlanNode& child : plan.children) {
    if (!single(child)) return {};
    out.push_back(&child.terms[0]);
  }
  return out;
}

}  // namespace paperfeed::detail
