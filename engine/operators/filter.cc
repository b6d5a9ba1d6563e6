// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/filter.h"

namespace corridor::engine {

Filter::Filter(OperatorPtr child, std::unique_ptr<Expr> condition, std::string label)
    : Operator(child->columns()), child_(std::move(child)), condition_(std::move(condition)),
      label_(std::move(label)) {
  sorted_on_ = child_->sorted_on();
}

void Filter::OpenImpl() { child_->Open(ctx()); }

bool Filter::NextImpl(Batch* out, std::size_t max_rows) {
  input_.Reset(child_->width());
  if (!child_->Next(&input_, max_rows)) return false;
  RowView view(nullptr, input_.width());
  EvalContext& eval = ctx().eval();
  for (std::size_t r = 0; r < input_.size(); ++r) {
    ctx().Tick();
    eval.NextRow();
    view.Reset(input_.row(r));
    std::optional<bool> keep = condition_->EvaluateBoolean(view, eval);
    if (keep.value_or(false)) out->AppendRow(input_.row(r));
  }
  return true;
}

}  // namespace corridor::engine
