#pragma once
/**
 * @file collection.hpp
 * Relevance test collections read into one shape (documents, queries, graded judgments), and
 * written back out in the forms paperfeed's CLI reads: canonical JSONL documents and
 * `qid<TAB>query` lines.
 */

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "paperfeed/status.hpp"

namespace relevance {

/** One document, with the three fields every engine indexes: title, authors, abstract. */
struct Document {
  std::string id;
  std::string title;
  std::vector<std::string> authors;
  std::string abstract;
};

/** One query: its id as the judgments name it, and its text as a person typed it. */
struct Query {
  std::string id;
  std::string text;
};

/** Graded judgments of one query: document id → gain (>= 1 relevant, <= 0 judged not relevant). */
using Judgments = std::map<std::string, int>;

/** Judgments of every judged query, by query id. */
using Qrels = std::map<std::string, Judgments>;

/** A test collection. */
struct Collection {
  std::string name;  ///< "cranfield", "cisi", "npl", "hf-known-item"
  std::vector<Document> documents;
  std::vector<Query> queries;
  Qrels qrels;
};

/**
 * Cranfield 1400 from @p dir (cran.all.1400, cran.qry, cranqrel). Documents: .T, .A, .W
 * (.B, the bibliographic note, is left out). Queries are numbered 1…225 in file order, as the
 * judgments number them (cran.qry's own .I numbers have gaps). Grades become trec_eval gains as
 * in QRelsCorrectedforTRECeval: -1 → 5, 1 → 4, 2 → 3, 3 → 2, 4 → 1.
 */
paperfeed::Expected<Collection> read_cranfield(const std::filesystem::path& dir);

/**
 * CISI from @p dir (CISI.ALL, CISI.QRY, CISI.REL). Documents: .T, each .A line as one author,
 * .W (.X cross-references left out). Query text: all of the query record, .T .A .B .W (55 of
 * the 112 queries are a paper's title, authors and reference besides the .W text). Judgments
 * are binary (gain 1); 76 queries have any.
 */
paperfeed::Expected<Collection> read_cisi(const std::filesystem::path& dir);

/**
 * NPL from @p dir (doc-text, query-text_semicolon-reformatted, qrels.nocr). Documents have
 * only a text, taken as the abstract (no title, no authors). Queries are lower-cased like the
 * documents: the file's upper case would make Xapian's QueryParser read AND/OR as operators
 * and leave every capitalised word unstemmed (STEM_SOME). Judgments binary (gain 1).
 */
paperfeed::Expected<Collection> read_npl(const std::filesystem::path& dir);

/**
 * Known-item search over Hugging Face daily papers (every *.json in @p dir, read with
 * paperfeed::read_feed_file). Documents: the distinct papers (first occurrence of an id).
 * Queries: for each paper with at least three ai_keywords, the first three joined by spaces;
 * query id = paper id; the paper itself is the one relevant document (gain 1).
 */
paperfeed::Expected<Collection> read_hf_known_item(const std::filesystem::path& dir);

/** The documents as paperfeed canonical JSONL: keys id, title, abstract, authors, one per line. */
paperfeed::Status write_documents_jsonl(const Collection& collection, const std::filesystem::path& path);

/** The queries as `qid<TAB>query` lines (tabs and newlines inside a query become spaces). */
paperfeed::Status write_queries_tsv(const Collection& collection, const std::filesystem::path& path);

/** The judgments as TREC qrels lines `qid 0 docid gain`. */
paperfeed::Status write_qrels(const Collection& collection, const std::filesystem::path& path);

}  // namespace relevance
