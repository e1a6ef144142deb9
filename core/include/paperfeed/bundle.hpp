#pragma once
/**
 * @file bundle.hpp
 * The offline bundle: the search page, the engine and an index in one HTML file that works from
 * `file://` with no server and no network (DESIGN.md, "Results ─► HTML (page, digest, bundle)").
 *
 * The page's parts come as a template, written with the page by `web/bundle-template.mjs`
 * (`scripts/build` puts it in `build/share/paperfeed/bundle-template.html`): the page with its
 * style and scripts inline, the engine and worker as one worker script and the gzip-compressed
 * wasm, plus three markers this writer fills in:
 * - `{{paperfeed:title}}` (in `<title>`): the title, HTML-escaped;
 * - `{{paperfeed:settings}}` (in a `<script type="application/json">`): a JSON object
 *   `{"title","query","since","papers","index_bytes","index_parts","first"}` in which `<` is
 *   written `\u003c`; `first` is the page's first view (the engine's results JSON, as
 *   results_to_json writes it, of an empty query in relevance order), which the page draws while
 *   the index is still being read (null when BundleOptions::first_view_hits is 0);
 * - `{{paperfeed:index}}`: the index, gzip-compressed, in base64. The line holding this marker
 *   is repeated once per 1 MiB of base64 text, each copy holding the next part, so that the
 *   page can hand each part to its worker, which decompresses it while the next one is read.
 *
 * Native builds only (it needs zlib); the wasm module does not write bundles.
 */

#include <cstdint>
#include <string>
#include <string_view>

#include "paperfeed/status.hpp"

namespace paperfeed {

/** What the bundle says about itself. */
struct BundleOptions {
  /** The page's title and heading. */
  std::string title = "paperfeed";
  /** The query that selected the papers, shown on the page ("" = every paper). */
  std::string query;
  /** The first day the papers were listed on, YYYY-MM-DD, shown on the page ("" = no limit). */
  std::string since;
  /** Papers in the index, shown on the page. */
  std::uint64_t papers = 0;
  /** Hits of the first view written into the settings: the page's first page of results
   *  (web/app.js shows 25); 0 leaves the first view out. */
  std::size_t first_view_hits = 25;
  /** zlib compression level of the index, 1 (fast) … 9 (small). */
  int compression_level = 9;
};

/**
 * The bundle of the `.pfi` bytes @p index in @p page_template, its markers filled in as the file
 * comment says. invalid_argument when the template lacks one of the markers, holds one twice or
 * holds another on the index marker's line (it is not a bundle template), or the compression
 * level is out of range; the errors of Index::load when @p index is not a valid index.
 */
Expected<std::string> write_bundle(std::string_view page_template, std::string_view index, const BundleOptions& options);

}  // namespace paperfeed
