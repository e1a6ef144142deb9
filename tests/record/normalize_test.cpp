#include "paperfeed/normalize.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "paperfeed/paper.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

using Case = std::pair<std::string, std::string>;
using OptionalCase = std::pair<std::string, std::optional<std::string>>;

/** Checks f(input) == expected for each case, and that f is idempotent on it. */
template <class Function>
void check_cases(Function f, const std::vector<Case>& cases) {
  for (const auto& [input, expected] : cases) {
    INFO("input: " << input);
    std::string once = f(input);
    CHECK(once == expected);
    CHECK(f(once) == once);
  }
}

/** The same for functions that return nullopt on input they do not accept. */
template <class Function>
void check_optional_cases(Function f, const std::vector<OptionalCase>& cases) {
  for (const auto& [input, expected] : cases) {
    INFO("input: " << input);
    std::optional<std::string> once = f(input);
    CHECK(once == expected);
    if (once) CHECK(f(*once) == once);
  }
}

/** Every value between <tag> and </tag> in @p text, entities decoded. */
std::vector<std::string> element_values(const std::string& text, const std::string& tag) {
  std::vector<std::string> values;
  const std::string open = "<" + tag + ">";
  const std::string close = "</" + tag + ">";
  for (auto start = text.find(open); start != std::string::npos; start = text.find(open, start)) {
    start += open.size();
    auto end = text.find(close, start);
    if (end == std::string::npos) break;
    values.push_back(decode_html_entities(text.substr(start, end - start)));
  }
  return values;
}

bool has_digit(const std::string& text) { return text.find_first_of("0123456789") != std::string::npos; }

}  // namespace

TEST_CASE("fold_whitespace folds ASCII and Unicode spaces to one space and trims", "[normalize]") {
  const std::vector<Case> fold_whitespace_cases = {
      {"", ""},
      {"   ", ""},
      {"plain words stay", "plain words stay"},
      {"  leading and trailing  ", "leading and trailing"},
      {"Multimodal\n  Models", "Multimodal Models"},
      {"a\r\n\tb\v\fc", "a b c"},
      {"a\u00A0b", "a b"},  // U+00A0 NBSP
      {"a \u00A0 \n b", "a b"},
      {"a\u2000b\u200Ac", "a b c"},                    // U+2000, U+200A
      {"a\u202Fb\u3000c", "a b c"},                    // U+202F, U+3000
      {"a\u0085b\u2028c\u205Fd\u1680e", "a b c d e"},  // NEL, LS, MMSP, Ogham
      {"\u00A0a\u3000", "a"},
      // Other non-ASCII characters, including those sharing a lead byte with a space, are kept.
      {"café °C … \u200B 、", "café °C … \u200B 、"},
      {"x \xC2", "x \xC2"},
  };
  check_cases(fold_whitespace, fold_whitespace_cases);
}

TEST_CASE("fold_whitespace matches a character-by-character reference on random text", "[normalize]") {
  // Pieces chosen to hit the eight-byte fast path at every alignment.
  const std::vector<std::string> pieces = {"a",    "bc",     "defghij", " ",      " ", "  ", "\n",   "\t",
                                           "\r\n", "\u00A0", "\u3000",  "\u2009", "é", "°",  "\x7F", "\x01"};
  const std::vector<std::string> spaces = {" ", "\n", "\t", "\r", "\x0B", "\x0C", "\u00A0", "\u3000", "\u2009"};
  auto reference = [&](const std::string& text) {
    std::string out;
    bool pending = false;
    for (std::size_t pos = 0; pos < text.size();) {
      auto space = std::find_if(spaces.begin(), spaces.end(),
                                [&](const std::string& s) { return text.compare(pos, s.size(), s) == 0; });
      if (space != spaces.end()) {
        pending = !out.empty();
        pos += space->size();
        continue;
      }
      if (pending) out += ' ';
      pending = false;
      out += text[pos++];
    }
    return out;
  };
  std::uint64_t state = 42;
  auto next_random = [&] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (auto count = next_random() % 40; count > 0; --count) text += pieces[next_random() % pieces.size()];
    INFO("text: " << text);
    CHECK(fold_whitespace(text) == reference(text));
  }
}

