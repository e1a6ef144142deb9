// Malformed and hostile OAI-PMH input: every case ends in a report, never a crash.

#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string record(const std::string& id, const std::string& created = "2021-01-01") {
  return "<record>\n<header>\n <identifier>oai:arXiv.org:" + id +
         "</identifier>\n</header>\n<metadata>\n <arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\">\n <id>" + id +
         "</id><created>" + created +
         "</created><authors><author><keyname>Doe</keyname><forenames>Jane</forenames></author></authors>"
         "<title>Title " + id + "</title><categories>cs.LG</categories><abstract>Text.</abstract></arXiv>\n"
         "</metadata>\n</record>\n";
}

std::string page(const std::string& records) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n"
         "<responseDate>2024-01-30T08:19:16Z</responseDate>\n<ListRecords>\n" +
         records + "<resumptionToken cursor=\"0\" completeListSize=\"3\"></resumptionToken>\n</ListRecords>\n</OAI-PMH>\n";
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("arxiv-oaipmh errors: a page cut anywhere keeps its complete records", "[arxiv-oaipmh]") {
  const std::string whole = page(record("2101.00001") + record("2101.00002") + record("2101.00003"));
  for (std::size_t cut = whole.find("<responseDate>"); cut + 2 < whole.size(); ++cut) {
    const std::string text = whole.substr(0, cut);
    INFO("cut at byte " << cut);
    auto r = test::read_text(text, Format::arxiv_oaipmh);
    REQUIRE(r.report.ok());
    CHECK(r.report.truncated);
    CHECK(r.papers.size() == count(text, "</record>"));
    REQUIRE(r.report.errors.size() == 1);
    CHECK(r.report.errors[0].code == ErrorCode::truncated);
  }
}

TEST_CASE("arxiv-oaipmh errors: real pages cut short", "[arxiv-oaipmh]") {
  for (const char* name : {"thomasrobertson_oai_dc_cs_2021-03_request2.xml", "shishir167_oai_arXivformat_cs_2016.xml"}) {
    const auto path = test::corpus(std::string("arxiv_oai_pmh/") + name);
    if (path.empty()) {
      SUCCEED("skipped: shared corpora absent");
      return;
    }
    const std::string whole = test::slurp(path);
    for (std::size_t cut : {whole.size() / 7, whole.size() / 2, whole.size() - 200}) {
      const std::string text = whole.substr(0, cut);
      INFO(name << " cut at byte " << cut);
      auto r = test::read_text(text);
      REQUIRE(r.report.ok());
      CHECK(r.report.truncated);
      CHECK(r.papers.size() == count(text, "</record>"));
      REQUIRE(r.report.errors.size() == 1);
      CHECK(r.report.errors[0].offset == text.rfind("<record>"));
      CHECK(r.report.errors[0].message.find("feed ends inside record " + std::to_string(r.papers.size() + 1)) == 0);
    }
  }
}

TEST_CASE("arxiv-oaipmh errors: OAI-PMH error responses", "[arxiv-oaipmh]") {
  auto r = test::read_text(R"(<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
<responseDate>2024-01-30T08:19:16Z</responseDate>
<request verb="ListRecords">http://export.arxiv.org/oai2</request>
<error code="badResumptionToken">The value of the resumptionToken argument is invalid or expired.</error>
</OAI-PMH>)");
  CHECK(r.report.format == Format::arxiv_oaipmh);
  CHECK(r.report.fatal.code == ErrorCode::api_error);
  CHECK(r.report.fatal.message ==
        "OAI-PMH error badResumptionToken: The value of the resumptionToken argument is invalid or expired.");
  CHECK(r.report.fatal.line == 5);
  CHECK(r.papers.empty());

  auto identify = test::read_text("<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><Identify/></OAI-PMH>",
                                  Format::arxiv_oaipmh);
  CHECK(identify.report.fatal.code == ErrorCode::malformed);
  CHECK(identify.report.fatal.message == "expected <ListRecords>, <GetRecord> or <error> in the OAI-PMH response");
}

TEST_CASE("arxiv-oaipmh errors: broken records are rejected, the others load", "[arxiv-oaipmh]") {
  const std::string mods =
      "<record><header><identifier>oai:arXiv.org:2101.00004</identifier></header><metadata>"
      "<mods xmlns=\"http://www.loc.gov/mods/v3\"><titleInfo/></mods></metadata></record>\n";
  const std::string no_metadata =
      "<record><header><identifier>oai:arXiv.org:2101.00005</identifier></header></record>\n";
  const std::string bad_id = record("not-an-id");
  std::string text = page(record("2101.00001") + record("2101.00002", "2021-13-45") + mods + no_metadata +
                          record("2101.00003"));
  auto r = test::read_text(text, Format::arxiv_oaipmh);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[0].id == "2101.00001");
  CHECK(r.papers[1].id == "2101.00003");
  CHECK(r.report.rejected == 3);
  REQUIRE(r.report.errors.size() == 3);
  CHECK(r.report.errors[0].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[0].offset == text.find("<created>2021-13-45"));
  CHECK(r.report.errors[0].message == "expected a date for \"created\", got \"2021-13-45\"");
  CHECK(r.report.errors[1].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[1].offset == text.find("<mods"));
  CHECK(r.report.errors[1].message ==
        "expected arXiv, arXivRaw or oai_dc metadata, found <mods> in namespace \"http://www.loc.gov/mods/v3\"");
  CHECK(r.report.errors[2].code == ErrorCode::missing_field);
  CHECK(r.report.errors[2].offset == text.find(no_metadata));
  CHECK(r.report.errors[2].message == "record oai:arXiv.org:2101.00005 has no <metadata>");

  auto odd = test::read_text(page(bad_id), Format::arxiv_oaipmh);
  CHECK(odd.papers.empty());
  REQUIRE(odd.report.errors.size() == 1);
  CHECK(odd.report.errors[0].code == ErrorCode::invalid_value);
}

