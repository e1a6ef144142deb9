/**
 * The search page's engine thread: holds the one PaperFeed handle, so parsing feeds, loading
 * the index and searching never block typing. It answers messages `{id, type, ...}` from
 * app.js with `{id, ok: true, result}` or `{id, ok: false, error}`, and reports long work with
 * `{id, progress: {phase, file, loaded, total}}`. A queued view request is dropped
 * (`{id, superseded: true}`) when a newer one arrives before it ran.
 *
 * A search view is answered twice under its id: first the hits (`{id, ok: true, result, more:
 * true}`), at once; then the facet counts and the exact count of read papers among all the
 * matches (`{id, ok: true, result: {facets, skipped}}`), or `{id, superseded: true}` when a
 * newer view request arrived first: the worker returns to its event loop before each of those
 * slower engine calls, so that a keystroke never waits for the counts of an older one.
 *
 * In an offline bundle, bundle-boot.js also sends, unanswered and before any of those:
 * `{type: "bundle", wasm, indexBytes}` (the engine, gzip-compressed, and the size of the index),
 * `{type: "index-part", bytes}` for each part of the gzip-compressed index as the page reads it,
 * and `{type: "index-end"}`; the page's `init` may come before the last part.
 */
import { PaperFeed } from "./paperfeed.mjs";

/** The most hits one request may ask the engine for (limit + offset bound of the API). */
const MAX_HITS = 10000;
/**
 * Values counted per facet: enough to list every category of a large corpus (one search
 * counts every facet with the same limit).
 */
const FACET_LIMIT = 1000;
/** Values kept of the other facets (years, authors, has-code), the engine's default. */
const SHORT_FACET_LIMIT = 20;
/**
 * Read ids asked about per counting query: with the filters and the typed text a query stays
 * within the engine's limits (4096 bytes, 256 clauses) for all but the longest typed texts.
 */
const IDS_PER_QUERY = 40;

/** Messages received and not yet answered, in arrival order. */
const queue = [];
let draining = false;
/** @type {Promise<PaperFeed>} */
let engine = null;
/** An offline bundle's index, decompressed as its parts arrive (see bundle-boot.js). */
let bundledIndex = null;

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "bundle") {
    engine = loadBundledEngine(message.wasm);
    bundledIndex = new Gunzip(message.indexBytes);
    return;
  }
  // Parts that come after the index was given up (broken early on) are dropped.
  if (message.type === "index-part") {
    bundledIndex?.write(message.bytes);
    return;
  }
  if (message.type === "index-end") {
    bundledIndex?.finish();
    return;
  }
  if (message.type === "view") {
    for (const queued of queue) {
      if (queued.type === "view" && !queued.superseded) queued.superseded = true;
    }
  }
  queue.push(message);
  if (!draining) {
    draining = true;
    setTimeout(drain, 0);
  }
};

/** Answers the queued messages one at a time; superseded view requests only get a note. */
async function drain() {
  while (queue.length > 0) {
    const message = queue.shift();
    if (message.superseded) {
      self.postMessage({ id: message.id, superseded: true });
      continue;
    }
    try {
      if (message.type === "view" && message.request.kind === "search") {
        await answerSearch(message.id, message.request);
      } else {
        const result = await handle(message);
        const transfer = result instanceof Uint8Array ? [result.buffer] : [];
        self.postMessage({ id: message.id, ok: true, result }, transfer);
      }
    } catch (error) {
      self.postMessage({ id: message.id, ok: false, error: describeError(error) });
    }
  }
  draining = false;
}

/** A channel to itself: a message through it lets the messages that arrived meanwhile run first. */
const hop = new MessageChannel();

/** Resolves after the messages the page sent meanwhile have been queued. */
function nextTask() {
  return new Promise((resolve) => {
    hop.port1.onmessage = () => resolve();
    hop.port2.postMessage(null);
  });
}

