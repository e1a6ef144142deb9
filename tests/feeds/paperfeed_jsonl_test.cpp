#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "paperfeed/export.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

/** The fixture's JSON lines joined into one JSON array. */
std::string lines_to_array(const std::string& lines) {
  std::string out = "[";
  std::size_t start = 0;
  while (start < lines.size()) {
    std::size_t end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    const std::string line = lines.substr(start, end - start);
    if (!line.empty()) out += (out.size() > 1 ? ",\n" : "") + line;
    start = end + 1;
  }
  return out + "]";
}

void check_canonical_records(const std::vector<Paper>& papers) {
  REQUIRE(papers.size() == 3);
  const Paper& a = papers[0];
  CHECK(a.id == "2411.02327");
  CHECK(a.title == "A canonical title");
  CHECK(a.abstract == "One line of abstract.");
  CHECK(a.authors == std::vector<std::string>{"Ada Lovelace", "Alan Turing"});
  CHECK(a.categories == std::vector<std::string>{"cs.LG", "stat.ML"});
  CHECK(a.primary_category == "cs.LG");
  CHECK(a.published == "2024-11-04");
  CHECK(a.updated == "2024-11-05");
  CHECK(a.announced == "2024-11-06");
  CHECK(a.upvotes == 12);
  CHECK(a.comments == 3);
  CHECK(a.github == "https://github.com/example/repo");
  CHECK(a.stars == 87);
  CHECK(!a.citations);
  CHECK(a.keywords == std::vector<std::string>{"diffusion", "video"});
  CHECK(a.comment == "NeurIPS 2024");
  CHECK(a.doi.empty());
  CHECK(a.url == "https://arxiv.org/abs/2411.02327");
  CHECK(a.pdf == "https://arxiv.org/pdf/2411.02327");
  CHECK(a.project_page == "https://example.org/project");
  CHECK(a.ai_summary == "A one-sentence summary.");
  CHECK(a.journal_ref.empty());
  CHECK(a.license == "http://creativecommons.org/licenses/by/4.0/");
  CHECK(a.announce_type == "new");
  // The sources a canonical record names are kept as they are (lossless round trip) ...
  CHECK(a.sources.list() == std::vector<Format>{Format::hf_daily, Format::arxiv_atom});

  const Paper& b = papers[1];
  CHECK(b.id == "doi:10.1000/xyz123");
  CHECK(b.authors == std::vector<std::string>{"Émile Zola"});
  CHECK(b.categories.empty());
  CHECK(b.published == "2023");
  CHECK(b.updated.empty());
  CHECK(!b.upvotes);
  CHECK(b.citations == 42);
  CHECK(b.keywords.empty());
  CHECK(b.doi == "10.1000/xyz123");
  CHECK(b.journal_ref == "J. Examples 1 (2023) 1");
  CHECK(b.sources.list() == std::vector<Format>{Format::s2});

  const Paper& c = papers[2];
  CHECK(c.id == "hep-th/9901001");
  CHECK(c.title.empty());
  CHECK(c.abstract == "Only an abstract, keys out of order.");
  CHECK(c.published == "1999-01-01");
  // ... and a record that names none comes from paperfeed.
  CHECK(c.sources.list() == std::vector<Format>{Format::paperfeed});
}

}  // namespace

// Detected, not forced: the records carry Hugging Face keys (upvotes) as well as paperfeed's own.
TEST_CASE("paperfeed: canonical JSON lines are read as written", "[paperfeed-jsonl]") {
  auto r = test::read_path(test::fixture("paperfeed-canonical.jsonl"));
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::paperfeed);
  CHECK(r.report.rejected == 0);
  CHECK(r.report.errors.empty());
  check_canonical_records(r.papers);
}

TEST_CASE("paperfeed: the same records as a JSON array, in memory and streamed in tiny batches",
          "[paperfeed-jsonl]") {
  const std::string lines = test::slurp(test::fixture("paperfeed-canonical.jsonl"));
  auto array = test::read_text(lines_to_array(lines), Format::paperfeed);
  REQUIRE(array.report.ok());
  REQUIRE(array.report.format == Format::paperfeed);
  check_canonical_records(array.papers);

  auto in_memory = test::read_text(lines, Format::paperfeed);
  REQUIRE(in_memory.report.ok());
  check_canonical_records(in_memory.papers);

  ReadOptions tiny;
  tiny.format = Format::paperfeed;
  tiny.stream_batch_bytes = 7;
  auto streamed = test::read_path(test::fixture("paperfeed-canonical.jsonl"), tiny);
  REQUIRE(streamed.report.ok());
  check_canonical_records(streamed.papers);
}

TEST_CASE("paperfeed: read, written by write_papers and read again, records come back the same",
          "[paperfeed-jsonl]") {
  ReadOptions options;
  options.format = Format::paperfeed;
  const auto first = test::read_path(test::fixture("paperfeed-canonical.jsonl"), options);
  REQUIRE(first.papers.size() == 3);
  for (const ExportFormat format : {ExportFormat::jsonl, ExportFormat::json}) {
    INFO(export_format_name(format));
    std::string written;
    write_papers(first.papers, format, [&](std::string_view piece) { written += piece; });
    const auto second = test::read_text(written, Format::paperfeed);
    REQUIRE(second.report.ok());
    CHECK(second.report.errors.empty());
    check_canonical_records(second.papers);
    std::string rewritten;
    write_papers(second.papers, format, [&](std::string_view piece) { rewritten += piece; });
    CHECK(rewritten == written);
  }
}
