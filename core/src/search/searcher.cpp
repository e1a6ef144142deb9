// The Searcher: plan the query, walk every segment's matchers collecting the total, facets and
// the top hits under the chosen sort, rerank the best by proximity, expand long queries by
// feedback, then load, highlight and return the page asked for.

#include "paperfeed/search.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cmath>
#include <map>
#include <queue>
#include <unordered_map>

#include "index/index_state.hpp"
#include "paperfeed/normalize.hpp"
#include "search/plan.hpp"
#include "search/snippet.hpp"

namespace paperfeed {

using namespace detail;

namespace {

/** Papers reranked by proximity (at least; more when a deeper page is asked for). */
constexpr std::size_t kRerankDepth = 100;
/** Word distance beyond which two query terms do not count as near. */
constexpr std::uint32_t kProximityWindow = 8;

/** How many ranked hits a page needs: offset + limit, held at kMaxLimit without wrapping around. */
std::size_t hits_wanted(const SearchOptions& options) {
  const std::size_t offset = std::min(options.offset, SearchOptions::kMaxLimit);
  return std::min(offset + std::min(options.limit, SearchOptions::kMaxLimit), SearchOptions::kMaxLimit);
}

/** A candidate hit: sort key, relevance, and where it lives. */
struct Candidate {
  double key = 0;
  double score = 0;
  std::uint32_t global = 0;   // index order, the last tie-break
  std::uint32_t segment = 0;  // position in IndexStatistics::segments
  std::uint32_t doc = 0;      // segment-local

  /** True when this ranks before @p other. */
  bool before(const Candidate& other) const noexcept {
    if (key != other.key) return key > other.key;
    if (score != other.score) return score > other.score;
    return global < other.global;
  }
};

/** Keeps the best `capacity` candidates. */
class TopK {
 public:
  explicit TopK(std::size_t capacity) : capacity_(capacity) {}
  void offer(const Candidate& c) {
    if (capacity_ == 0) return;
    if (heap_.size() < capacity_) {
      heap_.push_back(c);
      std::push_heap(heap_.begin(), heap_.end(), worse_first);
    } else if (c.before(heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), worse_first);
      heap_.back() = c;
      std::push_heap(heap_.begin(), heap_.end(), worse_first);
    }
  }
  /** True when `capacity` candidates are held: a newcomer must beat worst(). */
  bool full() const noexcept { return heap_.size() >= capacity_; }
  /** The candidate a newcomer has to beat (only when full()). */
  const Candidate& worst() const noexcept { return heap_.front(); }
  /** The candidates, best first. */
  std::vector<Candidate> sorted() const {
    std::vector<Candidate> out = heap_;
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.before(b); });
    return out;
  }

 private:
  static bool worse_first(const Candidate& a, const Candidate& b) { return a.before(b); }
  std::size_t capacity_;
  std::vector<Candidate> heap_;
};

/**
 * Counts of facet values over the matching papers: per segment, one counter per value id
 * (allocated at the segment's first match) and the list of ids that occur, so that naming and
 * ranking the values costs what the matches touched, not the size of the vocabulary.
 */
class FacetCounter {
 public:
  explicit FacetCounter(std::size_t segments) : segments_(segments) {}

  void count(std::uint32_t segment_index, const Segment& segment, std::uint32_t doc) {
    Counts& c = segments_[segment_index];
    c.categories.add(segment.categories_of(doc), segment.category_values().size());
    c.authors.add(segment.authors_of(doc), segment.author_values().size());
    if (const auto year = numeric_value(segment, doc, NumericField::year)) ++years_[*year];
    ++((segment.flags(doc) & kHasCode) ? with_code_ : without_code_);
  }

