#pragma once
/**
 * @file normalize.hpp
 * Field normalisation shared by every feed parser and by the corpus: whitespace and line
 * folding, HTML entities, TeX accents, arXiv ids, dates, author lists, identity keys.
 * Every function is pure, never throws, and is idempotent (normalising twice changes nothing).
 */

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace paperfeed {

struct Paper;

/**
 * Collapses every run of whitespace (ASCII, line breaks, NBSP and the other Unicode spaces
 * U+2000–U+200A, U+202F, U+205F, U+3000, …) to one space and trims both ends.
 */
std::string fold_whitespace(std::string_view text);

/**
 * Decodes HTML/XML character references: the named entities of HTML that occur in feeds
 * (&amp;amp; &amp;lt; &amp;nbsp; &amp;eacute; &amp;mdash; …) and numeric ones (&amp;#233; &amp;#xE9;).
 * Unknown or malformed references are kept as written. An escaped ampersand is decoded together
 * with what follows (`&amp;lt;` → `<`), so decoding twice gives what decoding once gave.
 */
std::string decode_html_entities(std::string_view text);

/**
 * Decodes TeX accent and letter commands outside math (`$…$`) into UTF-8:
 * `Andr\'e` and `Andr{\'e}` → André, `{\o}` → ø, `\v{z}` → ž, `J\"org` → Jörg, `\ss` → ß,
 * and the text escapes `\&`, `\%`, `\_`, `\#`. Braces that only group a decoded letter
 * are dropped; everything else, LaTeX math included, stays verbatim.
 */
std::string decode_tex_accents(std::string_view text);

/** A title as stored: entities and TeX accents decoded, whitespace folded to one line. */
std::string clean_title(std::string_view text);

/** An abstract as stored: entities decoded, whitespace folded (LaTeX untouched). */
std::string clean_abstract(std::string_view text);

/**
 * A person's name as stored: entities and TeX accents decoded, whitespace folded, and a trailing
 * TeX line break (`\\`) or footnote mark (`†`, `‡`, `*`, `§`, `¹`) dropped.
 */
std::string clean_name(std::string_view text);

/**
 * The normalised arXiv identifier without version, or nullopt when @p text holds none.
 * Accepts bare ids (`2411.02327v2`, `0704.0002`, `astro-ph/0601001v1`, `math.GT/0309136`),
 * prefixed ones (`arXiv:2411.02327`, `oai:arXiv.org:2508.13167v1`) and arXiv URLs
 * (`https://arxiv.org/abs/…`, `/pdf/…v1.pdf`). Old-style ids keep their archive and drop
 * a subject-class suffix (`math.GT/0309136` → `math/0309136`).
 */
std::optional<std::string> normalize_arxiv_id(std::string_view text);

/** The version number in an arXiv id or URL (`2411.02327v3` → 3), or 0 when there is none. */
int arxiv_version(std::string_view text);

/** The DOI in @p text without resolver prefix (`https://doi.org/10.1/x` → `10.1/x`), or nullopt. */
std::optional<std::string> normalize_doi(std::string_view text);

/**
 * An ISO 8601 date ("YYYY-MM-DD") from the date formats feeds use: ISO timestamps with any
 * offset (the date as written is kept), RFC 822 (`Mon, 2 Apr 2007 19:18:42 GMT`), plain
 * `YYYY-MM-DD`, `YYYY-MM` and `YYYY`. Returns nullopt for anything else.
 */
std::optional<std::string> to_iso_date(std::string_view text);

/** Days since 1970-01-01 of the proleptic Gregorian date @p year-@p month-@p day. */
std::int64_t days_from_civil(std::int64_t year, std::int64_t month, std::int64_t day);

/** The proleptic Gregorian year of the day @p days after 1970-01-01. */
std::int64_t year_from_days(std::int64_t days);

/** The ISO date (`YYYY-MM-DD`) @p days after 1970-01-01; outside years 0–9999, `<days>d`. */
std::string iso_date_from_days(std::int64_t days);

/**
 * Days since 1970-01-01 of an ISO date as to_iso_date writes it (`YYYY`, `YYYY-MM` or
 * `YYYY-MM-DD`, anything after ignored; a missing month or day counts as the first); nullopt
 * when it does not start with one.
 */
std::optional<std::int64_t> iso_date_days(std::string_view date);

/**
 * Days since 1970-01-01 of @p text when it is exactly a calendar day written `YYYY-MM-DD`
 * (`2024-02-30`, `2024-13-01`, `2024-05` and anything longer are not); nullopt otherwise.
 */
std::optional<std::int64_t> calendar_day(std::string_view text);

/**
 * Splits an author string into names: "A, B and C", "A, B, and C", "A and B", "A; B".
 * Each name goes through clean_name. A parenthesised affiliation after a name is dropped, and so
 * is a trailing "et al."; separators inside TeX braces do not split, and a suffix after a comma
 * stays with its name ("Martin Luther King, Jr."). Pieces without a letter or digit are dropped.
 */
std::vector<std::string> split_authors(std::string_view text);

/** "Last, First" (or "Last, First, Jr.") → "First Last" (or "First Last Jr."); other text unchanged. */
std::string flip_last_first(std::string_view name);

/** True when @p text is not empty and holds only the ASCII digits 0–9. */
bool all_digits(std::string_view text) noexcept;

/** True when @p term is an arXiv category (`cs.LG`, `hep-th`, `math.AG`), not an MSC/ACM code. */
bool is_arxiv_category(std::string_view term);

/**
 * The category code for a subject name as OAI-PMH oai_dc writes it, from arXiv's taxonomy:
 * "Computer Science - Machine Learning" → "cs.LG", "Quantum Physics" → "quant-ph",
 * "High Energy Physics - Theory" → "hep-th". Surrounding whitespace is ignored, case is not.
 * Returns nullopt for names outside the taxonomy (MSC and ACM codes included).
 */
std::optional<std::string> arxiv_category_from_name(std::string_view name);

/**
 * The subject name of a category code from arXiv's taxonomy: "cs.LG" → "Machine Learning",
 * "quant-ph" → "Quantum Physics", "hep-th" → "High Energy Physics - Theory".
 * Returns an empty view for unknown codes; the view points at static storage.
 */
std::string_view arxiv_category_name(std::string_view code);

/**
 * The key that identifies a paper by title when it has no arXiv id or DOI: the title with
 * entities and TeX accents decoded, NFKC-folded, case-folded, accents stripped, keeping letters
 * and digits only (of any script).
 */
std::string title_key(std::string_view title);

/**
 * Fills the derived fields of a record: `id` from the arXiv id in `url` or `pdf`, else
 * "doi:<lower-cased DOI>", else "title:<FNV-1a of title_key>" when it is empty (an arXiv id
 * already there loses its version); `url`/`pdf` of arXiv papers when empty; `doi` normalised
 * (emptied when it holds none); `categories` kept to arXiv categories (oai_dc names mapped to
 * codes), once each, with `primary_category` (by default the first) in front.
 * Called by every parser once a record is complete.
 */
void complete_identity(Paper& paper);

/**
 * Replaces each invalid UTF-8 sequence in @p text with U+FFFD (in place when it grows
 * nothing) and returns the number of replacements.
 */
std::uint64_t repair_utf8(std::string& text);

/**
 * Text taken from an input as an error message or description shows it: its first
 * @p max_bytes bytes, with invalid UTF-8 (a character cut at the limit too), control characters
 * (C0, DEL, C1) and the characters that reorder or break lines when printed (U+2028, U+2029,
 * the bidirectional controls) each as `?`, and `…` after it when it was cut. A message then
 * stays one short line of plain text, whatever a feed holds.
 */
std::string shown_text(std::string_view text, std::size_t max_bytes = 40);

/** Where a repair moved bytes: from `repaired` on, the repaired text continues the original text at `original`. */
struct RepairShift {
  std::uint64_t repaired = 0;  ///< offset in the repaired text, just after a replacement
  std::uint64_t original = 0;  ///< offset in the original text of the byte that follows it there
};

/** RepairShift entries repair_utf8() keeps for every replacement before it thins them out. */
inline constexpr std::size_t kExactRepairShifts = 65536;
/** Past kExactRepairShifts, at most one RepairShift per this many bytes of repaired text. */
inline constexpr std::uint64_t kRepairShiftSpacing = 4096;

/**
 * As repair_utf8(text), also appending to @p shifts, in order, an entry after each replacement
 * whose length differs from the bytes it replaced, so that an offset in the repaired text can be
 * traced back to the original (error positions). Past the first kExactRepairShifts entries, at
 * most one is kept per kRepairShiftSpacing bytes (the last replacement of each span): memory
 * stays bounded on text that is mostly invalid, where positions are then exact only up to the
 * replacements of one span.
 */
std::uint64_t repair_utf8(std::string& text, std::vector<RepairShift>& shifts);

}  // namespace paperfeed
