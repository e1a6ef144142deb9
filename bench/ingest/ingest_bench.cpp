// ingest_bench: how fast paperfeed turns feed bytes into records, single-threaded, with a sink
// that discards every record (so it measures parsing and normalising only). See bench/README.md.
//
//   ingest_bench formats CORPORA_DIR [--runs N]
//       the largest real file of each format found under CORPORA_DIR
//   ingest_bench make-snapshot CORPORA_DIR OUT.jsonl [--mb M]
//       writes an arXiv-snapshot-format JSONL of at least M MB (default 600) from the real records
//   ingest_bench snapshot FILE.jsonl [--runs N]
//       paperfeed's arxiv-oai reader beside simdjson alone and nlohmann::json on the same bytes
//
// Every measurement runs in a child process (its peak RSS is that measurement's alone): one
// warm-up run, then N timed runs (default 5); the median is reported. A run repeats its work
// until it has lasted 0.2 s, so small files are timed over many reads.

#include <simdjson.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/detect.hpp"
#include "paperfeed/export.hpp"
#include "paperfeed/feeds.hpp"
#include "paperfeed/paper.hpp"

namespace fs = std::filesystem;
using paperfeed::Format;
using paperfeed::Paper;

namespace {

// ---------------------------------------------------------------------------------------------
// Measuring

/** What one unit of work read. */
struct Work {
  std::uint64_t bytes = 0;
  std::uint64_t records = 0;
};

/** The result of one measurement. */
struct Measurement {
  bool ok = false;
  double seconds = 0;      ///< median wall-clock seconds per unit of work
  double cpu_seconds = 0;  ///< median CPU (user + system) seconds per unit of work
  Work work;
  long peak_rss_kib = 0;
  int repeats = 1;  ///< units of work per timed run
};

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

/** CPU time (user + system) this process has used. */
double cpu_now() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/**
 * Runs @p prepare once, then @p unit (one warm-up, then @p runs timed runs) in a child process.
 * The child sends its timings through a pipe; its peak RSS comes from wait4().
 */
Measurement measure(int runs, const std::function<void()>& prepare, const std::function<Work()>& unit) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t child = fork();
  if (child < 0) return {};
  if (child == 0) {
    close(fds[0]);
    prepare();
    Measurement m;
    double start = now();
    m.work = unit();  // warm-up; also decides how many units make a run of at least 0.2 s
    const double once = std::max(now() - start, 1e-6);
    m.repeats = std::max(1, static_cast<int>(0.2 / once));
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int run = 0; run < runs; ++run) {
      start = now();
      const double cpu_start = cpu_now();
      for (int i = 0; i < m.repeats; ++i) m.work = unit();
      wall.push_back((now() - start) / m.repeats);
      cpu.push_back((cpu_now() - cpu_start) / m.repeats);
    }
    m.seconds = median(wall);
    m.cpu_seconds = median(cpu);
    m.ok = m.work.records > 0;
    const bool sent = write(fds[1], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
    _exit(sent ? 0 : 1);
  }
  close(fds[1]);
  Measurement m;
  const bool got = read(fds[0], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  m.peak_rss_kib = usage.ru_maxrss;
  return m;
}

/** Runs @p work in a child process and waits for it. */
void in_child(const std::function<void()>& work) {
  const pid_t child = fork();
  if (child == 0) {
    work();
    _exit(0);
  }
  if (child > 0) waitpid(child, nullptr, 0);
}

void print_header() {
  std::printf("| reader | input | MB | records | runs × repeats | median s | MB/s | records/s | CPU s | MB/s by CPU time "
              "| peak RSS MiB |\n");
  std::printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
}

void print_row(const std::string& reader, const std::string& input, const Measurement& m, int runs) {
  if (!m.ok) {
    std::printf("| %s | %s | – | – | – | failed | – | – | – | – | – |\n", reader.c_str(), input.c_str());
    return;
  }
  std::printf("| %s | %s | %.1f | %llu | %d × %d | %.4f | %.0f | %.0f | %.4f | %.0f | %.0f |\n", reader.c_str(),
              input.c_str(), m.work.bytes / 1e6, static_cast<unsigned long long>(m.work.records), runs, m.repeats,
              m.seconds, m.work.bytes / 1e6 / m.seconds, m.work.records / m.seconds, m.cpu_seconds,
              m.work.bytes / 1e6 / m.cpu_seconds, m.peak_rss_kib / 1024.0);
  std::fflush(stdout);
}

/** A record sink that keeps nothing. */
void discard(Paper&&) {}

Work read_with_paperfeed(const std::string& path, std::optional<Format> format = std::nullopt) {
  paperfeed::ReadOptions options;
  options.format = format;
  const auto report = paperfeed::read_feed_file(path, options, discard);
  return {report.bytes, report.ok() ? report.records : 0};
}

std::string load(const std::string& path) {
  std::string text(fs::file_size(path), '\0');
  std::ifstream(path, std::ios::binary).read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

// ---------------------------------------------------------------------------------------------
// formats: the largest real file of each format

/** Files under @p corpora (relevance benchmarks excluded), largest first. */
std::vector<fs::path> corpus_files(const fs::path& corpora) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(corpora)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().string().find("relevance_benchmarks") != std::string::npos) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return fs::file_size(a) > fs::file_size(b);
  });
  return files;
}

