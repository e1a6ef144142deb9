#ifndef PAPERFEED_H
#define PAPERFEED_H
/**
 * @file paperfeed.h
 * The C API of paperfeed: an opaque index handle, UTF-8 strings and byte buffers in, JSON
 * strings and bytes out.
 *
 *     char* report = NULL;
 *     pf_index* index = pf_index_new();
 *     pf_index_add_feed_file(index, "2025-10-01.json", NULL, &report);
 *     char* results = pf_search(index, "video diffusion", "{\"limit\":5}", NULL);
 *     puts(results);
 *     pf_free(results);
 *     pf_free(report);
 *     pf_index_free(index);
 *
 * Conventions:
 * - Every `char*` and `unsigned char*` a function returns is allocated for the caller, who
 *   releases it with pf_free(); pf_free(NULL) and pf_index_free(NULL) do nothing.
 * - Strings passed in are NUL-terminated UTF-8 (invalid sequences are tolerated, never fatal).
 * - A function that can fail takes a last `char** error`: on failure it returns NULL (or -1)
 *   and, when @p error is not NULL, stores there a JSON object
 *   `{"code","message","file","offset","line","column"}` (code: the stable name of the error,
 *   such as "invalid_argument", "truncated", "io_error"; message: what went wrong, without the
 *   position; file, offset, line and column: where, each null when not known) to be released
 *   with pf_free(); on success it stores NULL there.
 * - A handle is not thread-safe: use one handle per thread, or serialize calls on it.
 * - Nothing here aborts on bad input: malformed JSON options, unknown ids and corrupt index
 *   bytes are reported as errors.
 *
 * Search options (`options_json`, NULL for the defaults) are a JSON object with any of:
 * `"sort"`: "relevance" (default), "trending", "recent", "upvotes", "stars" or "citations";
 * `"limit"`: hits returned, default 10 (at most 10000 with the offset);
 * `"offset"`: hits skipped, default 0;
 * `"facets"`: count facet values over every match, default false;
 * `"facet_limit"`: values per facet, default 20;
 * `"snippets"`: highlighted title and abstract window per hit, default true;
 * `"snippet_chars"`: about how many characters of abstract a snippet shows, default 240.
 * Any other key, or a value of the wrong type, is an "invalid_argument" error.
 *
 * Results JSON (pf_search, pf_similar, pf_recommend):
 * `{"query","total","took_ms","recovered","did_you_mean","hits":[{record fields…,"score",
 * "snippet":{"title","abstract"}}],"facets":{"categories","year","has_code","authors"}}`, where
 * each hit is the paper's canonical record (as pf_get returns it) plus its score and snippet,
 * and "facets" is present only when asked for.
 */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Library */

/** The version of the paperfeed library, such as "0.1.0". */
const char* pf_version(void);

/**
 * Releases a string or buffer returned by any pf_ function. NULL is allowed and does nothing.
 * @param memory what a pf_ function returned (or stored through an out parameter)
 */
void pf_free(void* memory);

/* Index */

/** A searchable set of papers (opaque). Created by pf_index_new or pf_index_load*, released by pf_index_free. */
typedef struct pf_index pf_index;

/**
 * A new empty index with the default English analysis.
 * @return the handle, or NULL when out of memory
 */
pf_index* pf_index_new(void);

/**
 * An index loaded from `.pfi` bytes, which are copied: the caller may free @p bytes at once.
 * Truncated, damaged, foreign or future-version bytes are refused ("truncated", "malformed"
 * or "invalid_value").
 * @param bytes the index bytes (may be NULL when @p size is 0)
 * @param size number of bytes
 * @param error where to store the error JSON on failure, or NULL
 * @return the handle, or NULL on failure
 */
pf_index* pf_index_load(const unsigned char* bytes, size_t size, char** error);

/**
 * As pf_index_load, but the index reads @p bytes in place instead of copying them, halving the
 * memory a loaded index takes: the bytes must stay allocated and unchanged until the handle is
 * released with pf_index_free (which does not free them).
 * @param bytes the index bytes (may be NULL when @p size is 0)
 * @param size number of bytes
 * @param error where to store the error JSON on failure, or NULL
 * @return the handle, or NULL on failure
 */
pf_index* pf_index_load_view(const unsigned char* bytes, size_t size, char** error);

/**
 * An index loaded from the `.pfi` file at @p path ("io_error" when it cannot be read; see
 * pf_index_load for refused contents).
 * @param path file path
 * @param error where to store the error JSON on failure, or NULL
 * @return the handle, or NULL on failure
 */
pf_index* pf_index_load_file(const char* path, char** error);

/**
 * Releases the handle and everything it holds. NULL is allowed and does nothing.
 * @param index the handle
 */
void pf_index_free(pf_index* index);

