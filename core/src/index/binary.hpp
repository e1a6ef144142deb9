#pragma once
/**
 * @file binary.hpp
 * Little-endian fixed-width values and varints, written to a std::string and read back from
 * bytes with every read checked against the end of its range.
 */

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace paperfeed::detail {

/** Size of a `.pfi` header: magic, version, section count, section table, checksum. */
inline constexpr std::size_t pfi_header_size(std::size_t sections) noexcept { return 8 + 4 + 4 + sections * 24 + 8; }

/**
 * The checksum of a `.pfi` file of @p size bytes whose header is @p header bytes long: every
 * byte except the checksum field itself (the header's last 8 bytes).
 */
inline std::uint64_t pfi_checksum(const std::uint8_t* file, std::size_t size, std::size_t header) noexcept;

static_assert(std::endian::native == std::endian::little, ".pfi bytes are read in place: little-endian hosts only");

/** Appends the bytes of @p value (a fixed-width integer or float) to @p out. */
template <typename T>
void put_fixed(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

/** Reads a fixed-width value at @p at (the caller has checked that sizeof(T) bytes are there). */
template <typename T>
T get_fixed(const std::uint8_t* at) noexcept {
  T value;
  std::memcpy(&value, at, sizeof(T));
  return value;
}

/** Appends @p value as a LEB128 varint (7 bits a byte, low bits first). */
inline void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

/**
 * Reads a varint from [@p at, @p end) into @p value and advances @p at; false (and @p at left
 * anywhere up to @p end) when the bytes end first or the varint is over 10 bytes.
 */
inline bool get_varint(const std::uint8_t*& at, const std::uint8_t* end, std::uint64_t& value) noexcept {
  if (at < end && *at < 0x80) {
    value = *at++;
    return true;
  }
  value = 0;
  for (unsigned shift = 0; shift < 64 && at < end; shift += 7) {
    const std::uint8_t byte = *at++;
    value |= std::uint64_t{byte & 0x7Fu} << shift;
    if (byte < 0x80) return true;
  }
  return false;
}

/** Where checksum64 starts. */
inline constexpr std::uint64_t kChecksumSeed = 0xcbf29ce484222325ULL;

/**
 * A 64-bit checksum of @p size bytes continuing from @p hash (chain calls to cover several
 * ranges): FNV-1a's multiply-xor step applied to 8-byte words, then to the tail bytes, so
 * checking a large index costs little more than reading it.
 */
inline std::uint64_t checksum64(const std::uint8_t* data, std::size_t size, std::uint64_t hash = kChecksumSeed) noexcept {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) hash = (hash ^ get_fixed<std::uint64_t>(data + i)) * kPrime ^ (hash >> 29);
  for (; i < size; ++i) hash = (hash ^ data[i]) * kPrime;
  return hash;
}

inline std::uint64_t pfi_checksum(const std::uint8_t* file, std::size_t size, std::size_t header) noexcept {
  return checksum64(file + header, size - header, checksum64(file, header - 8));
}

}  // namespace paperfeed::detail
