#include <catch2/catch.hpp>

#include <string>

#include "test_support.hpp"

using namespace paperfeed;

TEST_CASE("paperfeed errors: unknown sources and wrong types are rejected with a message", "[paperfeed-jsonl]") {
  const std::string text = R"({"id":"2411.00001","title":"t","sources":["hf-daily","rss-magic"]})"
                           "\n"
                           R"({"id":"2411.00002","title":"t","upvotes":"many"})"
                           "\n"
                           R"({"id":"2411.00003","title":"t","authors":"One Author"})"
                           "\n"
                           R"({"id":"2411.00004","title":"t","stars":"87","citations":3.0,"sources":null})"
                           "\n";
  auto r = test::read_text(text, Format::paperfeed);
  CHECK(r.report.ok());
  REQUIRE(r.papers.size() == 1);
  CHECK(r.papers[0].id == "2411.00004");
  CHECK(r.papers[0].stars == 87);
  CHECK(r.papers[0].citations == 3);
  REQUIRE(r.report.errors.size() == 3);
  CHECK(r.report.errors[0].message == R"(unknown format "rss-magic" in "sources")");
  CHECK(r.report.errors[0].code == ErrorCode::invalid_value);
  CHECK(r.report.errors[1].message == R"(expected a count for "upvotes", got a string)");
  CHECK(r.report.errors[1].line == 2);
  CHECK(r.report.errors[2].message == R"(expected a list of strings for "authors", got a string)");
}

TEST_CASE("paperfeed errors: neither a JSON array nor JSON lines", "[paperfeed-jsonl]") {
  auto r = test::read_text("\"just a string\"", Format::paperfeed);
  CHECK(!r.report.ok());
  CHECK(r.report.fatal.code == ErrorCode::malformed);
  CHECK(r.papers.empty());

  auto scalars = test::read_text(R"([{"id":"2411.00001","title":"t"}, 5, "x", {"id":"2411.00002","title":"t"}])",
                                 Format::paperfeed);
  CHECK(scalars.report.ok());
  CHECK(scalars.papers.size() == 2);
  REQUIRE(scalars.report.errors.size() == 2);
  CHECK(scalars.report.errors[0].message == "expected a JSON object for a record, got a number");
  CHECK(scalars.report.errors[1].message == "expected a JSON object for a record, got a string");

  // (An array followed by anything but a ']' counts as cut off instead.)
  auto trailing = test::read_text(R"([{"id":"2411.00001","title":"t"}] [{"id":"2411.00002","title":"t"}])",
                                  Format::paperfeed);
  CHECK(trailing.report.ok());
  CHECK(trailing.papers.size() == 1);
  REQUIRE(trailing.report.errors.size() == 1);
  CHECK(trailing.report.errors[0].message == "expected the input to end after the array");
  CHECK(trailing.report.errors[0].column == 35);
}
