#include "index/dictionary.hpp"

#include <algorithm>
#include <vector>

#include "index/binary.hpp"

namespace paperfeed::detail {
namespace {

constexpr std::size_t kU32 = sizeof(std::uint32_t);

Error malformed(std::string_view what, const std::string& message, std::size_t offset) {
  Error error = make_error(ErrorCode::malformed, std::string(what) + ": " + message);
  error.offset = offset;
  return error;
}

/** Checks offsets[0 … count] (at @p offsets, in bounds) against a blob of @p blob_size bytes. */
Status check_offsets(const std::uint8_t* offsets, std::size_t count, std::size_t blob_size, std::string_view what,
                     std::size_t offsets_at) {
  const auto entry = [&](std::size_t index) { return get_fixed<std::uint32_t>(offsets + index * kU32); };
  const auto where = [&](std::size_t index) { return offsets_at + index * kU32; };
  if (entry(0) != 0) return malformed(what, "offsets start at " + std::to_string(entry(0)) + ", expected 0", where(0));
  for (std::size_t i = 1; i <= count; ++i) {
    const std::uint32_t end = entry(i);
    if (end < entry(i - 1)) {
      return malformed(what,
                       "offsets not increasing at entry " + std::to_string(i) + " (" + std::to_string(end) +
                           " after " + std::to_string(entry(i - 1)) + ")",
                       where(i));
    }
    if (end > blob_size) {
      return malformed(what,
                       "offset " + std::to_string(end) + " at entry " + std::to_string(i) + " is past the " +
                           std::to_string(blob_size) + " bytes of strings",
                       where(i));
    }
  }
  if (entry(count) != blob_size) {
    return malformed(what,
                     "offsets end at " + std::to_string(entry(count)) + " but " + std::to_string(blob_size) +
                         " bytes of strings follow",
                     where(count));
  }
  return {};
}

/** Checks that the strings of @p set (valid offsets, strings from byte @p blob_at) increase. */
Status check_order(const SortedStrings& set, std::string_view what, std::size_t blob_at) {
  for (std::size_t i = 1; i < set.size(); ++i) {
    const std::string_view previous = set.at(i - 1), current = set.at(i);
    if (previous < current) continue;
    const std::size_t at = blob_at + static_cast<std::size_t>(current.data() - set.at(0).data());
    const std::string order = previous == current ? " repeats entry " : " sorts before entry ";
    return malformed(what, "entry " + std::to_string(i) + order + std::to_string(i - 1), at);
  }
  return {};
}

/**
 * One unit of edit distance: a UTF-8 code point (well-formed as Unicode's table 3-7 defines it),
 * or a single byte that does not start one.
 */
struct Unit {
  std::uint32_t value = 0;  ///< the code point, or 0x110000 + the byte for an invalid byte
  std::size_t size = 1;     ///< bytes it takes
  /** Bytes from its start that decide it: its size, or more when an invalid byte was told from
   *  a sequence by the bytes after it (one past the end when by the end of the string). */
  std::size_t decided = 1;
};

constexpr std::uint32_t kInvalidByte = 0x110000;

/** The unit starting at @p pos (< text.size()). */
Unit unit_at(std::string_view text, std::size_t pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned lead = byte(pos);
  if (lead < 0x80) return {lead, 1, 1};
  std::size_t size = 0;
  unsigned second_low = 0x80, second_high = 0xBF;
  std::uint32_t value = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2, value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3, value = lead & 0x0F;
    if (lead == 0xE0) second_low = 0xA0;
    if (lead == 0xED) second_high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4, value = lead & 0x07;
    if (lead == 0xF0) second_low = 0x90;
    if (lead == 0xF4) second_high = 0x8F;
  } else {
    return {kInvalidByte + lead, 1, 1};
  }
  for (std::size_t k = 1; k < size; ++k) {
    if (pos + k >= text.size()) return {kInvalidByte + lead, 1, text.size() - pos + 1};
    const unsigned next = byte(pos + k);
    const bool fits = k == 1 ? next >= second_low && next <= second_high : next >= 0x80 && next <= 0xBF;
    if (!fits) return {kInvalidByte + lead, 1, k + 1};
    value = value << 6 | (next & 0x3F);
  }
  return {value, size, size};
}

std::size_t common_prefix(std::string_view a, std::string_view b) noexcept {
  const std::size_t limit = std::min(a.size(), b.size());
  std::size_t i = 0;
  while (i < limit && a[i] == b[i]) ++i;
  return i;
}

/**
 * The Levenshtein rows of a stack of prefixes against one word. Row k holds the distances of
 * the k-unit prefix to every prefix of the word, saturated at max_edits + 1; only the band of
 * word lengths within max_edits of k can be below that, so a row stores that band (plus one
 * saturated cell at each side) and a push costs O(max_edits), whatever the word's length.
 */
class LevenshteinRows {
 public:
  LevenshteinRows(std::string_view word, unsigned max_edits)
      : max_edits_(static_cast<std::uint8_t>(max_edits)), width_(2 * max_edits + 3) {
    for (std::size_t pos = 0; pos < word.size();) {
      const Unit unit = unit_at(word, pos);
      word_.push_back(unit.value);
      pieces_.push_back(word.substr(pos, unit.size));
      pos += unit.size;
    }
    cells_.resize(width_);
    for (std::size_t t = 0; t < width_; ++t) {
      const std::ptrdiff_t j = word_index(0, t);
      cells_[t] = j < 0 || j > static_cast<std::ptrdiff_t>(word_.size()) ? cap() : clamp(j);
    }
    ends_.push_back(0);
    settled_.push_back(0);
  }

