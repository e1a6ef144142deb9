/**
 * FlexSearch 0.8 configured as FlexSearch's own published performance benchmark configures it
 * (nextapps-de/flexsearch, gh-pages branch, test/flexsearch/index.html):
 *   new FlexSearch.Index({ encoder: FlexSearch.Language["en"], tokenize: "strict",
 *     // just when using context search a resolution of 1 will still return relevant results
 *     resolution: 1, cache: false, context: { depth: 1, bidirectional: false, resolution: 1 } })
 *   lib.search(query, 9999)
 * Here each Document field gets those options. With resolution 1 every word lands in one scoring slot, so
 * ranking by word position is off; only multi-word queries are ordered, by word adjacency (the context index).
 */
import EnglishPreset from "flexsearch/lang/en";
import { flexsearchEngine } from "../flexsearch-common.mjs";

export default flexsearchEngine({
  name: "FlexSearch (resolution 1)",
  setup:
    "FlexSearch's own benchmark configuration on each of title, authors, abstract, categories: English preset, " +
    'tokenize "strict", resolution 1, context { depth 1, bidirectional false, resolution 1 }, so ranking is off ' +
    "(multi-word queries ordered only by word adjacency); words ANDed; per-field lists joined by merge: true; no " +
    "prefix, typo or phrase search",
  kinds: ["natural", "words"],
  // The preset object itself, as the benchmark passes it: each field builds its own Encoder from it.
  indexOptions: () => ({
    encoder: EnglishPreset,
    tokenize: "strict",
    resolution: 1,
    cache: false,
    context: { depth: 1, bidirectional: false, resolution: 1 },
  }),
  searchOptions: {},
});