/**
 * Runs one message against the engine.
 * @param {{id: number, type: string}} message
 */
async function handle(message) {
  if (message.type === "init") return start(message);
  const pf = await engine;
  switch (message.type) {
    case "view": return runView(pf, message.request);
    case "export": return exportResults(pf, message.request, message.format);
    case "addFeeds": return addFeeds(pf, message.id, message.sources);
    case "exportIndex": return pf.exportIndex().slice();
    default: throw new Error(`unknown message type ${message.type}`);
  }
}

/**
 * Starts an offline bundle's engine (bundle-boot.js sends its wasm first, unasked, so that it
 * compiles while the page reads the index).
 * @param {Uint8Array} wasm the gzip-compressed paperfeed.wasm
 * @returns {Promise<PaperFeed>}
 */
async function loadBundledEngine(wasm) {
  const gunzip = new Gunzip(new DataView(wasm.buffer, wasm.byteOffset + wasm.length - 4).getUint32(0, true));
  gunzip.write(wasm);
  return PaperFeed.load({ wasmBinary: await gunzip.finish(), locateFile: (file) => file });
}

/**
 * Instantiates the engine (unless a bundle's already is on its way) and loads the index: the
 * served page's default index from indexUrl, or the offline bundle's once its last part came
 * (the page may ask before: it draws the bundle's first view meanwhile).
 * The page works without the index, starting empty, and says why.
 * @param {{indexUrl?: string}} source no indexUrl for a bundle
 * @returns {Promise<{size: number, version: string, indexNote: string|null}>}
 */
async function start({ indexUrl }) {
  engine ??= PaperFeed.load();
  const pf = await engine;
  let indexNote = null;
  try {
    pf.loadIndex(bundledIndex ? await bundledIndex.bytes : await fetchBytes(indexUrl));
  } catch (error) {
    indexNote = `The ${bundledIndex ? "bundle's" : "default"} index could not be loaded (${error.message}); add feeds to search them.`;
  }
  bundledIndex = null;
  return { size: pf.size, version: PaperFeed.version, indexNote };
}

/** The bytes at a URL. */
async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A gzip stream decompressed, as its parts are written, into one buffer of the size it was
 * said to have (so no part is copied twice).
 */
class Gunzip {
  /** @param {number} size the bytes it decompresses to */
  constructor(size) {
    const stream = new DecompressionStream("gzip");
    this.writer = stream.writable.getWriter();
    this.bytes = readInto(stream.readable, size);
    this.bytes.catch(() => {});  // a broken stream is reported where the bytes are awaited
  }

  /** Adds the next part of the gzip stream. */
  write(part) {
    this.writer.write(part).catch(() => {});
  }

  /** @returns {Promise<Uint8Array>} the decompressed bytes, once every part was written */
  finish() {
    this.writer.close().catch(() => {});
    return this.bytes;
  }
}

/** Reads a stream of byte chunks into a new buffer of `size` bytes, which they must fill exactly. */
async function readInto(readable, size) {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const reader = readable.getReader(); ;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > size) throw new Error(`the data is larger than the ${size} bytes it was said to be`);
    bytes.set(value, at);
    at += value.length;
  }
  if (at !== size) throw new Error(`the data is ${at} bytes, not the ${size} it was said to be`);
  return bytes;
}

/**
 * The results of one view of the page: a search (its hits only, see answerSearch), the papers
 * similar to one paper, or the recommendations from starred papers.
 * @param {PaperFeed} pf
 * @param {object} request see app.js `viewRequest`: {kind, query?, sort?, id?, ids?, limit,
 *        skipIds, facetQueries?}
 * @returns {object} the engine's Results with `hits` cut to `limit` after skipping skipIds,
 *          `skipped` (how many of all the matches are in skipIds; for a search only those
 *          among the hits fetched, `skippedExact` false when there may be more), and for
 *          similar `paper` (the record compared to)
 */
