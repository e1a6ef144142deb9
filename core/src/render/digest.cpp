// The daily digest (digest.hpp). One search picks the papers; writing first turns the digest
// into a view whose every string is safe plain text, then each format renders that view and
// escapes with the one function of its own language: markup_escaped (HTML and Atom),
// markdown_escaped, JSON (nlohmann), header_words (RFC 2047), link_url (every href).

#include "paperfeed/digest.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "paperfeed/export.hpp"
#include "paperfeed/normalize.hpp"
#include "record/hash.hpp"
#include "render/base64.hpp"

namespace paperfeed {

namespace {

constexpr const char* kVersion = PAPERFEED_VERSION;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kTextWidth = 76;
constexpr std::size_t kAuthorsShown = 3;

std::string trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

/** True when @p c is one of the characters of @p set (never for NUL). */
bool is_one_of(char c, const char* set) { return c != '\0' && std::strchr(set, c) != nullptr; }

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ---- Dates -------------------------------------------------------------------------------------

/** True when @p text is `YYYY-MM-DDTHH:MM:SSZ` with a real day and time. */
bool is_rfc3339_utc(std::string_view text) {
  if (text.size() != 20 || !calendar_day(text.substr(0, 10)) || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return false;
  }
  auto number = [&](std::size_t at) {
    const char a = text[at], b = text[at + 1];
    return a >= '0' && a <= '9' && b >= '0' && b <= '9' ? (a - '0') * 10 + (b - '0') : 99;
  };
  return number(11) < 24 && number(14) < 60 && number(17) <= 60;
}

/** A paper's day as an Atom date-time (midnight UTC), or empty when it is no whole day. */
std::string day_start(const std::string& day) { return calendar_day(day) ? day + "T00:00:00Z" : std::string(); }

/** RFC 5322's date-time (`Fri, 27 Nov 2026 06:00:00 +0000`) of an RFC 3339 UTC date-time. */
std::string email_date(std::string_view rfc3339) {
  static constexpr std::array<const char*, 7> kWeekdays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t days = *iso_date_days(rfc3339.substr(0, 10));
  const int month = (rfc3339[5] - '0') * 10 + (rfc3339[6] - '0');
  const std::string day = rfc3339[8] == '0' ? std::string(rfc3339.substr(9, 1)) : std::string(rfc3339.substr(8, 2));
  return std::string(kWeekdays[((days % 7) + 7) % 7]) + ", " + day + " " + kMonths[month - 1] + " " +
         std::string(rfc3339.substr(0, 4)) + " " + std::string(rfc3339.substr(11, 8)) + " +0000";
}

// ---- Selection ---------------------------------------------------------------------------------

/** The excluded items as phrases: `"` dropped, trimmed, empty ones left out. */
std::vector<std::string> exclusion_phrases(const std::vector<std::string>& items) {
  std::vector<std::string> phrases;
  for (const std::string& item : items) {
    std::string phrase;
    for (char c : item) {
      if (c != '"') phrase += c;
    }
    phrase = trimmed(phrase);
    if (!phrase.empty()) phrases.push_back(std::move(phrase));
  }
  return phrases;
}

/**
 * The digest's own clauses: `listed:>=SINCE`, `-listed:>UNTIL` (a paper with no date is not
 * known to be listed after UNTIL, so it stays) and one `-"…"` per excluded phrase.
 */
std::vector<std::string> digest_clauses(const std::string& since, const std::string& until, const std::vector<std::string>& exclude) {
  std::vector<std::string> clauses;
  if (!since.empty()) clauses.push_back("listed:>=" + since);
  if (!until.empty()) clauses.push_back("-listed:>" + until);
  for (const std::string& phrase : exclude) clauses.push_back("-\"" + phrase + "\"");
  return clauses;
}

/** A snippet field (escaped text with `<mark>`) cut into plain-text runs, marked or not. */
struct SnippetRun {
  std::string text;
  bool marked = false;
};

std::vector<SnippetRun> snippet_runs(std::string_view html) {
  std::vector<SnippetRun> runs;
  bool marked = false;
  while (!html.empty()) {
    const std::string_view tag = marked ? "</mark>" : "<mark>";
    const std::size_t at = html.find(tag);
    const std::string_view run = html.substr(0, at);
    if (!run.empty()) runs.push_back({decode_html_entities(run), marked});
    if (at == std::string_view::npos) break;
    html.remove_prefix(at + tag.size());
    marked = !marked;
  }
  return runs;
}

/** The distinct marked words of @p snippet, lower-cased, title first. */
std::vector<std::string> marked_words(const Snippet& snippet) {
  std::vector<std::string> words;
  for (const std::string* field : {&snippet.title, &snippet.abstract}) {
    for (const SnippetRun& run : snippet_runs(*field)) {
      std::string word = lower_ascii(run.text);
      if (run.marked && std::find(words.begin(), words.end(), word) == words.end()) words.push_back(std::move(word));
    }
  }
  return words;
}

// ---- Safe text and links -----------------------------------------------------------------------

/** @p text with invalid UTF-8, control characters and U+FFFE/U+FFFF replaced (digest.hpp). */
std::string safe_text(std::string_view text) {
  std::string valid(text);
  repair_utf8(valid);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size();) {
    const auto byte = [&](std::size_t k) { return k < valid.size() ? static_cast<unsigned char>(valid[k]) : 0u; };
    const unsigned char c = byte(i);
    if (c == '\t' || c == '\n' || c == '\r') {
      out += ' ';
      i += 1;
    } else if (c < 0x20 || c == 0x7F) {
      out += kReplacement;
      i += 1;
    } else if (c == 0xC2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F) {  // C1 controls
      out += kReplacement;
      i += 2;
    } else if (c == 0xEF && byte(i + 1) == 0xBF && (byte(i + 2) == 0xBE || byte(i + 2) == 0xBF)) {
      out += kReplacement;
      i += 3;
    } else {
      out += valid[i++];
    }
  }
  return out;
}

std::vector<std::string> safe_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) out.push_back(safe_text(item));
  return out;
}

