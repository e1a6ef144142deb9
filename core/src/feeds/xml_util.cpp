#include "feeds/xml_util.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "paperfeed/normalize.hpp"

namespace paperfeed::detail::xml {

namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
/** Stands for the namespace of a prefix that no xmlns declaration binds; matches no wanted URI. */
constexpr std::string_view kUndeclaredPrefix = "urn:paperfeed:undeclared-prefix";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_character_data(pugi::xml_node node) {
  return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
}

/** The last node of @p node's subtree in document order (@p node itself when it has no children). */
pugi::xml_node last_descendant(pugi::xml_node node) {
  while (node.last_child()) node = node.last_child();
  return node;
}

/** pugixml's description of a parse error, starting lower-case as paperfeed's messages do. */
std::string describe(const pugi::xml_parse_result& result) {
  std::string text = result.description();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

/** The local part of a qualified name. */
std::string_view local_part(std::string_view qname) {
  const auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

/** The URI that an xmlns attribute on @p element binds to @p prefix (empty prefix: the default namespace). */
std::optional<std::string_view> declared_uri(pugi::xml_node element, std::string_view prefix) {
  for (pugi::xml_attribute attr : element.attributes()) {
    std::string_view name = attr.name();
    if (name.substr(0, 5) != "xmlns") continue;
    name.remove_prefix(5);
    const bool binds = prefix.empty() ? name.empty() : (name.size() == prefix.size() + 1 && name[0] == ':' &&
                                                         name.substr(1) == prefix);
    if (binds) return std::string_view(attr.value());
  }
  return std::nullopt;
}

}  // namespace

Name expanded_name(pugi::xml_node element) {
  const std::string_view qname = element.name();
  const auto colon = qname.find(':');
  const std::string_view prefix = colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
  Name name{ns::none, local_part(qname)};
  if (prefix == "xml") {
    name.uri = kXmlNamespace;
    return name;
  }
  for (pugi::xml_node scope = element; scope.type() == pugi::node_element; scope = scope.parent()) {
    if (auto uri = declared_uri(scope, prefix)) {
      name.uri = *uri;
      return name;
    }
  }
  name.uri = prefix.empty() ? ns::none : kUndeclaredPrefix;
  return name;
}

bool is(pugi::xml_node node, std::string_view uri, std::string_view local) {
  if (node.type() != pugi::node_element || local_part(node.name()) != local) return false;
  return expanded_name(node).uri == uri;
}

pugi::xml_node child(pugi::xml_node parent, std::string_view uri, std::string_view local) {
  for (pugi::xml_node node : parent.children()) {
    if (is(node, uri, local)) return node;
  }
  return {};
}

std::string_view text(pugi::xml_node node, std::string& scratch) {
  const pugi::xml_node first = node.first_child();
  if (!first) return {};
  if (!first.next_sibling() && is_character_data(first)) return first.value();
  scratch.clear();
  pugi::xml_node at = first;
  while (at) {
    if (is_character_data(at)) scratch += at.value();
    if (at.first_child()) {
      at = at.first_child();
      continue;
    }
    while (at != node && !at.next_sibling()) at = at.parent();
    if (at == node) break;
    at = at.next_sibling();
  }
  return scratch;
}

std::string_view attribute(pugi::xml_node node, const char* name) { return node.attribute(name).value(); }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view first_word(std::string_view text) {
  text = trim(text);
  std::size_t end = 0;
  while (end < text.size() && !is_space(text[end])) ++end;
  return text.substr(0, end);
}

std::optional<std::uint64_t> to_count(std::string_view text) {
  text = trim(text);
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

std::string quoted(std::string_view text) { return "\"" + shown_text(text, 80) + "\""; }

void Flaw::set(ErrorCode code, std::uint64_t offset, std::string message) {
  if (code_ != ErrorCode::ok) return;
  code_ = code;
  offset_ = offset;
  message_ = std::move(message);
}

void Flaw::reject(ParseContext& ctx) { ctx.reject(code_, offset_, std::move(message_)); }

void read_date(std::string_view text, std::string& out, std::string_view field, std::uint64_t offset, Flaw& flaw) {
  out.clear();
  text = trim(text);
  if (text.empty()) return;
  if (auto date = to_iso_date(text)) {
    out = std::move(*date);
  } else {
    flaw.set(ErrorCode::invalid_value, offset,
             "expected a date for \"" + std::string(field) + "\", got " + quoted(text));
  }
}

void add_category(Paper& paper, std::string_view term) {
  term = trim(term);
  if (!is_arxiv_category(term)) return;
  if (std::find(paper.categories.begin(), paper.categories.end(), term) != paper.categories.end()) return;
  paper.categories.emplace_back(term);
}

void set_primary_category(Paper& paper, std::string_view term) {
  term = trim(term);
  if (!is_arxiv_category(term)) return;
  paper.primary_category.assign(term);
  auto& list = paper.categories;
  auto at = std::find(list.begin(), list.end(), term);
  if (at == list.end()) {
    list.emplace(list.begin(), term);
  } else {
    std::rotate(list.begin(), at, at + 1);
  }
}

bool Document::load(FeedBytes& bytes, ParseContext& ctx) {
  text_ = ctx.text();
  // pugixml parses with the last byte replaced by a NUL (and leaves it so: a name may end there).
  last_byte_ = text_.empty() ? '\0' : text_.back();
  // parse_default keeps every name and value inside the buffer, which offset_debug() needs,
  // and leaves DOCTYPE declarations unprocessed, so no entity is ever expanded.
  result_ = doc_.load_buffer_inplace(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!root()) {
    ctx.fail(ErrorCode::malformed, static_cast<std::uint64_t>(result_.offset), "not an XML document: " + describe(result_));
    return false;
  }
  const std::size_t max_depth = ctx.limits().max_depth;
  if (pugi::xml_node deep = first_too_deep(max_depth)) {
    ctx.fail(ErrorCode::too_deep, offset(deep),
             "XML elements nested deeper than the limit of " + std::to_string(max_depth) + " levels");
    return false;
  }
  repair_decoded_references();
  return true;
}

void Document::repair_decoded_references() {
  const auto repaired = [](const char* value, auto&& set) {
    const std::size_t size = std::strlen(value);
    if (simdjson::validate_utf8(value, size)) return;
    std::string text(value, size);
    repair_utf8(text);
    set(text.c_str());
  };
  for (pugi::xml_node at = doc_.first_child(); at;) {
    if (is_character_data(at)) repaired(at.value(), [&](const char* text) { at.set_value(text); });
    for (pugi::xml_attribute attr : at.attributes()) repaired(attr.value(), [&](const char* text) { attr.set_value(text); });
    if (at.first_child()) {
      at = at.first_child();
      continue;
    }
    while (at && !at.next_sibling()) at = at.parent();
    if (at) at = at.next_sibling();
  }
}

pugi::xml_node Document::first_too_deep(std::size_t max_depth) const {
  std::size_t depth = 1;
  pugi::xml_node at = root();
  while (at) {
    if (at.type() == pugi::node_element && depth > max_depth) return at;
    if (at.first_child()) {
      at = at.first_child();
      ++depth;
      continue;
    }
    while (at.type() != pugi::node_document && !at.next_sibling()) {
      at = at.parent();
      --depth;
    }
    if (at.type() == pugi::node_document) break;
    at = at.next_sibling();
  }
  return {};
}

std::uint64_t Document::offset_of_pointer(const char* p) const {
  if (p == nullptr || p < text_.data() || p > text_.data() + text_.size()) return kUnknownOffset;
  return static_cast<std::uint64_t>(p - text_.data());
}

std::uint64_t Document::offset(pugi::xml_node node) const {
  const std::ptrdiff_t at = node.offset_debug();
  if (at < 0) return kUnknownOffset;
  // For an element, offset_debug() is where its name starts, one byte after the '<'.
  return node.type() == pugi::node_element && at > 0 ? static_cast<std::uint64_t>(at - 1)
                                                     : static_cast<std::uint64_t>(at);
}

std::uint64_t Document::content_end(pugi::xml_node node) const {
  const pugi::xml_node last = last_descendant(node);
  const char* p = last.type() == pugi::node_element ? last.name() : last.value();
  if (last.type() == pugi::node_element && last.last_attribute()) p = last.last_attribute().value();
  if (offset_of_pointer(p) == kUnknownOffset) p = last.name();
  const std::uint64_t at = offset_of_pointer(p);
  if (at == kUnknownOffset) return kUnknownOffset;
  // In-situ parsing ends every name and value with a NUL written inside the text.
  return at + std::strlen(p);
}

bool Document::is_closed(pugi::xml_node record) const {
  if (result_) return true;
  // Only the elements on the path the parser was on when it stopped can be open: the last
  // child of the last child … of the document. Any other element was closed before it.
  for (pugi::xml_node at = record; at.type() == pugi::node_element; at = at.parent()) {
    if (at.next_sibling()) return true;
  }
  const std::uint64_t from = content_end(record);
  // The parser stops on the last byte when the text ends; that byte was never looked at.
  std::uint64_t to = std::min<std::uint64_t>(static_cast<std::uint64_t>(result_.offset), text_.size());
  if (to + 1 == text_.size()) to = text_.size();
  if (from == kUnknownOffset || from >= to) return false;
  // From the end of the record's last content to where the parser stopped there are only end
  // tags (and spaces, comments). Each starts with '<', except that the NUL ending character data
  // directly inside the record may have overwritten the '<' of the record's own end tag.
  const std::string region = original_text(from, to);
  const pugi::xml_node last = last_descendant(record);
  const bool own_text_last = is_character_data(last) && last.parent() == record;
  const std::string end_tag = "/" + std::string(record.name());
  for (auto at = region.find(end_tag); at != std::string::npos; at = region.find(end_tag, at + 1)) {
    const bool opens = at > 0 && (region[at - 1] == '<' || (at == 1 && own_text_last && region[0] == '\0'));
    const std::size_t after = at + end_tag.size();
    if (opens && after < region.size() && (region[after] == '>' || is_space(region[after]))) return true;
  }
  return false;
}

std::string Document::original_text(std::uint64_t from, std::uint64_t to) const {
  std::string copy(text_.substr(from, to - from));
  if (to == text_.size() && !copy.empty()) copy.back() = last_byte_;
  return copy;
}

bool Document::admit(pugi::xml_node record, ParseContext& ctx) {
  if (record_name_.empty()) record_name_ = local_part(record.name());
  if (!is_closed(record)) {
    cut_record_ = record;
    return false;
  }
  ++records_seen_;
  const std::uint64_t start = offset(record);
  const std::uint64_t end = content_end(record);
  const std::size_t limit = ctx.limits().max_record_bytes;
  if (start != kUnknownOffset && end != kUnknownOffset && end - start > limit) {
    ctx.reject(ErrorCode::too_large, start,
               "<" + shown_text(record.name()) + "> of more than " + std::to_string(end - start) +
                   " bytes is over the record limit of " + std::to_string(limit) + " bytes");
    return false;
  }
  return true;
}

bool Document::ends_with_root_end_tag() const {
  const std::string_view name = root().name();
  const std::size_t tail = std::min<std::size_t>(text_.size(), name.size() + 256);
  const std::string original = original_text(text_.size() - tail, text_.size());
  std::string_view rest = trim(original);
  if (rest.size() < name.size() + 3 || rest.back() != '>') return false;
  rest = trim(rest.substr(0, rest.size() - 1));
  if (rest.size() < name.size() + 2 || rest.substr(rest.size() - name.size()) != name) return false;
  rest.remove_suffix(name.size());
  if (rest.back() != '/') return false;
  rest.remove_suffix(1);
  return rest.back() == '<' || rest.back() == '\0';
}

std::string Document::complete_records(std::uint64_t count) const {
  std::string word = record_name_.empty() ? "record" : std::string(record_name_);
  if (count != 1) word = word.back() == 'y' ? word.substr(0, word.size() - 1) + "ies" : word + "s";
  return std::to_string(count) + " complete " + word;
}

void Document::finish(ParseContext& ctx) {
  if (result_) return;
  const std::uint64_t error_at = static_cast<std::uint64_t>(result_.offset);
  const std::string parser_says = describe(result_) + " at byte " + std::to_string(error_at);
  const std::string kept = complete_records(records_seen_) + " kept";
  if (ends_with_root_end_tag()) {
    ctx.fail(ErrorCode::malformed, error_at, "XML syntax error: " + parser_says + "; " + kept + " before it");
    return;
  }
  ctx.report().truncated = true;
  if (cut_record_) {
    ctx.warn(ErrorCode::truncated, offset(cut_record_),
             "feed ends inside " + std::string(record_name_) + " " + std::to_string(records_seen_ + 1) + " (" +
                 parser_says + "); " + kept);
  } else {
    ctx.warn(ErrorCode::truncated, error_at,
             "feed ends before the end tag of <" + shown_text(root().name()) + "> (" + parser_says + "); " + kept);
  }
}

}  // namespace paperfeed::detail::xml
