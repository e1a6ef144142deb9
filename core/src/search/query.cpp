// The query parser: a cleaning pass (size cut, UTF-8 repair, control bytes), a tokenizer into
// words, phrases, parentheses, markers and operators, and a recursive descent over the tokens
// (grammar and recovery rules in query.hpp).

#include "paperfeed/query.hpp"
#include "paperfeed/normalize.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace paperfeed {
namespace {

// ---- Cleaning ----------------------------------------------------------------------------

/** Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one. */
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead == 0xE0) length = 3, low = 0xA0;
  else if (lead == 0xED) length = 3, high = 0x9F;  // no surrogates
  else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
  else if (lead == 0xF0) length = 4, low = 0x90;
  else if (lead == 0xF4) length = 4, high = 0x8F;  // nothing past U+10FFFF
  else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
  else return 0;
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return length;
}

/** True for C0 and C1 control characters and DEL, whose sequence starts at s[i]. */
bool is_control(std::string_view s, std::size_t i, std::size_t length) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (length == 1) return lead < 0x20 || lead == 0x7F;
  return length == 2 && lead == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;
}

/** The query cut to the byte limit, invalid UTF-8 replaced, control characters made spaces. */
std::string clean(std::string_view text, const Limits& limits, std::vector<std::string>& notes) {
  if (text.size() > limits.max_query_bytes) {
    std::size_t cut = limits.max_query_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
    notes.push_back("query cut at " + std::to_string(cut) + " bytes");
  }
  std::string out;
  out.reserve(text.size() + 16);
  bool replaced = false, controls = false;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      if (!replaced) notes.push_back("invalid UTF-8 at " + std::to_string(out.size()) + " replaced");
      replaced = true;
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (is_control(text, i, length)) {
      const char c = text[i];
      if (!controls && c != '\t' && c != '\n' && c != '\r') {
        notes.push_back("control characters at " + std::to_string(out.size()) + " read as spaces");
        controls = true;
      }
      out += ' ';
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

// ---- Tokens ------------------------------------------------------------------------------

struct Token {
  enum class Kind : std::uint8_t { word, phrase, open, close, must, must_not, op_or, op_and, op_not, end };
  Kind kind = Kind::end;
  std::size_t start = 0, end = 0;  // byte offsets in the cleaned text
  std::string_view text;           // the word, or the phrase between its quotes
};

bool ends_word(char c) { return c == ' ' || c == '(' || c == ')' || c == '"'; }

Token::Kind word_kind(std::string_view word) {
  if (word == "OR") return Token::Kind::op_or;
  if (word == "AND") return Token::Kind::op_and;
  if (word == "NOT") return Token::Kind::op_not;
  return Token::Kind::word;
}

std::vector<Token> tokenize(std::string_view s, std::vector<std::string>& notes) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const std::size_t start = i;
    if (c == ' ') {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Token::Kind::open : Token::Kind::close, start, ++i, {}});
    } else if (c == '"') {
      std::size_t close = s.find('"', i + 1);
      if (close == std::string_view::npos) {
        notes.push_back("unbalanced quote at " + std::to_string(i) + ": the rest is one phrase");
        close = s.size();
      }
      tokens.push_back({Token::Kind::phrase, start, std::min(close + 1, s.size()), s.substr(i + 1, close - i - 1)});
      i = std::min(close + 1, s.size());
    } else if ((c == '+' || c == '-') && i + 1 < s.size() && s[i + 1] != ' ' && s[i + 1] != ')') {
      tokens.push_back({c == '+' ? Token::Kind::must : Token::Kind::must_not, start, ++i, s.substr(start, 1)});
    } else {
      while (i < s.size() && !ends_word(s[i])) ++i;
      const std::string_view word = s.substr(start, i - start);
      tokens.push_back({word_kind(word), start, i, word});
    }
  }
  tokens.push_back({Token::Kind::end, s.size(), s.size(), {}});
  return tokens;
}

// ---- Names and values --------------------------------------------------------------------

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == y;
         });
}

