// pwc: Papers with Code. The REST API (paperswithcode.com/api/v1) answers a list request with
// {count, next, previous, results:[…]} and a paper request with the paper object {id (a slug),
// arxiv_id, nips_id, url_abs, url_pdf, title, abstract, authors, published, conference,
// conference_url_abs, conference_url_pdf, proceeding}. The papers-with-abstracts.json dump is
// a plain list of {paper_url, arxiv_id, title, abstract, url_abs, url_pdf, proceeding, authors,
// tasks, date, methods}. Tasks and methods are no arXiv categories and are not read.

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

/** The keys of a paper object that the mapping reads. */
enum class Key { arxiv_id, url_abs, url_pdf, title, abstract, authors, published, proceeding, conference, other };

constexpr std::pair<std::string_view, Key> kKeys[] = {
    {"arxiv_id", Key::arxiv_id},
    {"url_abs", Key::url_abs},
    {"url_pdf", Key::url_pdf},
    {"title", Key::title},
    {"abstract", Key::abstract},
    {"authors", Key::authors},
    {"published", Key::published},  // API
    {"date", Key::published},       // dump
    {"proceeding", Key::proceeding},
    {"conference", Key::conference},
};

/**
 * The venue named by a conference or proceeding value, or "" when the value is a URL slug
 * ("proceedings-of-the-27th-international"). The dump writes "NeurIPS 2018 12": the month
 * after the year is dropped.
 */
std::string venue_name(std::string_view value) {
  std::string name = fold_whitespace(value);
  if (name.find_first_of(" ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos) return {};
  const std::size_t last_space = name.rfind(' ');
  if (last_space == std::string::npos) return name;
  const std::string_view last = std::string_view(name).substr(last_space + 1);
  const std::size_t year_space = name.rfind(' ', last_space - 1);
  const std::size_t year_start = year_space == std::string::npos ? 0 : year_space + 1;
  const std::string_view year = std::string_view(name).substr(year_start, last_space - year_start);
  if (last.size() <= 2 && all_digits(last) && year.size() == 4 && all_digits(year)) name.resize(last_space);
  return name;
}

class PapersWithCodeMapping final : public RecordMapping {
 public:
  bool map(object record, std::size_t depth_left, Paper& paper, RecordError& error) override;

 private:
  bool read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper, RecordError& error);

  std::string_view url_abs_;
  std::string_view url_pdf_;
  std::string_view proceeding_;
  std::string_view conference_;
};

bool PapersWithCodeMapping::map(object record, std::size_t depth_left, Paper& paper, RecordError& error) {
  url_abs_ = {};
  url_pdf_ = {};
  proceeding_ = {};
  conference_ = {};
  const bool read = for_each_field(record, error, [&](std::string_view key, json::value value) {
    return read_field(key, value, depth_left, paper, error);
  });
  if (!read) return false;
  if (paper.id.empty()) paper.id = normalize_arxiv_id(url_abs_).value_or("");
  if (paper.id.empty()) {  // arXiv papers get their arXiv URLs from complete_identity
    paper.url.assign(url_abs_);
    paper.pdf.assign(url_pdf_);
  }
  paper.journal_ref = venue_name(proceeding_);
  if (paper.journal_ref.empty()) paper.journal_ref = venue_name(conference_);
  return true;
}

bool PapersWithCodeMapping::read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper,
                                       RecordError& error) {
  std::string_view text;
  switch (json::key_in(key, kKeys, Key::other)) {
    case Key::arxiv_id: return read_text(value, key, error, text) && read_arxiv_id(text, value, key, paper, error);
    case Key::url_abs: return read_text(value, key, error, url_abs_);
    case Key::url_pdf: return read_text(value, key, error, url_pdf_);
    case Key::proceeding: return read_text(value, key, error, proceeding_);
    case Key::conference: return read_text(value, key, error, conference_);
    case Key::authors: return json::read_author_names(value, key, depth_left, error, paper.authors);
    case Key::title:
      if (!read_text(value, key, error, text)) return false;
      paper.title = clean_title(text);
      return true;
    case Key::abstract:
      if (!read_text(value, key, error, text)) return false;
      paper.abstract = clean_abstract(text);
      return true;
    case Key::published:
      if (!read_text(value, key, error, text)) return false;
      paper.published = to_iso_date(text).value_or("");
      return true;
    case Key::other: break;
  }
  return skip_unknown(value, key, depth_left, error);
}

constexpr std::string_view kListKeys[] = {"results"};

}  // namespace

void parse_pwc(FeedBytes& bytes, ParseContext& ctx) {
  PapersWithCodeMapping mapping;
  json::read_api_response(bytes, ctx, mapping, {kListKeys, "re-fetch from the API"});
}

}  // namespace paperfeed::detail
