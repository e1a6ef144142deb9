#include "paperfeed/analyzer.hpp"

#include <libstemmer.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <limits>

#include "paperfeed/normalize.hpp"

namespace paperfeed {

namespace {

/**
 * Snowball's English stopword list without its contractions, plus the contractions' forms once
 * the tokenizer has removed the apostrophe, where that form is no ordinary word ("dont" yes,
 * "well" or "id" no). Possessive forms ("that's") never reach this list: the tokenizer drops 's.
 */
constexpr std::array<std::string_view, 149> kEnglishStopwords = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "arent", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "cannot",
    "could", "couldnt", "did", "didnt", "do", "does", "doesnt", "doing", "dont", "down", "during", "each",
    "few", "for", "from", "further", "had", "hadnt", "has", "hasnt", "have", "havent", "having", "he", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "isnt", "it",
    "its", "itself", "ive", "me", "more", "most", "mustnt", "my", "myself", "no", "nor", "not", "of", "off",
    "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same",
    "shant", "she", "should", "shouldnt", "so", "some", "such", "than", "that", "the", "their", "theirs",
    "them", "themselves", "then", "there", "these", "they", "theyd", "theyll", "theyre", "theyve", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "wasnt", "we", "were", "werent",
    "weve", "what", "when", "where", "which", "while", "who", "whom", "why", "with", "would", "wouldnt",
    "you", "youd", "youll", "your", "youre", "yours", "yourself", "yourselves", "youve",
};

constexpr std::size_t kLongestStopword = 10;

/** FNV-1a; a stopword table slot is its low bits. */
constexpr std::uint32_t hash_term(std::string_view term) {
  std::uint32_t hash = 2166136261u;
  for (const char ch : term) hash = (hash ^ static_cast<unsigned char>(ch)) * 16777619u;
  return hash;
}

/** kEnglishStopwords in an open-addressing table: one hash and about one comparison per lookup. */
using StopwordTable = std::array<std::string_view, 512>;

constexpr StopwordTable make_stopword_table() {
  StopwordTable table{};
  for (const std::string_view word : kEnglishStopwords) {
    std::size_t slot = hash_term(word) % table.size();
    while (!table[slot].empty()) slot = (slot + 1) % table.size();
    table[slot] = word;
  }
  return table;
}

constexpr StopwordTable kStopwordTable = make_stopword_table();

bool is_english_stopword(std::string_view term) {
  if (term.empty() || term.size() > kLongestStopword) return false;
  for (std::size_t slot = hash_term(term) % kStopwordTable.size(); !kStopwordTable[slot].empty();
       slot = (slot + 1) % kStopwordTable.size()) {
    if (kStopwordTable[slot] == term) return true;
  }
  return false;
}

constexpr auto kFoldOptions =
    static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE);

/** What a character does to tokenizing. */
enum class Kind : std::uint8_t {
  separator,   ///< ends a word (also invalid UTF-8, one byte at a time)
  word,        ///< letter, digit or combining mark
  ideograph,   ///< a term by itself (Han, Hiragana)
};

/** One decoded character of the original text. */
struct Char {
  std::int32_t code_point = -1;  ///< -1 for an invalid byte or the end of the text
  std::uint32_t width = 1;       ///< bytes it takes (1 for an invalid byte)
  Kind kind = Kind::separator;
};

/** ASCII letters and digits: the word characters of the fast path. */
constexpr std::array<bool, 256> kAsciiWord = [] {
  std::array<bool, 256> table{};
  for (int ch = '0'; ch <= '9'; ++ch) table[static_cast<std::size_t>(ch)] = true;
  for (int ch = 'a'; ch <= 'z'; ++ch) {
    table[static_cast<std::size_t>(ch)] = true;
    table[static_cast<std::size_t>(ch - 'a' + 'A')] = true;
  }
  return table;
}();

unsigned char byte_at(std::string_view text, std::size_t pos) {
  return pos < text.size() ? static_cast<unsigned char>(text[pos]) : 0;
}
bool is_ascii_digit(std::int32_t code_point) { return code_point >= '0' && code_point <= '9'; }

bool is_ideograph(std::int32_t cp) {
  return (cp >= 0x3040 && cp <= 0x309F) ||    // Hiragana
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0x20000 && cp <= 0x3FFFF);    // CJK extensions B and later
}