  Facets top(const IndexStatistics& stats, std::size_t limit) const {
    Facets facets;
    if (segments_.size() == 1) {
      const Segment& segment = *stats.segments[0].segment;
      facets.categories = segments_[0].categories.best(segment.category_values(), limit);
      facets.authors = segments_[0].authors.best(segment.author_values(), limit);
    } else {
      std::vector<NamedCount> categories, authors;
      for (std::size_t s = 0; s < segments_.size(); ++s) {
        const Segment& segment = *stats.segments[s].segment;
        segments_[s].categories.name(segment.category_values(), categories);
        segments_[s].authors.name(segment.author_values(), authors);
      }
      facets.categories = ranked(std::move(categories), limit);
      facets.authors = ranked(std::move(authors), limit);
    }
    for (const auto& [year, count] : years_) facets.year.push_back({std::to_string(year), count});
    sort_and_cut(facets.year, limit);
    if (with_code_) facets.has_code.push_back({"true", with_code_});
    if (without_code_) facets.has_code.push_back({"false", without_code_});
    sort_and_cut(facets.has_code, limit);
    return facets;
  }

 private:
  /** A value's name and its count. */
  using NamedCount = std::pair<std::string_view, std::uint64_t>;

  /** One facet's counts in one segment. */
  struct ValueCounts {
    std::vector<std::uint32_t> counts;   ///< by value id; sized at the first match
    std::vector<std::uint32_t> touched;  ///< the ids counted at least once

    /** Counts the value ids packed in @p ids (4 bytes each) of a segment with @p values values. */
    void add(std::span<const std::uint8_t> ids, std::size_t values) {
      if (counts.empty()) counts.assign(values, 0);
      for (std::size_t i = 0; i + 4 <= ids.size(); i += 4) {
        std::uint32_t id;
        std::memcpy(&id, ids.data() + i, 4);
        if (counts[id]++ == 0) touched.push_back(id);
      }
    }
    /** Appends the name and count of every value counted. */
    void name(const SortedStrings& values, std::vector<NamedCount>& out) const {
      for (const std::uint32_t id : touched) out.emplace_back(values.at(id), counts[id]);
    }
    /** The @p limit most frequent values, ties by name (= id order), naming only those. */
    std::vector<FacetCount> best(const SortedStrings& values, std::size_t limit) const {
      std::vector<std::uint32_t> ids = touched;
      const auto end = ids.begin() + static_cast<std::ptrdiff_t>(std::min(limit, ids.size()));
      std::partial_sort(ids.begin(), end, ids.end(), [&](std::uint32_t a, std::uint32_t b) {
        return counts[a] != counts[b] ? counts[a] > counts[b] : a < b;
      });
      std::vector<FacetCount> out;
      for (auto it = ids.begin(); it != end; ++it) out.push_back({std::string(values.at(*it)), counts[*it]});
      return out;
    }
  };
  struct Counts {
    ValueCounts categories, authors;
  };

