#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace paperfeed;

using Strings = std::vector<std::string>;

TEST_CASE("arxiv-oaipmh: the oai_dc pages give 1000, 1000 and 358 records", "[arxiv-oaipmh]") {
  const auto dir = test::corpus("arxiv_oai_pmh");
  if (dir.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  struct Page {
    const char* file;
    std::size_t records;
    std::uint64_t cursor;
    const char* token;
  };
  const Page pages[] = {
      {"thomasrobertson_oai_dc_cs_2021-03_request1.xml", 1000, 0, "6965856|1001"},
      {"thomasrobertson_oai_dc_cs_2021-03_request2.xml", 1000, 1000, "6965856|2001"},
      {"thomasrobertson_oai_dc_cs_2021-03_request3.xml", 358, 2000, ""},
  };
  std::set<std::string> ids;
  for (const Page& page : pages) {
    INFO(page.file);
    auto r = test::read_path(dir / page.file);
    REQUIRE(r.report.ok());
    CHECK(r.report.format == Format::arxiv_oaipmh);
    CHECK(r.papers.size() == page.records);
    CHECK(r.report.rejected == 0);
    CHECK(r.report.errors.empty());
    CHECK(r.report.total_results == 2358u);
    CHECK(r.report.start_index == page.cursor);
    CHECK(r.report.next_page == page.token);
    for (const auto& p : r.papers) {
      INFO(p.id);
      ids.insert(p.id);
      CHECK(p.sources.contains(Format::arxiv_oaipmh));
      CHECK_FALSE(p.title.empty());
      CHECK_FALSE(p.abstract.empty());
      CHECK_FALSE(p.authors.empty());
      CHECK_FALSE(p.categories.empty());
      CHECK(p.published.size() == 10);
      CHECK(p.updated.size() == 10);
      CHECK(p.url == "http://arxiv.org/abs/" + p.id);
      CHECK(p.abstract.rfind("Comment:", 0) != 0);
    }
  }
  CHECK(ids.size() == 2358);
}

TEST_CASE("arxiv-oaipmh: fields of oai_dc records", "[arxiv-oaipmh]") {
  const auto path = test::corpus("arxiv_oai_pmh/thomasrobertson_oai_dc_cs_2021-03_request1.xml");
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  auto r = test::read_path(path);
  REQUIRE(r.papers.size() == 1000);

  const Paper& first = r.papers.front();
  CHECK(first.id == "0912.0228");
  CHECK(first.title == "Answering Hilbert's 1st Problem");
  CHECK(first.authors == Strings{"Charles Sauerbier"});
  CHECK(first.categories == Strings{"cs.LO"});  // the MSC subject 03E17 is dropped
  CHECK(first.primary_category == "cs.LO");
  CHECK(first.abstract.rfind("Hilbert's first problem is of importance", 0) == 0);
  CHECK(first.abstract.find("\"will and representation\" born.") != std::string::npos);
  CHECK(first.comment ==
        "7 pages, 0 figures; full revision of content to address critiques; along with numerous complaints as to "
        "\"style\", \"quality\", and other nonsense arising of opinion");
  CHECK(first.published == "2009-12-01");
  CHECK(first.updated == "2021-03-26");

  const Paper* brent = test::find(r.papers, "1004.3608");
  REQUIRE(brent != nullptr);
  CHECK(brent->authors == Strings{"Richard P. Brent"});
  CHECK(brent->categories == Strings{"cs.CC", "math.NA"});  // MSC and ACM subjects dropped
  CHECK(brent->doi.empty());
  CHECK(brent->journal_ref ==
        "The Complexity of Computational Problem Solving (edited by R. S. Anderssen and R. P. Brent), University of "
        "Queensland Press, Brisbane, 1976, 126-165");

  const Paper* parag = test::find(r.papers, "1006.2403");
  REQUIRE(parag != nullptr);
  CHECK(parag->title == "On the Queueing Behavior of Random Codes over a Gilbert-Elliot Erasure Channel");
  CHECK(parag->authors ==
        Strings{"Parimal Parag", "Jean-Francois Chamberland", "Henry D. Pfister", "Krishna R. Narayanan"});
  CHECK(parag->categories == Strings{"cs.IT"});
  CHECK(parag->comment == "5 pages, 4 figures, conference");
  CHECK(parag->doi == "10.1109/ISIT.2010.5513296");
  CHECK(parag->published == "2010-06-11");
  CHECK(parag->updated == "2010-06-11");
}

TEST_CASE("arxiv-oaipmh: the arXiv metadata format", "[arxiv-oaipmh]") {
  const auto path = test::corpus("arxiv_oai_pmh/shishir167_oai_arXivformat_cs_2016.xml");
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  CHECK(r.report.format == Format::arxiv_oaipmh);
  CHECK(r.papers.size() == 1000);
  CHECK(r.report.rejected == 0);
  CHECK(r.report.errors.empty());
  CHECK(r.report.total_results == 102133u);
  CHECK(r.report.start_index == 0u);
  CHECK(r.report.next_page == "1114880|1001");
  for (const auto& p : r.papers) {
    INFO(p.id);
    CHECK_FALSE(p.title.empty());
    CHECK_FALSE(p.authors.empty());
    REQUIRE_FALSE(p.categories.empty());
    CHECK(p.categories.front() == p.primary_category);
    CHECK(p.published.size() == 10);
  }

  const Paper& first = r.papers.front();
  CHECK(first.id == "0704.0002");
  CHECK(first.title == "Sparsity-certifying Graph Decompositions");
  CHECK(first.authors == Strings{"Ileana Streinu", "Louis Theran"});
  CHECK(first.categories == Strings{"math.CO", "cs.CG"});
  CHECK(first.primary_category == "math.CO");
  CHECK(first.published == "2007-03-30");
  CHECK(first.updated == "2008-12-13");
  CHECK(first.comment == "To appear in Graphs and Combinatorics");
  CHECK(first.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
  CHECK(first.abstract.rfind("We describe a new algorithm, the $(k,\\ell)$-pebble game with colors, and use it", 0) == 0);
  CHECK(first.doi.empty());

  const Paper* second = test::find(r.papers, "0704.0046");
  REQUIRE(second != nullptr);
  CHECK(second->authors == Strings{"I. Csiszar", "F. Hiai", "D. Petz"});
  CHECK(second->categories == Strings{"quant-ph", "cs.IT", "math.IT"});
  CHECK(second->journal_ref == "J. Math. Phys. 48(2007), 092102.");
  CHECK(second->doi == "10.1063/1.2779138");
  CHECK(second->updated.empty());  // one version: no <updated>
}

TEST_CASE("arxiv-oaipmh: arXivRaw records, deleted records and the header id", "[arxiv-oaipmh]") {
  auto r = test::read_path(test::fixture("arxiv-oaipmh-raw.xml"));
  REQUIRE(r.report.ok());
  CHECK(r.report.format == Format::arxiv_oaipmh);
  CHECK(r.report.total_results == 1005u);
  CHECK(r.report.start_index == 1000u);
  CHECK(r.report.next_page == "5555|2001");
  REQUIRE(r.papers.size() == 2);

  const Paper& raw = r.papers[0];
  CHECK(raw.id == "0704.0001");
  CHECK(raw.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies");
  CHECK(raw.authors == Strings{"C. Bal\u00e1zs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"});
  CHECK(raw.categories == Strings{"hep-ph"});
  CHECK(raw.published == "2007-04-02");
  CHECK(raw.updated == "2007-07-24");
  CHECK(raw.comment == "37 pages, 15 figures; published version");
  CHECK(raw.journal_ref == "Phys.Rev.D76:013009,2007");
  CHECK(raw.doi == "10.1103/PhysRevD.76.013009");
  CHECK(raw.abstract.rfind("A fully differential calculation", 0) == 0);

  const Paper& from_header = r.papers[1];
  CHECK(from_header.id == "math/0309136");
  CHECK(from_header.categories == Strings{"math.GT", "math.AG"});
  CHECK(from_header.published == "2003-09-08");
  CHECK(from_header.updated == "2003-09-08");

  CHECK(r.report.rejected == 2);
  REQUIRE(r.report.errors.size() == 3);
  CHECK(r.report.errors[0].code == ErrorCode::missing_field);
  CHECK(r.report.errors[0].message == "record oai:arXiv.org:0704.0099 is deleted; skipped");
  CHECK(r.report.errors[1].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[1].message == "expected a date for \"version date\", got \"sometime in spring\"");
  CHECK(r.report.errors[2].code == ErrorCode::missing_field);
  CHECK(r.report.errors[2].message ==
        "expected an arXiv id in the metadata or the header <identifier>, found neither");
}

TEST_CASE("arxiv-oaipmh: GetRecord and noRecordsMatch", "[arxiv-oaipmh]") {
  auto one = test::read_text(R"(<?xml version="1.0"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record>
<header><identifier>oai:arXiv.org:2101.00001</identifier></header>
<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>2101.00001</id><created>2021-01-01</created>
<authors><author><keyname>Smith</keyname><forenames>John</forenames><suffix>Jr</suffix></author></authors>
<title>One record</title><categories>cs.LG stat.ML</categories><abstract>Text.</abstract></arXiv></metadata>
</record></GetRecord></OAI-PMH>)");
  REQUIRE(one.report.ok());
  CHECK(one.report.format == Format::arxiv_oaipmh);
  REQUIRE(one.papers.size() == 1);
  CHECK(one.papers[0].authors == Strings{"John Smith Jr"});
  CHECK(one.papers[0].categories == Strings{"cs.LG", "stat.ML"});

  auto none = test::read_text(R"(<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<request verb="ListRecords">http://export.arxiv.org/oai2</request>
<error code="noRecordsMatch">The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.</error>
</OAI-PMH>)");
  CHECK(none.report.ok());
  CHECK(none.papers.empty());
  CHECK(none.report.errors.empty());
}
