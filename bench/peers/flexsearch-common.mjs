/**
 * What both FlexSearch engines (engines/flexsearch-ranked.mjs, engines/flexsearch-fast.mjs) share: a
 * Document index over the paper fields, the merged search and the chunked export/import. Only the
 * index options and the search options differ between them.
 */
import { Document } from "flexsearch";

/** The paper fields FlexSearch indexes, in the order `merge: true` lists their hits. */
const FIELDS = ["title", "authors", "abstract", "categories"];

/**
 * Describes a FlexSearch engine for the peer harness.
 * @param {object} config
 * @param {string} config.name  shown in tables and charts
 * @param {string} config.setup  one sentence for the report
 * @param {string[]} config.kinds  the query kinds it answers as asked
 * @param {() => object} config.indexOptions  FlexSearch index options every field inherits (a fresh object
 *   per index, so an Encoder instance in it is shared by the fields of one index only)
 * @param {object} config.searchOptions  options added to every Document search
 */
export function flexsearchEngine({ name, setup, kinds, indexOptions, searchOptions }) {
  return {
    name,
    packages: ["flexsearch"],
    setup,
    kinds,
    /** Indexes the papers; FlexSearch ids are their positions. */
    build(papers) {
      const index = newIndex(indexOptions);
      // Numeric ids: FlexSearch's "Best Practices: Use numeric IDs" (README); `ids` maps them back.
      papers.forEach((paper, position) => index.add(position, paper));
      return searchable(index, papers.map((paper) => paper.id), searchOptions);
    },
    /** Rebuilds the index from what serialize() returned. */
    async load(serialized) {
      const { ids, chunks } = JSON.parse(serialized);
      const index = newIndex(indexOptions);
      // doc/export-import.md: the same configuration, then import every exported key.
      for (const [key, data] of chunks) await index.import(key, data);
      return searchable(index, ids, searchOptions);
    },
  };
}

/** An empty Document index over FIELDS (add() gives it each paper's position as the id). */
function newIndex(indexOptions) {
  return new Document({ ...indexOptions(), document: { id: "id", index: FIELDS } });
}

/**
 * Wraps an index into the harness's engine interface.
 * @param {Document} index
 * @param {string[]} ids  paper id of each numeric FlexSearch id
 * @param {object} searchOptions
 */
function searchable(index, ids, searchOptions) {
  return {
    search(query, limit) {
      // Document search returns one list per field; `merge: true` (doc/document-search.md, "Merge Document
      // Results") groups them by id into one list, each field's hits in field order, at most `limit` per field.
      const hits = index.search(query.text, { ...searchOptions, limit, merge: true });
      return hits.slice(0, limit).map((hit) => ids[hit.id]);
    },
    serialize: () => exportIndex(index, ids),
  };
}

/**
 * Collects FlexSearch's chunked export (`await index.export((key, data) => ...)`, doc/export-import.md) into one
 * JSON string `{"ids": [...], "chunks": [[key, data], ...]}`. Each chunk's data is already JSON and is spliced in
 * as is, so nothing is escaped twice.
 */
async function exportIndex(index, ids) {
  const chunks = [];
  await index.export((key, data) => {
    chunks.push(`[${JSON.stringify(key)},${data}]`);
  });
  return `{"ids":${JSON.stringify(ids)},"chunks":[${chunks.join(",")}]}`;
}
