#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace paperfeed;

using Strings = std::vector<std::string>;

TEST_CASE("arxiv-atom: legacy API responses give every entry", "[arxiv-atom]") {
  const auto dir = test::corpus("arxiv_api_atom/xml");
  if (dir.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  const std::map<std::string, std::size_t> expected = {
      {"arxivpy_2016_id_list_1111.2011v2.xml", 1},
      {"arxivpy_2016_search_query_au_del_maestro.xml", 10},
      {"arxivpy_2016_search_query_au_del_maestro_ANDNOT_28ti_checkerboard_OR_ti_Pyrochlore_29.xml", 10},
      {"arxivpy_2016_search_query_au_del_maestro_AND_ti_checkerboard.xml", 1},
      {"arxivpy_2016_search_query_au_del_maestro_AND_ti_quantum_criticality.xml", 2},
      {"thompijnenburg_2018_all_Einstein.xml", 10},
  };
  for (const auto& [name, count] : expected) {
    INFO(name);
    auto r = test::read_path(dir / name);
    REQUIRE(r.report.ok());
    CHECK(r.report.format == Format::arxiv_atom);
    CHECK(r.papers.size() == count);
    CHECK(r.report.rejected == 0);
    CHECK(r.report.errors.empty());
    CHECK_FALSE(r.report.truncated);
    CHECK(r.report.start_index == 0u);
    for (const auto& p : r.papers) {
      CHECK(p.sources.contains(Format::arxiv_atom));
      CHECK_FALSE(p.title.empty());
      CHECK_FALSE(p.abstract.empty());
      CHECK_FALSE(p.authors.empty());
      REQUIRE_FALSE(p.categories.empty());
      CHECK(p.categories.front() == p.primary_category);
      CHECK(p.published.size() == 10);
      CHECK(p.url.find("arxiv.org/abs/") != std::string::npos);
      CHECK(p.pdf.find("arxiv.org/pdf/") != std::string::npos);
    }
  }
}

TEST_CASE("arxiv-atom: every field of a legacy entry", "[arxiv-atom]") {
  const auto path = test::corpus("arxiv_api_atom/xml/arxivpy_2016_id_list_1111.2011v2.xml");
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  auto r = test::read_path(path);
  REQUIRE(r.papers.size() == 1);
  CHECK(r.report.total_results == 1u);
  const Paper& p = r.papers.front();
  CHECK(p.id == "1111.2011");
  CHECK(p.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit");
  CHECK(p.abstract.rfind("Theoretical description of anisotropic systems, such as layered superconductors and", 0) == 0);
  CHECK(p.abstract.back() == '.');
  CHECK(p.authors == Strings{"James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"});
  CHECK(p.categories == Strings{"cond-mat.str-el", "cond-mat.stat-mech"});
  CHECK(p.primary_category == "cond-mat.str-el");
  CHECK(p.published == "2011-11-08");
  CHECK(p.updated == "2012-04-02");
  CHECK(p.doi == "10.1103/PhysRevB.85.115117");
  CHECK(p.comment == "8 pages, 3 figures. Published version");
  CHECK(p.journal_ref == "Phys. Rev. B 85, 115117 (2012)");
  CHECK(p.url == "http://arxiv.org/abs/1111.2011v2");
  CHECK(p.pdf == "http://arxiv.org/pdf/1111.2011v2");
}

TEST_CASE("arxiv-atom: MSC code lists in <category> are not categories", "[arxiv-atom]") {
  const auto path = test::corpus("arxiv_api_atom/xml/thompijnenburg_2018_all_Einstein.xml");
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  auto r = test::read_path(path);
  REQUIRE(r.papers.size() == 10);
  const Paper* p = test::find(r.papers, "0808.2097");
  REQUIRE(p != nullptr);
  CHECK(p->categories == Strings{"math.DG", "math-ph", "math.MP"});
  CHECK(p->primary_category == "math.DG");
  CHECK(p->title == "A class of compact Poincare-Einstein manifolds: properties and construction");
  CHECK(p->comment == "28 pages");
  CHECK(p->authors == Strings{"A. Rod Gover", "Felipe Leitner"});
  for (const auto& paper : r.papers) {
    for (const auto& c : paper.categories) {
      INFO(paper.id << " " << c);
      CHECK(c.find_first_of(",;( ") == std::string::npos);
      CHECK_FALSE(std::isdigit(static_cast<unsigned char>(c.front())));
    }
  }
}

TEST_CASE("arxiv-atom: current API responses in their HTTP recordings", "[arxiv-atom]") {
  const auto dir = test::corpus("arxiv_api_atom/golden_json_wrapped");
  if (dir.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  std::size_t files = 0, records = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    const std::string name = file.path().filename().string();
    INFO(name);
    auto r = test::read_path(file.path());
    ++files;
    CHECK(r.report.format == Format::arxiv_atom);
    CHECK(r.report.rejected == 0);
    CHECK_FALSE(r.report.truncated);
    if (name.rfind("arxivpy_2026_id_abc_", 0) == 0) {
      CHECK(r.report.fatal.code == ErrorCode::api_error);
      CHECK(r.report.fatal.message == "arXiv API error: incorrect id format for abc");
      CHECK(r.report.http_status == 400);
      CHECK(r.papers.empty());
      continue;
    }
    CHECK(r.report.ok());
    CHECK(r.report.http_status == 200);
    CHECK(r.report.total_results.has_value());
    records += r.papers.size();
  }
  CHECK(files == 22);
  CHECK(records == 232);  // 233 entries, one of which is the API error
}

TEST_CASE("arxiv-atom: an old-style id with affiliations, comment and journal reference", "[arxiv-atom]") {
  const auto path =
      test::corpus("arxiv_api_atom/golden_json_wrapped/arxivpy_2026_id_astro-ph_0601001_s0_m100_3150dca9dc76.json");
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 1);
  const Paper& p = r.papers.front();
  CHECK(p.id == "astro-ph/0601001");
  CHECK(p.authors == Strings{"Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"});
  CHECK(p.categories == Strings{"astro-ph"});
  CHECK(p.primary_category == "astro-ph");
  CHECK(p.comment.rfind("62 pages including 16 figures and 9 tables.", 0) == 0);
  CHECK(p.journal_ref == "ActaAstron.56:1-50,2006");
  CHECK(p.published == "2006-01-02");
  CHECK(p.updated == "2006-01-02");
  CHECK(p.url == "https://arxiv.org/abs/astro-ph/0601001v1");
  CHECK(p.pdf == "https://arxiv.org/pdf/astro-ph/0601001v1");
  CHECK(p.doi.empty());
  // XML escapes in the summary come out decoded.
  CHECK(p.abstract.find("Gould & Morgan (2003)") != std::string::npos);
  CHECK(p.abstract.find("V_max<17.5") != std::string::npos);
}

TEST_CASE("arxiv-atom: paging state and empty results", "[arxiv-atom]") {
  const auto dir = test::corpus("arxiv_api_atom/golden_json_wrapped");
  if (dir.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  auto page = test::read_path(dir / "arxivpy_2026_q_testing_s10_m10_34e56e15aaac.json");
  REQUIRE(page.report.ok());
  CHECK(page.papers.size() == 10);
  CHECK(page.report.total_results == 214881u);
  CHECK(page.report.start_index == 10u);

  auto empty = test::read_path(dir / "arxivpy_2026_id_0000.0000_s0_m100_8b51d9633a68.json");
  CHECK(empty.report.ok());
  CHECK(empty.papers.empty());
  CHECK(empty.report.errors.empty());
  CHECK(empty.report.total_results == 0u);
}

TEST_CASE("arxiv-atom: elements are matched by namespace URI, whatever the prefix", "[arxiv-atom]") {
  auto r = test::read_path(test::fixture("arxiv-atom-prefixes.xml"));
  REQUIRE(r.report.ok());
  CHECK(r.report.format == Format::arxiv_atom);
  CHECK(r.report.total_results == 57u);
  CHECK(r.report.start_index == 40u);
  REQUIRE(r.papers.size() == 2);

  const Paper& prefixed = r.papers[0];
  CHECK(prefixed.id == "2401.00001");
  CHECK(prefixed.title == "Prefixes Do Not Matter");
  CHECK(prefixed.abstract == "Only namespace URIs do.");
  CHECK(prefixed.authors == Strings{"Ada Lovelace"});
  CHECK(prefixed.comment == "5 pages");  // arxiv:comment is bound to another URI here
  CHECK(prefixed.categories == Strings{"cs.PL", "cs.SE"});
  CHECK(prefixed.primary_category == "cs.PL");
  CHECK(prefixed.published == "2024-01-01");
  CHECK(prefixed.updated == "2024-02-03");
  CHECK(prefixed.url == "https://arxiv.org/abs/2401.00001v2");  // no rel: recognised by its URL
  CHECK(prefixed.pdf == "https://arxiv.org/pdf/2401.00001v2");
  CHECK(prefixed.doi == "10.1000/xyz123");

  const Paper& plain = r.papers[1];
  CHECK(plain.id == "math/0309136");
  CHECK(plain.title == "Default Namespace Entry");
  CHECK(plain.journal_ref == "Ann. Math. 1 (2003)");
  CHECK(plain.categories == Strings{"math.GT"});
}
