// Format detection on any bytes: it must always describe what it saw (the text of "not a known
// feed" messages) in a short line of valid UTF-8, and give the same answer on the same bytes
// passed again in a buffer of their own (no read past the end, no state kept between calls).

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "paperfeed/detect.hpp"

using namespace paperfeed;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const Detection detection = detect_format(bytes);
  fuzz::require(!detection.looked_like.empty(), "detection says nothing about what it saw");
  fuzz::require(detection.looked_like.size() <= 512, "detection's description is not short", detection.looked_like);
  fuzz::require(fuzz::valid_utf8(detection.looked_like), "detection's description is not valid UTF-8", detection.looked_like);
  const std::string copy(bytes);
  const Detection again = detect_format(copy);
  fuzz::require(again.format == detection.format && again.envelope == detection.envelope &&
                    again.looked_like == detection.looked_like,
                "detection differs on the same bytes");
  return 0;
}
