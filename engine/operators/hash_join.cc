// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/hash_join.h"

#include "engine/operators/row_hash.h"

namespace corridor::engine {

HashJoin::HashJoin(OperatorPtr left, OperatorPtr right,
                   std::vector<std::pair<std::size_t, std::size_t>> keys, JoinKind kind,
                   std::unique_ptr<Expr> filter, std::string filter_label)
    : Operator({}), left_(std::move(left)), right_(std::move(right)),
      layout_(left_->columns(), right_->columns()), kind_(kind), filter_(std::move(filter)),
      filter_label_(std::move(filter_label)) {
  columns_ = layout_.columns;
  sorted_on_ = left_->sorted_on();
  for (const auto& [l, r] : keys) {
    left_keys_.push_back(l);
    right_keys_.push_back(r);
  }
}

std::string HashJoin::details() const {
  std::string d = "on";
  if (left_keys_.empty()) d += " (no key)";
  for (std::size_t k : left_keys_) d += " ?" + columns_[k];
  if (!filter_label_.empty()) d += " filter " + filter_label_;
  return d;
}

void HashJoin::OpenImpl() {
  built_ = false;
  left_done_ = false;
  in_row_ = false;
  left_pos_ = 0;
  left_batch_.Reset(left_->width());
  scratch_.assign(columns_.size(), kNoId);
  left_->Open(ctx());
}

void HashJoin::Build() {
  right_rows_.clear();
  table_.clear();
  unbound_key_rows_.clear();
  right_count_ = 0;
  const std::size_t w = right_->width();
  right_->Open(ctx());
  Batch batch(w);
  while (right_->Next(&batch)) {
    const std::size_t bytes = batch.size() * (w * sizeof(Id) + 16);
    ctx().ChargeMemory(bytes);
    charged_ += bytes;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      ctx().Tick();
      const Id* row = batch.row(r);
      const auto index = static_cast<std::uint32_t>(right_count_++);
      right_rows_.insert(right_rows_.end(), row, row + w);
      bool bound = true;
      for (std::size_t k : right_keys_) bound = bound && row[k] != kNoId;
      if (bound) table_[HashColumns(row, right_keys_)].push_back(index);
      else unbound_key_rows_.push_back(index);
    }
    batch.Clear();
  }
  right_->Close();
  built_ = true;
}

bool HashJoin::EmitMatches(Batch* out, std::size_t max_rows) {
  const Id* l = left_batch_.row(left_pos_);
  const std::size_t rw = right_->width();
  RowView view(nullptr, columns_.size());
  auto try_row = [&](std::uint32_t index) {
    const Id* r = right_rows_.data() + static_cast<std::size_t>(index) * rw;
    if (!layout_.Merge(l, r, scratch_.data())) return;
    if (filter_) {
      view.Reset(scratch_.data());
      ctx().eval().NextRow();
      if (!filter_->EvaluateBoolean(view, ctx().eval()).value_or(false)) return;
    }
    out->AppendRow(scratch_.data());
    row_matched_ = true;
  };
  if (scan_all_) {
    while (all_pos_ < right_count_) {
      if (out->size() >= max_rows) return false;
      ctx().Tick();
      try_row(static_cast<std::uint32_t>(all_pos_++));
    }
    return true;
  }
  if (bucket_ != nullptr) {
    while (bucket_pos_ < bucket_->size()) {
      if (out->size() >= max_rows) return false;
      ctx().Tick();
      try_row((*bucket_)[bucket_pos_++]);
    }
  }
  while (unbound_pos_ < unbound_key_rows_.size()) {
    if (out->size() >= max_rows) return false;
    ctx().Tick();
    try_row(unbound_key_rows_[unbound_pos_++]);
  }
  return true;
}

bool HashJoin::NextImpl(Batch* out, std::size_t max_rows) {
  if (!built_) Build();
  while (out->size() < max_rows) {
    if (!in_row_) {
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
      in_row_ = true;
      row_matched_ = false;
      bucket_ = nullptr;
      bucket_pos_ = unbound_pos_ = all_pos_ = 0;
      bool bound = true;
      for (std::size_t k : left_keys_) bound = bound && l[k] != kNoId;
      scan_all_ = !bound;
      if (bound) {
        auto it = table_.find(HashColumns(l, left_keys_));
        if (it != table_.end()) bucket_ = &it->second;
      }
    }
    if (!EmitMatches(out, max_rows)) return true;  // output full; resume this row later
    if (kind_ == JoinKind::kLeftOuter && !row_matched_) {
      if (out->size() >= max_rows) return true;
      layout_.PadLeft(left_batch_.row(left_pos_), out->AppendRow());
    }
    in_row_ = false;
    ++left_pos_;
  }
  return true;
}

void HashJoin::CloseImpl() {
  left_->Close();
  right_->Close();
  right_rows_.clear();
  right_rows_.shrink_to_fit();
  table_.clear();
  unbound_key_rows_.clear();
  ctx().ReleaseMemory(charged_);
  charged_ = 0;
  built_ = false;
}

}  // namespace corridor::engine
