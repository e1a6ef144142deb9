/**
 * The peer bench's phases in headless Chromium: measure.mjs, workload.mjs and the engines
 * bundled by esbuild, served from the work folder with cross-origin isolation (so that
 * performance.now() has its fine 5 µs resolution, not the 100 µs of an ordinary page), each
 * phase in a fresh browser context so that its memory figure is its own. The heap is read
 * through the DevTools protocol after a forced garbage collection.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".css": "text/css" };

/** Bundles measure.mjs, workload.mjs and every engine into WORK/dist for the page. */
async function bundle(work) {
  const esbuild = await import("esbuild");
  const engines = readdirSync(path.join(here, "engines")).filter((name) => name.endsWith(".mjs"));
  await esbuild.build({
    entryPoints: ["measure.mjs", "workload.mjs", ...engines.map((name) => `engines/${name}`)].map((name) => path.join(here, name)),
    bundle: true,
    format: "esm",
    platform: "browser",
    outdir: path.join(work, "dist"),
    outbase: here,
    external: ["pagefind"],
    logLevel: "error",
  });
  writeFileSync(path.join(work, "dist", "blank.html"), "<!doctype html><meta charset=utf-8><title>peer bench</title>\n");
}

/** Serves the work folder on 127.0.0.1 with the headers cross-origin isolation needs. */
async function serve(work) {
  const server = http.createServer((request, response) => {
    const file = path.join(work, decodeURIComponent(new URL(request.url, "http://x").pathname));
    if (!file.startsWith(work + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Cache-Control": "no-store",
    });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** The page's side of a phase (serialized by Playwright: it may use nothing from this module). */
async function pagePhase({ phase, engineUrl, dataUrl, indexUrl, options }) {
  const measure = await import("/dist/measure.js");
  const workload = await import("/dist/workload.js");
  const engine = (await import(engineUrl)).default;
  const settings = { ...options, heap: window.peerHeap, context: { moduleUrl: "/wasm/paperfeed.mjs", ...options.context } };
  if (phase === "build") {
    const readPapers = async () => workload.readPapers(await (await fetch(`${dataUrl}/papers.jsonl`)).text());
    const { figures, serialized } = await measure.buildPhase(engine, readPapers, settings);
    const bytes = typeof serialized === "string" ? new TextEncoder().encode(serialized).length : serialized.byteLength;
    return { ...figures, serialized_bytes: bytes };
  }
  const queries = workload.readBenchQueries(await (await fetch(`${dataUrl}/queries.tsv`)).text(), options.counts);
  const readSerialized = async () => {
    const response = await fetch(indexUrl);
    return indexUrl.endsWith(".txt") ? response.text() : new Uint8Array(await response.arrayBuffer());
  };
  return measure.queryPhase(engine, readSerialized, queries, settings);
}

/**
 * Starts Chromium and the server over `work`.
 * @param {string} work the work folder: WORK/SIZE/{papers.jsonl,queries.tsv} and the index files
 *   the Node phases wrote; dist/ and wasm/ are made here
 * @param {string} wasmDir the folder of paperfeed.mjs and paperfeed.wasm
 * @returns {Promise<{version: string, run: Function, close: Function}>} run(phase, engineFile,
 *   size, options, indexFile?) runs one phase in a fresh context and resolves to its figures
 */
export async function startChromium(work, wasmDir) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
  mkdirSync(work, { recursive: true });
  await bundle(work);
  if (!existsSync(path.join(work, "wasm"))) symlinkSync(wasmDir, path.join(work, "wasm"));
  const server = await serve(work);
  const base = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return {
    version: browser.version(),
    async run(phase, engineFile, size, options, indexFile, timeoutMs) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await page.exposeFunction("peerHeap", async () => {
          await cdp.send("HeapProfiler.collectGarbage");
          return (await cdp.send("Runtime.getHeapUsage")).usedSize;
        });
        await page.goto(`${base}/dist/blank.html`);
        if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error("the bench page is not cross-origin isolated");
        const args = {
          phase,
          engineUrl: `/dist/engines/${path.basename(engineFile).replace(/\.mjs$/, ".js")}`,
          dataUrl: `/${size}`,
          indexUrl: indexFile ? `/${path.relative(work, indexFile)}` : null,
          options,
        };
        return await withTimeout(page.evaluate(pagePhase, args), timeoutMs, `${phase} took longer than ${timeoutMs / 1000} s`);
      } finally {
        await context.close().catch(() => {});
      }
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** The promise's value, or a rejection with `message` after `ms` milliseconds. */
function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