/** A copy of @p paper with every string made safe. */
Paper safe_paper(const Paper& paper) {
  Paper p = paper;
  for (std::string* field : {&p.id, &p.title, &p.abstract, &p.primary_category, &p.published, &p.updated, &p.announced,
                             &p.github, &p.project_page, &p.ai_summary, &p.comment, &p.journal_ref, &p.doi, &p.license,
                             &p.announce_type, &p.url, &p.pdf}) {
    *field = safe_text(*field);
  }
  p.authors = safe_list(p.authors);
  p.categories = safe_list(p.categories);
  p.keywords = safe_list(p.keywords);
  return p;
}

void append_percent_encoded(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

/**
 * @p url when it is an http or https URL with a host, its scheme in lower case, with spaces,
 * quotes, angle brackets, parentheses, backslashes, control and non-ASCII bytes percent-encoded
 * (so that it can end neither an attribute nor a Markdown link); nullopt for any other scheme.
 */
std::optional<std::string> link_url(std::string_view url) {
  const std::string text = trimmed(url);
  const std::string scheme = lower_ascii(std::string_view(text).substr(0, 8));
  const std::size_t host = scheme.rfind("https://", 0) == 0 ? 8 : scheme.rfind("http://", 0) == 0 ? 7 : 0;
  if (host == 0 || host >= text.size() || text[host] == '/' || text[host] == '?' || text[host] == '#') return std::nullopt;
  std::string out = scheme.substr(0, host);  // written in lower case, as RFC 3986 asks
  for (unsigned char c : std::string_view(text).substr(host)) {
    if (c <= 0x20 || c >= 0x7F || is_one_of(static_cast<char>(c), "\"'<>()\\^`{|}")) {
      append_percent_encoded(c, out);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// ---- The view every format renders -------------------------------------------------------------

/** A labelled http(s) link. */
struct Link {
  std::string label;
  std::string url;
  bool page = false;  // the paper's abstract page (Atom's rel="alternate")
};

/** One paper as every format shows it; all text safe, not yet escaped. */
struct EntryView {
  std::size_t rank = 0;
  const DigestEntry* entry = nullptr;
  Paper paper;                      // made safe
  std::optional<std::string> page;  // the abstract page, when an http(s) URL
  std::string byline;               // authors · listed/published day · categories
  std::vector<SnippetRun> snippet;  // the abstract window
  std::string why;                  // matched words · upvotes · stars
  std::vector<Link> links;          // abstract, PDF, code, project page
};

/** The digest as every format shows it. */
struct DigestView {
  const Digest* digest = nullptr;
  std::string title;    // made safe
  std::string date;     // RFC 3339
  std::string day;      // YYYY-MM-DD of date
  std::string heading;  // "TITLE — DAY"
  std::string summary;  // what was picked and how, or "No new papers matched …"
  std::vector<EntryView> entries;
};

/** 950 → "950", 1234 → "1.2k", 56789 → "57k", 2500000 → "2.5M". */
std::string compact_count(std::int64_t n) {
  if (n < 1000) return std::to_string(n);
  const bool millions = n >= 999500;
  const double value = static_cast<double>(n) / (millions ? 1e6 : 1e3);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, value < 9.95 ? "%.1f" : "%.0f", value);
  std::string text = buffer;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text + (millions ? "M" : "k");
}

/** "1 upvote", "3.4k stars". */
std::string count_of(std::int64_t n, std::string_view noun) {
  return compact_count(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string curly_quoted(std::string_view text) { return "\xE2\x80\x9C" + std::string(text) + "\xE2\x80\x9D"; }

/** What narrowed the digest besides the query: "without “a”, “b”", "listed since D". */
std::vector<std::string> criteria(const Digest& digest) {
  std::vector<std::string> parts;
  if (!digest.exclude.empty()) {
    std::vector<std::string> items;
    for (const std::string& item : digest.exclude) items.push_back(curly_quoted(safe_text(item)));
    parts.push_back("without " + join(items, ", "));
  }
  if (!digest.since.empty()) parts.push_back("listed since " + safe_text(digest.since));
  return parts;
}

/** The line under the heading: what was picked and how, or that nothing was. */
std::string summary_line(const Digest& digest) {
  const std::string query = safe_text(trimmed(digest.query));
  const std::vector<std::string> narrowed = criteria(digest);
  const std::string seen = digest.already_seen == 0 ? std::string()
                                                    : std::to_string(digest.already_seen) + " sent before left out";
  if (digest.entries.empty()) {
    std::vector<std::string> parts;
    if (!query.empty()) parts.push_back(curly_quoted(query));
    parts.insert(parts.end(), narrowed.begin(), narrowed.end());
    std::string line = "No new papers matched";
    if (!parts.empty()) line += (query.empty() ? ": " : " ") + join(parts, ", ");
    return line + (seen.empty() ? "" : " (" + seen + ")") + ".";
  }
  std::string line = count_of(static_cast<std::int64_t>(digest.entries.size()), "new paper");
  if (!query.empty()) line += " matching " + curly_quoted(query);
  for (const std::string& part : narrowed) line += ", " + part;
  line += std::string(", ranked by ") + sort_order_name(digest.sort) + " (" + std::to_string(digest.matching) + " matched";
  return line + (seen.empty() ? "" : "; " + seen) + ").";
}

/** "A, B, C et al. · listed 2026-11-26 · cs.CV, cs.LG" */
std::string byline(const Paper& p) {
  std::vector<std::string> parts;
  if (!p.authors.empty()) {
    const std::size_t shown = std::min(p.authors.size(), kAuthorsShown);
    std::string names = join(std::vector<std::string>(p.authors.begin(), p.authors.begin() + shown), ", ");
    parts.push_back(shown < p.authors.size() ? names + " et al." : names);
  }
  if (!p.announced.empty()) {
    parts.push_back("listed " + p.announced);
  } else if (!p.published.empty()) {
    parts.push_back("published " + p.published);
  }
  if (!p.categories.empty()) parts.push_back(join(p.categories, ", "));
  return join(parts, " \xC2\xB7 ");
}

/** "matched: diffusion, video · 120 upvotes · 3.4k stars"; for an empty query "ranked by SORT". */
std::string why_line(const DigestEntry& entry, const Digest& digest) {
  std::vector<std::string> parts;
  if (!entry.matched.empty()) {
    parts.push_back("matched: " + join(safe_list(entry.matched), ", "));
  } else if (!trimmed(digest.query).empty()) {
    parts.push_back("matched the query");
  } else {
    parts.push_back(std::string("ranked by ") + sort_order_name(digest.sort));
  }
  // Counts are reasons only when there is something to count.
  if (entry.paper.upvotes.value_or(0) > 0) parts.push_back(count_of(*entry.paper.upvotes, "upvote"));
  if (entry.paper.stars.value_or(0) > 0) parts.push_back(count_of(*entry.paper.stars, "star"));
  return join(parts, " \xC2\xB7 ");
}

std::vector<Link> entry_links(const Paper& p) {
  std::vector<Link> links;
  for (const auto& [label, url] : {std::pair{"Abstract", &p.url}, std::pair{"PDF", &p.pdf}, std::pair{"Code", &p.github},
                                   std::pair{"Project page", &p.project_page}}) {
    if (auto link = link_url(*url)) links.push_back({label, std::move(*link), url == &p.url});
  }
  return links;
}

EntryView entry_view(const DigestEntry& entry, std::size_t rank, const Digest& digest) {
  EntryView view;
  view.rank = rank;
  view.entry = &entry;
  view.paper = safe_paper(entry.paper);
  view.page = link_url(view.paper.url);
  view.byline = byline(view.paper);
  for (SnippetRun& run : snippet_runs(entry.snippet.abstract)) view.snippet.push_back({safe_text(run.text), run.marked});
  view.why = why_line(entry, digest);
  view.links = entry_links(view.paper);
  return view;
}

DigestView digest_view(const Digest& digest, const DigestPresentation& presentation) {
  DigestView view;
  view.digest = &digest;
  view.title = safe_text(presentation.title.empty() ? DigestPresentation{}.title : presentation.title);
  view.date = presentation.date;
  view.day = presentation.date.substr(0, 10);
  view.heading = view.title + " \xE2\x80\x94 " + view.day;
  view.summary = summary_line(digest);
  for (std::size_t i = 0; i < digest.entries.size(); ++i) view.entries.push_back(entry_view(digest.entries[i], i + 1, digest));
  return view;
}

std::string footer_line(const DigestView& view) {
  return std::string("Generated by paperfeed ") + kVersion + " at " + view.date + ".";
}

// ---- Plain text --------------------------------------------------------------------------------

/** Display columns of UTF-8 @p text: one per code point. */
std::size_t columns(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

/** Appends @p text wrapped at kTextWidth columns: the first line after @p first, the others after
 *  @p rest. A word wider than a line gets a line of its own. */
void append_wrapped(std::string& out, std::string_view text, std::string_view first, std::string_view rest) {
  std::string line(first);
  std::size_t width = columns(first);
  bool empty = true;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t start = text.find_first_not_of(' ', at);
    if (start == std::string_view::npos) break;
    const std::size_t end = std::min(text.find(' ', start), text.size());
    const std::string_view word = text.substr(start, end - start);
    if (!empty && width + 1 + columns(word) > kTextWidth) {
      out += line + "\n";
      line = std::string(rest);
      width = columns(rest);
      empty = true;
    }
    if (!empty) {
      line += ' ';
      ++width;
    }
    line += word;
    width += columns(word);
    empty = false;
    at = end;
  }
  out += line + "\n";
}

std::string plain_snippet(const std::vector<SnippetRun>& runs) {
  std::string text;
  for (const SnippetRun& run : runs) text += run.text;
  return text;
}

void append_text_entry(std::string& out, const EntryView& e) {
  const std::string number = std::to_string(e.rank) + ". ";
  const std::string indent(number.size(), ' ');
  out += "\n";
  append_wrapped(out, e.paper.title.empty() ? e.paper.id : e.paper.title, number, indent);
  if (!e.byline.empty()) append_wrapped(out, e.byline, indent, indent);
  if (!e.snippet.empty()) append_wrapped(out, plain_snippet(e.snippet), indent, indent);
  append_wrapped(out, "Why: " + e.why, indent, indent);
  for (const Link& link : e.links) out += indent + link.label + ": " + link.url + "\n";
}

std::string text_document(const DigestView& view) {
  std::string out = view.heading + "\n" + std::string(columns(view.heading), '=') + "\n\n";
  append_wrapped(out, view.summary, "", "");
  for (const EntryView& e : view.entries) append_text_entry(out, e);
  out += "\n-- \n" + footer_line(view) + "\n";
  return out;
}

// ---- Markdown ----------------------------------------------------------------------------------

/** @p text as CommonMark that shows it literally: the punctuation that can start emphasis, code, a
 *  link, a heading, a table cell, HTML or an entity backslash-escaped, and a leading list marker too
 *  (`(` and `!` mean nothing once `[` is escaped). */
std::string markdown_escaped(std::string_view text) {
  std::string out;
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool leading_marker = (i == 0 && (c == '-' || c == '+' || c == '=')) ||
                                (i == digits && digits > 0 && (c == '.' || c == ')'));
    if (leading_marker || is_one_of(c, "\\`*_[]#|<>~&")) out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_link(std::string_view label, const std::string& url) {
  return "[" + markdown_escaped(label) + "](" + url + ")";
}

std::string markdown_snippet(const std::vector<SnippetRun>& runs) {
  std::string out;
  for (const SnippetRun& run : runs) out += run.marked ? "**" + markdown_escaped(run.text) + "**" : markdown_escaped(run.text);
  return out;
}

void append_markdown_entry(std::string& out, const EntryView& e) {
  const std::string title = e.paper.title.empty() ? e.paper.id : e.paper.title;
  out += "## " + std::to_string(e.rank) + ". " + (e.page ? markdown_link(title, *e.page) : markdown_escaped(title)) + "\n\n";
  if (!e.byline.empty()) out += markdown_escaped(e.byline) + "\n\n";
  if (!e.snippet.empty()) out += "> " + markdown_snippet(e.snippet) + "\n\n";
  out += "*Why:* " + markdown_escaped(e.why) + "\n\n";
  std::vector<std::string> links;
  for (const Link& link : e.links) links.push_back(markdown_link(link.label, link.url));
  if (!links.empty()) out += join(links, " \xC2\xB7 ") + "\n\n";
}

std::string markdown_document(const DigestView& view) {
  std::string out = "# " + markdown_escaped(view.heading) + "\n\n" + markdown_escaped(view.summary) + "\n\n";
  for (const EntryView& e : view.entries) append_markdown_entry(out, e);
  out += "---\n\n" + markdown_escaped(footer_line(view)) + "\n";
  return out;
}

// ---- HTML (the html format, the email's HTML part, Atom content) --------------------------------

/** @p text as HTML or XML character data or a quoted attribute value. */
std::string markup_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr const char* kLinkStyle = "color:#1d4ed8;text-decoration:none;";
constexpr const char* kMutedStyle = "margin:0 0 8px 0;font-size:13px;line-height:1.45;color:#52525b;";
constexpr const char* kRule = "border-top:1px solid #e4e4e7;";

std::string html_link(std::string_view label, const std::string& url) {
  return "<a href=\"" + markup_escaped(url) + "\" style=\"" + kLinkStyle + "\">" + markup_escaped(label) + "</a>";
}

std::string html_snippet(const std::vector<SnippetRun>& runs) {
  std::string out;
  for (const SnippetRun& run : runs) {
    out += run.marked ? "<b style=\"background-color:#fef3c7;\">" + markup_escaped(run.text) + "</b>" : markup_escaped(run.text);
  }
  return out;
}

/** Byline, snippet, why and links of an entry: the body of its table cell and its Atom content. */
std::string html_entry_details(const EntryView& e) {
  std::string out;
  if (!e.byline.empty()) out += "<p style=\"" + std::string(kMutedStyle) + "\">" + markup_escaped(e.byline) + "</p>\n";
  if (!e.snippet.empty()) {
    out += "<p style=\"margin:0 0 8px 0;font-size:14px;line-height:1.5;color:#27272a;\">" + html_snippet(e.snippet) + "</p>\n";
  }
  out += "<p style=\"" + std::string(kMutedStyle) + "\"><b>Why:</b> " + markup_escaped(e.why) + "</p>\n";
  std::vector<std::string> links;
  for (const Link& link : e.links) links.push_back(html_link(link.label, link.url));
  if (!links.empty()) out += "<p style=\"margin:0;font-size:13px;line-height:1.45;\">" + join(links, " &#183; ") + "</p>\n";
  return out;
}

void append_html_entry(std::string& out, const EntryView& e) {
  const std::string title = e.paper.title.empty() ? e.paper.id : e.paper.title;
  out += "<tr><td style=\"padding:16px 24px;" + std::string(kRule) + "\">\n";
  out += "<p style=\"margin:0 0 6px 0;font-size:17px;line-height:1.35;font-weight:bold;color:#18181b;\">";
  out += std::to_string(e.rank) + ". " + (e.page ? html_link(title, *e.page) : markup_escaped(title)) + "</p>\n";
  out += html_entry_details(e);
  out += "</td></tr>\n";
}

std::string html_document(const DigestView& view) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      markup_escaped(view.heading) +
      "</title>\n</head>\n<body style=\"margin:0;padding:0;background-color:#f4f4f5;\">\n"
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
      "style=\"background-color:#f4f4f5;\">\n<tr><td align=\"center\" style=\"padding:24px 12px;\">\n"
      "<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
      "style=\"width:100%;max-width:640px;background-color:#ffffff;border:1px solid #e4e4e7;"
      "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#18181b;\">\n"
      "<tr><td style=\"padding:24px 24px 16px 24px;\">\n<h1 style=\"margin:0 0 4px 0;font-size:22px;line-height:1.3;\">" +
      markup_escaped(view.title) + "</h1>\n<p style=\"" + kMutedStyle + "\">" + markup_escaped(view.day) +
      "</p>\n<p style=\"margin:0;font-size:14px;line-height:1.5;\">" + markup_escaped(view.summary) + "</p>\n</td></tr>\n";
  for (const EntryView& e : view.entries) append_html_entry(out, e);
  out += "<tr><td style=\"padding:16px 24px;" + std::string(kRule) + "font-size:12px;color:#71717a;\">" +
         markup_escaped(footer_line(view)) + "</td></tr>\n</table>\n</td></tr>\n</table>\n</body>\n</html>\n";
  return out;
}

// ---- Atom --------------------------------------------------------------------------------------

void append_element(std::string& out, std::string_view indent, std::string_view name, std::string_view text,
                    std::string_view attributes = "") {
  out += std::string(indent) + "<" + std::string(name) + std::string(attributes) + ">" + markup_escaped(text) + "</" +
         std::string(name) + ">\n";
}

/** `urn:paperfeed:paper:<id>` with the id's bytes outside [A-Za-z0-9-._~:/@] percent-encoded. */
std::string paper_urn(std::string_view id) {
  std::string out = "urn:paperfeed:paper:";
  for (unsigned char c : id) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       is_one_of(static_cast<char>(c), "-._~:/@");
    if (plain) {
      out += static_cast<char>(c);
    } else {
      append_percent_encoded(c, out);
    }
  }
  return out;
}

/** The entry's updated time: the paper's updated, else published, else listed day; else @p fallback. */
std::string entry_updated(const Paper& p, const std::string& fallback) {
  for (const std::string* day : {&p.updated, &p.published, &p.announced}) {
    if (std::string time = day_start(*day); !time.empty()) return time;
  }
  return fallback;
}

void append_atom_entry(std::string& out, const EntryView& e, const std::string& id, const std::string& fallback_time) {
  const Paper& p = e.paper;
  out += "  <entry>\n";
  append_element(out, "    ", "id", id);
  append_element(out, "    ", "title", p.title.empty() ? p.id : p.title, " type=\"text\"");
  append_element(out, "    ", "updated", entry_updated(p, fallback_time));
  if (std::string published = day_start(p.published); !published.empty()) append_element(out, "    ", "published", published);
  for (const std::string& author : p.authors) {
    if (!trimmed(author).empty()) out += "    <author><name>" + markup_escaped(author) + "</name></author>\n";
  }
  for (const Link& link : e.links) {
    out += std::string("    <link rel=\"") + (link.page ? "alternate\" type=\"text/html" : "related") + "\" href=\"" +
           markup_escaped(link.url) + "\" title=\"" + markup_escaped(link.label) + "\"/>\n";
  }
  for (const std::string& category : p.categories) {
    out += "    <category term=\"" + markup_escaped(category) + "\" scheme=\"http://arxiv.org/schemas/atom\"/>\n";
  }
  if (!e.snippet.empty()) append_element(out, "    ", "summary", plain_snippet(e.snippet), " type=\"text\"");
  append_element(out, "    ", "content", html_entry_details(e), " type=\"html\"");
  out += "  </entry>\n";
}

/** The feed id: the one given, else a hash of what selects the papers (stable across days). */
std::string feed_id(const DigestView& view, const DigestPresentation& presentation) {
  if (!presentation.feed_id.empty()) return safe_text(presentation.feed_id);
  const Digest& d = *view.digest;
  return "urn:paperfeed:digest:" + detail::hex64(detail::fnv1a64(view.title + '\x1f' + trimmed(d.query) + '\x1f' + join(d.exclude, "\x1f")));
}

std::string atom_document(const DigestView& view, const DigestPresentation& presentation, const std::optional<std::string>& self) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  append_element(out, "  ", "id", feed_id(view, presentation));
  append_element(out, "  ", "title", view.title, " type=\"text\"");
  append_element(out, "  ", "subtitle", view.summary, " type=\"text\"");
  append_element(out, "  ", "updated", view.date);
  out += "  <author><name>paperfeed</name></author>\n";
  out += std::string("  <generator version=\"") + kVersion + "\">paperfeed</generator>\n";
  if (self) out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + markup_escaped(*self) + "\"/>\n";
  for (const EntryView& e : view.entries) append_atom_entry(out, e, paper_urn(e.paper.id), view.date);
  out += "</feed>\n";
  return out;
}

// ---- JSON --------------------------------------------------------------------------------------

using Json = nlohmann::ordered_json;

std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json count_or_null(const std::optional<std::int64_t>& n) { return n ? Json(*n) : Json(nullptr); }

/** A paper: its canonical record with "snippet" and "why" spliced in before the closing brace. */
void append_json_entry(std::string& out, const EntryView& e) {
  const std::string record = paper_to_json(e.paper);
  out.append(record, 0, record.size() - 1);
  if (record.size() > 2) out += ',';
  const DigestEntry& entry = *e.entry;
  const Json snippet = {{"title", safe_text(entry.snippet.title)}, {"abstract", safe_text(entry.snippet.abstract)}};
  const Json why = {{"matched", safe_list(entry.matched)},
                    {"upvotes", count_or_null(entry.paper.upvotes)},
                    {"stars", count_or_null(entry.paper.stars)},
                    {"score", entry.score}};
  out += "\"snippet\":" + dump(snippet) + ",\"why\":" + dump(why) + "}";
}

std::string json_document(const DigestView& view) {
  const Digest& d = *view.digest;
  Json head;
  head["title"] = view.title;
  head["date"] = view.date;
  head["query"] = safe_text(d.query);
  head["exclude"] = safe_list(d.exclude);
  head["since"] = d.since.empty() ? Json(nullptr) : Json(safe_text(d.since));
  head["sort"] = sort_order_name(d.sort);
  head["matching"] = d.matching;
  head["already_seen"] = d.already_seen;
  head["summary"] = view.summary;
  std::string out = dump(head);
  out.pop_back();  // the head's closing brace: the papers follow
  out += ",\"papers\":[";
  for (std::size_t i = 0; i < view.entries.size(); ++i) {
    if (i > 0) out += ',';
    append_json_entry(out, view.entries[i]);
  }
  out += "]}\n";
  return out;
}

// ---- Email -------------------------------------------------------------------------------------

constexpr std::size_t kHeaderWidth = 78;
constexpr std::size_t kEncodedChunk = 42;  // bytes per encoded-word: 56 base64 characters, 68 in all

Error invalid(std::string message) { return make_error(ErrorCode::invalid_argument, std::move(message)); }

/** @p text as RFC 2047 encoded-words (UTF-8, B), each whole UTF-8 characters and at most 68 columns. */
std::vector<std::string> encoded_words(std::string_view text) {
  std::vector<std::string> words;
  while (!text.empty()) {
    std::size_t n = std::min(kEncodedChunk, text.size());
    while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    words.push_back("=?UTF-8?B?" + detail::base64_encode(text.substr(0, n)) + "?=");
    text.remove_prefix(n);
  }
  return words;
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  for (std::size_t at = 0; (at = text.find_first_not_of(' ', at)) != std::string_view::npos;) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    words.emplace_back(text.substr(at, end - at));
    at = end;
  }
  return words;
}

/** Unstructured header text (a subject) as foldable pieces: its words when they are ASCII and
 *  fit a line, else encoded-words. */
std::vector<std::string> header_words(std::string_view text) {
  std::vector<std::string> words = words_of(text);
  const bool plain = is_ascii(text) && text.find("=?") == std::string_view::npos &&
                     std::all_of(words.begin(), words.end(), [](const std::string& w) { return w.size() < 70; });
  return plain ? words : encoded_words(text);
}

/** A header with its pieces folded (CRLF + space) so that lines stay within 78 columns. */
std::string header(std::string_view name, const std::vector<std::string>& pieces) {
  std::string out = std::string(name) + ":";
  std::size_t width = out.size();
  bool line_empty = true;
  for (const std::string& piece : pieces) {
    if (!line_empty && width + 1 + piece.size() > kHeaderWidth) {
      out += "\r\n";
      width = 0;
    }
    out += " " + piece;
    width += 1 + piece.size();
    line_empty = false;
  }
  return out + "\r\n";
}

struct Mailbox {
  std::string name;
  std::string address;
};

bool is_address(std::string_view address) {
  const std::size_t at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == address.size() || address.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  return std::none_of(address.begin(), address.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F || is_one_of(c, "<>()[]\\,;:\"");
  });
}

/** `addr` or `Name <addr>` (the name may be a quoted string). */
Expected<Mailbox> parse_mailbox(std::string_view text, std::string_view role) {
  const std::string item = trimmed(text);
  Mailbox box;
  const std::size_t open = item.rfind('<');
  if (!item.empty() && item.back() == '>' && open != std::string::npos) {
    box.address = item.substr(open + 1, item.size() - open - 2);
    box.name = trimmed(std::string_view(item).substr(0, open));
    if (box.name.size() >= 2 && box.name.front() == '"' && box.name.back() == '"') {
      std::string unquoted;
      for (std::size_t i = 1; i + 1 < box.name.size(); ++i) {
        if (box.name[i] == '\\' && i + 2 < box.name.size()) ++i;
        unquoted += box.name[i];
      }
      box.name = unquoted;
    }
  } else {
    box.address = item;
  }
  if (!is_address(box.address)) {
    return invalid(std::string(role) + ": '" + shown_text(item, 120) +
                   "' is no email address (expected name@domain or Name <name@domain>)");
  }
  return box;
}

/** Mailboxes separated by commas outside quotes and angle brackets. */
Expected<std::vector<Mailbox>> parse_mailboxes(std::string_view text, std::string_view role) {
  std::string check(text);
  if (has_control(text) || repair_utf8(check) != 0) {
    return invalid(std::string(role) + ": an address holds a control character or invalid UTF-8");
  }
  std::vector<Mailbox> boxes;
  bool quoted = false, angled = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ',';
    if (c == '"' && (i == 0 || text[i - 1] != '\\')) quoted = !quoted;
    if (!quoted && (c == '<' || c == '>')) angled = c == '<';
    if (c != ',' || quoted || angled) continue;
    if (!trimmed(text.substr(start, i - start)).empty()) {
      auto box = parse_mailbox(text.substr(start, i - start), role);
      if (!box) return box.error();
      boxes.push_back(std::move(*box));
    }
    start = i + 1;
  }
  if (quoted || angled) {
    return invalid(std::string(role) + ": an unclosed quote or angle bracket in '" + shown_text(text, 120) + "'");
  }
  if (boxes.empty()) return invalid(std::string(role) + ": an email needs an address");
  return boxes;
}

