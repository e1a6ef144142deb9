// arxiv-oaipmh: OAI-PMH responses of export.arxiv.org/oai2 (ListRecords pages, GetRecord), with
// metadata in arXiv's own formats (metadataPrefix=arXiv, or arXivRaw) or in Dublin Core
// (metadataPrefix=oai_dc). The resumption token gives the paging state; deleted records are
// skipped with a warning; an OAI-PMH <error> fails the feed, except noRecordsMatch, which is
// simply an empty page.

#include <string>
#include <string_view>

#include "feeds/parsers.hpp"
#include "feeds/xml_util.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

namespace ns = xml::ns;

constexpr std::string_view kComment = "Comment:";

/** Everything read from one record before it becomes a paper. */
struct Record {
  Paper paper;
  std::string id_text;      ///< the id given by the metadata
  std::string header_id;    ///< the header's oai:arXiv.org:ID, the fallback id
  bool have_published = false;
  xml::Flaw flaw;
  std::string scratch;

  void clear() {
    paper.clear();
    id_text.clear();
    header_id.clear();
    have_published = false;
    flaw = {};
  }
};

/** A dated element in a list (dc:date, arXivRaw version dates): the first is published, the last updated. */
void read_version_date(pugi::xml_node node, std::string_view field, const xml::Document& doc, Record& record) {
  const std::string_view text = xml::text(node, record.scratch);
  if (!record.have_published) {
    xml::read_date(text, record.paper.published, field, doc.offset(node), record.flaw);
    record.have_published = true;
  }
  xml::read_date(text, record.paper.updated, field, doc.offset(node), record.flaw);
}

/** "Forenames Keyname Suffix" from the parts of an arXiv-format <author>. */
std::string author_name(pugi::xml_node author, std::string_view uri, std::string& scratch) {
  std::string name;
  for (std::string_view part : {"forenames", "keyname", "suffix"}) {
    const std::string_view value = xml::trim(xml::text(xml::child(author, uri, part), scratch));
    if (value.empty()) continue;
    if (!name.empty()) name += ' ';
    name += value;
  }
  return clean_name(name);
}

/** <authors>: <author> parts (arXiv format) or one "A, B and C" string (arXivRaw). */
void read_authors(pugi::xml_node authors, std::string_view uri, Record& record) {
  bool structured = false;
  for (pugi::xml_node author : authors.children()) {
    if (!xml::is(author, uri, "author")) continue;
    structured = true;
    std::string name = author_name(author, uri, record.scratch);
    if (!name.empty()) record.paper.authors.push_back(std::move(name));
  }
  if (structured) return;
  for (std::string& name : split_authors(xml::text(authors, record.scratch))) {
    record.paper.authors.push_back(std::move(name));
  }
}

/** "math.CO cs.CG": space-separated, the first is the primary category. */
void read_categories(std::string_view list, Paper& paper) {
  bool first = true;
  while (!(list = xml::trim(list)).empty()) {
    const std::string_view term = xml::first_word(list);
    if (first) {
      xml::set_primary_category(paper, term);
    } else {
      xml::add_category(paper, term);
    }
    first = false;
    list.remove_prefix(term.size());
  }
}

/** One simple field of the arXiv formats (everything but <authors> and <version>). */
void read_arxiv_field(pugi::xml_node field, std::string_view local, const xml::Document& doc, Record& record) {
  Paper& paper = record.paper;
  const std::string_view value = xml::text(field, record.scratch);
  if (local == "id") {
    record.id_text.assign(xml::trim(value));
  } else if (local == "created") {
    xml::read_date(value, paper.published, "created", doc.offset(field), record.flaw);
  } else if (local == "updated") {
    xml::read_date(value, paper.updated, "updated", doc.offset(field), record.flaw);
  } else if (local == "title") {
    paper.title = clean_title(value);
  } else if (local == "categories") {
    read_categories(value, paper);
  } else if (local == "comments") {
    paper.comment = clean_abstract(value);
  } else if (local == "journal-ref") {
    paper.journal_ref = clean_abstract(value);
  } else if (local == "doi") {
    if (auto doi = normalize_doi(xml::first_word(value))) paper.doi = std::move(*doi);
  } else if (local == "license") {
    paper.license.assign(xml::trim(value));
  } else if (local == "abstract") {
    paper.abstract = clean_abstract(value);
  }
}

