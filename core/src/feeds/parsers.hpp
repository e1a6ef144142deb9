#pragma once
// Internal: one entry point per feed format. Each reads the whole of @p bytes (which it may
// modify in place: XML parsers parse in situ), hands records to ctx.emit() and reports every
// problem through ctx. read_feed() in feeds.cpp detects the format and dispatches here.

#include <cstdio>
#include <string_view>

#include "feeds/parse_context.hpp"
#include "paperfeed/feeds.hpp"

namespace paperfeed::detail {

void parse_hf_daily(FeedBytes& bytes, ParseContext& ctx);
void parse_hf_listing(FeedBytes& bytes, ParseContext& ctx);
void parse_arxiv_atom(FeedBytes& bytes, ParseContext& ctx);
void parse_arxiv_listing(FeedBytes& bytes, ParseContext& ctx);
void parse_arxiv_oaipmh(FeedBytes& bytes, ParseContext& ctx);
void parse_s2(FeedBytes& bytes, ParseContext& ctx);
void parse_pwc(FeedBytes& bytes, ParseContext& ctx);

// The JSONL-capable formats also accept a JSON array; read_feed_file() streams them through
// read_jsonl_stream() below instead when they come as JSONL from a file.
void parse_arxiv_oai(FeedBytes& bytes, ParseContext& ctx);
void parse_daily_arxiv(FeedBytes& bytes, ParseContext& ctx);
void parse_paperfeed(FeedBytes& bytes, ParseContext& ctx);

/**
 * Streams a JSONL file of one of the JSONL-capable formats in batches of
 * ctx.options().stream_batch_bytes, never holding more than one batch (plus one record).
 * @p file is an open stream positioned after @p prefix, the bytes already read for detection.
 */
void read_jsonl_stream(std::FILE* file, std::string_view prefix, ParseContext& ctx);

}  // namespace paperfeed::detail
