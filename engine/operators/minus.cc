// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/minus.h"

namespace corridor::engine {

Minus::Minus(OperatorPtr left, OperatorPtr right,
             std::vector<std::pair<std::size_t, std::size_t>> keys,
             std::optional<std::string> scope_variable)
    : Operator(left->columns()), left_(std::move(left)), right_(std::move(right)),
      layout_(left_->columns(), right_->columns()) {
  sorted_on_ = left_->sorted_on();
  if (scope_variable) scope_column_ = ColumnOf(*scope_variable);
  for (const auto& [l, r] : keys) {
    left_keys_.push_back(l);
    right_keys_.push_back(r);
  }
}

std::string Minus::details() const {
  if (layout_.shared.empty()) return "(no shared variables: removes nothing)";
  std::string d = "on";
  for (const auto& [l, r] : layout_.shared) d += " ?" + columns_[l];
  return d;
}

void Minus::OpenImpl() {
  built_ = false;
  left_->Open(ctx());
}

void Minus::Build() {
  right_rows_.clear();
  table_.Clear();
  unbound_key_rows_.clear();
  right_count_ = 0;
  built_ = true;
  if (layout_.shared.empty()) return;  // nothing can be removed: skip the right side
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
      bool bound = !right_keys_.empty();
      for (std::size_t k : right_keys_) bound = bound && row[k] != kNoId;
      if (bound) table_.Add(index, HashColumns(row, right_keys_));
      else unbound_key_rows_.push_back(index);
    }
    batch.Clear();
  }
  right_->Close();
  table_.Build();
}

bool Minus::Removed(const Id* l) const {
  const std::size_t w = right_->width();
  auto matches = [&](std::uint32_t index) {
    const Id* r = right_rows_.data() + static_cast<std::size_t>(index) * w;
    bool shares_bound = false;
    for (const auto& [lc, rc] : layout_.shared) {
      if (l[lc] == kNoId || r[rc] == kNoId) continue;
      if (l[lc] != r[rc]) return false;
      if (scope_column_ != lc) shares_bound = true;
    }
    return shares_bound;
  };
  bool bound = !left_keys_.empty();
  for (std::size_t k : left_keys_) bound = bound && l[k] != kNoId;
  if (bound) {
    const std::uint64_t hash = HashColumns(l, left_keys_);
    for (auto e = table_.First(hash); e != RowHashIndex::kEnd; e = table_.Next(e, hash)) {
      if (matches(table_.row(e))) return true;
    }
    for (std::uint32_t i : unbound_key_rows_) {
      if (matches(i)) return true;
    }
    return false;
  }
  for (std::size_t i = 0; i < right_count_; ++i) {
    if (matches(static_cast<std::uint32_t>(i))) return true;
  }
  return false;
}

bool Minus::NextImpl(Batch* out, std::size_t max_rows) {
  if (!built_) Build();
  input_.Reset(left_->width());
  if (!left_->Next(&input_, max_rows)) return false;
  for (std::size_t r = 0; r < input_.size(); ++r) {
    ctx().Tick();
    if (!Removed(input_.row(r))) out->AppendRow(input_.row(r));
  }
  return true;
}

void Minus::CloseImpl() {
  left_->Close();
  right_->Close();
  right_rows_.clear();
  table_ = RowHashIndex();
  unbound_key_rows_.clear();
  ctx().ReleaseMemory(charged_);
  charged_ = 0;
  built_ = false;
}

}  // namespace corridor::engine
