// What every paperfeed command shares (see common.hpp).

#include "common.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "paperfeed/normalize.hpp"

namespace paperfeed::cli {

namespace {

/** The temporary file an Output is writing, for the signal handler to remove; null when none. */
std::atomic<const char*> temp_being_written{nullptr};

/** Removes the temporary file being written, then ends the program by the signal as it would have. */
void remove_temp_and_reraise(int signal_number) {
  if (const char* temp = temp_being_written.load()) ::unlink(temp);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

/**
 * Once per program: a write over the file size limit (ulimit -f) fails with EFBIG instead of
 * ending the program by SIGXFSZ, and SIGINT, SIGTERM and SIGHUP remove the temporary file before
 * ending it (each unless it is ignored, as nohup ignores SIGHUP).
 */
void prepare_signals() {
  static const bool prepared = [] {
    std::signal(SIGXFSZ, SIG_IGN);
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction current {};
      if (::sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
        std::signal(signal_number, remove_temp_and_reraise);
      }
    }
    return true;
  }();
  (void)prepared;
}

/** The permissions the umask gives a new file (what fopen would have created). */
mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

/** Removes the temporary file @p temp, keeping errno (which says why it is given up). */
void remove_temp(const std::string& temp) {
  const int error = errno;
  temp_being_written = nullptr;
  ::unlink(temp.c_str());
  errno = error;
}

/**
 * Makes the temporary file @p temp (a name ending in XXXXXX, which this fills in): created only
 * if no file has that name, given the permissions the umask gives, and opened. Null with errno
 * set, and @p temp cleared, when it cannot.
 */
std::FILE* create_temp(std::string& temp) {
  // The signals that remove the file wait until it exists and its name is published, so that
  // they neither miss it nor unlink a half-filled name.
  sigset_t removing, previous;
  ::sigemptyset(&removing);
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) ::sigaddset(&removing, signal_number);
  ::sigprocmask(SIG_BLOCK, &removing, &previous);
  const int fd = ::mkstemp(temp.data());
  if (fd >= 0) temp_being_written = temp.c_str();
  ::sigprocmask(SIG_SETMASK, &previous, nullptr);
  std::FILE* file = nullptr;
  if (fd >= 0 && ::fchmod(fd, new_file_mode()) == 0) file = ::fdopen(fd, "wb");
  if (file == nullptr) {
    const int error = errno;
    if (fd >= 0) {
      ::close(fd);
      remove_temp(temp);
    }
    temp_being_written = nullptr;
    temp.clear();
    errno = error;
  }
  return file;
}

/** Whether @p path names a device (/dev/null), a FIFO or a socket: written in place, not replaced. */
bool is_special_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
}

/**
 * The file an atomic write of @p path replaces: @p path itself, or for a symbolic link the file
 * it leads to (so the link stays a link); nullopt for a link into /proc or /dev (`/dev/stdout`,
 * `/dev/fd/1`), whose file is someone else's open descriptor and is written in place.
 */
std::optional<std::string> replaced_file(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return path;  // a dangling link: replaced, as a new file would be
  std::string target = resolved;
  std::free(resolved);
  if (path.rfind("/dev/", 0) == 0 || target.rfind("/proc/", 0) == 0 || target.rfind("/dev/", 0) == 0) return std::nullopt;
  return target;
}

}  // namespace

int usage_error(const std::string& message) {
  // The message may quote an argument: one printable line of bounded length whatever it holds.
  std::fprintf(stderr, "paperfeed: %s\nTry 'paperfeed --help'.\n", shown_text(message, 600).c_str());
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

void print_query_notes(const std::vector<std::string>& notes) {
  for (const std::string& note : notes) std::fprintf(stderr, "paperfeed: note: %s\n", note.c_str());
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
  } else if (const auto replaced = replaced_file(path_); !replaced || is_special_file(*replaced)) {
    file_ = std::fopen(path_.c_str(), "wb");
  } else {
    prepare_signals();
    path_ = *replaced;
    temp_ = path_ + ".tmp.XXXXXX";
    file_ = create_temp(temp_);
  }
}

Output::~Output() {
  if (file_ != nullptr && file_ != stdout) std::fclose(file_);
  if (!temp_.empty()) remove_temp(temp_);
}

void Output::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
}

bool Output::commit() {
  if (std::fflush(file_) != 0 || failed_) return false;
  if (temp_.empty()) return true;
  // On disk before the rename, so that not even a power cut leaves a part of it under the path.
  const bool synced = ::fsync(::fileno(file_)) == 0;
  const int sync_error = errno;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!synced) errno = sync_error;
  if (!synced || !closed || std::rename(temp_.c_str(), path_.c_str()) != 0) return false;
  temp_being_written = nullptr;
  temp_.clear();
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
