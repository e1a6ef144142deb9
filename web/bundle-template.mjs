/**
 * Writes the template of the offline bundle (`paperfeed bundle`): the search page as one HTML
 * file, its style and script inline, the engine and the worker as one worker script (text the
 * page starts from a blob: URL),
 * the engine's wasm gzip-compressed in base64, and three markers `paperfeed bundle` fills in:
 * the page title, the bundle's settings (JSON) and the index (gzip, base64).
 *
 * The page's Content-Security-Policy lets nothing reach the network: the page's script only by
 * its hash, wasm compilation, the worker from a blob: URL the page made itself, no connections.
 *
 * Usage: node web/bundle-template.mjs WEB_DIR WASM_DIR OUT.html
 *   WEB_DIR   the page's sources (web/)
 *   WASM_DIR  the engine build (paperfeed.mjs and paperfeed.wasm)
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

/** The markers paperfeed bundle replaces; each appears once in the template. */
const MARKERS = {
  title: "{{paperfeed:title}}",
  settings: "{{paperfeed:settings}}",
  index: "{{paperfeed:index}}",
};

/**
 * The script after each part of the index. paperfeed bundle repeats the line holding the index
 * marker once per part, so a part is read and sent to the worker while the next one loads.
 */
const TAKE_INDEX_PART = "paperfeedBundle.takeIndexPart();";

/** The import of the engine in worker.js, which the bundle's worker script replaces. */
const ENGINE_IMPORT = 'import { PaperFeed } from "./paperfeed.mjs";';

/** How many times `part` occurs in `text`. */
function occurrences(text, part) {
  return text.split(part).length - 1;
}

/**
 * Replaces the one occurrence of `from` in `text`.
 * @param {string} text
 * @param {string} from
 * @param {string} to
 * @param {string} where names the text in the error
 */
function replaceOnce(text, from, to, where) {
  if (occurrences(text, from) !== 1) throw new Error(`${where}: expected exactly one ${JSON.stringify(from)}`);
  const at = text.indexOf(from);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * Refuses text that would end or confuse the HTML element it is put in (`</script`,
 * `<script`, `<!--`, `</style`): the page's own sources must not hold them.
 * @param {string} text
 * @param {string} name
 */
function checkInlineable(text, name) {
  const bad = /<\/script|<script|<!--|<\/style/i.exec(text);
  if (bad) throw new Error(`${name}: cannot be inlined, it holds ${JSON.stringify(bad[0])} at ${bad.index}`);
  return text;
}

/**
 * The bundle's worker as one classic script: the engine module turned into a classic script
 * inside a function (a page opened from file:// can start a worker from a blob: URL only as a
 * classic script, and such a worker cannot import modules), then worker.js without its import.
 * The changes are checked to have found exactly what they replace.
 * @param {string} engine paperfeed.mjs
 * @param {string} worker worker.js
 */
function classicWorker(engine, worker) {
  let body = replaceOnce(engine, "export default createPaperFeedModule;", "", "paperfeed.mjs");
  for (const name of ["PaperFeed", "PaperFeedError"]) {
    body = replaceOnce(body, `export class ${name} `, `class ${name} `, "paperfeed.mjs");
  }
  body = body.replaceAll("import.meta.url", "self.location.href");
  const left = /^\s*export\s|import\.meta|^\s*import\s/m.exec(body);
  if (left) throw new Error(`paperfeed.mjs: module syntax left after the conversion: ${JSON.stringify(left[0])} at ${left.index}`);
  const engineScope = `const { PaperFeed } = (() => {\n${body}\nreturn { PaperFeed };\n})();\n`;
  return engineScope + replaceOnce(worker, ENGINE_IMPORT, "", "worker.js");
}

/** The CSP source of a script or style element's text. */
function hashSource(text) {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The template's HTML.
 * @param {{html: string, css: string, app: string, boot: string, worker: string, engine: string,
 *          wasm: Uint8Array}} parts the page's sources (index.html, style.css, app.js,
 *          bundle-boot.js, worker.js), the engine module paperfeed.mjs and paperfeed.wasm
 */
function bundleTemplate(parts) {
  const css = checkInlineable(parts.css, "style.css");
  const app = checkInlineable(parts.app, "app.js");
  const boot = checkInlineable(parts.boot, "bundle-boot.js");
  const worker = checkInlineable(classicWorker(parts.engine, parts.worker), "the worker script");
  for (const marker of Object.values(MARKERS)) {
    for (const [name, text] of Object.entries({ css, app, boot, worker, html: parts.html })) {
      if (text.includes(marker)) throw new Error(`${name}: holds the marker ${marker}`);
    }
  }
  const wasm = Buffer.from(gzipSync(parts.wasm, { level: 9 })).toString("base64");
  const policy = [
    "default-src 'none'",
    `script-src ${hashSource(app)} ${hashSource(boot)} ${hashSource(TAKE_INDEX_PART)} 'wasm-unsafe-eval'`,
    `style-src ${hashSource(css)}`,
    "img-src data:",
    "worker-src blob:",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const servedPolicy = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/.exec(parts.html)?.[0] ?? "(CSP meta tag)";
  const servedTitle = /<title>[^<]*<\/title>/.exec(parts.html)?.[0] ?? "<title>";
  let html = replaceOnce(parts.html, servedPolicy, `<meta http-equiv="Content-Security-Policy" content="${policy}">`, "index.html");
  html = replaceOnce(html, servedTitle, `<title>${MARKERS.title}</title>`, "index.html");
  html = replaceOnce(html, '<link rel="stylesheet" href="style.css">', `<style>${css}</style>`, "index.html");
  html = replaceOnce(html, '<script type="module" src="app.js"></script>', "", "index.html");
  const data = [
    `<script type="application/json" id="paperfeed-settings">${MARKERS.settings}</script>`,
    `<script type="text/plain" id="paperfeed-worker">${worker}</script>`,
    `<script type="application/octet-stream" id="paperfeed-wasm">${wasm}</script>`,
    `<script>${boot}</script>`,
    // async: the page runs as soon as its body has been read, drawing the bundle's first view
    // while the index that follows is still being read.
    `<script type="module" async>${app}</script>`,
    `<script type="application/octet-stream">${MARKERS.index}</script><script>${TAKE_INDEX_PART}</script>`,
  ].join("\n");
  return replaceOnce(html, "</body>", `${data}\n</body>`, "index.html");
}

/** Reads the parts from the folders and writes the template through a temporary file. */
function main([webDir, wasmDir, out]) {
  if (!out) {
    console.error("usage: node web/bundle-template.mjs WEB_DIR WASM_DIR OUT.html");
    process.exit(2);
  }
  const text = (dir, name) => readFileSync(join(dir, name), "utf8");
  const html = bundleTemplate({
    html: text(webDir, "index.html"),
    css: text(webDir, "style.css"),
    app: text(webDir, "app.js"),
    boot: text(webDir, "bundle-boot.js"),
    worker: text(webDir, "worker.js"),
    engine: text(wasmDir, "paperfeed.mjs"),
    wasm: readFileSync(join(wasmDir, "paperfeed.wasm")),
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, html);
  renameSync(`${out}.tmp`, out);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
