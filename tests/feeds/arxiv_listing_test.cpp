#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "test_support.hpp"

using namespace paperfeed;

using Strings = std::vector<std::string>;

namespace {

const char* const kListing =
    "arxiv_rss_atom_listing/zotero-arxiv-daily_rss.arxiv.org_atom_cs.AI_2025-08-20_TRUNCATED.xml";

}  // namespace

TEST_CASE("arxiv-listing: the truncated real Atom listing keeps its 86 complete entries", "[arxiv-listing]") {
  const auto path = test::corpus(kListing);
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  auto r = test::read_path(path);
  REQUIRE(r.report.ok());
  CHECK(r.report.format == Format::arxiv_listing);
  CHECK(r.papers.size() == 86);
  CHECK(r.report.records == 86);
  CHECK(r.report.rejected == 0);
  CHECK(r.report.truncated);
  REQUIRE(r.report.errors.size() == 1);
  const Error& cut = r.report.errors.front();
  CHECK(cut.code == ErrorCode::truncated);
  CHECK(cut.offset == 178429 + 2);  // the '<' of the 87th <entry>
  CHECK(cut.line == 1229);
  CHECK(cut.message.rfind("feed ends inside entry 87 (", 0) == 0);
  CHECK(cut.message.find("; 86 complete entries kept") != std::string::npos);

  std::size_t new_count = 0, cross_count = 0;
  for (const auto& p : r.papers) {
    INFO(p.id);
    CHECK(p.sources.contains(Format::arxiv_listing));
    CHECK(p.announced == "2025-08-20");
    CHECK(p.published.empty());
    CHECK(p.updated.empty());
    CHECK_FALSE(p.title.empty());
    CHECK_FALSE(p.authors.empty());
    CHECK_FALSE(p.categories.empty());
    CHECK(p.license.rfind("http://", 0) == 0);
    CHECK(p.url == "https://arxiv.org/abs/" + p.id);
    CHECK(p.abstract.find("Announce Type") == std::string::npos);
    CHECK(p.abstract.rfind("Abstract:", 0) != 0);
    new_count += p.announce_type == "new";
    cross_count += p.announce_type == "cross";
  }
  CHECK(new_count == 41);
  CHECK(cross_count == 45);
  CHECK(r.papers.back().id == "2508.13434");
}

TEST_CASE("arxiv-listing: fields of real Atom listing entries", "[arxiv-listing]") {
  const auto path = test::corpus(kListing);
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  auto r = test::read_path(path);
  REQUIRE(r.papers.size() == 86);

  const Paper& first = r.papers.front();
  CHECK(first.id == "2508.13167");
  CHECK(first.title ==
        "Chain-of-Agents: End-to-End Agent Foundation Models via Multi-Agent Distillation and Agentic RL");
  CHECK(first.abstract.rfind("Recent advances in large language models (LLMs) and multi-agent systems", 0) == 0);
  CHECK(first.abstract.substr(first.abstract.size() - 31) == "on agent models and agentic RL.");
  CHECK(first.authors.size() == 30);
  CHECK(first.authors.front() == "Weizhen Li");
  CHECK(first.authors.back() == "Wangchunshu Zhou");
  CHECK(first.categories == Strings{"cs.AI", "cs.CL"});
  CHECK(first.primary_category == "cs.AI");
  CHECK(first.announce_type == "new");
  CHECK(first.license == "http://creativecommons.org/licenses/by-nc-sa/4.0/");

  // dc:creator keeps TeX accents; they come out as letters.
  const Paper* accents = test::find(r.papers, "2508.13177");
  REQUIRE(accents != nullptr);
  CHECK(accents->authors ==
        Strings{"Nikola Pi\u017eurica", "Nikola Milovi\u0107", "Igor Jovan\u010devi\u0107", "Conor Heins", "Miguel de Prado"});
}

TEST_CASE("arxiv-listing: the RSS 2.0 flavour", "[arxiv-listing]") {
  auto r = test::read_path(test::fixture("arxiv-listing-rss.xml"));
  REQUIRE(r.report.ok());
  CHECK(r.report.format == Format::arxiv_listing);
  CHECK(r.report.errors.empty());
  CHECK_FALSE(r.report.truncated);
  REQUIRE(r.papers.size() == 3);

  const Paper& first = r.papers[0];
  CHECK(first.id == "2508.20001");
  CHECK(first.title == "Planning with Sparse Rewards via Learned Subgoals");
  CHECK(first.abstract ==
        "We study planning when rewards are sparse. A learned subgoal model & a search procedure together reach the "
        "goal in 3x fewer steps.");
  CHECK(first.authors == Strings{"Andr\u00e9 Silva", "J\u00f6rg Becker", "Ana Pi\u017eurica"});
  CHECK(first.categories == Strings{"cs.AI", "cs.LG"});
  CHECK(first.announce_type == "new");
  CHECK(first.announced == "2025-08-20");
  CHECK(first.published.empty());
  CHECK(first.license == "http://creativecommons.org/licenses/by/4.0/");
  CHECK(first.url == "https://arxiv.org/abs/2508.20001");

  CHECK(r.papers[1].announce_type == "cross");
  CHECK(r.papers[1].categories == Strings{"cs.LG", "cs.AI", "q-bio.QM"});
  CHECK(r.papers[2].id == "2403.10003");
  CHECK(r.papers[2].announce_type == "replace");
  CHECK(r.papers[2].authors == Strings{"Sara S\u00f8gaard"});
}

TEST_CASE("arxiv-listing: announce type and id fall back to the summary and the link", "[arxiv-listing]") {
  const std::string text = R"(<rss version="2.0"><channel>
<item><title>No guid</title><link>https://arxiv.org/abs/2508.30001</link>
<description>arXiv:2508.30001v2 Announce Type: replace-cross 
Abstract: Text.</description></item>
<item><title>Plain description</title><guid>oai:arXiv.org:2508.30002v1</guid>
<description>Just an abstract, no header.</description></item>
</channel></rss>)";
  auto r = test::read_text(text, Format::arxiv_listing);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[0].id == "2508.30001");
  CHECK(r.papers[0].announce_type == "replace-cross");
  CHECK(r.papers[0].abstract == "Text.");
  CHECK(r.papers[1].id == "2508.30002");
  CHECK(r.papers[1].announce_type.empty());
  CHECK(r.papers[1].abstract == "Just an abstract, no header.");
}
