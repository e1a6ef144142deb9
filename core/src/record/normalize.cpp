// Field normalisation shared by every feed parser. Each function scans for the bytes that need
// work and copies the spans between them, so plain ASCII text goes through at memory speed.
#include "paperfeed/normalize.hpp"

#include <utf8proc.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <unordered_set>

#include "paperfeed/paper.hpp"
#include "record/hash.hpp"

namespace paperfeed {
namespace {

// ---------------------------------------------------------------------------------------------
// Characters

constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim_ascii(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

/** Removes @p prefix from the front of @p text when it is there in any ASCII case. */
bool consume_prefix_nocase(std::string_view& text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != ascii_lower(prefix[i])) return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

bool consume_suffix_nocase(std::string_view& text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  std::string_view tail = text.substr(text.size() - suffix.size());
  if (!consume_prefix_nocase(tail, suffix)) return false;
  text.remove_suffix(suffix.size());
  return true;
}

/** The value of a run of at most 9 ASCII digits (the caller checked they are digits). */
int digits_value(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

void append_utf8(std::string& out, char32_t code_point) {
  utf8proc_uint8_t bytes[4];
  auto length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), bytes);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
}

bool is_code_point(std::uint32_t value) {
  return value != 0 && value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF);
}

// ---------------------------------------------------------------------------------------------
// Whitespace

/** How fold_whitespace treats a byte: copied as is, a space, other ASCII whitespace, or the
 *  lead byte of a multi-byte sequence that may be a Unicode space. */
enum ByteClass : std::uint8_t { kPlain, kSpace, kAsciiSpace, kMaybeUnicodeSpace };

constexpr std::array<std::uint8_t, 256> kByteClasses = [] {
  std::array<std::uint8_t, 256> classes{};
  for (int c = '\t'; c <= '\r'; ++c) classes[c] = kAsciiSpace;
  classes[' '] = kSpace;
  for (int lead : {0xC2, 0xE1, 0xE2, 0xE3}) classes[lead] = kMaybeUnicodeSpace;
  return classes;
}();

std::uint8_t byte_class(char c) { return kByteClasses[static_cast<unsigned char>(c)]; }

/**
 * Byte length of the Unicode space at the front of @p text, or 0: U+0085, U+00A0, U+1680,
 * U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
 */
std::size_t unicode_space_length(std::string_view text) {
  // Past the end reads as 0x100, which matches no byte below.
  auto byte = [&](std::size_t i) {
    return i < text.size() ? static_cast<unsigned>(static_cast<unsigned char>(text[i])) : 0x100u;
  };
  unsigned lead = byte(0), second = byte(1), third = byte(2);
  if (lead == 0xC2) return second == 0x85 || second == 0xA0 ? 2 : 0;
  if (lead == 0xE1) return second == 0x9A && third == 0x80 ? 3 : 0;
  if (lead == 0xE3) return second == 0x80 && third == 0x80 ? 3 : 0;
  if (lead != 0xE2) return 0;
  if (second == 0x80)
    return (third >= 0x80 && third <= 0x8A) || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0;
  return second == 0x81 && third == 0x9F ? 3 : 0;
}

/** Byte length of the whitespace character at the front of @p text, or 0. */
std::size_t whitespace_length(std::string_view text) {
  switch (byte_class(text.front())) {
    case kSpace:
    case kAsciiSpace:
      return 1;
    case kMaybeUnicodeSpace:
      return unicode_space_length(text);
    default:
      return 0;
  }
}

constexpr std::size_t kBlock = 16;

#if defined(__SSE2__)
/**
 * The index of the first byte in the 16 at @p bytes (17 are read) that fold_whitespace may
 * have to change: an ASCII control character, a space followed by a space, or a lead byte of a
 * possible Unicode space (0xC2, 0xE0–0xE3). Returns 16 when there is none.
 */
std::size_t first_fold_candidate(const char* bytes) {
  const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes));
  const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 1));
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(here, _mm_set1_epi8(0x1F)), here);
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i double_space = _mm_and_si128(_mm_cmpeq_epi8(here, space), _mm_cmpeq_epi8(next, space));
  const __m128i lead = _mm_or_si128(
      _mm_cmpeq_epi8(here, _mm_set1_epi8(static_cast<char>(0xC2))),
      _mm_cmpeq_epi8(_mm_and_si128(here, _mm_set1_epi8(static_cast<char>(0xFC))), _mm_set1_epi8(static_cast<char>(0xE0))));
  const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(control, double_space), lead)));
  return mask == 0 ? kBlock : static_cast<std::size_t>(__builtin_ctz(mask));
}
#else
/** As above, with GCC/Clang vector extensions (SIMD128 or scalar code in the wasm build). */
std::size_t first_fold_candidate(const char* bytes) {
  using Bytes16 = unsigned char __attribute__((vector_size(16)));
  using Lanes2 = std::uint64_t __attribute__((vector_size(16)));
  Bytes16 here, next;
  std::memcpy(&here, bytes, kBlock);
  std::memcpy(&next, bytes + 1, kBlock);
  const Bytes16 hits = (here < 0x20) | ((here == ' ') & (next == ' ')) | (here == 0xC2) | ((here & 0xFC) == 0xE0);
  Lanes2 lanes;
  std::memcpy(&lanes, &hits, kBlock);
  if (lanes[0] != 0) return static_cast<std::size_t>(__builtin_ctzll(lanes[0])) / 8;
  if (lanes[1] != 0) return 8 + static_cast<std::size_t>(__builtin_ctzll(lanes[1])) / 8;
  return kBlock;
}
#endif

/** The index of the first byte at or after @p pos that may need folding, or text.size(). */
std::size_t next_fold_candidate(std::string_view text, std::size_t pos) {
  while (pos + kBlock + 1 <= text.size()) {
    const std::size_t hit = first_fold_candidate(text.data() + pos);
    if (hit != kBlock) return pos + hit;
    pos += kBlock;
  }
  for (; pos < text.size(); ++pos) {
    const std::uint8_t kind = byte_class(text[pos]);
    if (kind == kAsciiSpace || kind == kMaybeUnicodeSpace) return pos;
    if (kind == kSpace && pos + 1 < text.size() && byte_class(text[pos + 1]) != kPlain) return pos;
  }
  return text.size();
}

