// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// ExecContext: the state one running query shares among its operators — the
// store and snapshot it reads, the terms it computes (LocalVocab), the
// expression context, parameter rows for correlated sub-plans, the
// cancellation / timeout / memory checks and a few counters for tests.
//
// Thread-safety: none; one ExecContext per running query, used from the
// thread that pulls the results. Only the CancelToken is touched by others.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "corridor/query.h"
#include "engine/expression.h"
#include "engine/local_vocab.h"
#include "storage/store.h"

namespace corridor::engine {

// A row of parameter values written by a correlated operator (a nested-loop
// join, an EXISTS, a path step) before it re-opens the sub-plan that reads
// them. kNoId means "not bound": the reader then treats the slot as a free
// variable.
using ParamRow = std::vector<Id>;

class ExecContext {
 public:
  // `cancel` may be null; `timeout` zero means none; `memory_limit` zero
  // means none. The deadline counts from construction.
  ExecContext(const storage::Store& store, storage::SnapshotPtr snapshot, std::string now,
              std::shared_ptr<CancelToken> cancel, std::chrono::milliseconds timeout,
              std::size_t memory_limit);
  ExecContext(const ExecContext&) = delete;
  ExecContext& operator=(const ExecContext&) = delete;

  const storage::Store& store() const { return store_; }
  const storage::SnapshotPtr& snapshot() const { return snapshot_; }
  LocalVocab& vocab() { return vocab_; }
  EvalContext& eval() { return eval_; }

  // Throws Error(kCancelled) if the query was cancelled or ran out of time.
  void CheckCancelled() const;
  // Counts `n` units of work and checks for cancellation every
  // kWorkPerCheck units. Operators call it in every loop over rows, so that
  // a cancel is noticed within well under 100 ms.
  void Tick(std::size_t n = 1) {
    work_ += n;
    if (work_ >= next_check_) {
      next_check_ = work_ + kWorkPerCheck;
      CheckCancelled();
    }
  }
  static constexpr std::uint64_t kWorkPerCheck = 2048;

  // Memory held by hash tables, sorts and buffers. Charge throws
  // Error(kResourceLimit) when the query's limit would be exceeded.
  void ChargeMemory(std::size_t bytes);
  void ReleaseMemory(std::size_t bytes) { memory_used_ -= bytes < memory_used_ ? bytes : memory_used_; }

  // A new parameter row of `width` kNoId slots, alive as long as the context
  // (stable address).
  ParamRow* NewParamRow(std::size_t width);

  // A reused plan (the plan cache, engine/plan_cache.h): MarkPlanned, once
  // the plan is built, records the terms planning added; Rearm starts a
  // new run as a fresh context would: new NOW(), cancel token, deadline
  // and memory limit, counters at zero, and the terms computed by the
  // previous run forgotten.
  void MarkPlanned() { planned_vocab_ = vocab_.size(); }
  void Rearm(std::string now, std::shared_ptr<CancelToken> cancel, std::chrono::milliseconds timeout,
             std::size_t memory_limit);

  // EXPLAIN ANALYZE: operators time themselves when set.
  bool analyze() const { return analyze_; }
  void set_analyze(bool on) { analyze_ = on; }

  // Index entries read by all scans so far (for tests and EXPLAIN).
  std::uint64_t scanned_rows() const { return scanned_rows_; }
  void CountScanned(std::uint64_t n = 1) { scanned_rows_ += n; }

 private:
  const storage::Store& store_;
  storage::SnapshotPtr snapshot_;
  LocalVocab vocab_;
  EvalContext eval_;  // refers to vocab_: declared after it
  std::shared_ptr<CancelToken> cancel_;
  std::chrono::steady_clock::time_point deadline_;
  bool has_deadline_ = false;
  std::chrono::milliseconds timeout_{0};
  std::size_t memory_limit_ = 0;
  std::size_t memory_used_ = 0;
  std::uint64_t work_ = 0;
  std::uint64_t next_check_ = kWorkPerCheck;
  std::uint64_t scanned_rows_ = 0;
  bool analyze_ = false;
  std::deque<ParamRow> param_rows_;
  std::size_t planned_vocab_ = 0;

  // The deadline: timeout_ from now (none when it is zero).
  void StartDeadline();
};

}  // namespace corridor::engine
