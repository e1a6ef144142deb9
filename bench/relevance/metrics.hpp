#pragma once
/**
 * @file metrics.hpp
 * Ranked runs, TREC run files, and the two measures the relevance bench reports, computed as
 * trec_eval computes ndcg_cut.10 and recall.100 with `-c` (every judged query counts; one with
 * no retrieved documents scores 0; queries without judgments are left out of the mean).
 */

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "collection.hpp"
#include "paperfeed/status.hpp"

namespace relevance {

/** One retrieved document and the score its engine gave it. */
struct Hit {
  std::string doc;
  double score = 0;
};

/** Retrieved documents by query id, in the engine's order (best first). */
using Run = std::map<std::string, std::vector<Hit>>;

/**
 * @p hits in trec_eval's order: score descending, ties by document id descending (strcmp).
 * trec_eval ignores the rank column of a run file; so does this.
 */
std::vector<Hit> trec_order(std::vector<Hit> hits);

/**
 * nDCG at @p k of one ranking already in trec_order: gain = the judged grade (0 when unjudged
 * or below 0), discount log2(rank + 1) with rank from 1, ideal = all of the query's judged
 * gains sorted descending and cut at @p k. 0 when the ideal is 0.
 */
double ndcg_at(const std::vector<Hit>& ranking, const Judgments& judgments, std::size_t k);

/** Share of the query's relevant documents (grade >= 1) among the first @p k of @p ranking; 0 when none is relevant. */
double recall_at(const std::vector<Hit>& ranking, const Judgments& judgments, std::size_t k);

/** Means over the judged queries. */
struct Scores {
  double ndcg_10 = 0;
  double recall_100 = 0;
  std::size_t judged_queries = 0;    ///< queries with judgments (the denominator)
  std::size_t answered_queries = 0;  ///< judged queries for which the run retrieved anything
};

/** Scores of @p run against @p qrels (each query's hits put in trec_order first). */
Scores evaluate(const Run& run, const Qrels& qrels);

/** Writes @p run as TREC lines `qid Q0 docid rank score tag`, ranks from 1 in the given order. */
paperfeed::Status write_trec_run(const Run& run, const std::string& tag, const std::filesystem::path& path);

/** Reads a TREC run file (`qid Q0 docid rank score tag`; the rank column is ignored). */
paperfeed::Expected<Run> read_trec_run(const std::filesystem::path& path);

}  // namespace relevance