TEST_CASE("decode_html_entities decodes named and numeric references", "[normalize]") {
  const std::vector<Case> decode_html_entities_cases = {
      {"AT&amp;T &lt;b&gt; &quot;q&quot; &apos;s", "AT&T <b> \"q\" 's"},
      {"a&nbsp;b", "a\u00A0b"},
      {"Andr&eacute; M&uuml;ller Nu&ntilde;ez Gar&ccedil;on S&oslash;gaard &Aring;ngstr&ouml;m Stra&szlig;e",
       "André Müller Nuñez Garçon Søgaard Ångström Straße"},
      {"1&ndash;2 &mdash; wait&hellip;", "1–2 — wait…"},
      {"&lsquo;a&rsquo; &ldquo;b&rdquo;", "‘a’ “b”"},
      {"3&times;4 &plusmn;1 90&deg; 5&micro;m", "3×4 ±1 90° 5µm"},
      {"&alpha;&beta;&omega; &Alpha;&Omega;", "αβω ΑΩ"},
      {"&Lstrok;&oacute;d&zacute; &scaron;", "Łódź š"},
      {"&#233; &#xE9; &#XE9; &#x1F600; &#38;", "é é é 😀 &"},
      // Escaped twice: decoded to the end, so decoding again changes nothing.
      {"&amp;lt;b&amp;gt; &amp;amp;amp; &amp;eacute;", "<b> & é"},
      // Unknown, malformed and out-of-range references stay as written.
      {"&#0; &#xD800; &#xDFFF; &#x110000; &#1114112; &#xFFFFFFFFF;",
       "&#0; &#xD800; &#xDFFF; &#x110000; &#1114112; &#xFFFFFFFFF;"},
      {"&foo; &amp &eacute &; &#; &#x; &#12a; AT&T a & b", "&foo; &amp &eacute &; &#; &#x; &#12a; AT&T a & b"},
      {"&Eacute;&eacute;", "Éé"},
      {"&EACUTE;", "&EACUTE;"},
  };
  check_cases(decode_html_entities, decode_html_entities_cases);
}

TEST_CASE("decode_tex_accents decodes accents in all their spellings", "[normalize]") {
  const std::vector<Case> decode_tex_accents_cases = {
      // Real names from the corpora.
      {"Andr\\'e", "André"},
      {"Pi\\v{z}urica", "Pižurica"},
      {"J\\\"org", "Jörg"},
      {"S{\\o}gaard", "Søgaard"},
      {"\\r{u}", "ů"},
      {"P\\'eter E. Frenkel", "Péter E. Frenkel"},
      {"Mikkel {\\O}bro", "Mikkel Øbro"},
      {"R. Tom\\`as", "R. Tomàs"},
      {"Rastislav \\v{S}r\\'amek, Bro\\v{n}a Brejov\\'a, Tom\\'a\\v{s} Vina\\v{r}",
       "Rastislav Šrámek, Broňa Brejová, Tomáš Vinař"},
      {"Koll\\'ar's injectivity theorem", "Kollár's injectivity theorem"},
      // One accent, every spelling.
      {"\\'e \\'{e} {\\'e} {\\' e} {\\'{e}} \\' e", "é é é é é é"},
      {"\\'\\i{} \\'{\\i} \\\"{\\i} {\\\"\\i}", "í í ï ï"},
      {"Mart\\'\\i nez", "Martínez"},
      // Every accent.
      {"\\`a \\^o \\~n \\=a \\.z \\u{g} \\v{c} \\H{o} \\c{c} \\k{a} \\r{a} \\d{a} \\b{k}", "à ô ñ ā ż ğ č ő ç ą å ạ ḵ"},
      {"\\c c \\v Z \\c{S}ile", "ç Ž Şile"},
      // Nested accents compose too (Vietnamese), and an accent over a letter command.
      {"Nguy\\~{\\^e}n \\'{\\o}", "Nguyễn ǿ"},
      // Letter commands.
      {"\\o{} {\\o} \\O{} {\\ae} \\AE{} {\\oe} \\OE{} {\\aa} \\AA{} \\ss{} {\\l} \\L{} {\\i} {\\j}",
       "ø ø Ø æ Æ œ Œ å Å ß ł Ł ı ȷ"},
      {"\\L ukasz Gau\\ss\\ Sch{\\o}n", "Łukasz Gauß\\ Schøn"},
      // Text escapes.
      {"R\\&D 50\\% snake\\_case \\#1", "R&D 50% snake_case #1"},
      // A letter with no precomposed form keeps the combining mark.
      {"\\v{q}", "q\u030C"},
      // Math and everything unknown stays verbatim.
      {"$\\alpha$ and $\\'e$", "$\\alpha$ and $\\'e$"},
      {"$$\\'e$$ \\(\\'e\\) \\[\\'e\\] \\'e", "$$\\'e$$ \\(\\'e\\) \\[\\'e\\] é"},
      {"$\\$5\\'e$ \\'e", "$\\$5\\'e$ é"},
      {"\\emph{x} \\url{http://a.b/c\\_d} \\href{http://x\\_y}{Andr\\'e} \\$ \\foo \\rho \\cite{k}",
       "\\emph{x} \\url{http://a.b/c\\_d} \\href{http://x\\_y}{André} \\$ \\foo \\rho \\cite{k}"},
      {"\\\\'e line\\\\break", "\\\\'e line\\\\break"},
      {"{BERT} {\\'e\\'e} {{\\'e}}", "{BERT} {éé} {é}"},
      {"costs $5 for Andr\\'e", "costs $5 for André"},
      {"\\'{} \\^{} \\~{}", "\\'{} \\^{} \\~{}"},
      {"\\'1 \\\"", "\\'1 \\\""},
  };
  check_cases(decode_tex_accents, decode_tex_accents_cases);
}

