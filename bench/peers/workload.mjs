/**
 * The papers and queries every engine of the peer bench gets, made from the files `search_bench
 * export` and `relevance_bench export` write. Runs in Node and, bundled, in Chromium: it parses
 * text and never reads files itself.
 */

/** @typedef {{id: string, title: string, authors: string[], abstract: string, categories: string[]}} Paper */
/** @typedef {"natural"|"words"|"prefix"|"typo"|"phrase"} QueryKind */
/** @typedef {{qid: string, kind: QueryKind, text: string}} Query */

/** The query kinds, in the order tables show them. */
export const KINDS = ["natural", "words", "prefix", "typo", "phrase"];

/**
 * The papers of a JSON-lines file of canonical records (or of relevance_bench's docs.jsonl),
 * reduced to the fields every engine indexes.
 * @param {string} text the file's text
 * @returns {Paper[]}
 */
export function readPapers(text) {
  const papers = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const record = JSON.parse(line);
    papers.push({
      id: String(record.id),
      title: record.title ?? "",
      authors: record.authors ?? [],
      abstract: record.abstract ?? "",
      categories: record.categories ?? [],
    });
  }
  return papers;
}

/**
 * The queries of a `search_bench export` queries.tsv as plain words per kind ("diff*" becomes
 * prefix "diff", a quoted pair becomes phrase "video diffusion"), plus one typo query made from
 * each words query (see typoOf), each kind cut to the count asked for.
 * @param {string} text the file's text
 * @param {Partial<Record<QueryKind, number>>} counts queries kept per kind (the first ones in the
 *   file, except natural: evenly spaced over all, as search_bench --natural does); absent: all
 * @returns {Query[]}
 */
export function readBenchQueries(text, counts = {}) {
  const byKind = new Map(KINDS.map((kind) => [kind, []]));
  for (const line of text.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const qid = line.slice(0, tab);
    const kind = qid.slice(0, qid.lastIndexOf("-"));
    const typed = line.slice(tab + 1);
    if (!byKind.has(kind)) throw new Error(`queries.tsv: unknown query kind in "${qid}"`);
    byKind.get(kind).push({ qid, kind, text: plainText(kind, typed) });
  }
  byKind.set("typo", byKind.get("words").map(typoQuery).filter(Boolean));
  return KINDS.flatMap((kind) => firstOrSpread(byKind.get(kind), counts[kind], kind === "natural"));
}

/**
 * The queries of a relevance collection (relevance_bench export's queries.tsv: `qid<TAB>text`),
 * all of kind natural.
 * @param {string} text
 * @returns {Query[]}
 */
export function readCollectionQueries(text) {
  return text.split("\n").filter((line) => line.includes("\t")).map((line) => {
    const tab = line.indexOf("\t");
    return { qid: line.slice(0, tab), kind: "natural", text: line.slice(tab + 1) };
  });
}

/**
 * A field's value as one text: a list (authors, categories) joined with spaces, so that engines
 * that take one text per field see each name or category as words.
 * @param {Paper} paper
 * @param {string} field
 * @returns {string}
 */
export function fieldText(paper, field) {
  const value = paper[field];
  return Array.isArray(value) ? value.join(" ") : value;
}

/** The words of a query as typed in paperfeed's syntax, without its operators. */
function plainText(kind, typed) {
  if (kind === "prefix") return typed.replace(/\*$/, "");
  if (kind === "phrase") return typed.replace(/^"|"$/g, "");
  return typed;
}

/** @returns {T[]} the first `count` items, or `count` evenly spaced ones when `spread` */
function firstOrSpread(items, count, spread) {
  if (count === undefined || count >= items.length) return items;
  if (!spread) return items.slice(0, count);
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

/**
 * A misspelled query from a words query: its longest word of five letters or more with one
 * edit (Levenshtein distance 1: a letter dropped, doubled, or replaced by its neighbour in the
 * alphabet), the edit and its place chosen from the query's number, so every run makes the same
 * ones. Null when no word is long enough.
 * @param {Query} words
 * @returns {Query|null}
 */
export function typoQuery(words) {
  const word = words.text.split(" ").reduce((longest, w) => (w.length > longest.length ? w : longest), "");
  if (word.length < 5) return null;
  const serial = Number(words.qid.slice(words.qid.lastIndexOf("-") + 1));
  const at = 1 + (serial * 7) % (word.length - 2);
  return { qid: `typo-${serial}`, kind: "typo", text: oneEdit(word, at, serial % 3) };
}

/** The word with edit number `edit` (0 drop, 1 double, 2 replace) at index `at`. */
function oneEdit(word, at, edit) {
  const letter = word[at];
  if (edit === 0) return word.slice(0, at) + word.slice(at + 1);
  if (edit === 1) return word.slice(0, at) + letter + word.slice(at);
  const next = letter === "z" ? "y" : String.fromCharCode(letter.charCodeAt(0) + 1);
  return word.slice(0, at) + next + word.slice(at + 1);
}
