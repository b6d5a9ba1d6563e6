// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/values.h"

namespace corridor::engine {

Values::Values(std::vector<std::string> columns, std::vector<Id> rows, std::size_t row_count,
               std::string label)
    : Operator(std::move(columns)), rows_(std::move(rows)), row_count_(row_count),
      label_(std::move(label)) {
  set_estimated_rows(static_cast<double>(row_count_));
}

std::string Values::details() const {
  std::string d = JoinVariables(columns_);
  d += (d.empty() ? "" : " ") + std::to_string(row_count_) + " row" + (row_count_ == 1 ? "" : "s");
  if (!label_.empty()) d += " " + label_;
  return d;
}

bool Values::NextImpl(Batch* out, std::size_t max_rows) {
  const std::size_t w = width();
  while (next_ < row_count_ && out->size() < max_rows) {
    if (w == 0) out->AppendRow();
    else out->AppendRow(rows_.data() + next_ * w);
    ++next_;
  }
  return next_ < row_count_;
}

}  // namespace corridor::engine