TEST_CASE("clean_title, clean_abstract and clean_name", "[normalize]") {
  const std::vector<Case> clean_title_cases = {
      {"Unmasking the Version-Switching Capabilities of Large Multimodal\n  Models",
       "Unmasking the Version-Switching Capabilities of Large Multimodal Models"},
      {"  A transcendental approach to Koll\\'ar's injectivity theorem ",
       "A transcendental approach to Kollár's injectivity theorem"},
      {"From dyadic $\\Lambda_{\\alpha}$ to\n  $\\Lambda_{\\alpha}$",
       "From dyadic $\\Lambda_{\\alpha}$ to $\\Lambda_{\\alpha}$"},
      {"Q&amp;A for Andr&eacute; and\u00A0Andr\\'e", "Q&A for André and André"},
  };
  check_cases(clean_title, clean_title_cases);
  const std::vector<Case> clean_abstract_cases = {
      {"  We study $x^2$ and\n  \\'e.\n", "We study $x^2$ and \\'e."},
      {"a &lt; b&nbsp;&nbsp;c", "a < b c"},
  };
  check_cases(clean_abstract, clean_abstract_cases);
  const std::vector<Case> clean_name_cases = {
      {"Yi-Fan Zhang†", "Yi-Fan Zhang"},
      {"Tao Yu ‡*", "Tao Yu"},
      {"Jane Doe\\\\", "Jane Doe"},
      {"Jane Doe \\\\ ", "Jane Doe"},
      {"Mikkel {\\O}bro", "Mikkel Øbro"},
      {" Andr&eacute;\n  Weil ", "André Weil"},
      {"*", ""},
  };
  check_cases(clean_name, clean_name_cases);
}

TEST_CASE("normalize_arxiv_id and arxiv_version", "[normalize]") {
  const std::vector<OptionalCase> normalize_arxiv_id_cases = {
      {"2411.02327", "2411.02327"},
      {"2411.02327v2", "2411.02327"},
      {" 0704.0002 ", "0704.0002"},
      {"1412.9999", "1412.9999"},
      {"1501.00001", "1501.00001"},
      {"astro-ph/0601001v1", "astro-ph/0601001"},
      {"hep-ex/0406020v1", "hep-ex/0406020"},
      {"math.GT/0309136", "math/0309136"},
      {"cond-mat.mes-hall/0101001", "cond-mat/0101001"},
      {"solv-int/9901001", "solv-int/9901001"},
      {"arXiv:2411.02327", "2411.02327"},
      {"ARXIV:2411.02327v4", "2411.02327"},
      {"arxiv: hep-th/9901001", "hep-th/9901001"},
      {"oai:arXiv.org:2508.13167v1", "2508.13167"},
      {"oai:arXiv.org:quant-ph/0201082", "quant-ph/0201082"},
      {"https://arxiv.org/abs/2411.02327v3", "2411.02327"},
      {"http://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"},
      {"http://export.arxiv.org/abs/0704.0002v1", "0704.0002"},
      {"https://www.arxiv.org/pdf/2411.02327v1.pdf", "2411.02327"},
      {"https://arxiv.org/pdf/2411.02327", "2411.02327"},
      {"https://arxiv.org/abs/2411.02327?context=cs", "2411.02327"},
      {"abc", std::nullopt},
      {"", std::nullopt},
      {"0000.0000", std::nullopt},
      {"2413.00001", std::nullopt},
      {"1412.12345", std::nullopt},
      {"1501.1234", std::nullopt},
      {"2411.0232", std::nullopt},
      {"2411.02327v", std::nullopt},
      {"2411.02327 v2", std::nullopt},
      {"foo/0601001", std::nullopt},
      {"astro-ph/0613001", std::nullopt},
      {"astro-ph/060100", std::nullopt},
      {"https://example.org/abs/2411.02327", std::nullopt},
      {"https://arxiv.org/list/cs.LG/recent", std::nullopt},
      {"10.48550/arXiv.2411.02327", std::nullopt},
  };
  check_optional_cases(normalize_arxiv_id, normalize_arxiv_id_cases);
  CHECK(arxiv_version("2411.02327v3") == 3);
  CHECK(arxiv_version("https://arxiv.org/pdf/2411.02327v12.pdf") == 12);
  CHECK(arxiv_version("oai:arXiv.org:hep-th/9901001v2") == 2);
  CHECK(arxiv_version("2411.02327") == 0);
  CHECK(arxiv_version("abcv3") == 0);
}

