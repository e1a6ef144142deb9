#pragma once
// Shared by the Catch2 suites: reading fixtures and feeds into vectors of records.

#include <filesystem>
#include <string>
#include <vector>

#include "paperfeed/feeds.hpp"
#include "paperfeed/paper.hpp"

namespace paperfeed::test {

/** Path of a hand-made fixture under tests/data. */
std::filesystem::path fixture(const std::string& name);

/** Path under ../shared/corpora, or empty when that folder is absent (tests then skip). */
std::filesystem::path corpus(const std::string& relative);

/**
 * A path in the temporary directory named after @p name, unique to this process and call, so
 * test cases running in parallel (ctest -j) never share a file.
 */
std::filesystem::path temp_path(const std::string& name);

/** Writes @p text to a new temp_path(@p name) and returns the path; the caller removes it. */
std::filesystem::path write_temp(const std::string& name, std::string_view text);

/** Whole contents of a file. */
std::string slurp(const std::filesystem::path& path);

/** What reading one feed gave. */
struct Read {
  FeedReport report;
  std::vector<Paper> papers;
};

/** Reads @p bytes (format detected unless forced) and collects the records. */
Read read_text(std::string_view bytes, std::optional<Format> format = std::nullopt, const std::string& name = "test");

/** Reads a file through read_feed_file and collects the records. */
Read read_path(const std::filesystem::path& path, ReadOptions options = {});

/** The record with @p id, or nullptr. */
const Paper* find(const std::vector<Paper>& papers, const std::string& id);

}  // namespace paperfeed::test
