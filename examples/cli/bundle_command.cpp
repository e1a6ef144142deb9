// paperfeed bundle: the search page, the engine and an index of the FILEs in one offline HTML file.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "paperfeed/bundle.hpp"
#include "paperfeed/normalize.hpp"
#include "paperfeed/search.hpp"

#include "commands.hpp"
#include "common.hpp"

namespace paperfeed::cli {

const char* const kBundleHelp = R"TXT(Usage: paperfeed bundle [--format NAME] FILE... -o OUT.html [--title T] [--query Q] [--since DATE]

Writes one self-contained HTML file: the search page, the engine (WebAssembly) and an index of
the papers in the FILEs (the first may be an index, .pfi). Opened from disk, with no server and
no network, it searches, filters, sorts, shows similar papers and keeps stars like the served
page; its Content-Security-Policy lets nothing reach the network.
  -o OUT.html       the file to write (through a temporary file renamed into place)
  --title T         the page's title and heading (default "paperfeed")
  --query Q         only the papers Q matches (the query language of paperfeed search)
  --since DATE      only the papers listed on or after DATE (YYYY-MM-DD; see listed: in search)
  --template FILE   the page template (default: share/paperfeed/bundle-template.html beside
                    the program's folder, which scripts/build writes)
Prints the papers, the file's size and the bytes per paper on stderr.
)TXT";

namespace {

/** The bundle command's options. */
struct BundleArgs {
  std::vector<std::string> files;
  std::optional<Format> format;
  std::string output;
  std::string template_path;
  BundleOptions bundle;
};

/** Parses the words after `bundle`; an exit status when parsing ends the command. */
std::optional<int> parse_bundle_args(const std::vector<std::string>& words, BundleArgs& args) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "-h" || w == "--help") {
      std::fputs(kBundleHelp, stdout);
      return kExitOk;
    }
    const bool takes_value = w == "-o" || w == "--output" || w == "--title" || w == "--query" || w == "--since" ||
                             w == "--template" || w == "--format";
    if (takes_value) {
      if (i + 1 >= words.size()) return usage_error("option " + w + " needs a value");
      const std::string& value = words[++i];
      if (w == "--format") {
        args.format = format_from_name(value);
        if (!args.format) return usage_error("unknown feed format '" + value + "' (see: paperfeed formats)");
      } else if (w == "--since") {
        if (!calendar_day(value)) return usage_error("--since takes a date YYYY-MM-DD, not '" + value + "'");
        args.bundle.since = value;
      } else {
        (w == "--title" ? args.bundle.title : w == "--query" ? args.bundle.query : w == "--template" ? args.template_path : args.output) = value;
      }
    } else if (w.size() > 1 && w[0] == '-') {
      return usage_error("unknown option '" + w + "' for bundle");
    } else {
      args.files.push_back(w);
    }
  }
  if (args.files.empty()) return usage_error("bundle needs at least one FILE");
  if (args.output.empty()) return usage_error("bundle needs -o OUT.html");
  return std::nullopt;
}

/** The template beside the program: <program folder>/../share/paperfeed/bundle-template.html. */
std::string default_template_path() {
  std::error_code error;
  const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "share/paperfeed/bundle-template.html";
  return (program.parent_path().parent_path() / "share" / "paperfeed" / "bundle-template.html").string();
}

/** The whole file at @p path, or nullopt with the reason on stderr. */
std::optional<std::string> read_template(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "paperfeed: %s: cannot read the bundle template: %s (scripts/build writes it; or give --template FILE)\n",
                 path.c_str(), std::strerror(errno));
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}


/** The index a bundle holds: its `.pfi` bytes and its papers. */
struct Selected {
  std::string bytes;
  std::uint64_t papers = 0;
  /** What the query was read with (Results::recovered). */
  std::vector<std::string> notes;
};

/** The papers of @p index the options select (all of them without a query or date). */
Expected<Selected> select_papers(const Index& index, const BundleOptions& options) {
  std::vector<std::string> clauses;
  if (!options.since.empty()) clauses.push_back("listed:" + options.since + "..");
  const NarrowedQuery query = narrow_query(options.query, clauses);
  if (query.text.empty()) return Selected{index.serialize(), index.size(), {}};
  auto subset = Index::create(index.analyzer_options());
  if (!subset) return subset.error();
  Searcher searcher(index);
  std::vector<std::string> notes;
  for (Paper& paper : searcher.all_matches(query.text, query.limits, &notes)) {
    if (auto added = subset->add(std::move(paper)); !added) return added.error();
  }
  return Selected{subset->serialize(), subset->size(), std::move(notes)};
}

}  // namespace

int run_bundle(const std::vector<std::string>& words) {
  BundleArgs args;
  if (auto status = parse_bundle_args(words, args)) return *status;
  const std::string template_path = args.template_path.empty() ? default_template_path() : args.template_path;
  const auto page_template = read_template(template_path);
  if (!page_template) return kExitFailed;
  Opened opened = open_index(args.files, args.format);
  if (opened.failed) return kExitFailed;
  if (opened.feeds.any_unknown) return kExitUsage;

  auto selected = select_papers(opened.index, args.bundle);
  if (!selected) {
    std::fprintf(stderr, "paperfeed: %s\n", selected.error().to_string().c_str());
    return kExitFailed;
  }
  print_query_notes(selected->notes);
  args.bundle.papers = selected->papers;
  auto html = write_bundle(*page_template, selected->bytes, args.bundle);
  if (!html) {
    std::fprintf(stderr, "paperfeed: %s: %s\n", template_path.c_str(), html.error().message.c_str());
    return kExitFailed;
  }
  if (!write_output(args.output, *html)) return kExitFailed;
  const double per_paper = args.bundle.papers == 0 ? 0.0 : static_cast<double>(html->size()) / static_cast<double>(args.bundle.papers);
  std::fprintf(stderr, "paperfeed: %s: %llu papers, %zu bytes (%.0f bytes per paper; index %zu bytes before compression)\n",
               args.output.c_str(), static_cast<unsigned long long>(args.bundle.papers), html->size(), per_paper, selected->bytes.size());
  return exit_status(opened.feeds);
}

}  // namespace paperfeed::cli
