// Malformed snapshot input, and the JSON-lines reader shared by arxiv-oai, daily-arxiv and
// paperfeed: broken lines, oversized lines, cut files, invalid UTF-8, line ends, empty input.

#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string record(const std::string& id, const std::string& title = "A title") {
  return R"({"id":")" + id + R"(","title":")" + title +
         R"(","abstract":"An abstract.","categories":"cs.LG","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"}]})";
}

/** Reads @p text both in memory and streamed from a file in 16-byte batches. */
std::vector<test::Read> read_both(const std::string& text) {
  const auto path = test::write_temp("paperfeed-oai-error.jsonl", text);
  ReadOptions streamed;
  streamed.format = Format::arxiv_oai;
  streamed.stream_batch_bytes = 16;
  std::vector<test::Read> reads{test::read_text(text, Format::arxiv_oai, path.string()),
                                test::read_path(path, streamed)};
  std::filesystem::remove(path);
  return reads;
}

std::vector<std::string> ids(const std::vector<Paper>& papers) {
  std::vector<std::string> out;
  for (const auto& p : papers) out.push_back(p.id);
  return out;
}

/** Resident set size of this process now, in KiB (Linux). */
long current_rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

}  // namespace

TEST_CASE("arxiv-oai errors: a broken line is rejected with its line number, the next line loads", "[arxiv-oai]") {
  const std::string text = record("0704.0001") + "\n" + R"({"id":"0704.0002","title": ,"abstract":"x"})" + "\n" +
                           record("0704.0003") + "\n";
  for (const auto& r : read_both(text)) {
    CHECK(r.report.ok());
    CHECK(ids(r.papers) == std::vector<std::string>{"0704.0001", "0704.0003"});
    CHECK(r.report.rejected == 1);
    REQUIRE(r.report.errors.size() == 1);
    const Error& e = r.report.errors[0];
    CHECK(e.code == ErrorCode::malformed);
    CHECK(e.line == 2);
    CHECK(e.offset >= record("0704.0001").size() + 1);
    CHECK(e.file.find("paperfeed-oai-error.jsonl") != std::string::npos);
  }
}

TEST_CASE("arxiv-oai errors: wrong types are rejected naming the field", "[arxiv-oai]") {
  const std::string text = R"({"id":"0704.0001","title":42,"abstract":"x"})"
                           "\n"
                           R"([1,2,3])"
                           "\n"
                           R"({"id":"0704.0003","title":"t","authors_parsed":[["Last","First",""],"Oops"]})"
                           "\n"
                           R"({"id":"not an id","title":"t"})"
                           "\n" +
                           record("0704.0005") + "\n";
  for (const auto& r : read_both(text)) {
    CHECK(ids(r.papers) == std::vector<std::string>{"0704.0005"});
    CHECK(r.report.rejected == 4);
    REQUIRE(r.report.errors.size() == 4);
    CHECK(r.report.errors[0].message == R"(expected a string for "title", got a number)");
    CHECK(r.report.errors[0].code == ErrorCode::invalid_value);
    CHECK(r.report.errors[0].line == 1);
    CHECK(r.report.errors[0].column == 27);
    CHECK(r.report.errors[1].message == "expected a JSON object for a record, got an array");
    CHECK(r.report.errors[1].line == 2);
    CHECK(r.report.errors[2].message == R"(expected a list of strings for "authors_parsed", got a string)");
    CHECK(r.report.errors[3].message == R"(expected an arXiv id for "id", got "not an id")");
    CHECK(r.report.errors[3].line == 4);
  }
}

TEST_CASE("arxiv-oai errors: a record without title and abstract, and one with trailing JSON", "[arxiv-oai]") {
  const std::string text = R"({"id":"0704.0001","title":null,"abstract":null})"
                           "\n" +
                           record("0704.0002") + " {}\n" + record("0704.0003") + "\n";
  for (const auto& r : read_both(text)) {
    CHECK(ids(r.papers) == std::vector<std::string>{"0704.0003"});
    REQUIRE(r.report.errors.size() == 2);
    CHECK(r.report.errors[0].code == ErrorCode::missing_field);
    CHECK(r.report.errors[1].code == ErrorCode::malformed);
    CHECK(r.report.errors[1].line == 2);
  }
}

