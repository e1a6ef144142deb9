#include <catch2/catch.hpp>

#include "paperfeed/corpus.hpp"
#include "paperfeed/normalize.hpp"
#include "test_support.hpp"

using namespace paperfeed;

namespace {

Paper make(std::string id, std::string title, Format source) {
  Paper p;
  p.id = std::move(id);
  p.title = std::move(title);
  p.sources.insert(source);
  return p;
}

}  // namespace

TEST_CASE("corpus: records with the same arXiv id merge, fields from both", "[corpus]") {
  Corpus corpus;
  Paper hf = make("2411.02327", "A Paper About Things", Format::hf_daily);
  hf.upvotes = 12;
  hf.stars = 87;
  hf.github = "https://github.com/a/b";
  hf.published = "2024-11-04";
  Paper arxiv = make("2411.02327", "A Paper About Things", Format::arxiv_atom);
  arxiv.categories = {"cs.LG", "cs.AI"};
  arxiv.primary_category = "cs.LG";
  arxiv.comment = "NeurIPS 2024";
  arxiv.published = "2024-11-03";
  arxiv.updated = "2024-11-05";
  CHECK(corpus.add(std::move(hf)) == 0);
  CHECK(corpus.add(std::move(arxiv)) == 0);
  REQUIRE(corpus.size() == 1);
  CHECK(corpus.duplicates_merged() == 1);
  const Paper& p = corpus.papers()[0];
  CHECK(*p.upvotes == 12);
  CHECK(*p.stars == 87);
  CHECK(p.categories == std::vector<std::string>{"cs.LG", "cs.AI"});
  CHECK(p.comment == "NeurIPS 2024");
  CHECK(p.published == "2024-11-03");
  CHECK(p.updated == "2024-11-05");
  CHECK(p.sources.contains(Format::hf_daily));
  CHECK(p.sources.contains(Format::arxiv_atom));
}

TEST_CASE("corpus: text comes from the more authoritative source whatever the order", "[corpus]") {
  for (bool arxiv_first : {true, false}) {
    Corpus corpus;
    Paper listing = make("", "Scaling Laws for Neural Language Models", Format::hf_listing);
    listing.abstract = "short copy";
    Paper arxiv = make("2001.08361", "Scaling Laws for Neural Language Models", Format::arxiv_oai);
    arxiv.abstract = "the arXiv abstract";
    arxiv.authors = {"Jared Kaplan"};
    complete_identity(listing);
    if (arxiv_first) {
      corpus.add(std::move(arxiv));
      corpus.add(std::move(listing));
    } else {
      corpus.add(std::move(listing));
      corpus.add(std::move(arxiv));
    }
    REQUIRE(corpus.size() == 1);
    const Paper& p = corpus.papers()[0];
    CHECK(p.id == "2001.08361");  // the arXiv id beats the title identity
    CHECK(p.abstract == "the arXiv abstract");
    CHECK(p.authors == std::vector<std::string>{"Jared Kaplan"});
    CHECK(corpus.find("2001.08361") == &p);
  }
}

TEST_CASE("corpus: counts keep the larger value, dates the right end", "[corpus]") {
  Paper a = make("2401.00001", "Some Long Enough Title Here", Format::hf_daily);
  a.upvotes = 50;
  a.comments = 1;
  a.published = "2024";
  a.announced = "2024-01-05";
  Paper b = make("2401.00001", "Some Long Enough Title Here", Format::hf_daily);
  b.upvotes = 40;
  b.comments = 3;
  b.published = "2024-01-02";
  b.announced = "2024-01-03";
  b.keywords = {"x"};
  merge_into(a, b);
  CHECK(*a.upvotes == 50);
  CHECK(*a.comments == 3);
  CHECK(a.published == "2024-01-02");  // more precise date refines the year
  CHECK(a.announced == "2024-01-03");
  CHECK(a.keywords == std::vector<std::string>{"x"});
}

TEST_CASE("corpus: same title with different arXiv ids stays two papers", "[corpus]") {
  Corpus corpus;
  corpus.add(make("2401.00001", "Attention Is All You Need Again", Format::arxiv_atom));
  corpus.add(make("2402.00002", "Attention Is All You Need Again", Format::arxiv_atom));
  CHECK(corpus.size() == 2);
  CHECK(corpus.duplicates_merged() == 0);
}

TEST_CASE("corpus: a DOI links a record without arXiv id to one with it", "[corpus]") {
  Corpus corpus;
  Paper s2 = make("", "Computing Machinery and Intelligence", Format::s2);
  s2.doi = "10.1093/MIND/LIX.236.433";
  s2.citations = 10059;
  complete_identity(s2);
  Paper arxiv = make("0001.00001", "Computing machinery and intelligence (reprint)", Format::arxiv_atom);
  arxiv.doi = "10.1093/mind/lix.236.433";
  corpus.add(std::move(s2));
  corpus.add(std::move(arxiv));
  REQUIRE(corpus.size() == 1);
  CHECK(corpus.papers()[0].id == "0001.00001");
  CHECK(*corpus.papers()[0].citations == 10059);
}

TEST_CASE("corpus: short titles never identify a paper", "[corpus]") {
  Corpus corpus;
  Paper a = make("", "Introduction", Format::pwc);
  a.doi = "10.1/a";
  Paper b = make("", "Introduction", Format::pwc);
  b.doi = "10.1/b";
  complete_identity(a);
  complete_identity(b);
  corpus.add(std::move(a));
  corpus.add(std::move(b));
  CHECK(corpus.size() == 2);
}

TEST_CASE("corpus: the embedded corpus read twice is 263 papers", "[corpus]") {
  Corpus corpus;
  for (int i = 0; i < 2; ++i) {
    auto r = test::read_path(std::filesystem::path(PAPERFEED_EXAMPLES_DATA) / "hf-papers-page.txt");
    for (auto& p : r.papers) corpus.add(std::move(p));
  }
  CHECK(corpus.size() == 263);
  CHECK(corpus.duplicates_merged() == 263);
}
