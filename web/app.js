/**
 * The search page: reads the controls into one query in the paperfeed query language, asks the
 * engine (worker.js, a Web Worker) for results and draws them. Feed text is data, never
 * markup: every field goes into the page as text nodes, snippets are split on their `<mark>`
 * tags, and links are made only from http(s) URLs.
 */

/** Results shown at first and added by "Show more". */
const PAGE_SIZE = 25;
/** Authors listed under the filters. */
const TOP_AUTHORS = 8;
/** Record-level feed errors listed per feed. */
const ERRORS_SHOWN = 5;
/** The id lists kept in this browser: their localStorage key and how notices name them. */
const ID_LISTS = {
  starred: { key: "paperfeed.starred", what: "list of your starred papers" },
  read: { key: "paperfeed.read", what: "list of your read papers" },
};
/**
 * The page's settings kept in this browser, each saved only while it differs from its default:
 * their localStorage key, the value saved then, and how notices name them. The single-key
 * shortcuts are on by default; the sort and filters panel (a disclosure on narrow screens) open.
 */
const SETTINGS = {
  shortcuts: { key: "paperfeed.shortcuts", changed: "off", what: "setting of the single-key shortcuts" },
  filtersPanel: { key: "paperfeed.filtersPanel", changed: "closed", what: "setting of the sort and filters panel" },
};
/** The notice when the browser does not let the page read localStorage at all. */
const STORAGE_REFUSED = "This browser does not let the page keep your stars, read marks and settings; they last until you close the page.";
/** The notice when the browser refuses to save a change (storage full, or turned off meanwhile). */
const SAVE_REFUSED = "Your browser refused to save the change; changes last until you close the page.";
/** Download names and types of the export formats. */
const EXPORT_FILES = {
  bibtex: { name: "paperfeed-results.bib", type: "application/x-bibtex" },
  ris: { name: "paperfeed-results.ris", type: "application/x-research-info-systems" },
  csv: { name: "paperfeed-results.csv", type: "text/csv" },
  json: { name: "paperfeed-results.json", type: "application/json" },
};
/** The sort orders the engine knows; "foryou" is the page's own (recommend from starred). */
const SORTS = ["relevance", "trending", "recent", "upvotes", "stars", "foryou"];

/** The element with an id. */
const byId = (id) => document.getElementById(id);

/** The controls whose values make up the page state. */
const controls = {
  query: byId("query"),
  sort: byId("sort"),
  from: byId("date-from"),
  to: byId("date-to"),
  category: byId("category"),
  hasCode: byId("has-code"),
  minUpvotes: byId("min-upvotes"),
  exclude: byId("exclude"),
  showRead: byId("show-read"),
};

// ---------------------------------------------------------------------------------------------
// Page state and the URL

/**
 * The page state that a URL carries: the query, sort, filters and the paper whose similar
 * papers are shown.
 * @typedef {{q: string, sort: string, from: string, to: string, cat: string, code: boolean,
 *            upvotes: string, exclude: string, read: boolean, similar: string}} PageState
 */

/**
 * The state a URL hash describes (`#q=video&sort=recent&cat=cs.LG&code=1`); unknown or bad
 * values fall back to the defaults.
 * @param {string} hash location.hash
 * @returns {PageState}
 */
function stateFromHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const text = (name) => params.get(name) ?? "";
  const date = (name) => (isCalendarDate(text(name)) ? text(name) : "");
  return {
    q: text("q"),
    sort: SORTS.includes(text("sort")) ? text("sort") : "relevance",
    from: date("from"),
    to: date("to"),
    cat: text("cat"),
    code: text("code") === "1",
    upvotes: /^\d+$/.test(text("upvotes")) ? text("upvotes") : "",
    exclude: text("exclude"),
    read: text("read") === "1",
    similar: text("similar"),
  };
}

/** Whether a text is a real day written `YYYY-MM-DD` (2024-02-30 and 2024-13-01 are not). */
function isCalendarDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/**
 * The URL hash of a state, leaving out default values (`#q=video&sort=recent`).
 * @param {PageState} state
 * @returns {string} "" for the default state
 */
function hashFromState(state) {
  const params = new URLSearchParams();
  const set = (name, value) => { if (value) params.set(name, value); };
  set("q", state.q);
  set("sort", state.sort === "relevance" ? "" : state.sort);
  set("from", state.from);
  set("to", state.to);
  set("cat", state.cat);
  set("code", state.code ? "1" : "");
  set("upvotes", state.upvotes);
  set("exclude", state.exclude);
  set("read", state.read ? "1" : "");
  set("similar", state.similar);
  const text = params.toString();
  return text ? `#${text}` : "";
}

/** The state shown by the controls; changing a control leaves the similar-papers view. */
function stateFromControls() {
  return {
    q: controls.query.value,
    sort: controls.sort.value,
    from: controls.from.value,
    to: controls.to.value,
    cat: controls.category.value,
    code: controls.hasCode.checked,
    upvotes: /^\d+$/.test(controls.minUpvotes.value) ? controls.minUpvotes.value : "",
    exclude: controls.exclude.value,
    read: controls.showRead.checked,
    similar: "",
  };
}

/** Sets the controls to a state. */
function showStateInControls(state) {
  controls.query.value = state.q;
  controls.sort.value = state.sort;
  controls.from.value = state.from;
  controls.to.value = state.to;
  ensureCategoryOption(state.cat);
  controls.category.value = state.cat;
  controls.hasCode.checked = state.code;
  controls.minUpvotes.value = state.upvotes;
  controls.exclude.value = state.exclude;
  controls.showRead.checked = state.read;
}

// ---------------------------------------------------------------------------------------------
// The query sent to the engine

/**
 * Balances what was typed so that wrapping it in a group keeps the filters outside: closes an
 * open quote and open parentheses, drops a `)` that closes nothing.
 * @param {string} text the query as typed
 * @returns {string}
 */
function balanceQuery(text) {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === "(") depth++;
    else if (!quoted && char === ")") {
      if (depth === 0) continue;
      depth--;
    }
    out += char;
  }
  return out + (quoted ? '"' : "") + ")".repeat(depth);
}

/** A value as one query word, quoted as a phrase when it holds more than word characters. */
function queryValue(value) {
  return /^[\p{L}\p{N}._-]+$/u.test(value) ? value : `"${value.replace(/"/g, " ")}"`;
}

