// Reading a segment in place: the header and section table are validated once (sizes,
// offsets, checksum, cross-references between sections) so that accessors can index without
// checks; postings are decoded lazily by PostingCursor, which checks every byte it reads.

#include "index/segment.hpp"

#include <algorithm>
#include <cstring>

#include "index/binary.hpp"
#include "paperfeed/feeds.hpp"

namespace paperfeed::detail {
namespace {

constexpr char kMagic[8] = {'P', 'F', 'I', 'N', 'D', 'E', 'X', '\0'};
constexpr std::size_t kHeaderFixed = 8 + 4 + 4;   // magic, version, section count
constexpr std::size_t kSectionEntry = 4 + 4 + 8 + 8;

Error corrupt(std::string message, std::uint64_t offset = kUnknownOffset) {
  Error error = make_error(ErrorCode::malformed, "not a valid paperfeed index: " + std::move(message));
  error.offset = offset;
  return error;
}

/** The name of each SectionKind, by its value (index 0 unused), for messages. */
constexpr std::array<const char*, kSectionCount + 1> kSectionNames = {
    "", "meta", "terms", "term_info", "postings", "words", "word_terms", "field_lengths", "numbers", "flags",
    "category_values", "category_docs", "author_values", "author_docs", "records", "keys", "key_docs", "norms"};

/** A too_large error: @p what of @p size bytes is over the @p field limit of @p limit bytes. */
Error over_limit(const std::string& what, std::uint64_t size, const char* field, std::uint64_t limit, std::uint64_t offset) {
  Error error = make_error(ErrorCode::too_large, what + " of " + std::to_string(size) + " bytes is over the limit of " +
                                                     std::to_string(limit) + " bytes (Limits::" + field + ")");
  error.offset = offset;
  return error;
}

/** The sections of a file, by kind, after the table has been checked. */
using Sections = std::array<std::span<const std::uint8_t>, kSectionCount + 1>;

Expected<Sections> read_section_table(std::span<const std::uint8_t> bytes, const Limits& limits) {
  if (bytes.size() > limits.max_index_bytes) return index_too_large(bytes.size(), limits.max_index_bytes);
  if (bytes.size() < kHeaderFixed) {
    if (bytes.size() >= 4 && std::memcmp(bytes.data(), kMagic, 4) != 0) return corrupt("no PFINDEX magic", 0);
    return make_error(ErrorCode::truncated, "not a valid paperfeed index: truncated to " + std::to_string(bytes.size()) + " bytes");
  }
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return corrupt("no PFINDEX magic at the start", 0);
  const auto version = get_fixed<std::uint32_t>(bytes.data() + 8);
  if (version != kFormatVersion) {
    return make_error(ErrorCode::invalid_value, "index format version " + std::to_string(version) +
                                               " is not supported (this build reads version " +
                                               std::to_string(kFormatVersion) + ")");
  }
  const auto count = get_fixed<std::uint32_t>(bytes.data() + 12);
  if (count != kSectionCount) return corrupt("expected " + std::to_string(kSectionCount) + " sections, found " + std::to_string(count), 12);
  const std::size_t header = pfi_header_size(count);
  if (bytes.size() < header) return make_error(ErrorCode::truncated, "not a valid paperfeed index: truncated in its section table");
  const auto stored = get_fixed<std::uint64_t>(bytes.data() + header - 8);
  if (pfi_checksum(bytes.data(), bytes.size(), header) != stored) {
    return corrupt("checksum mismatch (the file is truncated or damaged)");
  }
  Sections sections{};
  std::array<bool, kSectionCount + 1> seen{};
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* entry = bytes.data() + kHeaderFixed + i * kSectionEntry;
    const auto kind = get_fixed<std::uint32_t>(entry);
    if (get_fixed<std::uint32_t>(entry + 4) != 0) return corrupt("section table entry " + std::to_string(i) + " is damaged");
    const auto offset = get_fixed<std::uint64_t>(entry + 8);
    const auto size = get_fixed<std::uint64_t>(entry + 16);
    if (kind == 0 || kind > kSectionCount || seen[kind]) return corrupt("bad or repeated section kind " + std::to_string(kind));
    if (offset < header || offset > bytes.size() || size > bytes.size() - offset) {
      return corrupt("section " + std::to_string(kind) + " lies outside the file");
    }
    if (size > limits.max_index_section_bytes) {
      return over_limit(std::string("index section ") + kSectionNames[kind], size, "max_index_section_bytes",
                        limits.max_index_section_bytes, kHeaderFixed + i * kSectionEntry);
    }
    seen[kind] = true;
    sections[kind] = bytes.subspan(offset, size);
  }
  return sections;
}

std::span<const std::uint8_t> section(const Sections& sections, SectionKind kind) {
  return sections[static_cast<std::size_t>(kind)];
}

/** Checks that @p bytes holds exactly @p count records of @p width bytes. */
Status expect_size(std::span<const std::uint8_t> bytes, std::uint64_t count, std::uint64_t width, const char* what) {
  if (bytes.size() / width != count || bytes.size() % width != 0) {
    return corrupt(std::string(what) + " holds " + std::to_string(bytes.size()) + " bytes, expected " +
                   std::to_string(count * width));
  }
  return {};
}

/** Checks u32 values at @p data (count of them) are all below @p bound. */
Status expect_below(const std::uint8_t* data, std::uint64_t count, std::uint64_t bound, const char* what) {
  for (std::uint64_t i = 0; i < count; ++i) {
    if (get_fixed<std::uint32_t>(data + 4 * i) >= bound) return corrupt(std::string(what) + " entry " + std::to_string(i) + " out of range");
  }
  return {};
}

/** Checks a table of @p count + 1 non-decreasing offsets (u32 or u64) ending at @p total. */
template <typename Offset>
Status expect_offsets(const std::uint8_t* data, std::uint64_t count, std::uint64_t total, const char* what) {
  Offset previous = 0;
  for (std::uint64_t i = 0; i <= count; ++i) {
    const auto offset = get_fixed<Offset>(data + sizeof(Offset) * i);
    if (offset < previous || (i == 0 && offset != 0)) return corrupt(std::string(what) + " offsets decrease at " + std::to_string(i));
    previous = offset;
  }
  if (previous != total) return corrupt(std::string(what) + " offsets do not end at the data's end");
  return {};
}

}  // namespace

