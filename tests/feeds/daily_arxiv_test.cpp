#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

const char* kBotFolder = "daily_arxiv_bot/daily-arXiv-ai-enhanced";

std::vector<std::filesystem::path> bot_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("daily-arxiv: the 158 bot files give 45,570 records and 37,652 distinct ids", "[daily-arxiv]") {
  const auto folder = test::corpus(kBotFolder);
  if (folder.empty()) {
    SUCCEED("skipped: corpora absent");
    return;
  }
  const auto files = bot_files(folder);
  REQUIRE(files.size() == 158);
  std::uint64_t records = 0;
  std::set<std::string> ids;
  std::uint64_t with_comment = 0;
  for (const auto& file : files) {
    INFO(file.filename().string());
    auto r = test::read_path(file);
    REQUIRE(r.report.ok());
    REQUIRE(r.report.format == Format::daily_arxiv);
    CHECK(r.report.rejected == 0);
    CHECK(r.report.errors.empty());
    const std::string day = file.stem().string();
    for (const auto& p : r.papers) {
      ids.insert(p.id);
      with_comment += p.comment.empty() ? 0 : 1;
      CHECK(p.announced == day);
      CHECK(p.published.empty());
      CHECK(!p.title.empty());
      CHECK(!p.abstract.empty());
      CHECK(!p.categories.empty());
    }
    records += r.papers.size();
  }
  CHECK(records == 45570);
  CHECK(ids.size() == 37652);
  CHECK(with_comment == 45570 - 23567);
}

TEST_CASE("daily-arxiv: fields of real records", "[daily-arxiv]") {
  const auto folder = test::corpus(kBotFolder);
  if (folder.empty()) {
    SUCCEED("skipped: corpora absent");
    return;
  }
  auto r = test::read_path(folder / "2025-03-19.jsonl");
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 172);

  const Paper* acm = test::find(r.papers, "2503.13952");
  REQUIRE(acm != nullptr);
  CHECK(acm->categories == std::vector<std::string>{"cs.CV"});
  CHECK(acm->primary_category == "cs.CV");

  const Paper* art = test::find(r.papers, "2503.13531");
  REQUIRE(art != nullptr);
  CHECK(art->title == "Context-aware Multimodal AI Reveals Hidden Pathways in Five Centuries of Art Evolution");
  CHECK(art->authors == std::vector<std::string>{"Jin Kim", "Byunghwee Lee", "Taekho You", "Jinhyuk Yun"});
  CHECK(art->categories == std::vector<std::string>{"cs.CV", "cs.AI", "cs.CY", "cs.LG"});
  CHECK(art->comment ==
        "30 pages, 4 figures. Some example paintings are blurred to avoid potential copyright violations");
  CHECK(art->url == "https://arxiv.org/abs/2503.13531");
  CHECK(art->pdf == "https://arxiv.org/pdf/2503.13531");
  CHECK(art->abstract.rfind("The rise of multimodal generative AI is transforming the intersection of technology "
                            "and art, offering",
                            0) == 0);
  CHECK(art->announced == "2025-03-19");
  CHECK(art->sources.contains(Format::daily_arxiv));

  const Paper* accents = test::find(r.papers, "2503.13477");
  REQUIRE(accents != nullptr);
  CHECK(std::find(accents->authors.begin(), accents->authors.end(), "María Eugenia Guerrero") !=
        accents->authors.end());
}

TEST_CASE("daily-arxiv: streamed in 100-byte batches equals the whole-buffer read", "[daily-arxiv]") {
  const auto folder = test::corpus(kBotFolder);
  if (folder.empty()) {
    SUCCEED("skipped: corpora absent");
    return;
  }
  const auto path = folder / "2025-06-18.jsonl";
  const std::string text = test::slurp(path);
  ReadOptions whole_options;
  whole_options.file_name = path.string();
  std::vector<Paper> whole;
  const auto whole_report = read_feed(text, whole_options, [&](Paper&& p) { whole.push_back(std::move(p)); });
  ReadOptions tiny;
  tiny.stream_batch_bytes = 100;
  const auto streamed = test::read_path(path, tiny);
  REQUIRE(whole_report.ok());
  REQUIRE(streamed.report.ok());
  REQUIRE(!whole.empty());
  REQUIRE(streamed.papers.size() == whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    INFO("record " << i);
    CHECK(streamed.papers[i].id == whole[i].id);
    CHECK(streamed.papers[i].title == whole[i].title);
    CHECK(streamed.papers[i].abstract == whole[i].abstract);
    CHECK(streamed.papers[i].authors == whole[i].authors);
    CHECK(streamed.papers[i].categories == whole[i].categories);
    CHECK(streamed.papers[i].comment == whole[i].comment);
    CHECK(streamed.papers[i].announced == "2025-06-18");
  }
}

TEST_CASE("daily-arxiv: hand-made lines; the date comes from the file name", "[daily-arxiv]") {
  auto r = test::read_path(test::fixture("daily-2025-03-19.jsonl"));
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::daily_arxiv);
  REQUIRE(r.papers.size() == 3);  // the duplicate line is kept: the Corpus merges
  CHECK(r.papers[0].id == r.papers[2].id);
  const Paper& p = r.papers[1];
  CHECK(p.id == "2503.13952");
  CHECK(p.categories == std::vector<std::string>{"cs.CV"});
  CHECK(p.title == "$D^2LoRA$: Data-Driven LoRA");
  CHECK(p.comment.empty());
  CHECK(p.announced == "2025-03-19");
  CHECK(p.published.empty());

  // Without a date in the name, nothing is invented.
  const auto unnamed = test::read_text(test::slurp(test::fixture("daily-2025-03-19.jsonl")), std::nullopt, "bot.jsonl");
  REQUIRE(unnamed.papers.size() == 3);
  CHECK(unnamed.papers[0].announced.empty());
  const auto dated = test::read_text(test::slurp(test::fixture("daily-2025-03-19.jsonl")), std::nullopt,
                                     "/data/2025-13-01/run-2025-12-30_AI_enhanced.jsonl");
  REQUIRE(dated.papers.size() == 3);
  CHECK(dated.papers[0].announced == "2025-12-30");
}