function runView(pf, request) {
  const skip = new Set(request.skipIds);
  const results = runKind(pf, request, { limit: Math.min(MAX_HITS, request.limit + skip.size) });
  const kept = results.hits.filter((hit) => !skip.has(hit.id));
  results.skippedExact = results.hits.length === results.total || skip.size === 0;
  results.skipped = results.hits.length - kept.length;
  results.hits = kept.slice(0, request.limit);
  if (request.kind !== "search" && !results.skippedExact) {
    results.skipped = countSkippedMatches(pf, request, skip);
    results.skippedExact = true;
  }
  if (request.kind === "similar") results.paper = pf.get(request.id);
  return results;
}

/**
 * Answers a search view in two messages (see the top of this file): the hits, then the counts.
 * The counts are the facets over every match (the category facet without the category filter
 * and the has-code one without has-code: see app.js `viewRequest`), cut by shortenFacets, and
 * how many of all the matches are read. Each counting search runs only when no newer view
 * request is waiting.
 * @param {number} id the message id
 * @param {object} request as for runView, of kind "search"
 */
async function answerSearch(id, request) {
  const pf = await engine;
  const results = runView(pf, request);
  self.postMessage({ id, ok: true, result: results, more: true });
  const counts = { facets: null, skipped: results.skipped };
  const facetOptions = (name) => ({
    limit: 0, facets: true, snippets: false, facetLimit: name === "categories" ? FACET_LIMIT : SHORT_FACET_LIMIT,
  });
  const steps = [
    () => { counts.facets = pf.search(request.query, facetOptions("categories")).facets; },
    ...Object.entries(request.facetQueries ?? {}).map(([name, query]) => () => {
      counts.facets[name] = pf.search(query, facetOptions(name)).facets[name];
    }),
  ];
  if (!results.skippedExact) steps.push(() => { counts.skipped = countSkippedMatches(pf, request, new Set(request.skipIds)); });
  for (const step of steps) {
    await nextTask();
    if (queue.some((queued) => queued.type === "view")) {
      self.postMessage({ id, superseded: true });
      return;
    }
    step();
  }
  shortenFacets(counts.facets);
  self.postMessage({ id, ok: true, result: counts });
}

/**
 * How many of all the papers a view matches are in `skip`, for views with more matches than
 * were fetched. A search asks the engine for its own query restricted to the skipped ids
 * (`+(id:"a" OR id:"b" …) +(<query>)`, a few dozen ids per query; ids holding a `"` cannot be
 * quoted and are not counted); similar papers and recommendations list all their matches.
 * @param {PaperFeed} pf
 * @param {object} request as for runView
 * @param {Set<string>} skip the ids left out
 * @returns {number}
 */
function countSkippedMatches(pf, request, skip) {
  if (request.kind !== "search") {
    const all = runKind(pf, request, { limit: MAX_HITS, snippets: false });
    return all.hits.filter((hit) => skip.has(hit.id)).length;
  }
  const ids = [...skip].filter((id) => !id.includes('"'));
  let count = 0;
  for (let at = 0; at < ids.length; at += IDS_PER_QUERY) {
    const among = ids.slice(at, at + IDS_PER_QUERY).map((id) => `id:"${id}"`).join(" OR ");
    const query = request.query ? `+(${among}) +(${request.query})` : `+(${among})`;
    count += pf.search(query, { limit: 0, snippets: false }).total;
  }
  return count;
}

/** Cuts every facet but the categories (which the category select lists in full) to its best values. */
function shortenFacets(facets) {
  for (const name of Object.keys(facets)) {
    if (name !== "categories") facets[name] = facets[name].slice(0, SHORT_FACET_LIMIT);
  }
}

/**
 * Calls the engine for one kind of request.
 * @param {PaperFeed} pf
 * @param {object} request {kind: "search"|"similar"|"recommend", query, sort, id, ids}
 * @param {object} options SearchOptions
 */
