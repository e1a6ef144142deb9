#include "test_support.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace paperfeed::test {

std::filesystem::path fixture(const std::string& name) { return std::filesystem::path(PAPERFEED_TEST_DATA) / name; }

std::filesystem::path corpus(const std::string& relative) {
  const std::filesystem::path root(PAPERFEED_SHARED_CORPORA);
  if (!std::filesystem::is_directory(root)) return {};
  return root / relative;
}

std::filesystem::path temp_path(const std::string& name) {
  static int counter = 0;
  return std::filesystem::temp_directory_path() /
         ("paperfeed-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" + name);
}

std::filesystem::path write_temp(const std::string& name, std::string_view text) {
  const auto path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Read read_text(std::string_view bytes, std::optional<Format> format, const std::string& name) {
  Read r;
  ReadOptions options;
  options.format = format;
  options.file_name = name;
  r.report = read_feed(bytes, options, [&](Paper&& p) { r.papers.push_back(std::move(p)); });
  return r;
}

Read read_path(const std::filesystem::path& path, ReadOptions options) {
  Read r;
  r.report = read_feed_file(path.string(), std::move(options), [&](Paper&& p) { r.papers.push_back(std::move(p)); });
  return r;
}

const Paper* find(const std::vector<Paper>& papers, const std::string& id) {
  for (const auto& p : papers) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace paperfeed::test
