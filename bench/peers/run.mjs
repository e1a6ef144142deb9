/**
 * Runs the peer bench over workloads run.sh prepared and leaves the results folder report.mjs
 * reads (meta.json, ENVIRONMENT-SIZE.json, relevance.json). Each engine's phases run in a fresh
 * Node process (node_run.mjs) or a fresh Chromium context (browser.mjs); an engine that fails,
 * runs out of memory or out of time at a size gets an error row, and the run goes on.
 *
 *   node bench/peers/run.mjs WORK RESULTS [--sizes 10k,real,100k] [--environments node,chromium]
 *       [--engines paperfeed,minisearch,...] [--builds 3] [--loads 2] [--passes 3] [--budget-s 10]
 *       [--build-budget-s 10] [--phase-timeout-s 1800] [--counts natural=43,words=100,...]
 *       [--relevance CORPORA_DIR] [--relevance-bench PATH] [--relevance-budget-s 60] [--commands FILE]
 *
 * WORK/SIZE/papers.jsonl and WORK/SIZE/queries.tsv must exist for each size; for relevance,
 * WORK/relevance/COLLECTION/ as `relevance_bench export` writes them. Engines are the files of
 * bench/peers/engines/ (by file name without .mjs; default all, paperfeed first).
 */
import { spawn, spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startChromium } from "./browser.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const NODE_FLAGS = ["--expose-gc", "--max-old-space-size=16384"];

/** The command line: two folders, then `--name value` options with their defaults. */
function parseArguments(args) {
  const [work, results, ...rest] = args;
  if (!work || !results) throw new Error("usage: node bench/peers/run.mjs WORK RESULTS [options] (see the file's header)");
  const options = {
    sizes: "10k,real,100k", environments: "node,chromium", engines: "", builds: "3", loads: "2", passes: "3",
    "budget-s": "10", "build-budget-s": "10", "phase-timeout-s": "1800",
    counts: "natural=43,words=100,prefix=100,typo=100,phrase=100", relevance: "", "relevance-bench": "", "relevance-budget-s": "60",
    commands: "",
  };
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i].replace(/^--/, "");
    if (!(name in options) || rest[i + 1] === undefined) throw new Error(`unknown option or missing value: ${rest[i]}`);
    options[name] = rest[i + 1];
  }
  return { work: path.resolve(work), results: path.resolve(results), options };
}

/** The engine files to run, paperfeed first. */
function engineFiles(wanted) {
  const all = readdirSync(path.join(here, "engines")).filter((name) => name.endsWith(".mjs")).map((name) => name.slice(0, -4));
  const names = wanted ? wanted.split(",") : ["paperfeed", ...all.filter((name) => name !== "paperfeed").sort()];
  for (const name of names) if (!all.includes(name)) throw new Error(`no engine "${name}" under bench/peers/engines`);
  return names.map((name) => path.join(here, "engines", `${name}.mjs`));
}

/** Runs a command; resolves to its stdout, rejects with the end of its stderr (or the timeout). */
function runCommand(command, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => { stdout += chunk; });
    child.stderr.on("data", (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(signal === "SIGKILL" ? `killed after ${timeoutMs / 1000} s` : failure(stderr, code)));
    });
  });
}

/** What a failed phase said: its first error line, or its exit status. */
function failure(stderr, code) {
  const lines = stderr.split("\n").filter(Boolean);
  if (lines.some((line) => /heap out of memory|Allocation failed/.test(line))) return "out of memory (Node's heap limit)";
  return lines.find((line) => /error/i.test(line)) ?? lines[0] ?? `exit status ${code}`;
}

/** One Node phase through node_run.mjs, its JSON output parsed. */
async function nodePhase(args, timeoutMs) {
  return JSON.parse(await runCommand(process.execPath, [...NODE_FLAGS, path.join(here, "node_run.mjs"), ...args], timeoutMs));
}

/** The index file the Node build phase wrote for an engine at a size, or null. */
function indexFileOf(indexBase) {
  return [".txt", ".bin"].map((extension) => indexBase + extension).find((file) => existsSync(file)) ?? null;
}

/**
 * The figures of one engine at one size in one environment, or its error row. `skipped` maps a
 * query kind to why it is not run at this size (a query of it was slower than the budget at a
 * smaller size).
 */
