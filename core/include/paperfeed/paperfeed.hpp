#pragma once
/**
 * @file paperfeed.hpp
 * Everything paperfeed offers C++ callers, module by module along the data flow:
 * errors, the canonical record, normalisation, format detection, feed parsing, the corpus,
 * record exports, the analyzer that turns text into search terms, the query language, the
 * index, the searcher, and what is written from results: the daily digest and the offline
 * bundle (native builds only). C callers include paperfeed/paperfeed.h instead.
 */

#include "paperfeed/status.hpp"
#include "paperfeed/limits.hpp"
#include "paperfeed/paper.hpp"
#include "paperfeed/normalize.hpp"
#include "paperfeed/detect.hpp"
#include "paperfeed/feeds.hpp"
#include "paperfeed/corpus.hpp"
#include "paperfeed/export.hpp"
#include "paperfeed/analyzer.hpp"
#include "paperfeed/query.hpp"
#include "paperfeed/index.hpp"
#include "paperfeed/search.hpp"
#include "paperfeed/digest.hpp"
#include "paperfeed/bundle.hpp"
