#pragma once
/**
 * @file detect.hpp
 * Format detection by content, never by file name.
 */

#include <optional>
#include <string>
#include <string_view>

#include "paperfeed/paper.hpp"

namespace paperfeed {

/** How bytes are wrapped around the feed itself. */
enum class Envelope : std::uint8_t {
  none,         ///< the bytes are the feed
  http_record,  ///< JSON `{"url", "status_code", "body"}` recording of an HTTP response
};

/** What detect_format found. */
struct Detection {
  std::optional<Format> format;  ///< the feed format, or nullopt when unknown
  Envelope envelope = Envelope::none;
  /** What the bytes looked like, in words ("a JSON array of objects with keys id, name",
   *  "XML with root element <html>", "empty input"); used in error messages. */
  std::string looked_like;
};

/**
 * Guesses the format of a feed from its first bytes (a few kilobytes are enough; the whole
 * feed may be passed). Recognises a JSON HTTP-recording envelope and reports the format of
 * the body it holds when the body is visible in @p head.
 */
Detection detect_format(std::string_view head);

}  // namespace paperfeed
