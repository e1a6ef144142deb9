// read_feed's limits (Limits: max_record_bytes, max_feed_bytes, max_depth, max_errors), whatever
// the format: a feed at each limit reads whole, one step over it is reported, never a crash.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

/** A canonical record with @p id and, when given, more fields (`,"comment":"…"`). */
std::string record(const std::string& id, const std::string& more = "") {
  return R"({"id":")" + id + R"(","title":"t")" + more + "}";
}

/** @p text read in memory as @p format under @p options. */
test::Read read_with(std::string_view text, Format format, ReadOptions options) {
  options.format = format;
  test::Read r;
  r.report = read_feed(text, options, [&](Paper&& p) { r.papers.push_back(std::move(p)); });
  return r;
}

/** An hf-daily list of @p count items: a format that is read whole, not streamed. */
std::string hf_daily_feed(int count) {
  std::string text = "[";
  for (int i = 1; i <= count; ++i) {
    if (i > 1) text += ",";
    text += R"({"paper":{"id":"2401.0000)" + std::to_string(i) + R"(","title":"T","summary":"An abstract."}})";
  }
  return text + "]";
}

}  // namespace

TEST_CASE("max_record_bytes: a record of exactly the limit is read, one byte longer is rejected", "[feeds][limits]") {
  const std::string first = record("2411.00001");
  const std::string second = record("2411.00002", R"(,"comment":"a longer record")");
  const std::string lines = first + "\n" + second + "\n";
  ReadOptions options;
  options.limits.max_record_bytes = second.size();
  const auto whole = read_with(lines, Format::paperfeed, options);
  CHECK(whole.papers.size() == 2);
  CHECK(whole.report.errors.empty());

  options.limits.max_record_bytes = second.size() - 1;
  const auto cut = read_with(lines, Format::paperfeed, options);
  REQUIRE(cut.report.ok());
  REQUIRE(cut.papers.size() == 1);
  CHECK(cut.papers[0].id == "2411.00001");
  REQUIRE(cut.report.errors.size() == 1);
  CHECK(cut.report.errors[0].code == ErrorCode::too_large);
  CHECK(cut.report.errors[0].line == 2);
  CHECK(cut.report.errors[0].message ==
        "record of " + std::to_string(second.size()) + " bytes is over the " + std::to_string(second.size() - 1) + " bytes limit");

  const std::string array = "[" + first + "," + second + "]";
  options.limits.max_record_bytes = second.size();
  CHECK(read_with(array, Format::paperfeed, options).papers.size() == 2);
  options.limits.max_record_bytes = second.size() - 1;
  const auto array_cut = read_with(array, Format::paperfeed, options);
  CHECK(array_cut.papers.size() == 1);
  REQUIRE(array_cut.report.errors.size() == 1);
  CHECK(array_cut.report.errors[0].code == ErrorCode::too_large);
  CHECK(array_cut.report.errors[0].offset == first.size() + 2);
}

TEST_CASE("max_record_bytes: the same bound holds when JSON lines are streamed in batches", "[feeds][limits]") {
  const std::string first = record("2411.00001");
  const std::string second = record("2411.00002", R"(,"comment":"a longer record")");
  const auto path = test::write_temp("record-limit.jsonl", first + "\n" + second + "\n" + first + "\n");
  for (const std::size_t batch : {std::size_t{16}, std::size_t{64}, std::size_t{1} << 20}) {
    INFO("batch " << batch);
    ReadOptions options;
    options.stream_batch_bytes = batch;
    options.limits.max_record_bytes = second.size();
    const auto whole = test::read_path(path, options);
    CHECK(whole.papers.size() == 3);
    CHECK(whole.report.errors.empty());
    options.limits.max_record_bytes = second.size() - 1;
    const auto cut = test::read_path(path, options);
    CHECK(cut.papers.size() == 2);
    REQUIRE(cut.report.errors.size() == 1);
    CHECK(cut.report.errors[0].code == ErrorCode::too_large);
    CHECK(cut.report.errors[0].line == 2);
  }
  std::filesystem::remove(path);
}

