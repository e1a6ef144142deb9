// arxiv-listing: the daily announcement feeds of rss.arxiv.org, as Atom (rss.arxiv.org/atom/cs.AI:
// <feed><entry>) or RSS 2.0 (rss.arxiv.org/rss/cs.AI: <rss><channel><item>). Both carry the same
// fields: an "arXiv:ID Announce Type: new \nAbstract: …" summary, an oai:arXiv.org:ID id (guid),
// categories, the listing date, arxiv:announce_type, dc:rights and one dc:creator string with
// every author. The listing date is the day of the announcement, stored as `announced`.

#include <string>
#include <string_view>

#include "feeds/parsers.hpp"
#include "feeds/xml_util.hpp"
#include "paperfeed/normalize.hpp"

namespace paperfeed::detail {

namespace {

namespace ns = xml::ns;

/** The element names of one flavour of the listing feed. */
struct Flavour {
  std::string_view uri;      ///< namespace of the core elements (Atom, or none for RSS 2.0)
  std::string_view record;   ///< element of one paper
  std::string_view id;       ///< element holding oai:arXiv.org:ID
  std::string_view summary;  ///< element holding "arXiv:ID Announce Type: … Abstract: …"
  std::string_view date;     ///< element holding the listing date
  bool attribute_values;     ///< link and category carry their value in href/term (Atom), not as text (RSS)
};

constexpr Flavour kAtom{ns::atom, "entry", "id", "summary", "published", true};
constexpr Flavour kRss{ns::none, "item", "guid", "description", "pubDate", false};

constexpr std::string_view kAnnounceType = "Announce Type:";
constexpr std::string_view kAbstract = "Abstract:";

/** Everything read from one entry or item before it becomes a record. */
struct Item {
  Paper paper;
  std::string id_text;  ///< the id (guid) as written
  xml::Flaw flaw;
  std::string scratch;

  void clear() {
    paper.clear();
    id_text.clear();
    flaw = {};
  }
};

/**
 * Reads "arXiv:2508.13167v1 Announce Type: new \nAbstract: …": the abstract is the text after
 * "Abstract:", the announce type (unless arxiv:announce_type gave it) the word after
 * "Announce Type:". A summary without the "arXiv:" head is the abstract as a whole.
 */
void read_announcement(std::string_view summary, Paper& paper) {
  std::string_view abstract = xml::trim(summary);
  if (abstract.substr(0, 6) == "arXiv:") {
    const auto marker = abstract.find(kAbstract);
    const std::string_view head = abstract.substr(0, marker);
    const auto type_at = head.find(kAnnounceType);
    if (type_at != std::string_view::npos && paper.announce_type.empty()) {
      paper.announce_type.assign(xml::first_word(head.substr(type_at + kAnnounceType.size())));
    }
    if (marker != std::string_view::npos) abstract.remove_prefix(marker + kAbstract.size());
  }
  paper.abstract = clean_abstract(abstract);
}

void read_core_field(pugi::xml_node field, std::string_view local, const Flavour& flavour, const xml::Document& doc,
                     Item& item) {
  Paper& paper = item.paper;
  if (local == flavour.id) {
    item.id_text.assign(xml::trim(xml::text(field, item.scratch)));
  } else if (local == "title") {
    paper.title = clean_title(xml::text(field, item.scratch));
  } else if (local == flavour.summary) {
    read_announcement(xml::text(field, item.scratch), paper);
  } else if (local == flavour.date) {
    xml::read_date(xml::text(field, item.scratch), paper.announced, flavour.date, doc.offset(field), item.flaw);
  } else if (local == "link") {
    const std::string_view href =
        xml::trim(flavour.attribute_values ? xml::attribute(field, "href") : xml::text(field, item.scratch));
    if (href.find("arxiv.org/abs/") != std::string_view::npos || paper.url.empty()) paper.url.assign(href);
  } else if (local == "category") {
    xml::add_category(paper, flavour.attribute_values ? xml::attribute(field, "term") : xml::text(field, item.scratch));
  }
}

void read_extension_field(pugi::xml_node field, const xml::Name& name, Item& item) {
  Paper& paper = item.paper;
  if (name.uri == ns::arxiv && name.local == "announce_type") {
    paper.announce_type.assign(xml::trim(xml::text(field, item.scratch)));
  } else if (name.uri == ns::dc && name.local == "creator") {
    for (std::string& author : split_authors(xml::text(field, item.scratch))) paper.authors.push_back(std::move(author));
  } else if (name.uri == ns::dc && name.local == "rights") {
    paper.license.assign(xml::trim(xml::text(field, item.scratch)));
  }
}

/** Reads one entry (item) and hands it over, or rejects it. The id falls back to the abstract link. */
void read_item(pugi::xml_node node, const Flavour& flavour, const xml::Document& doc, Item& item,
               ParseContext& ctx) {
  item.clear();
  for (pugi::xml_node field : node.children()) {
    if (field.type() != pugi::node_element) continue;
    const xml::Name name = xml::expanded_name(field);
    if (name.uri == flavour.uri) {
      read_core_field(field, name.local, flavour, doc, item);
    } else {
      read_extension_field(field, name, item);
    }
  }
  const std::uint64_t offset = doc.offset(node);
  if (item.flaw) return item.flaw.reject(ctx);
  const std::string& id_source = item.id_text.empty() ? item.paper.url : item.id_text;
  auto id = normalize_arxiv_id(id_source);
  if (!id) {
    const std::string wanted = "expected an arXiv id in <" + std::string(flavour.id) + "> or the abstract link";
    if (id_source.empty()) return ctx.reject(ErrorCode::missing_field, offset, wanted + ", found neither");
    return ctx.reject(ErrorCode::invalid_value, offset, wanted + ", got " + xml::quoted(id_source));
  }
  item.paper.id = std::move(*id);
  ctx.emit(item.paper, offset);
}

/** The element whose children are the entries (items), with the flavour of the feed. */
struct Listing {
  pugi::xml_node parent;
  const Flavour* flavour = nullptr;
};

Listing find_listing(pugi::xml_node root) {
  if (xml::is(root, ns::atom, "feed")) return {root, &kAtom};
  if (xml::is(root, ns::none, "rss")) return {xml::child(root, ns::none, "channel"), &kRss};
  return {};
}

}  // namespace

void parse_arxiv_listing(FeedBytes& bytes, ParseContext& ctx) {
  xml::Document doc;
  if (!doc.load(bytes, ctx)) return;
  const Listing listing = find_listing(doc.root());
  if (listing.flavour == nullptr) {
    return ctx.fail(ErrorCode::malformed, doc.offset(doc.root()),
                    "expected an Atom <feed> or RSS 2.0 <rss> root element, found <" +
                        shown_text(doc.root().name()) + ">");
  }
  if (!listing.parent) {
    return ctx.fail(ErrorCode::malformed, doc.offset(doc.root()), "expected a <channel> in the RSS feed");
  }
  Item item;
  for (pugi::xml_node node : listing.parent.children()) {
    if (xml::is(node, listing.flavour->uri, listing.flavour->record) && doc.admit(node, ctx)) {
      read_item(node, *listing.flavour, doc, item, ctx);
    }
  }
  doc.finish(ctx);
}

}  // namespace paperfeed::detail
