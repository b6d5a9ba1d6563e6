// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/slice.h"

#include <algorithm>

namespace corridor::engine {

Slice::Slice(OperatorPtr child, std::uint64_t offset, std::optional<std::uint64_t> limit)
    : Operator(child->columns()), child_(std::move(child)), offset_(offset), limit_(limit) {
  sorted_on_ = child_->sorted_on();
}

std::string Slice::details() const {
  std::string d;
  if (offset_ > 0) d += "offset " + std::to_string(offset_);
  if (limit_) d += (d.empty() ? "" : " ") + std::string("limit ") + std::to_string(*limit_);
  return d;
}

void Slice::OpenImpl() {
  to_skip_ = offset_;
  produced_ = 0;
  if (limit_ && *limit_ == 0) return;  // nothing to read: do not even open the input
  child_->Open(ctx());
}

bool Slice::NextImpl(Batch* out, std::size_t max_rows) {
  if (limit_ && produced_ >= *limit_) return false;
  std::uint64_t want = max_rows;
  if (limit_) want = std::min<std::uint64_t>(want, *limit_ - produced_);
  if (to_skip_ > 0) want = std::min<std::uint64_t>(to_skip_ + want, kBatchRows);
  input_.Reset(child_->width());
  if (!child_->Next(&input_, static_cast<std::size_t>(std::max<std::uint64_t>(want, 1)))) {
    return false;
  }
  for (std::size_t r = 0; r < input_.size(); ++r) {
    if (to_skip_ > 0) {
      --to_skip_;
      continue;
    }
    if ((limit_ && produced_ >= *limit_) || out->size() >= max_rows) break;
    out->AppendRow(input_.row(r));
    ++produced_;
  }
  return !(limit_ && produced_ >= *limit_);
}

}  // namespace corridor::engine
