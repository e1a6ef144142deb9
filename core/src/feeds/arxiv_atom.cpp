// arxiv-atom: responses of the arXiv API (export.arxiv.org/api/query), in the legacy layout
// (xmlns:arxiv and xmlns:opensearch declared on each element, http links, hard-wrapped text)
// and the current one (namespaces on the root, https links). Elements are matched by
// namespace URI, so any prefix works. A bad query comes back as a feed whose one entry is an
// error report; that feed fails with ErrorCode::api_error.

#include <string>
#include <string_view>

#include "feeds/parsers.hpp"
#include "feeds/xml_util.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

namespace ns = xml::ns;

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

/** Everything read from one entry before it becomes a record or an error. */
struct Entry {
  Paper paper;
  std::string id_text;     ///< the <id> as written
  std::string link_doi;    ///< DOI from a link, used when there is no arxiv:doi
  bool has_id = false;
  xml::Flaw flaw;
  std::string scratch;

  void clear() {
    paper.clear();
    id_text.clear();
    link_doi.clear();
    has_id = false;
    flaw = {};
  }
};

/** The abs page, PDF and DOI links, recognised by URL first and by rel/title/type only as a fallback. */
void read_link(pugi::xml_node link, Entry& entry) {
  const std::string_view href = xml::attribute(link, "href");
  const std::string_view title = xml::attribute(link, "title");
  Paper& paper = entry.paper;
  if (href.empty()) return;
  if (contains(href, "arxiv.org/abs/")) {
    paper.url.assign(href);
  } else if (contains(href, "arxiv.org/pdf/")) {
    paper.pdf.assign(href);
  } else if (title == "doi" || contains(href, "doi.org/")) {
    if (auto doi = normalize_doi(href)) entry.link_doi = std::move(*doi);
  } else if (xml::attribute(link, "rel") == "alternate" && paper.url.empty()) {
    paper.url.assign(href);
  } else if ((title == "pdf" || xml::attribute(link, "type") == "application/pdf") && paper.pdf.empty()) {
    paper.pdf.assign(href);
  }
}

void read_author(pugi::xml_node author, Entry& entry) {
  const pugi::xml_node name = xml::child(author, ns::atom, "name");
  std::string display = clean_name(xml::text(name, entry.scratch));
  if (!display.empty()) entry.paper.authors.push_back(std::move(display));
}

void read_atom_field(pugi::xml_node field, std::string_view local, std::uint64_t offset, Entry& entry) {
  Paper& paper = entry.paper;
  if (local == "id") {
    entry.has_id = true;
    entry.id_text.assign(xml::trim(xml::text(field, entry.scratch)));
  } else if (local == "title") {
    paper.title = clean_title(xml::text(field, entry.scratch));
  } else if (local == "summary") {
    paper.abstract = clean_abstract(xml::text(field, entry.scratch));
  } else if (local == "author") {
    read_author(field, entry);
  } else if (local == "published") {
    xml::read_date(xml::text(field, entry.scratch), paper.published, "published", offset, entry.flaw);
  } else if (local == "updated") {
    xml::read_date(xml::text(field, entry.scratch), paper.updated, "updated", offset, entry.flaw);
  } else if (local == "link") {
    read_link(field, entry);
  } else if (local == "category") {
    xml::add_category(paper, xml::attribute(field, "term"));
  }
}

void read_arxiv_field(pugi::xml_node field, std::string_view local, Entry& entry) {
  Paper& paper = entry.paper;
  if (local == "primary_category") {
    xml::set_primary_category(paper, xml::attribute(field, "term"));
  } else if (local == "comment") {
    paper.comment = clean_abstract(xml::text(field, entry.scratch));
  } else if (local == "journal_ref") {
    paper.journal_ref = clean_abstract(xml::text(field, entry.scratch));
  } else if (local == "doi") {
    if (auto doi = normalize_doi(xml::first_word(xml::text(field, entry.scratch)))) paper.doi = std::move(*doi);
  }
}

void read_entry(pugi::xml_node node, const xml::Document& doc, Entry& entry) {
  for (pugi::xml_node field : node.children()) {
    if (field.type() != pugi::node_element) continue;
    const xml::Name name = xml::expanded_name(field);
    if (name.uri == ns::atom) {
      read_atom_field(field, name.local, doc.offset(field), entry);
    } else if (name.uri == ns::arxiv) {
      read_arxiv_field(field, name.local, entry);
    }
  }
  if (entry.paper.doi.empty()) entry.paper.doi = entry.link_doi;
}

/** The arXiv API reports a bad query as an entry with an …/api/errors id and the title "Error". */
bool is_api_error(const Entry& entry) {
  return contains(entry.id_text, "arxiv.org/api/errors") ||
         (entry.paper.title == "Error" && !normalize_arxiv_id(entry.id_text));
}

/** Turns a read entry into a record, or rejects it; the id must be an arXiv id. */
void deliver(Entry& entry, std::uint64_t offset, ParseContext& ctx) {
  if (entry.flaw) return entry.flaw.reject(ctx);
  if (!entry.has_id) return ctx.reject(ErrorCode::missing_field, offset, "entry has no <id>");
  auto id = normalize_arxiv_id(entry.id_text);
  if (!id) {
    return ctx.reject(ErrorCode::invalid_value, offset,
                      "expected an arXiv abstract URL in <id>, got " + xml::quoted(entry.id_text));
  }
  entry.paper.id = std::move(*id);
  ctx.emit(entry.paper, offset);
}

void read_count(pugi::xml_node node, const xml::Document& doc, std::string& scratch, std::optional<std::uint64_t>& out,
                ParseContext& ctx) {
  const std::string_view value = xml::text(node, scratch);
  if (auto count = xml::to_count(value)) {
    out = *count;
  } else {
    ctx.warn(ErrorCode::invalid_value, doc.offset(node),
             "expected a count in <" + shown_text(node.name()) + ">, got " + xml::quoted(value));
  }
}

}  // namespace

void parse_arxiv_atom(FeedBytes& bytes, ParseContext& ctx) {
  xml::Document doc;
  if (!doc.load(bytes, ctx)) return;
  const pugi::xml_node feed = doc.root();
  if (!xml::is(feed, ns::atom, "feed")) {
    return ctx.fail(ErrorCode::malformed, doc.offset(feed),
                    "expected an Atom <feed> root element, found <" + shown_text(feed.name()) + ">");
  }
  Entry entry;
  FeedReport& report = ctx.report();
  for (pugi::xml_node node : feed.children()) {
    if (xml::is(node, ns::opensearch, "totalResults")) {
      read_count(node, doc, entry.scratch, report.total_results, ctx);
    } else if (xml::is(node, ns::opensearch, "startIndex")) {
      read_count(node, doc, entry.scratch, report.start_index, ctx);
    } else if (xml::is(node, ns::atom, "entry") && doc.admit(node, ctx)) {
      entry.clear();
      read_entry(node, doc, entry);
      if (is_api_error(entry)) {
        return ctx.fail(ErrorCode::api_error, doc.offset(node), "arXiv API error: " + shown_text(entry.paper.abstract, 300));
      }
      deliver(entry, doc.offset(node), ctx);
    }
  }
  doc.finish(ctx);
}

}  // namespace paperfeed::detail