/** The format detection finds in the first 64 KiB of @p path. */
std::optional<Format> detect_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return paperfeed::detect_format(head).format;
}

/** Collects the records of every file under @p corpora that paperfeed reads, one per id. */
std::vector<Paper> corpus_papers(const fs::path& corpora) {
  std::vector<Paper> papers;
  std::set<std::string> seen;
  for (const auto& file : corpus_files(corpora)) {
    paperfeed::read_feed_file(file.string(), {}, [&](Paper&& p) {
      if (!p.title.empty() && !p.abstract.empty() && seen.insert(p.id).second) papers.push_back(std::move(p));
    });
  }
  return papers;
}

int run_formats(const fs::path& corpora, int runs) {
  std::map<Format, fs::path> largest;
  for (const auto& file : corpus_files(corpora)) {
    if (auto format = detect_file(file); format && !largest.count(*format)) largest[*format] = file;
  }
  // paperfeed's own format has no real sample: write the daily-arXiv records as canonical JSONL
  // (in a child process, so that the records it reads never count in a measurement's RSS).
  const fs::path canonical = fs::temp_directory_path() / "paperfeed-bench-canonical.jsonl";
  if (fs::is_directory(corpora / "daily_arxiv_bot")) {
    in_child([&] {
      std::ofstream out(canonical, std::ios::binary);
      for (const auto& p : corpus_papers(corpora / "daily_arxiv_bot")) out << paperfeed::paper_to_json(p) << '\n';
    });
    largest[Format::paperfeed] = canonical;
  }
  print_header();
  for (const auto& [format, path] : largest) {
    const std::string name = path.string();
    const Measurement m = measure(runs, [] {}, [&] { return read_with_paperfeed(name, format); });
    const std::string input = format == Format::paperfeed ? "daily-arXiv records as canonical JSONL (generated)"
                                                          : fs::relative(path, corpora).string();
    print_row(std::string("paperfeed ") + paperfeed::format_name(format), input, m, runs);
  }
  fs::remove(canonical);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// make-snapshot: an arXiv metadata snapshot built from the real records

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

/** "2024-11-04" → "Mon, 4 Nov 2024 12:00:SS GMT", as the snapshot's versions write dates. */
std::string rfc822(const std::string& iso, unsigned seconds) {
  static const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const long y = std::stol(iso.substr(0, 4));
  const unsigned m = iso.size() >= 7 ? static_cast<unsigned>(std::stoul(iso.substr(5, 2))) : 1;
  const unsigned d = iso.size() >= 10 ? static_cast<unsigned>(std::stoul(iso.substr(8, 2))) : 1;
  const long days = days_from_civil(y, m, d);
  char out[64];
  std::snprintf(out, sizeof out, "%s, %u %s %ld 12:%02u:%02u GMT", kDays[((days % 7) + 7) % 7], d, kMonths[m - 1], y,
                seconds / 60 % 60, seconds % 60);
  return out;
}

/** Hard-wraps @p text at 80 columns as arXiv does, continuing lines with @p indent. */
std::string wrap(const std::string& text, const std::string& indent) {
  std::string out;
  std::size_t column = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::size_t length = end - start;
    if (column > 0 && column + 1 + length > 80) {
      out += "\n" + indent;
      column = indent.size();
    } else if (column > 0) {
      out += ' ';
      ++column;
    }
    out.append(text, start, length);
    column += length;
    start = end + 1;
  }
  return out;
}