async function measureEngine(environment, engineFile, size, settings, chromium, skipped) {
  const engine = (await import(pathToFileURL(engineFile).href)).default;
  const row = { engine: engine.name, setup: engine.setup, environment, size };
  const sizeDir = path.join(settings.work, size);
  const indexBase = path.join(sizeDir, "index", path.basename(engineFile, ".mjs"));
  mkdirSync(path.dirname(indexBase), { recursive: true });
  const timeoutMs = Number(settings.options["phase-timeout-s"]) * 1000;
  const buildOptions = { builds: Number(settings.options.builds), buildBudgetMs: Number(settings.options["build-budget-s"]) * 1000 };
  const queryOptions = {
    loads: Number(settings.options.loads), passes: Number(settings.options.passes), limit: 10,
    queryBudgetMs: Number(settings.options["budget-s"]) * 1000,
    counts: { ...settings.counts, ...Object.fromEntries([...skipped.keys()].map((kind) => [kind, 0])) },
  };
  try {
    if (environment === "node") {
      Object.assign(row, await nodePhase(["build", engineFile, path.join(sizeDir, "papers.jsonl"), indexBase,
        "--builds", String(buildOptions.builds), "--build-budget-s", settings.options["build-budget-s"]], timeoutMs));
      Object.assign(row, await nodePhase(["query", engineFile, row.index_file, path.join(sizeDir, "queries.tsv"),
        "--loads", String(queryOptions.loads), "--passes", String(queryOptions.passes), "--budget-s", settings.options["budget-s"],
        "--counts", Object.entries(queryOptions.counts).map(([kind, n]) => `${kind}=${n}`).join(",")], timeoutMs));
      delete row.index_file;
    } else {
      Object.assign(row, await chromiumPhases(engine, engineFile, size, indexBase, { buildOptions, queryOptions, timeoutMs, chromium, work: settings.work }));
    }
  } catch (error) {
    row.error = String(error.message ?? error).split("\n")[0];
  }
  return { engine: row.engine, setup: row.setup, environment, size, papers: null, build_ms: null, serialized_bytes: null,
    serialized_gzip_bytes: null, load_ms: null, memory: null, loaded_memory: null, queries: {}, notes: [], error: null, ...row };
}

/**
 * The Chromium phases: the build in a page (unless the engine builds in Node only), then the
 * query phase on the index the Node build phase serialized, served as the engine asks when it
 * has a serve() of its own.
 */
async function chromiumPhases(engine, engineFile, size, indexBase, { buildOptions, queryOptions, timeoutMs, chromium, work }) {
  const built = engine.nodeOnlyBuild
    ? { notes: [`${engine.name} builds its index in Node only (its indexer is a native program): no build figures in Chromium`] }
    : await chromium.run("build", engineFile, size, buildOptions, null, timeoutMs);
  const indexFile = indexFileOf(indexBase);
  if (!indexFile) throw new Error("no serialized index: the Node build phase failed");
  const context = {};
  if (engine.serve) {
    const folder = `${indexBase}-served`;
    rmSync(folder, { recursive: true, force: true });
    await engine.serve(new Uint8Array(readFileSync(indexFile)), folder);
    context.served = `/${path.relative(work, folder)}`;
  }
  const queried = await chromium.run("query", engineFile, size, { ...queryOptions, context }, indexFile, timeoutMs);
  return { ...built, serialized_gzip_bytes: null, ...queried, notes: [...(built.notes ?? []), ...queried.notes] };
}

/**
 * Records in `skipped` the kinds whose queries this row timed by a warm-up run alone (one query
 * slower than the budget), so that larger sizes do not run them; and adds to the row's notes the
 * kinds it did not run for that reason.
 */
function noteTooSlow(row, skipped, budgetS) {
  for (const [kind, why] of skipped) {
    if (row.queries && row.queries[kind] === null) row.notes.push(`${kind}: not run at ${row.size}: ${why}`);
  }
  for (const [kind, figures] of Object.entries(row.queries ?? {})) {
    if (figures && figures.passes === 0 && !skipped.has(kind)) {
      skipped.set(kind, `a single query took ${(figures.p50_ms / 1000).toFixed(0)} s at ${row.size}, over the ${budgetS} s budget`);
    }
  }
}

