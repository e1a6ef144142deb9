// Malformed and hostile arXiv API Atom input: every case ends in a report, never a crash.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string entry(const std::string& id, const std::string& published = "2024-01-01T00:00:00Z") {
  return "  <entry>\n    <id>" + id + "</id>\n    <published>" + published +
         "</published>\n    <title>Title of " + id + "</title>\n    <summary>Abstract of " + id +
         ".</summary>\n    <author><name>A. Author</name></author>\n  </entry>\n";
}

std::string feed(const std::string& entries) {
  return "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
         "  <title>arXiv Query</title>\n" +
         entries + "</feed>\n";
}

const std::string kThreeEntries =
    feed(entry("http://arxiv.org/abs/2401.00001v1") + entry("http://arxiv.org/abs/2401.00002v1") +
         entry("http://arxiv.org/abs/2401.00003v1"));

/** Number of "</entry>" in @p text. */
std::size_t closed_entries(const std::string& text) {
  std::size_t n = 0;
  for (auto at = text.find("</entry>"); at != std::string::npos; at = text.find("</entry>", at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("arxiv-atom errors: a document cut anywhere keeps its complete entries", "[arxiv-atom]") {
  const std::size_t after_root = kThreeEntries.find("<title>");
  for (std::size_t cut = after_root; cut + 2 < kThreeEntries.size(); ++cut) {
    const std::string text = kThreeEntries.substr(0, cut);
    INFO("cut at byte " << cut << ": …" << text.substr(text.size() > 30 ? text.size() - 30 : 0));
    auto r = test::read_text(text, Format::arxiv_atom);
    REQUIRE(r.report.ok());
    CHECK(r.report.truncated);
    CHECK(r.papers.size() == closed_entries(text));
    CHECK(r.report.rejected == 0);
    REQUIRE(r.report.errors.size() == 1);
    const Error& warning = r.report.errors.front();
    CHECK(warning.code == ErrorCode::truncated);
    const auto last_open = text.rfind("<entry>");
    const auto last_close = text.rfind("</entry>");
    if (last_open != std::string::npos && (last_close == std::string::npos || last_open > last_close)) {
      CHECK(warning.offset == last_open);
      CHECK(warning.message.rfind("feed ends inside entry " + std::to_string(r.papers.size() + 1), 0) == 0);
    }
  }
}

TEST_CASE("arxiv-atom errors: text that decodes to an end tag does not close a cut entry", "[arxiv-atom]") {
  // In-situ decoding of "&amp;&amp;" leaves the bytes "/entry>" behind the decoded text.
  const std::string text = "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n" + entry("http://arxiv.org/abs/2401.00001v1") +
                           "  <entry>\n    <id>http://arxiv.org/abs/2401.00002v1</id>\n"
                           "    <summary>x &amp;&amp;/entry></summary>";
  auto r = test::read_text(text, Format::arxiv_atom);
  REQUIRE(r.report.ok());
  CHECK(r.report.truncated);
  REQUIRE(r.papers.size() == 1);
  CHECK(r.papers[0].id == "2401.00001");
}

TEST_CASE("arxiv-atom errors: a truncated real response", "[arxiv-atom]") {
  const auto path = test::corpus("arxiv_api_atom/xml/arxivpy_2016_search_query_au_del_maestro.xml");
  if (path.empty()) {
    SUCCEED("skipped: shared corpora absent");
    return;
  }
  const std::string whole = test::slurp(path);
  for (std::size_t cut : {whole.size() / 4, whole.size() / 2, whole.size() - 20, whole.size() - 8}) {
    const std::string text = whole.substr(0, cut);
    INFO("cut at byte " << cut);
    auto r = test::read_text(text);
    REQUIRE(r.report.ok());
    CHECK(r.report.format == Format::arxiv_atom);
    CHECK(r.report.truncated);
    CHECK(r.papers.size() == closed_entries(text));
    CHECK(r.report.total_results == 31u);
  }
}

TEST_CASE("arxiv-atom errors: a syntax error inside the document stops reading there", "[arxiv-atom]") {
  std::string text = kThreeEntries;
  const auto second_title = text.find("</title>", text.find("2401.00002"));
  text.replace(second_title, 8, "</titel>");
  auto r = test::read_text(text, Format::arxiv_atom);
  CHECK(r.report.fatal.code == ErrorCode::malformed);
  CHECK(r.report.fatal.message.find("XML syntax error: start-end tags mismatch at byte ") != std::string::npos);
  CHECK(r.report.fatal.offset >= second_title);
  CHECK(r.report.fatal.offset <= second_title + 8);
  CHECK_FALSE(r.report.truncated);
  REQUIRE(r.papers.size() == 1);
  CHECK(r.papers.front().id == "2401.00001");
}

TEST_CASE("arxiv-atom errors: an entry without id and one with a bad date are rejected, the others load",
          "[arxiv-atom]") {
  const std::string no_id = "  <entry>\n    <title>No id</title>\n    <summary>Nothing to identify it.</summary>\n  </entry>\n";
  const std::string text = feed(entry("http://arxiv.org/abs/2401.00001v1") + no_id +
                                entry("http://arxiv.org/abs/2401.00002v1", "yesterday") +
                                entry("http://arxiv.org/abs/2401.00003v1"));
  auto r = test::read_text(text, Format::arxiv_atom);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[0].id == "2401.00001");
  CHECK(r.papers[1].id == "2401.00003");
  CHECK(r.report.rejected == 2);
  REQUIRE(r.report.errors.size() == 2);
  CHECK(r.report.errors[0].code == ErrorCode::missing_field);
  CHECK(r.report.errors[0].offset == text.find("  <entry>\n    <title>No id") + 2);
  CHECK(r.report.errors[0].message == "entry has no <id>");
  CHECK(r.report.errors[1].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[1].offset == text.find("<published>yesterday"));
  CHECK(r.report.errors[1].message == "expected a date for \"published\", got \"yesterday\"");
  CHECK(r.report.errors[1].line == 1 + std::count(text.begin(), text.begin() + r.report.errors[1].offset, '\n'));
}

TEST_CASE("arxiv-atom errors: an id that is no arXiv id is rejected", "[arxiv-atom]") {
  auto r = test::read_text(feed(entry("urn:uuid:1234") + entry("http://arxiv.org/abs/2401.00003v1")), Format::arxiv_atom);
  REQUIRE(r.report.ok());
  CHECK(r.papers.size() == 1);
  REQUIRE(r.report.errors.size() == 1);
  CHECK(r.report.errors[0].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[0].message == "expected an arXiv abstract URL in <id>, got \"urn:uuid:1234\"");
}

TEST_CASE("arxiv-atom errors: an entity bomb is not expanded", "[arxiv-atom]") {
  std::string doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [\n  <!ENTITY lol \"lol\">\n";
  std::string previous = "lol";
  for (int i = 1; i <= 9; ++i) {
    const std::string name = "lol" + std::to_string(i);
    doctype += "  <!ENTITY " + name + " \"";
    for (int k = 0; k < 10; ++k) doctype += "&" + previous + ";";
    doctype += "\">\n";
    previous = name;
  }
  doctype += "]>\n";
  std::string text = kThreeEntries;
  text.replace(0, text.find("<feed"), doctype);
  const auto title = text.find("Title of http://arxiv.org/abs/2401.00001v1");
  text.replace(title, 8, "&lol9;");
  auto r = test::read_text(text, Format::arxiv_atom);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 3);
  CHECK(r.papers[0].title.size() < 100);
  CHECK(r.papers[0].title.find("lol") != std::string::npos);
}

TEST_CASE("arxiv-atom errors: 100000 nested elements are refused cleanly", "[arxiv-atom]") {
  constexpr int kLevels = 100000;
  std::string text = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>";
  for (int i = 0; i < kLevels; ++i) text += "<a>";
  for (int i = 0; i < kLevels; ++i) text += "</a>";
  text += "</entry></feed>";
  auto r = test::read_text(text, Format::arxiv_atom);
  CHECK(r.report.fatal.code == ErrorCode::too_deep);
  CHECK(r.report.fatal.message == "XML elements nested deeper than the limit of 64 levels");
  CHECK(r.papers.empty());

  auto unclosed = test::read_text(text.substr(0, text.size() / 2), Format::arxiv_atom);
  CHECK(unclosed.report.fatal.code == ErrorCode::too_deep);
}

TEST_CASE("arxiv-atom errors: empty input, garbage and the wrong root element", "[arxiv-atom]") {
  auto empty = test::read_text("", Format::arxiv_atom);
  CHECK(empty.report.fatal.code == ErrorCode::malformed);
  CHECK(empty.report.fatal.message == "not an XML document: no document element found");

  auto text = test::read_text("this is not XML at all {\"a\": 1}", Format::arxiv_atom);
  CHECK(text.report.fatal.code == ErrorCode::malformed);
  CHECK(text.papers.empty());

  auto binary = test::read_text(std::string("<\x01\x02<<>>&&\0\xff", 10), Format::arxiv_atom);
  CHECK(binary.report.fatal.code == ErrorCode::malformed);
  CHECK(binary.papers.empty());

  auto rss = test::read_text("<rss version=\"2.0\"><channel/></rss>", Format::arxiv_atom);
  CHECK(rss.report.fatal.code == ErrorCode::malformed);
  CHECK(rss.report.fatal.message == "expected an Atom <feed> root element, found <rss>");

  auto no_namespace = test::read_text("<feed><entry><id>http://arxiv.org/abs/2401.00001</id></entry></feed>",
                                      Format::arxiv_atom);
  CHECK(no_namespace.report.fatal.code == ErrorCode::malformed);
}

TEST_CASE("arxiv-atom errors: an entry over the record size limit is rejected", "[arxiv-atom]") {
  const std::string big = "  <entry>\n    <id>http://arxiv.org/abs/2401.00002v1</id>\n    <summary>" +
                          std::string(5000, 'x') + "</summary>\n  </entry>\n";
  const std::string text =
      feed(entry("http://arxiv.org/abs/2401.00001v1") + big + entry("http://arxiv.org/abs/2401.00003v1"));
  ReadOptions options;
  options.format = Format::arxiv_atom;
  options.limits.max_record_bytes = 1000;
  std::vector<Paper> papers;
  FeedReport report = read_feed(text, options, [&](Paper&& p) { papers.push_back(std::move(p)); });
  REQUIRE(report.ok());
  CHECK(papers.size() == 2);
  CHECK(report.rejected == 1);
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].code == ErrorCode::too_large);
  CHECK(report.errors[0].offset == text.find(big) + 2);
}

