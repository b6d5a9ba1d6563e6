// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Parameters: the one row of a correlated sub-plan's outer bindings, read
// from a ParamRow when opened. It seeds EXISTS patterns and path steps, so
// that the planner pushes the outer values into the scans after it.
#pragma once

#include <string>
#include <vector>

#include "engine/operators/operator.h"

namespace corridor::engine {

class Parameters final : public Operator {
 public:
  // Column i is params[i]. `params` must outlive the operator.
  Parameters(std::vector<std::string> columns, const ParamRow* params)
      : Operator(std::move(columns)), params_(params) {
    set_estimated_rows(1);
  }

  std::string name() const override { return "Parameters"; }
  std::string details() const override { return JoinVariables(columns_); }

 protected:
  void OpenImpl() override { done_ = false; }
  bool NextImpl(Batch* out, std::size_t /*max_rows*/) override {
    if (done_) return false;
    Id* row = out->AppendRow();
    for (std::size_t i = 0; i < width(); ++i) row[i] = (*params_)[i];
    done_ = true;
    return false;
  }

 private:
  const ParamRow* params_;
  bool done_ = false;
};

}  // namespace corridor::engine
