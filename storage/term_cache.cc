// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/term_cache.h"

namespace corridor::storage {

TermCache::TermCache() : shards_(std::make_unique<std::array<Shard, kShards>>()) {}

void TermCache::Put(Id id, std::string_view bytes) {
  if (bytes.size() > kMaxEntryBytes || id == kNoId) return;
  const std::size_t h = Hash(id);
  Shard& shard = (*shards_)[h % kShards];
  std::lock_guard<std::mutex> lock(shard.mutex);
  Slot& slot = shard.slots[(h / kShards) % kSlotsPerShard];
  slot.id = id;
  slot.bytes.assign(bytes);
}

}  // namespace corridor::storage