bool is_atext_phrase(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
           is_one_of(c, "!#$%&'*+-/=?^_`{|}~");
  });
}

/** A mailbox as header pieces: the display name (words, a quoted string or encoded-words) and `<addr>`. */
std::vector<std::string> mailbox_pieces(const Mailbox& box) {
  if (box.name.empty()) return {box.address};
  std::vector<std::string> pieces;
  if (!is_ascii(box.name) || box.name.find("=?") != std::string::npos) {
    pieces = encoded_words(box.name);
  } else if (is_atext_phrase(box.name)) {
    pieces = words_of(box.name);
  } else {
    std::string quoted_name = "\"";
    for (char c : box.name) {
      if (c == '"' || c == '\\') quoted_name += '\\';
      quoted_name += c;
    }
    pieces.push_back(quoted_name + "\"");
  }
  pieces.push_back("<" + box.address + ">");
  return pieces;
}

std::string address_header(std::string_view name, const std::vector<Mailbox>& boxes) {
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    std::vector<std::string> box = mailbox_pieces(boxes[i]);
    if (i + 1 < boxes.size()) box.back() += ",";
    pieces.insert(pieces.end(), box.begin(), box.end());
  }
  return header(name, pieces);
}

/**
 * @p text (lines ending in `\n`) as quoted-printable with CRLF line ends and lines of at most 76
 * characters. Besides what RFC 2045 requires, a `.` or `From ` starting a line is encoded, so
 * that neither `sendmail` nor an mbox file mistakes it.
 */
