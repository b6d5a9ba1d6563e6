// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/index_nested_loop_join.h"

namespace corridor::engine {

IndexNestedLoopJoin::IndexNestedLoopJoin(OperatorPtr left, OperatorPtr right, ParamRow* params,
                                         std::vector<std::pair<std::size_t, std::size_t>> bindings,
                                         JoinKind kind, std::unique_ptr<Expr> filter,
                                         std::string filter_label)
    : Operator({}), left_(std::move(left)), right_(std::move(right)), params_(params),
      bindings_(std::move(bindings)), layout_(left_->columns(), right_->columns()), kind_(kind),
      filter_(std::move(filter)), filter_label_(std::move(filter_label)) {
  columns_ = layout_.columns;
  sorted_on_ = left_->sorted_on();
}

std::string IndexNestedLoopJoin::details() const {
  std::string d = "bind";
  for (const auto& [l, slot] : bindings_) d += " ?" + columns_[l];
  if (!filter_label_.empty()) d += " filter " + filter_label_;
  return d;
}

void IndexNestedLoopJoin::OpenImpl() {
  left_batch_.Reset(left_->width());
  right_batch_.Reset(right_->width());
  left_pos_ = 0;
  left_done_ = false;
  right_open_ = false;
  scratch_.assign(columns_.size(), kNoId);
  left_->Open(ctx());
}

bool IndexNestedLoopJoin::NextImpl(Batch* out, std::size_t max_rows) {
  RowView view(nullptr, columns_.size());
  while (out->size() < max_rows) {
    if (!right_open_) {
      if (left_pos_ >= left_batch_.size()) {
        if (left_done_) return false;
        left_batch_.Clear();
        left_pos_ = 0;
        if (!left_->Next(&left_batch_, max_rows)) {
          left_done_ = true;
          return false;
        }
      }
      const Id* l = left_batch_.row(left_pos_);
      for (const auto& [col, slot] : bindings_) (*params_)[slot] = l[col];
      right_->Open(ctx());
      right_open_ = true;
      row_matched_ = false;
    }
    const Id* l = left_batch_.row(left_pos_);
    right_batch_.Clear();
    if (right_->Next(&right_batch_, max_rows - out->size())) {
      for (std::size_t r = 0; r < right_batch_.size(); ++r) {
        ctx().Tick();
        if (!layout_.Merge(l, right_batch_.row(r), scratch_.data())) continue;
        if (filter_) {
          view.Reset(scratch_.data());
          ctx().eval().NextRow();
          if (!filter_->EvaluateBoolean(view, ctx().eval()).value_or(false)) continue;
        }
        out->AppendRow(scratch_.data());
        row_matched_ = true;
      }
      continue;
    }
    right_->Close();
    right_open_ = false;
    if (kind_ == JoinKind::kLeftOuter && !row_matched_) layout_.PadLeft(l, out->AppendRow());
    ++left_pos_;
  }
  return true;
}

void IndexNestedLoopJoin::CloseImpl() {
  left_->Close();
  right_->Close();
  right_open_ = false;
}

}  // namespace corridor::engine
