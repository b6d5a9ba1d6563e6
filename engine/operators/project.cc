// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/project.h"

namespace corridor::engine {

Project::Project(OperatorPtr child, std::vector<std::string> variables)
    : Operator(std::move(variables)), child_(std::move(child)) {
  for (const std::string& v : columns_) source_.push_back(child_->ColumnOf(v));
  // The order survives as long as its leading columns do.
  for (std::size_t c : child_->sorted_on()) {
    bool found = false;
    for (std::size_t i = 0; i < source_.size() && !found; ++i) {
      if (source_[i] == c) {
        sorted_on_.push_back(i);
        found = true;
      }
    }
    if (!found) break;
  }
}

bool Project::NextImpl(Batch* out, std::size_t max_rows) {
  input_.Reset(child_->width());
  if (!child_->Next(&input_, max_rows)) return false;
  for (std::size_t r = 0; r < input_.size(); ++r) {
    const Id* in = input_.row(r);
    Id* row = out->AppendRow();
    for (std::size_t c = 0; c < source_.size(); ++c) row[c] = source_[c] ? in[*source_[c]] : kNoId;
  }
  ctx().Tick(input_.size());
  return true;
}

}  // namespace corridor::engine
