/**
 * A small run of the peer bench end to end (bench/peers/run.sh): 300 real papers, a few queries
 * of each kind, one pass, Node and Chromium, every engine, relevance on Cranfield. Checks that
 * every engine answered everywhere, that the figures hang together, and that the report and the
 * charts were written; never how fast anything was. Skipped without the corpora.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const corpora = path.resolve(repo, "../shared/corpora");
const COUNTS = { natural: 4, words: 6, prefix: 6, typo: 6, phrase: 6 };
const engineFiles = readdirSync(path.join(repo, "bench/peers/engines")).filter((name) => name.endsWith(".mjs"));

describe("peer bench smoke run", { skip: existsSync(corpora) ? false : `${corpora} is absent` }, () => {
  let folder;
  let run;
  const read = (name) => JSON.parse(readFileSync(path.join(folder, "keep/results", name), "utf8"));

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), "peers-smoke-"));
    run = spawnSync(path.join(repo, "bench/peers/run.sh"), [path.join(repo, "build")], {
      encoding: "utf8",
      env: {
        ...process.env, SIZES: "300", COLLECTIONS: "cranfield", BUILDS: "1", LOADS: "2", PASSES: "1", RELEVANCE_BUDGET_S: "20",
        COUNTS: Object.entries(COUNTS).map(([kind, n]) => `${kind}=${n}`).join(","),
        KEEP: path.join(folder, "keep"), OUT: path.join(folder, "peers.md"), CHARTS: path.join(folder, "charts"),
      },
    });
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test("the run succeeds", () => {
    assert.equal(run.status, 0, run.stderr);
  });

  for (const environment of ["node", "chromium"]) {
    test(`${environment}: every engine built, loaded and answered every kind it supports`, () => {
      const rows = read(`${environment}-300.json`);
      assert.equal(rows.length, engineFiles.length);
      assert.equal(rows[0].engine, "paperfeed");
      for (const row of rows) {
        assert.equal(row.error, null, `${row.engine}: ${row.error}`);
        if (row.build_ms === null) {
          assert.equal(environment, "chromium", row.engine);
          assert.match(row.notes.join(" "), /builds its index in Node only/, row.engine);
        } else {
          assert.equal(row.papers, 300, row.engine);
          assert.ok(row.serialized_bytes > 0, row.engine);
          assert.equal(row.memory.total, row.memory.heap + row.memory.wasm, row.engine);
        }
        assert.equal(row.load_runs.length, 2, row.engine);
        assert.equal(row.loaded_memory.total, row.loaded_memory.heap + row.loaded_memory.wasm, row.engine);
        // A JS index lives on the heap. paperfeed's lives in WebAssembly memory, which may not
        // need to grow for 300 papers, and then its heap figure is GC noise around zero.
        if (row.loaded_memory.wasm === 0 && row.engine !== "paperfeed") assert.ok(row.loaded_memory.heap > 0, row.engine);
        const answered = Object.entries(row.queries).filter(([, figures]) => figures !== null);
        assert.ok(answered.length >= 1, row.engine);
        for (const [kind, figures] of answered) {
          assert.equal(figures.queries, COUNTS[kind], `${row.engine} ${kind}`);
          assert.ok(figures.p99_ms >= figures.p50_ms, `${row.engine} ${kind}`);
          assert.ok(figures.mean_hits >= 0 && figures.mean_hits <= 10, `${row.engine} ${kind}`);
        }
      }
    });
  }

  test("paperfeed answers every kind; its WebAssembly memory is counted in whole pages", () => {
    for (const environment of ["node", "chromium"]) {
      const paperfeed = read(`${environment}-300.json`)[0];
      assert.deepEqual(Object.keys(paperfeed.queries).filter((kind) => paperfeed.queries[kind]), Object.keys(COUNTS));
      for (const memory of [paperfeed.memory, paperfeed.loaded_memory]) {
        assert.ok(memory.wasm >= 0 && memory.wasm % 65536 === 0, JSON.stringify(memory));
      }
    }
  });

  test("the serialized index is the same size in Node and in Chromium", () => {
    const node = read("node-300.json");
    const chromium = read("chromium-300.json");
    for (const row of node) {
      const twin = chromium.find((other) => other.engine === row.engine);
      if (twin.serialized_bytes !== null) assert.equal(twin.serialized_bytes, row.serialized_bytes, row.engine);
      assert.ok(row.serialized_gzip_bytes > 0 && row.serialized_gzip_bytes < row.serialized_bytes, row.engine);
    }
  });

  test("relevance: every engine scored on Cranfield, paperfeed at least as good as Xapian", () => {
    const rows = read("relevance.json");
    const score = (engine) => rows.find((row) => row.engine === engine && row.collection === "cranfield" && !row.same_queries_as)?.ndcg10;
    for (const row of read("node-300.json")) assert.equal(typeof score(row.engine), "number", row.engine);
    const xapian = score("Xapian (native C++)");
    assert.ok(score("paperfeed") >= xapian, `${score("paperfeed")} < ${xapian}`);
  });

  test("relevance: a run the budget cut short is scored beside paperfeed's run on the same queries", () => {
    const rows = read("relevance.json");
    const fuse = rows.find((row) => row.engine === "Fuse.js");
    assert.ok(fuse.ran >= 1 && fuse.ran < fuse.of, `Fuse.js ran ${fuse.ran} of ${fuse.of} Cranfield queries in 20 s`);
    const ours = rows.find((row) => row.same_queries_as === "Fuse.js");
    assert.deepEqual([ours.engine, ours.collection, ours.ran, ours.of], ["paperfeed", "cranfield", fuse.ran, fuse.of]);
    const full = rows.find((row) => row.engine === "paperfeed" && !row.same_queries_as);
    assert.ok(ours.ndcg10 < full.ndcg10, "the queries not reached count as 0, so the cut run scores lower");
    assert.match(readFileSync(path.join(folder, "peers.md"), "utf8"), new RegExp(`Fuse\\.js on cranfield: ${fuse.ran} of ${fuse.of} queries`));
  });

  test("the report has the size's tables and the charts are SVG", () => {
    const report = readFileSync(path.join(folder, "peers.md"), "utf8");
    assert.match(report, /300 papers/);
    for (const row of read("node-300.json")) assert.ok(report.includes(row.engine), row.engine);
    const charts = readdirSync(path.join(folder, "charts")).filter((name) => name.endsWith(".svg"));
    assert.ok(charts.length >= 4, charts.join(" "));
    for (const chart of charts) assert.match(readFileSync(path.join(folder, "charts", chart), "utf8"), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});
