// The Index: a loaded segment viewed in place plus papers added since, merged by identity and
// built into a fresh segment when the next search needs it.

#include "paperfeed/index.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>

#include "index/index_state.hpp"
#include "paperfeed/corpus.hpp"

namespace paperfeed {

using detail::IndexState;
using detail::Segment;
using detail::SegmentRef;

const char* index_field_name(IndexField field) noexcept {
  switch (field) {
    case IndexField::title: return "title";
    case IndexField::abstract: return "abstract";
    case IndexField::authors: return "authors";
    case IndexField::categories: return "categories";
    case IndexField::keywords: return "keywords";
    case IndexField::id: return "id";
  }
  return "?";
}

namespace detail {

std::vector<SegmentRef> IndexState::segments() const {
  std::vector<SegmentRef> refs;
  if (loaded) refs.push_back({&*loaded, loaded_live < loaded->size() ? &replaced : nullptr, 0});
  if (!fresh_built) {
    fresh_bytes = build_segment(added.papers(), analyzer);
    auto opened = Segment::open({reinterpret_cast<const std::uint8_t*>(fresh_bytes.data()), fresh_bytes.size()},
                                built_segment_limits());
    fresh = opened ? std::optional<Segment>(*opened) : std::nullopt;
    fresh_built = true;
  }
  if (fresh && fresh->size() > 0) refs.push_back({&*fresh, nullptr, loaded ? loaded->size() : 0});
  return refs;
}

}  // namespace detail

namespace {

/** An Error about the file @p path. */
Error file_error(ErrorCode code, std::string message, const std::string& path) {
  Error error = make_error(code, std::move(message));
  error.file = path;
  return error;
}

/** The loaded paper @p paper is the same as, by the rules of Corpus::match, if any. */
std::optional<std::uint32_t> match_loaded(const IndexState& state, const Paper& paper) {
  const Segment& segment = *state.loaded;
  auto live = [&](std::optional<std::uint32_t> doc) { return doc && !state.replaced[*doc] ? doc : std::nullopt; };
  if (has_arxiv_identity(paper)) {
    if (auto doc = live(segment.find_key(paper.id))) return doc;
  }
  for (const std::string& key : identity_keys(paper)) {
    if (key == paper.id) continue;
    if (auto doc = live(segment.find_key(key)); doc && identities_compatible(paper, segment.record(*doc))) return doc;
  }
  if (!has_arxiv_identity(paper)) return live(segment.find_key(paper.id));
  return std::nullopt;
}

}  // namespace

Index::Index() : state_(std::make_unique<IndexState>()) {}
Index::Index(std::unique_ptr<IndexState> state) : state_(std::move(state)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

Expected<Index> Index::create(const Analyzer::Options& options) {
  auto analyzer = Analyzer::create(options);
  if (!analyzer) return analyzer.error();
  auto state = std::make_unique<IndexState>();
  state->analyzer = std::move(*analyzer);
  return Index(std::move(state));
}

Expected<Index> Index::load(std::span<const std::uint8_t> bytes, const Limits& limits) {
  auto segment = Segment::open(bytes, limits);
  if (!segment) return segment.error();
  auto analyzer = Analyzer::create(segment->analyzer_options());
  if (!analyzer) return make_error(ErrorCode::invalid_value, "index built with an unknown analyzer: " + analyzer.error().message);
  auto state = std::make_unique<IndexState>();
  state->analyzer = std::move(*analyzer);
  state->loaded = *segment;
  state->replaced.assign(segment->size(), false);
  state->loaded_live = segment->size();
  return Index(std::move(state));
}

Expected<Index> Index::load(std::string bytes, const Limits& limits) {
  auto owned = std::make_unique<std::string>(std::move(bytes));
  auto index = load(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(owned->data()), owned->size()), limits);
  if (!index) return index.error();
  index->state_->owned_bytes = std::move(*owned);  // moving a heap buffer keeps its address
  return index;
}

Expected<Index> Index::load_file(const std::string& path, const Limits& limits) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return file_error(ErrorCode::io_error, "cannot open " + path + ": " + std::strerror(errno), path);
  const std::streamoff size = in.tellg();
  if (size < 0) return file_error(ErrorCode::io_error, "cannot read " + path, path);
  const std::uint64_t largest = std::min<std::uint64_t>(limits.max_index_bytes, std::numeric_limits<std::size_t>::max());
  if (static_cast<std::uint64_t>(size) > largest) {  // refused before a byte is read or allocated
    Error error = detail::index_too_large(static_cast<std::uint64_t>(size), largest);
    error.file = path;
    return error;
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return file_error(ErrorCode::io_error, "cannot read " + path, path);
  auto index = load(std::move(bytes), limits);
  if (!index) {
    Error error = index.error();
    error.file = path;
    return error;
  }
  return index;
}

Expected<AddOutcome> Index::add(Paper paper) {
  if (paper.id.empty()) return make_error(ErrorCode::missing_field, "a paper without an id cannot be indexed");
  IndexState& s = *state_;
  s.fresh_built = false;
  if (s.added.match(paper)) {
    s.added.add(std::move(paper));
    return AddOutcome::merged;
  }
  if (s.loaded) {
    if (auto doc = match_loaded(s, paper)) {
      Paper merged = s.loaded->record(*doc);
      merge_into(merged, paper);
      s.replaced[*doc] = true;
      --s.loaded_live;
      s.added.add(std::move(merged));
      return AddOutcome::merged;
    }
  }
  s.added.add(std::move(paper));
  return AddOutcome::added;
}

std::size_t Index::size() const { return state_->loaded_live + state_->added.size(); }

IndexStats Index::stats() const {
  IndexStats stats;
  stats.papers = size();
  for (const SegmentRef& ref : state_->segments()) {
    ++stats.segments;
    stats.terms += ref.segment->terms().size();
    stats.words += ref.segment->words().size();
  }
  stats.bytes = (state_->loaded ? state_->loaded->byte_size() : 0) + (state_->fresh ? state_->fresh_bytes.size() : 0);
  return stats;
}

std::optional<Paper> Index::find(std::string_view id) const {
  if (const Paper* paper = state_->added.find(id)) return *paper;
  if (!state_->loaded) return std::nullopt;
  const auto doc = state_->loaded->find_key(id);
  if (!doc || state_->replaced[*doc]) return std::nullopt;
  return state_->loaded->record(*doc);
}

std::vector<Paper> Index::papers() const {
  std::vector<Paper> papers;
  papers.reserve(size());
  if (state_->loaded) {
    for (std::uint32_t doc = 0; doc < state_->loaded->size(); ++doc) {
      if (!state_->replaced[doc]) papers.push_back(state_->loaded->record(doc));
    }
  }
  papers.insert(papers.end(), state_->added.papers().begin(), state_->added.papers().end());
  return papers;
}

std::string Index::serialize() const {
  if (!state_->loaded) {
    state_->segments();
    return state_->fresh ? state_->fresh_bytes : detail::build_segment({}, state_->analyzer);
  }
  if (state_->added.size() == 0) return std::string(state_->loaded->bytes().begin(), state_->loaded->bytes().end());
  const std::vector<Paper> all = papers();
  return detail::build_segment(all, state_->analyzer);
}

namespace {

/**
 * Creates a new file beside @p path named `PATH.tmp.` and 16 hex digits (the clock, a counter
 * and an address mixed), exclusively (`fopen` mode "x"): never one that exists, nor through a
 * link planted under its name. Sets @p temp to its name; nullptr when no file could be created.
 * (No std::random_device: it may throw, and the core throws nothing.)
 */
std::FILE* create_temp_beside(const std::string& path, std::string& temp) {
  static const char kHex[] = "0123456789abcdef";
  static std::atomic<std::uint64_t> counter{0};
  std::FILE* file = nullptr;
  for (int attempt = 0; attempt < 16 && file == nullptr; ++attempt) {
    const auto now = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::uint64_t bits = std::hash<std::uint64_t>{}(now ^ (counter++ * 0x9E3779B97F4A7C15ULL) ^ reinterpret_cast<std::uintptr_t>(&temp));
    temp = path + ".tmp.";
    for (int digit = 0; digit < 16; ++digit, bits >>= 4) temp += kHex[bits & 0xF];
    file = std::fopen(temp.c_str(), "wbx");
    if (file == nullptr && errno != EEXIST) break;
  }
  return file;
}

}  // namespace

Status Index::save_file(const std::string& path) const {
  const std::string bytes = serialize();
  std::string temp;
  std::FILE* file = create_temp_beside(path, temp);
  if (file == nullptr) return file_error(ErrorCode::io_error, "cannot write beside " + path + ": " + std::strerror(errno), path);
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  const int write_errno = errno;
  if (std::fclose(file) != 0 || !written) {
    if (!written) errno = write_errno;
    const std::string why = std::strerror(errno);
    std::remove(temp.c_str());
    return file_error(ErrorCode::io_error, "cannot write " + temp + ": " + why, temp);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(temp.c_str());
    return file_error(ErrorCode::io_error, "cannot rename " + temp + " to " + path + ": " + why, path);
  }
  return {};
}

const Analyzer::Options& Index::analyzer_options() const { return state_->analyzer.options(); }

const IndexState& Index::state() const { return *state_; }

}  // namespace paperfeed
