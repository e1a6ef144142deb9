// The offline bundle (see bundle.hpp): a page template with its title, settings and index filled in.

#include "paperfeed/bundle.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>
#include <zlib.h>

#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"
#include "render/base64.hpp"
#include "search/snippet.hpp"

namespace paperfeed {

namespace {

constexpr std::string_view kTitleMarker = "{{paperfeed:title}}";
constexpr std::string_view kSettingsMarker = "{{paperfeed:settings}}";
constexpr std::string_view kIndexMarker = "{{paperfeed:index}}";

/** @p bytes as a gzip member (RFC 1952) compressed at @p level. */
Expected<std::string> gzip(std::string_view bytes, int level) {
  if (bytes.size() > std::numeric_limits<uInt>::max()) return make_error(ErrorCode::invalid_argument, "an index over 4 GiB cannot be bundled");
  z_stream stream{};
  constexpr int kGzipWindowBits = 15 + 16;  // the largest window, with a gzip header and trailer
  if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindowBits, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return make_error(ErrorCode::invalid_argument, "cannot start gzip compression at level " + std::to_string(level));
  }
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) return make_error(ErrorCode::invalid_argument, "gzip compression failed");
  return out;
}

/** Characters of base64 per part of the index: 1 MiB, a whole number of base64 quads. */
constexpr std::size_t kIndexPartChars = 1 << 20;

/** The engine's answer to the page's first view (an empty query, relevance order), as JSON; null for none. */
Expected<nlohmann::ordered_json> first_view(std::string_view index, std::size_t hits) {
  if (hits == 0) return nlohmann::ordered_json(nullptr);
  auto loaded = Index::load(std::span(reinterpret_cast<const std::uint8_t*>(index.data()), index.size()));
  if (!loaded) return loaded.error();
  SearchOptions options;
  options.limit = hits;
  auto first = nlohmann::ordered_json::parse(results_to_json(Searcher(*loaded).search("", options)), nullptr, false);
  if (first.is_discarded()) return make_error(ErrorCode::invalid_argument, "the first view's results are not valid JSON");
  return first;
}

/** The settings JSON, with `<` escaped so that no value can end the script element holding it. */
std::string settings_json(const BundleOptions& options, std::size_t index_bytes, std::size_t index_parts,
                          nlohmann::ordered_json first) {
  const nlohmann::ordered_json settings = {{"title", options.title},
                                           {"query", options.query},
                                           {"since", options.since},
                                           {"papers", options.papers},
                                           {"index_bytes", index_bytes},
                                           {"index_parts", index_parts},
                                           {"first", std::move(first)}};
  std::string json = settings.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  std::string safe;
  for (const char c : json) safe += c == '<' ? std::string_view("\\u003c") : std::string_view(&c, 1);
  return safe;
}

/** A marker of the template and where it is. */
struct Marker {
  std::size_t at;
  std::string_view name;
};

/** The markers in template order; an error when one is missing or repeated. */
Expected<std::vector<Marker>> find_markers(std::string_view page_template) {
  std::vector<Marker> markers;
  for (const std::string_view name : {kTitleMarker, kSettingsMarker, kIndexMarker}) {
    const std::size_t at = page_template.find(name);
    if (at == std::string_view::npos || page_template.find(name, at + 1) != std::string_view::npos) {
      return make_error(ErrorCode::invalid_argument, "not a bundle template: it must hold " + std::string(name) + " exactly once");
    }
    markers.push_back({at, name});
  }
  std::sort(markers.begin(), markers.end(), [](const Marker& a, const Marker& b) { return a.at < b.at; });
  return markers;
}

/** The first and one-past-last byte of the line of @p text holding byte @p at (its newline included). */
std::pair<std::size_t, std::size_t> line_around(std::string_view text, std::size_t at) {
  const std::size_t start = at == 0 ? 0 : text.rfind('\n', at - 1) + 1;  // npos + 1 = 0
  const std::size_t end = text.find('\n', at);
  return {start, end == std::string_view::npos ? text.size() : end + 1};
}

/**
 * Appends @p line (which holds the index marker at @p at) once per 1 MiB part of @p index_text,
 * with the part in place of the marker: the page reads each part as soon as it has arrived.
 */
void append_index_parts(std::string_view line, std::size_t at, std::string_view index_text, std::string& out) {
  const std::string_view before = line.substr(0, at);
  const std::string_view after = line.substr(at + kIndexMarker.size());
  std::size_t from = 0;
  do {
    out += before;
    out += index_text.substr(from, kIndexPartChars);
    out += after;
    from += kIndexPartChars;
  } while (from < index_text.size());
}

}  // namespace

Expected<std::string> write_bundle(std::string_view page_template, std::string_view index, const BundleOptions& options) {
  if (options.compression_level < 1 || options.compression_level > 9) {
    return make_error(ErrorCode::invalid_argument, "compression level must be 1 to 9, not " + std::to_string(options.compression_level));
  }
  auto markers = find_markers(page_template);
  if (!markers) return markers.error();
  auto first = first_view(index, options.first_view_hits);
  if (!first) return first.error();
  auto compressed = gzip(index, options.compression_level);
  if (!compressed) return compressed.error();
  std::string title;
  detail::append_html_escaped(options.title, title);
  const std::string index_text = detail::base64_encode(*compressed);
  const std::size_t parts = std::max<std::size_t>(1, (index_text.size() + kIndexPartChars - 1) / kIndexPartChars);
  const std::string settings = settings_json(options, index.size(), parts, std::move(*first));

  std::string out;
  out.reserve(page_template.size() + index_text.size() + index_text.size() / kIndexPartChars * 128 + title.size() + settings.size());
  std::size_t from = 0;
  for (const Marker& marker : *markers) {
    if (marker.name == kIndexMarker) {
      const auto [start, end] = line_around(page_template, marker.at);
      if (start < from) return make_error(ErrorCode::invalid_argument, "not a bundle template: the index marker's line holds another marker");
      out.append(page_template.substr(from, start - from));
      append_index_parts(page_template.substr(start, end - start), marker.at - start, index_text, out);
      from = end;
    } else {
      if (marker.at < from) return make_error(ErrorCode::invalid_argument, "not a bundle template: the index marker's line holds another marker");
      out.append(page_template.substr(from, marker.at - from));
      out += marker.name == kTitleMarker ? title : settings;
      from = marker.at + marker.name.size();
    }
  }
  out.append(page_template.substr(from));
  return out;
}

}  // namespace paperfeed
