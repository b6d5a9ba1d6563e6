// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// SPARQL 1.1 queries through the embedding API: Database::Query returns a
// QueryResult that streams solutions (SELECT), answers (ASK) or triples
// (CONSTRUCT, DESCRIBE) as typed terms.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corridor/term.h"

namespace corridor {

namespace internal {
class QueryResultImpl;
}  // namespace internal

// Stops a running query from another thread: Cancel() makes the query's
// next step throw Error(kCancelled), within about 100 ms, also inside a long
// join or sort. Thread-safe.
class CancelToken {
 public:
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void Reset() { cancelled_.store(false, std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

struct QueryOptions {
  // Stop with Error(kCancelled) after this long; zero means no limit.
  std::chrono::milliseconds timeout{0};
  // When set, cancelling it stops the query.
  std::shared_ptr<CancelToken> cancel;
  // Prefixes in force before the query's own PREFIX declarations (which
  // override them); prefix names without ':'.
  std::map<std::string, std::string> prefixes;
  // The base IRI before any BASE declaration; empty: none.
  std::string base;
  // Memory for hash tables and sorts of one query; 0: no limit.
  std::size_t memory_limit_bytes = 0;
};

enum class QueryForm { kSelect, kAsk, kConstruct, kDescribe };

// The results of one query. Rows are computed as they are asked for, on the
// snapshot taken when the query started. Owns that snapshot; must not
// outlive its Database. Not thread-safe. Errors during evaluation (e.g.
// cancellation) throw corridor::Error from Next / NextTriple.
class QueryResult {
 public:
  QueryResult(QueryResult&&) noexcept;
  QueryResult& operator=(QueryResult&&) noexcept;
  ~QueryResult();

  QueryForm form() const;

  // SELECT: the projected variables, without '?', in projection order.
  const std::vector<std::string>& variables() const;

  // SELECT: stores the next solution in *row, one entry per variables()
  // entry (nullopt: unbound), and returns true; false at the end.
  // REQUIRES: form() == kSelect, row != nullptr.
  bool Next(std::vector<std::optional<Term>>* row);

  // ASK: the answer. REQUIRES: form() == kAsk.
  bool AskAnswer();

  // CONSTRUCT / DESCRIBE: stores the next triple (graph unset) and returns
  // true; false at the end. Triples are distinct.
  // REQUIRES: form() is kConstruct or kDescribe.
  bool NextTriple(Quad* triple);

  // The prefixes in force for the query (options.prefixes plus the query's
  // PREFIX declarations), for compact output.
  const std::map<std::string, std::string>& prefixes() const;

  // For the engine (not part of the stable API).
  explicit QueryResult(std::unique_ptr<internal::QueryResultImpl> impl);

 private:
  std::unique_ptr<internal::QueryResultImpl> impl_;
};

}  // namespace corridor
