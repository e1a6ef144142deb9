/**
 * Orama's full-text search as its docs describe it: a schema of the four text fields, BM25
 * (its default relevance), the title boosted (the `boost` search parameter), every document
 * kept whole by Orama (it always stores the documents it indexes). Its defaults shape every
 * query kind: tokens are matched as prefixes of indexed words unless `exact` is set, and results
 * are OR-combined (`threshold` 1, the default of full-text search). Stemming is off by default.
 *
 * Orama has no phrase search: `exact: true` keeps documents in which each query word appears as
 * a whole, case-sensitive word, in any order, so "phrase" is not among its kinds.
 */
import { create, insertMultiple, load, save, search } from "@orama/orama";

/**
 * The indexed fields. Authors and categories are `string[]`, a type Orama's README lists. The
 * paper id is not in the schema: Orama takes a document's id from its `id` property (which must
 * be a string) and returns it as each hit's id, so indexing it as text would only add terms.
 */
const SCHEMA = {
  title: "string",
  authors: "string[]",
  abstract: "string",
  categories: "string[]",
};

/** Search parameters every query kind shares; `boost` is the docs' "Fields Boosting" example. */
const SEARCH = {
  properties: Object.keys(SCHEMA),
  boost: { title: 2 },
};

/**
 * Per query kind, the parameters added to SEARCH. Prefix queries need none: a term that is not
 * `exact` already matches every indexed word it begins. `tolerance` is the maximum Levenshtein
 * distance of typo tolerance.
 */
const KIND_PARAMS = {
  natural: {},
  words: {},
  prefix: {},
  typo: { tolerance: 1 },
};

/** A searchable engine over an Orama database. */
function engineOver(db) {
  return {
    /** Ids of the best `limit` papers for the query, best first (search is synchronous here). */
    search(query, limit) {
      const results = search(db, { ...SEARCH, ...KIND_PARAMS[query.kind], term: query.text, limit });
      return results.hits.map((hit) => hit.id);
    },
    /**
     * The database as JSON of core `save()`'s raw data. The data-persistence plugin
     * (@orama/plugin-data-persistence, not installed) wraps the same raw data; its "json"
     * format is this.
     */
    serialize() {
      return JSON.stringify(save(db));
    },
  };
}

export default {
  name: "Orama",
  packages: ["@orama/orama"],
  setup: "schema title, authors (string[]), abstract, categories (string[]); boost title 2; BM25 and OR (its defaults); every term matched as a prefix (its default, so also for prefix queries); tolerance 1 for typo queries; no stemming or stop words (its defaults); stores the documents (its design)",
  kinds: Object.keys(KIND_PARAMS),
  /** Creates a database and inserts the papers with insertMultiple. */
  build(papers) {
    const db = create({ schema: SCHEMA });
    insertMultiple(db, papers);
    return engineOver(db);
  },
  /** Creates an empty database with the same schema and loads what serialize() wrote into it. */
  load(serialized) {
    const db = create({ schema: SCHEMA });
    load(db, JSON.parse(serialized));
    return engineOver(db);
  },
};
