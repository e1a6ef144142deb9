/**
 * The search page in headless Chromium: time to first results, the index load as the page
 * sees it, keystroke-to-rendered-results latency for typed queries, and memory. Prints one
 * JSON line.
 *
 *   node bench/web/browser_bench.mjs SITE_DIR QUERIES.tsv [--opens N] [--keystrokes K] [--delay MS]
 *
 * SITE_DIR is a built site (build/web or a copy with another default.pfi); QUERIES.tsv a
 * `search_bench export` query file. The page is opened N times (default 3), each in a fresh
 * browser context; the first page then types queries from QUERIES.tsv key by key (Playwright
 * key presses MS ms apart, default 80) until K keystrokes (default 400) have been typed, the
 * box cleared between queries.
 *
 * Everything is timed inside the page with performance.now() (an init script):
 * - a keystroke is the `input` event of the search box (taken in the capture phase, before
 *   the page's own listener); the page sends one view request to its worker per keystroke;
 * - a render is the result list's `data-renders` mark changing (the page sets it once per
 *   drawn answer), taken by a MutationObserver, so after the cards are in the DOM (a search's
 *   facet counts and exact count follow in a second answer that does not count as a render);
 *   "painted" is the first task after the next animation frame's callbacks, i.e. after that
 *   frame's style, layout and paint;
 * - a keystroke counts as answered by the first render after it that shows the query the box
 *   holds at that moment; an answer to an older keystroke drawn after a newer one was typed
 *   does not count for the newer one, so a keystroke whose own answer was superseded waits
 *   for the render that caught up with the box.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { readQueries, summary } from "./stats.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const { startServer } = await import(path.join(here, "../../web/serve.mjs"));

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run"];
/** Progress on stderr (stdout carries the JSON line). */
const say = (message) => process.stderr.write(`browser_bench: ${message}\n`);

/**
 * Runs in the page before its scripts: records keystrokes, the view requests sent to the
 * worker and its answers, renders of the result list, the first card and the index size
 * shown. Everything lands in `window.__bench`.
 */
function instrumentPage() {
  const bench = { recording: false, keys: [], renders: [], requests: new Map(), lastAnswer: null,
    firstArticle: null, indexShown: null, worker: null };
  window.__bench = bench;
  const now = () => performance.now();
  const afterNextFrame = (record) => requestAnimationFrame(() => {
    record.frame = now();
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { record.painted = now(); };
    channel.port2.postMessage(null);
  });

  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      bench.worker = { created: now() };
      this.addEventListener("message", (event) => {
        const request = bench.requests.get(event.data?.id);
        if (!request) return;
        bench.lastAnswer = { ...request, answered: now(), tookMs: event.data.result?.tookMs ?? null,
          superseded: Boolean(event.data.superseded) };
      });
    }
    postMessage(message, ...rest) {
      if (message?.type === "view" && message.request.kind === "search") {
        bench.requests.set(message.id, { query: message.request.query, posted: now() });
        const key = bench.keys.at(-1);
        if (bench.recording && key && key.query === undefined) key.query = message.request.query;
      }
      if (message?.type === "init") bench.worker.init = now();
      return super.postMessage(message, ...rest);
    }
  };

  document.addEventListener("input", (event) => {
    if (bench.recording && event.target.id === "query") bench.keys.push({ t: now(), value: event.target.value });
  }, true);

  document.addEventListener("DOMContentLoaded", () => {
    const results = document.getElementById("results");
    new MutationObserver(() => {
      const t = now();
      if (!bench.firstArticle && results.querySelector("article")) {
        bench.firstArticle = { t };
        afterNextFrame(bench.firstArticle);
      }
    }).observe(results, { childList: true });
    new MutationObserver(() => {
      const render = { t: now(), query: results.dataset.query, answer: bench.lastAnswer };
      bench.renders.push(render);
      afterNextFrame(render);
    }).observe(results, { attributes: true, attributeFilter: ["data-renders"] });
    const size = document.getElementById("index-size");
    new MutationObserver(() => {
      if (!bench.indexShown && size.textContent.trim()) bench.indexShown = { t: now(), text: size.textContent };
    }).observe(size, { childList: true, characterData: true, subtree: true });
  });
}

/** The worker's resource timings (wasm, index) moved onto the page's clock. */
async function workerTimings(page) {
  const worker = page.workers()[0];
  if (!worker) return null;
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  const { origin, entries } = await worker.evaluate(() => ({
    origin: performance.timeOrigin,
    entries: performance.getEntriesByType("resource").map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize })),
  }));
  const shift = origin - pageOrigin;
  const find = (suffix) => {
    const entry = entries.find((e) => e.name.endsWith(suffix));
    return entry ? { start: entry.start + shift, end: entry.end + shift, bytes: entry.bytes } : null;
  };
  return { started: shift, wasm: find("paperfeed.wasm"), index: find("default.pfi") };
}

