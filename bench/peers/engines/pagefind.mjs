/**
 * Pagefind 1.6. Its index is built by Pagefind's Node API, which runs the Rust binary, so build() works in Node
 * only (the Node half is ../pagefind-build.mjs). Its search runtime, pagefind.js with its WebAssembly, reads a
 * bundle folder over HTTP: in Chromium the folder serve() wrote, at context.served; in Node from a local server
 * this module starts itself. The index size counts the bundle's data files, not pagefind.js and its WebAssembly
 * (the library), which serialize()'s bytes also hold.
 */

import { withWasmMemory } from "../wasm-memory.mjs";

/**
 * The bytes of the WebAssembly memory of pagefind.js, whose module instantiates its WebAssembly
 * once per realm for every search instance (so only the first load sees it instantiated).
 */
let sharedWasmBytes = () => 0;

/** The Node half, behind a computed specifier so browser bundles leave it out. */
const NODE_HALF = new URL("../pagefind-build.mjs", import.meta.url).href;

export default {
  name: "Pagefind",
  packages: ["pagefind"],
  setup:
    "custom records (content: title, authors, abstract, categories; meta title, searched and boosted 5x by default); " +
    "default ranking; words ANDed (no OR mode); prefix match on the last word built in; phrase = the whole query in " +
    "double quotes; no typo tolerance; noWorker: true (searches on the page's thread like the other engines); built " +
    "by its native multi-threaded indexer (build time includes opening the bundle); loading reads its entry, metadata " +
    "and WebAssembly, and each query fetches the index chunks and fragments it needs (in its time)",
  kinds: ["natural", "words", "prefix", "phrase"],
  /** The bytes of pagefind.js's WebAssembly memory (0 until a bundle is opened). */
  wasmBytes() {
    return sharedWasmBytes();
  },
  nodeOnlyBuild: true,
  /** Builds the bundle through Pagefind's Node API (Node only). */
  async build(papers) {
    const node = await nodeHalf();
    return openInNode(node, await node.buildPagefindFiles(papers));
  },
  /** Writes the bundle a page loads into a folder (Node only). */
  async serve(serialized, folder) {
    await (await nodeHalf()).writePagefindBundle(serialized, folder);
  },
  /** The bytes of the bundle's data files, and as served (Node only; see pagefindIndexSize). */
  async indexSize(serialized) {
    return (await nodeHalf()).pagefindIndexSize(serialized);
  },
  /** Opens a bundle: in a browser the folder serve() wrote, at context.served; in Node the bytes serialize() returned. */
  async load(serialized, context) {
    const baseUrl = context?.served;
    if (baseUrl) return openPagefind(await import(`${baseUrl}/pagefind.js`), baseUrl, {});
    const node = await nodeHalf();
    return openInNode(node, node.unpackFiles(serialized));
  },
};

/** The Node half, or an error that says why a page cannot build or open serialized bytes. */
async function nodeHalf() {
  try {
    return await import(NODE_HALF);
  } catch (error) {
    throw new Error(`Pagefind builds and opens serialized bundles in Node only (${NODE_HALF}: ${error.message})`);
  }
}

/** Serves the files locally and searches them with their own pagefind.js. */
async function openInNode(node, files) {
  const server = await node.serveFiles(files);
  return openPagefind(await node.importPagefindScript(files), server.baseUrl, {
    serialize: () => node.packFiles(files),
    close: server.close,
  });
}

/**
 * An engine over a Pagefind bundle.
 * @param {object} script  the bundle's pagefind.js module
 * @param {string} baseUrl  the bundle folder's URL, no trailing slash
 * @param {{serialize?: () => Uint8Array, close?: () => Promise<void>}} node  what only the Node side can do
 */
async function openPagefind(script, baseUrl, { serialize, close }) {
  // createInstance (exported by pagefind.js 1.6) gives each engine its own search instance, with the options the
  // module-level options()/init()/search() take; pagefind.js 1.6 reads the bundle folder from `basePath`.
  // noWorker (docs: search-config.md, "Disable web worker"): search on the page's thread, as every other engine
  // does, so that its time and its JS heap are measured where theirs are; Node has no Web Worker anyway.
  const pagefind = script.createInstance({ basePath: `${baseUrl}/`, noWorker: true });
  // init() returns before the index metadata and the WebAssembly have arrived; filters() waits for them (and this
  // bundle has no filters to fetch), so that a loaded engine is ready to search, as the others are.
  const { bytes } = await withWasmMemory(async () => {
    await pagefind.init();
    await pagefind.filters();
  });
  if (bytes() > 0) sharedWasmBytes = bytes;
  return {
    wasmBytes: () => sharedWasmBytes(),
    async search(query, limit) {
      // Exact phrase: the whole query in double quotes (Pagefind/pagefind#10, maintainer's comment).
      const text = query.kind === "phrase" ? `"${query.text}"` : query.text;
      const { results } = await pagefind.search(text);
      // docs/api.md: a result's URL and metadata come from its data(), one fragment file each.
      const pages = await Promise.all(results.slice(0, limit).map((result) => result.data()));
      return pages.map((page) => page.url.slice(1));
    },
    serialize:
      serialize ??
      (() => {
        throw new Error("a Pagefind bundle opened from a URL is serialized in Node, where it was built");
      }),
    async free() {
      await pagefind.destroy();
      await close?.();
    },
  };
}
