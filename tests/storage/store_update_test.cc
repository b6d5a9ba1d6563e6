// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Deletion and the write overlay: WriteOverlay, overlay scans,
// Store::CommitChanges and its exact statistics.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <thread>

#include "storage/overlay.h"
#include "storage/store.h"
#include "storage/term_codec.h"
#include "test_util.h"

namespace corridor::storage {
namespace {

using test::TempDir;

Id N(int v) { return InlineInteger(v); }
IdQuad Q(int s, int p, int o, int g = -1) { return {N(s), N(p), N(o), g < 0 ? kDefaultGraph : N(g)}; }

std::unique_ptr<Store> OpenStore(const TempDir& dir) {
  StoreOptions o;
  o.sync_writes = false;
  return Store::Open(dir.path() / "db", o);
}

// Statistics recomputed from scratch from the spog index.
StoreStats BruteForceStats(Store& store, const SnapshotPtr& snap) {
  StoreStats out;
  std::map<Id, std::set<Id>> subjects, objects;
  std::map<Id, std::uint64_t> pred_quads, graph_quads;
  for (auto it = store.Scan(snap, Permutation::kSpog, {}); it->Valid(); it->Next()) {
    const IdQuad& q = it->quad();
    ++out.quads;
    subjects[q[kP]].insert(q[kS]);
    objects[q[kP]].insert(q[kO]);
    ++pred_quads[q[kP]];
    ++graph_quads[q[kG]];
  }
  for (const auto& [p, n] : pred_quads) {
    out.predicates.push_back({p, n, subjects[p].size(), objects[p].size()});
  }
  for (const auto& [g, n] : graph_quads) out.graph_quads.emplace_back(g, n);
  return out;
}

void ExpectSameStats(const StoreStats& a, const StoreStats& b) {
  EXPECT_EQ(a.quads, b.quads);
  ASSERT_EQ(a.predicates.size(), b.predicates.size());
  for (std::size_t i = 0; i < a.predicates.size(); ++i) {
    EXPECT_EQ(a.predicates[i].predicate, b.predicates[i].predicate);
    EXPECT_EQ(a.predicates[i].quads, b.predicates[i].quads) << i;
    EXPECT_EQ(a.predicates[i].distinct_subjects, b.predicates[i].distinct_subjects) << i;
    EXPECT_EQ(a.predicates[i].distinct_objects, b.predicates[i].distinct_objects) << i;
  }
  EXPECT_EQ(a.graph_quads, b.graph_quads);
}

// Applies inserts then deletes through an overlay and commits.
ChangeResult Change(Store& store, const std::vector<IdQuad>& inserts, const std::vector<IdQuad>& deletes) {
  auto lock = store.LockForWriting();
  SnapshotPtr base = store.GetSnapshot();
  WriteOverlay overlay([&](const IdQuad& q) { return store.Contains(base, q); });
  for (const auto& q : inserts) overlay.Insert(q);
  for (const auto& q : deletes) overlay.Delete(q);
  return store.CommitChanges(*lock, base, overlay);
}

std::vector<IdQuad> ScanAll(Store& store, const SnapshotPtr& snap, Permutation perm,
                            const std::vector<Id>& prefix = {}) {
  std::vector<IdQuad> out;
  for (auto it = store.Scan(snap, perm, prefix); it->Valid(); it->Next()) out.push_back(it->quad());
  return out;
}

// Reset skips its seek when the new prefix lies where the iterator already
// knows there is nothing; a reused iterator must still give exactly what a
// fresh scan gives, whatever order the prefixes come in and however far the
// previous scan was read, on the stored data and through an overlay.
TEST(StoreUpdate, ResetIteratorsAgreeWithFreshScans) {
  TempDir dir;
  auto store = OpenStore(dir);
  std::mt19937 rng(20261128);
  auto small = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<IdQuad> quads;
  for (int i = 0; i < 600; ++i) quads.push_back(Q(small(30), small(4), small(30), small(3) == 0 ? 5 + small(2) : -1));
  Change(*store, quads, {});
  auto lock = store->LockForWriting();
  SnapshotPtr base = store->GetSnapshot();
  WriteOverlay overlay([&](const IdQuad& q) { return store->Contains(base, q); });
  for (int i = 0; i < 80; ++i) overlay.Insert(Q(small(30), small(4), small(30)));
  for (int i = 0; i < 80; ++i) overlay.Delete(quads[rng() % quads.size()]);
  SnapshotPtr view = store->OverlaySnapshot(base, &overlay);
  // Values derived from data are neither kept nor found through an overlay.
  store->KeepDerived(view, "from-view", std::make_shared<int>(1), sizeof(int));
  EXPECT_EQ(store->FindDerived(base, "from-view"), nullptr);
  store->KeepDerived(base, "from-base", std::make_shared<int>(2), sizeof(int));
  EXPECT_NE(store->FindDerived(base, "from-base"), nullptr);
  EXPECT_EQ(store->FindDerived(view, "from-base"), nullptr);
  for (const SnapshotPtr& snap : {base, view}) {
    for (int p = 0; p < kNumPermutations; ++p) {
      const auto perm = static_cast<Permutation>(p);
      const auto& order = kPermutationOrder[p];
      auto value_at = [&](int slot) {
        if (order[slot] == kG) return small(4) == 0 ? N(5 + small(2)) : kDefaultGraph;
        return N(small(order[slot] == kP ? 5 : 31));
      };
      std::unique_ptr<ScanIterator> it;
      std::vector<Id> prefix;
      for (int step = 0; step < 1500; ++step) {
        // Mostly a sibling of the last prefix with a larger or equal last id
        // (the case Reset skips), sometimes a jump anywhere.
        if (prefix.size() >= 2 && small(4) != 0) {
          prefix.back() = N(static_cast<int>(InlineIntegerValue(prefix.back())) + small(3));
        } else {
          prefix.assign(1 + small(4), kNoId);
          for (std::size_t i = 0; i < prefix.size(); ++i) prefix[i] = value_at(static_cast<int>(i));
        }
        std::vector<IdQuad> expected = ScanAll(*store, snap, perm, prefix);
        // Sometimes Reset to a start within the prefix's range: the rows
        // from the first one at or after `from` (in slot order).
        std::vector<Id> from = prefix;
        if (it && prefix.size() < 4 && small(3) == 0) {
          from.push_back(value_at(static_cast<int>(prefix.size())));
          auto key = [&](const IdQuad& q) {
            std::vector<Id> k;
            for (std::size_t i = 0; i < from.size(); ++i) k.push_back(q[order[i]]);
            return k;
          };
          std::erase_if(expected, [&](const IdQuad& q) { return key(q) < from; });
        }
        if (!it) it = store->Scan(snap, perm, prefix);
        else if (from.size() > prefix.size()) it->Reset(prefix, from);
        else it->Reset(prefix);
        // Read all of it, or only its start, so the next Reset starts from
        // the middle of a range as well as from its end.
        const std::size_t want = small(3) == 0 ? std::min<std::size_t>(1, expected.size()) : expected.size();
        std::vector<IdQuad> got;
        for (; it->Valid() && got.size() < want; it->Next()) got.push_back(it->quad());
        ASSERT_EQ(got, std::vector<IdQuad>(expected.begin(), expected.begin() + want))
            << kPermutationName[p] << " step " << step << (snap == view ? " (overlay)" : "");
      }
    }
  }
}

TEST(WriteOverlay, KeepsAddedAndRemovedExactAgainstTheBase) {
  std::set<IdQuad> base = {Q(1, 1, 1), Q(2, 2, 2)};
  WriteOverlay o([&](const IdQuad& q) { return base.count(q) > 0; });
  EXPECT_FALSE(o.Insert(Q(1, 1, 1)));  // already there
  EXPECT_TRUE(o.Insert(Q(3, 3, 3)));
  EXPECT_TRUE(o.Delete(Q(3, 3, 3)));   // inserted then deleted: nothing
  EXPECT_TRUE(o.added().empty());
  EXPECT_TRUE(o.Delete(Q(1, 1, 1)));
  EXPECT_FALSE(o.Delete(Q(9, 9, 9)));  // never there
  EXPECT_TRUE(o.Insert(Q(1, 1, 1)));   // deleted then inserted again: nothing
  EXPECT_TRUE(o.removed().empty());
  EXPECT_TRUE(o.Contains(Q(1, 1, 1)));
  EXPECT_TRUE(o.Delete(Q(2, 2, 2)));
  EXPECT_FALSE(o.Contains(Q(2, 2, 2)));
  EXPECT_EQ(o.removed().size(), 1u);
}

TEST(StoreUpdate, OverlayScansMergePendingChangesInEveryPermutation) {
  TempDir dir;
  auto store = OpenStore(dir);
  Change(*store, {Q(1, 10, 100), Q(2, 10, 200), Q(3, 20, 300, 7)}, {});
  auto lock = store->LockForWriting();
  SnapshotPtr base = store->GetSnapshot();
  WriteOverlay overlay([&](const IdQuad& q) { return store->Contains(base, q); });
  overlay.Insert(Q(1, 10, 150));
  overlay.Insert(Q(0, 10, 100, 7));
  overlay.Delete(Q(2, 10, 200));
  SnapshotPtr view = store->OverlaySnapshot(base, &overlay);
  const std::set<IdQuad> expected = {Q(1, 10, 100), Q(1, 10, 150), Q(3, 20, 300, 7), Q(0, 10, 100, 7)};
  for (int p = 0; p < kNumPermutations; ++p) {
    auto rows = ScanAll(*store, view, static_cast<Permutation>(p));
    EXPECT_EQ(std::set<IdQuad>(rows.begin(), rows.end()), expected) << kPermutationName[p];
    EXPECT_EQ(rows.size(), expected.size());
    // Sorted in the permutation's order.
    for (std::size_t i = 1; i < rows.size(); ++i) {
      EXPECT_LT(ToRow(rows[i - 1], static_cast<Permutation>(p)), ToRow(rows[i], static_cast<Permutation>(p)));
    }
  }
  // Prefix scans and Seek.
  EXPECT_EQ(ScanAll(*store, view, Permutation::kSpog, {N(1)}).size(), 2u);
  EXPECT_EQ(ScanAll(*store, view, Permutation::kSpog, {N(2)}).size(), 0u);
  EXPECT_EQ(ScanAll(*store, view, Permutation::kGspo, {N(7)}).size(), 2u);
  auto it = store->Scan(view, Permutation::kPosg, {N(10)});
  it->Seek({N(10), N(101)});
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->quad(), Q(1, 10, 150));
  it->Next();
  EXPECT_FALSE(it->Valid());
  it->Seek({N(10), N(0)});  // back to the start of the prefix
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->quad(), Q(0, 10, 100, 7));
  // The base snapshot does not see the overlay.
  EXPECT_EQ(ScanAll(*store, base, Permutation::kSpog).size(), 3u);
  // Quad counts of the view.
  StoreStats s = store->ReadStats(view);
  EXPECT_EQ(s.quads, 4u);
}

