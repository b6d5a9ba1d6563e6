// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// HashJoin: builds a hash table over the whole right input on the key
// columns, then streams the left input through it. Inner join, or left
// outer join (OPTIONAL) with an optional filter over the merged row. Rows
// whose key is unbound match by compatibility (§18.3), so keys may be
// variables that are only possibly bound; with no key columns this is a
// cartesian product filtered by compatibility. The output follows the
// left input's order.
#pragma once

#include <memory>
#include <vector>

#include "engine/operators/join_layout.h"
#include "engine/operators/row_hash.h"

namespace corridor::engine {

class HashJoin final : public Operator {
 public:
  // `keys`: (left column, right column) pairs hashed on; the other shared
  // variables are checked when rows are merged. `filter` (may be null) is
  // compiled against columns() and only allowed for kLeftOuter.
  HashJoin(OperatorPtr left, OperatorPtr right, std::vector<std::pair<std::size_t, std::size_t>> keys,
           JoinKind kind, std::unique_ptr<Expr> filter, std::string filter_label);

  std::string name() const override { return kind_ == JoinKind::kInner ? "HashJoin" : "HashLeftJoin"; }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  void Build();
  // Emits merges of the current left row with candidates; false when the
  // output is full before the candidates are exhausted.
  bool EmitMatches(Batch* out, std::size_t max_rows);

  OperatorPtr left_, right_;
  JoinLayout layout_;
  std::vector<std::size_t> left_keys_, right_keys_;
  JoinKind kind_;
  std::unique_ptr<Expr> filter_;
  std::string filter_label_;

  // Build side.
  bool built_ = false;
  std::vector<Id> right_rows_;  // row-major
  std::size_t right_count_ = 0;
  RowHashIndex table_;  // the rows with every key bound
  std::vector<std::uint32_t> unbound_key_rows_;  // right rows with an unbound key
  std::size_t charged_ = 0;

  // Probe state.
  Batch left_batch_;
  std::size_t left_pos_ = 0;
  bool left_done_ = false;
  bool in_row_ = false;             // matching the row at left_pos_
  bool row_matched_ = false;
  std::uint64_t probe_hash_ = 0;
  std::uint32_t entry_ = RowHashIndex::kEnd;  // next candidate of table_
  std::size_t unbound_pos_ = 0;
  bool scan_all_ = false;           // left key unbound: try every right row
  std::size_t all_pos_ = 0;
  std::vector<Id> scratch_;
};

}  // namespace corridor::engine
