// Building a segment: each paper's fields are analyzed into (term, field, position)
// occurrences, grouped by term and appended to that term's postings; at the end terms, words,
// facet values and identity keys are sorted and every section is written out.

#include <algorithm>
#include <cmath>
#include <memory>

#include "index/binary.hpp"
#include "index/segment.hpp"
#include "index/string_table.hpp"
#include "paperfeed/corpus.hpp"
#include "paperfeed/export.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {
namespace {

/** The strings of a table with their ids, sorted by string. */
using Entries = std::vector<std::pair<std::string_view, std::uint32_t>>;

Entries sorted_entries(const StringTable& table) {
  Entries entries(table.size());
  for (std::uint32_t id = 0; id < table.size(); ++id) entries[id] = {table.at_id(id), id};
  std::sort(entries.begin(), entries.end());
  return entries;
}

/** The serialized SortedStrings of the keys of @p entries. */
std::string write_keys(const Entries& entries) {
  std::vector<std::string_view> keys(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) keys[i] = entries[i].first;
  std::string out;
  SortedStrings::write(keys, out);
  return out;
}

/** For entries whose values are the ids 0 … n−1: each id's rank in key order. */
std::vector<std::uint32_t> ranks(const Entries& entries) {
  std::vector<std::uint32_t> rank(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) rank[entries[i].second] = static_cast<std::uint32_t>(i);
  return rank;
}

/** One term occurrence in the paper being added. */
struct Occurrence {
  std::uint32_t term;
  std::uint32_t position;
  std::uint8_t field;
  bool operator<(const Occurrence& o) const noexcept {
    return term != o.term ? term < o.term : field != o.field ? field < o.field : position < o.position;
  }
};

/** A term's postings as they grow. */
struct TermPostings {
  std::string docs, positions;
  std::vector<SkipEntry> skips;
  std::uint32_t df = 0, last_doc = 0;
  std::array<std::uint8_t, kIndexFieldCount> max_tf{};
};

/** A facet: values interned, each paper's value ids. */
struct FacetBuild {
  StringTable ids;
  std::vector<std::uint32_t> offsets{0};
  std::vector<std::uint32_t> values;

  void add_paper(const std::vector<std::string>& names) {
    for (const std::string& name : names) values.push_back(ids.intern(name));
    offsets.push_back(static_cast<std::uint32_t>(values.size()));
  }
};

std::int32_t clamp_number(const std::optional<std::int64_t>& value) {
  if (!value) return kUnknownNumber;
  return static_cast<std::int32_t>(std::clamp<std::int64_t>(*value, kUnknownNumber + 1, INT32_MAX));
}

std::int32_t day_number(const std::string& date) {
  const auto days = iso_date_days(date);
  return days ? clamp_number(days) : kUnknownNumber;
}


class SegmentBuilder {
 public:
  explicit SegmentBuilder(Analyzer& analyzer) : analyzer_(analyzer) {}

  void add(const Paper& paper) {
    const auto doc = static_cast<std::uint32_t>(records_offsets_.size() - 1);
    occurrences_.clear();
    lengths_.fill(0);
    analyze_field(IndexField::title, {&paper.title, 1});
    analyze_field(IndexField::abstract, {&paper.abstract, 1});
    analyze_field(IndexField::authors, paper.authors);
    analyze_field(IndexField::keywords, paper.keywords);
    add_verbatim(IndexField::categories, paper.categories);
    add_verbatim(IndexField::id, {&paper.id, 1});
    std::sort(occurrences_.begin(), occurrences_.end());
    append_postings(doc);
    for (std::size_t f = 0; f < kIndexFieldCount; ++f) {
      put_fixed(field_lengths_, static_cast<std::uint16_t>(std::min<std::uint32_t>(lengths_[f], 0xFFFF)));
      length_sums_[f] += lengths_[f];
    }
    for (const std::int32_t number : {day_number(paper.published), day_number(paper.announced), clamp_number(paper.upvotes),
                                      clamp_number(paper.stars), clamp_number(paper.comments), clamp_number(paper.citations)}) {
      put_fixed(numbers_, number);
    }
    flags_ += static_cast<char>(paper.github.empty() ? 0 : kHasCode);
    categories_.add_paper(paper.categories);
    authors_.add_paper(paper.authors);
    records_ += paper_to_json(paper);
    records_offsets_.push_back(records_.size());
    for (const std::string& key : identity_keys(paper)) {
      if (keys_.intern(key) == key_docs_.size()) key_docs_.push_back(doc);  // the first paper keeps a key
    }
  }

