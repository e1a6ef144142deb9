// The offline bundle (`paperfeed bundle`) in headless Chromium: each bundle is written by the
// CLI into a fresh temporary folder and opened from file:// in a context that is offline and
// whose every request other than file:, blob: and data: is recorded and aborted. Answers are
// compared with the CLI on the same feeds (`search --json`, `similar --json`) and with values
// of the hand-made fixture feeds. Every test also checks that no request left the page (nor
// reached the recording proxy the context sends other hosts to), the only local requests were
// the bundle file and its worker script, once per load, no request failed, the
// Content-Security-Policy was never violated and no script error, console error, dialog or
// notice happened (unless the test expects one).
//
// Run: node --test web/tests/bundle.test.mjs   (needs scripts/build's build/bin/paperfeed,
// build/share/paperfeed/bundle-template.html and build/web/paperfeed.mjs, and /usr/bin/chromium;
// PAPERFEED_BUNDLE_TEMPLATE=FILE has the CLI use another template)
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  HOSTILE_CARD, PAGE_SIZE, RICH_FEED_FIRSTS, andWait, assertHostileCardLiteral, countLine, countWords, fixture, launchChromium,
  proxiedThrough, reload, repo, requireFiles, shownIds, shownNotices, startRecordingProxy, useEveryControl, watchPage,
  watchViolations,
} from "./helpers.mjs";

const paperfeed = path.join(repo, "build/bin/paperfeed");
/** The page template the CLI fills in: the one beside it, unless PAPERFEED_BUNDLE_TEMPLATE names another. */
const bundleTemplate = process.env.PAPERFEED_BUNDLE_TEMPLATE ?? path.join(repo, "build/share/paperfeed/bundle-template.html");
const engineModule = path.join(repo, "build/web/paperfeed.mjs");

/** The feeds of the main bundle: the embedded corpus and the rich fixture feed. */
const MAIN_FEEDS = [path.join(repo, "examples/data/hf-papers-page.txt"), fixture("rich-feed.jsonl")];
/** Papers of MAIN_FEEDS (263 of the embedded corpus, 8 of the rich feed). */
const MAIN_PAPERS = 271;
/** The feeds of the hostile bundle. */
const HOSTILE_FEEDS = [fixture("hostile.jsonl"), fixture("rich-feed.jsonl")];
/** A title that would end <title> and run a script if it were markup. */
const HOSTILE_TITLE = '</title><script>alert(1)</script> & "q"';
/** The selection of the selected bundle (--query, --since). */
const SELECTION = { query: "video OR diffusion", since: "2024-01-01" };
/** The sentence #bundle-note ends with. */
const OFFLINE_NOTE = "An offline bundle: it reaches no network; add feed files from this computer.";
/** How long a bundle may take to show its first results or a notice (it takes well under a second). */
const FIRST_RESULTS_TIMEOUT = 10000;
/** URL schemes that never reach the network. */
const LOCAL_URL = /^(file|blob|data):/;
/** The URL of the worker script a bundle starts (a blob: URL of a page opened from file://). */
const WORKER_URL = /^blob:null\/[0-9a-f-]{36}$/;

/** The temporary folder the bundles are written to. */
let folder;
/** The bundles, by name: their paths. */
const bundles = {};
/** What `paperfeed bundle` printed on stderr for each bundle, by name. */
const bundleReports = {};
let browser;
/** The proxy every bundle's requests to other hosts go to (when not offline). */
let proxy;
/** The engine (build/web/paperfeed.mjs in Node) on the index of MAIN_FEEDS, for recommendations. */
let engine;

/**
 * Runs the CLI.
 * @param {string[]} args
 * @returns {{status: number, stdout: string, stderr: string}}
 */
