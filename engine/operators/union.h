// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Union: the rows of the left input, then those of the right, over the
// union of their columns (a column an input lacks is unbound).
#pragma once

#include <optional>
#include <vector>

#include "engine/operators/operator.h"

namespace corridor::engine {

class Union final : public Operator {
 public:
  Union(OperatorPtr left, OperatorPtr right);

  std::string name() const override { return "Union"; }
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  OperatorPtr left_, right_;
  std::vector<std::optional<std::size_t>> left_source_, right_source_;
  int current_ = 0;  // 0: left, 1: right, 2: done
  Batch input_;
};

}  // namespace corridor::engine
