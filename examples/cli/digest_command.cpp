// paperfeed digest: the day's best papers for a query, as an email, an HTML page, Markdown, text,
// an Atom feed or JSON, with a state file that keeps papers already sent out of the next digest.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "paperfeed/digest.hpp"
#include "paperfeed/normalize.hpp"

#include "commands.hpp"
#include "common.hpp"

namespace paperfeed::cli {

const char* const kDigestHelp = R"TXT(Usage: paperfeed digest (X.pfi | FILE...) [OPTIONS]

The best new papers for a query, with a snippet and why each was picked, written as a daily
email, a page, Markdown, text or an Atom feed. FILEs as for search: an index, feeds, or an
index followed by feeds (today's feed added to it).

Selection:
  --query Q          interests in the query language (see: paperfeed search --help), all of it
                     required; default: every paper
  --exclude WORDS    comma-separated words or phrases no picked paper may contain; may repeat
  --since DAY        papers listed on or after DAY (YYYY-MM-DD): the day a daily feed listed
                     them, else the day they were published; a paper with no date is left out
  --days N           papers listed in the last N days: --since the day N days before --date
                     (at most 100000)
  --top N            papers in the digest (default 10)
  --sort ORDER       trending (default), relevance, recent, upvotes, stars, citations
  --seen FILE        papers sent before: left out, and this digest's papers added once it is
                     written (see below)
  --feed-format NAME read every FILE as this feed format instead of detecting it

Output:
  --format F         text (default), email, html, markdown, atom, json
  -o, --output OUT   write to OUT through a temporary file renamed into place (default: stdout)
  --title T          the heading, feed title and start of the subject (default "paperfeed digest")
  --date D           the digest's date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: now, UTC);
                     papers listed after it are left out
  --to ADDRS         email recipients, addr or "Name <addr>", comma-separated (required for email)
  --from ADDR        email sender (default: the first recipient)
  --subject S        email subject (default "TITLE: N new papers — DAY")
  --feed-url URL     Atom: the http(s) URL the feed is served at (its link rel="self")

Formats:
  text      plain text wrapped at 76 columns
  email     an RFC 5322 message, text and HTML alternatives, UTF-8, ready for "sendmail -t"
  html      a page that renders in mail clients: tables, inline styles, no scripts
  markdown  CommonMark, feed text escaped
  atom      an Atom 1.0 feed, entry ids stable from day to day: subscribe to the query
  json      {"title","date","query","exclude","since","sort","matching","already_seen",
             "summary","papers":[{record...,"snippet":{"title","abstract"},
             "why":{"matched","upvotes","stars","score"}}]}

Each paper shows its title, authors, listed (or published) day, categories, the best window of
its abstract, its abstract, PDF, code and project links (http and https only), and why it was
picked: "matched: diffusion, video · 120 upvotes · 3.4k stars". An empty digest is still a
complete document, saying "No new papers matched ...".

The state file (--seen) holds one "ID<TAB>YYYY-MM-DD" line per paper sent (the day it was sent);
lines starting with # are comments. A missing file is a first run; a malformed line is reported
as FILE:LINE and skipped. Once the digest is written, the file is rewritten through a temporary
file with this digest's papers added; entries older than 365 days before --date are dropped.
To record only what was delivered, give --seen a copy and move it over the file once the mail
has gone (examples/cron/daily-digest.sh does).

Exit status: 0 written (also when no paper is new), 1 a feed could not be read to its end or
the output or state file could not be written, 2 a usage error.

Every morning:
  paperfeed digest papers.pfi today.json --query 'diffusion OR "video generation"' \
    --exclude survey --days 1 --seen sent.tsv --format email --to 'Ada <ada@example.org>' |
    sendmail -t
)TXT";

namespace {

constexpr std::int64_t kSeenKeptDays = 365;
/** The largest --days: about 270 years back, far enough for any listing and no overflow. */
constexpr std::size_t kMaxDays = 100000;

/** The command line of `paperfeed digest`. */
struct DigestArgs {
  std::vector<std::string> files;
  DigestOptions options;
  std::optional<std::size_t> days;
  DigestFormat format = DigestFormat::text;
  DigestPresentation presentation;
  std::string seen_path;
  std::string output;
  std::optional<Format> feed_format;
};

/** The current time as RFC 3339 UTC. */
std::string now_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

/** Appends each comma-separated item of @p list to @p items. */
void add_items(const std::string& list, std::vector<std::string>& items) {
  std::size_t start = 0;
  for (std::size_t comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
    items.push_back(list.substr(start, comma - start));
  }
  items.push_back(list.substr(start));
}

using Setter = std::function<std::optional<int>(DigestArgs&, const std::string&)>;

/** Sets @p target to @p value when it is a whole number in [@p least, @p most]; else a usage error. */
std::optional<int> set_count(std::optional<std::size_t>& target, const std::string& option, const std::string& value,
                             std::size_t least, std::size_t most) {
  const auto n = parse_whole_number(value);
  if (!n || *n < least) return usage_error(option + " takes a whole number of at least " + std::to_string(least) + ", not '" + value + "'");
  if (*n > most) return usage_error(option + " takes at most " + std::to_string(most));
  target = *n;
  return std::nullopt;
}

/** What each option that takes a value does with it; an exit status when the value is unusable. */
const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> kSetters = {
      {"--query", [](DigestArgs& a, const std::string& v) { a.options.query = v; return std::optional<int>(); }},
      {"--exclude", [](DigestArgs& a, const std::string& v) { add_items(v, a.options.exclude); return std::optional<int>(); }},
      {"--since", [](DigestArgs& a, const std::string& v) {
         a.options.since = v;
         return calendar_day(v) ? std::nullopt : std::optional<int>(usage_error("--since takes a day as YYYY-MM-DD, not '" + v + "'"));
       }},
      {"--days", [](DigestArgs& a, const std::string& v) { return set_count(a.days, "--days", v, 0, kMaxDays); }},
      {"--top", [](DigestArgs& a, const std::string& v) {
         std::optional<std::size_t> top;
         if (const auto status = set_count(top, "--top", v, 1, SearchOptions::kMaxLimit)) return status;
         a.options.top = *top;
         return std::optional<int>();
       }},
      {"--sort", [](DigestArgs& a, const std::string& v) {
         const auto sort = sort_order_from_name(v);
         a.options.sort = sort.value_or(a.options.sort);
         return sort ? std::nullopt
                     : std::optional<int>(usage_error("unknown sort '" + v + "' (trending, relevance, recent, upvotes, stars, citations)"));
       }},
      {"--format", [](DigestArgs& a, const std::string& v) {
         const auto format = digest_format_from_name(v);
         a.format = format.value_or(a.format);
         return format ? std::nullopt
                       : std::optional<int>(usage_error("unknown digest format '" + v + "' (text, email, html, markdown, atom, json)"));
       }},
      {"--feed-format", [](DigestArgs& a, const std::string& v) {
         a.feed_format = format_from_name(v);
         return a.feed_format ? std::nullopt : std::optional<int>(usage_error("unknown feed format '" + v + "' (see: paperfeed formats)"));
       }},
      {"--seen", [](DigestArgs& a, const std::string& v) { a.seen_path = v; return std::optional<int>(); }},
      {"-o", [](DigestArgs& a, const std::string& v) { a.output = v; return std::optional<int>(); }},
      {"--output", [](DigestArgs& a, const std::string& v) { a.output = v; return std::optional<int>(); }},
      {"--title", [](DigestArgs& a, const std::string& v) { a.presentation.title = v; return std::optional<int>(); }},
      {"--date", [](DigestArgs& a, const std::string& v) {
         a.presentation.date = v.size() == 10 ? v + "T00:00:00Z" : v;
         return calendar_day(std::string_view(a.presentation.date).substr(0, 10))
                    ? std::nullopt
                    : std::optional<int>(usage_error("--date takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not '" + v + "'"));
       }},
      {"--to", [](DigestArgs& a, const std::string& v) { a.presentation.to = v; return std::optional<int>(); }},
      {"--from", [](DigestArgs& a, const std::string& v) { a.presentation.from = v; return std::optional<int>(); }},
      {"--subject", [](DigestArgs& a, const std::string& v) { a.presentation.subject = v; return std::optional<int>(); }},
      {"--feed-url", [](DigestArgs& a, const std::string& v) { a.presentation.self_url = v; return std::optional<int>(); }},
  };
  return kSetters;
}

/** Checks what no single option can: the combinations, and the defaults that depend on others. */
std::optional<int> finish(DigestArgs& args) {
  if (args.files.empty()) return usage_error("digest needs at least one FILE");
  if (args.days && !args.options.since.empty()) return usage_error("digest takes --since or --days, not both");
  if (args.format == DigestFormat::email && args.presentation.to.empty()) return usage_error("--format email needs --to ADDRESS");
  if (args.presentation.date.empty()) args.presentation.date = now_utc();
  args.options.until = args.presentation.date.substr(0, 10);
  if (args.days) {
    const std::int64_t today = *calendar_day(args.options.until);
    args.options.since = iso_date_from_days(today - static_cast<std::int64_t>(*args.days));
  }
  return std::nullopt;
}

/** Parses the words after "digest"; an exit status when they end the program. */
std::optional<int> parse_digest_args(const std::vector<std::string>& words, DigestArgs& args) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "-h" || word == "--help") {
      std::fputs(kDigestHelp, stdout);
      return kExitOk;
    }
    const auto setter = setters().find(word);
    if (setter != setters().end()) {
      if (i + 1 >= words.size()) return usage_error("option " + word + " needs a value");
      if (auto status = setter->second(args, words[++i])) return status;
    } else if (word.size() > 1 && word[0] == '-') {
      return usage_error("unknown option '" + word + "' for digest");
    } else {
      args.files.push_back(word);
    }
  }
  return finish(args);
}

