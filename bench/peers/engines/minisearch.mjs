/**
 * MiniSearch as its README configures it for ranked full-text search: the four text fields
 * indexed, nothing stored beside the ids, the title boosted, BM25 scoring and OR combination
 * (both its defaults). MiniSearch has no phrase search, so "phrase" is not among its kinds.
 */
import MiniSearch from "minisearch";
import { fieldText } from "../workload.mjs";

/** The fields searched; authors and categories are lists, joined into one text by fieldText. */
const FIELDS = ["title", "authors", "abstract", "categories"];

/**
 * Index options, the same for building and for loadJSON (which requires them). `idField` "id"
 * and `storeFields` [] are MiniSearch's defaults, spelled out because the benchmark relies on
 * them: results carry ids only. `searchOptions.boost` is the README's "Boost some fields" example.
 */
const OPTIONS = {
  fields: FIELDS,
  idField: "id",
  storeFields: [],
  // The README's `extractField` option: lists joined with spaces, so that each name or category is words.
  extractField: fieldText,
  searchOptions: { boost: { title: 2 } },
};

/**
 * Per query kind, the search options added to the defaults above: `prefix: true` is the README's
 * prefix search; `fuzzy: 1` is a maximum edit distance of 1 (a number >= 1 is an absolute
 * distance, one below 1 a fraction of the term's length).
 */
const KIND_OPTIONS = {
  natural: {},
  words: {},
  prefix: { prefix: true },
  typo: { fuzzy: 1 },
};

/** A searchable engine over a MiniSearch index. */
function engineOver(index) {
  return {
    /** Ids of the best `limit` papers for the query, best first. */
    search(query, limit) {
      return index.search(query.text, KIND_OPTIONS[query.kind]).slice(0, limit).map((result) => result.id);
    },
    /** The index as JSON, the way its API reference serializes it (`JSON.stringify(miniSearch)`, toJSON). */
    serialize() {
      return JSON.stringify(index);
    },
  };
}

export default {
  name: "MiniSearch",
  packages: ["minisearch"],
  setup: "fields title, authors, abstract, categories; boost title 2; BM25 and OR (its defaults); prefix: true for prefix queries; fuzzy 1 (max edit distance) for typo queries; no stemming or stop words (its defaults)",
  kinds: Object.keys(KIND_OPTIONS),
  /** Indexes the papers with addAll. */
  build(papers) {
    const index = new MiniSearch(OPTIONS);
    index.addAll(papers);
    return engineOver(index);
  },
  /** Loads an index that serialize() wrote, with the options it was built with. */
  load(serialized) {
    return engineOver(MiniSearch.loadJSON(serialized, OPTIONS));
  },
};
