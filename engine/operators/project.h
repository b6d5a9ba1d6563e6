// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Project: keeps (and orders) the given variables; a variable the input
// lacks is unbound in every row. Keeps the input's order.
#pragma once

#include <string>
#include <vector>

#include "engine/operators/operator.h"

namespace corridor::engine {

class Project final : public Operator {
 public:
  Project(OperatorPtr child, std::vector<std::string> variables);

  std::string name() const override { return "Project"; }
  std::string details() const override { return JoinVariables(columns_); }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override { child_->Open(ctx()); }
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override { child_->Close(); }

 private:
  OperatorPtr child_;
  std::vector<std::optional<std::size_t>> source_;  // child column of each output column
  Batch input_;
};

}  // namespace corridor::engine