Error index_too_large(std::uint64_t size, std::uint64_t limit) {
  return over_limit("index", size, "max_index_bytes", limit, kUnknownOffset);
}

Expected<Segment> Segment::open(std::span<const std::uint8_t> bytes, const Limits& limits) {
  auto sections = read_section_table(bytes, limits);
  if (!sections) return sections.error();
  const Sections& s = *sections;
  Segment seg;
  seg.bytes_ = bytes;

  const auto meta = section(s, SectionKind::meta);
  constexpr std::size_t kMetaFixed = 4 + 4 + 8 * kIndexFieldCount + 4;
  if (meta.size() < kMetaFixed) return corrupt("meta section too small");
  seg.papers_ = get_fixed<std::uint32_t>(meta.data());
  const auto analyzer_flags = get_fixed<std::uint32_t>(meta.data() + 4);
  for (std::size_t f = 0; f < kIndexFieldCount; ++f) seg.length_sums_[f] = get_fixed<std::uint64_t>(meta.data() + 8 + 8 * f);
  const auto language_size = get_fixed<std::uint32_t>(meta.data() + kMetaFixed - 4);
  if (language_size != meta.size() - kMetaFixed || language_size > 64) return corrupt("meta section: bad language name");
  seg.analyzer_.language.assign(reinterpret_cast<const char*>(meta.data() + kMetaFixed), language_size);
  seg.analyzer_.stem = analyzer_flags & 1u;
  seg.analyzer_.stopwords = analyzer_flags & 2u;
  const std::uint64_t n = seg.papers_;

  for (auto [kind, target, what] : {std::tuple{SectionKind::terms, &seg.terms_, "term dictionary"},
                                    std::tuple{SectionKind::words, &seg.words_, "word dictionary"},
                                    std::tuple{SectionKind::category_values, &seg.category_values_, "category values"},
                                    std::tuple{SectionKind::author_values, &seg.author_values_, "author values"},
                                    std::tuple{SectionKind::keys, &seg.keys_, "identity keys"}}) {
    auto opened = SortedStrings::open(section(s, kind), what);
    if (!opened) return corrupt(opened.error().message);
    *target = *opened;
  }

  const auto term_info = section(s, SectionKind::term_info);
  if (auto st = expect_size(term_info, seg.terms_.size(), sizeof(TermInfo), "term info"); !st) return st.error();
  seg.term_info_ = term_info.data();
  seg.postings_ = section(s, SectionKind::postings);
  for (std::size_t t = 0; t < seg.terms_.size(); ++t) {
    const TermInfo info = seg.term_info(t);
    const std::uint64_t size = std::uint64_t{info.skip_count} * sizeof(SkipEntry) + info.doc_bytes + info.pos_bytes;
    if (info.offset > seg.postings_.size() || size > seg.postings_.size() - info.offset || info.df == 0 || info.df > n ||
        info.skip_count > info.df / kBlockSize) {
      return corrupt("postings of term " + std::to_string(t) + " lie outside the postings section");
    }
  }

  const auto word_terms = section(s, SectionKind::word_terms);
  if (auto st = expect_size(word_terms, seg.words_.size(), 4, "word terms"); !st) return st.error();
  if (auto st = expect_below(word_terms.data(), seg.words_.size(), seg.terms_.size(), "word terms"); !st) return st.error();
  seg.word_terms_ = word_terms.data();

  const auto lengths = section(s, SectionKind::field_lengths);
  const auto numbers = section(s, SectionKind::numbers);
  const auto flags = section(s, SectionKind::flags);
  const auto norms = section(s, SectionKind::norms);
  for (auto [bytes, width, what] : {std::tuple{lengths, 2 * kIndexFieldCount, "field lengths"},
                                    std::tuple{numbers, 4 * kNumberColumns, "numbers"}, std::tuple{flags, std::size_t{1}, "flags"},
                                    std::tuple{norms, std::size_t{4}, "norms"}}) {
    if (auto st = expect_size(bytes, n, width, what); !st) return st.error();
  }
  seg.field_lengths_ = lengths.data();
  seg.numbers_ = numbers.data();
  seg.flags_ = flags.data();
  seg.norms_ = norms.data();

  for (auto [kind, table, values, what] :
       {std::tuple{SectionKind::category_docs, &seg.category_docs_, &seg.category_values_, "category table"},
        std::tuple{SectionKind::author_docs, &seg.author_docs_, &seg.author_values_, "author table"}}) {
    const auto bytes = section(s, kind);
    if (bytes.size() < 4 * (n + 1) || (bytes.size() - 4 * (n + 1)) % 4 != 0) return corrupt(std::string(what) + " has a bad size");
    const std::uint64_t entries = (bytes.size() - 4 * (n + 1)) / 4;
    if (auto st = expect_offsets<std::uint32_t>(bytes.data(), n, entries, what); !st) return st.error();
    if (auto st = expect_below(bytes.data() + 4 * (n + 1), entries, values->size(), what); !st) return st.error();
    table->offsets = bytes.data();
    table->values = bytes.data() + 4 * (n + 1);
  }

  const auto records = section(s, SectionKind::records);
  if (records.size() < 8 * (n + 1)) return corrupt("records section too small");
  if (auto st = expect_offsets<std::uint64_t>(records.data(), n, records.size() - 8 * (n + 1), "records"); !st) return st.error();
  seg.record_offsets_ = records.data();
  seg.records_ = reinterpret_cast<const char*>(records.data() + 8 * (n + 1));

  const auto key_docs = section(s, SectionKind::key_docs);
  if (auto st = expect_size(key_docs, seg.keys_.size(), 4, "key papers"); !st) return st.error();
  if (auto st = expect_below(key_docs.data(), seg.keys_.size(), n, "key papers"); !st) return st.error();
  seg.key_docs_ = key_docs.data();
  return seg;
}

