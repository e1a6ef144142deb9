// Malformed Papers with Code responses and dumps: wrong types, cut pages, empty input.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string paper(const std::string& arxiv_id, const std::string& authors = R"(["A. Author"])") {
  return R"({"id":"slug-)" + arxiv_id + R"(","arxiv_id":")" + arxiv_id + R"(","title":"A title","abstract":"An abstract.",)" +
         R"("authors":)" + authors + R"(,"published":"2020-01-01","proceeding":null})";
}

test::Read read_pwc(const std::string& text) { return test::read_text(text, Format::pwc, "pwc.json"); }

}  // namespace

TEST_CASE("pwc errors: wrong-type authors and titles reject their paper only", "[pwc]") {
  const std::string text = R"({"count":4,"next":null,"previous":null,"results":[)" + paper("2001.00001") + "," +
                           paper("2001.00002", R"("A. Author and B. Author")") + "," +
                           paper("2001.00003", R"([["A. Author"]])") + "," +
                           R"({"arxiv_id":"2001.00004","title":2020})" + "]}";
  const auto r = read_pwc(text);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 1);
  CHECK(r.report.total_results == 4u);
  CHECK(r.report.next_page.empty());
  REQUIRE(r.report.errors.size() == 3);
  CHECK(r.report.errors[0].message == "expected a list of authors for \"authors\", got a string");
  CHECK(r.report.errors[0].offset == text.find("\"A. Author and B. Author\""));
  CHECK(r.report.errors[1].message == "expected names or objects with a \"name\" for \"authors\", got an array");
  CHECK(r.report.errors[2].message == "expected a string for \"title\", got a number");
}

TEST_CASE("pwc errors: a dump cut off keeps its complete papers", "[pwc]") {
  const std::string text = "[" + paper("2001.00001") + ",\n" + paper("2001.00002") + ",\n" + paper("2001.00003") + "]";
  const auto r = read_pwc(text.substr(0, text.find("2001.00003") + 4));
  CHECK(r.papers.size() == 2);
  CHECK(r.report.truncated);
  CHECK(r.report.fatal.code == ErrorCode::truncated);
  CHECK(r.report.fatal.line == 3);
}

TEST_CASE("pwc errors: a record over the size limit is rejected unread", "[pwc]") {
  ReadOptions options;
  options.format = Format::pwc;
  options.limits.max_record_bytes = 200;
  const std::string long_one = R"({"arxiv_id":"2001.00002","title":"T","abstract":")" + std::string(300, 'a') + R"("})";
  const std::string text = "[" + paper("2001.00001") + "," + long_one + "," + paper("2001.00003") + "]";
  test::Read r;
  r.report = read_feed(text, options, [&](Paper&& p) { r.papers.push_back(std::move(p)); });
  REQUIRE(r.report.ok());
  CHECK(r.papers.size() == 2);
  REQUIRE(r.report.errors.size() == 1);
  CHECK(r.report.errors[0].code == ErrorCode::too_large);
  CHECK(r.report.errors[0].message == "record of 351 bytes is over the limit of 200 bytes");
}

TEST_CASE("pwc errors: empty input, [] and {} with the format forced", "[pwc]") {
  CHECK(read_pwc("").report.fatal.code == ErrorCode::malformed);
  const auto no_papers = read_pwc("[]");
  CHECK(no_papers.report.ok());
  CHECK(no_papers.papers.empty());
  const auto no_fields = read_pwc("{}");
  CHECK(no_fields.report.ok());
  CHECK(no_fields.papers.empty());
  CHECK(no_fields.report.rejected == 1);
  const auto null_results = read_pwc(R"({"count":0,"next":null,"results":null})");
  CHECK(null_results.report.ok());
  CHECK(null_results.papers.empty());
  CHECK(null_results.report.errors.empty());
}

TEST_CASE("pwc errors: a list wrapper with long keys of invalid bytes is read once, within the parser's buffers", "[pwc]") {
  // The wrapper's keys are looked at before its values are read, then read again: looking must
  // not unescape them into the parser's string buffer (the asan build caught it overflowing).
  const std::string junk(300, '\xFF');
  const std::string feed = "{ \"count\": 0, \"next" + junk + "\": null, \"prev" + junk + "ious\": null, \"results\": [] }";
  auto read = test::read_text(feed, Format::pwc);
  CHECK(read.report.ok());
  CHECK(read.papers.empty());
  CHECK(read.report.utf8_repairs == 600);
}

TEST_CASE("pwc errors: a list's count written as a float beyond 64 bits is held at the largest count", "[pwc]") {
  const auto read = read_pwc(R"({"count": 7616E19, "next": null, "results": [)" + paper("2401.00001") + "]}");
  CHECK(read.report.errors.empty());
  CHECK(read.papers.size() == 1);
  CHECK(read.report.total_results == static_cast<std::uint64_t>(INT64_MAX));
}
