// The daily digest: which papers its one search picks (query, excluded words and phrases, since,
// seen, top, sort, the empty query) and what each format writes, hostile feed text included.

#include <catch2/catch.hpp>

#include <limits>

#include <nlohmann/json.hpp>
#include <regex>

#include "paperfeed/digest.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

using Ids = std::vector<std::string>;

Index index_of(const std::string& fixture) {
  Index index;
  for (const Paper& p : test::read_path(test::fixture(fixture)).papers) REQUIRE(index.add(p));
  return index;
}

const Index& papers() {
  static const Index index = index_of("digest-papers.jsonl");
  return index;
}

const Index& hostile() {
  static const Index index = index_of("digest-hostile.jsonl");
  return index;
}

/** The week before 2026-11-27 of @p query, by upvotes. */
DigestOptions week(const std::string& query) {
  DigestOptions options;
  options.query = query;
  options.since = "2026-11-20";
  options.sort = SortOrder::upvotes;
  return options;
}

Digest digest_of(const DigestOptions& options, const Index& index = papers()) {
  auto digest = make_digest(index, options);
  REQUIRE(digest);
  return std::move(*digest);
}

Ids ids_of(const Digest& digest) {
  Ids ids;
  for (const DigestEntry& entry : digest.entries) ids.push_back(entry.paper.id);
  return ids;
}

Ids week_ids(const std::string& query, const std::vector<std::string>& exclude = {}) {
  DigestOptions options = week(query);
  options.exclude = exclude;
  return ids_of(digest_of(options));
}

DigestPresentation presentation() {
  DigestPresentation p;
  p.date = "2026-11-27T06:00:00Z";
  p.to = "Ada Lovelace <ada@example.org>";
  return p;
}

std::string written(const Digest& digest, DigestFormat format, const DigestPresentation& p = presentation()) {
  auto out = write_digest(digest, format, p);
  REQUIRE(out);
  return *out;
}

ErrorCode error_of(const Digest& digest, DigestFormat format, const DigestPresentation& p) {
  auto out = write_digest(digest, format, p);
  return out ? ErrorCode::ok : out.error().code;
}

std::vector<std::string> lines_of(const std::string& text, const std::string& separator) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(separator, start)) != std::string::npos; start = end + separator.size()) {
    lines.push_back(text.substr(start, end - start));
  }
  lines.push_back(text.substr(start));
  return lines;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::size_t columns(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

/** True when @p text holds a character XML 1.0 forbids or a C1 control (a terminal escape). */
bool holds_forbidden_character(const std::string& text) {
  static const std::regex forbidden("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]|\\xC2[\\x80-\\x9F]|\\xEF\\xBF[\\xBE\\xBF]");
  return std::regex_search(text, forbidden);
}

constexpr std::array<DigestFormat, 6> kFormats = {DigestFormat::email, DigestFormat::html, DigestFormat::markdown,
                                                  DigestFormat::text,  DigestFormat::atom, DigestFormat::json};

}  // namespace

TEST_CASE("a digest picks the papers listed since a day that match, best first", "[digest]") {
  const Digest digest = digest_of(week("diffusion"));
  CHECK(ids_of(digest) == Ids{"2611.00001", "2611.00002", "2611.00003", "2611.00005", "doi:10.5555/digest.7"});
  CHECK(digest.matching == 5);
  CHECK(digest.already_seen == 0);
  CHECK(digest.query == "diffusion");
  CHECK(digest.since == "2026-11-20");
  CHECK(digest.sort == SortOrder::upvotes);

  DigestOptions any_day = week("diffusion");
  any_day.since.clear();
  CHECK(ids_of(digest_of(any_day)) == Ids{"2610.00006", "2611.00001", "2611.00002", "2611.00003", "2611.00005",
                                          "doi:10.5555/digest.7", "title:ad18217b7bba2df8"});

  DigestOptions until = week("diffusion");  // a digest for a past day: nothing listed after it
  until.until = "2026-11-25";
  CHECK(ids_of(digest_of(until)) == Ids{"2611.00003", "doi:10.5555/digest.7"});
  until.since.clear();
  until.until = "2026-10-15";
  CHECK(ids_of(digest_of(until)) == Ids{"2610.00006"});
}

