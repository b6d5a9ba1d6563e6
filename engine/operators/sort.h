// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Sort (ORDER BY): materialises the input, evaluates each key expression
// once per row, and sorts stably with CompareForOrder (§15.1), ascending or
// descending per key. Checks for cancellation while sorting.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/operators/operator.h"

namespace corridor::engine {

struct SortKey {
  std::unique_ptr<Expr> expression;  // compiled against the child's columns
  bool descending = false;
  std::string label;
};

class Sort final : public Operator {
 public:
  Sort(OperatorPtr child, std::vector<SortKey> keys);

  std::string name() const override { return "Sort"; }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  void Materialize();

  OperatorPtr child_;
  std::vector<SortKey> keys_;
  bool sorted_ = false;
  std::vector<Id> rows_;      // row-major, child width
  std::vector<Id> key_values_;  // row-major, keys_.size() per row
  std::vector<std::uint32_t> order_;
  std::size_t next_ = 0;
  std::size_t charged_ = 0;
};

}  // namespace corridor::engine
