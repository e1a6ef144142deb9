/**
 * The peer bench's results file and charts, from the folder run.sh fills: meta.json, one
 * `${environment}-${size}.json` per environment and size (one object per engine) and
 * relevance.json. Writes the Markdown (machine, commands, method, the goals checked, one table
 * per size and environment, memory, hits, relevance) and latency.svg, build.svg, size.svg and
 * ndcg.svg, which the Markdown embeds by their path relative to it.
 *
 *   node bench/peers/report.mjs RESULTS OUT.md SVG_DIR
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildChart, bytesText, latencyChart, mb, ndcgChart, sizeChart, significant } from "./charts.mjs";

const SUBJECT = "paperfeed";
/** The issue's goal: ahead of these on every metric at these sizes, and higher nDCG@10 … */
const AHEAD_OF = ["MiniSearch", "Lunr", "Orama", "Fuse.js"];
const GOAL_SIZES = ["10k", "100k"];
/** … and within 2× of this one's query p50. */
const WITHIN_TWICE_OF = "FlexSearch (ranked)";
const ENVIRONMENT_NAMES = { node: "Node", chromium: "Chromium" };

/** @returns {object|null} the parsed JSON file, null when it does not exist */
function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

/** The environment's name as the tables say it, with its version. */
function environmentName(environment, meta) {
  const version = meta.versions?.[environment];
  const name = ENVIRONMENT_NAMES[environment] ?? environment;
  return version ? `${name} ${String(version).replace(/^v/, "").split(".")[0]}` : name;
}

/**
 * Every results file of the run. A Chromium record without its gzip size takes Node's for the
 * same engine and size when the serialized bytes are as many (run.sh gzips the same bytes once).
 * @returns {Map<string, Map<string, Array<object>>>} environment → size → records
 */
function readResults(dir, meta) {
  const results = new Map(meta.environments.map((environment) => [environment, new Map()]));
  for (const [environment, bySize] of results) {
    for (const size of meta.sizes) {
      const records = readJson(path.join(dir, `${environment}-${size}.json`));
      if (records) bySize.set(size, records);
    }
  }
  for (const [environment, bySize] of results) {
    if (environment === "node") continue;
    for (const [size, records] of bySize) {
      for (const record of records.filter((r) => r.serialized_gzip_bytes === null || r.serialized_gzip_bytes === undefined)) {
        const inNode = results.get("node")?.get(size)?.find((r) => r.engine === record.engine);
        if (inNode && inNode.serialized_bytes === record.serialized_bytes) record.serialized_gzip_bytes = inNode.serialized_gzip_bytes ?? null;
      }
    }
  }
  return results;
}

/** The engines in the order they first appear, paperfeed first. */
function engineOrder(results, relevance) {
  const names = new Set([SUBJECT]);
  for (const bySize of results.values()) for (const records of bySize.values()) for (const r of records) names.add(r.engine);
  for (const r of relevance) names.add(r.engine);
  return [...names];
}

/** The records in the engines' order. */
function ordered(records, engines) {
  return engines.map((engine) => records.find((r) => r.engine === engine)).filter(Boolean);
}