TEST_CASE("arxiv-atom errors: a character reference outside Unicode becomes U+FFFD, never invalid UTF-8", "[arxiv-atom]") {
  // pugixml decodes &#1114112; (U+110000) and &#xD800; (a surrogate) into bytes that are not UTF-8.
  const std::string feed = R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>)"
                           R"(<title>a &#1114112; b &#xD800; c</title><summary>s</summary></entry></feed>)";
  auto read = test::read_text(feed, Format::arxiv_atom);
  REQUIRE(read.papers.size() == 1);
  CHECK(read.papers[0].title.find("a \xEF\xBF\xBD") == 0);
  CHECK(read.papers[0].title.find("\xF4\x90") == std::string::npos);
  CHECK(read.papers[0].title.find("\xED\xA0") == std::string::npos);
}

TEST_CASE("arxiv-atom errors: a root element's name is quoted short and printable", "[arxiv-atom]") {
  auto read = test::read_text("<a\xFF\x1B[2J" + std::string(100, 'x') + "/>", Format::arxiv_atom);
  REQUIRE_FALSE(read.report.ok());
  CHECK(read.report.fatal.message.find('\x1B') == std::string::npos);
  CHECK(read.report.fatal.message.find("found <a?>") != std::string::npos);
  CHECK(read.report.fatal.message.size() < 120);
}

TEST_CASE("arxiv-atom errors: a feed cut off under a long-prefixed root still says why and what was kept", "[arxiv-atom]") {
  const std::string prefix(2000, 'p');
  auto read = test::read_text("<" + prefix + ":feed xmlns:" + prefix + "=\"http://www.w3.org/2005/Atom\"><" + prefix +
                                  ":title>cut",
                              Format::arxiv_atom);
  REQUIRE(read.report.errors.size() == 1);
  const std::string& message = read.report.errors[0].message;
  CHECK(message.starts_with("feed ends before the end tag of <pppp"));
  CHECK(message.ends_with("); 0 complete records kept"));
  CHECK(message.size() < 300);
}

TEST_CASE("arxiv-atom errors: an HTTP recording's status is kept only when a server could send it", "[arxiv-atom]") {
  const auto status_of = [](const std::string& status) {
    return test::read_text(R"({"url":"https://export.arxiv.org/api/query","status_code":)" + status + R"(,"body":"<feed/>"})")
        .report.http_status;
  };
  CHECK(status_of("404") == 404);
  CHECK(status_of("4294967496") == std::nullopt);  // 200 once cut to 32 bits
  CHECK(status_of("-200") == std::nullopt);
}