TermInfo Segment::term_info(std::size_t term) const noexcept {
  return get_fixed<TermInfo>(term_info_ + term * sizeof(TermInfo));
}

std::span<const std::uint8_t> Segment::postings(const TermInfo& info) const noexcept {
  return postings_.subspan(info.offset, std::size_t{info.skip_count} * sizeof(SkipEntry) + info.doc_bytes + info.pos_bytes);
}

std::uint32_t Segment::word_term(std::size_t word) const noexcept { return get_fixed<std::uint32_t>(word_terms_ + 4 * word); }

std::uint16_t Segment::field_length(std::uint32_t doc, IndexField field) const noexcept {
  return get_fixed<std::uint16_t>(field_lengths_ + 2 * (std::size_t{doc} * kIndexFieldCount + static_cast<std::size_t>(field)));
}

std::int32_t Segment::number(std::uint32_t doc, NumberColumn column) const noexcept {
  return get_fixed<std::int32_t>(numbers_ + 4 * (std::size_t{doc} * kNumberColumns + static_cast<std::size_t>(column)));
}

float Segment::norm(std::uint32_t doc) const noexcept { return get_fixed<float>(norms_ + 4 * std::size_t{doc}); }

std::span<const std::uint8_t> Segment::values_of(const ValueTable& table, std::uint32_t doc) const noexcept {
  const auto begin = get_fixed<std::uint32_t>(table.offsets + 4 * std::size_t{doc});
  const auto end = get_fixed<std::uint32_t>(table.offsets + 4 * (std::size_t{doc} + 1));
  return {table.values + 4 * std::size_t{begin}, 4 * std::size_t{end - begin}};
}

std::string_view Segment::record_json(std::uint32_t doc) const noexcept {
  const auto begin = get_fixed<std::uint64_t>(record_offsets_ + 8 * std::size_t{doc});
  const auto end = get_fixed<std::uint64_t>(record_offsets_ + 8 * (std::size_t{doc} + 1));
  return {records_ + begin, static_cast<std::size_t>(end - begin)};  // open() checked the offsets
}

