// s2 on the Graph API objects of the semanticscholar client's test data, and on hand-made
// search, bulk-search, citation and batch responses.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::filesystem::path s2_json(const std::string& name) { return test::corpus("semantic_scholar_api/json/" + name); }

}  // namespace

TEST_CASE("s2: Turing's paper is one record; its 1000 citations and 14 references are not", "[s2]") {
  const auto path = s2_json("Paper.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/semantic_scholar_api is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::s2);
  REQUIRE(r.papers.size() == 1);
  CHECK(r.report.rejected == 0);
  CHECK(r.report.errors.empty());
  const Paper& p = r.papers[0];
  CHECK(p.id == "doi:10.1093/mind/lix.236.433");
  CHECK(p.doi == "10.1093/MIND/LIX.236.433");
  CHECK(p.title == "Computing Machinery and Intelligence");
  CHECK(p.abstract.rfind("I propose to consider the question, “Can machines think?”", 0) == 0);
  CHECK(p.authors == std::vector<std::string>{"A. Turing"});
  CHECK(p.published == "1950-10-01");
  CHECK(p.citations == 10059);
  CHECK(p.journal_ref == "Mind LIX, 433-460");
  CHECK(p.url == "https://www.semanticscholar.org/paper/2d5673caa9e6af3a7b82a43f19ee920992db07ad");
  CHECK(p.pdf.empty());          // openAccessPdf is null
  CHECK(p.categories.empty());   // fieldsOfStudy are no arXiv categories
  CHECK(p.sources.contains(Format::s2));
}

TEST_CASE("s2: an author's 60 papers, 26 of them without an abstract", "[s2]") {
  const auto path = s2_json("Author.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/semantic_scholar_api is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 60);
  CHECK(r.report.rejected == 0);
  // Every paper has a title, so the 26 whose abstract is null are still records.
  CHECK(std::count_if(r.papers.begin(), r.papers.end(), [](const Paper& p) { return p.abstract.empty(); }) == 26);
  CHECK(std::count_if(r.papers.begin(), r.papers.end(), [](const Paper& p) { return !p.doi.empty(); }) == 32);
  CHECK(std::count_if(r.papers.begin(), r.papers.end(), [](const Paper& p) { return p.id.rfind("doi:", 0) == 0; }) == 32);
  CHECK(std::count_if(r.papers.begin(), r.papers.end(), [](const Paper& p) { return p.id.rfind("title:", 0) == 0; }) == 28);
  // 33 have a publicationDate, 26 only a year, one neither.
  CHECK(std::count_if(r.papers.begin(), r.papers.end(), [](const Paper& p) { return p.published.size() == 10; }) == 33);
  CHECK(std::count_if(r.papers.begin(), r.papers.end(), [](const Paper& p) { return p.published.size() == 4; }) == 26);
  std::size_t authors = 0;
  for (const auto& p : r.papers) authors += p.authors.size();
  CHECK(authors == 138);
  CHECK(r.papers[0].title == "Dystopian or Utopian? Two Images of Alan Turing");
  CHECK(r.papers[0].published == "2022");
  CHECK(r.papers[1].doi == "10.1016/b978-044450423-4/50007-3");
  CHECK(r.papers[1].pdf ==
        "https://pure.mpg.de/pubman/item/item_2403325_2/component/file_2403324/Turing_1939_Sysyems.pdf");
  CHECK(r.papers[1].journal_ref == "Alan Turing's Systems of Logic");
}

TEST_CASE("s2: citation and reference items are unwrapped", "[s2]") {
  const auto citation = s2_json("Citation.json");
  if (citation.empty()) {
    SUCCEED("skipped: corpora/semantic_scholar_api is absent");
    return;
  }
  const auto citing = test::read_path(citation);
  REQUIRE(citing.report.ok());
  REQUIRE(citing.papers.size() == 1);
  CHECK(citing.papers[0].id == "doi:10.1109/lra.2022.3229266");
  CHECK(citing.papers[0].title == "Learning to Throw With a Handful of Samples Using Decision Transformers");
  CHECK(citing.papers[0].published == "2023-02-01");
  CHECK(citing.papers[0].journal_ref == "IEEE Robotics and Automation Letters 8, 576-583");

  const auto cited = test::read_path(s2_json("Reference.json"));
  REQUIRE(cited.report.ok());
  REQUIRE(cited.papers.size() == 1);
  const Paper& p = cited.papers[0];
  CHECK(p.id == "1402.0030");
  CHECK(p.title == "Neural Variational Inference and Learning in Belief Networks");
  CHECK(p.url == "https://arxiv.org/abs/1402.0030");  // the arXiv page, not Semantic Scholar's
  CHECK(p.citations == 707);
  CHECK(p.journal_ref == "International Conference on Machine Learning");
}

TEST_CASE("s2: a paper of nulls is rejected without a crash", "[s2]") {
  const auto path = s2_json("PaperWithNullValues.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/semantic_scholar_api is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  CHECK(r.papers.empty());
  CHECK(r.report.rejected == 1);
  REQUIRE(r.report.errors.size() == 1);
  CHECK(r.report.errors[0].code == ErrorCode::missing_field);
}

TEST_CASE("s2: dataset and release metadata are no paper feed", "[s2]") {
  for (const char* name : {"Dataset.json", "DatasetDiff.json", "Release.json"}) {
    const auto path = s2_json(name);
    if (path.empty()) {
      SUCCEED("skipped: corpora/semantic_scholar_api is absent");
      return;
    }
    INFO(name);
    const auto r = test::read_path(path);
    CHECK(r.report.fatal.code == ErrorCode::unknown_format);
    CHECK(r.papers.empty());
  }
}

TEST_CASE("s2: a search page with paging, [PDF] titles and arXiv ids", "[s2]") {
  const auto r = test::read_path(test::fixture("s2-search.json"));
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::s2);
  CHECK(r.report.total_results == 3u);
  CHECK(r.report.start_index == 0u);
  CHECK(r.report.next_page == "2");
  REQUIRE(r.papers.size() == 2);
  const Paper& arxiv = r.papers[0];
  CHECK(arxiv.id == "2106.01234");
  CHECK(arxiv.title == "Low-Rank Updates for Large Models");
  CHECK(arxiv.abstract == "We freeze the weights and learn a low-rank update.");
  CHECK(arxiv.authors == std::vector<std::string>{"Wen Li", "Omar Haddad"});
  CHECK(arxiv.doi == "10.48550/arXiv.2106.01234");
  CHECK(arxiv.url == "https://arxiv.org/abs/2106.01234");
  CHECK(arxiv.pdf == "https://arxiv.org/pdf/2106.01234");
  CHECK(arxiv.journal_ref.empty());  // "ArXiv" and "arXiv.org" are no journal
  CHECK(arxiv.citations == 812);
  const Paper& other = r.papers[1];
  CHECK(other.id.rfind("title:", 0) == 0);
  CHECK(other.abstract.empty());
  CHECK(other.published == "2019");  // no publicationDate: the year
  CHECK(other.journal_ref == "Neural Information Processing Systems");
  CHECK(other.url == "https://www.semanticscholar.org/paper/a1b2c3d4e5f60718293a4b5c6d7e8f9001122334");
  CHECK(other.citations == 0);
}

TEST_CASE("s2: a bulk page is paged by token", "[s2]") {
  const auto r = test::read_path(test::fixture("s2-bulk.json"));
  REQUIRE(r.report.ok());
  CHECK(r.report.total_results == 70499u);
  CHECK(r.report.next_page == "PCOA3RZZB2ADADAEYCAY2BQYCA");
  CHECK_FALSE(r.report.start_index.has_value());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[1].title == "Quantum theory, the Church–Turing principle");
}

TEST_CASE("s2: a citations page unwraps citingPaper", "[s2]") {
  const auto r = test::read_path(test::fixture("s2-citations.json"));
  REQUIRE(r.report.ok());
  CHECK(r.report.next_page == "1");
  REQUIRE(r.papers.size() == 1);
  CHECK(r.papers[0].id == "doi:10.1109/lra.2022.0000001");
  CHECK(r.papers[0].authors == std::vector<std::string>{"M. Rossi"});
}

TEST_CASE("s2: a batch answer's null (an unknown id) is rejected, the others load", "[s2]") {
  const auto r = test::read_path(test::fixture("s2-batch.json"));
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[0].id == "1706.03762");
  CHECK(r.papers[0].published == "2017");
  CHECK(r.papers[1].id == "1810.04805");
  REQUIRE(r.report.errors.size() == 1);
  CHECK(r.report.errors[0].message == "expected an object for a record, got null");
  CHECK(r.report.errors[0].line == 4);
}
