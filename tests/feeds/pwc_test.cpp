// pwc on recorded paperswithcode.com/api/v1 responses and a hand-made papers-with-abstracts dump.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::filesystem::path pwc_json(const std::string& name) { return test::corpus("paperswithcode_api/" + name); }

}  // namespace

TEST_CASE("pwc: a list page gives its 50 papers and the paging", "[pwc]") {
  const auto path = pwc_json("paper_list_response.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/paperswithcode_api is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::pwc);
  REQUIRE(r.papers.size() == 50);
  CHECK(r.report.rejected == 0);
  CHECK(r.report.total_results == 761618u);
  CHECK(r.report.next_page == "https://paperswithcode.com/api/v1/papers/?items_per_page=50&page=2");
  const auto arxiv = std::count_if(r.papers.begin(), r.papers.end(), [](const Paper& p) {
    return p.url.rfind("https://arxiv.org/abs/", 0) == 0;
  });
  CHECK(arxiv == 44);
  CHECK(r.papers[3].id == "cs/9301114");  // old-style arXiv ids
  CHECK(r.papers[3].title == "Theory and practice");
  CHECK(r.papers[3].published == "1991-11-01");
  const Paper& hopfield = r.papers[0];  // no arXiv id: identified by title, linked to the publisher
  CHECK(hopfield.id.rfind("title:", 0) == 0);
  CHECK(hopfield.title == "Neural networks and physical systems with emergent collective computational abilities");
  CHECK(hopfield.authors == std::vector<std::string>{"J J Hopfield"});
  CHECK(hopfield.url == "https://www.pnas.org/content/79/8/2554");
  CHECK(hopfield.pdf == "https://www.pnas.org/content/pnas/79/8/2554.full.pdf");
  const Paper& neal = r.papers[5];  // an abstract hard-wrapped with CRLF
  CHECK(neal.abstract.rfind("Connectionist learning procedures are presented for \"sigmoid\" and \"noisy-OR\" varieties of "
                            "probabilistic belief networks.",
                            0) == 0);
  CHECK(r.papers.back().id == "astro-ph/9603033");
  CHECK(r.papers.back().authors.size() == 2);
}

TEST_CASE("pwc: the GAN paper object", "[pwc]") {
  const auto path = pwc_json("paper_get_response.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/paperswithcode_api is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 1);
  const Paper& p = r.papers[0];
  CHECK(p.id == "1406.2661");
  CHECK(p.title == "Generative Adversarial Networks");
  CHECK(p.abstract.rfind("We propose a new framework for estimating generative models via an adversarial process", 0) == 0);
  REQUIRE(p.authors.size() == 8);
  CHECK(p.authors.front() == "Ian J. Goodfellow");
  CHECK(p.authors.back() == "Yoshua Bengio");
  CHECK(p.published == "2014-06-10");
  CHECK(p.url == "https://arxiv.org/abs/1406.2661");
  CHECK(p.pdf == "https://arxiv.org/pdf/1406.2661");
  CHECK(p.journal_ref.empty());  // "proceedings-of-the-27th-international" is a slug, not a venue
}

TEST_CASE("pwc: an empty task list is a list of no papers", "[pwc]") {
  const auto path = pwc_json("paper_task_list_response.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/paperswithcode_api is absent");
    return;
  }
  const auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  CHECK(r.report.format == Format::pwc);
  CHECK(r.papers.empty());
  CHECK(r.report.errors.empty());
  CHECK(r.report.total_results == 0u);
}

// Detection takes these {count, results} pages of non-papers for paper lists (it should call
// them unknown, as tests/feeds/corpora_test.cpp expects); read as pwc, each item is rejected.
TEST_CASE("pwc: method and result lists read as pwc reject every item", "[pwc]") {
  for (const char* name : {"paper_method_list_response.json", "paper_result_list.json"}) {
    const auto path = pwc_json(name);
    if (path.empty()) {
      SUCCEED("skipped: corpora/paperswithcode_api is absent");
      return;
    }
    INFO(name);
    ReadOptions forced;
    forced.format = Format::pwc;
    const auto r = test::read_path(path, forced);
    CHECK(r.report.ok());
    CHECK(r.papers.empty());
    CHECK(r.report.rejected == 2);
    CHECK(r.report.total_results == 2u);
  }
}

TEST_CASE("pwc: the papers-with-abstracts dump", "[pwc]") {
  const auto r = test::read_path(test::fixture("pwc-papers-with-abstracts.json"));
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::pwc);
  REQUIRE(r.papers.size() == 3);
  CHECK(r.report.errors.empty());
  const Paper& esn = r.papers[0];
  CHECK(esn.id == "1809.04455");
  CHECK(esn.title == "Graph Echo State Networks for Traffic Forecasting");
  CHECK(esn.abstract == "We forecast traffic with echo state networks whose reservoirs follow the road graph.");
  CHECK(esn.authors == std::vector<std::string>{"Lena Vogel", "Tomás Ruiz"});
  CHECK(esn.published == "2018-09-12");  // "date" in the dump
  CHECK(esn.journal_ref == "NeurIPS 2018");  // "NeurIPS 2018 12": the month dropped
  CHECK(esn.url == "https://arxiv.org/abs/1809.04455");
  CHECK(esn.keywords.empty());  // tasks are not read
  CHECK(r.papers[1].id == "2001.00777");  // from url_abs when arxiv_id is null
  CHECK(r.papers[1].journal_ref.empty());
  const Paper& soil = r.papers[2];
  CHECK(soil.id.rfind("title:", 0) == 0);
  CHECK(soil.url == "https://www.example-journal.org/article/10.1000/soil.2019.17");
  CHECK(soil.pdf == "https://www.example-journal.org/article/10.1000/soil.2019.17.pdf");
  CHECK(soil.journal_ref == "ICML 2019");
}
