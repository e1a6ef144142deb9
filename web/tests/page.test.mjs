// The search page in headless Chromium: build/web served by web/serve.mjs, driven with
// playwright-core, answers compared with the engine itself (build/web/paperfeed.mjs in Node)
// and with values of the hand-made fixture feeds. Every test also checks that the page asked
// its server for nothing but the page's own files (as the server saw it), sent no request to
// another host (as the browser and a recording proxy saw it) but the ones the test asked for,
// and violated no Content-Security-Policy.
//
// Run: node --test web/tests/        (needs scripts/build's build/web and /usr/bin/chromium;
// PAPERFEED_WEB=DIR serves another folder)
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { startServer } from "../serve.mjs";
import {
  HOSTILE_CARD, PAGE_SIZE, RICH_FEED_FIRSTS, andWait, assertHostileCardLiteral, countLine, countWords, fixture, fixturesDir,
  launchChromium, proxiedThrough, reload, repo, requireFiles, shownIds, shownNotices, startRecordingProxy, useEveryControl,
  waitForRender, watchPage, watchViolations,
} from "./helpers.mjs";

const webDir = path.resolve(process.env.PAPERFEED_WEB ?? path.join(repo, "build/web"));

/** Papers of the default corpus (examples/data/hf-papers-page.txt). */
const DEFAULT_PAPERS = 263;
/** Papers of fixtures/rich-feed.jsonl, all new to the default corpus. */
const RICH_PAPERS = 8;
/** The page's files: all it ever asks its server for, each once per load. */
const PAGE_FILES = ["/", "/style.css", "/app.js", "/worker.js", "/paperfeed.mjs", "/paperfeed.wasm", "/default.pfi"];
/** The notices of the page about what it keeps in localStorage. */
const STORAGE_NOTICES = {
  starred: "The list of your starred papers saved in this browser was unreadable and has been reset.",
  read: "The list of your read papers saved in this browser was unreadable and has been reset.",
  shortcuts: "The setting of the single-key shortcuts saved in this browser was unreadable and has been reset.",
  filtersPanel: "The setting of the sort and filters panel saved in this browser was unreadable and has been reset.",
  refused: "This browser does not let the page keep your stars, read marks and settings; they last until you close the page.",
  notSaved: "Your browser refused to save the change; changes last until you close the page.",
};

let server;
/**
 * The requests the test server received, "GET /path", as the server saw them (the browser's
 * request events leave out some, requests for /favicon.ico among them).
 */
const served = [];
/** The proxy every page's requests to other hosts go to. */
let proxy;
let browser;
/** The engine's class (build/web/paperfeed.mjs in Node). */
let PaperFeed;
/** The engine on the default index, for expected answers. */
let engine;
/** The engine on the default index plus the rich fixture feed. */
let richEngine;

before(async () => {
  requireFiles([
    [path.join(webDir, "index.html"), "the built page is missing: run scripts/build (or scripts/test) first"],
    [path.join(webDir, "paperfeed.mjs"), "the wasm module is missing from the built page: run scripts/build first"],
    [path.join(webDir, "default.pfi"), "the default index is missing from the built page: run scripts/build first"],
  ]);
  ({ PaperFeed } = await import(pathToFileURL(path.join(webDir, "paperfeed.mjs")).href));
  const defaultIndex = await readFile(path.join(webDir, "default.pfi"));
  engine = await PaperFeed.load({ index: defaultIndex });
  richEngine = await PaperFeed.load({ index: defaultIndex });
  richEngine.addFeed(await readFile(fixture("rich-feed.jsonl")));
  server = await startServer({ root: webDir, port: 0 });
  diagnostics.subscribe("http.server.request.start", ({ request, server: receiver }) => {
    if (receiver.address()?.port === server.port) served.push(`${request.method} ${request.url}`);
  });
  proxy = await startRecordingProxy();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await proxy?.close();
  engine?.free();
  richEngine?.free();
});

/**
 * Opens the page in a fresh browser context (empty localStorage) and waits for its first
 * results. `session.finish()` closes it after checking that the page asked its server for its
 * own files only (PAGE_FILES); sent no request to another host (seen by the browser's request
 * events, as websockets, or by the recording proxy) except the `allowed` URLs (at the proxy,
 * their hosts: a paper's page opened in a new tab asks for its icon); violated no
 * Content-Security-Policy; opened no dialog; had no script error; and shows the
 * `expectedNotices`. `session.served()` lists the requests the server received since the
 * session opened, `session.proxiedNow()` the ones the proxy received.
 * @param {string} [hash] the URL hash to open, "#q=video"
 * @param {{viewport?: object, colorScheme?: string, initScript?: Function, initArg?: any, bypassCSP?: boolean}} [options]
 *        bypassCSP: the browser ignores the page's Content-Security-Policy, so that only the
 *        page's own code decides what it requests
 */
async function openPage(hash = "", options = {}) {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1200, height: 900 },
    colorScheme: options.colorScheme ?? "light",
    proxy: proxiedThrough(proxy),
    bypassCSP: options.bypassCSP ?? false,
  });
  const servedFrom = served.length;
  const proxiedFrom = proxy.seen.length;
  const session = {
    context, requests: [], violations: [], dialogs: [], errors: [], allowed: new Set(), expectedNotices: [],
    served: () => served.slice(servedFrom),
    proxiedNow: () => proxy.seen.slice(proxiedFrom),
  };
  context.on("request", (request) => session.requests.push(request.url()));
  context.on("page", (page) => {
    watchPage(session, page);
    page.on("websocket", (socket) => session.requests.push(socket.url()));
  });
  await context.exposeBinding("reportViolation", (source, violation) => session.violations.push(violation));
  await context.addInitScript(watchViolations);
  if (options.initScript) await context.addInitScript(options.initScript, options.initArg);
  session.page = await context.newPage();
  await session.page.goto(server.url + hash);
  await waitForRender(session.page, 0);
  session.finish = async () => {
    const notices = await shownNotices(session.page);
    const foreign = session.requests.filter((url) => !url.startsWith(server.url) && !url.startsWith("blob:") && !session.allowed.has(url));
    await context.close();
    assert.deepEqual(session.served().filter((line) => !PAGE_FILES.some((file) => line === `GET ${file}`)), [],
      "requests to the server for other than the page's files");
    assert.deepEqual(foreign, [], "requests to other servers");
    const allowedHosts = new Set([...session.allowed].map((url) => new URL(url).hostname));
    const proxied = proxy.seen.slice(proxiedFrom).filter((line) => !allowedHosts.has(proxiedHost(line)));
    assert.deepEqual(proxied, [], "requests that reached the proxy");
    assert.deepEqual(session.violations, [], "Content-Security-Policy violations");
    assert.deepEqual(session.dialogs, [], "dialogs");
    assert.deepEqual(session.errors, [], "script errors and console errors");
    assert.deepEqual(notices, session.expectedNotices, "notices shown");
  };
  return session;
}

/** The host a line of the proxy names ("CONNECT arxiv.org:443", "GET http://feeds.example/x" → "feeds.example"). */
function proxiedHost(line) {
  const [method, target] = line.split(" ");
  return new URL(method === "CONNECT" ? `https://${target}` : target).hostname;
}

/** The paths of the requests the server received, sorted ("GET /app.js" → "/app.js"). */
function servedPaths(lines) {
  return lines.map((line) => line.replace(/^GET /, "")).toSorted();
}

