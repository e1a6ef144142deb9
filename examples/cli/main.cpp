#include <cstdio>

#include "paperfeed/feeds.hpp"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::size_t n = 0;
    auto report = paperfeed::read_feed_file(argv[i], {}, [&](paperfeed::Paper&& p) {
      ++n;
      std::printf("%zu. %s [%s]\n", n, p.title.c_str(), p.github.c_str());
    });
    if (!report.ok()) std::fprintf(stderr, "paperfeed: %s\n", report.fatal.to_string().c_str());
  }
}
