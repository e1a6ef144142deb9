#pragma once
// Shared by the fuzz targets: the checks that turn a wrong answer into a crash libFuzzer keeps,
// and the small index the query and snippet targets search.

#include <string_view>

#include "paperfeed/index.hpp"
#include "paperfeed/paper.hpp"

namespace paperfeed::fuzz {

/** Aborts (a finding libFuzzer saves) with @p what and @p detail on standard error unless @p ok. */
void require(bool ok, std::string_view what, std::string_view detail = {});

/** True when @p text is well-formed UTF-8 (no overlong forms, surrogates or code points over U+10FFFF). */
bool valid_utf8(std::string_view text) noexcept;

/** Requires what every record read from any feed holds: an id, and valid UTF-8 in every text field. */
void require_clean_paper(const Paper& paper);

/**
 * Requires that @p html is text escaped for HTML with only `<mark>` and `</mark>` as markup:
 * valid UTF-8, no raw `<`, `>`, `"` or `'` outside those tags, every `&` starting an entity.
 */
void require_escaped_html(std::string_view html, std::string_view what);

/** An index of the hand-made search fixtures (tests/data/search-golden.jsonl), built once. */
const Index& fixture_index();

}  // namespace paperfeed::fuzz
