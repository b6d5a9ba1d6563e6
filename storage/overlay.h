// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// WriteOverlay: the pending changes of a write in progress (an update
// request), layered over the snapshot the write started from. Scans of a
// snapshot made with Store::OverlaySnapshot see the base snapshot's quads
// minus `removed()` plus `added()`, so that each operation of a request
// sees the effects of the earlier ones before anything is committed. The
// overlay also holds the dictionary terms the write has created, which
// Store::LookupId / Store::Resolve consult on the writer's thread only (see
// Store::SetPendingTerms).
//
// Invariant (kept by Insert/Delete and their bulk forms, which ask the base
// snapshot): added() holds only quads absent from the base, removed() only
// quads present in it; the two are disjoint. So |added| and |removed| are
// the exact numbers of quads the commit will add and delete.
//
// Representation: both sets are sorted vectors of quads in spog order (32
// bytes a quad, no per-element allocation). Changes should come in bulk
// (InsertMany/DeleteMany: one sort of the batch, one merge, one sorted
// probe of the base); single Insert/Delete cost O(size) each.
//
// Not thread-safe: used by the one writer thread. Sorted views returned by
// added()/removed()/AddedRows/RemovedRows stay valid until the next change.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/ids.h"
#include "storage/sorted_runs.h"

namespace corridor::storage {

class WriteOverlay {
 public:
  // `probe(sorted, found)`: for quads sorted in spog order without repeats,
  // sets (*found)[i] (resized by the callee to sorted.size()) to whether the
  // base snapshot holds sorted[i].
  using BaseProbe = std::function<void(const std::vector<IdQuad>& sorted, std::vector<char>* found)>;
  explicit WriteOverlay(BaseProbe probe) : probe_(std::move(probe)) {}
  // `in_base(q)`: whether the base snapshot holds q (one question a quad).
  explicit WriteOverlay(std::function<bool(const IdQuad&)> in_base);

  // Makes q present / absent in the merged view. Returns true if that
  // changed the merged view.
  bool Insert(const IdQuad& q);
  bool Delete(const IdQuad& q);
  // Makes every quad of `quads` (any order, repeats allowed; consumed)
  // present / absent. Returns how many quads of the merged view changed.
  std::size_t InsertMany(std::vector<IdQuad> quads);
  std::size_t DeleteMany(std::vector<IdQuad> quads);
  // Whether the merged view holds q.
  bool Contains(const IdQuad& q) const;

  // Bounds the changes (added + removed quads) the overlay holds: a change
  // that would go beyond `n` throws StorageError(kResourceLimit), after
  // which the write must be abandoned. 0 (the default): no bound.
  void set_max_changes(std::size_t n) { max_changes_ = n; }
  // Memory per changed quad at a write's peak: the spog set, the other
  // permutations' sorted rows, and the commit's copies. What a memory budget
  // is divided by to bound the changes.
  static constexpr std::size_t kPeakBytesPerChange = 10 * sizeof(IdQuad);

  // Sorted in spog order, no repeats.
  const std::vector<IdQuad>& added() const { return added_; }
  const std::vector<IdQuad>& removed() const { return removed_; }

  // added() / removed() as rows in `perm`'s slot order, sorted (computed on
  // first use after a change; for kSpog the sets themselves).
  const std::vector<Row>& AddedRows(Permutation perm) const;
  const std::vector<Row>& RemovedRows(Permutation perm) const;

  // Dictionary terms created by this write (key: EncodeDictionaryKey bytes).
  // REQUIRES: ids come from Store::NewDictionaryId, in the order it gave
  // them (their sequence numbers ascend).
  void AddTerm(Id id, std::string key);
  std::optional<Id> FindTerm(const std::string& key) const;
  const std::string* FindKey(Id id) const;
  // In the order they were added (sequence numbers ascending).
  const std::vector<std::pair<Id, std::string>>& terms() const { return terms_; }

 private:
  void Invalidate();
  // Throws kResourceLimit when `more` changes would exceed max_changes_.
  void CheckRoom(std::size_t more) const;
  std::size_t max_changes_ = 0;
  // Sorts `quads` in spog order and drops repeats.
  static void SortUnique(std::vector<IdQuad>& quads);

  BaseProbe probe_;
  std::vector<IdQuad> added_, removed_;  // sorted (spog), disjoint
  mutable std::array<std::optional<std::vector<Row>>, kNumPermutations> added_rows_, removed_rows_;
  std::vector<std::pair<Id, std::string>> terms_;
  std::unordered_map<std::string, Id> term_ids_;
};

}  // namespace corridor::storage
