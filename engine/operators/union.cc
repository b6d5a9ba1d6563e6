// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/union.h"

namespace corridor::engine {

Union::Union(OperatorPtr left, OperatorPtr right)
    : Operator(left->columns()), left_(std::move(left)), right_(std::move(right)) {
  for (const std::string& v : right_->columns()) {
    if (!ColumnOf(v)) columns_.push_back(v);
  }
  for (const std::string& v : columns_) {
    left_source_.push_back(left_->ColumnOf(v));
    right_source_.push_back(right_->ColumnOf(v));
  }
}

void Union::OpenImpl() {
  current_ = 0;
  left_->Open(ctx());
}

bool Union::NextImpl(Batch* out, std::size_t max_rows) {
  if (current_ == 2) return false;
  Operator& in = current_ == 0 ? *left_ : *right_;
  const auto& source = current_ == 0 ? left_source_ : right_source_;
  input_.Reset(in.width());
  if (!in.Next(&input_, max_rows)) {
    in.Close();
    if (current_ == 0) {
      current_ = 1;
      right_->Open(ctx());
      return true;
    }
    current_ = 2;
    return false;
  }
  for (std::size_t r = 0; r < input_.size(); ++r) {
    const Id* src = input_.row(r);
    Id* row = out->AppendRow();
    for (std::size_t c = 0; c < source.size(); ++c) row[c] = source[c] ? src[*source[c]] : kNoId;
  }
  ctx().Tick(input_.size());
  return true;
}

void Union::CloseImpl() {
  left_->Close();
  right_->Close();
}

}  // namespace corridor::engine
