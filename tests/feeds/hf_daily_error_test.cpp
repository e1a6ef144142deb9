// Malformed hf-daily input, and the JSON API response reader shared with s2 and pwc: cut
// files, wrong types, oversized records, deep nesting, the archiver's repr() dumps, empty input.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string item(const std::string& id, const std::string& title = "\"A title\"") {
  return R"({"paper":{"id":")" + id + R"(","title":)" + title +
         R"(,"summary":"An abstract.","authors":[{"name":"A. Author","hidden":false}],"upvotes":3},"numComments":1})";
}

test::Read read_hf(const std::string& text) { return test::read_text(text, Format::hf_daily, "feed.json"); }

}  // namespace

TEST_CASE("hf-daily errors: a list cut off keeps the records before the cut", "[hf-daily]") {
  const std::string whole = "[" + item("2401.00001") + "," + item("2401.00002") + "," + item("2401.00003") + "]";
  const std::size_t third = whole.find(item("2401.00003"));
  for (std::size_t cut : {third + 10, third + 30, third + 60, whole.size() - 3}) {
    INFO("cut at " << cut);
    const auto r = read_hf(whole.substr(0, cut));
    CHECK(r.papers.size() == 2);
    CHECK(r.report.truncated);
    CHECK(r.report.fatal.code == ErrorCode::truncated);
    CHECK(r.report.rejected == 0);
  }
  // Cut right after a complete record: all of them are kept, the missing ']' still reported.
  const auto r = read_hf(whole.substr(0, whole.size() - 1));
  CHECK(r.papers.size() == 3);
  CHECK(r.report.truncated);
  CHECK(r.report.fatal.message == "the input stops before the JSON document is closed; the 3 records before the cut were kept");
}

TEST_CASE("hf-daily errors: a real day cut at any point keeps its complete items", "[hf-daily]") {
  const auto path = test::corpus("hf_daily_papers/api_daily_papers/2026-08-20.json");
  if (path.empty()) {
    SUCCEED("skipped: corpora/hf_daily_papers is absent");
    return;
  }
  const std::string text = test::slurp(path);
  REQUIRE(text.size() == 98097);
  const std::pair<std::size_t, std::size_t> cuts[] = {{20, 0}, {50000, 6}, {60000, 8}, {98000, 14}, {98096, 15}};
  for (const auto& [cut, kept] : cuts) {
    INFO("cut at " << cut);
    const auto r = test::read_text(text.substr(0, cut), Format::hf_daily, "2026-08-20.json");
    CHECK(r.papers.size() == kept);
    CHECK(r.report.truncated);
    CHECK(r.report.fatal.code == ErrorCode::truncated);
  }
}

TEST_CASE("hf-daily errors: a title that is a number rejects that record only", "[hf-daily]") {
  const std::string text = "[" + item("2401.00001") + ",\n" + item("2401.00002", "42") + ",\n" + item("2401.00003") + "]";
  const auto r = read_hf(text);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[0].id == "2401.00001");
  CHECK(r.papers[1].id == "2401.00003");
  CHECK(r.report.rejected == 1);
  REQUIRE(r.report.errors.size() == 1);
  const Error& e = r.report.errors[0];
  CHECK(e.code == ErrorCode::invalid_value);
  CHECK(e.message == "expected a string for \"title\", got a number");
  CHECK(e.offset == text.find("42"));
  CHECK(e.line == 2);
}

TEST_CASE("hf-daily errors: wrong types of authors, upvotes and paper", "[hf-daily]") {
  const std::string text = "[" + std::string(R"({"paper":{"id":"2401.00001","title":"T","authors":"A. Author, B. Author"}},)") +
                           R"({"paper":{"id":"2401.00002","title":"T","authors":[{"name":"A"},7]}},)" +
                           R"({"paper":{"id":"2401.00003","title":"T","upvotes":"many"}},)" +
                           R"({"paper":["2401.00004"]},)" + item("2401.00005") + "]";
  const auto r = read_hf(text);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 1);
  CHECK(r.papers[0].id == "2401.00005");
  REQUIRE(r.report.errors.size() == 4);
  CHECK(r.report.errors[0].message == "expected a list of authors for \"authors\", got a string");
  CHECK(r.report.errors[0].offset == text.find("\"A. Author, B. Author\""));
  CHECK(r.report.errors[1].message == "expected names or objects with a \"name\" for \"authors\", got a number");
  CHECK(r.report.errors[2].message == "expected a count for \"upvotes\", got a string");
  CHECK(r.report.errors[3].message == "expected an object for \"paper\", got an array");
}

TEST_CASE("hf-daily errors: an id that is no arXiv id is refused", "[hf-daily]") {
  const auto r = read_hf("[" + item("not-an-arxiv-id") + "," + item("2401.00002") + "]");
  REQUIRE(r.papers.size() == 1);
  REQUIRE(r.report.errors.size() == 1);
  CHECK(r.report.errors[0].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[0].message == "expected an arXiv id for \"id\", got \"not-an-arxiv-id\"");
}

TEST_CASE("hf-daily errors: broken JSON stops reading, keeping the records before it", "[hf-daily]") {
  const std::string text = "[" + item("2401.00001") + R"(,{"paper" {"id":"2401.00002"}},)" + item("2401.00003") + "]";
  const auto r = read_hf(text);
  CHECK(r.papers.size() == 1);
  CHECK(r.report.fatal.code == ErrorCode::malformed);
  CHECK(r.report.fatal.message.rfind("malformed JSON", 0) == 0);
  CHECK_FALSE(r.report.truncated);

  const auto trailing = read_hf("[" + item("2401.00001") + "] [" + item("2401.00002") + "]");
  CHECK(trailing.papers.size() == 1);
  CHECK(trailing.report.fatal.code == ErrorCode::malformed);
  CHECK(trailing.report.fatal.message == "expected the input to end after the JSON document, found more");
}