  /**
   * The @p limit most frequent values, ties by name, of values named in several segments (a
   * name may repeat: those counts are summed first).
   */
  static std::vector<FacetCount> ranked(std::vector<NamedCount> named, std::size_t limit) {
    std::sort(named.begin(), named.end());
    std::size_t kept = 0;
    for (std::size_t i = 0; i < named.size(); ++i) {
      if (kept > 0 && named[kept - 1].first == named[i].first) {
        named[kept - 1].second += named[i].second;
      } else {
        named[kept++] = named[i];
      }
    }
    named.resize(kept);
    const auto best = named.begin() + static_cast<std::ptrdiff_t>(std::min(limit, named.size()));
    std::partial_sort(named.begin(), best, named.end(), [](const NamedCount& a, const NamedCount& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::vector<FacetCount> out;
    for (auto it = named.begin(); it != best; ++it) out.push_back({std::string(it->first), it->second});
    return out;
  }
  /** Most frequent first (ties keep their order: values sorted by name, years ascending). */
  static void sort_and_cut(std::vector<FacetCount>& values, std::size_t limit) {
    std::stable_sort(values.begin(), values.end(), [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    if (values.size() > limit) values.resize(limit);
  }

  std::vector<Counts> segments_;
  std::map<std::int64_t, std::uint64_t> years_;
  std::uint64_t with_code_ = 0, without_code_ = 0;
};

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

/** The day a paper counts as new on: announced in a daily feed, else published; if known. */
std::optional<double> paper_day(const Segment& segment, std::uint32_t doc) {
  std::int32_t v = segment.number(doc, NumberColumn::announced);
  if (v == kUnknownNumber) v = segment.number(doc, NumberColumn::published);
  return v == kUnknownNumber ? std::nullopt : std::optional<double>(v);
}

/** The value sorted on for a non-relevance order; unknown values sort last. */
double sort_key(SortOrder order, const Segment& segment, std::uint32_t doc, double newest_day, const RankingOptions& ranking) {
  auto number = [&](NumberColumn column) -> double {
    const std::int32_t v = segment.number(doc, column);
    return v == kUnknownNumber ? -1.0 : v;
  };
  auto day = [&] { return paper_day(segment, doc); };
  switch (order) {
    case SortOrder::relevance: return 0;
    case SortOrder::recent: return day().value_or(-1e12);
    case SortOrder::upvotes: return number(NumberColumn::upvotes);
    case SortOrder::stars: return number(NumberColumn::stars);
    case SortOrder::citations: return number(NumberColumn::citations);
    case SortOrder::trending: {
      const auto d = day();
      if (!d) return -1;
      const double points = std::max(0.0, number(NumberColumn::upvotes)) + ranking.star_weight * std::max(0.0, number(NumberColumn::stars));
      const double age = std::max(0.0, newest_day - *d);
      return (points + 1) / std::pow(age + 2, ranking.gravity);
    }
  }
  return 0;
}

/** An Analyzer for @p options (an index's own, so valid), else the default one. */
Analyzer make_analyzer(const Analyzer::Options& options) {
  auto created = Analyzer::create(options);
  return created ? std::move(*created) : Analyzer();
}

}  // namespace

const char* sort_order_name(SortOrder order) noexcept {
  switch (order) {
    case SortOrder::relevance: return "relevance";
    case SortOrder::trending: return "trending";
    case SortOrder::recent: return "recent";
    case SortOrder::upvotes: return "upvotes";
    case SortOrder::stars: return "stars";
    case SortOrder::citations: return "citations";
  }
  return "relevance";
}

std::optional<SortOrder> sort_order_from_name(std::string_view name) noexcept {
  for (SortOrder order : {SortOrder::relevance, SortOrder::trending, SortOrder::recent, SortOrder::upvotes, SortOrder::stars,
                          SortOrder::citations}) {
    if (name == sort_order_name(order)) return order;
  }
  return std::nullopt;
}

struct Searcher::Impl {
  explicit Impl(const Index& index)
      : index(index), analyzer(make_analyzer(index.analyzer_options())),
        plain(make_analyzer({index.analyzer_options().language, false, false})) {}

  const Index& index;
  Analyzer analyzer;  // the index's analysis
  Analyzer plain;     // normalization only

  /** What one pass over the segments found. */
  struct Pass {
    std::uint64_t total = 0;
    std::vector<Candidate> top;
  };

  Pass run(const PlanNode& plan, const IndexStatistics& stats, const SearchOptions& options, std::size_t depth,
           FacetCounter* facets) const {
    Pass pass;
    TopK top(depth);
    const double newest = options.sort == SortOrder::trending ? newest_day(stats) : 0;
    for (std::uint32_t s = 0; s < stats.segments.size(); ++s) {
      const SegmentRef& ref = stats.segments[s];
      const SegmentContext context{ref, &stats.scoring};
      auto matcher = instantiate(plan, context);
      for (std::uint32_t doc = matcher->next(); doc != kNoDoc; doc = matcher->next()) {
        ++pass.total;
        if (facets) facets->count(s, *ref.segment, doc);
        if (options.sort == SortOrder::relevance && top.full() && matcher->bound() <= top.worst().score) continue;
        Candidate c{0, matcher->score(), ref.base + doc, s, doc};
        c.key = options.sort == SortOrder::relevance ? c.score : sort_key(options.sort, *ref.segment, doc, newest, options.ranking);
        top.offer(c);
      }
    }
    pass.top = top.sorted();
    return pass;
  }

  /** The newest paper_day() in the index: trending's "now". */
  static double newest_day(const IndexStatistics& stats) {
    double newest = 0;
    for (const SegmentRef& ref : stats.segments) {
      for (std::uint32_t doc = 0; doc < ref.segment->size(); ++doc) newest = std::max(newest, paper_day(*ref.segment, doc).value_or(0));
    }
    return newest;
  }

  /**
   * Adds a proximity bonus to the first kRerankDepth papers of @p top (relevance order) and
   * sorts them again; the papers after them keep their order, so every page agrees.
   */
  void rerank_by_proximity(std::vector<Candidate>& top, const std::vector<const PlanTerm*>& terms,
                           const IndexStatistics& stats, const RankingOptions& ranking) const {
    if (terms.size() < 2 || ranking.proximity_weight <= 0) return;
    const std::size_t count = std::min(top.size(), kRerankDepth);
    const auto positions = candidate_positions({top.data(), count}, terms, stats);
    for (std::size_t c = 0; c < count; ++c) {
      double bonus = 0;
      for (std::size_t f = 0; f < kProximityFields.size(); ++f) {
        bonus += stats.scoring.weight[static_cast<std::size_t>(kProximityFields[f])] *
                 pair_closeness(terms, positions[c][f], stats.scoring.k1);
      }
      top[c].score += ranking.proximity_weight * bonus;
      top[c].key = top[c].score;
    }
    std::sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(count),
              [](const Candidate& a, const Candidate& b) { return a.before(b); });
  }

  /** The fields proximity looks at. */
  static constexpr std::array<IndexField, 2> kProximityFields{IndexField::title, IndexField::abstract};
  /** Positions of each query term (inner) in one field of one paper. */
  using TermPositions = std::vector<std::vector<std::uint32_t>>;

  /**
   * For each candidate, per proximity field, the positions of each of @p terms: one cursor per
   * term and segment walks the candidates in paper order, instead of one walk per candidate.
   */
  static std::vector<std::array<TermPositions, 2>> candidate_positions(std::span<const Candidate> candidates,
                                                                       const std::vector<const PlanTerm*>& terms,
                                                                       const IndexStatistics& stats) {
    std::vector<std::array<TermPositions, 2>> positions(candidates.size());
    for (auto& fields : positions) fields.fill(TermPositions(terms.size()));
    std::vector<std::size_t> order(candidates.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::pair(candidates[a].segment, candidates[a].doc) < std::pair(candidates[b].segment, candidates[b].doc);
    });
    for (std::size_t run = 0; run < order.size();) {
      const std::uint32_t s = candidates[order[run]].segment;
      std::size_t end = run;
      while (end < order.size() && candidates[order[end]].segment == s) ++end;
      const Segment& segment = *stats.segments[s].segment;
      for (std::size_t t = 0; t < terms.size(); ++t) {
        const auto at = segment.terms().find(terms[t]->term);
        if (!at) continue;
        PostingCursor cursor(segment, segment.term_info(*at));
        for (std::size_t k = run; k < end; ++k) {
          const std::size_t c = order[k];
          if (cursor.advance(candidates[c].doc) != candidates[c].doc) continue;
          for (std::size_t f = 0; f < kProximityFields.size(); ++f) cursor.positions(kProximityFields[f], positions[c][f][t]);
        }
      }
      run = end;
    }
    return positions;
  }

  /**
   * Σ over pairs of query terms next to each other in the query (sequential dependence) of
   * min(idf) · saturated Σ 1/distance² over their occurrences within the window.
   */
  static double pair_closeness(const std::vector<const PlanTerm*>& terms,
                               const std::vector<std::vector<std::uint32_t>>& positions, double k1) {
    double total = 0;
    for (std::size_t i = 0; i + 1 < terms.size(); ++i) {
      const std::size_t j = i + 1;
      if (terms[i]->term == terms[j]->term || positions[i].empty() || positions[j].empty()) continue;
      const double closeness = closeness_of(positions[i], positions[j]);
      total += std::min(terms[i]->weight, terms[j]->weight) * closeness / (k1 + closeness);
    }
    return total;
  }

  /**
   * Σ 1/distance² over pairs of positions of @p a and @p b (both sorted) at most
   * kProximityWindow apart: a merge that keeps a window, linear in the positions.
   */
  static double closeness_of(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
    double closeness = 0;
    std::size_t low = 0;  // first position of b that can still be near the current one of a
    for (const std::uint32_t p : a) {
      while (low < b.size() && b[low] + kProximityWindow < p) ++low;
      for (std::size_t k = low; k < b.size() && b[k] <= p + kProximityWindow; ++k) {
        const std::uint32_t d = p > b[k] ? p - b[k] : b[k] - p;
        if (d > 0) closeness += 1.0 / (double(d) * d);
      }
    }
    return closeness;
  }

  /**
   * RM3: the best first-pass papers' title and abstract terms, weighted by those papers'
   * scores, mixed with the original terms; scores the original query's matches again.
   */
  std::optional<PlanNode> feedback_plan(const PlanNode& plan, const std::vector<const PlanTerm*>& terms,
                                        const std::vector<Candidate>& first, const IndexStatistics& stats,
                                        const RankingOptions& ranking) {
    const std::size_t docs = std::min(first.size(), ranking.feedback_docs);
    if (docs == 0 || ranking.feedback_terms == 0) return std::nullopt;
    double score_sum = 0;
    for (std::size_t i = 0; i < docs; ++i) score_sum += first[i].score;
    if (score_sum <= 0) return std::nullopt;
    std::unordered_map<std::string, double> relevance_model;
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < docs; ++i) {
      const Paper paper = stats.segments[first[i].segment].segment->record(first[i].doc);
      analyzer.analyze(paper.title + " . " + paper.abstract, tokens);
      if (tokens.empty()) continue;
      const double doc_weight = first[i].score / score_sum / tokens.size();
      for (const Token& token : tokens) relevance_model[std::string(token.term)] += doc_weight;
    }
    std::vector<std::pair<double, std::string>> ranked;
    for (auto& [term, weight] : relevance_model) ranked.emplace_back(weight, term);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    ranked.resize(std::min(ranked.size(), ranking.feedback_terms));
    double model_sum = 0;
    for (const auto& r : ranked) model_sum += r.first;
    if (model_sum <= 0) return std::nullopt;

    const double lambda = std::clamp(ranking.feedback_original_weight, 0.0, 1.0);
    PlanNode original = plan;  // the same matches; weights stay on the first pass's scale
    scale_terms(original, lambda);
    original.occur = Occur::must;
    PlanNode expansion;
    expansion.kind = PlanNode::Kind::boolean;
    for (const auto& [weight, term] : ranked) {
      PlanNode leaf;
      leaf.kind = PlanNode::Kind::alternatives;
      leaf.terms.push_back(PlanTerm{term, (1u << kIndexFieldCount) - 1, stats.idf(stats.df(term)) * (1 - lambda) * terms.size() * weight / model_sum});
      expansion.children.push_back(std::move(leaf));
    }
    PlanNode combined;
    combined.kind = PlanNode::Kind::boolean;
    combined.children.push_back(std::move(original));
    combined.children.push_back(std::move(expansion));
    return combined;
  }

