// paperfeed: the command-line tool. Reads feeds into one corpus, then reports, converts or lists
// it; or builds a search index from feeds and answers queries against it.

#include <algorithm>
#include <fstream>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "paperfeed/corpus.hpp"
#include "paperfeed/detect.hpp"
#include "paperfeed/export.hpp"
#include "paperfeed/feeds.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"

#include "commands.hpp"
#include "common.hpp"

namespace {

using namespace paperfeed;
using namespace paperfeed::cli;

constexpr const char* kMainHelp = R"TXT(paperfeed - read research-paper feeds, merge them into one record per paper, export them

Usage: paperfeed COMMAND [OPTIONS] FILE...

Commands:
  stats FILE...                        what the feeds hold, as JSON
  convert FILE... --to FORMAT [-o OUT] merged records as jsonl, json, csv, bibtex or ris
  list FILE... [--sort S] [--limit N]  a ranked listing to read in a terminal
  detect FILE...                       the format of each file
  index FILE... -o OUT.pfi             a search index of the feeds (FILE may start with an index)
  search (X.pfi | FILE...) QUERY       ranked search in the query language (see: search --help)
  similar (X.pfi | FILE...) ID         the papers most like paper ID
  digest (X.pfi | FILE...) [OPTIONS]   the best new papers for a query: an email, a page or an Atom feed
  bundle FILE... -o OUT.html           the search page and an index of the feeds in one offline file
  formats                              the feed formats paperfeed reads

Options for every command that reads feeds:
  --format NAME   read every FILE as this format instead of detecting it (see: paperfeed formats)
                  (digest calls it --feed-format: its --format is the digest's own)
  -h, --help      this help; "paperfeed COMMAND --help" for one command
  --version       the version

FILE "-" reads standard input. Formats are detected by content, never by file name. After "--"
every word is a FILE, QUERY or ID, even one starting with "-" (search x.pfi -- "-survey video").

Exit status: 0 done (records that could not be read are reported on stderr and counted),
1 a feed could not be read to its end or the output could not be written,
2 a usage error or a file that is no known feed format.
)TXT";

constexpr const char* kStatsHelp = R"TXT(Usage: paperfeed stats [--format NAME] FILE...

Reads the feeds, merges records of the same paper, and prints JSON:
  {"papers":N,"by_format":{"hf-daily":N,...},"duplicates_merged":N,"rejected":N,"utf8_repairs":N,
   "errors":[{"file","line","column","message"}],"files":[{"file","format","records","rejected",
   "truncated","total_results","next_page"}]}
by_format counts the records read from each format before merging; next_page is the paging
token or URL of an API response (an OAI-PMH resumptionToken, a Papers with Code "next").
)TXT";

constexpr const char* kConvertHelp = R"TXT(Usage: paperfeed convert [--format NAME] FILE... --to FORMAT [-o OUT]

Reads the feeds, merges records of the same paper, and writes them in FORMAT:
  jsonl    one canonical record per line (reads back with --format paperfeed, losslessly)
  json     a JSON array of canonical records
  csv      RFC 4180 with a header row; lists joined with "; "
  bibtex   @misc/@article entries with eprint, archivePrefix and primaryClass for arXiv papers
  ris      RIS records for reference managers (Zotero, EndNote, Mendeley)
Without -o the output goes to standard output; with -o it is written to a temporary file
renamed over OUT once complete, so OUT is never left half-written.
)TXT";

constexpr const char* kListHelp = R"TXT(Usage: paperfeed list [--format NAME] [--sort ORDER] [--limit N] FILE...

Prints the merged papers as a numbered listing: title, then authors, date, upvotes, stars,
categories and code link where the feeds know them.
  --sort ORDER   listed (default: the order the feeds list papers in, e.g. Hugging Face's
                 trending order), recent, upvotes, stars, comments
  --limit N      at most N papers (default 20; 0 = all)
)TXT";

constexpr const char* kDetectHelp = R"TXT(Usage: paperfeed detect FILE...

Prints "FILE: FORMAT (what it looked like)" for each file, or "FILE: unknown (...)".
Exit status 2 when any file is no known feed format.
)TXT";

constexpr const char* kIndexHelp = R"TXT(Usage: paperfeed index [--format NAME] FILE... -o OUT.pfi

