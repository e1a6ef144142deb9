/**
 * Figures shared by the web bench's scripts: percentiles as search_bench computes them, the
 * workload's query file, and per-kind summaries of per-query times.
 */
import { readFileSync } from "node:fs";

/**
 * The value at fraction p of the values (nearest rank, as search_bench's percentile).
 * @param {number[]} values
 * @param {number} p 0.5 for the median, 0.99 for p99
 * @returns {number} 0 for no values
 */
export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

/** The median (nearest rank) of the values. */
export function median(values) {
  return percentile(values, 0.5);
}

/**
 * The queries of a `search_bench export` queries.tsv, in file order.
 * @param {string} file the path of queries.tsv
 * @returns {Array<{qid: string, kind: string, query: string}>} kind is the qid before its "-N"
 */
export function readQueries(file) {
  return readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => {
    const tab = line.indexOf("\t");
    const qid = line.slice(0, tab);
    return { qid, kind: qid.slice(0, qid.lastIndexOf("-")), query: line.slice(tab + 1) };
  });
}

/**
 * Per query kind, the p50 and p99 of per-query figures.
 * @param {Array<{kind: string}>} queries
 * @param {number[]} figures one per query, same order (a query's median over its runs)
 * @returns {Record<string, {queries: number, p50: number, p99: number}>}
 */
export function byKind(queries, figures) {
  const groups = new Map();
  queries.forEach((query, i) => {
    if (!groups.has(query.kind)) groups.set(query.kind, []);
    groups.get(query.kind).push(figures[i]);
  });
  return Object.fromEntries([...groups].map(([kind, values]) => [kind, summary(values)]));
}

/** The count, p50 and p99 of the values. */
export function summary(values) {
  return { queries: values.length, p50: percentile(values, 0.5), p99: percentile(values, 0.99) };
}

/**
 * Times a query list: `run(query)` once per query as a warm-up pass, then `passes` timed
 * passes; per query the median of each figure over the passes.
 * @param {Array<object>} queries
 * @param {number} passes
 * @param {(query: object) => Record<string, number>} run one run's figures, e.g. {engine, wall}
 * @returns {Record<string, number[]>} figure name → per-query medians
 */
export function timePasses(queries, passes, run) {
  for (const query of queries) run(query);
  const runs = queries.map(() => []);
  for (let pass = 0; pass < passes; pass++) {
    queries.forEach((query, i) => runs[i].push(run(query)));
  }
  const names = Object.keys(runs[0]?.[0] ?? {});
  return Object.fromEntries(names.map((name) => [name, runs.map((r) => median(r.map((figures) => figures[name])))]));
}
