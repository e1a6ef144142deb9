// What the browser tests of the search page (page.test.mjs) and of the offline bundle
// (bundle.test.mjs) share: where the files are, the browser, and reading and driving the page
// both of them draw with web/app.js.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
/** Debian's Chromium, the only browser the tests use. */
const CHROMIUM = "/usr/bin/chromium";

/** The root of the repository. */
export const repo = path.resolve(here, "../..");
/** The folder of the hand-made fixture feeds. */
export const fixturesDir = path.join(here, "fixtures");
/** Results per page, as app.js shows them. */
export const PAGE_SIZE = 25;
/**
 * The first results of the default corpus (examples/data/hf-papers-page.txt) plus
 * fixtures/rich-feed.jsonl, by sort: the fixture's papers, which have the most upvotes and stars
 * and the latest dates.
 */
export const RICH_FEED_FIRSTS = {
  upvotes: ["2403.30003", "2406.50005", "2401.10001", "2501.70007", "2409.60006", "2402.20002", "2311.40004"],
  recent: ["2502.80008", "2501.70007", "2409.60006", "2406.50005", "2403.30003", "2402.20002", "2401.10001", "2311.40004"],
  stars: ["2403.30003", "2406.50005", "2401.10001", "2501.70007"],
};
/** The result card of fixtures/hostile.jsonl's paper with markup in every field. */
export const HOSTILE_CARD = 'article[data-id="2404.66601"]';

/** The path of a fixture feed, "rich-feed.jsonl" → …/web/tests/fixtures/rich-feed.jsonl. */
export function fixture(name) {
  return path.join(fixturesDir, name);
}

/**
 * Throws, naming the file and what to do, when a file the tests need is missing; Chromium is
 * checked last, after the given files.
 * @param {[string, string][]} needed pairs of a path and what to do when it is missing
 */
export function requireFiles(needed) {
  for (const [file, why] of [...needed, [CHROMIUM, "Chromium is missing: install Debian's chromium package (apt-get install chromium)"]]) {
    if (!existsSync(file)) throw new Error(`${file}: ${why}`);
  }
}

/**
 * Launches headless Chromium (never a downloaded browser) with no background traffic of its own
 * (nor the form descriptions its autofill sends to a server of the browser's maker).
 */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      "--disable-features=AutofillServerCommunication"],
  });
}

/**
 * The proxy settings of a browser context that sends every request for another host to a
 * recording proxy (startRecordingProxy); requests to 127.0.0.1 (the test servers) go direct.
 */
export function proxiedThrough(proxy) {
  return { server: proxy.url, bypass: "127.0.0.1" };
}

/**
 * Runs in the page before its scripts: reports every Content-Security-Policy violation of the
 * document to the test (through the `reportViolation` binding, which outlives reloads).
 */
export function watchViolations() {
  window.addEventListener("securitypolicyviolation", (event) => {
    window.reportViolation({ directive: event.effectiveDirective, blocked: event.blockedURI });
  }, true);
}

/**
 * Starts an HTTP proxy that records every request sent to it and answers none but the http:
 * URLs a test gives it (`answers`), with 403 Forbidden or a refused CONNECT for https. A browser
 * context given it as its proxy (proxiedThrough) reaches no other host, and `seen` lists what
 * the page tried: "GET http://host/path" or "CONNECT host:443", and `headers` the request
 * headers of each. Requests a test routes itself (`context.route`) never reach it; unlike a
 * context's request events, it also sees requests for /favicon.ico.
 * @returns {Promise<{url: string, seen: string[], headers: object[],
 *          answers: Map<string, {body: string|Buffer, headers?: object}>, close: () => Promise<void>}>}
 */