TEST_CASE("hf-daily errors: one huge record in a 50 MB line is rejected, the rest loads", "[hf-daily]") {
  const std::string huge_abstract(50u << 20, 'x');
  std::string text = "[" + item("2401.00001") + ",";
  text += R"({"paper":{"id":"2401.00002","title":"Huge","summary":")" + huge_abstract + R"("}},)";
  text += item("2401.00003") + "]";
  REQUIRE(text.find('\n') == std::string::npos);
  const auto r = read_hf(text);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.papers[1].id == "2401.00003");
  CHECK(r.report.rejected == 1);
  REQUIRE(r.report.errors.size() == 1);
  CHECK(r.report.errors[0].code == ErrorCode::too_large);
  CHECK(r.report.errors[0].offset == text.find(R"({"paper":{"id":"2401.00002")"));
}

TEST_CASE("hf-daily errors: 100k-deep nesting is refused cleanly", "[hf-daily]") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  SECTION("as a list item") {
    const auto r = read_hf("[" + deep + "," + item("2401.00001") + "]");
    REQUIRE(r.report.ok());
    CHECK(r.papers.size() == 1);
    REQUIRE(r.report.errors.size() == 1);
    CHECK(r.report.errors[0].message == "expected an object for a record, got an array");
  }
  SECTION("inside a record, under a key the mapping skips") {
    const auto r = read_hf(R"([{"paper":{"id":"2401.00001","title":"T","x":)" + deep + "}}," + item("2401.00002") + "]");
    REQUIRE(r.report.ok());
    REQUIRE(r.papers.size() == 1);
    CHECK(r.papers[0].id == "2401.00002");
    REQUIRE(r.report.errors.size() == 1);
    CHECK(r.report.errors[0].code == ErrorCode::too_deep);
    CHECK(r.report.errors[0].message == "\"x\" nests deeper than the limit");
  }
  SECTION("never closed") {
    const auto r = read_hf(std::string(100000, '['));
    CHECK(r.papers.empty());
    CHECK(r.report.fatal.code == ErrorCode::truncated);
  }
  SECTION("under a lower limit") {
    ReadOptions options;
    options.format = Format::hf_daily;
    options.limits.max_depth = 4;
    const std::string text = "[" + item("2401.00001") + "]";  // authors[{…}] inside paper inside the item: depth 5
    test::Read r;
    r.report = read_feed(text, options, [&](Paper&& p) { r.papers.push_back(std::move(p)); });
    CHECK(r.papers.empty());
    REQUIRE(r.report.errors.size() == 1);
    CHECK(r.report.errors[0].code == ErrorCode::too_deep);
  }
}

TEST_CASE("hf-daily errors: the archiver's repr() dumps are refused with a clear message", "[hf-daily]") {
  for (const char* name : {"2025-01-02.json", "2025-01-10.json"}) {
    const auto path = test::corpus(std::string("hf_daily_papers/archiver_artifacts/") + name);
    if (path.empty()) {
      SUCCEED("skipped: corpora/hf_daily_papers is absent");
      return;
    }
    INFO(name);
    ReadOptions forced;
    forced.format = Format::hf_daily;
    const auto r = test::read_path(path, forced);
    CHECK(r.papers.empty());
    CHECK(r.report.fatal.code == ErrorCode::invalid_value);
    CHECK(r.report.fatal.message ==
          "items are Python repr() strings, not JSON objects (a broken archiver dump); re-fetch from /api/daily_papers");
    CHECK(r.report.fatal.offset == test::slurp(path).find("\"{'paper'"));
  }
}

TEST_CASE("hf-daily errors: empty input, [] and {} with the format forced", "[hf-daily]") {
  const auto empty = read_hf("");
  CHECK(empty.report.fatal.code == ErrorCode::malformed);
  CHECK(empty.report.fatal.message == "empty input: expected a JSON array or object");

  const auto blank = read_hf(" \n ");
  CHECK(blank.report.fatal.code == ErrorCode::malformed);

  const auto no_items = read_hf("[]");
  CHECK(no_items.report.ok());
  CHECK(no_items.papers.empty());
  CHECK(no_items.report.errors.empty());

  const auto no_fields = read_hf("{}");
  CHECK(no_fields.report.ok());
  CHECK(no_fields.papers.empty());
  CHECK(no_fields.report.rejected == 1);
  CHECK(no_fields.report.errors.at(0).code == ErrorCode::missing_field);

  const auto scalar = read_hf("\"2401.00001\"");
  CHECK(scalar.report.fatal.code == ErrorCode::invalid_value);
  CHECK(scalar.report.fatal.message == "expected a JSON array or object of records, got a string");
}

TEST_CASE("hf-daily errors: a count written as a float beyond 64 bits is held at the nearest end", "[hf-daily]") {
  // Converting such a double to an integer is undefined behaviour (UBSan caught it).
  std::string feed = "[" + item("2401.00001") + "," + item("2401.00002") + "," + item("2401.00003") + "]";
  const auto replace = [&](const std::string& id, const std::string& upvotes) {
    const std::size_t at = feed.find("\"upvotes\":3", feed.find(id));
    feed.replace(at, 11, "\"upvotes\":" + upvotes);
  };
  replace("2401.00001", "2e21");
  replace("2401.00002", "-7.5E40");
  replace("2401.00003", "41.9");
  const auto r = read_hf(feed);
  CHECK(r.report.errors.empty());
  REQUIRE(r.papers.size() == 3);
  CHECK(r.papers[0].upvotes == INT64_MAX);
  CHECK(r.papers[1].upvotes == INT64_MIN);
  CHECK(r.papers[2].upvotes == 41);
}