Builds a search index of every paper in the FILEs (merged by identity) and writes it to OUT.pfi
through a temporary file renamed into place. When the first FILE is an index (.pfi), the other
FILEs are added to it: a daily feed merged into yesterday's index.
)TXT";

constexpr const char* kSearchHelp = R"TXT(Usage: paperfeed search (X.pfi | FILE...) QUERY [OPTIONS]
       paperfeed search (X.pfi | FILE...) --queries FILE.tsv [--trec] [OPTIONS]

Searches an index (or the feeds, indexed on the fly; an index followed by feeds adds them).
  --sort ORDER     relevance (default), trending, recent, upvotes, stars, citations
  --limit N        hits to show (default 10)     --offset N   hits to skip first
  --facets         count categories, years, has-code and authors of all matches
  --json           one JSON object: {"query","total","took_ms","hits":[{record...,"score",
                   "snippet":{"title","abstract"}}],"facets":{...}}
  --explain        show how the query was parsed
  --queries FILE   run every "qid<TAB>query" line of FILE; one JSON line per query (with "qid"),
                   or with --trec a TREC run: "qid Q0 id rank score paperfeed"

Query language: words (any field, ranked), +must -mustnot, "exact phrase", a OR b, a AND b,
(groups), title: abstract: author: cat: id: keyword:, diff* (prefix), difusion~ / ~2 (fuzzy),
year:2024 year:2021..2023 date:>=2024-05-01 listed:>=2024-05-01 (day listed in a daily feed, else
published) upvotes:>=10 stars:>100 has:code.
)TXT";

constexpr const char* kSimilarHelp = R"TXT(Usage: paperfeed similar (X.pfi | FILE...) ID [--limit N] [--json]

The papers most like paper ID (tf-idf cosine over title and abstract), the paper itself excluded.
)TXT";

constexpr const char* kFormatsHelp = R"TXT(Usage: paperfeed formats

Lists the feed formats paperfeed reads, with the name --format takes.
)TXT";

/** Parsed command line. */
struct Args {
  std::string command;
  std::vector<std::string> files;
  std::optional<Format> format;
  std::optional<ExportFormat> to;
  std::string output;
  std::string sort;
  std::optional<std::size_t> limit;
  std::size_t offset = 0;
  std::string queries;
  std::string target;  // search: the query; similar: the paper id
  bool facets = false;
  bool json = false;
  bool explain = false;
  bool trec = false;
  bool help = false;
};

const char* help_for(const std::string& command) {
  if (command == "stats") return kStatsHelp;
  if (command == "convert") return kConvertHelp;
  if (command == "list") return kListHelp;
  if (command == "detect") return kDetectHelp;
  if (command == "formats") return kFormatsHelp;
  if (command == "index") return kIndexHelp;
  if (command == "search") return kSearchHelp;
  if (command == "similar") return kSimilarHelp;
  if (command == "digest") return kDigestHelp;
  if (command == "bundle") return kBundleHelp;
  return nullptr;
}

std::optional<int> check_sort(Args& args);

