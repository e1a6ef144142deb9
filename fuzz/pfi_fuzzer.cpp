// The .pfi loader on any bytes, as a hostile writer makes them: the checksum is recomputed
// before loading, so mutations reach every section's validation, not only the checksum check.
// A loaded index must answer every kind of request without reading out of bounds, and write
// bytes that load again and write the same bytes.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "fuzz_support.hpp"
#include "index/binary.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"

using namespace paperfeed;

namespace {

/** Recomputes the checksum of @p bytes when their header is whole (the section count at byte 12). */
void reseal(std::string& bytes) {
  if (bytes.size() < 16) return;
  std::uint32_t sections = 0;
  std::memcpy(&sections, bytes.data() + 12, 4);
  const std::size_t header = detail::pfi_header_size(sections);
  if (sections > 1024 || header > bytes.size()) return;
  const std::uint64_t sum = detail::pfi_checksum(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), header);
  std::memcpy(bytes.data() + header - 8, &sum, 8);
}

/** Searches, looks up, suggests and lists: every reader of the loaded sections. */
void exercise(const Index& index) {
  const IndexStats stats = index.stats();
  fuzz::require(stats.papers == index.size(), "stats and size disagree");
  const std::vector<Paper> papers = index.papers();
  for (const Paper& paper : papers) fuzz::require(fuzz::valid_utf8(paper.id), "a stored id is not valid UTF-8");
  Searcher searcher(index);
  SearchOptions options;
  options.facets = true;
  for (const char* query : {"diffusion video", "\"video diffusion\"", "graph*", "difusion~2", "cat:cs.RO year:2024", "upvotes:>=1", ""}) {
    const Results results = searcher.search(query, options);
    fuzz::require(results.hits.size() <= options.limit && results.total >= results.hits.size(), "unsound results");
  }
  options.sort = SortOrder::trending;
  (void)searcher.search("", options);
  if (!papers.empty()) {
    (void)index.find(papers.front().id);
    (void)searcher.similar(papers.front().id);
  }
  (void)searcher.suggest("vi");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  reseal(bytes);
  const auto loaded = Index::load(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  if (!loaded) {
    fuzz::require(!loaded.error().message.empty(), "a refused index without a message");
    return 0;
  }
  exercise(*loaded);
  const std::string written = loaded->serialize();
  auto again = Index::load(written);
  fuzz::require(static_cast<bool>(again), "a loaded index writes bytes that do not load", again ? "" : again.error().message);
  fuzz::require(again->serialize() == written, "an index written twice differs");
  return 0;
}