/**
 * Runs every engine's TREC runs on the collections (each within the relevance budget) and scores
 * them with relevance_bench. Where the budget cut an engine's run short, paperfeed's run cut to
 * the same queries is scored too (engine "paperfeed", same_queries_as that engine), so that the
 * two compare on equal terms.
 */
async function relevance(files, settings) {
  const collections = readdirSync(path.join(settings.work, "relevance"));
  const runsDir = path.join(settings.work, "runs");
  rmSync(runsDir, { recursive: true, force: true });
  const runs = new Map();
  const partial = [];
  for (const file of files) {
    const engine = (await import(pathToFileURL(file).href)).default;
    const dir = path.join(runsDir, path.basename(file, ".mjs"));
    mkdirSync(dir, { recursive: true });
    for (const collection of collections) {
      const collectionDir = path.join(settings.work, "relevance", collection);
      say(`relevance: ${engine.name} on ${collection}`);
      const done = await nodePhase(["relevance", file, collectionDir, path.join(dir, `${collection}.run`),
        "--budget-s", settings.options["relevance-budget-s"]], 3600_000)
        .catch((error) => say(`relevance: ${engine.name} on ${collection} failed: ${error.message}`));
      if (done && done.ran < done.queries) partial.push({ engine: engine.name, collection, ran: done.ran, of: done.queries });
    }
    runs.set(engine.name, dir);
  }
  // paperfeed's own run is the reference: when it is missing or was cut itself, nothing is cut to match.
  const comparable = runs.has("paperfeed") && !partial.some((cut) => cut.engine === "paperfeed") ? partial : [];
  for (const cut of comparable) runs.set(sameQueriesName(cut.engine), cutPaperfeedRun(runs.get("paperfeed"), cut, settings.work));
  const table = await runCommand(settings.options["relevance-bench"],
    ["table", settings.options.relevance, ...[...runs].flatMap(([name, dir]) => ["--runs", `${name}=${dir}`])], 3600_000);
  return parseRelevanceTable(table)
    .filter((row) => collections.includes(row.collection) && (!row.engine.startsWith("paperfeed on ") || comparable.some((cut) => sameQueriesName(cut.engine) === row.engine && cut.collection === row.collection)))
    .map((row) => withPartial(row, partial));
}

/** The run name of paperfeed's run cut to another engine's queries. */
function sameQueriesName(engine) {
  return `paperfeed on ${engine}'s queries`;
}

/** Writes paperfeed's run of a collection cut to the first `cut.ran` queries; returns its folder. */
function cutPaperfeedRun(paperfeedDir, cut, work) {
  const dir = path.join(work, "runs", `paperfeed-on-${cut.engine.replace(/\W+/g, "-")}`);
  mkdirSync(dir, { recursive: true });
  const qids = readFileSync(path.join(work, "relevance", cut.collection, "queries.tsv"), "utf8")
    .split("\n").filter(Boolean).slice(0, cut.ran).map((line) => line.slice(0, line.indexOf("\t")));
  const kept = new Set(qids);
  const lines = readFileSync(path.join(paperfeedDir, `${cut.collection}.run`), "utf8").split("\n").filter((line) => kept.has(line.split(" ")[0]));
  writeFileSync(path.join(dir, `${cut.collection}.run`), lines.join("\n") + "\n");
  return dir;
}

/** A relevance row with how far a budget-cut run got (`ran` of `of` queries), and paperfeed's cut rows named as such. */
function withPartial(row, partial) {
  const sameAs = partial.find((cut) => sameQueriesName(cut.engine) === row.engine && cut.collection === row.collection);
  if (sameAs) return { ...row, engine: "paperfeed", same_queries_as: sameAs.engine, ran: sameAs.ran, of: sameAs.of };
  const cut = partial.find((c) => c.engine === row.engine && c.collection === row.collection);
  return cut ? { ...row, ran: cut.ran, of: cut.of } : row;
}

/** The names relevance_bench gives the native engines it runs itself, and how the report names them. */
const NATIVE_PEERS = { xapian: "Xapian (native C++)", fts5: "SQLite FTS5 (native C++)" };