TEST_CASE("max_feed_bytes: a feed of exactly the limit is read, one byte more is refused whole", "[feeds][limits]") {
  const std::string text = hf_daily_feed(3);
  ReadOptions options;
  options.limits.max_feed_bytes = text.size();
  const auto whole = read_with(text, Format::hf_daily, options);
  CHECK(whole.report.ok());
  CHECK(whole.papers.size() == 3);

  options.limits.max_feed_bytes = text.size() - 1;
  const auto refused = read_with(text, Format::hf_daily, options);
  CHECK(refused.papers.empty());
  CHECK(refused.report.fatal.code == ErrorCode::too_large);
  CHECK(refused.report.fatal.message.find(std::to_string(text.size() - 1) + " bytes") != std::string::npos);

  const auto path = test::write_temp("feed-limit.json", text);
  options.format.reset();
  options.limits.max_feed_bytes = text.size();
  CHECK(test::read_path(path, options).papers.size() == 3);
  options.limits.max_feed_bytes = text.size() - 1;
  const auto file_refused = test::read_path(path, options);
  CHECK(file_refused.papers.empty());
  CHECK(file_refused.report.fatal.code == ErrorCode::too_large);
  std::filesystem::remove(path);
}

TEST_CASE("max_feed_bytes: JSON lines from a file are streamed, so the bound does not apply", "[feeds][limits]") {
  const std::string lines = record("2411.00001") + "\n" + record("2411.00002") + "\n";
  const auto path = test::write_temp("feed-limit.jsonl", lines);
  ReadOptions options;
  options.limits.max_feed_bytes = lines.size() / 2;
  options.stream_batch_bytes = 16;
  const auto streamed = test::read_path(path, options);
  std::filesystem::remove(path);
  CHECK(streamed.report.ok());
  CHECK(streamed.papers.size() == 2);
}

TEST_CASE("max_depth: JSON and XML nested up to the limit are read, one level deeper is refused", "[feeds][limits]") {
  // The record is level 1, "x" level 2, the array in it level 3, the number level 4.
  const std::string lines = record("2411.00001") + "\n" + record("2411.00002", R"(,"x":[[1]])") + "\n";
  ReadOptions options;
  options.limits.max_depth = 4;
  const auto whole = read_with(lines, Format::paperfeed, options);
  CHECK(whole.papers.size() == 2);
  CHECK(whole.report.errors.empty());
  options.limits.max_depth = 3;
  const auto deep = read_with(lines, Format::paperfeed, options);
  CHECK(deep.papers.size() == 1);
  REQUIRE(deep.report.errors.size() == 1);
  CHECK(deep.report.errors[0].code == ErrorCode::too_deep);
  CHECK(deep.report.errors[0].line == 2);

  // feed is level 1, entry 2, id and title 3.
  const std::string atom = R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>)"
                           "<title>T</title><summary>An abstract.</summary></entry></feed>";
  options.limits.max_depth = 3;
  const auto xml = read_with(atom, Format::arxiv_atom, options);
  CHECK(xml.report.ok());
  CHECK(xml.papers.size() == 1);
  options.limits.max_depth = 2;
  const auto xml_deep = read_with(atom, Format::arxiv_atom, options);
  CHECK(xml_deep.papers.empty());
  CHECK(xml_deep.report.fatal.code == ErrorCode::too_deep);
  CHECK(xml_deep.report.fatal.message == "XML elements nested deeper than the limit of 2 levels");
}

TEST_CASE("max_errors: errors up to the limit are kept, further ones only counted", "[feeds][limits]") {
  std::string lines;
  for (int i = 1; i <= 3; ++i) lines += R"({"id":"2411.0000)" + std::to_string(i) + R"(","title":"t","upvotes":"many"})" "\n";
  ReadOptions options;
  options.limits.max_errors = 3;
  const auto kept = read_with(lines, Format::paperfeed, options);
  CHECK(kept.report.rejected == 3);
  CHECK(kept.report.errors.size() == 3);
  CHECK(kept.report.errors_dropped == 0);

  options.limits.max_errors = 2;
  const auto counted = read_with(lines, Format::paperfeed, options);
  CHECK(counted.report.rejected == 3);
  REQUIRE(counted.report.errors.size() == 2);
  CHECK(counted.report.errors[1].line == 2);
  CHECK(counted.report.errors_dropped == 1);
}