TEST_CASE("arxiv-oai errors: a line over the record limit is rejected and skipped", "[arxiv-oai]") {
  const std::string big = R"({"id":"0704.0002","title":")" + std::string(5000, 'x') + R"("})";
  const std::string text = record("0704.0001") + "\n" + big + "\n" + record("0704.0003") + "\n";
  const auto path = test::write_temp("paperfeed-oai-limit.jsonl", text);
  for (std::size_t batch : {std::size_t{64}, std::size_t{1000}, std::size_t{1} << 20}) {
    ReadOptions options;
    options.limits.max_record_bytes = 1000;
    options.stream_batch_bytes = batch;
    auto r = test::read_path(path, options);
    INFO("batch " << batch);
    CHECK(ids(r.papers) == std::vector<std::string>{"0704.0001", "0704.0003"});
    REQUIRE(r.report.errors.size() == 1);
    CHECK(r.report.errors[0].code == ErrorCode::too_large);
    CHECK(r.report.errors[0].message == "record of " + std::to_string(big.size()) + " bytes is over the 1000 bytes limit");
    CHECK(r.report.errors[0].line == 2);
    CHECK(r.report.errors[0].offset == record("0704.0001").size() + 1);
  }
  std::filesystem::remove(path);
}

TEST_CASE("arxiv-oai errors: a 50 MB line is skipped without being held", "[arxiv-oai]") {
  const auto path = test::temp_path("paperfeed-oai-50mb.jsonl");
  constexpr std::size_t kLine = std::size_t{50} << 20;
  {
    std::ofstream out(path, std::ios::binary);
    out << record("0704.0001") << "\n" << R"({"id":"0704.0002","abstract":")";
    const std::string chunk(1 << 20, 'a');
    std::size_t written = std::string(R"({"id":"0704.0002","abstract":")").size();
    while (written + chunk.size() + 2 <= kLine) {
      out << chunk;
      written += chunk.size();
    }
    out << std::string(kLine - written - 2, 'a') << "\"}\n" << record("0704.0003") << "\n";
  }
  // In a child process, so that its peak resident size is this read's alone.
  const long before_kib = current_rss_kib();
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto r = test::read_path(path);
    const bool right = ids(r.papers) == std::vector<std::string>{"0704.0001", "0704.0003"} &&
                       r.report.errors.size() == 1 &&
                       r.report.errors[0].message == "record of 52428800 bytes is over the 16 MiB limit" &&
                       r.report.errors[0].line == 2;
    _exit(right ? 0 : 1);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  std::filesystem::remove(path);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  INFO("child peak " << usage.ru_maxrss << " KiB, parent resident " << before_kib << " KiB at fork");
  // One 8 MiB batch plus a carried partial line of at most 16 MiB: well under the 50 MB line.
  CHECK(usage.ru_maxrss - before_kib < 40 * 1024);
}

TEST_CASE("arxiv-oai errors: a deeply nested line is rejected, the next line loads", "[arxiv-oai]") {
  const std::string deep = R"({"id":"0704.0002","title":"t","extra":)" + std::string(100000, '[') +
                           std::string(100000, ']') + "}";
  const std::string text = record("0704.0001") + "\n" + deep + "\n" + record("0704.0003") + "\n";
  for (const auto& r : read_both(text)) {
    CHECK(ids(r.papers) == std::vector<std::string>{"0704.0001", "0704.0003"});
    REQUIRE(r.report.errors.size() == 1);
    CHECK(r.report.errors[0].code == ErrorCode::too_deep);
    CHECK(r.report.errors[0].line == 2);
  }
  // Within the limit, an unknown nested value is skipped and the record kept.
  const std::string nested = R"({"id":"0704.0002","title":"t","extra":)" + std::string(60, '[') +
                             std::string(60, ']') + "}";
  CHECK(test::read_text(nested, Format::arxiv_oai).papers.size() == 1);
}