  /** The segment's bytes; releases the builder's buffers as their sections are written. */
  std::string finish() &&;

 private:
  /** Analyzes each of @p texts into @p field, a position gap between texts so phrases do not span two. */
  void analyze_field(IndexField field, std::span<const std::string> texts) {
    std::uint32_t base = 0;
    for (const std::string& text : texts) {
      analyzer_.analyze(text, tokens_);
      std::uint32_t last = 0;
      for (const Token& token : tokens_) {
        const std::uint32_t term = intern_term(token.term);
        if (words_.intern(token.word) == word_terms_.size()) word_terms_.push_back(term);
        occurrences_.push_back({term, base + token.position, static_cast<std::uint8_t>(field)});
        last = token.position;
      }
      if (!tokens_.empty()) base += last + 2;
      lengths_[static_cast<std::size_t>(field)] += static_cast<std::uint32_t>(tokens_.size());
    }
  }

  /** Adds each of @p values, lower-cased, as one term of @p field. */
  void add_verbatim(IndexField field, std::span<const std::string> values) {
    std::uint32_t position = 0;
    for (const std::string& value : values) {
      if (value.empty() || value.size() > Analyzer::kMaxTermBytes) continue;
      occurrences_.push_back({intern_term(verbatim_term(value)), position++, static_cast<std::uint8_t>(field)});
    }
    lengths_[static_cast<std::size_t>(field)] += position;
  }

  std::uint32_t intern_term(std::string_view term) {
    const std::uint32_t id = term_ids_.intern(term);
    if (id == postings_.size()) postings_.emplace_back();
    return id;
  }

  /** Appends the current paper's occurrences (sorted) to each term's postings. */
  void append_postings(std::uint32_t doc) {
    for (std::size_t i = 0; i < occurrences_.size();) {
      const std::uint32_t term = occurrences_[i].term;
      TermPostings& p = postings_[term];
      std::array<std::uint32_t, kIndexFieldCount> tf{};
      std::uint8_t mask = 0;
      scratch_.clear();
      for (std::uint32_t field = kIndexFieldCount; i < occurrences_.size() && occurrences_[i].term == term; ++i) {
        const Occurrence& o = occurrences_[i];
        const std::uint32_t previous = field == o.field ? occurrences_[i - 1].position : 0;
        if (field == o.field && o.position == previous) continue;  // a compound part at its joined form's position
        field = o.field;
        mask |= static_cast<std::uint8_t>(1u << o.field);
        ++tf[o.field];
        put_varint(scratch_, o.position - previous);
      }
      put_varint(p.docs, (std::uint64_t{p.df == 0 ? doc : doc - p.last_doc} << 6) | mask);
      for (std::size_t f = 0; f < kIndexFieldCount; ++f) {
        if (!tf[f]) continue;
        put_varint(p.docs, tf[f]);
        p.max_tf[f] = static_cast<std::uint8_t>(std::max<std::uint32_t>(p.max_tf[f], std::min<std::uint32_t>(tf[f], 255)));
      }
      put_varint(p.docs, scratch_.size());
      p.positions += scratch_;
      p.last_doc = doc;
      if (++p.df % kBlockSize == 0) {
        p.skips.push_back({doc, static_cast<std::uint32_t>(p.docs.size()), static_cast<std::uint32_t>(p.positions.size())});
      }
    }
  }

