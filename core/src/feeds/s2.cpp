#include "feeds/parsers.hpp"

namespace paperfeed::detail {

void parse_s2(FeedBytes& bytes, ParseContext& ctx) {
  (void)bytes;
  ctx.fail(ErrorCode::invalid_argument, 0, "the s2 parser is not written yet");
}

}  // namespace paperfeed::detail
