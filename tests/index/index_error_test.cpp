// .pfi bytes that are not a sound index: refused with one clear message, never read out of
// bounds (run under the asan preset), including hostile files whose checksum was recomputed.

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <string>

#include "index/binary.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

std::string golden_bytes() {
  Index index;
  for (const Paper& p : test::read_path(test::fixture("search-golden.jsonl")).papers) REQUIRE(index.add(p));
  return index.serialize();
}

Expected<Index> load(const std::string& bytes) {
  return Index::load(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

constexpr std::size_t kHeaderSize = detail::pfi_header_size(17);

/** Recomputes the checksum after a deliberate change, as a hostile writer would. */
void reseal(std::string& bytes) {
  const std::uint64_t sum = detail::pfi_checksum(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), kHeaderSize);
  std::memcpy(bytes.data() + kHeaderSize - 8, &sum, 8);
}

/** Offset and size of section @p kind (1-based) from the section table. */
std::pair<std::uint64_t, std::uint64_t> section(const std::string& bytes, std::size_t kind) {
  std::uint64_t offset = 0, size = 0;
  std::memcpy(&offset, bytes.data() + 16 + (kind - 1) * 24 + 8, 8);
  std::memcpy(&size, bytes.data() + 16 + (kind - 1) * 24 + 16, 8);
  return {offset, size};
}

/** Runs a few searches of every kind: they must finish whatever the index holds. */
void exercise(const Index& index) {
  Searcher searcher(index);
  for (const char* query : {"diffusion video", "\"video diffusion\"", "graph*", "difusion~2", "cat:cs.RO", "year:2024", ""}) {
    const Results results = searcher.search(query, {});
    CHECK(results.hits.size() <= 10);
  }
  (void)searcher.similar("2401.00001");
  (void)searcher.suggest("vid");
}

}  // namespace

TEST_CASE("bytes that are not an index are refused", "[index][errors]") {
  for (const std::string bytes : {std::string(), std::string("PF"), std::string("{\"id\":\"x\"}\n"), std::string(4096, '\0')}) {
    const auto loaded = load(bytes);
    REQUIRE_FALSE(loaded);
    CHECK((loaded.error().code == ErrorCode::malformed || loaded.error().code == ErrorCode::truncated));
  }
  const auto text = load("hello, this is not an index at all");
  REQUIRE_FALSE(text);
  CHECK(text.error().message == "not a valid paperfeed index: no PFINDEX magic at the start");
}

TEST_CASE("a truncated index is refused at every cut", "[index][errors]") {
  const std::string bytes = golden_bytes();
  for (std::size_t cut = 0; cut < bytes.size(); cut += 61) {
    INFO(cut);
    const auto loaded = load(bytes.substr(0, cut));
    REQUIRE_FALSE(loaded);
    CHECK(!loaded.error().message.empty());
  }
}

TEST_CASE("a flipped bit anywhere is caught", "[index][errors]") {
  const std::string bytes = golden_bytes();
  for (std::size_t at = 8; at < bytes.size(); at += 37) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    INFO(at);
    CHECK_FALSE(load(damaged));
  }
  std::string damaged = bytes;
  damaged[bytes.size() / 2] ^= 1;
  const auto loaded = load(damaged);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().message == "not a valid paperfeed index: checksum mismatch (the file is truncated or damaged)");
}

TEST_CASE("an index from a future version says so", "[index][errors]") {
  std::string bytes = golden_bytes();
  bytes[8] = 2;
  const auto loaded = load(bytes);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().code == ErrorCode::invalid_value);
  CHECK(loaded.error().message == "index format version 2 is not supported (this build reads version 1)");
}