  static void scale_terms(PlanNode& node, double factor) {
    for (PlanTerm& term : node.terms) term.weight *= factor;
    for (PlanNode& child : node.children) scale_terms(child, factor);
  }

  /** The page of @p top from @p offset, records loaded and highlighted. */
  std::vector<Hit> page(const std::vector<Candidate>& top, const IndexStatistics& stats, const SearchOptions& options,
                        const MatchedTerms& matched) {
    std::vector<Hit> hits;
    const std::size_t limit = std::min(options.limit, SearchOptions::kMaxLimit);
    for (std::size_t i = options.offset; i < top.size() && hits.size() < limit; ++i) {
      Hit hit;
      hit.paper = stats.segments[top[i].segment].segment->record(top[i].doc);
      hit.score = top[i].score;
      if (options.snippets) {
        hit.snippet.title = highlight(hit.paper.title, analyzer, matched);
        hit.snippet.abstract = best_window(hit.paper.abstract, analyzer, matched, options.snippet_chars);
      }
      hits.push_back(std::move(hit));
    }
    return hits;
  }

  /** The query with each word that finds nothing replaced by the most frequent close word, if any changed. */
  std::optional<std::string> did_you_mean(const std::string& query, const PlanNode& plan, const IndexStatistics& stats) {
    std::string corrected = query;
    bool changed = false;
    std::size_t from = 0;
    correct_words(plan, stats, corrected, from, changed);
    if (!changed) return std::nullopt;
    return corrected;
  }