/**
 * The exclusions of the "Exclude words" box, each quoted phrase kept whole (a leading `-` or
 * `+` typed out of habit is dropped): `"large language" survey` gives
 * `-"large language" -survey`.
 * @param {string} text what was typed in the box
 * @returns {string[]}
 */
function exclusions(text) {
  const terms = [];
  for (const [, phrase, word] of text.matchAll(/[-+]*"([^"]*)"?|(\S+)/g)) {
    const term = phrase !== undefined ? phrase.trim() : word.replace(/^[-+]+/, "");
    if (term) terms.push(`-${phrase !== undefined ? `"${term}"` : queryValue(term)}`);
  }
  return terms;
}

/**
 * The query for a state: the filters first, then the typed text as a required group, so that
 * the engine's length limits cut the typed text and never a filter.
 * `video` with code and cs.LG gives `+cat:cs.LG has:code +(video)`.
 * @param {PageState} state
 * @param {Set<string>} [without] filters to leave out: "categories", "has_code"
 * @returns {{query: string, text: string, filters: string}} the whole query, its typed part
 *          (balanced) and the filters
 */
function buildQuery(state, without = new Set()) {
  const text = balanceQuery(state.q.trim());
  const filters = [];
  if (state.from || state.to) filters.push(`date:${state.from}..${state.to}`);
  if (state.cat && !without.has("categories")) filters.push(`+cat:${queryValue(state.cat)}`);
  if (state.code && !without.has("has_code")) filters.push("has:code");
  if (Number(state.upvotes) > 0) filters.push(`upvotes:>=${Number(state.upvotes)}`);
  filters.push(...exclusions(state.exclude));
  const rest = filters.join(" ");
  if (!rest) return { query: text, text, filters: rest };
  return { query: text ? `${rest} +(${text})` : rest, text, filters: rest };
}

/**
 * The typed part of the engine's corrected query ("did you mean"), or null when the
 * correction does not keep the filters as they were.
 * @param {string} corrected Results.didYouMean
 * @param {{text: string, filters: string}} built what buildQuery gave
 */
function correctedText(corrected, built) {
  if (!built.filters) return corrected;
  const prefix = `${built.filters} +(`;
  if (corrected.startsWith(prefix) && corrected.endsWith(")")) {
    return corrected.slice(prefix.length, -1);
  }
  return null;
}

/**
 * What the engine is asked for the current state: a search, the papers similar to one, or
 * the recommendations from the starred papers (null when nothing is starred).
 * @param {PageState} state
 * @returns {object|null} the request worker.js `runView` reads
 */
function viewRequest(state) {
  const skipIds = state.read ? [] : [...page.read];
  const limit = page.limit;
  if (state.similar) return { kind: "similar", id: state.similar, limit, skipIds };
  if (state.sort === "foryou") {
    return page.starred.size ? { kind: "recommend", ids: [...page.starred], limit, skipIds } : null;
  }
  const built = buildQuery(state);
  const facetQueries = {};
  if (state.cat) facetQueries.categories = buildQuery(state, new Set(["categories"])).query;
  if (state.code) facetQueries.has_code = buildQuery(state, new Set(["has_code"])).query;
  return { kind: "search", query: built.query, sort: state.sort, limit, skipIds, facetQueries };
}

// ---------------------------------------------------------------------------------------------
// The engine worker

/**
 * A client of worker.js: numbered requests, answered by promises.
 */
class EngineClient {
  /**
   * Talks to a worker.
   * @param {Worker} worker worker.js, or the offline bundle's worker (bundle-boot.js)
   */
  constructor(worker) {
    this.worker = worker;
    this.nextId = 1;
    this.pending = new Map();
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => this.fail(event.message || "the engine could not start");
  }

  /**
   * Sends a request.
   * @param {object} message {type, ...}
   * @param {(progress: object) => void} [onProgress] called with progress reports
   * @returns {Promise<any>} the result; null when a newer view request replaced this one. A
   *          result the worker answers in two parts (a search: the hits, then the counts)
   *          carries `next`, a promise of the second part (null when a newer view request
   *          replaced it)
   */
  call(message, onProgress) {
    const id = this.nextId++;
    this.worker.postMessage({ ...message, id });
    return this.answerTo(id, onProgress);
  }

