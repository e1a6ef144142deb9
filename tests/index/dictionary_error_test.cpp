// Hostile bytes for the sorted string set: every truncation, bad counts, offsets and orders are
// refused with ErrorCode::malformed and a message; bytes that open can be read without a crash.

#include <catch2/catch.hpp>

#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "index/dictionary.hpp"

using namespace paperfeed;
using detail::SortedStrings;

namespace {

std::span<const std::uint8_t> as_bytes(std::string_view bytes) {
  return {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()};
}

/** A serialized set written by hand: @p count, then @p offsets, then @p blob. */
std::string serialized(std::uint32_t count, std::initializer_list<std::uint32_t> offsets, std::string_view blob) {
  std::string out;
  const auto put = [&](std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>(value >> shift & 0xFF);
  };
  put(count);
  for (std::uint32_t offset : offsets) put(offset);
  out.append(blob);
  return out;
}

std::string written(std::initializer_list<std::string_view> sorted) {
  const std::vector<std::string_view> strings(sorted);
  std::string out;
  SortedStrings::write(strings, out);
  return out;
}

/** The error open() gives for @p bytes, which must be refused as malformed. */
Error refusal(std::string_view bytes) {
  const auto opened = SortedStrings::open(as_bytes(bytes), "term dictionary");
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::malformed);
  return opened.error();
}

/**
 * Checks what any opened set promises, reading every string through every lookup, so a sanitizer
 * sees any read out of bounds: each string is found at its index, inside its own prefix range,
 * and at distance 0 of itself.
 */
void check_lookups(const SortedStrings& set) {
  for (std::size_t i = 0; i < set.size(); ++i) {
    const std::string_view text = set.at(i);
    CHECK(set.find(text) == i);
    const auto [first, last] = set.prefix_range(text);
    CHECK(first == i);
    CHECK(last > i);
    bool found_itself = false;
    set.fuzzy(text, 2, [&](std::size_t index, unsigned distance) {
      found_itself = found_itself || (index == i && distance == 0);
      return true;
    });
    CHECK(found_itself);
  }
}

}  // namespace

TEST_CASE("dictionary: a well-formed set opens", "[dictionary]") {
  const std::string bytes = serialized(3, {0, 1, 3, 6}, "abcdef");
  const auto opened = SortedStrings::open(as_bytes(bytes), "term dictionary");
  REQUIRE(opened.ok());
  CHECK(opened->size() == 3);
  CHECK(opened->at(2) == "def");
  CHECK(bytes == written({"a", "bc", "def"}));
}

TEST_CASE("dictionary: truncated at every byte", "[dictionary]") {
  const std::string bytes = written({"", "a", "bc", "\xC3\xA9t\xC3\xA9"});
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    INFO("cut at " << cut);
    const Error error = refusal(std::string_view(bytes).substr(0, cut));
    CHECK(error.message.rfind("term dictionary: ", 0) == 0);
  }
  CHECK(refusal(bytes.substr(0, 3)).message == "term dictionary: 3 bytes, expected at least 4 for the string count");
  CHECK(refusal(bytes.substr(0, 23)).message ==
        "term dictionary: count 4 needs 20 bytes of offsets, only 19 follow");
  CHECK(refusal(bytes.substr(0, bytes.size() - 1)).message ==
        "term dictionary: offset 8 at entry 4 is past the 7 bytes of strings");
}

TEST_CASE("dictionary: a huge count is refused", "[dictionary]") {
  const Error error = refusal(serialized(0xFFFFFFFF, {0, 1}, "a"));
  CHECK(error.message == "term dictionary: count 4294967295 needs 17179869184 bytes of offsets, only 9 follow");
  CHECK(error.offset == 0);
}

TEST_CASE("dictionary: bad offsets are refused", "[dictionary]") {
  Error error = refusal(serialized(2, {1, 1, 2}, "ab"));
  CHECK(error.message == "term dictionary: offsets start at 1, expected 0");
  CHECK(error.offset == 4);

  error = refusal(serialized(3, {0, 2, 1, 3}, "abc"));
  CHECK(error.message == "term dictionary: offsets not increasing at entry 2 (1 after 2)");
  CHECK(error.offset == 12);

  error = refusal(serialized(2, {0, 9, 9}, "abc"));
  CHECK(error.message == "term dictionary: offset 9 at entry 1 is past the 3 bytes of strings");
  CHECK(error.offset == 8);

  error = refusal(serialized(2, {0, 0xFFFFFFFF, 3}, "abc"));
  CHECK(error.message == "term dictionary: offset 4294967295 at entry 1 is past the 3 bytes of strings");

  error = refusal(serialized(2, {0, 1, 2}, "abc"));
  CHECK(error.message == "term dictionary: offsets end at 2 but 3 bytes of strings follow");
  CHECK(error.offset == 12);

  CHECK(refusal(serialized(0, {0}, "x")).message == "term dictionary: offsets end at 0 but 1 bytes of strings follow");
}

TEST_CASE("dictionary: unsorted and duplicate strings are refused", "[dictionary]") {
  Error error = refusal(serialized(3, {0, 1, 2, 3}, "abb"));
  CHECK(error.message == "term dictionary: entry 2 repeats entry 1");
  CHECK(error.offset == 22);

  error = refusal(serialized(2, {0, 2, 3}, "bba"));
  CHECK(error.message == "term dictionary: entry 1 sorts before entry 0");
  CHECK(error.offset == 18);

  // Bytes >= 0x80 sort after ASCII, as std::string_view compares them.
  CHECK(refusal(serialized(2, {0, 2, 3}, "\xC3\xA9z")).message == "term dictionary: entry 1 sorts before entry 0");
  CHECK(SortedStrings::open(as_bytes(serialized(2, {0, 1, 3}, "z\xC3\xA9")), "term dictionary").ok());

  CHECK(refusal(serialized(2, {0, 0, 0}, "")).message == "term dictionary: entry 1 repeats entry 0");
  CHECK(refusal(serialized(2, {0, 2, 3}, "aba")).message == "term dictionary: entry 1 sorts before entry 0");
}

TEST_CASE("dictionary: flipped bytes are refused or read safely", "[dictionary]") {
  const std::string original =
      written({"", "a", "ab", "abc", "b", "caf\xC3\xA9", "diffusion", "model", "z", "\xE2\x82\xAC", "\xFF"});
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> position(0, original.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::size_t opened_count = 0;
  for (int round = 0; round < 5000; ++round) {
    std::string bytes = original;
    for (int flips = 1 + round % 3; flips > 0; --flips) bytes[position(rng)] = static_cast<char>(byte(rng));
    const auto opened = SortedStrings::open(as_bytes(bytes), "term dictionary");
    if (!opened.ok()) {
      CHECK(opened.error().code == ErrorCode::malformed);
      continue;
    }
    ++opened_count;
    check_lookups(*opened);
  }
  CHECK(opened_count > 0);
}