std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\r\n";
      width = 0;
      continue;
    }
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\n';
    auto needs_encoding = [&](bool line_start) {
      return c == '=' || c < 0x20 || c >= 0x7F || (c == ' ' && line_end) ||
             (line_start && (c == '.' || text.substr(i, 5) == "From "));
    };
    bool encode = needs_encoding(width == 0);
    if (width + (encode ? 3 : 1) > 75) {
      out += "=\r\n";
      width = 0;
      encode = needs_encoding(true);
    }
    if (encode) {
      out += {'=', kHex[c >> 4], kHex[c & 15]};
      width += 3;
    } else {
      out += static_cast<char>(c);
      width += 1;
    }
  }
  return out;
}

std::string default_subject(const DigestView& view) {
  const std::size_t n = view.entries.size();
  return view.title + ": " + (n == 0 ? std::string("no new papers") : count_of(static_cast<std::int64_t>(n), "new paper")) +
         " \xE2\x80\x94 " + view.day;
}

std::string mime_part(std::string_view boundary, std::string_view type, std::string_view body) {
  return "--" + std::string(boundary) + "\r\nContent-Type: " + std::string(type) +
         "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + quoted_printable(body) + "\r\n";
}

Expected<std::string> email_message(const DigestView& view, const DigestPresentation& presentation) {
  const auto to = parse_mailboxes(presentation.to, "to");
  if (!to) return to.error();
  const auto from = presentation.from.empty() ? Expected<std::vector<Mailbox>>(std::vector<Mailbox>{to->front()})
                                              : parse_mailboxes(presentation.from, "from");
  if (!from) return from.error();
  if (from->size() != 1) return invalid("from: an email has one sender");
  if (has_control(presentation.subject)) return invalid("subject: holds a control character");
  const std::string subject = presentation.subject.empty() ? default_subject(view) : safe_text(presentation.subject);

  const std::string text = text_document(view);
  const std::string html = html_document(view);
  const std::string hash = detail::hex64(detail::fnv1a64(text + html + view.date));
  const std::string boundary = "=_paperfeed_" + hash;  // "=_" never occurs in quoted-printable
  const std::string& sender = from->front().address;

  std::string out = address_header("From", *from) + address_header("To", *to) + header("Subject", header_words(subject));
  out += "Date: " + email_date(view.date) + "\r\n";
  out += "Message-ID: <paperfeed." + hash + "@" + sender.substr(sender.find('@') + 1) + ">\r\n";
  out += "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n";
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a MIME message: the digest as text and as HTML.\r\n\r\n";
  out += mime_part(boundary, "text/plain", text) + mime_part(boundary, "text/html", html);
  out += "--" + boundary + "--\r\n";
  return out;
}

