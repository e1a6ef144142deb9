/**
 * The tables of bench/results/bundle.md from the JSON run.sh keeps per corpus, with the goals
 * checked: a bundle smaller than the Hugging Face API's raw JSON of the same papers, and first
 * results within 500 ms for 10k papers.
 *
 *   node bench/bundle/report.mjs WORK_DIR CORPORA_DIR NAME...
 *
 * The API's size per paper is measured on the corpora's Hugging Face daily papers (the API's
 * JSON as archived, and the same JSON without whitespace); for the hf-daily bundle the
 * comparison is with those very files, for the others with that size per paper times the
 * bundle's papers.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const [workDir, corporaDir, ...names] = process.argv.slice(2);
const read = (name) => JSON.parse(readFileSync(path.join(workDir, name), "utf8"));
const fmt = (value, digits = 0) => (value === null || value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits));
const row = (cells) => `| ${cells.join(" | ")} |`;
const lines = [];
const say = (...text) => lines.push(...text);

/** Bytes of the Hugging Face daily papers API JSON in the corpora: as archived and without whitespace. */
function hfApiBytes() {
  const folder = path.join(corporaDir, "hf_daily_papers/api_daily_papers");
  let papers = 0, archived = 0, compact = 0;
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) {
    const text = readFileSync(path.join(folder, file));
    const items = JSON.parse(text);
    papers += items.length;
    archived += text.length;
    compact += Buffer.byteLength(JSON.stringify(items));
  }
  return { papers, archived, compact };
}

const hf = hfApiBytes();
const hfPerPaper = hf.compact / hf.papers;
const runs = names.map((name) => ({ name, ...read(`${name}.bundle.json`), open: read(`${name}.open.json`) }));

say("## Size", "",
  `The Hugging Face API's JSON of its ${hf.papers} daily papers in the corpora: ${fmt(hf.archived / hf.papers)} bytes per paper as archived (indented), ` +
  `${fmt(hfPerPaper)} without whitespace. "API JSON" below is that compact size: for hf-daily the very papers bundled, for the others ${fmt(hfPerPaper)} bytes × papers.`,
  "",
  row(["corpus", "papers", "bundle bytes", "bytes per paper", "API JSON bytes", "bundle ÷ API JSON", "index (.pfi) bytes", "bundle gzip bytes", "written in"]),
  row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]));
for (const run of runs) {
  const html = readFileSync(path.join(workDir, `${run.name}.html`));
  const api = run.name === "hf-daily" ? hf.compact : hfPerPaper * run.papers;
  const ratio = run.open.bytes / api;
  say(row([run.name, run.papers, run.open.bytes, fmt(run.open.bytes / run.papers), fmt(api), `${ratio < 1 ? "**" : ""}${fmt(ratio, 2)}${ratio < 1 ? "**" : ""}`,
    run.index_bytes, gzipSync(html, { level: 6 }).length, `${fmt(run.write_ms / 1000, 1)} s`]));
}
const html = readFileSync(path.join(workDir, `${runs[0].name}.html`), "latin1");
const indexChars = [...html.matchAll(/<script type="application\/octet-stream">([^<]*)<\/script>/g)].reduce((sum, part) => sum + part[1].length, 0);
const fixedBytes = html.length - indexChars;
const largest = runs.reduce((a, b) => (b.papers > a.papers ? b : a));
const perPaper = (largest.open.bytes - fixedBytes) / largest.papers;
say("", `Every bundle carries the page and the engine whatever its papers hold: ${fmt(fixedBytes / 1e3)} KB ` +
  `(the wasm gzip-compressed in base64 is most of it); each paper then adds about ${fmt(perPaper)} bytes (the index, gzip-compressed in base64; ` +
  `measured on ${largest.name}). So a bundle is smaller than the API's JSON of its papers from about ${fmt(fixedBytes / (hfPerPaper - perPaper))} papers on.`);

say("", "## Time to first results", "",
  `Opened from file:// in headless Chromium with the network off (\`offline\` and every non-file/blob/data request aborted), a fresh context each time; medians of ${runs[0].open.opens} opens, milliseconds from the start of navigation. ` +
  "\"First results painted\" is the page's first view, which the bundle holds ready (the engine's answer to it, written by `paperfeed bundle`) and draws while the index is still being read; \"index loaded\" is when the engine has the whole index and the page searches what is typed.",
  "",
  row(["corpus", "papers", "bundle bytes", "file read", "HTML parsed", "worker started", "first results painted", "index loaded (searching)", "requests that left the page"]),
  row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"]));
for (const run of runs) {
  const goal = run.name === "10k" ? (run.open.first_results_painted_ms < 500 ? " (goal < 500: met)" : " (goal < 500: **MISSED**)") : "";
  say(row([run.name, run.papers, run.open.bytes, fmt(run.open.file_read_ms), fmt(run.open.html_parsed_ms), fmt(run.open.worker_started_ms),
    `${fmt(run.open.first_results_painted_ms)}${goal}`, fmt(run.open.index_loaded_ms), run.open.blocked_requests]));
}
console.log(lines.join("\n"));