TEST_CASE("a paper with no date is in a digest for a day, not in one of papers listed since a day", "[digest]") {
  // A feed without dates (a pasted Hugging Face listing): its papers are not known to be listed
  // after the digest's day, nor known to be new.
  Index index;
  Paper dated;
  dated.id = "2611.00001";
  dated.title = "Diffusion listed later";
  dated.announced = "2026-11-26";
  Paper undated;
  undated.id = "2611.00002";
  undated.title = "Diffusion with no date";
  REQUIRE(index.add(dated));
  REQUIRE(index.add(undated));
  DigestOptions options;
  options.query = "diffusion";
  options.sort = SortOrder::recent;
  CHECK(ids_of(digest_of(options, index)) == Ids{"2611.00001", "2611.00002"});
  options.until = "2026-11-25";
  CHECK(ids_of(digest_of(options, index)) == Ids{"2611.00002"});
  options.since = "2026-11-20";
  CHECK(ids_of(digest_of(options, index)).empty());
}

TEST_CASE("excluded words and phrases leave papers out of a digest", "[digest]") {
  CHECK(week_ids("diffusion", {"survey"}) == Ids{"2611.00001", "2611.00003", "2611.00005", "doi:10.5555/digest.7"});
  CHECK(week_ids("diffusion", {"\"large language\""}) == Ids{"2611.00001", "2611.00002", "2611.00005", "doi:10.5555/digest.7"});
  CHECK(week_ids("diffusion", {"language large"}) == week_ids("diffusion"));  // a phrase, not two words
  CHECK(week_ids("diffusion", {"survey", "large language", "journal"}) == Ids{"2611.00001", "2611.00005"});
  CHECK(week_ids("diffusion", {"", "  ", "\"\""}) == week_ids("diffusion"));

  DigestOptions options = week("diffusion");
  options.exclude = {" \"large language\" ", "", "survey"};
  CHECK(digest_of(options).exclude == std::vector<std::string>{"large language", "survey"});
}

TEST_CASE("a digest leaves out and counts papers already sent, and keeps the top ones", "[digest]") {
  DigestOptions options = week("diffusion");
  options.top = 2;
  const Digest first = digest_of(options);
  CHECK(ids_of(first) == Ids{"2611.00001", "2611.00002"});
  CHECK(first.matching == 5);

  options.seen = {"2611.00001", "2611.00002", "2404.99999"};
  const Digest second = digest_of(options);
  CHECK(ids_of(second) == Ids{"2611.00003", "2611.00005"});
  CHECK(second.already_seen == 2);
  CHECK(second.matching == 5);
}

TEST_CASE("the sort orders the digest, relevance scores kept", "[digest]") {
  DigestOptions options = week("video diffusion");
  options.sort = SortOrder::relevance;
  const Digest by_relevance = digest_of(options);
  CHECK(ids_of(by_relevance) == Ids{"doi:10.5555/digest.7", "2611.00002", "2611.00001", "2611.00003", "2611.00005"});
  for (std::size_t i = 1; i < by_relevance.entries.size(); ++i) {
    CHECK(by_relevance.entries[i - 1].score >= by_relevance.entries[i].score);
  }
  CHECK(by_relevance.entries.back().score > 0);

  options.sort = SortOrder::trending;
  CHECK(ids_of(digest_of(options)) == Ids{"2611.00001", "2611.00002", "2611.00003", "2611.00005", "doi:10.5555/digest.7"});
  options.sort = SortOrder::stars;
  CHECK(ids_of(digest_of(options)).front() == "2611.00001");
  CHECK(ids_of(digest_of(options))[1] == "2611.00003");
}

TEST_CASE("a digest of an empty query picks every paper, in the order of the sort", "[digest]") {
  DigestOptions everything;
  everything.sort = SortOrder::upvotes;
  const Digest all = digest_of(everything);
  CHECK(all.matching == papers().size());
  CHECK(ids_of(all).front() == "2610.00006");
  CHECK(all.entries.size() == 9);
  CHECK(all.entries.front().matched.empty());

  DigestOptions since = everything;
  since.since = "2026-11-20";
  since.query = "   ";
  CHECK(ids_of(digest_of(since)) == Ids{"2611.00001", "2611.00004", "2611.00002", "2611.00008", "2611.00003",
                                        "2611.00005", "doi:10.5555/digest.7"});

  DigestOptions only_exclusions = everything;
  only_exclusions.exclude = {"diffusion"};
  CHECK(ids_of(digest_of(only_exclusions)) == Ids{"2611.00004", "2611.00008"});
}