TEST(StoreUpdate, CommitChangesKeepsStatisticsExact) {
  TempDir dir;
  auto store = OpenStore(dir);
  Change(*store, {Q(1, 10, 100), Q(1, 10, 101), Q(2, 10, 100), Q(3, 11, 100, 5)}, {});
  ExpectSameStats(store->ReadStats(store->GetSnapshot()), BruteForceStats(*store, store->GetSnapshot()));
  // Remove one of two quads of (1,10): distinct subjects of 10 stay 2.
  ChangeResult r = Change(*store, {}, {Q(1, 10, 101), Q(9, 9, 9)});
  EXPECT_EQ(r.quads_deleted, 1u);
  EXPECT_EQ(r.quads_added, 0u);
  StoreStats s = store->ReadStats(store->GetSnapshot());
  ExpectSameStats(s, BruteForceStats(*store, store->GetSnapshot()));
  ASSERT_EQ(s.predicates.size(), 2u);
  EXPECT_EQ(s.predicates[0].distinct_subjects, 2u);
  EXPECT_EQ(s.predicates[0].distinct_objects, 1u);
  // Delete and insert in one change touching the same pairs.
  r = Change(*store, {Q(4, 10, 100), Q(1, 12, 1)}, {Q(1, 10, 100), Q(2, 10, 100)});
  EXPECT_EQ(r.quads_added, 2u);
  EXPECT_EQ(r.quads_deleted, 2u);
  ExpectSameStats(store->ReadStats(store->GetSnapshot()), BruteForceStats(*store, store->GetSnapshot()));
  // Emptying a graph removes it and its predicate from the statistics.
  Change(*store, {}, {Q(3, 11, 100, 5)});
  s = store->ReadStats(store->GetSnapshot());
  ExpectSameStats(s, BruteForceStats(*store, store->GetSnapshot()));
  for (const auto& [g, n] : s.graph_quads) EXPECT_NE(g, N(5));
}

