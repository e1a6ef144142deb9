/**
 * Lunr with its default pipeline (trimmer, English stop words and Porter stemmer when indexing;
 * the stemmer on query terms), the title boosted at build time, and queries written in its query
 * language: plain words are OR-combined and ranked by its BM25 (defaults). Lunr has no phrase
 * search, so "phrase" is not among its kinds.
 */
import lunr from "lunr";
import { fieldText } from "../workload.mjs";

/**
 * Characters that are operators in Lunr's query language: `field:term`, `term~N` (edit
 * distance), `term^N` (boost), `term*` (wildcard), leading `+`/`-` (required/prohibited) and the
 * `\` escape. Left in a natural-language query they throw a QueryParseError (`:` before a word
 * that is no field, `~`/`^` not followed by a number) or change its meaning.
 */
const OPERATORS = /[:~^*+\-\\]/g;

/**
 * Per query kind, what the query language appends to each word: a trailing wildcard for prefix
 * queries and an edit distance of 1 for typo queries (lunr.js, "lunr.Index~QueryString").
 */
const KIND_SUFFIX = {
  natural: "",
  words: "",
  prefix: "*",
  typo: "~1",
};

/**
 * The words of a query as Lunr's query language can take them: operators become spaces, and
 * each word is trimmed by lunr.trimmer, the same pipeline function that trimmed the indexed words
 * (Lunr's search pipeline has only the stemmer, so `titles?` would otherwise never match `titles`).
 */
function queryWords(text) {
  return text
    .replace(OPERATORS, " ")
    .split(/\s+/)
    .map((word) => lunr.trimmer(new lunr.Token(word)).toString())
    .filter(Boolean);
}


/** A searchable engine over a Lunr index. */
function engineOver(index) {
  return {
    /** Ids of the best `limit` papers for the query, best first. */
    search(query, limit) {
      const suffix = KIND_SUFFIX[query.kind];
      const queryString = queryWords(query.text).map((word) => word + suffix).join(" ");
      return index.search(queryString).slice(0, limit).map((result) => result.ref);
    },
    /** The index as JSON (lunr.Index#toJSON, read back by lunr.Index.load). */
    serialize() {
      return JSON.stringify(index);
    },
  };
}

export default {
  name: "Lunr",
  packages: ["lunr"],
  setup: "fields title, authors, abstract, categories; title boost 2 at build time; default pipeline (stop words, Porter stemmer); BM25 and OR (its defaults); query syntax term* for prefix and term~1 for typo queries; query-language operator characters stripped from the query text",
  kinds: Object.keys(KIND_SUFFIX),
  /**
   * Indexes the papers. Field boosts and extractors are lunr.Builder#field attributes; list
   * fields need an extractor because Lunr makes each element of an array one token.
   */
  build(papers) {
    return engineOver(
      lunr(function indexPapers() {
        this.ref("id");
        this.field("title", { boost: 2 });
        this.field("authors", { extractor: (paper) => fieldText(paper, "authors") });
        this.field("abstract");
        this.field("categories", { extractor: (paper) => fieldText(paper, "categories") });
        for (const paper of papers) this.add(paper);
      }),
    );
  },
  /** Loads an index that serialize() wrote. */
  load(serialized) {
    return engineOver(lunr.Index.load(JSON.parse(serialized)));
  },
};