TEST_CASE("normalize_doi strips resolvers and keeps case", "[normalize]") {
  const std::vector<OptionalCase> normalize_doi_cases = {
      {"10.1103/PhysRevLett.98.010401", "10.1103/PhysRevLett.98.010401"},
      {"https://doi.org/10.1000/ABC.1", "10.1000/ABC.1"},
      {"http://dx.doi.org/10.1000/x", "10.1000/x"},
      {"https://www.doi.org/10.1000/x", "10.1000/x"},
      {"doi:10.1/x.", "10.1/x"},
      {" DOI: 10.48550/arXiv.2411.02327 ", "10.48550/arXiv.2411.02327"},
      {"10.1000/x;", "10.1000/x"},
      {"10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
       "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"},
      {"10.1000/abc(1))", "10.1000/abc(1)"},
      {"10.1103/PhysRevD.76.013009 10.1103/PhysRevD.76.019901", "10.1103/PhysRevD.76.013009"},
      {"", std::nullopt},
      {"11.1/x", std::nullopt},
      {"10.1", std::nullopt},
      {"10./x", std::nullopt},
      {"10.1000/", std::nullopt},
      {"https://example.org/10.1000/x", std::nullopt},
      {"not a doi", std::nullopt},
  };
  check_optional_cases(normalize_doi, normalize_doi_cases);
}

TEST_CASE("to_iso_date reads the date formats of the feeds and checks ranges", "[normalize]") {
  const std::vector<OptionalCase> to_iso_date_cases = {
      {"2024-11-04T12:00:00.000Z", "2024-11-04"},
      {"2025-08-20T00:00:00-04:00", "2025-08-20"},
      {"2025-08-20T04:00:19.866337+00:00", "2025-08-20"},
      {"2025-03-19 08:00:00", "2025-03-19"},
      {"2007-04-02T19:18:42Z", "2007-04-02"},
      {"2024-11-04", "2024-11-04"},
      {"2024-11", "2024-11"},
      {"2024", "2024"},
      {"  2024-11-04\n", "2024-11-04"},
      {"Mon, 2 Apr 2007 19:18:42 GMT", "2007-04-02"},
      {"Wed, 20 Aug 2025 00:00:00 -0400", "2025-08-20"},
      {"2 Apr 2007", "2007-04-02"},
      {"02 September 2008", "2008-09-02"},
      {"2024-02-29", "2024-02-29"},
      {"2000-02-29", "2000-02-29"},
      {"1900-02-29", std::nullopt},
      {"2023-02-29", std::nullopt},
      {"2024-04-31", std::nullopt},
      {"2024-13", std::nullopt},
      {"2024-00-10", std::nullopt},
      {"2024-11-00", std::nullopt},
      {"0000", std::nullopt},
      {"31 Feb 2024", std::nullopt},
      {"2 Foo 2007", std::nullopt},
      {"2024-11-04T25:00:00Z", std::nullopt},
      {"2024-11-04 and more", std::nullopt},
      {"2024/11/04", std::nullopt},
      {"11/04/2024", std::nullopt},
      {"yesterday", std::nullopt},
      {"", std::nullopt},
  };
  check_optional_cases(to_iso_date, to_iso_date_cases);
}

TEST_CASE("split_authors splits author lists and drops affiliations", "[normalize]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"A, B and C", {"A", "B", "C"}},
      {"A, B, and C", {"A", "B", "C"}},
      {"A and B", {"A", "B"}},
      {"A; B", {"A", "B"}},
      {"A, B", {"A", "B"}},
      {"A & B", {"A", "B"}},
      {"Ileana Streinu (Smith College)", {"Ileana Streinu"}},
      {"Ileana Streinu and Louis Theran", {"Ileana Streinu", "Louis Theran"}},
      {"A (1), B (2) ((1) MIT, (2) CMU)", {"A", "B"}},
      {"Arthur Jaffe (1) and Gordon Ritter (1) ((1) Harvard University)", {"Arthur Jaffe", "Gordon Ritter"}},
      {"A. S. Mishchenko (1 and 2) and N. Nagaosa (1 and 3) ((1) CREST, Japan\n  Science and Technology Agency, (2) "
       "Russian Research Centre ``Kurchatov\n  Institute'', (3) The University of Tokyo)",
       {"A. S. Mishchenko", "N. Nagaosa"}},
      {"A. A. Schekochihin (Oxford), S. C. Cowley (Culham), W. Dorland\n  (Maryland)",
       {"A. A. Schekochihin", "S. C. Cowley", "W. Dorland"}},
      {"A. Esteban-Pretel, R. Tom\\`as and J. W. F. Valle", {"A. Esteban-Pretel", "R. Tomàs", "J. W. F. Valle"}},
      {"Rastislav \\v{S}r\\'amek, Bro\\v{n}a Brejov\\'a, Tom\\'a\\v{s} Vina\\v{r}",
       {"Rastislav Šrámek", "Broňa Brejová", "Tomáš Vinař"}},
      {"Alberto Vecchio and\n  Graham Woan", {"Alberto Vecchio", "Graham Woan"}},
      {"Martin Luther King, Jr.", {"Martin Luther King, Jr."}},
      {"Martin Luther King, Jr., Coretta Scott King", {"Martin Luther King, Jr.", "Coretta Scott King"}},
      {"{Smith, and Jones} and Lee", {"{Smith, and Jones}", "Lee"}},
      {"Andr&eacute; Weil &amp; Henri Cartan", {"André Weil", "Henri Cartan"}},
      {"Alexander Sandler and Anand Rao", {"Alexander Sandler", "Anand Rao"}},
      {"Yi-Fan Zhang†, Tao Yu", {"Yi-Fan Zhang", "Tao Yu"}},
      {"B. Smith, C. Jones et al.", {"B. Smith", "C. Jones"}},
      {"A,, B ;; and", {"A", "B"}},
      {"", {}},
  };
  for (const auto& [input, expected] : cases) {
    INFO("input: " << input);
    CHECK(split_authors(input) == expected);
  }
}

