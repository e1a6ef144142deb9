#pragma once
// What every paperfeed command shares: exit statuses, usage errors, reading feeds into a corpus
// or an index with their problems reported, and writing output files atomically.

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/corpus.hpp"
#include "paperfeed/feeds.hpp"
#include "paperfeed/index.hpp"

namespace paperfeed::cli {

/** Done; unreadable records were reported and counted. */
inline constexpr int kExitOk = 0;
/** A feed could not be read to its end, or the output could not be written. */
inline constexpr int kExitFailed = 1;
/** A usage error, or a file that is no known feed format. */
inline constexpr int kExitUsage = 2;

/** Prints "paperfeed: MESSAGE" and where to find help on stderr; returns kExitUsage. */
int usage_error(const std::string& message);

/** A whole non-negative number, or nullopt for anything else ("", "-1", "3x"). */
std::optional<std::size_t> parse_whole_number(const std::string& text);

/** Every feed read, with the report of each. */
struct Loaded {
  /** The records of every feed, merged by identity (left empty when they went into an index). */
  Corpus corpus;
  /** One report per file, in the order given. */
  std::vector<FeedReport> reports;
  /** Some file was no known feed format. */
  bool any_unknown = false;
  /** Some file could not be read to its end. */
  bool any_failed = false;
};

/** Reads @p file (as @p format, else detected) into @p sink and records its report in @p loaded. */
void read_into(const std::string& file, std::optional<Format> format, const PaperSink& sink, Loaded& loaded);

/** Reads every file of @p files into one corpus. */
Loaded load(const std::vector<std::string>& files, std::optional<Format> format);

/** Prints the errors, dropped-error counts, UTF-8 repairs and fatal error of every report on stderr. */
void print_problems(const Loaded& loaded);

/** Prints "paperfeed: note: NOTE" on stderr for each of @p notes (what a query was read with, Results::recovered). */
void print_query_notes(const std::vector<std::string>& notes);

/** kExitUsage when a file was no known format, kExitFailed when one was cut short, else kExitOk. */
int exit_status(const Loaded& loaded);

/** True when @p path starts with the `.pfi` magic. */
bool is_index_file(const std::string& path);

/** The index of some FILEs: the first may be a `.pfi`, the rest are feeds added to it. */
struct Opened {
  /** Every paper of the files. */
  Index index;
  /** Reports of the feeds read (its corpus stays empty). */
  Loaded feeds;
  /** The index file could not be loaded (already reported). */
  bool failed = false;
};

/** Loads the index @p files may start with and adds the feeds after it; problems go to stderr. */
Opened open_index(const std::vector<std::string>& files, std::optional<Format> format);

/**
 * Writes to standard output, or to a temporary file beside the path (`PATH.tmp.XXXXXX`, created
 * exclusively, so in the same file system) that is flushed to disk and renamed over the path
 * once complete: the path only ever names a whole file, the old one or the new one. A write
 * refused by a file size limit fails (EFBIG) rather than ending the program, and the temporary
 * file is removed when the program is ended by SIGINT, SIGTERM or SIGHUP. A device, FIFO or
 * socket (`-o /dev/null`) is written in place.
 */
class Output {
 public:
  /** Output to @p path, or to standard output when it is empty. */
  explicit Output(std::string path);
  /** Removes the temporary file of an output never committed. */
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  /** False when the temporary file could not be created (errno says why). */
  bool opened() const { return file_ != nullptr; }
  /** Appends @p text; a failure is remembered for commit(). */
  void write(std::string_view text);
  /** Flushes and, for a file, renames it into place. Returns false with errno set on failure. */
  bool commit();

 private:
  std::string path_;
  std::string temp_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
};

/** Writes @p text to @p path ("" = standard output) through Output; reports a failure on stderr. */
bool write_output(const std::string& path, std::string_view text);

}  // namespace paperfeed::cli