  void correct_words(const PlanNode& node, const IndexStatistics& stats, std::string& text, std::size_t& from, bool& changed) {
    if (!node.typed.empty() && node.terms.size() == 1 && stats.df(node.terms[0].term) == 0) {
      if (auto better = closest_word(node.typed, stats)) {
        const std::size_t at = text.find(node.typed, from);
        if (at != std::string::npos) {
          text.replace(at, node.typed.size(), *better);
          from = at + better->size();
          changed = true;
        }
      }
    }
    for (const PlanNode& child : node.children) correct_words(child, stats, text, from, changed);
  }

  /** A paper's location in the index. */
  struct Location {
    std::uint32_t segment = 0, doc = 0;
    bool operator==(const Location&) const = default;
  };

  /** Where the live paper with identity key @p id is, if indexed. */
  static std::optional<Location> locate(std::string_view id, const IndexStatistics& stats) {
    for (std::uint32_t s = stats.segments.size(); s-- > 0;) {  // the newest record of a paper wins
      const SegmentRef& ref = stats.segments[s];
      if (auto doc = ref.segment->find_key(id); doc && ref.live(*doc)) return Location{s, *doc};
    }
    return std::nullopt;
  }

  /** tf-idf weight of a term with frequency @p tf found in @p df papers (sublinear tf, smooth idf). */
  static double tfidf(double tf, std::uint64_t df, double papers) {
    return (1 + std::log(tf)) * (std::log((1 + papers) / (1 + static_cast<double>(df))) + 1);
  }