TEST(StoreUpdate, RandomChangesMatchRecomputedStatistics) {
  TempDir dir;
  auto store = OpenStore(dir);
  std::mt19937 rng(42);
  auto small = [&](int n) { return static_cast<int>(rng() % n); };
  std::set<IdQuad> model;
  for (int round = 0; round < 30; ++round) {
    std::vector<IdQuad> ins, del;
    for (int i = 0; i < 20; ++i) ins.push_back(Q(small(5), small(3), small(5), small(3) - 1));
    for (int i = 0; i < 20; ++i) del.push_back(Q(small(5), small(3), small(5), small(3) - 1));
    std::set<IdQuad> after = model;
    for (const auto& q : ins) after.insert(q);
    for (const auto& q : del) after.erase(q);
    std::uint64_t added = 0, deleted = 0;
    for (const auto& q : after) added += model.count(q) == 0;
    for (const auto& q : model) deleted += after.count(q) == 0;
    ChangeResult r = Change(*store, ins, del);
    EXPECT_EQ(r.quads_added, added);
    EXPECT_EQ(r.quads_deleted, deleted);
    model = after;
    SnapshotPtr snap = store->GetSnapshot();
    auto all = ScanAll(*store, snap, Permutation::kGosp);
    ASSERT_EQ(std::set<IdQuad>(all.begin(), all.end()), model) << round;
    ExpectSameStats(store->ReadStats(snap), BruteForceStats(*store, snap));
  }
}

