#include <cstdio>
#include <optional>

#include "engines.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"

namespace search_bench {

namespace {

/**
 * paperfeed with its shipped defaults: papers added to an Index, the index serialized to
 * `.pfi` bytes (part of the build, as Xapian's commit and FTS5's COMMIT are), loaded back from
 * those bytes (timed apart), and searched through a Searcher on the loaded index with the
 * default query mode and ranking, top 10, no snippets, no facets.
 */
class PaperfeedEngine final : public Engine {
 public:
  std::string name() const override { return "paperfeed"; }
  std::string version() const override { return "this tree"; }
  std::string total_kind() const override { return "exact"; }

  BuildFigures build(std::vector<paperfeed::Paper>& papers) override {
    BuildFigures figures;
    Stopwatch clock;
    paperfeed::Index index;
    for (auto& paper : papers) {
      if (!index.add(std::move(paper))) ++refused_papers_;
    }
    index.stats();
    Stopwatch serialize_clock;
    std::string bytes = index.serialize();
    figures.serialize_s = serialize_clock.seconds();
    figures.build_s = clock.seconds();
    figures.bytes = bytes.size();
    if (refused_papers_ > 0) std::fprintf(stderr, "paperfeed: %llu papers refused\n", refused_papers_);

    Stopwatch load_clock;
    auto loaded = paperfeed::Index::load(std::move(bytes));
    figures.load_s = load_clock.seconds();
    if (!loaded) {
      std::fprintf(stderr, "paperfeed: the index does not load back: %s\n", loaded.error().to_string().c_str());
      return figures;
    }
    index_.emplace(std::move(*loaded));
    figures.documents = index_->size();
    searcher_.emplace(*index_);
    options_.limit = 10;
    options_.snippets = false;
    options_.facets = false;
    return figures;
  }

  Answer search(const BenchQuery& query) override {
    Answer answer;
    if (!searcher_) return answer;
    const paperfeed::Results results = searcher_->search(typed_text(query), options_);
    answer.total = results.total;
    for (const auto& hit : results.hits) answer.record_bytes += hit.paper.title.size() + hit.paper.abstract.size();
    answer.hits = results.hits.size();
    return answer;
  }

 private:
  unsigned long long refused_papers_ = 0;
  std::optional<paperfeed::Index> index_;
  std::optional<paperfeed::Searcher> searcher_;
  paperfeed::SearchOptions options_;
};

}  // namespace

std::unique_ptr<Engine> make_paperfeed_engine() { return std::make_unique<PaperfeedEngine>(); }

}  // namespace search_bench
