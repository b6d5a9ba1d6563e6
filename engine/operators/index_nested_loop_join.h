// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// IndexNestedLoopJoin: for every left row, writes the row's values of the
// shared variables into the right sub-plan's parameter row and re-opens
// that sub-plan, whose scans then read only the matching index range. Inner
// or left outer join (OPTIONAL, with an optional filter on the merged row).
// A left value that is unbound leaves its parameter unbound (the scan then
// treats it as free), and merged rows are checked for compatibility, so the
// join is exact for any left input. The output follows the left order.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "engine/operators/join_layout.h"

namespace corridor::engine {

class IndexNestedLoopJoin final : public Operator {
 public:
  // `bindings`: (left column, parameter slot) pairs written into `*params`
  // before each opening of `right`. `params` must outlive the operator.
  // `filter` (may be null) is compiled against columns(); kLeftOuter only.
  IndexNestedLoopJoin(OperatorPtr left, OperatorPtr right, ParamRow* params,
                      std::vector<std::pair<std::size_t, std::size_t>> bindings, JoinKind kind,
                      std::unique_ptr<Expr> filter, std::string filter_label);

  std::string name() const override {
    return kind_ == JoinKind::kInner ? "IndexNestedLoopJoin" : "IndexNestedLoopLeftJoin";
  }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  OperatorPtr left_, right_;
  ParamRow* params_;
  std::vector<std::pair<std::size_t, std::size_t>> bindings_;
  JoinLayout layout_;
  JoinKind kind_;
  std::unique_ptr<Expr> filter_;
  std::string filter_label_;

  Batch left_batch_;
  std::size_t left_pos_ = 0;
  bool left_done_ = false;
  bool right_open_ = false;
  bool row_matched_ = false;
  Batch right_batch_;
  std::vector<Id> scratch_;
};

}  // namespace corridor::engine
