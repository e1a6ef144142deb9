#pragma once
/**
 * @file engines.hpp
 * The three engines the search bench times, behind one interface: build an index from
 * in-memory papers, then answer one query at a time with the top 10 by relevance, fetching
 * each hit's stored record. Every engine stores the paper's canonical JSON (paper_to_json) as
 * its record, so index sizes compare like for like.
 */

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "paperfeed/paper.hpp"
#include "workload.hpp"

namespace search_bench {

/** Wall-clock time since construction. */
class Stopwatch {
 public:
  /** Seconds elapsed. */
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

/** What building took and made. Times in seconds of wall clock. */
struct BuildFigures {
  std::uint64_t documents = 0;  ///< documents the finished index holds
  double build_s = 0;           ///< in-memory papers → finished index (committed / serialized)
  double records_s = 0;         ///< of build_s, writing the canonical JSON records (peers only)
  double serialize_s = 0;       ///< of build_s, writing the `.pfi` bytes (paperfeed only)
  double load_s = 0;            ///< loading the `.pfi` bytes back (paperfeed only; not in build_s)
  std::uint64_t bytes = 0;      ///< size of the finished index
};

/** What one query found. */
struct Answer {
  std::uint64_t hits = 0;         ///< hits returned (at most 10)
  std::uint64_t total = 0;        ///< matching documents, exact or estimated (see Engine::exact_total)
  std::uint64_t record_bytes = 0; ///< bytes of the hits' records, so fetching them cannot be skipped
};

/** One engine under test. */
class Engine {
 public:
  virtual ~Engine() = default;
  /** "paperfeed", "xapian" or "fts5". */
  virtual std::string name() const = 0;
  /** The version of the engine's library. */
  virtual std::string version() const = 0;
  /** Indexes @p papers (which it may move from), single-threaded, timing it. */
  virtual BuildFigures build(std::vector<paperfeed::Paper>& papers) = 0;
  /** The top 10 of @p query by relevance, with their records. */
  virtual Answer search(const BenchQuery& query) = 0;
  /** How Answer::total is known: "exact", "estimate" or "not counted". */
  virtual std::string total_kind() const = 0;
  /** Queries the engine refused (a parse error): timed, but with no hits. */
  std::uint64_t refused = 0;
};

/** Xapian with a glass database in a new folder under @p parent (/dev/shm), removed on destruction. */
std::unique_ptr<Engine> make_xapian_engine(const std::string& parent);
/** SQLite FTS5 in an in-memory database. */
std::unique_ptr<Engine> make_fts5_engine();
/** paperfeed's Index and Searcher, searching the index loaded back from its `.pfi` bytes. */
std::unique_ptr<Engine> make_paperfeed_engine();

}  // namespace search_bench