/** Waits until the page shows the results, counts and facets of a query. */
async function waitForQuery(page, query) {
  await page.waitForFunction((wanted) => {
    const list = document.querySelector("#results");
    return list.dataset.query === wanted && list.dataset.counted === wanted;
  }, query);
}

/** The number at the start of the result count ("263 papers · 0.1 ms" → 263). */
async function shownTotal(page) {
  return Number((await countLine(page)).match(/^\d+/)[0]);
}

/** Adds fixture files through the file input and waits for the results drawn after them. */
async function addFiles(page, names) {
  await andWait(page, () => page.setInputFiles("#feed-files", names.map(fixture)));
}

/**
 * The contrast ratio (WCAG) of an element's text against the page background, taking the
 * opacity of the element and its ancestors into account. Runs in the page.
 */
function contrastWithPage(node) {
  const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
  let opacity = 1;
  for (let at = node; at; at = at.parentElement) opacity *= Number(getComputedStyle(at).opacity);
  const background = rgb(getComputedStyle(document.body).backgroundColor);
  const text = rgb(getComputedStyle(node).color).map((value, i) => value * opacity + background[i] * (1 - opacity));
  const luminance = (colour) => colour.map((value) => {
    const channel = value / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, channel, i) => sum + channel * [0.2126, 0.7152, 0.0722][i], 0);
  const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Runs in the page: records in `window.drawn` each drawing of the result list (`draws`: the
 * query of the results shown and the query whose counts and facets are shown, undefined while
 * they are on their way) and, in `announced`, the query shown each time the count heard by
 * screen readers changed.
 */
function recordDraws() {
  const list = document.querySelector("#results");
  window.drawn = { draws: [], announced: [] };
  new MutationObserver(() => window.drawn.draws.push({ query: list.dataset.query, counted: list.dataset.counted }))
    .observe(list, { attributes: true, attributeFilter: ["data-renders", "data-counted"] });
  new MutationObserver(() => window.drawn.announced.push(list.dataset.query))
    .observe(document.querySelector("#result-count .visually-hidden"), { childList: true, characterData: true, subtree: true });
}

/**
 * Runs in the page before its scripts: holds back the second answer of every two-part worker
 * answer (a search's counts and facets) by `delay` ms, so that it arrives after the answers to
 * later keystrokes; counts those delivered in `window.lateCounts`.
 */
function delaySecondAnswers(delay) {
  const NativeWorker = window.Worker;
  window.lateCounts = 0;
  window.Worker = class extends NativeWorker {
    set onmessage(handler) {
      const twoPart = new Set();
      super.onmessage = (event) => {
        const { id, more, ok } = event.data;
        if (more) twoPart.add(id);
        if (more || !twoPart.delete(id)) {
          handler(event);
          return;
        }
        setTimeout(() => {
          if (ok) window.lateCounts++;
          handler(event);
        }, delay);
      };
    }
  };
}

/**
 * Runs in the page before its scripts, on a session's first load only: writes `entries` into
 * localStorage (a value `{huge: n}` is n characters that are no JSON).
 * @param {Record<string, string|{huge: number}>} entries
 */
function seedStorage(entries) {
  if (location.protocol !== "http:" || sessionStorage.getItem("seeded")) return;
  for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, typeof value === "string" ? value : "x".repeat(value.huge));
  sessionStorage.setItem("seeded", "1");
}

/** Runs in the page before its scripts: localStorage throws, as when the browser blocks site data. */
function disableStorage() {
  Object.defineProperty(window, "localStorage", {
    configurable: true,
    get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
  });
}

/** Runs in the page before its scripts: localStorage reads but refuses to save, as when full. */
function refuseSaving() {
  Storage.prototype.setItem = function setItem() {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  };
}

/** The ids the engine returns for a query, as many as the page shows. */
function engineIds(pf, query, options = {}) {
  return pf.search(query, { limit: PAGE_SIZE, ...options }).hits.map((hit) => hit.id);
}