/** @p text without the whitespace characters at either end. */
std::string_view trim_whitespace(std::string_view text) {
  std::size_t width = 0;
  while (!text.empty() && (width = whitespace_length(text)) != 0) text.remove_prefix(width);
  // From the end: step back over whole characters (continuation bytes belong to the one before).
  while (!text.empty()) {
    std::size_t start = text.size() - 1;
    while (start > 0 && start + 3 >= text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    if (whitespace_length(text.substr(start)) != text.size() - start) break;
    text.remove_suffix(text.size() - start);
  }
  return text;
}

/**
 * Appends @p text to @p out with whitespace runs folded to one space and both ends trimmed.
 * The text is copied whole first; a run of one ASCII whitespace character (the line breaks of
 * hard-wrapped abstracts) then becomes a space in place, and bytes move only after a longer run.
 */
void append_whitespace_folded(std::string_view text, std::string& out) {
  text = trim_whitespace(text);
  const std::size_t initial = out.size();
  out.append(text);
  char* folded = out.data() + initial;
  std::size_t written = 0;  // folded[0, written) is final
  std::size_t read = 0;     // text[0, read) is accounted for
  std::size_t pos = 0;
  while ((pos = next_fold_candidate(text, pos)) < text.size()) {
    std::size_t width = whitespace_length(text.substr(pos));
    if (width == 0) {  // a lead byte that starts no space (é, ©, –): plain text
      ++pos;
      continue;
    }
    // A run may start with spaces already inside the span before it ("word \n").
    std::size_t run_start = pos;
    while (run_start > read && text[run_start - 1] == ' ') --run_start;
    if (written != read) std::memmove(folded + written, text.data() + read, run_start - read);
    written += run_start - read;
    folded[written++] = ' ';
    do {
      pos += width;
    } while ((width = whitespace_length(text.substr(pos))) != 0);  // the trimmed end is never whitespace
    read = pos;
  }
  if (written != read) std::memmove(folded + written, text.data() + read, text.size() - read);
  out.resize(initial + written + (text.size() - read));
}

// ---------------------------------------------------------------------------------------------
// HTML character references

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

/** The HTML 4 entities, XML's &apos; and the HTML 5 names of Latin Extended-A letters, by name. */
constexpr NamedEntity kNamedEntities[] = {
    {"AElig", 0xC6},     {"Aacute", 0xC1},   {"Abreve", 0x102},   {"Acirc", 0xC2},    {"Agrave", 0xC0},
    {"Alpha", 0x391},    {"Aogon", 0x104},   {"Aring", 0xC5},     {"Atilde", 0xC3},   {"Auml", 0xC4},
    {"Beta", 0x392},     {"Cacute", 0x106},  {"Ccaron", 0x10C},   {"Ccedil", 0xC7},   {"Chi", 0x3A7},
    {"Dagger", 0x2021},  {"Dcaron", 0x10E},  {"Delta", 0x394},    {"ETH", 0xD0},      {"Eacute", 0xC9},
    {"Ecaron", 0x11A},   {"Ecirc", 0xCA},    {"Egrave", 0xC8},    {"Eogon", 0x118},   {"Epsilon", 0x395},
    {"Eta", 0x397},      {"Euml", 0xCB},     {"Gamma", 0x393},    {"Gbreve", 0x11E},  {"Iacute", 0xCD},
    {"Icirc", 0xCE},     {"Idot", 0x130},    {"Igrave", 0xCC},    {"Iota", 0x399},    {"Iuml", 0xCF},
    {"Kappa", 0x39A},    {"Lambda", 0x39B},  {"Lstrok", 0x141},   {"Mu", 0x39C},      {"Nacute", 0x143},
    {"Ncaron", 0x147},   {"Ntilde", 0xD1},   {"Nu", 0x39D},       {"OElig", 0x152},   {"Oacute", 0xD3},
    {"Ocirc", 0xD4},     {"Odblac", 0x150},  {"Ograve", 0xD2},    {"Omega", 0x3A9},   {"Omicron", 0x39F},
    {"Oslash", 0xD8},    {"Otilde", 0xD5},   {"Ouml", 0xD6},      {"Phi", 0x3A6},     {"Pi", 0x3A0},
    {"Prime", 0x2033},   {"Psi", 0x3A8},     {"Rcaron", 0x158},   {"Rho", 0x3A1},     {"Sacute", 0x15A},
    {"Scaron", 0x160},   {"Scedil", 0x15E},  {"Sigma", 0x3A3},    {"THORN", 0xDE},    {"Tau", 0x3A4},
    {"Tcaron", 0x164},   {"Theta", 0x398},   {"Uacute", 0xDA},    {"Ucirc", 0xDB},    {"Udblac", 0x170},
    {"Ugrave", 0xD9},    {"Upsilon", 0x3A5}, {"Uring", 0x16E},    {"Uuml", 0xDC},     {"Xi", 0x39E},
    {"Yacute", 0xDD},    {"Yuml", 0x178},    {"Zacute", 0x179},   {"Zcaron", 0x17D},  {"Zdot", 0x17B},
    {"Zeta", 0x396},     {"aacute", 0xE1},   {"abreve", 0x103},   {"acirc", 0xE2},    {"acute", 0xB4},
    {"aelig", 0xE6},     {"agrave", 0xE0},   {"alefsym", 0x2135}, {"alpha", 0x3B1},   {"amp", 0x26},
    {"and", 0x2227},     {"ang", 0x2220},    {"aogon", 0x105},    {"apos", 0x27},     {"aring", 0xE5},
    {"asymp", 0x2248},   {"atilde", 0xE3},   {"auml", 0xE4},      {"bdquo", 0x201E},  {"beta", 0x3B2},
    {"brvbar", 0xA6},    {"bull", 0x2022},   {"cacute", 0x107},   {"cap", 0x2229},    {"ccaron", 0x10D},
    {"ccedil", 0xE7},    {"cedil", 0xB8},    {"cent", 0xA2},      {"chi", 0x3C7},     {"circ", 0x2C6},
    {"clubs", 0x2663},   {"cong", 0x2245},   {"copy", 0xA9},      {"crarr", 0x21B5},  {"cup", 0x222A},
    {"curren", 0xA4},    {"dArr", 0x21D3},   {"dagger", 0x2020},  {"darr", 0x2193},   {"dcaron", 0x10F},
    {"deg", 0xB0},       {"delta", 0x3B4},   {"diams", 0x2666},   {"divide", 0xF7},   {"eacute", 0xE9},
    {"ecaron", 0x11B},   {"ecirc", 0xEA},    {"egrave", 0xE8},    {"empty", 0x2205},  {"emsp", 0x2003},
    {"ensp", 0x2002},    {"eogon", 0x119},   {"epsilon", 0x3B5},  {"equiv", 0x2261},  {"eta", 0x3B7},
    {"eth", 0xF0},       {"euml", 0xEB},     {"euro", 0x20AC},    {"exist", 0x2203},  {"fnof", 0x192},
    {"forall", 0x2200},  {"frac12", 0xBD},   {"frac14", 0xBC},    {"frac34", 0xBE},   {"frasl", 0x2044},
    {"gamma", 0x3B3},    {"gbreve", 0x11F},  {"ge", 0x2265},      {"gt", 0x3E},       {"hArr", 0x21D4},
    {"harr", 0x2194},    {"hearts", 0x2665}, {"hellip", 0x2026},  {"iacute", 0xED},   {"icirc", 0xEE},
    {"iexcl", 0xA1},     {"igrave", 0xEC},   {"image", 0x2111},   {"imath", 0x131},   {"infin", 0x221E},
    {"inodot", 0x131},   {"int", 0x222B},    {"iota", 0x3B9},     {"iquest", 0xBF},   {"isin", 0x2208},
    {"iuml", 0xEF},      {"kappa", 0x3BA},   {"lArr", 0x21D0},    {"lambda", 0x3BB},  {"lang", 0x2329},
    {"laquo", 0xAB},     {"larr", 0x2190},   {"lceil", 0x2308},   {"ldquo", 0x201C},  {"le", 0x2264},
    {"lfloor", 0x230A},  {"lowast", 0x2217}, {"loz", 0x25CA},     {"lrm", 0x200E},    {"lsaquo", 0x2039},
    {"lsquo", 0x2018},   {"lstrok", 0x142},  {"lt", 0x3C},        {"macr", 0xAF},     {"mdash", 0x2014},
    {"micro", 0xB5},     {"middot", 0xB7},   {"minus", 0x2212},   {"mu", 0x3BC},      {"nabla", 0x2207},
    {"nacute", 0x144},   {"nbsp", 0xA0},     {"ncaron", 0x148},   {"ndash", 0x2013},  {"ne", 0x2260},
    {"ni", 0x220B},      {"not", 0xAC},      {"notin", 0x2209},   {"nsub", 0x2284},   {"ntilde", 0xF1},
    {"nu", 0x3BD},       {"oacute", 0xF3},   {"ocirc", 0xF4},     {"odblac", 0x151},  {"oelig", 0x153},
    {"ograve", 0xF2},    {"oline", 0x203E},  {"omega", 0x3C9},    {"omicron", 0x3BF}, {"oplus", 0x2295},
    {"or", 0x2228},      {"ordf", 0xAA},     {"ordm", 0xBA},      {"oslash", 0xF8},   {"otilde", 0xF5},
    {"otimes", 0x2297},  {"ouml", 0xF6},     {"para", 0xB6},      {"part", 0x2202},   {"permil", 0x2030},
    {"perp", 0x22A5},    {"phi", 0x3C6},     {"pi", 0x3C0},       {"piv", 0x3D6},     {"plusmn", 0xB1},
    {"pound", 0xA3},     {"prime", 0x2032},  {"prod", 0x220F},    {"prop", 0x221D},   {"psi", 0x3C8},
    {"quot", 0x22},      {"rArr", 0x21D2},   {"radic", 0x221A},   {"rang", 0x232A},   {"raquo", 0xBB},
    {"rarr", 0x2192},    {"rcaron", 0x159},  {"rceil", 0x2309},   {"rdquo", 0x201D},  {"real", 0x211C},
    {"reg", 0xAE},       {"rfloor", 0x230B}, {"rho", 0x3C1},      {"rlm", 0x200F},    {"rsaquo", 0x203A},
    {"rsquo", 0x2019},   {"sacute", 0x15B},  {"sbquo", 0x201A},   {"scaron", 0x161},  {"scedil", 0x15F},
    {"sdot", 0x22C5},    {"sect", 0xA7},     {"shy", 0xAD},       {"sigma", 0x3C3},   {"sigmaf", 0x3C2},
    {"sim", 0x223C},     {"spades", 0x2660}, {"sub", 0x2282},     {"sube", 0x2286},   {"sum", 0x2211},
    {"sup", 0x2283},     {"sup1", 0xB9},     {"sup2", 0xB2},      {"sup3", 0xB3},     {"supe", 0x2287},
    {"szlig", 0xDF},     {"tau", 0x3C4},     {"tcaron", 0x165},   {"there4", 0x2234}, {"theta", 0x3B8},
    {"thetasym", 0x3D1}, {"thinsp", 0x2009}, {"thorn", 0xFE},     {"tilde", 0x2DC},   {"times", 0xD7},
    {"trade", 0x2122},   {"uArr", 0x21D1},   {"uacute", 0xFA},    {"uarr", 0x2191},   {"ucirc", 0xFB},
    {"udblac", 0x171},   {"ugrave", 0xF9},   {"uml", 0xA8},       {"upsih", 0x3D2},   {"upsilon", 0x3C5},
    {"uring", 0x16F},    {"uuml", 0xFC},     {"weierp", 0x2118},  {"xi", 0x3BE},      {"yacute", 0xFD},
    {"yen", 0xA5},       {"yuml", 0xFF},     {"zacute", 0x17A},   {"zcaron", 0x17E},  {"zdot", 0x17C},
    {"zeta", 0x3B6},     {"zwj", 0x200D},    {"zwnj", 0x200C},
};
static_assert(std::is_sorted(std::begin(kNamedEntities), std::end(kNamedEntities),
                             [](const NamedEntity& a, const NamedEntity& b) { return a.name < b.name; }));

/** A character reference that was read: its length after the '&' (through ';') and its value. */
struct CharacterReference {
  std::size_t length;
  char32_t code_point;
};

/** Longest reference body read: `#x10FFFF` with leading zeros, or the longest entity name. */
constexpr std::size_t kMaxReferenceLength = 32;

std::optional<char32_t> named_entity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kNamedEntities), std::end(kNamedEntities), name,
                             [](const NamedEntity& entity, std::string_view key) { return entity.name < key; });
  if (it == std::end(kNamedEntities) || it->name != name) return std::nullopt;
  return it->code_point;
}