TEST_CASE("arxiv-oaipmh errors: depth, size, entities, garbage and wrong roots", "[arxiv-oaipmh]") {
  std::string deep = "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">";
  for (int i = 0; i < 100000; ++i) deep += "<ListRecords>";
  auto too_deep = test::read_text(deep, Format::arxiv_oaipmh);
  CHECK(too_deep.report.fatal.code == ErrorCode::too_deep);

  ReadOptions options;
  options.format = Format::arxiv_oaipmh;
  options.limits.max_record_bytes = 400;
  std::string big = record("2101.00002");
  big.replace(big.find("Text."), 5, std::string(2000, 'y'));
  const std::string text = page(record("2101.00001") + big);
  std::size_t delivered = 0;
  FeedReport report = read_feed(text, options, [&](Paper&&) { ++delivered; });
  CHECK(report.ok());
  CHECK(delivered == 1);
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].code == ErrorCode::too_large);
  CHECK(report.errors[0].offset == text.find(big));

  std::string bomb = page(record("2101.00001"));
  bomb.replace(bomb.find("Title "), 6, "&x3;");
  bomb.insert(bomb.find("<OAI-PMH"), "<!DOCTYPE OAI-PMH [<!ENTITY x1 \"xxxxxxxxxxxxxxxx\"><!ENTITY x2 \"&x1;&x1;&x1;&x1;&x1;&x1;&x1;&x1;\">"
                                    "<!ENTITY x3 \"&x2;&x2;&x2;&x2;&x2;&x2;&x2;&x2;\">]>\n");
  auto not_expanded = test::read_text(bomb, Format::arxiv_oaipmh);
  REQUIRE(not_expanded.report.ok());
  REQUIRE(not_expanded.papers.size() == 1);
  CHECK(not_expanded.papers[0].title.size() < 40);

  CHECK(test::read_text("", Format::arxiv_oaipmh).report.fatal.code == ErrorCode::malformed);
  CHECK(test::read_text("%PDF-1.4 \x01\x02", Format::arxiv_oaipmh).report.fatal.code == ErrorCode::malformed);
  auto wrong = test::read_text("<OAI-PMH><ListRecords/></OAI-PMH>", Format::arxiv_oaipmh);
  CHECK(wrong.report.fatal.code == ErrorCode::malformed);
  CHECK(wrong.report.fatal.message == "expected an OAI-PMH root element, found <OAI-PMH>");
}

TEST_CASE("arxiv-oaipmh errors: a deleted record's identifier is quoted short and printable", "[arxiv-oaipmh]") {
  const std::string identifier = "oai:arXiv.org:2101.00001\x1B[31m" + std::string(500, 'x');
  const std::string deleted =
      "<record><header status=\"deleted\"><identifier>" + identifier + "</identifier></header></record>\n";
  auto r = test::read_text(page(deleted + record("2101.00002")), Format::arxiv_oaipmh);
  REQUIRE(r.papers.size() == 1);
  REQUIRE(r.report.errors.size() == 1);
  const std::string& message = r.report.errors[0].message;
  CHECK(message.find('\x1B') == std::string::npos);
  CHECK(message.starts_with("record oai:arXiv.org:2101.00001?[31mxxx"));
  CHECK(message.ends_with(" is deleted; skipped"));
  CHECK(message.size() < 120);
}

TEST_CASE("arxiv-oaipmh errors: an OAI-PMH error's code and text are quoted short and printable", "[arxiv-oaipmh]") {
  const std::string code = "bad\x1B[2J" + std::string(200, 'c');
  const std::string text = "The token\nBcc: x " + std::string(5000, 't');
  auto r = test::read_text("<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><error code=\"" + code + "\">" + text +
                               "</error></OAI-PMH>",
                           Format::arxiv_oaipmh);
  CHECK(r.report.fatal.code == ErrorCode::api_error);
  const std::string& message = r.report.fatal.message;
  CHECK(message.starts_with("OAI-PMH error bad?[2Jccc"));
  CHECK(message.find("The token?Bcc: x ttt") != std::string::npos);
  CHECK(message.find_first_of("\x1B\n") == std::string::npos);
  CHECK(message.size() < 400);
}