TEST_CASE("a digest query's own filters, groups and unbalanced quotes stay inside its group", "[digest]") {
  CHECK(week_ids("diffusion (video") == week_ids("diffusion (video)"));
  CHECK(week_ids("\"video diffusion") == week_ids("\"video diffusion\""));
  CHECK(week_ids("\"video diffusion\"") == Ids{"2611.00001", "2611.00003", "doi:10.5555/digest.7"});
  CHECK(week_ids("graph) OR attention") == Ids{"2611.00004", "2611.00008"});
  CHECK(week_ids("upvotes:>=40") == Ids{"2611.00001", "2611.00004", "2611.00002"});
  CHECK(week_ids("-diffusion") == Ids{"2611.00004", "2611.00008"});
}

TEST_CASE("a digest says what its query was read with, limits applied included", "[digest][limits]") {
  CHECK(digest_of(week("diffusion video")).recovered.empty());
  std::string words;
  for (char c = 'a'; c <= 'q'; ++c) words += std::string(1, c) + "* ";  // 17 prefix words, one over the limit
  CHECK(digest_of(week(words)).recovered == std::vector<std::string>{"more than 16 prefix or fuzzy words: the rest searched as exact words"});
}

TEST_CASE("a digest refuses an unusable since or top", "[digest]") {
  for (const char* since : {"2026-13-01", "2026-02-30", "yesterday", "2026-11", "2026-11-20T00:00:00Z"}) {
    DigestOptions options = week("diffusion");
    options.since = since;
    const auto digest = make_digest(papers(), options);
    REQUIRE_FALSE(digest);
    CHECK(digest.error().code == ErrorCode::invalid_argument);
    CHECK(digest.error().message == std::string("since: expected a day as YYYY-MM-DD, got '") + since + "'");
  }
  DigestOptions none = week("diffusion");
  none.top = 0;
  CHECK_FALSE(make_digest(papers(), none));
  DigestOptions bad_until = week("diffusion");
  bad_until.until = "2026-11-31";
  const auto refused = make_digest(papers(), bad_until);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message == "until: expected a day as YYYY-MM-DD, got '2026-11-31'");
  DigestOptions huge = week("diffusion");  // top + seen must not wrap around
  huge.top = std::numeric_limits<std::size_t>::max();
  huge.seen = {"2611.00001", "2611.00002"};
  CHECK(ids_of(digest_of(huge)) == Ids{"2611.00003", "2611.00005", "doi:10.5555/digest.7"});
}

TEST_CASE("a digest entry's matched words are the distinct words its snippet marks", "[digest]") {
  const Digest digest = digest_of(week("video diffusion"));
  REQUIRE(digest.entries.front().paper.id == "2611.00001");
  CHECK(digest.entries.front().matched == std::vector<std::string>{"video", "diffusion", "videos"});
  CHECK(digest.entries.front().snippet.title == "<mark>Video</mark> <mark>Diffusion</mark> Transformers for Minute-Long Generation");
}

TEST_CASE("digest formats have stable names", "[digest]") {
  for (DigestFormat format : kFormats) CHECK(digest_format_from_name(digest_format_name(format)) == format);
  CHECK(std::string(digest_format_name(DigestFormat::markdown)) == "markdown");
  CHECK_FALSE(digest_format_from_name("docx"));
  CHECK_FALSE(digest_format_from_name("Email"));
}

TEST_CASE("digest text: heading, summary and each paper wrapped at 76 columns", "[digest]") {
  const std::string text = written(digest_of(week("video diffusion")), DigestFormat::text);
  CHECK(text.rfind("paperfeed digest — 2026-11-27\n=============================\n\n5 new papers matching “video diffusion”, listed since 2026-11-20, ranked by\n"
                   "upvotes (5 matched).\n\n1. Video Diffusion Transformers for Minute-Long Generation\n"
                   "   Ada Lovelace, Alan Turing, Grace Hopper et al. · listed 2026-11-26 ·\n   cs.CV, cs.LG\n",
                   0) == 0);
  CHECK(text.find("   Why: matched: video, diffusion, videos · 120 upvotes · 3.4k stars\n"
                  "   Abstract: https://arxiv.org/abs/2611.00001\n   PDF: https://arxiv.org/pdf/2611.00001\n"
                  "   Code: https://github.com/example/vdt\n   Project page: https://example.org/vdt\n\n2. ") != std::string::npos);
  CHECK(text.find("5. Video Diffusion in a Journal\n   Émile Zola · published 2026-11-23\n") != std::string::npos);
  CHECK(ends_with(text, "\n\n-- \nGenerated by paperfeed 0.1.0 at 2026-11-27T06:00:00Z.\n"));
  for (const std::string& line : lines_of(text, "\n")) CHECK(columns(line) <= 76);
}

