// arxiv-oai: the arXiv metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json"), one JSON
// object per line, or a JSON array of the same objects. Keys: id, submitter, authors (one
// string), title, comments, journal-ref, doi, report-no, categories (space-separated), license,
// abstract, versions ([{version, created (RFC 822)}]), update_date, authors_parsed
// ([[last, first, suffix]]). Missing values are JSON null.

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

/** Adds the arXiv categories of a space-separated list, in order (MSC/ACM codes dropped). */
void add_categories(std::string_view list, CategoryFilter& filter, Paper& paper) {
  std::size_t start = 0;
  while (start < list.size()) {
    std::size_t end = list.find(' ', start);
    if (end == std::string_view::npos) end = list.size();
    const std::string_view term = list.substr(start, end - start);
    if (!term.empty() && filter.is_arxiv(term)) paper.categories.emplace_back(term);
    start = end + 1;
  }
}

/** The snapshot keys; those the mapping does not use are listed too, to keep the key order. */
enum class Key { id, title, abstract, authors, categories, comments, journal_ref, doi, license, update_date,
                 versions, authors_parsed, other };

constexpr std::pair<std::string_view, Key> kKeys[] = {
    {"id", Key::id},
    {"submitter", Key::other},
    {"authors", Key::authors},
    {"title", Key::title},
    {"comments", Key::comments},
    {"journal-ref", Key::journal_ref},
    {"doi", Key::doi},
    {"report-no", Key::other},
    {"categories", Key::categories},
    {"license", Key::license},
    {"abstract", Key::abstract},
    {"versions", Key::versions},
    {"update_date", Key::update_date},
    {"authors_parsed", Key::authors_parsed},
};

/** The dates of a record's first and last versions, as written ("Mon, 2 Apr 2007 …"). */
struct VersionDates {
  std::string_view first;
  std::string_view last;
};

class SnapshotMapping final : public RecordMapping {
 public:
  bool map(object record, std::size_t depth_left, Paper& paper, RecordError& error) override;

 private:
  bool read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper, RecordError& error);
  bool read_versions(json::value value, std::size_t depth_left, RecordError& error);
  bool read_authors_parsed(json::value value, Paper& paper, RecordError& error);

  KeyLookup<Key, std::size(kKeys)> keys_{kKeys, Key::other};
  CategoryFilter categories_;
  std::string name_;  // scratch for one author's "First Last Suffix"
  std::string_view authors_text_;
  std::string_view update_date_;
  VersionDates versions_;
  bool have_authors_parsed_ = false;
};

bool SnapshotMapping::map(object record, std::size_t depth_left, Paper& paper, RecordError& error) {
  authors_text_ = {};
  update_date_ = {};
  versions_ = {};
  have_authors_parsed_ = false;
  const bool read = for_each_field(record, error, [&](std::string_view key, json::value value) {
    return read_field(key, value, depth_left, paper, error);
  });
  if (!read) return false;
  if (!have_authors_parsed_ && !authors_text_.empty()) paper.authors = split_authors(authors_text_);
  if (!versions_.first.empty()) {
    paper.published = to_iso_date(versions_.first).value_or("");
    paper.updated = to_iso_date(versions_.last).value_or("");
  } else if (!update_date_.empty()) {
    paper.updated = to_iso_date(update_date_).value_or("");
  }
  return true;
}

bool SnapshotMapping::read_field(std::string_view key, json::value value, std::size_t depth_left, Paper& paper,
                                 RecordError& error) {
  const Key which = keys_.find(key);
  if (which == Key::versions) return read_versions(value, depth_left, error);
  if (which == Key::authors_parsed) return read_authors_parsed(value, paper, error);
  if (which == Key::other) return skip_unknown(value, key, depth_left, error);
  std::string_view text;
  if (!read_text(value, key, error, text)) return false;
  switch (which) {
    case Key::id: return read_arxiv_id(text, value, key, paper, error);
    case Key::title: paper.title = clean_title(text); break;
    case Key::abstract: paper.abstract = clean_abstract(text); break;
    case Key::authors: authors_text_ = text; break;
    case Key::categories: add_categories(text, categories_, paper); break;
    case Key::comments: paper.comment = fold_whitespace(text); break;
    case Key::journal_ref: paper.journal_ref = fold_whitespace(text); break;
    case Key::doi: paper.doi = normalize_doi(text).value_or(""); break;
    case Key::license: paper.license.assign(text); break;
    case Key::update_date: update_date_ = text; break;
    default: break;
  }
  return true;
}

bool SnapshotMapping::read_versions(json::value value, std::size_t depth_left, RecordError& error) {
  if (json::is_null(value)) return true;
  simdjson::ondemand::array versions;
  if (auto code = value.get_array().get(versions)) return field_error(error, code, "versions", "a list", value);
  for (auto version_result : versions) {
    json::value version_value;
    object version;
    if (auto code = std::move(version_result).get(version_value)) return broken_record(error, code);
    if (auto code = version_value.get_object().get(version)) {
      return field_error(error, code, "versions", "objects in a list", version_value);
    }
    const bool read = for_each_field(version, error, [&](std::string_view key, json::value field) {
      if (key != "created") return depth_left < 2 || skip_unknown(field, "versions", depth_left - 2, error);
      std::string_view created;
      if (!read_text(field, "created", error, created)) return false;
      if (versions_.first.empty()) versions_.first = created;
      versions_.last = created;
      return true;
    });
    if (!read) return false;
  }
  return true;
}

bool SnapshotMapping::read_authors_parsed(json::value value, Paper& paper, RecordError& error) {
  if (json::is_null(value)) return true;
  have_authors_parsed_ = true;
  simdjson::ondemand::array authors;
  if (auto code = value.get_array().get(authors)) return field_error(error, code, "authors_parsed", "a list", value);
  for (auto author_result : authors) {
    json::value author;
    if (auto code = std::move(author_result).get(author)) return broken_record(error, code);
    // [last, first, suffix, …]: written as "first last suffix".
    std::string_view parts[3];
    std::size_t count = 0;
    const bool read = for_each_string(author, "authors_parsed", error, [&](std::string_view part) {
      if (count < 3) parts[count] = part;
      ++count;
    });
    if (!read) return false;
    name_.clear();
    for (std::string_view part : {parts[1], parts[0], parts[2]}) {
      if (part.empty()) continue;
      if (!name_.empty()) name_ += ' ';
      name_ += part;
    }
    if (!name_.empty()) paper.authors.push_back(clean_name(name_));
  }
  return true;
}

}  // namespace

std::unique_ptr<RecordMapping> arxiv_oai_mapping(const ParseContext&) { return std::make_unique<SnapshotMapping>(); }

void parse_arxiv_oai(FeedBytes& bytes, ParseContext& ctx) { read_json_records(bytes, ctx, *arxiv_oai_mapping(ctx)); }

}  // namespace paperfeed::detail
