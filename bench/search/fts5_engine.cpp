#include <sqlite3.h>

#include <cstdio>

#include "engines.hpp"
#include "paperfeed/export.hpp"
#include "../sqlite_handles.hpp"

namespace search_bench {

namespace {

using bench::Db;
using bench::Statement;

std::string joined(const std::vector<std::string>& values) {
  std::string text;
  for (const auto& value : values) text += (text.empty() ? "" : "\n") + value;
  return text;
}

/** The alphanumeric tokens of @p text (ASCII letters and digits, and every non-ASCII byte), each double-quoted, ORed. */
std::string or_of_words(const std::string& text) {
  std::string expression, word;
  auto flush = [&] {
    if (word.empty()) return;
    expression += (expression.empty() ? "\"" : " OR \"") + word + '"';
    word.clear();
  };
  for (unsigned char c : text) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) word += static_cast<char>(c);
    else flush();
  }
  flush();
  return expression;
}

/** @p query in FTS5's query syntax: words ORed, `word*`, `"a b"`. */
std::string match_expression(const BenchQuery& query) {
  switch (query.kind) {
    case QueryKind::natural: return or_of_words(query.text);
    case QueryKind::words: return or_of_words(typed_text(query));
    case QueryKind::prefix:
    case QueryKind::phrase: return typed_text(query);
  }
  return {};
}

/**
 * SQLite FTS5 as its documentation sets it up: one in-memory database, a table with the
 * indexed columns id, title, abstract, authors, categories, keywords (lists joined by
 * newlines) and the record as an UNINDEXED column, `tokenize='porter unicode61'`, no prefix
 * index; all rows inserted in one transaction; results ORDER BY bm25() LIMIT 10.
 */
class Fts5Engine final : public Engine {
 public:
  Fts5Engine() {
    sqlite3* raw = nullptr;
    sqlite3_open(":memory:", &raw);
    db_.reset(raw);
  }

  std::string name() const override { return "fts5"; }
  std::string version() const override { return sqlite3_libversion(); }
  std::string total_kind() const override { return "not counted"; }

  BuildFigures build(std::vector<paperfeed::Paper>& papers) override {
    BuildFigures figures;
    Stopwatch clock;
    execute(
        "CREATE VIRTUAL TABLE papers USING fts5(id, title, abstract, authors, categories, keywords, "
        "record UNINDEXED, tokenize='porter unicode61')");
    execute("BEGIN");
    Statement insert = prepare("INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& paper : papers) {
      Stopwatch record_clock;
      const std::string record = paperfeed::paper_to_json(paper);
      figures.records_s += record_clock.seconds();
      const std::string authors = joined(paper.authors), categories = joined(paper.categories),
                        keywords = joined(paper.keywords);
      int column = 0;
      for (const std::string* text : {&paper.id, &paper.title, &paper.abstract, &authors, &categories, &keywords, &record})
        sqlite3_bind_text(insert.get(), ++column, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
      if (sqlite3_step(insert.get()) != SQLITE_DONE) std::fprintf(stderr, "fts5: %s\n", sqlite3_errmsg(db_.get()));
      sqlite3_reset(insert.get());
    }
    execute("COMMIT");
    figures.build_s = clock.seconds();
    figures.documents = static_cast<std::uint64_t>(integer("SELECT count(*) FROM papers"));
    figures.bytes = static_cast<std::uint64_t>(integer("PRAGMA page_count") * integer("PRAGMA page_size"));
    search_ = prepare("SELECT record FROM papers WHERE papers MATCH ? ORDER BY bm25(papers) LIMIT 10");
    return figures;
  }

  Answer search(const BenchQuery& query) override {
    const std::string expression = match_expression(query);
    Answer answer;
    if (expression.empty()) {
      ++refused;
      return answer;
    }
    sqlite3_bind_text(search_.get(), 1, expression.data(), static_cast<int>(expression.size()), SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(search_.get())) == SQLITE_ROW) {
      answer.record_bytes += static_cast<std::uint64_t>(sqlite3_column_bytes(search_.get(), 0));
      ++answer.hits;
    }
    if (step != SQLITE_DONE) ++refused;
    sqlite3_reset(search_.get());
    return answer;
  }

 private:
  void execute(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::fprintf(stderr, "fts5: %s: %s\n", sql, message);
      sqlite3_free(message);
    }
  }

  Statement prepare(const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql, -1, &statement, nullptr) != SQLITE_OK)
      std::fprintf(stderr, "fts5: %s\n", sqlite3_errmsg(db_.get()));
    return Statement(statement);
  }

  sqlite3_int64 integer(const char* sql) {
    Statement statement = prepare(sql);
    return sqlite3_step(statement.get()) == SQLITE_ROW ? sqlite3_column_int64(statement.get(), 0) : 0;
  }

  Db db_;
  Statement search_;
};

}  // namespace

std::unique_ptr<Engine> make_fts5_engine() { return std::make_unique<Fts5Engine>(); }

}  // namespace search_bench