/**
 * A paper id as the state file writes it: `%`, tab, CR, LF and a leading `#` percent-encoded, so
 * that no id can break its line or pass for a comment.
 */
std::string seen_file_id(std::string_view id) {
  std::string out;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (c == '%' || c == '\t' || c == '\r' || c == '\n' || (c == '#' && i == 0)) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4];
      out += kHex[static_cast<unsigned char>(c) & 15];
    } else {
      out += c;
    }
  }
  return out;
}

/** The id seen_file_id() wrote as @p text (`%XX` decoded; any other `%` kept). */
std::string id_from_seen_file(std::string_view text) {
  std::string out;
  auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/** One line of the state file: a paper sent, and the day it was. */
struct SentPaper {
  std::string id;
  std::string day;
};

/** The papers of the state file sent within kSeenKeptDays before @p today; nullopt when the file
 *  exists but cannot be read (reported). Malformed lines are reported and skipped. */
std::optional<std::vector<SentPaper>> read_seen(const std::string& path, std::int64_t today) {
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT) return std::vector<SentPaper>{};
    std::fprintf(stderr, "paperfeed: %s: cannot open: %s\n", path.c_str(), std::strerror(errno));
    return std::nullopt;
  }
  std::vector<SentPaper> sent;
  std::unordered_set<std::string> ids;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    const std::string id = id_from_seen_file(std::string_view(line).substr(0, tab));
    const std::string day = tab == std::string::npos ? std::string() : line.substr(tab + 1);
    const auto days = calendar_day(day);
    if (tab == 0 || !days) {
      std::fprintf(stderr, "paperfeed: %s:%zu: expected ID<TAB>YYYY-MM-DD, found '%s'; line skipped\n", path.c_str(), number,
                   shown_text(line).c_str());
      continue;
    }
    if (*days >= today - kSeenKeptDays && ids.insert(id).second) sent.push_back({id, day});
  }
  return sent;
}

