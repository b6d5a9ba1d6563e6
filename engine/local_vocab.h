// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// LocalVocab: terms a query computes that the store does not hold (e.g.
// BIND(CONCAT(?a, "x") AS ?b)), under ids with tag kTagLocal. Valid only
// within the query that made them.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "corridor/term.h"
#include "storage/ids.h"

namespace corridor::engine {

inline constexpr std::uint8_t kTagLocal = 0x04;

class LocalVocab {
 public:
  // The id of `term`; equal terms get the same id.
  storage::Id Add(const Term& term) {
    std::string key = term.ToNTriples();
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    const storage::Id id = storage::MakeId(kTagLocal, terms_.size());
    terms_.push_back(term);
    index_.emplace(std::move(key), id);
    return id;
  }
  // REQUIRES: id came from Add on this vocab.
  const Term& Get(storage::Id id) const { return terms_[storage::PayloadOf(id)]; }
  static bool IsLocal(storage::Id id) { return storage::TagOf(id) == kTagLocal; }
  std::size_t size() const { return terms_.size(); }
  // Forgets the terms added after the first `n` (a reused plan's run-time
  // terms); the ids of those kept stay valid.
  void Truncate(std::size_t n) {
    if (n >= terms_.size()) return;
    for (auto it = index_.begin(); it != index_.end();) {
      it = storage::PayloadOf(it->second) >= n ? index_.erase(it) : std::next(it);
    }
    terms_.resize(n);
  }

 private:
  std::deque<Term> terms_;  // stable references
  std::unordered_map<std::string, storage::Id> index_;
};

}  // namespace corridor::engine
