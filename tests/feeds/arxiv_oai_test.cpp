#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

const char* kKaggle = "kaggle_arxiv_snapshot/aguengoer_test_data_100.json";

/** The Kaggle sample (one compact JSON array, records separated by ",\n") as JSON lines. */
std::string array_to_lines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  REQUIRE(text.front() == '[');
  REQUIRE(text.substr(text.size() - 1) == "]");
  text = text.substr(1, text.size() - 2);
  std::string out;
  std::size_t start = 0;
  for (std::size_t at = text.find("},\n{"); at != std::string::npos; at = text.find("},\n{", start)) {
    out += text.substr(start, at + 1 - start) + "\n";
    start = at + 3;
  }
  return out + text.substr(start) + "\n";
}

/** The fields the mapping fills, for comparing two readings of the same records. */
bool same_record(const Paper& a, const Paper& b) {
  return a.id == b.id && a.title == b.title && a.abstract == b.abstract && a.authors == b.authors &&
         a.categories == b.categories && a.published == b.published && a.updated == b.updated &&
         a.comment == b.comment && a.journal_ref == b.journal_ref && a.doi == b.doi && a.license == b.license &&
         a.sources == b.sources;
}

}  // namespace

TEST_CASE("arxiv-oai: the Kaggle snapshot sample gives its 127 records", "[arxiv-oai]") {
  const auto path = test::corpus(kKaggle);
  if (path.empty()) {
    SUCCEED("skipped: corpora absent");
    return;
  }
  auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::arxiv_oai);
  REQUIRE(r.papers.size() == 127);
  CHECK(r.report.rejected == 0);
  CHECK(r.report.errors.empty());
  CHECK(r.papers.front().id == "0704.0002");
  CHECK(r.papers.back().id == "0704.0128");

  const Paper* p = test::find(r.papers, "0704.0002");
  REQUIRE(p != nullptr);
  CHECK(p->title == "Sparsity-certifying Graph Decompositions");
  CHECK(p->authors == std::vector<std::string>{"Ileana Streinu", "Louis Theran"});
  CHECK(p->categories == std::vector<std::string>{"math.CO", "cs.CG"});
  CHECK(p->primary_category == "math.CO");
  CHECK(p->published == "2007-03-31");
  CHECK(p->updated == "2008-12-13");
  CHECK(p->comment == "To appear in Graphs and Combinatorics");
  CHECK(p->license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
  CHECK(p->doi.empty());
  CHECK(p->journal_ref.empty());
  CHECK(p->abstract.rfind("We describe a new algorithm, the $(k,\\ell)$-pebble game with colors, and use it", 0) == 0);
  CHECK(p->abstract.back() == '.');
  CHECK(p->sources.contains(Format::arxiv_oai));

  // authors_parsed already carries decoded accents; the TeX of "authors" is not used then.
  const Paper* frenkel = test::find(r.papers, "0704.0028");
  REQUIRE(frenkel != nullptr);
  CHECK(frenkel->authors == std::vector<std::string>{"Péter E. Frenkel"});
  CHECK(frenkel->journal_ref == "Math. Res. Lett. 15 (2008), no. 2, 351--358");
  CHECK(frenkel->published == "2007-04-02");
  CHECK(frenkel->updated == "2008-02-26");
  const Paper* obro = test::find(r.papers, "0704.0049");
  REQUIRE(obro != nullptr);
  CHECK(obro->authors == std::vector<std::string>{"Mikkel Øbro"});
  CHECK(obro->published == "2007-04-02");
  CHECK(obro->updated == "2007-04-02");

  const Paper* swift = test::find(r.papers, "0704.0128");
  REQUIRE(swift != nullptr);
  CHECK(swift->doi == "10.1051/0004-6361:20077530");
  CHECK(swift->authors.size() == 15);
  CHECK(swift->authors[6] == "P. T. O'Brien");

  std::size_t with_doi = 0;
  for (const auto& paper : r.papers) with_doi += paper.doi.empty() ? 0 : 1;
  CHECK(with_doi == 66);
}

TEST_CASE("arxiv-oai: the sample as JSON lines, streamed in 100-byte batches, gives the same records",
          "[arxiv-oai]") {
  const auto path = test::corpus(kKaggle);
  if (path.empty()) {
    SUCCEED("skipped: corpora absent");
    return;
  }
  const std::string array = test::slurp(path);
  const std::string lines = array_to_lines(array);
  const auto whole_array = test::read_text(array);
  const auto whole_lines = test::read_text(lines);
  const auto jsonl = test::write_temp("paperfeed-oai-sample.jsonl", lines);
  ReadOptions tiny;
  tiny.stream_batch_bytes = 100;
  const auto streamed = test::read_path(jsonl, tiny);
  std::filesystem::remove(jsonl);

  REQUIRE(whole_lines.report.format == Format::arxiv_oai);
  REQUIRE(streamed.report.ok());
  REQUIRE(streamed.report.format == Format::arxiv_oai);
  CHECK(streamed.report.bytes == lines.size());
  REQUIRE(whole_array.papers.size() == 127);
  REQUIRE(whole_lines.papers.size() == 127);
  REQUIRE(streamed.papers.size() == 127);
  for (std::size_t i = 0; i < 127; ++i) {
    INFO("record " << i << ": " << whole_array.papers[i].id);
    CHECK(same_record(whole_array.papers[i], whole_lines.papers[i]));
    CHECK(same_record(whole_array.papers[i], streamed.papers[i]));
  }
}

TEST_CASE("arxiv-oai: hand-made snapshot lines", "[arxiv-oai]") {
  auto r = test::read_path(test::fixture("oai-snapshot.jsonl"));
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::arxiv_oai);
  REQUIRE(r.papers.size() == 3);
  CHECK(r.report.rejected == 0);

  SECTION("an old-style id, three versions, a suffix in authors_parsed") {
    const Paper& p = r.papers[0];
    CHECK(p.id == "hep-th/9901001");
    CHECK(p.title == "An old-style identifier");
    CHECK(p.abstract == "An abstract that is hard-wrapped as on arXiv.");
    CHECK(p.authors == std::vector<std::string>{"A. Author", "B. Bauthor Jr"});
    CHECK(p.categories == std::vector<std::string>{"hep-th", "hep-ph"});
    CHECK(p.published == "1999-01-01");
    CHECK(p.updated == "1999-03-02");
    CHECK(p.comment == "12 pages, 2 figures");
    CHECK(p.journal_ref == "Phys. Rev. D 60 (1999) 1");
    CHECK(p.doi == "10.1103/PhysRevD.60.000001");
    CHECK(p.license.empty());
  }
  SECTION("no authors_parsed: the authors string is split, TeX accents decoded; no versions: update_date") {
    const Paper& p = r.papers[1];
    CHECK(p.id == "0704.0028");
    CHECK(p.authors == std::vector<std::string>{"Péter E. Frenkel", "Mikkel Øbro"});
    CHECK(p.categories == std::vector<std::string>{"math.CA"});
    CHECK(p.published.empty());
    CHECK(p.updated == "2014-07-31");
    CHECK(p.comment.empty());
  }
  SECTION("a versioned id loses its version; missing keys stay empty") {
    const Paper& p = r.papers[2];
    CHECK(p.id == "2411.02327");
    CHECK(p.abstract.empty());
    CHECK(p.authors.empty());
    CHECK(p.published == "2024-11-04");
    CHECK(p.updated == "2024-11-04");
  }
}
