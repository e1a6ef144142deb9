/**
 * The peer bench's charts as hand-written SVG: one panel per query kind, size or collection,
 * one horizontal bar per engine (a dark bar for the main figure over a light one for the second,
 * e.g. p50 over p99), paperfeed's bars in their own colour, a value label on every bar, on a
 * white background so that they read the same in GitHub's light and dark themes. A log scale is
 * used where the values span more than 30×, and the chart says so.
 */

const WIDTH = 720;
const LABEL_RIGHT = 176;
const PLOT_LEFT = 184;
const PLOT_RIGHT = 596;
const ROW = 18;
const BAR = 12;
const PANEL_TITLE = 22;
const AXIS = 18;
const PANEL_GAP = 10;
const HEADER = 62;
const LOG_SPAN = 30;
const FONT = "font-family=\"-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\"";
const INK = "#1f2328";
const MUTED = "#59636e";
const GRID = "#d1d9e0";
const COLOURS = {
  peer: { main: "#3f6fa6", second: "#b4cde6" },
  paperfeed: { main: "#d9480f", second: "#ffc194" },
};
const HIGHLIGHTED = "paperfeed";
const LABEL_CHAR = 6.6;

/**
 * A figure with three significant digits, whole numbers from 100 up with thousands separators.
 * @param {number|null|undefined} value
 * @returns {string} "—" when missing
 */
export function significant(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  return value.toPrecision(3);
}

/**
 * Bytes in decimal units (10^6 bytes to the MB), three significant digits.
 * @param {number|null|undefined} bytes
 * @returns {string} e.g. "12.3 MB", "456 KB"; "—" when missing
 */
export function bytesText(bytes) {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes >= 1e6) return `${significant(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${significant(bytes / 1e3)} KB`;
  return `${bytes} B`;
}

/** Text made safe for XML content and attribute values. */
function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;" })[c]);
}

/**
 * The scale of a chart: linear from 0, or log from the decade below the smallest value when the
 * values span more than LOG_SPAN times.
 * @param {number[]} values every figure the chart draws
 * @param {"auto"|"linear"} kind
 */
function scaleFor(values, kind) {
  const positive = values.filter((v) => v > 0);
  const max = Math.max(...positive, Number.MIN_VALUE);
  const min = Math.min(...positive, max);
  if (kind === "auto" && max / min > LOG_SPAN) {
    const low = 10 ** Math.floor(Math.log10(min));
    const high = 10 ** Math.ceil(Math.log10(max));
    const at = (v) => PLOT_LEFT + ((Math.log10(Math.max(v, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (PLOT_RIGHT - PLOT_LEFT);
    return { log: true, at, ticks: logTicks(low, high) };
  }
  const step = niceStep(max / 5);
  const high = Math.ceil(max / step) * step;
  const ticks = Array.from({ length: Math.round(high / step) + 1 }, (_, i) => i * step);
  return { log: false, at: (v) => PLOT_LEFT + (v / high) * (PLOT_RIGHT - PLOT_LEFT), ticks };
}

/** Powers of ten from low to high, with 2× and 5× between them when there are two decades or fewer. */
function logTicks(low, high) {
  const ticks = [];
  const decades = Math.round(Math.log10(high / low));
  for (let decade = low; decade <= high * 1.0001; decade *= 10) {
    ticks.push(decade);
    if (decades <= 2 && decade * 10 <= high * 1.0001) ticks.push(decade * 2, decade * 5);
  }
  return ticks;
}

/** A round step (1, 2 or 5 times a power of ten) near `rough`. */
function niceStep(rough) {
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough);
}

/** A tick's label: short, without trailing zeros, thousands as "k" and millions as "M". */
function tickText(value) {
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(2))}M`;
  if (value >= 1e3) return `${Number((value / 1e3).toPrecision(2))}k`;
  return String(Number(value.toPrecision(2)));
}

/** The legend: one swatch per figure a bar shows, and paperfeed's colour. */
function legend(figures, y) {
  const parts = [];
  let x = PLOT_LEFT;
  const swatch = (colour, label) => {
    parts.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${colour}"/>`,
      `<text x="${x + 16}" y="${y}" font-size="12" fill="${INK}">${escapeXml(label)}</text>`);
    x += 34 + label.length * 8;
  };
  figures.forEach((name, i) => swatch(i === 0 ? COLOURS.peer.main : COLOURS.peer.second, name));
  swatch(COLOURS.paperfeed.main, HIGHLIGHTED);
  return parts.join("");
}