/** The n-th synthetic arXiv id: every eighth one old-style (hep-th/9901001), the rest YYMM.NNNNN. */
std::string synthetic_id(std::uint64_t n) {
  char out[32];
  if (n % 8 == 7) {
    static const char* kArchives[] = {"hep-th", "math", "astro-ph", "cond-mat", "quant-ph", "hep-ph", "gr-qc"};
    const std::uint64_t k = n / 8;
    const unsigned month = static_cast<unsigned>(k / 999 % 200);  // 1991-08 onwards, 200 months
    const unsigned year = (1991 + (month + 7) / 12) % 100;
    std::snprintf(out, sizeof out, "%s/%02u%02u%03u", kArchives[k % 7], year, (month + 7) % 12 + 1,
                  static_cast<unsigned>(k % 999 + 1));
    return out;
  }
  const std::uint64_t k = n - n / 8;
  const unsigned month = static_cast<unsigned>(k / 30000 % 220);  // 2007-04 onwards
  const unsigned year = 7 + (month + 3) / 12;
  const unsigned number = static_cast<unsigned>(k % 30000 + 1);
  if (year < 15) {
    std::snprintf(out, sizeof out, "%02u%02u.%04u", year, (month + 3) % 12 + 1, number % 10000);
  } else {
    std::snprintf(out, sizeof out, "%02u%02u.%05u", year, (month + 3) % 12 + 1, number);
  }
  return out;
}

/** One record in the snapshot's schema and key order. */
nlohmann::ordered_json snapshot_record(const Paper& p, std::uint64_t n) {
  auto text = [](const std::string& s) { return s.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s); };
  std::string authors;
  nlohmann::ordered_json parsed = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < p.authors.size(); ++i) {
    const std::string& name = p.authors[i];
    authors += i == 0 ? "" : i + 1 == p.authors.size() ? " and " : ", ";
    authors += name;
    const std::size_t space = name.rfind(' ');
    parsed.push_back(space == std::string::npos
                         ? nlohmann::ordered_json::array({name, "", ""})
                         : nlohmann::ordered_json::array({name.substr(space + 1), name.substr(0, space), ""}));
  }
  std::string categories;
  for (const auto& c : p.categories) categories += (categories.empty() ? "" : " ") + c;
  if (categories.empty()) categories = "cs.LG";
  const std::string first = !p.published.empty() ? p.published : !p.announced.empty() ? p.announced : "2024-01-01";
  const std::string last = p.updated.empty() ? first : p.updated;
  nlohmann::ordered_json versions = nlohmann::ordered_json::array();
  versions.push_back({{"version", "v1"}, {"created", rfc822(first, static_cast<unsigned>(n % 3600))}});
  if (last != first) versions.push_back({{"version", "v2"}, {"created", rfc822(last, static_cast<unsigned>(n % 3599))}});
  return {{"id", synthetic_id(n)},
          {"submitter", p.authors.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(p.authors[0])},
          {"authors", authors},
          {"title", wrap(p.title, "  ")},
          {"comments", p.comment.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(wrap(p.comment, "  "))},
          {"journal-ref", text(p.journal_ref)},
          {"doi", text(p.doi)},
          {"report-no", nullptr},
          {"categories", categories},
          {"license", text(p.license)},
          {"abstract", "  " + wrap(p.abstract, "") + "\n"},
          {"versions", versions},
          {"update_date", last.size() == 10 ? last : first.substr(0, 4) + "-01-01"},
          {"authors_parsed", parsed}};
}

int run_make_snapshot(const fs::path& corpora, const fs::path& out_path, double megabytes) {
  const std::vector<Paper> papers = corpus_papers(corpora);
  if (papers.empty()) {
    std::fprintf(stderr, "no records found under %s\n", corpora.c_str());
    return 1;
  }
  std::ofstream out(out_path, std::ios::binary);
  std::uint64_t bytes = 0;
  std::uint64_t n = 0;
  int copies = 0;
  while (bytes < megabytes * 1e6) {
    for (const Paper& p : papers) {
      const std::string line = snapshot_record(p, n++).dump(-1, ' ', true) + "\n";
      out << line;
      bytes += line.size();
    }
    ++copies;
  }
  std::printf("wrote %s: %llu records (%zu distinct real records × %d, new ids each time), %.1f MB\n",
              out_path.c_str(), static_cast<unsigned long long>(n), papers.size(), copies, bytes / 1e6);
  return out ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// snapshot: paperfeed beside simdjson alone and nlohmann::json on the same bytes

/** Calls @p each for every non-empty line of @p text. */
template <class Each>
void for_each_line(std::string_view text, Each&& each) {
  std::size_t start = 0;
  while (start < text.size()) {
    const void* newline = std::memchr(text.data() + start, '\n', text.size() - start);
    const std::size_t end =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) : text.size();
    if (end > start) each(text.data() + start, end - start);
    start = end + 1;
  }
}

