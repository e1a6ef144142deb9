#pragma once
// The commands that live in files of their own: main.cpp dispatches to them and shows their help.

#include <string>
#include <vector>

namespace paperfeed::cli {

/** The text of `paperfeed bundle --help`. */
extern const char* const kBundleHelp;

/** Runs `paperfeed bundle` on @p words (the words after "bundle"); returns the exit status. */
int run_bundle(const std::vector<std::string>& words);

/** The text of `paperfeed digest --help`. */
extern const char* const kDigestHelp;

/** Runs `paperfeed digest` on @p words (the words after "digest"); returns the exit status. */
int run_digest(const std::vector<std::string>& words);

}  // namespace paperfeed::cli