TEST(StoreUpdate, PendingTermsAreVisibleOnTheWriterThreadOnlyAndCommitted) {
  TempDir dir;
  auto store = OpenStore(dir);
  const Term t = Term::Iri("http://example.org/new");
  {
    auto lock = store->LockForWriting();
    SnapshotPtr base = store->GetSnapshot();
    WriteOverlay overlay([&](const IdQuad& q) { return store->Contains(base, q); });
    store->SetPendingTerms(*lock, &overlay);
    const Id id = store->NewDictionaryId(TermKind::kIri, *lock);
    overlay.AddTerm(id, EncodeDictionaryKey(TermParts::Of(t)));
    EXPECT_EQ(store->LookupId(TermParts::Of(t)), id);
    EXPECT_EQ(store->Resolve(id), t);
    std::optional<Id> seen_elsewhere = N(0);
    std::thread other([&] { seen_elsewhere = store->LookupId(TermParts::Of(t)); });
    other.join();
    EXPECT_FALSE(seen_elsewhere.has_value());
    overlay.Insert({id, N(1), N(2), kDefaultGraph});
    SnapshotPtr before = store->GetSnapshot();
    store->CommitChanges(*lock, base, overlay);
    EXPECT_EQ(ScanAll(*store, before, Permutation::kSpog).size(), 0u);  // old snapshot: old state
  }
  auto id = store->LookupId(TermParts::Of(t));
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(store->Resolve(*id), t);
  EXPECT_EQ(store->ReadStats(store->GetSnapshot()).dictionary_terms, 1u);
  EXPECT_EQ(ScanAll(*store, store->GetSnapshot(), Permutation::kSpog).size(), 1u);
}