TEST_CASE("arxiv-oai errors: a cut last line is reported as truncated", "[arxiv-oai]") {
  const std::string full = record("0704.0003");
  for (std::size_t cut : {std::size_t{10}, full.size() / 2, full.size() - 1}) {
    const std::string text = record("0704.0001") + "\n" + record("0704.0002") + "\n" + full.substr(0, cut);
    for (const auto& r : read_both(text)) {
      INFO("cut at " << cut);
      CHECK(r.report.ok());
      CHECK(r.report.truncated);
      CHECK(ids(r.papers) == std::vector<std::string>{"0704.0001", "0704.0002"});
      REQUIRE(r.report.errors.size() == 1);
      CHECK(r.report.errors[0].code == ErrorCode::truncated);
      CHECK(r.report.errors[0].line == 3);
    }
  }
  // No final newline after a complete line is no cut.
  for (const auto& r : read_both(record("0704.0001") + "\n" + record("0704.0002"))) {
    CHECK(!r.report.truncated);
    CHECK(r.papers.size() == 2);
  }
}

TEST_CASE("arxiv-oai errors: a cut JSON array keeps its complete records", "[arxiv-oai]") {
  const std::string array = "[" + record("0704.0001") + ",\n" + record("0704.0002") + ",\n" + record("0704.0003") + "]";
  const std::size_t third = array.find(record("0704.0003"));
  for (std::size_t cut : {third + 20, third + 80, array.size() - 1}) {
    auto r = test::read_text(array.substr(0, cut), Format::arxiv_oai);
    INFO("cut at " << cut);
    CHECK(r.report.ok());
    CHECK(r.report.truncated);
    const auto expected = cut == array.size() - 1
                              ? std::vector<std::string>{"0704.0001", "0704.0002", "0704.0003"}
                              : std::vector<std::string>{"0704.0001", "0704.0002"};
    CHECK(ids(r.papers) == expected);
  }
  auto broken = test::read_text("[" + record("0704.0001") + ",\n{\"id\":\"0704.0002\",}]", Format::arxiv_oai);
  CHECK(ids(broken.papers) == std::vector<std::string>{"0704.0001"});
  CHECK(broken.report.fatal.code == ErrorCode::malformed);
  CHECK(broken.report.fatal.line == 2);
}

TEST_CASE("arxiv-oai errors: invalid UTF-8 in a streamed batch is repaired and counted", "[arxiv-oai]") {
  const std::string text = record("0704.0001") + "\n" + record("0704.0002", "Bad \xC3\x28 byte and \xFF") + "\n" +
                           record("0704.0003") + "\n";
  const auto path = test::write_temp("paperfeed-oai-utf8.jsonl", text);
  ReadOptions options;
  options.stream_batch_bytes = 50;
  auto r = test::read_path(path, options);
  std::filesystem::remove(path);
  CHECK(r.report.ok());
  CHECK(ids(r.papers) == std::vector<std::string>{"0704.0001", "0704.0002", "0704.0003"});
  CHECK(r.report.utf8_repairs == 2);
  REQUIRE(r.papers.size() == 3);
  CHECK(r.papers[1].title == "Bad \xEF\xBF\xBD( byte and \xEF\xBF\xBD");
}

TEST_CASE("arxiv-oai errors: CRLF line ends, blank lines, empty input", "[arxiv-oai]") {
  for (const auto& r : read_both("\r\n" + record("0704.0001") + "\r\n\r\n  \t\r\n" + record("0704.0002") + "\r\n")) {
    CHECK(r.report.ok());
    CHECK(r.report.errors.empty());
    CHECK(ids(r.papers) == std::vector<std::string>{"0704.0001", "0704.0002"});
  }
  for (const std::string empty : {"", "\n\n   \n\r\n"}) {
    for (const auto& r : read_both(empty)) {
      CHECK(r.report.ok());
      CHECK(r.papers.empty());
      CHECK(r.report.errors.empty());
    }
  }
}