  /** The unit-length tf-idf vector of a paper's title and abstract. */
  std::unordered_map<std::string, double> paper_vector(const Paper& paper, const IndexStatistics& stats) {
    std::unordered_map<std::string, double> counts;
    std::vector<Token> tokens;
    for (const std::string* text : {&paper.title, &paper.abstract}) {
      analyzer.analyze(*text, tokens);
      for (const Token& token : tokens) counts[std::string(token.term)] += 1;
    }
    double squares = 0;
    for (auto& [term, weight] : counts) {
      weight = tfidf(weight, stats.df(term), stats.papers);
      squares += weight * weight;
    }
    for (auto& entry : counts) entry.second /= std::sqrt(std::max(squares, 1e-12));
    return counts;
  }

  /** Papers by cosine to the centroid of @p liked's vectors, @p excluded left out. */
  Results nearest(const std::vector<Location>& liked, const IndexStatistics& stats, const SearchOptions& options) {
    constexpr std::size_t kQueryTerms = 50;
    std::unordered_map<std::string, double> centroid;
    for (const Location& at : liked) {
      for (const auto& [term, weight] : paper_vector(stats.segments[at.segment].segment->record(at.doc), stats)) {
        centroid[term] += weight / liked.size();
      }
    }
    double squares = 0;
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [term, weight] : centroid) {
      squares += weight * weight;
      ranked.emplace_back(weight, term);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    ranked.resize(std::min(ranked.size(), kQueryTerms));
    const double query_norm = std::sqrt(std::max(squares, 1e-12));

    Results results;
    TopK top(hits_wanted(options));
    std::vector<double> sums;
    std::vector<std::uint32_t> touched;
    for (std::uint32_t s = 0; s < stats.segments.size(); ++s) {
      const SegmentRef& ref = stats.segments[s];
      sums.assign(ref.segment->size(), 0.0);
      touched.clear();
      for (const auto& [query_weight, term] : ranked) {
        const auto at = ref.segment->terms().find(term);
        if (!at) continue;
        const std::uint64_t df = stats.df(term);
        PostingCursor cursor(*ref.segment, ref.segment->term_info(*at));
        while (cursor.next() != PostingCursor::kEnd) {
          const std::uint32_t tf = cursor.tf(IndexField::title) + cursor.tf(IndexField::abstract);
          if (tf == 0) continue;
          if (sums[cursor.doc()] == 0) touched.push_back(cursor.doc());
          sums[cursor.doc()] += query_weight * tfidf(tf, df, stats.papers);
        }
      }
      for (const std::uint32_t doc : touched) {
        if (!ref.live(doc) || std::find(liked.begin(), liked.end(), Location{s, doc}) != liked.end()) continue;
        ++results.total;
        const double score = sums[doc] / (query_norm * std::max(1e-6f, ref.segment->norm(doc)));
        top.offer(Candidate{score, score, ref.base + doc, s, doc});
      }
    }
    results.hits = page(top.sorted(), stats, options, MatchedTerms{});
    return results;
  }

