// Reads feeds with the installed paperfeed library and prints how many distinct papers they hold.
#include <paperfeed/paperfeed.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  paperfeed::Corpus corpus;
  for (int i = 1; i < argc; ++i) {
    auto report = paperfeed::read_feed_file(argv[i], {}, [&](paperfeed::Paper&& p) { corpus.add(std::move(p)); });
    if (!report.ok()) {
      std::fprintf(stderr, "%s\n", report.fatal.to_string().c_str());
      return 1;
    }
  }
  std::printf("%zu papers\n", corpus.size());
  if (corpus.size() != 0) std::printf("first: %s\n", corpus.papers().front().title.c_str());
}
