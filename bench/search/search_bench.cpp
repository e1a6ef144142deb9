// search_bench: index build speed, size, memory and query latency of paperfeed, Xapian and SQLite
// FTS5 on the same papers and queries (see bench/README.md, "search").
//
//   search_bench run --engine paperfeed|xapian|fts5 --size relevance|real|million CORPORA_DIR
//                    [--papers N] [--passes P] [--natural Q] [--budget-ms B]
//                    [--shm DIR]                                  → one JSON line on stdout
//   search_bench report RESULTS.jsonl                            → Markdown tables on stdout
//   search_bench export --size real|million [--papers N] [--natural Q] CORPORA_DIR OUT_DIR
//                    → OUT_DIR/papers.jsonl and OUT_DIR/queries.tsv, for other programs to time
//
// One engine and size per process, so that the peak RSS (getrusage) is that engine's.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engines.hpp"
#include "paperfeed/export.hpp"
#include "workload.hpp"

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using search_bench::BenchQuery;
using search_bench::Engine;
using search_bench::QueryKind;
using search_bench::Stopwatch;

namespace {

struct RunOptions {
  std::string engine;
  std::string size;
  fs::path corpora;
  std::size_t papers = 1000000;
  int passes = 5;
  double budget_ms = 500;
  search_bench::QueryCounts counts;
  std::string shm = "/dev/shm";
  fs::path out;  ///< export: the folder written
};

double megabytes(double bytes) { return bytes / 1e6; }

double resident_bytes() {
  long pages = 0, resident = 0;
  if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(statm);
  }
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

/** User plus system CPU seconds of this process so far. */
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

/** The value at fraction @p p of sorted @p values (nearest rank). */
double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::unique_ptr<Engine> make_engine(const RunOptions& options) {
  if (options.engine == "xapian") return search_bench::make_xapian_engine(options.shm);
  if (options.engine == "fts5") return search_bench::make_fts5_engine();
  if (options.engine == "paperfeed") return search_bench::make_paperfeed_engine();
  return nullptr;
}

/**
 * Times every query: one warm-up pass, then up to @p passes timed passes, a query sitting out
 * the later passes once its timed runs add up to @p budget_ms (slow queries get fewer runs);
 * per query the median of its runs; per kind the p50, p99 and mean of those medians, with
 * the mean runs, hits and total.
 */
ordered_json time_queries(Engine& engine, const std::vector<BenchQuery>& queries, int passes, double budget_ms) {
  for (const auto& query : queries) engine.search(query);
  engine.refused = 0;
  std::vector<std::vector<double>> times(queries.size());
  std::vector<double> spent(queries.size(), 0.0);
  std::vector<search_bench::Answer> answers(queries.size());
  for (int pass = 0; pass < passes; ++pass) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
      if (pass > 0 && spent[i] >= budget_ms) continue;
      Stopwatch clock;
      answers[i] = engine.search(queries[i]);
      times[i].push_back(clock.seconds() * 1e3);
      spent[i] += times[i].back();
    }
  }
  ordered_json kinds = ordered_json::object();
  for (std::size_t k = 0; k < search_bench::kQueryKinds; ++k) {
    const auto kind = static_cast<QueryKind>(k);
    std::vector<double> medians;
    double hits = 0, total = 0, sum = 0, runs = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
      if (queries[i].kind != kind) continue;
      medians.push_back(percentile(times[i], 0.5));
      sum += medians.back();
      runs += static_cast<double>(times[i].size());
      hits += static_cast<double>(answers[i].hits);
      total += static_cast<double>(answers[i].total);
    }
    if (medians.empty()) continue;
    const double n = static_cast<double>(medians.size());
    kinds[search_bench::query_kind_name(kind)] = {{"queries", medians.size()},
                                                  {"p50_ms", percentile(medians, 0.5)},
                                                  {"p99_ms", percentile(medians, 0.99)},
                                                  {"mean_ms", sum / n},
                                                  {"mean_runs", runs / n},
                                                  {"mean_hits", hits / n},
                                                  {"mean_total", total / n}};
  }
  return kinds;
}