  /** Completions of the last word of @p partial, most papers first. */
  std::vector<Suggestion> complete(std::string_view partial, std::size_t limit, const IndexStatistics& stats) {
    const std::size_t cut = partial.find_last_of(" \t\n\"():+-");
    const std::string_view head = cut == std::string_view::npos ? std::string_view() : partial.substr(0, cut + 1);
    const std::string prefix = plain.normalize_term(partial.substr(head.size()));
    std::vector<Suggestion> out;
    if (prefix.empty() || limit == 0) return out;
    std::unordered_map<std::string_view, std::uint64_t> papers;  // word → papers (views into the dictionaries)
    constexpr std::size_t kScanLimit = 1 << 16;
    for (const SegmentRef& ref : stats.segments) {
      const auto [first, last] = ref.segment->words().prefix_range(prefix);
      for (std::size_t i = first; i < last && i - first < kScanLimit; ++i) {
        papers[ref.segment->words().at(i)] += ref.segment->term_info(ref.segment->word_term(i)).df;
      }
    }
    std::vector<std::pair<std::string_view, std::uint64_t>> ranked(papers.begin(), papers.end());
    auto better = [](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second > b.second;
      return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
    };
    const std::size_t keep = std::min(ranked.size(), limit);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), better);
    ranked.resize(keep);
    for (auto& [word, count] : ranked) count = live_papers(word, stats, count);
    std::stable_sort(ranked.begin(), ranked.end(), better);
    for (const auto& [word, count] : ranked) out.push_back(Suggestion{std::string(head) + std::string(word), std::string(word), count});
    return out;
  }

  /**
   * Papers the word @p word finds, replaced records left out: @p counted (summed document
   * frequencies) unless a segment hides papers, then its postings are walked.
   */
  std::uint64_t live_papers(std::string_view word, const IndexStatistics& stats, std::uint64_t counted) const {
    if (std::none_of(stats.segments.begin(), stats.segments.end(), [](const SegmentRef& r) { return r.hidden != nullptr; })) {
      return counted;
    }
    std::uint64_t live = 0;
    for (const SegmentRef& ref : stats.segments) {
      const auto at = ref.segment->words().find(word);
      if (!at) continue;
      PostingCursor cursor(*ref.segment, ref.segment->term_info(ref.segment->word_term(*at)));
      while (cursor.next() != PostingCursor::kEnd) live += ref.live(cursor.doc());
    }
    return live;
  }

  std::optional<std::string> closest_word(const std::string& typed, const IndexStatistics& stats) {
    const std::string word = plain.normalize_term(typed);
    if (word.empty()) return std::nullopt;
    std::optional<std::string> best;
    unsigned best_distance = 3;
    std::uint64_t best_df = 0;
    constexpr std::size_t kVisitLimit = 4096;
    std::size_t visited = 0;
    for (const SegmentRef& ref : stats.segments) {
      const Segment& segment = *ref.segment;
      segment.words().fuzzy(word, 2, [&](std::size_t index, unsigned distance) {
        const std::uint64_t df = segment.term_info(segment.word_term(index)).df;
        if (distance > 0 && (distance < best_distance || (distance == best_distance && df > best_df))) {
          best = std::string(segment.words().at(index));
          best_distance = distance;
          best_df = df;
        }
        return ++visited < kVisitLimit;
      });
    }
    return best;
  }
};