  /** A promise of the next answer to request `id`. */
  answerTo(id, onProgress) {
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, onProgress }));
  }

  /** Routes one answer of the worker to its request. */
  receive(answer) {
    const request = this.pending.get(answer.id);
    if (!request) return;
    if (answer.progress) {
      request.onProgress?.(answer.progress);
      return;
    }
    this.pending.delete(answer.id);
    if (answer.superseded) request.resolve(null);
    else if (!answer.ok) request.reject(Object.assign(new Error(answer.error.message), answer.error));
    else if (answer.more) request.resolve({ ...answer.result, next: this.answerTo(answer.id) });
    else request.resolve(answer.result);
  }

  /** Rejects every open request when the worker itself failed. */
  fail(message) {
    for (const request of this.pending.values()) request.reject(new Error(message));
    this.pending.clear();
    showNotice(`The search engine failed: ${message}. Reload the page to try again.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The offline bundle

/**
 * Draws an offline bundle's first view (the engine's answer to an empty query in relevance
 * order, written by `paperfeed bundle`) while its index is still being read: only when the
 * page opens on that view with no read papers to hide and the answer is a whole first page, so
 * that it is exactly what the engine will draw once ready. Its counts are not final.
 * @param {object|null} first the engine's results JSON
 */
function showFirstView(first) {
  const opensOnIt = hashFromState(page.state) === "" && page.read.size === 0;
  if (!first || !opensOnIt || first.hits.length !== Math.min(PAGE_SIZE, first.total)) return;
  const results = { query: first.query, total: first.total, tookMs: first.took_ms, recovered: first.recovered,
    didYouMean: first.did_you_mean, hits: first.hits, skipped: 0, skippedExact: true };
  showResults(page.state, results, false);
  showCountText(`${results.total} ${plural(results.total, "paper", "papers")} · loading the index…`, false);
  byId("more").hidden = true;
  setEngineButtons(false);
  page.firstView = first.hits.map((hit) => hit.id);
}

/** Takes a bundle's first view away when the page is asked for another before the engine is ready. */
function leaveFirstView() {
  if (!page.firstView) return;
  page.firstView = null;
  byId("results").replaceChildren();
  showCountText("Loading the index…", false);
}

/**
 * Turns the cards' buttons that need the engine (Similar, Mark read) off while a bundle's first
 * view waits for it, and on again.
 */
function setEngineButtons(enabled) {
  for (const button of byId("results").querySelectorAll("button.similar, button.read")) button.disabled = !enabled;
}

/**
 * Draws an answer of the engine. Its first answer to a bundle's first view, when it lists the
 * same papers, keeps the cards drawn early (and the keyboard focus and open abstracts in them)
 * and only brings the count, the buttons and, with the second answer, the facets.
 * @param {PageState} state the state it answers
 * @param {object} results the worker's answer
 */
function showAnswer(state, results) {
  const early = page.firstView;
  page.firstView = null;
  const same = early && early.length === results.hits.length && results.hits.every((hit, i) => hit.id === early[i]);
  if (!same) {
    showResults(state, results);
    return;
  }
  setEngineButtons(true);
  showCount(state, results, !results.next);
  markRendered(byId("results"), results.query, !results.next);
  if (!results.next) showFacets(state, results.facets);
}

/**
 * Shows what the bundle holds (its title as the heading, the selection under the feeds) and
 * hides adding a feed by URL: a bundle's page reaches no network. Feed files still work.
 * @param {{title: string, query: string, since: string}} settings
 */
function showBundle(settings) {
  if (settings.title) document.querySelector("header h1").textContent = settings.title;
  byId("feed-url-form").hidden = true;
  const selection = [settings.query && `matching ${settings.query}`, settings.since && `listed since ${settings.since}`].filter(Boolean);
  const note = "An offline bundle: it reaches no network; add feed files from this computer.";
  byId("bundle-note").textContent = selection.length > 0 ? `Papers ${selection.join(", ")}. ${note}` : note;
  byId("bundle-note").hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Ids kept in this browser (starred, read)

/**
 * Reads a list of paper ids from localStorage. An entry that is not a JSON list of strings is
 * removed and the user told so; storage that cannot be read leaves an empty list (and
 * `page.storageUsable` false, so that the lists then live in memory only).
 * @param {"starred"|"read"} list
 * @returns {Set<string>}
 */
function loadIdSet(list) {
  const { key, what } = ID_LISTS[list];
  const stored = readStored(key);
  if (stored === null) return new Set();
  try {
    const ids = JSON.parse(stored);
    if (Array.isArray(ids) && ids.every((id) => typeof id === "string")) return new Set(ids);
  } catch {
    // handled below, like any other value that is not a list of ids
  }
  resetUnreadable(key, what);
  return new Set();
}

/**
 * A localStorage entry, or null when unset or when this browser does not let the page read its
 * storage (then `page.storageUsable` turns false and the user is told once).
 */
function readStored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    page.storageUsable = false;
    showNotice(STORAGE_REFUSED);
    return null;
  }
}

/** Removes an unreadable localStorage entry and tells the user. */
function resetUnreadable(key, what) {
  try {
    localStorage.removeItem(key);
  } catch {
    // read as unset all the same
  }
  showNotice(`The ${what} saved in this browser was unreadable and has been reset.`);
}

/**
 * Writes a list of ids to localStorage. When the browser refuses, the lists live in memory from
 * then on (`page.storageUsable` false), so that no later change undoes the ones not saved.
 */
function saveIdSet(list, ids) {
  if (!page.storageUsable) return;
  try {
    localStorage.setItem(ID_LISTS[list].key, JSON.stringify([...ids]));
  } catch {
    page.storageUsable = false;
    showNotice(SAVE_REFUSED);
  }
}

/**
 * Adds the id to a list or takes it out, and saves the list. The list is read again first, so
 * that changes made meanwhile in another tab are kept.
 * @param {"starred"|"read"} list
 * @param {string} id
 */
function toggleId(list, id) {
  if (page.storageUsable) page[list] = loadIdSet(list);
  const ids = page[list];
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  saveIdSet(list, ids);
}

/**
 * Follows changes another tab made to the starred or read list (a `storage` event): reads the
 * list again and shows it on the cards. Once this page keeps its lists in memory, they stay.
 * @param {StorageEvent} event
 */
function onStorageChanged(event) {
  if (!page.storageUsable) return;
  const changed = Object.keys(ID_LISTS).filter((list) => event.key === null || event.key === ID_LISTS[list].key);
  for (const list of changed) page[list] = loadIdSet(list);
  if (changed.includes("read") || (changed.includes("starred") && page.state.sort === "foryou")) refresh();
  else showStars();
  updateForYouOption();
}

/**
 * Whether a setting saved in this browser differs from its default. Any value other than the
 * one the page saves is removed and the user told so; storage that cannot be read leaves the
 * default.
 * @param {keyof SETTINGS} name
 */
function isSettingChanged(name) {
  const { key, changed, what } = SETTINGS[name];
  const stored = readStored(key);
  if (stored !== null && stored !== changed) resetUnreadable(key, what);
  return stored === changed;
}

/** Saves whether a setting differs from its default (for this visit only if refused). */
function saveSetting(name, isChanged) {
  if (!page.storageUsable) return;
  const { key, changed } = SETTINGS[name];
  try {
    if (isChanged) localStorage.setItem(key, changed);
    else localStorage.removeItem(key);
  } catch {
    showNotice(SAVE_REFUSED);
  }
}

// ---------------------------------------------------------------------------------------------
// Safe text and links

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** Undoes the five escapes the engine applies to snippet text. */
function unescapeSnippet(text) {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
}

/**
 * Nodes for an engine snippet: escaped text in which only `<mark>` and `</mark>` are markup.
 * The text between the tags becomes text nodes, the marked parts `<mark>` elements; nothing
 * else is ever read as markup.
 * @param {string} snippet Snippet.title or Snippet.abstract
 * @returns {DocumentFragment}
 */
function highlightedText(snippet) {
  const fragment = document.createDocumentFragment();
  let marked = false;
  for (const part of snippet.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
    } else if (part) {
      const text = document.createTextNode(unescapeSnippet(part));
      if (marked) element("mark", {}, [text], fragment);
      else fragment.append(text);
    }
  }
  return fragment;
}

/**
 * The URL when it is an absolute http: or https: URL, else null (javascript:, data:, relative
 * and unparseable URLs never become links).
 * @param {string|null} url
 * @returns {string|null}
 */
function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * Creates an element.
 * @param {string} tag
 * @param {object} [properties] set on the element (`className`, `textContent`, `href`, …);
 *        keys starting with "aria-" or "data-" are set as attributes
 * @param {Array<Node|string>} [children] appended (strings as text)
 * @param {Node} [parent] the element is appended to it
 * @returns {HTMLElement}
 */
function element(tag, properties = {}, children = [], parent = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (key.startsWith("aria-") || key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children);
  parent?.append(node);
  return node;
}

/** A link opening in a new tab, without telling the target where it came from. */
function externalLink(href, text) {
  return element("a", { href, textContent: text, target: "_blank", rel: "noopener noreferrer" });
}

/** The in-page link of a paper that has no web page: its similar-papers view. */
function similarLink(id) {
  const link = element("a", { href: hashFromState({ ...page.state, similar: id }) });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    showSimilar(id);
  });
  return link;
}

// ---------------------------------------------------------------------------------------------
// Result cards

/**
 * The card of one hit: title link, authors, date, categories, numbers, snippet, full abstract,
 * comment, links and the star / similar / read buttons.
 * @param {object} hit an engine Hit
 * @returns {HTMLElement} an <article>
 */
function resultCard(hit) {
  const card = element("article", { className: "card", tabIndex: -1, "data-id": hit.id });
  if (page.read.has(hit.id)) card.classList.add("is-read");
  const heading = element("h3", {}, [], card);
  const href = safeUrl(hit.url) ?? safeUrl(hit.pdf) ?? safeUrl(hit.github);
  const title = href ? externalLink(href, "") : similarLink(hit.id);
  title.append(hit.snippet?.title ? highlightedText(hit.snippet.title) : hit.title);
  heading.append(title);
  const meta = metaLine(hit);
  if (meta) element("p", { className: "meta", textContent: meta }, [], card);
  const numbers = numbersLine(hit);
  if (numbers) element("p", { className: "numbers", textContent: numbers }, [], card);
  if (hit.snippet?.abstract) {
    element("p", { className: "snippet" }, [highlightedText(hit.snippet.abstract)], card);
  }
  if (hit.abstract) {
    element("details", { className: "abstract" }, [
      element("summary", { textContent: "Full abstract" }),
      element("p", { textContent: hit.abstract }),
    ], card);
  }
  if (hit.comment) element("p", { className: "comment", textContent: hit.comment }, [], card);
  const links = paperLinks(hit);
  if (links.length) element("nav", { className: "links", "aria-label": "Links" }, links, card);
  card.append(cardActions(hit));
  return card;
}

/** "Ada Lovelace, Alan Turing · 2024-11-04 · cs.LG, stat.ML", or "" when nothing is known. */
function metaLine(hit) {
  const all = hit.authors ?? [];
  const authors = all.length > 6 ? [...all.slice(0, 5), `+${all.length - 5} more`] : all;
  return [authors.join(", "), hit.published ?? hit.announced ?? "", (hit.categories ?? []).join(", ")]
    .filter(Boolean).join(" · ");
}

/** "12 upvotes · 87 stars · 3 comments · 42 citations", the known ones only. */
function numbersLine(hit) {
  const count = (value, one, many) => (value === null || value === undefined ? "" : `${value} ${plural(value, one, many)}`);
  return [
    count(hit.upvotes, "upvote", "upvotes"),
    count(hit.stars, "star", "stars"),
    count(hit.comments, "comment", "comments"),
    count(hit.citations, "citation", "citations"),
  ].filter(Boolean).join(" · ");
}

/** Links to the abstract page, PDF, code and project page (http(s) ones only). */
function paperLinks(hit) {
  const links = [];
  for (const [url, text] of [[hit.url, "Abstract"], [hit.pdf, "PDF"], [hit.github, "Code"], [hit.project_page, "Project page"]]) {
    const href = safeUrl(url);
    if (href) links.push(externalLink(href, text));
  }
  return links;
}

/**
 * The star, similar and mark-read buttons of a card, each named with the paper's title for
 * screen readers ("Star: Sparse Mixture Routing…").
 */
function cardActions(hit) {
  const button = (className, text, onClick, pressed) => {
    const properties = { type: "button", className, textContent: text, "aria-label": `${text}: ${hit.title}` };
    if (pressed !== undefined) properties["aria-pressed"] = String(pressed);
    const made = element("button", properties);
    made.addEventListener("click", onClick);
    return made;
  };
  return element("div", { className: "actions" }, [
    button("star", "Star", () => toggleStar(hit.id), page.starred.has(hit.id)),
    button("similar", "Similar", () => showSimilar(hit.id)),
    button("read", "Mark read", () => toggleRead(hit.id), page.read.has(hit.id)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Drawing results and facets

/**
 * Draws the answer to a view request: count and time, notes, cards, and facets unless counts
 * follow (`results.next`, a search's second answer: see showCounts).
 * @param {PageState} state the state it answers
 * @param {object} results the worker's answer
 * @param {boolean} [final] whether its counts are final (not when a second answer follows)
 */
function showResults(state, results, final = !results.next) {
  showCount(state, results, final);
  showQueryNotes(state, results);
  showViewBanner(state, results);
  const cards = results.hits.map(resultCard);
  const list = byId("results");
  list.replaceChildren(...cards);
  markRendered(list, results.query, final);
  if (!cards.length) element("p", { className: "empty", textContent: "No papers match." }, [], list);
  page.selected = Math.min(page.selected, cards.length - 1);
  markSelected(false);
  if (final) showFacets(state, results.facets);
}

/**
 * Draws a search's second answer over its hits: the count without every read paper among the
 * matches, and the facet counts.
 * @param {PageState} state the state it answers
 * @param {object} results the first answer, already drawn
 * @param {{facets: object, skipped: number}} counts the second answer
 */
function showCounts(state, results, counts) {
  showCount(state, { ...results, skipped: counts.skipped }, true);
  showFacets(state, counts.facets);
  byId("results").dataset.counted = results.query;
}

/**
 * Shows how many papers the view has ("263 papers (2 read hidden) · 1.2 ms") and whether "Show
 * more" has more to show.
 * @param {PageState} state
 * @param {object} results the worker's answer with `skipped`
 * @param {boolean} final whether the count is final, to be announced (see showCountText)
 */
function showCount(state, results, final) {
  const shown = results.hits.length;
  const visibleTotal = Math.max(shown, results.total - results.skipped);
  const papers = plural(visibleTotal, "paper", "papers");
  const kind = state.similar ? `similar ${papers}` : state.sort === "foryou" ? `${papers} for you` : papers;
  const hidden = results.skipped ? ` (${results.skipped} read hidden)` : "";
  showCountText(`${visibleTotal} ${kind}${hidden} · ${results.tookMs.toFixed(1)} ms`, final);
  byId("more").hidden = shown >= visibleTotal || shown < page.limit;
}

/**
 * The two texts of the result count, a live region (role="status" in index.html): the count as
 * shown, hidden from screen readers, and the count as announced, shown to screen readers only.
 * The shown one follows every answer; the announced one changes only when a count is final, so
 * that a search is announced once, not once for its hits and again for its counts.
 */
const countTexts = {
  shown: element("span", { "aria-hidden": "true" }),
  announced: element("span", { className: "visually-hidden" }),
};

/** Writes the result count; screen readers hear it when final. */
function showCountText(text, final) {
  countTexts.shown.textContent = text;
  if (final) countTexts.announced.textContent = text;
}

/**
 * Records on the result list which query it shows (`data-query`), how many times it was drawn
 * (`data-renders`) and which query its counts and facets are of (`data-counted`, absent while
 * a search's counts are on their way), so that scripts driving the page can wait for an answer.
 * @param {HTMLElement} list
 * @param {string} query
 * @param {boolean} counted whether the counts of that query are drawn too
 */
function markRendered(list, query, counted) {
  list.dataset.query = query;
  list.dataset.renders = String(Number(list.dataset.renders ?? 0) + 1);
  if (counted) list.dataset.counted = query;
  else delete list.dataset.counted;
}

/** "Did you mean" and what the query parser recovered from. */
function showQueryNotes(state, results) {
  const notes = byId("query-notes");
  notes.replaceChildren();
  const fixed = results.didYouMean && !state.similar ? correctedText(results.didYouMean, buildQuery(state)) : null;
  if (fixed) {
    const button = element("button", { type: "button", className: "link-button", textContent: fixed });
    button.addEventListener("click", () => {
      controls.query.value = fixed;
      onControlsChanged();
    });
    notes.append("Did you mean ", button, "? ");
  }
  if (results.recovered?.length) notes.append(`Query read with changes: ${results.recovered.join("; ")}.`);
  notes.hidden = !notes.childNodes.length;
}

/** The banner over similar papers and recommendations, saying what the list is. */
function showViewBanner(state, results) {
  const banner = byId("view-banner");
  const title = byId("view-title");
  if (state.similar) {
    const name = results.paper ? `“${results.paper.title}”` : state.similar;
    title.textContent = `Papers similar to ${name}. The query and filters do not apply here.`;
    byId("view-back").hidden = false;
  } else if (state.sort === "foryou") {
    title.textContent = `Recommended from your ${page.starred.size} starred ${plural(page.starred.size, "paper", "papers")}. The query and filters do not apply here.`;
    byId("view-back").hidden = true;
  }
  banner.hidden = !state.similar && state.sort !== "foryou";
}

/**
 * Fills the facet counts next to the filters: category options, has-code count, years and
 * top authors. Views without facets (similar, For you) clear them.
 * @param {PageState} state
 * @param {object|undefined} facets Results.facets
 */
function showFacets(state, facets) {
  showCategoryOptions(state.cat, facets?.categories ?? []);
  const withCode = facets?.has_code?.find((value) => value.value === "true")?.count ?? 0;
  byId("code-count").textContent = facets ? `(${withCode})` : "";
  showFacetButtons(byId("year-facets"), facets?.year ?? [], (year) => {
    controls.from.value = `${year}-01-01`;
    controls.to.value = `${year}-12-31`;
  });
  showFacetButtons(byId("author-facets"), (facets?.authors ?? []).slice(0, TOP_AUTHORS), (author) => {
    controls.query.value = `${controls.query.value.trim()} +author:"${author.replace(/"/g, " ")}"`.trim();
  });
}