function cli(args) {
  const run = spawnSync(paperfeed, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs the CLI and parses its JSON answer; fails the test with its stderr when it fails. */
function cliJson(args) {
  const run = cli([...args, "--json"]);
  assert.equal(run.status, 0, `paperfeed ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * The CLI's answer to a query on feeds: `{total, ids}`. A query starting with "-" would be read
 * as an option, so it is passed after a space (which the query parser skips).
 * @param {string} query
 * @param {{sort?: string, limit?: number, feeds?: string[]}} [options]
 */
function cliSearch(query, { sort = "relevance", limit = PAGE_SIZE, feeds = MAIN_FEEDS } = {}) {
  const word = query.startsWith("-") ? ` ${query}` : query;
  return totalAndIds(cliJson(["search", ...feeds, word, "--sort", sort, "--limit", String(limit)]));
}

/** The CLI's papers similar to one: `{total, ids}`. */
function cliSimilar(id, feeds = MAIN_FEEDS) {
  return totalAndIds(cliJson(["similar", ...feeds, id, "--limit", String(PAGE_SIZE)]));
}

/** The total and the hit ids of a CLI JSON answer. */
function totalAndIds(answer) {
  return { total: answer.total, ids: answer.hits.map((hit) => hit.id) };
}

/**
 * Writes a bundle with the CLI into the temporary folder and records its stderr report.
 * @param {string} name the file name, without .html
 * @param {string[]} args the feeds and options
 */
function writeBundle(name, args) {
  const out = path.join(folder, `${name}.html`);
  const template = process.env.PAPERFEED_BUNDLE_TEMPLATE ? ["--template", bundleTemplate] : [];
  const run = cli(["bundle", ...args, ...template, "-o", out]);
  assert.equal(run.status, 0, `paperfeed bundle ${name}: ${run.stderr}`);
  bundles[name] = out;
  bundleReports[name] = run.stderr;
}

before(async () => {
  requireFiles([
    [paperfeed, "the CLI is missing: run scripts/build (or scripts/test) first"],
    [bundleTemplate, "the bundle template is missing: run scripts/build, which writes it with web/bundle-template.mjs"],
    [engineModule, "the wasm module is missing: run scripts/build first"],
  ]);
  folder = mkdtempSync(path.join(tmpdir(), "paperfeed-bundle-test-"));
  writeBundle("main", MAIN_FEEDS);
  writeBundle("hostile", [...HOSTILE_FEEDS, "--title", HOSTILE_TITLE]);
  writeBundle("selected", [...MAIN_FEEDS, "--query", SELECTION.query, "--since", SELECTION.since, "--title", "Video and diffusion"]);
  writeBundle("empty", [...MAIN_FEEDS, "--query", "zyxwvutsrq"]);
  writeFileSync(path.join(folder, "many.jsonl"), manyPapers(2500));
  writeBundle("many", [path.join(folder, "many.jsonl")]);

  const index = path.join(folder, "main.pfi");
  const indexed = cli(["index", ...MAIN_FEEDS, "-o", index]);
  assert.equal(indexed.status, 0, indexed.stderr);
  const { PaperFeed } = await import(pathToFileURL(engineModule).href);
  engine = await PaperFeed.load({ index: readFileSync(index) });

  browser = await launchChromium();
  proxy = await startRecordingProxy();
});

after(async () => {
  await browser?.close();
  await proxy?.close();
  engine?.free();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/**
 * Opens a bundle from file:// in a fresh browser context (empty localStorage) that is offline
 * and aborts every request that is not file:, blob: or data:, and waits for its first results.
 * `session.finish()` closes it after checking that no request reached the network or the
 * recording proxy, that the only file:, blob: and data: requests were for the bundles opened
 * (`session.files`) and their worker scripts, one worker per load, and that the requests, failed requests, CSP
 * violations and console errors are the ones the test expects (`expectedRequests`,
 * `expectedFailures`, `expectedViolations`, `expectedErrors`: regular expressions, in order;
 * none by default), and that no dialog opened and no notice shows.
 * @param {string} name the bundle (see before())
 * @param {string} [hash] the URL hash to open, "#q=video"
 * @param {Function} [initScript] run in the page before its scripts
 * @param {{early?: boolean, unguarded?: boolean}} [options] early: return once the first cards
 *        are drawn, not the engine's first answer; unguarded: online, nothing aborted and the
 *        page's Content-Security-Policy ignored, so that only the page's own code decides what
 *        it requests (the recording proxy still answers none)
 */
async function openBundle(name, hash = "", initScript = null, { early = false, unguarded = false } = {}) {
  const context = await browser.newContext({
    offline: !unguarded,
    bypassCSP: unguarded,
    proxy: proxiedThrough(proxy),
    acceptDownloads: true,
    viewport: { width: 1200, height: 900 },
  });
  const proxiedFrom = proxy.seen.length;
  const session = {
    context,
    url: bundleUrl(name),
    files: new Set([bundleUrl(name)]),
    local: [],
    workers: [],
    proxiedNow: () => proxy.seen.slice(proxiedFrom),
    aborted: [],
    requests: [],
    failures: [],
    violations: [],
    dialogs: [],
    errors: [],
    expectedRequests: [],
    expectedFailures: [],
    expectedViolations: [],
    expectedErrors: [],
  };
  if (!unguarded) {
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (LOCAL_URL.test(url)) return route.continue();
      session.aborted.push(url);
      return route.abort("internetdisconnected");
    });
  }
  context.on("request", (request) => {
    if (LOCAL_URL.test(request.url())) session.local.push(request.url());
    else session.requests.push(request.url());
  });
  context.on("page", (page) => {
    page.on("websocket", (socket) => session.requests.push(socket.url()));
    page.on("worker", (worker) => session.workers.push(worker.url()));
  });
  context.on("requestfailed", (request) => session.failures.push(`${request.url()} ${request.failure()?.errorText}`));
  await context.exposeBinding("reportViolation", (source, violation) => session.violations.push(violation));
  await context.addInitScript(watchViolations);
  if (initScript) await context.addInitScript(initScript);
  session.page = await context.newPage();
  watchPage(session, session.page);
  await session.page.goto(session.url + hash);
  if (early) await session.page.waitForSelector("#results article", { timeout: FIRST_RESULTS_TIMEOUT });
  else await waitForFirstResults(session);
  session.finish = async () => {
    const notices = await shownNotices(session.page);
    await context.close();
    assert.deepEqual(session.aborted, [], "requests that reached the network layer");
    assert.deepEqual(session.proxiedNow(), [], "requests that reached the proxy");
    assert.deepEqual(session.local.filter((url) => !session.files.has(url.split("#")[0]) && !WORKER_URL.test(url)), [],
      "file:, blob: and data: requests other than the bundle and its worker");
    assert.deepEqual(session.workers.filter((url) => !WORKER_URL.test(url)), [], "workers other than the bundle's");
    assert.equal(session.workers.length, session.local.filter((url) => session.files.has(url.split("#")[0])).length,
      "one worker per load of the bundle");
    assert.deepEqual(notices, [], "notices shown");
    assert.deepEqual(session.dialogs, [], "dialogs");
    assert.deepEqual(session.violations, session.expectedViolations, "Content-Security-Policy violations");
    assertMatches(session.requests, session.expectedRequests, "requests to other than file:, blob: and data: URLs");
    assertMatches(session.failures, session.expectedFailures, "failed requests");
    assertMatches(session.errors, session.expectedErrors, "script errors and console errors");
  };
  return session;
}

/**
 * Waits for the first results of a bundle just opened; when a notice comes instead (the engine
 * could not start) or nothing comes, fails with what the page showed and reported.
 */
async function waitForFirstResults(session) {
  const settled = await session.page.waitForFunction(() => {
    const list = document.querySelector("#results");
    if (Number(list.dataset.renders ?? 0) > 0 && list.dataset.counted === list.dataset.query) return "results";
    return document.querySelector("#notices .notice") ? "notice" : false;
  }, null, { timeout: FIRST_RESULTS_TIMEOUT }).then((handle) => handle.jsonValue(), (error) => error.message);
  if (settled === "results") return;
  const notices = await shownNotices(session.page);
  throw new Error(`the bundle showed no results${settled === "notice" ? "" : ` (${settled})`}; notices: ${JSON.stringify(notices)}; ` +
    `errors: ${JSON.stringify(session.errors)}; CSP violations: ${JSON.stringify(session.violations)}`);
}

/** Asserts that each text matches the pattern at its place, and that there are as many of each. */
function assertMatches(texts, patterns, what) {
  assert.equal(texts.length, patterns.length, `${what}: ${JSON.stringify(texts)}`);
  texts.forEach((text, i) => assert.match(text, patterns[i], what));
}

/** Asserts that the page shows the CLI's answer: the same ids in order, and its total. */
async function assertShows(page, expected, what) {
  assert.deepEqual(await shownIds(page), expected.ids, what);
  assert.match(await countLine(page), new RegExp(`^${expected.total} papers? · \\d+\\.\\d ms$`), what);
}

/** Waits until `condition()` holds, polling; fails after `timeout` ms. */
async function eventually(condition, what, timeout = 5000) {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `count` papers as canonical JSON lines with abstracts of pseudo-random words (seeded): an index
 * that gzip cannot shrink below a few MiB of base64, so its bundle has several parts.
 */
function manyPapers(count) {
  let state = 7;
  const random = () => {  // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const word = () => Array.from({ length: 3 + Math.floor(random() * 6) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join("");
  const lines = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 120 }, word).join(" ");
    lines.push(JSON.stringify({ id: `2501.${String(10000 + i)}`, title: `Paper ${i} ${word()}`, abstract: words,
      published: "2025-01-02", sources: ["paperfeed"] }));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Runs in the page before its scripts: holds back the page's init message to the worker by 1.5 s,
 * so that a test can act while the bundle's first view is shown.
 */
function delayInit() {
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    postMessage(message, ...rest) {
      if (message?.type !== "init") return super.postMessage(message, ...rest);
      setTimeout(() => super.postMessage(message, ...rest), 1500);
      return undefined;
    }
  };
}

/**
 * Runs in the page before its scripts: records in `window.__firstView` the ids of the first
 * result cards drawn and when (`drawnAt`), and when the worker answered the page's init, its
 * index loaded (`indexLoadedAt`). The whole document is watched: a bundle draws its first view
 * before the document has been read to its end.
 */
function recordFirstView() {
  const first = {};
  window.__firstView = first;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (first.indexLoadedAt === undefined && event.data?.result?.size !== undefined) first.indexLoadedAt = performance.now();
      });
    }
  };
  const watcher = new MutationObserver(() => {
    const cards = document.querySelectorAll("#results article");
    if (cards.length === 0) return;
    watcher.disconnect();
    first.drawnAt = performance.now();
    first.ids = [...cards].map((card) => card.dataset.id);
  });
  watcher.observe(document, { childList: true, subtree: true });
}

describe("the offline bundle opened from file://", () => {
  test("draws its first view before its index has loaded, as the engine then draws it", async () => {
    const early = await openBundle("main", "", recordFirstView);
    const first = await early.page.evaluate(() => window.__firstView);
    assert.ok(first.drawnAt < first.indexLoadedAt, `first cards at ${first.drawnAt} ms, index loaded at ${first.indexLoadedAt} ms`);
    assert.deepEqual(first.ids, cliSearch("").ids, "the first view is the engine's answer");
    await assertShows(early.page, cliSearch(""), "drawn again by the engine");
    await early.finish();

    // Before the engine is ready, the buttons that need it are off and "Show more" is hidden; the
    // engine's answer keeps the same cards, so the focus and an open abstract stay.
    const held = await openBundle("main", "", delayInit, { early: true });
    const { page } = held;
    assert.equal(await countLine(page), `${MAIN_PAPERS} papers · loading the index…`);
    assert.equal(await page.isHidden("#more"), true);
    assert.deepEqual(await page.$$eval("#results button.similar, #results button.read", (buttons) => buttons.map((b) => b.disabled)),
      new Array(2 * PAGE_SIZE).fill(true));
    await page.click("#results article:nth-child(3) details.abstract summary");
    await page.focus("#results article:nth-child(3) button.star");
    await waitForFirstResults(held);
    assert.deepEqual(await shownIds(page), cliSearch("").ids);
    assert.equal(await page.evaluate(() => document.activeElement.matches("#results article:nth-child(3) button.star")), true, "focus kept");
    assert.equal(await page.evaluate(() => document.querySelector("#results article:nth-child(3) details.abstract").open), true, "abstract kept open");
    assert.deepEqual(await page.$$eval("#results button.similar, #results button.read", (buttons) => buttons.map((b) => b.disabled)),
      new Array(2 * PAGE_SIZE).fill(false));
    assert.match(await countLine(page), new RegExp(`^${MAIN_PAPERS} papers · \\d+\\.\\d ms$`));
    await held.finish();

    // Typing before the engine is ready takes the first view away until the engine answers.
    const typed = await openBundle("main", "", delayInit, { early: true });
    await typed.page.fill("#query", "video");
    assert.deepEqual(await shownIds(typed.page), []);
    assert.equal(await countLine(typed.page), "Loading the index…");
    await waitForFirstResults(typed);
    await assertShows(typed.page, cliSearch("video"), "the typed query, once the engine is ready");
    await typed.finish();

    // Another view in the URL waits for the engine: the first cards drawn are that view's.
    const other = await openBundle("main", "#q=video", recordFirstView);
    const video = await other.page.evaluate(() => window.__firstView);
    assert.ok(video.drawnAt > video.indexLoadedAt, `first cards at ${video.drawnAt} ms, index loaded at ${video.indexLoadedAt} ms`);
    assert.deepEqual(video.ids, cliSearch("video").ids);
    await other.finish();
  });

  test("opens with no network, says it is a bundle, and searches like the CLI", async () => {
    const { page, finish } = await openBundle("main");
    assert.equal(await page.textContent("#index-size"), `${MAIN_PAPERS} papers indexed.`);
    await assertShows(page, cliSearch(""), "the first results");
    assert.equal(await page.title(), "paperfeed");
    assert.equal(await page.textContent("header h1"), "paperfeed");
    assert.equal(await page.isHidden("#feed-url-form"), true, "no feed URL form offline");
    assert.equal(await page.textContent("#bundle-note"), OFFLINE_NOTE);
    assert.equal(await page.isVisible("#bundle-note"), true);

    for (const query of ["video", "diffusion model", "reinforcement learning reward", '"video diffusion" OR robot']) {
      await andWait(page, () => page.fill("#query", query));
      await assertShows(page, cliSearch(query), query);
    }
    assert.equal(cliSearch("video").total, 10);
    await andWait(page, () => page.fill("#query", "learning"));
    await andWait(page, () => page.click("#more"));
    assert.deepEqual(await shownIds(page), cliSearch("learning", { limit: 2 * PAGE_SIZE }).ids, "Show more");
    assert.equal((await shownIds(page)).length, 2 * PAGE_SIZE);
    assert.equal(new URL(page.url()).hash, "#q=learning");
    await finish();
  });

  test("filters and sorts give the CLI's answer to the query the page builds", async () => {
    const { page, finish } = await openBundle("main");
    /** Asserts the query the page sent and that it shows the CLI's answer to it. */
    const expectQuery = async (query, sort, exact) => {
      assert.equal(await page.getAttribute("#results", "data-query"), query);
      const expected = cliSearch(query, { sort });
      await assertShows(page, expected, `${query} (${sort})`);
      if (exact) assert.deepEqual(expected.ids, exact, `${query}: the fixture's papers`);
    };
    await andWait(page, () => page.selectOption("#category", "cs.LG"));
    await expectQuery("+cat:cs.LG", "relevance", ["2401.10001", "2402.20002", "2406.50005", "2501.70007"]);
    await andWait(page, () => page.check("#has-code"));
    await expectQuery("+cat:cs.LG has:code", "relevance", ["2401.10001", "2406.50005", "2501.70007"]);
    await andWait(page, () => page.fill("#min-upvotes", "30"));
    await expectQuery("+cat:cs.LG has:code upvotes:>=30", "relevance", ["2401.10001", "2406.50005"]);
    await andWait(page, () => page.fill("#exclude", "robot"));
    await expectQuery("+cat:cs.LG has:code upvotes:>=30 -robot", "relevance", ["2401.10001"]);

    await andWait(page, () => page.click("#clear-filters"));
    await andWait(page, () => page.fill("#exclude", '"large language" survey'));
    await expectQuery('-"large language" -survey', "relevance");
    await andWait(page, () => page.fill("#exclude", ""));
    await andWait(page, () => page.fill("#date-from", "2024-06-01"));
    await expectQuery("date:2024-06-01..", "relevance", ["2406.50005", "2409.60006", "2501.70007", "2502.80008"]);
    await andWait(page, () => page.fill("#date-to", "2024-12-31"));
    await expectQuery("date:2024-06-01..2024-12-31", "relevance", ["2406.50005", "2409.60006"]);
    await andWait(page, () => page.fill("#date-from", ""));
    await andWait(page, () => page.fill("#date-to", ""));

    for (const sort of ["trending", "recent", "upvotes"]) {
      await andWait(page, () => page.selectOption("#sort", sort));
      await expectQuery("", sort);
      if (RICH_FEED_FIRSTS[sort]) assert.deepEqual((await shownIds(page)).slice(0, RICH_FEED_FIRSTS[sort].length), RICH_FEED_FIRSTS[sort], sort);
      await andWait(page, () => page.fill("#query", "video"));
      await expectQuery("video", sort);
      await andWait(page, () => page.fill("#query", ""));
    }
    await andWait(page, () => page.check("#has-code"));
    await andWait(page, () => page.fill("#query", "video"));
    await expectQuery("has:code +(video)", "upvotes");
    assert.equal(new URL(page.url()).hash, "#q=video&sort=upvotes&code=1");
    await finish();
  });

  test("similar papers, a star kept across a reload feeding For you, and read marks", async () => {
    const { page, finish } = await openBundle("main", "#q=video");
    const [first, second] = await shownIds(page);
    assert.equal(first, "2311.40004");
    const title = await page.textContent(`article[data-id="${first}"] h3`);
    await andWait(page, () => page.click(`article[data-id="${first}"] button.similar`));
    const similar = cliSimilar(first);
    assert.deepEqual(await shownIds(page), similar.ids);
    assert.match(await countLine(page), new RegExp(`^${similar.total} similar papers · `));
    assert.equal(await page.textContent("#view-title"), `Papers similar to “${title}”. The query and filters do not apply here.`);
    await andWait(page, () => page.click("#view-back"));
    assert.deepEqual((await shownIds(page)).slice(0, 2), [first, second]);

    await page.click(`article[data-id="${first}"] button.star`);
    assert.equal(await page.evaluate(() => localStorage.getItem("paperfeed.starred")), JSON.stringify([first]));
    await reload(page);
    assert.equal(page.url(), `${bundleUrl("main")}#q=video`);
    assert.equal(await page.getAttribute(`article[data-id="${first}"] button.star`, "aria-pressed"), "true", "the star survives the reload");
    assert.equal(await page.getAttribute(`article[data-id="${second}"] button.star`, "aria-pressed"), "false");
    await andWait(page, () => page.selectOption("#sort", "foryou"));
    const recommended = engine.recommend([first], { limit: PAGE_SIZE });
    assert.ok(recommended.hits.length > 0);
    assert.deepEqual(await shownIds(page), recommended.hits.map((hit) => hit.id));
    assert.match(await page.textContent("#view-title"), /^Recommended from your 1 starred paper\./);

    await andWait(page, () => page.selectOption("#sort", "relevance"));
    await andWait(page, () => page.click(`article[data-id="${second}"] button.read`));
    const video = cliSearch("video");
    assert.deepEqual(await shownIds(page), video.ids.filter((id) => id !== second));
    assert.equal(await countWords(page), `${video.total - 1} papers (1 read hidden)`);
    await reload(page);
    assert.equal(await countWords(page), `${video.total - 1} papers (1 read hidden)`, "the read mark survives the reload");
    await andWait(page, () => page.check("#show-read"));
    assert.deepEqual(await shownIds(page), video.ids);
    assert.equal(await page.getAttribute(`article[data-id="${second}"]`, "class"), "card is-read");
    await finish();
  });

  test("a feed file added with the file input is searched, offline", async () => {
    const { page, finish } = await openBundle("main");
    await andWait(page, () => page.setInputFiles("#feed-files", fixture("hf-daily.json")));
    assert.equal(await page.textContent("#index-size"), `${MAIN_PAPERS + 1} papers indexed.`);
    assert.equal(await countWords(page), `${MAIN_PAPERS + 1} papers`);
    assert.equal(await page.textContent("#feed-report .feed > p"), "hf-daily.json — hf-daily: 1 added, 0 merged, 0 rejected");
    await andWait(page, () => page.fill("#query", "speech translation"));
    const expected = cliSearch("speech translation", { feeds: [...MAIN_FEEDS, fixture("hf-daily.json")] });
    assert.equal(expected.ids[0], "2405.90009");
    await assertShows(page, expected, "the added feed's paper");
    await finish();
  });

  test("a whole session asks for nothing but the bundle file and its worker, even online and without the CSP", async () => {
    const session = await openBundle("main", "", null, { unguarded: true });
    const { page, finish } = session;
    await useEveryControl(page);
    await andWait(page, () => page.setInputFiles("#feed-files", fixture("hf-daily.json")));
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.setData("text/uri-list", "https://feeds.example/daily.json");
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    assert.equal(await page.textContent("#feed-report"),
      "The dropped link was ignored: an offline bundle fetches nothing. Download the feed and drop the file here.");
    await page.keyboard.press("/");
    await page.keyboard.type("video");
    await page.keyboard.press("Tab");
    for (const key of ["j", "j", "k", "s"]) await page.keyboard.press(key);
    await reload(page);
    assert.equal(session.local.filter((url) => url === session.url).length, 2, "the bundle file, once per load");
    await finish();
  });

  test("stars and read marks carry over to another bundle (a newer corpus), kept for the papers it does not hold", async () => {
    const session = await openBundle("main", "#sort=upvotes");
    const { page, finish } = session;
    const selected = ["2401.10001", "2406.50005", "2501.70007"];
    const shown = await shownIds(page);
    const [absentStarred, absentRead] = shown.filter((id) => !selected.includes(id));
    for (const id of ["2401.10001", absentStarred]) await page.click(`article[data-id="${id}"] button.star`);
    for (const id of ["2406.50005", absentRead]) await andWait(page, () => page.click(`article[data-id="${id}"] button.read`));
    const storedLists = () => page.evaluate(() => ["paperfeed.starred", "paperfeed.read"].map((key) => JSON.parse(localStorage.getItem(key))));
    const kept = [["2401.10001", absentStarred], ["2406.50005", absentRead]];
    assert.deepEqual(await storedLists(), kept);

    session.files.add(bundleUrl("selected"));
    await page.goto(`${bundleUrl("selected")}#sort=upvotes`);
    await waitForFirstResults(session);
    assert.equal(await countWords(page), "2 papers (1 read hidden)");
    assert.equal(await page.getAttribute('article[data-id="2401.10001"] button.star', "aria-pressed"), "true");
    assert.equal(await page.getAttribute('article[data-id="2501.70007"] button.star', "aria-pressed"), "false");
    await page.click('article[data-id="2501.70007"] button.star');
    const starred = ["2401.10001", absentStarred, "2501.70007"];
    assert.deepEqual(await storedLists(), [starred, kept[1]], "the marks of papers it does not hold are kept");
    await andWait(page, () => page.selectOption("#sort", "foryou"));
    const { PaperFeed } = await import(pathToFileURL(engineModule).href);
    const selectedEngine = await PaperFeed.load();
    selectedEngine.addFeed(engine.exportPapers(selected, "json"));
    const recommended = selectedEngine.recommend(starred, { limit: PAGE_SIZE + 2 }).hits.map((hit) => hit.id).filter((id) => id !== "2406.50005");
    selectedEngine.free();
    assert.deepEqual(await shownIds(page), recommended, "recommended from the starred papers it holds, the read one left out");

    await page.goto(`${bundleUrl("main")}#sort=upvotes`);
    await waitForFirstResults(session);
    for (const id of ["2401.10001", absentStarred, "2501.70007"]) {
      assert.equal(await page.getAttribute(`article[data-id="${id}"] button.star`, "aria-pressed"), "true", id);
    }
    assert.equal(await countWords(page), `${MAIN_PAPERS - 2} papers (2 read hidden)`);
    await finish();
  });

  test("the Content-Security-Policy blocks the page's own attempts to reach the network", async () => {
    const session = await openBundle("main");
    const { page, finish } = session;
    const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (meta) => meta.content);
    assert.match(policy, /^default-src 'none'; script-src( 'sha256-[A-Za-z0-9+/]+=')+ 'wasm-unsafe-eval'; style-src 'sha256-[A-Za-z0-9+/]+='; img-src data:; worker-src blob:; connect-src 'none';/);
    const fetched = await page.evaluate(() => fetch("https://example.org/").then(() => "fetched", (error) => `rejected: ${error.name}`));
    assert.equal(fetched, "rejected: TypeError");
    await page.evaluate(() => {
      const image = document.createElement("img");
      image.src = "http://example.org/pixel.png";
      image.alt = "";
      document.body.append(image);
    });
    await eventually(() => session.violations.length >= 2, "two CSP violations");
    session.expectedViolations = [
      { directive: "connect-src", blocked: "https://example.org/" },
      { directive: "img-src", blocked: "http://example.org/pixel.png" },
    ];
    await eventually(() => session.failures.length >= 1, "the image's failed request");
    session.expectedRequests = [/^http:\/\/example\.org\/pixel\.png$/];
    session.expectedFailures = [/^http:\/\/example\.org\/pixel\.png csp$/];
    session.expectedErrors = [/violates the following Content Security Policy directive: "connect-src 'none'"/,
      /Fetch API cannot load https:\/\/example\.org\//, /violates the following Content Security Policy directive: "img-src data:"/];
    await eventually(() => session.errors.length >= 3, "the console's CSP errors");
    await finish();
  });
});