/** Reads `#233;`, `#xE9;` or `eacute;` at the front of @p text (the text after an '&'). */
std::optional<CharacterReference> read_character_reference(std::string_view text) {
  text = text.substr(0, kMaxReferenceLength);
  auto semicolon = text.find(';');
  if (semicolon == std::string_view::npos || semicolon == 0) return std::nullopt;
  std::string_view body = text.substr(0, semicolon);
  if (body.front() != '#') {
    auto code_point = named_entity(body);
    if (!code_point) return std::nullopt;
    return CharacterReference{semicolon + 1, *code_point};
  }
  bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
  std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty()) return std::nullopt;
  std::uint32_t value = 0;
  for (char c : digits) {
    int digit = is_ascii_digit(c)                                         ? c - '0'
                : (hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f') ? ascii_lower(c) - 'a' + 10
                                                                          : -1;
    if (digit < 0) return std::nullopt;
    value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
    if (value > 0x10FFFF) return std::nullopt;
  }
  if (!is_code_point(value)) return std::nullopt;
  return CharacterReference{semicolon + 1, value};
}

/**
 * Appends @p text to @p out with its character references decoded. An ampersand that was itself
 * escaped (`&amp;lt;`, `&amp;amp;`) is decoded together with what follows, so decoding twice
 * gives what decoding once gave.
 */
void append_entities_decoded(std::string_view text, std::string& out) {
  std::size_t done = 0;
  for (;;) {
    auto ampersand = text.find('&', done);
    if (ampersand == std::string_view::npos) break;
    out.append(text.substr(done, ampersand - done));
    std::size_t next = ampersand + 1;
    char32_t decoded = '&';
    while (auto reference = read_character_reference(text.substr(next))) {
      next += reference->length;
      decoded = reference->code_point;
      if (decoded != '&') break;
    }
    append_utf8(out, decoded);
    done = next;
  }
  out.append(text.substr(done));
}

/** @p text with its character references decoded: @p text itself when it has none, else @p scratch. */
std::string_view entities_decoded(std::string_view text, std::string& scratch) {
  if (text.find('&') == std::string_view::npos) return text;
  scratch.clear();
  scratch.reserve(text.size());
  append_entities_decoded(text, scratch);
  return scratch;
}

// ---------------------------------------------------------------------------------------------
// TeX accents

/** Nested accents (`\~{\^e}`) are read this deep at most. */
constexpr int kMaxAccentDepth = 4;

/** A letter decoded from TeX: NFC code points (a base letter and marks that did not compose). */
struct TexLetter {
  std::array<char32_t, 8> code_points{};
  std::size_t count = 0;
  std::size_t end = 0;  ///< position in the input after the command
};

struct TexCommand {
  std::string_view name;
  char32_t code_point;
};

/** Accents written with a symbol (`\'e`) or a letter (`\v{z}`), and the combining mark each adds. */
constexpr TexCommand kAccents[] = {
    {"'", 0x301}, {"`", 0x300}, {"^", 0x302}, {"\"", 0x308}, {"~", 0x303}, {"=", 0x304}, {".", 0x307}, {"u", 0x306},
    {"v", 0x30C}, {"H", 0x30B}, {"c", 0x327}, {"k", 0x328},  {"r", 0x30A}, {"d", 0x323}, {"b", 0x331},
};

/** Commands that stand for a letter. */
constexpr TexCommand kLetters[] = {
    {"o", 0xF8},  {"O", 0xD8},  {"ae", 0xE6}, {"AE", 0xC6}, {"oe", 0x153}, {"OE", 0x152}, {"aa", 0xE5},
    {"AA", 0xC5}, {"ss", 0xDF}, {"l", 0x142}, {"L", 0x141}, {"i", 0x131},  {"j", 0x237},
};

std::optional<char32_t> find_command(const auto& table, std::string_view name) {
  for (const TexCommand& command : table) {
    if (command.name.size() == name.size() && command.name[0] == name[0] && command.name == name)
      return command.code_point;
  }
  return std::nullopt;
}

