// hf-listing: the text of the Hugging Face papers page as a browser copies it: a title line,
// then an abstract line, for each paper, after a few lines of page chrome.

#include <string>
#include <string_view>

#include "feeds/parsers.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

/** Page chrome lines, and the "Subscribe" button text that a copy glues to the first title. */
constexpr std::string_view kChromePrefix = "Get trending papers";
constexpr std::string_view kSubscribe = "Subscribe";

/** A title line longer than this is a paragraph: the title/abstract alternation is broken. */
constexpr std::size_t kLongestTitle = 400;

bool is_chrome(std::string_view line) { return line.substr(0, kChromePrefix.size()) == kChromePrefix; }

/** Removes a "Subscribe" glued to the start of the first title ("SubscribeGitChameleon: …"). */
std::string_view strip_subscribe(std::string_view line) {
  if (line.size() > kSubscribe.size() && line.substr(0, kSubscribe.size()) == kSubscribe) {
    const unsigned char next = static_cast<unsigned char>(line[kSubscribe.size()]);
    if (next != ' ' && !(next >= 'a' && next <= 'z')) line.remove_prefix(kSubscribe.size());
  }
  return line;
}

bool is_repo_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}

/** The first https://github.com/OWNER/REPO in @p text (trailing punctuation and ".git" dropped). */
std::string find_github_url(std::string_view text) {
  for (std::string_view prefix : {"https://github.com/", "http://github.com/", "github.com/"}) {
    const auto at = text.find(prefix);
    if (at == std::string_view::npos) continue;
    std::size_t i = at + prefix.size();
    const std::size_t owner_start = i;
    while (i < text.size() && is_repo_char(text[i])) ++i;
    if (i == owner_start || i >= text.size() || text[i] != '/') continue;
    const std::size_t repo_start = ++i;
    while (i < text.size() && is_repo_char(text[i])) ++i;
    std::string_view repo = text.substr(repo_start, i - repo_start);
    while (!repo.empty() && repo.back() == '.') repo.remove_suffix(1);
    if (repo.size() > 4 && repo.substr(repo.size() - 4) == ".git") repo.remove_suffix(4);
    if (repo.empty()) continue;
    return "https://github.com/" + std::string(text.substr(owner_start, repo_start - owner_start)) + std::string(repo);
  }
  return {};
}

}  // namespace

void parse_hf_listing(FeedBytes& bytes, ParseContext& ctx) {
  const std::string_view text = bytes.view();
  Paper paper;
  std::uint64_t title_offset = 0;
  bool have_title = false;
  bool seen_first_title = false;

  auto emit_pending = [&](std::string_view abstract_line) {
    paper.abstract = clean_abstract(abstract_line);
    paper.github = find_github_url(abstract_line);
    ctx.emit(paper, title_offset);
    paper.clear();
    have_title = false;
  };

  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    const std::uint64_t offset = start;
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (fold_whitespace(line.substr(0, 64)).empty()) continue;
    if (!seen_first_title && is_chrome(line)) continue;

    if (!have_title) {
      if (!seen_first_title) line = strip_subscribe(line);
      seen_first_title = true;
      if (line.size() > kLongestTitle) {
        ctx.reject(ErrorCode::malformed, offset,
                   "expected a title line, found a paragraph of " + std::to_string(line.size()) +
                       " characters (an abstract without its title?)");
        continue;
      }
      paper.title = clean_title(line);
      title_offset = offset;
      have_title = true;
    } else {
      emit_pending(line);
    }
    if (end == text.size()) break;
  }
  if (have_title) {
    ctx.warn(ErrorCode::truncated, title_offset, "the last title has no abstract line; kept with the title only");
    ctx.report().truncated = true;
    emit_pending({});
  }
}

}  // namespace paperfeed::detail
