// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/exec_context.h"

#include "corridor/error.h"

namespace corridor::engine {

ExecContext::ExecContext(const storage::Store& store, storage::SnapshotPtr snapshot,
                         std::string now, std::shared_ptr<CancelToken> cancel,
                         std::chrono::milliseconds timeout, std::size_t memory_limit)
    : store_(store),
      snapshot_(std::move(snapshot)),
      eval_(store, vocab_, std::move(now)),
      cancel_(std::move(cancel)),
      timeout_(timeout),
      memory_limit_(memory_limit) {
  StartDeadline();
}

void ExecContext::StartDeadline() {
  has_deadline_ = timeout_.count() > 0;
  if (has_deadline_) deadline_ = std::chrono::steady_clock::now() + timeout_;
}

void ExecContext::Rearm(std::string now, std::shared_ptr<CancelToken> cancel, std::chrono::milliseconds timeout,
                        std::size_t memory_limit) {
  vocab_.Truncate(planned_vocab_);
  eval_.Reset(std::move(now));
  cancel_ = std::move(cancel);
  timeout_ = timeout;
  StartDeadline();
  memory_limit_ = memory_limit;
  memory_used_ = 0;
  work_ = 0;
  next_check_ = kWorkPerCheck;
  scanned_rows_ = 0;
  analyze_ = false;
}

void ExecContext::CheckCancelled() const {
  if (cancel_ && cancel_->cancelled()) throw Error(ErrorCode::kCancelled, "the query was cancelled");
  if (has_deadline_ && std::chrono::steady_clock::now() >= deadline_) {
    throw Error(ErrorCode::kCancelled,
                "the query ran out of time (timeout " + std::to_string(timeout_.count()) + " ms)");
  }
}

void ExecContext::ChargeMemory(std::size_t bytes) {
  memory_used_ += bytes;
  if (memory_limit_ != 0 && memory_used_ > memory_limit_) {
    throw Error(ErrorCode::kResourceLimit,
                "the query needs more than its memory limit of " + std::to_string(memory_limit_) +
                    " bytes for hash tables and sorts");
  }
}

ParamRow* ExecContext::NewParamRow(std::size_t width) {
  param_rows_.emplace_back(width, kNoId);
  return &param_rows_.back();
}

}  // namespace corridor::engine
