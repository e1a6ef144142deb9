// What every paperfeed command shares (see common.hpp).

#include "common.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unistd.h>


namespace paperfeed::cli {

int usage_error(const std::string& message) {
  std::fprintf(stderr, "paperfeed: %s\nTry 'paperfeed --help'.\n", message.c_str());
  return kExitUsage;
}

std::optional<std::size_t> parse_whole_number(const std::string& text) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const unsigned long long n = std::strtoull(text.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return std::nullopt;
  return static_cast<std::size_t>(n);
}

void read_into(const std::string& file, std::optional<Format> format, const PaperSink& sink, Loaded& loaded) {
  ReadOptions options;
  options.format = format;
  FeedReport report = read_feed_file(file, options, sink);
  if (report.fatal.code == ErrorCode::unknown_format) {
    loaded.any_unknown = true;
  } else if (!report.ok()) {
    loaded.any_failed = true;
  }
  loaded.reports.push_back(std::move(report));
}

Loaded load(const std::vector<std::string>& files, std::optional<Format> format) {
  Loaded loaded;
  for (const std::string& file : files) {
    read_into(file, format, [&](Paper&& p) { loaded.corpus.add(std::move(p)); }, loaded);
  }
  return loaded;
}

void print_problems(const Loaded& loaded) {
  for (const FeedReport& r : loaded.reports) {
    for (const Error& e : r.errors) std::fprintf(stderr, "paperfeed: %s\n", e.to_string().c_str());
    if (r.errors_dropped != 0) {
      std::fprintf(stderr, "paperfeed: %s: %llu more problems not shown\n", r.file.c_str(),
                   static_cast<unsigned long long>(r.errors_dropped));
    }
    if (r.utf8_repairs != 0) {
      std::fprintf(stderr, "paperfeed: %s: %llu invalid UTF-8 sequences replaced by U+FFFD\n", r.file.c_str(),
                   static_cast<unsigned long long>(r.utf8_repairs));
    }
    if (!r.ok()) std::fprintf(stderr, "paperfeed: %s\n", r.fatal.to_string().c_str());
  }
}

int exit_status(const Loaded& loaded) {
  if (loaded.any_unknown) return kExitUsage;
  return loaded.any_failed ? kExitFailed : kExitOk;
}

bool is_index_file(const std::string& path) {
  if (path == "-") return false;
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == sizeof magic && std::memcmp(magic, "PFINDEX", 8) == 0;
}

Opened open_index(const std::vector<std::string>& files, std::optional<Format> format) {
  Opened opened;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& file = files[i];
    if (i == 0 && is_index_file(file)) {
      auto loaded = Index::load_file(file);
      if (!loaded) {
        std::fprintf(stderr, "paperfeed: %s\n", loaded.error().to_string().c_str());
        opened.failed = true;
        return opened;
      }
      opened.index = std::move(*loaded);
      continue;
    }
    read_into(file, format, [&](Paper&& p) { (void)opened.index.add(std::move(p)); }, opened.feeds);
  }
  print_problems(opened.feeds);
  return opened;
}

Output::Output(std::string path) : path_(std::move(path)) {
  if (path_.empty()) {
    file_ = stdout;
    return;
  }
  temp_ = path_ + ".tmp." + std::to_string(::getpid());
  file_ = std::fopen(temp_.c_str(), "wb");
}

Output::~Output() {
  if (!temp_.empty() && file_ != nullptr) {
    std::fclose(file_);
    std::remove(temp_.c_str());
  }
}

void Output::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
}

bool Output::commit() {
  if (std::fflush(file_) != 0 || failed_) return false;
  if (temp_.empty()) return true;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!closed || std::rename(temp_.c_str(), path_.c_str()) != 0) {
    std::remove(temp_.c_str());
    return false;
  }
  return true;
}

bool write_output(const std::string& path, std::string_view text) {
  Output out(path);
  if (out.opened()) out.write(text);
  if (!out.opened() || !out.commit()) {
    std::fprintf(stderr, "paperfeed: %s: cannot write: %s\n", path.empty() ? "-" : path.c_str(), std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace paperfeed::cli
