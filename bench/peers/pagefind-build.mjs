/**
 * The Node-only half of the Pagefind engine (engines/pagefind.mjs): building a bundle through Pagefind's Node API,
 * which drives the Rust binary from @pagefind/linux-x64, packing the bundle into the bytes serialize() returns,
 * serving it over local HTTP so pagefind.js can search it in Node, writing it to a folder for a browser to load,
 * and measuring its size.
 */
import http from "node:http";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import * as pagefind from "pagefind";

/** The files of a Pagefind bundle the search API fetches without its Web Worker: the script, the English
 * WebAssembly and the index data. The worker, the UI scripts and styles and the no-language WebAssembly are left
 * out. */
const SEARCH_FILE = /^(pagefind\.js|wasm\.en\.pagefind|pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|(index|fragment|filter)\/.+)$/;

/** The index data among them (pagefind-entry.json and the .pf_* files, which Pagefind writes gzip'd). */
const INDEX_FILE = /^(pagefind-entry\.json|.+\.pf_[a-z]+)$/;

/**
 * Builds a Pagefind bundle of the papers: one custom record per paper (docs: node-api.md, addCustomRecord), its
 * content the title, authors, abstract and categories, `meta.title` the title, its URL "/" + the paper id.
 * Stops the Pagefind binary afterwards so the process can exit.
 * @param {{id: string, title: string, authors?: string[], abstract?: string, categories?: string[]}[]} papers
 * @returns {Promise<Map<string, Uint8Array>>} path inside the bundle folder → content, SEARCH_FILE files only
 */
export async function buildPagefindFiles(papers) {
  try {
    const { index, errors } = await pagefind.createIndex();
    throwIfAny(errors, "createIndex");
    for (const paper of papers) throwIfAny((await index.addCustomRecord(customRecord(paper))).errors, paper.id);
    const { files, errors: fileErrors } = await index.getFiles();
    throwIfAny(fileErrors, "getFiles");
    return new Map(files.filter((file) => SEARCH_FILE.test(file.path)).map((file) => [file.path, file.content]));
  } finally {
    await pagefind.close();
  }
}

/** The custom record of a paper. Custom records have no per-field weights (their content is raw text); Pagefind
 * 1.5+ searches `meta.title` too and boosts its matches by `ranking.metaWeights.title`, 5 by default. */
function customRecord(paper) {
  const content = [paper.title, (paper.authors ?? []).join(", "), paper.abstract ?? "", (paper.categories ?? []).join(" ")];
  return { url: `/${paper.id}`, content: content.join("\n"), language: "en", meta: { title: paper.title } };
}

function throwIfAny(errors, what) {
  if (errors.length) throw new Error(`Pagefind ${what}: ${errors.join("; ")}`);
}

/**
 * Packs bundle files into one byte array: for each file a little-endian u32 path length, the UTF-8 path, a u32
 * content length and the content.
 * @param {Map<string, Uint8Array>} files
 * @returns {Uint8Array}
 */
export function packFiles(files) {
  const entries = [...files].map(([path, content]) => [new TextEncoder().encode(path), content]);
  const packed = new Uint8Array(entries.reduce((sum, [path, content]) => sum + 8 + path.length + content.length, 0));
  const view = new DataView(packed.buffer);
  let offset = 0;
  for (const [path, content] of entries) {
    for (const part of [path, content]) {
      view.setUint32(offset, part.length, true);
      packed.set(part, offset + 4);
      offset += 4 + part.length;
    }
  }
  return packed;
}

/**
 * Unpacks what packFiles() produced.
 * @param {Uint8Array} packed
 * @returns {Map<string, Uint8Array>}
 */
export function unpackFiles(packed) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const files = new Map();
  const take = (offset) => packed.subarray(offset + 4, offset + 4 + view.getUint32(offset, true));
  for (let offset = 0; offset < packed.length; ) {
    const path = take(offset);
    const content = take(offset + 4 + path.length);
    files.set(new TextDecoder().decode(path), content);
    offset += 8 + path.length + content.length;
  }
  return files;
}

/**
 * Serves bundle files from memory on 127.0.0.1 (a free port), for pagefind.js running in Node: it fetches the
 * entry, metadata, WebAssembly and index chunks from its base path.
 * @param {Map<string, Uint8Array>} files
 * @returns {Promise<{baseUrl: string, close: () => Promise<void>}>} baseUrl without a trailing slash
 */
export async function serveFiles(files) {
  const server = http.createServer((request, response) => {
    const content = files.get(decodeURIComponent(new URL(request.url, "http://localhost").pathname.slice(1)));
    response.writeHead(content ? 200 : 404).end(content);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    // fetch keeps its connections alive: drop them, or the server (and the process) would wait for them.
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

/**
 * Imports a bundle's pagefind.js in Node, from a data: URL (Node imports no http: modules).
 * @param {Map<string, Uint8Array>} files
 */
export function importPagefindScript(files) {
  return import(`data:text/javascript;base64,${Buffer.from(files.get("pagefind.js")).toString("base64")}`);
}

/**
 * Writes what serialize() returned into a folder, as the bundle a page loads.
 * @param {Uint8Array} serialized
 * @param {string} folder
 */
export async function writePagefindBundle(serialized, folder) {
  for (const [path, content] of unpackFiles(serialized)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), content);
  }
}

/**
 * The size of a bundle's index: its data files only (pagefind-entry.json, *.pf_meta, index/*.pf_index,
 * fragment/*.pf_fragment, filter/*), not pagefind.js or its WebAssembly, which are the library.
 * @param {Uint8Array} serialized  what serialize() returned
 * @returns {{bytes: number, gzipBytes: number}} bytes: uncompressed; gzipBytes: as written and served (the .pf_*
 *   files are gzip'd by Pagefind, pagefind-entry.json is counted as is)
 */
export function pagefindIndexSize(serialized) {
  let bytes = 0;
  let gzipBytes = 0;
  for (const [path, content] of unpackFiles(serialized)) {
    if (!INDEX_FILE.test(path)) continue;
    gzipBytes += content.length;
    bytes += path.endsWith(".json") ? content.length : gunzipSync(content).length;
  }
  return { bytes, gzipBytes };
}