describe("the search page", () => {
  test("loads the default corpus with semantic, labelled controls", async () => {
    const { page, finish } = await openPage();
    assert.equal(await page.textContent("#index-size"), `${DEFAULT_PAPERS} papers indexed.`);
    assert.match(await countLine(page), new RegExp(`^${DEFAULT_PAPERS} papers · \\d+\\.\\d ms$`));
    assert.equal(await page.textContent("#result-count .visually-hidden"), await countLine(page), "the final count is announced");
    assert.deepEqual(await shownIds(page), engineIds(engine, ""));
    assert.equal(await page.getAttribute("#query", "type"), "search");
    assert.equal(await page.getAttribute("#feed-files", "type"), "file");
    assert.equal(await page.getAttribute("#feed-files", "multiple"), "");
    assert.equal(await page.getAttribute("#result-count", "role"), "status");
    assert.equal(await page.getAttribute("#result-count", "aria-live"), "polite");
    assert.equal(await page.$$eval("#results article h3 a[href]", (links) => links.length), PAGE_SIZE);
    const unlabelled = await page.$$eval("input, select, button", (controls) => controls
      .filter((control) => !(control.labels?.length || control.getAttribute("aria-label") || control.textContent.trim()))
      .map((control) => control.id || control.name || control.tagName));
    assert.deepEqual(unlabelled, []);
    const labelIgnored = await page.$$eval("[aria-label]", (list) => list
      .filter((node) => ["DIV", "SPAN", "P"].includes(node.tagName) && !node.getAttribute("role"))
      .map((node) => node.id || node.className));
    assert.deepEqual(labelIgnored, [], "aria-label on elements without a role");
    const title = await page.textContent("#results article h3");
    assert.deepEqual(await page.$$eval("#results article:first-child .actions button", (list) => list.map((button) => button.getAttribute("aria-label"))),
      [`Star: ${title}`, `Similar: ${title}`, `Mark read: ${title}`]);
    assert.match(await page.textContent("#query-help"), /has:code/);
    await andWait(page, () => page.click("#more"));
    assert.deepEqual(await shownIds(page), engineIds(engine, "", { limit: 2 * PAGE_SIZE }));
    await finish();
  });

  test("searches as you type, dropping answers to older keystrokes", async () => {
    const { page, finish } = await openPage();
    await andWait(page, () => page.fill("#query", "video"));
    assert.equal(await shownTotal(page), 7);
    assert.deepEqual(await shownIds(page), engineIds(engine, "video"));
    assert.equal(await page.textContent("#results article h3"), "Adapt2Reward: Adapting Video-Language Models to Generalizable Robotic Rewards via Failure Prompts");
    assert.equal(await page.textContent("#results article h3 mark"), "Video");
    assert.match(page.url(), /#q=video$/);

    await andWait(page, () => page.fill("#query", ""));
    await page.evaluate(recordDraws);
    await page.type("#query", "reinforcement learning reward", { delay: 5 });
    await waitForQuery(page, "reinforcement learning reward");
    const { draws, announced } = await page.evaluate(() => window.drawn);
    assert.ok(draws.length >= 2);
    draws.forEach(({ query, counted }, i) => {
      assert.ok("reinforcement learning reward".startsWith(query), `drew "${query}", not a keystroke of the text`);
      if (i > 0) assert.ok(query.length >= draws[i - 1].query.length, `drew "${query}" after "${draws[i - 1].query}"`);
      if (counted !== undefined) assert.equal(counted, query, "counts drawn over the results of another query");
    });
    assert.equal(new Set(announced).size, announced.length, `a query's count was announced twice: ${announced.join(" | ")}`);
    assert.equal(announced.at(-1), "reinforcement learning reward");
    const expected = engine.search("reinforcement learning reward", { limit: PAGE_SIZE });
    assert.equal(await shownTotal(page), expected.total);
    assert.equal(await page.textContent("#result-count .visually-hidden"), await countLine(page));
    assert.deepEqual(await shownIds(page), expected.hits.map((hit) => hit.id));

    await andWait(page, () => page.fill("#query", "difusion"));
    assert.equal(await page.textContent("#query-notes"), "Did you mean diffusion? ");
    await andWait(page, () => page.click("#query-notes button"));
    assert.equal(await page.inputValue("#query"), "diffusion");
    assert.equal(await shownTotal(page), engine.search("diffusion").total);
    await andWait(page, () => page.check("#has-code"));
    await andWait(page, () => page.fill("#query", "transformr"));
    assert.equal(await page.textContent("#query-notes button"), "transform");
    await finish();
  });

  test("the counts and facets of an older keystroke never land on newer results", async () => {
    const { page, finish } = await openPage("", { initScript: delaySecondAnswers, initArg: 400 });
    await addFiles(page, ["rich-feed.jsonl"]);
    await page.evaluate(recordDraws);
    await page.evaluate(() => { window.lateCounts = 0; });
    await page.type("#query", "video", { delay: 20 });
    await waitForQuery(page, "video");
    const { draws } = await page.evaluate(() => window.drawn);
    assert.ok(await page.evaluate(() => window.lateCounts) >= 2, "counts of older keystrokes arrived after newer results");
    for (const { query, counted } of draws) {
      if (counted !== undefined) assert.equal(counted, query, "counts drawn over the results of another query");
    }
    const { facets } = richEngine.search("video", { limit: 0, facets: true, facetLimit: 1000 });
    assert.ok(facets.categories.length >= 3);
    assert.deepEqual(await page.$$eval("#category option", (list) => list.map((option) => option.textContent)),
      ["Any category", ...facets.categories.map(({ value, count }) => `${value} (${count})`)]);
    assert.equal(await page.textContent("#code-count"), `(${facets.has_code.find((facet) => facet.value === "true").count})`);
    assert.deepEqual(await page.$$eval("#year-facets button", (list) => list.map((button) => button.textContent)),
      facets.year.slice(0, 20).map(({ value, count }) => `${value} (${count})`));
    assert.deepEqual(await page.$$eval("#author-facets button", (list) => list.map((button) => button.textContent)),
      facets.authors.slice(0, 8).map(({ value, count }) => `${value} (${count})`));
    assert.equal(await shownTotal(page), richEngine.search("video").total);
    await finish();
  });

  test("each sort orders like the engine", async () => {
    const { page, finish } = await openPage();
    await addFiles(page, ["rich-feed.jsonl"]);
    assert.equal(await shownTotal(page), DEFAULT_PAPERS + RICH_PAPERS);
    for (const sort of ["relevance", "trending", "recent", "upvotes", "stars"]) {
      if (sort !== "relevance") await andWait(page, () => page.selectOption("#sort", sort));
      const ids = await shownIds(page);
      assert.deepEqual(ids, engineIds(richEngine, "", { sort }), sort);
      if (RICH_FEED_FIRSTS[sort]) assert.deepEqual(ids.slice(0, RICH_FEED_FIRSTS[sort].length), RICH_FEED_FIRSTS[sort], sort);
    }
    await andWait(page, () => page.fill("#query", "diffusion"));
    assert.deepEqual(await shownIds(page), engineIds(richEngine, "diffusion", { sort: "stars" }));
    assert.match(page.url(), /#q=diffusion&sort=stars$/);
    await finish();
  });

  test("each filter narrows the results and shows facet counts", async () => {
    const { page, finish } = await openPage();
    await addFiles(page, ["rich-feed.jsonl"]);
    const options = await page.$$eval("#category option", (list) => list.map((option) => option.textContent));
    assert.deepEqual(options.slice(0, 3), ["Any category", "cs.LG (4)", "cs.CL (3)"]);
    assert.equal(await page.textContent("#code-count"), `(${engine.search("has:code").total + 4})`);

    await andWait(page, () => page.selectOption("#category", "cs.LG"));
    assert.deepEqual(await shownIds(page), ["2401.10001", "2402.20002", "2406.50005", "2501.70007"]);
    assert.equal(await page.textContent("#code-count"), "(3)");
    assert.ok((await page.$$eval("#category option", (list) => list.map((option) => option.textContent))).includes("cs.CL (3)"),
      "the category facet counts without its own filter");

    await andWait(page, () => page.check("#has-code"));
    assert.deepEqual(await shownIds(page), ["2401.10001", "2406.50005", "2501.70007"]);
    assert.equal(await page.textContent("#code-count"), "(3)");

    await andWait(page, () => page.fill("#min-upvotes", "30"));
    assert.deepEqual(await shownIds(page), ["2401.10001", "2406.50005"]);

    await andWait(page, () => page.fill("#date-from", "2024-06-01"));
    assert.deepEqual(await shownIds(page), ["2406.50005"]);
    await andWait(page, () => page.fill("#date-from", ""));

    await andWait(page, () => page.fill("#exclude", "robot"));
    assert.deepEqual(await shownIds(page), ["2401.10001"]);
    assert.equal(await page.getAttribute("#results", "data-query"), "+cat:cs.LG has:code upvotes:>=30 -robot");

    await andWait(page, () => page.fill("#query", "video"));
    assert.equal(await page.getAttribute("#results", "data-query"), "+cat:cs.LG has:code upvotes:>=30 -robot +(video)");
    assert.deepEqual(await shownIds(page), ["2401.10001"]);

    await andWait(page, () => page.click("#clear-filters"));
    assert.deepEqual(await shownIds(page), engineIds(richEngine, "video"));
    await andWait(page, () => page.fill("#date-to", "2023-12-31"));
    assert.deepEqual(await shownIds(page), ["2311.40004"]);
    assert.deepEqual(await page.$$eval("#year-facets button", (list) => list.map((button) => button.textContent)), ["2023 (1)"]);
    await finish();
  });

  test("the URL carries query, sort and filters, and restores them", async () => {
    const hash = "#q=learning&sort=recent&code=1&exclude=language";
    const { page, finish } = await openPage(hash);
    assert.equal(await page.inputValue("#query"), "learning");
    assert.equal(await page.inputValue("#sort"), "recent");
    assert.equal(await page.isChecked("#has-code"), true);
    assert.equal(await page.inputValue("#exclude"), "language");
    const expected = engine.search("has:code -language +(learning)", { sort: "recent", limit: PAGE_SIZE });
    assert.equal(await shownTotal(page), expected.total);
    assert.deepEqual(await shownIds(page), expected.hits.map((hit) => hit.id));

    await andWait(page, () => page.fill("#min-upvotes", "5"));
    await andWait(page, () => page.fill("#date-from", "2024-01-01"));
    await andWait(page, () => page.fill("#date-to", "2024-12-31"));
    await andWait(page, () => page.selectOption("#sort", "upvotes"));
    assert.equal(new URL(page.url()).hash, "#q=learning&sort=upvotes&from=2024-01-01&to=2024-12-31&code=1&upvotes=5&exclude=language");
    const shared = await openPage(new URL(page.url()).hash);
    for (const id of ["#query", "#sort", "#date-from", "#date-to", "#min-upvotes", "#exclude"]) {
      assert.equal(await shared.page.inputValue(id), await page.inputValue(id), id);
    }
    assert.equal(await countWords(shared.page), "0 papers");
    await shared.finish();

    await page.goto(server.url + "#cat=cs.CV&q=%22diffusion%20model%22");
    await waitForQuery(page, '+cat:cs.CV +("diffusion model")');
    assert.equal(await page.inputValue("#category"), "cs.CV");
    assert.equal(await page.inputValue("#query"), '"diffusion model"');
    await finish();
  });

  test("a starred paper stays starred after a reload and feeds For you", async () => {
    const { page, finish } = await openPage();
    assert.equal(await page.$eval('#sort option[value="foryou"]', (option) => option.disabled), true);
    assert.match(await page.textContent("#for-you-hint"), /Star papers/);
    const [first, second] = await shownIds(page);
    await page.click(`article[data-id="${first}"] button.star`);
    assert.equal(await page.getAttribute(`article[data-id="${first}"] button.star`, "aria-pressed"), "true");
    await reload(page);
    assert.equal(await page.getAttribute(`article[data-id="${first}"] button.star`, "aria-pressed"), "true");
    assert.equal(await page.getAttribute(`article[data-id="${second}"] button.star`, "aria-pressed"), "false");
    assert.equal(await page.$eval('#sort option[value="foryou"]', (option) => option.disabled), false);

    await andWait(page, () => page.selectOption("#sort", "foryou"));
    const expected = engine.recommend([first], { limit: PAGE_SIZE });
    assert.deepEqual(await shownIds(page), expected.hits.map((hit) => hit.id));
    assert.match(await page.textContent("#view-title"), /Recommended from your 1 starred paper\./);
    assert.equal(await shownTotal(page), expected.total);
    await finish();
  });

  test("Similar shows the papers like one, and Back returns to the search", async () => {
    const { page, finish } = await openPage("#q=reward");
    const before = await shownIds(page);
    const title = await page.textContent(`article[data-id="${before[0]}"] h3`);
    await andWait(page, () => page.click(`article[data-id="${before[0]}"] button.similar`));
    assert.deepEqual(await shownIds(page), engine.similar(before[0], { limit: PAGE_SIZE }).hits.map((hit) => hit.id));
    assert.equal(await page.textContent("#view-title"), `Papers similar to “${title}”. The query and filters do not apply here.`);
    assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get("similar"), before[0]);
    await andWait(page, () => page.click("#view-back"));
    assert.deepEqual(await shownIds(page), before);
    assert.equal(await page.isHidden("#view-banner"), true);
    assert.equal(new URL(page.url()).hash, "#q=reward");

    await andWait(page, () => page.click(`article[data-id="${before[1]}"] button.similar`));
    assert.equal(await page.isVisible("#view-banner"), true);
    await andWait(page, () => page.fill("#query", "video"));
    assert.equal(await page.isHidden("#view-banner"), true, "typing a query leaves the similar papers");
    assert.deepEqual(await shownIds(page), engineIds(engine, "video"));
    assert.equal(new URL(page.url()).hash, "#q=video");
    await finish();
  });

  test("marking a paper read hides it until Show read is on, across reloads", async () => {
    const { page, finish } = await openPage();
    const [first, second] = await shownIds(page);
    await andWait(page, () => page.click(`article[data-id="${first}"] button.read`));
    assert.equal((await shownIds(page))[0], second);
    assert.equal(await countWords(page), `${DEFAULT_PAPERS - 1} papers (1 read hidden)`);
    await reload(page);
    assert.equal((await shownIds(page))[0], second);
    await andWait(page, () => page.check("#show-read"));
    assert.equal((await shownIds(page))[0], first);
    assert.equal(await page.getAttribute(`article[data-id="${first}"]`, "class"), "card is-read");
    assert.equal(await page.getAttribute(`article[data-id="${first}"] button.read`, "aria-pressed"), "true");
    const parts = await page.$$(`article[data-id="${first}"] :is(h3 a, p)`);
    const ratios = await Promise.all(parts.map(async (part) => [await part.evaluate((node) => node.className || node.tagName), await part.evaluate(contrastWithPage)]));
    assert.ok(ratios.length >= 2);
    for (const [part, ratio] of ratios) assert.ok(ratio >= 4.5, `${part} of a read card: contrast ${ratio.toFixed(2)}`);
    await andWait(page, () => page.click(`article[data-id="${first}"] button.read`));
    await andWait(page, () => page.uncheck("#show-read"));
    assert.equal((await shownIds(page))[0], first);
    await finish();
  });

  test("stars and read marks survive reloads and a new default index, and stay kept for papers that left it", async () => {
    const session = await openPage("#sort=upvotes");
    const { page, context, finish } = session;
    await addFiles(page, ["rich-feed.jsonl"]);
    const shown = await shownIds(page);
    const richIds = new Set(RICH_FEED_FIRSTS.recent);
    const [stayingRich, leavingRich] = [shown[0], shown[2]];
    const [staying, stayingRead, leaving, leavingRead] = shown.filter((id) => !richIds.has(id));
    assert.ok(richIds.has(stayingRich) && richIds.has(leavingRich) && leavingRead !== undefined);
    for (const id of [stayingRich, staying, leaving]) await page.click(`article[data-id="${id}"] button.star`);
    for (const id of [leavingRich, stayingRead, leavingRead]) await andWait(page, () => page.click(`article[data-id="${id}"] button.read`));
    const storedLists = () => page.evaluate(() => [localStorage.getItem("paperfeed.starred"), localStorage.getItem("paperfeed.read")].map((text) => JSON.parse(text)));
    const kept = [[stayingRich, staying, leaving], [leavingRich, stayingRead, leavingRead]];
    assert.deepEqual(await storedLists(), kept);

    // A reload: the added feed is gone, its papers' marks are kept.
    await reload(page);
    assert.deepEqual(await storedLists(), kept);
    assert.equal(await countWords(page), `${DEFAULT_PAPERS - 2} papers (2 read hidden)`);
    for (const id of [staying, leaving]) assert.equal(await page.getAttribute(`article[data-id="${id}"] button.star`, "aria-pressed"), "true", id);
    await andWait(page, () => page.selectOption("#sort", "foryou"));
    assert.deepEqual(await shownIds(page), engine.recommend([stayingRich, staying, leaving], { limit: PAGE_SIZE + 3 }).hits
      .map((hit) => hit.id).filter((id) => id !== stayingRead && id !== leavingRead).slice(0, PAGE_SIZE));

    // The site's index is updated: two of its papers leave it, the rich feed's papers but one join it.
    const defaultIds = engine.search("", { limit: 1000 }).hits.map((hit) => hit.id);
    const updated = await PaperFeed.load();
    updated.addFeed(engine.exportPapers(defaultIds.filter((id) => id !== leaving && id !== leavingRead), "json"));
    const richLines = (await readFile(fixture("rich-feed.jsonl"), "utf8")).split("\n").filter((line) => line && !line.includes(`"${leavingRich}"`));
    updated.addFeed(richLines.join("\n"));
    assert.equal(updated.size, DEFAULT_PAPERS - 2 + RICH_PAPERS - 1);
    const updatedIndex = Buffer.from(updated.exportIndex());
    await context.route(`${server.url}default.pfi`, (route) => route.fulfill({ body: updatedIndex, contentType: "application/octet-stream" }));
    try {
      await reload(page);
      assert.equal(await page.textContent("#index-size"), `${updated.size} papers indexed.`);
      assert.deepEqual(await storedLists(), kept, "no mark dropped, not even of the papers that left");
      assert.deepEqual(await shownIds(page), updated.recommend([stayingRich, staying, leaving], { limit: PAGE_SIZE + 3 }).hits
        .map((hit) => hit.id).filter((id) => id !== stayingRead).slice(0, PAGE_SIZE));
      await andWait(page, () => page.selectOption("#sort", "upvotes"));
      assert.equal(await countWords(page), `${updated.size - 1} papers (1 read hidden)`);
      for (const id of [stayingRich, staying]) assert.equal(await page.getAttribute(`article[data-id="${id}"] button.star`, "aria-pressed"), "true", id);
      assert.equal(await page.$$eval(`article[data-id="${stayingRead}"]`, (list) => list.length), 0, "a read paper still hidden");
      await page.click(`article[data-id="${staying}"] button.star`);
      assert.deepEqual((await storedLists())[0], [stayingRich, leaving], "a change keeps the marks of the papers that left");
      await page.click(`article[data-id="${stayingRich}"] button.star`);
      await andWait(page, () => page.selectOption("#sort", "foryou"));
      assert.equal(await page.textContent("#results .empty"),
        "None of your starred papers is in the loaded feeds; add their feeds again or star others.");
      await andWait(page, () => page.evaluate((id) => { location.hash = `#similar=${id}`; }, leaving));
      assert.equal(await page.textContent("#results .empty"), `No paper with the id “${leaving}” is in the loaded feeds.`);
    } finally {
      updated.free();
    }
    await finish();
  });

  test("every unreadable entry the page keeps is reset with a notice, and the page works", async () => {
    const keys = ["paperfeed.starred", "paperfeed.read", "paperfeed.shortcuts", "paperfeed.filtersPanel"];
    const cases = [
      { "paperfeed.starred": "{not json", "paperfeed.read": '{"2401.00001": true}', "paperfeed.shortcuts": "maybe", "paperfeed.filtersPanel": '"closed"' },
      { "paperfeed.starred": "null", "paperfeed.read": '["2401.00001", null]', "paperfeed.shortcuts": "", "paperfeed.filtersPanel": "CLOSED" },
      { "paperfeed.starred": "[1, 2]", "paperfeed.read": '"2401.00001"', "paperfeed.shortcuts": "off ", "paperfeed.filtersPanel": "[]" },
      { "paperfeed.starred": { huge: 1_000_000 }, "paperfeed.read": "[[]]", "paperfeed.shortcuts": { huge: 1_000_000 }, "paperfeed.filtersPanel": "{}" },
    ];
    for (const entries of cases) {
      const session = await openPage("", { initScript: seedStorage, initArg: entries });
      const { page, finish } = session;
      session.expectedNotices = [STORAGE_NOTICES.starred, STORAGE_NOTICES.read, STORAGE_NOTICES.shortcuts, STORAGE_NOTICES.filtersPanel];
      assert.deepEqual(await page.evaluate((list) => list.map((key) => localStorage.getItem(key)), keys), [null, null, null, null], "every entry reset");
      assert.equal(await page.isChecked("#shortcuts"), true, "the shortcuts are on, as by default");
      assert.equal(await page.getAttribute("#filters-toggle", "aria-expanded"), "true", "the panel is open, as by default");
      assert.equal(await shownTotal(page), DEFAULT_PAPERS);
      const [first, second] = await shownIds(page);
      await page.click(`article[data-id="${first}"] button.star`);
      await andWait(page, () => page.click(`article[data-id="${second}"] button.read`));
      assert.deepEqual(await page.evaluate(() => [localStorage.getItem("paperfeed.starred"), localStorage.getItem("paperfeed.read")]),
        [JSON.stringify([first]), JSON.stringify([second])]);
      await reload(page);
      assert.deepEqual(await shownNotices(page), [], "no notice once the entries are readable again");
      assert.equal(await page.getAttribute(`article[data-id="${first}"] button.star`, "aria-pressed"), "true");
      assert.equal(await countWords(page), `${DEFAULT_PAPERS - 1} papers (1 read hidden)`);
      session.expectedNotices = [];
      await finish();
    }
  });

  test("huge lists of ids are kept and used, whatever papers they name", async () => {
    const [first, second, third] = engineIds(engine, "");
    const many = (from) => Array.from({ length: 60_000 }, (_, i) => `2301.${String(from + i).padStart(5, "0")}`);
    const starred = [...many(0), first];
    const read = [...many(60_000), second];
    const { page, finish } = await openPage("", {
      initScript: seedStorage,
      initArg: { "paperfeed.starred": JSON.stringify(starred), "paperfeed.read": JSON.stringify(read), "paperfeed.filtersPanel": "closed" },
    });
    assert.equal(await page.getAttribute("#filters-toggle", "aria-expanded"), "false", "a valid setting is kept");
    assert.equal(await countWords(page), `${DEFAULT_PAPERS - 1} papers (1 read hidden)`);
    assert.equal(await page.getAttribute(`article[data-id="${first}"] button.star`, "aria-pressed"), "true");
    await andWait(page, () => page.click(`article[data-id="${third}"] button.read`));
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("paperfeed.read")));
    assert.deepEqual(stored, [...read, third]);
    await andWait(page, () => page.fill("#query", "learning"));
    const matchesRead = engine.search(`+(id:"${second}" OR id:"${third}") +(learning)`, { limit: 0 }).total;
    assert.equal(await shownTotal(page), engine.search("learning").total - matchesRead);
    await andWait(page, () => page.selectOption("#sort", "foryou"));
    assert.deepEqual(await shownIds(page), engine.recommend([first], { limit: PAGE_SIZE + 2 }).hits.map((hit) => hit.id)
      .filter((id) => id !== second && id !== third).slice(0, PAGE_SIZE));
    await finish();
  });

  test("storage the browser does not allow: one notice, stars and read marks kept for the visit", async () => {
    const session = await openPage("", { initScript: disableStorage });
    const { page, finish } = session;
    session.expectedNotices = [STORAGE_NOTICES.refused];
    const [first, second, third] = await shownIds(page);
    await page.click(`article[data-id="${first}"] button.star`);
    await page.click(`article[data-id="${second}"] button.star`);
    await andWait(page, () => page.click(`article[data-id="${third}"] button.read`));
    assert.deepEqual(await page.$$eval("#results button.star[aria-pressed=true]", (list) => list.map((button) => button.closest("article").dataset.id)),
      [first, second]);
    assert.equal(await countWords(page), `${DEFAULT_PAPERS - 1} papers (1 read hidden)`);
    await page.click("#query-help summary");
    await page.uncheck("#shortcuts");
    assert.deepEqual(await shownNotices(page), [STORAGE_NOTICES.refused], "told once");
    await reload(page);
    assert.equal(await page.getAttribute(`article[data-id="${first}"] button.star`, "aria-pressed"), "false", "kept for the visit only");
    await finish();
  });

  test("storage that refuses to save (full): one notice, no change undone by the next", async () => {
    const session = await openPage("", { initScript: refuseSaving });
    const { page, finish } = session;
    const [first, second, third] = await shownIds(page);
    await page.click(`article[data-id="${first}"] button.star`);
    session.expectedNotices = [STORAGE_NOTICES.notSaved];
    await page.click(`article[data-id="${second}"] button.star`);
    await andWait(page, () => page.click(`article[data-id="${third}"] button.read`));
    assert.deepEqual(await page.$$eval("#results button.star[aria-pressed=true]", (list) => list.map((button) => button.closest("article").dataset.id)),
      [first, second], "the first star stays after the second");
    assert.equal(await countWords(page), `${DEFAULT_PAPERS - 1} papers (1 read hidden)`);
    await page.click(`article[data-id="${first}"] button.star`);
    assert.equal(await page.getAttribute(`article[data-id="${second}"] button.star`, "aria-pressed"), "true");
    assert.equal(await page.getAttribute(`article[data-id="${first}"] button.star`, "aria-pressed"), "false");
    assert.deepEqual(await page.evaluate(() => [localStorage.getItem("paperfeed.starred"), localStorage.getItem("paperfeed.read")]), [null, null]);
    await finish();
  });

  test("feeds added by file input and by drag and drop, with progress and a report", async () => {
    const { page, finish } = await openPage();
    await page.evaluate(() => {
      window.progressShown = false;
      new MutationObserver(() => {
        if (!document.querySelector("#feed-progress").hidden) window.progressShown = true;
      }).observe(document.querySelector("#feed-progress"), { attributes: true });
    });
    await addFiles(page, ["rich-feed.jsonl", "hf-daily.json"]);
    assert.equal(await shownTotal(page), DEFAULT_PAPERS + RICH_PAPERS + 1);
    assert.equal(await page.textContent("#index-size"), `${DEFAULT_PAPERS + RICH_PAPERS + 1} papers indexed.`);
    assert.deepEqual(await page.$$eval("#feed-report .feed > p:first-child", (list) => list.map((p) => p.textContent)), [
      "rich-feed.jsonl — paperfeed: 8 added, 0 merged, 0 rejected",
      "hf-daily.json — hf-daily: 1 added, 0 merged, 0 rejected",
    ]);
    assert.equal(await page.evaluate(() => window.progressShown), true);
    assert.equal(await page.isHidden("#feed-progress"), true);

    const dropped = await readFile(fixture("hostile.jsonl"), "latin1");
    await andWait(page, () => page.evaluate((text) => {
      const bytes = Uint8Array.from(text, (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], "dropped.jsonl"));
      transfer.items.add(new File(["not a feed at all"], "notes.txt"));
      for (const type of ["dragenter", "dragover", "drop"]) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    }, dropped));
    assert.equal(await shownTotal(page), DEFAULT_PAPERS + RICH_PAPERS + 1 + 3);
    const reports = await page.$$eval("#feed-report .feed", (list) => list.map((feed) => feed.textContent));
    assert.match(reports[0], /^dropped\.jsonl — paperfeed: 3 added, 0 merged, 0 rejected, 7 invalid UTF-8 sequences repaired$/);
    assert.match(reports[1], /^notes\.txt — not added: .*\[unknown_format\]$/);
    assert.equal(await page.isHidden("#drop-overlay"), true);

    const dropLink = (url) => page.evaluate((link) => {
      const transfer = new DataTransfer();
      transfer.setData("text/uri-list", link);
      const drop = new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true });
      return [document.body.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true })), document.body.dispatchEvent(drop)];
    }, url);
    assert.deepEqual(await dropLink("https://feeds.example/daily.json"), [false, false], "dropping a link does not leave the page");
    assert.equal(await page.inputValue("#feed-url"), "https://feeds.example/daily.json");
    assert.equal(await page.textContent("#feed-report"), "The dropped link is in the feed URL field: press Fetch to add it as a feed.");
    assert.deepEqual(await dropLink("javascript:window.__pwned=1"), [false, false]);
    assert.equal(await page.textContent("#feed-report"), "The dropped link was ignored: only http: and https: feed URLs can be added.");
    assert.equal(await page.inputValue("#feed-url"), "https://feeds.example/daily.json");
    await finish();
  });

  test("a feed fetched from a URL, and a clear message where the site forbids it", async () => {
    const session = await openPage();
    const { page, context, finish } = session;
    const body = await readFile(fixture("hf-daily.json"));
    await context.route("https://feeds.example/daily.json", (route) => route.fulfill({ body, contentType: "application/json", headers: { "Access-Control-Allow-Origin": "*" } }));
    session.allowed.add("https://feeds.example/daily.json");
    await page.fill("#feed-url", "https://feeds.example/daily.json");
    await andWait(page, () => page.click("#feed-url-form button"));
    assert.equal(await shownTotal(page), DEFAULT_PAPERS + 1);
    assert.equal(await page.textContent("#feed-report .feed > p"), "https://feeds.example/daily.json — hf-daily: 1 added, 0 merged, 0 rejected");

    const otherOrigin = await startServer({ root: fixturesDir, port: 0 });
    try {
      const closed = `${otherOrigin.url}rich-feed.jsonl`;
      session.allowed.add(closed);
      await page.fill("#feed-url", closed);
      await page.click("#feed-url-form button");
      await page.waitForSelector("#feed-report .feed.error");
      assert.equal(await page.textContent("#feed-report .feed.error"), `${closed} — not added: the browser could not fetch ${closed}: the site does not allow other pages to read it (CORS), or the network is down. Download the file and add it with the file picker instead.`);
    } finally {
      await otherOrigin.close();
    }
    assert.equal(await page.textContent("#index-size"), `${DEFAULT_PAPERS + 1} papers indexed.`);
    await finish();
  });

  test("exports the current results as BibTeX, RIS, CSV and JSON, and the index as .pfi", async () => {
    const { page, finish } = await openPage("#q=video");
    const ids = engine.search("video", { limit: 100 }).hits.map((hit) => hit.id);
    assert.equal(ids.length, 7);
    const expected = { bibtex: /^@/, ris: /^TY {2}- /, csv: /^id,title,/, json: /^\[/ };
    for (const [format, start] of Object.entries(expected)) {
      await page.selectOption("#export-format", format);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-results")]);
      const text = await readFile(await download.path(), "utf8");
      assert.match(text, start, format);
      assert.equal(text, engine.exportPapers(ids, format), format);
      assert.equal(download.suggestedFilename(), `paperfeed-results.${{ bibtex: "bib", ris: "ris", csv: "csv", json: "json" }[format]}`);
    }

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-index")]);
    assert.equal(download.suggestedFilename(), "paperfeed.pfi");
    const reloaded = await PaperFeed.load({ index: await readFile(await download.path()) });
    assert.equal(reloaded.size, DEFAULT_PAPERS);
    assert.deepEqual(reloaded.search("video").hits.map((hit) => hit.id), engine.search("video").hits.map((hit) => hit.id));
    reloaded.free();
    await finish();
  });

  test("keyboard: / searches, j/k move, s stars, o opens, keys in fields stay there, shortcuts can be turned off", async () => {
    const session = await openPage();
    const { page, context, finish } = session;
    await addFiles(page, ["rich-feed.jsonl"]);
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "query");
    await page.keyboard.type("token pruning j");
    await waitForQuery(page, "token pruning j");
    assert.equal(await page.inputValue("#query"), "token pruning j");
    assert.deepEqual(await shownIds(page), engineIds(richEngine, "token pruning j"));
    await andWait(page, () => page.keyboard.press("Escape"));
    assert.equal(await page.inputValue("#query"), "", "Escape clears the search box");
    assert.equal(await page.evaluate(() => document.activeElement.id), "");
    assert.deepEqual(await shownIds(page), engineIds(richEngine, ""), "the results follow the cleared box");
    assert.equal(new URL(page.url()).hash, "");

    await page.keyboard.press("/");
    await page.keyboard.type("token pruning");
    await waitForQuery(page, "token pruning");
    await page.keyboard.press("Tab");
    const ids = await shownIds(page);
    assert.deepEqual(ids, engineIds(richEngine, "token pruning"));
    const selected = () => page.evaluate(() => [document.querySelector("article.selected")?.dataset.id, document.activeElement.dataset?.id]);
    await page.keyboard.press("j");
    assert.deepEqual(await selected(), [ids[0], ids[0]]);
    await page.keyboard.press("j");
    assert.deepEqual(await selected(), [ids[1], ids[1]]);
    await page.keyboard.press("k");
    assert.deepEqual(await selected(), [ids[0], ids[0]]);
    const outline = await page.$eval("article.selected", (card) => getComputedStyle(card).outlineStyle);
    assert.equal(outline, "solid");
    await page.keyboard.press("s");
    assert.equal(await page.getAttribute(`article[data-id="${ids[0]}"] button.star`, "aria-pressed"), "true");
    assert.equal(ids[0], "2403.30003");

    await context.route("https://arxiv.org/abs/2403.30003", (route) => route.fulfill({ body: "abstract page", contentType: "text/plain" }));
    session.allowed.add("https://arxiv.org/abs/2403.30003");
    const [opened] = await Promise.all([context.waitForEvent("page"), page.keyboard.press("o")]);
    await opened.waitForLoadState();
    assert.equal(opened.url(), "https://arxiv.org/abs/2403.30003");
    await opened.close();

    await page.click("#query-help summary");
    await page.uncheck("#shortcuts");
    await reload(page);
    assert.equal(await page.isChecked("#shortcuts"), false, "the choice is remembered");
    await page.focus("#results");
    await page.keyboard.press("j");
    await page.keyboard.press("/");
    assert.deepEqual(await page.evaluate(() => [document.querySelectorAll("article.selected").length, document.activeElement.id]), [0, "results"]);
    await finish();
  });

  test("filters come before the typed text, so a long text never drops them", async () => {
    const { page, finish } = await openPage();
    await andWait(page, () => page.check("#has-code"));
    const withCode = await shownTotal(page);
    assert.equal(withCode, engine.search("has:code").total);
    await andWait(page, () => page.fill("#query", "learning ".repeat(500)));
    assert.ok((await page.getAttribute("#results", "data-query")).startsWith("has:code +(learning learning "));
    assert.equal(await shownTotal(page), engine.search("has:code +(learning)").total);
    assert.ok(await shownTotal(page) <= withCode);
    await finish();
  });

  test("an excluded phrase stays whole, and invalid dates in the URL are ignored", async () => {
    const { page, finish } = await openPage("#from=2024-13-45&to=2024-02-30&q=model");
    assert.deepEqual([await page.inputValue("#date-from"), await page.inputValue("#date-to")], ["", ""]);
    assert.equal(await page.getAttribute("#results", "data-query"), "model");
    await andWait(page, () => page.fill("#exclude", '"large language" survey -"vision'));
    assert.equal(await page.getAttribute("#results", "data-query"), '-"large language" -survey -"vision" +(model)');
    assert.equal(await shownTotal(page), engine.search('-"large language" -survey -vision +(model)').total);
    assert.notEqual(await shownTotal(page), engine.search("-large -language -survey -vision +(model)").total);
    await finish();
  });

  test("the category select lists every category, not only the 20 most common", async () => {
    const { page, finish } = await openPage();
    await addFiles(page, ["many-categories.jsonl"]);
    const options = await page.$$eval("#category option", (list) => list.map((option) => option.value));
    assert.equal(options.length, 1 + 24);
    assert.ok(options.includes("q-bio.NC") && options.includes("astro-ph.CO"));
    await andWait(page, () => page.selectOption("#category", "q-bio.NC"));
    assert.deepEqual(await shownIds(page), ["2405.90024"]);
    await finish();
  });

  test("the count leaves out read papers among all the matches, not only the ones fetched", async () => {
    const { page, finish } = await openPage();
    await andWait(page, () => page.click("#more"));
    await andWait(page, () => page.click("#more"));
    const read = (await shownIds(page))[60];
    await andWait(page, () => page.click(`article[data-id="${read}"] button.read`));
    const expected = `${DEFAULT_PAPERS - 1} papers (1 read hidden)`;
    assert.equal(await countWords(page), expected);
    await reload(page);
    assert.equal(await page.$$eval("#results article", (list) => list.length), PAGE_SIZE);
    assert.equal(await countWords(page), expected);
    await andWait(page, () => page.fill("#query", "learning"));
    const matchesRead = engine.search(`+(id:"${read}") +(learning)`, { limit: 0 }).total;
    assert.equal(await shownTotal(page), engine.search("learning").total - matchesRead);
    await finish();
  });

  test("stars and read marks made in another tab are kept and shown", async () => {
    const session = await openPage();
    const { page, context, finish } = session;
    const other = await context.newPage();
    await other.goto(server.url);
    await waitForRender(other, 0);
    const [first, second, third, fourth] = await shownIds(page);
    await page.click(`article[data-id="${first}"] button.star`);
    await other.waitForFunction((id) => document.querySelector(`article[data-id="${id}"] button.star`).getAttribute("aria-pressed") === "true", first);
    await other.evaluate((id) => {
      const stored = JSON.parse(localStorage.getItem("paperfeed.starred"));
      localStorage.setItem("paperfeed.starred", JSON.stringify([...stored, id]));
    }, second);
    await other.click(`article[data-id="${third}"] button.star`);
    assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem("paperfeed.starred"))), [first, second, third]);
    await page.waitForFunction((id) => document.querySelector(`article[data-id="${id}"] button.star`).getAttribute("aria-pressed") === "true", third);

    await page.click(`article[data-id="${fourth}"] button.read`);
    await other.waitForFunction((id) => !document.querySelector(`article[data-id="${id}"]`), fourth);
    assert.match(await other.textContent("#read-count"), /^\(1\)$/);

    // Another tab (or another program) leaves an unreadable list: reset with a notice, the read paper shows again.
    await other.evaluate(() => localStorage.setItem("paperfeed.read", "[\"2401.00001\", {}]"));
    await page.waitForSelector(`article[data-id="${fourth}"]`);
    session.expectedNotices = [STORAGE_NOTICES.read];
    assert.equal(await page.evaluate(() => localStorage.getItem("paperfeed.read")), null);
    assert.equal(await page.textContent("#read-count"), "");
    await other.close();
    await finish();
  });

  test("focus moves to the next card after Mark read, and to the new cards when Show more goes", async () => {
    const { page, finish } = await openPage("#q=reasoning");
    assert.equal(engine.search("reasoning").total, 35);
    const [first, second] = await shownIds(page);
    await page.focus(`article[data-id="${first}"] button.read`);
    await andWait(page, () => page.keyboard.press("Enter"));
    const focused = () => page.evaluate(() => [document.activeElement.closest("article")?.dataset.id, document.activeElement.tagName]);
    assert.deepEqual(await focused(), [second, "A"]);
    await andWait(page, () => page.check("#show-read"));
    await page.focus(`article[data-id="${first}"] button.read`);
    await andWait(page, () => page.keyboard.press("Enter"));
    assert.deepEqual(await focused(), [first, "BUTTON"], "a card that stays keeps the focus on its button");
    assert.equal(await page.getAttribute(`article[data-id="${first}"] button.read`, "aria-pressed"), "false");

    await page.focus("#more");
    await andWait(page, () => page.keyboard.press("Enter"));
    assert.equal(await page.isHidden("#more"), true);
    assert.deepEqual(await focused(), [(await shownIds(page))[PAGE_SIZE], "A"]);
    await finish();
  });

  test("phones and dark mode: no horizontal scroll at 375 px, controls first, colours follow the system", async () => {
    const { page, finish } = await openPage("#q=learning", { viewport: { width: 375, height: 800 }, colorScheme: "dark" });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), "no horizontal scroll");
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(17, 20, 24)");
    const top = (selector) => page.$eval(selector, (node) => node.getBoundingClientRect().top);
    assert.ok(await top("#sort") < 800, "the sort control is on the first screen");
    assert.ok(await top("#sort") < await top("#results"), "controls above the results, as in the page order");
    assert.equal(await page.getAttribute("#filters-toggle", "aria-expanded"), "true");
    await page.click("#filters-toggle");
    assert.equal(await page.isHidden("#sort"), true);
    assert.ok(await top("#results article") < 800, "with the panel folded the first result is on the first screen");
    await reload(page);
    assert.equal(await page.getAttribute("#filters-toggle", "aria-expanded"), "false", "the folded panel is remembered");
    await page.setViewportSize({ width: 1200, height: 800 });
    assert.deepEqual([await page.isHidden("#filters-toggle"), await page.isVisible("#sort")], [true, true], "wide screens always show the panel");
    await finish();
  });
});

