/**
 * A small static file server for the built page (build/web): no dependencies, GET and HEAD only,
 * the MIME types the page needs, and nothing outside the served folder.
 *
 *     node web/serve.mjs [DIR] [--port N] [--host H]     (defaults: build/web, 8080, 127.0.0.1)
 */
import http from "node:http";
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Content types by file extension; anything else is served as bytes. */
const CONTENT_TYPES = new Map([
  [".html", "text/html; charset=utf-8"],
  [".js", "text/javascript; charset=utf-8"],
  [".mjs", "text/javascript; charset=utf-8"],
  [".css", "text/css; charset=utf-8"],
  [".json", "application/json; charset=utf-8"],
  [".wasm", "application/wasm"],
  [".pfi", "application/octet-stream"],
  [".svg", "image/svg+xml"],
  [".png", "image/png"],
  [".txt", "text/plain; charset=utf-8"],
]);

/**
 * The Content-Security-Policy sent with every file. It is what the page's worker needs (the
 * page's own, stricter one is in index.html): scripts and wasm from this server only, and
 * fetches of feed URLs the user gives.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The content type of a file name, from its extension.
 * @param {string} name a file name or path
 * @returns {string}
 */
export function contentTypeOf(name) {
  return CONTENT_TYPES.get(path.extname(name).toLowerCase()) ?? "application/octet-stream";
}

/**
 * The file a request path names inside root, or null when it would leave root (`..`, an
 * encoded separator or a symbolic link pointing outside) or cannot be decoded.
 * A folder is served by its index.html.
 * @param {string} root the served folder, already resolved by realpath
 * @param {string} urlPath the path part of the request URL
 * @returns {Promise<string|null>}
 */
export async function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  let file = path.resolve(root, "." + decoded);
  if (!isInside(root, file)) return null;
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    const real = await realpath(file);
    return isInside(root, real) ? real : null;
  } catch {
    return null;
  }
}

/** Whether file is root itself or lies below it. */
function isInside(root, file) {
  return file === root || file.startsWith(root + path.sep);
}

/**
 * Answers one request: the file with its content type, 404 when absent or outside the folder,
 * 405 for methods other than GET and HEAD.
 * @param {string} root the served folder (resolved)
 * @param {http.IncomingMessage} request
 * @param {http.ServerResponse} response
 */
async function serveFile(root, request, response) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  const urlPath = new URL(request.url ?? "/", "http://localhost").pathname;
  const file = await resolveInside(root, urlPath);
  const info = file && (await stat(file).catch(() => null));
  if (!info || !info.isFile()) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  response.writeHead(200, {
    "Content-Type": contentTypeOf(file),
    "Content-Length": info.size,
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  });
  if (request.method === "HEAD") response.end();
  else createReadStream(file).pipe(response);
}

/**
 * Starts serving a folder.
 * @param {{root: string, port?: number, host?: string}} options port 0 picks a free port;
 *        defaults 8080 and 127.0.0.1
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>} the base URL
 *          ("http://127.0.0.1:8080/", an IPv6 host in brackets: "http://[::1]:8080/") and a
 *          function that stops the server
 */
export async function startServer({ root, port = 8080, host = "127.0.0.1" }) {
  const realRoot = await realpath(root);
  const server = http.createServer((request, response) => {
    serveFile(realRoot, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const bound = server.address().port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}/`,
    port: bound,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Reads the command line `[DIR] [--port N] [--host H]`.
 * @param {string[]} args the arguments after the script
 * @returns {{root: string, port: number, host: string}}
 * @throws Error saying what is wrong: an option without its value, a bad port
 */
export function parseArguments(args) {
  const options = { root: "build/web", port: 8080, host: "127.0.0.1" };
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    if (name !== "--port" && name !== "--host") {
      options.root = name;
      continue;
    }
    const value = args[++i];
    if (!value || value.startsWith("--")) throw new Error(`${name} needs a value`);
    options[name.slice(2)] = name === "--port" ? Number(value) : value;
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error("--port needs a number from 0 to 65535");
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArguments(process.argv.slice(2));
    const { url } = await startServer(options);
    console.log(`serving ${options.root} on ${url}`);
  } catch (error) {
    console.error(`serve: ${error.message}\nusage: node web/serve.mjs [DIR] [--port N] [--host H]`);
    process.exit(2);
  }
}