/** The category select: "Any category" and each category with its count. */
function showCategoryOptions(selected, counts) {
  const options = [element("option", { value: "", textContent: counts.length ? "Any category" : "Any category (none known)" })];
  for (const { value, count } of counts) {
    options.push(element("option", { value, textContent: `${value} (${count})` }));
  }
  if (selected && !counts.some((facet) => facet.value === selected)) {
    options.push(element("option", { value: selected, textContent: `${selected} (0)` }));
  }
  controls.category.replaceChildren(...options);
  controls.category.value = selected;
}

/** Adds an option for a category the select does not list yet (from a URL). */
function ensureCategoryOption(value) {
  if (value && ![...controls.category.options].some((option) => option.value === value)) {
    element("option", { value, textContent: value }, [], controls.category);
  }
}

/**
 * Facet values as buttons "2024 (12)" that change the controls and search again.
 * @param {HTMLElement} container
 * @param {Array<{value: string, count: number}>} counts
 * @param {(value: string) => void} apply changes the controls for a value
 */
function showFacetButtons(container, counts, apply) {
  container.replaceChildren(...counts.map(({ value, count }) => {
    const button = element("button", { type: "button", className: "facet", textContent: `${value} (${count})` });
    button.addEventListener("click", () => {
      apply(value);
      onControlsChanged();
    });
    return button;
  }));
}

