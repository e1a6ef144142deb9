#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string line(const std::string& categories, const std::string& authors, const std::string& comment = "null") {
  return R"({"id": "2503.13531", "categories": )" + categories + R"(, "pdf": "https://arxiv.org/pdf/2503.13531", )" +
         R"("abs": "https://arxiv.org/abs/2503.13531", "authors": )" + authors +
         R"(, "title": "A title", "comment": )" + comment + R"(, "summary": "An abstract."})";
}

}  // namespace

TEST_CASE("daily-arxiv errors: wrong types in lists and fields are rejected, naming the field", "[daily-arxiv]") {
  const std::string text = line(R"("cs.CV")", R"(["A B"])") + "\n" + line(R"(["cs.CV", 7])", R"(["A B"])") + "\n" +
                           line(R"(["cs.CV"])", R"(["A B", null])", "[1]") + "\n" +
                           line(R"(["cs.CV"])", R"(["A B", null])") + "\n";
  auto r = test::read_text(text, Format::daily_arxiv, "2025-03-19.jsonl");
  CHECK(r.report.ok());
  REQUIRE(r.papers.size() == 1);
  CHECK(r.papers[0].authors == std::vector<std::string>{"A B"});
  CHECK(r.papers[0].announced == "2025-03-19");
  REQUIRE(r.report.errors.size() == 3);
  CHECK(r.report.errors[0].message == R"(expected a list of strings for "categories", got a string)");
  CHECK(r.report.errors[1].message == R"(expected strings in a list for "categories", got a number)");
  CHECK(r.report.errors[2].message == R"(expected a string for "comment", got an array)");
  CHECK(r.report.errors[2].line == 3);
  CHECK(r.report.rejected == 3);
}

TEST_CASE("daily-arxiv errors: a line without id or text is rejected", "[daily-arxiv]") {
  auto r = test::read_text(R"({"id": "2503.00001", "title": "", "summary": ""})"
                           "\n"
                           R"({"title": "", "summary": "", "categories": []})"
                           "\n",
                           Format::daily_arxiv);
  CHECK(r.papers.empty());
  REQUIRE(r.report.errors.size() == 2);
  CHECK(r.report.errors[0].code == ErrorCode::missing_field);
  CHECK(r.report.errors[1].code == ErrorCode::missing_field);
  CHECK(r.report.errors[1].line == 2);
}
