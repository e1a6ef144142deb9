// The matchers of matchers.hpp. Each keeps its own cursor state; combinations follow the
// usual document-at-a-time patterns (leapfrog conjunction, minimum-doc disjunction).

#include "search/matchers.hpp"

#include <algorithm>
#include <limits>

#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

double FieldScoring::max_weighted_tf(const std::array<std::uint8_t, kIndexFieldCount>& max_tf,
                                     std::uint8_t fields) const noexcept {
  double total = 0;
  for (std::size_t f = 0; f < kIndexFieldCount; ++f) {
    if (!((fields >> f) & 1u) || max_tf[f] == 0) continue;
    if (max_tf[f] == 255) return std::numeric_limits<double>::infinity();  // capped: no bound known
    const double smallest_norm = std::max(1 - b[f], 1e-3);  // a field of length 0 at most
    total += weight[f] * max_tf[f] / smallest_norm;
  }
  return total;
}

namespace {

/**
 * Leapfrogs @p matchers (the first leads) from the lead's paper @p candidate until all stand
 * on one paper; returns it, or kNoDoc.
 */
template <typename Matchers>
std::uint32_t leapfrog(Matchers& matchers, std::uint32_t candidate) {
  for (std::size_t i = 1; candidate != kNoDoc && i < matchers.size();) {
    const std::uint32_t at = matchers[i]->advance(candidate);
    if (at == candidate) {
      ++i;
      continue;
    }
    candidate = matchers[0]->advance(at);
    i = 1;
  }
  return candidate;
}

class TermMatcher final : public Matcher {
 public:
  TermMatcher(const SegmentContext& context, const ScoredTerm& term)
      : context_(context), info_(context.ref.segment->term_info(term.term)), cursor_(*context.ref.segment, info_),
        fields_(term.fields), weight_(term.weight) {
    max_score_ = context.scoring->saturate(weight_, context.scoring->max_weighted_tf(info_.max_tf, fields_));
  }

  std::uint32_t next() override { return settle(cursor_.next()); }
  std::uint32_t advance(std::uint32_t target) override { return settle(cursor_.advance(target)); }
  double score() override { return context_.scoring->saturate(weight_, weighted_tf()); }
  double max_score() const override { return max_score_; }
  std::uint64_t cost() const override { return info_.df; }

  /** The BM25F weighted frequency of the term in the current paper. */
  double weighted_tf() const {
    const FieldScoring& s = *context_.scoring;
    double total = 0;
    const std::uint8_t present = cursor_.fields() & fields_;
    for (std::size_t f = 0; f < kIndexFieldCount; ++f) {
      if ((present >> f) & 1u) {
        total += s.weight[f] * cursor_.tf(static_cast<IndexField>(f)) / s.length_norm(*context_.ref.segment, doc_, f);
      }
    }
    return total;
  }
  /** The cursor, for phrase matching. */
  const PostingCursor& cursor() const { return cursor_; }

 private:
  /** Moves on from @p doc to the first paper that is live and has the term in scope. */
  std::uint32_t settle(std::uint32_t doc) {
    while (doc != kNoDoc && (!(cursor_.fields() & fields_) || !context_.ref.live(doc))) doc = cursor_.next();
    return doc_ = doc;
  }

  SegmentContext context_;
  TermInfo info_;
  PostingCursor cursor_;
  std::uint8_t fields_;
  double weight_;
  double max_score_ = 0;
};

class ConjunctionMatcher final : public Matcher {
 public:
  explicit ConjunctionMatcher(std::vector<std::unique_ptr<Matcher>> subs) : subs_(std::move(subs)) {
    std::sort(subs_.begin(), subs_.end(), [](const auto& a, const auto& b) { return a->cost() < b->cost(); });
    for (const auto& sub : subs_) max_score_ += sub->max_score();
  }
  std::uint32_t next() override { return align(subs_[0]->next()); }
  std::uint32_t advance(std::uint32_t target) override { return align(subs_[0]->advance(target)); }
  double score() override {
    double total = 0;
    for (const auto& sub : subs_) total += sub->score();
    return total;
  }
  double max_score() const override { return max_score_; }
  double bound() override {
    double total = 0;
    for (const auto& sub : subs_) total += sub->bound();
    return total;
  }
  std::uint64_t cost() const override { return subs_[0]->cost(); }