/** The word for a count: plural(1, "paper", "papers") is "paper". */
function plural(count, one, many) {
  return count === 1 ? one : many;
}

/** Shows a message for a view the engine cannot answer (For you with nothing starred). */
function showEmptyView(message) {
  const list = byId("results");
  showCountText("0 papers", true);
  list.replaceChildren(element("p", { className: "empty", textContent: message }));
  markRendered(list, "", true);
  byId("view-banner").hidden = true;
  byId("query-notes").hidden = true;
  byId("more").hidden = true;
  showFacets(page.state, undefined);
}

// ---------------------------------------------------------------------------------------------
// Searching

/** What the page holds between events. */
const page = {
  /** @type {EngineClient} */
  engine: null,
  /** @type {PageState} */
  state: stateFromHash(""),
  starred: new Set(),
  read: new Set(),
  /** False when localStorage cannot be read or refused a change: the id lists then live in memory only. */
  storageUsable: true,
  /** Hits asked for; grows with "Show more". */
  limit: PAGE_SIZE,
  /** Index of the selected card, -1 for none. */
  selected: -1,
  /** Number of the latest view request; older answers are dropped. */
  sequence: 0,
  /** The ids of a bundle's first view while it is shown before the engine is ready, else null. */
  firstView: null,
  ready: false,
};

