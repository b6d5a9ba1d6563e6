// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/result_decoder.h"

#include <algorithm>

#include "engine/expression.h"
#include "engine/local_vocab.h"

namespace corridor::engine {

ResultDecoder::ResultDecoder(const storage::Store& store, EvalContext& eval)
    : store_(store), eval_(eval) {}

void ResultDecoder::Prefetch(const Batch& batch, const std::vector<std::size_t>& columns) {
  ids_.clear();
  for (std::size_t r = 0; r < batch.size(); ++r) {
    const Id* row = batch.row(r);
    for (std::size_t c : columns) {
      const Id id = row[c];
      if (id == kNoId || !storage::InDictionary(id) || LocalVocab::IsLocal(id)) continue;
      ids_.push_back(id);
    }
  }
  std::sort(ids_.begin(), ids_.end());
  ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
  if (ids_.empty()) return;
  store_.ResolveMany(ids_, &terms_);
}

const Term& ResultDecoder::Decode(Id id) {
  if (auto it = std::lower_bound(ids_.begin(), ids_.end(), id); it != ids_.end() && *it == id) {
    return terms_[static_cast<std::size_t>(it - ids_.begin())];
  }
  if (auto it = others_.find(id); it != others_.end()) return it->second;
  if (others_.size() >= kMaxOtherEntries) others_.clear();
  return others_.emplace(id, eval_.Decode(id)).first->second;
}

}  // namespace corridor::engine
