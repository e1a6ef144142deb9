#include <xapian.h>

#include "peers.hpp"

namespace relevance {

Run run_xapian(const Collection& collection, const PeerOptions& options) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator indexer;
  indexer.set_stemmer(Xapian::Stem("english"));
  indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  for (const auto& doc : collection.documents) {
    Xapian::Document xdoc;
    indexer.set_document(xdoc);
    indexer.index_text(indexed_text(doc, options.with_authors));
    xdoc.set_data(doc.id);
    db.add_document(xdoc);
  }
  db.commit();

  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_OR);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight());

  Run run;
  for (const auto& query : collection.queries) {
    enquire.set_query(parser.parse_query(query.text));
    Xapian::MSet matches = enquire.get_mset(0, static_cast<Xapian::doccount>(options.depth));
    auto& hits = run[query.id];
    for (auto it = matches.begin(); it != matches.end(); ++it)
      hits.push_back({it.get_document().get_data(), it.get_weight()});
  }
  return run;
}

}  // namespace relevance