/**
 * Asks the engine for the current view and draws the answer, unless a newer request was made
 * meanwhile. Resolves once the results are drawn; a search's counts and facets are drawn when
 * they arrive, again only if no newer request was made (so they never land on newer results).
 */
async function refresh() {
  if (!page.ready) {
    leaveFirstView();
    return;
  }
  const sequence = ++page.sequence;
  const isLatest = () => sequence === page.sequence;
  const state = page.state;
  updateForYouOption();
  const request = viewRequest(state);
  if (!request) {
    showEmptyView("Star papers first: “For you” recommends papers like the ones you starred.");
    return;
  }
  const failed = (error) => { if (isLatest()) showViewError(request, error); };
  try {
    const results = await page.engine.call({ type: "view", request });
    results?.next?.then((counts) => { if (counts && isLatest()) showCounts(state, results, counts); }, failed);
    if (results && isLatest()) showAnswer(state, results);
  } catch (error) {
    failed(error);
  }
}

/** Says why a view could not be drawn: an unknown paper or starred papers, or the engine's error. */
function showViewError(request, error) {
  if (error.code === "invalid_argument" && request.kind !== "search") {
    showEmptyView(request.kind === "similar"
      ? `No paper with the id “${request.id}” is in the loaded feeds.`
      : "None of your starred papers is in the loaded feeds; add their feeds again or star others.");
  } else {
    showNotice(`The search failed: ${error.message}`);
  }
}

/** Reads the controls into the state, records it in the URL and searches again. */
function onControlsChanged() {
  page.state = stateFromControls();
  page.limit = PAGE_SIZE;
  page.selected = -1;
  history.replaceState(history.state, "", urlOf(page.state));
  refresh();
}

/** The page URL for a state. */
function urlOf(state) {
  return `${location.pathname}${location.search}${hashFromState(state)}`;
}

/** Follows a URL the user navigated to (back, forward, an edited hash). */
function onUrlChanged() {
  const state = stateFromHash(location.hash);
  if (hashFromState(state) === hashFromState(page.state)) return;
  page.state = state;
  page.limit = PAGE_SIZE;
  page.selected = -1;
  showStateInControls(state);
  refresh();
}

/** Shows the papers similar to one paper (a new history entry, so Back returns). */
function showSimilar(id) {
  page.state = { ...page.state, similar: id };
  page.limit = PAGE_SIZE;
  page.selected = -1;
  history.pushState({ fromSearch: true }, "", urlOf(page.state));
  refresh();
  byId("results").focus();
}

/** Leaves the similar papers view for the search it came from. */
function leaveSimilar() {
  if (history.state?.fromSearch) {
    history.back();
    return;
  }
  page.state = { ...page.state, similar: "" };
  history.replaceState(null, "", urlOf(page.state));
  refresh();
}

/** Stars or unstars a paper; "For you" recommends again from the new stars. */
function toggleStar(id) {
  toggleId("starred", id);
  if (page.state.sort === "foryou") {
    refreshKeepingFocus(id, "button.star");
  } else {
    showStars();
    updateForYouOption();
  }
}

/** Shows on every card whether its paper is starred. */
function showStars() {
  for (const card of cards()) {
    card.querySelector("button.star").setAttribute("aria-pressed", String(page.starred.has(card.dataset.id)));
  }
}

/** Marks a paper read or unread; read papers leave the list unless "Show read" is on. */
function toggleRead(id) {
  toggleId("read", id);
  refreshKeepingFocus(id, "button.read");
}

/** Shows the next page of results, moving the focus to the first new card if the button went away. */
async function showMore() {
  const shown = cards().length;
  page.limit += PAGE_SIZE;
  await refresh();
  if (focusWasLost()) (titleLink(cards()[shown]) ?? byId("results")).focus();
}

/**
 * Draws the results again after a card's button changed them, keeping the keyboard focus: on
 * the same button when its card is still listed, else on the title of the card that took its
 * place (the result list when none did).
 * @param {string} id the card's paper
 * @param {string} selector the button within the card ("button.read")
 */
async function refreshKeepingFocus(id, selector) {
  const index = cards().findIndex((card) => card.dataset.id === id);
  await refresh();
  if (!focusWasLost()) return;
  const same = cards().find((card) => card.dataset.id === id)?.querySelector(selector);
  (same ?? titleLink(cards()[Math.max(index, 0)]) ?? byId("results")).focus();
}

/** Whether the focused element was removed or hidden, leaving the focus on the page itself. */
function focusWasLost() {
  const active = document.activeElement;
  return !active || active === document.body || active.closest("[hidden]") !== null;
}

/** The title link of a card, or null without a card. */
function titleLink(card) {
  return card?.querySelector("h3 a") ?? null;
}

/** Enables "For you" when something is starred and says how it works. */
function updateForYouOption() {
  const count = page.starred.size;
  controls.sort.querySelector('option[value="foryou"]').disabled = count === 0 && page.state.sort !== "foryou";
  byId("for-you-hint").textContent = count
    ? `“For you” recommends from your ${count} starred ${plural(count, "paper", "papers")}.`
    : "Star papers to get “For you” recommendations.";
  byId("read-count").textContent = page.read.size ? `(${page.read.size})` : "";
}

// ---------------------------------------------------------------------------------------------
// Keyboard

/** Whether a key press goes to a field being typed in rather than to the page. */
function isTypingTarget(target) {
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset", "file", "range", "color"].includes(target.type);
}

/**
 * The page's keys: `/` search, `j`/`k` next/previous result, `s` star, `o` open (unless the
 * single-key shortcuts are turned off), Escape leaves a field. Keys typed into a field stay
 * there.
 * @param {KeyboardEvent} event
 */
function onKeyDown(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTypingTarget(event.target)) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (!byId("shortcuts").checked) return;
  const actions = {
    "/": () => { controls.query.focus(); controls.query.select(); },
    j: () => moveSelection(1),
    k: () => moveSelection(-1),
    s: () => withSelected((card) => toggleStar(card.dataset.id)),
    o: () => withSelected((card) => card.querySelector("h3 a").click()),
  };
  const action = actions[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
}