/** One engine's row: its name, its bars (second figure behind, main figure in front) and their label. */
function rowSvg(row, scale, top) {
  const colours = row.engine === HIGHLIGHTED ? COLOURS.paperfeed : COLOURS.peer;
  const weight = row.engine === HIGHLIGHTED ? " font-weight=\"bold\"" : "";
  const parts = [`<text x="${LABEL_RIGHT}" y="${top + 13}" font-size="12" text-anchor="end" fill="${INK}"${weight}>${escapeXml(row.engine)}</text>`];
  const [main, second] = row.values;
  if (main === null || main === undefined) {
    parts.push(`<text x="${PLOT_LEFT + 4}" y="${top + 13}" font-size="11" font-style="italic" fill="${MUTED}">${escapeXml(row.missing)}</text>`);
    return parts.join("");
  }
  const y = top + (ROW - BAR) / 2;
  let end = scale.at(main);
  if (second !== null && second !== undefined) {
    end = Math.max(end, scale.at(second));
    parts.push(`<rect x="${PLOT_LEFT}" y="${y}" width="${(scale.at(second) - PLOT_LEFT).toFixed(1)}" height="${BAR}" fill="${colours.second}"/>`);
  }
  // A label that would leave the chart moves left over the bars, on a white halo.
  const x = Math.min(end + 4, WIDTH - 6 - row.label.length * LABEL_CHAR);
  parts.push(`<rect x="${PLOT_LEFT}" y="${y}" width="${Math.max(scale.at(main) - PLOT_LEFT, 1).toFixed(1)}" height="${BAR}" fill="${colours.main}"/>`,
    `<text x="${x.toFixed(1)}" y="${top + 13}" font-size="11" fill="${INK}" stroke="#ffffff" stroke-width="3" paint-order="stroke"${weight}>${escapeXml(row.label)}</text>`);
  return parts.join("");
}

/** One panel: its title (if any), grid lines, rows and tick labels; returns the SVG and its height. */
function panelSvg(panel, scale, top) {
  const titled = Boolean(panel.title);
  const rowsTop = top + (titled ? PANEL_TITLE : 4);
  const rowsBottom = rowsTop + panel.rows.length * ROW;
  const parts = titled ? [`<text x="12" y="${top + 15}" font-size="13" font-weight="bold" fill="${INK}">${escapeXml(panel.title)}</text>`] : [];
  for (const tick of scale.ticks) {
    const x = scale.at(tick).toFixed(1);
    parts.push(`<line x1="${x}" y1="${rowsTop - 2}" x2="${x}" y2="${rowsBottom + 2}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${x}" y="${rowsBottom + 14}" font-size="10" text-anchor="middle" fill="${MUTED}">${escapeXml(tickText(tick))}</text>`);
  }
  panel.rows.forEach((row, i) => parts.push(rowSvg(row, scale, rowsTop + i * ROW)));
  return { svg: parts.join(""), height: rowsBottom - top + AXIS };
}

/**
 * A chart of panels of horizontal bars.
 * @param {{title: string, subtitle: string, figures: string[], scale?: "auto"|"linear",
 *   panels: Array<{title: string|null, rows: Array<{engine: string, values: Array<number|null>, label: string, missing: string}>}>}} chart
 *   figures names what the values of a row are (the first is the dark bar); a row whose first
 *   value is null shows `missing` instead of bars
 * @returns {string} the SVG document
 */
function panelChart(chart) {
  const values = chart.panels.flatMap((panel) => panel.rows.flatMap((row) => row.values)).filter((v) => v !== null && v !== undefined);
  const scale = scaleFor(values, chart.scale ?? "auto");
  const subtitle = scale.log ? `${chart.subtitle}; log scale` : chart.subtitle;
  const parts = [];
  let top = HEADER;
  for (const panel of chart.panels) {
    const drawn = panelSvg(panel, scale, top);
    parts.push(drawn.svg);
    top += drawn.height + PANEL_GAP;
  }
  const height = top + 4;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT}>`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="${INK}">${escapeXml(chart.title)}</text>`,
    `<text x="12" y="40" font-size="12" fill="${MUTED}">${escapeXml(subtitle)}</text>`,
    legend(chart.figures, 56),
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

/** What a row without a figure says: the engine's error, else `otherwise`. */
function missingText(record, otherwise) {
  return record?.error ?? otherwise;
}