// Decoded blocks are kept across scans (DecodedBlockCache): a scan at a
// snapshot must never be served a block read at another state, in either
// direction, however scans at old and new snapshots interleave, whole or
// by prefix; and a store without the cache gives the same answers.
TEST(StoreUpdate, DecodedBlocksServeOnlyTheStateTheyWereReadAt) {
  for (std::size_t cache_bytes : {std::size_t{64} << 20, std::size_t{0}}) {
    SCOPED_TRACE(cache_bytes);
    TempDir dir;
    StoreOptions o;
    o.sync_writes = false;
    o.decoded_block_cache_bytes = cache_bytes;
    auto store = Store::Open(dir.path() / "db", o);
    std::mt19937 rng(20261129);
    auto small = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    std::set<IdQuad> before;
    while (before.size() < 3000) before.insert(Q(small(300), small(4), small(300), small(5) == 0 ? 7 : -1));
    Change(*store, std::vector<IdQuad>(before.begin(), before.end()), {});
    SnapshotPtr old_snap = store->GetSnapshot();
    std::set<IdQuad> after = before;
    std::vector<IdQuad> inserts, deletes;
    while (inserts.size() < 400) {
      const IdQuad q = Q(small(300), small(4), small(300), small(5) == 0 ? 7 : -1);
      if (after.insert(q).second) inserts.push_back(q);
    }
    for (auto it = before.begin(); it != before.end(); std::advance(it, 5)) {
      deletes.push_back(*it);
      after.erase(*it);
      if (std::distance(it, before.end()) <= 5) break;
    }
    // Fill the cache at the old state first.
    for (int p = 0; p < kNumPermutations; ++p) ScanAll(*store, old_snap, static_cast<Permutation>(p));
    Change(*store, inserts, deletes);
    SnapshotPtr new_snap = store->GetSnapshot();
    auto expect = [&](const std::set<IdQuad>& model, Permutation perm, const std::vector<Id>& prefix) {
      std::vector<Row> rows;
      for (const IdQuad& q : model) {
        const Row r = ToRow(q, perm);
        if (std::equal(prefix.begin(), prefix.end(), r.begin())) rows.push_back(r);
      }
      std::sort(rows.begin(), rows.end());
      std::vector<IdQuad> quads;
      for (const Row& r : rows) quads.push_back(FromRow(r, perm));
      return quads;
    };
    for (int round = 0; round < 3; ++round) {
      for (const auto& [snap, model] : {std::pair{new_snap, &after}, std::pair{old_snap, &before}}) {
        for (int p = 0; p < kNumPermutations; ++p) {
          const auto perm = static_cast<Permutation>(p);
          ASSERT_EQ(ScanAll(*store, snap, perm), expect(*model, perm, {})) << kPermutationName[p];
          // Probes of prefixes through one reused iterator, in random order.
          std::unique_ptr<ScanIterator> it;
          for (int i = 0; i < 60; ++i) {
            const IdQuad q = *std::next(model->begin(), static_cast<long>(rng() % model->size()));
            const Row r = ToRow(q, perm);
            std::vector<Id> prefix(r.begin(), r.begin() + 1 + small(3));
            if (small(3) == 0) prefix.back() = N(small(300));  // maybe absent
            if (!it) it = store->Scan(snap, perm, prefix);
            else it->Reset(prefix);
            std::vector<IdQuad> got;
            for (; it->Valid(); it->Next()) got.push_back(it->quad());
            ASSERT_EQ(got, expect(*model, perm, prefix)) << kPermutationName[p] << " probe " << i;
          }
        }
      }
    }
  }
}

TEST(StoreUpdate, AbandonedOverlayChangesNothing) {
  TempDir dir;
  auto store = OpenStore(dir);
  Change(*store, {Q(1, 1, 1)}, {});
  {
    auto lock = store->LockForWriting();
    SnapshotPtr base = store->GetSnapshot();
    WriteOverlay overlay([&](const IdQuad& q) { return store->Contains(base, q); });
    overlay.Delete(Q(1, 1, 1));
    overlay.Insert(Q(2, 2, 2));
    store->AbortIds(*lock);
  }
  EXPECT_EQ(ScanAll(*store, store->GetSnapshot(), Permutation::kSpog), std::vector<IdQuad>{Q(1, 1, 1)});
  EXPECT_EQ(store->ReadStats(store->GetSnapshot()).quads, 1u);
}

}  // namespace
}  // namespace corridor::storage
