/**
 * The measurements of the peer bench, the same code in Node and in Chromium: each phase runs in
 * a fresh process or page, so that what it measures of memory is one engine's alone. The caller
 * gives the way to read the heap after a garbage collection (`heap`), which differs.
 *
 * build phase: the engine builds an index of the papers `builds` times (median reported, fewer
 * runs when one takes longer than the build budget); the last index is kept, the papers dropped,
 * and the heap (plus WebAssembly memory) over the baseline taken before the papers were read is
 * its memory; then it is serialized.
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

/** Heap and WebAssembly bytes over a baseline heap figure. */
async function memoryOver(baseline, engine, heap) {
  const used = (await heap()) - baseline;
  const wasm = engine.wasmBytes ? engine.wasmBytes() : 0;
  return { heap: used, wasm, total: used + wasm };
}

/**
 * Builds the engine's index of the papers that `readPapers` gives.
 * @param {object} engine an engine description (bench/README.md, "peers")
 * @param {() => Promise<Array<object>>} readPapers reads the papers (after the baseline is taken)
 * @param {{builds: number, buildBudgetMs: number, heap: () => Promise<number>, context: object}} options
 * @returns {Promise<{figures: object, serialized: string|Uint8Array}>}
 */
export async function buildPhase(engine, readPapers, options) {
  const baseline = await options.heap();
  let papers = await readPapers();
  const runs = [];
  let index = null;
  for (let run = 0; run < options.builds; run++) {
    await index?.free?.();
    const built = await timed(() => engine.build(papers, options.context));
    index = built.value;
    runs.push(built.ms);
    if (built.ms > options.buildBudgetMs) break;
  }
  const count = papers.length;
  papers = null;
  const memory = await memoryOver(baseline, index, options.heap);
  const serialize = await timed(() => index.serialize());
  await index.free?.();
  return {
    figures: {
      papers: count,
      build_ms: percentile(runs, 0.5),
      build_runs: runs,
      memory,
      serialize_ms: serialize.ms,
    },
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
  const baseline = await options.heap();
  let serialized = await readSerialized();
  const runs = [];
  let index = null;
  for (let run = 0; run < options.loads; run++) {
    await index?.free?.();
    const loaded = await timed(() => engine.load(serialized, options.context));
    index = loaded.value;
    runs.push(loaded.ms);
  }
  serialized = null;
  const loadedMemory = await memoryOver(baseline, index, options.heap);
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

/**
 * One kind's figures within the budget: the warm-up pass stops once it has used its share of the
 * budget (1 / (passes + 1)), and the timed passes over the queries it reached stop once the whole
 * kind has used the budget, after one pass at least.
 */
async function timeKind(index, queries, options, notes) {
  const start = performance.now();
  const elapsed = () => performance.now() - start;
  const hits = [];
  for (const query of queries) {
    hits.push((await index.search(query, options.limit)).length);
    if (elapsed() > options.queryBudgetMs / (options.passes + 1)) break;
  }
  const kept = queries.slice(0, hits.length);
  const perQuery = kept.map(() => []);
  let passes = 0;
  while (passes < options.passes && (passes === 0 || elapsed() < options.queryBudgetMs)) {
    for (let i = 0; i < kept.length; i++) {
      const begin = performance.now();
      await index.search(kept[i], options.limit);
      perQuery[i].push(performance.now() - begin);
    }
    passes++;
  }
  if (kept.length < queries.length || passes < options.passes) {
    notes.push(`${kept[0].kind}: ${kept.length} of ${queries.length} queries, ${passes} of ${options.passes} timed passes (the ${options.queryBudgetMs / 1000} s budget)`);
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
  const index = await engine.build(papers, options.context);
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