TEST_CASE("a digest's why line names only counts above zero, in short form", "[digest]") {
  Digest digest;
  digest.query = "author:lovelace";
  DigestEntry entry;
  entry.paper.id = "2611.99999";
  entry.paper.title = "A Paper";
  entry.paper.upvotes = 0;
  entry.paper.stars = 1;
  digest.entries = {entry};
  entry.paper.upvotes = 1;
  entry.paper.stars = 123456;
  digest.entries.push_back(entry);
  entry.paper.upvotes = 1260;
  entry.paper.stars = 2500000;
  digest.entries.push_back(entry);
  const std::string text = written(digest, DigestFormat::text);
  CHECK(text.find("   Why: matched the query · 1 star\n") != std::string::npos);
  CHECK(text.find("   Why: matched the query · 1 upvote · 123k stars\n") != std::string::npos);
  CHECK(text.find("   Why: matched the query · 1.3k upvotes · 2.5M stars\n") != std::string::npos);
  digest.query.clear();
  digest.sort = SortOrder::recent;
  CHECK(written(digest, DigestFormat::text).find("   Why: ranked by recent · 1 star\n") != std::string::npos);
}

TEST_CASE("digest markdown: linked titles, bold matches, escaped text", "[digest]") {
  const std::string md = written(digest_of(week("video diffusion")), DigestFormat::markdown);
  CHECK(md.rfind("# paperfeed digest — 2026-11-27\n\n5 new papers matching “video diffusion”, listed since 2026-11-20, "
                 "ranked by upvotes (5 matched).\n\n## 1. [Video Diffusion Transformers for Minute-Long Generation]"
                 "(https://arxiv.org/abs/2611.00001)\n\nAda Lovelace, Alan Turing, Grace Hopper et al. · listed 2026-11-26 · cs.CV, cs.LG\n\n"
                 "> We scale **video** **diffusion** transformers to minute-long clips.",
                 0) == 0);
  CHECK(md.find("*Why:* matched: video, diffusion, videos · 120 upvotes · 3.4k stars\n\n"
                "[Abstract](https://arxiv.org/abs/2611.00001) · [PDF](https://arxiv.org/pdf/2611.00001) · "
                "[Code](https://github.com/example/vdt) · [Project page](https://example.org/vdt)\n") != std::string::npos);
  CHECK(md.find("## 4. [Zoë\\'s") == std::string::npos);
  CHECK(md.find("## 4. [Zoë's Naïve Diffusion Baselines — Über Simple](https://arxiv.org/abs/2611.00005)") != std::string::npos);
}

TEST_CASE("digest html: a whole document of tables and inline styles, links only to http(s)", "[digest]") {
  const std::string html = written(digest_of(week("video diffusion")), DigestFormat::html);
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 0) == 0);
  CHECK(html.find("<title>paperfeed digest — 2026-11-27</title>") != std::string::npos);
  CHECK(html.find("<table role=\"presentation\"") != std::string::npos);
  CHECK(html.find("1. <a href=\"https://arxiv.org/abs/2611.00001\" style=\"color:#1d4ed8;text-decoration:none;\">"
                  "Video Diffusion Transformers for Minute-Long Generation</a></p>") != std::string::npos);
  CHECK(html.find("We scale <b style=\"background-color:#fef3c7;\">video</b> <b style=\"background-color:#fef3c7;\">diffusion</b>") !=
        std::string::npos);
  CHECK(html.find("<b>Why:</b> matched: video, diffusion, videos · 120 upvotes · 3.4k stars</p>") != std::string::npos);
  CHECK(html.find("Zoë&#39;s Naïve") != std::string::npos);
  for (const char* absent : {"<script", "<style", "<link", "<img", "src="}) CHECK(html.find(absent) == std::string::npos);
  CHECK(ends_with(html, "</body>\n</html>\n"));
}

