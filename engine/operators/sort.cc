// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/sort.h"

#include <algorithm>
#include <numeric>

namespace corridor::engine {

Sort::Sort(OperatorPtr child, std::vector<SortKey> keys)
    : Operator(child->columns()), child_(std::move(child)), keys_(std::move(keys)) {}

std::string Sort::details() const {
  std::string d;
  for (const SortKey& k : keys_) {
    if (!d.empty()) d += ", ";
    d += k.descending ? "DESC(" + k.label + ")" : k.label;
  }
  return d;
}

void Sort::OpenImpl() {
  sorted_ = false;
  next_ = 0;
  child_->Open(ctx());
}

void Sort::Materialize() {
  rows_.clear();
  key_values_.clear();
  const std::size_t w = child_->width();
  const std::size_t nk = keys_.size();
  Batch batch(w);
  RowView view(nullptr, w);
  EvalContext& eval = ctx().eval();
  std::size_t count = 0;
  while (child_->Next(&batch)) {
    const std::size_t bytes = batch.size() * ((w + nk) * sizeof(Id) + sizeof(std::uint32_t));
    ctx().ChargeMemory(bytes);
    charged_ += bytes;
    for (std::size_t r = 0; r < batch.size(); ++r) {
      ctx().Tick();
      eval.NextRow();
      const Id* row = batch.row(r);
      rows_.insert(rows_.end(), row, row + w);
      view.Reset(row);
      for (const SortKey& k : keys_) key_values_.push_back(k.expression->Evaluate(view, eval));
      ++count;
    }
    batch.Clear();
  }
  child_->Close();
  order_.resize(count);
  std::iota(order_.begin(), order_.end(), 0u);
  ExecContext& c = ctx();
  std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    c.Tick();
    const Id* ka = key_values_.data() + static_cast<std::size_t>(a) * nk;
    const Id* kb = key_values_.data() + static_cast<std::size_t>(b) * nk;
    for (std::size_t i = 0; i < nk; ++i) {
      if (ka[i] == kb[i]) continue;
      int cmp = CompareForOrder(ka[i], kb[i], eval);
      if (cmp != 0) return keys_[i].descending ? cmp > 0 : cmp < 0;
    }
    return false;
  });
  sorted_ = true;
}

bool Sort::NextImpl(Batch* out, std::size_t max_rows) {
  if (!sorted_) Materialize();
  const std::size_t w = child_->width();
  while (next_ < order_.size() && out->size() < max_rows) {
    out->AppendRow(rows_.data() + static_cast<std::size_t>(order_[next_++]) * w);
  }
  return next_ < order_.size();
}

void Sort::CloseImpl() {
  child_->Close();
  rows_.clear();
  rows_.shrink_to_fit();
  key_values_.clear();
  order_.clear();
  ctx().ReleaseMemory(charged_);
  charged_ = 0;
}

}  // namespace corridor::engine