int run(const RunOptions& options) {
  auto engine = make_engine(options);
  if (!engine) {
    std::fprintf(stderr, "unknown engine \"%s\" (paperfeed, xapian or fts5)\n", options.engine.c_str());
    return 2;
  }
  Stopwatch load_clock;
  auto workload = search_bench::load_workload(options.size, options.corpora, options.papers, options.counts);
  if (!workload) {
    std::fprintf(stderr, "%s\n", workload.error().to_string().c_str());
    return 1;
  }
  const double load_s = load_clock.seconds();
  const std::size_t papers = workload->papers.size();
  const double rss_before = resident_bytes();
  std::fprintf(stderr, "%s %s: %zu papers, %zu queries (workload made in %.1f s)\n", options.engine.c_str(),
               options.size.c_str(), papers, workload->queries.size(), load_s);

  const double cpu_before = cpu_seconds();
  const search_bench::BuildFigures build = engine->build(workload->papers);
  const double build_cpu_s = cpu_seconds() - cpu_before;
  std::fprintf(stderr, "%s %s: built in %.1f s\n", options.engine.c_str(), options.size.c_str(), build.build_s);
  const ordered_json queries = time_queries(*engine, workload->queries, options.passes, options.budget_ms);

  ordered_json line = {{"engine", engine->name()},
                       {"version", engine->version()},
                       {"size", options.size},
                       {"description", workload->description},
                       {"papers", papers},
                       {"documents", build.documents},
                       {"build_s", build.build_s},
                       {"papers_per_s", static_cast<double>(papers) / build.build_s},
                       {"build_cpu_s", build_cpu_s},
                       {"records_s", build.records_s},
                       {"serialize_s", build.serialize_s},
                       {"load_s", build.load_s},
                       {"bytes", build.bytes},
                       {"rss_before_mb", megabytes(rss_before)},
                       {"peak_rss_mb", megabytes(peak_resident_bytes())},
                       {"passes", options.passes},
                       {"budget_ms", options.budget_ms},
                       {"total", engine->total_kind()},
                       {"refused", engine->refused},
                       {"queries", queries}};
  std::cout << line.dump() << std::endl;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// export: the workload as files, so that the CLI, the WebAssembly module and a browser run it

/**
 * Writes the papers of the workload as canonical JSON lines (`paperfeed index --format
 * paperfeed` reads them) to papers.jsonl and its queries as `qid<TAB>query` lines to
 * queries.tsv, each qid its kind and its number within the kind ("words-17"), the query as
 * typed_text() gives it with tabs and line breaks turned into spaces.
 */
int export_workload(const RunOptions& options) {
  auto workload = search_bench::load_workload(options.size, options.corpora, options.papers, options.counts);
  if (!workload) {
    std::fprintf(stderr, "%s\n", workload.error().to_string().c_str());
    return 1;
  }
  fs::create_directories(options.out);
  std::ofstream papers(options.out / "papers.jsonl", std::ios::binary);
  for (const auto& paper : workload->papers) papers << paperfeed::paper_to_json(paper) << '\n';
  std::ofstream queries(options.out / "queries.tsv", std::ios::binary);
  std::array<std::size_t, search_bench::kQueryKinds> numbers{};
  for (const auto& query : workload->queries) {
    std::string text = search_bench::typed_text(query);
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    const auto kind = static_cast<std::size_t>(query.kind);
    queries << search_bench::query_kind_name(query.kind) << '-' << ++numbers[kind] << '\t' << text << '\n';
  }
  if (!papers.flush() || !queries.flush()) {
    std::fprintf(stderr, "cannot write to %s\n", options.out.string().c_str());
    return 1;
  }
  std::fprintf(stderr, "%s: %zu papers, %zu queries\n", options.out.string().c_str(), workload->papers.size(),
               workload->queries.size());
  return 0;
}

// ---------------------------------------------------------------------------------------------
// report: Markdown tables from the JSON lines

const std::vector<std::string> kSizes = {"relevance", "real", "million"};
const std::vector<std::string> kEngines = {"paperfeed", "xapian", "fts5"};

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

void print_build_table(const std::vector<ordered_json>& rows) {
  std::printf(
      "| engine | documents | build s | build CPU s | papers/s | papers/CPU s | of which records s | of which serialize s | load s | index MB | "
      "bytes/paper | RSS before build MB | peak RSS MB | peak − before MB |\n");
  std::printf("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
  for (const auto& r : rows) {
    const double papers = r["papers"].get<double>(), bytes = r["bytes"].get<double>();
    const bool ours = r["engine"] == "paperfeed";
    std::printf("| %s %s | %llu | %.2f | %.2f | %.0f | %.0f | %s | %s | %s | %.1f | %.0f | %.0f | %.0f | %.0f |\n",
                r["engine"].get<std::string>().c_str(), r["version"].get<std::string>().c_str(),
                r["documents"].get<unsigned long long>(), r["build_s"].get<double>(), r["build_cpu_s"].get<double>(),
                r["papers_per_s"].get<double>(), papers / r["build_cpu_s"].get<double>(),
                ours ? "—" : format("%.2f", r["records_s"].get<double>()).c_str(),
                ours ? format("%.2f", r["serialize_s"].get<double>()).c_str() : "—",
                ours ? format("%.3f", r["load_s"].get<double>()).c_str() : "—", megabytes(bytes), bytes / papers,
                r["rss_before_mb"].get<double>(), r["peak_rss_mb"].get<double>(),
                r["peak_rss_mb"].get<double>() - r["rss_before_mb"].get<double>());
  }
}

void print_query_table(const std::vector<ordered_json>& rows) {
  std::printf("| engine |");
  for (std::size_t k = 0; k < search_bench::kQueryKinds; ++k)
    std::printf(" %s p50 / p99 ms |", search_bench::query_kind_name(static_cast<QueryKind>(k)));
  std::printf(" mean matches (natural / words / prefix / phrase) | matches counted |\n|---|--:|--:|--:|--:|--:|---|\n");
  for (const auto& r : rows) {
    std::printf("| %s |", r["engine"].get<std::string>().c_str());
    std::string totals;
    for (std::size_t k = 0; k < search_bench::kQueryKinds; ++k) {
      const char* kind = search_bench::query_kind_name(static_cast<QueryKind>(k));
      if (!r["queries"].contains(kind)) {
        std::printf(" — |");
        continue;
      }
      const auto& q = r["queries"][kind];
      std::printf(" %.3f / %.3f |", q["p50_ms"].get<double>(), q["p99_ms"].get<double>());
      totals += (totals.empty() ? "" : " / ") +
                (r["total"] == "not counted" ? std::string("—") : format("%.0f", q["mean_total"].get<double>()));
    }
    std::printf(" %s | %s |\n", totals.c_str(), r["total"].get<std::string>().c_str());
  }
}

/** One sentence per figure where paperfeed is behind the better of the two peers. */
void print_where_behind(const std::vector<ordered_json>& rows) {
  const ordered_json* ours = nullptr;
  std::vector<const ordered_json*> peers;
  for (const auto& r : rows) {
    if (r["engine"] == "paperfeed") ours = &r;
    else peers.push_back(&r);
  }
  if (!ours || peers.empty()) {
    std::printf("%s\n\n", ours ? "No peer rows at this size." : "No paperfeed row at this size.");
    return;
  }
  std::vector<std::string> behind;
  auto compare = [&](const std::string& what, auto figure, bool higher_is_better) {
    const double mine = figure(*ours);
    for (const auto* peer : peers) {
      const double theirs = figure(*peer);
      if (higher_is_better ? mine < theirs : mine > theirs)
        behind.push_back(what + ": paperfeed " + format("%.3g", mine) + ", " + (*peer)["engine"].get<std::string>() +
                         " " + format("%.3g", theirs));
    }
  };
  compare("build papers/s", [](const ordered_json& r) { return r["papers_per_s"].get<double>(); }, true);
  compare("build papers per CPU s",
          [](const ordered_json& r) { return r["papers"].get<double>() / r["build_cpu_s"].get<double>(); }, true);
  compare("index bytes", [](const ordered_json& r) { return r["bytes"].get<double>(); }, false);
  compare("peak memory MB (RSS; for Xapian plus its database in tmpfs)", [](const ordered_json& r) {
    return r["peak_rss_mb"].get<double>() + (r["engine"] == "xapian" ? megabytes(r["bytes"].get<double>()) : 0.0);
  }, false);
  for (std::size_t k = 0; k < search_bench::kQueryKinds; ++k) {
    const std::string kind = search_bench::query_kind_name(static_cast<QueryKind>(k));
    for (const char* p : {"p50_ms", "p99_ms"}) {
      compare(kind + " " + p, [&](const ordered_json& r) {
        return r["queries"].contains(kind) ? r["queries"][kind][p].get<double>() : 0.0;
      }, false);
    }
  }
  if (behind.empty()) {
    std::printf("paperfeed is ahead of both peers on every figure at this size.\n\n");
    return;
  }
  std::printf("**Where paperfeed is behind** at this size:\n\n");
  for (const auto& line : behind) std::printf("- %s\n", line.c_str());
  std::printf("\n");
}

int report(const fs::path& path) {
  std::ifstream in(path);
  std::map<std::string, std::vector<ordered_json>> by_size;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) {
      auto row = ordered_json::parse(line);
      by_size[row["size"].get<std::string>()].push_back(std::move(row));
    }
  }
  for (const auto& size : kSizes) {
    auto& rows = by_size[size];
    if (rows.empty()) continue;
    std::stable_sort(rows.begin(), rows.end(), [](const ordered_json& a, const ordered_json& b) {
      auto rank = [](const ordered_json& r) {
        return std::find(kEngines.begin(), kEngines.end(), r["engine"].get<std::string>()) - kEngines.begin();
      };
      return rank(a) < rank(b);
    });
    const auto& first = rows.front();
    std::printf("## Size \"%s\": %llu papers\n\n%s. Queries: ", size.c_str(), first["papers"].get<unsigned long long>(),
                first["description"].get<std::string>().c_str());
    for (auto it = first["queries"].begin(); it != first["queries"].end(); ++it)
      std::printf("%s %llu; ", it.key().c_str(), (*it)["queries"].get<unsigned long long>());
    std::printf("one warm-up pass, then up to %d timed passes (a query sits out further passes once its runs add up "
                "to %.0f ms); a query's time is the median of its runs.\n\n",
                first["passes"].get<int>(), first["budget_ms"].get<double>());
    print_build_table(rows);
    std::printf("\n");
    print_query_table(rows);
    std::printf("\n");
    print_where_behind(rows);
  }
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: search_bench run --engine paperfeed|xapian|fts5 --size relevance|real|million CORPORA_DIR\n"
               "                        [--papers N] [--passes P] [--natural Q] [--budget-ms B] [--shm DIR]\n"
               "       search_bench report RESULTS.jsonl\n"
               "       search_bench export --size real|million [--papers N] [--natural Q] CORPORA_DIR OUT_DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string command = argv[1];
  if (command == "report" && argc == 3) return report(argv[2]);
  if (command != "run" && command != "export") return usage();
  RunOptions options;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--engine" && has_value) options.engine = argv[++i];
    else if (arg == "--size" && has_value) options.size = argv[++i];
    else if (arg == "--papers" && has_value) options.papers = std::stoul(argv[++i]);
    else if (arg == "--passes" && has_value) options.passes = std::stoi(argv[++i]);
    else if (arg == "--budget-ms" && has_value) options.budget_ms = std::stod(argv[++i]);
    else if (arg == "--natural" && has_value) options.counts.natural = std::stoul(argv[++i]);
    else if (arg == "--shm" && has_value) options.shm = argv[++i];
    else if (arg.rfind("--", 0) != 0 && options.corpora.empty()) options.corpora = arg;
    else if (arg.rfind("--", 0) != 0 && command == "export" && options.out.empty()) options.out = arg;
    else return usage();
  }
  if (command == "export") return options.size.empty() || options.out.empty() ? usage() : export_workload(options);
  if (options.engine.empty() || options.size.empty() || options.corpora.empty() || options.passes < 1) return usage();
  return run(options);
}
