/**
 * The measurements of the peer bench, the same code in Node and in Chromium: each phase runs in
 * a fresh process or page, so that what it measures of memory is one engine's alone. The caller
 * gives the way to read the heap after a garbage collection (`heap`), which differs.
 *
 * build phase: the engine's module is made ready (engine.prepare, as a library is by its import)
 * and the baseline taken; the papers are read and turned into what the engine's API takes
 * (engine.input), untimed; the engine builds an index `builds` times (median reported, fewer runs
 * when one takes longer than the build budget), each earlier index freed and dropped first; the
 * last is kept, the papers dropped, and the heap plus WebAssembly memory over the baseline is its
 * memory; then it is serialized.
 * query phase: the serialized index is loaded `loads` times (median); the last one is kept, the
 * serialized form dropped, and its memory measured the same way; then every query runs once to
 * warm up and `passes` times timed, per query the median over the passes, per kind the p50 and
 * p99 of those. A kind that would take longer than the query budget is cut to the queries and
 * passes the budget allowed (the figures say "n of m").
 */
import { KINDS } from "./workload.mjs";

/** The value at fraction p of the values, nearest rank (as bench/web/stats.mjs and search_bench). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

/** Milliseconds `fn` took (awaited), and what it returned. */
async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * The heap figure after a collection, and the engine's WebAssembly bytes at that moment: a
 * baseline, or (with `over`) the figures since that baseline. WebAssembly memory never shrinks,
 * so its part is the high-water mark of what the engine has used since the baseline.
 */
async function memoryFigures(engine, heap, over = null) {
  const now = { heap: await heap(), wasm: engine.wasmBytes ? engine.wasmBytes() : 0 };
  if (!over) return now;
  const used = { heap: now.heap - over.heap, wasm: now.wasm - over.wasm };
  return { ...used, total: used.heap + used.wasm };
}

/** The engine made ready before any baseline: its module loaded, as the JS libraries are by their import. */
async function prepared(engine, context) {
  await engine.prepare?.(context);
  return engine;
}

/**
 * Builds the engine's index of the papers that `readPapers` gives.
 * @param {object} engine an engine description (bench/README.md, "peers")
 * @param {() => Promise<Array<object>>} readPapers reads the papers (after the baseline is taken)
 * @param {{builds: number, buildBudgetMs: number, heap: () => Promise<number>, context: object}} options
 * @returns {Promise<{figures: object, serialized: string|Uint8Array}>}
 */
export async function buildPhase(engine, readPapers, options) {
  await prepared(engine, options.context);
  const baseline = await memoryFigures(engine, options.heap);
  let papers = await readPapers();
  const count = papers.length;
  // What the engine's API takes (paperfeed: JSON lines), made before the clock starts.
  let input = engine.input ? engine.input(papers) : papers;
  papers = null;
  const runs = [];
  let index = null;
  for (let run = 0; run < options.builds; run++) {
    await index?.free?.();
    index = null;
    const built = await timed(() => engine.build(input, options.context));
    index = built.value;
    runs.push(built.ms);
    if (built.ms > options.buildBudgetMs) break;
  }
  input = null;
  const memory = await memoryFigures(index, options.heap, baseline);
  const serialize = await timed(() => index.serialize());
  await index.free?.();
  return {
    figures: { papers: count, build_ms: percentile(runs, 0.5), build_runs: runs, memory, serialize_ms: serialize.ms },
    serialized: serialize.value,
  };
}

/**
 * Loads a serialized index and times the queries on it.
 * @param {object} engine an engine description
 * @param {() => Promise<string|Uint8Array>} readSerialized reads what buildPhase serialized
 * @param {Array<{kind: string, text: string}>} queries
 * @param {{loads: number, passes: number, limit: number, queryBudgetMs: number,
 *   heap: () => Promise<number>, context: object}} options
 * @returns {Promise<object>} load_ms, load_runs, loaded_memory, queries (per kind, null when the
 *   engine cannot answer the kind), notes
 */
