// Malformed Semantic Scholar responses: wrong types, cut pages, broken wrappers, empty input.

#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string paper(const std::string& arxiv_id, const std::string& title = "\"A title\"") {
  return R"({"paperId":"p)" + arxiv_id + R"(","externalIds":{"ArXiv":")" + arxiv_id + R"("},"title":)" + title +
         R"(,"abstract":"An abstract.","year":2020,"authors":[{"authorId":"1","name":"A. Author"}]})";
}

test::Read read_s2(const std::string& text) { return test::read_text(text, Format::s2, "s2.json"); }

}  // namespace

TEST_CASE("s2 errors: a title that is a number rejects that paper only", "[s2]") {
  const std::string text = R"({"total":3,"offset":0,"data":[)" + paper("2001.00001") + "," +
                           paper("2001.00002", "1950") + "," + paper("2001.00003") + "]}";
  const auto r = read_s2(text);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 2);
  CHECK(r.report.total_results == 3u);
  REQUIRE(r.report.errors.size() == 1);
  CHECK(r.report.errors[0].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[0].message == "expected a string for \"title\", got a number");
  CHECK(r.report.errors[0].offset == text.find("1950"));
}

TEST_CASE("s2 errors: wrong types inside nested objects", "[s2]") {
  const std::string text = "[" + std::string(R"({"title":"T","authors":{"name":"A"}},)") +
                           R"({"title":"T","externalIds":["ArXiv","2001.00002"]},)" +
                           R"({"title":"T","externalIds":{"ArXiv":"no id"}},)" +
                           R"({"citingPaper":{"title":"T","openAccessPdf":{"url":5}}},)" +
                           R"({"title":"T","journal":{"name":["Mind"]}},)" + paper("2001.00006") + "]";
  const auto r = read_s2(text);
  REQUIRE(r.report.ok());
  REQUIRE(r.papers.size() == 1);
  CHECK(r.papers[0].id == "2001.00006");
  REQUIRE(r.report.errors.size() == 5);
  CHECK(r.report.errors[0].message == "expected a list of authors for \"authors\", got an object");
  CHECK(r.report.errors[1].message == "expected an object for \"externalIds\", got an array");
  CHECK(r.report.errors[2].message == "expected an arXiv id for \"ArXiv\", got \"no id\"");
  CHECK(r.report.errors[3].message == "expected a string for \"url\", got a number");
  CHECK(r.report.errors[4].message == "expected a string for \"name\", got an array");
}

TEST_CASE("s2 errors: a search page cut off keeps its complete papers", "[s2]") {
  const std::string text = R"({"total":3,"offset":0,"next":3,"data":[)" + paper("2001.00001") + "," +
                           paper("2001.00002") + "," + paper("2001.00003") + "]}";
  const std::size_t third = text.find(paper("2001.00003"));
  for (std::size_t cut : {third, third + 40, text.size() - 4, text.size() - 1}) {
    INFO("cut at " << cut);
    const auto r = read_s2(text.substr(0, cut));
    CHECK(r.papers.size() == (cut >= text.size() - 2 ? 3u : 2u));
    CHECK(r.report.truncated);
    CHECK(r.report.fatal.code == ErrorCode::truncated);
    CHECK(r.report.total_results == 3u);  // read before the list
  }
}

TEST_CASE("s2 errors: a single paper cut off gives no record", "[s2]") {
  const std::string text = paper("2001.00001");
  const auto r = read_s2(text.substr(0, text.size() / 2));
  CHECK(r.papers.empty());
  CHECK(r.report.truncated);
  CHECK(r.report.fatal.code == ErrorCode::truncated);
}

TEST_CASE("s2 errors: a wrapper whose list is not a list", "[s2]") {
  const auto r = read_s2(R"({"total":1,"data":"2001.00001"})");
  CHECK(r.papers.empty());
  CHECK(r.report.fatal.code == ErrorCode::invalid_value);
  CHECK(r.report.fatal.message == "expected a list of records for \"data\", got a string");

  const auto paging = read_s2(R"({"total":"lots","next":[1],"data":[)" + paper("2001.00001") + "]}");
  REQUIRE(paging.report.ok());
  CHECK(paging.papers.size() == 1);
  CHECK_FALSE(paging.report.total_results.has_value());
  REQUIRE(paging.report.errors.size() == 2);
  CHECK(paging.report.errors[0].message == "expected a count for \"total\", got a string");
  CHECK(paging.report.errors[1].message == "expected a count for \"next\", got an array");
  CHECK(paging.report.rejected == 0);
}

TEST_CASE("s2 errors: empty input, [] and {} with the format forced", "[s2]") {
  CHECK(read_s2("").report.fatal.code == ErrorCode::malformed);
  const auto no_papers = read_s2("[]");
  CHECK(no_papers.report.ok());
  CHECK(no_papers.papers.empty());
  const auto empty_page = read_s2(R"({"total":0,"offset":0,"data":[]})");
  CHECK(empty_page.report.ok());
  CHECK(empty_page.report.total_results == 0u);
  const auto no_fields = read_s2("{}");
  CHECK(no_fields.report.ok());
  CHECK(no_fields.report.rejected == 1);
}
