// The JS API (paperfeed.d.ts) on the small golden corpus, once per build variant: the module
// with its .wasm beside it, and the single file with the wasm embedded. Every method, its
// results and its errors (bad options, unknown ids, unreadable feeds, damaged index bytes, use
// after free), plus a load inside a worker thread.

import { describe, test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";

const root = new URL("../../", import.meta.url);
const golden = readFileSync(new URL("tests/data/search-golden.jsonl", root));
const projectVersion = /project\(paperfeed VERSION ([0-9.]+)/.exec(readFileSync(new URL("CMakeLists.txt", root), "utf8"))[1];

const ids = (results) => results.hits.map((hit) => hit.id);

for (const variant of ["paperfeed.mjs", "paperfeed.single.mjs"]) {
  const moduleUrl = new URL(`build/wasm/${variant}`, root);

  describe(variant, () => {
    let api;
    /** A new handle holding the golden corpus. */
    const goldenFeed = async () => {
      const pf = await api.PaperFeed.load();
      pf.addFeed(golden);
      return pf;
    };

    before(async () => {
      api = await import(moduleUrl);
    });

    test("loads empty and reports the project's version", async () => {
      const pf = await api.PaperFeed.load();
      assert.equal(pf.size, 0);
      assert.equal(api.PaperFeed.version, projectVersion);
      assert.equal(pf.search("anything").total, 0);
      pf.free();
    });

    test("addFeed reads bytes, text and ArrayBuffers; the same papers again are merged", async () => {
      const pf = await api.PaperFeed.load();
      assert.deepEqual(pf.addFeed(golden), {
        format: "paperfeed", added: 8, merged: 0, rejected: 0, truncated: false, utf8Repairs: 0, errors: [],
      });
      assert.equal(pf.size, 8);
      const again = pf.addFeed(golden.toString("utf8"), { format: "paperfeed" });
      assert.equal(again.added, 0);
      assert.equal(again.merged, 8);
      const buffer = golden.buffer.slice(golden.byteOffset, golden.byteOffset + golden.byteLength);
      assert.equal(pf.addFeed(buffer).merged, 8);
      assert.equal(pf.size, 8);
      pf.free();
    });

    test("bad records are skipped and named; broken UTF-8 is repaired and counted", async () => {
      const pf = await api.PaperFeed.load();
      const firstLine = golden.toString("utf8").split("\n")[0];
      const report = pf.addFeed(`${firstLine}\n{"id": "2401.00009", "title": 5}\n`, { format: "paperfeed", name: "mine.jsonl" });
      assert.equal(report.added, 1);
      assert.equal(report.rejected, 1);
      assert.equal(report.errors.length, 1);
      assert.equal(report.errors[0].code, "invalid_value");
      assert.equal(report.errors[0].file, "mine.jsonl");
      assert.equal(report.errors[0].line, 2);

      const broken = Buffer.concat([Buffer.from('{"id": "2401.00010", "title": "Caf'), Buffer.from([0xff, 0xfe]), Buffer.from('e"}\n')]);
      const repaired = pf.addFeed(broken, { format: "paperfeed" });
      assert.equal(repaired.added, 1);
      assert.equal(repaired.utf8Repairs, 2);
      assert.equal(pf.get("2401.00010").title, "Caf\uFFFD\uFFFDe");
      pf.free();
    });

    test("a feed that cannot be read throws PaperFeedError with the report of what was read", async () => {
      const pf = await api.PaperFeed.load();
      assert.throws(() => pf.addFeed("hello, no feed here", { name: "notes.txt" }), (error) => {
        assert.ok(error instanceof api.PaperFeedError);
        assert.ok(error instanceof Error);
        assert.equal(error.name, "PaperFeedError");
        assert.equal(error.code, "unknown_format");
        assert.equal(error.file, "notes.txt");
        assert.match(error.message, /^notes\.txt: /);
        assert.equal(error.report.added, 0);
        return true;
      });
      assert.throws(() => pf.addFeed(golden, { format: "rss" }),
        { name: "PaperFeedError", code: "invalid_argument", message: 'unknown format "rss"', offset: null });
      assert.throws(() => pf.addFeed(42), { code: "invalid_argument" });
      assert.equal(pf.size, 0);
      pf.free();
    });

    test("search returns ranked hits, snippets, paging, sorts and facets", async () => {
      const pf = await goldenFeed();
      const results = pf.search('"video diffusion"');
      assert.equal(results.query, '"video diffusion"');
      assert.equal(results.total, 1);
      assert.deepEqual(ids(results), ["2401.00001"]);
      assert.equal(results.hits[0].stars, 1200);
      assert.equal(results.hits[0].snippet.title,
        "<mark>Video</mark> <mark>Diffusion</mark> Models for Long <mark>Video</mark> Generation");
      assert.equal(typeof results.tookMs, "number");
      assert.deepEqual(results.recovered, []);
      assert.equal(results.didYouMean, null);
      assert.equal(results.facets, undefined);

      assert.deepEqual(ids(pf.search("diffusion video")), ["2401.00001", "2405.00008", "2401.00002"]);
      assert.deepEqual(ids(pf.search("", { sort: "recent", limit: 3 })), ["2405.00008", "2404.00006", "2403.00005"]);
      assert.deepEqual(ids(pf.search("", { sort: "recent", limit: 2, offset: 6 })), ["2403.00004", "2404.00007"]);
      // Counts past 32 bits are held, not wrapped, by the 32-bit module: 2^32 + 1 is not 1.
      const everyPaper = ids(pf.search("", { sort: "recent", limit: 100 }));
      assert.deepEqual(ids(pf.search("", { sort: "recent", limit: 2 ** 32 })), everyPaper);
      assert.deepEqual(ids(pf.search("", { sort: "recent", limit: 2 ** 32 + 1, offset: 2 ** 32 + 1 })), []);
      assert.deepEqual(ids(pf.search("video", { sort: "upvotes" })), ["2401.00001", "2405.00008"]);

      const faceted = pf.search("diffusion OR video OR graph", { facets: true, limit: 2, facetLimit: 1 });
      assert.equal(faceted.total, 5);
      assert.equal(faceted.hits.length, 2);
      assert.deepEqual(faceted.facets.categories, [{ value: "cs.CV", count: 2 }]);
      assert.deepEqual(faceted.facets.year, [{ value: "2024", count: 4 }]);

      assert.deepEqual(pf.search("zzzz", { facets: true }).facets, { categories: [], year: [], has_code: [], authors: [] });
      assert.equal(pf.search("diffusion", { snippets: false }).hits[0].snippet.title, "");
      const corrected = pf.search("difusion polices");
      assert.equal(corrected.total, 0);
      assert.equal(corrected.didYouMean, "diffusion policies");
      assert.deepEqual(ids(pf.search("(unbalanced \"quote")), []);
      assert.ok(pf.search("(unbalanced \"quote").recovered.length > 0);
      pf.free();
    });

    test("bad options are PaperFeedErrors, not crashes", async () => {
      const pf = await goldenFeed();
      assert.throws(() => pf.search("video", { sort: "hot" }), {
        name: "PaperFeedError",
        code: "invalid_argument",
        message: 'options: "sort" must be one of "relevance", "trending", "recent", "upvotes", "stars", "citations", got "hot"',
      });
      assert.throws(() => pf.search("video", { limit: -1 }), { code: "invalid_argument" });
      assert.throws(() => pf.search("video", { colour: "red" }), /unknown key "colour"/);
      pf.free();
    });

    test("similar, recommend and suggest", async () => {
      const pf = await goldenFeed();
      const similar = pf.similar("2401.00001", { limit: 3 });
      assert.equal(similar.query, "similar:2401.00001");
      assert.equal(similar.hits[0].id, "2405.00008");
      assert.ok(!ids(similar).includes("2401.00001"));
      assert.throws(() => pf.similar("0000.00000"),
        { code: "invalid_argument", message: "no paper with id 0000.00000 in the index" });

      const recommended = ids(pf.recommend(["2403.00004", "2403.00005", "unknown"]));
      assert.ok(recommended.length > 0);
      assert.ok(!recommended.includes("2403.00004") && !recommended.includes("2403.00005"));
      assert.throws(() => pf.recommend(["unknown"]), { code: "invalid_argument" });
      assert.throws(() => pf.recommend([]), { code: "invalid_argument" });

      assert.deepEqual(pf.suggest("robot vid", 1), [{ query: "robot video", word: "video", papers: 2 }]);
      assert.deepEqual(pf.suggest("zzz"), []);
      assert.throws(() => pf.suggest("robot vid", -1), { code: "invalid_argument" });
      assert.throws(() => pf.suggest("robot vid", "2"), { code: "invalid_argument" });
      assert.throws(() => pf.recommend("2403.00004"), { code: "invalid_argument", message: "expected an array of paper ids" });
      pf.free();
    });

    test("get and exportPapers", async () => {
      const pf = await goldenFeed();
      const record = pf.get("2401.00001");
      assert.equal(record.title, "Video Diffusion Models for Long Video Generation");
      assert.deepEqual(record.authors, ["Ada Lovelace", "Alan Turing"]);
      assert.equal(record.upvotes, 50);
      assert.equal(pf.get("9999.99999"), null);
      assert.equal(pf.get("2401.00001\0trailing"), null, "a NUL does not end the id early");
      assert.equal(pf.search("video\0 has:code").total, pf.search("video\uFFFD has:code").total);
      assert.deepEqual(ids(pf.search("vid\uD800eo")), ids(pf.search("vid\uFFFDeo")));

      const exported = JSON.parse(pf.exportPapers(["2402.00003", "9999.99999", "2401.00001"], "json"));
      assert.deepEqual(exported.map((paper) => paper.id), ["2402.00003", "2401.00001"]);
      assert.match(pf.exportPapers(["2402.00003"], "bibtex"), /^@\w+\{[^]*eprint = \{2402\.00003\}/);
      assert.match(pf.exportPapers(["2402.00003"], "ris"), /^TY {2}- /);
      assert.match(pf.exportPapers([], "csv"), /^id,/);
      assert.throws(() => pf.exportPapers(["2402.00003"], "docx"), { code: "invalid_argument" });
      pf.free();
    });

    test("exportIndex and loadIndex round-trip; damaged bytes are refused and the handle keeps its papers", async () => {
      const pf = await goldenFeed();
      const bytes = pf.exportIndex();
      assert.ok(bytes instanceof Uint8Array);
      assert.equal(new TextDecoder().decode(bytes.subarray(0, 7)), "PFINDEX");
      const copy = await api.PaperFeed.load({ index: bytes });
      assert.equal(copy.size, 8);
      assert.deepEqual(ids(copy.search("diffusion video")), ids(pf.search("diffusion video")));

      const damaged = bytes.slice();
      damaged[damaged.length - 10] ^= 0xff;
      assert.throws(() => copy.loadIndex(damaged), { name: "PaperFeedError", code: "malformed" });
      assert.throws(() => copy.loadIndex(bytes.subarray(0, 20)), { code: "truncated" });
      assert.equal(copy.size, 8);
      await assert.rejects(api.PaperFeed.load({ index: new Uint8Array([1, 2, 3]) }), { name: "PaperFeedError" });

      copy.loadIndex(new Uint8Array(await (await goldenFeed()).exportIndex()).buffer);
      assert.equal(copy.size, 8);
      copy.free();
      pf.free();
    });

    test("a freed handle throws 'freed'; free is idempotent", async () => {
      const pf = await goldenFeed();
      pf.free();
      pf.free();
      assert.throws(() => pf.size, { name: "PaperFeedError", code: "freed" });
      assert.throws(() => pf.search("video"), { code: "freed" });
    });

    test("loads and searches inside a worker thread", async () => {
      const source = `
        import { parentPort, workerData } from "node:worker_threads";
        const { PaperFeed } = await import(workerData.moduleUrl);
        const pf = await PaperFeed.load();
        pf.addFeed(workerData.feed);
        parentPort.postMessage(pf.search("diffusion video").hits.map((hit) => hit.id));`;
      const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`),
        { workerData: { moduleUrl: moduleUrl.href, feed: golden } });
      const message = await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      assert.deepEqual(message, ["2401.00001", "2405.00008", "2401.00002"]);
      await worker.terminate();
    });
  });
}
