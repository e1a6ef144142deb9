#pragma once
/**
 * @file peers.hpp
 * The engines paperfeed is measured against, each set up as a C++ developer would by default.
 * Both index the same text per document: title, then the authors, then the abstract (the
 * authors left out when PeerOptions::with_authors is false).
 */

#include <cstddef>

#include "collection.hpp"
#include "metrics.hpp"

namespace relevance {

/** How the peers index and answer. */
struct PeerOptions {
  std::size_t depth = 100;   ///< hits kept per query
  bool with_authors = true;  ///< index the authors between title and abstract
};

/**
 * Xapian in memory (DB_BACKEND_INMEMORY): TermGenerator and QueryParser with the English
 * stemmer and STEM_SOME, QueryParser's default flags, default operator OR, BM25Weight with its
 * defaults (k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5). The first options.depth hits of each query.
 */
Run run_xapian(const Collection& collection, const PeerOptions& options);

/**
 * SQLite FTS5 in memory: one indexed column (title, authors, abstract joined by newlines),
 * `tokenize='porter unicode61'`, ordered by bm25() (score = -bm25). Query: its alphanumeric
 * tokens (ASCII letters and digits, and every non-ASCII byte), each double-quoted, joined with
 * OR. The first options.depth hits of each query.
 */
Run run_fts5(const Collection& collection, const PeerOptions& options);

/** Title, authors (when @p with_authors) and abstract of @p doc joined by newlines: the text both peers index. */
std::string indexed_text(const Document& doc, bool with_authors);

}  // namespace relevance
