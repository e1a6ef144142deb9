/**
 * Markdown tables from the JSON that run.sh keeps per size (one folder each), with the goals
 * checked: wasm search within 2× of native, and every keystroke's results painted within 16 ms
 * p50 and 50 ms p99 on the largest size.
 *
 *   node bench/web/report.mjs WORK_DIR SIZE...
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const KINDS = ["natural", "words", "prefix", "phrase"];
const [workDir, ...sizes] = process.argv.slice(2);
const read = (size, name) => JSON.parse(readFileSync(path.join(workDir, size, name), "utf8"));
const runs = Object.fromEntries(sizes.map((size) => [size, {
  nativeBuild: read(size, "native-build.json"),
  nativeLoad: read(size, "native-load.json"),
  native: read(size, "native-search.json"),
  nativeFacets: read(size, "native-search-facets.json"),
  wasm: read(size, "wasm-search.json"),
  wasmFacets: read(size, "wasm-search-facets.json"),
  wasmBuild: read(size, "wasm-build.json"),
  browser: read(size, "browser.json"),
}]));

/** A number with `digits` decimals, "—" when missing. */
const fmt = (value, digits = 2) => (value === null || value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits));
const mb = (bytes) => fmt(bytes / 1e6, 1);
const ratio = (a, b) => `${fmt(a / b, 2)}×`;
const row = (cells) => `| ${cells.join(" | ")} |`;
const lines = [];
const say = (...text) => lines.push(...text);

/** The sizes of a wasm binary's code and data sections, in bytes raw and gzipped (level 9). */
function wasmSections(bytes) {
  const sections = {};
  let at = 8;
  const leb = () => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return value;
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const name = { 10: "code", 11: "data" }[id];
    if (name) sections[name] = { raw: size, gzip: gzipSync(bytes.subarray(at, at + size), { level: 9 }).length };
    at += size;
  }
  return sections;
}

const wasmFile = readFileSync(fileURLToPath(new URL("../../build/wasm/paperfeed.wasm", import.meta.url)));
const sections = wasmSections(wasmFile);
say("## The module", "",
  "`build/wasm/paperfeed.wasm` (gzip level 9; budget 600 KB raw / 250 KB gzipped), and its two large sections:", "",
  row(["", "raw KB", "gzipped KB"]), "|---|--:|--:|",
  row(["paperfeed.wasm", fmt(wasmFile.length / 1e3, 0), fmt(gzipSync(wasmFile, { level: 9 }).length / 1e3, 0)]),
  row(["code section", fmt(sections.code.raw / 1e3, 0), fmt(sections.code.gzip / 1e3, 0)]),
  row(["data section", fmt(sections.data.raw / 1e3, 0), fmt(sections.data.gzip / 1e3, 0)]), "");

say("## Workloads", "",
  "Written by `search_bench export` from the same deterministic workload as bench/search (see",
  "bench/search/method.md): **real** is every distinct paper the corpora give; **100k** is those real papers followed by",
  "copies (fresh arXiv-style ids, abstract sentences rotated) up to 100,000. Queries: 43 of the 430 natural-language",
  "relevance queries (every tenth), 300 words, 200 prefix, 200 phrase queries drawn from real titles with a fixed seed.", "");
say(row(["size", "papers indexed", ".pfi MB", "papers.jsonl MB", "queries"]), "|---|--:|--:|--:|--:|");
for (const [size, r] of Object.entries(runs)) {
  const queries = KINDS.map((k) => `${k} ${r.native.engine[k]?.queries ?? 0}`).join(", ");
  say(row([size, r.wasm.papers, mb(r.wasm.index_bytes), mb(r.wasmBuild.feed_bytes), queries]));
}

say("", "## Search: the module in Node against the native CLI", "",
  "Each query once to warm up, then timed passes (5 for 10 hits, 3 for the page's request); a query's figure is the",
  "median of its passes; p50 and p99 over those medians per kind. Snippets on, as the page has them; \"10\": 10 hits,",
  "no facets; \"page\": 25 hits and facet counts, the page's own request. **native**: the CLI's `took_ms` (the engine's own clock, `--queries`, one process per pass).",
  "**wasm engine**: `Results.tookMs` (the same clock inside the module). **wasm call**: wall time around `pf.search`,",
  "which adds the options and the results crossing the boundary as JSON (encoded in the module, decoded and",
  "`JSON.parse`d in JS). Ratios are wasm ÷ native; the goal is ≤ 2×.", "");