/** relevance_bench's Markdown table as rows (Xapian and FTS5 included, marked native). */
function parseRelevanceTable(table) {
  const rows = [];
  for (const line of table.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    if (cells.length !== 7 || !/^\d+$/.test(cells[1])) continue;
    const [collection, , judged, engine, ndcg, recall] = cells;
    const score = (text) => (/^[\d.]+$/.test(text) ? Number(text) : null);
    const native = NATIVE_PEERS[engine];
    rows.push({ engine: native ?? engine, native: Boolean(native), collection, queries: Number(judged), ndcg10: score(ndcg), recall100: score(recall) });
  }
  return rows;
}

/** The machine and the versions, for meta.json. */
function machine(loadStart) {
  return {
    cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, ram_gib: Math.round(totalmem() / 2 ** 30),
    load_start: loadStart, load_end: loadAverage(),
  };
}

/** The load average over 1, 5 and 15 minutes. */
function loadAverage() {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/** The installed versions of the engines' npm packages. */
async function packageVersions(files) {
  const names = new Set();
  for (const file of files) for (const name of (await import(pathToFileURL(file).href)).default.packages) names.add(name);
  return Object.fromEntries([...names].sort().map((name) =>
    [name, JSON.parse(readFileSync(path.join(here, "node_modules", name, "package.json"), "utf8")).version]));
}

/** The version of the Emscripten that built the module, as `emcc --version` says it, or null. */
function emscriptenVersion() {
  const first = spawnSync("emcc", ["--version"], { encoding: "utf8" }).stdout?.split("\n")[0] ?? "";
  return first.match(/(\d+\.\d+\.\d+)/)?.[1] ?? null;
}

/** A progress line on stderr, with the time. */
function say(message) {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main() {
  const settings = parseArguments(process.argv.slice(2));
  const { options } = settings;
  settings.counts = Object.fromEntries(options.counts.split(",").map((pair) => pair.split("=")).map(([kind, n]) => [kind, Number(n)]));
  const started = Date.now();
  const loadStart = loadAverage();
  const files = engineFiles(options.engines);
  const sizes = options.sizes.split(",");
  const environments = options.environments.split(",");
  if (environments.includes("chromium") && environments[0] !== "node") {
    throw new Error("--environments: node must come first, its build phase writes the index Chromium loads");
  }
  mkdirSync(settings.results, { recursive: true });
  const chromium = environments.includes("chromium") ? await startChromium(settings.work, path.join(repo, "build/wasm")) : null;
  try {
    const tooSlow = new Map();
    for (const size of sizes) {
      // The Chromium query phase loads what this run's Node build phase wrote, never an older file.
      rmSync(path.join(settings.work, size, "index"), { recursive: true, force: true });
      for (const environment of environments) {
        const rows = [];
        for (const file of files) {
          say(`${environment} ${size}: ${path.basename(file, ".mjs")}`);
          const key = `${environment} ${file}`;
          if (!tooSlow.has(key)) tooSlow.set(key, new Map());
          const row = await measureEngine(environment, file, size, settings, chromium, tooSlow.get(key));
          if (row.error) say(`  failed: ${row.error}`);
          noteTooSlow(row, tooSlow.get(key), settings.options["budget-s"]);
          rows.push(row);
          writeFileSync(path.join(settings.results, `${environment}-${size}.json`), JSON.stringify(rows, null, 1) + "\n");
        }
      }
    }
  } finally {
    await chromium?.close();
  }
  if (options.relevance) {
    writeFileSync(path.join(settings.results, "relevance.json"), JSON.stringify(await relevance(files, settings), null, 1) + "\n");
  }
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    elapsed_s: Math.round((Date.now() - started) / 1000),
    machine: machine(loadStart),
    versions: { node: process.version, chromium: chromium?.version ?? null, emscripten: emscriptenVersion(), packages: await packageVersions(files) },
    commands: options.commands ? readFileSync(options.commands, "utf8").split("\n").filter(Boolean) : [],
    sizes, environments,
    settings: {
      passes: Number(options.passes), builds: Number(options.builds), loads: Number(options.loads),
      budget_s: Number(options["budget-s"]), build_budget_s: Number(options["build-budget-s"]),
      relevance_budget_s: Number(options["relevance-budget-s"]), queries: settings.counts,
      node_flags: NODE_FLAGS,
    },
  };
  writeFileSync(path.join(settings.results, "meta.json"), JSON.stringify(meta, null, 1) + "\n");
}

main().catch((error) => {
  console.error(error.stack ?? String(error));
  process.exit(1);
});
