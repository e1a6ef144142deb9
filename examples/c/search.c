/*
 * Searching feeds from C: reads the feed files named on the command line into one index,
 * runs the query given last and prints the results as JSON.
 *
 *     paperfeed_c_example FEED... QUERY
 *
 * Exit status: 0 with results printed, 1 when a feed could not be read or the search failed,
 * 2 for a usage error.
 */

#include <stdio.h>

#include <paperfeed/paperfeed.h>

/* Adds the feed at path to index; prints what went wrong and returns 0 when it could not be read. */
static int add_feed_file(pf_index* index, const char* path) {
  char* report = NULL;
  const int papers = pf_index_add_feed_file(index, path, NULL, &report);
  if (papers < 0) fprintf(stderr, "paperfeed_c_example: %s: %s\n", path, report ? report : "out of memory");
  pf_free(report);
  return papers >= 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s FEED... QUERY\n", argv[0]);
    return 2;
  }
  pf_index* index = pf_index_new();
  if (index == NULL) return 1;
  int status = 0;
  for (int i = 1; i < argc - 1; ++i) {
    if (!add_feed_file(index, argv[i])) status = 1;
  }
  char* error = NULL;
  char* results = pf_search(index, argv[argc - 1], "{\"limit\": 5, \"facets\": true}", &error);
  if (results != NULL) {
    printf("%s\n", results);
  } else {
    fprintf(stderr, "paperfeed_c_example: %s\n", error ? error : "out of memory");
    status = 1;
  }
  fprintf(stderr, "paperfeed_c_example: %zu papers indexed (paperfeed %s)\n", pf_index_size(index), pf_version());
  pf_free(results);
  pf_free(error);
  pf_index_free(index);
  return status;
}