TEST_CASE("flip_last_first turns 'Last, First' around", "[normalize]") {
  const std::vector<Case> flip_last_first_cases = {
      {"Sauerbier, Charles", "Charles Sauerbier"},
      {"Sauerbier,Charles", "Charles Sauerbier"},
      {"King, Martin Luther, Jr.", "Martin Luther King Jr."},
      {"de la Cruz, Juan", "Juan de la Cruz"},
      {"Charles Sauerbier", "Charles Sauerbier"},
      {"Martin Luther King, Jr.", "Martin Luther King, Jr."},
      {"Madonna,", "Madonna"},
      {"A, B, C", "A, B, C"},
      {"", ""},
  };
  check_cases(flip_last_first, flip_last_first_cases);
}

TEST_CASE("is_arxiv_category accepts arXiv categories only", "[normalize]") {
  for (const char* term : {"cs.LG",    "math.AG",  "astro-ph.CO", "cond-mat.mes-hall", "physics.comp-ph",
                           "q-bio.NC", "stat.ML",  "eess.SP",     "econ.GN",           "hep-th",
                           "gr-qc",    "quant-ph", "math-ph",     "nlin.CD",           "q-fin.ST",
                           "astro-ph", "cmp-lg",   "solv-int",    "supr-con",          "chao-dyn",
                           "cs"}) {
    INFO(term);
    CHECK(is_arxiv_category(term));
  }
  for (const char* term :
       {"53C25", "05C85; 05C70", "I.2.7", "F.2.2", "I.4.8; I.2.10", "H.5.m", "", "cs.", "cs.LG ", "CS.LG", "cs.L1",
        "hep", "foo.BAR", "Computer Science - Machine Learning", ".LG", "cs.LG.x"}) {
    INFO(term);
    CHECK_FALSE(is_arxiv_category(term));
  }
}

TEST_CASE("is_arxiv_category accepts every category of the 2016 OAI-PMH sample", "[normalize]") {
  auto path = test::corpus("arxiv_oai_pmh/shishir167_oai_arXivformat_cs_2016.xml");
  if (path.empty()) {
    SUCCEED("skipped: corpus absent");
    return;
  }
  auto lists = element_values(test::slurp(path), "categories");
  REQUIRE(lists.size() == 1000);
  std::set<std::string> distinct;
  for (const auto& list : lists) {
    for (std::size_t start = 0; start < list.size();) {
      auto end = std::min(list.find(' ', start), list.size());
      std::string term = list.substr(start, end - start);
      INFO(term);
      CHECK(is_arxiv_category(term));
      distinct.insert(term);
      start = end + 1;
    }
  }
  CHECK(distinct.size() == 93);
}