describe("the network: the page's own files, and a feed URL only when asked", () => {
  test("a whole session asks its server for the page's files only, once per load, and no other host, even without the CSP", async () => {
    const session = await openPage("", { bypassCSP: true });
    const { page, context, finish } = session;
    assert.deepEqual(servedPaths(session.served()), PAGE_FILES.toSorted(), "the first load");

    await addFiles(page, ["rich-feed.jsonl"]);
    await useEveryControl(page, async () => {
      await andWait(page, () => page.fill("#query", "lerning"));
      await andWait(page, () => page.click("#query-notes button"));
    });
    await addFiles(page, ["hf-daily.json"]);
    await page.keyboard.press("/");
    await page.keyboard.type("video");
    await waitForQuery(page, "video");
    await page.keyboard.press("Tab");
    for (const key of ["j", "j", "k", "s"]) await page.keyboard.press(key);
    await page.click("#query-help summary");
    await page.uncheck("#shortcuts");
    assert.deepEqual(servedPaths(session.served()), PAGE_FILES.toSorted(), "nothing asked for while in use");
    await reload(page);
    assert.deepEqual(servedPaths(session.served()), PAGE_FILES.flatMap((file) => [file, file]).toSorted(), "the page's files again, once each");
    assert.deepEqual(session.proxiedNow(), [], "no other host");

    const feedUrl = "http://feeds.example/daily.json";
    proxy.answers.set(feedUrl, { body: await readFile(fixture("hf-daily.json")), headers: { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" } });
    await context.addCookies([{ name: "session", value: "secret", domain: "feeds.example", path: "/" }]);
    await page.fill("#feed-url", feedUrl);
    await page.keyboard.press("Tab");
    await page.waitForTimeout(300);
    assert.deepEqual(session.proxiedNow(), [], "a URL typed is not fetched before Fetch is pressed");
    await andWait(page, () => page.click("#feed-url-form button"));
    assert.equal(await page.textContent("#feed-report .feed > p"), `${feedUrl} — hf-daily: 1 added, 0 merged, 0 rejected`);
    session.allowed.add(feedUrl);
    assert.deepEqual(session.proxiedNow(), [`GET ${feedUrl}`], "the one request, once");
    const sent = proxy.headers[proxy.seen.lastIndexOf(`GET ${feedUrl}`)];
    assert.deepEqual([sent.cookie, sent.referer], [undefined, undefined], "the feed request carries no cookie and no referrer");
    proxy.answers.delete(feedUrl);
    await finish();
  });
});

describe("safety: feed text is data, never markup", () => {
  test("a hostile feed shows literally, runs nothing and makes no javascript: links", async () => {
    const hostileCategory = '<img src=x onerror=window.__pwned=1>"><script>window.__pwned=1</script>';
    const { page, finish } = await openPage(`#q=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&cat=${encodeURIComponent(hostileCategory)}`);
    assert.equal(await page.inputValue("#query"), "<img src=x onerror=window.__pwned=1>");
    assert.equal(await page.inputValue("#category"), hostileCategory);
    assert.equal(await page.textContent("#category option:checked"), `${hostileCategory} (0)`);
    assert.equal(await page.getAttribute("#results", "data-query"),
      '+cat:"<img src=x onerror=window.__pwned=1> ><script>window.__pwned=1</script>" +(<img src=x onerror=window.__pwned=1>)');
    assert.match(new URL(page.url()).hash, /&cat=%3Cimg/);
    await andWait(page, () => page.selectOption("#category", ""));

    const hostileName = '<img src=x onerror="window.__pwned=1">.jsonl';
    await andWait(page, () => page.setInputFiles("#feed-files", [{ name: hostileName, mimeType: "application/json", buffer: Buffer.from('{"id": "2404.66604", "title": "Named hostile"}\n') }]));
    assert.equal(await page.textContent("#feed-report .feed strong"), hostileName);
    await addFiles(page, ["hostile.jsonl"]);
    assert.equal(await page.$$eval("#category option", (list) => list.filter((option) => /pwned/.test(option.value)).length), 0,
      "the engine keeps no category outside the arXiv taxonomy");
    await andWait(page, () => page.fill("#query", "hostile"));
    assert.equal(await shownTotal(page), 4);
    const authorButtons = await page.$$eval("#author-facets button", (list) => list.map((button) => button.textContent));
    assert.ok(authorButtons.includes("<script>window.__pwned=1</script> (1)"), authorButtons.join(" | "));
    assert.ok(authorButtons.includes('Eve <img src=x onerror="window.__pwned=1"> (1)'), authorButtons.join(" | "));
    await andWait(page, () => page.click('#author-facets button:has-text("Eve")'));
    assert.equal(await page.inputValue("#query"), 'hostile +author:"Eve <img src=x onerror= window.__pwned=1 >"');
    assert.deepEqual(await shownIds(page), ["2404.66601"]);
    await andWait(page, () => page.fill("#query", "hostile"));
    await assertHostileCardLiteral(page);
    assert.match(await page.getAttribute(`${HOSTILE_CARD} h3 a`, "href"), /^#/, "the title links inside the page, not to javascript:");

    const broken = await page.textContent('article[data-id="2404.66603"] h3');
    assert.equal(broken, "Broken UTF8 \uFFFD\uFFFD(\uFFFD here");

    await andWait(page, () => page.click(`${HOSTILE_CARD} button.similar`));
    assert.match(await page.textContent("#view-title"), /^Papers similar to “Hostile <script>window\.__pwned=1<\/script> title/);
    await page.waitForTimeout(200);

    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    const injected = await page.evaluate(() => ({
      scripts: [...document.scripts].map((script) => script.getAttribute("src")),
      images: document.images.length,
      bold: document.querySelectorAll("main b").length,
      unsafeLinks: [...document.querySelectorAll("a[href]")].map((link) => link.href)
        .filter((href) => !/^https?:/.test(href)),
    }));
    assert.deepEqual(injected, { scripts: ["app.js"], images: 0, bold: 0, unsafeLinks: [] });
    await finish();
  });
});
