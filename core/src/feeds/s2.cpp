// s2: Semantic Scholar Graph API responses: one paper object (/paper/{id}), a list of them
// (/paper/batch), a search page {total, offset, next, data:[…]} or bulk page {total, token,
// data}, citation and reference lists whose items hold the paper under citingPaper/citedPaper,
// and an author object with papers:[…]. The citations and references nested in a paper object
// are related papers, not records of the feed: they are skipped without a word.
//
// fieldsOfStudy are Semantic Scholar's own subjects, not arXiv categories, and are ignored.

#include <algorithm>
#include <cstdint>
#include <optional>
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

/** The keys of a paper object (and of the citation items around one) that the mapping reads. */
enum class Key {
  citing_paper, cited_paper, external_ids, url, title, abstract, authors, publication_date, year, citation_count,
  open_access_pdf, venue, journal, other
};

constexpr std::pair<std::string_view, Key> kKeys[] = {
    {"citingPaper", Key::citing_paper},
    {"citedPaper", Key::cited_paper},
    {"externalIds", Key::external_ids},
    {"url", Key::url},
    {"title", Key::title},
    {"abstract", Key::abstract},
    {"authors", Key::authors},
    {"publicationDate", Key::publication_date},
    {"year", Key::year},
    {"citationCount", Key::citation_count},
    {"openAccessPdf", Key::open_access_pdf},
    {"venue", Key::venue},
    {"journal", Key::journal},
};

/** Markers that Semantic Scholar keeps from Google Scholar at the start of some titles. */
constexpr std::string_view kTitleMarkers[] = {"[PDF] ", "[HTML] ", "[BOOK] ", "[CITATION] "};

std::string_view strip_title_marker(std::string_view title) {
  for (std::string_view marker : kTitleMarkers) {
    if (title.substr(0, marker.size()) == marker) return title.substr(marker.size());
  }
  return title;
}

/** True for Semantic Scholar's names of arXiv itself ("ArXiv", "arXiv.org"): no journal reference. */
bool names_arxiv(std::string_view venue) {
  auto is = [&](std::string_view lower) {
    return venue.size() == lower.size() && std::equal(venue.begin(), venue.end(), lower.begin(), [](char a, char b) {
             return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
           });
  };
  return is("arxiv") || is("arxiv.org");
}

/** The journal object's parts; "Mind", "LIX", "433-460" read "Mind LIX, 433-460". */
struct Journal {
  std::string_view name;
  std::string_view volume;
  std::string_view pages;
};

class GraphPaperMapping final : public RecordMapping {
 public:
  bool map(object record, std::size_t depth_left, Paper& paper, RecordError& error) override;

 private:
  bool read_fields(object fields, std::size_t depth_left, Paper& paper, RecordError& error);
  bool read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper, RecordError& error);
  bool read_external_ids(json::value value, std::size_t depth_left, Paper& paper, RecordError& error);
  bool read_pdf(json::value value, std::size_t depth_left, Paper& paper, RecordError& error);
  bool read_journal(json::value value, std::size_t depth_left, RecordError& error);
  std::string journal_reference() const;

  std::string_view url_;
  std::string_view venue_;
  Journal journal_;
  std::optional<std::int64_t> year_;
};

bool GraphPaperMapping::map(object record, std::size_t depth_left, Paper& paper, RecordError& error) {
  url_ = {};
  venue_ = {};
  journal_ = {};
  year_.reset();
  if (!read_fields(record, depth_left, paper, error)) return false;
  if (paper.published.empty() && year_ && *year_ >= 1000 && *year_ <= 9999) paper.published = std::to_string(*year_);
  if (paper.id.empty()) paper.url.assign(url_);  // arXiv papers get their arXiv URL from complete_identity
  paper.journal_ref = journal_reference();
  return true;
}

bool GraphPaperMapping::read_fields(object fields, std::size_t depth_left, Paper& paper, RecordError& error) {
  return for_each_field(fields, error, [&](std::string_view key, json::value value) {
    return read_field(key, value, depth_left, paper, error);
  });
}