/** @p pos moved past any whitespace, the Unicode spaces fold_whitespace folds included. */
std::size_t skip_spaces(std::string_view text, std::size_t pos) {
  for (std::size_t width = 0; pos < text.size() && (width = whitespace_length(text.substr(pos))) != 0;) pos += width;
  return pos;
}

/** The control word or control symbol after the backslash at @p pos: `v`, `ss`, `'`, or empty at the end. */
std::string_view control_sequence(std::string_view text, std::size_t pos) {
  std::size_t start = pos + 1;
  if (start >= text.size()) return {};
  if (!is_ascii_letter(text[start])) return text.substr(start, 1);
  std::size_t end = start;
  while (end < text.size() && is_ascii_letter(text[end])) ++end;
  return text.substr(start, end - start);
}

std::optional<TexLetter> read_tex_letter(std::string_view text, std::size_t pos, int depth);

/** The letter an accent applies to: `e`, `{e}`, `{\i}`, `\i`, `{\^e}`, after optional spaces. */
std::optional<TexLetter> read_accent_base(std::string_view text, std::size_t pos, int depth) {
  if (depth > kMaxAccentDepth) return std::nullopt;
  pos = skip_spaces(text, pos);
  if (pos >= text.size()) return std::nullopt;
  if (is_ascii_letter(text[pos])) {
    TexLetter base;
    base.code_points[0] = static_cast<unsigned char>(text[pos]);
    base.count = 1;
    base.end = pos + 1;
    return base;
  }
  if (text[pos] == '\\') return read_tex_letter(text, pos, depth + 1);
  if (text[pos] != '{') return std::nullopt;
  auto inner = read_accent_base(text, pos + 1, depth + 1);
  if (!inner) return std::nullopt;
  std::size_t close = skip_spaces(text, inner->end);
  if (close >= text.size() || text[close] != '}') return std::nullopt;
  inner->end = close + 1;
  return inner;
}

/** Adds @p mark to @p letter and recomposes it to NFC (ø + acute → ǿ). */
void add_mark(TexLetter& letter, char32_t mark) {
  std::array<utf8proc_int32_t, 32> buffer{};
  utf8proc_ssize_t length = 0;
  int boundclass = 0;
  for (std::size_t i = 0; i < letter.count; ++i) {
    utf8proc_ssize_t room = static_cast<utf8proc_ssize_t>(buffer.size()) - length - 1;
    utf8proc_ssize_t written = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(letter.code_points[i]),
                                                       buffer.data() + length, room, UTF8PROC_DECOMPOSE, &boundclass);
    if (written < 0 || written > room) return;
    length += written;
  }
  buffer[static_cast<std::size_t>(length++)] = static_cast<utf8proc_int32_t>(mark);
  utf8proc_ssize_t composed = utf8proc_normalize_utf32(buffer.data(), length, UTF8PROC_COMPOSE);
  if (composed > 0) length = composed;
  letter.count = std::min(static_cast<std::size_t>(length), letter.code_points.size());
  for (std::size_t i = 0; i < letter.count; ++i) letter.code_points[i] = static_cast<char32_t>(buffer[i]);
}

/** Reads the argument of an accent at @p pos and returns the accented letter. */
std::optional<TexLetter> read_accented(std::string_view text, std::size_t pos, char32_t mark, int depth) {
  auto letter = read_accent_base(text, pos, depth);
  if (!letter) return std::nullopt;
  // An accent over \i or \j goes on the dotted letter: \'\i is í.
  if (letter->count == 1 && letter->code_points[0] == 0x131) letter->code_points[0] = 'i';
  if (letter->count == 1 && letter->code_points[0] == 0x237) letter->code_points[0] = 'j';
  add_mark(*letter, mark);
  return letter;
}

/**
 * Reads an accent or letter command at the backslash at @p pos: `\'e`, `\v{z}`, `\"{\i}`, `\o`,
 * `\ss{}`. A letter command swallows the spaces or the empty group after it, as TeX does.
 */
std::optional<TexLetter> read_tex_letter(std::string_view text, std::size_t pos, int depth) {
  if (depth > kMaxAccentDepth) return std::nullopt;
  std::string_view name = control_sequence(text, pos);
  if (name.empty()) return std::nullopt;
  std::size_t after = pos + 1 + name.size();
  if (auto mark = find_command(kAccents, name)) return read_accented(text, after, *mark, depth);
  auto code_point = find_command(kLetters, name);
  if (!code_point) return std::nullopt;
  TexLetter letter;
  letter.code_points[0] = *code_point;
  letter.count = 1;
  letter.end = text.substr(after, 2) == "{}" ? after + 2 : skip_spaces(text, after);
  return letter;
}

/** Reads a group that holds only one accent or letter command, `{\'e}` or `{\o}`, at the brace at @p pos. */
std::optional<TexLetter> read_tex_letter_group(std::string_view text, std::size_t pos) {
  std::size_t command = skip_spaces(text, pos + 1);
  if (command >= text.size() || text[command] != '\\') return std::nullopt;
  auto letter = read_tex_letter(text, command, 0);
  if (!letter) return std::nullopt;
  std::size_t close = skip_spaces(text, letter->end);
  if (close >= text.size() || text[close] != '}') return std::nullopt;
  letter->end = close + 1;
  return letter;
}

/** The closers TeX decoding searches for: of math (`$`, `$$`, `\)`, `\]`) and of a `\url{` argument. */
enum Closer : std::size_t { kDollar, kDoubleDollar, kParenthesis, kBracket, kBrace };
constexpr std::array<std::string_view, 5> kClosers = {"$", "$$", "\\)", "\\]", "}"};

/**
 * Finds closers for one text. A closer not found from some position on is not there from any
 * later position either, so it is searched for once: unclosed openers cost linear time in all.
 */
class CloserSearch {
 public:
  explicit CloserSearch(std::string_view text) : text_(text) { missing_from_.fill(std::string_view::npos); }

  /** Position of closer @p which at or after @p pos, skipping backslash escapes, or npos. */
  std::size_t find(Closer which, std::size_t pos) {
    if (pos >= missing_from_[which]) return std::string_view::npos;
    std::string_view closer = kClosers[which];
    for (std::size_t at = pos; at < text_.size(); at += text_[at] == '\\' ? 2 : 1) {
      if (text_.compare(at, closer.size(), closer) == 0) return at;
    }
    missing_from_[which] = pos;
    return std::string_view::npos;
  }

 private:
  std::string_view text_;
  std::array<std::size_t, kClosers.size()> missing_from_;
};

/** End of the math that opens at @p pos (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`), or npos when it does not close. */
std::size_t math_end(std::string_view text, std::size_t pos, CloserSearch& closers) {
  std::string_view opener = text.substr(pos, 2);
  Closer which = opener == "$$" ? kDoubleDollar : opener == "\\(" ? kParenthesis : opener == "\\[" ? kBracket : kDollar;
  std::size_t content = pos + (which == kDollar ? 1 : 2);
  std::size_t close = closers.find(which, content);
  return close == std::string_view::npos ? close : close + kClosers[which].size();
}

/** Length of what stays verbatim at the backslash at @p pos: the command, and the argument of `\url`/`\href`. */
std::size_t verbatim_command_length(std::string_view text, std::size_t pos, CloserSearch& closers) {
  std::string_view name = control_sequence(text, pos);
  std::size_t end = pos + 1 + name.size();
  if ((name == "url" || name == "href") && end < text.size() && text[end] == '{') {
    std::size_t close = closers.find(kBrace, end);
    if (close != std::string_view::npos) end = close + 1;
  }
  return end - pos;
}

constexpr std::string_view kTexEscapes = "&%_#";

bool starts_math(std::string_view text, std::size_t pos) {
  return text[pos] == '$' ||
         (text[pos] == '\\' && pos + 1 < text.size() && (text[pos + 1] == '(' || text[pos + 1] == '['));
}

