// examples/js/search.mjs runs as the README shows it and prints what the native CLI finds.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const feed = "examples/data/hf-papers-page.txt";
const query = "diffusion video -survey";

test("the JS example prints the native CLI's top three", () => {
  const printed = execFileSync("node", ["examples/js/search.mjs"], { cwd: root, encoding: "utf8" }).trim().split("\n");
  const native = JSON.parse(execFileSync("build/bin/paperfeed", ["search", feed, query, "--json", "--limit", "3"],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  assert.equal(printed[0], `263 papers read, ${native.total} match ${query}`);
  assert.deepEqual(printed.slice(1), native.hits.map((hit) => `${hit.id}  ${hit.title}`));
});
