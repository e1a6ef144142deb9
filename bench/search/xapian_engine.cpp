#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <optional>

#include "engines.hpp"
#include "paperfeed/export.hpp"

namespace search_bench {

namespace fs = std::filesystem;

namespace {

/**
 * Xapian as its documentation sets it up: TermGenerator and QueryParser with the English
 * stemmer (STEM_SOME), positions kept, default operator OR, BM25Weight defaults. Each field
 * (title, abstract, authors, categories, keywords) is indexed as free text with a gap of 100
 * positions after it, so phrases do not run across fields; the id is the boolean term `Q<id>`.
 */
class XapianEngine final : public Engine {
 public:
  explicit XapianEngine(const std::string& parent)
      : path_((fs::path(parent) / ("paperfeed-search-bench-" + std::to_string(::getpid()))).string()) {}

  ~XapianEngine() override {
    enquire_.reset();
    db_.reset();
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }

  std::string name() const override { return "xapian"; }
  std::string version() const override { return Xapian::version_string(); }
  std::string total_kind() const override { return "estimate"; }

  BuildFigures build(std::vector<paperfeed::Paper>& papers) override {
    BuildFigures figures;
    Stopwatch clock;
    db_.emplace(path_, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator indexer;
    indexer.set_stemmer(Xapian::Stem("english"));
    for (const auto& paper : papers) {
      Xapian::Document document;
      indexer.set_document(document);
      index_field(indexer, paper.title);
      index_field(indexer, paper.abstract);
      for (const auto& author : paper.authors) index_field(indexer, author);
      for (const auto& category : paper.categories) index_field(indexer, category);
      for (const auto& keyword : paper.keywords) index_field(indexer, keyword);
      document.add_boolean_term("Q" + paper.id);
      Stopwatch record;
      document.set_data(paperfeed::paper_to_json(paper));
      figures.records_s += record.seconds();
      db_->add_document(document);
    }
    db_->commit();
    figures.build_s = clock.seconds();
    figures.documents = db_->get_doccount();
    for (const auto& entry : fs::recursive_directory_iterator(path_))
      if (entry.is_regular_file()) figures.bytes += entry.file_size();
    open_searcher();
    return figures;
  }

  Answer search(const BenchQuery& query) override {
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT;
    if (query.kind == QueryKind::prefix) flags |= Xapian::QueryParser::FLAG_WILDCARD;
    Xapian::Query parsed;
    try {
      parsed = parser_.parse_query(typed_text(query), flags);
    } catch (const Xapian::QueryParserError&) {
      ++refused;
      return {};
    }
    enquire_->set_query(parsed);
    const Xapian::MSet matches = enquire_->get_mset(0, 10);
    Answer answer;
    answer.total = matches.get_matches_estimated();
    for (auto it = matches.begin(); it != matches.end(); ++it) {
      answer.record_bytes += it.get_document().get_data().size();
      ++answer.hits;
    }
    return answer;
  }

 private:
  static void index_field(Xapian::TermGenerator& indexer, const std::string& text) {
    indexer.index_text(text);
    indexer.increase_termpos(100);
  }

  void open_searcher() {
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_database(*db_);
    parser_.set_default_op(Xapian::Query::OP_OR);
    parser_.set_max_expansion(64, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    enquire_.emplace(*db_);
    enquire_->set_weighting_scheme(Xapian::BM25Weight());
  }

  std::string path_;
  std::optional<Xapian::WritableDatabase> db_;
  Xapian::QueryParser parser_;
  std::optional<Xapian::Enquire> enquire_;
};

}  // namespace

std::unique_ptr<Engine> make_xapian_engine(const std::string& parent) { return std::make_unique<XapianEngine>(parent); }

}  // namespace search_bench