  Analyzer& analyzer_;
  std::vector<Token> tokens_;
  std::vector<Occurrence> occurrences_;
  std::string scratch_;
  std::array<std::uint32_t, kIndexFieldCount> lengths_{};
  StringTable term_ids_;
  std::vector<TermPostings> postings_;
  StringTable words_;
  std::vector<std::uint32_t> word_terms_;  // word id → term id
  std::array<std::uint64_t, kIndexFieldCount> length_sums_{};
  std::string field_lengths_, numbers_, flags_;
  FacetBuild categories_, authors_;
  std::string records_;
  std::vector<std::uint64_t> records_offsets_{0};
  StringTable keys_;
  std::vector<std::uint32_t> key_docs_;  // key id → paper
};

/** Serialized value table: offsets, then value ids renumbered by @p rank. */
std::string value_table(const FacetBuild& facet, const std::vector<std::uint32_t>& rank) {
  std::string out;
  for (const std::uint32_t offset : facet.offsets) put_fixed(out, offset);
  for (const std::uint32_t value : facet.values) put_fixed(out, rank[value]);
  return out;
}

/** Header, section table and sections (8-byte aligned), checksum filled in. */
std::string assemble(std::array<std::string, kSectionCount + 1>& sections) {
  const std::size_t header = pfi_header_size(kSectionCount);
  std::string out("PFINDEX", 8);
  put_fixed(out, kFormatVersion);
  put_fixed(out, static_cast<std::uint32_t>(kSectionCount));
  std::uint64_t offset = header;
  for (std::size_t kind = 1; kind <= kSectionCount; ++kind) {
    put_fixed(out, static_cast<std::uint32_t>(kind));
    put_fixed(out, std::uint32_t{0});
    put_fixed(out, offset);
    put_fixed(out, static_cast<std::uint64_t>(sections[kind].size()));
    offset += (sections[kind].size() + 7) / 8 * 8;
  }
  put_fixed(out, std::uint64_t{0});
  out.reserve(offset);
  for (std::size_t kind = 1; kind <= kSectionCount; ++kind) {
    out += sections[kind];
    out.resize((out.size() + 7) / 8 * 8, '\0');
    std::string().swap(sections[kind]);  // the whole file and every section at once would double the peak
  }
  const std::uint64_t sum = pfi_checksum(reinterpret_cast<const std::uint8_t*>(out.data()), out.size(), header);
  std::memcpy(out.data() + header - 8, &sum, 8);
  return out;
}

std::string SegmentBuilder::finish() && {
  std::array<std::string, kSectionCount + 1> s;
  auto at = [&](SectionKind kind) -> std::string& { return s[static_cast<std::size_t>(kind)]; };
  const auto papers = static_cast<std::uint32_t>(records_offsets_.size() - 1);

  std::string& meta = at(SectionKind::meta);
  put_fixed(meta, papers);
  const Analyzer::Options& options = analyzer_.options();
  put_fixed(meta, static_cast<std::uint32_t>((options.stem ? 1u : 0u) | (options.stopwords ? 2u : 0u)));
  for (const std::uint64_t sum : length_sums_) put_fixed(meta, sum);
  put_fixed(meta, static_cast<std::uint32_t>(options.language.size()));
  meta += options.language;

  const Entries terms = sorted_entries(term_ids_);
  at(SectionKind::terms) = write_keys(terms);
  const std::vector<std::uint32_t> term_rank = ranks(terms);
  std::string& postings = at(SectionKind::postings);
  std::size_t postings_size = 0;
  for (const TermPostings& p : postings_) postings_size += p.skips.size() * sizeof(SkipEntry) + p.docs.size() + p.positions.size();
  postings.reserve(postings_size);
  for (const auto& [term, id] : terms) {
    TermPostings& p = postings_[id];
    const TermInfo info{postings.size(), static_cast<std::uint32_t>(p.skips.size()), static_cast<std::uint32_t>(p.docs.size()),
                        static_cast<std::uint32_t>(p.positions.size()), p.df, p.max_tf, 0};
    put_fixed(at(SectionKind::term_info), info);
    for (const SkipEntry& skip : p.skips) put_fixed(postings, skip);
    postings += p.docs;
    postings += p.positions;
    p = TermPostings{};
  }
  std::vector<TermPostings>().swap(postings_);

  const Entries words = sorted_entries(words_);
  at(SectionKind::words) = write_keys(words);
  for (const auto& [word, id] : words) put_fixed(at(SectionKind::word_terms), term_rank[word_terms_[id]]);

  at(SectionKind::field_lengths) = field_lengths_;
  at(SectionKind::numbers) = numbers_;
  at(SectionKind::flags) = flags_;
  for (auto [facet, values, docs] : {std::tuple{&categories_, SectionKind::category_values, SectionKind::category_docs},
                                     std::tuple{&authors_, SectionKind::author_values, SectionKind::author_docs}}) {
    const Entries entries = sorted_entries(facet->ids);
    at(values) = write_keys(entries);
    at(docs) = value_table(*facet, ranks(entries));
  }

  std::string& records = at(SectionKind::records);
  records.reserve(records_offsets_.size() * 8 + records_.size());
  for (const std::uint64_t offset : records_offsets_) put_fixed(records, offset);
  records += records_;
  std::string().swap(records_);

  const Entries keys = sorted_entries(keys_);
  at(SectionKind::keys) = write_keys(keys);
  for (const auto& [key, id] : keys) put_fixed(at(SectionKind::key_docs), key_docs_[id]);

  at(SectionKind::norms).assign(std::size_t{papers} * 4, '\0');
  return assemble(s);
}

/** The bytes of section @p kind of the assembled file @p file (whose table is trusted). */
std::span<std::uint8_t> section_bytes(std::string& file, SectionKind kind) {
  const std::size_t entry = 16 + (static_cast<std::size_t>(kind) - 1) * 24;  // see assemble()
  const auto offset = get_fixed<std::uint64_t>(reinterpret_cast<const std::uint8_t*>(file.data()) + entry + 8);
  const auto size = get_fixed<std::uint64_t>(reinterpret_cast<const std::uint8_t*>(file.data()) + entry + 16);
  return {reinterpret_cast<std::uint8_t*>(file.data()) + offset, static_cast<std::size_t>(size)};
}

/**
 * Fills the norms section of @p file: each paper's tf-idf vector length over title and abstract,
 * weights `(1 + ln tf) · (ln((1 + N) / (1 + df)) + 1)`, then the checksum again.
 */
void fill_norms(std::string& file) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(file.data());
  auto segment = Segment::open({bytes, file.size()}, built_segment_limits());
  if (!segment) return;
  std::vector<double> squares(segment->size(), 0.0);
  const double n = segment->size();
  for (std::size_t term = 0; term < segment->terms().size(); ++term) {
    const TermInfo info = segment->term_info(term);
    const double idf = std::log((1 + n) / (1 + info.df)) + 1;
    PostingCursor cursor(*segment, info);
    while (cursor.next() != PostingCursor::kEnd) {
      const std::uint32_t tf = cursor.tf(IndexField::title) + cursor.tf(IndexField::abstract);
      if (tf == 0) continue;
      const double weight = (1 + std::log(tf)) * idf;
      squares[cursor.doc()] += weight * weight;
    }
  }
  std::span<std::uint8_t> norms = section_bytes(file, SectionKind::norms);
  for (std::size_t doc = 0; doc < squares.size(); ++doc) {
    const auto norm = static_cast<float>(std::sqrt(squares[doc]));
    std::memcpy(norms.data() + 4 * doc, &norm, 4);
  }
  const std::size_t header = pfi_header_size(kSectionCount);
  const std::uint64_t sum = pfi_checksum(bytes, file.size(), header);
  std::memcpy(file.data() + header - 8, &sum, 8);
}

}  // namespace

std::string build_segment(std::span<const Paper> papers, Analyzer& analyzer) {
  SegmentBuilder builder(analyzer);
  for (const Paper& paper : papers) builder.add(paper);
  std::string file = std::move(builder).finish();
  fill_norms(file);
  return file;
}

}  // namespace paperfeed::detail