/** Parses argv into @p args; returns an exit status when parsing ends the program. */
std::optional<int> parse_args(int argc, char** argv, Args& args) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty()) {
    std::fputs(kMainHelp, stderr);
    return kExitUsage;
  }
  if (words[0] == "-h" || words[0] == "--help" || words[0] == "help") {
    const char* text = words.size() > 1 ? help_for(words[1]) : nullptr;
    std::fputs(text ? text : kMainHelp, stdout);
    return kExitOk;
  }
  if (words[0] == "--version") {
    std::puts("paperfeed 0.1.0");
    return kExitOk;
  }
  args.command = words[0];
  if (help_for(args.command) == nullptr) return usage_error("unknown command '" + args.command + "'");
  bool options_ended = false;  // after "--" every word is a FILE, a QUERY or an ID
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    auto next_value = [&]() -> std::optional<std::string> {
      if (i + 1 >= words.size()) return std::nullopt;
      return words[++i];
    };
    if (options_ended) {
      args.files.push_back(w);
    } else if (w == "--") {
      options_ended = true;
    } else if (w == "-h" || w == "--help") {
      args.help = true;
    } else if (w == "--facets" || w == "--json" || w == "--explain" || w == "--trec") {
      (w == "--facets" ? args.facets : w == "--json" ? args.json : w == "--explain" ? args.explain : args.trec) = true;
    } else if (w == "--format" || w == "--to" || w == "-o" || w == "--output" || w == "--sort" || w == "--limit" ||
               w == "--offset" || w == "--queries") {
      auto v = next_value();
      if (!v) return usage_error("option " + w + " needs a value");
      if (w == "--format") {
        args.format = format_from_name(*v);
        if (!args.format) return usage_error("unknown feed format '" + *v + "' (see: paperfeed formats)");
      } else if (w == "--to") {
        args.to = export_format_from_name(*v);
        if (!args.to) return usage_error("unknown output format '" + *v + "' (jsonl, json, csv, bibtex, ris)");
      } else if (w == "-o" || w == "--output") {
        args.output = *v;
      } else if (w == "--sort") {
        args.sort = *v;
      } else if (w == "--queries") {
        args.queries = *v;
      } else {
        const auto n = parse_whole_number(*v);
        if (!n) return usage_error(w + " takes a whole number, not '" + *v + "'");
        if (w == "--limit") {
          args.limit = *n;
        } else {
          args.offset = *n;
        }
      }
    } else if (w.size() > 1 && w[0] == '-' && w != "-") {
      return usage_error("unknown option '" + w + "' for " + args.command);
    } else {
      args.files.push_back(w);
    }
  }
  if (args.help) {
    std::fputs(help_for(args.command), stdout);
    return kExitOk;
  }
  if (args.command != "formats" && args.files.empty()) return usage_error(args.command + " needs at least one FILE");
  if ((args.command == "search" && args.queries.empty()) || args.command == "similar") {
    if (args.files.size() < 2) return usage_error(args.command + (args.command == "search" ? " needs FILE... QUERY" : " needs FILE... ID"));
    args.target = args.files.back();
    args.files.pop_back();
  }
  if (args.command == "index" && args.output.empty()) return usage_error("index needs -o OUT.pfi");
  if (args.command == "convert" && !args.to) return usage_error("convert needs --to FORMAT");
  return check_sort(args);
}

/** Checks --sort against the orders the command offers. */
std::optional<int> check_sort(Args& args) {
  const bool searching = args.command == "search" || args.command == "similar";
  if (args.sort.empty()) args.sort = searching ? "relevance" : "listed";
  if (searching) {
    if (!sort_order_from_name(args.sort)) {
      return usage_error("unknown sort '" + args.sort + "' (relevance, trending, recent, upvotes, stars, citations)");
    }
    return std::nullopt;
  }
  static const std::vector<std::string> sorts = {"listed", "recent", "upvotes", "stars", "comments"};
  if (std::find(sorts.begin(), sorts.end(), args.sort) == sorts.end()) {
    return usage_error("unknown sort '" + args.sort + "' (listed, recent, upvotes, stars, comments)");
  }
  return std::nullopt;
}

nlohmann::ordered_json error_json(const Error& e) {
  return {{"file", e.file}, {"line", e.line}, {"column", e.column}, {"message", e.message}};
}

int run_stats(const Args& args) {
  Loaded loaded = load(args.files, args.format);
  nlohmann::ordered_json by_format = nlohmann::ordered_json::object();
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  std::uint64_t rejected = 0, repairs = 0;
  for (const FeedReport& r : loaded.reports) {
    if (r.format) {
      const char* name = format_name(*r.format);
      by_format[name] = by_format.value(name, std::uint64_t{0}) + r.records;
    }
    rejected += r.rejected;
    repairs += r.utf8_repairs;
    for (const Error& e : r.errors) errors.push_back(error_json(e));
    if (!r.ok()) errors.push_back(error_json(r.fatal));
    nlohmann::ordered_json f = {{"file", r.file},
                                {"format", r.format ? nlohmann::ordered_json(format_name(*r.format)) : nullptr},
                                {"records", r.records},
                                {"rejected", r.rejected},
                                {"truncated", r.truncated}};
    f["total_results"] = r.total_results ? nlohmann::ordered_json(*r.total_results) : nullptr;
    f["next_page"] = r.next_page.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.next_page);
    files.push_back(std::move(f));
  }
  nlohmann::ordered_json out = {{"papers", loaded.corpus.size()},
                                {"by_format", by_format},
                                {"duplicates_merged", loaded.corpus.duplicates_merged()},
                                {"rejected", rejected},
                                {"utf8_repairs", repairs},
                                {"errors", errors},
                                {"files", files}};
  std::puts(out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
  for (const FeedReport& r : loaded.reports) {
    if (r.fatal.code == ErrorCode::unknown_format) std::fprintf(stderr, "paperfeed: %s\n", r.fatal.to_string().c_str());
  }
  return exit_status(loaded);
}

