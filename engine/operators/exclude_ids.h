// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// ExcludeIds: the input rows whose value in one column is not one of a
// fixed set of ids (negated property sets, `!(a|b)`). Keeps the order.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "engine/operators/operator.h"

namespace corridor::engine {

class ExcludeIds final : public Operator {
 public:
  ExcludeIds(OperatorPtr child, std::size_t column, std::vector<Id> excluded, std::string label)
      : Operator(child->columns()), child_(std::move(child)), column_(column),
        excluded_(std::move(excluded)), label_(std::move(label)) {
    std::sort(excluded_.begin(), excluded_.end());
    sorted_on_ = child_->sorted_on();
  }

  std::string name() const override { return "ExcludeIds"; }
  std::string details() const override { return "?" + columns_[column_] + " not in " + label_; }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override { child_->Open(ctx()); }
  bool NextImpl(Batch* out, std::size_t max_rows) override {
    input_.Reset(child_->width());
    if (!child_->Next(&input_, max_rows)) return false;
    for (std::size_t r = 0; r < input_.size(); ++r) {
      if (!std::binary_search(excluded_.begin(), excluded_.end(), input_.at(r, column_))) {
        out->AppendRow(input_.row(r));
      }
    }
    ctx().Tick(input_.size());
    return true;
  }
  void CloseImpl() override { child_->Close(); }

 private:
  OperatorPtr child_;
  std::size_t column_;
  std::vector<Id> excluded_;
  std::string label_;
  Batch input_;
};

}  // namespace corridor::engine