Searcher::Searcher(const Index& index) : impl_(std::make_unique<Impl>(index)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Results Searcher::search(std::string_view query, const SearchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Results results;
  results.query = std::string(query);
  const ParsedQuery parsed = parse_query(query, options.limits);
  results.explained = explain(parsed);
  results.recovered = parsed.recovered;

  const IndexStatistics stats = collect_statistics(impl_->index.state(), options.ranking);
  const PlanNode plan =
      make_plan(parsed.root, stats, {&impl_->analyzer, &impl_->plain}, options.ranking, options.limits, results.recovered);
  const std::size_t wanted = hits_wanted(options);
  const bool relevance = options.sort == SortOrder::relevance;
  const auto bag = bag_of_words(plan);
  const std::size_t depth = relevance ? std::max({wanted, kRerankDepth, options.ranking.feedback_docs}) : wanted;

  FacetCounter facets(stats.segments.size());
  Impl::Pass pass = impl_->run(plan, stats, options, depth, options.facets ? &facets : nullptr);
  results.total = pass.total;
  if (relevance) impl_->rerank_by_proximity(pass.top, bag, stats, options.ranking);
  if (relevance && options.ranking.feedback_min_terms > 0 && bag.size() >= options.ranking.feedback_min_terms) {
    if (auto expanded = impl_->feedback_plan(plan, bag, pass.top, stats, options.ranking)) {
      pass.top = impl_->run(*expanded, stats, options, depth, nullptr).top;
      impl_->rerank_by_proximity(pass.top, bag, stats, options.ranking);
    }
  }

  std::vector<const PlanTerm*> terms;
  positive_terms(plan, terms);
  std::vector<std::string> term_texts;
  for (const PlanTerm* term : terms) term_texts.push_back(term->term);
  const MatchedTerms matched(std::move(term_texts));
  results.hits = impl_->page(pass.top, stats, options, matched);
  if (options.facets) results.facets = facets.top(stats, options.facet_limit);
  if (results.total == 0) results.did_you_mean = impl_->did_you_mean(results.query, plan, stats);
  results.took_ms = elapsed_ms(started);
  return results;
}

std::vector<Paper> Searcher::all_matches(std::string_view query, const Limits& limits, std::vector<std::string>* recovered) {
  ParsedQuery parsed = parse_query(query, limits);
  const RankingOptions ranking;
  const IndexStatistics stats = collect_statistics(impl_->index.state(), ranking);
  const PlanNode plan = make_plan(parsed.root, stats, {&impl_->analyzer, &impl_->plain}, ranking, limits, parsed.recovered);
  if (recovered) *recovered = std::move(parsed.recovered);
  std::vector<Paper> papers;
  for (const SegmentRef& ref : stats.segments) {
    auto matcher = instantiate(plan, SegmentContext{ref, &stats.scoring});
    for (std::uint32_t doc = matcher->next(); doc != kNoDoc; doc = matcher->next()) papers.push_back(ref.segment->record(doc));
  }
  return papers;
}

Expected<Results> Searcher::similar(std::string_view id, const SearchOptions& options) {
  const std::string liked[] = {std::string(id)};
  auto results = recommend(liked, options);
  if (results) results->query = "similar:" + std::string(id);
  return results;
}

Expected<Results> Searcher::recommend(std::span<const std::string> liked_ids, const SearchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const IndexStatistics stats = collect_statistics(impl_->index.state(), options.ranking);
  std::vector<Impl::Location> liked;
  std::string description = "recommend:";
  for (const std::string& id : liked_ids) {
    if (auto at = Impl::locate(id, stats)) liked.push_back(*at);
    description += (description.back() == ':' ? "" : ",") + id;
  }
  if (liked.empty()) {
    const std::string why = liked_ids.size() == 1 ? "no paper with id " + shown_text(liked_ids[0]) + " in the index"
                                                  : "none of the given ids is in the index";
    return make_error(ErrorCode::invalid_argument, why);
  }
  Results results = impl_->nearest(liked, stats, options);
  results.query = description;
  results.took_ms = elapsed_ms(started);
  return results;
}

std::vector<Suggestion> Searcher::suggest(std::string_view partial_query, std::size_t limit) {
  const IndexStatistics stats = collect_statistics(impl_->index.state(), RankingOptions{});
  std::string text(partial_query);  // a suggestion repeats the typed text: it must be valid UTF-8
  repair_utf8(text);
  return impl_->complete(text, limit, stats);
}

}  // namespace paperfeed
