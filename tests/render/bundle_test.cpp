// write_bundle: the markers filled in, the title escaped, the settings safe inside a script
// element, the index split into parts that decode and decompress back to the exact bytes.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <random>
#include <zlib.h>

#include "paperfeed/bundle.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

const std::string kTemplate =
    "<title>{{paperfeed:title}}</title>\n"
    "<script type=\"application/json\" id=\"s\">{{paperfeed:settings}}</script>\n"
    "<script type=\"application/octet-stream\">{{paperfeed:index}}</script><script>take();</script>\n"
    "</body>\n";

/** The bytes of a base64 text (test-side decoder, independent of the writer's encoder). */
std::string from_base64(const std::string& text) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    const auto value = alphabet.find(c);
    REQUIRE(value != std::string::npos);
    buffer = buffer << 6 | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

/** The bytes a gzip member decompresses to. */
std::string gunzip(const std::string& gz) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
  std::string out;
  char buffer[1 << 16];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  stream.avail_in = static_cast<uInt>(gz.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  REQUIRE(status == Z_STREAM_END);
  return out;
}

/** The texts between `open` and `close`, in order. */
std::vector<std::string> between(const std::string& text, const std::string& open, const std::string& close) {
  std::vector<std::string> found;
  for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at + 1)) {
    const std::size_t start = at + open.size();
    found.push_back(text.substr(start, text.find(close, start) - start));
  }
  return found;
}

const std::string kPartOpen = "<script type=\"application/octet-stream\">";

}  // namespace

TEST_CASE("a bundle fills the title, the settings and the index in", "[bundle]") {
  BundleOptions options;
  options.title = "Papers </title><script>alert(1)</script> & \"more\"";
  options.query = "cat:cs.LG </script><script>x()</script>";
  options.since = "2024-05-01";
  options.papers = 3;
  options.first_view_hits = 0;  // the bytes are no index the first view could be searched in
  const std::string index = "PFINDEX\\0 pretend index bytes";
  const auto html = write_bundle(kTemplate, index, options);
  REQUIRE(html);
  CHECK(html->find("<title>Papers &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;</title>\n") == 0);
  const auto settings_text = between(*html, "id=\"s\">", "</script>");
  REQUIRE(settings_text.size() == 1);
  CHECK(settings_text[0].find('<') == std::string::npos);
  const auto settings = nlohmann::json::parse(settings_text[0]);
  CHECK(settings["title"] == options.title);
  CHECK(settings["query"] == options.query);
  CHECK(settings["since"] == "2024-05-01");
  CHECK(settings["papers"] == 3);
  CHECK(settings["index_bytes"] == index.size());
  CHECK(settings["index_parts"] == 1);
  CHECK(settings["first"].is_null());
  const auto parts = between(*html, kPartOpen, "</script>");
  REQUIRE(parts.size() == 1);
  CHECK(gunzip(from_base64(parts[0])) == index);
  CHECK(html->find("{{paperfeed:") == std::string::npos);
  CHECK(html->substr(html->size() - 8) == "</body>\n");
}

TEST_CASE("a large index is split into parts, each line repeated whole", "[bundle]") {
  std::mt19937 random(7);
  std::string index(3'000'000, '\0');
  for (char& c : index) c = static_cast<char>(random());  // incompressible: over 3 MiB of base64
  BundleOptions options;
  options.first_view_hits = 0;
  const auto html = write_bundle(kTemplate, index, options);
  REQUIRE(html);
  const auto parts = between(*html, kPartOpen, "</script>");
  REQUIRE(parts.size() == 4);
  CHECK(nlohmann::json::parse(between(*html, "id=\"s\">", "</script>")[0])["index_parts"] == 4);
  std::string base64;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i + 1 < parts.size()) CHECK(parts[i].size() == std::size_t{1} << 20);
    base64 += parts[i];
  }
  CHECK(gunzip(from_base64(base64)) == index);
  CHECK(between(*html, "<script>", "</script>") == std::vector<std::string>(4, "take();"));
}

TEST_CASE("a template without its markers is refused", "[bundle]") {
  BundleOptions no_first;
  no_first.first_view_hits = 0;
  const auto no_index = write_bundle("<title>{{paperfeed:title}}</title>{{paperfeed:settings}}", "x", no_first);
  REQUIRE_FALSE(no_index);
  CHECK(no_index.error().code == ErrorCode::invalid_argument);
  CHECK(no_index.error().message == "not a bundle template: it must hold {{paperfeed:index}} exactly once");
  const auto twice = write_bundle(kTemplate + "{{paperfeed:title}}", "x", no_first);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message == "not a bundle template: it must hold {{paperfeed:title}} exactly once");
  const auto shared_line = write_bundle("{{paperfeed:title}}{{paperfeed:settings}}{{paperfeed:index}}\n", "x", no_first);
  REQUIRE_FALSE(shared_line);
  CHECK(shared_line.error().message == "not a bundle template: the index marker's line holds another marker");
  BundleOptions bad_level;
  bad_level.compression_level = 10;
  CHECK_FALSE(write_bundle(kTemplate, "x", bad_level));
  const auto not_an_index = write_bundle(kTemplate, "not an index", {});
  REQUIRE_FALSE(not_an_index);
  CHECK(not_an_index.error().code != ErrorCode::ok);
}

TEST_CASE("a bundle's settings hold the page's first view, as the engine answers it", "[bundle]") {
  Index index;
  for (const Paper& p : test::read_path(test::fixture("search-golden.jsonl")).papers) REQUIRE(index.add(p));
  const std::string bytes = index.serialize();
  BundleOptions options;
  options.first_view_hits = 3;
  const auto html = write_bundle(kTemplate, bytes, options);
  REQUIRE(html);
  const auto settings = nlohmann::json::parse(between(*html, "id=\"s\">", "</script>")[0]);
  const auto loaded = Index::load(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  REQUIRE(loaded);
  SearchOptions three;
  three.limit = 3;
  auto expected = nlohmann::json::parse(results_to_json(Searcher(*loaded).search("", three)));
  CHECK(settings["first"]["total"] == 8);
  CHECK(settings["first"]["hits"].size() == 3);
  CHECK(settings["first"]["hits"][0]["id"] == "2401.00001");
  expected["took_ms"] = settings["first"]["took_ms"];
  CHECK(settings["first"] == expected);
}

TEST_CASE("a title holding a marker is written as text, not filled in", "[bundle]") {
  BundleOptions options;
  options.title = "{{paperfeed:settings}} {{paperfeed:index}}";
  options.first_view_hits = 0;
  const auto html = write_bundle(kTemplate, "abc", options);
  REQUIRE(html);
  CHECK(html->find("<title>{{paperfeed:settings}} {{paperfeed:index}}</title>") == 0);
  CHECK(between(*html, kPartOpen, "</script>").size() == 1);
}
