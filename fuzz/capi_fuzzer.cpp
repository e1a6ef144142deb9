// The C API (what the WebAssembly module calls) on any arguments: search options JSON, queries,
// ids and export formats from the input, against a small fixed index. Every call must give
// either its result or an error, never both or neither, and both must be JSON that parses
// (the results, the error object, suggestions; exports as their format says).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "paperfeed/paperfeed.h"

namespace {

/** The fixture index as a C API handle, loaded once. */
pf_index* fixture_handle() {
  static pf_index* index = [] {
    pf_index* made = pf_index_new();
    char* report = nullptr;
    const int added = pf_index_add_feed_file(made, PAPERFEED_FUZZ_FIXTURES "/search-golden.jsonl", nullptr, &report);
    pf_free(report);
    paperfeed::fuzz::require(added > 0, "the fixture index is empty");
    return made;
  }();
  return index;
}

/** Requires exactly one of @p result and @p error, each JSON when @p json_result (the error always), and frees both. */
void require_result_or_error(char* result, char* error, const char* call, bool json_result = true) {
  paperfeed::fuzz::require((result == nullptr) != (error == nullptr), "a call gave both or neither of result and error", call);
  if (result && json_result) paperfeed::fuzz::require(nlohmann::json::accept(result), "a result is not JSON", call);
  if (error) paperfeed::fuzz::require(nlohmann::json::accept(error), "an error is not JSON", call);
  pf_free(result);
  pf_free(error);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string options = input.ConsumeRandomLengthString(200);
  const std::string query = input.ConsumeRandomLengthString(100);
  const std::string id = input.ConsumeBool() ? "2401.00001" : input.ConsumeRandomLengthString(30);
  const std::string format = input.ConsumeBool() ? "bibtex" : input.ConsumeRandomLengthString(10);
  pf_index* index = fixture_handle();

  char* error = nullptr;
  char* result = pf_search(index, query.c_str(), options.c_str(), &error);
  require_result_or_error(result, error, "pf_search");
  result = pf_similar(index, id.c_str(), options.c_str(), &error);
  require_result_or_error(result, error, "pf_similar");
  const char* ids[] = {id.c_str(), query.c_str()};
  result = pf_recommend(index, ids, 2, options.c_str(), &error);
  require_result_or_error(result, error, "pf_recommend");
  result = pf_export(index, ids, 2, format.c_str(), &error);
  require_result_or_error(result, error, "pf_export", format == "json");
  char* suggestions = pf_suggest(index, query.c_str(), input.ConsumeIntegralInRange<std::size_t>(0, 50));
  paperfeed::fuzz::require(suggestions && nlohmann::json::accept(suggestions), "suggestions are not a JSON array");
  pf_free(suggestions);
  char* record = pf_get(index, id.c_str());
  if (record) paperfeed::fuzz::require(nlohmann::json::accept(record), "a record is not JSON");
  pf_free(record);
  return 0;
}
