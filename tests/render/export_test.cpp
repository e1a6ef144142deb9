#include <catch2/catch.hpp>

#include "paperfeed/export.hpp"

using namespace paperfeed;

namespace {

Paper sample() {
  Paper p;
  p.id = "2411.02327";
  p.title = "Fast & Furious: 100% of $x_1$ in R&D";
  p.abstract = "We show \"things\", with commas, and\nlines.";
  p.authors = {"Ludwig van Beethoven", "Ada Lovelace", "Plato"};
  p.categories = {"cs.LG", "stat.ML"};
  p.primary_category = "cs.LG";
  p.published = "2024-11-04";
  p.upvotes = 12;
  p.github = "https://github.com/a/b";
  p.comment = "NeurIPS 2024";
  p.url = "https://arxiv.org/abs/2411.02327";
  p.pdf = "https://arxiv.org/pdf/2411.02327";
  p.sources.insert(Format::hf_daily);
  p.sources.insert(Format::arxiv_atom);
  return p;
}

std::string write(const std::vector<Paper>& papers, ExportFormat format) {
  std::string out;
  write_papers(papers, format, [&](std::string_view s) { out += s; });
  return out;
}

}  // namespace

TEST_CASE("export: canonical JSON has every key in order, nulls for unknowns", "[export]") {
  const std::string json = paper_to_json(sample());
  CHECK(json.rfind(R"({"id":"2411.02327","title":"Fast & Furious: 100% of $x_1$ in R&D",)", 0) == 0);
  CHECK(json.find(R"("upvotes":12,"comments":null,)") != std::string::npos);
  CHECK(json.find(R"("keywords":[],)") != std::string::npos);
  CHECK(json.find(R"("sources":["hf-daily","arxiv-atom"]})") != std::string::npos);
  CHECK(json.find('\n') == std::string::npos);
}

TEST_CASE("export: names of formats", "[export]") {
  CHECK(export_format_from_name("bibtex") == ExportFormat::bibtex);
  CHECK(!export_format_from_name("docx"));
  CHECK(std::string(export_format_name(ExportFormat::ris)) == "ris");
}

TEST_CASE("export: BibTeX escapes specials outside math and names authors Last, First", "[export]") {
  const std::string bib = write({sample(), sample()}, ExportFormat::bibtex);
  CHECK(bib.find("@misc{vanbeethoven2024fast,\n") != std::string::npos);
  CHECK(bib.find("@misc{vanbeethoven2024fasta,\n") != std::string::npos);  // keys stay unique
  CHECK(bib.find("  title = {Fast \\& Furious: 100\\% of $x_1$ in R\\&D},\n") != std::string::npos);
  CHECK(bib.find("  author = {van Beethoven, Ludwig and Lovelace, Ada and Plato},\n") != std::string::npos);
  CHECK(bib.find("  eprint = {2411.02327},\n  archivePrefix = {arXiv},\n  primaryClass = {cs.LG},\n") !=
        std::string::npos);
  CHECK(bib.find("  note = {NeurIPS 2024},\n") != std::string::npos);
}

TEST_CASE("export: BibTeX keeps values with unbalanced braces well-formed", "[export]") {
  // BibTeX counts every brace, a backslash before it or not: an unbalanced one is written as text.
  Paper p = sample();
  p.title = "A {broken title";
  p.comment = "a \\} b";
  p.journal_ref = "ends in a backslash \\";
  const std::string bib = write({p}, ExportFormat::bibtex);
  CHECK(bib.find("  title = {A \\textbraceleft{}broken title},\n") != std::string::npos);
  CHECK(bib.find("  note = {a \\textbraceright{} b},\n") != std::string::npos);
  CHECK(bib.find("  journal = {ends in a backslash \\textbackslash{}},\n") != std::string::npos);
  long depth = 0;
  for (const char c : bib) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    REQUIRE(depth >= 0);
  }
  CHECK(depth == 0);
}

TEST_CASE("export: a publication date that does not start with a year gives no year", "[export]") {
  // The year goes unescaped into the BibTeX key: a brace there would close the entry early.
  Paper p = sample();
  p.published = "  } stuck";
  const std::string bib = write({p}, ExportFormat::bibtex);
  CHECK(bib.rfind("@misc{vanbeethovenfast,\n", 0) == 0);
  CHECK(bib.find("  year = ") == std::string::npos);
  CHECK(write({p}, ExportFormat::ris).find("PY  - ") == std::string::npos);
  p.published = "2024-1x-0y";  // ten bytes, a year, no date
  CHECK(write({p}, ExportFormat::ris).find("PY  - 2024\r\n") != std::string::npos);
  CHECK(write({p}, ExportFormat::ris).find("DA  - ") == std::string::npos);
  p.published = "2024";
  CHECK(write({p}, ExportFormat::bibtex).rfind("@misc{vanbeethoven2024fast,\n", 0) == 0);
}

TEST_CASE("export: RIS tags", "[export]") {
  const std::string ris = write({sample()}, ExportFormat::ris);
  CHECK(ris.rfind("TY  - UNPB\r\nTI  - Fast & Furious", 0) == 0);
  CHECK(ris.find("AU  - van Beethoven, Ludwig\r\n") != std::string::npos);
  CHECK(ris.find("DA  - 2024/11/04/\r\n") != std::string::npos);
  CHECK(ris.find("KW  - stat.ML\r\n") != std::string::npos);
  CHECK(ris.find("AN  - arXiv:2411.02327\r\n") != std::string::npos);
  CHECK(ris.substr(ris.size() - 10) == "ER  - \r\n\r\n");
}

TEST_CASE("export: a line break in a value cannot start a RIS tag of its own", "[export]") {
  Paper p = sample();
  p.comment = "12 pages\r\nER  - \nTY  - JOUR";
  const std::string ris = write({p}, ExportFormat::ris);
  CHECK(ris.find("N1  - 12 pages  ER  -  TY  - JOUR\r\n") != std::string::npos);
  CHECK(ris.find("\r\nER  - ") == ris.size() - 12);
}

TEST_CASE("export: CSV quotes and neutralises formulas", "[export]") {
  Paper p = sample();
  p.title = "=HYPERLINK(\"http://x\")";
  const std::string csv = write({p}, ExportFormat::csv);
  CHECK(csv.rfind("id,title,authors,", 0) == 0);
  CHECK(csv.find("2411.02327,\"'=HYPERLINK(\"\"http://x\"\")\",Ludwig van Beethoven; Ada Lovelace; Plato,") !=
        std::string::npos);
  CHECK(csv.find("\"We show \"\"things\"\", with commas, and\nlines.\"\r\n") != std::string::npos);
}

TEST_CASE("export: an empty JSON export is a valid empty array", "[export]") {
  CHECK(write({}, ExportFormat::json) == "[]\n");
  CHECK(write({}, ExportFormat::jsonl).empty());
}
