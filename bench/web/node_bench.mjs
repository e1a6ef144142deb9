/**
 * The WebAssembly module in Node against the native CLI, on a workload written by
 * `search_bench export`. Each command prints one JSON line; run.sh runs each in its own process
 * so that the memory figures are that command's alone.
 *
 *   node bench/web/node_bench.mjs wasm-search MODULE.mjs INDEX.pfi QUERIES.tsv [--passes P] [--limit N] [--facets] [--loads L]
 *   node bench/web/node_bench.mjs wasm-build MODULE.mjs PAPERS.jsonl
 *   node bench/web/node_bench.mjs native-search CLI INDEX.pfi QUERIES.tsv [--passes P] [--limit N] [--facets]
 *   node bench/web/node_bench.mjs native-build CLI PAPERS.jsonl OUT.pfi
 *
 * Searches ask for N hits (default 10) with snippets, as the page does (`--limit 25 --facets`
 * is the page's own request: 25 hits and the facet counts). Every query runs once to warm up, then in P timed passes (default 5);
 * a query's figure is its median over the passes, and each kind's p50/p99 are taken over those
 * medians. wasm: "engine" is the engine's own took_ms (Results.tookMs), "wall" the time around
 * pf.search, which adds the options and results crossing the boundary as JSON. native: the
 * CLI's took_ms, one process per pass over the same index file.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { byKind, median, readQueries, timePasses } from "./stats.mjs";

/** The module's WebAssembly memory, caught as it is instantiated (the API does not expose it). */
let wasmMemory = null;

/** Loads the module at modulePath, noting its WebAssembly.Memory. */
async function importModule(modulePath) {
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...args) => {
    const result = await instantiate.apply(WebAssembly, args);
    const instance = result.instance ?? result;
    wasmMemory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory) ?? null;
    return result;
  };
  return import(pathToFileURL(path.resolve(modulePath)).href);
}

/** Megabytes of the module's memory buffer (it only grows) and of the process. */
function memoryFigures() {
  const usage = process.memoryUsage();
  return {
    wasm_memory_mb: wasmMemory ? wasmMemory.buffer.byteLength / 1e6 : null,
    js_heap_mb: usage.heapUsed / 1e6,
    rss_mb: usage.rss / 1e6,
  };
}

/** Milliseconds that fn takes, and what it returned. */
async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function wasmSearch(modulePath, indexPath, queriesPath, options) {
  const { PaperFeed } = await importModule(modulePath);
  await PaperFeed.load();
  const instantiated = memoryFigures();
  const bytes = readFileSync(indexPath);
  const loads = [];
  let pf = null;
  for (let i = 0; i < options.loads; i++) {
    pf?.free();
    const load = await timed(() => PaperFeed.load({ index: bytes }));
    loads.push(load.ms);
    pf = load.value;
    if (i === 0) Object.assign(instantiated, { loaded: memoryFigures() });
  }
  const queries = readQueries(queriesPath);
  const searchOptions = { limit: options.limit, snippets: true, facets: options.facets };
  const totals = [];
  const figures = timePasses(queries, options.passes, (query) => {
    const start = performance.now();
    const results = pf.search(query.query, searchOptions);
    const wall = performance.now() - start;
    totals.push(results.total);
    return { engine: results.tookMs, wall };
  });
  const { loaded, ...empty } = instantiated;
  const line = {
    papers: pf.size,
    index_bytes: bytes.length,
    facets: options.facets,
    limit: options.limit,
    passes: options.passes,
    load_ms: median(loads),
    load_runs_ms: loads,
    memory_empty: empty,
    memory_loaded: loaded,
    memory_after_search: memoryFigures(),
    engine: byKind(queries, figures.engine),
    wall: byKind(queries, figures.wall),
  };
  pf.free();
  return line;
}

async function wasmBuild(modulePath, papersPath) {
  const { PaperFeed } = await importModule(modulePath);
  const pf = await PaperFeed.load();
  const feed = readFileSync(papersPath);
  const add = await timed(() => pf.addFeed(feed, { format: "paperfeed", name: path.basename(papersPath) }));
  const serialize = await timed(() => pf.exportIndex());
  return {
    papers: pf.size,
    feed_bytes: feed.length,
    added: add.value.added,
    merged: add.value.merged,
    add_feed_s: add.ms / 1e3,
    export_index_s: serialize.ms / 1e3,
    build_s: (add.ms + serialize.ms) / 1e3,
    index_bytes: serialize.value.length,
    memory: memoryFigures(),
  };
}

/** Runs the CLI, failing loudly; returns its stdout. */
function runCli(cli, args) {
  const result = spawnSync(cli, args, { encoding: "utf8", maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${cli} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function nativeSearch(cli, indexPath, queriesPath, options) {
  const queries = readQueries(queriesPath);
  const args = ["search", indexPath, "--queries", queriesPath, "--json", "--limit", String(options.limit)];
  if (options.facets) args.push("--facets");
  const runs = queries.map(() => []);
  for (let pass = 0; pass <= options.passes; pass++) {
    const lines = runCli(cli, args).split("\n").filter(Boolean).map((line) => JSON.parse(line));
    if (lines.length !== queries.length) throw new Error(`expected ${queries.length} answers, got ${lines.length}`);
    if (pass > 0) lines.forEach((answer, i) => runs[i].push(answer.took_ms));
  }
  return { facets: options.facets, limit: options.limit, passes: options.passes, engine: byKind(queries, runs.map(median)) };
}

function nativeBuild(cli, papersPath, outPath) {
  const start = performance.now();
  runCli(cli, ["index", "--format", "paperfeed", papersPath, "-o", outPath]);
  return { build_s: (performance.now() - start) / 1e3, index_bytes: readFileSync(outPath).length };
}

/** `--passes P`, `--limit N`, `--loads L` and `--facets` after the positional arguments. */
function parseOptions(args) {
  const options = { passes: 5, limit: 10, loads: 3, facets: false, positional: [] };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--passes") options.passes = Number(args[++i]);
    else if (args[i] === "--limit") options.limit = Number(args[++i]);
    else if (args[i] === "--loads") options.loads = Number(args[++i]);
    else if (args[i] === "--facets") options.facets = true;
    else options.positional.push(args[i]);
  }
  return options;
}

const [command, ...rest] = process.argv.slice(2);
const options = parseOptions(rest);
const [a, b, c] = options.positional;
const commands = {
  "wasm-search": () => wasmSearch(a, b, c, options),
  "wasm-build": () => wasmBuild(a, b),
  "native-search": () => nativeSearch(a, b, c, options),
  "native-build": () => nativeBuild(a, b, c),
};
if (!commands[command]) {
  console.error("usage: node bench/web/node_bench.mjs wasm-search|wasm-build|native-search|native-build ... (see the file's header)");
  process.exit(2);
}
console.log(JSON.stringify(await commands[command]()));
