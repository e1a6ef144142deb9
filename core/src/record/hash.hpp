#pragma once
// FNV-1a (64 bits) and its hex form: stable ids from content (title ids, digest feed ids,
// message ids and MIME boundaries).

#include <cstdint>
#include <string>
#include <string_view>

namespace paperfeed::detail {

/** FNV-1a, 64 bits, of @p text's bytes. */
inline std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

/** @p value as 16 lower-case hex digits. */
inline std::string hex64(std::uint64_t value) {
  std::string hex(16, '0');
  for (std::size_t i = 16; i-- > 0; value >>= 4) hex[i] = "0123456789abcdef"[value & 0xF];
  return hex;
}

}  // namespace paperfeed::detail
