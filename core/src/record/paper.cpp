#include "paperfeed/paper.hpp"

#include <array>

namespace paperfeed {

namespace {
constexpr std::array<const char*, kFormatCount> kFormatNames = {
    "hf-daily", "hf-listing", "arxiv-atom", "arxiv-listing", "arxiv-oaipmh",
    "arxiv-oai", "s2",        "pwc",        "daily-arxiv",   "paperfeed"};
}  // namespace

const char* format_name(Format format) noexcept { return kFormatNames[static_cast<std::size_t>(format)]; }

std::optional<Format> format_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kFormatNames.size(); ++i) {
    if (name == kFormatNames[i]) return static_cast<Format>(i);
  }
  return std::nullopt;
}

std::vector<Format> FormatSet::list() const {
  std::vector<Format> out;
  for (int i = 0; i < kFormatCount; ++i) {
    if (contains(static_cast<Format>(i))) out.push_back(static_cast<Format>(i));
  }
  return out;
}

void Paper::clear() noexcept {
  id.clear();
  title.clear();
  abstract.clear();
  authors.clear();
  categories.clear();
  primary_category.clear();
  published.clear();
  updated.clear();
  announced.clear();
  upvotes.reset();
  comments.reset();
  stars.reset();
  citations.reset();
  github.clear();
  project_page.clear();
  keywords.clear();
  ai_summary.clear();
  comment.clear();
  journal_ref.clear();
  doi.clear();
  license.clear();
  announce_type.clear();
  url.clear();
  pdf.clear();
  sources = FormatSet{};
}

}  // namespace paperfeed
