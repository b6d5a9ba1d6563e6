// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/distinct.h"

namespace corridor::engine {

Distinct::Distinct(OperatorPtr child) : Operator(child->columns()), child_(std::move(child)) {
  sorted_on_ = child_->sorted_on();
}

void Distinct::OpenImpl() {
  seen_.clear();
  child_->Open(ctx());
}

bool Distinct::NextImpl(Batch* out, std::size_t max_rows) {
  input_.Reset(child_->width());
  if (!child_->Next(&input_, max_rows)) return false;
  const std::size_t w = input_.width();
  const std::size_t row_bytes = sizeof(Id) * w + 48;
  for (std::size_t r = 0; r < input_.size(); ++r) {
    ctx().Tick();
    const Id* in = input_.row(r);
    if (seen_.emplace(in, in + w).second) {
      ctx().ChargeMemory(row_bytes);
      charged_ += row_bytes;
      out->AppendRow(in);
    }
  }
  return true;
}

void Distinct::CloseImpl() {
  child_->Close();
  seen_.clear();
  ctx().ReleaseMemory(charged_);
  charged_ = 0;
}

}  // namespace corridor::engine
