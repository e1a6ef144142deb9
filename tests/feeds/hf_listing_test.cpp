#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace paperfeed;

TEST_CASE("hf-listing: the embedded default corpus gives 263 papers", "[hf-listing]") {
  auto r = test::read_path(std::filesystem::path(PAPERFEED_EXAMPLES_DATA) / "hf-papers-page.txt");
  REQUIRE(r.report.ok());
  REQUIRE(r.report.format == Format::hf_listing);
  REQUIRE(r.papers.size() == 263);
  CHECK(r.report.rejected == 0);
  CHECK(r.papers.front().title == "GitChameleon: Unmasking the Version-Switching Capabilities of Code Generation Models");
  CHECK(r.papers.back().title == "Building another Spanish dictionary, this time with GPT-4");
  CHECK(r.papers.front().sources.contains(Format::hf_listing));
}