/**
 * Megabytes of the page's JS heap (CDP Performance.getMetrics, main thread only) and the
 * resident size of the largest renderer process (/proc/PID/status VmRSS of the renderers CDP
 * SystemInfo.getProcessInfo lists): the page's, which holds its worker and the worker's
 * WebAssembly memory; the other renderers are Chromium's spare ones. The worker's own heaps
 * are not reachable through Playwright's CDP sessions; run.sh measures the module's memory
 * for the same index in Node instead (the worker loads it the same way).
 */
async function memory(context, page, browser) {
  const pageSession = await context.newCDPSession(page);
  await pageSession.send("Performance.enable");
  const { metrics } = await pageSession.send("Performance.getMetrics");
  await pageSession.detach();
  const metric = (name) => (metrics.find((m) => m.name === name)?.value ?? 0) / 1e6;
  const browserSession = await browser.newBrowserCDPSession();
  const { processInfo } = await browserSession.send("SystemInfo.getProcessInfo");
  await browserSession.detach();
  const rss = processInfo.filter((p) => p.type === "renderer").map((p) => residentBytes(p.id));
  return {
    page_js_heap_used_mb: metric("JSHeapUsedSize"),
    page_js_heap_total_mb: metric("JSHeapTotalSize"),
    page_renderer_rss_mb: Math.max(0, ...rss) / 1e6,
  };
}

/** VmRSS of a process in bytes, 0 when it cannot be read. */
function residentBytes(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/)[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Opens the page in a fresh context and waits until its first results are painted. */
async function openPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(instrumentPage);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.firstArticle?.painted !== undefined, null, { timeout: 120_000 });
  const timings = await page.evaluate(() => {
    const b = window.__bench;
    const navigation = performance.getEntriesByType("navigation")[0];
    return {
      dom_content_loaded_ms: navigation.domContentLoadedEventEnd,
      worker_created_ms: b.worker?.created ?? null,
      index_shown_ms: b.indexShown?.t ?? null,
      first_article_dom_ms: b.firstArticle.t,
      first_results_painted_ms: b.firstArticle.painted,
      first_render_query: b.renders[0]?.query ?? null,
    };
  });
  const worker = await workerTimings(page);
  if (worker?.index) {
    timings.index_fetched_ms = worker.index.end;
    timings.index_bytes = worker.index.bytes;
    timings.index_load_ms = timings.index_shown_ms - worker.index.end;
  }
  if (worker?.wasm) timings.wasm_fetched_ms = worker.wasm.end;
  return { context, page, timings };
}

/**
 * Queries to type: words, phrase and prefix queries in turn, a natural one every fourth round;
 * each kind's queries taken 7 apart in file order, so the plan spreads over the file.
 */
function typingPlan(queries, keystrokes) {
  const of = (kind) => queries.filter((q) => q.kind === kind);
  const pools = { words: of("words"), phrase: of("phrase"), prefix: of("prefix"), natural: of("natural") };
  const taken = { words: 0, phrase: 0, prefix: 0, natural: 0 };
  const plan = [];
  let keys = 0;
  for (let round = 0; keys < keystrokes; round++) {
    const kinds = round % 4 === 3 ? ["words", "phrase", "prefix", "natural"] : ["words", "phrase", "prefix"];
    for (const kind of kinds) {
      const pool = pools[kind];
      if (!pool.length || keys >= keystrokes) continue;
      const query = pool[(taken[kind]++ * 7) % pool.length];
      plan.push(query);
      keys += query.query.length;
    }
  }
  return plan;
}

/** Empties the search box and waits until the page has drawn the answer to the empty query. */
async function clearBox(page, box) {
  const renders = await page.evaluate(() => { window.__bench.recording = false; return window.__bench.renders.length; });
  await box.fill("");
  await page.waitForFunction((before) => {
    const r = window.__bench.renders;
    return r.length > before && r.at(-1).query === "" && r.at(-1).painted !== undefined;
  }, renders, { timeout: 60_000 });
}

/** Types each planned query key by key into the page's search box and waits for its last answer. */
async function typeQueries(page, plan, delay) {
  const box = page.locator("#query");
  await box.click();
  for (const [session, query] of plan.entries()) {
    if (session > 0) await clearBox(page, box);
    await page.waitForTimeout(100);
    await page.evaluate(() => { window.__bench.recording = true; });
    const first = await page.evaluate(() => window.__bench.keys.length);
    await box.pressSequentially(query.query, { delay });
    await page.waitForFunction(() => {
      const b = window.__bench;
      const key = b.keys.at(-1);
      return b.renders.some((r) => r.t > key.t && r.query === key.query && r.painted !== undefined);
    }, null, { timeout: 60_000 });
    await page.evaluate(([from, kind, session]) => {
      for (const key of window.__bench.keys.slice(from)) Object.assign(key, { kind, session });
    }, [first, query.kind, session]);
  }
  await page.evaluate(() => { window.__bench.recording = false; });
  return page.evaluate(() => ({ keys: window.__bench.keys, renders: window.__bench.renders }));
}

