/**
 * Opens an offline bundle from file:// in headless Chromium, with the network off, several
 * times and prints one JSON line: the time to first results of each open and their median.
 *
 *   node bench/bundle/open_bench.mjs BUNDLE.html [--opens N]
 *
 * Each open is a fresh browser context (empty cache and storage) with `offline: true`; any
 * request that is not file:, blob: or data: is aborted and counted (a bundle makes none).
 * Timed inside the page with performance.now() from the start of navigation (an init script):
 * - file_read_ms: the last byte of the file read (the navigation's responseEnd);
 * - html_parsed_ms: DOMContentLoaded ended (the file read and parsed, base64 text included);
 * - worker_started_ms: the page started its worker (bundle-boot.js, before the index);
 * - index_loaded_ms: the worker answered the page's init (engine started, index loaded): from
 *   then on the page searches;
 * - first_results_painted_ms: the first result card in the DOM, then the next animation frame
 *   and the task after it (style, layout and paint done). A bundle draws its first view before
 *   its index has been read (it holds the engine's answer to it), so this can come first.
 */
import path from "node:path";
import { statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { median } from "../web/stats.mjs";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run"];

/** Runs in the page before its scripts: records when the worker starts and the first card is painted. */
function instrumentPage() {
  const marks = {};
  window.__bundleBench = marks;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      marks.workerStarted = performance.now();
      this.addEventListener("message", (event) => {
        if (marks.indexLoaded === undefined && event.data?.result?.size !== undefined) marks.indexLoaded = performance.now();
      });
    }
  };
  // The whole document is watched from the start: a bundle draws its first view before the
  // document has been read to its end.
  const watcher = new MutationObserver(() => {
    if (!document.querySelector("#results article")) return;
    watcher.disconnect();
    marks.firstArticle = performance.now();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { marks.painted = performance.now(); };
      channel.port2.postMessage(null);
    });
  });
  watcher.observe(document, { childList: true, subtree: true });
}

/** One open of the bundle: its timings and the requests that tried to leave. */
async function openOnce(browser, url) {
  const context = await browser.newContext({ offline: true });
  const blocked = [];
  await context.route("**/*", (route) => {
    const target = route.request().url();
    if (/^(file|blob|data):/.test(target)) return route.continue();
    blocked.push(target);
    return route.abort();
  });
  await context.addInitScript(instrumentPage);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__bundleBench.painted !== undefined && window.__bundleBench.indexLoaded !== undefined,
    null, { timeout: 120_000 });
  const timings = await page.evaluate(() => {
    const marks = window.__bundleBench;
    const navigation = performance.getEntriesByType("navigation")[0];
    return {
      file_read_ms: navigation.responseEnd,
      html_parsed_ms: navigation.domContentLoadedEventEnd,
      worker_started_ms: marks.workerStarted,
      index_loaded_ms: marks.indexLoaded,
      first_results_painted_ms: marks.painted,
      count_text: document.getElementById("result-count").firstChild?.textContent ?? "",
    };
  });
  await context.close();
  return { ...timings, blocked };
}

async function main(argv) {
  const file = argv[0];
  if (!file) {
    console.error("usage: node bench/bundle/open_bench.mjs BUNDLE.html [--opens N]");
    process.exit(2);
  }
  const opensAt = argv.indexOf("--opens");
  const opens = opensAt >= 0 ? Number(argv[opensAt + 1]) : 5;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const runs = [];
  for (let i = 0; i < opens; i++) runs.push(await openOnce(browser, pathToFileURL(path.resolve(file)).href));
  await browser.close();
  const of = (key) => median(runs.map((run) => run[key]));
  console.log(JSON.stringify({
    file: path.basename(file),
    bytes: statSync(file).size,
    opens,
    file_read_ms: of("file_read_ms"),
    html_parsed_ms: of("html_parsed_ms"),
    worker_started_ms: of("worker_started_ms"),
    index_loaded_ms: of("index_loaded_ms"),
    first_results_painted_ms: of("first_results_painted_ms"),
    blocked_requests: runs.reduce((sum, run) => sum + run.blocked.length, 0),
    count_text: runs[0].count_text,
    runs,
  }));
}

await main(process.argv.slice(2));
