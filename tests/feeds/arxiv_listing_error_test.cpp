// Malformed and hostile arXiv listing input (Atom and RSS 2.0): every case ends in a report.

#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string item(const std::string& guid, const std::string& date = "Wed, 20 Aug 2025 00:00:00 -0400") {
  return "<item>\n<title>Title " + guid + "</title>\n<description>arXiv:" + guid +
         " Announce Type: new \nAbstract: Abstract.</description>\n<guid>oai:arXiv.org:" + guid +
         "</guid>\n<pubDate>" + date + "</pubDate>\n</item>\n";
}

std::string rss(const std::string& items) {
  return "<?xml version='1.0' encoding='UTF-8'?>\n<rss version=\"2.0\">\n<channel>\n<title>cs.AI</title>\n" + items +
         "</channel>\n</rss>\n";
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("arxiv-listing errors: the real listing cut at more places", "[arxiv-listing]") {
  const auto path =
      test::corpus("arxiv_rss_atom_listing/zotero-arxiv-daily_rss.arxiv.org_atom_cs.AI_2025-08-20_TRUNCATED.xml");
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  const std::string whole = test::slurp(path);
  for (std::size_t cut : {std::size_t{2000}, whole.size() / 3, whole.size() / 2, whole.size() - 1000}) {
    const std::string text = whole.substr(0, cut);
    INFO("cut at byte " << cut);
    auto r = test::read_text(text);
    REQUIRE(r.report.ok());
    CHECK(r.report.format == Format::arxiv_listing);
    CHECK(r.report.truncated);
    CHECK(r.papers.size() == count(text, "</entry>"));
    REQUIRE(r.report.errors.size() == 1);
    CHECK(r.report.errors[0].offset == text.rfind("<entry>"));
  }
}

TEST_CASE("arxiv-listing errors: an RSS feed cut anywhere keeps its complete items", "[arxiv-listing]") {
  const std::string whole = rss(item("2508.00001v1") + item("2508.00002v1") + item("2508.00003v1"));
  for (std::size_t cut = whole.find("<title>"); cut + 2 < whole.size(); ++cut) {
    const std::string text = whole.substr(0, cut);
    INFO("cut at byte " << cut);
    auto r = test::read_text(text, Format::arxiv_listing);
    REQUIRE(r.report.ok());
    CHECK(r.report.truncated);
    CHECK(r.papers.size() == count(text, "</item>"));
    REQUIRE(r.report.errors.size() == 1);
    CHECK(r.report.errors[0].code == ErrorCode::truncated);
  }
}

TEST_CASE("arxiv-listing errors: an item without id and one with a bad date are rejected", "[arxiv-listing]") {
  const std::string no_id = "<item>\n<title>No id anywhere</title>\n<description>Abstract.</description>\n</item>\n";
  const std::string text = rss(item("2508.00001v1") + no_id + item("2508.00002v1", "the day after") +
                               item("2508.00003v1"));
  auto r = test::read_text(text, Format::arxiv_listing);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[0].id == "2508.00001");
  CHECK(r.papers[1].id == "2508.00003");
  CHECK(r.report.rejected == 2);
  REQUIRE(r.report.errors.size() == 2);
  CHECK(r.report.errors[0].code == ErrorCode::missing_field);
  CHECK(r.report.errors[0].offset == text.find(no_id));
  CHECK(r.report.errors[0].message == "expected an arXiv id in <guid> or the abstract link, found neither");
  CHECK(r.report.errors[1].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[1].offset == text.find("<pubDate>the day after"));
  CHECK(r.report.errors[1].message == "expected a date for \"pubDate\", got \"the day after\"");
}

TEST_CASE("arxiv-listing errors: depth, entities, garbage and wrong roots", "[arxiv-listing]") {
  std::string deep = "<rss><channel><item>";
  for (int i = 0; i < 100000; ++i) deep += "<b>";
  auto too_deep = test::read_text(deep, Format::arxiv_listing);
  CHECK(too_deep.report.fatal.code == ErrorCode::too_deep);

  const std::string bomb =
      "<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
      "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n" +
      rss(item("2508.00001v1"));
  std::string with_ref = bomb;
  with_ref.replace(with_ref.find("Title "), 6, "&c;");
  auto expanded = test::read_text(with_ref, Format::arxiv_listing);
  REQUIRE(expanded.report.ok());
  REQUIRE(expanded.papers.size() == 1);
  CHECK(expanded.papers[0].title.size() < 40);

  auto empty = test::read_text("", Format::arxiv_listing);
  CHECK(empty.report.fatal.code == ErrorCode::malformed);
  auto garbage = test::read_text("\x89PNG\r\n\x1a\n binary", Format::arxiv_listing);
  CHECK(garbage.report.fatal.code == ErrorCode::malformed);
  auto wrong = test::read_text("<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"/>", Format::arxiv_listing);
  CHECK(wrong.report.fatal.code == ErrorCode::malformed);
  CHECK(wrong.report.fatal.message == "expected an Atom <feed> or RSS 2.0 <rss> root element, found <OAI-PMH>");
  auto no_channel = test::read_text("<rss version=\"2.0\"/>", Format::arxiv_listing);
  CHECK(no_channel.report.fatal.code == ErrorCode::malformed);
  CHECK(no_channel.report.fatal.message == "expected a <channel> in the RSS feed");
}
