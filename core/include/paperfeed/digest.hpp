#pragma once
/**
 * @file digest.hpp
 * The daily digest: the best new papers for a person's interests, picked from an Index by one
 * search, then written as an email, an HTML page, Markdown, plain text, an Atom feed or JSON.
 *
 * Selection (make_digest) and writing (write_digest) are separate so that one selection can be
 * written in several formats. Neither reads files nor the clock: the caller passes the date.
 *
 * Every string taken from a feed is made safe before any format sees it: invalid UTF-8, C0
 * control characters other than tab, line feed and carriage return, DEL, C1 controls and the
 * non-characters U+FFFE and U+FFFF become U+FFFD; tab, line feed and carriage return become
 * spaces. Each format then escapes for its own language (HTML/XML entities, Markdown
 * backslashes, JSON, RFC 2047 headers), and only http and https URLs are ever written as links.
 * A title holding `<script>`, `]]>`, `&`, a NUL or an ESC therefore stays inert text and the
 * XML stays well-formed.
 */

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "paperfeed/index.hpp"
#include "paperfeed/paper.hpp"
#include "paperfeed/search.hpp"
#include "paperfeed/status.hpp"

namespace paperfeed {

/** What a digest picks. */
struct DigestOptions {
  /** The reader's interests in the query language (query.hpp), all of it required as one group;
   *  empty (or only spaces) picks every paper, in the order of #sort. */
  std::string query;
  /** Words or phrases no picked paper may contain in any field; each item is one phrase (`"` in
   *  it is dropped, surrounding spaces trimmed, empty items ignored). */
  std::vector<std::string> exclude;
  /** Only papers listed on or after this day (`YYYY-MM-DD`): the day a daily feed listed them,
   *  else their publication date (the query language's `listed:`). Empty: any day. */
  std::string since;
  /** No paper listed after this day (`YYYY-MM-DD`), the same way: a digest for a past day holds
   *  nothing listed after it. A paper with no date at all is kept (#since leaves it out). Empty:
   *  any day. */
  std::string until;
  /** Papers in the digest at most; at least 1. */
  std::size_t top = 10;
  /** Order of the papers (search.hpp); trending by default. */
  SortOrder sort = SortOrder::trending;
  /** Ids of papers already sent in an earlier digest: left out of this one. */
  std::unordered_set<std::string> seen;
};

/** One paper of a digest and why it was picked. */
struct DigestEntry {
  /** The record. */
  Paper paper;
  /** The title and the best window of the abstract, HTML-escaped, matched words in `<mark>`. */
  Snippet snippet;
  /** The distinct words marked in the snippet, as plain text, lower-cased (ASCII), in the order
   *  first seen (title first): what the query matched. Empty for an empty query. */
  std::vector<std::string> matched;
  /** The search's relevance score (search.hpp, Hit::score). */
  double score = 0;
};

/** The papers a digest picked, with the options that picked them. */
struct Digest {
  /** DigestOptions::query as given. */
  std::string query;
  /** DigestOptions::exclude as used: quotes dropped, trimmed, empty items left out. */
  std::vector<std::string> exclude;
  /** DigestOptions::since. */
  std::string since;
  /** DigestOptions::sort. */
  SortOrder sort = SortOrder::trending;
  /** What the query parser recovered and the limits the search applied (Results::recovered). */
  std::vector<std::string> recovered;
  /** Every paper the search matched, those already sent included. */
  std::uint64_t matching = 0;
  /** Papers among the best matches that were left out because they were in DigestOptions::seen. */
  std::uint64_t already_seen = 0;
  /** At most DigestOptions::top papers, best first. */
  std::vector<DigestEntry> entries;
};

/**
 * Picks the digest of @p index for @p options with one search: `listed:>=SINCE`,
 * `-listed:>UNTIL`, one `-"…"` per excluded item and `+(QUERY)`, asking for top + seen.size()
 * hits (at most SearchOptions::kMaxLimit), of which the seen ones are dropped and the best `top`
 * kept. The query keeps the default query limits (Limits) however many items are excluded; an
 * unbalanced quote or parenthesis in it is closed within its group, and what was recovered or
 * cut is in Digest::recovered.
 * @return the digest, or invalid_argument when `since` or `until` is no valid `YYYY-MM-DD` day
 *         or `top` is 0
 */
Expected<Digest> make_digest(const Index& index, const DigestOptions& options);

/** Output formats of write_digest. */
enum class DigestFormat : std::uint8_t {
  email,     ///< an RFC 5322 message: multipart/alternative, the text and html forms, for `sendmail -t`
  html,      ///< a whole HTML document that renders in mail clients: tables, inline styles, no scripts
  markdown,  ///< CommonMark, feed text escaped so that it stays literal
  text,      ///< plain text wrapped at 76 columns
  atom,      ///< an Atom 1.0 feed (RFC 4287), one entry per paper with a stable id
  json,      ///< one JSON object: the options, the counts and the papers (canonical records + snippet + why)
};

/** The stable name of a digest format: "email", "html", "markdown", "text", "atom", "json". */
const char* digest_format_name(DigestFormat format) noexcept;

/** The digest format with that name, or nullopt. */
std::optional<DigestFormat> digest_format_from_name(std::string_view name) noexcept;

/** How a digest is presented: its title and date, and the envelope of an email or a feed. */
struct DigestPresentation {
  /** Heading of every format, the feed's title and the start of the default subject; empty
   *  means the default. */
  std::string title = "paperfeed digest";
  /** When the digest is made, RFC 3339 in UTC written `YYYY-MM-DDTHH:MM:SSZ`; required. It dates
   *  the email (Date header) and the feed (updated), and its day is shown in the heading. */
  std::string date;
  /** Email: the sender, `addr@example.org` or `Display Name <addr@example.org>`; empty: the first
   *  address of #to. A non-ASCII display name is encoded (RFC 2047). */
  std::string from;
  /** Email: the recipients, one or more mailboxes as #from writes them, separated by commas;
   *  required for email. */
  std::string to;
  /** Email subject, encoded (RFC 2047) when not ASCII and folded when long; empty: "TITLE: N new
   *  papers — YYYY-MM-DD" (or "TITLE: no new papers — …"). */
  std::string subject;
  /** Atom feed id (an IRI); empty: `urn:paperfeed:digest:<hash of title, query and excluded
   *  words>`, stable from one day's digest to the next. */
  std::string feed_id;
  /** Atom: the URL the feed is served at (`link rel="self"`), http or https; empty: none. */
  std::string self_url;
};

/**
 * Writes @p digest in @p format as @p presentation says. An empty digest is a complete document
 * in every format with the line "No new papers matched …" (an Atom feed without entries whose
 * subtitle says so).
 * @return the document, or invalid_argument when the date is not `YYYY-MM-DDTHH:MM:SSZ`, when
 *         an email lacks recipients, has more than one sender, an address that is malformed or
 *         holds a control character, or a subject that holds one, or when an Atom self_url is
 *         not http(s)
 */
Expected<std::string> write_digest(const Digest& digest, DigestFormat format, const DigestPresentation& presentation);

}  // namespace paperfeed