/**
 * Per keystroke: the first render after it showing the query the box held at that render,
 * and the parts of its time (see the file's header). Keys and renders are in time order.
 */
function keystrokeLatencies(keys, renders) {
  let latest = -1;
  const current = renders.map((render) => {
    while (latest + 1 < keys.length && keys[latest + 1].t < render.t) latest++;
    return latest >= 0 && keys[latest].query !== undefined && render.query === keys[latest].query;
  });
  return keys.map((key, i) => {
    const answer = renders.find((render, r) => current[r] && render.t > key.t);
    const next = keys[i + 1];
    const sameQuery = next && next.session === key.session;
    return {
      kind: key.kind,
      dom_ms: answer ? answer.t - key.t : null,
      painted_ms: answer ? answer.painted - key.t : null,
      queued_ms: answer?.answer ? answer.answer.posted - key.t : null,
      own_answer: Boolean(answer) && answer.query === key.query && (!sameQuery || answer.t < next.t),
      engine_ms: answer?.answer?.tookMs ?? null,
      worker_round_trip_ms: answer?.answer ? answer.answer.answered - answer.answer.posted : null,
      draw_ms: answer?.answer ? answer.t - answer.answer.answered : null,
      frame_wait_ms: answer ? answer.frame - answer.t : null,
      frame_render_ms: answer ? answer.painted - answer.frame : null,
    };
  });
}

/** p50/p99 of each figure over the keystrokes, overall and per query kind. */
function latencySummary(latencies, keys) {
  const figures = ["painted_ms", "dom_ms", "queued_ms", "engine_ms", "worker_round_trip_ms", "draw_ms", "frame_wait_ms", "frame_render_ms"];
  const summarize = (rows) => Object.fromEntries(figures.map((f) => [f, summary(rows.map((r) => r[f]).filter((v) => v !== null))]));
  const kinds = [...new Set(latencies.map((l) => l.kind))];
  const gaps = keys.slice(1).map((k, i) => (k.session === keys[i].session ? k.t - keys[i].t : null)).filter((g) => g !== null);
  return {
    keystrokes: latencies.length,
    unanswered: latencies.filter((l) => l.painted_ms === null).length,
    answered_by_a_later_keystroke: latencies.filter((l) => !l.own_answer).length,
    key_interval_ms: summary(gaps),
    all: summarize(latencies),
    by_kind: Object.fromEntries(kinds.map((kind) => [kind, summarize(latencies.filter((l) => l.kind === kind))])),
  };
}

function parseArguments(args) {
  const options = { opens: 3, keystrokes: 400, delay: 80, positional: [] };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--opens") options.opens = Number(args[++i]);
    else if (args[i] === "--keystrokes") options.keystrokes = Number(args[++i]);
    else if (args[i] === "--delay") options.delay = Number(args[++i]);
    else options.positional.push(args[i]);
  }
  if (options.positional.length !== 2) {
    console.error("usage: node bench/web/browser_bench.mjs SITE_DIR QUERIES.tsv [--opens N] [--keystrokes K] [--delay MS]");
    process.exit(2);
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
const [siteDir, queriesPath] = options.positional;
const { chromium } = await import(path.join(here, "../../node_modules/playwright-core/index.mjs"));
const server = await startServer({ root: siteDir, port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const opens = [];
  let first = null;
  for (let i = 0; i < options.opens; i++) {
    const opened = await openPage(browser, server.url);
    opens.push(opened.timings);
    say(`page ${i + 1} of ${options.opens}: first results painted at ${opened.timings.first_results_painted_ms.toFixed(0)} ms`);
    if (first) await opened.context.close();
    else first = opened;
  }
  const memoryLoaded = await memory(first.context, first.page, browser);
  say("memory measured; typing");
  const plan = typingPlan(readQueries(queriesPath), options.keystrokes);
  const { keys, renders } = await typeQueries(first.page, plan, options.delay);
  const memoryAfterTyping = await memory(first.context, first.page, browser);
  const latencies = keystrokeLatencies(keys, renders);
  const median = (name) => summary(opens.map((o) => o[name]).filter((v) => v !== undefined && v !== null)).p50;
  console.log(JSON.stringify({
    chromium: browser.version(),
    index_bytes: opens[0].index_bytes ?? readFileSync(path.join(siteDir, "default.pfi")).length,
    opens,
    open_medians: Object.fromEntries(["first_results_painted_ms", "index_fetched_ms", "index_load_ms", "index_shown_ms", "wasm_fetched_ms"]
      .map((name) => [name, median(name)])),
    typed_queries: plan.length,
    typing: latencySummary(latencies, keys),
    memory_loaded: memoryLoaded,
    memory_after_typing: memoryAfterTyping,
  }));
} finally {
  await browser.close();
  await server.close();
}
