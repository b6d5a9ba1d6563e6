// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/overlay.h"

#include <algorithm>

namespace corridor::storage {

void WriteOverlay::Invalidate() {
  for (auto& r : added_rows_) r.reset();
  for (auto& r : removed_rows_) r.reset();
}

bool WriteOverlay::Insert(const IdQuad& q) {
  if (removed_.erase(q) > 0) {
    Invalidate();
    return true;
  }
  if (added_.count(q) > 0 || in_base_(q)) return false;
  added_.insert(q);
  Invalidate();
  return true;
}

bool WriteOverlay::Delete(const IdQuad& q) {
  if (added_.erase(q) > 0) {
    Invalidate();
    return true;
  }
  if (removed_.count(q) > 0 || !in_base_(q)) return false;
  removed_.insert(q);
  Invalidate();
  return true;
}

bool WriteOverlay::Contains(const IdQuad& q) const {
  if (added_.count(q) > 0) return true;
  if (removed_.count(q) > 0) return false;
  return in_base_(q);
}

namespace {
const std::vector<Row>& RowsFor(const std::set<IdQuad>& quads, Permutation perm,
                                std::optional<std::vector<Row>>& cache) {
  if (!cache) {
    std::vector<Row> rows;
    rows.reserve(quads.size());
    for (const IdQuad& q : quads) rows.push_back(ToRow(q, perm));
    std::sort(rows.begin(), rows.end());
    cache = std::move(rows);
  }
  return *cache;
}
}  // namespace

const std::vector<Row>& WriteOverlay::AddedRows(Permutation perm) const {
  return RowsFor(added_, perm, added_rows_[static_cast<int>(perm)]);
}

const std::vector<Row>& WriteOverlay::RemovedRows(Permutation perm) const {
  return RowsFor(removed_, perm, removed_rows_[static_cast<int>(perm)]);
}

void WriteOverlay::AddTerm(Id id, std::string key) {
  term_ids_.emplace(key, id);
  term_index_.emplace(id, terms_.size());
  terms_.emplace_back(id, std::move(key));
}

std::optional<Id> WriteOverlay::FindTerm(const std::string& key) const {
  auto it = term_ids_.find(key);
  if (it == term_ids_.end()) return std::nullopt;
  return it->second;
}

const std::string* WriteOverlay::FindKey(Id id) const {
  auto it = term_index_.find(id);
  if (it == term_index_.end()) return nullptr;
  return &terms_[it->second].second;
}

}  // namespace corridor::storage
