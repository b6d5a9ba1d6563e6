// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/overlay.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "storage/storage_error.h"

namespace corridor::storage {

static_assert(std::is_same_v<Row, IdQuad>, "spog rows are the quads themselves");

WriteOverlay::WriteOverlay(std::function<bool(const IdQuad&)> in_base)
    : probe_([in_base = std::move(in_base)](const std::vector<IdQuad>& sorted, std::vector<char>* found) {
        found->resize(sorted.size());
        for (std::size_t i = 0; i < sorted.size(); ++i) (*found)[i] = in_base(sorted[i]) ? 1 : 0;
      }) {}

void WriteOverlay::Invalidate() {
  for (auto& r : added_rows_) r.reset();
  for (auto& r : removed_rows_) r.reset();
}

void WriteOverlay::SortUnique(std::vector<IdQuad>& quads) {
  if (!std::is_sorted(quads.begin(), quads.end())) std::sort(quads.begin(), quads.end());
  quads.erase(std::unique(quads.begin(), quads.end()), quads.end());
}

namespace {

// Moves the elements of `sorted` (sorted) that are in `set` (sorted) out of
// both: they are erased from `set` and from `sorted`. Returns how many.
std::size_t CancelCommon(std::vector<IdQuad>& sorted, std::vector<IdQuad>& set) {
  if (sorted.empty() || set.empty()) return 0;
  std::vector<IdQuad> keep_sorted, keep_set;
  keep_sorted.reserve(sorted.size());
  keep_set.reserve(set.size());
  std::size_t i = 0, j = 0, common = 0;
  while (i < sorted.size() && j < set.size()) {
    if (sorted[i] < set[j]) {
      keep_sorted.push_back(sorted[i++]);
    } else if (set[j] < sorted[i]) {
      keep_set.push_back(set[j++]);
    } else {
      ++i, ++j, ++common;
    }
  }
  if (common == 0) return 0;
  keep_sorted.insert(keep_sorted.end(), sorted.begin() + i, sorted.end());
  keep_set.insert(keep_set.end(), set.begin() + j, set.end());
  sorted.swap(keep_sorted);
  set.swap(keep_set);
  return common;
}

// Removes from `sorted` the elements that are in `set` (both sorted).
void SubtractPresent(std::vector<IdQuad>& sorted, const std::vector<IdQuad>& set) {
  if (sorted.empty() || set.empty()) return;
  std::vector<IdQuad> out;
  out.reserve(sorted.size());
  std::set_difference(sorted.begin(), sorted.end(), set.begin(), set.end(), std::back_inserter(out));
  sorted.swap(out);
}

// Merges `more` (sorted, disjoint from `set`) into `set` (sorted).
void MergeInto(std::vector<IdQuad>& set, const std::vector<IdQuad>& more) {
  if (more.empty()) return;
  const std::size_t old = set.size();
  set.insert(set.end(), more.begin(), more.end());
  std::inplace_merge(set.begin(), set.begin() + static_cast<std::ptrdiff_t>(old), set.end());
}

}  // namespace

void WriteOverlay::CheckRoom(std::size_t more) const {
  if (max_changes_ == 0 || added_.size() + removed_.size() + more <= max_changes_) return;
  throw StorageError(StorageError::Code::kResourceLimit,
                     "the request changes more than " + std::to_string(max_changes_) +
                         " quads, the most the memory budget allows (Options::memory_budget_bytes; "
                         "about " + std::to_string(kPeakBytesPerChange) +
                         " bytes a changed quad); split it into smaller requests or raise the budget");
}

std::size_t WriteOverlay::InsertMany(std::vector<IdQuad> quads) {
  SortUnique(quads);
  // Quads removed earlier in this write come back: they leave `removed`.
  std::size_t changed = CancelCommon(quads, removed_);
  SubtractPresent(quads, added_);
  if (!quads.empty()) {
    std::vector<char> in_base;
    probe_(quads, &in_base);
    std::size_t n = 0;
    for (std::size_t i = 0; i < quads.size(); ++i) {
      if (!in_base[i]) quads[n++] = quads[i];
    }
    quads.resize(n);
    CheckRoom(n);
    MergeInto(added_, quads);
    changed += n;
  }
  if (changed > 0) Invalidate();
  return changed;
}

std::size_t WriteOverlay::DeleteMany(std::vector<IdQuad> quads) {
  SortUnique(quads);
  // Quads added earlier in this write go again: they leave `added`.
  std::size_t changed = CancelCommon(quads, added_);
  SubtractPresent(quads, removed_);
  if (!quads.empty()) {
    std::vector<char> in_base;
    probe_(quads, &in_base);
    std::size_t n = 0;
    for (std::size_t i = 0; i < quads.size(); ++i) {
      if (in_base[i]) quads[n++] = quads[i];
    }
    quads.resize(n);
    CheckRoom(n);
    MergeInto(removed_, quads);
    changed += n;
  }
  if (changed > 0) Invalidate();
  return changed;
}

bool WriteOverlay::Insert(const IdQuad& q) { return InsertMany({q}) > 0; }

bool WriteOverlay::Delete(const IdQuad& q) { return DeleteMany({q}) > 0; }

bool WriteOverlay::Contains(const IdQuad& q) const {
  if (std::binary_search(added_.begin(), added_.end(), q)) return true;
  if (std::binary_search(removed_.begin(), removed_.end(), q)) return false;
  std::vector<char> found;
  probe_({q}, &found);
  return found[0] != 0;
}

namespace {
const std::vector<Row>& RowsFor(const std::vector<IdQuad>& quads, Permutation perm,
                                std::optional<std::vector<Row>>& cache) {
  if (perm == Permutation::kSpog) return quads;
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
  terms_.emplace_back(id, std::move(key));
}

std::optional<Id> WriteOverlay::FindTerm(const std::string& key) const {
  auto it = term_ids_.find(key);
  if (it == term_ids_.end()) return std::nullopt;
  return it->second;
}

const std::string* WriteOverlay::FindKey(Id id) const {
  // Sequence numbers ascend in terms_ (one counter for all dictionary ids).
  auto it = std::lower_bound(terms_.begin(), terms_.end(), PayloadOf(id),
                             [](const auto& t, std::uint64_t seq) { return PayloadOf(t.first) < seq; });
  if (it == terms_.end() || it->first != id) return nullptr;
  return &it->second;
}

}  // namespace corridor::storage
