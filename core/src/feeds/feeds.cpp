// read_feed: detect the format, unwrap an HTTP envelope, repair UTF-8, dispatch to the parser.

#include "paperfeed/feeds.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "feeds/parsers.hpp"
#include "paperfeed/detect.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed {

namespace {

/** Bytes read for detection before deciding how to read the rest of a file. */
constexpr std::size_t kDetectBytes = 64 * 1024;

bool is_jsonl_capable(Format format) {
  return format == Format::arxiv_oai || format == Format::daily_arxiv || format == Format::paperfeed;
}

using Parser = void (*)(FeedBytes&, detail::ParseContext&);

Parser parser_for(Format format) {
  switch (format) {
    case Format::hf_daily: return detail::parse_hf_daily;
    case Format::hf_listing: return detail::parse_hf_listing;
    case Format::arxiv_atom: return detail::parse_arxiv_atom;
    case Format::arxiv_listing: return detail::parse_arxiv_listing;
    case Format::arxiv_oaipmh: return detail::parse_arxiv_oaipmh;
    case Format::arxiv_oai: return detail::parse_arxiv_oai;
    case Format::s2: return detail::parse_s2;
    case Format::pwc: return detail::parse_pwc;
    case Format::daily_arxiv: return detail::parse_daily_arxiv;
    case Format::paperfeed: return detail::parse_paperfeed;
  }
  return nullptr;
}

Error feed_error(const ReadOptions& options, ErrorCode code, std::string message) {
  Error e = make_error(code, std::move(message));
  e.file = options.file_name;
  return e;
}

/**
 * Replaces invalid UTF-8 (copying only when there is any), counts the repairs and notes in
 * @p offsets where they moved bytes.
 */
void ensure_utf8(FeedBytes& bytes, FeedReport& report, detail::InputOffsets& offsets) {
  if (simdjson::validate_utf8(bytes.data(), bytes.size())) return;
  std::string text(bytes.view());
  std::vector<RepairShift> shifts;
  report.utf8_repairs += repair_utf8(text, shifts);
  offsets.set_repairs(std::move(shifts));
  bytes = FeedBytes(std::move(text));
}

/** Drops a UTF-8 byte order mark, noting it in @p offsets. */
void strip_bom(FeedBytes& bytes, detail::InputOffsets& offsets) {
  if (bytes.view().substr(0, 3) == "\xEF\xBB\xBF") {
    std::memmove(bytes.data(), bytes.data() + 3, bytes.size() - 3);
    bytes.resize_down(bytes.size() - 3);
    offsets.skip_prefix(3);
  }
}

/**
 * Replaces @p bytes by the body of a recorded HTTP response `{"url","status_code","body"}`,
 * noting the status. Returns false (with report.fatal set) when the envelope is unusable.
 */
bool unwrap_http_record(FeedBytes& bytes, const ReadOptions& options, FeedReport& report) {
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  auto fail = [&](const std::string& why) {
    report.fatal = feed_error(options, ErrorCode::malformed, "HTTP recording envelope: " + why);
    return false;
  };
  if (parser.iterate(bytes.data(), bytes.size(), bytes.size() + FeedBytes::kPadding).get(doc)) {
    return fail("not valid JSON");
  }
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return fail("expected a JSON object");
  std::string body;
  bool have_body = false;
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return fail("unreadable key");
    if (key == "status_code") {
      std::int64_t status = 0;
      // Only a status an HTTP server can send; 4294967496 must not become 200 as an int.
      if (!field.value().get_int64().get(status) && status >= 100 && status <= 999) {
        report.http_status = static_cast<int>(status);
      }
    } else if (key == "body") {
      std::string_view s;
      if (field.value().get_string().get(s)) return fail("\"body\" is not a string");
      body.assign(s);
      have_body = true;
    }
  }
  if (!have_body) return fail("no \"body\"");
  bytes = FeedBytes(std::move(body));
  return true;
}

/**
 * Appends what is left in @p file to @p buffer, refusing to grow it past @p max_bytes.
 * Closes @p file unless it is standard input.
 */
Status read_rest(std::FILE* file, std::string& buffer, std::size_t max_bytes) {
  char chunk[1 << 16];
  std::size_t n = 0;
  bool too_large = false;
  while ((n = std::fread(chunk, 1, sizeof chunk, file)) > 0) {
    if (buffer.size() + n > max_bytes) {
      too_large = true;
      break;
    }
    buffer.append(chunk, n);
  }
  const bool failed = std::ferror(file) != 0;
  const int read_errno = errno;
  if (file != stdin) std::fclose(file);
  if (too_large) {
    return make_error(ErrorCode::too_large, "feed is over the limit of " + std::to_string(max_bytes) +
                                                " bytes for formats read whole");
  }
  if (failed) return make_error(ErrorCode::io_error, std::string("read error: ") + std::strerror(read_errno));
  return {};
}