 protected:
  std::uint32_t align(std::uint32_t candidate) { return doc_ = leapfrog(subs_, candidate); }

  std::vector<std::unique_ptr<Matcher>> subs_;
  double max_score_ = 0;
};

class PhraseMatcher final : public Matcher {
 public:
  PhraseMatcher(const SegmentContext& context, const std::vector<ScoredTerm>& terms, std::vector<std::uint32_t> offsets)
      : context_(context), offsets_(std::move(offsets)) {
    double idf = 0;
    for (const ScoredTerm& term : terms) {
      terms_.push_back(std::make_unique<TermMatcher>(context, term));
      idf += term.weight;
      fields_ = term.fields;
    }
    idf_ = idf;
    max_score_ = idf_;  // saturate(idf, T) < idf for any T
  }

  std::uint32_t next() override { return find(lead_next()); }
  std::uint32_t advance(std::uint32_t target) override { return find(lead_advance(target)); }
  double score() override {
    const FieldScoring& s = *context_.scoring;
    double total = 0;
    for (std::size_t f = 0; f < kIndexFieldCount; ++f) {
      if (frequency_[f]) total += s.weight[f] * frequency_[f] / s.length_norm(*context_.ref.segment, doc_, f);
    }
    return s.saturate(idf_, total);
  }
  double max_score() const override { return max_score_; }
  std::uint64_t cost() const override {
    std::uint64_t lowest = std::numeric_limits<std::uint64_t>::max();
    for (const auto& t : terms_) lowest = std::min(lowest, t->cost());
    return lowest;
  }

 private:
  std::uint32_t lead_next() { return leapfrog(terms_, terms_[0]->next()); }
  std::uint32_t lead_advance(std::uint32_t target) { return leapfrog(terms_, terms_[0]->advance(target)); }

  /** From @p candidate on, the first paper where the terms stand in order in one field. */
  std::uint32_t find(std::uint32_t candidate) {
    while (candidate != kNoDoc && !count_occurrences()) candidate = lead_next();
    return doc_ = candidate;
  }

  /** Counts the phrase's occurrences per field in the paper all terms are on; true when any. */
  bool count_occurrences() {
    frequency_.fill(0);
    bool any = false;
    for (std::size_t f = 0; f < kIndexFieldCount; ++f) {
      if (!((fields_ >> f) & 1u)) continue;
      positions_.resize(terms_.size());
      bool all_present = true;
      for (std::size_t i = 0; i < terms_.size() && all_present; ++i) {
        positions_[i].clear();
        terms_[i]->cursor().positions(static_cast<IndexField>(f), positions_[i]);
        all_present = !positions_[i].empty();
      }
      if (!all_present) continue;
      for (const std::uint32_t start : positions_[0]) {
        bool match = true;
        for (std::size_t i = 1; i < terms_.size() && match; ++i) {
          const std::uint32_t want = start - offsets_[0] + offsets_[i];
          match = std::binary_search(positions_[i].begin(), positions_[i].end(), want);
        }
        frequency_[f] += match;
      }
      any = any || frequency_[f] > 0;
    }
    return any;
  }

  SegmentContext context_;
  std::vector<std::unique_ptr<TermMatcher>> terms_;
  std::vector<std::uint32_t> offsets_;
  std::vector<std::vector<std::uint32_t>> positions_;
  std::array<std::uint32_t, kIndexFieldCount> frequency_{};
  std::uint8_t fields_ = 0;
  double idf_ = 0;
  double max_score_ = 0;
};

/**
 * Papers any sub matches. Few subs (most queries) are scanned for the lowest paper, which is
 * cheapest when most of them move at each paper; many subs (prefix and fuzzy expansions, long
 * queries over rare words) wait in a min-heap by paper, O(log n) per posting. Either way the
 * subs on the current paper are held apart, so scoring looks only at those.
 */
class DisjunctionMatcher final : public Matcher {
 public:
  /** From this many subs on, the heap. */
  static constexpr std::size_t kHeapFrom = 32;

