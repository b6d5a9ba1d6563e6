// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The embedding API: open a database, load RDF, match quads, read statistics.
//
//   auto db = corridor::Database::Open("/path/to/db");
//   db->LoadFiles({"data.ttl"});
//   auto cursor = db->Match({.predicate = corridor::Term::Iri("http://x/p")});
//   corridor::Quad q;
//   while (cursor.Next(&q)) std::cout << q.ToNQuads() << "\n";
//
// Thread safety: a Database may be used from many threads at once. Reads run
// on a snapshot taken when the call (or cursor) starts, so a reader never sees
// part of a load, and is never blocked by a writer. Writes (loads) from
// several threads are serialised; one process at a time may open a database
// for writing. Every failing call throws corridor::Error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/error.h"
#include "corridor/options.h"
#include "corridor/query.h"
#include "corridor/term.h"
#include "corridor/update.h"

namespace corridor {

namespace internal {
class DatabaseImpl;
class QuadCursorImpl;
}  // namespace internal

// Which graphs a pattern matches.
enum class GraphScope {
  kAll,      // the default graph and every named graph
  kDefault,  // the default graph only
  kNamed,    // the named graph QuadPattern::graph (kAll if graph is unset)
  kAllNamed, // every named graph, not the default graph
};

// A quad pattern: unset positions match anything.
struct QuadPattern {
  std::optional<Term> subject;
  std::optional<Term> predicate;
  std::optional<Term> object;
  GraphScope scope = GraphScope::kAll;
  std::optional<Term> graph;  // used when scope == kNamed
};

// Iterates the quads of one Match() call in the sorted order of the index
// chosen for the pattern. Owns a snapshot of the database: it sees the state
// when it was created. Not thread-safe; must not outlive its Database.
class QuadCursor {
 public:
  QuadCursor(QuadCursor&&) noexcept;
  QuadCursor& operator=(QuadCursor&&) noexcept;
  ~QuadCursor();

  // Stores the next quad in *out and returns true, or returns false at the
  // end. REQUIRES: out != nullptr.
  bool Next(Quad* out);

 private:
  friend class internal::DatabaseImpl;
  explicit QuadCursor(std::unique_ptr<internal::QuadCursorImpl> impl);
  std::unique_ptr<internal::QuadCursorImpl> impl_;
};

struct PredicateStatistics {
  Term predicate;
  std::uint64_t quads = 0;
  std::uint64_t distinct_subjects = 0;
  std::uint64_t distinct_objects = 0;
};

struct GraphStatistics {
  std::optional<Term> graph;  // empty: the default graph
  std::uint64_t quads = 0;
};

// Exact counts, maintained on every write.
struct Statistics {
  std::uint64_t quads = 0;
  std::uint64_t distinct_terms = 0;  // terms in the dictionary (not inline values)
  std::uint64_t bytes_on_disk = 0;   // live SST and log files
  std::vector<PredicateStatistics> predicates;  // largest first
  std::vector<GraphStatistics> graphs;          // default graph first, then by IRI
};

enum class DumpFormat { kNQuads, kTriG };

struct CheckOptions {
  // Compare the index permutations (and the two directions of the
  // dictionary) key by key even when their fingerprints agree: a
  // deterministic proof, several times slower. See Database::Check.
  bool compare_all_keys = false;
  // At most this many offending keys are listed per problem (all are counted).
  std::size_t max_examples = 5;
};

// One kind of fault at one place, e.g. "posg lacks quads that spog holds".
struct CheckProblem {
  std::string what;
  std::uint64_t count = 0;            // offending keys or entries
  std::vector<std::string> examples;  // the first few, each naming its key
};

// What Database::Check found. The counts are recounted from the indexes,
// not read from the statistics.
struct CheckReport {
  std::uint64_t quads = 0;
  std::uint64_t dictionary_terms = 0;
  std::uint64_t predicates = 0;
  std::uint64_t graphs = 0;  // the default graph included, if it has quads
  bool compared_all_keys = false;
  std::vector<CheckProblem> problems;  // empty: the database is consistent
  std::vector<std::string> notes;      // not faults (e.g. scratch folders of a killed load)
  double seconds = 0;

