#include "feeds/parsers.hpp"

namespace paperfeed::detail {

void parse_daily_arxiv(FeedBytes& bytes, ParseContext& ctx) {
  (void)bytes;
  ctx.fail(ErrorCode::invalid_argument, 0, "the daily_arxiv parser is not written yet");
}

}  // namespace paperfeed::detail