TEST_CASE("digest atom: feed and entry ids, dates, authors, links and categories", "[digest]") {
  DigestOptions options = week("diffusion");
  options.since.clear();
  DigestPresentation p = presentation();
  p.self_url = "https://example.org/feeds/diffusion.xml";
  const std::string atom = written(digest_of(options), DigestFormat::atom, p);
  CHECK(atom.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>urn:paperfeed:digest:", 0) == 0);
  CHECK(atom.find("  <title type=\"text\">paperfeed digest</title>\n") != std::string::npos);
  CHECK(atom.find("  <updated>2026-11-27T06:00:00Z</updated>\n  <author><name>paperfeed</name></author>\n"
                  "  <generator version=\"0.1.0\">paperfeed</generator>\n"
                  "  <link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/feeds/diffusion.xml\"/>\n") !=
        std::string::npos);
  CHECK(atom.find("    <id>urn:paperfeed:paper:2611.00005</id>\n"
                  "    <title type=\"text\">Zoë&#39;s Naïve Diffusion Baselines — Über Simple</title>\n"
                  "    <updated>2026-11-26T00:00:00Z</updated>\n    <published>2026-11-25T00:00:00Z</published>\n"
                  "    <author><name>Zoë Ångström</name></author>\n    <author><name>José Núñez</name></author>\n"
                  "    <link rel=\"alternate\" type=\"text/html\" href=\"https://arxiv.org/abs/2611.00005\" title=\"Abstract\"/>\n"
                  "    <link rel=\"related\" href=\"https://arxiv.org/pdf/2611.00005\" title=\"PDF\"/>\n"
                  "    <category term=\"cs.LG\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"
                  "    <summary type=\"text\">Naïve diffusion baselines, tuned with care, match video models ten times their size.</summary>\n"
                  "    <content type=\"html\">&lt;p style=") != std::string::npos);
  CHECK(atom.find("<id>urn:paperfeed:paper:doi:10.5555/digest.7</id>") != std::string::npos);
  // Known only by its title, with a month for a date: a paperfeed URN, dated by the digest.
  CHECK(atom.find("    <id>urn:paperfeed:paper:title:ad18217b7bba2df8</id>\n"
                  "    <title type=\"text\">Diffusion Notes without Links</title>\n"
                  "    <updated>2026-11-27T06:00:00Z</updated>\n    <summary") != std::string::npos);
  CHECK(ends_with(atom, "  </entry>\n</feed>\n"));
}

TEST_CASE("digest atom: the feed id is stable for a query and differs between queries", "[digest]") {
  auto feed_id = [](const std::string& query, const std::string& date) {
    DigestPresentation p = presentation();
    p.date = date;
    const std::string atom = written(digest_of(week(query)), DigestFormat::atom, p);
    const std::size_t start = atom.find("<id>") + 4;
    return atom.substr(start, atom.find("</id>") - start);
  };
  CHECK(feed_id("diffusion", "2026-11-27T06:00:00Z") == feed_id("diffusion", "2026-11-28T06:00:00Z"));
  CHECK(feed_id("diffusion", "2026-11-27T06:00:00Z") != feed_id("video", "2026-11-27T06:00:00Z"));
  DigestPresentation p = presentation();
  p.feed_id = "tag:example.org,2026:digest";
  CHECK(written(digest_of(week("x")), DigestFormat::atom, p).find("<id>tag:example.org,2026:digest</id>") != std::string::npos);
  p.self_url = "javascript:alert(1)";
  CHECK(error_of(digest_of(week("x")), DigestFormat::atom, p) == ErrorCode::invalid_argument);
}

TEST_CASE("digest json: the options, the counts and each paper's record, snippet and why", "[digest]") {
  DigestOptions options = week("video diffusion");
  options.exclude = {"survey"};
  options.seen = {"2611.00003"};
  const auto json = nlohmann::ordered_json::parse(written(digest_of(options), DigestFormat::json));
  CHECK(json["title"] == "paperfeed digest");
  CHECK(json["date"] == "2026-11-27T06:00:00Z");
  CHECK(json["query"] == "video diffusion");
  CHECK(json["exclude"] == nlohmann::ordered_json::array({"survey"}));
  CHECK(json["since"] == "2026-11-20");
  CHECK(json["sort"] == "upvotes");
  CHECK(json["matching"] == 4);
  CHECK(json["already_seen"] == 1);
  REQUIRE(json["papers"].size() == 3);
  const auto& first = json["papers"][0];
  CHECK(first["id"] == "2611.00001");
  CHECK(first["stars"] == 3400);
  CHECK(first["snippet"]["title"] == "<mark>Video</mark> <mark>Diffusion</mark> Transformers for Minute-Long Generation");
  CHECK(first["why"]["matched"] == nlohmann::ordered_json::array({"video", "diffusion", "videos"}));
  CHECK(first["why"]["upvotes"] == 120);
  CHECK(first["why"]["score"].get<double>() > 0);
  CHECK(json["papers"][2]["why"]["upvotes"].is_null());
  std::vector<std::string> keys;
  for (const auto& item : first.items()) keys.push_back(item.key());
  CHECK(keys.front() == "id");
  CHECK(keys[keys.size() - 3] == "sources");
  CHECK(keys[keys.size() - 2] == "snippet");
  CHECK(keys.back() == "why");
}

TEST_CASE("hostile feed text stays inert in every digest format", "[digest]") {
  DigestOptions options;
  options.query = "diffusion";
  options.sort = SortOrder::upvotes;
  const Digest digest = digest_of(options, hostile());
  REQUIRE(digest.entries.size() == 3);
  for (DigestFormat format : kFormats) {
    INFO(digest_format_name(format));
    const std::string out = written(digest, format);
    CHECK_FALSE(holds_forbidden_character(out));
    CHECK(out.find("href=\"javascript:") == std::string::npos);
    CHECK(out.find("href=\"data:") == std::string::npos);
  }
  const std::string html = written(digest, DigestFormat::html);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("1. &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;quotes&quot; &#39;apos&#39; NUL\xEF\xBF\xBD ESC\xEF\xBF\xBD[31m") !=
        std::string::npos);
  CHECK(html.find("href=\"https://arxiv.org/pdf/2612.00001?a=1&amp;b=%3C2%3E%22onmouseover=%22alert%283%29\"") != std::string::npos);
  CHECK(html.find("href=\"https://Example.org/a%20b%28c%29%3Cd%3E\"") != std::string::npos);  // the scheme lower-cased

  const std::string atom = written(digest, DigestFormat::atom);
  CHECK(atom.find("]]>") == std::string::npos);
  CHECK(atom.find("<title type=\"text\">&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;") != std::string::npos);
  CHECK(atom.find("<id>urn:paperfeed:paper:2612.00001</id>") != std::string::npos);
  CHECK(atom.find("<id>urn:paperfeed:paper:2612.00003</id>") != std::string::npos);  // two papers claim one page
  CHECK(atom.find("<id>urn:paperfeed:paper:2612.00002</id>") != std::string::npos);

  const std::string md = written(digest, DigestFormat::markdown);
  CHECK(md.find("## 1. \\<script\\>alert(1)\\</script\\> \\]\\]\\> \\& \"quotes\"") != std::string::npos);
  CHECK(md.find("\\*bold\\* \\_u\\_ \\[x\\](javascript:alert(1)) \\# not a heading\n") != std::string::npos);
  CHECK_FALSE(std::regex_search(md, std::regex("[^\\\\]\\]\\(javascript:")));  // only the escaped `\](` of the text
  CHECK(md.find("## 3. [Line one \\# Injected heading  - injected item](https://example.org/same)") != std::string::npos);
  CHECK(md.find("> 1\\. **Diffusion** starts") != std::string::npos);

  const std::string text = written(digest, DigestFormat::text);
  CHECK(text.find("1. <script>alert(1)</script> ]]> & \"quotes\" 'apos' NUL\xEF\xBF\xBD ESC\xEF\xBF\xBD[31m") != std::string::npos);

  const auto json = nlohmann::json::parse(written(digest, DigestFormat::json));
  CHECK(json["papers"][0]["authors"][1] == "Mallory \"Mal\" O'Neil  Bcc: victim@example.org");
  CHECK(json["papers"][0]["url"] == "javascript:alert(1)");  // the record as it is; never written as a link
}