for (const [size, r] of Object.entries(runs)) {
  say(`### ${size}`, "", row(["kind", "request", "native p50 / p99 ms", "wasm engine p50 / p99 ms", "wasm call p50 / p99 ms",
    "engine ÷ native p50 / p99", "call ÷ native p50 / p99"]), "|---|---|--:|--:|--:|--:|--:|");
  for (const [facets, native, wasm] of [["10", r.native, r.wasm], ["page", r.nativeFacets, r.wasmFacets]]) {
    for (const kind of KINDS) {
      const n = native.engine[kind], e = wasm.engine[kind], w = wasm.wall[kind];
      if (!n) continue;
      say(row([kind, facets, `${fmt(n.p50, 3)} / ${fmt(n.p99, 3)}`, `${fmt(e.p50, 3)} / ${fmt(e.p99, 3)}`,
        `${fmt(w.p50, 3)} / ${fmt(w.p99, 3)}`, `${ratio(e.p50, n.p50)} / ${ratio(e.p99, n.p99)}`,
        `${ratio(w.p50, n.p50)} / ${ratio(w.p99, n.p99)}`]));
    }
  }
  say("");
}

say("## Loading and building an index", "",
  "**Load** from `.pfi` bytes already in memory: native `Index::load` (`search_bench run`'s load_s, checksum",
  "included); wasm `PaperFeed.load({index})` in Node (copies the bytes into the module's memory, where the index reads them in place, as",
  "load does): the first load, which grows the module's memory, and the median of 3 loads; the page: from the worker's fetch of `default.pfi` ending to the page showing the index size",
  "(arrayBuffer, loadIndex, the answer posted back), median of the page opens. **Build**: native `paperfeed index",
  "--format paperfeed papers.jsonl` (whole process: read, parse, index, serialize, write) and `search_bench`'s build",
  "from papers in memory; wasm `addFeed(papers.jsonl bytes)` + `exportIndex()` in Node.", "");
say(row(["size", "native load ms", "wasm load ms (first / median)", "page: fetched → loaded ms", "native CLI build s", "native build from memory s",
  "wasm build s (addFeed + exportIndex)", "wasm ÷ native CLI build"]), "|---|--:|--:|--:|--:|--:|--:|--:|");
for (const [size, r] of Object.entries(runs)) {
  say(row([size, fmt(r.nativeLoad.load_s * 1e3, 1), `${fmt(r.wasm.load_runs_ms[0], 1)} / ${fmt(r.wasm.load_ms, 1)}`, fmt(r.browser.open_medians.index_load_ms, 1),
    fmt(r.nativeBuild.build_s), fmt(r.nativeLoad.build_s), `${fmt(r.wasmBuild.build_s)} (${fmt(r.wasmBuild.add_feed_s)} + ${fmt(r.wasmBuild.export_index_s)})`,
    ratio(r.wasmBuild.build_s, r.nativeBuild.build_s)]));
}

say("", "## Memory", "",
  "**wasm memory** is the byteLength of the module's `WebAssembly.Memory` (caught at instantiation; it only grows),",
  "in Node, each command in its own process: empty, after loading the index (what the page's worker holds after its",
  "start: it loads the same bytes the same way), after the search passes, and after building the index from",
  "papers.jsonl. **Page**: the main thread's JS heap (CDP `Performance.getMetrics`) and the resident size of the",
  "page's renderer process (its worker, the worker's wasm memory and the DOM included), after the first page open",
  "and after the typing. Native: search_bench's peak RSS (building, then loading, the index).", "");
say(row(["size", "wasm empty MB", "wasm index loaded MB", "wasm after searches MB", "wasm after build MB", "page JS heap MB (loaded / after typing)",
  "page renderer RSS MB (loaded / after typing)", "native peak RSS MB"]), "|---|--:|--:|--:|--:|--:|--:|--:|");
for (const [size, r] of Object.entries(runs)) {
  const b = r.browser;
  say(row([size, mb(r.wasm.memory_empty.wasm_memory_mb * 1e6), mb(r.wasm.memory_loaded.wasm_memory_mb * 1e6),
    mb(r.wasm.memory_after_search.wasm_memory_mb * 1e6), mb(r.wasmBuild.memory.wasm_memory_mb * 1e6),
    `${fmt(b.memory_loaded.page_js_heap_used_mb, 1)} / ${fmt(b.memory_after_typing.page_js_heap_used_mb, 1)}`,
    `${fmt(b.memory_loaded.page_renderer_rss_mb, 0)} / ${fmt(b.memory_after_typing.page_renderer_rss_mb, 0)}`,
    fmt(r.nativeLoad.peak_rss_mb, 0)]));
}

say("", "## The page in headless Chromium", "",
  "Times from navigation start (performance.now() in the page), medians of the page opens, each in a fresh browser",
  "context. The page starts with an empty query, which lists every paper (25 cards), so \"first results\" is that list",
  "painted: the first `<article>` in the DOM plus the next animation frame.", "");
