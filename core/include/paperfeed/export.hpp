#pragma once
/**
 * @file export.hpp
 * Writing records out: paperfeed's canonical JSON / JSON Lines (which read back losslessly),
 * CSV for spreadsheets, and BibTeX and RIS for reference managers.
 */

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paperfeed/paper.hpp"

namespace paperfeed {

/** Output formats of write_papers. */
enum class ExportFormat : std::uint8_t {
  jsonl,   ///< one canonical JSON record per line
  json,    ///< a JSON array of canonical records
  csv,     ///< RFC 4180, header row, lists joined with "; "
  bibtex,  ///< @misc / @article entries with arXiv eprint fields
  ris,     ///< RIS records (UNPB for preprints, JOUR with a journal reference)
};

/** The stable name of an export format: "jsonl", "json", "csv", "bibtex", "ris". */
const char* export_format_name(ExportFormat format) noexcept;

/** The export format with that name, or nullopt. */
std::optional<ExportFormat> export_format_from_name(std::string_view name) noexcept;

/**
 * The canonical JSON object of one record, on one line, keys in the documented order:
 * id, title, abstract, authors, categories, primary_category, published, updated, announced,
 * upvotes, comments, github, stars, citations, keywords, comment, doi, url, pdf, project_page,
 * ai_summary, journal_ref, license, announce_type, sources. Unknown values are null or [].
 */
std::string paper_to_json(const Paper& paper);

/**
 * Writes @p papers in @p format, handing the text to @p out piece by piece (so a large export
 * never needs one big string). BibTeX keys are unique within one call.
 */
void write_papers(const std::vector<Paper>& papers, ExportFormat format,
                  const std::function<void(std::string_view)>& out);

}  // namespace paperfeed