export async function queryPhase(engine, readSerialized, queries, options) {
  await prepared(engine, options.context);
  const baseline = await memoryFigures(engine, options.heap);
  let serialized = await readSerialized();
  const runs = [];
  let index = null;
  for (let run = 0; run < options.loads; run++) {
    await index?.free?.();
    index = null;
    const loaded = await timed(() => engine.load(serialized, options.context));
    index = loaded.value;
    runs.push(loaded.ms);
  }
  serialized = null;
  const loadedMemory = await memoryFigures(index, options.heap, baseline);
  const notes = [];
  const perKind = {};
  for (const kind of KINDS) {
    const ofKind = queries.filter((query) => query.kind === kind);
    perKind[kind] = engine.kinds.includes(kind) && ofKind.length > 0
      ? await timeKind(index, ofKind, options, notes)
      : null;
  }
  await index.free?.();
  return { load_ms: percentile(runs, 0.5), load_runs: runs, loaded_memory: loadedMemory, queries: perKind, notes };
}

/** Shortest time one timed sample should last, so that the clock's resolution (5 µs in an isolated page) does not show. */
const SAMPLE_MS = 0.5;

/**
 * One kind's figures within the budget: the warm-up pass stops once it has used its share of the
 * budget (1 / (passes + 1)), and the timed passes over the queries it reached stop once the whole
 * kind has used the budget, after one pass at least — unless the warm-up alone used the whole
 * budget (a query took that long): its queries are then timed by their warm-up runs alone.
 * A query faster than SAMPLE_MS in its warm-up
 * is repeated within each sample until the sample lasts that long (its time is the sample's over
 * the repetitions), the same rule for every engine.
 */
async function timeKind(index, queries, options, notes) {
  const start = performance.now();
  const elapsed = () => performance.now() - start;
  const hits = [];
  const warmups = [];
  const repeats = [];
  for (const query of queries) {
    const begin = performance.now();
    hits.push((await index.search(query, options.limit)).length);
    warmups.push(performance.now() - begin);
    repeats.push(Math.min(1000, Math.max(1, Math.ceil(SAMPLE_MS / Math.max(warmups.at(-1), 0.001)))));
    if (elapsed() > options.queryBudgetMs / (options.passes + 1)) break;
  }
  const kept = queries.slice(0, hits.length);
  // A warm-up that alone used the whole budget (a query slower than the budget) is the only timing.
  const warmupOnly = elapsed() > options.queryBudgetMs;
  const perQuery = warmupOnly ? warmups.map((ms) => [ms]) : kept.map(() => []);
  let passes = 0;
  while (!warmupOnly && passes < options.passes && (passes === 0 || elapsed() < options.queryBudgetMs)) {
    for (let i = 0; i < kept.length; i++) {
      const begin = performance.now();
      for (let repeat = 0; repeat < repeats[i]; repeat++) await index.search(kept[i], options.limit);
      perQuery[i].push((performance.now() - begin) / repeats[i]);
    }
    passes++;
  }
  if (kept.length < queries.length || passes < options.passes) {
    const timing = passes === 0 ? "timed by its warm-up run alone" : `${passes} of ${options.passes} timed passes`;
    notes.push(`${kept[0].kind}: ${kept.length} of ${queries.length} queries, ${timing} (the ${options.queryBudgetMs / 1000} s budget)`);
  }
  const medians = perQuery.map((times) => percentile(times, 0.5));
  return {
    queries: kept.length,
    of: queries.length,
    passes,
    p50_ms: percentile(medians, 0.5),
    p99_ms: percentile(medians, 0.99),
    mean_hits: hits.reduce((sum, n) => sum + n, 0) / hits.length,
  };
}

/**
 * The engine's answers to a relevance collection's queries, as TREC run lines
 * (`qid Q0 docid rank score tag`, score falling with the rank), in query order until the budget
 * is used up.
 * @param {object} engine
 * @param {Array<object>} papers the collection's documents
 * @param {Array<{qid: string, kind: string, text: string}>} queries
 * @param {{limit: number, context: object, tag: string, budgetMs: number}} options
 * @returns {Promise<{run: string, ran: number}>} the run and how many queries it answered
 */
export async function relevanceRun(engine, papers, queries, options) {
  await prepared(engine, options.context);
  const index = await engine.build(engine.input ? engine.input(papers) : papers, options.context);
  const start = performance.now();
  const lines = [];
  let ran = 0;
  for (const query of queries) {
    const ids = await index.search(query, options.limit);
    ids.forEach((id, rank) => lines.push(`${query.qid} Q0 ${id} ${rank + 1} ${options.limit - rank} ${options.tag}`));
    ran++;
    if (performance.now() - start > options.budgetMs) break;
  }
  await index.free?.();
  return { run: lines.join("\n") + "\n", ran };
}