/** Appends @p text to @p out with TeX accents, letters and text escapes decoded outside math. */
void append_tex_decoded(std::string_view text, std::string& out) {
  CloserSearch closers(text);
  std::size_t done = 0;
  std::size_t pos = 0;
  auto copy_to = [&](std::size_t end) {
    out.append(text.substr(done, end - done));
    done = pos = end;
  };
  while (pos < text.size()) {
    char c = text[pos];
    if (c != '\\' && c != '{' && c != '$') {
      ++pos;
      continue;
    }
    if (starts_math(text, pos)) {
      std::size_t end = math_end(text, pos, closers);
      if (end != std::string_view::npos) {
        pos = end;
        continue;
      }
    }
    std::optional<TexLetter> letter = c == '{'    ? read_tex_letter_group(text, pos)
                                      : c == '\\' ? read_tex_letter(text, pos, 0)
                                                  : std::nullopt;
    if (letter) {
      copy_to(pos);
      for (std::size_t i = 0; i < letter->count; ++i) append_utf8(out, letter->code_points[i]);
      done = pos = letter->end;
    } else if (c == '\\' && pos + 1 < text.size() && kTexEscapes.find(text[pos + 1]) != std::string_view::npos) {
      copy_to(pos);
      done = pos + 1;
      pos += 2;
    } else {
      pos += c == '\\' ? verbatim_command_length(text, pos, closers) : 1;
    }
  }
  copy_to(text.size());
}

/** @p text with TeX accents decoded: @p text itself when it has no command, else @p scratch. */
std::string_view tex_decoded(std::string_view text, std::string& scratch) {
  if (text.find('\\') == std::string_view::npos) return text;
  scratch.clear();
  scratch.reserve(text.size());
  append_tex_decoded(text, scratch);
  return scratch;
}

// ---------------------------------------------------------------------------------------------
// Names

/** Marks that trail a name in feeds: a TeX line break and footnote marks. */
constexpr std::string_view kTrailingNameMarks[] = {
    "\\\\", "*", "\u2020", "\u2021", "\u2217", "\u22C6", "\u00A7", "\u00B9", "\u00B2", "\u00B3",
};

std::string_view without_trailing_marks(std::string_view name) {
  // Every mark ends in '\\', '*' or a UTF-8 continuation byte: most names end in none of them.
  const auto ends_like_mark = [](std::string_view n) {
    if (n.empty()) return false;
    const auto last = static_cast<unsigned char>(n.back());
    return last == '\\' || last == '*' || last == ' ' || last >= 0x80;
  };
  if (!ends_like_mark(name)) return name;
  for (bool stripped = true; stripped;) {
    stripped = false;
    name = trim_ascii(name);
    for (std::string_view mark : kTrailingNameMarks) {
      if (name.ends_with(mark)) {
        name.remove_suffix(mark.size());
        stripped = true;
      }
    }
  }
  return name;
}

/** True for the generational suffixes that follow a name after a comma: Jr., Sr., II, III, IV. */
bool is_name_suffix(std::string_view word) {
  word = trim_ascii(word);
  if (!word.empty() && word.back() == '.') word.remove_suffix(1);
  for (std::string_view suffix : {"jr", "sr", "ii", "iii", "iv"}) {
    std::string_view rest = word;
    if (consume_prefix_nocase(rest, suffix) && rest.empty()) return true;
  }
  return false;
}

/** @p name without a trailing "et al." ("B. Smith et al." → "B. Smith"). */
std::string_view without_et_al(std::string_view name) {
  std::string_view rest = name;
  if (consume_suffix_nocase(rest, "et al.") || consume_suffix_nocase(rest, "et al")) {
    if (rest.empty() || is_ascii_space(rest.back())) return trim_ascii(rest);
  }
  return name;
}

/** True when the word "and" (or "&") that separates two names starts at @p pos. */
bool is_and_separator(std::string_view text, std::size_t pos, std::string_view piece) {
  std::size_t length = text.compare(pos, 3, "and") == 0 ? 3 : text[pos] == '&' ? 1 : 0;
  if (length == 0) return false;
  bool space_before = piece.empty() || is_ascii_space(piece.back());
  bool space_after = pos + length == text.size() || is_ascii_space(text[pos + length]);
  return space_before && space_after;
}

/** True when @p name has a letter or digit (any non-ASCII character counts): "{" or "-" is no name. */
bool has_name_character(std::string_view name) {
  return std::any_of(name.begin(), name.end(), [](char c) {
    return is_ascii_letter(c) || is_ascii_digit(c) || static_cast<unsigned char>(c) >= 0x80;
  });
}

/** Collects the names of split_authors, joining a "Jr." that followed a comma to the name before it. */
class AuthorList {
 public:
  /** Adds the name in @p piece, which followed a @p separator (',', ';' or 'a' for "and"). */
  void add(std::string_view piece, char separator) {
    if (trim_ascii(piece).empty()) return;
    std::string name(without_et_al(clean_name(piece)));
    if (!has_name_character(name)) return;
    if (separator == ',' && !names_.empty() && is_name_suffix(name)) {
      names_.back() += ", ";
      names_.back() += name;
      return;
    }
    names_.push_back(std::move(name));
  }

  std::vector<std::string> take() { return std::move(names_); }

 private:
  std::vector<std::string> names_;
};

// ---------------------------------------------------------------------------------------------
// arXiv identifiers

/** The parts of an arXiv id: archive (old style only), number and version (0 when absent). */
struct ArxivId {
  std::string_view archive;
  std::string_view number;
  int version = 0;
};

/** @p text without the arXiv URL, `oai:arXiv.org:` or `arXiv:` around the id; nullopt for other URLs. */
std::optional<std::string_view> arxiv_id_text(std::string_view text) {
  text = trim_ascii(text);
  bool scheme = consume_prefix_nocase(text, "https://") || consume_prefix_nocase(text, "http://");
  bool host = consume_prefix_nocase(text, "www.") || consume_prefix_nocase(text, "export.");
  if (consume_prefix_nocase(text, "arxiv.org/")) {
    if (!consume_prefix_nocase(text, "abs/") && !consume_prefix_nocase(text, "pdf/")) return std::nullopt;
    text = text.substr(0, text.find_first_of("?#"));
    if (text.ends_with('/')) text.remove_suffix(1);
    consume_suffix_nocase(text, ".pdf");
    return text;
  }
  if (scheme || host) return std::nullopt;
  if (consume_prefix_nocase(text, "oai:arxiv.org:")) return text;
  if (consume_prefix_nocase(text, "arxiv:")) return trim_ascii(text);
  return text;
}

bool is_month(int month) { return month >= 1 && month <= 12; }

/** `YYMM.NNNN` up to 1412, `YYMM.NNNNN` from 1501. */
bool is_new_style_number(std::string_view number) {
  if (number.size() < 9 || number[4] != '.') return false;
  std::string_view yymm = number.substr(0, 4);
  std::string_view serial = number.substr(5);
  if (!all_digits(yymm) || !all_digits(serial)) return false;
  int year_month = digits_value(yymm);
  return is_month(year_month % 100) && serial.size() == (year_month < 1501 ? 4u : 5u);
}

/** `YYMMNNN` of old-style ids. */
bool is_old_style_number(std::string_view number) {
  return number.size() == 7 && all_digits(number) && is_month(digits_value(number.substr(2, 2)));
}

constexpr std::size_t kMaxVersionDigits = 6;