  bool ok() const { return problems.empty(); }
};

class Database {
 public:
  // Opens (or, with options.create_if_missing, creates) the database in
  // directory `path`. Throws kLocked when another process has it open for
  // writing, kNotADatabase, kVersion or kCorruption as the cases say.
  static std::unique_ptr<Database> Open(const std::filesystem::path& path,
                                        const Options& options = {});

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Loads the files as one atomic unit: either every quad of every file is
  // added, or (on any error) the database is left exactly as it was. Errors
  // name the file, line and column. Blank node labels are scoped per file.
  LoadResult LoadFiles(const std::vector<std::filesystem::path>& files,
                       const LoadOptions& options = {});

  // Loads a document held in memory; options.format must not be kAuto.
  // `source_name` labels error positions.
  LoadResult LoadString(std::string_view document, const LoadOptions& options,
                        std::string_view source_name = "<string>");

  // Quads matching `pattern`, on a snapshot taken now.
  QuadCursor Match(const QuadPattern& pattern) const;

  Statistics GetStatistics() const;

  // Runs a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) on a
  // snapshot taken now. Throws Error: kSyntax for a query that does not parse
  // (where() holds the query's line and column; message() ends with the
  // query line and a caret under the position), kInvalidArgument for what
  // the engine refuses (e.g. SERVICE), kCancelled on timeout or cancel.
  QueryResult Query(std::string_view sparql, const QueryOptions& options = {}) const;

  // Runs a SPARQL 1.1 Update request (one or more operations separated by
  // ';') atomically: either every operation takes effect or (on any error,
  // cancellation or crash) none does; readers see the state before or after
  // it, never between. When it returns, the changes are durable (with
  // Options::sync_writes). Throws Error: kSyntax with the request's line and
  // column, kInvalidArgument (e.g. LOAD of a file outside the allowed
  // folders, or a non-file IRI), kIo, kCancelled.
  UpdateResult Update(std::string_view sparql_update, const UpdateOptions& options = {});

  // The plan of a query: operators with estimated rows. With `analyze`, runs
  // the query to its end and adds each operator's actual rows and time.
  std::string Explain(std::string_view sparql, bool analyze = false,
                      const QueryOptions& options = {}) const;

  // Writes every quad to `out`, in a form LoadFiles reads back to the same
  // dataset (blank nodes up to renaming).
  void Dump(std::ostream& out, DumpFormat format = DumpFormat::kNQuads) const;

  // Verifies that the database is internally consistent, at a snapshot
  // taken now (writers go on; the check sees the state when it started):
  // the six index permutations hold exactly the same quads, every id in
  // them is well formed and every dictionary id resolves, the two
  // directions of the dictionary agree, and the statistics equal a
  // recount. Streams every index once with memory bounded by the number of
  // distinct predicates and graphs; permutations are compared by a 128-bit
  // order-independent fingerprint and, where those differ (or with
  // options.compare_all_keys), key by key, so each problem names the
  // offending keys. Faults are returned in the report, never thrown; throws
  // Error (kIo, kCorruption) only when the files cannot be read at all.
  CheckReport Check(const CheckOptions& options = {}) const;

  // Rewrites the files into their most compact form (a full compaction).
  // Not needed for correctness; useful after a large load, before measuring
  // the size on disk. Blocks until done; readers are not blocked.
  void Compact();

  const std::filesystem::path& path() const;

  // For the engine (not part of the stable API).
  internal::DatabaseImpl& impl() { return *impl_; }

 private:
  explicit Database(std::unique_ptr<internal::DatabaseImpl> impl);
  std::unique_ptr<internal::DatabaseImpl> impl_;
};

}  // namespace corridor