/** The result cards on the page. */
function cards() {
  return [...byId("results").querySelectorAll("article.card")];
}

/** Moves the selection by one card and scrolls it into view. */
function moveSelection(step) {
  const count = cards().length;
  if (!count) return;
  page.selected = Math.max(0, Math.min(count - 1, page.selected + step));
  markSelected(true);
}

/** Shows which card is selected; focuses it when asked. */
function markSelected(focus) {
  cards().forEach((card, index) => {
    card.classList.toggle("selected", index === page.selected);
    card.setAttribute("aria-current", String(index === page.selected));
    if (focus && index === page.selected) card.focus();
  });
}

/** Runs an action on the selected card, if there is one. */
function withSelected(action) {
  const card = cards()[page.selected];
  if (card) action(card);
}

// ---------------------------------------------------------------------------------------------
// Feeds, exports, notices

/**
 * Adds feeds (files or one URL), showing progress and then the report of each feed.
 * @param {Array<{file?: File, url?: string}>} sources
 */
async function addFeeds(sources) {
  if (!sources.length || !page.ready) return;
  const progress = byId("feed-progress");
  const report = byId("feed-report");
  setFeedControlsBusy(true);
  progress.hidden = false;
  try {
    const result = await page.engine.call({ type: "addFeeds", sources }, (step) => showFeedProgress(step));
    report.replaceChildren(...result.feeds.map(feedReport));
    showIndexSize(result.size);
    refresh();
  } catch (error) {
    report.replaceChildren(element("p", { className: "error", textContent: `Adding feeds failed: ${error.message}` }));
  } finally {
    progress.hidden = true;
    setFeedControlsBusy(false);
  }
}

/** Disables the feed inputs while feeds load. */
function setFeedControlsBusy(busy) {
  for (const control of [byId("feed-files"), byId("feed-url"), byId("feed-url-form").querySelector("button"), byId("export-index")]) {
    control.disabled = busy;
  }
}

/** Moves the progress bar: bytes read when the size is known, else an indeterminate bar. */
function showFeedProgress({ phase, name, index, count, loaded, total }) {
  const progress = byId("feed-progress");
  if (phase === "reading" && total > 0) {
    progress.max = total;
    progress.value = Math.min(loaded, total);
  } else {
    progress.removeAttribute("value");
  }
  const what = phase === "reading" ? "Reading" : "Indexing";
  byId("feed-report").textContent = `${what} ${name} (${index + 1} of ${count})…`;
}

/**
 * The report of one feed: its format and counts, or why it failed, with the first record-level
 * errors and their positions.
 * @param {{name: string, report?: object, error?: object}} feed
 */
function feedReport({ name, report, error }) {
  const box = element("div", { className: error ? "feed error" : "feed" });
  const summary = report ?? (error.report?.added || error.report?.merged ? error.report : null);
  const outcome = summary ? feedCounts(summary) : `not added: ${failureText(error)}`;
  element("p", {}, [element("strong", { textContent: name }), ` — ${outcome}`], box);
  if (error && summary) element("p", { textContent: `Reading stopped: ${failureText(error)}` }, [], box);
  const errors = summary?.errors ?? [];
  if (errors.length) {
    const list = element("ul", {}, [], box);
    for (const item of errors.slice(0, ERRORS_SHOWN)) element("li", { textContent: errorText(item) }, [], list);
    if (errors.length > ERRORS_SHOWN) element("li", { textContent: `… and ${errors.length - ERRORS_SHOWN} more` }, [], list);
  }
  return box;
}

/** "hf-daily: 12 added, 1 merged, 0 rejected, 2 invalid UTF-8 sequences repaired". */
function feedCounts(report) {
  const parts = [`${report.added} added`, `${report.merged} merged`, `${report.rejected} rejected`];
  if (report.truncated) parts.push("cut off");
  if (report.utf8Repairs) parts.push(`${report.utf8Repairs} invalid UTF-8 ${plural(report.utf8Repairs, "sequence", "sequences")} repaired`);
  return `${report.format ?? "unknown format"}: ${parts.join(", ")}`;
}

/** A record-level error: "feed.json:1:5234 (byte 5233): expected a string [malformed]". */
function errorText(error) {
  const place = [error.file, error.line, error.column].filter((part) => part !== null && part !== undefined).join(":");
  const offset = error.offset !== null && error.offset !== undefined ? ` (byte ${error.offset})` : "";
  return `${place}${offset}${place || offset ? ": " : ""}${failureText(error)}`;
}

/** A thrown error (whose message already names the place): "message [code]", the code only for engine errors. */
function failureText(error) {
  return error.code ? `${error.message} [${error.code}]` : error.message;
}

/** "263 papers indexed". */
function showIndexSize(size) {
  byId("index-size").textContent = `${size} ${plural(size, "paper", "papers")} indexed.`;
}

/** Exports the papers of the current view in the chosen format. */
async function exportResults() {
  const format = byId("export-format").value;
  const request = viewRequest(page.state);
  if (!request || !page.ready) return;
  try {
    const { text, count, cappedAt } = await page.engine.call({ type: "export", request, format });
    download(new Blob([text], { type: EXPORT_FILES[format].type }), EXPORT_FILES[format].name);
    const what = `Exported ${count} ${plural(count, "paper", "papers")} as ${byId("export-format").selectedOptions[0].textContent}`;
    byId("feed-report").textContent = cappedAt
      ? `${what}, from the first ${cappedAt} results only (the most one export takes): narrow the search to export the others.`
      : `${what}.`;
  } catch (error) {
    showNotice(`The export failed: ${error.message}`);
  }
}

/**
 * Opens or collapses the sort, filters and feeds panel. It is a disclosure on narrow screens
 * only; wide screens always show it.
 * @param {boolean} open
 * @param {boolean} remember save the choice for the next visit
 */
function showFiltersPanel(open, remember) {
  byId("filters-toggle").setAttribute("aria-expanded", String(open));
  byId("sidebar").classList.toggle("collapsed", !open);
  if (remember) saveSetting("filtersPanel", !open);
}

/** Whether the sort and filters panel is open. */
function isFiltersPanelOpen() {
  return byId("filters-toggle").getAttribute("aria-expanded") === "true";
}