/** metadataPrefix=arXiv (<arXiv>) and arXivRaw (<arXivRaw>, with <version> dates). */
void read_arxiv_metadata(pugi::xml_node metadata, std::string_view uri, const xml::Document& doc, Record& record) {
  for (pugi::xml_node field : metadata.children()) {
    if (field.type() != pugi::node_element) continue;
    const xml::Name name = xml::expanded_name(field);
    if (name.uri != uri) continue;
    if (name.local == "authors") {
      read_authors(field, uri, record);
    } else if (name.local == "version") {
      read_version_date(xml::child(field, uri, "date"), "version date", doc, record);
    } else {
      read_arxiv_field(field, name.local, doc, record);
    }
  }
}

/**
 * dc:identifier: the abstract page gives the id and url, a "doi:…" identifier the DOI, and any
 * other text is the journal reference, which arXiv's oai_dc writes there.
 */
void read_dc_identifier(std::string_view value, Record& record) {
  Paper& paper = record.paper;
  if (value.find("arxiv.org/abs/") != std::string_view::npos) {
    record.id_text.assign(value);
    paper.url.assign(value);
  } else if (value.substr(0, 4) == "doi:" || value.find("doi.org/") != std::string_view::npos) {
    if (auto doi = normalize_doi(value); doi && paper.doi.empty()) paper.doi = std::move(*doi);
  } else if (!value.empty()) {
    paper.journal_ref = clean_abstract(value);
  }
}

/** metadataPrefix=oai_dc: Dublin Core with subject names instead of category codes. */
void read_dc_metadata(pugi::xml_node metadata, const xml::Document& doc, Record& record) {
  Paper& paper = record.paper;
  for (pugi::xml_node field : metadata.children()) {
    if (field.type() != pugi::node_element) continue;
    const xml::Name name = xml::expanded_name(field);
    if (name.uri != ns::dc) continue;
    const std::string_view local = name.local;
    if (local == "date") {
      read_version_date(field, "date", doc, record);
      continue;
    }
    const std::string_view value = xml::trim(xml::text(field, record.scratch));
    if (local == "title") {
      paper.title = clean_title(value);
    } else if (local == "creator") {
      std::string author = clean_name(flip_last_first(value));
      if (!author.empty()) paper.authors.push_back(std::move(author));
    } else if (local == "subject") {
      if (auto code = arxiv_category_from_name(value)) xml::add_category(paper, *code);
    } else if (local == "description" && value.substr(0, kComment.size()) == kComment) {
      paper.comment = clean_abstract(value.substr(kComment.size()));
    } else if (local == "description" && paper.abstract.empty()) {
      paper.abstract = clean_abstract(value);
    } else if (local == "identifier") {
      read_dc_identifier(value, record);
    }
  }
}

/** Reads the metadata of a record; false (with the record rejected) for an unknown format. */
bool read_metadata(pugi::xml_node record_node, const xml::Document& doc, Record& record, ParseContext& ctx) {
  pugi::xml_node format = xml::child(record_node, ns::oai, "metadata").first_child();
  while (format && format.type() != pugi::node_element) format = format.next_sibling();
  const std::uint64_t offset = doc.offset(record_node);
  if (!format) {
    ctx.reject(ErrorCode::missing_field, offset, "record " + shown_text(record.header_id) + " has no <metadata>");
    return false;
  }
  const xml::Name name = xml::expanded_name(format);
  if ((name.uri == ns::arxiv_oai && name.local == "arXiv") || (name.uri == ns::arxiv_raw && name.local == "arXivRaw")) {
    read_arxiv_metadata(format, name.uri, doc, record);
  } else if (name.uri == ns::oai_dc && name.local == "dc") {
    read_dc_metadata(format, doc, record);
  } else {
    ctx.reject(ErrorCode::invalid_value, doc.offset(format),
               "expected arXiv, arXivRaw or oai_dc metadata, found <" + shown_text(format.name()) +
                   "> in namespace " + xml::quoted(name.uri));
    return false;
  }
  return true;
}

