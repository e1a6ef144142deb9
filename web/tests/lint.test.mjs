// Feed text must never become markup or code: no script that ends up in the page or in the
// offline bundle uses an HTML-parsing DOM API, evaluates a string as code, imports a module
// named at run time, makes an element that runs or embeds code, or writes a javascript: URL.
// The lint reads the sources (web/, wasm/paperfeed.js) and, once scripts/build has made them,
// the files served (build/web, with the engine module built around wasm/paperfeed.js) and the
// bundle template (the bundle's page with every script inline). A file is read line by line,
// comments included.
//
// Run: node --test web/tests/lint.test.mjs   (PAPERFEED_WEB=DIR and PAPERFEED_BUNDLE_TEMPLATE=FILE
// lint another build, as the page and bundle tests use them)
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const builtWeb = path.resolve(process.env.PAPERFEED_WEB ?? path.join(root, "build/web"));
const builtTemplate = path.resolve(process.env.PAPERFEED_BUNDLE_TEMPLATE ?? path.join(root, "build/share/paperfeed/bundle-template.html"));

/** Each pattern and why it is refused. */
const FORBIDDEN = [
  [/\b(inner|outer)HTML\b/, "innerHTML and outerHTML parse markup"],
  [/\binsertAdjacentHTML\b/, "insertAdjacentHTML parses markup"],
  [/\bdocument\s*\.\s*write(ln)?\b/, "document.write parses markup"],
  [/\bcreateContextualFragment\b/, "Range.createContextualFragment parses markup"],
  [/\b(set|parse)HTMLUnsafe\b/, "setHTMLUnsafe and parseHTMLUnsafe parse markup"],
  [/\bDOMParser\b/, "DOMParser parses markup"],
  [/\bsrcdoc\b/, "srcdoc is a document made of a string"],
  [/(?<!-)\beval\b/, "eval runs a string as code"],  // not the CSP keyword 'wasm-unsafe-eval'
  [/\bFunction\s*\(/, "Function( runs a string as code"],
  [/\bset(Timeout|Interval)\s*\(\s*["'`]/, "setTimeout and setInterval run a string as code"],
  [/["'`]\s*javascript:/i, "a javascript: URL runs as code"],
  [/\bimport\s*\(\s*(?!["'][^"'`$]*["']\s*\))/, "import( of a module named at run time"],
  [/\bimportScripts\s*\(/, "importScripts loads code"],
  [/\bsetAttribute\s*\(\s*["'`]on/i, "an on… attribute is code"],
  [/\b(createElement|element)\s*\(\s*["'`](script|iframe|frame|object|embed)["'`]/i, "an element that runs or embeds code"],
];

/** The places in a text that a forbidden pattern matches: "NAME:LINE: why: the line". */
function findForbidden(text, name) {
  const found = [];
  text.split("\n").forEach((line, i) => {
    for (const [pattern, why] of FORBIDDEN) if (pattern.test(line)) found.push(`${name}:${i + 1}: ${why}: ${line.trim().slice(0, 160)}`);
  });
  return found;
}

/** The scripts and pages of a folder (.js, .mjs, .html), as paths. */
function scriptsIn(folder) {
  return readdirSync(folder).filter((name) => /\.(m?js|html)$/.test(name)).map((name) => path.join(folder, name));
}

const sources = [...scriptsIn(path.join(root, "web")), path.join(root, "wasm/paperfeed.js")];
const built = existsSync(builtWeb) && existsSync(builtTemplate) ? [...scriptsIn(builtWeb), builtTemplate] : [];
const linted = [...sources, ...built];

test("the lint refuses each pattern and passes the safe ones", () => {
  const unsafe = [
    "card.innerHTML = hit.title;", "node.outerHTML = text", 'list.insertAdjacentHTML("beforeend", text)', "document.write(text)",
    "document.writeln(text)", "range.createContextualFragment(text)", "node.setHTMLUnsafe(text)", "Document.parseHTMLUnsafe(text)",
    'new DOMParser().parseFromString(text, "text/html")', "frame.srcdoc = text", "eval(text)", "(0, eval)(text)",
    'new Function("return " + text)', "Function(text)()", 'setTimeout("run()", 10)', "setInterval(`tick()`, 10)",
    'link.href = "javascript:" + text', "link.href = 'JavaScript:void(0)'", "import(url)", "import(`./${name}.js`)",
    'import("./" + name)', "importScripts(url)", 'node.setAttribute("onclick", text)', 'document.createElement("script")',
    'element("iframe", { src })',
  ];
  const safe = [
    "card.textContent = hit.title;", "setTimeout(() => run(), 10)", 'await import("node:fs/promises")', "const evaluation = 1;",
    " * (javascript:, data:, relative and unparseable URLs never become links)", 'typeof importScripts == "function"',
    'element("a", { href, textContent: text })', "@param {Function} action", "AsyncFunction", 'node.setAttribute("aria-label", text)',
    "script-src 'self' 'wasm-unsafe-eval'",
  ];
  assert.deepEqual(unsafe.filter((line) => findForbidden(line, "x").length === 0), [], "unsafe lines the lint lets through");
  assert.deepEqual(safe.filter((line) => findForbidden(line, "x").length > 0), [], "safe lines the lint refuses");
});

test("the lint reads every script the page loads, and the built page and bundle when built", { skip: built.length === 0 && "run scripts/build to lint build/web and the bundle template" }, () => {
  const html = readFileSync(path.join(root, "web/index.html"), "utf8");
  const app = readFileSync(path.join(root, "web/app.js"), "utf8");
  const worker = readFileSync(path.join(root, "web/worker.js"), "utf8");
  const loaded = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1]),
    ...[...app.matchAll(/new Worker\(\s*"([^"]+)"/g)].map((match) => match[1]),
    ...[...`${app}\n${worker}`.matchAll(/^\s*import\b[^;]*?\bfrom\s*"\.\/([^"]+)"/gm)].map((match) => match[1]),
  ];
  assert.deepEqual(loaded.toSorted(), ["app.js", "paperfeed.mjs", "worker.js"]);
  for (const name of loaded) assert.ok(linted.includes(path.join(builtWeb, name)), `${name} as served`);
  for (const name of ["app.js", "worker.js", "bundle-boot.js", "index.html"]) assert.ok(linted.includes(path.join(root, "web", name)), name);
  assert.ok(linted.includes(builtTemplate), "the bundle template");
});

for (const file of linted) {
  const name = path.relative(root, file);
  test(`${name} uses no HTML-parsing or code-running API`, () => {
    assert.deepEqual(findForbidden(readFileSync(file, "utf8"), name), []);
  });
}