/** Rewrites the state file with @p sent and the papers of @p digest, sent on @p day. */
bool write_seen(const std::string& path, const std::vector<SentPaper>& sent, const Digest& digest, const std::string& day) {
  std::string text = "# paperfeed digest: papers already sent, ID<TAB>day sent; entries older than 365 days are dropped\n";
  for (const SentPaper& paper : sent) text += seen_file_id(paper.id) + "\t" + paper.day + "\n";
  for (const DigestEntry& entry : digest.entries) text += seen_file_id(entry.paper.id) + "\t" + day + "\n";
  return write_output(path, text);
}

}  // namespace

int run_digest(const std::vector<std::string>& words) {
  DigestArgs args;
  if (auto status = parse_digest_args(words, args)) return *status;
  const std::string day = args.presentation.date.substr(0, 10);
  std::vector<SentPaper> sent;
  if (!args.seen_path.empty()) {
    auto read = read_seen(args.seen_path, *calendar_day(day));
    if (!read) return kExitFailed;
    sent = std::move(*read);
    for (const SentPaper& paper : sent) args.options.seen.insert(paper.id);
  }
  Opened opened = open_index(args.files, args.feed_format);
  if (opened.failed) return kExitFailed;
  if (opened.feeds.any_unknown) return kExitUsage;
  const auto digest = make_digest(opened.index, args.options);
  if (!digest) return usage_error(digest.error().message);
  print_query_notes(digest->recovered);
  const auto document = write_digest(*digest, args.format, args.presentation);
  if (!document) return usage_error(document.error().message);
  if (!write_output(args.output, *document)) return kExitFailed;
  if (!args.seen_path.empty() && !write_seen(args.seen_path, sent, *digest, day)) return kExitFailed;
  return exit_status(opened.feeds);
}

}  // namespace paperfeed::cli
