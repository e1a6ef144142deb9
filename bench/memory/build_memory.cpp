// build_memory: what building one paperfeed index takes in memory beyond the papers it is given
// (see bench/README.md, "memory").
//
//   build_memory PAPERS.jsonl   → one JSON line on stdout
//
// Reads every paper of PAPERS.jsonl (canonical JSON lines, streamed) into memory, then resets
// the peak RSS to the RSS of that moment and builds the index as `paperfeed index` does:
// Index::add of each paper, then serialize(). Reports the RSS at start, before the build (the
// papers in memory) and at the build's peak, and the .pfi bytes. One index per process, so that
// the peak is this build's.
#include <sys/resource.h>

#include <cstdio>
#include <string>
#include <vector>

#include "paperfeed/feeds.hpp"
#include "paperfeed/index.hpp"

namespace {

/** The largest RSS of this process so far (since the last reset_peak_resident()). */
double peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

/**
 * Lowers the peak RSS that peak_resident_bytes() reports to the RSS of now (Linux:
 * /proc/self/clear_refs, which getrusage follows); false when the kernel refuses.
 */
bool reset_peak_resident() {
  std::FILE* clear_refs = std::fopen("/proc/self/clear_refs", "w");
  if (!clear_refs) return false;
  const bool written = std::fputs("5", clear_refs) >= 0;
  return std::fclose(clear_refs) == 0 && written;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: build_memory PAPERS.jsonl\n");
    return 2;
  }
  const double rss_start = peak_resident_bytes();
  std::vector<paperfeed::Paper> papers;
  const paperfeed::FeedReport report =
      paperfeed::read_feed_file(argv[1], {}, [&](paperfeed::Paper&& paper) { papers.push_back(std::move(paper)); });
  if (!report.ok()) {
    std::fprintf(stderr, "build_memory: %s\n", report.fatal.to_string().c_str());
    return 1;
  }
  if (!reset_peak_resident()) {
    std::fprintf(stderr, "build_memory: cannot reset the peak RSS (/proc/self/clear_refs)\n");
    return 1;
  }
  const double rss_before = peak_resident_bytes();
  paperfeed::Index index;
  for (auto& paper : papers) (void)index.add(std::move(paper));
  const std::string bytes = index.serialize();
  std::printf("{\"papers\":%zu,\"documents\":%zu,\"rss_start_mb\":%.3f,\"rss_before_mb\":%.3f,\"peak_rss_mb\":%.3f,"
              "\"bytes\":%zu}\n",
              papers.size(), index.size(), rss_start / 1e6, rss_before / 1e6, peak_resident_bytes() / 1e6, bytes.size());
  return 0;
}
