#pragma once
// Internal: what the three arXiv XML parsers (arxiv-atom, arxiv-listing, arxiv-oaipmh) share:
// parsing in place under the depth limit, element lookup by namespace URI (never by prefix),
// text extraction, byte offsets of elements, recovery of the complete records of a truncated
// document, and the record-building steps they have in common (dates, categories, problems).
// pugixml is used with parse_default only: no DOCTYPE processing, so no entity expansion.

#include <pugixml.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "feeds/parse_context.hpp"
#include "paperfeed/feeds.hpp"
#include "paperfeed/paper.hpp"
#include "paperfeed/status.hpp"

namespace paperfeed::detail::xml {

/** Namespace URIs of the elements the arXiv parsers read. */
namespace ns {
inline constexpr std::string_view none = "";  ///< elements in no namespace (RSS 2.0)
inline constexpr std::string_view atom = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view arxiv = "http://arxiv.org/schemas/atom";
inline constexpr std::string_view opensearch = "http://a9.com/-/spec/opensearch/1.1/";
inline constexpr std::string_view dc = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view oai = "http://www.openarchives.org/OAI/2.0/";
inline constexpr std::string_view oai_dc = "http://www.openarchives.org/OAI/2.0/oai_dc/";
inline constexpr std::string_view arxiv_oai = "http://arxiv.org/OAI/arXiv/";
inline constexpr std::string_view arxiv_raw = "http://arxiv.org/OAI/arXivRaw/";
}  // namespace ns

/** An element name with its prefix resolved: namespace URI and local part. */
struct Name {
  std::string_view uri;    ///< empty for no namespace; never equal to a known URI when the prefix is undeclared
  std::string_view local;  ///< the name after the prefix
};

/**
 * The expanded name of @p element: its prefix (or the default namespace when it has none)
 * resolved through the xmlns declarations on the element itself and on its ancestors.
 */
Name expanded_name(pugi::xml_node element);

/** True when @p node is an element named @p local in namespace @p uri. */
bool is(pugi::xml_node node, std::string_view uri, std::string_view local);

/** The first child element of @p parent named @p local in namespace @p uri, or an empty node. */
pugi::xml_node child(pugi::xml_node parent, std::string_view uri, std::string_view local);

/**
 * The character data of @p node and its descendants (CDATA included, entities of XML already
 * decoded). A single text node is returned as a view into the document; several are joined
 * in @p scratch, which the view then points into (valid until @p scratch changes).
 */
std::string_view text(pugi::xml_node node, std::string& scratch);

/** The value of attribute @p name of @p node, or an empty view when it has none. */
std::string_view attribute(pugi::xml_node node, const char* name);

/** @p text without leading and trailing ASCII whitespace. */
std::string_view trim(std::string_view text);

/** The first whitespace-separated word of @p text, or an empty view. */
std::string_view first_word(std::string_view text);

/** A non-negative decimal count such as opensearch:totalResults, surrounding whitespace allowed. */
std::optional<std::uint64_t> to_count(std::string_view text);

/** @p text in double quotes for a message, as shown_text() shows its first 80 bytes. */
std::string quoted(std::string_view text);

/**
 * The first reason a record cannot be used, kept while the rest of its fields are read so that
 * the record is rejected once, with the first problem and its offset.
 */
class Flaw {
 public:
  /** Records a problem unless one is already recorded. */
  void set(ErrorCode code, std::uint64_t offset, std::string message);
  /** True when a problem was recorded. */
  explicit operator bool() const noexcept { return code_ != ErrorCode::ok; }
  /** Rejects the record through @p ctx with the recorded problem. */
  void reject(ParseContext& ctx);

