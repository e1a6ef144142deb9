/**
 * paperfeed's WebAssembly module (build/wasm/paperfeed.mjs, at context.moduleUrl) with its
 * shipped defaults: BM25F over title, abstract, authors and categories with its bonuses, papers
 * matching more of the words first; results are whole records with a highlighted snippet, as the
 * page shows them (the peers return ids).
 */

import { withWasmMemory } from "../wasm-memory.mjs";

/** The module's PaperFeed class, instantiated once per realm (by prepare()). */
let loaded = null;

/** Bytes of the module's WebAssembly memory, once it is instantiated. */
let moduleMemoryBytes = () => 0;

/** The module at moduleUrl's PaperFeed class, instantiated, its memory noted. */
function paperFeedClass(moduleUrl) {
  loaded ??= withWasmMemory(async () => {
    const { PaperFeed } = await import(moduleUrl);
    (await PaperFeed.load()).free();
    return PaperFeed;
  }).then(({ value, bytes }) => {
    moduleMemoryBytes = bytes;
    return value;
  });
  return loaded;
}

/** The query in paperfeed's syntax. */
function typed(query) {
  if (query.kind === "prefix") return `${query.text}*`;
  if (query.kind === "typo") return `${query.text}~1`;
  if (query.kind === "phrase") return `"${query.text}"`;
  return query.text;
}

/** An engine over a loaded PaperFeed handle. */
function engineOver(pf) {
  return {
    search: (query, limit) => pf.search(typed(query), { limit }).hits.map((hit) => hit.id),
    serialize: () => pf.exportIndex(),
    wasmBytes: () => moduleMemoryBytes(),
    free: () => pf.free(),
  };
}

export default {
  name: "paperfeed",
  packages: [],
  setup: "the WebAssembly module with its defaults: BM25F (title, abstract, authors, categories) with its bonuses and stemming, papers matching more of the words first, `word*` prefix, `word~1` fuzzy, `\"…\"` phrase; 10 whole records with highlighted snippets per query, facets off (the page asks for them in a request of their own); built from the papers as canonical JSON lines, its own parsing counted in the build; memory includes the WebAssembly high-water mark",
  kinds: ["natural", "words", "prefix", "typo", "phrase"],
  /** Instantiates the module (before the memory baseline, as the libraries are imported before it). */
  async prepare(context) {
    await paperFeedClass(context.moduleUrl);
  },
  /** The module's WebAssembly bytes now (0 before prepare). */
  wasmBytes() {
    return moduleMemoryBytes();
  },
  /** The papers as the canonical JSON lines addFeed reads. */
  input(papers) {
    return papers.map((paper) => JSON.stringify(paper)).join("\n");
  },
  /** Builds an index from JSON lines (input()). */
  async build(lines, context) {
    const PaperFeed = await paperFeedClass(context.moduleUrl);
    const pf = await PaperFeed.load();
    pf.addFeed(lines, { format: "paperfeed", name: "papers.jsonl" });
    return engineOver(pf);
  },
  /** Loads a .pfi index made by serialize(). */
  async load(serialized, context) {
    const PaperFeed = await paperFeedClass(context.moduleUrl);
    const pf = await PaperFeed.load();
    pf.loadIndex(serialized);
    return engineOver(pf);
  },
};
