#include "feeds/parsers.hpp"

namespace paperfeed::detail {

void parse_paperfeed(FeedBytes& bytes, ParseContext& ctx) {
  (void)bytes;
  ctx.fail(ErrorCode::invalid_argument, 0, "the paperfeed parser is not written yet");
}

}  // namespace paperfeed::detail

namespace paperfeed::detail {
void read_jsonl_stream(std::FILE* file, std::string_view prefix, ParseContext& ctx) {
  (void)file;
  (void)prefix;
  ctx.fail(ErrorCode::invalid_argument, 0, "JSONL streaming is not written yet");
}
}  // namespace paperfeed::detail
