// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// PlanCache: the plans of recent queries, kept after their results are
// done, so that a query run again on unchanged data skips parsing and
// planning (a third of a small query's time): prepared statements without
// the preparing. A plan is reused only for the same text and options, on
// data at the same sequence number (any write, load or update makes every
// kept plan stale; they are dropped at the next look-up), and by one
// query at a time (Take hands it out, Give takes it back).
//
// What makes a plan safe to run again is QueryResultImpl::Rearm: the
// operators are re-opened (every operator supports that; correlated
// sub-plans rely on it) and the context starts afresh (new NOW(), cancel
// token, deadline, memory limit; the previous run's computed terms
// forgotten). Queries that call RAND, UUID, STRUUID, BNODE or NOW are never
// kept (Cacheable), nor EXPLAIN, nor a result whose run failed.
//
// Bounded: at most `capacity` plans, least recently given back dropped
// first. Kept plans hold a RocksDB snapshot and iterators, which keep old
// data files alive until the next look-up after a write. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "corridor/query.h"

namespace corridor::internal {

class QueryResultImpl;

class PlanCache {
 public:
  explicit PlanCache(std::size_t capacity);
  ~PlanCache();
  PlanCache(const PlanCache&) = delete;
  PlanCache& operator=(const PlanCache&) = delete;

  // The key of `sparql` run with `options`: the text and what changes its
  // meaning (prefixes, base); not the per-run limits.
  static std::string Key(std::string_view sparql, const QueryOptions& options);
  // False for texts whose results differ from run to run by design: calls
  // of RAND, UUID, STRUUID, BNODE or NOW (matched leniently: a false match
  // only means the plan is not kept).
  static bool Cacheable(std::string_view sparql);

  // An idle plan for `key` built on data at `sequence`, taken out of the
  // cache; null if there is none. A newer sequence than the cache's drops
  // every plan kept.
  std::unique_ptr<QueryResultImpl> Take(const std::string& key, std::uint64_t sequence);
  // Keeps `plan` (closed, ready for Rearm) for `key`; dropped when built on
  // older data than the cache's.
  void Give(std::string key, std::uint64_t sequence, std::unique_ptr<QueryResultImpl> plan);

  std::size_t size() const;
  std::size_t capacity() const { return capacity_; }

 private:
  struct Entry;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently given back first
  std::uint64_t sequence_ = 0;
};

}  // namespace corridor::internal