constexpr std::array<const char*, 6> kDigestFormatNames = {"email", "html", "markdown", "text", "atom", "json"};

}  // namespace

Expected<Digest> make_digest(const Index& index, const DigestOptions& options) {
  for (const auto& [name, day] : {std::pair{"since", &options.since}, std::pair{"until", &options.until}}) {
    if (!day->empty() && !calendar_day(*day)) {
      return invalid(std::string(name) + ": expected a day as YYYY-MM-DD, got '" + shown_text(*day) + "'");
    }
  }
  if (options.top == 0) return invalid("top: a digest holds at least one paper");
  Digest digest;
  digest.query = options.query;
  digest.exclude = exclusion_phrases(options.exclude);
  digest.since = options.since;
  digest.sort = options.sort;

  const NarrowedQuery query = narrow_query(options.query, digest_clauses(digest.since, options.until, digest.exclude));
  SearchOptions search;
  search.sort = options.sort;
  constexpr std::size_t kMax = SearchOptions::kMaxLimit;
  search.limit = std::min(std::min(options.top, kMax) + std::min(options.seen.size(), kMax), kMax);
  search.limits = query.limits;
  Searcher searcher(index);
  Results results = searcher.search(query.text, search);

  digest.matching = results.total;
  digest.recovered = std::move(results.recovered);
  for (Hit& hit : results.hits) {
    if (options.seen.count(hit.paper.id) != 0) {
      ++digest.already_seen;
    } else if (digest.entries.size() < options.top) {
      std::vector<std::string> matched = marked_words(hit.snippet);
      digest.entries.push_back({std::move(hit.paper), std::move(hit.snippet), std::move(matched), hit.score});
    }
  }
  return digest;
}