  DisjunctionMatcher(std::vector<std::unique_ptr<Matcher>> subs, bool take_max)
      : subs_(std::move(subs)), take_max_(take_max), use_heap_(subs_.size() >= kHeapFrom) {
    for (const auto& sub : subs_) {
      max_score_ = take_max_ ? std::max(max_score_, sub->max_score()) : max_score_ + sub->max_score();
      cost_ += sub->cost();
    }
  }
  std::uint32_t next() override {
    if (!started_) return start(0);
    for (Matcher* sub : current_) requeue(sub, sub->next());
    return take_current();
  }
  std::uint32_t advance(std::uint32_t target) override {
    if (!started_) return start(target);
    if (doc_ != kNoDoc && doc_ >= target) return doc_;
    for (Matcher* sub : current_) requeue(sub, sub->advance(target));
    if (use_heap_) {
      while (!waiting_.empty() && waiting_.front()->doc() < target) {
        std::pop_heap(waiting_.begin(), waiting_.end(), later);
        Matcher* sub = waiting_.back();
        waiting_.pop_back();
        requeue(sub, sub->advance(target));
      }
    } else {
      for (const auto& sub : subs_) {
        if (sub->doc() < target) sub->advance(target);
      }
    }
    return take_current();
  }
  double score() override { return combine(&Matcher::score); }
  double max_score() const override { return max_score_; }
  double bound() override { return combine(&Matcher::bound); }
  std::uint64_t cost() const override { return cost_; }

 private:
  static bool later(const Matcher* a, const Matcher* b) { return a->doc() > b->doc(); }

  std::uint32_t start(std::uint32_t target) {
    started_ = true;
    for (const auto& sub : subs_) requeue(sub.get(), sub->advance(target));
    return take_current();
  }
  /** With the heap: puts @p sub, now on @p doc, back unless it is exhausted. */
  void requeue(Matcher* sub, std::uint32_t doc) {
    if (!use_heap_ || doc == kNoDoc) return;
    waiting_.push_back(sub);
    std::push_heap(waiting_.begin(), waiting_.end(), later);
  }
  /** Finds the lowest paper and gathers the subs on it. */
  std::uint32_t take_current() {
    current_.clear();
    if (!use_heap_) {
      doc_ = kNoDoc;
      for (const auto& sub : subs_) {
        if (sub->doc() < doc_) {
          doc_ = sub->doc();
          current_.clear();
        }
        if (sub->doc() == doc_ && doc_ != kNoDoc) current_.push_back(sub.get());
      }
      return doc_;
    }
    if (waiting_.empty()) return doc_ = kNoDoc;
    doc_ = waiting_.front()->doc();
    while (!waiting_.empty() && waiting_.front()->doc() == doc_) {
      std::pop_heap(waiting_.begin(), waiting_.end(), later);
      current_.push_back(waiting_.back());
      waiting_.pop_back();
    }
    return doc_;
  }
  /** The sum (or the best) of @p value over the subs on the current paper. */
  double combine(double (Matcher::*value)()) {
    double total = 0;
    for (Matcher* sub : current_) {
      const double v = (sub->*value)();
      total = take_max_ ? std::max(total, v) : total + v;
    }
    return total;
  }

  std::vector<std::unique_ptr<Matcher>> subs_;
  std::vector<Matcher*> waiting_;  // with the heap: subs not on doc_, min-heap by paper
  std::vector<Matcher*> current_;  // subs on doc_
  bool take_max_;
  bool use_heap_;
  bool started_ = false;
  double max_score_ = 0;
  std::uint64_t cost_ = 0;
};

class RequiredOptionalMatcher final : public Matcher {
 public:
  RequiredOptionalMatcher(std::unique_ptr<Matcher> required, std::unique_ptr<Matcher> optional)
      : required_(std::move(required)), optional_(std::move(optional)) {}
  std::uint32_t next() override { return doc_ = required_->next(); }
  std::uint32_t advance(std::uint32_t target) override { return doc_ = required_->advance(target); }
  double score() override {
    double total = required_->score();
    if (on_optional()) total += optional_->score();
    return total;
  }
  double bound() override {
    double total = required_->bound();
    if (on_optional()) total += optional_->bound();
    return total;
  }
  double max_score() const override { return required_->max_score() + optional_->max_score(); }
  std::uint64_t cost() const override { return required_->cost(); }

