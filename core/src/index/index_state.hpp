#pragma once
/**
 * @file index_state.hpp
 * What an Index holds (see index.hpp): the loaded segment and which of its papers were replaced,
 * the papers added since, and the fresh segment built from them on demand.
 */

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "index/segment.hpp"
#include "paperfeed/analyzer.hpp"
#include "paperfeed/corpus.hpp"

namespace paperfeed::detail {

/** One segment as searches see it: its papers are numbered from `base` in the whole index. */
struct SegmentRef {
  /** The segment. */
  const Segment* segment = nullptr;
  /** Papers hidden because a later record replaced them (null when none is). */
  const std::vector<bool>* hidden = nullptr;
  /** Number of the segment's first paper in the whole index. */
  std::uint32_t base = 0;

  /** True when paper @p doc (segment-local) is searchable. */
  bool live(std::uint32_t doc) const noexcept { return !hidden || !(*hidden)[doc]; }
};

/** The state behind an Index. */
struct IndexState {
  /** The analyzer that builds segments (mutable: building happens on first search). */
  mutable Analyzer analyzer;
  /** Bytes of the loaded segment when the Index owns them. */
  std::string owned_bytes;
  /** The segment read from `.pfi` bytes, if any. */
  std::optional<Segment> loaded;
  /** For each paper of the loaded segment: replaced by a merged record in `added`. */
  std::vector<bool> replaced;
  /** Papers of the loaded segment not replaced. */
  std::uint32_t loaded_live = 0;
  /** Papers added since load (merged among themselves and with replaced loaded records). */
  Corpus added;
  /** The fresh segment's bytes, built from `added`. */
  mutable std::string fresh_bytes;
  /** The fresh segment, valid while `fresh_built`. */
  mutable std::optional<Segment> fresh;
  /** True when `fresh` reflects every paper of `added`. */
  mutable bool fresh_built = true;

  /** The searchable segments, the fresh one built first when papers were added since. */
  std::vector<SegmentRef> segments() const;
};

}  // namespace paperfeed::detail