Paper Segment::record(std::uint32_t doc) const {
  Paper paper;
  ReadOptions options;
  options.format = Format::paperfeed;
  read_feed(record_json(doc), options, [&](Paper&& read) { paper = std::move(read); });
  return paper;
}

std::optional<std::uint32_t> Segment::find_key(std::string_view key) const noexcept {
  const auto at = keys_.find(key);
  if (!at) return std::nullopt;
  return get_fixed<std::uint32_t>(key_docs_ + 4 * *at);
}

// --- PostingCursor -------------------------------------------------------------------------

PostingCursor::PostingCursor(const Segment& segment, const TermInfo& info) {
  const auto bytes = segment.postings(info);
  skips_ = bytes.data();
  skip_count_ = info.skip_count;
  docs_begin_ = docs_ = skips_ + std::size_t{skip_count_} * sizeof(SkipEntry);
  docs_end_ = docs_ + info.doc_bytes;
  pos_begin_ = pos_ = docs_end_;
  pos_end_ = pos_begin_ + info.pos_bytes;
  df_ = info.df;
  papers_ = segment.size();
  doc_ = 0;  // not kEnd: next() decodes the first entry
}

bool PostingCursor::decode_entry() noexcept {
  std::uint64_t head = 0;
  if (index_ >= df_ || !get_varint(docs_, docs_end_, head)) return false;
  const std::uint64_t delta = head >> 6;
  const std::uint64_t doc = index_ == 0 ? delta : std::uint64_t{prev_doc_} + delta;
  mask_ = static_cast<std::uint8_t>(head & 0x3F);
  if (doc >= papers_ || mask_ == 0 || (index_ > 0 && delta == 0)) return false;
  for (std::size_t f = 0; f < kIndexFieldCount; ++f) {
    std::uint64_t tf = 0;
    if ((mask_ >> f) & 1u) {
      if (!get_varint(docs_, docs_end_, tf) || tf == 0 || tf > 0xFFFFFFu) return false;
    }
    tf_[f] = static_cast<std::uint32_t>(tf);
  }
  std::uint64_t pos_size = 0;
  if (!get_varint(docs_, docs_end_, pos_size)) return false;
  pos_ += pos_size_;
  if (pos_size > static_cast<std::uint64_t>(pos_end_ - pos_)) return false;
  pos_size_ = static_cast<std::uint32_t>(pos_size);
  prev_doc_ = doc_ = static_cast<std::uint32_t>(doc);
  ++index_;
  return true;
}

std::uint32_t PostingCursor::next() noexcept {
  if (doc_ == kEnd) return kEnd;
  if (!decode_entry()) finish();
  return doc_;
}

std::uint32_t PostingCursor::advance(std::uint32_t target) noexcept {
  if (doc_ == kEnd || (index_ > 0 && doc_ >= target)) return doc_;
  // Skip whole blocks whose last paper is before the target.
  std::uint32_t block = index_ / kBlockSize;
  if (block < skip_count_ && get_fixed<SkipEntry>(skips_ + block * sizeof(SkipEntry)).last_doc < target) {
    while (block + 1 < skip_count_ && get_fixed<SkipEntry>(skips_ + (block + 1) * sizeof(SkipEntry)).last_doc < target) ++block;
    const auto entry = get_fixed<SkipEntry>(skips_ + block * sizeof(SkipEntry));
    if (entry.doc_offset > static_cast<std::size_t>(docs_end_ - docs_begin_) ||
        entry.pos_offset > static_cast<std::size_t>(pos_end_ - pos_begin_) || entry.last_doc >= papers_) {
      finish();
      return kEnd;
    }
    docs_ = docs_begin_ + entry.doc_offset;
    pos_ = pos_begin_ + entry.pos_offset;
    pos_size_ = 0;
    prev_doc_ = entry.last_doc;
    index_ = (block + 1) * kBlockSize;
  }
  while (next() < target) {
  }
  return doc_;
}

void PostingCursor::positions(IndexField field, std::vector<std::uint32_t>& out) const {
  const auto wanted = static_cast<std::size_t>(field);
  if (doc_ == kEnd || !((mask_ >> wanted) & 1u)) return;
  const std::uint8_t* at = pos_;
  const std::uint8_t* end = pos_ + pos_size_;
  for (std::size_t f = 0; f <= wanted; ++f) {
    if (!((mask_ >> f) & 1u)) continue;
    std::uint64_t position = 0;
    for (std::uint32_t i = 0; i < tf_[f]; ++i) {
      std::uint64_t delta = 0;
      if (!get_varint(at, end, delta)) return;
      position += delta;
      if (f == wanted) out.push_back(static_cast<std::uint32_t>(position));
    }
  }
}

}  // namespace paperfeed::detail