TEST_CASE("arxiv_category_from_name and arxiv_category_name share one taxonomy", "[normalize]") {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"Computer Science - Machine Learning", "cs.LG"},
      {"Statistics - Machine Learning", "stat.ML"},
      {"Quantum Physics", "quant-ph"},
      {"Electrical Engineering and Systems Science - Systems and Control", "eess.SY"},
      {"Computer Science - Systems and Control", "cs.SY"},
      {"Mathematics - Optimization and Control", "math.OC"},
      {"Physics - Computational Physics", "physics.comp-ph"},
      {"Condensed Matter - Materials Science", "cond-mat.mtrl-sci"},
      {"Astrophysics - Instrumentation and Methods for Astrophysics", "astro-ph.IM"},
      {"Economics - General Economics", "econ.GN"},
      {"Quantitative Finance - Statistical Finance", "q-fin.ST"},
      {"Quantitative Biology - Neurons and Cognition", "q-bio.NC"},
      {"Nonlinear Sciences - Chaotic Dynamics", "nlin.CD"},
      {"High Energy Physics - Theory", "hep-th"},
      {"High Energy Physics - Lattice", "hep-lat"},
      {"General Relativity and Quantum Cosmology", "gr-qc"},
      {"Mathematical Physics", "math-ph"},
      {"Mathematics - Mathematical Physics", "math.MP"},
      {"Nuclear Theory", "nucl-th"},
      {"Astrophysics", "astro-ph"},
      {"Computer Science - Computational Engineering, Finance, and Science", "cs.CE"},
      {"  Computer Science - Artificial Intelligence\n", "cs.AI"},
  };
  for (const auto& [name, code] : names) {
    INFO(name);
    CHECK(arxiv_category_from_name(name) == code);
  }
  for (const char* name : {"", "Computer Science", "Machine Learning", "computer science - machine learning",
                           "Computer Science -  Machine Learning", "68T05", "I.2.6", "Physics - Learning"}) {
    INFO(name);
    CHECK(arxiv_category_from_name(name) == std::nullopt);
  }
  CHECK(arxiv_category_name("cs.LG") == "Machine Learning");
  CHECK(arxiv_category_name("stat.ML") == "Machine Learning");
  CHECK(arxiv_category_name("quant-ph") == "Quantum Physics");
  CHECK(arxiv_category_name("hep-th") == "High Energy Physics - Theory");
  CHECK(arxiv_category_name("cond-mat.mes-hall") == "Mesoscale and Nanoscale Physics");
  CHECK(arxiv_category_name("physics.data-an") == "Data Analysis, Statistics and Probability");
  CHECK(arxiv_category_name("astro-ph.SR") == "Solar and Stellar Astrophysics");
  CHECK(arxiv_category_name("q-fin.TR") == "Trading and Market Microstructure");
  CHECK(arxiv_category_name("eess.IV") == "Image and Video Processing");
  CHECK(arxiv_category_name("cs.XX").empty());
  CHECK(arxiv_category_name("").empty());
  CHECK(arxiv_category_name("cs").empty());
}

TEST_CASE("every subject name of the oai_dc samples maps to an arXiv category", "[normalize]") {
  std::vector<std::string> subjects;
  for (int request = 1; request <= 3; ++request) {
    auto path =
        test::corpus("arxiv_oai_pmh/thomasrobertson_oai_dc_cs_2021-03_request" + std::to_string(request) + ".xml");
    if (path.empty()) {
      SUCCEED("skipped: corpus absent");
      return;
    }
    auto values = element_values(test::slurp(path), "dc:subject");
    subjects.insert(subjects.end(), values.begin(), values.end());
  }
  REQUIRE(subjects.size() == 4791);
  std::set<std::string> names;
  std::set<std::string> classification_codes;
  for (const auto& subject : subjects) {
    INFO(subject);
    // MSC ("68T05", "Primary 11D07, …") and ACM ("I.2.7", "H.5.m") codes all carry a digit; subject names never do.
    if (has_digit(subject)) {
      classification_codes.insert(subject);
      CHECK(arxiv_category_from_name(subject) == std::nullopt);
      CHECK_FALSE(is_arxiv_category(subject));
      continue;
    }
    names.insert(subject);
    auto code = arxiv_category_from_name(subject);
    REQUIRE(code.has_value());
    CHECK(is_arxiv_category(*code));
    auto dash = subject.rfind(" - ");
    std::string short_name =
        dash == std::string::npos || code->find('.') == std::string::npos ? subject : subject.substr(dash + 3);
    CHECK(arxiv_category_name(*code) == short_name);
  }
  CHECK(names.size() == 114);
  CHECK(classification_codes.size() == 242);
}

TEST_CASE("title_key folds case, accents, compatibility forms and punctuation", "[normalize]") {
  const std::vector<Case> title_key_cases = {
      {"Attention Is All You Need!", "attentionisallyouneed"},
      {"  attention  is all you   need", "attentionisallyouneed"},
      {"Andr\\'e's Über-Title: 2nd", "andresubertitle2nd"},
      {"André's über-title: 2nd", "andresubertitle2nd"},
      {"Andr&eacute;'s &Uuml;ber-Title: 2nd", "andresubertitle2nd"},
      {"Straße", "strasse"},
      {"ﬁnite ＡＢ x²", "finiteabx2"},  // ligature fi, fullwidth AB, superscript 2
      {"Αβγ 数学 -- ά", "αβγ数学α"},
      {"$\\alpha$-Divergence", "alphadivergence"},
      {"", ""},
      {"?!", ""},
  };
  check_cases(title_key, title_key_cases);
}

