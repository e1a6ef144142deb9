#include "workload.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "collection.hpp"
#include "paperfeed/corpus.hpp"
#include "paperfeed/feeds.hpp"

namespace search_bench {

namespace fs = std::filesystem;
using paperfeed::Expected;
using paperfeed::Paper;

namespace {

/** splitmix64: a fixed, portable sequence, so every engine's process draws the same queries. */
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

constexpr std::array<const char*, 3> kCollections = {"cranfield", "cisi", "npl"};

Expected<std::vector<relevance::Collection>> read_relevance(const fs::path& corpora) {
  std::vector<relevance::Collection> collections;
  const fs::path root = corpora / "relevance_benchmarks";
  for (const char* name : kCollections) {
    const fs::path dir = root / name;
    auto collection = std::string(name) == "cranfield" ? relevance::read_cranfield(dir)
                      : std::string(name) == "cisi"    ? relevance::read_cisi(dir)
                                                       : relevance::read_npl(dir);
    if (!collection) return collection.error();
    collections.push_back(std::move(*collection));
  }
  return collections;
}

std::vector<Paper> relevance_papers(const std::vector<relevance::Collection>& collections) {
  std::vector<Paper> papers;
  for (const auto& collection : collections) {
    for (const auto& doc : collection.documents) {
      Paper p;
      p.id = collection.name + "-" + doc.id;
      p.title = doc.title;
      p.authors = doc.authors;
      p.abstract = doc.abstract;
      papers.push_back(std::move(p));
    }
  }
  return papers;
}

/** Every distinct paper paperfeed reads under @p corpora, relevance collections left out. */
std::vector<Paper> real_papers(const fs::path& corpora) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(corpora)) {
    if (entry.is_regular_file() && entry.path().string().find("relevance_benchmarks") == std::string::npos)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  paperfeed::Corpus corpus;
  for (const auto& file : files)
    paperfeed::read_feed_file(file.string(), {}, [&](Paper&& p) { corpus.add(std::move(p)); });
  return corpus.papers();
}

/** A new-style arXiv id no real paper has (years 80…: arXiv's YYMM ids started in 2007). */
std::string synthetic_id(std::uint64_t serial) {
  char id[32];
  std::snprintf(id, sizeof id, "%02u%02u.%05u", static_cast<unsigned>(80 + serial / 1200000),
                static_cast<unsigned>(serial / 100000 % 12 + 1), static_cast<unsigned>(serial % 100000));
  return id;
}

std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(". ", start);
    end = end == std::string::npos ? text.size() : end + 1;
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_stopword(const std::string& word) {
  static const std::array<const char*, 24> kStopwords = {
      "the", "and", "for", "with", "from", "into", "via",  "its",  "are",   "our",   "but",  "not",
      "can", "how", "what", "when", "why", "who", "this", "that", "using", "based", "than", "over"};
  return std::any_of(kStopwords.begin(), kStopwords.end(), [&](const char* s) { return word == s; });
}

/**
 * A title's words as query material: whitespace-separated tokens, stripped of punctuation at
 * either end, kept when all ASCII letters, 3 or more of them and no stopword; lower-cased.
 * `follows` says whether the word directly follows the previous kept word in the title (no
 * dropped token or punctuation between), which is what a phrase needs.
 */
struct TitleWord {
  std::string word;
  bool follows = false;
};

std::vector<TitleWord> title_words(const std::string& title) {
  std::vector<TitleWord> out;
  bool previous_kept_clean = false;
  std::size_t start = 0;
  while (start < title.size()) {
    std::size_t end = title.find(' ', start);
    if (end == std::string::npos) end = title.size();
    std::string token = title.substr(start, end - start);
    start = end + 1;
    auto is_letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    std::size_t first = 0, last = token.size();
    while (first < last && !is_letter(token[first])) ++first;
    while (last > first && !is_letter(token[last - 1])) --last;
    std::string word = token.substr(first, last - first);
    const bool clean = first == 0 && last == token.size();
    const bool letters = word.size() >= 3 && std::all_of(word.begin(), word.end(), is_letter);
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!letters || is_stopword(word)) {
      previous_kept_clean = false;
      continue;
    }
    out.push_back({word, previous_kept_clean && first == 0});
    previous_kept_clean = clean;
  }
  return out;
}

std::vector<BenchQuery> natural_queries(const std::vector<relevance::Collection>& collections, std::size_t count) {
  std::vector<BenchQuery> all;
  for (const auto& collection : collections)
    for (const auto& query : collection.queries) all.push_back({QueryKind::natural, query.text, {}});
  if (count == 0 || count >= all.size()) return all;
  std::vector<BenchQuery> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(all[i * all.size() / count]);
  return out;
}

