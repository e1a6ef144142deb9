#include "feeds/parsers.hpp"

namespace paperfeed::detail {

void parse_arxiv_atom(FeedBytes& bytes, ParseContext& ctx) {
  (void)bytes;
  ctx.fail(ErrorCode::invalid_argument, 0, "the arxiv_atom parser is not written yet");
}

}  // namespace paperfeed::detail
