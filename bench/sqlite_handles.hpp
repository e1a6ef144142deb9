#pragma once
// Owning handles for SQLite objects, shared by the benchmarks that run FTS5.

#include <memory>

#include <sqlite3.h>

namespace bench {

/** Closes a database. */
struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
/** Finalizes a prepared statement. */
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
/** An open database, closed when dropped. */
using Db = std::unique_ptr<sqlite3, CloseDb>;
/** A prepared statement, finalized when dropped. */
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

}  // namespace bench