/** Downloads the whole index as .pfi bytes. */
async function exportIndex() {
  if (!page.ready) return;
  try {
    const bytes = await page.engine.call({ type: "exportIndex" });
    download(new Blob([bytes], { type: "application/octet-stream" }), "paperfeed.pfi");
  } catch (error) {
    showNotice(`The index export failed: ${error.message}`);
  }
}

/** Saves a Blob as a file through a temporary object URL. */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = element("a", { href: url, download: name, hidden: true }, [], document.body);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Shows a message above the results until dismissed (once: not again while it is shown). */
function showNotice(message) {
  if ([...byId("notices").children].some((notice) => notice.firstChild.textContent === message)) return;
  const dismiss = element("button", { type: "button", className: "dismiss", textContent: "Dismiss" });
  const notice = element("p", { className: "notice" }, [message, " ", dismiss], byId("notices"));
  dismiss.addEventListener("click", () => notice.remove());
}

// ---------------------------------------------------------------------------------------------
// Drag and drop

/** Whether a drag carries files. */
function carriesFiles(event) {
  return [...(event.dataTransfer?.types ?? [])].includes("Files");
}

/** Whether a drag carries a link (dropping one would otherwise leave the page for it). */
function carriesLink(event) {
  return [...(event.dataTransfer?.types ?? [])].includes("text/uri-list");
}

/**
 * Accepts feed files dropped anywhere on the page. A dropped link does not leave the page: an
 * http(s) one is put in the feed URL field to be fetched, any other is ignored with a note.
 */
function listenForDrops() {
  const overlay = byId("drop-overlay");
  let depth = 0;
  document.addEventListener("dragenter", (event) => {
    if (!carriesFiles(event)) return;
    depth++;
    overlay.hidden = false;
  });
  document.addEventListener("dragleave", (event) => {
    if (carriesFiles(event) && --depth <= 0) {
      depth = 0;
      overlay.hidden = true;
    }
  });
  document.addEventListener("dragover", (event) => {
    if (carriesFiles(event) || carriesLink(event)) event.preventDefault();
  });
  document.addEventListener("drop", (event) => {
    if (carriesFiles(event)) {
      event.preventDefault();
      depth = 0;
      overlay.hidden = true;
      addFeeds([...event.dataTransfer.files].map((file) => ({ file })));
    } else if (carriesLink(event)) {
      event.preventDefault();
      offerDroppedLink(event.dataTransfer.getData("text/uri-list"));
    }
  });
}

/**
 * Puts a dropped http(s) link in the feed URL field for the user to fetch; says why another
 * link, or any link in an offline bundle (which fetches nothing), is ignored.
 * @param {string} uriList the dropped `text/uri-list` (its first URL is used)
 */
function offerDroppedLink(uriList) {
  const first = uriList.split(/\r?\n/).find((line) => line && !line.startsWith("#")) ?? "";
  const url = safeUrl(first.trim());
  const report = byId("feed-report");
  if (byId("feed-url-form").hidden) {
    report.textContent = "The dropped link was ignored: an offline bundle fetches nothing. Download the feed and drop the file here.";
    return;
  }
  if (!url) {
    report.textContent = "The dropped link was ignored: only http: and https: feed URLs can be added.";
    return;
  }
  byId("feed-url").value = url;
  byId("feed-url").focus();
  report.textContent = "The dropped link is in the feed URL field: press Fetch to add it as a feed.";
}

// ---------------------------------------------------------------------------------------------
// Start

/** Connects the controls to the page. */
function listen() {
  controls.query.addEventListener("input", onControlsChanged);
  controls.query.addEventListener("search", () => {
    if (controls.query.value !== page.state.q) onControlsChanged();
  });
  byId("search-form").addEventListener("submit", (event) => event.preventDefault());
  for (const control of [controls.sort, controls.from, controls.to, controls.category, controls.hasCode, controls.showRead]) {
    control.addEventListener("change", onControlsChanged);
  }
  for (const control of [controls.minUpvotes, controls.exclude]) control.addEventListener("input", onControlsChanged);
  byId("clear-filters").addEventListener("click", () => {
    showStateInControls({ ...stateFromHash(""), q: controls.query.value, sort: controls.sort.value });
    onControlsChanged();
  });
  byId("more").addEventListener("click", showMore);
  byId("view-back").addEventListener("click", leaveSimilar);
  byId("feed-files").addEventListener("change", (event) => {
    addFeeds([...event.target.files].map((file) => ({ file })));
    event.target.value = "";
  });
  byId("feed-url-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const url = byId("feed-url").value.trim();
    if (url) addFeeds([{ url }]);
  });
  byId("export-form").addEventListener("submit", (event) => {
    event.preventDefault();
    exportResults();
  });
  byId("export-index").addEventListener("click", exportIndex);
  document.addEventListener("keydown", onKeyDown);
  byId("shortcuts").addEventListener("change", (event) => saveSetting("shortcuts", !event.target.checked));
  byId("filters-toggle").addEventListener("click", () => showFiltersPanel(!isFiltersPanelOpen(), true));
  window.addEventListener("storage", onStorageChanged);
  window.addEventListener("popstate", onUrlChanged);
  window.addEventListener("hashchange", onUrlChanged);
  listenForDrops();
}

/** Restores the state from the URL, starts the engine with the default index and searches. */
async function start() {
  const count = byId("result-count");
  showCountText(count.textContent, true);
  count.replaceChildren(countTexts.shown, countTexts.announced);
  page.starred = loadIdSet("starred");
  page.read = loadIdSet("read");
  page.state = stateFromHash(location.hash);
  showStateInControls(page.state);
  byId("shortcuts").checked = !isSettingChanged("shortcuts");
  showFiltersPanel(!isSettingChanged("filtersPanel"), false);
  updateForYouOption();
  listen();
  try {
    const bundle = window.paperfeedBundle;
    if (bundle) showBundle(bundle.settings);
    page.engine = new EngineClient(bundle ? bundle.worker : new Worker("worker.js", { type: "module" }));
    const init = page.engine.call(bundle ? { type: "init" } : { type: "init", indexUrl: "default.pfi" });
    if (bundle) showFirstView(bundle.settings.first);
    const { size, indexNote } = await init;
    if (indexNote) showNotice(indexNote);
    showIndexSize(size);
    page.ready = true;
    refresh();
  } catch (error) {
    page.firstView = null;
    byId("results").replaceChildren();
    showCountText("The search engine could not start.", true);
    showNotice(`The search engine could not start: ${error.message}`);
  }
}

start();
