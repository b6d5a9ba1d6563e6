// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/hash_join.h"

namespace corridor::engine {

namespace {
// Build-side memory kept across openings.
constexpr std::size_t kKeptBytes = std::size_t{1} << 20;
}  // namespace

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
  table_.Clear();
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
      if (bound) table_.Add(index, HashColumns(row, right_keys_));
      else unbound_key_rows_.push_back(index);
    }
    batch.Clear();
  }
  right_->Close();
  table_.Build();
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
  while (entry_ != RowHashIndex::kEnd) {
    if (out->size() >= max_rows) return false;
    ctx().Tick();
    const std::uint32_t row = table_.row(entry_);
    entry_ = table_.Next(entry_, probe_hash_);
    try_row(row);
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
      entry_ = RowHashIndex::kEnd;
      unbound_pos_ = all_pos_ = 0;
      bool bound = true;
      for (std::size_t k : left_keys_) bound = bound && l[k] != kNoId;
      scan_all_ = !bound;
      if (bound) {
        probe_hash_ = HashColumns(l, left_keys_);
        entry_ = table_.First(probe_hash_);
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
  // A large build side gives its memory back; a small one keeps its
  // capacity for the next opening (a hash join re-opened per outer row).
  if (right_rows_.capacity() * sizeof(Id) + table_.bytes() > kKeptBytes) {
    right_rows_ = std::vector<Id>();
    table_ = RowHashIndex();
  }
  right_rows_.clear();
  table_.Clear();
  unbound_key_rows_.clear();
  ctx().ReleaseMemory(charged_);
  charged_ = 0;
  built_ = false;
}

}  // namespace corridor::engine
