#pragma once
/**
 * @file workload.hpp
 * What the search bench indexes and asks, identical for every engine: the papers of one size
 * and one deterministic query set drawn from real text.
 */

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "paperfeed/paper.hpp"
#include "paperfeed/status.hpp"

namespace search_bench {

/** The four kinds of query the bench times separately. */
enum class QueryKind : std::uint8_t {
  natural,  ///< a relevance collection's query: long natural language, words ORed
  words,    ///< 1–3 words from a real title, ORed
  prefix,   ///< one prefix of 3–5 letters from a real title word: `word*`
  phrase,   ///< two adjacent title words as a phrase: `"a b"`
};

/** Number of QueryKind values. */
inline constexpr std::size_t kQueryKinds = 4;

/** The lower-case name of @p kind ("natural", "words", "prefix", "phrase"). */
const char* query_kind_name(QueryKind kind);

/**
 * One query, kept in parts so that each engine can write it in its own syntax: for natural
 * the text as typed; for words the words; for prefix the letters before the `*`; for phrase
 * the two words. Words are lower-case ASCII letters.
 */
struct BenchQuery {
  QueryKind kind = QueryKind::natural;
  std::string text;                ///< natural: the query as typed
  std::vector<std::string> words;  ///< words, prefix (one entry) and phrase (two entries)
};

/**
 * @p query as a person types it into a search box: the natural text as is, words joined by
 * spaces, `word*`, `"a b"`. Xapian's QueryParser and paperfeed read this.
 */
std::string typed_text(const BenchQuery& query);

/** How many queries of each kind a workload draws. */
struct QueryCounts {
  std::size_t natural = 0;  ///< 0: every relevance query; else that many, evenly spaced over them
  std::size_t words = 300;
  std::size_t prefix = 200;
  std::size_t phrase = 200;
};

/** The papers to index and the queries to time. */
struct Workload {
  std::string size;         ///< "relevance", "real", "million"
  std::string description;  ///< where the papers come from, one sentence
  std::vector<paperfeed::Paper> papers;
  std::vector<BenchQuery> queries;
};

/**
 * The workload of @p size under @p corpora:
 * - "relevance": the documents of Cranfield, CISI and NPL, ids prefixed with the collection;
 * - "real": every distinct paper paperfeed reads from the corpora (relevance collections
 *   excluded), merged by paperfeed::Corpus, in the order of the sorted file paths;
 * - "million": at least @p million_papers records: the real papers, then copies of them
 *   (see copy_of()) until the count is reached.
 * Queries: the relevance collections' queries (natural; see QueryCounts), then counts.words/prefix/phrase
 * queries drawn with a fixed seed from the titles of the size's real records.
 */
paperfeed::Expected<Workload> load_workload(const std::string& size, const std::filesystem::path& corpora,
                                            std::size_t million_papers, const QueryCounts& counts = {});

/**
 * Copy number @p copy (>= 1) of a real paper, as the "million" size makes it: a fresh
 * new-style arXiv id (so no engine or merge rule takes it for the original), no DOI, links to
 * the new id, and the abstract's sentences rotated by @p copy with one of them dropped when it
 * has three or more, so that postings are not exact duplicates. Titles, authors and
 * categories are kept. No new words are made up: the vocabulary stays that of the real papers.
 */
paperfeed::Paper copy_of(const paperfeed::Paper& paper, std::uint64_t copy, std::uint64_t serial);

}  // namespace search_bench