int run_convert(const Args& args) {
  Loaded loaded = load(args.files, args.format);
  print_problems(loaded);
  Output out(args.output);
  if (!out.opened()) {
    std::fprintf(stderr, "paperfeed: %s: cannot write: %s\n", args.output.c_str(), std::strerror(errno));
    return kExitFailed;
  }
  write_papers(loaded.corpus.papers(), *args.to, [&](std::string_view text) { out.write(text); });
  if (!out.commit()) {
    std::fprintf(stderr, "paperfeed: %s: write failed: %s\n", args.output.empty() ? "-" : args.output.c_str(),
                 std::strerror(errno));
    return kExitFailed;
  }
  return exit_status(loaded);
}

std::optional<std::int64_t> sort_value(const Paper& p, const std::string& sort) {
  if (sort == "upvotes") return p.upvotes;
  if (sort == "stars") return p.stars;
  if (sort == "comments") return p.comments;
  return std::nullopt;
}

/** Indices of the papers in listing order; ties keep the feeds' order. */
std::vector<std::size_t> listing_order(const std::vector<Paper>& papers, const std::string& sort) {
  std::vector<std::size_t> order(papers.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (sort == "recent") {
    auto date = [&](std::size_t i) -> const std::string& {
      return papers[i].published.empty() ? papers[i].announced : papers[i].published;
    };
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return date(a) > date(b); });
  } else if (sort != "listed") {
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
      return sort_value(papers[a], sort).value_or(-1) > sort_value(papers[b], sort).value_or(-1);
    });
  }
  return order;
}

std::string listing_details(const Paper& p) {
  std::vector<std::string> parts;
  if (!p.authors.empty()) {
    std::string names = p.authors[0];
    if (p.authors.size() > 1) names += p.authors.size() == 2 ? ", " + p.authors[1] : " et al.";
    parts.push_back(names);
  }
  if (!p.published.empty()) parts.push_back(p.published);
  if (p.upvotes) parts.push_back(std::to_string(*p.upvotes) + " upvotes");
  if (p.stars) parts.push_back(std::to_string(*p.stars) + " stars");
  if (!p.primary_category.empty()) parts.push_back(p.primary_category);
  if (!p.github.empty()) parts.push_back(p.github);
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : " | ") + part;
  return out;
}

int run_list(const Args& args) {
  Loaded loaded = load(args.files, args.format);
  print_problems(loaded);
  const auto& papers = loaded.corpus.papers();
  const auto order = listing_order(papers, args.sort);
  const std::size_t limit = args.limit.value_or(20);
  const std::size_t n = limit == 0 ? order.size() : std::min(limit, order.size());
  for (std::size_t rank = 0; rank < n; ++rank) {
    const Paper& p = papers[order[rank]];
    std::printf("%3zu. %s\n", rank + 1, p.title.empty() ? p.id.c_str() : p.title.c_str());
    const std::string details = listing_details(p);
    if (!details.empty()) std::printf("     %s\n", details.c_str());
  }
  std::printf("%zu of %zu papers\n", n, papers.size());
  return exit_status(loaded);
}

/** The first @p max_bytes of a file ("-" = standard input), or an error message. */
std::optional<std::string> read_head(const std::string& path, std::size_t max_bytes, std::string& error) {
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    error = path + ": cannot open: " + std::strerror(errno);
    return std::nullopt;
  }
  std::string head(max_bytes, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), file));
  const bool failed = std::ferror(file) != 0;
  if (file != stdin) std::fclose(file);
  if (failed) {
    error = path + ": read error";
    return std::nullopt;
  }
  return head;
}

