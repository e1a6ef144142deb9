#include "feeds/parsers.hpp"

namespace paperfeed::detail {

void parse_hf_daily(FeedBytes& bytes, ParseContext& ctx) {
  (void)bytes;
  ctx.fail(ErrorCode::invalid_argument, 0, "the hf_daily parser is not written yet");
}

}  // namespace paperfeed::detail