TEST_CASE("an empty digest is a complete document in every format", "[digest]") {
  const Digest empty = digest_of(week("nosuchwordanywhere"));
  REQUIRE(empty.entries.empty());
  const std::string line = "No new papers matched “nosuchwordanywhere”, listed since 2026-11-20.";
  CHECK(written(empty, DigestFormat::text).find("\n\n" + line + "\n\n-- \n") != std::string::npos);
  CHECK(written(empty, DigestFormat::markdown).find("\n\n" + line + "\n\n---\n") != std::string::npos);
  const std::string html = written(empty, DigestFormat::html);
  CHECK(html.find(line + "</p>") != std::string::npos);
  CHECK(ends_with(html, "</html>\n"));
  const std::string atom = written(empty, DigestFormat::atom);
  CHECK(atom.find("<subtitle type=\"text\">" + line + "</subtitle>") != std::string::npos);
  CHECK(atom.find("<entry>") == std::string::npos);
  CHECK(ends_with(atom, "</feed>\n"));
  const auto json = nlohmann::json::parse(written(empty, DigestFormat::json));
  CHECK(json["papers"].empty());
  CHECK(json["summary"] == line);
  const std::string email = written(empty, DigestFormat::email);
  CHECK(email.find("\r\n\r\nNo new papers matched =E2=80=9Cnosuchwordanywhere=E2=80=9D, listed since 20=\r\n26-11-20.\r\n") !=
        std::string::npos);

  DigestOptions seen_all = week("attention");
  seen_all.seen = {"2611.00004"};
  CHECK(written(digest_of(seen_all), DigestFormat::json).find("\"summary\":\"No new papers matched “attention”, listed since 2026-11-20 "
                                                            "(1 sent before left out).\"") != std::string::npos);
  DigestOptions nothing;
  nothing.since = "2030-01-01";
  CHECK(written(digest_of(nothing), DigestFormat::text).find("\nNo new papers matched: listed since 2030-01-01.\n") != std::string::npos);
}

