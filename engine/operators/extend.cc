// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/extend.h"

#include <algorithm>

namespace corridor::engine {

Extend::Extend(OperatorPtr child, std::vector<ExtendBinding> bindings)
    : Operator(child->columns()), child_(std::move(child)), bindings_(std::move(bindings)) {
  sorted_on_ = child_->sorted_on();
  for (ExtendBinding& b : bindings_) {
    auto col = ColumnOf(b.variable);
    existing_.push_back(col.has_value() && *col < child_->width());
    if (col) {
      targets_.push_back(*col);
    } else {
      columns_.push_back(b.variable);
      targets_.push_back(columns_.size() - 1);
    }
  }
}

std::string Extend::details() const {
  std::string d;
  for (const ExtendBinding& b : bindings_) d += (d.empty() ? "" : ", ") + b.label;
  return d;
}

bool Extend::NextImpl(Batch* out, std::size_t max_rows) {
  input_.Reset(child_->width());
  if (!child_->Next(&input_, max_rows)) return false;
  const std::size_t in_width = input_.width();
  scratch_.assign(width(), kNoId);
  RowView view(scratch_.data(), width());
  EvalContext& eval = ctx().eval();
  for (std::size_t r = 0; r < input_.size(); ++r) {
    ctx().Tick();
    eval.NextRow();
    const Id* in = input_.row(r);
    std::copy(in, in + in_width, scratch_.begin());
    std::fill(scratch_.begin() + static_cast<std::ptrdiff_t>(in_width), scratch_.end(), kNoId);
    bool keep = true;
    for (std::size_t i = 0; i < bindings_.size() && keep; ++i) {
      const Id value = bindings_[i].expression->Evaluate(view, eval);
      Id& target = scratch_[targets_[i]];
      if (existing_[i] && target != kNoId && value != kNoId && target != value) keep = false;
      else if (target == kNoId) target = value;
    }
    if (keep) out->AppendRow(scratch_.data());
  }
  return true;
}

}  // namespace corridor::engine
