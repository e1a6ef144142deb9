/**
 * Fuse.js as its docs recommend for document search: token search (`useTokenSearch`, "Document
 * search — matching across titles, descriptions, or body text where multiple terms matter"),
 * which fuzzy-matches each query word on its own with the Bitap algorithm and ranks by IDF-weighted
 * match quality, combined with the key weights and field-length norm; words are OR-combined
 * (`tokenMatch: 'any'`, its default). Fuse looks no word up: every search runs Bitap over every
 * field of every paper (token search keeps only document frequencies, for the IDF), so a query
 * costs time in proportion to the text indexed times the words in the query.
 *
 * Fuse is fuzzy by nature, so natural, words, prefix and typo queries all go through that one
 * search: a prefix such as "diff" matches inside "diffusion" as a perfect substring, a word with
 * one edit as a near match, within the default `threshold` of 0.6 ("0.0 requires a perfect match,
 * 1.0 matches anything"). `ignoreLocation` is not set: token search sets it on each word's Bitap
 * search itself, so a word matches anywhere in a long abstract (with the defaults, `location` 0
 * and `distance` 100, a match would have to lie within 60 characters of the start).
 *
 * Phrases use extended search (`useExtendedSearch`), whose docs quote a phrase with double quotes
 * after an operator: `'"video diffusion"` is an include-match of that exact text in a field, case
 * folded. Extended search takes precedence over token search in one instance, so phrases get a
 * second Fuse over the same index.
 */
import Fuse from "fuse.js";
import { fieldText, KINDS } from "../workload.mjs";

/**
 * The keys searched; `weight` 2 on the title is the README's "Weighted Keys" example. The lists
 * are joined by a key's `getFn`: Fuse would otherwise score each author as a field of its own,
 * and since a paper's score is the product of its matched fields' scores, a paper with dozens of
 * loosely matching names would outrank one that matches the query in its title.
 */
const KEYS = [
  { name: "title", weight: 2 },
  { name: "authors", getFn: (paper) => fieldText(paper, "authors") },
  "abstract",
  { name: "categories", getFn: (paper) => fieldText(paper, "categories") },
];

/** Options of the ranked search that natural, words, prefix and typo queries go through. */
const RANKED = { keys: KEYS, useTokenSearch: true };

/** Options of the phrase search. */
const PHRASES = { keys: KEYS, useExtendedSearch: true };

/** The pattern Fuse is given: the query's text, or for a phrase the include-match of that text. */
function patternOf(query) {
  return query.kind === "phrase" ? `'"${query.text}"` : query.text;
}

/**
 * A searchable engine over Fuse's index of the papers. `docs` are what Fuse returns as each
 * result's item: `{id}` objects (Fuse searches the index's copies of the fields, so the ids are
 * all it needs of the documents; keeping the papers would count them in its memory).
 */
function engineOver(docs, index) {
  const ranked = new Fuse(docs, RANKED, index);
  const phrases = new Fuse(docs, PHRASES, index);
  return {
    /** Ids of the best `limit` papers for the query, best first. */
    search(query, limit) {
      const fuse = query.kind === "phrase" ? phrases : ranked;
      return fuse.search(patternOf(query), { limit }).map((result) => result.item.id);
    },
    /**
     * The paper ids with the index (FuseIndex#toJSON: the keys and each paper's field values),
     * as one JSON text, read back with Fuse.parseIndex.
     */
    serialize() {
      return JSON.stringify({ ids: docs.map((doc) => doc.id), index });
    },
  };
}

export default {
  name: "Fuse.js",
  packages: ["fuse.js"],
  setup: "keys title (weight 2), authors, abstract, categories; token search (Bitap per word, IDF-weighted, OR: its default; threshold 0.6, its default) for all but phrases, which are extended-search include-matches '\"a b\"'; serialized as the ids plus Fuse.createIndex's index, since Fuse returns documents, not ids",
  /** Every kind, phrases through extended search. */
  kinds: KINDS,
  /** Builds the index with Fuse.createIndex. */
  build(papers) {
    return engineOver(papers.map(({ id }) => ({ id })), Fuse.createIndex(KEYS, papers));
  },
  /**
   * Loads the ids and the index that serialize() wrote. Token search rebuilds its word
   * statistics (document frequencies for the IDF) from the index, as it does after a build.
   */
  load(serialized) {
    const { ids, index } = JSON.parse(serialized);
    return engineOver(
      ids.map((id) => ({ id })),
      Fuse.parseIndex(index),
    );
  },
};