 private:
  /** Moves the optional matcher to the current paper; true when it matches it. */
  bool on_optional() {
    if (doc_ == kNoDoc) return false;
    if (!optional_started_ || optional_->doc() < doc_) {
      optional_started_ = true;
      optional_->advance(doc_);
    }
    return optional_->doc() == doc_;
  }

  std::unique_ptr<Matcher> required_, optional_;
  bool optional_started_ = false;
};

class ExclusionMatcher final : public Matcher {
 public:
  ExclusionMatcher(std::unique_ptr<Matcher> matcher, std::unique_ptr<Matcher> excluded)
      : matcher_(std::move(matcher)), excluded_(std::move(excluded)) {}
  std::uint32_t next() override { return settle(matcher_->next()); }
  std::uint32_t advance(std::uint32_t target) override { return settle(matcher_->advance(target)); }
  double score() override { return matcher_->score(); }
  double max_score() const override { return matcher_->max_score(); }
  double bound() override { return matcher_->bound(); }
  std::uint64_t cost() const override { return matcher_->cost(); }

 private:
  std::uint32_t settle(std::uint32_t doc) {
    while (doc != kNoDoc) {
      if (!excluded_started_ || excluded_->doc() < doc) {
        excluded_started_ = true;
        excluded_->advance(doc);
      }
      if (excluded_->doc() != doc) break;
      doc = matcher_->next();
    }
    return doc_ = doc;
  }

  std::unique_ptr<Matcher> matcher_, excluded_;
  bool excluded_started_ = false;
};

/** Live papers of a segment accepted by a predicate, in order. */
template <typename Accept>
class PredicateMatcher final : public Matcher {
 public:
  PredicateMatcher(const SegmentContext& context, Accept accept) : context_(context), accept_(std::move(accept)) {}
  std::uint32_t next() override {
    if (started_ && doc_ == kNoDoc) return kNoDoc;
    return advance(started_ ? doc_ + 1 : 0);
  }
  std::uint32_t advance(std::uint32_t target) override {
    if (started_ && doc_ != kNoDoc && doc_ >= target) return doc_;
    started_ = true;
    const std::uint32_t size = context_.ref.segment->size();
    for (std::uint32_t doc = target; doc < size; ++doc) {
      if (context_.ref.live(doc) && accept_(*context_.ref.segment, doc)) return doc_ = doc;
    }
    return doc_ = kNoDoc;
  }
  double score() override { return 0; }
  double max_score() const override { return 0; }
  std::uint64_t cost() const override { return context_.ref.segment->size(); }

 private:
  SegmentContext context_;
  Accept accept_;
  bool started_ = false;
};

template <typename Accept>
std::unique_ptr<Matcher> make_predicate(const SegmentContext& context, Accept accept) {
  return std::make_unique<PredicateMatcher<Accept>>(context, std::move(accept));
}

class NoneMatcher final : public Matcher {
 public:
  std::uint32_t next() override { return doc_ = kNoDoc; }
  std::uint32_t advance(std::uint32_t) override { return doc_ = kNoDoc; }
  double score() override { return 0; }
  double max_score() const override { return 0; }
  std::uint64_t cost() const override { return 0; }
};

}  // namespace

std::unique_ptr<Matcher> make_term_matcher(const SegmentContext& context, const ScoredTerm& term) {
  return std::make_unique<TermMatcher>(context, term);
}

std::unique_ptr<Matcher> make_phrase_matcher(const SegmentContext& context, const std::vector<ScoredTerm>& terms,
                                             const std::vector<std::uint32_t>& offsets) {
  if (terms.empty()) return make_match_none();
  if (terms.size() == 1) return make_term_matcher(context, terms[0]);
  return std::make_unique<PhraseMatcher>(context, terms, offsets);
}

