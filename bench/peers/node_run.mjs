/**
 * One phase of the peer bench for one engine in Node 20; run.sh starts one process per phase so
 * that each memory figure is that phase's alone. Prints one JSON object.
 *
 *   node --expose-gc bench/peers/node_run.mjs build ENGINE PAPERS.jsonl INDEX_BASE [--builds B] [--build-budget-s S]
 *       builds the index (see measure.mjs) and writes its serialized form to INDEX_BASE.txt
 *       (a string) or INDEX_BASE.bin (bytes); prints the figures, the bytes and gzip'd bytes
 *       (zlib level 9, or the engine's own indexSize()) and the file written.
 *   node --expose-gc bench/peers/node_run.mjs query ENGINE INDEX_FILE QUERIES.tsv [--loads L]
 *       [--passes P] [--budget-s S] [--limit N] [--counts natural=43,words=100,...]
 *       loads the index and times the queries (measure.mjs).
 *   node bench/peers/node_run.mjs relevance ENGINE COLLECTION_DIR OUT.run [--budget-s S]
 *       writes the TREC run of the collection's queries (top 100) for relevance_bench to score,
 *       the queries in order until S seconds (default 120) are used up; prints how many ran.
 *
 * ENGINE is a file under bench/peers/engines/. The WebAssembly module is build/wasm/paperfeed.mjs.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { buildPhase, queryPhase, relevanceRun } from "./measure.mjs";
import { readBenchQueries, readCollectionQueries, readPapers } from "./workload.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const context = { moduleUrl: pathToFileURL(path.join(repo, "build/wasm/paperfeed.mjs")).href };

/** Bytes of the JS heap in use after two full garbage collections. */
async function heap() {
  if (!globalThis.gc) throw new Error("run node with --expose-gc");
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 0));
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** The options after the positional arguments, `--name value` pairs. */
function options(args) {
  const out = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith("--") || args[i + 1] === undefined) throw new Error(`unexpected argument "${args[i]}"`);
    out[args[i].slice(2)] = args[i + 1];
  }
  return out;
}

/** "natural=43,words=100" as {natural: 43, words: 100}. */
function counts(text) {
  if (!text) return {};
  return Object.fromEntries(text.split(",").map((pair) => {
    const [kind, count] = pair.split("=");
    return [kind, Number(count)];
  }));
}

/** The engine description a file under engines/ exports. */
async function engineAt(file) {
  return (await import(pathToFileURL(path.resolve(file)).href)).default;
}

/** The build phase: figures, bytes and the file the serialized index went to. */
async function build(engineFile, papersFile, indexBase, rest) {
  const flags = options(rest);
  const engine = await engineAt(engineFile);
  const { figures, serialized } = await buildPhase(engine, async () => readPapers(readFileSync(papersFile, "utf8")), {
    builds: Number(flags.builds ?? 3),
    buildBudgetMs: Number(flags["build-budget-s"] ?? 20) * 1000,
    heap,
    context,
  });
  const bytes = typeof serialized === "string" ? Buffer.from(serialized, "utf8") : Buffer.from(serialized);
  const indexFile = `${indexBase}${typeof serialized === "string" ? ".txt" : ".bin"}`;
  writeFileSync(indexFile, bytes);
  const size = engine.indexSize ? await engine.indexSize(bytes) : { bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  return { ...figures, serialized_bytes: size.bytes, serialized_gzip_bytes: size.gzipBytes, index_file: indexFile };
}

/** The query phase on a serialized index. */
async function query(engineFile, indexFile, queriesFile, rest) {
  const flags = options(rest);
  const engine = await engineAt(engineFile);
  const queries = readBenchQueries(readFileSync(queriesFile, "utf8"), counts(flags.counts));
  const readSerialized = async () => (indexFile.endsWith(".txt") ? readFileSync(indexFile, "utf8") : new Uint8Array(readFileSync(indexFile)));
  return queryPhase(engine, readSerialized, queries, {
    loads: Number(flags.loads ?? 3),
    passes: Number(flags.passes ?? 3),
    limit: Number(flags.limit ?? 10),
    queryBudgetMs: Number(flags["budget-s"] ?? 30) * 1000,
    heap,
    context,
  });
}

/** Writes the TREC run of a relevance collection. */
async function relevance(engineFile, collectionDir, outFile, rest) {
  const engine = await engineAt(engineFile);
  const papers = readPapers(readFileSync(path.join(collectionDir, "docs.jsonl"), "utf8"));
  const queries = readCollectionQueries(readFileSync(path.join(collectionDir, "queries.tsv"), "utf8"));
  const budgetMs = Number(options(rest)["budget-s"] ?? 120) * 1000;
  const { run, ran } = await relevanceRun(engine, papers, queries, { limit: 100, context, tag: engine.name.replace(/\W+/g, "-"), budgetMs });
  writeFileSync(outFile, run);
  return { engine: engine.name, collection: path.basename(collectionDir), queries: queries.length, ran };
}

const commands = { build, query, relevance };
const [command, ...args] = process.argv.slice(2);
if (!commands[command] || args.length < 3) {
  console.error("usage: node --expose-gc bench/peers/node_run.mjs build|query|relevance ... (see the file's header)");
  process.exit(2);
}
try {
  console.log(JSON.stringify(await commands[command](args[0], args[1], args[2], args.slice(3))));
} catch (error) {
  console.error(`${command} ${path.basename(args[0])}: ${error.stack ?? error}`);
  process.exit(1);
}