int run_detect(const Args& args) {
  constexpr std::size_t kHeadBytes = 256 * 1024;  // as much as detection ever looks at
  bool unknown = false;
  for (const std::string& file : args.files) {
    std::string error;
    const auto head = read_head(file, kHeadBytes, error);
    if (!head) {
      std::fprintf(stderr, "paperfeed: %s\n", error.c_str());
      unknown = true;
      continue;
    }
    const Detection d = detect_format(*head);
    unknown = unknown || !(d.format || d.envelope != Envelope::none);
    const char* name = d.format ? format_name(*d.format) : d.envelope != Envelope::none ? "envelope" : "unknown";
    std::printf("%s: %s (%s)\n", file.c_str(), name, d.looked_like.c_str());
  }
  return unknown ? kExitUsage : kExitOk;
}

int run_formats() {
  std::puts(
      "hf-daily       Hugging Face /api/daily_papers, /api/papers/search, /api/papers/{id} (JSON)\n"
      "hf-listing     text of the Hugging Face papers page (title line, abstract line)\n"
      "arxiv-atom     arXiv API Atom (export.arxiv.org/api/query), legacy and current layouts\n"
      "arxiv-listing  rss.arxiv.org daily listings, Atom and RSS 2.0\n"
      "arxiv-oaipmh   arXiv OAI-PMH ListRecords pages (arXiv and oai_dc metadata)\n"
      "arxiv-oai      arXiv metadata snapshot (Kaggle), JSON Lines or a JSON array\n"
      "s2             Semantic Scholar Graph API papers, lists, {data:[...]} pages\n"
      "pwc            Papers with Code API responses and dumps\n"
      "daily-arxiv    JSON Lines of \"daily arXiv\" bots (one file per day)\n"
      "paperfeed      paperfeed's canonical records, JSON Lines or a JSON array\n"
      "A recorded HTTP response {\"url\",\"status_code\",\"body\"} around any of these is unwrapped.");
  return kExitOk;
}

int run_index(const Args& args) {
  Opened opened = open_index(args.files, args.format);
  if (opened.failed) return kExitFailed;
  if (opened.feeds.any_unknown) return kExitUsage;
  const std::string bytes = opened.index.serialize();
  if (!write_output(args.output, bytes)) return kExitFailed;
  std::fprintf(stderr, "paperfeed: %s: %zu papers, %zu bytes\n", args.output.c_str(), opened.index.size(), bytes.size());
  return exit_status(opened.feeds);
}

SearchOptions search_options(const Args& args) {
  SearchOptions options;
  options.sort = *sort_order_from_name(args.sort);
  options.limit = args.limit.value_or(10);
  options.offset = args.offset;
  options.facets = args.facets;
  options.snippets = !args.trec;
  return options;
}