void read_record(pugi::xml_node node, const xml::Document& doc, Record& record, ParseContext& ctx) {
  record.clear();
  const std::uint64_t offset = doc.offset(node);
  const pugi::xml_node header = xml::child(node, ns::oai, "header");
  record.header_id.assign(xml::trim(xml::text(xml::child(header, ns::oai, "identifier"), record.scratch)));
  if (xml::attribute(header, "status") == "deleted") {
    return ctx.warn(ErrorCode::missing_field, offset, "record " + shown_text(record.header_id) + " is deleted; skipped");
  }
  if (!read_metadata(node, doc, record, ctx)) return;
  if (record.flaw) return record.flaw.reject(ctx);
  auto id = normalize_arxiv_id(record.id_text);
  if (!id) id = normalize_arxiv_id(record.header_id);
  if (!id) {
    const std::string& source = record.id_text.empty() ? record.header_id : record.id_text;
    const std::string wanted = "expected an arXiv id in the metadata or the header <identifier>";
    if (source.empty()) return ctx.reject(ErrorCode::missing_field, offset, wanted + ", found neither");
    return ctx.reject(ErrorCode::invalid_value, offset, wanted + ", got " + xml::quoted(source));
  }
  record.paper.id = std::move(*id);
  ctx.emit(record.paper, offset);
}

/** resumptionToken: the token for the next page (empty on the last), cursor and completeListSize. */
void read_resumption_token(pugi::xml_node token, std::string& scratch, FeedReport& report) {
  report.next_page.assign(xml::trim(xml::text(token, scratch)));
  if (auto size = xml::to_count(xml::attribute(token, "completeListSize"))) report.total_results = *size;
  if (auto cursor = xml::to_count(xml::attribute(token, "cursor"))) report.start_index = *cursor;
}

/**
 * The element holding the records (ListRecords or GetRecord). Returns an empty node, with the
 * feed failed when it should be, for an <error> response: noRecordsMatch is an empty page.
 */
pugi::xml_node find_records(pugi::xml_node root, const xml::Document& doc, std::string& scratch, ParseContext& ctx) {
  for (pugi::xml_node node : root.children()) {
    if (xml::is(node, ns::oai, "ListRecords") || xml::is(node, ns::oai, "GetRecord")) return node;
    if (xml::is(node, ns::oai, "error")) {
      const std::string_view code = xml::attribute(node, "code");
      if (code == "noRecordsMatch") return {};
      ctx.fail(ErrorCode::api_error, doc.offset(node),
               "OAI-PMH error " + shown_text(code) + ": " + shown_text(xml::trim(xml::text(node, scratch)), 300));
      return {};
    }
  }
  // A document cut before its records is reported as truncated by Document::finish().
  if (doc.parsed()) {
    ctx.fail(ErrorCode::malformed, doc.offset(root),
             "expected <ListRecords>, <GetRecord> or <error> in the OAI-PMH response");
  }
  return {};
}

}  // namespace

void parse_arxiv_oaipmh(FeedBytes& bytes, ParseContext& ctx) {
  xml::Document doc;
  if (!doc.load(bytes, ctx)) return;
  const pugi::xml_node root = doc.root();
  if (!xml::is(root, ns::oai, "OAI-PMH")) {
    return ctx.fail(ErrorCode::malformed, doc.offset(root),
                    "expected an OAI-PMH root element, found <" + shown_text(root.name()) + ">");
  }
  Record record;
  const pugi::xml_node records = find_records(root, doc, record.scratch, ctx);
  if (!ctx.report().ok()) return;
  for (pugi::xml_node node : records.children()) {
    if (xml::is(node, ns::oai, "record") && doc.admit(node, ctx)) {
      read_record(node, doc, record, ctx);
    } else if (xml::is(node, ns::oai, "resumptionToken")) {
      read_resumption_token(node, record.scratch, ctx.report());
    }
  }
  doc.finish(ctx);
}

}  // namespace paperfeed::detail