int run_snapshot(const std::string& path, int runs) {
  // Inputs are loaded in each measuring child, so that no child's RSS holds another's buffer.
  std::string whole;
  simdjson::padded_string text;
  auto load_whole = [&] { whole = load(path); };
  auto load_padded = [&] {
    if (simdjson::padded_string::load(path).get(text)) text = simdjson::padded_string();
  };
  std::printf("simdjson On-Demand kernel: %s (stage 1 at run time: %s)\n\n",
              SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION),
              std::string(simdjson::get_active_implementation()->name()).c_str());
  print_header();
  const std::string input = fs::path(path).filename().string();

  print_row("paperfeed arxiv-oai, streamed from the file (read_feed_file)", input,
            measure(runs, [] {}, [&] { return read_with_paperfeed(path); }), runs);

  print_row("paperfeed arxiv-oai, from memory (read_feed; includes its copy of the input)", input,
            measure(runs, load_whole,
                    [&] {
                      const auto report = paperfeed::read_feed(whole, paperfeed::ReadOptions{}, discard);
                      return Work{report.bytes, report.records};
                    }),
            runs);

  auto touch_id = [](auto& doc, std::uint64_t& records) {
    std::string_view id;
    if (!doc["id"].get_string().get(id)) records += id.empty() ? 0 : 1;
  };
  print_row("simdjson iterate_many, touching each id", input,
            measure(runs, load_padded,
                    [&] {
                      simdjson::ondemand::parser parser;
                      parser.threaded = false;
                      Work work{text.size(), 0};
                      simdjson::ondemand::document_stream stream;
                      if (parser.iterate_many(text).get(stream)) return Work{};
                      for (auto doc_result : stream) {
                        simdjson::ondemand::document_reference doc;
                        if (std::move(doc_result).get(doc)) return Work{};
                        touch_id(doc, work.records);
                      }
                      return work;
                    }),
            runs);

  print_row("simdjson iterate per line, touching each id", input,
            measure(runs, load_padded,
                    [&] {
                      simdjson::ondemand::parser parser;
                      Work work{text.size(), 0};
                      const char* end = text.data() + text.size() + simdjson::SIMDJSON_PADDING;
                      for_each_line(std::string_view(text), [&](const char* line, std::size_t size) {
                        simdjson::ondemand::document doc;
                        if (!parser.iterate(line, size, static_cast<std::size_t>(end - line)).get(doc)) {
                          touch_id(doc, work.records);
                        }
                      });
                      return work;
                    }),
            runs);

  print_row("nlohmann::json::parse per line (DOM), touching each id", input,
            measure(runs, load_whole,
                    [&] {
                      Work work{whole.size(), 0};
                      for_each_line(whole, [&](const char* line, std::size_t size) {
                        const auto doc = nlohmann::json::parse(line, line + size, nullptr, false);
                        if (!doc.is_discarded() && doc.contains("id") && doc["id"].is_string()) ++work.records;
                      });
                      return work;
                    }),
            runs);
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: ingest_bench formats CORPORA_DIR [--runs N]\n"
               "       ingest_bench make-snapshot CORPORA_DIR OUT.jsonl [--mb M]\n"
               "       ingest_bench snapshot FILE.jsonl [--runs N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  int runs = 5;
  double megabytes = 600;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--runs") runs = std::max(1, std::stoi(args[i + 1]));
    if (args[i] == "--mb") megabytes = std::stod(args[i + 1]);
  }
  if (args.size() >= 2 && args[0] == "formats") return run_formats(args[1], runs);
  if (args.size() >= 3 && args[0] == "make-snapshot") return run_make_snapshot(args[1], args[2], megabytes);
  if (args.size() >= 2 && args[0] == "snapshot") return run_snapshot(args[1], runs);
  return usage();
}
