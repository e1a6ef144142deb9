/**
 * paperfeed for JavaScript: the whole engine (feed parsers, index, search) compiled to
 * WebAssembly. Runs in a browser page, in a Web Worker and in Node 20; nothing is sent anywhere.
 *
 *     import { PaperFeed } from "./paperfeed.mjs";
 *     const pf = await PaperFeed.load();
 *     pf.addFeed(await (await fetch("daily.json")).text());
 *     const { total, hits } = pf.search("video diffusion -survey", { sort: "trending", limit: 5 });
 *     for (const hit of hits) console.log(hit.id, hit.title);
 *     pf.free();
 *
 * Every method is synchronous once `load()` has resolved. A handle is not thread-safe, which
 * JavaScript's one thread per realm already guarantees; use one handle per Worker. Strings reach
 * the engine as UTF-8: a lone surrogate or a NUL character becomes U+FFFD.
 */

/** A stable error name: "io_error", "unknown_format", "malformed", "truncated", "invalid_value", "missing_field", "too_large", "too_deep", "api_error", "invalid_argument", and at the JS edge "out_of_memory" and "freed" */
export type PaperFeedErrorCode = string;

/** Where and why something failed, as the engine reports it (also each record-level feed error). */
export interface PaperFeedErrorInfo {
  /** The stable name of the error. */
  code: PaperFeedErrorCode;
  /** What went wrong, without the position. */
  message: string;
  /** The feed or file name given to addFeed (`name`), or null. */
  file: string | null;
  /** Byte offset into the input, or null when not known. */
  offset: number | null;
  /** 1-based line, or null when not known. */
  line: number | null;
  /** 1-based column, or null when not known. */
  column: number | null;
}

/** The error every failing call throws. `message` includes the position when one is known. */
export declare class PaperFeedError extends Error implements PaperFeedErrorInfo {
  readonly name: "PaperFeedError";
  code: PaperFeedErrorCode;
  file: string | null;
  offset: number | null;
  line: number | null;
  column: number | null;
  /** For addFeed failures: what was read before the feed failed (those papers stay added). */
  report?: FeedReport;
}

/** The canonical record of one paper (DESIGN.md); unknown values are null, lists may be empty. */
export interface Paper {
  id: string;
  title: string;
  abstract: string | null;
  authors: string[];
  categories: string[];
  primary_category: string | null;
  /** ISO date, "2024-11-04". */
  published: string | null;
  updated: string | null;
  /** The day the paper appeared in a daily feed. */
  announced: string | null;
  upvotes: number | null;
  comments: number | null;
  github: string | null;
  stars: number | null;
  citations: number | null;
  keywords: string[];
  /** The arXiv comment (often the venue: "NeurIPS 2024"). */
  comment: string | null;
  doi: string | null;
  url: string | null;
  pdf: string | null;
  project_page: string | null;
  /** A one-sentence summary written by Hugging Face. */
  ai_summary: string | null;
  journal_ref: string | null;
  license: string | null;
  /** arXiv listing announce type: "new", "cross", "replace", … */
  announce_type: string | null;
  /** The formats this record came from: "hf-daily", "arxiv-atom", … */
  sources: string[];
}

/** Highlighted text: HTML-escaped feed text in which only `<mark>`…`</mark>` was added. */
export interface Snippet {
  /** The whole title. */
  title: string;
  /** The best window of the abstract, "…" where cut. */
  abstract: string;
}

/** One result: the paper's record plus its score and snippet. */
export interface Hit extends Paper {
  /** Relevance (BM25F with bonuses; cosine for similar/recommend). */
  score: number;
  /** Empty strings when snippets were turned off. */
  snippet: Snippet;
}

/** A facet value and the matching papers that have it. */
export interface FacetCount {
  value: string;
  count: number;
}

/** Facet counts over every matching paper (not only the returned page). */
export interface Facets {
  categories: FacetCount[];
  /** "2024", … */
  year: FacetCount[];
  /** "true" / "false". */
  has_code: FacetCount[];
  authors: FacetCount[];
}

/** Result order. Ties fall back to relevance, then index order. */
export type SortOrder = "relevance" | "trending" | "recent" | "upvotes" | "stars" | "citations";

/** Options of search, similar and recommend. */
export interface SearchOptions {
  /** Default "relevance". */
  sort?: SortOrder;
  /** Hits returned, default 10 (limit + offset at most 10000). */
  limit?: number;
  /** Hits skipped, default 0. */
  offset?: number;
  /** Count facet values over every match (search only), default false. */
  facets?: boolean;
  /** Values per facet, default 20. */
  facetLimit?: number;
  /** Highlighted snippets, default true. */
  snippets?: boolean;
  /** About how many abstract characters a snippet shows, default 240. */
  snippetChars?: number;
}

/** The answer to one query. */
export interface Results {
  /** The query as given (for similar/recommend a description such as "similar:2411.02327"). */
  query: string;
  /** Every matching paper, not only the hits returned. */
  total: number;
  /** Engine time, milliseconds. */
  tookMs: number;
  /** What the query parser recovered from (unbalanced quotes, unknown fields, …). */
  recovered: string[];
  /** A corrected query when nothing matched and one would, else null. */
  didYouMean: string | null;
  hits: Hit[];
  /** Present when search was asked for them with `facets: true` (similar and recommend count none). */
  facets?: Facets;
}

