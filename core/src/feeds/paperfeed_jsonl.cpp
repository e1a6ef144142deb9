// paperfeed: paperfeed's own canonical records (DESIGN.md, "Canonical record", plus the other
// Paper fields), as JSON lines or a JSON array. Values are taken as written: the writer already
// normalised them. Also home of read_jsonl_stream(), which streams any JSONL-capable format.

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "feeds/json_records.hpp"
#include "feeds/parsers.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

using simdjson::ondemand::object;

/** The Paper member a canonical key fills: one of the pointers, or the sources; none when unknown. */
struct Member {
  std::string Paper::*text = nullptr;
  std::vector<std::string> Paper::*list = nullptr;
  std::optional<std::int64_t> Paper::*count = nullptr;
  bool sources = false;
};

/** The canonical keys in the order the writer emits them. */
constexpr std::pair<std::string_view, Member> kFields[] = {
    {"id", {&Paper::id}},
    {"title", {&Paper::title}},
    {"abstract", {&Paper::abstract}},
    {"authors", {nullptr, &Paper::authors}},
    {"categories", {nullptr, &Paper::categories}},
    {"primary_category", {&Paper::primary_category}},
    {"published", {&Paper::published}},
    {"updated", {&Paper::updated}},
    {"announced", {&Paper::announced}},
    {"upvotes", {nullptr, nullptr, &Paper::upvotes}},
    {"comments", {nullptr, nullptr, &Paper::comments}},
    {"github", {&Paper::github}},
    {"stars", {nullptr, nullptr, &Paper::stars}},
    {"citations", {nullptr, nullptr, &Paper::citations}},
    {"keywords", {nullptr, &Paper::keywords}},
    {"comment", {&Paper::comment}},
    {"doi", {&Paper::doi}},
    {"url", {&Paper::url}},
    {"pdf", {&Paper::pdf}},
    {"project_page", {&Paper::project_page}},
    {"ai_summary", {&Paper::ai_summary}},
    {"journal_ref", {&Paper::journal_ref}},
    {"license", {&Paper::license}},
    {"announce_type", {&Paper::announce_type}},
    {"sources", {nullptr, nullptr, nullptr, true}},
};

class CanonicalMapping final : public RecordMapping {
 public:
  bool map(object record, std::size_t depth_left, Paper& paper, RecordError& error) override {
    return for_each_field(record, error, [&](std::string_view key, json::value value) {
      return read_field(key, value, depth_left, paper, error);
    });
  }

 private:
  bool read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper, RecordError& error);
  static bool read_sources(json::value value, Paper& paper, RecordError& error);

  KeyLookup<Member, std::size(kFields)> keys_{kFields, Member{}};
};

bool CanonicalMapping::read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper,
                                  RecordError& error) {
  const Member member = keys_.find(key);
  if (member.sources) return read_sources(value, paper, error);
  if (member.count) return read_count(value, key, error, paper.*(member.count));
  if (member.list) {
    auto& list = paper.*(member.list);
    list.clear();
    return for_each_string(value, key, error, [&](std::string_view item) { list.emplace_back(item); });
  }
  if (!member.text) return skip_unknown(value, key, depth_left, error);
  std::string_view text;
  if (!read_text(value, key, error, text)) return false;
  (paper.*(member.text)).assign(text);
  return true;
}

bool CanonicalMapping::read_sources(json::value value, Paper& paper, RecordError& error) {
  bool known = true;
  const bool read = for_each_string(value, "sources", error, [&](std::string_view name) {
    const auto format = format_from_name(name);
    if (format) {
      paper.sources.insert(*format);
    } else if (known) {
      known = false;
      error.at = json::location_of(value);
      error.code = ErrorCode::invalid_value;
      error.message = "unknown format \"" + shown_text(name) + "\" in \"sources\"";
    }
  });
  return read && known;
}

}  // namespace

std::unique_ptr<RecordMapping> paperfeed_mapping(const ParseContext&) { return std::make_unique<CanonicalMapping>(); }

void parse_paperfeed(FeedBytes& bytes, ParseContext& ctx) { read_json_records(bytes, ctx, *paperfeed_mapping(ctx)); }

void read_jsonl_stream(std::FILE* file, std::string_view prefix, ParseContext& ctx) {
  std::unique_ptr<RecordMapping> mapping;
  switch (ctx.format()) {
    case Format::arxiv_oai: mapping = arxiv_oai_mapping(ctx); break;
    case Format::daily_arxiv: mapping = daily_arxiv_mapping(ctx); break;
    case Format::paperfeed: mapping = paperfeed_mapping(ctx); break;
    default:
      ctx.fail(ErrorCode::invalid_argument, 0,
               std::string("the ") + format_name(ctx.format()) + " format cannot be streamed as JSON lines");
      return;
  }
  stream_json_lines(file, prefix, ctx, *mapping);
}

}  // namespace paperfeed::detail
