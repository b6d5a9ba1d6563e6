// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// TermCache: what is put is found until its slot is reused, long entries
// are not kept, and concurrent readers and writers never see an entry of
// another id.
#include "storage/term_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace corridor::storage {
namespace {

std::string EntryOf(Id id) { return "entry-" + std::to_string(id) + std::string(id % 40, 'x'); }

TEST(TermCacheTest, FindsWhatWasPutUntilItsSlotIsReused) {
  TermCache cache;
  std::string bytes;
  EXPECT_FALSE(cache.Find(7, &bytes));
  cache.Put(7, "seven");
  ASSERT_TRUE(cache.Find(7, &bytes));
  EXPECT_EQ(bytes, "seven");
  EXPECT_FALSE(cache.Find(8, &bytes));
  // More ids than slots: every id found is found with its own entry, and
  // many earlier ones were replaced.
  const Id n = 4 * TermCache::kSlots;
  for (Id id = 1; id <= n; ++id) cache.Put(id, EntryOf(id));
  std::size_t found = 0;
  for (Id id = 1; id <= n; ++id) {
    if (!cache.Find(id, &bytes)) continue;
    ++found;
    ASSERT_EQ(bytes, EntryOf(id));
  }
  EXPECT_LE(found, TermCache::kSlots);
  EXPECT_GE(found, TermCache::kSlots / 2);
  // The most recent ids are all there: later puts win their slots.
  for (Id id = n - 100; id <= n; ++id) EXPECT_TRUE(cache.Find(id, &bytes)) << id;
}

TEST(TermCacheTest, LongEntriesAreNotKept) {
  TermCache cache;
  std::string bytes;
  cache.Put(1, std::string(TermCache::kMaxEntryBytes, 'a'));
  EXPECT_TRUE(cache.Find(1, &bytes));
  cache.Put(2, std::string(TermCache::kMaxEntryBytes + 1, 'a'));
  EXPECT_FALSE(cache.Find(2, &bytes));
  cache.Put(kNoId, "none");
  EXPECT_FALSE(cache.Find(kNoId, &bytes));
}

TEST(TermCacheTest, ConcurrentReadersSeeOnlyTheirIdsEntries) {
  TermCache cache;
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::string bytes;
      for (Id i = 0; !stop; ++i) {
        const Id id = 1 + (i * 7919 + t) % (3 * TermCache::kSlots);
        if (t % 2 == 0) {
          cache.Put(id, EntryOf(id));
        } else if (cache.Find(id, &bytes) && bytes != EntryOf(id)) {
          ++wrong;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace corridor::storage
