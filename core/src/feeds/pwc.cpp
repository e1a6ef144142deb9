#include "feeds/parsers.hpp"

namespace paperfeed::detail {

void parse_pwc(FeedBytes& bytes, ParseContext& ctx) {
  (void)bytes;
  ctx.fail(ErrorCode::invalid_argument, 0, "the pwc parser is not written yet");
}

}  // namespace paperfeed::detail
