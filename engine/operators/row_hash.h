// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Hashing of rows and row keys, shared by the hash-based operators.
#pragma once

#include <cstddef>
#include <cstdint>
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

struct RowVectorHash {
  std::size_t operator()(const std::vector<storage::Id>& row) const {
    std::uint64_t h = 0x84222325cbf29ce4ULL;
    for (storage::Id id : row) h = MixId(h, id);
    return static_cast<std::size_t>(h);
  }
};

}  // namespace corridor::engine
