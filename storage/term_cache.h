// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// TermCache: the dictionary entries (id -> encoded term) read most
// recently, kept across queries, so that the few terms of a small result
// are not each a RocksDB point read (about 8,000 instructions; a hit here
// costs a lock and a copy).
//
// Contract: an id in the committed dictionary always stands for the same
// term (ids are handed out once and never reused; a failed write gives back
// only ids it never committed). The cache therefore needs no invalidation,
// provided it is only fed entries read from the committed dictionary, never
// a write's pending terms.
//
// Bounded: a fixed number of slots (direct-mapped by id, in shards with a
// mutex each), and entries longer than kMaxEntryBytes are not kept, so its
// memory stays below kSlots * (kMaxEntryBytes + overhead), about 20 MiB.
// Thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/ids.h"

namespace corridor::storage {

class TermCache {
 public:
  static constexpr std::size_t kShards = 64;
  static constexpr std::size_t kSlotsPerShard = 1024;
  static constexpr std::size_t kSlots = kShards * kSlotsPerShard;
  static constexpr std::size_t kMaxEntryBytes = 256;

  TermCache();
  TermCache(const TermCache&) = delete;
  TermCache& operator=(const TermCache&) = delete;

  // Copies the entry of `id` into *bytes and returns true, or returns false.
  bool Find(Id id, std::string* bytes) const {
    return Visit(id, [&](std::string_view b) { bytes->assign(b); });
  }
  // Calls f(entry) with the shard locked (f must not use the cache) and
  // returns true, or returns false when `id` is not kept.
  template <class F>
  bool Visit(Id id, F&& f) const {
    if (id == kNoId) return false;  // the id of the empty slots
    const std::size_t h = Hash(id);
    const Shard& shard = (*shards_)[h % kShards];
    std::lock_guard<std::mutex> lock(shard.mutex);
    const Slot& slot = shard.slots[(h / kShards) % kSlotsPerShard];
    if (slot.id != id) return false;
    f(std::string_view(slot.bytes));
    return true;
  }
  // Keeps `bytes` as the entry of `id` (replacing whatever held its slot);
  // entries longer than kMaxEntryBytes are not kept.
  void Put(Id id, std::string_view bytes);

 private:
  struct Slot {
    Id id = kNoId;
    std::string bytes;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::array<Slot, kSlotsPerShard> slots;
  };
  static std::size_t Hash(Id id) {
    // splitmix64's finalizer: neighbouring ids (one document's terms)
    // spread evenly over shards and slots.
    std::uint64_t x = id;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return static_cast<std::size_t>(x ^ (x >> 31));
  }
  std::unique_ptr<std::array<Shard, kShards>> shards_;
};

}  // namespace corridor::storage