  /** Units on the stack. */
  std::size_t depth() const noexcept { return ends_.size() - 1; }
  /** Bytes of the prefix on the stack. */
  std::size_t prefix_bytes() const noexcept { return ends_.back(); }
  /** Bytes of the prefix that decide its units (may be one past its end: see Unit::decided). */
  std::size_t settled_bytes() const noexcept { return settled_.back(); }
  /** Bytes of the prefix without its last unit (depth() > 0). */
  std::size_t parent_bytes() const noexcept { return ends_[depth() - 1]; }
  /** True when the units of that parent prefix are decided by its own bytes. */
  bool parent_settled() const noexcept { return settled_[depth() - 1] == ends_[depth() - 1]; }

  /**
   * The smallest (in byte order) of the word's units that can follow the parent prefix within
   * max_edits and whose strings can come after those starting with @p after: the units above
   * it, and a single byte that starts it (that byte is a unit of its own whenever the bytes after
   * it make no sequence). Empty when there is none. A last unit that is no such candidate gives
   * the row of a unit that matches nothing: once the last unit is out of reach, only these can be
   * in reach.
   */
  std::string_view next_candidate(std::string_view after) const noexcept {
    const std::size_t k = depth();
    const std::size_t last = std::min(k + max_edits_, word_.size());
    std::string_view best;
    for (std::size_t j = k > max_edits_ ? k - max_edits_ : 1; j <= last; ++j) {
      const std::string_view piece = pieces_[j - 1];
      const bool ahead = piece > after || (piece.size() < after.size() && after.starts_with(piece));
      if (ahead && (best.empty() || piece < best)) best = piece;
    }
    return best;
  }

  /** Pops the units that the first @p shared bytes of another string do not decide the same. */
  void keep_shared(std::size_t shared) noexcept {
    while (settled_.back() > shared) {
      ends_.pop_back();
      settled_.pop_back();
    }
  }

  /** Pushes @p unit found at byte @p pos; false when the new prefix is beyond max_edits. */
  bool push(const Unit& unit, std::size_t pos) {
    const std::size_t k = depth() + 1;
    if (cells_.size() < (k + 1) * width_) cells_.resize((k + 1) * width_);
    const std::uint8_t* previous = &cells_[(k - 1) * width_];
    std::uint8_t* row = &cells_[k * width_];
    std::uint8_t lowest = cap();
    for (std::size_t t = 0; t < width_; ++t) {
      const std::ptrdiff_t j = word_index(k, t);
      std::uint8_t cell = cap();
      if (j == 0) {
        cell = clamp(static_cast<std::ptrdiff_t>(k));
      } else if (t > 0 && t + 1 < width_ && j > 0 && j <= static_cast<std::ptrdiff_t>(word_.size())) {
        const std::uint8_t substitute = previous[t] + (word_[j - 1] != unit.value ? 1 : 0);
        cell = std::min({substitute, static_cast<std::uint8_t>(previous[t + 1] + 1),
                         static_cast<std::uint8_t>(row[t - 1] + 1), cap()});
      }
      row[t] = cell;
      lowest = std::min(lowest, cell);
    }
    ends_.push_back(pos + unit.size);
    settled_.push_back(std::max(settled_.back(), pos + unit.decided));
    return lowest <= max_edits_;
  }

