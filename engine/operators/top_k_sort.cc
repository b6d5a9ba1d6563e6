// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/top_k_sort.h"

#include <algorithm>

#include "corridor/error.h"

namespace corridor::engine {

TopKSort::TopKSort(OperatorPtr child, std::vector<SortKey> keys, std::uint64_t k)
    : Operator(child->columns()), child_(std::move(child)), keys_(std::move(keys)), k_(k) {
  if (k_ == 0) throw Error(ErrorCode::kInternal, "TopKSort: k must be at least 1");
}

std::string TopKSort::details() const {
  std::string d = "top " + std::to_string(k_) + " by ";
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (i > 0) d += ", ";
    d += keys_[i].descending ? "DESC(" + keys_[i].label + ")" : keys_[i].label;
  }
  return d;
}

void TopKSort::OpenImpl() {
  filled_ = false;
  next_ = 0;
  child_->Open(ctx());
}

bool TopKSort::KeysBefore(const Id* a_keys, std::uint64_t a_position, const Entry& b) const {
  ctx().Tick();
  const Id* b_keys = key_values_.data() + static_cast<std::size_t>(b.slot) * keys_.size();
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (a_keys[i] == b_keys[i]) continue;
    const int cmp = CompareForOrder(a_keys[i], b_keys[i], ctx().eval());
    if (cmp != 0) return keys_[i].descending ? cmp > 0 : cmp < 0;
  }
  return a_position < b.position;
}

bool TopKSort::Before(const Entry& a, const Entry& b) const {
  return KeysBefore(key_values_.data() + static_cast<std::size_t>(a.slot) * keys_.size(), a.position, b);
}

void TopKSort::Fill() {
  rows_.clear();
  key_values_.clear();
  heap_.clear();
  const std::size_t w = child_->width();
  const std::size_t nk = keys_.size();
  const std::size_t row_bytes = (w + nk) * sizeof(Id) + sizeof(Entry);
  auto less = [this](const Entry& a, const Entry& b) { return Before(a, b); };
  Batch batch(w);
  RowView view(nullptr, w);
  EvalContext& eval = ctx().eval();
  std::vector<Id> candidate(nk);
  std::uint64_t position = 0;
  while (child_->Next(&batch)) {
    for (std::size_t r = 0; r < batch.size(); ++r, ++position) {
      ctx().Tick();
      eval.NextRow();
      const Id* row = batch.row(r);
      view.Reset(row);
      for (std::size_t i = 0; i < nk; ++i) candidate[i] = keys_[i].expression->Evaluate(view, eval);
      if (heap_.size() < k_) {
        ctx().ChargeMemory(row_bytes);
        charged_ += row_bytes;
        const auto slot = static_cast<std::uint32_t>(heap_.size());
        rows_.insert(rows_.end(), row, row + w);
        key_values_.insert(key_values_.end(), candidate.begin(), candidate.end());
        heap_.push_back({slot, position});
        std::push_heap(heap_.begin(), heap_.end(), less);
        continue;
      }
      // Full: the row replaces the greatest kept one if it comes before it.
      if (!KeysBefore(candidate.data(), position, heap_.front())) continue;
      std::pop_heap(heap_.begin(), heap_.end(), less);
      const std::uint32_t slot = heap_.back().slot;
      std::copy(row, row + w, rows_.begin() + static_cast<std::ptrdiff_t>(slot * w));
      std::copy(candidate.begin(), candidate.end(), key_values_.begin() + static_cast<std::ptrdiff_t>(slot * nk));
      heap_.back() = {slot, position};
      std::push_heap(heap_.begin(), heap_.end(), less);
    }
    batch.Clear();
  }
  child_->Close();
  std::sort_heap(heap_.begin(), heap_.end(), less);
  filled_ = true;
}

bool TopKSort::NextImpl(Batch* out, std::size_t max_rows) {
  if (!filled_) Fill();
  const std::size_t w = child_->width();
  while (next_ < heap_.size() && out->size() < max_rows) {
    out->AppendRow(rows_.data() + static_cast<std::size_t>(heap_[next_++].slot) * w);
  }
  return next_ < heap_.size();
}

void TopKSort::CloseImpl() {
  child_->Close();
  rows_.clear();
  rows_.shrink_to_fit();
  key_values_.clear();
  key_values_.shrink_to_fit();
  heap_.clear();
  heap_.shrink_to_fit();
  ctx().ReleaseMemory(charged_);
  charged_ = 0;
  filled_ = false;
}

}  // namespace corridor::engine