bool is_word_category(std::int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_letter(std::int32_t cp) {
  if (cp < 0x80) return cp >= 0 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
  const auto category = utf8proc_category(cp);
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

Char decode(std::string_view text, std::size_t pos) {
  Char c;
  if (pos >= text.size()) return c;
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte < 0x80) {
    c.code_point = byte;
    c.kind = kAsciiWord[byte] ? Kind::word : Kind::separator;
    return c;
  }
  utf8proc_int32_t code_point = -1;
  const auto width = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                                      static_cast<utf8proc_ssize_t>(text.size() - pos), &code_point);
  if (width <= 0) return c;
  c.code_point = code_point;
  c.width = static_cast<std::uint32_t>(width);
  if (is_ideograph(code_point)) c.kind = Kind::ideograph;
  else if (is_word_category(code_point)) c.kind = Kind::word;
  return c;
}

/** True when the three bytes at @p pos are U+20xx with xx = @p low (a punctuation mark). */
bool is_general_punctuation(std::string_view text, std::size_t pos, unsigned char low) {
  return byte_at(text, pos) == 0xE2 && byte_at(text, pos + 1) == 0x80 && byte_at(text, pos + 2) == low;
}

/** Width of the hyphen at @p pos ('-', U+2010, U+2011), or 0. */
std::size_t hyphen_width(std::string_view text, std::size_t pos) {
  if (byte_at(text, pos) == '-') return 1;
  return is_general_punctuation(text, pos, 0x90) || is_general_punctuation(text, pos, 0x91) ? 3 : 0;
}

/** Width of the apostrophe at @p pos ('\'', U+2019), or 0. */
std::size_t apostrophe_width(std::string_view text, std::size_t pos) {
  if (byte_at(text, pos) == '\'') return 1;
  return is_general_punctuation(text, pos, 0x99) ? 3 : 0;
}

/** Skips word characters from @p pos, setting @p last to the last one; returns where they end. */
std::size_t skip_word_characters(std::string_view text, std::size_t pos, std::int32_t& last) {
  for (;;) {
    const std::size_t ascii_start = pos;
    while (pos < text.size() && kAsciiWord[static_cast<unsigned char>(text[pos])]) ++pos;
    if (pos > ascii_start) last = static_cast<unsigned char>(text[pos - 1]);
    if (byte_at(text, pos) < 0x80) return pos;
    const Char c = decode(text, pos);
    if (c.kind != Kind::word) return pos;
    last = c.code_point;
    pos += c.width;
  }
}

/**
 * Reads one part of a compound (no hyphen) starting at the word character at @p pos, setting
 * @p end to where its surface form ends; returns where reading stopped (after a possessive 's,
 * which the surface form excludes).
 */
std::size_t read_part(std::string_view text, std::size_t pos, std::size_t& end) {
  std::int32_t last = -1;  // the last word character read
  for (;;) {
    pos = skip_word_characters(text, pos, last);
    end = pos;
    if (pos >= text.size()) return pos;
    const char symbol = text[pos];
    if (symbol == '_' || symbol == '^' || symbol == '@') {
      if (decode(text, pos + 1).kind != Kind::word) return pos;
      pos += 1;
    } else if (symbol == '.') {
      if (!is_ascii_digit(last) || !is_ascii_digit(decode(text, pos + 1).code_point)) return pos;
      pos += 1;
    } else if (const std::size_t apostrophe = apostrophe_width(text, pos)) {
      const Char next = decode(text, pos + apostrophe);
      if (!is_letter(last) || !is_letter(next.code_point)) return pos;
      const bool possessive = (next.code_point | 0x20) == 's' &&
                              decode(text, pos + apostrophe + 1).kind != Kind::word;
      if (possessive) return pos + apostrophe + 1;
      pos += apostrophe;
    } else {
      return pos;
    }
  }
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) | 0x20) != static_cast<unsigned char>(prefix[i])) return false;
  }
  return true;
}

/** Bytes of a URL's "http://" or "https://" (and "www." after it) at the start of @p text. */
std::size_t url_prefix_length(std::string_view text) {
  std::size_t length = 0;
  if (starts_with_ignoring_case(text, "http://")) length = 7;
  else if (starts_with_ignoring_case(text, "https://")) length = 8;
  else return 0;
  if (starts_with_ignoring_case(text.substr(length), "www.")) length += 4;
  return length;
}

/** True when @p term is made of letters alone: ASCII letters or any non-ASCII character. */
bool is_letters_only(std::string_view term) {
  return std::all_of(term.begin(), term.end(), [](char ch) {
    const auto byte = static_cast<unsigned char>(ch);
    return byte >= 0x80 || ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z');
  });
}

