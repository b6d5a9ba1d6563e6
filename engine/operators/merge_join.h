// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// MergeJoin: inner join of two inputs that are both sorted ascending on
// the join key (their sorted_on()[0]); bound in every row of both inputs.
// Skips ahead with SeekTo when an input supports it (index scans), so a
// selective side drives the other. Other shared variables are checked when
// rows are merged. The output is sorted on the key.
#pragma once

#include <algorithm>

#include <vector>

#include "engine/operators/join_layout.h"

namespace corridor::engine {

class MergeJoin final : public Operator {
 public:
  // REQUIRES: left->sorted_on()[0] == left_key, right->sorted_on()[0] ==
  // right_key, and both name the same variable.
  MergeJoin(OperatorPtr left, OperatorPtr right, std::size_t left_key, std::size_t right_key);

  std::string name() const override { return "MergeJoin"; }
  std::string details() const override { return "on ?" + columns_[left_key_]; }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  // One input, read row by row out of its batches.
  struct Cursor {
    Operator* op = nullptr;
    std::size_t key = 0;
    Batch batch;
    std::size_t pos = 0;
    bool done = false;
    // Rows asked of the input per refill: small at first, doubling up to
    // kBatchRows, so a consumer that stops early (LIMIT, ASK, EXISTS) has
    // made the inputs read little, and a long merge still runs in full
    // batches.
    std::size_t want = kFirstRows;
    static constexpr std::size_t kFirstRows = 16;

    void Reset(Operator* o, std::size_t k) {
      op = o;
      key = k;
      batch.Reset(o->width());
      pos = 0;
      done = false;
      want = kFirstRows;
    }
    bool Valid() {
      if (pos < batch.size()) return true;
      if (done) return false;
      batch.Clear();
      pos = 0;
      const std::size_t n = want;
      want = std::min(want * 2, kBatchRows);
      if (!op->Next(&batch, n)) {
        done = true;
        return false;
      }
      return true;
    }
    const Id* row() const { return batch.row(pos); }
    Id Key() const { return batch.at(pos, key); }
    // Moves to the first row whose key is >= value. REQUIRES: Valid().
    void SeekTo(Id value, ExecContext& ctx);
  };

  OperatorPtr left_, right_;
  JoinLayout layout_;
  std::size_t left_key_, right_key_;
  Cursor l_, r_;
  std::vector<Id> group_;  // right rows with key group_key_, row-major
  std::size_t group_rows_ = 0;
  Id group_key_ = kNoId;
  std::size_t group_pos_ = 0;
  bool emitting_ = false;
  std::vector<Id> scratch_;
};

}  // namespace corridor::engine
