/**
 * FlexSearch 0.8 configured for relevance-ranked search-as-you-type, as its README and docs describe it.
 */
import { Charset, Encoder } from "flexsearch";
import EnglishPreset from "flexsearch/lang/en";
import { flexsearchEngine } from "../flexsearch-common.mjs";

export default flexsearchEngine({
  name: "FlexSearch (ranked)",
  setup:
    'Document over title, authors, abstract, categories; tokenize "forward", encoder LatinBalance + English preset ' +
    "(stop words, stemmer), resolution 9 (words scored by position); words ANDed with suggest: true (partial matches " +
    "ranked after full ones); per-field lists joined by merge: true, title hits first; misspellings only through the " +
    "phonetic encoder (no edit distance); no phrase search",
  // prefix: the forward tokenizer indexes every word prefix; typo: FlexSearch has no edit distance, the README's
  // "Fuzzy-Search" section lists the encoders (normalize > balance > advanced > extra > soundex) as its fuzziness.
  kinds: ["natural", "words", "prefix", "typo"],
  indexOptions: () => ({
    // README "Tokenizer (Partial Match)": "forward" is the first tokenizer that matches word prefixes. The context
    // index of the "score" preset cannot be used with it ("Only the tokenizer strict is actually supported by the
    // context index").
    tokenize: "forward",
    // README "Resolution": the number of scoring slots a field's words are divided into by position; 9 is the
    // default and the "score" preset's value.
    resolution: 9,
    // doc/encoder.md stacks a Latin charset and a language pack ("new Encoder(Charset.LatinAdvanced,
    // EnglishPreset)"); LatinBalance is the charset FlexSearch's examples pair with "forward" on documents, and the
    // README's "Fuzzy-Search" recommends the language preset for English content. One Encoder shared by all fields
    // (doc/encoder.md, "Share Encoders").
    encoder: new Encoder(Charset.LatinBalance, EnglishPreset),
  }),
  // README "Suggestions": results that miss a query word, ranked after the perfect matches.
  searchOptions: { suggest: true },
});
