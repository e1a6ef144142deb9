// relevance_bench: nDCG@10 and Recall@100 (trec_eval's definitions) of Xapian and SQLite FTS5 on
// the relevance collections under the corpora folder, beside any engine's TREC run files. See
// bench/README.md.
//
//   relevance_bench table CORPORA_DIR [--runs NAME=DIR]... [--write-runs DIR] [--without-authors]
//       prints a Markdown table, collection × engine. Each --runs DIR holds one TREC run file
//       per collection, DIR/<collection>.run (cranfield, cisi, npl, hf-known-item); a missing
//       file is reported, not scored. --write-runs writes the peers' runs to DIR/xapian/ and
//       DIR/fts5/ the same way. --without-authors: the peers index title and abstract only.
//   relevance_bench export CORPORA_DIR OUT_DIR
//       writes OUT_DIR/<collection>/{docs.jsonl,queries.tsv,qrels.txt}: canonical JSONL
//       documents and `qid<TAB>query` lines for paperfeed's CLI, and the judgments as TREC qrels.

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "collection.hpp"
#include "metrics.hpp"
#include "peers.hpp"

namespace fs = std::filesystem;
using namespace relevance;

namespace {

/** Where each collection lives under the corpora folder, and how it is read. */
struct Source {
  const char* name;
  const char* folder;
  std::function<paperfeed::Expected<Collection>(const fs::path&)> read;
};

const std::vector<Source>& sources() {
  static const std::vector<Source> all = {
      {"cranfield", "relevance_benchmarks/cranfield", read_cranfield},
      {"cisi", "relevance_benchmarks/cisi", read_cisi},
      {"npl", "relevance_benchmarks/npl", read_npl},
      {"hf-known-item", "hf_daily_papers/api_daily_papers", read_hf_known_item},
  };
  return all;
}

/** Every collection present under @p corpora; absent ones are named on stderr. */
std::vector<Collection> read_collections(const fs::path& corpora) {
  std::vector<Collection> collections;
  for (const auto& source : sources()) {
    fs::path dir = corpora / source.folder;
    if (!fs::is_directory(dir)) {
      std::fprintf(stderr, "%s: %s absent, skipped\n", source.name, dir.c_str());
      continue;
    }
    auto collection = source.read(dir);
    if (!collection) {
      std::fprintf(stderr, "%s: %s\n", source.name, collection.error().to_string().c_str());
      continue;
    }
    collections.push_back(std::move(*collection));
  }
  return collections;
}

/** An external engine's runs: NAME=DIR. */
struct ExternalRuns {
  std::string name;
  fs::path dir;
};

void print_row(const Collection& c, const std::string& engine, const Scores& s) {
  std::printf("| %s | %zu | %zu | %s | %.3f | %.3f | %zu |\n", c.name.c_str(), c.documents.size(), s.judged_queries,
              engine.c_str(), s.ndcg_10, s.recall_100, s.answered_queries);
}

void score_peer(const Collection& c, const char* engine, const Run& run, const fs::path& write_dir) {
  print_row(c, engine, evaluate(run, c.qrels));
  if (write_dir.empty()) return;
  auto status = write_trec_run(run, engine, write_dir / engine / (c.name + ".run"));
  if (!status) std::fprintf(stderr, "%s\n", status.error().to_string().c_str());
}

void score_external(const Collection& c, const ExternalRuns& external) {
  fs::path file = external.dir / (c.name + ".run");
  if (!fs::exists(file)) {
    std::printf("| %s | %zu | %zu | %s | no run | no run | 0 |\n", c.name.c_str(), c.documents.size(), c.qrels.size(),
                external.name.c_str());
    return;
  }
  auto run = read_trec_run(file);
  if (!run) {
    std::fprintf(stderr, "%s\n", run.error().to_string().c_str());
    return;
  }
  print_row(c, external.name, evaluate(*run, c.qrels));
}

int table(const fs::path& corpora, const std::vector<ExternalRuns>& externals, const fs::path& write_dir,
          const PeerOptions& options) {
  if (!write_dir.empty())
    for (const char* engine : {"xapian", "fts5"}) fs::create_directories(write_dir / engine);
  std::printf("| collection | documents | judged queries | engine | nDCG@10 | Recall@100 | queries answered |\n");
  std::printf("|---|---:|---:|---|---:|---:|---:|\n");
  for (const auto& c : read_collections(corpora)) {
    score_peer(c, "xapian", run_xapian(c, options), write_dir);
    score_peer(c, "fts5", run_fts5(c, options), write_dir);
    for (const auto& external : externals) score_external(c, external);
    std::fflush(stdout);
  }
  return 0;
}

int export_collections(const fs::path& corpora, const fs::path& out) {
  int failures = 0;
  for (const auto& c : read_collections(corpora)) {
    fs::path dir = out / c.name;
    fs::create_directories(dir);
    for (const auto& status : {write_documents_jsonl(c, dir / "docs.jsonl"), write_queries_tsv(c, dir / "queries.tsv"),
                               write_qrels(c, dir / "qrels.txt")})
      if (!status) {
        std::fprintf(stderr, "%s\n", status.error().to_string().c_str());
        ++failures;
      }
    std::printf("%s: %zu documents, %zu queries, %zu judged, in %s\n", c.name.c_str(), c.documents.size(),
                c.queries.size(), c.qrels.size(), dir.c_str());
  }
  return failures == 0 ? 0 : 1;
}

int usage() {
  std::fprintf(stderr,
               "usage: relevance_bench table CORPORA_DIR [--runs NAME=DIR]... [--write-runs DIR] [--without-authors]\n"
               "       relevance_bench export CORPORA_DIR OUT_DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  std::string command = argv[1];
  fs::path corpora = argv[2];
  if (command == "export") return argc == 4 ? export_collections(corpora, argv[3]) : usage();
  if (command != "table") return usage();
  std::vector<ExternalRuns> externals;
  fs::path write_dir;
  PeerOptions options;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      std::string spec = argv[++i];
      auto eq = spec.find('=');
      if (eq == std::string::npos || eq == 0) return usage();
      externals.push_back({spec.substr(0, eq), spec.substr(eq + 1)});
    } else if (std::strcmp(argv[i], "--write-runs") == 0 && i + 1 < argc) {
      write_dir = argv[++i];
    } else if (std::strcmp(argv[i], "--without-authors") == 0) {
      options.with_authors = false;
    } else {
      return usage();
    }
  }
  return table(corpora, externals, write_dir, options);
}