  /** The distance of the prefix on the stack to the whole word (max_edits + 1 when beyond). */
  unsigned distance() const noexcept {
    const std::size_t k = depth();
    const std::ptrdiff_t t =
        static_cast<std::ptrdiff_t>(word_.size()) - static_cast<std::ptrdiff_t>(k) + max_edits_ + 1;
    if (t < 0 || t >= static_cast<std::ptrdiff_t>(width_)) return cap();
    return cells_[k * width_ + static_cast<std::size_t>(t)];
  }

 private:
  /** The word length (in units) that cell @p t of row @p k stands for. */
  std::ptrdiff_t word_index(std::size_t k, std::size_t t) const noexcept {
    return static_cast<std::ptrdiff_t>(k + t) - max_edits_ - 1;
  }
  /** The saturated distance: any prefix this far away is beyond reach. */
  std::uint8_t cap() const noexcept { return static_cast<std::uint8_t>(max_edits_ + 1); }
  /** @p value (>= 0) saturated at cap(). */
  std::uint8_t clamp(std::ptrdiff_t value) const noexcept {
    return static_cast<std::uint8_t>(std::min<std::ptrdiff_t>(value, cap()));
  }

  std::uint8_t max_edits_;
  std::size_t width_;
  std::vector<std::uint32_t> word_;       // the word's units
  std::vector<std::string_view> pieces_;  // the bytes of each
  std::vector<std::uint8_t> cells_;   // row k at [k * width_, (k + 1) * width_)
  std::vector<std::size_t> ends_;     // byte end of the prefix of each depth
  std::vector<std::size_t> settled_;  // bytes deciding the units of each depth
};

/** The first index in [@p low, @p high) where @p holds turns false (it holds, then fails). */
template <typename Predicate>
std::size_t partition_point(const SortedStrings& set, std::size_t low, std::size_t high, Predicate holds) noexcept {
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (holds(set.at(middle))) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/**
 * partition_point over [@p from, size()), galloping from @p from first: a point close to @p from
 * costs a few comparisons however large the set.
 */
template <typename Predicate>
std::size_t gallop(const SortedStrings& set, std::size_t from, Predicate holds) noexcept {
  std::size_t low = from, high = from, step = 1;
  while (high < set.size() && holds(set.at(high))) {
    low = high + 1;
    high = low + step;
    step *= 2;
  }
  return partition_point(set, low, std::min(high, set.size()), holds);
}

/** The first index from @p from whose string is not below @p key. */
std::size_t lower_bound_from(const SortedStrings& set, std::string_view key, std::size_t from) noexcept {
  return gallop(set, from, [key](std::string_view text) { return text < key; });
}

/** The first index from @p from (inside or right after @p prefix's range) without @p prefix. */
std::size_t end_of_prefix(const SortedStrings& set, std::string_view prefix, std::size_t from) noexcept {
  return gallop(set, from, [prefix](std::string_view text) { return text.starts_with(prefix); });
}

/**
 * Where a fuzzy walk goes on after the string at @p index, whose last prefix on @p rows is out of
 * reach: past every string that starts with the bytes deciding that prefix and past its siblings
 * whose last unit is no candidate (as far away), to the first sibling with a candidate unit or
 * else past the parent's range. @p key is scratch.
 */
std::size_t skip_out_of_reach(const SortedStrings& set, const LevenshteinRows& rows, std::string_view text,
                              std::size_t index, std::string& key) {
  const std::size_t settled = rows.settled_bytes();
  if (settled > text.size()) return index + 1;
  if (!rows.parent_settled()) return end_of_prefix(set, text.substr(0, settled), index + 1);
  const std::size_t parent = rows.parent_bytes();
  const std::string_view decided = text.substr(parent, settled - parent);
  const std::string_view candidate = rows.next_candidate(decided);
  if (candidate.empty()) return end_of_prefix(set, text.substr(0, parent), index + 1);
  if (decided.starts_with(candidate)) return end_of_prefix(set, text.substr(0, settled), index + 1);
  key.assign(text.substr(0, parent)).append(candidate);
  return lower_bound_from(set, key, index + 1);
}

}  // namespace

Expected<SortedStrings> SortedStrings::open(std::span<const std::uint8_t> bytes, std::string_view what) {
  if (bytes.size() < kU32) {
    return malformed(what, std::to_string(bytes.size()) + " bytes, expected at least 4 for the string count", 0);
  }
  const std::uint64_t count = get_fixed<std::uint32_t>(bytes.data());
  const std::uint64_t offsets_size = (count + 1) * kU32;
  if (offsets_size > bytes.size() - kU32) {
    return malformed(what,
                     "count " + std::to_string(count) + " needs " + std::to_string(offsets_size) +
                         " bytes of offsets, only " + std::to_string(bytes.size() - kU32) + " follow",
                     0);
  }
  const std::size_t blob_at = kU32 + static_cast<std::size_t>(offsets_size);
  SortedStrings set;
  set.offsets_ = bytes.data() + kU32;
  set.blob_ = reinterpret_cast<const char*>(bytes.data() + blob_at);
  set.count_ = static_cast<std::size_t>(count);
  if (Status status = check_offsets(set.offsets_, set.count_, bytes.size() - blob_at, what, kU32); !status) {
    return status.error();
  }
  if (Status status = check_order(set, what, blob_at); !status) return status.error();
  return set;
}

void SortedStrings::write(std::span<const std::string_view> sorted, std::string& out) {
  std::size_t blob_size = 0;
  for (std::string_view text : sorted) blob_size += text.size();
  out.reserve(out.size() + (sorted.size() + 2) * kU32 + blob_size);
  put_fixed(out, static_cast<std::uint32_t>(sorted.size()));
  std::uint32_t end = 0;
  put_fixed(out, end);
  for (std::string_view text : sorted) put_fixed(out, end += static_cast<std::uint32_t>(text.size()));
  for (std::string_view text : sorted) out.append(text);
}

std::uint32_t SortedStrings::offset(std::size_t index) const noexcept {
  return get_fixed<std::uint32_t>(offsets_ + index * kU32);
}

std::string_view SortedStrings::at(std::size_t index) const noexcept {
  const std::uint32_t begin = offset(index);
  return {blob_ + begin, offset(index + 1) - begin};
}

std::optional<std::size_t> SortedStrings::find(std::string_view key) const noexcept {
  const std::size_t index = partition_point(*this, 0, count_, [key](std::string_view text) { return text < key; });
  if (index < count_ && at(index) == key) return index;
  return std::nullopt;
}

std::pair<std::size_t, std::size_t> SortedStrings::prefix_range(std::string_view prefix) const noexcept {
  const std::size_t first =
      partition_point(*this, 0, count_, [prefix](std::string_view text) { return text < prefix; });
  return {first, end_of_prefix(*this, prefix, first)};
}

void SortedStrings::fuzzy(std::string_view word, unsigned max_edits,
                          const std::function<bool(std::size_t index, unsigned distance)>& visit) const {
  const unsigned edits = std::min(max_edits, 2u);
  LevenshteinRows rows(word, edits);
  std::string_view path;  // the string whose prefix the rows hold
  std::string key;
  std::size_t index = 0;
  while (index < count_) {
    const std::string_view text = at(index);
    rows.keep_shared(common_prefix(path, text));
    path = text;
    bool within = true;
    for (std::size_t pos = rows.prefix_bytes(); within && pos < text.size(); pos = rows.prefix_bytes()) {
      within = rows.push(unit_at(text, pos), pos);
    }
    if (!within) {
      index = skip_out_of_reach(*this, rows, text, index, key);
      continue;
    }
    const unsigned distance = rows.distance();
    if (distance <= edits && !visit(index, distance)) return;
    ++index;
  }
}

}  // namespace paperfeed::detail