describe("bundle options and hostile text", () => {
  test("a hostile --title is the literal title and heading, and runs nothing", async () => {
    const { page, finish } = await openBundle("hostile");
    assert.equal(await page.title(), HOSTILE_TITLE);
    assert.equal(await page.textContent("header h1"), HOSTILE_TITLE);
    assert.equal(await page.$$eval("title *, header h1 *", (list) => list.length), 0);
    assert.equal(await page.evaluate(() => JSON.parse(document.getElementById("paperfeed-settings").textContent).title), HOSTILE_TITLE);
    const html = readFileSync(bundles.hostile, "utf8");
    const start = html.indexOf('<script type="application/json" id="paperfeed-settings">') + '<script type="application/json" id="paperfeed-settings">'.length;
    const settings = html.slice(start, html.indexOf("</script>", start));
    assert.equal(settings.includes("<"), false, "the settings, feed text of the first view included, hold no < that could end their element");
    assert.ok(JSON.parse(settings).first.hits.some((hit) => hit.title.includes("</script>")), "the first view holds a title with </script>");
    await assertInert(page);
    await finish();
  });

  test("a hostile feed bundled shows its text literally, makes no unsafe link and runs nothing", async () => {
    const { page, finish } = await openBundle("hostile", "#q=hostile");
    const expected = cliSearch("hostile", { feeds: HOSTILE_FEEDS });
    assert.equal(expected.total, 3);
    await assertShows(page, expected, "hostile");
    await assertHostileCardLiteral(page);
    assert.equal(await page.getAttribute(`${HOSTILE_CARD} h3 a`, "href"), "#q=hostile&similar=2404.66601", "the title links inside the page");
    const authors = await page.$$eval("#author-facets button", (list) => list.map((button) => button.textContent));
    assert.ok(authors.includes('Eve <img src=x onerror="window.__pwned=1"> (1)'), authors.join(" | "));

    await andWait(page, () => page.click(`${HOSTILE_CARD} button.similar`));
    assert.deepEqual(await shownIds(page), cliSimilar("2404.66601", HOSTILE_FEEDS).ids);
    assert.match(await page.textContent("#view-title"), /^Papers similar to “Hostile <script>window\.__pwned=1<\/script> title/);
    await assertInert(page);
    await finish();
  });

  test("a --query/--since bundle holds exactly the CLI's matches and says what it selected", async () => {
    const { page, finish } = await openBundle("selected");
    const expected = cliSearch(`+(${SELECTION.query}) listed:>=${SELECTION.since}`, { limit: 1000 });
    assert.deepEqual(expected.ids.toSorted(), ["2401.10001", "2406.50005", "2501.70007"]);
    assert.match(bundleReports.selected, new RegExp(`: 3 papers, ${statSync(bundles.selected).size} bytes \\(\\d+ bytes per paper;`));
    assert.equal(await page.textContent("#index-size"), "3 papers indexed.");
    assert.equal(await countWords(page), "3 papers");
    assert.deepEqual((await shownIds(page)).toSorted(), expected.ids.toSorted());
    assert.equal(await page.textContent("#bundle-note"), `Papers matching ${SELECTION.query}, listed since ${SELECTION.since}. ${OFFLINE_NOTE}`);
    assert.equal(await page.title(), "Video and diffusion");
    await andWait(page, () => page.fill("#query", "robot"));
    assert.deepEqual(await shownIds(page), ["2406.50005"]);
    await finish();
  });

  test("a bundle of zero papers opens and says so", async () => {
    const { page, finish } = await openBundle("empty");
    assert.match(bundleReports.empty, /: 0 papers, \d+ bytes \(0 bytes per paper;/);
    assert.equal(await page.textContent("#index-size"), "0 papers indexed.");
    assert.equal(await countWords(page), "0 papers");
    assert.equal(await page.textContent("#results .empty"), "No papers match.");
    assert.equal(await page.textContent("#bundle-note"), `Papers matching zyxwvutsrq. ${OFFLINE_NOTE}`);
    await andWait(page, () => page.fill("#query", "video"));
    assert.equal(await countWords(page), "0 papers");
    await finish();
  });
});

describe("paperfeed bundle refuses bad input", () => {
  test("a bundle whose index is damaged in its first part says so once, whatever parts follow", async () => {
    const html = readFileSync(bundles.many, "latin1");
    const partStart = html.indexOf('<script type="application/octet-stream">') + '<script type="application/octet-stream">'.length;
    assert.ok(html.split('<script type="application/octet-stream">').length - 1 >= 3, "the bundle has several parts");
    const damaged = path.join(folder, "damaged.html");
    writeFileSync(damaged, html.slice(0, partStart + 5000) + "A".repeat(400) + html.slice(partStart + 5400), "latin1");
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
    await page.goto(pathToFileURL(damaged).href);
    await page.waitForFunction(() => document.querySelector("#index-size").textContent !== "", null, { timeout: FIRST_RESULTS_TIMEOUT });
    await page.waitForTimeout(500);  // any later failure would show by now
    const notices = await shownNotices(page);
    assert.equal(notices.length, 1, JSON.stringify(notices));
    assert.match(notices[0], /^The bundle's index could not be loaded \(.+\); add feeds to search them\.$/);
    assert.equal(await page.textContent("#index-size"), "0 papers indexed.");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a bundle file cut short in its index opens, says the index is broken and does not wait for it", async () => {
    const whole = readFileSync(bundles.main);
    const cut = path.join(folder, "cut.html");
    writeFileSync(cut, whole.subarray(0, whole.length - 20000));
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(pathToFileURL(cut).href);
    await page.waitForFunction(() => document.querySelector("#notices .notice"), null, { timeout: FIRST_RESULTS_TIMEOUT });
    const notices = await shownNotices(page);
    assert.equal(notices.length, 1, JSON.stringify(notices));
    assert.match(notices[0], /^The bundle's index could not be loaded \(.*Compressed input was truncated\.\); add feeds to search them\.$/);
    assert.equal(await page.textContent("#index-size"), "0 papers indexed.");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("usage errors exit 2 with a message, a file that is not a template exits 1", () => {
    const out = path.join(folder, "refused.html");
    const refusals = [
      [[MAIN_FEEDS[1]], 2, /bundle needs -o OUT\.html/],
      [[MAIN_FEEDS[1], "-o", out, "--frobnicate"], 2, /unknown option '--frobnicate' for bundle/],
      [[MAIN_FEEDS[1], "-o", out, "--since", "2024-13-01"], 2, /--since takes a date YYYY-MM-DD, not '2024-13-01'/],
      [[MAIN_FEEDS[1], "-o", out, "--since", "2024-02-30"], 2, /--since takes a date YYYY-MM-DD, not '2024-02-30'/],
      [[MAIN_FEEDS[1], "-o", out, "--template", MAIN_FEEDS[1]], 1, /not a bundle template/],
    ];
    for (const [args, status, message] of refusals) {
      const run = cli(["bundle", ...args]);
      assert.equal(run.status, status, `bundle ${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(" "));
      assert.equal(existsSync(out), false, `bundle ${args.join(" ")} wrote nothing`);
    }
    const twice = path.join(folder, "twice.html");
    writeFileSync(twice, "{{paperfeed:title}} {{paperfeed:settings}} {{paperfeed:index}} {{paperfeed:index}}");
    const run = cli(["bundle", MAIN_FEEDS[1], "-o", out, "--template", twice]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /not a bundle template: it must hold \{\{paperfeed:index\}\} exactly once/);
  });
});

/** The file:// URL of a bundle. */
function bundleUrl(name) {
  return pathToFileURL(bundles[name]).href;
}

/** Script types the browser runs. */
const RUNNABLE_SCRIPT = new Set(["", "module", "text/javascript"]);

/**
 * Asserts that nothing the feeds or the title hold ran or became markup: no script set a flag
 * or opened a dialog (finish() checks dialogs), no script element has a src, every script the
 * browser runs is one the page's Content-Security-Policy names by its hash, and no image, bold
 * text or link other than http(s) and the page's own #links exists.
 */
async function assertInert(page) {
  await page.waitForTimeout(200);
  const found = await page.evaluate(() => ({
    pwned: window.__pwned,
    policy: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content,
    scripts: [...document.scripts].map((script) => ({ type: script.type, src: script.getAttribute("src"), text: script.textContent })),
    images: document.images.length,
    bold: document.querySelectorAll("main b").length,
    unsafeLinks: [...document.querySelectorAll("a[href]")].map((link) => link.href)
      .filter((href) => !/^https?:/.test(href) && !href.startsWith(`${location.href.split("#")[0]}#`)),
  }));
  const runnable = found.scripts.filter((script) => RUNNABLE_SCRIPT.has(script.type));
  assert.ok(runnable.some((script) => script.type === "module"), "the page's module script is there");
  for (const script of runnable) {
    const hash = createHash("sha256").update(script.text, "utf8").digest("base64");
    assert.ok(found.policy.includes(`'sha256-${hash}'`), `a script the policy does not name: ${script.text.slice(0, 80)}`);
  }
  assert.deepEqual({
    pwned: found.pwned,
    sources: found.scripts.map((script) => script.src).filter((src) => src !== null),
    images: found.images,
    bold: found.bold,
    unsafeLinks: found.unsafeLinks,
  }, { pwned: undefined, sources: [], images: 0, bold: 0, unsafeLinks: [] });
}
