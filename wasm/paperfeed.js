// The JS API of paperfeed (paperfeed.d.ts documents it), appended to the Emscripten output so
// that paperfeed.mjs is one ES module. Everything crosses the boundary as paperfeed.h defines
// it: a handle, UTF-8 strings and byte buffers in, JSON strings and bytes out, errors as JSON.
// `createPaperFeedModule` (the Emscripten factory) and `wasmEmbedded` (whether this variant
// carries its wasm inside) are defined by the code this file is appended to.

/** The error every failing call throws: the engine's error JSON as an Error. */
export class PaperFeedError extends Error {
  /**
   * @param {{code: string, message: string, file?: string|null, offset?: number|null,
   *          line?: number|null, column?: number|null}} info the engine's error object
   */
  constructor(info) {
    super(positionPrefix(info) + info.message);
    this.name = "PaperFeedError";
    this.code = info.code;
    this.file = info.file ?? null;
    this.offset = info.offset ?? null;
    this.line = info.line ?? null;
    this.column = info.column ?? null;
  }
}

/** "file:line:column: ", "file: byte N: " or "" for an error object, as the CLI prints them. */
function positionPrefix(info) {
  const where = [];
  if (info.file) where.push(info.file);
  if (info.line) where.push(info.column ? `${info.line}:${info.column}` : `${info.line}`);
  else if (info.offset != null) where.push(`byte ${info.offset}`);
  return where.length ? where.join(":") + ": " : "";
}

/** Whether this realm is Node (where the .wasm file is read from disk rather than fetched). */
const isNode = typeof process === "object" && typeof process.versions?.node === "string" &&
  typeof window === "undefined";

/** Search option names in JS and in the engine's options JSON. */
const optionNames = { facetLimit: "facet_limit", snippetChars: "snippet_chars" };

let modulePromise = null;
let engineVersion = "";

/** The instantiated Emscripten module of this realm (instantiated by the first call). */
function moduleFor(options) {
  if (modulePromise === null) {
    modulePromise = instantiate(options).catch((error) => {
      modulePromise = null;
      throw error;
    });
  }
  return modulePromise;
}

/** Instantiates the Emscripten module: the wasm fetched beside this file, or read from disk in Node, or given. */
async function instantiate(options) {
  const settings = {
    locateFile: options.locateFile ?? ((file) => new URL(file, import.meta.url).href),
  };
  const wasmBinary = options.wasmBinary ?? (isNode && !wasmEmbedded ? await readBesideModule("paperfeed.wasm") : null);
  if (wasmBinary) settings.wasmBinary = wasmBinary instanceof Uint8Array ? wasmBinary : new Uint8Array(wasmBinary);
  const module = await createPaperFeedModule(settings);
  engineVersion = module.UTF8ToString(module._pf_version());
  return module;
}

/** The bytes of a file next to this module (Node only). */
async function readBesideModule(file) {
  const { readFile } = await import("node:fs/promises");
  return readFile(new URL(file, import.meta.url));
}

const utf8 = new TextEncoder();

/** Bytes of a string, ArrayBuffer or typed array. */
function toBytes(input) {
  if (typeof input === "string") return utf8.encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new PaperFeedError({ code: "invalid_argument", message: "expected a string, an ArrayBuffer or a Uint8Array" });
}

/** Ids from an array (or other iterable, but not a string) of ids. */
function idList(ids) {
  if (typeof ids === "string" || typeof ids?.[Symbol.iterator] !== "function") {
    throw new PaperFeedError({ code: "invalid_argument", message: "expected an array of paper ids" });
  }
  return Array.from(ids, String);
}

/** The engine's options JSON for JS search options (camelCase names mapped, unknown names passed on to be refused). */
function optionsJson(options) {
  const out = {};
  for (const [name, value] of Object.entries(options ?? {})) {
    if (value !== undefined) out[optionNames[name] ?? name] = value;
  }
  return JSON.stringify(out);
}

/** JS results from the engine's results JSON. */
function toResults(json) {
  const raw = JSON.parse(json);
  const results = {
    query: raw.query,
    total: raw.total,
    tookMs: raw.took_ms,
    recovered: raw.recovered,
    didYouMean: raw.did_you_mean,
    hits: raw.hits,
  };
  if (raw.facets) results.facets = raw.facets;
  return results;
}

/** The JS feed report and the fatal error (or null) from the engine's report JSON. */
function toReport(json) {
  const raw = JSON.parse(json);
  return {
    report: {
      format: raw.format,
      added: raw.added,
      merged: raw.merged,
      rejected: raw.rejected,
      truncated: raw.truncated,
      utf8Repairs: raw.utf8_repairs,
      errors: raw.errors,
    },
    fatal: raw.fatal,
  };
}