TEST_CASE("digest email: headers, encoded words, multipart/alternative in quoted-printable", "[digest]") {
  DigestPresentation p = presentation();
  p.from = "Zoë <z@x.org>";
  p.to = "Ada Lovelace <ada@example.org>, \"Turing, Alan\" <alan@example.org>, bob@example.com";
  const std::string email = written(digest_of(week("video diffusion")), DigestFormat::email, p);
  CHECK(email.rfind("From: =?UTF-8?B?Wm/Dqw==?= <z@x.org>\r\n"
                    "To: Ada Lovelace <ada@example.org>, \"Turing, Alan\" <alan@example.org>,\r\n bob@example.com\r\n"
                    "Subject: =?UTF-8?B?cGFwZXJmZWVkIGRpZ2VzdDogNSBuZXcgcGFwZXJzIOKAlCAyMDI2LTEx?=\r\n =?UTF-8?B?LTI3?=\r\n"
                    "Date: Fri, 27 Nov 2026 06:00:00 +0000\r\nMessage-ID: <paperfeed.",
                    0) == 0);
  const std::regex boundary_param("Content-Type: multipart/alternative;\r\n boundary=\"(=_paperfeed_[0-9a-f]{16})\"\r\n");
  std::smatch match;
  REQUIRE(std::regex_search(email, match, boundary_param));
  const std::string boundary = match[1];
  CHECK(std::regex_search(email, std::regex("\r\nMessage-ID: <paperfeed\\.[0-9a-f]{16}@x\\.org>\r\nMIME-Version: 1\\.0\r\n"
                                            "Auto-Submitted: auto-generated\r\n")));
  const std::string text_part = "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                "Content-Transfer-Encoding: quoted-printable\r\n\r\npaperfeed digest =E2=80=94 2026-11-27\r\n";
  CHECK(email.find(text_part) != std::string::npos);
  CHECK(email.find("--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: quoted-printable\r\n\r\n<!DOCTYPE html>\r\n<html lang=3D\"en\">\r\n") != std::string::npos);
  CHECK(ends_with(email, "\r\n--" + boundary + "--\r\n"));
  std::size_t occurrences = 0;
  for (std::size_t at = 0; (at = email.find(boundary, at)) != std::string::npos; at += boundary.size()) ++occurrences;
  CHECK(occurrences == 4);  // the parameter, two part delimiters, the close

  const std::size_t body = email.find("\r\n\r\n");
  for (const std::string& line : lines_of(email.substr(0, body), "\r\n")) CHECK(line.size() <= 78);
  for (const std::string& line : lines_of(email.substr(body + 4), "\r\n")) CHECK(line.size() <= 76);
  CHECK(email.find('\n') == email.find("\r\n") + 1);
  CHECK(std::regex_search(email, std::regex("[^\r]\n")) == false);
}

TEST_CASE("digest email: ASCII subjects stay readable and fold at spaces", "[digest]") {
  DigestPresentation p = presentation();
  p.subject = "Daily papers";
  CHECK(written(digest_of(week("x")), DigestFormat::email, p).find("\r\nSubject: Daily papers\r\n") != std::string::npos);
  p.subject = "Daily papers about diffusion models, video generation, robot learning and long-context language models";
  CHECK(written(digest_of(week("x")), DigestFormat::email, p)
            .find("\r\nSubject: Daily papers about diffusion models, video generation, robot learning\r\n"
                  " and long-context language models\r\n") != std::string::npos);
  p.subject = "=?looks encoded?=";
  CHECK(written(digest_of(week("x")), DigestFormat::email, p).find("\r\nSubject: =?UTF-8?B?PT9sb29rcyBlbmNvZGVkPz0=?=\r\n") !=
        std::string::npos);
}