bool is_english(std::string_view language) { return language == "english" || language == "porter"; }

std::string stemmer_names() {
  std::string names;
  for (const char** name = sb_stemmer_list(); *name != nullptr; ++name) {
    if (!names.empty()) names += ", ";
    names += *name;
  }
  return names;
}

bool is_stemmer_name(std::string_view language) {
  for (const char** name = sb_stemmer_list(); *name != nullptr; ++name) {
    if (language == *name) return true;
  }
  return false;
}

}  // namespace

void Analyzer::StemmerDeleter::operator()(sb_stemmer* stemmer) const noexcept { sb_stemmer_delete(stemmer); }

Expected<Analyzer> Analyzer::create(const Options& options) {
  if (!is_stemmer_name(options.language)) {
    return make_error(ErrorCode::invalid_argument,
                      "unknown analyzer language \"" + shown_text(options.language) + "\"; expected one of: " + stemmer_names());
  }
  sb_stemmer* stemmer = options.stem ? sb_stemmer_new(options.language.c_str(), "UTF_8") : nullptr;
  return Analyzer(options, stemmer);
}

Analyzer::Analyzer() : Analyzer(Options{}, sb_stemmer_new("english", "UTF_8")) {}

Analyzer::Analyzer(Options options, sb_stemmer* stemmer)
    : options_(std::move(options)), english_(is_english(options_.language)), stemmer_(stemmer) {}

Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

void Analyzer::analyze(std::string_view text, std::vector<Token>& out) { run(text, out, options_.stopwords); }

std::string Analyzer::normalize_term(std::string_view word) {
  run(word, single_, false);
  return single_.empty() ? std::string() : std::string(single_.front().term);
}

bool Analyzer::is_stopword(std::string_view term) const noexcept {
  return options_.stopwords && english_ && is_english_stopword(term);
}

void Analyzer::run(std::string_view text, std::vector<Token>& out, bool drop_stopwords) {
  out.clear();
  terms_.clear();
  term_ranges_.clear();
  word_ranges_.clear();
  text = text.substr(0, std::min<std::size_t>(text.size(), std::numeric_limits<std::uint32_t>::max()));
  std::uint32_t position = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80 && !kAsciiWord[byte]) {
      ++pos;
      continue;
    }
    const Char c = decode(text, pos);
    if (c.kind == Kind::word) {
      if (const std::size_t skip = (byte | 0x20) == 'h' ? url_prefix_length(text.substr(pos)) : 0) {
        pos += skip;
        continue;
      }
      pos = read_compound(text, pos);
      emit_compound(text, position, drop_stopwords, out);
    } else if (c.kind == Kind::ideograph) {
      const Span span{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + c.width)};
      finish_term(append_normalized(text.substr(pos, c.width)), position++, span, drop_stopwords, out);
      pos += c.width;
    } else {
      pos += c.width;
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].term = std::string_view(terms_.data() + term_ranges_[i].offset, term_ranges_[i].size);
    out[i].word = std::string_view(terms_.data() + word_ranges_[i].offset, word_ranges_[i].size);
  }
}

std::size_t Analyzer::read_compound(std::string_view text, std::size_t pos) {
  parts_.clear();
  for (;;) {
    std::size_t end = pos;
    const auto start = static_cast<std::uint32_t>(pos);
    pos = read_part(text, pos, end);
    parts_.push_back(Span{start, static_cast<std::uint32_t>(end)});
    const std::size_t hyphen = pos < text.size() ? hyphen_width(text, pos) : 0;
    if (hyphen == 0 || decode(text, pos + hyphen).kind != Kind::word) return pos;
    pos += hyphen;
  }
}

void Analyzer::emit_compound(std::string_view text, std::uint32_t& position, bool drop_stopwords,
                             std::vector<Token>& out) {
  part_forms_.clear();
  bool all_kept = true;
  bool letters_only = true;
  std::size_t joined_size = 0;
  for (const Span& part : parts_) {
    const TermRange form = append_normalized(text.substr(part.start, part.end - part.start));
    part_forms_.push_back(form);
    const std::string_view term(terms_.data() + form.offset, form.size);
    all_kept = all_kept && !term.empty() && term.size() <= kMaxTermBytes;
    letters_only = letters_only && is_letters_only(term);
    joined_size += term.size();
  }
  if (!letters_only) joined_size += parts_.size() - 1;
  if (parts_.size() > 1 && all_kept && joined_size <= kMaxTermBytes) {
    const Span whole{parts_.front().start, parts_.back().end};
    finish_term(append_joined(joined_size, letters_only), position, whole, drop_stopwords, out);
  }
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    finish_term(part_forms_[i], position + static_cast<std::uint32_t>(i), parts_[i], drop_stopwords, out);
  }
  position += static_cast<std::uint32_t>(parts_.size());
}