/** A completion of the last word typed. */
export interface Suggestion {
  /** The whole query with its last word completed. */
  query: string;
  /** The completed word. */
  word: string;
  /** Papers that word alone finds. */
  papers: number;
}

/** What addFeed read. */
export interface FeedReport {
  /** The format read ("hf-daily", "arxiv-atom", …), null when unknown. */
  format: string | null;
  /** New papers. */
  added: number;
  /** Papers merged into one already present (same arXiv id, DOI or title). */
  merged: number;
  /** Records skipped as unusable (each listed in errors). */
  rejected: number;
  /** Whether the input stopped mid-record. */
  truncated: boolean;
  /** Invalid UTF-8 sequences replaced by U+FFFD. */
  utf8Repairs: number;
  /** Record-level problems; the rest of the feed was still added. */
  errors: PaperFeedErrorInfo[];
}

/** Options of addFeed. */
export interface AddFeedOptions {
  /** A format name to force ("hf-daily", "hf-listing", "arxiv-atom", "arxiv-listing", "arxiv-oaipmh", "arxiv-oai", "s2", "pwc", "daily-arxiv", "paperfeed"); detected when absent. */
  format?: string;
  /** A name for the input (a file name) used in error positions. */
  name?: string;
}

/** Export formats of exportPapers. */
export type ExportFormat = "jsonl" | "json" | "csv" | "bibtex" | "ris";

/** Options of PaperFeed.load. */
export interface LoadOptions {
  /** `.pfi` bytes to start from instead of an empty index. */
  index?: Uint8Array | ArrayBuffer;
  /** The module's .wasm bytes, when they cannot be fetched next to paperfeed.mjs (read from disk in Node by default). */
  wasmBinary?: Uint8Array | ArrayBuffer;
  /** Maps "paperfeed.wasm" to the URL to fetch it from (browser). */
  locateFile?: (file: string, scriptDirectory: string) => string;
}

/** A searchable set of papers living in WebAssembly memory. */
export declare class PaperFeed {
  /**
   * Instantiates the module (once per realm; later calls reuse it) and returns a new handle,
   * empty or loaded from `options.index`.
   * @throws PaperFeedError when the index bytes are refused
   */
  static load(options?: LoadOptions): Promise<PaperFeed>;
  /** The engine version, such as "0.1.0" (available after the first load). */
  static readonly version: string;

  /**
   * Reads one feed (any supported format, detected unless forced) and adds its papers, merging
   * a paper already present. Bad records are skipped and listed in the report; the rest loads.
   * @param input the feed as text or bytes (UTF-8; invalid sequences are repaired and counted)
   * @throws PaperFeedError when the feed as a whole cannot be read (unknown format, a syntax
   *         error that stopped reading); papers read before that stay added (`error.report`)
   */
  addFeed(input: string | Uint8Array | ArrayBuffer, options?: AddFeedOptions): FeedReport;
  /**
   * Replaces the papers of this handle with those of `.pfi` bytes.
   * @throws PaperFeedError ("truncated", "malformed", "invalid_value") when they are refused;
   *         the handle then keeps its papers
   */
  loadIndex(bytes: Uint8Array | ArrayBuffer): void;
  /** The `.pfi` bytes of every paper held: what loadIndex and the native CLI read. */
  exportIndex(): Uint8Array;
  /**
   * Runs a query in the paperfeed query language (never fails on query text: what could not
   * be read is reported in `recovered`).
   * @throws PaperFeedError ("invalid_argument") for a bad option
   */
  search(query: string, options?: SearchOptions): Results;
  /**
   * Papers most like one paper (tf-idf cosine over title and abstract), itself left out.
   * @throws PaperFeedError ("invalid_argument") when no paper has that id
   */
  similar(id: string, options?: SearchOptions): Results;
  /**
   * Papers most like the liked ones taken together, the liked left out; unknown ids skipped.
   * @throws PaperFeedError ("invalid_argument") when none of the ids is known
   */
  recommend(likedIds: readonly string[], options?: SearchOptions): Results;
  /**
   * Completions of the last word of a partial query, most papers first.
   * @param limit completions at most, default 8
   * @throws PaperFeedError ("invalid_argument") when limit is not a non-negative integer
   */
  suggest(partialQuery: string, limit?: number): Suggestion[];
  /** The record of the paper with that id (arXiv id, `doi:…` or title id), or null. */
  get(id: string): Paper | null;
  /**
   * The papers with those ids (unknown ids skipped, order kept) written as BibTeX, RIS, CSV,
   * JSON or JSON lines.
   */
  exportPapers(ids: readonly string[], format: ExportFormat): string;
  /** Papers searches can find (merged records count once). */
  readonly size: number;
  /** Releases the WebAssembly memory of this handle; any later call throws ("freed"). Idempotent. */
  free(): void;
}