template <typename T, std::size_t N>
std::optional<T> lookup(const std::array<std::pair<std::string_view, T>, N>& table, std::string_view name) {
  for (const auto& [key, value] : table)
    if (equals_ignoring_case(name, key)) return value;
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, Field>, 10> kFieldNames{{
    {"title", Field::title}, {"abstract", Field::abstract}, {"author", Field::authors},
    {"authors", Field::authors}, {"cat", Field::categories}, {"category", Field::categories},
    {"categories", Field::categories}, {"id", Field::id}, {"keyword", Field::keywords},
    {"keywords", Field::keywords},
}};

constexpr std::array<std::pair<std::string_view, NumericField>, 7> kNumericNames{{
    {"year", NumericField::year}, {"date", NumericField::date}, {"upvotes", NumericField::upvotes},
    {"stars", NumericField::stars}, {"comments", NumericField::comments},
    {"citations", NumericField::citations}, {"listed", NumericField::listed},
}};

constexpr std::array<std::string_view, 5> kHasNames{"code", "upvotes", "stars", "comments", "citations"};

std::string_view field_name(Field field) {
  constexpr std::array<std::string_view, 7> names{"all",        "title", "abstract", "authors",
                                                  "categories", "id",    "keywords"};
  return names[static_cast<std::size_t>(field)];
}

std::string_view numeric_name(NumericField numeric) { return kNumericNames[static_cast<std::size_t>(numeric)].first; }

bool is_ascii_letters(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; });
}

/** True when @p s has nothing a search could use: only ASCII punctuation. */
bool is_punctuation(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b > 0x20 && b < 0x7F && !(c >= '0' && c <= '9') && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  });
}