 private:
  ErrorCode code_ = ErrorCode::ok;
  std::uint64_t offset_ = 0;
  std::string message_;
};

/**
 * Stores the ISO date of @p text in @p out; an empty @p text leaves @p out empty, a text that is
 * no date sets @p flaw (naming @p field) and leaves @p out empty.
 */
void read_date(std::string_view text, std::string& out, std::string_view field, std::uint64_t offset, Flaw& flaw);

/** Appends @p term (surrounding whitespace ignored) to the categories when it is an arXiv category not yet listed. */
void add_category(Paper& paper, std::string_view term);

/** Sets the primary category and moves (or adds) it to the front of the categories; other terms are ignored. */
void set_primary_category(Paper& paper, std::string_view term);

/**
 * A feed document parsed in place, and the bookkeeping that lets a parser read the complete
 * records of a document that fails to parse (a truncated download keeps its partial tree).
 *
 *     xml::Document doc;
 *     if (!doc.load(bytes, ctx)) return;
 *     for (auto entry : …) { if (!doc.admit(entry, ctx)) continue; … }
 *     doc.finish(ctx);
 */
class Document {
 public:
  /**
   * Parses @p bytes in place (they are modified); every value it holds is then valid UTF-8.
   * Returns false, with ctx.fail() called, when no root element could be read or the nesting
   * is deeper than Limits::max_depth. A syntax error after the root element has started is not
   * reported here but by finish().
   */
  bool load(FeedBytes& bytes, ParseContext& ctx);

  /** True when the whole text parsed without error. */
  bool parsed() const { return static_cast<bool>(result_); }

  /** The root element. */
  pugi::xml_node root() const { return doc_.document_element(); }

  /** The byte offset of the '<' that starts @p node, relative to ctx.text(); kUnknownOffset if unknown. */
  std::uint64_t offset(pugi::xml_node node) const;

  /**
   * Whether record element @p record may be read. False for the record a truncated document
   * ends inside (remembered for finish()) and for a record over Limits::max_record_bytes
   * (rejected through @p ctx with ErrorCode::too_large). Call once per record, in order.
   */
  bool admit(pugi::xml_node record, ParseContext& ctx);

  /**
   * Reports how a document that failed to parse ended, once its records were read: a document
   * cut short is a truncation warning (report().truncated set, complete records kept), any
   * other syntax error a fatal ErrorCode::malformed with the parser's description and offset.
   */
  void finish(ParseContext& ctx);

 private:
  /** The first element nested deeper than @p max_depth, or an empty node. */
  pugi::xml_node first_too_deep(std::size_t max_depth) const;
  /**
   * Repairs (U+FFFD) every text and attribute value that is not valid UTF-8: pugixml writes a
   * character reference outside Unicode (`&#x110000;`, a surrogate) as bytes that are not.
   */
  void repair_decoded_references();
  /** True when the text ends with the root element's end tag (so a parse error is not a cut). */
  bool ends_with_root_end_tag() const;
  /** True when @p record's end tag was read before the parser stopped. */
  bool is_closed(pugi::xml_node record) const;
  /** A copy of text_[from, to) with the text's last byte as it was before parsing (other in-situ changes stay). */
  std::string original_text(std::uint64_t from, std::uint64_t to) const;
  /** The offset just past the last character data, name or attribute value inside @p node. */
  std::uint64_t content_end(pugi::xml_node node) const;
  /** The offset of @p p in the text, or kUnknownOffset when it points elsewhere. */
  std::uint64_t offset_of_pointer(const char* p) const;
  /** "86 complete entries", "1 complete record": @p count records named as the document names them. */
  std::string complete_records(std::uint64_t count) const;

  pugi::xml_document doc_;
  pugi::xml_parse_result result_;
  std::string_view text_;
  char last_byte_ = '\0';           ///< the text's last byte, which parsing overwrote
  std::string_view record_name_;    ///< local name of the record elements, for messages
  std::uint64_t records_seen_ = 0;  ///< complete records (admitted or rejected as too large)
  pugi::xml_node cut_record_;       ///< the record the document ends inside, if any
};

}  // namespace paperfeed::detail::xml