export async function startRecordingProxy() {
  const seen = [];
  const headers = [];
  const answers = new Map();
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    headers.push(request.headers);
    const answer = answers.get(request.url);
    if (answer) response.writeHead(200, answer.headers).end(answer.body);
    else response.writeHead(403).end();
  });
  server.on("connect", (request, socket) => {
    seen.push(`CONNECT ${request.url}`);
    headers.push(request.headers);
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    headers,
    answers,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Records in `session.dialogs` the dialogs of a page (dismissing them) and in `session.errors`
 * its uncaught errors and console errors.
 */
export function watchPage(session, page) {
  page.on("dialog", (dialog) => {
    session.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on("pageerror", (error) => session.errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") session.errors.push(message.text());
  });
}

/** The number of times the result list has been drawn. */
function renders(page) {
  return page.$eval("#results", (list) => Number(list.dataset.renders ?? 0));
}

/**
 * Waits until the result list has been drawn more than `count` times and the counts and facets
 * of the query it shows are drawn too (a search's second answer).
 */
export async function waitForRender(page, count) {
  await page.waitForFunction((seen) => {
    const list = document.querySelector("#results");
    return Number(list.dataset.renders ?? 0) > seen && list.dataset.counted === list.dataset.query;
  }, count);
}

/** Runs an action that makes the page search again and waits for the new results. */
export async function andWait(page, action) {
  const count = await renders(page);
  await action();
  await waitForRender(page, count);
}

/** Reloads the page and waits for its first results. */
export async function reload(page) {
  await page.reload();
  await waitForRender(page, 0);
}

/** The ids of the result cards, in order. */
export function shownIds(page) {
  return page.$$eval("#results article", (cards) => cards.map((card) => card.dataset.id));
}

/**
 * Uses every filter (then clears them), searches "learning" and shows more, then, sorted by
 * recency, stars the first card, marks the second read, opens the first's abstract and its
 * Similar list and comes back, tries For you, and downloads both exports: the part of a whole
 * session the page and the bundle share. @p betweenSearchAndSort runs after "Show more".
 */
export async function useEveryControl(page, betweenSearchAndSort = async () => {}) {
  await andWait(page, () => page.selectOption("#category", "cs.LG"));
  await andWait(page, () => page.check("#has-code"));
  await andWait(page, () => page.fill("#min-upvotes", "1"));
  await andWait(page, () => page.fill("#date-from", "2024-01-01"));
  await andWait(page, () => page.fill("#exclude", "survey"));
  await andWait(page, () => page.click("#author-facets button"));
  await andWait(page, () => page.click("#clear-filters"));
  await andWait(page, () => page.fill("#query", "learning"));
  await andWait(page, () => page.click("#more"));
  await betweenSearchAndSort();
  await andWait(page, () => page.selectOption("#sort", "recent"));
  const [first, second] = await shownIds(page);
  await page.click(`article[data-id="${first}"] button.star`);
  await andWait(page, () => page.click(`article[data-id="${second}"] button.read`));
  await andWait(page, () => page.check("#show-read"));
  await page.click(`article[data-id="${first}"] details.abstract summary`);
  await andWait(page, () => page.click(`article[data-id="${first}"] button.similar`));
  await andWait(page, () => page.click("#view-back"));
  await andWait(page, () => page.selectOption("#sort", "foryou"));
  await andWait(page, () => page.selectOption("#sort", "relevance"));
  for (const button of ["#export-results", "#export-index"]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    await download.path();
  }
}

/** The result count as shown ("263 papers · 0.1 ms"; screen readers hear the same text once it is final). */
export function countLine(page) {
  return page.textContent('#result-count [aria-hidden="true"]');
}

/** The result count without its time ("263 papers (1 read hidden)"). */
export async function countWords(page) {
  return (await countLine(page)).split(" · ")[0];
}

/** The texts of the notices the page shows, without their close buttons. */
export function shownNotices(page) {
  return page.$$eval("#notices .notice", (list) => list.map((notice) => notice.firstChild.textContent));
}

/**
 * Opens the cards' details and asserts that the papers of fixtures/hostile.jsonl on the page
 * show their markup as literal text (HOSTILE_CARD's title, authors, snippet and comment), that
 * HOSTILE_CARD has no outside link and that 2404.66602 keeps only its https link.
 */
export async function assertHostileCardLiteral(page) {
  await page.$$eval("#results details", (list) => list.forEach((details) => { details.open = true; }));
  assert.equal(await page.textContent(`${HOSTILE_CARD} h3`), 'Hostile <script>window.__pwned=1</script> title & "quotes" <mark>fake</mark>');
  assert.deepEqual(await page.$$eval(`${HOSTILE_CARD} h3 mark`, (list) => list.map((mark) => mark.textContent)), ["Hostile"]);
  assert.match(await page.textContent(`${HOSTILE_CARD} .meta`), /^<script>window\.__pwned=1<\/script>, Eve <img src=x onerror="window\.__pwned=1"> · 2024-04-01 · cs\.CR$/);
  assert.match(await page.textContent(`${HOSTILE_CARD} .snippet`), /<img src=x onerror="window\.__pwned=1"> inside and <b>bold<\/b> text/);
  assert.equal(await page.textContent(`${HOSTILE_CARD} .comment`), '<a href="javascript:window.__pwned=1">venue</a>');
  assert.deepEqual(await page.$$eval(`${HOSTILE_CARD} .links a`, (list) => list.map((link) => link.textContent)), []);
  assert.deepEqual(await page.$$eval('article[data-id="2404.66602"] .links a', (list) => list.map((link) => [link.textContent, link.href])),
    [["Project page", "https://example.org/fine"]]);
}
