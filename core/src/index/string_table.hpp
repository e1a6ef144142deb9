#pragma once
/**
 * @file string_table.hpp
 * An insert-only map from strings to dense ids (0, 1, 2, … in order of first insertion) for
 * building segments: open addressing with linear probing over one array of slots, the strings
 * back to back in one arena. Several times faster than std::unordered_map<std::string, …> for
 * the millions of lookups an index build makes, and far fewer allocations.
 */

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace paperfeed::detail {

/** Strings to dense ids (see the file comment). */
class StringTable {
 public:
  /** The id of @p key, adding it with the next id when new. */
  std::uint32_t intern(std::string_view key) {
    if ((ids_.size() + 1) * 4 > slots_.size() * 3) grow();
    const std::uint64_t hash = hash_of(key);
    for (std::size_t at = hash & mask_;; at = (at + 1) & mask_) {
      Slot& slot = slots_[at];
      if (slot.id == kEmpty) {
        slot = Slot{hash, arena_.size(), static_cast<std::uint32_t>(key.size()), static_cast<std::uint32_t>(ids_.size())};
        ids_.push_back({arena_.size(), key.size()});
        arena_.append(key);
        return slot.id;
      }
      if (matches(slot, hash, key)) return slot.id;
    }
  }

  /** The id of @p key, or kMissing. */
  std::uint32_t find(std::string_view key) const noexcept {
    if (slots_.empty()) return kMissing;
    const std::uint64_t hash = hash_of(key);
    for (std::size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.id == kEmpty) return kMissing;
      if (matches(slot, hash, key)) return slot.id;
    }
  }

  /** The string with id @p id (valid until the next intern()). */
  std::string_view at_id(std::uint32_t id) const noexcept {
    return std::string_view(arena_).substr(ids_[id].offset, ids_[id].size);
  }
  /** Number of strings. */
  std::size_t size() const noexcept { return ids_.size(); }

  /** What find() returns for an absent key. */
  static constexpr std::uint32_t kMissing = ~std::uint32_t{0};

 private:
  static constexpr std::uint32_t kEmpty = ~std::uint32_t{0};
  /** A slot carries where its string is, so a probe compares without another lookup. */
  struct Slot {
    std::uint64_t hash = 0;
    std::size_t offset = 0;
    std::uint32_t size = 0;
    std::uint32_t id = kEmpty;
  };

  bool matches(const Slot& slot, std::uint64_t hash, std::string_view key) const noexcept {
    return slot.hash == hash && slot.size == key.size() && std::memcmp(arena_.data() + slot.offset, key.data(), key.size()) == 0;
  }
  struct Span {
    std::size_t offset, size;
  };

  /** FNV-1a, mixed so that linear probing on the low bits spreads well. */
  static std::uint64_t hash_of(std::string_view key) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : key) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return h ^ (h >> 29);
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.id == kEmpty) continue;
      std::size_t at = slot.hash & mask_;
      while (slots_[at].id != kEmpty) at = (at + 1) & mask_;
      slots_[at] = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<Span> ids_;
  std::string arena_;
};

}  // namespace paperfeed::detail
