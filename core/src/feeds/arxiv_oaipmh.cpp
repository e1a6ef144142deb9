#include "feeds/parsers.hpp"

namespace paperfeed::detail {

void parse_arxiv_oaipmh(FeedBytes& bytes, ParseContext& ctx) {
  (void)bytes;
  ctx.fail(ErrorCode::invalid_argument, 0, "the arxiv_oaipmh parser is not written yet");
}

}  // namespace paperfeed::detail