/**
 * Query latency: one panel per query kind, p50 (dark) over p99 (light) per engine.
 * @param {{environment: string, size: string, papers: number|null, kinds: string[], records: Array<object>}} data
 *   records: one results-file object per engine (engine, queries, error)
 * @returns {string} SVG
 */
export function latencyChart({ environment, size, papers, kinds, records }) {
  return panelChart({
    title: `Query latency, ${environment}, ${size}${papers ? ` (${papers.toLocaleString("en-US")} papers)` : ""}, top 10`,
    subtitle: "milliseconds per query, p50 and p99 over each kind's queries; lower is better",
    figures: ["p50", "p99"],
    panels: kinds.map((kind) => ({
      title: kind,
      rows: records.map((record) => {
        const figures = record.queries?.[kind];
        const cut = figures && figures.of > figures.queries ? ` (${figures.queries} of ${figures.of})` : "";
        return {
          engine: record.engine,
          values: [figures?.p50_ms ?? null, figures?.p99_ms ?? null],
          label: `${significant(figures?.p50_ms)} / ${significant(figures?.p99_ms)}${cut}`,
          missing: missingText(record, record.queries && record.queries[kind] === null ? `no ${kind} search` : "not measured"),
        };
      }),
    })),
  });
}

/**
 * Build time: one panel per size, one bar per engine.
 * @param {{environment: string, sizes: Array<{size: string, papers: number|null, records: Array<object>}>}} data
 * @returns {string} SVG
 */
export function buildChart({ environment, sizes }) {
  return panelChart({
    title: `Index build time, ${environment}, per size`,
    subtitle: "milliseconds, median of the builds, from records in memory; lower is better",
    figures: ["build"],
    panels: sizes.map(({ size, papers, records }) => ({
      title: papers ? `${size} (${papers.toLocaleString("en-US")})` : size,
      rows: records.map((record) => ({
        engine: record.engine,
        values: [record.build_ms ?? null],
        label: `${significant(record.build_ms)} ms`,
        missing: missingText(record, "not measured"),
      })),
    })),
  });
}

/**
 * Serialized index size at one size: gzipped (dark) over raw (light) bytes per engine.
 * @param {{environment: string, size: string, papers: number|null, records: Array<object>}} data
 * @returns {string} SVG
 */
export function sizeChart({ environment, size, papers, records }) {
  return panelChart({
    title: `Serialized index size, ${environment}, ${size}${papers ? ` (${papers.toLocaleString("en-US")} papers)` : ""}, MB`,
    subtitle: "megabytes (10^6 bytes) of the serialized index, gzipped (level 9) and raw; lower is better",
    figures: ["gzipped", "raw"],
    panels: [{
      title: null,
      rows: records.map((record) => ({
        engine: record.engine,
        values: [mb(record.serialized_gzip_bytes), mb(record.serialized_bytes)],
        label: `${bytesText(record.serialized_gzip_bytes)} / ${bytesText(record.serialized_bytes)}`,
        missing: missingText(record, "not measured"),
      })),
    }],
  });
}

/** Bytes as MB (10^6), null kept. */
export function mb(bytes) {
  return bytes === null || bytes === undefined ? null : bytes / 1e6;
}

/**
 * nDCG@10: one panel per collection (and one for the mean), one bar per engine, linear 0–1.
 * @param {{environment: string, collections: Array<{name: string, queries: number|null}>, engines: string[],
 *   ndcg: (engine: string, collection: string) => number|null, mean: (engine: string) => number|null}} data
 *   collection "mean" is not passed: the chart adds the mean's panel
 * @returns {string} SVG
 */
export function ndcgChart({ environment, collections, engines, ndcg, mean }) {
  const row = (engine, value, missing) => ({ engine, values: [value], label: value === null ? "—" : value.toFixed(3), missing });
  return panelChart({
    title: `Relevance, ${environment}: nDCG@10 per collection`,
    subtitle: "each engine's top 100 scored by relevance_bench (trec_eval's ndcg_cut.10); higher is better",
    figures: ["nDCG@10"],
    scale: "linear",
    panels: [
      ...collections.map(({ name, queries }) => ({
        title: queries ? `${name} (${queries} queries)` : name,
        rows: engines.map((engine) => row(engine, ndcg(engine, name), "not scored")),
      })),
      { title: "mean over the collections", rows: engines.map((engine) => row(engine, mean(engine), "not scored on every collection")) },
    ],
  });
}