/** Draws @p count queries of @p kind from @p titles; titles that cannot give one are skipped. */
void draw_queries(QueryKind kind, std::size_t count, const std::vector<std::vector<TitleWord>>& titles,
                  Random& random, std::vector<BenchQuery>& out) {
  std::size_t made = 0;
  for (std::size_t attempt = 0; made < count && attempt < count * 100; ++attempt) {
    const auto& words = titles[random.below(titles.size())];
    if (words.empty()) continue;
    BenchQuery query{kind, {}, {}};
    if (kind == QueryKind::words) {
      const std::size_t n = std::min<std::size_t>(1 + random.below(3), words.size());
      const std::size_t first = random.below(words.size() - n + 1);
      for (std::size_t i = first; i < first + n; ++i) query.words.push_back(words[i].word);
    } else if (kind == QueryKind::prefix) {
      const std::size_t letters = 3 + random.below(3);
      const auto& word = words[random.below(words.size())].word;
      if (word.size() <= letters) continue;
      query.words.push_back(word.substr(0, letters));
    } else {
      const std::size_t at = random.below(words.size());
      if (!words[at].follows) continue;
      query.words = {words[at - 1].word, words[at].word};
    }
    out.push_back(std::move(query));
    ++made;
  }
}

std::vector<BenchQuery> make_queries(const std::vector<relevance::Collection>& collections,
                                     const std::vector<Paper>& papers, const QueryCounts& counts) {
  std::vector<BenchQuery> queries = natural_queries(collections, counts.natural);
  std::vector<std::vector<TitleWord>> titles;
  for (const auto& p : papers)
    if (!p.title.empty()) titles.push_back(title_words(p.title));
  if (titles.empty()) return queries;
  Random random(20250101);
  draw_queries(QueryKind::words, counts.words, titles, random, queries);
  draw_queries(QueryKind::prefix, counts.prefix, titles, random, queries);
  draw_queries(QueryKind::phrase, counts.phrase, titles, random, queries);
  return queries;
}

}  // namespace

const char* query_kind_name(QueryKind kind) {
  switch (kind) {
    case QueryKind::natural: return "natural";
    case QueryKind::words: return "words";
    case QueryKind::prefix: return "prefix";
    case QueryKind::phrase: return "phrase";
  }
  return "?";
}

std::string typed_text(const BenchQuery& query) {
  switch (query.kind) {
    case QueryKind::natural: return query.text;
    case QueryKind::words: {
      std::string text;
      for (const auto& word : query.words) text += (text.empty() ? "" : " ") + word;
      return text;
    }
    case QueryKind::prefix: return query.words.at(0) + "*";
    case QueryKind::phrase: return "\"" + query.words.at(0) + " " + query.words.at(1) + "\"";
  }
  return {};
}

Paper copy_of(const Paper& paper, std::uint64_t copy, std::uint64_t serial) {
  Paper out = paper;
  out.id = synthetic_id(serial);
  out.doi.clear();
  out.url = "https://arxiv.org/abs/" + out.id;
  out.pdf = "https://arxiv.org/pdf/" + out.id;
  const std::vector<std::string> parts = sentences(paper.abstract);
  const std::size_t n = parts.size();
  const std::size_t kept = n >= 3 ? n - 1 : n;
  out.abstract.clear();
  for (std::size_t i = 0; i < kept; ++i) {
    if (i > 0) out.abstract += ' ';
    out.abstract += parts[(i + copy) % n];
  }
  return out;
}

Expected<Workload> load_workload(const std::string& size, const fs::path& corpora, std::size_t million_papers,
                                 const QueryCounts& counts) {
  auto collections = read_relevance(corpora);
  if (!collections) return collections.error();
  Workload workload;
  workload.size = size;
  if (size == "relevance") {
    workload.papers = relevance_papers(*collections);
    workload.description = "the documents of Cranfield, CISI and NPL";
  } else if (size == "real" || size == "million") {
    workload.papers = real_papers(corpora);
    workload.description = "every distinct real paper paperfeed reads from the corpora (merged by paperfeed::Corpus)";
  } else {
    return paperfeed::make_error(paperfeed::ErrorCode::invalid_argument,
                                 "unknown size \"" + size + "\" (relevance, real or million)");
  }
  workload.queries = make_queries(*collections, workload.papers, counts);
  if (size == "million") {
    const std::size_t real = workload.papers.size();
    if (real == 0) return paperfeed::make_error(paperfeed::ErrorCode::invalid_argument, "no real papers under the corpora");
    workload.papers.reserve(std::max(million_papers, real));
    for (std::size_t serial = 0; workload.papers.size() < million_papers; ++serial)
      workload.papers.push_back(copy_of(workload.papers[serial % real], serial / real + 1, serial));
    workload.description = "the " + std::to_string(real) +
                           " real papers, then copies of them with fresh arXiv-style ids, no DOI and the abstract's "
                           "sentences rotated with one dropped (no made-up words)";
  }
  return workload;
}

}  // namespace search_bench
