// daily-arxiv: the JSON lines written by "daily arXiv" bots (one arXiv paper per line, one file
// per day named YYYY-MM-DD.jsonl). Keys: id, categories (list; ACM/MSC class strings mixed in),
// pdf, abs, authors (list), title, comment (string or null), summary. The records carry no
// date: the day in the file name is the day the papers were announced.

#include <iterator>
#include <string>
#include <string_view>
#include <utility>

#include "feeds/json_records.hpp"
#include "feeds/parsers.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

using simdjson::ondemand::object;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/** The first YYYY-MM-DD (month 01–12, day 01–31) in the base name of @p path, or empty. */
std::string date_in_file_name(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  constexpr std::string_view kShape = "dddd-dd-dd";
  for (std::size_t at = 0; at + kShape.size() <= name.size(); ++at) {
    const std::string_view candidate = name.substr(at, kShape.size());
    bool fits = true;
    for (std::size_t i = 0; i < kShape.size() && fits; ++i) {
      fits = kShape[i] == 'd' ? is_digit(candidate[i]) : candidate[i] == '-';
    }
    if (!fits) continue;
    const int month = (candidate[5] - '0') * 10 + (candidate[6] - '0');
    const int day = (candidate[8] - '0') * 10 + (candidate[9] - '0');
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return std::string(candidate);
  }
  return {};
}

/** The keys of a bot record. */
enum class Key { id, categories, pdf, abs, authors, title, comment, summary, other };

/** In the order of the bot's newer files (older ones put categories after title). */
constexpr std::pair<std::string_view, Key> kKeys[] = {
    {"id", Key::id},           {"categories", Key::categories}, {"pdf", Key::pdf},
    {"abs", Key::abs},         {"authors", Key::authors},       {"title", Key::title},
    {"comment", Key::comment}, {"summary", Key::summary}};

class DailyArxivMapping final : public RecordMapping {
 public:
  explicit DailyArxivMapping(std::string announced) : announced_(std::move(announced)) {}

  bool map(object record, std::size_t depth_left, Paper& paper, RecordError& error) override {
    const bool read = for_each_field(record, error, [&](std::string_view key, json::value value) {
      return read_field(key, value, depth_left, paper, error);
    });
    if (read) paper.announced.assign(announced_);
    return read;
  }

 private:
  bool read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper,
                         RecordError& error);

  std::string announced_;
  KeyLookup<Key, std::size(kKeys)> keys_{kKeys, Key::other};
  CategoryFilter categories_;
};

bool DailyArxivMapping::read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper,
                                   RecordError& error) {
  const Key which = keys_.find(key);
  switch (which) {
    case Key::categories:
      return for_each_string(value, key, error, [&](std::string_view term) {
        if (categories_.is_arxiv(term)) paper.categories.emplace_back(term);
      });
    case Key::authors:
      return for_each_string(value, key, error, [&](std::string_view name) {
        std::string cleaned = clean_name(name);
        if (!cleaned.empty()) paper.authors.push_back(std::move(cleaned));
      });
    case Key::other: return skip_unknown(value, key, depth_left, error);
    default: break;
  }
  std::string_view text;
  if (!read_text(value, key, error, text)) return false;
  switch (which) {
    case Key::id: return read_arxiv_id(text, value, key, paper, error);
    case Key::pdf: paper.pdf.assign(text); break;
    case Key::abs: paper.url.assign(text); break;
    case Key::title: paper.title = clean_title(text); break;
    case Key::comment: paper.comment = fold_whitespace(text); break;
    case Key::summary: paper.abstract = clean_abstract(text); break;
    default: break;
  }
  return true;
}

}  // namespace

std::unique_ptr<RecordMapping> daily_arxiv_mapping(const ParseContext& ctx) {
  return std::make_unique<DailyArxivMapping>(date_in_file_name(ctx.options().file_name));
}

void parse_daily_arxiv(FeedBytes& bytes, ParseContext& ctx) {
  read_json_records(bytes, ctx, *daily_arxiv_mapping(ctx));
}

}  // namespace paperfeed::detail
