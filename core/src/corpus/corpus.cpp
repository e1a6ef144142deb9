#include "paperfeed/corpus.hpp"

#include <algorithm>

#include "paperfeed/normalize.hpp"

namespace paperfeed {

namespace {

/** Titles whose key is shorter than this ("Introduction") do not identify a paper. */
constexpr std::size_t kMinTitleKey = 16;

bool has_arxiv_id(const Paper& p) {
  return !p.id.empty() && p.id.rfind("doi:", 0) != 0 && p.id.rfind("title:", 0) != 0;
}

std::string doi_key(const Paper& p) {
  if (p.doi.empty()) return {};
  std::string key = "doi:" + p.doi;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

std::string title_index_key(const Paper& p) {
  if (p.title.empty()) return {};
  std::string key = title_key(p.title);
  if (key.size() < kMinTitleKey) return {};
  return "t|" + key;
}

/** Higher is more authoritative for a paper's text (title, abstract, authors, categories). */
int authority(Format f) {
  switch (f) {
    case Format::arxiv_oai:
    case Format::arxiv_atom:
    case Format::arxiv_oaipmh: return 6;
    case Format::arxiv_listing:
    case Format::daily_arxiv: return 5;
    case Format::paperfeed: return 4;
    case Format::hf_daily: return 3;
    case Format::s2: return 2;
    case Format::pwc: return 1;
    case Format::hf_listing: return 0;
  }
  return 0;
}

int authority(const Paper& p) {
  int best = -1;
  for (Format f : p.sources.list()) best = std::max(best, authority(f));
  return best;
}

/** Identity strength: an arXiv id beats a DOI beats a title hash. */
int id_strength(const std::string& id) {
  if (id.empty()) return 0;
  if (id.rfind("title:", 0) == 0) return 1;
  if (id.rfind("doi:", 0) == 0) return 2;
  return 3;
}

void fill(std::string& into, const std::string& from) {
  if (into.empty()) into = from;
}

void keep_max(std::optional<std::int64_t>& into, const std::optional<std::int64_t>& from) {
  if (from && (!into || *from > *into)) into = from;
}

enum class Pick { earliest, latest };

/**
 * Keeps the earliest or latest of two ISO dates. Dates may be partial ("2024", "2024-05"):
 * when one refines the other, the more precise one is kept whatever @p pick says.
 */
void keep_date(std::string& into, const std::string& from, Pick pick) {
  if (from.empty() || into == from) return;
  if (into.empty() || from.compare(0, into.size(), into) == 0) {
    into = from;
    return;
  }
  if (into.compare(0, from.size(), from) == 0) return;
  if (pick == Pick::earliest ? from < into : from > into) into = from;
}

void unite(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const auto& item : from) {
    if (std::find(into.begin(), into.end(), item) == into.end()) into.push_back(item);
  }
}

/** Title, abstract, authors and categories from the more authoritative record. */
void merge_text(Paper& into, const Paper& from) {
  const bool prefer_from = authority(from) > authority(into);
  auto pick = [&](std::string& a, const std::string& b) {
    if (a.empty() || (prefer_from && !b.empty())) a = b;
  };
  pick(into.title, from.title);
  pick(into.abstract, from.abstract);
  if (into.authors.empty() || (prefer_from && !from.authors.empty())) into.authors = from.authors;
  if (into.categories.empty() || (prefer_from && !from.categories.empty())) {
    into.categories = from.categories;
    into.primary_category = from.primary_category;
  }
}

}  // namespace

void merge_into(Paper& into, const Paper& from) {
  merge_text(into, from);
  if (id_strength(from.id) > id_strength(into.id)) into.id = from.id;
  keep_date(into.published, from.published, Pick::earliest);
  keep_date(into.updated, from.updated, Pick::latest);
  keep_date(into.announced, from.announced, Pick::earliest);
  keep_max(into.upvotes, from.upvotes);
  keep_max(into.comments, from.comments);
  keep_max(into.stars, from.stars);
  keep_max(into.citations, from.citations);
  fill(into.github, from.github);
  fill(into.project_page, from.project_page);
  unite(into.keywords, from.keywords);
  fill(into.ai_summary, from.ai_summary);
  fill(into.comment, from.comment);
  fill(into.journal_ref, from.journal_ref);
  fill(into.doi, from.doi);
  fill(into.license, from.license);
  fill(into.announce_type, from.announce_type);
  fill(into.url, from.url);
  fill(into.pdf, from.pdf);
  into.sources.insert(from.sources);
  complete_identity(into);
}

std::optional<std::size_t> Corpus::match(const Paper& paper) const {
  auto lookup = [&](const std::string& key) -> std::optional<std::size_t> {
    if (key.empty()) return std::nullopt;
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return std::nullopt;
    return it->second;
  };
  if (has_arxiv_id(paper)) {
    if (auto at = lookup(paper.id)) return at;
  }
  // A weaker key only matches when the stronger identities do not contradict it.
  for (const std::string& key : {doi_key(paper), title_index_key(paper)}) {
    if (auto at = lookup(key); at && identities_compatible(paper, papers_[*at])) return at;
  }
  if (!has_arxiv_id(paper)) return lookup(paper.id);
  return std::nullopt;
}

void Corpus::index(std::size_t at) {
  for (std::string& key : identity_keys(papers_[at])) by_key_.try_emplace(std::move(key), at);
}

std::vector<std::string> identity_keys(const Paper& paper) {
  std::vector<std::string> keys;
  for (std::string key : {paper.id, doi_key(paper), title_index_key(paper)}) {
    if (!key.empty()) keys.push_back(std::move(key));
  }
  return keys;
}

bool identities_compatible(const Paper& a, const Paper& b) {
  if (has_arxiv_id(a) && has_arxiv_id(b) && a.id != b.id) return false;
  const std::string doi_a = doi_key(a), doi_b = doi_key(b);
  return doi_a.empty() || doi_b.empty() || doi_a == doi_b;
}

bool has_arxiv_identity(const Paper& paper) { return has_arxiv_id(paper); }

std::size_t Corpus::add(Paper&& paper) {
  if (auto at = match(paper)) {
    merge_into(papers_[*at], paper);
    ++duplicates_merged_;
    index(*at);
    return *at;
  }
  papers_.push_back(std::move(paper));
  index(papers_.size() - 1);
  return papers_.size() - 1;
}

const Paper* Corpus::find(std::string_view id) const {
  auto it = by_key_.find(std::string(id));
  if (it == by_key_.end()) return nullptr;
  return &papers_[it->second];
}

}  // namespace paperfeed
