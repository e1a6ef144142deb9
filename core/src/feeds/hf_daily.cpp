// hf-daily: paper lists of the Hugging Face Hub API. /api/daily_papers and /api/papers/search
// return a list of items {paper:{id, authors, publishedAt, title, summary, upvotes, …}, title,
// summary, publishedAt, numComments, …}; /api/papers/{id} returns the paper object itself, and
// lists of such bare paper objects are read too. Optional keys are absent in real responses;
// null is read as unknown.
//
// Which value wins: the item's single-line "title" over paper.title. Both clean to the same
// line (paper.title keeps arXiv's folding), except where Hugging Face stripped the LaTeX from
// paper.title ("$μ$LO" → "μLO", "LLM$\times$MapReduce" → "LLMtimesMapReduce"): the item's
// copy is arXiv's title, LaTeX verbatim as in every other feed. paper.summary wins over the
// item's copy (they are equal). paper.publishedAt (the arXiv date) is `published`;
// `announced` is the day the paper was posted to Daily Papers: paper.submittedOnDailyAt, else
// the item's publishedAt.

#include <string>
#include <string_view>
#include <utility>

#include "feeds/json_api.hpp"
#include "feeds/json_records.hpp"
#include "feeds/parsers.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

using simdjson::ondemand::object;

/** The keys the mapping reads, in items and in paper objects alike. */
enum class Key {
  paper, id, title, summary, published_at, submitted_on_daily_at, authors, upvotes, num_comments,
  github_repo, github_stars, ai_keywords, ai_summary, project_page, other
};

constexpr std::pair<std::string_view, Key> kKeys[] = {
    {"paper", Key::paper},
    {"id", Key::id},
    {"title", Key::title},
    {"summary", Key::summary},
    {"publishedAt", Key::published_at},
    {"submittedOnDailyAt", Key::submitted_on_daily_at},
    {"authors", Key::authors},
    {"upvotes", Key::upvotes},
    {"numComments", Key::num_comments},
    {"githubRepo", Key::github_repo},
    {"githubStars", Key::github_stars},
    {"ai_keywords", Key::ai_keywords},
    {"ai_summary", Key::ai_summary},
    {"projectPage", Key::project_page},
};

/** The texts that an item and the paper object inside it may both carry. */
struct Texts {
  std::string_view title;
  std::string_view summary;
  std::string_view published_at;
};

class DailyPapersMapping final : public RecordMapping {
 public:
  bool map(object record, std::size_t depth_left, Paper& paper, RecordError& error) override;

 private:
  bool read_paper(json::value value, std::size_t depth_left, Paper& paper, RecordError& error);
  bool read_field(std::string_view key, json::value value, std::size_t depth_left, Texts& texts, Paper& paper,
                  RecordError& error);

  Texts item_;   // the record's own texts: an item's, or a bare paper's
  Texts inner_;  // the texts of the paper object inside an item
  std::string_view submitted_on_daily_;
  bool wrapped_ = false;  // the record is an item around a paper object
};

bool DailyPapersMapping::map(object record, std::size_t depth_left, Paper& paper, RecordError& error) {
  item_ = {};
  inner_ = {};
  submitted_on_daily_ = {};
  wrapped_ = false;
  const bool read = for_each_field(record, error, [&](std::string_view key, json::value value) {
    if (json::key_in(key, kKeys, Key::other) == Key::paper) return read_paper(value, depth_left, paper, error);
    return read_field(key, value, depth_left, item_, paper, error);
  });
  if (!read) return false;
  const Texts& own = wrapped_ ? inner_ : item_;
  paper.title = clean_title(item_.title.empty() ? inner_.title : item_.title);
  paper.abstract = clean_abstract(inner_.summary.empty() ? item_.summary : inner_.summary);
  paper.published = to_iso_date(own.published_at).value_or("");
  const std::string_view posted = wrapped_ ? item_.published_at : std::string_view{};
  paper.announced = to_iso_date(submitted_on_daily_.empty() ? posted : submitted_on_daily_).value_or("");
  return true;
}

bool DailyPapersMapping::read_paper(json::value value, std::size_t depth_left, Paper& paper, RecordError& error) {
  if (json::is_null(value)) return true;
  object fields;
  if (!json::open_object(value, "paper", depth_left, error, fields)) return false;
  wrapped_ = true;
  return for_each_field(fields, error, [&](std::string_view key, json::value field_value) {
    return read_field(key, field_value, depth_left - 1, inner_, paper, error);
  });
}

bool DailyPapersMapping::read_field(std::string_view key, json::value value, std::size_t depth_left, Texts& texts,
                                    Paper& paper, RecordError& error) {
  std::string_view text;
  switch (json::key_in(key, kKeys, Key::other)) {
    case Key::id: return read_text(value, key, error, text) && read_arxiv_id(text, value, key, paper, error);
    case Key::title: return read_text(value, key, error, texts.title);
    case Key::summary: return read_text(value, key, error, texts.summary);
    case Key::published_at: return read_text(value, key, error, texts.published_at);
    case Key::submitted_on_daily_at: return read_text(value, key, error, submitted_on_daily_);
    case Key::authors: return json::read_author_names(value, key, depth_left, error, paper.authors);
    case Key::upvotes: return read_count(value, key, error, paper.upvotes);
    case Key::num_comments: return read_count(value, key, error, paper.comments);
    case Key::github_stars: return read_count(value, key, error, paper.stars);
    case Key::github_repo:
      if (!read_text(value, key, error, text)) return false;
      paper.github.assign(text);
      return true;
    case Key::project_page:
      if (!read_text(value, key, error, text)) return false;
      paper.project_page.assign(text);
      return true;
    case Key::ai_summary:
      if (!read_text(value, key, error, text)) return false;
      paper.ai_summary = clean_abstract(text);
      return true;
    case Key::ai_keywords:
      paper.keywords.clear();
      return for_each_string(value, key, error, [&](std::string_view keyword) {
        std::string folded = fold_whitespace(keyword);
        if (!folded.empty()) paper.keywords.push_back(std::move(folded));
      });
    case Key::paper:  // a "paper" inside the paper object: not one the API writes
    case Key::other: break;
  }
  return skip_unknown(value, key, depth_left, error);
}

constexpr std::string_view kListKeys[] = {"data"};  // the archiver's {status, date, count, data} wrapper

}  // namespace

void parse_hf_daily(FeedBytes& bytes, ParseContext& ctx) {
  DailyPapersMapping mapping;
  json::read_api_response(bytes, ctx, mapping, {kListKeys, "re-fetch from /api/daily_papers"});
}

}  // namespace paperfeed::detail