/** "6 min 42 s", "1 h 05 min". */
function duration(seconds) {
  if (seconds === null || seconds === undefined) return "an unrecorded time";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** A Markdown table row. */
const row = (cells) => `| ${cells.map((cell) => String(cell).replace(/\|/g, "\\|")).join(" | ")} |`;

/** The separator row of a table whose first `text` columns are text and the rest figures. */
const alignment = (text, figures) => `|${"---|".repeat(text)}${"--:|".repeat(figures)}`;

/** A fixed-decimals figure for scores. */
const score = (value) => (value === null || value === undefined ? "—" : value.toFixed(3));

/**
 * Cells of one column of figures, the best in bold (every cell that reads as the best does).
 * A column has parts (e.g. p50 and p99), each formatted and bolded on its own, joined by " / ".
 * @param {Array<object>} records
 * @param {{parts: Array<(r: object) => number|null>, format: (v: number|null) => string,
 *   best: "lowest"|"highest", suffix?: (r: object) => string}} column
 * @returns {string[]} one cell per record
 */
function columnCells(records, column) {
  const parts = column.parts.map((figure) => {
    const values = records.map((r) => figure(r) ?? null);
    const present = values.filter((v) => v !== null);
    const best = present.length ? (column.best === "highest" ? Math.max(...present) : Math.min(...present)) : null;
    const bestText = best === null ? null : column.format(best);
    return values.map((v) => {
      const text = column.format(v);
      return v !== null && present.length > 1 && text === bestText ? `**${text}**` : text;
    });
  });
  return records.map((r, i) => parts.map((cells) => cells[i]).join(" / ") + (column.suffix?.(r) ?? ""));
}

/** A table of records (one row each, named by engine) and columns of figures. */
function figureTable(records, columns) {
  const cells = columns.map((column) => columnCells(records, column));
  return [
    row(["engine", ...columns.map((c) => c.name)]),
    alignment(1, columns.length),
    ...records.map((r, i) => row([r.engine, ...cells.map((column) => column[i])])),
  ];
}

/** " (12 of 100)" when a budget cut the kind's queries. */
function cutText(figures) {
  return figures && figures.of > figures.queries ? ` (${figures.queries} of ${figures.of})` : "";
}

/** The columns of a size's table: build, bytes, load, memory, then p50 / p99 per query kind. */
function speedColumns(kinds) {
  const lowest = (name, parts, format, suffix) => ({ name, parts, format, best: "lowest", suffix });
  return [
    lowest("build ms", [(r) => r.build_ms], significant),
    lowest("index", [(r) => r.serialized_bytes], bytesText),
    lowest("gzipped", [(r) => r.serialized_gzip_bytes], bytesText),
    lowest("load ms", [(r) => r.load_ms], significant),
    lowest("memory MB built / loaded", [(r) => mb(r.memory?.total), (r) => mb(r.loaded_memory?.total)], significant),
    ...kinds.map((kind) => lowest(`${kind} p50 / p99 ms`,
      [(r) => r.queries?.[kind]?.p50_ms, (r) => r.queries?.[kind]?.p99_ms], significant, (r) => cutText(r.queries?.[kind]))),
  ];
}

/** The errors and notes of the records, one bullet each, the engine named. */
function notesOf(records) {
  const lines = [];
  for (const r of records) {
    if (r.error) lines.push(`- ${r.engine} did not finish: ${r.error}; the figures it has not got are "—".`);
    for (const note of r.notes ?? []) lines.push(`- ${note.startsWith(r.engine) ? note : `${r.engine}: ${note}`}`);
  }
  return lines;
}

/** The number of papers a size indexed, from its records. */
function papersAt(results, size) {
  for (const bySize of results.values()) {
    const found = bySize.get(size)?.find((r) => r.papers);
    if (found) return found.papers;
  }
  return null;
}

/** The title and when the run was. */
function title(meta) {
  return [
    "# Peers: paperfeed's WebAssembly module against JavaScript search libraries", "",
    `Written by \`bench/peers/report.mjs\` from a \`bench/peers/run.sh\` run on ${meta.date}; the whole run took ${duration(meta.elapsed_s)}.`, "",
  ];
}

/** The machine, versions and commands of the run. */
function machine(meta) {
  const m = meta.machine ?? {};
  const v = meta.versions ?? {};
  const packages = Object.entries(v.packages ?? {}).map(([name, version]) => `${name} ${version}`).join(", ");
  return [
    "## Machine", "",
    `- CPU: ${m.cpu ?? "—"}, ${m.cores ?? "—"} cores available; RAM: ${m.ram_gib ?? "—"} GiB`,
    `- Load average at the start: ${m.load_start ?? "—"}, at the end: ${m.load_end ?? "—"}`,
    `- Node ${v.node ?? "—"}, Chromium ${v.chromium ?? "—"} (headless, --disable-gpu), Emscripten ${v.emscripten ?? "—"}`,
    `- Packages: ${packages || "—"}`, "",
    "## Commands", "",
    "```",
    ...(meta.commands ?? []),
    "```", "",
  ];
}

/** The method, in words made from the run's settings. */
function method(meta, results, engines, setups, relevance) {
  const s = meta.settings ?? {};
  const counts = Object.entries(s.queries ?? {}).map(([kind, n]) => `${n} ${kind}`).join(", ");
  const sizes = meta.sizes.map((size) => {
    const papers = papersAt(results, size);
    return papers ? `**${size}** (${papers.toLocaleString("en-US")} papers)` : `**${size}**`;
  }).join(", ");
  return [
    "## Method", "",
    `Every engine indexes the same records (title, authors, abstract and categories of paperfeed's canonical JSON) and`,
    `answers the same queries (${counts}): the relevance collections' natural-language queries, 1–3 words from real`,
    "titles, prefixes of 3–5 letters, the longest word of each words query with one edit (typo: a letter dropped, doubled",
    "or replaced), and two adjacent title words as a quoted phrase",
    "where the engine has phrase search. Each engine, phase and size runs in its own process (Node) or fresh page",
    `(Chromium). Sizes: ${sizes}. **Build**: the median of ${s.builds} builds from records in memory (fewer when one`,
    `takes longer than the ${s.build_budget_s ?? s.budget_s} s budget). **Index** bytes: the serialized index, and gzipped (level 9; measured`,
    `once, the bytes are the same in both environments). **Load**: the median of ${s.loads} loads of the serialized`,
    "index. **Memory**: the JS heap plus WebAssembly memory after a forced garbage collection, over the baseline taken",
    "before, once the index is built (the records dropped) and once it is loaded from its serialized form.",
    `**Latency**: the top 10; every query once to warm up, then ${s.passes} timed passes; a query's time is the median`,
    "of its passes and the tables give the p50 and p99 of those medians per kind. Each kind has a budget of",
    `${s.budget_s} s: the warm-up pass stops after its share of it (1 / (passes + 1)) and the timed passes, over the`,
    `queries it reached ("12 of 100"), stop when the kind has used it, after one pass at least. **Relevance**: each`,
    `engine's top 100 per query on the collections (${collectionNames(relevance)}), within a budget of ${s.relevance_budget_s ?? "—"} s per engine and collection, scored by`,
    "`relevance_bench` with the definitions of [relevance.md](relevance.md) (nDCG@10 and Recall@100 as trec_eval's",
    "`ndcg_cut.10` and `recall.100` with `-c`). Best figure per column in **bold**; \"—\" is not measured or not",
    "applicable.", "",
    "How each engine is set up:", "",
    ...engines.filter((engine) => setups.has(engine)).map((engine) => `- **${engine}**: ${setupText(setups.get(engine), meta)}`), "",
  ];
}

/**
 * Each engine's set-up sentences and the environments that said them.
 * @returns {Map<string, Map<string, Set<string>>>} engine → sentence → environments
 */
function setupsOf(results) {
  const setups = new Map();
  for (const [environment, bySize] of results) {
    for (const records of bySize.values()) {
      for (const r of records.filter((record) => record.setup)) {
        if (!setups.has(r.engine)) setups.set(r.engine, new Map());
        const sentences = setups.get(r.engine);
        if (!sentences.has(r.setup)) sentences.set(r.setup, new Set());
        sentences.get(r.setup).add(environment);
      }
    }
  }
  return setups;
}

/** One engine's set-up: its sentence, or each environment's when they differ. */
function setupText(sentences, meta) {
  if (sentences.size === 1) return [...sentences.keys()][0];
  return [...sentences].map(([sentence, environments]) =>
    `${[...environments].map((e) => environmentName(e, meta)).join(", ")}: ${sentence}`).join(" ");
}

/** The speed, size and memory tables: one per size and environment, with notes. */
function speedSection(meta, results, engines, kinds, charts) {
  const lines = ["## Build, size, load, memory and latency", "", ...charts, ""];
  for (const size of meta.sizes) {
    const papers = papersAt(results, size);
    lines.push(`### ${size}${papers ? ` (${papers.toLocaleString("en-US")} papers)` : ""}`, "");
    if (![...results.values()].some((bySize) => bySize.has(size))) lines.push("No results at this size.", "");
    for (const [environment, bySize] of results) {
      const records = bySize.get(size);
      if (!records) continue;
      const sorted = ordered(records, engines);
      lines.push(`#### ${environmentName(environment, meta)}`, "", ...figureTable(sorted, speedColumns(kinds)), "");
      const notes = notesOf(sorted);
      if (notes.length) lines.push(...notes, "");
    }
  }
  return lines;
}

/** Memory split into heap and WebAssembly, per size, engine and environment. */
function memorySection(meta, results, engines) {
  const environments = [...results.keys()];
  const split = (memory) => {
    if (!memory) return "—";
    return memory.wasm ? `${significant(mb(memory.heap))} + ${significant(mb(memory.wasm))}` : significant(mb(memory.heap));
  };
  const lines = [
    "## Memory: JS heap + WebAssembly", "",
    "MB over the baseline after a forced garbage collection, once built and once loaded: the JS heap, plus the",
    "WebAssembly memory (\"heap + wasm\") for an engine that has some.", "",
    row(["size", "engine", ...environments.flatMap((e) => [`${environmentName(e, meta)} built`, `${environmentName(e, meta)} loaded`])]),
    alignment(2, environments.length * 2),
  ];
  for (const size of meta.sizes) {
    for (const engine of engines) {
      const records = environments.map((e) => results.get(e).get(size)?.find((r) => r.engine === engine));
      if (!records.some(Boolean)) continue;
      lines.push(row([size, engine, ...records.flatMap((r) => [split(r?.memory), split(r?.loaded_memory)])]));
    }
  }
  return [...lines, ""];
}

/** Mean hits per query (of the top 10) per size, engine and kind; Chromium's figure beside Node's when it differs. */
function hitsSection(meta, results, engines, kinds) {
  const environments = [...results.keys()];
  const lines = [
    "## Hits per query", "",
    `Mean number of hits returned per query (at most 10) in ${environmentName(environments[0], meta)}; another environment's figure follows in`,
    "parentheses where it differs. Engines match differently (all words or any, stemming, fuzziness), so few hits can",
    "mean a fast but narrow answer.", "",
    row(["size", "engine", ...kinds]), alignment(2, kinds.length),
  ];
  const hits = (r, kind) => r?.queries?.[kind]?.mean_hits ?? null;
  for (const size of meta.sizes) {
    for (const engine of engines) {
      const records = environments.map((e) => results.get(e).get(size)?.find((r) => r.engine === engine));
      if (!records.some(Boolean)) continue;
      lines.push(row([size, engine, ...kinds.map((kind) => {
        const [first, ...others] = records.map((r) => hits(r, kind));
        const differing = others.map((v, i) => [ENVIRONMENT_NAMES[environments[i + 1]] ?? environments[i + 1], v])
          .filter(([, v]) => v !== null && first !== null && v.toFixed(1) !== first.toFixed(1))
          .map(([name, v]) => `${name} ${v.toFixed(1)}`);
        return (first === null ? "—" : first.toFixed(1)) + (differing.length ? ` (${differing.join(", ")})` : "");
      })]));
    }
  }
  return [...lines, ""];
}

/** The names of the collections scored, "cranfield, cisi, …", or "none". */
function collectionNames(relevance) {
  return collectionsOf(relevance).map((c) => c.name).join(", ") || "none";
}

/** The collections of relevance.json in order, with their query counts. */
function collectionsOf(relevance) {
  const collections = new Map();
  for (const r of relevance) {
    if (!collections.has(r.collection) || (r.queries && !collections.get(r.collection))) collections.set(r.collection, r.queries ?? null);
  }
  return [...collections].map(([name, queries]) => ({ name, queries }));
}

/**
 * Relevance figures looked up by engine and collection, and their means over every collection.
 * `own` finds an engine's own row; `sameQueries` paperfeed's row cut to the queries a budget let
 * that engine answer (run.mjs scores it beside every run cut short).
 */
function relevanceLookup(relevance, collections) {
  const find = (engine, collection) => relevance.find((r) => r.engine === engine && r.collection === collection && !r.same_queries_as);
  const sameQueries = (engine, collection) => relevance.find((r) => r.same_queries_as === engine && r.collection === collection) ?? null;
  const figure = (name) => (engine, collection) => find(engine, collection)?.[name] ?? null;
  const average = (values) => (values.length && values.every((v) => v !== null) ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const mean = (name) => (engine) => average(collections.map((c) => figure(name)(engine, c.name)));
  /** paperfeed's mean over the queries `rival` answered: its cut row where the rival's run was cut, else its own. */
  const meanOnQueriesOf = (rival) => average(collections.map((c) => (sameQueries(rival, c.name) ?? find(SUBJECT, c.name))?.ndcg10 ?? null));
  return {
    own: find, sameQueries, ndcg: figure("ndcg10"), recall: figure("recall100"),
    meanNdcg: mean("ndcg10"), meanRecall: mean("recall100"), meanOnQueriesOf,
    cut: (engine, collection) => Boolean(find(engine, collection)?.ran < find(engine, collection)?.of),
  };
}

/** " (120 of 225 queries)" when the relevance budget cut the run. */
function ranText(row) {
  return row && row.ran < row.of ? ` (${row.ran} of ${row.of} queries*)` : "";
}

/** The relevance table: engines × collections, nDCG@10 / Recall@100, and their means. */
function relevanceSection(relevance, engines, charts, budget) {
  if (!relevance.length) return ["## Relevance", "", "No relevance.json: nothing scored.", ""];
  const collections = collectionsOf(relevance);
  const look = relevanceLookup(relevance, collections);
  const scored = engines.filter((engine) => relevance.some((r) => r.engine === engine));
  const records = scored.map((engine) => ({ engine }));
  const highest = (name, parts) => ({ name, parts, format: score, best: "highest" });
  const columns = [
    ...collections.map((c) => ({ ...highest(c.queries ? `${c.name} (${c.queries} judged)` : c.name,
      [(r) => look.ndcg(r.engine, c.name), (r) => look.recall(r.engine, c.name)]), suffix: (r) => ranText(look.own(r.engine, c.name)) })),
    { ...highest("mean", [(r) => look.meanNdcg(r.engine), (r) => look.meanRecall(r.engine)]),
      suffix: (r) => (collections.some((c) => look.cut(r.engine, c.name)) ? "*" : "") },
  ];
  const cuts = relevance.filter((r) => r.ran < r.of && !r.same_queries_as).map((r) => {
    const ours = look.sameQueries(r.engine, r.collection);
    return `- ${r.engine} on ${r.collection}: ${r.ran} of ${r.of} queries within the ${budget} s budget; the queries it did not reach ` +
      `count as 0. ${SUBJECT} on those same ${r.ran} queries, scored the same way: ${score(ours?.ndcg10 ?? null)} / ${score(ours?.recall100 ?? null)}.`;
  });
  return [
    "## Relevance", "", ...charts, "",
    "nDCG@10 / Recall@100 per collection, and their mean over the collections (\"—\" when an engine has no score on one of them).",
    "A figure marked * is over the queries a run reached within its budget (below).", "",
    ...figureTable(records, columns), "", ...cuts, ...(cuts.length ? [""] : []),
  ];
}

/**
 * A check's cell: met / MISSED with paperfeed's figure first (and the ratio when asked), or
 * "not measured" with why. Figures that read the same at the precision shown say so.
 */
function checkCell(check) {
  if (check.ours === null || check.theirs === null) return { state: "not measured", text: `not measured${check.why ? ` (${check.why})` : ""}` };
  const met = check.met(check.ours, check.theirs);
  const [ours, theirs] = [check.format(check.ours), check.format(check.theirs)];
  const notes = [
    check.ratio ? `${(check.ours / check.theirs).toFixed(2)}×` : null,
    ours === theirs && check.ours !== check.theirs ? "equal to 3 digits" : null,
  ].filter(Boolean);
  const figures = `${ours}${check.oursCut ? "*" : ""} vs ${theirs}${check.theirsCut ? "*" : ""}`;
  return { state: met ? "met" : "MISSED", text: `${met ? "met" : "**MISSED**"} ${figures}${notes.length ? ` (${notes.join(", ")})` : ""}` };
}

/** The metrics the goal compares: name, the record's figure, its format, and for latency the kind and percentile. */
function goalMetrics(kinds) {
  return [
    ["build ms", (r) => r?.build_ms, significant],
    ["index bytes", (r) => r?.serialized_bytes, bytesText],
    ["gzipped bytes", (r) => r?.serialized_gzip_bytes, bytesText],
    ["load ms", (r) => r?.load_ms, significant],
    ["memory built MB", (r) => mb(r?.memory?.total), significant],
    ["memory loaded MB", (r) => mb(r?.loaded_memory?.total), significant],
    ...kinds.flatMap((kind) => ["p50", "p99"].map((p) => [`${kind} ${p} ms`, (r) => r?.queries?.[kind]?.[`${p}_ms`], significant, kind, p])),
  ].map(([name, figure, format, kind, percentile]) => ({ name, figure: (r) => figure(r) ?? null, format, kind, percentile }));
}

/** Why a record's figure is missing: no record, its error, or a kind it cannot answer; null if none of these. */
function missingWhy(record, kind) {
  if (!record) return "no results";
  if (record.error) return record.error;
  const skipped = kind && (record.notes ?? []).find((note) => note.startsWith(`${kind}: not run at`));
  if (skipped) return skipped.slice(kind.length + 2);
  if (kind && record.queries && record.queries[kind] === null) return `no ${kind} search`;
  return null;
}

/** The goal table of one environment and size; counts its checks into `tally`. */
function goalTable(records, kinds, tally) {
  const ours = records.find((r) => r.engine === SUBJECT);
  const flex = records.find((r) => r.engine === WITHIN_TWICE_OF);
  const lines = [row(["metric", ...AHEAD_OF, `${WITHIN_TWICE_OF}: p50 within 2×`]), alignment(1, AHEAD_OF.length + 1)];
  for (const metric of goalMetrics(kinds)) {
    const cut = (r) => metric.kind && r?.queries?.[metric.kind] && r.queries[metric.kind].of > r.queries[metric.kind].queries;
    const oursWhy = missingWhy(ours, metric.kind);
    const check = (theirs, met, ratio) => {
      const cell = checkCell({
        ours: metric.figure(ours), theirs: metric.figure(theirs), format: metric.format, met, ratio,
        oursCut: cut(ours), theirsCut: cut(theirs),
        why: oursWhy ? `${SUBJECT}: ${oursWhy}` : missingWhy(theirs, metric.kind),
      });
      tally[cell.state] += 1;
      return cell.text;
    };
    const cells = AHEAD_OF.map((engine) => check(records.find((r) => r.engine === engine), (a, b) => a < b, false));
    const flexCell = metric.percentile === "p50" ? check(flex, (a, b) => a <= 2 * b, true) : "";
    lines.push(row([metric.name, ...cells, flexCell]));
  }
  return lines;
}

/** The relevance goal's table: higher nDCG@10 than each rival per collection and on the mean; counts into `tally`. */
function relevanceGoal(relevance, tally) {
  const collections = collectionsOf(relevance);
  const look = relevanceLookup(relevance, collections);
  const scoredBy = (engine) => relevance.some((r) => r.engine === engine);
  const lines = [row(["nDCG@10", ...AHEAD_OF]), alignment(1, AHEAD_OF.length)];
  // Against a run the budget cut short, paperfeed's figure is over the same queries.
  const rows = [
    ...collections.map((c) => [c.name, (engine) => (look.cut(engine, c.name) ? look.sameQueries(engine, c.name)?.ndcg10 ?? null : look.ndcg(SUBJECT, c.name)),
      (engine) => look.ndcg(engine, c.name), (engine) => look.cut(engine, c.name)]),
    ["mean", (engine) => look.meanOnQueriesOf(engine), look.meanNdcg, (engine) => collections.some((c) => look.cut(engine, c.name))],
  ];
  for (const [name, oursAgainst, theirs, cut] of rows) {
    lines.push(row([name, ...AHEAD_OF.map((engine) => {
      const cell = checkCell({
        ours: oursAgainst(engine), theirs: theirs(engine), format: score, met: (a, b) => a > b, oursCut: cut(engine), theirsCut: cut(engine),
        why: scoredBy(SUBJECT) ? (scoredBy(engine) ? "not scored" : "no run") : `no ${SUBJECT} run`,
      });
      tally[cell.state] += 1;
      return cell.text;
    })]));
  }
  return lines;
}

/** "3 met, 1 MISSED, 2 not measured". */
function tallyText(tally) {
  return `${tally.met} met, ${tally.MISSED} MISSED, ${tally["not measured"]} not measured`;
}

/** The goals section: every check computed from the figures, per environment and size. */
function goalsSection(meta, results, relevance, kinds) {
  const total = { met: 0, MISSED: 0, "not measured": 0 };
  const body = [];
  const add = (tally) => { for (const state of Object.keys(total)) total[state] += tally[state]; };
  for (const [environment, bySize] of results) {
    for (const size of GOAL_SIZES) {
      const tally = { met: 0, MISSED: 0, "not measured": 0 };
      const records = bySize.get(size);
      const table = goalTable(records ?? [], kinds, tally);
      add(tally);
      body.push(`### ${environmentName(environment, meta)}, ${size}: ${tallyText(tally)}`, "",
        ...(records ? table : [`No results file (\`${environment}-${size}.json\`): nothing measured.`]), "");
    }
  }
  const tally = { met: 0, MISSED: 0, "not measured": 0 };
  const table = relevanceGoal(relevance, tally);
  add(tally);
  body.push(`### Relevance: ${tallyText(tally)}`, "", ...(relevance.length ? table : ["No relevance.json: nothing scored."]), "");
  return [
    "## Goals, checked from this run's figures", "",
    `The goal: ${SUBJECT}'s wasm build ahead of ${AHEAD_OF.join(", ")} on every metric at ${GOAL_SIZES.join(" and ")} papers`,
    "(build, index bytes and gzipped, load, memory built and loaded, each kind's p50 and p99: lower is ahead), with a",
    `higher nDCG@10 than each of them (per collection and on the mean); against ${WITHIN_TWICE_OF} within 2× on each kind's`,
    `query p50. Each cell gives ${SUBJECT}'s figure first; \"not measured\" where either figure is missing, never met. A`,
    "figure marked * is over part of the kind's queries (the budget cut it; see the notes under the tables).", "",
    `**All checks: ${tallyText(total)}.**`, "",
    ...body,
  ];
}

/** The environment and size the latency chart shows: Chromium at 100k, else the largest size present. */
function latencyChoice(meta, results) {
  const environment = results.has("chromium") ? "chromium" : [...results.keys()].at(-1);
  const bySize = results.get(environment);
  const size = bySize.has("100k") ? "100k" : [...meta.sizes].reverse().find((s) => bySize.has(s));
  return { environment, size };
}

/** Writes the four charts and returns their Markdown images, by section. */
function writeCharts(meta, results, relevance, engines, kinds, svgDir, outFile) {
  mkdirSync(svgDir, { recursive: true });
  const link = (name, alt) => `![${alt}](${path.relative(path.dirname(outFile), path.join(svgDir, name)).split(path.sep).join("/")})`;
  const images = { speed: [], relevance: [] };
  const write = (name, svg, alt, section) => {
    writeFileSync(path.join(svgDir, name), svg);
    images[section].push(link(name, alt));
  };
  const latency = latencyChoice(meta, results);
  if (latency.size) {
    write("latency.svg", latencyChart({
      environment: environmentName(latency.environment, meta), size: latency.size, papers: papersAt(results, latency.size), kinds,
      records: ordered(results.get(latency.environment).get(latency.size), engines),
    }), `Query latency p50 and p99 per engine, ${environmentName(latency.environment, meta)}, ${latency.size}`, "speed");
  }
  const buildEnvironment = results.has("node") ? "node" : [...results.keys()][0];
  const sizes = meta.sizes.filter((size) => results.get(buildEnvironment).has(size))
    .map((size) => ({ size, papers: papersAt(results, size), records: ordered(results.get(buildEnvironment).get(size), engines) }));
  if (sizes.length) {
    write("build.svg", buildChart({ environment: environmentName(buildEnvironment, meta), sizes }),
      `Index build time per engine and size, ${environmentName(buildEnvironment, meta)}`, "speed");
    const largest = sizes.find((s) => s.size === "100k") ?? sizes.at(-1);
    write("size.svg", sizeChart({ environment: environmentName(buildEnvironment, meta), ...largest }),
      `Serialized index size per engine, ${largest.size}`, "speed");
  }
  if (relevance.length) {
    const collections = collectionsOf(relevance);
    const look = relevanceLookup(relevance, collections);
    const scored = engines.filter((engine) => relevance.some((r) => r.engine === engine));
    const environment = environmentName(relevance[0].environment ?? "node", meta);
    write("ndcg.svg", ndcgChart({ environment, collections, engines: scored, ndcg: look.ndcg, mean: look.meanNdcg }),
      "nDCG@10 per engine and collection", "relevance");
  }
  return images;
}

/** Reads the results folder and writes the Markdown file and the charts. */
function main() {
  const [resultsDir, outFile, svgDir] = process.argv.slice(2);
  if (!svgDir) {
    console.error("usage: node bench/peers/report.mjs RESULTS OUT.md SVG_DIR");
    process.exit(2);
  }
  const meta = readJson(path.join(resultsDir, "meta.json"));
  if (!meta) throw new Error(`${resultsDir}/meta.json: not found`);
  const results = readResults(resultsDir, meta);
  const relevance = readJson(path.join(resultsDir, "relevance.json")) ?? [];
  const engines = engineOrder(results, relevance);
  const kinds = Object.keys(meta.settings?.queries ?? {});
  const images = writeCharts(meta, results, relevance, engines, kinds, svgDir, outFile);
  const lines = [
    ...title(meta),
    ...goalsSection(meta, results, relevance, kinds),
    ...machine(meta),
    ...method(meta, results, engines, setupsOf(results), relevance),
    ...speedSection(meta, results, engines, kinds, images.speed),
    ...memorySection(meta, results, engines),
    ...hitsSection(meta, results, engines, kinds),
    ...relevanceSection(relevance, engines, images.relevance, meta.settings?.relevance_budget_s),
  ];
  writeFileSync(outFile, lines.join("\n"));
}

main();