/**
 * Reads one feed held in memory and adds its papers to @p index; a paper already indexed (same
 * arXiv id, DOI or title) is merged with the new record. Bad records are skipped and reported;
 * the rest of the feed is still added.
 *
 * The report is a JSON object `{"format","added","merged","rejected","truncated",
 * "utf8_repairs","errors":[error…],"fatal":error|null}`: the format read (null when unknown),
 * papers added and merged, records rejected, whether the input stopped mid-record, invalid
 * UTF-8 sequences replaced, the record-level errors (each as described in the file comment),
 * and the failure that stopped the whole feed, if any.
 * @param index the handle
 * @param bytes the feed (any supported format; may be NULL when @p size is 0)
 * @param size number of bytes
 * @param name the feed's file name, or NULL: errors name it, and formats whose file name
 *        carries data read it from there (a daily-arXiv file's name is its announcement day)
 * @param format a format name ("hf-daily", "arxiv-atom", "paperfeed", …) to force, or NULL
 *        to detect it
 * @param report_json where to store the report (always, when not NULL), or NULL
 * @return papers added plus papers merged, or -1 when the feed as a whole failed (unknown
 *         format or name, a syntax error that stopped reading, NULL arguments); papers read
 *         before such a failure stay added and are counted in the report
 */
int pf_index_add_feed(pf_index* index, const char* bytes, size_t size, const char* name, const char* format,
                      char** report_json);

/**
 * As pf_index_add_feed, reading the feed from the file at @p path ("-" for standard input).
 * JSONL feeds are streamed, so a large snapshot is never held in memory whole.
 * @param index the handle
 * @param path file path
 * @param format a format name to force, or NULL to detect it
 * @param report_json where to store the report (always, when not NULL), or NULL
 * @return papers added plus papers merged, or -1 when the file could not be read as a feed
 */
int pf_index_add_feed_file(pf_index* index, const char* path, const char* format, char** report_json);

/**
 * Number of papers searches can find (merged records count once). 0 for NULL.
 * @param index the handle
 */
size_t pf_index_size(const pf_index* index);

/**
 * The `.pfi` bytes of the index: every searchable paper in one compact segment, readable by
 * pf_index_load.
 * @param index the handle
 * @param size where to store the number of bytes (must not be NULL)
 * @return the bytes, to release with pf_free, or NULL for NULL arguments or out of memory
 */
unsigned char* pf_index_serialize(const pf_index* index, size_t* size);

/**
 * Writes the index to @p path as a `.pfi` file, through a temporary file renamed over it so a
 * crash never leaves half an index there.
 * @param index the handle
 * @param path file path
 * @param error where to store the error JSON on failure, or NULL
 * @return 0 on success, -1 on failure
 */
int pf_index_save(const pf_index* index, const char* path, char** error);

/**
 * The canonical JSON record of the paper whose id, arXiv id, DOI (`doi:…`) or title id is
 * @p id.
 * @param index the handle
 * @param id the paper's id
 * @return the record, or NULL when no paper has that id (or an argument is NULL)
 */
char* pf_get(const pf_index* index, const char* id);

/**
 * The papers whose ids are @p ids (each as pf_get takes it), written in one export format:
 * "bibtex", "ris", "csv", "json" (an array of canonical records) or "jsonl". Unknown ids are
 * skipped; the order of @p ids is kept.
 * @param index the handle
 * @param ids the papers' ids (no entry may be NULL)
 * @param count number of ids
 * @param format the export format's name
 * @param error where to store the error JSON on failure, or NULL
 * @return the text, or NULL for an unknown format or NULL arguments ("invalid_argument")
 */
char* pf_export(const pf_index* index, const char* const* ids, size_t count, const char* format, char** error);

/* Search */

/**
 * Runs @p query (the paperfeed query language; any text is accepted, what the parser had to
 * recover is listed in "recovered") and returns the results JSON described in the file comment.
 * @param index the handle
 * @param query the query text
 * @param options_json search options (see the file comment), or NULL for the defaults
 * @param error where to store the error JSON on failure, or NULL
 * @return the results, or NULL for invalid options or NULL arguments
 */
char* pf_search(pf_index* index, const char* query, const char* options_json, char** error);

/**
 * Papers most like the paper @p id (tf-idf cosine over title and abstract), that paper left
 * out; "invalid_argument" when no paper has that id.
 * @param index the handle
 * @param id the paper's id
 * @param options_json search options, or NULL for the defaults
 * @param error where to store the error JSON on failure, or NULL
 * @return the results JSON, or NULL on failure
 */
char* pf_similar(pf_index* index, const char* id, const char* options_json, char** error);

/**
 * Papers most like the liked papers taken together, the liked papers left out. Unknown ids
 * are skipped; "invalid_argument" when none is known.
 * @param index the handle
 * @param ids the liked papers' ids (no entry may be NULL)
 * @param count number of ids
 * @param options_json search options, or NULL for the defaults
 * @param error where to store the error JSON on failure, or NULL
 * @return the results JSON, or NULL on failure
 */
char* pf_recommend(pf_index* index, const char* const* ids, size_t count, const char* options_json, char** error);

/**
 * Completions of the last word of @p partial_query, most papers first: a JSON array of
 * `{"query","word","papers"}` (the whole query completed, the completed word, papers that
 * word alone finds).
 * @param index the handle
 * @param partial_query what has been typed so far
 * @param limit completions returned at most
 * @return the array (empty when nothing completes), or NULL when an argument is NULL
 */
char* pf_suggest(pf_index* index, const char* partial_query, size_t limit);

#ifdef __cplusplus
}
#endif

#endif /* PAPERFEED_H */