say(row(["size", "opens", "DOMContentLoaded ms", "wasm fetched ms", ".pfi fetched ms", "index size shown ms", "first results painted ms"]),
  "|---|--:|--:|--:|--:|--:|--:|");
for (const [size, r] of Object.entries(runs)) {
  const o = r.browser.opens, m = r.browser.open_medians;
  const dcl = o.map((x) => x.dom_content_loaded_ms).sort((a, b) => a - b)[Math.ceil(o.length / 2) - 1];
  say(row([size, o.length, fmt(dcl, 0), fmt(m.wasm_fetched_ms, 0), fmt(m.index_fetched_ms, 0), fmt(m.index_shown_ms, 0),
    fmt(m.first_results_painted_ms, 0)]));
}

say("", "### Keystroke to rendered results", "",
  "Real query strings from queries.tsv (words, phrase and prefix queries in turn, a natural-language one every fourth",
  "round) typed key by key with Playwright (`pressSequentially`, key presses the interval below apart), the box cleared",
  "between queries. A keystroke is the search box's `input` event; it is **answered by the first render after it that",
  "shows the query the box holds at that moment** (a stale answer to an older keystroke does not count; a keystroke",
  "whose own answer was superseded waits for the render that caught up). **painted**: to the end of the next animation",
  "frame after the DOM update (the first task after its requestAnimationFrame callbacks); **DOM**: to the result",
  "list's update (MutationObserver). The parts of the answering render: **queued** (keystroke → request posted to",
  "the worker), **engine** (the worker's search, `tookMs`: 25 hits with snippets; the facet counts come after, in a second answer),",
  "**worker round trip** (posted → answer received and deserialized in the page, engine included), **draw** (answer",
  "→ cards in the DOM), **frame wait** (DOM → next frame's rAF) and **frame render** (rAF → after paint).", "");
const figures = [["painted", "painted_ms"], ["DOM", "dom_ms"], ["queued", "queued_ms"], ["engine", "engine_ms"],
  ["worker round trip", "worker_round_trip_ms"], ["draw", "draw_ms"], ["frame wait", "frame_wait_ms"], ["frame render", "frame_render_ms"]];
say(row(["size", "keystrokes", "key interval p50 ms", "answered by a later keystroke's render", ...figures.map(([name]) => `${name} p50 / p99 ms`)]),
  `|---|--:|--:|--:|${figures.map(() => "--:").join("|")}|`);
for (const [size, r] of Object.entries(runs)) {
  const t = r.browser.typing;
  say(row([size, t.keystrokes, fmt(t.key_interval_ms.p50, 0), t.answered_by_a_later_keystroke,
    ...figures.map(([, f]) => `${fmt(t.all[f].p50, 1)} / ${fmt(t.all[f].p99, 1)}`)]));
}
say("", "Per query kind (painted, p50 / p99 ms, keystrokes):", "");
say(row(["size", ...KINDS]), `|---|${KINDS.map(() => "--:").join("|")}|`);
for (const [size, r] of Object.entries(runs)) {
  const k = r.browser.typing.by_kind;
  say(row([size, ...KINDS.map((kind) => (k[kind] ? `${fmt(k[kind].painted_ms.p50, 1)} / ${fmt(k[kind].painted_ms.p99, 1)} (${k[kind].painted_ms.queries})` : "—"))]));
}

say("", "## Against the goals", "");
/** Where wasm is more than 2× native: the engine's time first, else the call's. */
function overTwice(native, wasm) {
  const over = [];
  for (const kind of KINDS) {
    const n = native.engine[kind], e = wasm.engine[kind], w = wasm.wall[kind];
    if (!n) continue;
    for (const p of ["p50", "p99"]) {
      if (e[p] / n[p] > 2) over.push(`${kind} ${p} engine ${ratio(e[p], n[p])}`);
      else if (w[p] / n[p] > 2) over.push(`${kind} ${p} call (engine within 2×) ${ratio(w[p], n[p])}`);
    }
  }
  return over.length ? `not met for ${over.join("; ")}` : "met for every kind, p50 and p99, engine time and call time";
}
for (const [size, r] of Object.entries(runs)) {
  say(`- **wasm search within 2× of native, ${size}**: 10 hits: ${overTwice(r.native, r.wasm)}; the page's request: ${overTwice(r.nativeFacets, r.wasmFacets)}.`);
}
const largest = sizes.at(-1);
const typing = runs[largest].browser.typing.all.painted_ms;
say(`- **every keystroke's results rendered within 16 ms p50 and 50 ms p99 on ${largest}**: p50 ${fmt(typing.p50, 1)} ms (${typing.p50 <= 16 ? "met" : "not met"}), ` +
  `p99 ${fmt(typing.p99, 1)} ms (${typing.p99 <= 50 ? "met" : "not met"}).`);
console.log(lines.join("\n"));
