/**
 * paperfeed's WebAssembly module (build/wasm/paperfeed.mjs, at context.moduleUrl) with its
 * shipped defaults: BM25F over title, abstract, authors and categories with its bonuses, papers
 * matching more of the words first; results are whole records with a highlighted snippet, as the
 * page shows them (the peers return ids).
 */

import { withWasmMemory } from "../wasm-memory.mjs";

/** The module's PaperFeed class and its memory, instantiated once per realm. */
let loaded = null;

/** The module at moduleUrl, instantiated, with the bytes of its WebAssembly memory. */
async function paperFeedModule(moduleUrl) {
  loaded ??= withWasmMemory(async () => {
    const { PaperFeed } = await import(moduleUrl);
    await PaperFeed.load();
    return PaperFeed;
  });
  const { value, bytes } = await loaded;
  return { PaperFeed: value, wasmBytes: bytes };
}

/** The query in paperfeed's syntax. */
function typed(query) {
  if (query.kind === "prefix") return `${query.text}*`;
  if (query.kind === "typo") return `${query.text}~1`;
  if (query.kind === "phrase") return `"${query.text}"`;
  return query.text;
}

/** An engine over a loaded PaperFeed handle. */
function engineOver(pf, wasmBytes) {
  return {
    search: (query, limit) => pf.search(typed(query), { limit }).hits.map((hit) => hit.id),
    serialize: () => pf.exportIndex(),
    wasmBytes,
    free: () => pf.free(),
  };
}

export default {
  name: "paperfeed",
  packages: [],
  setup: "the WebAssembly module with its defaults: BM25F (title, abstract, authors, categories) with its bonuses, papers matching more of the words first, `word*` prefix, `word~1` fuzzy, `\"…\"` phrase; 10 whole records with highlighted snippets per query; built from the papers as canonical JSON lines (its own parsing counted in the build)",
  kinds: ["natural", "words", "prefix", "typo", "phrase"],
  /** Builds an index: the papers as canonical JSON lines given to addFeed. */
  async build(papers, context) {
    const { PaperFeed, wasmBytes } = await paperFeedModule(context.moduleUrl);
    const pf = await PaperFeed.load();
    const lines = papers.map((paper) => JSON.stringify(paper)).join("\n");
    pf.addFeed(lines, { format: "paperfeed", name: "papers.jsonl" });
    return engineOver(pf, wasmBytes);
  },
  /** Loads a .pfi index made by serialize(). */
  async load(serialized, context) {
    const { PaperFeed, wasmBytes } = await paperFeedModule(context.moduleUrl);
    const pf = await PaperFeed.load();
    pf.loadIndex(serialized);
    return engineOver(pf, wasmBytes);
  },
};
