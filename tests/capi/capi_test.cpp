// The C API (paperfeed.h) on the small golden corpus: every function, its JSON, and its errors
// (bad options, unknown ids, damaged index bytes, NULL arguments).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "paperfeed/paperfeed.h"
#include "test_support.hpp"

using namespace paperfeed;
using Json = nlohmann::json;

namespace {

/** The string a pf_ function returned, released; nullopt for NULL. */
std::optional<std::string> take(char* text) {
  if (text == nullptr) return std::nullopt;
  std::string out(text);
  pf_free(text);
  return out;
}

/** The JSON a pf_ function returned, released; null for NULL. */
Json take_json(char* text) {
  const auto taken = take(text);
  return taken ? Json::parse(*taken) : Json(nullptr);
}

/** An index handle released at the end of the scope. */
struct Handle {
  pf_index* index;
  explicit Handle(pf_index* adopted) : index(adopted) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { pf_index_free(index); }
};

const std::string& golden_feed() {
  static const std::string bytes = test::slurp(test::fixture("search-golden.jsonl"));
  return bytes;
}

/** A new handle holding the golden corpus. */
pf_index* golden_index() {
  pf_index* index = pf_index_new();
  REQUIRE(index != nullptr);
  REQUIRE(pf_index_add_feed(index, golden_feed().data(), golden_feed().size(), nullptr, nullptr, nullptr) == 8);
  return index;
}

std::vector<std::string> hit_ids(const Json& results) {
  std::vector<std::string> out;
  for (const Json& hit : results.at("hits")) out.push_back(hit.at("id").get<std::string>());
  return out;
}

/** The ids pf_search finds for @p query with @p options (which must be valid). */
std::vector<std::string> search_ids(pf_index* index, const char* query, const char* options = nullptr) {
  char* error = nullptr;
  const Json results = take_json(pf_search(index, query, options, &error));
  REQUIRE(error == nullptr);
  return hit_ids(results);
}

/** The error JSON a failing pf_search with @p options reports. */
Json options_error(pf_index* index, const char* options) {
  char* error = nullptr;
  CHECK(pf_search(index, "video", options, &error) == nullptr);
  return take_json(error);
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("capi: the version is the project's", "[capi]") {
  CHECK(std::string(pf_version()) == PAPERFEED_PROJECT_VERSION);
}

TEST_CASE("capi: feeds are added and reported as JSON", "[capi]") {
  Handle handle(pf_index_new());
  CHECK(pf_index_size(handle.index) == 0);
  char* report = nullptr;
  CHECK(pf_index_add_feed(handle.index, golden_feed().data(), golden_feed().size(), nullptr, nullptr, &report) == 8);
  Json json = take_json(report);
  CHECK(json["format"] == "paperfeed");
  CHECK(json["added"] == 8);
  CHECK(json["merged"] == 0);
  CHECK(json["rejected"] == 0);
  CHECK(json["errors"] == Json::array());
  CHECK(json["fatal"].is_null());
  CHECK(pf_index_size(handle.index) == 8);

  // The same papers again, format forced: merged, not duplicated.
  CHECK(pf_index_add_feed(handle.index, golden_feed().data(), golden_feed().size(), nullptr, "paperfeed", &report) == 8);
  json = take_json(report);
  CHECK(json["added"] == 0);
  CHECK(json["merged"] == 8);
  CHECK(pf_index_size(handle.index) == 8);

  const std::string path = test::fixture("search-golden.jsonl").string();
  CHECK(pf_index_add_feed_file(handle.index, path.c_str(), nullptr, &report) == 8);
  CHECK(take_json(report)["merged"] == 8);
  CHECK(pf_index_add_feed_file(handle.index, path.c_str(), nullptr, nullptr) == 8);
}

TEST_CASE("capi: a feed's name reaches the formats that read it", "[capi]") {
  Handle handle(pf_index_new());
  const std::string daily = test::slurp(test::fixture("daily-2025-03-19.jsonl"));
  REQUIRE(pf_index_add_feed(handle.index, daily.data(), daily.size(), "feeds/2025-03-19.jsonl", nullptr, nullptr) > 0);
  const Json first = take_json(pf_search(handle.index, "", "{\"limit\": 1}", nullptr));
  CHECK(first["hits"][0]["announced"] == "2025-03-19");
}

TEST_CASE("capi: bad records are skipped and named, the rest added", "[capi]") {
  Handle handle(pf_index_new());
  const std::string feed = golden_feed().substr(0, golden_feed().find('\n') + 1) + "{\"id\": \"2401.00009\", \"title\": 5}\n";
  char* report = nullptr;
  CHECK(pf_index_add_feed(handle.index, feed.data(), feed.size(), "mine.jsonl", "paperfeed", &report) == 1);
  const Json json = take_json(report);
  CHECK(json["errors"][0]["file"] == "mine.jsonl");
  CHECK(json["added"] == 1);
  CHECK(json["rejected"] == 1);
  REQUIRE(json["errors"].size() == 1);
  CHECK(json["errors"][0]["code"] == "invalid_value");
  CHECK(json["errors"][0]["line"] == 2);
  CHECK(json["fatal"].is_null());
}

TEST_CASE("capi: feeds that cannot be read fail with a fatal error", "[capi]") {
  Handle handle(pf_index_new());
  char* report = nullptr;
  const char text[] = "hello, no feed here";
  CHECK(pf_index_add_feed(handle.index, text, std::strlen(text), nullptr, nullptr, &report) == -1);
  Json json = take_json(report);
  CHECK(json["fatal"]["code"] == "unknown_format");
  CHECK(json["added"] == 0);

  CHECK(pf_index_add_feed(handle.index, golden_feed().data(), golden_feed().size(), nullptr, "rss", &report) == -1);
  json = take_json(report);
  CHECK(json["fatal"]["code"] == "invalid_argument");
  CHECK(json["fatal"]["message"] == "unknown format \"rss\"");
  CHECK(json["fatal"]["offset"].is_null());
  CHECK(json["fatal"]["file"].is_null());

  CHECK(pf_index_add_feed_file(handle.index, "/nonexistent/feed.jsonl", nullptr, &report) == -1);
  json = take_json(report);
  CHECK(json["fatal"]["code"] == "io_error");
  CHECK(json["fatal"]["file"] == "/nonexistent/feed.jsonl");

  CHECK(pf_index_add_feed(nullptr, text, std::strlen(text), nullptr, nullptr, &report) == -1);
  CHECK(take_json(report)["fatal"]["message"] == "an argument is NULL");
  CHECK(pf_index_add_feed(handle.index, nullptr, 3, nullptr, nullptr, nullptr) == -1);
  CHECK(pf_index_add_feed_file(handle.index, nullptr, nullptr, nullptr) == -1);
  CHECK(pf_index_size(handle.index) == 0);
}

TEST_CASE("capi: search returns the results JSON of the golden corpus", "[capi]") {
  Handle handle(golden_index());
  char* error = reinterpret_cast<char*>(1);  // must be cleared on success
  const Json results = take_json(pf_search(handle.index, "\"video diffusion\"", nullptr, &error));
  CHECK(error == nullptr);
  CHECK(results["query"] == "\"video diffusion\"");
  CHECK(results["total"] == 1);
  CHECK(hit_ids(results) == Ids{"2401.00001"});
  CHECK(results["hits"][0]["stars"] == 1200);
  CHECK(results["hits"][0]["snippet"]["title"] ==
        "<mark>Video</mark> <mark>Diffusion</mark> Models for Long <mark>Video</mark> Generation");
  CHECK_FALSE(results.contains("facets"));

  CHECK(search_ids(handle.index, "diffusion video") == Ids{"2401.00001", "2405.00008", "2401.00002"});
  CHECK(search_ids(handle.index, "", "{\"sort\": \"recent\", \"limit\": 3}") == Ids{"2405.00008", "2404.00006", "2403.00005"});
  CHECK(search_ids(handle.index, "", "{\"sort\": \"recent\", \"limit\": 2, \"offset\": 6}") == Ids{"2403.00004", "2404.00007"});
  CHECK(search_ids(handle.index, "video", "{\"sort\": \"upvotes\"}") == Ids{"2401.00001", "2405.00008"});
  CHECK(search_ids(handle.index, "(unbalanced \"quote") == Ids{});
  CHECK(search_ids(handle.index, "\xff\xfe vid\x01" "eo \xc3") == Ids{});
  CHECK(search_ids(handle.index, std::string(10000, '(').c_str()).size() == 8);  // recovered to the empty query: all

  const Json faceted = take_json(pf_search(handle.index, "diffusion OR video OR graph", "{\"facets\": true, \"limit\": 2}", nullptr));
  CHECK(faceted["total"] == 5);
  CHECK(faceted["hits"].size() == 2);
  CHECK(faceted["facets"]["categories"][0] == Json{{"value", "cs.CV"}, {"count", 2}});
  CHECK(faceted["facets"]["year"][0] == Json{{"value", "2024"}, {"count", 4}});

  const Json plain = take_json(pf_search(handle.index, "diffusion", "{\"snippets\": false}", nullptr));
  CHECK(plain["hits"][0]["snippet"]["title"] == "");

  const Json corrected = take_json(pf_search(handle.index, "difusion polices", "{}", nullptr));
  CHECK(corrected["total"] == 0);
  CHECK(corrected["did_you_mean"] == "diffusion policies");
}

TEST_CASE("capi: malformed options are errors, not crashes", "[capi]") {
  Handle handle(golden_index());
  Json error = options_error(handle.index, "{\"limit\": 3");
  CHECK(error["code"] == "invalid_argument");
  CHECK(error["message"].get<std::string>().rfind("options: not valid JSON: parse error at line 1, column 12", 0) == 0);
  CHECK(error["offset"] == 11);
  CHECK(options_error(handle.index, "")["offset"] == 0);

  CHECK(options_error(handle.index, "[1]")["message"] == "options: expected a JSON object, got [1]");
  CHECK(options_error(handle.index, "{\"sort\": \"hot\"}")["message"] ==
        "options: \"sort\" must be one of \"relevance\", \"trending\", \"recent\", \"upvotes\", \"stars\", \"citations\", "
        "got \"hot\"");
  CHECK(options_error(handle.index, "{\"sort\": 1}")["code"] == "invalid_argument");
  CHECK(options_error(handle.index, "{\"limit\": -1}")["message"] == "options: \"limit\" must be a non-negative integer, got -1");
  CHECK(options_error(handle.index, "{\"offset\": \"2\"}")["message"] ==
        "options: \"offset\" must be a non-negative integer, got \"2\"");
  CHECK(options_error(handle.index, "{\"limit\": 2.5}")["code"] == "invalid_argument");
  CHECK(options_error(handle.index, "{\"facets\": 1}")["message"] == "options: \"facets\" must be true or false, got 1");
  CHECK(options_error(handle.index, "{\"colour\": \"red\"}")["message"] ==
        "options: unknown key \"colour\" (expected sort, limit, offset, facets, facet_limit, snippets, snippet_chars)");
  CHECK(pf_search(handle.index, "video", "{\"sort\": \"hot\"}", nullptr) == nullptr);  // no error pointer: fine

  // Huge paging values are served (capped), never overflowed.
  CHECK(search_ids(handle.index, "video", "{\"limit\": 18446744073709551615, \"offset\": 18446744073709551615}") == Ids{});
  // An offset of 1 with the largest limit is the whole list but its first paper, in any order.
  const Ids all = search_ids(handle.index, "", "{\"limit\": 10000, \"sort\": \"recent\"}");
  REQUIRE(all.size() > 3);
  const Ids rest = search_ids(handle.index, "", "{\"offset\": 1, \"limit\": 18446744073709551615, \"sort\": \"recent\"}");
  CHECK(rest == Ids(all.begin() + 1, all.end()));
  CHECK(search_ids(handle.index, "", "{\"offset\": 1, \"limit\": 18446744073709551615}").size() == all.size() - 1);
}

TEST_CASE("capi: options quoted in an error are short and printable", "[capi]") {
  Handle handle(golden_index());
  const std::string big(100000, 'x');
  const std::string hostile_options[] = {
      "{\"limit\": \"" + big + "\"}",                  // a value of the wrong type
      "{\"\\u001b[2J" + big + "\": 1}",                  // an unknown key holding an escape sequence
      "{\"sort\": \"" + big + "\"}",                   // an unknown sort order
      "[\"" + big + "\"]",                               // not an object
      "{\"limit\": \"" + big,                           // a string never closed
  };
  for (const std::string& options : hostile_options) {
    const std::string message = options_error(handle.index, options.c_str())["message"];
    INFO(message.substr(0, 300));
    CHECK(message.size() < 400);
    CHECK(message.find('\x1B') == std::string::npos);
    CHECK(message.find("xxxx") != std::string::npos);
  }
}

TEST_CASE("capi: similar and recommend leave the inputs out", "[capi]") {
  Handle handle(golden_index());
  char* error = nullptr;
  const Json similar = take_json(pf_similar(handle.index, "2401.00001", "{\"limit\": 3}", &error));
  CHECK(error == nullptr);
  CHECK(similar["query"] == "similar:2401.00001");
  const Ids similar_ids = hit_ids(similar);
  REQUIRE(similar_ids.size() >= 2);
  CHECK(similar_ids.size() <= 3);
  CHECK(similar_ids[0] == "2405.00008");
  CHECK(std::find(similar_ids.begin(), similar_ids.end(), "2401.00001") == similar_ids.end());

  CHECK(pf_similar(handle.index, "0000.00000", nullptr, &error) == nullptr);
  const Json missing = take_json(error);
  CHECK(missing["code"] == "invalid_argument");
  CHECK(missing["message"] == "no paper with id 0000.00000 in the index");
  CHECK(pf_similar(handle.index, "2401.00001", "{\"sort\": 7}", &error) == nullptr);
  CHECK(take_json(error)["code"] == "invalid_argument");

  const char* liked[] = {"2403.00004", "2403.00005", "unknown"};
  const Json recommended = take_json(pf_recommend(handle.index, liked, 3, nullptr, &error));
  CHECK(error == nullptr);
  const Ids recommended_ids = hit_ids(recommended);
  CHECK_FALSE(recommended_ids.empty());
  for (const std::string& id : recommended_ids) {
    CHECK(id != "2403.00004");
    CHECK(id != "2403.00005");
  }

  const char* unknown[] = {"unknown"};
  CHECK(pf_recommend(handle.index, unknown, 1, nullptr, &error) == nullptr);
  CHECK(take_json(error)["code"] == "invalid_argument");
  CHECK(pf_recommend(handle.index, nullptr, 0, nullptr, &error) == nullptr);
  CHECK(take_json(error)["code"] == "invalid_argument");
  const char* with_null[] = {"2403.00004", nullptr};
  CHECK(pf_recommend(handle.index, with_null, 2, nullptr, &error) == nullptr);
  CHECK(take_json(error)["message"] == "ids[1] is NULL");
  CHECK(pf_recommend(handle.index, nullptr, 2, nullptr, &error) == nullptr);
  CHECK(take_json(error)["message"] == "ids is NULL but count is 2");
}

TEST_CASE("capi: suggest completes the last word", "[capi]") {
  Handle handle(golden_index());
  const Json suggestions = take_json(pf_suggest(handle.index, "robot vid", 8));
  REQUIRE(suggestions.is_array());
  REQUIRE(suggestions.size() >= 1);
  CHECK(suggestions[0] == Json{{"query", "robot video"}, {"word", "video"}, {"papers", 2}});
  CHECK(take(pf_suggest(handle.index, "robot vid", 1)) == R"([{"query":"robot video","word":"video","papers":2}])");
  CHECK(take(pf_suggest(handle.index, "zzz", 8)) == "[]");
  CHECK(take(pf_suggest(handle.index, "", 8)) == "[]");
}

TEST_CASE("capi: get returns the canonical record", "[capi]") {
  Handle handle(golden_index());
  const Json record = take_json(pf_get(handle.index, "2401.00001"));
  CHECK(record["id"] == "2401.00001");
  CHECK(record["title"] == "Video Diffusion Models for Long Video Generation");
  CHECK(record["authors"] == Json{"Ada Lovelace", "Alan Turing"});
  CHECK(record["upvotes"] == 50);
  CHECK(pf_get(handle.index, "9999.99999") == nullptr);
}

TEST_CASE("capi: export writes the papers asked for, in their order", "[capi]") {
  Handle handle(golden_index());
  const char* ids[] = {"2402.00003", "9999.99999", "2401.00001"};
  const Json records = take_json(pf_export(handle.index, ids, 3, "json", nullptr));
  REQUIRE(records.size() == 2);
  CHECK(records[0]["id"] == "2402.00003");
  CHECK(records[1]["id"] == "2401.00001");
  const auto bibtex = take(pf_export(handle.index, ids, 1, "bibtex", nullptr));
  REQUIRE(bibtex);
  CHECK(bibtex->rfind("@", 0) == 0);
  CHECK(bibtex->find("eprint = {2402.00003}") != std::string::npos);
  CHECK(take(pf_export(handle.index, ids, 0, "csv", nullptr))->rfind("id,", 0) == 0);

  char* error = nullptr;
  CHECK(pf_export(handle.index, ids, 1, "docx", &error) == nullptr);
  CHECK(take_json(error)["code"] == "invalid_argument");
}

TEST_CASE("capi: an index survives serialize and load, and damaged bytes are refused", "[capi]") {
  Handle built(golden_index());
  size_t size = 0;
  unsigned char* bytes = pf_index_serialize(built.index, &size);
  REQUIRE(bytes != nullptr);
  REQUIRE(size > 16);
  CHECK(std::memcmp(bytes, "PFINDEX", 8) == 0);
  const std::vector<unsigned char> copy(bytes, bytes + size);
  char* error = reinterpret_cast<char*>(1);
  Handle loaded(pf_index_load(bytes, size, &error));
  pf_free(bytes);  // the handle holds its own copy
  REQUIRE(loaded.index != nullptr);
  CHECK(error == nullptr);
  CHECK(pf_index_size(loaded.index) == 8);
  CHECK(search_ids(loaded.index, "\"video diffusion\"") == Ids{"2401.00001"});

  for (const size_t cut : {size_t{0}, size_t{7}, size / 2, size - 1}) {
    INFO(cut);
    CHECK(pf_index_load(copy.data(), cut, &error) == nullptr);
    const Json refused = take_json(error);
    CHECK((refused["code"] == "truncated" || refused["code"] == "malformed"));
    CHECK_FALSE(refused["message"].get<std::string>().empty());
  }
  std::vector<unsigned char> flipped = copy;
  flipped[size / 2] ^= 1;
  CHECK(pf_index_load(flipped.data(), size, &error) == nullptr);
  CHECK(take_json(error)["message"] == "not a valid paperfeed index: checksum mismatch (the file is truncated or damaged)");
  const char text[] = "hello, this is not an index at all";
  CHECK(pf_index_load(reinterpret_cast<const unsigned char*>(text), std::strlen(text), &error) == nullptr);
  const Json foreign = take_json(error);
  CHECK(foreign["message"] == "not a valid paperfeed index: no PFINDEX magic at the start");
  CHECK(pf_index_load(copy.data(), size - 1, nullptr) == nullptr);
  CHECK(pf_index_load(nullptr, 4, &error) == nullptr);
  CHECK(take_json(error)["message"] == "bytes is NULL but size is 4");
}

TEST_CASE("capi: a view-loaded index reads the caller's bytes in place", "[capi]") {
  Handle built(golden_index());
  size_t size = 0;
  unsigned char* bytes = pf_index_serialize(built.index, &size);
  REQUIRE(bytes != nullptr);
  {
    char* error = reinterpret_cast<char*>(1);
    Handle viewed(pf_index_load_view(bytes, size, &error));
    REQUIRE(viewed.index != nullptr);
    CHECK(error == nullptr);
    CHECK(search_ids(viewed.index, "\"video diffusion\"") == Ids{"2401.00001"});
    const char* feed = R"({"id": "2409.00001", "title": "Video games", "abstract": "Play."})";
    CHECK(pf_index_add_feed(viewed.index, feed, std::strlen(feed), nullptr, "paperfeed", nullptr) == 1);
    CHECK(search_ids(viewed.index, "video", R"({"limit": 20})").size() == 3);
  }
  CHECK(std::memcmp(bytes, "PFINDEX", 8) == 0);  // released with the handle gone, never freed by it
  char* error = nullptr;
  CHECK(pf_index_load_view(bytes, size / 2, &error) == nullptr);
  CHECK(take_json(error)["code"] == "malformed");
  CHECK(pf_index_load_view(nullptr, 4, &error) == nullptr);
  CHECK(take_json(error)["code"] == "invalid_argument");
  pf_free(bytes);
}

TEST_CASE("capi: save and load_file round-trip; unreadable paths are io_error", "[capi]") {
  Handle built(golden_index());
  const std::filesystem::path path = test::temp_path("capi.pfi");
  char* error = reinterpret_cast<char*>(1);
  CHECK(pf_index_save(built.index, path.string().c_str(), &error) == 0);
  CHECK(error == nullptr);
  {
    Handle loaded(pf_index_load_file(path.string().c_str(), &error));
    REQUIRE(loaded.index != nullptr);
    CHECK(pf_index_size(loaded.index) == 8);
    CHECK(take_json(pf_get(loaded.index, "2404.00007"))["title"] == "Café Owners Prefer Naïve Baselines");
  }
  std::filesystem::remove(path);

  CHECK(pf_index_load_file("/nonexistent/index.pfi", &error) == nullptr);
  CHECK(take_json(error)["code"] == "io_error");
  CHECK(pf_index_save(built.index, "/nonexistent/folder/index.pfi", &error) == -1);
  CHECK(take_json(error)["code"] == "io_error");
}

TEST_CASE("capi: papers added after a search are found by the next one", "[capi]") {
  Handle handle(golden_index());
  CHECK(search_ids(handle.index, "zebra").empty());
  const char feed[] = "{\"id\": \"2406.00009\", \"title\": \"Zebra Stripes\", \"abstract\": \"Why zebras have stripes.\"}\n";
  CHECK(pf_index_add_feed(handle.index, feed, std::strlen(feed), nullptr, "paperfeed", nullptr) == 1);
  CHECK(pf_index_size(handle.index) == 9);
  CHECK(search_ids(handle.index, "zebra") == Ids{"2406.00009"});
}

TEST_CASE("capi: NULL handles and NULL strings are refused, NULL frees are no-ops", "[capi]") {
  pf_free(nullptr);
  pf_index_free(nullptr);
  CHECK(pf_index_size(nullptr) == 0);
  size_t size = 0;
  CHECK(pf_index_serialize(nullptr, &size) == nullptr);
  CHECK(pf_get(nullptr, "2401.00001") == nullptr);
  CHECK(pf_suggest(nullptr, "vid", 3) == nullptr);
  char* error = nullptr;
  CHECK(pf_search(nullptr, "video", nullptr, &error) == nullptr);
  CHECK(take_json(error)["message"] == "an argument is NULL");
  CHECK(pf_similar(nullptr, "2401.00001", nullptr, nullptr) == nullptr);
  CHECK(pf_index_save(nullptr, "x.pfi", &error) == -1);
  CHECK(take_json(error)["code"] == "invalid_argument");
  CHECK(pf_index_load_file(nullptr, &error) == nullptr);
  CHECK(take_json(error)["message"] == "path is NULL");

  Handle handle(golden_index());
  CHECK(pf_search(handle.index, nullptr, nullptr, &error) == nullptr);
  CHECK(take_json(error)["code"] == "invalid_argument");
  CHECK(pf_get(handle.index, nullptr) == nullptr);
  CHECK(pf_suggest(handle.index, nullptr, 3) == nullptr);
  CHECK(pf_index_serialize(handle.index, nullptr) == nullptr);
}