bool GraphPaperMapping::read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper,
                                   RecordError& error) {
  std::string_view text;
  switch (json::key_in(key, kKeys, Key::other)) {
    case Key::citing_paper:
    case Key::cited_paper: {
      object cited;
      if (json::is_null(value)) return true;
      return json::open_object(value, key, depth_left, error, cited) &&
             read_fields(cited, depth_left - 1, paper, error);
    }
    case Key::external_ids: return read_external_ids(value, depth_left, paper, error);
    case Key::open_access_pdf: return read_pdf(value, depth_left, paper, error);
    case Key::journal: return read_journal(value, depth_left, error);
    case Key::authors: return json::read_author_names(value, key, depth_left, error, paper.authors);
    case Key::year: return read_count(value, key, error, year_);
    case Key::citation_count: return read_count(value, key, error, paper.citations);
    case Key::url: return read_text(value, key, error, url_);
    case Key::venue: return read_text(value, key, error, venue_);
    case Key::title:
      if (!read_text(value, key, error, text)) return false;
      paper.title = clean_title(strip_title_marker(text));
      return true;
    case Key::abstract:
      if (!read_text(value, key, error, text)) return false;
      paper.abstract = clean_abstract(text);
      return true;
    case Key::publication_date:
      if (!read_text(value, key, error, text)) return false;
      paper.published = to_iso_date(text).value_or("");
      return true;
    case Key::other: break;
  }
  return skip_unknown(value, key, depth_left, error);
}

bool GraphPaperMapping::read_external_ids(json::value value, std::size_t depth_left, Paper& paper,
                                          RecordError& error) {
  object ids;
  if (json::is_null(value)) return true;
  if (!json::open_object(value, "externalIds", depth_left, error, ids)) return false;
  return for_each_field(ids, error, [&](std::string_view key, json::value id) {
    std::string_view text;
    if (key == "ArXiv") return read_text(id, key, error, text) && read_arxiv_id(text, id, key, paper, error);
    if (key != "DOI") return skip_unknown(id, key, depth_left - 1, error);
    if (!read_text(id, key, error, text)) return false;
    paper.doi = normalize_doi(text).value_or("");
    return true;
  });
}

bool GraphPaperMapping::read_pdf(json::value value, std::size_t depth_left, Paper& paper, RecordError& error) {
  object pdf;
  if (json::is_null(value)) return true;
  if (!json::open_object(value, "openAccessPdf", depth_left, error, pdf)) return false;
  return for_each_field(pdf, error, [&](std::string_view key, json::value field) {
    if (key != "url") return skip_unknown(field, key, depth_left - 1, error);
    std::string_view url;
    if (!read_text(field, key, error, url)) return false;
    paper.pdf.assign(url);
    return true;
  });
}

bool GraphPaperMapping::read_journal(json::value value, std::size_t depth_left, RecordError& error) {
  object journal;
  if (json::is_null(value)) return true;
  if (!json::open_object(value, "journal", depth_left, error, journal)) return false;
  return for_each_field(journal, error, [&](std::string_view key, json::value field) {
    if (key == "name") return read_text(field, key, error, journal_.name);
    if (key == "volume") return read_text(field, key, error, journal_.volume);
    if (key == "pages") return read_text(field, key, error, journal_.pages);
    return skip_unknown(field, key, depth_left - 1, error);
  });
}

// The journal when there is one, else the venue; arXiv itself is neither.
std::string GraphPaperMapping::journal_reference() const {
  const std::string name = fold_whitespace(journal_.name);
  if (!name.empty() && !names_arxiv(name)) {
    std::string reference = name;
    if (const std::string volume = fold_whitespace(journal_.volume); !volume.empty()) reference += " " + volume;
    if (const std::string pages = fold_whitespace(journal_.pages); !pages.empty()) reference += ", " + pages;
    return reference;
  }
  std::string venue = fold_whitespace(venue_);
  return names_arxiv(venue) ? std::string() : venue;
}

constexpr std::string_view kListKeys[] = {"data", "papers"};

}  // namespace

void parse_s2(FeedBytes& bytes, ParseContext& ctx) {
  GraphPaperMapping mapping;
  json::read_api_response(bytes, ctx, mapping, {kListKeys, "re-fetch from the Graph API"});
}

}  // namespace paperfeed::detail
