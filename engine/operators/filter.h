// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Filter: the input rows whose condition's effective boolean value is true
// (errors and unbound count as false, §17.2). Keeps the input's order.
#pragma once

#include <memory>
#include <string>

#include "engine/operators/operator.h"

namespace corridor::engine {

class Filter final : public Operator {
 public:
  // `condition` is compiled against the child's columns.
  Filter(OperatorPtr child, std::unique_ptr<Expr> condition, std::string label);

  std::string name() const override { return "Filter"; }
  std::string details() const override { return label_; }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override { child_->Close(); }

 private:
  OperatorPtr child_;
  std::unique_ptr<Expr> condition_;
  std::string label_;
  Batch input_;
};

}  // namespace corridor::engine
