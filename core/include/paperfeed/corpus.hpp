#pragma once
/**
 * @file corpus.hpp
 * Many feeds in, one record per paper out. A paper is identified by its arXiv id (without
 * version), else its DOI, else its normalised title; the same paper read from two feeds
 * becomes one record whose fields are merged (Hugging Face upvotes and stars with arXiv
 * categories and comments). Records keep the order in which each paper was first seen.
 */

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "paperfeed/paper.hpp"

namespace paperfeed {

/**
 * Merges @p from into @p into, which describe the same paper. Text fields (title, abstract,
 * authors, categories) come from the more authoritative source (arXiv metadata over
 * paperfeed's own records over Hugging Face over Semantic Scholar over Papers with Code over
 * the scraped page), so the result does not depend on the order feeds are read in. Counts
 * (upvotes, stars, comments, citations) keep the larger value; `published` the earliest date,
 * `updated` the latest; `announced` the earliest; other fields the first known value; lists of
 * keywords are united; sources are united; the id becomes the strongest identity of the two.
 */
void merge_into(Paper& into, const Paper& from);

/**
 * The keys a paper is known by: its id, `doi:` + its DOI in lower case, and `t|` + its title
 * key when that is at least 16 characters long (see title_key); absent ones left out.
 */
std::vector<std::string> identity_keys(const Paper& paper);

/** False when @p a and @p b cannot be the same paper: different arXiv ids or different DOIs. */
bool identities_compatible(const Paper& a, const Paper& b);

/** True when @p paper's id is an arXiv id (not a `doi:` or `title:` id). */
bool has_arxiv_identity(const Paper& paper);

/** A set of papers, deduplicated by identity. */
class Corpus {
 public:
  /**
   * Adds @p paper, or merges it into the record of the same paper. Returns the record's index.
   * Two records are the same paper when their arXiv ids match, else when their DOIs match,
   * else when their title keys match (at least 16 characters long) and neither arXiv ids nor
   * DOIs contradict it.
   */
  std::size_t add(Paper&& paper);

  /** The records, in order of first appearance. */
  const std::vector<Paper>& papers() const noexcept { return papers_; }
  /** Number of distinct papers. */
  std::size_t size() const noexcept { return papers_.size(); }
  /** Records merged into an earlier record of the same paper since construction. */
  std::uint64_t duplicates_merged() const noexcept { return duplicates_merged_; }

  /** The record whose id, arXiv id, DOI ("doi:…") or title id ("title:…") is @p id, or nullptr. */
  const Paper* find(std::string_view id) const;

  /**
   * The index of the record @p paper would be merged into by add(), if any: the record with
   * the same arXiv id, else the same DOI, else the same title key (at least 16 characters),
   * the last two only when identities_compatible().
   */
  std::optional<std::size_t> match(const Paper& paper) const;

 private:
  void index(std::size_t at);

  std::vector<Paper> papers_;
  std::unordered_map<std::string, std::size_t> by_key_;  // "arxiv id", "doi:…", "title:<key>", and ids
  std::uint64_t duplicates_merged_ = 0;
};

}  // namespace paperfeed