TEST_CASE("hostile sections with a valid checksum are refused", "[index][errors]") {
  const std::string bytes = golden_bytes();
  SECTION("a section pointing past the end") {
    std::string hostile = bytes;
    const std::uint64_t far = bytes.size() + 100;
    std::memcpy(hostile.data() + 16 + 3 * 24 + 8, &far, 8);  // postings
    reseal(hostile);
    CHECK_FALSE(load(hostile));
  }
  SECTION("a term whose postings lie outside the postings section") {
    std::string hostile = bytes;
    const auto [info, size] = section(bytes, 3);  // term_info
    REQUIRE(size >= 32);
    const std::uint64_t huge = std::uint64_t{1} << 40;
    std::memcpy(hostile.data() + info, &huge, 8);
    reseal(hostile);
    const auto loaded = load(hostile);
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().message == "not a valid paperfeed index: postings of term 0 lie outside the postings section");
  }
  SECTION("a word pointing at a term that does not exist") {
    std::string hostile = bytes;
    const auto [words, size] = section(bytes, 6);  // word_terms
    REQUIRE(size >= 4);
    const std::uint32_t bad = 1u << 30;
    std::memcpy(hostile.data() + words, &bad, 4);
    reseal(hostile);
    CHECK_FALSE(load(hostile));
  }
  SECTION("a record offset table that runs backwards") {
    std::string hostile = bytes;
    const auto [records, size] = section(bytes, 14);
    const std::uint64_t back = 5;
    std::memcpy(hostile.data() + records + 16, &back, 8);
    std::memcpy(hostile.data() + records + 24, &back, 8);
    std::uint64_t first = 9;
    std::memcpy(hostile.data() + records + 8, &first, 8);
    reseal(hostile);
    CHECK_FALSE(load(hostile));
  }
}

TEST_CASE("garbage postings with a valid checksum load but never read out of bounds", "[index][errors]") {
  const std::string bytes = golden_bytes();
  const auto [postings, size] = section(bytes, 4);
  REQUIRE(size > 64);
  for (const char fill : {'\x00', '\x7f', '\xff', '\x81'}) {
    std::string hostile = bytes;
    for (std::uint64_t i = 0; i < size; i += 3) hostile[postings + i] = fill;
    reseal(hostile);
    auto loaded = load(hostile);
    REQUIRE(loaded);
    exercise(*loaded);
  }
}

TEST_CASE("max_index_bytes: an index of exactly the limit loads, one byte over is refused", "[index][errors][limits]") {
  const std::string bytes = golden_bytes();
  Limits limits;
  limits.max_index_bytes = bytes.size();
  CHECK(Index::load(bytes, limits));
  limits.max_index_bytes = bytes.size() - 1;
  const auto refused = Index::load(bytes, limits);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::too_large);
  CHECK(refused.error().message == "index of " + std::to_string(bytes.size()) + " bytes is over the limit of " +
                                       std::to_string(bytes.size() - 1) + " bytes (Limits::max_index_bytes)");
}

TEST_CASE("max_index_bytes: load_file refuses a file over the limit before reading it", "[index][errors][limits]") {
  const std::string bytes = golden_bytes();
  const std::string path = test::write_temp("limit.pfi", bytes).string();
  Limits limits;
  limits.max_index_bytes = bytes.size();
  CHECK(Index::load_file(path, limits));
  limits.max_index_bytes = bytes.size() - 1;
  const auto refused = Index::load_file(path, limits);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::too_large);
  CHECK(refused.error().file == path);

  // A sparse file just over the default limit: refused at once, never read into memory.
  const std::uint64_t huge = Limits{}.max_index_bytes + 1;
  std::filesystem::resize_file(path, huge);
  const auto sparse = Index::load_file(path);
  std::filesystem::remove(path);
  REQUIRE_FALSE(sparse);
  CHECK(sparse.error().code == ErrorCode::too_large);
  CHECK(sparse.error().to_string() == path + ": index of " + std::to_string(huge) + " bytes is over the limit of " +
                                          std::to_string(huge - 1) + " bytes (Limits::max_index_bytes)");
}

TEST_CASE("max_index_section_bytes: sections up to the limit load, a larger one is refused by name", "[index][errors][limits]") {
  const std::string bytes = golden_bytes();
  std::size_t largest_kind = 1;
  for (std::size_t kind = 2; kind <= 17; ++kind) {
    if (section(bytes, kind).second > section(bytes, largest_kind).second) largest_kind = kind;
  }
  const std::uint64_t largest = section(bytes, largest_kind).second;
  Limits limits;
  limits.max_index_section_bytes = largest;
  CHECK(Index::load(bytes, limits));
  limits.max_index_section_bytes = largest - 1;
  const auto refused = Index::load(bytes, limits);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::too_large);
  CHECK(refused.error().offset == 16 + (largest_kind - 1) * 24);  // its entry in the section table
  CHECK(refused.error().message.find(" of " + std::to_string(largest) + " bytes is over the limit of " +
                                     std::to_string(largest - 1) + " bytes (Limits::max_index_section_bytes)") != std::string::npos);
  CHECK(refused.error().message.rfind("index section records", 0) == 0);  // the stored records outweigh the rest here
}
