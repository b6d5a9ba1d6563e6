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
// Invariant (kept by Insert/Delete, which ask the base snapshot):
// added() holds only quads absent from the base, removed() only quads
// present in it; the two are disjoint. So |added| and |removed| are the
// exact numbers of quads the commit will add and delete.
//
// Not thread-safe: used by the one writer thread. Sorted views returned by
// AddedRows/RemovedRows stay valid until the next Insert/Delete.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/ids.h"
#include "storage/sorted_runs.h"

namespace corridor::storage {

class WriteOverlay {
 public:
  // `in_base(q)`: whether the base snapshot holds q.
  explicit WriteOverlay(std::function<bool(const IdQuad&)> in_base) : in_base_(std::move(in_base)) {}

  // Makes q present / absent in the merged view. Returns true if that
  // changed the merged view.
  bool Insert(const IdQuad& q);
  bool Delete(const IdQuad& q);
  // Whether the merged view holds q.
  bool Contains(const IdQuad& q) const;

  const std::set<IdQuad>& added() const { return added_; }
  const std::set<IdQuad>& removed() const { return removed_; }

  // added() / removed() as rows in `perm`'s slot order, sorted.
  const std::vector<Row>& AddedRows(Permutation perm) const;
  const std::vector<Row>& RemovedRows(Permutation perm) const;

  // Dictionary terms created by this write (key: EncodeDictionaryKey bytes).
  void AddTerm(Id id, std::string key);
  std::optional<Id> FindTerm(const std::string& key) const;
  const std::string* FindKey(Id id) const;
  // In the order they were added (ids ascending).
  const std::vector<std::pair<Id, std::string>>& terms() const { return terms_; }

 private:
  void Invalidate();

  std::function<bool(const IdQuad&)> in_base_;
  std::set<IdQuad> added_, removed_;
  mutable std::array<std::optional<std::vector<Row>>, kNumPermutations> added_rows_, removed_rows_;
  std::vector<std::pair<Id, std::string>> terms_;
  std::unordered_map<std::string, Id> term_ids_;
  std::unordered_map<Id, std::size_t> term_index_;
};

}  // namespace corridor::storage
