#pragma once
/**
 * @file paper.hpp
 * The canonical record: one paper, whatever feed it came from (DESIGN.md, "Canonical record").
 * Unknown values are empty strings, empty lists or std::nullopt: never invented.
 */

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace paperfeed {

/** The feed formats paperfeed reads. The names (format_name) are stable and user-visible. */
enum class Format : std::uint8_t {
  hf_daily,       ///< Hugging Face /api/daily_papers, /api/papers/search, /api/papers/{id}
  hf_listing,     ///< scraped text of the Hugging Face papers page (title line, abstract line)
  arxiv_atom,     ///< arXiv API (export.arxiv.org/api/query) Atom, legacy and current layouts
  arxiv_listing,  ///< rss.arxiv.org daily listings, Atom and RSS 2.0
  arxiv_oaipmh,   ///< arXiv OAI-PMH ListRecords pages, metadata formats arXiv and oai_dc
  arxiv_oai,      ///< arXiv metadata snapshot (Kaggle), JSONL or a JSON array
  s2,             ///< Semantic Scholar Graph API paper objects
  pwc,            ///< Papers with Code API responses and dumps
  daily_arxiv,    ///< JSONL written by "daily arXiv" bots
  paperfeed,      ///< paperfeed's own canonical JSONL / JSON
};

/** Number of Format values. */
inline constexpr int kFormatCount = 10;

/** The stable name of a format: "hf-daily", "arxiv-atom", … */
const char* format_name(Format format) noexcept;

/** The format with that stable name, or nullopt. */
std::optional<Format> format_from_name(std::string_view name) noexcept;

/** A set of formats (the feeds a record was read from), kept as a bit mask. */
class FormatSet {
 public:
  /** Adds @p format to the set. */
  void insert(Format format) noexcept { bits_ |= bit(format); }
  /** Adds every format of @p other. */
  void insert(FormatSet other) noexcept { bits_ |= other.bits_; }
  /** True when @p format is in the set. */
  bool contains(Format format) const noexcept { return (bits_ & bit(format)) != 0; }
  /** True when the set is empty. */
  bool empty() const noexcept { return bits_ == 0; }
  /** The formats in declaration order. */
  std::vector<Format> list() const;
  bool operator==(const FormatSet&) const = default;

 private:
  static std::uint16_t bit(Format f) noexcept { return static_cast<std::uint16_t>(1u << static_cast<unsigned>(f)); }
  std::uint16_t bits_ = 0;
};

/**
 * One paper. Field meanings follow the canonical JSON record; dates are ISO 8601
 * ("2024-11-04", or "2024"/"2024-11" when a feed only knows that much).
 */
struct Paper {
  std::string id;        ///< identity: arXiv id without version, else "doi:<doi>", else "title:<hash>"
  std::string title;     ///< one line, whitespace folded, TeX accents decoded, LaTeX math verbatim
  std::string abstract;  ///< whitespace folded, LaTeX verbatim
  std::vector<std::string> authors;     ///< display names, "First Last"
  std::vector<std::string> categories;  ///< arXiv categories only (no MSC/ACM codes), primary first
  std::string primary_category;
  std::string published;  ///< first version / publication date
  std::string updated;    ///< latest version date
  std::string announced;  ///< day the paper appeared in a daily feed (HF daily, listing, bot file)
  std::optional<std::int64_t> upvotes;    ///< Hugging Face upvotes
  std::optional<std::int64_t> comments;   ///< Hugging Face discussion comments
  std::optional<std::int64_t> stars;      ///< GitHub stars of the code repository
  std::optional<std::int64_t> citations;  ///< citation count (Semantic Scholar)
  std::string github;                     ///< code repository URL
  std::string project_page;               ///< project page URL
  std::vector<std::string> keywords;      ///< keywords (Hugging Face ai_keywords)
  std::string ai_summary;                 ///< one-sentence summary written by Hugging Face
  std::string comment;                    ///< arXiv author comment ("NeurIPS 2024, 12 pages")
  std::string journal_ref;                ///< arXiv journal reference
  std::string doi;                        ///< DOI without resolver prefix
  std::string license;                    ///< licence URL
  std::string announce_type;              ///< arXiv listing announce type: new, cross, replace, …
  std::string url;                        ///< landing page (arXiv abstract page when an arXiv paper)
  std::string pdf;                        ///< PDF link
  FormatSet sources;                      ///< formats the record was read from

  /** Empties every field, keeping string capacity for reuse in parse loops. */
  void clear() noexcept;
};

}  // namespace paperfeed
