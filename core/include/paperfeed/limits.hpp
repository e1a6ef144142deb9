#pragma once
/**
 * @file limits.hpp
 * Every resource limit of paperfeed in one struct: how much of an untrusted feed, query or
 * index is read, and what happens past each bound. Over a limit is always a reported error or
 * a reported cut, never a crash, a hang or an allocation that grows with hostile input.
 *
 * Where each limit is passed: ReadOptions::limits (feeds), parse_query() and narrow_query()
 * (queries), SearchOptions::limits and Searcher::all_matches() (queries and their expansion),
 * Index::load() and Index::load_file() (indexes). Each reader uses only its own fields.
 *
 *     paperfeed::Limits limits;
 *     limits.max_index_bytes = std::uint64_t{256} << 20;  // refuse indexes over 256 MiB
 *     auto index = paperfeed::Index::load_file("papers.pfi", limits);
 */

#include <cstddef>
#include <cstdint>

namespace paperfeed {

/** Resource limits (see the file comment); the defaults suit feeds, typed queries and whole-arXiv indexes. */
struct Limits {
  // ---- Feeds (read_feed, read_feed_file) ----------------------------------------------------

  /** Largest single record in bytes (a JSONL line, a JSON array element, an XML entry). Over
   *  it: that record is rejected with ErrorCode::too_large and its offset, the rest of the feed
   *  still loads. Default 16 MiB. */
  std::size_t max_record_bytes = std::size_t{16} << 20;
  /** Largest feed held in memory at once, in bytes (every format but JSONL read from a file,
   *  which is streamed and has no such bound). Over it: the whole feed is refused with
   *  ErrorCode::too_large before it is read further. Default 1 GiB. A feed with invalid UTF-8 is
   *  repaired in a copy, which can be up to three times its size (each bad byte becomes U+FFFD). */
  std::size_t max_feed_bytes = std::size_t{1} << 30;
  /** Deepest JSON or XML nesting accepted in a feed: the outermost JSON value or XML element is
   *  level 1, a JSON value or XML element inside another one level deeper. Over it:
   *  ErrorCode::too_deep; a JSON record nested deeper is rejected and the rest loads, XML nested
   *  deeper anywhere refuses the whole feed (the XML parser builds the tree first). Default 64. */
  std::size_t max_depth = 64;
  /** Errors kept in FeedReport::errors. Over it: further errors are only counted, in
   *  FeedReport::errors_dropped. Default 1000. */
  std::size_t max_errors = 1000;

  // ---- Queries (parse_query, Searcher) --------------------------------------------------------

  /** Longest query in bytes. Over it: the query is cut at the last UTF-8 boundary at or before
   *  this many bytes and the cut is noted ("query cut at 4096 bytes"). Default 4096. */
  std::size_t max_query_bytes = 4096;
  /** Most leaves (words, phrases, filters) in one query. Over it: the rest of the query is
   *  ignored and noted ("more than 256 clauses: the rest ignored"). Default 256. */
  std::size_t max_query_clauses = 256;
  /** Deepest nesting of parentheses in a query, capped at kDeepestQueryNesting. Over it: the
   *  deeper `(` and their `)` are ignored and noted ("parentheses nested deeper than 32
   *  ignored"). Default 32. */
  std::size_t max_query_nesting = 32;
  /** The cap on max_query_nesting: every level takes a few stack frames of the parser. */
  static constexpr std::size_t kDeepestQueryNesting = 64;
  /** Most index terms one prefix or fuzzy word stands for. Over it: the closest, then most
   *  frequent, terms are kept and the cut is noted ("'diff*' expands to more than 64 terms: the
   *  64 most frequent searched"). Default 64. */
  std::size_t max_expansions = 64;
  /** Most prefix or fuzzy words expanded in one query. Over it: the later ones are searched as
   *  exact words and noted ("more than 16 prefix or fuzzy words: the rest searched as exact
   *  words"). Default 16. */
  std::size_t max_expanded_words = 16;

  // ---- Indexes (Index::load, Index::load_file) ----------------------------------------------

  /** Largest `.pfi` accepted, in bytes. Over it: ErrorCode::too_large, checked before anything
   *  is read or allocated (load_file() checks the file's size before reading it). Every count
   *  in an index (papers, terms, values) is checked against the bytes that hold it, so what
   *  loading and searching allocate stays proportional to this. Default 16 GiB (a whole-arXiv
   *  index is about 7 GB). */
  std::uint64_t max_index_bytes = std::uint64_t{16} << 30;
  /** Largest section of a `.pfi` (postings, records, a dictionary…), in bytes. Over it:
   *  ErrorCode::too_large naming the section, checked when the section table is read, before the
   *  section is used. Default 8 GiB. */
  std::uint64_t max_index_section_bytes = std::uint64_t{8} << 30;
};

}  // namespace paperfeed
