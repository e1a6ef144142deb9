#include <sqlite3.h>

#include <cstdio>
#include <memory>

#include "peers.hpp"
#include "../sqlite_handles.hpp"

namespace relevance {
namespace {

/** An FTS5 MATCH expression: each alphanumeric token double-quoted, joined with OR. */
std::string or_of_words(const std::string& text) {
  std::string expression, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!expression.empty()) expression += " OR ";
    expression += '"' + word + '"';
    word.clear();
  };
  for (unsigned char c : text) {
    bool part_of_word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (part_of_word) word += static_cast<char>(c);
    else flush();
  }
  flush();
  return expression;
}

using bench::Db;
using bench::Statement;

Statement prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
    std::fprintf(stderr, "fts5: %s\n", sqlite3_errmsg(db));
  return Statement(statement);
}

void index_documents(sqlite3* db, const Collection& collection, bool with_authors) {
  sqlite3_exec(db, "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='porter unicode61')", nullptr,
               nullptr, nullptr);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  Statement insert = prepare(db, "INSERT INTO docs(id, body) VALUES (?, ?)");
  for (const auto& doc : collection.documents) {
    std::string body = indexed_text(doc, with_authors);
    sqlite3_bind_text(insert.get(), 1, doc.id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.get(), 2, body.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(insert.get());
    sqlite3_reset(insert.get());
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace

Run run_fts5(const Collection& collection, const PeerOptions& options) {
  sqlite3* raw = nullptr;
  sqlite3_open(":memory:", &raw);
  Db db(raw);
  index_documents(db.get(), collection, options.with_authors);
  Statement search = prepare(db.get(), "SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?");
  Run run;
  for (const auto& query : collection.queries) {
    auto& hits = run[query.id];
    std::string expression = or_of_words(query.text);
    if (expression.empty()) continue;
    sqlite3_bind_text(search.get(), 1, expression.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(search.get(), 2, static_cast<sqlite3_int64>(options.depth));
    while (sqlite3_step(search.get()) == SQLITE_ROW)
      hits.push_back({reinterpret_cast<const char*>(sqlite3_column_text(search.get(), 0)),
                      -sqlite3_column_double(search.get(), 1)});
    sqlite3_reset(search.get());
  }
  return run;
}

}  // namespace relevance