std::optional<ArxivId> read_arxiv_id(std::string_view text) {
  auto id = arxiv_id_text(text);
  if (!id) return std::nullopt;
  ArxivId result;
  std::size_t digits = 0;
  while (digits < id->size() && is_ascii_digit((*id)[id->size() - 1 - digits])) ++digits;
  if (digits > 0 && digits < id->size() && (*id)[id->size() - 1 - digits] == 'v') {
    if (digits > kMaxVersionDigits) return std::nullopt;
    result.version = digits_value(id->substr(id->size() - digits));
    id->remove_suffix(digits + 1);
  }
  if (is_new_style_number(*id)) {
    result.number = *id;
    return result;
  }
  auto slash = id->find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view archive = id->substr(0, slash);
  result.number = id->substr(slash + 1);
  if (!is_old_style_number(result.number) || !is_arxiv_category(archive)) return std::nullopt;
  result.archive = archive.substr(0, archive.find('.'));
  return result;
}

// ---------------------------------------------------------------------------------------------
// DOIs

/** @p text without the resolver URL or "doi:" in front of a DOI; nullopt for a URL of another site. */
std::optional<std::string_view> doi_text(std::string_view text) {
  text = trim_ascii(text);
  bool scheme = consume_prefix_nocase(text, "https://") || consume_prefix_nocase(text, "http://");
  if (consume_prefix_nocase(text, "doi.org/") || consume_prefix_nocase(text, "dx.doi.org/") ||
      consume_prefix_nocase(text, "www.doi.org/")) {
    return text;
  }
  if (scheme) return std::nullopt;
  if (consume_prefix_nocase(text, "doi:")) return trim_ascii(text);
  return text;
}

/** @p doi without trailing sentence punctuation, or a closing bracket that no bracket in it opens. */
std::string_view without_trailing_punctuation(std::string_view doi) {
  auto unclosed = [&](char open, char close) {
    return std::count(doi.begin(), doi.end(), open) - std::count(doi.begin(), doi.end(), close);
  };
  auto parentheses = unclosed('(', ')');
  auto brackets = unclosed('[', ']');
  while (!doi.empty()) {
    char last = doi.back();
    if (last == ')' && parentheses < 0) {
      ++parentheses;
    } else if (last == ']' && brackets < 0) {
      ++brackets;
    } else if (std::string_view(".,;:").find(last) == std::string_view::npos) {
      break;
    }
    doi.remove_suffix(1);
  }
  return doi;
}

// ---------------------------------------------------------------------------------------------
// Dates

constexpr std::string_view kMonthNames[] = {"january", "february", "march",     "april",   "may",      "june",
                                            "july",    "august",   "september", "october", "november", "december"};

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

/** Reads @p min to @p max digits from the front of @p text. */
std::optional<int> take_number(std::string_view& text, std::size_t min, std::size_t max) {
  std::size_t count = 0;
  while (count < max && count < text.size() && is_ascii_digit(text[count])) ++count;
  if (count < min) return std::nullopt;
  int value = digits_value(text.substr(0, count));
  text.remove_prefix(count);
  return value;
}

bool take_char(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

/** True when @p text is a time zone: `Z`, `GMT`, `EST`, `+0000`, `-04:00`, `+05`, or nothing. */
bool is_time_zone(std::string_view text) {
  text = trim_ascii(text);
  if (text.empty()) return true;
  if (text.front() == '+' || text.front() == '-') {
    text.remove_prefix(1);
    auto hours = take_number(text, 2, 2);
    take_char(text, ':');
    auto minutes = text.empty() ? std::optional<int>(0) : take_number(text, 2, 2);
    return hours && minutes && *hours <= 23 && *minutes <= 59 && text.empty();
  }
  return text.size() <= 5 && std::all_of(text.begin(), text.end(), is_ascii_letter);
}

/** True when @p text is a time of day with an optional zone: `19:18:42 GMT`, `12:00:00.000Z`, `04:00-04:00`. */
bool is_time_of_day(std::string_view text) {
  auto hours = take_number(text, 2, 2);
  if (!hours || !take_char(text, ':')) return false;
  auto minutes = take_number(text, 2, 2);
  std::optional<int> seconds = 0;
  if (take_char(text, ':')) seconds = take_number(text, 2, 2);
  if (!text.empty() && (text.front() == '.' || text.front() == ',')) {
    text.remove_prefix(1);
    if (!take_number(text, 1, 9)) return false;
    while (!text.empty() && is_ascii_digit(text.front())) text.remove_prefix(1);
  }
  return minutes && seconds && *hours <= 24 && *minutes <= 59 && *seconds <= 60 && is_time_zone(text);
}

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD" (0 for an unknown month or day), after checking the ranges. */
std::optional<std::string> format_date(int year, int month, int day) {
  if (year < 1 || (month != 0 && !is_month(month)) || (day != 0 && (month == 0 || day > days_in_month(year, month)))) {
    return std::nullopt;
  }
  std::string date(month == 0 ? 4 : day == 0 ? 7 : 10, '-');
  auto put = [&](std::size_t pos, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
      date[pos + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  if (month != 0) put(5, month, 2);
  if (day != 0) put(8, day, 2);
  return date;
}

/** `2024`, `2024-11`, `2024-11-04`, optionally followed by `T` or a space and a time of day. */
std::optional<std::string> iso_date(std::string_view text) {
  auto year = take_number(text, 4, 4);
  if (!year) return std::nullopt;
  int month = 0;
  int day = 0;
  if (take_char(text, '-')) {
    auto m = take_number(text, 2, 2);
    if (!m) return std::nullopt;
    month = *m;
    if (take_char(text, '-')) {
      auto d = take_number(text, 2, 2);
      if (!d || *d == 0) return std::nullopt;
      day = *d;
    }
  }
  if (!text.empty()) {
    bool has_time = day != 0 && (text.front() == 'T' || text.front() == 't' || text.front() == ' ');
    if (!has_time || !is_time_of_day(text.substr(1))) return std::nullopt;
  }
  return format_date(*year, month, day);
}

/** The month named by @p word, full or abbreviated to three letters, or 0. */
int month_from_name(std::string_view word) {
  for (int month = 1; month <= 12; ++month) {
    std::string_view name = kMonthNames[month - 1];
    std::string_view rest = word;
    if (word.size() >= 3 && word.size() <= name.size() && (word.size() == 3 || word.size() == name.size()) &&
        consume_prefix_nocase(rest, name.substr(0, word.size()))) {
      return month;
    }
  }
  return 0;
}

/** RFC 822 dates: `Mon, 2 Apr 2007 19:18:42 GMT`, `2 Apr 2007`. */
std::optional<std::string> rfc822_date(std::string_view text) {
  auto comma = text.find(',');
  if (comma != std::string_view::npos &&
      std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(comma), is_ascii_letter)) {
    text = trim_ascii(text.substr(comma + 1));
  }
  auto day = take_number(text, 1, 2);
  if (!day || !take_char(text, ' ')) return std::nullopt;
  std::size_t letters = 0;
  while (letters < text.size() && is_ascii_letter(text[letters])) ++letters;
  int month = month_from_name(text.substr(0, letters));
  text.remove_prefix(letters);
  if (month == 0 || !take_char(text, ' ')) return std::nullopt;
  auto year = take_number(text, 4, 4);
  if (!year || *day == 0) return std::nullopt;
  if (!text.empty() && (!take_char(text, ' ') || !is_time_of_day(text))) return std::nullopt;
  return format_date(*year, month, *day);
}

// ---------------------------------------------------------------------------------------------
// Identity

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_letter_or_number(utf8proc_int32_t code_point) {
  switch (utf8proc_category(code_point)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

/** Appends the letters and digits of @p text, NFKC-folded, case-folded and without accents. */
bool append_unicode_key(std::string_view text, std::string& out) {
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK));
  if (length < 0) return false;
  for (utf8proc_ssize_t pos = 0; pos < length;) {
    utf8proc_int32_t code_point = 0;
    utf8proc_ssize_t width = utf8proc_iterate(mapped + pos, length - pos, &code_point);
    if (width <= 0) break;
    if (is_letter_or_number(code_point))
      out.append(reinterpret_cast<const char*>(mapped + pos), static_cast<std::size_t>(width));
    pos += width;
  }
  std::free(mapped);
  return true;
}

/** The arXiv category @p term stands for, by code or by oai_dc name, or nullopt. */
std::optional<std::string> as_arxiv_category(std::string_view term) {
  term = trim_ascii(term);
  if (term.empty()) return std::nullopt;
  if (is_arxiv_category(term)) return std::string(term);
  return arxiv_category_from_name(term);
}

/** Keeps the first of each value in @p values, in order. */
void keep_first_occurrences(std::vector<std::string>& values) {
  constexpr std::size_t kFew = 16;            // up to this many, a linear scan is cheaper than hashing
  std::unordered_set<std::string_view> seen;  // views of values[0, kept) once there are more
  std::size_t kept = 0;
  for (std::string& value : values) {
    auto first = values.begin();
    auto last = first + static_cast<std::ptrdiff_t>(kept);
    bool duplicate = kept <= kFew ? std::find(first, last, value) != last : seen.contains(value);
    if (duplicate) continue;
    if (&values[kept] != &value) values[kept] = std::move(value);
    ++kept;
    if (kept == kFew + 1) {
      seen.insert(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(kept));
    } else if (kept > kFew + 1) {
      seen.insert(values[kept - 1]);
    }
  }
  values.resize(kept);
}

/** Keeps the arXiv categories of @p paper once each, primary first. */
void complete_categories(Paper& paper) {
  std::vector<std::string>& categories = paper.categories;
  std::size_t kept = 0;
  for (std::string& term : categories) {
    if (auto category = as_arxiv_category(term)) categories[kept++] = std::move(*category);
  }
  categories.resize(kept);
  keep_first_occurrences(categories);
  auto primary = as_arxiv_category(paper.primary_category);
  if (!primary) {
    paper.primary_category = categories.empty() ? std::string() : categories.front();
    return;
  }
  paper.primary_category = *primary;
  auto it = std::find(categories.begin(), categories.end(), *primary);
  if (it == categories.end()) {
    categories.insert(categories.begin(), std::move(*primary));
  } else {
    std::rotate(categories.begin(), it, it + 1);
  }
}

/** The identity of a paper with neither arXiv id nor DOI: "title:" and a hash of its title key. */
std::string title_identity(std::string_view title) {
  std::string key = title_key(title);
  if (key.empty()) return {};
  return "title:" + detail::hex64(detail::fnv1a64(key));
}

// ---------------------------------------------------------------------------------------------
// UTF-8

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

/** A step through UTF-8: the length of a well-formed sequence, or of the maximal subpart of an ill-formed one. */
struct Utf8Step {
  std::size_t length;
  bool valid;
};

/** Reads the sequence at @p pos following the well-formed byte sequences of Unicode Table 3-7. */
Utf8Step utf8_step(std::string_view text, std::size_t pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {1, true};
  std::size_t continuations = lead >= 0xC2 && lead <= 0xDF   ? 1
                              : lead >= 0xE0 && lead <= 0xEF ? 2
                              : lead >= 0xF0 && lead <= 0xF4 ? 3
                                                             : 0;
  if (continuations == 0) return {1, false};
  unsigned char low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
  unsigned char high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
  for (std::size_t i = 1; i <= continuations; ++i) {
    if (pos + i >= text.size()) return {i, false};
    auto byte = static_cast<unsigned char>(text[pos + i]);
    if (byte < low || byte > high) return {i, false};
    low = 0x80;
    high = 0xBF;
  }
  return {continuations + 1, true};
}

/** Position of the first ill-formed sequence in @p text, or npos. ASCII goes eight bytes at a time. */
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (pos + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + pos, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        pos += 8;
        continue;
      }
    }
    Utf8Step step = utf8_step(text, pos);
    if (!step.valid) return pos;
    pos += step.length;
  }
  return std::string_view::npos;
}

