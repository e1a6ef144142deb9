// hf-daily on the real /api/daily_papers archive (186 days) and on hand-made responses of
// /api/papers/{id} and /api/papers/search.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "paperfeed/normalize.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

/** The day files of the archive, in name order; empty when the corpora are absent. */
std::vector<std::filesystem::path> day_files() {
  std::vector<std::filesystem::path> files;
  const auto dir = test::corpus("hf_daily_papers/api_daily_papers");
  if (dir.empty() || !std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("hf-daily: the 186 archived days give 3259 papers, none rejected", "[hf-daily]") {
  const auto files = day_files();
  if (files.empty()) {
    SUCCEED("skipped: corpora/hf_daily_papers is absent");
    return;
  }
  REQUIRE(files.size() == 186);
  std::uint64_t records = 0, rejected = 0, authors = 0, with_github = 0, with_stars = 0, with_keywords = 0;
  std::uint64_t with_announced = 0;
  for (const auto& file : files) {
    const auto r = test::read_path(file);
    INFO(file.filename().string());
    REQUIRE(r.report.ok());
    REQUIRE(r.report.format == Format::hf_daily);
    CHECK(r.report.errors.empty());
    records += r.report.records;
    rejected += r.report.rejected;
    for (const auto& p : r.papers) {
      authors += p.authors.size();
      with_github += !p.github.empty();
      with_stars += p.stars.has_value();
      with_keywords += !p.keywords.empty();
      with_announced += !p.announced.empty();
      CHECK(p.sources.contains(Format::hf_daily));
      CHECK(p.title.find('\n') == std::string::npos);
    }
  }
  CHECK(records == 3259);
  CHECK(rejected == 0);
  CHECK(authors == 34129);  // hidden authors included
  CHECK(with_github == 1240);
  CHECK(with_stars == 985);
  CHECK(with_keywords == 2177);  // 2182 lists, 5 of them [""]
  CHECK(with_announced == 3259);
}

TEST_CASE("hf-daily: every field of 2608.16590 on 2026-08-20", "[hf-daily]") {
  const auto path = test::corpus("hf_daily_papers/api_daily_papers/2026-08-20.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/hf_daily_papers is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 15);
  const Paper* p = test::find(r.papers, "2608.16590");
  REQUIRE(p != nullptr);
  CHECK(p->title == "Zetta ζ: An Efficient Closed-Loop Embodied Harness for Self-Evolving Physical Intelligence");
  CHECK(p->abstract.rfind("Embodied agents are increasingly used to close the gap", 0) == 0);
  REQUIRE(p->authors.size() == 15);
  CHECK(p->authors.front() == "Xin Ding");
  CHECK(p->authors.back() == "Ting Cao");
  CHECK(p->published == "2026-08-17");   // paper.publishedAt: the arXiv date
  CHECK(p->announced == "2026-08-20");   // paper.submittedOnDailyAt, not the item's 2026-08-16T20:00
  CHECK(p->upvotes == 92);
  CHECK(p->comments == 1);
  CHECK(p->github == "https://github.com/air-embodied-brain/Zetta-Embodiment");
  CHECK(p->stars == 152);
  CHECK(p->project_page == "https://air-embodied-brain.github.io/zetta/");
  REQUIRE(p->keywords.size() == 11);
  CHECK(p->keywords.front() == "closed-loop embodied harness");
  CHECK(p->keywords[6] == "Z-Infra");
  CHECK(p->keywords.back() == "zero-shot skill transfer");
  CHECK(p->ai_summary.rfind("Zetta is a closed-loop embodied harness that evolves runtime critics", 0) == 0);
  CHECK(p->url == "https://arxiv.org/abs/2608.16590");
  CHECK(p->categories.empty());
  CHECK_FALSE(p->citations.has_value());
}

TEST_CASE("hf-daily: before submittedOnDailyAt existed, the item's publishedAt is the day announced",
          "[hf-daily]") {
  const auto path = test::corpus("hf_daily_papers/api_daily_papers/2024-05-27.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/hf_daily_papers is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.papers.size() == 13);
  const Paper* p = test::find(r.papers, "2405.15738");
  REQUIRE(p != nullptr);
  CHECK(p->title == "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models");
  CHECK(p->published == "2024-05-24");
  CHECK(p->announced == "2024-05-27");
  CHECK(p->upvotes == 32);
  CHECK(p->comments == 3);
  CHECK(p->github.empty());
  CHECK_FALSE(p->stars.has_value());
}

// The item's "title" and paper.title are the same line once cleaned, except for 7 papers whose
// paper.title Hugging Face stripped of LaTeX; the record keeps the item's, arXiv's own.
TEST_CASE("hf-daily: item title and folded paper.title clean alike; bare paper objects read the same",
          "[hf-daily]") {
  const auto files = day_files();
  if (files.empty()) {
    SUCCEED("skipped: corpora/hf_daily_papers is absent");
    return;
  }
  std::uint64_t items = 0, same = 0, bare_records = 0;
  std::vector<std::string> differing;
  for (const auto& file : files) {
    INFO(file.filename().string());
    const std::string text = test::slurp(file);
    const auto doc = nlohmann::json::parse(text);
    const auto wrapped = test::read_text(text, std::nullopt, file.string());
    REQUIRE(wrapped.papers.size() == doc.size());
    nlohmann::json bare = nlohmann::json::array();
    std::vector<std::string> bare_titles;
    for (std::size_t i = 0; i < doc.size(); ++i) {
      const std::string item_title = clean_title(doc[i]["title"].get<std::string>());
      const std::string paper_title = clean_title(doc[i]["paper"]["title"].get<std::string>());
      ++items;
      if (item_title == paper_title) {
        ++same;
      } else {
        differing.push_back(paper_title);
      }
      CHECK(wrapped.papers[i].title == item_title);
      bare_titles.push_back(paper_title);
      bare.push_back(doc[i]["paper"]);
    }
    // The same papers as /api/papers/{id} objects, without the items around them.
    const auto unwrapped = test::read_text(bare.dump(), Format::hf_daily, file.string());
    REQUIRE(unwrapped.report.ok());
    REQUIRE(unwrapped.papers.size() == wrapped.papers.size());
    bare_records += unwrapped.papers.size();
    for (std::size_t i = 0; i < wrapped.papers.size(); ++i) {
      const Paper& a = wrapped.papers[i];
      const Paper& b = unwrapped.papers[i];
      CHECK(a.id == b.id);
      CHECK(b.title == bare_titles[i]);
      CHECK(a.abstract == b.abstract);
      CHECK(a.authors == b.authors);
      CHECK(a.published == b.published);
      CHECK(a.upvotes == b.upvotes);
      CHECK(a.stars == b.stars);
      CHECK(a.keywords == b.keywords);
      CHECK_FALSE(b.comments.has_value());  // numComments belongs to the item
    }
  }
  CHECK(items == 3259);
  CHECK(bare_records == 3259);
  CHECK(same == 3252);
  REQUIRE(differing.size() == 7);
  CHECK(std::count(differing.begin(), differing.end(),
                   "μLO: Compute-Efficient Meta-Generalization of Learned Optimizers") == 1);
  CHECK(std::count(differing.begin(), differing.end(),
                   "LLMtimesMapReduce: Simplified Long-Sequence Processing using Large Language Models") == 1);
}

TEST_CASE("hf-daily: the LaTeX that paper.title lost is kept from the item's title", "[hf-daily]") {
  const auto path = test::corpus("hf_daily_papers/api_daily_papers/2024-06-04.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/hf_daily_papers is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  const auto it = std::find_if(r.papers.begin(), r.papers.end(),
                               [](const Paper& p) { return p.title.find("LO: Compute-Efficient") != std::string::npos; });
  REQUIRE(it != r.papers.end());
  CHECK(it->title == "$μ$LO: Compute-Efficient Meta-Generalization of Learned Optimizers");
}

TEST_CASE("hf-daily: one /api/papers/{id} object, nulls read as unknown", "[hf-daily]") {
  const auto r = test::read_path(test::fixture("hf-paper.json"));
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::hf_daily);
  REQUIRE(r.papers.size() == 1);
  CHECK(r.report.errors.empty());
  const Paper& p = r.papers[0];
  CHECK(p.id == "2407.01234");
  CHECK(p.title == "Seeing Is Not Enough: Grounded Reasoning in Multimodal Models");
  CHECK(p.abstract ==
        "Multimodal models describe images well but reason about them poorly. We introduce a benchmark of 1,200 "
        "grounded questions and show that $k$-step prompting closes half of the gap.");
  CHECK(p.authors == std::vector<std::string>{"Ana Lima", "Bo Chen", "Jörg Müller"});  // Bo Chen is hidden
  CHECK(p.published == "2024-06-30");
  CHECK(p.announced == "2024-07-02");
  CHECK(p.upvotes == 17);
  CHECK_FALSE(p.comments.has_value());
  CHECK(p.github == "https://github.com/analima/grounded-reasoning");
  CHECK(p.stars == 41);
  CHECK(p.project_page.empty());
  CHECK(p.keywords == std::vector<std::string>{"grounded reasoning", "multimodal models", "k-step prompting"});
  CHECK(p.ai_summary == "A benchmark of grounded questions shows that multimodal models reason poorly about images.");
}

TEST_CASE("hf-daily: /api/papers/search items, versioned ids and null lists", "[hf-daily]") {
  const auto r = test::read_path(test::fixture("hf-search.json"));
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::hf_daily);
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[0].id == "2311.05678");
  CHECK(r.papers[0].title == "Sparse Mixtures of Adapters for Continual Learning");
  CHECK(r.papers[0].announced == "2023-11-10");
  CHECK(r.papers[0].comments == 2);
  CHECK(r.papers[1].id == "2402.00042");
  CHECK(r.papers[1].title == "$\\mu$P Transfer at Scale");
  CHECK(r.papers[1].upvotes == 0);
  CHECK(r.papers[1].github.empty());
  CHECK(r.papers[1].keywords.empty());
}