function runKind(pf, request, options) {
  if (request.kind === "similar") return pf.similar(request.id, options);
  if (request.kind === "recommend") return pf.recommend(request.ids, options);
  return pf.search(request.query, { ...options, sort: request.sort });
}

/**
 * The papers of a view (all of them, up to the API's bound, minus skipIds) in an export format.
 * @param {PaperFeed} pf
 * @param {object} request as for runView
 * @param {string} format "bibtex", "ris", "csv" or "json"
 * @returns {{text: string, count: number, cappedAt: number|null}} cappedAt is the bound when
 *          the view has more matches than one export takes
 */
function exportResults(pf, request, format) {
  const skip = new Set(request.skipIds);
  const results = runKind(pf, request, { limit: MAX_HITS, snippets: false });
  const ids = results.hits.map((hit) => hit.id).filter((id) => !skip.has(id));
  const cappedAt = results.total > results.hits.length ? MAX_HITS : null;
  return { text: pf.exportPapers(ids, format), count: ids.length, cappedAt };
}

/**
 * Reads feeds (File objects or URLs) one after the other and adds each to the index,
 * reporting progress; one feed failing does not stop the others.
 * @param {PaperFeed} pf
 * @param {number} id the message id, echoed in progress messages
 * @param {Array<{file?: File, url?: string}>} sources
 * @returns {Promise<{feeds: Array<{name: string, report?: object, error?: object}>, size: number}>}
 */
async function addFeeds(pf, id, sources) {
  const feeds = [];
  for (const [index, source] of sources.entries()) {
    const name = source.file ? source.file.name : source.url;
    const progress = (phase, loaded, total) => self.postMessage({
      id, progress: { phase, name, index, count: sources.length, loaded, total },
    });
    try {
      const bytes = source.file ? await readFile(source.file, progress) : await fetchFeed(source.url, progress);
      progress("indexing", 0, 0);
      feeds.push({ name, report: pf.addFeed(bytes, { name }) });
    } catch (error) {
      feeds.push({ name, error: describeError(error) });
    }
  }
  return { feeds, size: pf.size };
}

/** The bytes of a picked or dropped file, read with progress. */
function readFile(file, progress) {
  return readStream(file.stream(), file.size, progress);
}

/**
 * The bytes at a URL the user gave. Fails with a message saying why: the browser refused
 * (another site that does not allow cross-origin reading, or offline) or the server answered
 * with an error status.
 */
async function fetchFeed(url, progress) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new Error("only http: and https: URLs can be fetched");
  }
  let response;
  try {
    response = await fetch(parsed, { credentials: "omit", referrerPolicy: "no-referrer" });
  } catch {
    throw new Error(`the browser could not fetch ${parsed.href}: the site does not allow other pages to read it (CORS), or the network is down. Download the file and add it with the file picker instead.`);
  }
  if (!response.ok) throw new Error(`${parsed.href} answered HTTP ${response.status}`);
  const length = Number(response.headers.get("Content-Length")) || 0;
  return readStream(response.body, length, progress);
}

/**
 * Reads a byte stream to its end, reporting bytes read so far.
 * @param {ReadableStream<Uint8Array>} stream
 * @param {number} total the expected size, 0 when unknown
 * @param {(phase: string, loaded: number, total: number) => void} progress
 * @returns {Promise<Uint8Array>}
 */
async function readStream(stream, total, progress) {
  const chunks = [];
  let loaded = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    progress("reading", loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * A PaperFeedError (or any error) as plain data that survives postMessage.
 * @returns {{code: string|null, message: string, file: string|null, offset: number|null,
 *            line: number|null, column: number|null, report: object|null}}
 */
function describeError(error) {
  return {
    code: error?.code ?? null,
    message: String(error?.message ?? error),
    file: error?.file ?? null,
    offset: error?.offset ?? null,
    line: error?.line ?? null,
    column: error?.column ?? null,
    report: error?.report ?? null,
  };
}