/** What repairing a text from its first ill-formed sequence on gives. */
struct RepairPlan {
  std::size_t repaired_size = 0;
  std::uint64_t replacements = 0;
  bool grows = false;  ///< some subpart is shorter than the U+FFFD that replaces it
};

RepairPlan plan_repair(std::string_view text, std::size_t pos) {
  RepairPlan plan;
  plan.repaired_size = pos;
  while (pos < text.size()) {
    Utf8Step step = utf8_step(text, pos);
    plan.repaired_size += step.valid ? step.length : kReplacementCharacter.size();
    if (!step.valid) {
      ++plan.replacements;
      plan.grows = plan.grows || step.length < kReplacementCharacter.size();
    }
    pos += step.length;
  }
  return plan;
}

/**
 * Appends @p shift to @p shifts, or, once kExactRepairShifts are kept, replaces the last one
 * when it is less than kRepairShiftSpacing bytes back, so that hostile input full of invalid
 * bytes cannot make the list grow with it.
 */
void note_shift(std::vector<RepairShift>& shifts, RepairShift shift) {
  if (shifts.size() >= kExactRepairShifts && shift.repaired - shifts.back().repaired < kRepairShiftSpacing) {
    shifts.back() = shift;
  } else {
    shifts.push_back(shift);
  }
}

/**
 * Writes @p text from @p pos on to @p out + pos with each ill-formed subpart replaced by U+FFFD
 * and returns the end. @p out may be @p text itself when no replacement grows. When @p shifts
 * is not null, notes where a replacement changed the length (RepairShift).
 */
std::size_t write_repaired(std::string_view text, std::size_t pos, char* out, std::vector<RepairShift>* shifts) {
  std::size_t written = pos;
  while (pos < text.size()) {
    Utf8Step step = utf8_step(text, pos);
    std::string_view piece = step.valid ? text.substr(pos, step.length) : kReplacementCharacter;
    std::memmove(out + written, piece.data(), piece.size());
    written += piece.size();
    pos += step.length;
    if (shifts && piece.size() != step.length) note_shift(*shifts, {written, pos});
  }
  return written;
}

}  // namespace

std::string fold_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_whitespace_folded(text, out);
  return out;
}

std::string decode_html_entities(std::string_view text) {
  std::string scratch;
  return std::string(entities_decoded(text, scratch));
}

std::string decode_tex_accents(std::string_view text) {
  std::string scratch;
  return std::string(tex_decoded(text, scratch));
}

std::string clean_title(std::string_view text) {
  std::string entities;
  std::string tex;
  return fold_whitespace(tex_decoded(entities_decoded(text, entities), tex));
}

std::string clean_abstract(std::string_view text) {
  std::string entities;
  return fold_whitespace(entities_decoded(text, entities));
}

std::string clean_name(std::string_view text) {
  std::string name = clean_title(text);
  std::string_view kept = without_trailing_marks(name);
  if (kept.size() == name.size()) return name;
  return std::string(kept);
}

std::optional<std::string> normalize_arxiv_id(std::string_view text) {
  auto id = read_arxiv_id(text);
  if (!id) return std::nullopt;
  if (id->archive.empty()) return std::string(id->number);
  std::string result;
  result.reserve(id->archive.size() + 1 + id->number.size());
  result.append(id->archive).append(1, '/').append(id->number);
  return result;
}

int arxiv_version(std::string_view text) {
  auto id = read_arxiv_id(text);
  return id ? id->version : 0;
}

