// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Hashing of rows and row keys, shared by the hash-based operators.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "storage/ids.h"

namespace corridor::engine {

inline std::uint64_t MixId(std::uint64_t h, storage::Id id) {
  h ^= id + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

// Hash of row[columns[0]], row[columns[1]], ...
inline std::uint64_t HashColumns(const storage::Id* row, const std::vector<std::size_t>& columns) {
  std::uint64_t h = 0x84222325cbf29ce4ULL;
  for (std::size_t c : columns) h = MixId(h, row[c]);
  return h;
}

// The rows of a hash operator's build side grouped by key hash, in flat
// arrays: a bucket head per power-of-two slot and a next link per row, so
// that building allocates a few vectors, not a node and a vector per key
// (an unordered_map of vectors cost BSBM a third of its allocations).
// Rows are numbered 0, 1, ... in the order they were added; Add all of
// them, then Build once, then walk the candidates of a hash with First and
// Next (ascending row numbers, hash equal; the caller compares the keys).
class RowHashIndex {
 public:
  static constexpr std::uint32_t kEnd = std::numeric_limits<std::uint32_t>::max();

  // Forgets every row; keeps the capacity.
  void Clear() {
    hashes_.clear();
    rows_.clear();
    heads_.clear();
    next_.clear();
  }
  // Adds row number `row` under `hash` (rows without a usable key are
  // simply not added).
  void Add(std::uint32_t row, std::uint64_t hash) {
    rows_.push_back(row);
    hashes_.push_back(hash);
  }
  void Build() {
    std::size_t slots = 16;
    while (slots < 2 * rows_.size()) slots *= 2;
    mask_ = slots - 1;
    heads_.assign(slots, kEnd);
    next_.assign(rows_.size(), kEnd);
    // Backwards, so that each chain runs in ascending order.
    for (std::size_t i = rows_.size(); i-- > 0;) {
      const std::size_t slot = hashes_[i] & mask_;
      next_[i] = heads_[slot];
      heads_[slot] = static_cast<std::uint32_t>(i);
    }
  }
  // The first entry whose hash may equal `hash`, or kEnd. REQUIRES: Build.
  std::uint32_t First(std::uint64_t hash) const {
    return heads_.empty() ? kEnd : Skip(heads_[hash & mask_], hash);
  }
  // The entry after `entry` with hash `hash`, or kEnd.
  std::uint32_t Next(std::uint32_t entry, std::uint64_t hash) const { return Skip(next_[entry], hash); }
  // The row number of an entry.
  std::uint32_t row(std::uint32_t entry) const { return rows_[entry]; }
  std::size_t bytes() const {
    return hashes_.capacity() * 8 + (rows_.capacity() + heads_.capacity() + next_.capacity()) * 4;
  }

 private:
  std::uint32_t Skip(std::uint32_t entry, std::uint64_t hash) const {
    while (entry != kEnd && hashes_[entry] != hash) entry = next_[entry];
    return entry;
  }
  std::vector<std::uint64_t> hashes_;  // per entry
  std::vector<std::uint32_t> rows_;    // per entry: the row number
  std::vector<std::uint32_t> heads_;   // per slot: the first entry, or kEnd
  std::vector<std::uint32_t> next_;    // per entry: the next entry of its slot, or kEnd
  std::size_t mask_ = 0;
};

struct RowVectorHash {
  std::size_t operator()(const std::vector<storage::Id>& row) const {
    std::uint64_t h = 0x84222325cbf29ce4ULL;
    for (storage::Id id : row) h = MixId(h, id);
    return static_cast<std::size_t>(h);
  }
};

}  // namespace corridor::engine