TEST_CASE("complete_identity derives id, links and categories", "[normalize]") {
  SECTION("arXiv id from the URL, links and primary category filled") {
    Paper paper;
    paper.url = "http://arxiv.org/abs/2411.02327v2";
    paper.categories = {"cs.LG", "68T05", "I.2.6", "stat.ML", "cs.LG"};
    complete_identity(paper);
    CHECK(paper.id == "2411.02327");
    CHECK(paper.url == "http://arxiv.org/abs/2411.02327v2");
    CHECK(paper.pdf == "https://arxiv.org/pdf/2411.02327");
    CHECK(paper.categories == std::vector<std::string>{"cs.LG", "stat.ML"});
    CHECK(paper.primary_category == "cs.LG");
  }
  SECTION("arXiv id from the PDF link; a given id is normalised; old-style ids") {
    Paper from_pdf;
    from_pdf.pdf = "https://arxiv.org/pdf/hep-th/9901001v3.pdf";
    complete_identity(from_pdf);
    CHECK(from_pdf.id == "hep-th/9901001");
    CHECK(from_pdf.url == "https://arxiv.org/abs/hep-th/9901001");
    CHECK(from_pdf.pdf == "https://arxiv.org/pdf/hep-th/9901001v3.pdf");

    Paper versioned;
    versioned.id = "arXiv:2411.02327v4";
    complete_identity(versioned);
    CHECK(versioned.id == "2411.02327");
    CHECK(versioned.url == "https://arxiv.org/abs/2411.02327");
    CHECK(versioned.pdf == "https://arxiv.org/pdf/2411.02327");
  }
  SECTION("primary category moved or inserted to the front") {
    Paper moved;
    moved.id = "2411.02327";
    moved.categories = {"stat.ML", "cs.LG", "math.OC"};
    moved.primary_category = "cs.LG";
    complete_identity(moved);
    CHECK(moved.categories == std::vector<std::string>{"cs.LG", "stat.ML", "math.OC"});

    Paper inserted;
    inserted.id = "2411.02327";
    inserted.categories = {"stat.ML"};
    inserted.primary_category = "cs.LG";
    complete_identity(inserted);
    CHECK(inserted.categories == std::vector<std::string>{"cs.LG", "stat.ML"});
    CHECK(inserted.primary_category == "cs.LG");

    Paper named;
    named.id = "2411.02327";
    named.categories = {"Computer Science - Machine Learning", "Statistics - Machine Learning", "68T05"};
    complete_identity(named);
    CHECK(named.categories == std::vector<std::string>{"cs.LG", "stat.ML"});
    CHECK(named.primary_category == "cs.LG");

    Paper bad_primary;
    bad_primary.id = "2411.02327";
    bad_primary.categories = {"math.OC"};
    bad_primary.primary_category = "90C25";
    complete_identity(bad_primary);
    CHECK(bad_primary.primary_category == "math.OC");
    CHECK(bad_primary.categories == std::vector<std::string>{"math.OC"});
  }
  SECTION("many categories: duplicates dropped, first order kept") {
    Paper paper;
    paper.id = "2411.02327";
    std::vector<std::string> expected;
    for (char c = 'a'; c <= 'z'; ++c) expected.push_back(std::string("math.") + c);
    for (const auto& category : expected) {
      paper.categories.push_back(category);
      paper.categories.push_back("math.a");
      paper.categories.push_back(category);
    }
    complete_identity(paper);
    CHECK(paper.categories == expected);
  }
  SECTION("DOI identity, lower-cased; the DOI field normalised but its case kept") {
    Paper paper;
    paper.doi = " https://doi.org/10.1103/PhysRevLett.98.010401. ";
    paper.url = "https://journals.aps.org/prl/abstract/10.1103/PhysRevLett.98.010401";
    paper.title = "Some title";
    complete_identity(paper);
    CHECK(paper.id == "doi:10.1103/physrevlett.98.010401");
    CHECK(paper.doi == "10.1103/PhysRevLett.98.010401");
    CHECK(paper.pdf.empty());
    CHECK(paper.url == "https://journals.aps.org/prl/abstract/10.1103/PhysRevLett.98.010401");
  }
  SECTION("title identity: FNV-1a of the title key") {
    Paper paper;
    paper.title = "Attention Is All You Need";
    paper.doi = "not a doi";
    complete_identity(paper);
    CHECK(paper.doi.empty());
    // FNV-1a 64 of "attentionisallyouneed".
    CHECK(paper.id == "title:2a3b4fae3eda2ccf");
    Paper same;
    same.title = "attention is all you need.";
    complete_identity(same);
    CHECK(same.id == paper.id);
    CHECK(paper.url.empty());
    CHECK(paper.pdf.empty());
  }
  SECTION("nothing to go by: id stays empty; an existing non-arXiv id is kept") {
    Paper empty;
    complete_identity(empty);
    CHECK(empty.id.empty());
    CHECK(empty.url.empty());
    Paper punctuation;
    punctuation.title = "???";
    complete_identity(punctuation);
    CHECK(punctuation.id.empty());
    Paper kept;
    kept.id = "doi:10.1/x";
    kept.url = "https://arxiv.org/abs/2411.02327";
    complete_identity(kept);
    CHECK(kept.id == "doi:10.1/x");
    CHECK(kept.pdf.empty());
  }
  SECTION("idempotent") {
    Paper paper;
    paper.url = "https://arxiv.org/abs/2411.02327v2";
    paper.doi = "doi:10.1/X";
    paper.categories = {"stat.ML", "cs.LG", "I.2.6"};
    paper.primary_category = "cs.LG";
    complete_identity(paper);
    Paper again = paper;
    complete_identity(again);
    CHECK(again.id == paper.id);
    CHECK(again.url == paper.url);
    CHECK(again.pdf == paper.pdf);
    CHECK(again.doi == paper.doi);
    CHECK(again.categories == paper.categories);
    CHECK(again.primary_category == paper.primary_category);
  }
}