std::optional<std::string> normalize_doi(std::string_view text) {
  auto doi = doi_text(text);
  if (!doi) return std::nullopt;
  doi = without_trailing_punctuation(
      doi->substr(0, std::find_if(doi->begin(), doi->end(), is_ascii_space) - doi->begin()));
  auto slash = doi->find('/');
  if (!doi->starts_with("10.") || doi->size() < 4 || !is_ascii_digit((*doi)[3]) || slash == std::string_view::npos ||
      slash + 1 == doi->size()) {
    return std::nullopt;
  }
  return std::string(*doi);
}

std::optional<std::string> to_iso_date(std::string_view text) {
  text = trim_ascii(text);
  if (text.empty()) return std::nullopt;
  if (auto date = iso_date(text)) return date;
  return rfc822_date(text);
}

std::vector<std::string> split_authors(std::string_view text) {
  std::string scratch;
  text = entities_decoded(text, scratch);
  AuthorList authors;
  std::string piece;
  char separator = 0;
  int parens = 0;
  int braces = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == '(' || c == ')') {
      parens = std::max(0, parens + (c == '(' ? 1 : -1));
      continue;
    }
    if (parens > 0) continue;
    braces = std::max(0, braces + (c == '{') - (c == '}'));
    if (braces == 0 && (c == ',' || c == ';')) {
      authors.add(piece, separator);
      piece.clear();
      separator = c;
      continue;
    }
    if (braces == 0 && is_and_separator(text, pos, piece)) {
      authors.add(piece, separator);
      piece.clear();
      separator = 'a';
      pos += c == '&' ? 0 : 2;
      continue;
    }
    piece += c;
  }
  authors.add(piece, separator);
  return authors.take();
}

std::string flip_last_first(std::string_view name) {
  std::string_view parts[3];
  std::size_t count = 0;
  for (std::string_view rest = name; count < 3;) {
    auto comma = rest.find(',');
    parts[count++] = trim_ascii(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
    if (count == 3) return std::string(name);
  }
  if (count == 1 || is_name_suffix(parts[1])) return std::string(name);
  if (count == 3 && !is_name_suffix(parts[2])) return std::string(name);
  std::string flipped(parts[1]);
  if (!flipped.empty()) flipped += ' ';
  flipped += parts[0];
  if (count == 3) flipped.append(1, ' ').append(parts[2]);
  return flipped;
}

std::string title_key(std::string_view title) {
  std::string entities;
  std::string tex;
  std::string_view text = tex_decoded(entities_decoded(title, entities), tex);
  std::string key;
  key.reserve(text.size());
  if (is_ascii(text)) {
    for (char c : text) {
      if (is_ascii_letter(c) || is_ascii_digit(c)) key += ascii_lower(c);
    }
    return key;
  }
  if (append_unicode_key(text, key)) return key;
  std::string repaired(text);
  repair_utf8(repaired);
  append_unicode_key(repaired, key);
  return key;
}

void complete_identity(Paper& paper) {
  if (!paper.doi.empty()) paper.doi = normalize_doi(paper.doi).value_or(std::string());
  std::optional<std::string> arxiv_id = normalize_arxiv_id(paper.id.empty() ? paper.url : paper.id);
  if (!arxiv_id && paper.id.empty()) arxiv_id = normalize_arxiv_id(paper.pdf);
  if (arxiv_id) {
    paper.id = std::move(*arxiv_id);
    if (paper.url.empty()) paper.url = "https://arxiv.org/abs/" + paper.id;
    if (paper.pdf.empty()) paper.pdf = "https://arxiv.org/pdf/" + paper.id;
  } else if (paper.id.empty() && !paper.doi.empty()) {
    paper.id = "doi:";
    std::transform(paper.doi.begin(), paper.doi.end(), std::back_inserter(paper.id), ascii_lower);
  } else if (paper.id.empty()) {
    paper.id = title_identity(paper.title);
  }
  complete_categories(paper);
}

namespace {

/** repair_utf8, noting shifts when @p shifts is not null. */
std::uint64_t repair_utf8_noting(std::string& text, std::vector<RepairShift>* shifts) {
  std::size_t pos = first_invalid_utf8(text);
  if (pos == std::string::npos) return 0;
  RepairPlan plan = plan_repair(text, pos);
  if (!plan.grows) {
    text.resize(write_repaired(text, pos, text.data(), shifts));
  } else {
    std::string repaired(plan.repaired_size, '\0');
    std::memcpy(repaired.data(), text.data(), pos);
    write_repaired(text, pos, repaired.data(), shifts);
    text = std::move(repaired);
  }
  return plan.replacements;
}

}  // namespace

std::uint64_t repair_utf8(std::string& text) { return repair_utf8_noting(text, nullptr); }

std::uint64_t repair_utf8(std::string& text, std::vector<RepairShift>& shifts) { return repair_utf8_noting(text, &shifts); }

namespace {

/** True for a code point shown_text() replaces: C0, DEL, C1, line/paragraph separators, bidi controls. */
bool is_unprintable(char32_t code) {
  return code < 0x20 || (code >= 0x7F && code <= 0x9F) || code == 0x2028 || code == 0x2029 ||
         (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069) || code == 0x200E || code == 0x200F ||
         code == 0x061C || code == 0xFFFD;
}

}  // namespace

bool all_digits(std::string_view text) noexcept {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_ascii_digit);
}

std::string shown_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  const std::string_view head = text.substr(0, max_bytes);
  for (std::size_t pos = 0; pos < head.size();) {
    const Utf8Step step = utf8_step(head, pos);
    char32_t code = 0xFFFD;
    if (step.valid) {
      code = static_cast<unsigned char>(head[pos]) & (step.length == 1 ? 0x7F : 0xFF >> (step.length + 1));
      for (std::size_t i = 1; i < step.length; ++i) code = (code << 6) | (static_cast<unsigned char>(head[pos + i]) & 0x3F);
    }
    if (is_unprintable(code)) {
      out += '?';
    } else {
      out.append(head, pos, step.length);
    }
    pos += step.length;
  }
  if (text.size() > max_bytes) out += "…";
  return out;
}

std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

/** 0–99 as two digits. */
std::string two_digits(std::int64_t n) { return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; }

}  // namespace

namespace {

/** Year, month and day of a day count (H. Hinnant's civil_from_days). */
struct CivilDate {
  std::int64_t year, month, day;
};

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp + (mp < 10 ? 3 : -9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

}  // namespace

std::int64_t year_from_days(std::int64_t days) { return civil_from_days(days).year; }

std::string iso_date_from_days(std::int64_t days) {
  const auto [y, m, d] = civil_from_days(days);
  if (y < 0 || y > 9999) return std::to_string(days) + "d";  // only `date:<0000-01-01`
  return two_digits(y / 100) + two_digits(y % 100) + "-" + two_digits(m) + "-" + two_digits(d);
}

std::optional<std::int64_t> iso_date_days(std::string_view date) {
  auto digits = [&](std::size_t at, std::size_t count) -> std::optional<std::int64_t> {
    if (date.size() < at + count) return std::nullopt;
    std::int64_t value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (date[i] < '0' || date[i] > '9') return std::nullopt;
      value = value * 10 + (date[i] - '0');
    }
    return value;
  };
  const auto year = digits(0, 4);
  if (!year) return std::nullopt;
  const auto month = date.size() >= 7 && date[4] == '-' ? digits(5, 2) : std::optional<std::int64_t>(1);
  const auto day = date.size() >= 10 && date[7] == '-' ? digits(8, 2) : std::optional<std::int64_t>(1);
  if (!month || !day || *month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
  return days_from_civil(*year, *month, *day);
}

std::optional<std::int64_t> calendar_day(std::string_view text) {
  const auto days = text.size() == 10 ? iso_date_days(text) : std::nullopt;
  if (!days || iso_date_from_days(*days) != text) return std::nullopt;
  return days;
}

}  // namespace paperfeed