/** Frees an index handle, then the index bytes it was reading in place (0 when none). */
function freeHandle(module, handle, viewedBytes) {
  module._pf_index_free(handle);
  if (viewedBytes !== 0) module._free(viewedBytes);
}

/** Frees the index handles of PaperFeed objects collected without free(). */
const leakedHandles = typeof FinalizationRegistry === "function"
  ? new FinalizationRegistry(({ module, handle, viewedBytes }) => freeHandle(module, handle, viewedBytes))
  : null;

/** A searchable set of papers living in WebAssembly memory (see paperfeed.d.ts). */
export class PaperFeed {
  #module;
  #handle;
  /** The .pfi bytes in wasm memory that a loaded index reads in place (0 when none). */
  #viewedBytes = 0;

  /** Use PaperFeed.load(). */
  constructor(module, handle) {
    this.#module = module;
    this.#adopt(handle, 0);
  }

  /** Instantiates the module (once per realm) and returns a new handle, empty or from options.index. */
  static async load(options = {}) {
    const module = await moduleFor(options);
    const pf = new PaperFeed(module, module._pf_index_new() >>> 0);
    if (pf.#handle === 0) throw new PaperFeedError({ code: "out_of_memory", message: "cannot create an index" });
    if (options.index) {
      try {
        pf.loadIndex(options.index);
      } catch (error) {
        pf.free();
        throw error;
      }
    }
    return pf;
  }

  /** The engine version, such as "0.1.0" (after the first load). */
  static get version() {
    return engineVersion;
  }

  /** Reads one feed and adds its papers; throws when the feed as a whole cannot be read. */
  addFeed(input, options = {}) {
    const handle = this.#live();
    const bytes = toBytes(input);
    const strings = [options.name ?? "", options.format ?? ""];
    const { report, fatal } = this.#withBytes(bytes, (pointer) =>
      this.#withCStrings(strings, ([name, format]) =>
        this.#takeOut((reportOut) => this.#module._pf_index_add_feed(handle, pointer, bytes.length,
          options.name === undefined ? 0 : name, options.format === undefined ? 0 : format, reportOut), toReport)));
    if (fatal) throw Object.assign(new PaperFeedError(fatal), { report });
    return report;
  }

  /** Replaces the papers of this handle with those of .pfi bytes; on failure the handle keeps its papers. */
  loadIndex(bytes) {
    this.#live();
    const data = toBytes(bytes);
    const pointer = this.#copyIn(data);
    let loaded;
    try {
      loaded = this.#call((errorOut) => this.#module._pf_index_load_view(pointer, data.length, errorOut) >>> 0);
    } catch (error) {
      this.#module._free(pointer);
      throw error;
    }
    this.#release();
    this.#adopt(loaded, pointer);
  }

  /** The .pfi bytes of every paper held. */
  exportIndex() {
    const handle = this.#live();
    const m = this.#module;
    const sizeOut = this.#allocate(4);
    try {
      const pointer = m._pf_index_serialize(handle, sizeOut) >>> 0;
      if (pointer === 0) throw new PaperFeedError({ code: "out_of_memory", message: "cannot serialize the index" });
      const size = m.HEAPU32[sizeOut >>> 2];
      const bytes = m.HEAPU8.slice(pointer, pointer + size);
      m._pf_free(pointer);
      return bytes;
    } finally {
      m._free(sizeOut);
    }
  }

  /** Runs a query in the paperfeed query language. */
  search(query, options) {
    const handle = this.#live();
    return this.#withCStrings([String(query), optionsJson(options)], ([text, json]) =>
      toResults(this.#callText((errorOut) => this.#module._pf_search(handle, text, json, errorOut))));
  }

  /** Papers most like the paper `id`. */
  similar(id, options) {
    const handle = this.#live();
    return this.#withCStrings([String(id), optionsJson(options)], ([paper, json]) =>
      toResults(this.#callText((errorOut) => this.#module._pf_similar(handle, paper, json, errorOut))));
  }

  /** Papers most like the liked papers taken together. */
  recommend(likedIds, options) {
    const handle = this.#live();
    const ids = idList(likedIds);
    return this.#withCStrings([optionsJson(options), ...ids], ([json, ...pointers]) =>
      this.#withPointerArray(pointers, (array) =>
        toResults(this.#callText((errorOut) =>
          this.#module._pf_recommend(handle, array, pointers.length, json, errorOut)))));
  }

  /** Completions of the last word of a partial query. */
  suggest(partialQuery, limit = 8) {
    const handle = this.#live();
    if (!Number.isInteger(limit) || limit < 0) {
      throw new PaperFeedError({ code: "invalid_argument", message: `limit must be a non-negative integer, got ${limit}` });
    }
    return this.#withCStrings([String(partialQuery)], ([text]) =>
      JSON.parse(this.#takeText(this.#module._pf_suggest(handle, text, limit))));
  }

  /** The record of the paper with that id, or null. */
  get(id) {
    const handle = this.#live();
    return this.#withCStrings([String(id)], ([paper]) => {
      const pointer = this.#module._pf_get(handle, paper) >>> 0;
      return pointer === 0 ? null : JSON.parse(this.#takeText(pointer));
    });
  }

  /** The papers with those ids in an export format. */
  exportPapers(ids, format) {
    const handle = this.#live();
    const wanted = idList(ids);
    return this.#withCStrings([String(format), ...wanted], ([name, ...pointers]) =>
      this.#withPointerArray(pointers, (array) =>
        this.#callText((errorOut) => this.#module._pf_export(handle, array, pointers.length, name, errorOut))));
  }

  /** Papers searches can find. */
  get size() {
    return this.#module._pf_index_size(this.#live()) >>> 0;
  }

  /** Releases the WebAssembly memory of this handle. Idempotent. */
  free() {
    this.#release();
    this.#handle = 0;
  }

  /** Takes ownership of a handle and of the bytes it reads in place, freed with it. */
  #adopt(handle, viewedBytes) {
    this.#handle = handle;
    this.#viewedBytes = viewedBytes;
    leakedHandles?.register(this, { module: this.#module, handle, viewedBytes }, this);
  }

  #release() {
    if (this.#handle === 0) return;
    leakedHandles?.unregister(this);
    freeHandle(this.#module, this.#handle, this.#viewedBytes);
    this.#viewedBytes = 0;
  }

  /** The handle, or a "freed" error after free(). */
  #live() {
    if (this.#handle === 0) throw new PaperFeedError({ code: "freed", message: "this PaperFeed was freed" });
    return this.#handle;
  }

  /** `size` bytes of wasm memory (at least 1), to release with _free; "out_of_memory" when there are none. */
  #allocate(size) {
    const pointer = this.#module._malloc(Math.max(size, 1)) >>> 0;
    if (pointer === 0) throw new PaperFeedError({ code: "out_of_memory", message: `cannot hold ${size} bytes` });
    return pointer;
  }

  /** A copy of bytes in wasm memory followed by `spare` more bytes, to release with _free. */
  #copyIn(bytes, spare = 0) {
    const pointer = this.#allocate(bytes.length + spare);
    this.#module.HEAPU8.set(bytes, pointer);
    return pointer;
  }

  /** Calls use(pointer) with a copy of bytes in wasm memory. */
  #withBytes(bytes, use) {
    const pointer = this.#copyIn(bytes);
    try {
      return use(pointer);
    } finally {
      this.#module._free(pointer);
    }
  }

  /**
   * Calls use(pointers) with NUL-terminated UTF-8 copies of strings in wasm memory. A NUL inside
   * a string would end it early in C, so it becomes U+FFFD, as lone surrogates do.
   */
  #withCStrings(strings, use) {
    const m = this.#module;
    const pointers = [];
    try {
      for (const text of strings) {
        const bytes = utf8.encode(text.replaceAll("\0", "\uFFFD"));
        const pointer = this.#copyIn(bytes, 1);
        pointers.push(pointer);
        m.HEAPU8[pointer + bytes.length] = 0;
      }
      return use(pointers);
    } finally {
      for (const pointer of pointers) m._free(pointer);
    }
  }

  /** Calls use(array) with a C array holding pointers. */
  #withPointerArray(pointers, use) {
    const m = this.#module;
    const array = this.#allocate(pointers.length * 4);
    try {
      m.HEAPU32.set(pointers, array >>> 2);
      return use(array);
    } finally {
      m._free(array);
    }
  }

  /** Calls run(out) with a `char**` out parameter; returns decode() of the string stored there (released; "" for none). */
  #takeOut(run, decode) {
    const m = this.#module;
    const out = this.#allocate(4);
    try {
      m.HEAPU32[out >>> 2] = 0;
      run(out);
      return decode(this.#takeText(m.HEAPU32[out >>> 2]));
    } finally {
      m._free(out);
    }
  }

  /** Calls run(errorOut) and returns its result, or throws the error it stored when it returned 0. */
  #call(run) {
    let result = 0;
    const error = this.#takeOut((errorOut) => {
      result = run(errorOut);
    }, (json) => json);
    if (result === 0) {
      throw new PaperFeedError(error ? JSON.parse(error) : { code: "out_of_memory", message: "the engine returned nothing" });
    }
    return result;
  }

  /** As #call, for functions returning a string: the string, released. */
  #callText(run) {
    return this.#takeText(this.#call((errorOut) => run(errorOut) >>> 0));
  }

  /** The string at pointer, released; "" for NULL. */
  #takeText(pointer) {
    pointer >>>= 0;
    if (pointer === 0) return "";
    const text = this.#module.UTF8ToString(pointer);
    this.#module._pf_free(pointer);
    return text;
  }
}
