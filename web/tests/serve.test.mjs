// The static server of the page: content types, folder index, paths that try to leave the
// served folder, methods, the command line and IPv6 URLs. Run: node --test web/tests/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArguments, startServer } from "../serve.mjs";

let scratch;
let server;

/** A raw GET (or another method) with the path sent exactly as given, unnormalised. */
function request(pathname, method = "GET") {
  return new Promise((resolve, reject) => {
    const call = http.request({ host: "127.0.0.1", port: server.port, path: pathname, method }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({
        status: response.statusCode,
        type: response.headers["content-type"],
        policy: response.headers["content-security-policy"],
        body: Buffer.concat(chunks).toString(),
      }));
    });
    call.on("error", reject);
    call.end();
  });
}

before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "paperfeed-serve-"));
  const site = path.join(scratch, "site");
  await mkdir(path.join(site, "sub"), { recursive: true });
  for (const name of ["index.html", "app.js", "paperfeed.mjs", "paperfeed.wasm", "default.pfi", "style.css", "data.json", "sub/index.html"]) {
    await writeFile(path.join(site, name), `content of ${name}`);
  }
  await writeFile(path.join(scratch, "secret.txt"), "outside");
  await symlink(path.join(scratch, "secret.txt"), path.join(site, "link.txt"));
  server = await startServer({ root: site, port: 0 });
});

after(async () => {
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

test("listens on 127.0.0.1 on the port it was given (0: a free one)", () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.ok(server.port > 0);
});

test("serves each file type with its content type", async () => {
  const expected = {
    "/index.html": "text/html; charset=utf-8",
    "/app.js": "text/javascript; charset=utf-8",
    "/paperfeed.mjs": "text/javascript; charset=utf-8",
    "/paperfeed.wasm": "application/wasm",
    "/default.pfi": "application/octet-stream",
    "/style.css": "text/css; charset=utf-8",
    "/data.json": "application/json; charset=utf-8",
  };
  for (const [pathname, type] of Object.entries(expected)) {
    const response = await request(pathname);
    assert.equal(response.status, 200, pathname);
    assert.equal(response.type, type, pathname);
    assert.equal(response.body, `content of ${pathname.slice(1)}`);
    assert.match(response.policy, /script-src 'self' 'wasm-unsafe-eval';.*object-src 'none'/, pathname);
  }
});

test("a folder is served by its index.html", async () => {
  assert.equal((await request("/")).body, "content of index.html");
  assert.equal((await request("/sub/")).body, "content of sub/index.html");
});

test("paths leaving the folder are refused", async () => {
  for (const pathname of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/sub/..%2f..%2fsecret.txt", "/link.txt", "/%00", "/%E0%A4%A"]) {
    const response = await request(pathname);
    assert.equal(response.status, 404, pathname);
    assert.doesNotMatch(response.body, /outside/, pathname);
  }
});

test("missing files are 404 and other methods 405", async () => {
  assert.equal((await request("/nothing.js")).status, 404);
  assert.equal((await request("/index.html", "POST")).status, 405);
  const head = await request("/app.js", "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.body, "");
});

test("the command line: an option without its value is a usage error", () => {
  assert.deepEqual(parseArguments(["site", "--port", "9000", "--host", "::1"]), { root: "site", port: 9000, host: "::1" });
  assert.deepEqual(parseArguments([]), { root: "build/web", port: 8080, host: "127.0.0.1" });
  assert.throws(() => parseArguments(["--host"]), /^Error: --host needs a value$/);
  assert.throws(() => parseArguments(["--host", "--port", "80"]), /^Error: --host needs a value$/);
  assert.throws(() => parseArguments(["--port"]), /^Error: --port needs a value$/);
  assert.throws(() => parseArguments(["--port", "http"]), /^Error: --port needs a number from 0 to 65535$/);
  const run = spawnSync(process.execPath, [fileURLToPath(new URL("../serve.mjs", import.meta.url)), "--host"], { encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^serve: --host needs a value\nusage: /);
});

test("an IPv6 host is bracketed in the URL", async (t) => {
  let ipv6;
  try {
    ipv6 = await startServer({ root: scratch, port: 0, host: "::1" });
  } catch (error) {
    t.skip(`no IPv6 loopback here (${error.code})`);
    return;
  }
  try {
    assert.equal(ipv6.url, `http://[::1]:${ipv6.port}/`);
    assert.equal((await fetch(new URL("site/index.html", ipv6.url))).status, 200);
  } finally {
    await ipv6.close();
  }
});