const char* digest_format_name(DigestFormat format) noexcept { return kDigestFormatNames[static_cast<std::size_t>(format)]; }

std::optional<DigestFormat> digest_format_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kDigestFormatNames.size(); ++i) {
    if (name == kDigestFormatNames[i]) return static_cast<DigestFormat>(i);
  }
  return std::nullopt;
}

Expected<std::string> write_digest(const Digest& digest, DigestFormat format, const DigestPresentation& presentation) {
  if (!is_rfc3339_utc(presentation.date)) {
    return invalid("date: expected an RFC 3339 UTC date-time such as 2026-11-27T06:00:00Z, got '" +
                   shown_text(presentation.date) + "'");
  }
  const DigestView view = digest_view(digest, presentation);
  switch (format) {
    case DigestFormat::email: return email_message(view, presentation);
    case DigestFormat::html: return html_document(view);
    case DigestFormat::markdown: return markdown_document(view);
    case DigestFormat::text: return text_document(view);
    case DigestFormat::json: return json_document(view);
    case DigestFormat::atom: break;
  }
  std::optional<std::string> self;
  if (!presentation.self_url.empty()) {
    self = link_url(presentation.self_url);
    if (!self) return invalid("self_url: expected an http or https URL, got '" + shown_text(presentation.self_url, 120) + "'");
  }
  return atom_document(view, presentation, self);
}

}  // namespace paperfeed
