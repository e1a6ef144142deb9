// Every file under ../shared/corpora, read through the public API, checked against the facts
// recorded in ../shared/corpora/SOURCES.md: formats, record counts, failures, field sanity.
// Skipped (with a message) when that folder is absent.

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "paperfeed/corpus.hpp"
#include "paperfeed/normalize.hpp"
#include "test_support.hpp"

using namespace paperfeed;
namespace fs = std::filesystem;

namespace {

/** What one file or folder of the corpora must give. */
struct Expectation {
  std::string path;                   // relative to corpora/, a file or a folder (all files below it)
  std::optional<Format> format;       // nullopt: not a feed (unknown_format)
  std::uint64_t records = 0;          // summed over the files
  std::uint64_t rejected = 0;
  std::size_t failed_files = 0;       // files whose report.fatal is set (other than unknown format)
  bool truncated = false;
};

const std::vector<Expectation>& expectations() {
  static const std::vector<Expectation> all = {
      {"hf-listing/hf-papers-page.txt", Format::hf_listing, 263},
      {"hf_daily_papers/api_daily_papers", Format::hf_daily, 3259},
      {"arxiv_api_atom/xml", Format::arxiv_atom, 34},
      // 233 entries, one of which is the API's error entry (id_abc): an error, not a paper.
      {"arxiv_api_atom/golden_json_wrapped", Format::arxiv_atom, 232, 0, 1},
      {"arxiv_rss_atom_listing", Format::arxiv_listing, 86, 0, 0, true},
      {"arxiv_oai_pmh", Format::arxiv_oaipmh, 3358},
      {"kaggle_arxiv_snapshot", Format::arxiv_oai, 127},
      {"daily_arxiv_bot", Format::daily_arxiv, 45570},
      {"semantic_scholar_api/json/Paper.json", Format::s2, 1},
      {"semantic_scholar_api/json/Author.json", Format::s2, 60},
      {"semantic_scholar_api/json/Citation.json", Format::s2, 1},
      {"semantic_scholar_api/json/Reference.json", Format::s2, 1},
      // paperId and nulls only: one record, rejected for having no title or abstract.
      {"semantic_scholar_api/json/PaperWithNullValues.json", Format::s2, 0, 1},
      {"semantic_scholar_api/json/Dataset.json", std::nullopt},
      {"semantic_scholar_api/json/DatasetDiff.json", std::nullopt},
      {"semantic_scholar_api/json/Release.json", std::nullopt},
      {"semantic_scholar_api/vcr_cassettes", std::nullopt},
      {"paperswithcode_api/paper_get_response.json", Format::pwc, 1},
      {"paperswithcode_api/paper_list_response.json", Format::pwc, 50},
      {"paperswithcode_api/paper_task_list_response.json", Format::pwc, 0},
      {"paperswithcode_api/paper_method_list_response.json", std::nullopt},
      {"paperswithcode_api/paper_result_list.json", std::nullopt},
      {"relevance_benchmarks", std::nullopt},
  };
  return all;
}

std::vector<fs::path> files_under(const fs::path& path) {
  std::vector<fs::path> files;
  if (fs::is_regular_file(path)) return {path};
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool valid_utf8(const std::string& s) {
  std::string copy = s;
  return repair_utf8(copy) == 0;
}

/** Field sanity of one record; returns the first problem found, or empty. */
std::string field_problem(const Paper& p) {
  static const std::regex iso_date(R"(\d{4}(-\d{2}(-\d{2})?)?)");
  static const std::regex arxiv_new(R"(\d{4}\.\d{4,5})");
  static const std::regex arxiv_old(R"([a-z-]+/\d{7})");
  if (p.id.empty()) return "empty id";
  if (p.title.empty() && p.abstract.empty()) return "no title and no abstract";
  if (p.id.rfind("doi:", 0) != 0 && p.id.rfind("title:", 0) != 0 && !std::regex_match(p.id, arxiv_new) &&
      !std::regex_match(p.id, arxiv_old)) {
    return "id is not a versionless arXiv id: " + p.id;
  }
  for (const std::string* text : {&p.title, &p.abstract}) {
    if (text->find('\n') != std::string::npos) return "line break left in " + *text;
    if (!text->empty() && (text->front() == ' ' || text->back() == ' ')) return "untrimmed: " + *text;
    if (!valid_utf8(*text)) return "invalid UTF-8";
  }
  for (const std::string* date : {&p.published, &p.updated, &p.announced}) {
    if (!date->empty() && !std::regex_match(*date, iso_date)) return "not an ISO date: " + *date;
  }
  for (const auto& c : p.categories) {
    if (!is_arxiv_category(c)) return "not an arXiv category: " + c;
  }
  if (!p.categories.empty() && p.primary_category != p.categories.front()) return "primary is not first";
  for (const auto& a : p.authors) {
    if (a.empty() || a.find('\n') != std::string::npos) return "bad author name '" + a + "'";
  }
  if (p.sources.empty()) return "no sources";
  return {};
}

}  // namespace

TEST_CASE("corpora: every real feed gives the records SOURCES.md documents", "[corpora]") {
  const fs::path root = test::corpus("");
  if (root.empty()) {
    WARN("skipped: ../shared/corpora is absent");
    return;
  }
  for (const Expectation& expect : expectations()) {
    SECTION(expect.path) {
      const auto files = files_under(root / expect.path);
      REQUIRE(!files.empty());
      std::uint64_t records = 0, rejected = 0;
      std::size_t failed = 0;
      bool truncated = false;
      for (const fs::path& file : files) {
        INFO(file.string());
        auto r = test::read_path(file);
        if (!expect.format) {
          CHECK(r.report.fatal.code == ErrorCode::unknown_format);
          CHECK(r.papers.empty());
          continue;
        }
        if (!r.report.ok()) ++failed;
        CHECK(r.report.format == expect.format);
        records += r.papers.size();
        rejected += r.report.rejected;
        truncated = truncated || r.report.truncated;
        CHECK(r.report.utf8_repairs == 0);
        for (const Paper& p : r.papers) {
          INFO(p.id);
          CHECK(field_problem(p).empty());
        }
      }
      CHECK(records == expect.records);
      CHECK(rejected == expect.rejected);
      CHECK(failed == expect.failed_files);
      CHECK(truncated == expect.truncated);
    }
  }
}

TEST_CASE("corpora: every file is covered by an expectation", "[corpora]") {
  const fs::path root = test::corpus("");
  if (root.empty()) {
    WARN("skipped: ../shared/corpora is absent");
    return;
  }
  std::set<fs::path> covered;
  for (const Expectation& expect : expectations()) {
    for (const auto& f : files_under(root / expect.path)) covered.insert(f);
  }
  for (const auto& f : files_under(root)) {
    if (f.filename() == "SOURCES.md" || f.parent_path().filename() == "archiver_artifacts") {
      continue;
    }
    INFO(f.string());
    CHECK(covered.count(f) == 1);
  }
}

TEST_CASE("corpora: the archiver's Python repr() dumps are refused with a clear message", "[corpora]") {
  const fs::path dir = test::corpus("hf_daily_papers/archiver_artifacts");
  if (dir.empty()) {
    WARN("skipped: ../shared/corpora is absent");
    return;
  }
  for (const fs::path& file : files_under(dir)) {
    INFO(file.string());
    auto r = test::read_path(file);
    CHECK_FALSE(r.report.ok());
    CHECK(r.papers.empty());
    CHECK(r.report.fatal.message.find("repr") != std::string::npos);
  }
}

TEST_CASE("corpora: the daily arXiv bot's 45,570 lines are 37,652 papers once merged", "[corpora]") {
  const fs::path dir = test::corpus("daily_arxiv_bot");
  if (dir.empty()) {
    WARN("skipped: ../shared/corpora is absent");
    return;
  }
  Corpus corpus;
  for (const fs::path& file : files_under(dir)) {
    read_feed_file(file.string(), {}, [&](Paper&& p) { corpus.add(std::move(p)); });
  }
  CHECK(corpus.size() == 37652);
  CHECK(corpus.duplicates_merged() == 45570 - 37652);
}

TEST_CASE("corpora: Hugging Face and arXiv records of one paper merge", "[corpora]") {
  const fs::path root = test::corpus("");
  if (root.empty()) {
    WARN("skipped: ../shared/corpora is absent");
    return;
  }
  Corpus corpus;
  std::map<Format, std::set<std::string>> ids;
  for (const char* dir : {"hf_daily_papers/api_daily_papers", "daily_arxiv_bot"}) {
    for (const fs::path& file : files_under(root / dir)) {
      read_feed_file(file.string(), {}, [&](Paper&& p) {
        ids[*p.sources.list().begin()].insert(p.id);
        corpus.add(std::move(p));
      });
    }
  }
  std::size_t both = 0;
  for (const auto& id : ids[Format::hf_daily]) both += ids[Format::daily_arxiv].count(id);
  REQUIRE(both > 0);
  CHECK(corpus.size() == ids[Format::hf_daily].size() + ids[Format::daily_arxiv].size() - both);
  std::size_t merged_with_both = 0;
  for (const Paper& p : corpus.papers()) {
    if (p.sources.contains(Format::hf_daily) && p.sources.contains(Format::daily_arxiv)) {
      ++merged_with_both;
      CHECK(p.upvotes.has_value());       // from Hugging Face
      CHECK(!p.categories.empty());       // from the arXiv bot
    }
  }
  CHECK(merged_with_both == both);
}
