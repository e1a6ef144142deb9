#include <catch2/catch.hpp>

#include <filesystem>
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

TEST_CASE("paperfeed errors: positions count the input's bytes, before its UTF-8 is repaired", "[paperfeed-jsonl]") {
  // Each lone byte 0xFF becomes the three bytes of U+FFFD; the error must still point into the input.
  const std::string line1 = "\xEF\xBB\xBF{\"id\":\"2411.00001\",\"title\":\"t \xFF\xFF\xFF\"}\n";
  const std::string line2 = "{\"id\":\"2411.00002\",\"title\":\"\xFF\"} x\n";
  const std::string input = line1 + line2;
  const std::uint64_t x = line1.size() + line2.find(" x") + 1;

  auto read = test::read_text(input, Format::paperfeed);
  CHECK(read.report.utf8_repairs == 4);
  CHECK(read.papers.size() == 1);
  REQUIRE(read.report.errors.size() == 1);
  CHECK(read.report.errors[0].line == 2);
  CHECK(read.report.errors[0].offset == line1.size() + read.report.errors[0].column - 1);  // the repairs do not move it
  CHECK(read.report.errors[0].offset <= x);

  // Streamed from a file, a line is repaired apart from its batch: the error stays on its line.
  const auto path = test::write_temp("positions.jsonl", input);
  auto streamed = test::read_path(path);
  std::filesystem::remove(path);
  REQUIRE(streamed.report.errors.size() == 1);
  CHECK(streamed.report.errors[0].line == 2);
  CHECK(streamed.report.errors[0].offset >= line1.size());
  CHECK(streamed.report.errors[0].offset < input.size());
}

TEST_CASE("paperfeed errors: a byte order mark counts in streamed positions too", "[paperfeed-jsonl]") {
  const std::string input = "\xEF\xBB\xBF{\"id\":\"2411.00001\",\"title\":\"t\",\"upvotes\":\"many\"}\n";
  const auto path = test::write_temp("bom.jsonl", input);
  auto streamed = test::read_path(path);
  std::filesystem::remove(path);
  auto in_memory = test::read_text(input, Format::paperfeed);
  auto without_mark = test::read_text(input.substr(3), Format::paperfeed);
  REQUIRE(streamed.report.errors.size() == 1);
  REQUIRE(in_memory.report.errors.size() == 1);
  REQUIRE(without_mark.report.errors.size() == 1);
  CHECK(in_memory.report.errors[0].offset == without_mark.report.errors[0].offset + 3);
  CHECK(streamed.report.errors[0].offset == in_memory.report.errors[0].offset);
  CHECK(streamed.report.errors[0].column == in_memory.report.errors[0].column);
}

TEST_CASE("paperfeed errors: text quoted from the input is short, printable and one line", "[paperfeed-jsonl]") {
  // JSON escapes of ESC, a line feed, NEL (C1) and RIGHT-TO-LEFT OVERRIDE, then a long tail.
  const std::string hostile = "\\u001b[2J\\u001b[31mFAKE\\nline2\\u0085\\u202e" + std::string(100, 'x');
  auto read = test::read_text("{\"id\":\"2411.00001\",\"title\":\"t\",\"sources\":[\"" + hostile + "\"]}\n", Format::paperfeed);
  REQUIRE(read.report.errors.size() == 1);
  const std::string& message = read.report.errors[0].message;
  CHECK(message.find('\x1B') == std::string::npos);
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.find("\xE2\x80\xAE") == std::string::npos);
  CHECK(message.find("?[2J?[31mFAKE?line2??xxxx") != std::string::npos);
  CHECK(message.size() < 120);
}

TEST_CASE("paperfeed errors: a record's own id is quoted printable in its message", "[paperfeed-jsonl]") {
  // An id holding a line break and a header-like line must not start a line of its own on stderr.
  auto read = test::read_text("{\"id\":\"2612.000\\\" O'Neil\\nBcc: x\"}\n", Format::paperfeed);
  REQUIRE(read.report.errors.size() == 1);
  CHECK(read.report.errors[0].message.find('\n') == std::string::npos);
  CHECK(read.report.errors[0].message.find("?Bcc: x has neither a title nor an abstract") != std::string::npos);
}