std::FILE* open_input(const std::string& path) { return path == "-" ? stdin : std::fopen(path.c_str(), "rb"); }

/** A report of a feed that could not be read at all. */
FeedReport failed_report(const ReadOptions& options, ErrorCode code, std::string message) {
  FeedReport report;
  report.file = options.file_name;
  report.fatal = feed_error(options, code, std::move(message));
  return report;
}

}  // namespace

FeedBytes::FeedBytes(std::string_view text) : size_(text.size()) {
  buffer_.reserve(text.size() + kPadding);
  buffer_.append(text);
  buffer_.append(kPadding, '\0');
}

FeedBytes::FeedBytes(std::string&& text) : buffer_(std::move(text)), size_(buffer_.size()) {
  buffer_.append(kPadding, '\0');
}

void FeedBytes::resize_down(std::size_t size) noexcept {
  if (size >= size_) return;
  std::memset(buffer_.data() + size, 0, size_ - size);
  size_ = size;
}

FeedReport read_feed(std::string_view bytes, const ReadOptions& options, const PaperSink& sink) {
  return read_feed(FeedBytes(bytes), options, sink);
}

FeedReport read_feed(FeedBytes&& input, const ReadOptions& options, const PaperSink& sink) {
  FeedBytes bytes = std::move(input);
  FeedReport report;
  report.file = options.file_name;
  report.bytes = bytes.size();
  if (bytes.size() > options.limits.max_feed_bytes) {
    return failed_report(options, ErrorCode::too_large,
                         "feed of " + std::to_string(bytes.size()) + " bytes is over the limit of " +
                             std::to_string(options.limits.max_feed_bytes) + " bytes");
  }
  detail::InputOffsets offsets;
  strip_bom(bytes, offsets);
  ensure_utf8(bytes, report, offsets);

  Detection detection = detect_format(bytes.view());
  report.looked_like = detection.looked_like;
  if (detection.envelope == Envelope::http_record) {
    if (!unwrap_http_record(bytes, options, report)) return report;
    offsets = {};  // positions in a recorded response count from the start of its body
    strip_bom(bytes, offsets);
    if (!options.format) {
      detection = detect_format(bytes.view());
      report.looked_like = detection.looked_like;
    }
  }
  std::optional<Format> format = options.format ? options.format : detection.format;
  if (!format) {
    report.fatal = feed_error(options, ErrorCode::unknown_format,
                              "not a known feed format (looked like " + detection.looked_like + ")");
    return report;
  }
  report.format = format;
  detail::ParseContext ctx(bytes.view(), *format, options, sink, report);
  ctx.set_input_offsets(std::move(offsets));
  parser_for(*format)(bytes, ctx);
  return report;
}

FeedReport read_feed_file(const std::string& path, ReadOptions options, const PaperSink& sink) {
  if (options.file_name.empty()) options.file_name = path;
  std::FILE* file = open_input(path);
  if (file == nullptr) return failed_report(options, ErrorCode::io_error, std::string("cannot open: ") + std::strerror(errno));
  // Read enough to decide; JSONL goes on streaming from here, everything else is read whole.
  std::string head(kDetectBytes, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), file));
  std::string_view head_view = head;
  if (head_view.substr(0, 3) == "\xEF\xBB\xBF") head_view.remove_prefix(3);
  Detection detection = detect_format(head_view);
  std::optional<Format> format = options.format ? options.format : detection.format;
  const bool streamable = format && is_jsonl_capable(*format) && detection.envelope == Envelope::none &&
                          head_view.find_first_not_of(" \t\r\n") != std::string_view::npos &&
                          head_view[head_view.find_first_not_of(" \t\r\n")] == '{';
  if (streamable) {
    FeedReport report;
    report.file = options.file_name;
    report.format = format;
    report.looked_like = detection.looked_like;
    detail::ParseContext ctx(head_view, *format, options, sink, report);
    detail::InputOffsets offsets;
    offsets.skip_prefix(head.size() - head_view.size());  // a byte order mark dropped
    ctx.set_input_offsets(std::move(offsets));
    detail::read_jsonl_stream(file, head_view, ctx);
    if (file != stdin) std::fclose(file);
    return report;
  }
  std::string whole = std::move(head);
  if (Status status = read_rest(file, whole, options.limits.max_feed_bytes); !status.ok()) {
    return failed_report(options, status.error().code, status.error().message);
  }
  return read_feed(FeedBytes(std::move(whole)), options, sink);
}

}  // namespace paperfeed
