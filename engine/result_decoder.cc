// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/result_decoder.h"

#include <algorithm>

#include "engine/expression.h"
#include "engine/local_vocab.h"

namespace corridor::engine {

ResultDecoder::ResultDecoder(const storage::Store& store, EvalContext& eval)
    : store_(store), eval_(eval) {}

void ResultDecoder::Prefetch(const Batch& batch, const std::vector<std::size_t>& columns) {
  missing_.clear();
  for (std::size_t r = 0; r < batch.size(); ++r) {
    const Id* row = batch.row(r);
    for (std::size_t c : columns) {
      const Id id = row[c];
      if (id == kNoId || !storage::InDictionary(id) || LocalVocab::IsLocal(id)) continue;
      if (cache_.count(id) == 0) missing_.push_back(id);
    }
  }
  if (missing_.empty()) return;
  // Bounded: dropped whole when this batch would overflow it (cheap, and
  // sorted scans rarely come back to old ids).
  if (cache_.size() + missing_.size() > kMaxEntries) cache_.clear();
  cache_.reserve(cache_.size() + missing_.size());
  std::sort(missing_.begin(), missing_.end());
  missing_.erase(std::unique(missing_.begin(), missing_.end()), missing_.end());
  store_.ResolveMany(missing_, &resolved_);
  for (std::size_t i = 0; i < missing_.size(); ++i) cache_.emplace(missing_[i], std::move(resolved_[i]));
}

const Term& ResultDecoder::Decode(Id id) {
  if (auto it = cache_.find(id); it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxEntries) cache_.clear();
  return cache_.emplace(id, eval_.Decode(id)).first->second;
}

}  // namespace corridor::engine
