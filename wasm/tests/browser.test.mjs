// The module in a real browser (Debian's Chromium, headless): each variant imported on the
// main thread of a page and inside a module Web Worker answers like it does in Node.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../web/serve.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const chromiumPath = "/usr/bin/chromium";
const golden = readFileSync(new URL("tests/data/search-golden.jsonl", `file://${root}`), "utf8");
const expectedIds = ["2401.00001", "2405.00008", "2401.00002"];

let server;
let browser;
let page;

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: scripts/setup installs Debian's chromium`);
  server = await startServer({ root: `${root}build/wasm`, port: 0 });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage();
  // An empty page of the module's origin.
  await page.route(`${server.url}blank.html`, (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>blank</title>" }));
  await page.goto(`${server.url}blank.html`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** In the page: imports `variant`, adds `feed` and returns the ids `diffusion video` finds. */
async function searchOnMainThread(variant, feed) {
  return page.evaluate(async ({ variant, feed }) => {
    const { PaperFeed } = await import(`/${variant}`);
    const pf = await PaperFeed.load();
    pf.addFeed(feed);
    const ids = pf.search("diffusion video").hits.map((hit) => hit.id);
    pf.free();
    return ids;
  }, { variant, feed });
}

/** In a module Worker of the page: the same as searchOnMainThread. */
async function searchInWorker(variant, feed) {
  return page.evaluate(async ({ variant, feed }) => {
    const source = `
      import { PaperFeed } from "${location.origin}/${variant}";
      onmessage = async ({ data }) => {
        const pf = await PaperFeed.load();
        pf.addFeed(data);
        postMessage(pf.search("diffusion video").hits.map((hit) => hit.id));
      };`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })), { type: "module" });
    const ids = await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage(feed);
    });
    worker.terminate();
    return ids;
  }, { variant, feed });
}

for (const variant of ["paperfeed.mjs", "paperfeed.single.mjs"]) {
  test(`${variant} searches on a page's main thread`, async () => {
    assert.deepEqual(await searchOnMainThread(variant, golden), expectedIds);
  });

  test(`${variant} searches in a module Web Worker`, async () => {
    assert.deepEqual(await searchInWorker(variant, golden), expectedIds);
  });
}