std::unique_ptr<Matcher> make_disjunction(std::vector<std::unique_ptr<Matcher>> subs, bool take_max) {
  if (subs.empty()) return make_match_none();
  if (subs.size() == 1) return std::move(subs[0]);
  return std::make_unique<DisjunctionMatcher>(std::move(subs), take_max);
}

std::unique_ptr<Matcher> make_conjunction(std::vector<std::unique_ptr<Matcher>> subs) {
  if (subs.empty()) return make_match_none();
  if (subs.size() == 1) return std::move(subs[0]);
  return std::make_unique<ConjunctionMatcher>(std::move(subs));
}

std::unique_ptr<Matcher> make_required_optional(std::unique_ptr<Matcher> required, std::unique_ptr<Matcher> optional) {
  return std::make_unique<RequiredOptionalMatcher>(std::move(required), std::move(optional));
}

std::unique_ptr<Matcher> make_exclusion(std::unique_ptr<Matcher> matcher, std::unique_ptr<Matcher> excluded) {
  return std::make_unique<ExclusionMatcher>(std::move(matcher), std::move(excluded));
}

std::unique_ptr<Matcher> make_match_all(const SegmentContext& context) {
  return make_predicate(context, [](const Segment&, std::uint32_t) { return true; });
}

std::unique_ptr<Matcher> make_match_none() { return std::make_unique<NoneMatcher>(); }

std::optional<std::int64_t> numeric_value(const Segment& segment, std::uint32_t doc, NumericField column) {
  auto known = [](std::int32_t v) { return v == kUnknownNumber ? std::nullopt : std::optional<std::int64_t>(v); };
  switch (column) {
    case NumericField::date: return known(segment.number(doc, NumberColumn::published));
    case NumericField::year: {
      const auto days = known(segment.number(doc, NumberColumn::published));
      if (!days) return std::nullopt;
      return year_from_days(*days);
    }
    case NumericField::upvotes: return known(segment.number(doc, NumberColumn::upvotes));
    case NumericField::stars: return known(segment.number(doc, NumberColumn::stars));
    case NumericField::comments: return known(segment.number(doc, NumberColumn::comments));
    case NumericField::citations: return known(segment.number(doc, NumberColumn::citations));
    case NumericField::listed: {
      const auto announced = known(segment.number(doc, NumberColumn::announced));
      return announced ? announced : known(segment.number(doc, NumberColumn::published));
    }
  }
  return std::nullopt;
}

std::unique_ptr<Matcher> make_number_filter(const SegmentContext& context, NumericField column, std::int64_t min,
                                            std::int64_t max) {
  if (column == NumericField::year) {  // compare days: no date formatting per paper
    column = NumericField::date;
    constexpr std::int64_t kLow = std::numeric_limits<std::int64_t>::min(), kHigh = std::numeric_limits<std::int64_t>::max();
    min = min == kLow ? kLow : days_from_civil(std::clamp<std::int64_t>(min, -99999, 99999), 1, 1);
    max = max == kHigh ? kHigh : days_from_civil(std::clamp<std::int64_t>(max, -99999, 99999), 12, 31);
  }
  return make_predicate(context, [column, min, max](const Segment& segment, std::uint32_t doc) {
    const auto value = numeric_value(segment, doc, column);
    return value && *value >= min && *value <= max;
  });
}

std::unique_ptr<Matcher> make_has_filter(const SegmentContext& context, const std::string& what) {
  if (what == "code") {
    return make_predicate(context, [](const Segment& s, std::uint32_t doc) { return (s.flags(doc) & kHasCode) != 0; });
  }
  NumericField column = NumericField::upvotes;
  if (what == "stars") column = NumericField::stars;
  else if (what == "comments") column = NumericField::comments;
  else if (what == "citations") column = NumericField::citations;
  else if (what != "upvotes") return make_match_none();
  return make_predicate(context, [column](const Segment& s, std::uint32_t doc) { return numeric_value(s, doc, column).has_value(); });
}

}  // namespace paperfeed::detail
