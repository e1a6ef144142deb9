// Native and wasm give the same answers: the same feeds and a few hundred queries (words,
// phrases, prefixes, fuzzy words, fields, filters, boolean operators; every sort) through the
// native CLI and through the wasm module must return the same ids in the same order, the same
// totals and the same facets. An index written natively loads in wasm and one written by wasm
// loads natively. Feeds: the hand-made fixtures of every format, plus real feeds from
// ../shared/corpora when that folder exists.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "build/bin/paperfeed");
const corpora = join(root, "../shared/corpora");
const { PaperFeed } = await import(new URL("build/wasm/paperfeed.mjs", `file://${root}`));

const sorts = ["relevance", "trending", "recent", "upvotes", "stars"];
const hitsPerQuery = 20;

/** The files of a folder (sorted), the first `count` of them. */
function firstFiles(folder, count) {
  return readdirSync(folder).sort().slice(0, count).map((name) => join(folder, name));
}

/** The feeds of the parity run: every fixture that is a feed, and a slice of the real corpora. */
function parityFeeds() {
  const fixtures = readdirSync(join(root, "tests/data"))
    .filter((name) => !name.startsWith("cli-") && /\.(json|jsonl|xml)$/.test(name))
    .sort().map((name) => join(root, "tests/data", name));
  if (!existsSync(corpora)) {
    console.log("parity: ../shared/corpora is absent: checking the fixtures only");
    return fixtures;
  }
  return [
    ...fixtures,
    join(corpora, "hf-listing/hf-papers-page.txt"),
    ...firstFiles(join(corpora, "hf_daily_papers/api_daily_papers"), 40),
    ...firstFiles(join(corpora, "daily_arxiv_bot/daily-arXiv-ai-enhanced"), 6),
    ...firstFiles(join(corpora, "arxiv_oai_pmh"), 2),
    ...firstFiles(join(corpora, "arxiv_api_atom/xml"), 6),
  ];
}

/** Deterministic queries of every kind, built from the words of the indexed titles. */
function parityQueries(papers) {
  const queries = [
    "", "video diffusion", '"language model"', "diffusion -video", "robot OR robotic", "+transformer attention",
    "has:code", "has:code agent", "year:2024", "year:2021..2023 learning", "upvotes:>=10", "stars:>100 model",
    "date:>=2024-06-01 reasoning", "cat:cs.CV", "cat:cs.CL language", "(vision OR image) AND text",
    "title:(large language)", "abstract:benchmark -survey", "transfomer~", "difusion~2", "reinforc*", "gen*",
    "NOT model", "\"unbalanced quote", "((nested) group", "author:smith", "keyword:llm", "id:2405.00008",
  ];
  const words = (title) => (title.toLowerCase().match(/[a-z]{4,}/g) ?? []);
  const step = Math.max(1, Math.floor(papers.length / 80));
  for (let i = 0; i < papers.length && queries.length < 300; i += step) {
    const w = words(papers[i].title);
    if (w.length < 3) continue;
    queries.push(w[0], `${w[1]} ${w[2]}`, `"${w[0]} ${w[1]}"`, `${w[2].slice(0, 4)}*`);
    if (papers[i].authors.length) queries.push(`author:"${papers[i].authors[0]}"`);
  }
  return queries;
}

/** The CLI's JSON lines for `queries` against the index at `pfi`, by query position. */
function nativeResults(pfi, queries, sort, folder) {
  const tsv = join(folder, "queries.tsv");
  writeFileSync(tsv, queries.map((query, i) => `q${i}\t${query}\n`).join(""));
  const out = execFileSync(cli, ["search", pfi, "--queries", tsv, "--json", "--facets", "--sort", sort, "--limit", String(hitsPerQuery)],
    { maxBuffer: 1 << 30, encoding: "utf8" });
  return out.trim().split("\n").map((line) => JSON.parse(line));
}

/** What must agree between native and wasm: ids in order, total, facets. */
function comparable(results) {
  return { ids: results.hits.map((hit) => hit.id), total: results.total, facets: results.facets };
}

/** Asserts that `pf` answers every query as the CLI does on `pfi`, for every sort. */
function assertSameAnswers(pf, pfi, queries, folder, label) {
  for (const sort of sorts) {
    const native = nativeResults(pfi, queries, sort, folder);
    assert.equal(native.length, queries.length);
    queries.forEach((query, i) => {
      const wasm = pf.search(query, { sort, limit: hitsPerQuery, facets: true });
      assert.deepEqual(comparable(wasm), comparable(native[i]), `${label}, sort ${sort}, query ${JSON.stringify(query)}`);
    });
  }
}

const folder = mkdtempSync(join(tmpdir(), "paperfeed-parity-"));
const feeds = parityFeeds();
const nativePfi = join(folder, "native.pfi");
execFileSync(cli, ["index", ...feeds, "-o", nativePfi], { stdio: ["ignore", "ignore", "pipe"] });

const built = await PaperFeed.load();
for (const feed of feeds) {
  try {
    built.addFeed(readFileSync(feed), { name: feed });
  } catch (error) {
    if (error.name !== "PaperFeedError") throw error;  // the CLI reports the same feed and goes on
  }
}
const papers = built.search("", { sort: "recent", limit: 10000, snippets: false }).hits;
const queries = parityQueries(papers);

test(`the feeds give the same papers (${feeds.length} feeds)`, () => {
  const native = JSON.parse(execFileSync(cli, ["stats", ...feeds], { encoding: "utf8" }));
  assert.equal(built.size, native.papers);
  assert.ok(built.size >= 8);
});

test(`an index built in wasm answers ${queries.length} queries as the native one`, () => {
  assertSameAnswers(built, nativePfi, queries, folder, "wasm-built index");
});

test("an index written natively loads in wasm and answers alike", async () => {
  const loaded = await PaperFeed.load({ index: readFileSync(nativePfi) });
  assert.equal(loaded.size, built.size);
  assertSameAnswers(loaded, nativePfi, queries, folder, "native index in wasm");
  loaded.free();
});

test("an index written by wasm is the native one, byte for byte, and loads natively", () => {
  const exported = built.exportIndex();
  const wasmPfi = join(folder, "wasm.pfi");
  writeFileSync(wasmPfi, exported);
  assert.ok(Buffer.from(exported).equals(readFileSync(nativePfi)), "wasm and native serialize the same papers to the same bytes");
  assertSameAnswers(built, wasmPfi, queries.slice(0, 40), folder, "wasm index in the CLI");
});