TEST_CASE("digest email: missing, malformed or injected addresses and a bad date are refused", "[digest]") {
  const Digest digest = digest_of(week("diffusion"));
  auto refused = [&](auto change) {
    DigestPresentation p = presentation();
    change(p);
    return error_of(digest, DigestFormat::email, p) == ErrorCode::invalid_argument;
  };
  CHECK(refused([](DigestPresentation& p) { p.to.clear(); }));
  CHECK(refused([](DigestPresentation& p) { p.to = " , "; }));
  CHECK(refused([](DigestPresentation& p) { p.to = "not an address"; }));
  CHECK(refused([](DigestPresentation& p) { p.to = "a@x.org\r\nBcc: b@y.org"; }));
  CHECK(refused([](DigestPresentation& p) { p.to = "Ada <ada@x.org>\n"; }));
  CHECK(refused([](DigestPresentation& p) { p.to = "Ada <ada@@x.org>"; }));
  CHECK(refused([](DigestPresentation& p) { p.to = "Eve <e@x.org>, <x@y.org"; }));
  CHECK(refused([](DigestPresentation& p) { p.to = "\"Eve <e@x.org>"; }));
  CHECK(refused([](DigestPresentation& p) { p.from = "a@x.org, b@x.org"; }));
  CHECK(refused([](DigestPresentation& p) { p.from = "Eve\x1b <e@x.org>"; }));
  CHECK(refused([](DigestPresentation& p) { p.subject = "Hi\r\nBcc: b@y.org"; }));
  for (DigestFormat format : kFormats) {
    for (const char* date : {"", "2026-11-27", "2026-11-27T06:00:00+01:00", "2026-11-27T25:00:00Z", "2026-11-31T06:00:00Z"}) {
      DigestPresentation p = presentation();
      p.date = date;
      CHECK(error_of(digest, format, p) == ErrorCode::invalid_argument);
    }
  }
  DigestPresentation fine = presentation();
  fine.to = "\"Lovelace, Ada\" <ada@example.org>";
  CHECK(error_of(digest, DigestFormat::email, fine) == ErrorCode::ok);
  CHECK(error_of(digest, DigestFormat::text, DigestPresentation{"t", "2026-11-27T06:00:00Z", "", "", "", "", ""}) == ErrorCode::ok);
}

TEST_CASE("digest errors quote what they were given short and printable", "[digest]") {
  // Controls are refused in addresses before any quoting; other characters that break a line
  // when printed (RIGHT-TO-LEFT OVERRIDE) reach the message.
  const std::string bidi = "\xE2\x80\xAE";
  const std::string hostile = "x\x1B[2J\nBcc: eve" + bidi + "@example.org " + std::string(1000, 'z');
  const std::string no_control = "x[2J Bcc: eve" + bidi + "@example.org " + std::string(1000, 'z');
  DigestOptions options = week("diffusion");
  options.since = hostile;
  const auto digest = make_digest(papers(), options);
  REQUIRE_FALSE(digest);
  std::vector<std::string> messages{digest.error().message};
  for (const auto set : std::initializer_list<void (*)(DigestPresentation&, const std::string&)>{
           [](DigestPresentation& p, const std::string& text) { p.date = text; },
           [](DigestPresentation& p, const std::string& text) { p.self_url = text; }}) {
    DigestPresentation p = presentation();
    set(p, hostile);
    const auto out = write_digest(digest_of(week("diffusion")), DigestFormat::atom, p);
    REQUIRE_FALSE(out);
    messages.push_back(out.error().message);
  }
  for (const std::string& to : {no_control, "\"" + no_control}) {
    DigestPresentation p = presentation();
    p.to = to;
    const auto out = write_digest(digest_of(week("diffusion")), DigestFormat::email, p);
    REQUIRE_FALSE(out);
    messages.push_back(out.error().message);
  }
  for (const std::string& message : messages) {
    INFO(message.substr(0, 200));
    CHECK(message.find_first_of("\x1B\n") == std::string::npos);
    CHECK(message.find(bidi) == std::string::npos);
    CHECK(message.find("eve?@example.org zzz") != std::string::npos);
    CHECK(message.size() < 250);
  }
}