/** @p html with `<mark>` shown as bold on a terminal (else `*`) and the entities decoded. */
std::string terminal_text(const std::string& html, bool tty) {
  std::string out;
  for (std::size_t i = 0; i < html.size();) {
    static const std::pair<std::string_view, std::string_view> kReplacements[] = {
        {"<mark>", "\x1b[1m"}, {"</mark>", "\x1b[0m"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}};
    bool replaced = false;
    for (const auto& [from, to] : kReplacements) {
      if (std::string_view(html).substr(i, from.size()) == from) {
        out += from[0] == '<' && !tty ? std::string_view("*") : to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

void print_results_text(const Results& results, bool explain) {
  const bool tty = ::isatty(STDOUT_FILENO) != 0;
  if (explain) std::printf("query: %s\n", results.explained.c_str());
  for (const std::string& note : results.recovered) std::printf("note: %s\n", note.c_str());
  std::printf("%llu results (%.2f ms)\n", static_cast<unsigned long long>(results.total), results.took_ms);
  if (results.did_you_mean) std::printf("did you mean: %s\n", results.did_you_mean->c_str());
  const Facets facets = results.facets.value_or(Facets{});
  for (const auto& [name, counts] : {std::pair{"categories", &facets.categories}, std::pair{"year", &facets.year},
                                     std::pair{"has code", &facets.has_code}, std::pair{"authors", &facets.authors}}) {
    if (counts->empty()) continue;
    std::string line;
    for (const FacetCount& c : *counts) line += (line.empty() ? "" : ", ") + c.value + " " + std::to_string(c.count);
    std::printf("%s: %s\n", name, line.c_str());
  }
  for (std::size_t i = 0; i < results.hits.size(); ++i) {
    const Hit& hit = results.hits[i];
    const Paper& p = hit.paper;
    const std::string title = hit.snippet.title.empty() ? p.title : terminal_text(hit.snippet.title, tty);
    const std::string details = listing_details(p);
    std::printf("\n%2zu. %s\n    %s%s%s\n", i + 1, title.c_str(), p.id.c_str(), details.empty() ? "" : "  ", details.c_str());
    if (!hit.snippet.abstract.empty()) std::printf("    %s\n", terminal_text(hit.snippet.abstract, tty).c_str());
  }
}

std::string json_with_explain(const Results& results, bool explain) {
  std::string json = results_to_json(results);
  if (!explain) return json;
  auto parsed = nlohmann::ordered_json::parse(json, nullptr, false);
  parsed["explain"] = results.explained;
  return parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/** Runs every `qid<TAB>query` line of the --queries file. */
int run_query_file(const Args& args, Searcher& searcher) {
  std::ifstream in(args.queries);
  if (!in) {
    std::fprintf(stderr, "paperfeed: %s: cannot open: %s\n", args.queries.c_str(), std::strerror(errno));
    return kExitFailed;
  }
  const SearchOptions options = search_options(args);
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      std::fprintf(stderr, "paperfeed: %s:%zu: expected qid<TAB>query, found no tab; line skipped\n", args.queries.c_str(), number);
      continue;
    }
    const std::string qid = line.substr(0, tab);
    const Results results = searcher.search(std::string_view(line).substr(tab + 1), options);
    if (args.trec) {
      for (std::size_t rank = 0; rank < results.hits.size(); ++rank) {
        std::printf("%s Q0 %s %zu %.6f paperfeed\n", qid.c_str(), results.hits[rank].paper.id.c_str(), rank + 1 + args.offset,
                    results.hits[rank].score);
      }
    } else {
      auto json = nlohmann::ordered_json::parse(json_with_explain(results, args.explain), nullptr, false);
      json["qid"] = qid;
      std::printf("%s\n", json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    }
  }
  return kExitOk;
}

int run_search(const Args& args) {
  Opened opened = open_index(args.files, args.format);
  if (opened.failed) return kExitFailed;
  if (opened.feeds.any_unknown) return kExitUsage;
  Searcher searcher(opened.index);
  if (!args.queries.empty()) return run_query_file(args, searcher);
  const Results results = searcher.search(args.target, search_options(args));
  if (args.json) {
    std::printf("%s\n", json_with_explain(results, args.explain).c_str());
  } else {
    print_results_text(results, args.explain);
  }
  return exit_status(opened.feeds);
}

int run_similar(const Args& args) {
  Opened opened = open_index(args.files, args.format);
  if (opened.failed) return kExitFailed;
  if (opened.feeds.any_unknown) return kExitUsage;
  Searcher searcher(opened.index);
  const auto results = searcher.similar(args.target, search_options(args));
  if (!results) {
    std::fprintf(stderr, "paperfeed: %s\n", results.error().message.c_str());
    return kExitFailed;
  }
  if (args.json) {
    std::printf("%s\n", results_to_json(*results).c_str());
  } else {
    print_results_text(*results, false);
  }
  return exit_status(opened.feeds);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (!words.empty() && words[0] == "bundle") return run_bundle({words.begin() + 1, words.end()});
  if (!words.empty() && words[0] == "digest") return run_digest({words.begin() + 1, words.end()});
  Args args;
  if (auto status = parse_args(argc, argv, args)) return *status;
  if (args.command == "stats") return run_stats(args);
  if (args.command == "convert") return run_convert(args);
  if (args.command == "list") return run_list(args);
  if (args.command == "detect") return run_detect(args);
  if (args.command == "index") return run_index(args);
  if (args.command == "search") return run_search(args);
  if (args.command == "similar") return run_similar(args);
  return run_formats();
}