Analyzer::TermRange Analyzer::append_joined(std::size_t capacity, bool letters_only) {
  terms_.reserve(terms_.size() + capacity);
  const TermRange joined{terms_.size(), 0};
  for (std::size_t i = 0; i < part_forms_.size(); ++i) {
    if (i > 0 && !letters_only) terms_ += '-';
    terms_.append(terms_.data() + part_forms_[i].offset, part_forms_[i].size);
  }
  return {joined.offset, terms_.size() - joined.offset};
}

bool Analyzer::append_lower_ascii(std::string_view surface) {
  const std::size_t offset = terms_.size();
  terms_.resize(offset + surface.size());
  char* out = terms_.data() + offset;
  for (const char ch : surface) {
    if (static_cast<unsigned char>(ch) >= 0x80) {
      terms_.resize(offset);
      return false;
    }
    *out = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch | 0x20) : ch;
    out += ch != '\'';
  }
  terms_.resize(static_cast<std::size_t>(out - terms_.data()));
  return true;
}

Analyzer::TermRange Analyzer::append_normalized(std::string_view surface) {
  const std::size_t offset = terms_.size();
  if (surface.size() > kMaxWordBytes) return {offset, 0};
  if (append_lower_ascii(surface)) return {offset, terms_.size() - offset};
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(surface.data());
  const auto size = static_cast<utf8proc_ssize_t>(surface.size());
  utf8proc_ssize_t count = -1;
  for (;;) {
    const auto room = static_cast<utf8proc_ssize_t>(code_points_.size());
    count = utf8proc_decompose(bytes, size, code_points_.data(), room, kFoldOptions);
    if (count < 0 || count <= room) break;
    code_points_.resize(static_cast<std::size_t>(count));
  }
  if (count <= 0) return {offset, 0};
  const utf8proc_ssize_t length = utf8proc_reencode(code_points_.data(), count, kFoldOptions);
  if (length < 0) return {offset, 0};
  const std::string_view folded(reinterpret_cast<const char*>(code_points_.data()), static_cast<std::size_t>(length));
  for (std::size_t i = 0; i < folded.size();) {
    const std::size_t apostrophe = apostrophe_width(folded, i);
    if (apostrophe == 0) terms_ += folded[i];
    i += std::max<std::size_t>(apostrophe, 1);
  }
  return {offset, terms_.size() - offset};
}

std::string_view Analyzer::stem(std::string_view word) {
  const bool cacheable = word.size() <= kCachedWordBytes;
  if (cacheable && stem_cache_.empty()) stem_cache_.resize(kStemCacheSlots);
  CachedStem* slot = cacheable ? &stem_cache_[hash_term(word) & (kStemCacheSlots - 1)] : nullptr;
  if (slot != nullptr && std::string_view(slot->word, slot->word_size) == word) {
    return {slot->stem, slot->stem_size};
  }
  const sb_symbol* stemmed = sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                                             static_cast<int>(word.size()));
  if (stemmed == nullptr) return word;
  const std::string_view result(reinterpret_cast<const char*>(stemmed),
                                static_cast<std::size_t>(sb_stemmer_length(stemmer_.get())));
  if (slot != nullptr && result.size() <= kCachedWordBytes) {
    slot->word_size = static_cast<std::uint8_t>(word.copy(slot->word, kCachedWordBytes));
    slot->stem_size = static_cast<std::uint8_t>(result.copy(slot->stem, kCachedWordBytes));
  }
  return result;
}

void Analyzer::finish_term(TermRange range, std::uint32_t position, Span span, bool drop_stopwords,
                           std::vector<Token>& out) {
  const std::string_view term(terms_.data() + range.offset, range.size);
  if (term.empty() || term.size() > kMaxTermBytes) return;
  if (drop_stopwords && is_stopword(term)) return;
  const TermRange word = range;
  if (stemmer_ && is_letters_only(term)) {
    const std::string_view stemmed = stem(term);
    if (stemmed != term) {
      range = {terms_.size(), stemmed.size()};
      terms_.append(stemmed);
    }
  }
  out.push_back(Token{{}, {}, position, span.start, span.end});
  term_ranges_.push_back(range);
  word_ranges_.push_back(word);
}

}  // namespace paperfeed