TEST_CASE("repair_utf8 replaces maximal subparts with U+FFFD", "[normalize]") {
  const std::string fffd = "\uFFFD";
  const std::vector<std::tuple<std::string, std::string, std::uint64_t>> cases = {
      {"plain ASCII", "plain ASCII", 0},
      {"café € 😀 \U0010FFFF", "café € 😀 \U0010FFFF", 0},
      // The example of the Unicode Standard, section 3.9 (U+FFFD substitution of maximal subparts).
      {"\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
       "a" + fffd + fffd + fffd + "b" + fffd + "c" + fffd + fffd + "d", 6},
      {"\xC0\xAF", fffd + fffd, 2},                        // overlong '/'
      {"\xE0\x80\xAF", fffd + fffd + fffd, 3},             // overlong, 3 bytes
      {"\xF0\x80\x80\xAF", fffd + fffd + fffd + fffd, 4},  // overlong, 4 bytes
      {"\xED\xA0\x80", fffd + fffd + fffd, 3},             // surrogate U+D800
      {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd, 4},  // above U+10FFFF
      {"\xF5\xFF\xFE", fffd + fffd + fffd, 3},
      {"a\xE2\x82", "a" + fffd, 1},  // truncated at the end
      {"\xE2\x82\x61", fffd + "a", 1},
      {"\xF0\x9F\x98\x61😀", fffd + "a😀", 1},
  };
  for (const auto& [input, expected, count] : cases) {
    INFO("case " << expected);
    std::string text = input;
    CHECK(repair_utf8(text) == count);
    CHECK(text == expected);
    CHECK(repair_utf8(text) == 0);
    CHECK(text == expected);
  }
  // Replacing three- and four-byte subparts grows nothing, so the repair happens in place.
  const std::string padding(32, '.');  // past the short-string buffer, so the pointer tells
  std::string text = padding + "\xF0\x9F\x98\x62\xF4\x8F\xBF\x63";  // 3-byte subpart, 'b', 3-byte subpart, 'c'
  const char* before = text.data();
  CHECK(repair_utf8(text) == 2);
  CHECK(text == padding + fffd + "b" + fffd + "c");
  CHECK(text.data() == before);
}

TEST_CASE("fold_whitespace and clean_abstract agree on 64 MiB of plain text", "[normalize]") {
  // A quadratic regression would run into ctest's timeout; speed itself is measured by the
  // hidden [normalize-bench] case, never asserted.
  std::string block = "We study the convergence of stochastic gradient descent on non-convex objectives. ";
  std::string text;
  text.reserve(64u << 20);
  while (text.size() + block.size() <= (64u << 20)) text += block;
  std::string folded = fold_whitespace(text);
  std::string cleaned = clean_abstract(text);
  CHECK(folded.size() == text.size() - 1);
  CHECK(cleaned == folded);
}

TEST_CASE("normalisation throughput", "[.][normalize-bench]") {
  // Abstract-sized texts, as the parsers pass them: one plain, one wrapped the way arXiv wraps.
  const std::string sentence = "We study the convergence of stochastic gradient descent on non-convex objectives. ";
  std::string plain;
  while (plain.size() < 1500) plain += sentence;
  std::string wrapped = plain;
  for (std::size_t pos = 70; pos < wrapped.size(); pos += 80) {
    if (wrapped[pos] == ' ') wrapped.replace(pos, 1, "\n  ");
  }
  auto measure = [](const char* name, const std::string& text, auto f) {
    constexpr int kRounds = 100'000;
    std::size_t bytes_out = 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRounds; ++i) bytes_out += f(text).size();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN(name << ": " << static_cast<double>(text.size()) * kRounds / seconds / 1e6 << " MB/s (" << bytes_out
              << " bytes out)");
  };
  for (const std::string* text : {&plain, &wrapped}) {
    measure("fold_whitespace", *text, fold_whitespace);
    measure("clean_abstract", *text, clean_abstract);
    measure("clean_title", *text, clean_title);
    measure("title_key", *text, title_key);
  }
}

TEST_CASE("calendar_day takes exactly a real day written YYYY-MM-DD", "[normalize]") {
  CHECK(calendar_day("1970-01-02") == 1);
  CHECK(calendar_day("2024-02-29") == days_from_civil(2024, 2, 29));
  for (const char* not_a_day : {"2023-02-29", "2024-02-30", "2024-13-01", "2024-05", "2024", "2024-05-01T00:00:00Z",
                                "2024-5-01", "yesterday", ""}) {
    CHECK_FALSE(calendar_day(not_a_day));
  }
}
