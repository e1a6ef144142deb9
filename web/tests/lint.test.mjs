// Feed text must never become markup or code: no script of the page or of the module's JS
// wrapper uses an HTML-parsing DOM API or evaluates strings as code.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const scripts = [
  ...readdirSync(`${root}web`).filter((name) => /\.(m?js|html)$/.test(name)).map((name) => `web/${name}`),
  "wasm/paperfeed.js",
];
const forbidden = [
  /\.innerHTML\b/, /\.outerHTML\b/, /\binsertAdjacentHTML\b/, /\bdocument\.write(ln)?\b/, /\bcreateContextualFragment\b/,
  /\bDOMParser\b/, /\beval\s*\(/, /\bnew\s+Function\b/, /\bset(Timeout|Interval)\s*\(\s*["'`]/, /\bsrcdoc\b/,
];

test("the lint covers the page's scripts", () => {
  assert.ok(scripts.includes("web/app.js") && scripts.includes("web/worker.js") && scripts.includes("web/index.html"));
});

for (const file of scripts) {
  test(`${file} uses no HTML-parsing or code-evaluating API`, () => {
    const lines = readFileSync(`${root}${file}`, "utf8").split("\n");
    const found = [];
    lines.forEach((line, i) => {
      for (const pattern of forbidden) if (pattern.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
    });
    assert.deepEqual(found, []);
  });
}
