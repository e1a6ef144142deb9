// examples/js/search.mjs and the README's JS example run as shown and print what the native
// CLI finds.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const feed = "examples/data/hf-papers-page.txt";
const query = "diffusion video -survey";

/** The CLI's results for the examples' query: total and the top three hits. */
function nativeTopThree() {
  return JSON.parse(execFileSync("build/bin/paperfeed", ["search", feed, query, "--json", "--limit", "3"],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
}

test("the JS example prints the native CLI's top three", () => {
  const printed = execFileSync("node", ["examples/js/search.mjs"], { cwd: root, encoding: "utf8" }).trim().split("\n");
  const native = nativeTopThree();
  assert.equal(printed[0], `263 papers read, ${native.total} match ${query}`);
  assert.deepEqual(printed.slice(1), native.hits.map((hit) => `${hit.id}  ${hit.title}`));
});

test("the README's JS example runs as pasted", () => {
  const example = /```js\n([^]*?)```/.exec(readFileSync(`${root}README.md`, "utf8"))[1];
  const printed = execFileSync("node", ["--input-type=module"], { cwd: root, input: example, encoding: "utf8" }).split("\n");
  const native = nativeTopThree();
  assert.equal(printed[0], `263 papers read, ${native.total} match`);
  assert.ok(printed[1].startsWith(`${native.hits[0].id} ${native.hits[0].title} `));
});