/** A run of 1–18 ASCII digits as a number. */
std::optional<std::int64_t> parse_digits(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

using Span = std::pair<std::int64_t, std::int64_t>;  // the first and last value a typed value covers

/** `2024`, `2024-05` or `2024-05-01` as the first and last day it covers. */
std::optional<Span> parse_date(std::string_view s) {
  const auto year = s.size() >= 4 ? parse_digits(s.substr(0, 4)) : std::nullopt;
  if (!year || (s.size() != 4 && s.size() != 7 && s.size() != 10)) return std::nullopt;
  if (s.size() == 4) return Span{days_from_civil(*year, 1, 1), days_from_civil(*year, 12, 31)};
  const auto month = s[4] == '-' ? parse_digits(s.substr(5, 2)) : std::nullopt;
  if (!month || *month < 1 || *month > 12) return std::nullopt;
  const std::int64_t first = days_from_civil(*year, *month, 1);
  const std::int64_t last = days_from_civil(*year + (*month == 12), *month % 12 + 1, 1) - 1;
  if (s.size() == 7) return Span{first, last};
  const auto day = s[7] == '-' ? parse_digits(s.substr(8, 2)) : std::nullopt;
  if (!day || *day < 1 || *day > last - first + 1) return std::nullopt;
  return Span{first + *day - 1, first + *day - 1};
}

std::optional<Span> parse_value(NumericField numeric, std::string_view s) {
  if (numeric == NumericField::date || numeric == NumericField::listed) return parse_date(s);
  const auto value = parse_digits(s);
  if (!value) return std::nullopt;
  return Span{*value, *value};
}

/** A filter value (`v`, `>=v`, `a..b`, …) as inclusive bounds; false when unusable. */
bool parse_bounds(QueryNode& node, std::string_view value) {
  struct Comparison { std::string_view op; bool lower, strict; };
  constexpr std::array<Comparison, 5> comparisons{{
      {">=", true, false}, {"<=", false, false}, {">", true, true}, {"<", false, true}, {"=", true, false}}};
  for (const Comparison& c : comparisons) {
    if (value.substr(0, c.op.size()) != c.op) continue;
    const auto span = parse_value(node.numeric, value.substr(c.op.size()));
    if (!span) return false;
    if (c.op == "=") node.min = span->first, node.max = span->second;
    else if (c.lower) node.min = c.strict ? span->second + 1 : span->first;
    else node.max = c.strict ? span->first - 1 : span->second;
    return true;
  }
  const std::size_t dots = value.find("..");
  if (dots == std::string_view::npos) {
    const auto span = parse_value(node.numeric, value);
    if (span) node.min = span->first, node.max = span->second;
    return span.has_value();
  }
  const std::string_view from = value.substr(0, dots), to = value.substr(dots + 2);
  if (from.empty() && to.empty()) return false;
  const auto low = from.empty() ? std::optional<Span>{} : parse_value(node.numeric, from);
  const auto high = to.empty() ? std::optional<Span>{} : parse_value(node.numeric, to);
  if ((!from.empty() && !low) || (!to.empty() && !high)) return false;
  if (low) node.min = low->first;
  if (high) node.max = high->second;
  return true;
}

// ---- Parser ------------------------------------------------------------------------------

bool is_filter(const QueryNode& node) {
  return node.kind == QueryNode::Kind::filter_range || node.kind == QueryNode::Kind::filter_has;
}

QueryNode boolean(std::vector<QueryNode> children) {
  QueryNode node;
  node.kind = QueryNode::Kind::boolean;
  node.children = std::move(children);
  return node;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const Limits& limits, std::vector<std::string>& notes)
      : tokens_(std::move(tokens)),
        limits_(limits),
        max_nesting_(std::min(limits.max_query_nesting, Limits::kDeepestQueryNesting)),
        notes_(notes) {}

  QueryNode parse() {
    std::vector<QueryNode> clauses = parse_sequence(Field::all);
    return clauses.empty() ? QueryNode{} : combine(std::move(clauses));
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool at(Token::Kind kind) const { return peek().kind == kind; }
  void note(std::string text) { notes_.push_back(std::move(text)); }
  static std::string at_offset(const Token& token) { return " at " + std::to_string(token.start); }

  /** Clauses until the end or the `)` closing the current group (left unconsumed). */
  std::vector<QueryNode> parse_sequence(Field field) {
    std::vector<QueryNode> clauses;
    while (!at(Token::Kind::end)) {
      if (at(Token::Kind::close)) {
        if (ignored_opens_ > 0) {
          --ignored_opens_;
        } else if (depth_ > 0) {
          break;
        } else {
          note("unbalanced ')'" + at_offset(peek()) + " ignored");
        }
        next();
      } else if (at(Token::Kind::op_or) || at(Token::Kind::op_and)) {
        note_lone_operator(next());
      } else if (auto clause = parse_or(field)) {
        if (is_filter(*clause) && clause->occur == Occur::should) clause->occur = Occur::must;
        clauses.push_back(std::move(*clause));
      }
    }
    return clauses;
  }

  void note_lone_operator(const Token& op) { note("lone " + std::string(op.text) + at_offset(op) + " ignored"); }

  /** Operands joined by @p op, as one boolean node when there are several; the unmarked ones
   *  (`should`) take the occur @p unmarked. */
  template <typename Operand>
  std::optional<QueryNode> parse_operator_chain(Token::Kind op, Occur unmarked, Operand operand) {
    std::vector<QueryNode> operands;
    if (auto first = operand()) operands.push_back(std::move(*first));
    while (at(op)) {
      const Token& op_token = next();
      auto following = operand();
      if ((operands.empty() || !following) && !over_clause_limit()) note_lone_operator(op_token);
      if (following) operands.push_back(std::move(*following));
    }
    if (operands.size() <= 1) return operands.empty() ? std::nullopt : std::optional(std::move(operands[0]));
    for (QueryNode& child : operands)
      if (child.occur == Occur::should) child.occur = unmarked;
    return boolean(std::move(operands));
  }

  std::optional<QueryNode> parse_or(Field field) {
    return parse_operator_chain(Token::Kind::op_or, Occur::should, [&] { return parse_and(field); });
  }

  std::optional<QueryNode> parse_and(Field field) {
    return parse_operator_chain(Token::Kind::op_and, Occur::must, [&] { return parse_unary(field); });
  }

  std::optional<QueryNode> parse_unary(Field field) {
    std::optional<Token> marker;
    Occur occur = Occur::should;
    while (at(Token::Kind::must) || at(Token::Kind::must_not) || at(Token::Kind::op_not)) {
      marker = next();
      occur = marker->kind == Token::Kind::must ? Occur::must : Occur::must_not;
    }
    auto node = parse_primary(field);
    if (!node) {
      if (marker) note("lone " + std::string(marker->text) + at_offset(*marker) + " ignored");
      return std::nullopt;
    }
    if (marker) node->occur = occur;
    return node;
  }

  std::optional<QueryNode> parse_primary(Field field) {
    while (at(Token::Kind::open) && depth_ >= max_nesting_) {
      if (ignored_opens_++ == 0) note("parentheses nested deeper than " + std::to_string(max_nesting_) + " ignored");
      next();
    }
    switch (peek().kind) {
      case Token::Kind::word: return parse_word(next(), field);
      case Token::Kind::phrase: return make_phrase(next(), field);
      case Token::Kind::open: return parse_group(field);
      default: return std::nullopt;
    }
  }

  std::optional<QueryNode> parse_group(Field field) {
    const Token open = next();
    ++depth_;
    std::vector<QueryNode> clauses = parse_sequence(field);
    --depth_;
    if (at(Token::Kind::close)) next();
    else note("unclosed '('" + at_offset(open) + " closed at the end");
    if (clauses.empty()) {
      note("empty group" + at_offset(open) + " ignored");
      return std::nullopt;
    }
    return combine(std::move(clauses));
  }

  /** One clause as itself (unless it excludes), several as a boolean node. */
  static QueryNode combine(std::vector<QueryNode> clauses) {
    if (clauses.size() == 1 && clauses[0].occur != Occur::must_not) {
      QueryNode only = std::move(clauses[0]);
      only.occur = Occur::should;
      return only;
    }
    return boolean(std::move(clauses));
  }

  std::optional<QueryNode> parse_word(const Token& word, Field field) {
    const std::size_t colon = word.text.find(':');
    if (colon == std::string_view::npos || colon == 0) return make_word(word, word.text, field);
    const std::string_view name = word.text.substr(0, colon), value = word.text.substr(colon + 1);
    const auto scoped = lookup(kFieldNames, name);
    const auto numeric = lookup(kNumericNames, name);
    const bool has = equals_ignoring_case(name, "has");
    if (!scoped && !numeric && !has) {
      if (is_ascii_letters(name) && !value.empty() && value.front() != '/')  // not a URL
        note("unknown field '" + shown_text(name) + ":'" + at_offset(word) + " searched as text");
      return make_word(word, word.text, field);
    }
    if (!value.empty()) {
      if (scoped) return make_word(word, value, *scoped);
      return make_filter(word, value, numeric, field);
    }
    const bool scopes_next = scoped && peek().start == word.end &&
                             (at(Token::Kind::phrase) || at(Token::Kind::open));
    if (scopes_next) return parse_primary(*scoped);
    note("empty field '" + std::string(name) + ":'" + at_offset(word) + " ignored");
    return std::nullopt;
  }

  std::optional<QueryNode> make_filter(const Token& word, std::string_view value,
                                       std::optional<NumericField> numeric, Field field) {
    QueryNode node;
    bool usable = false;
    if (numeric) {
      node.kind = QueryNode::Kind::filter_range;
      node.numeric = *numeric;
      usable = parse_bounds(node, value);
      if (usable && node.min && node.max && *node.min > *node.max) {
        note("reversed range" + at_offset(word) + " swapped");
        std::swap(node.min, node.max);
      }
    } else {
      node.kind = QueryNode::Kind::filter_has;
      for (const std::string_view name : kHasNames)
        if (equals_ignoring_case(value, name)) node.text = name, usable = true;
    }
    if (!usable) {
      note("filter '" + shown_text(word.text) + "'" + at_offset(word) + " has an unusable value, searched as text");
      return make_word(word, word.text, field);
    }
    return admit(std::move(node));
  }

  /** A term, prefix (`w*`) or fuzzy (`w~`, `w~N`) leaf for @p text, typed as @p word. */
  std::optional<QueryNode> make_word(const Token& word, std::string_view text, Field field) {
    QueryNode node;
    node.kind = QueryNode::Kind::term;
    node.field = field;
    const std::size_t tilde = text.rfind('~');
    const auto distance = tilde == std::string_view::npos ? std::nullopt
                          : tilde + 1 == text.size()      ? std::optional<std::int64_t>(1)
                                                          : parse_digits(text.substr(tilde + 1));
    if (distance) {
      text = text.substr(0, tilde);
      while (!text.empty() && text.back() == '~') text.remove_suffix(1);
      node.kind = *distance == 0 ? QueryNode::Kind::term : QueryNode::Kind::fuzzy;
      if (*distance > 2) note("fuzzy distance " + std::to_string(*distance) + at_offset(word) + " lowered to 2");
      node.max_edits = static_cast<std::uint8_t>(std::min<std::int64_t>(*distance, 2));
    } else if (!text.empty() && text.back() == '*') {
      while (!text.empty() && text.back() == '*') text.remove_suffix(1);
      node.kind = QueryNode::Kind::prefix;
    }
    if (is_punctuation(text)) {
      note("'" + shown_text(word.text) + "'" + at_offset(word) + " has nothing to search, ignored");
      return std::nullopt;
    }
    node.text = text;
    return admit(std::move(node));
  }

  std::optional<QueryNode> make_phrase(const Token& phrase, Field field) {
    QueryNode node;
    node.kind = QueryNode::Kind::phrase;
    node.field = field;
    std::size_t i = 0;
    while (i < phrase.text.size()) {
      const std::size_t space = std::min(phrase.text.find(' ', i), phrase.text.size());
      if (space > i) {
        if (!node.text.empty()) node.text += ' ';
        node.text.append(phrase.text.substr(i, space - i));
      }
      i = space + 1;
    }
    if (node.text.empty()) {
      note("empty phrase" + at_offset(phrase) + " ignored");
      return std::nullopt;
    }
    return admit(std::move(node));
  }

  /** True once leaves have been dropped for the clause limit: what is missing is not lone. */
  bool over_clause_limit() const { return leaves_ > limits_.max_query_clauses; }

  /** The leaf, or nothing once the query holds Limits::max_query_clauses leaves. */
  std::optional<QueryNode> admit(QueryNode leaf) {
    if (leaves_ < limits_.max_query_clauses) {
      ++leaves_;
      return leaf;
    }
    if (leaves_++ == limits_.max_query_clauses)
      note("more than " + std::to_string(limits_.max_query_clauses) + " clauses: the rest ignored");
    return std::nullopt;
  }

  std::vector<Token> tokens_;
  const Limits& limits_;
  const std::size_t max_nesting_;
  std::vector<std::string>& notes_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::size_t ignored_opens_ = 0;
  std::size_t leaves_ = 0;
};

// ---- Explain -----------------------------------------------------------------------------

void render_bound(std::string& out, const QueryNode& node, std::optional<std::int64_t> bound) {
  if (!bound) return;
  const bool is_date = node.numeric == NumericField::date || node.numeric == NumericField::listed;
  out += is_date ? iso_date_from_days(*bound) : std::to_string(*bound);
}

void render_leaf(std::string& out, const QueryNode& node) {
  using Kind = QueryNode::Kind;
  switch (node.kind) {
    case Kind::term: out += "(term " + node.text + ")"; break;
    case Kind::prefix: out += "(prefix " + node.text + ")"; break;
    case Kind::fuzzy: out += "(fuzzy " + node.text + " " + std::to_string(node.max_edits) + ")"; break;
    case Kind::phrase:
      out += "(phrase \"";
      for (const char c : node.text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += "\")";
      break;
    default: break;
  }
}

void render(std::string& out, const QueryNode& node) {
  using Kind = QueryNode::Kind;
  constexpr std::array<std::string_view, 3> occurs{"should", "must", "must_not"};
  switch (node.kind) {
    case Kind::match_all: out += "(all)"; return;
    case Kind::filter_has: out += "(has " + node.text + ")"; return;
    case Kind::filter_range:
      out += "(filter ";
      out += numeric_name(node.numeric);
      out += ' ';
      render_bound(out, node, node.min);
      if (node.min != node.max || !node.min) out += "..", render_bound(out, node, node.max);
      out += ')';
      return;
    case Kind::boolean:
      out += "(bool";
      for (const QueryNode& child : node.children) {
        out += " (";
        out += occurs[static_cast<std::size_t>(child.occur)];
        out += ' ';
        render(out, child);
        out += ')';
      }
      out += ')';
      return;
    default:
      if (node.field == Field::all) return render_leaf(out, node);
      out += "(field ";
      out += field_name(node.field);
      out += ' ';
      render_leaf(out, node);
      out += ')';
  }
}

}  // namespace

ParsedQuery parse_query(std::string_view text, const Limits& limits) {
  ParsedQuery parsed;
  const std::string cleaned = clean(text, limits, parsed.recovered);
  Parser parser(tokenize(cleaned, parsed.recovered), limits, parsed.recovered);
  parsed.root = parser.parse();
  return parsed;
}

std::string balanced_query(std::string_view text) {
  std::string out;
  bool quoted = false;
  std::size_t depth = 0;
  for (const char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == '(') {
      ++depth;
    } else if (!quoted && c == ')') {
      if (depth == 0) continue;
      --depth;
    }
    out += c;
  }
  if (quoted) out += '"';
  out.append(depth, ')');
  return out;
}

NarrowedQuery narrow_query(std::string_view query, const std::vector<std::string>& clauses, const Limits& limits) {
  NarrowedQuery narrowed{{}, limits};
  for (const std::string& clause : clauses) narrowed.text += clause + " ";
  narrowed.limits.max_query_bytes += narrowed.text.size() + 3;  // the clauses and "+()"
  narrowed.limits.max_query_clauses += clauses.size();
  ++narrowed.limits.max_query_nesting;  // the group "+()"
  if (query.find_first_not_of(" \t\r\n") != std::string_view::npos) narrowed.text += "+(" + balanced_query(query) + ")";
  return narrowed;
}

std::string explain(const ParsedQuery& query) {
  std::string out;
  render(out, query.root);
  return out;
}

}  // namespace paperfeed
