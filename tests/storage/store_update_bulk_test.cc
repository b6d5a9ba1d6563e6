// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The bulk paths of updates: WriteOverlay::InsertMany/DeleteMany with the
// sorted base probe (Store::ContainsSorted), Store::LookupDictionaryKeys,
// and CommitChanges through SST ingestion (puts and deletes) beside the
// WriteBatch path, with exact statistics.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

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

WriteOverlay BulkOverlay(Store& store, const SnapshotPtr& base) {
  return WriteOverlay([&store, base](const std::vector<IdQuad>& sorted, std::vector<char>* found) {
    store.ContainsSorted(base, sorted, found);
  });
}

std::vector<IdQuad> ScanAll(Store& store, const SnapshotPtr& snap, Permutation perm) {
  std::vector<IdQuad> out;
  for (auto it = store.Scan(snap, perm, {}); it->Valid(); it->Next()) out.push_back(it->quad());
  return out;
}

// Statistics recomputed from the spog index.
void ExpectExactStats(Store& store) {
  SnapshotPtr snap = store.GetSnapshot();
  std::map<Id, std::set<Id>> subjects, objects;
  std::map<Id, std::uint64_t> pred_quads, graph_quads;
  std::uint64_t quads = 0;
  for (const IdQuad& q : ScanAll(store, snap, Permutation::kSpog)) {
    ++quads;
    subjects[q[kP]].insert(q[kS]);
    objects[q[kP]].insert(q[kO]);
    ++pred_quads[q[kP]];
    ++graph_quads[q[kG]];
  }
  const StoreStats stats = store.ReadStats(snap);
  EXPECT_EQ(stats.quads, quads);
  ASSERT_EQ(stats.predicates.size(), pred_quads.size());
  for (const PredicateStats& p : stats.predicates) {
    EXPECT_EQ(p.quads, pred_quads[p.predicate]);
    EXPECT_EQ(p.distinct_subjects, subjects[p.predicate].size());
    EXPECT_EQ(p.distinct_objects, objects[p.predicate].size());
  }
  using GraphCounts = std::vector<std::pair<Id, std::uint64_t>>;
  EXPECT_EQ(stats.graph_quads, GraphCounts(graph_quads.begin(), graph_quads.end()));
}

TEST(WriteOverlayBulk, InsertManyAndDeleteManyKeepTheSetsExact) {
  std::set<IdQuad> base = {Q(1, 1, 1), Q(2, 2, 2), Q(3, 3, 3)};
  WriteOverlay o([&](const IdQuad& q) { return base.count(q) > 0; });
  // Repeats and stored quads count once / not at all.
  EXPECT_EQ(o.InsertMany({Q(5, 5, 5), Q(1, 1, 1), Q(4, 4, 4), Q(5, 5, 5)}), 2u);
  EXPECT_EQ(o.added(), (std::vector<IdQuad>{Q(4, 4, 4), Q(5, 5, 5)}));
  // Deleting inserted quads cancels them; unknown ones change nothing.
  EXPECT_EQ(o.DeleteMany({Q(5, 5, 5), Q(2, 2, 2), Q(9, 9, 9), Q(1, 1, 1)}), 3u);
  EXPECT_EQ(o.added(), (std::vector<IdQuad>{Q(4, 4, 4)}));
  EXPECT_EQ(o.removed(), (std::vector<IdQuad>{Q(1, 1, 1), Q(2, 2, 2)}));
  // Inserting removed quads brings them back.
  EXPECT_EQ(o.InsertMany({Q(2, 2, 2), Q(6, 6, 6)}), 2u);
  EXPECT_EQ(o.removed(), (std::vector<IdQuad>{Q(1, 1, 1)}));
  EXPECT_TRUE(o.Contains(Q(6, 6, 6)));
  EXPECT_TRUE(o.Contains(Q(3, 3, 3)));
  EXPECT_FALSE(o.Contains(Q(1, 1, 1)));
  // Rows in other orders follow the changes.
  EXPECT_EQ(o.AddedRows(Permutation::kPosg).size(), 2u);
  o.DeleteMany({Q(6, 6, 6)});
  EXPECT_EQ(o.AddedRows(Permutation::kPosg), (std::vector<Row>{ToRow(Q(4, 4, 4), Permutation::kPosg)}));
}

TEST(StoreUpdateBulk, ContainsSortedAgreesWithContains) {
  TempDir dir;
  auto store = OpenStore(dir);
  std::mt19937 rng(7);
  std::set<IdQuad> stored;
  {
    auto lock = store->LockForWriting();
    SnapshotPtr base = store->GetSnapshot();
    WriteOverlay o = BulkOverlay(*store, base);
    std::vector<IdQuad> quads;
    // Dense runs (Next steps) and sparse keys (Seeks).
    for (int i = 0; i < 3000; ++i) quads.push_back(Q(static_cast<int>(rng() % 400), static_cast<int>(rng() % 4), i % 7));
    stored.insert(quads.begin(), quads.end());
    o.InsertMany(quads);
    store->CommitChanges(*lock, base, o);
  }
  SnapshotPtr snap = store->GetSnapshot();
  std::vector<IdQuad> probe;
  for (int s = 0; s < 450; s += 1) {
    for (int p = 0; p < 5; ++p) probe.push_back(Q(s, p, s % 7));
  }
  std::sort(probe.begin(), probe.end());
  std::vector<char> found;
  store->ContainsSorted(snap, probe, &found);
  ASSERT_EQ(found.size(), probe.size());
  for (std::size_t i = 0; i < probe.size(); ++i) {
    EXPECT_EQ(found[i] != 0, stored.count(probe[i]) > 0) << i;
    EXPECT_EQ(found[i] != 0, store->Contains(snap, probe[i])) << i;
  }
}

TEST(StoreUpdateBulk, LookupDictionaryKeysFindsCommittedTermsOnly) {
  TempDir dir;
  auto store = OpenStore(dir);
  const Term a = Term::Iri("http://example.org/a"), c = Term::Iri("http://example.org/c");
  Id id_a, id_c;
  {
    auto lock = store->LockForWriting();
    SnapshotPtr base = store->GetSnapshot();
    WriteOverlay o = BulkOverlay(*store, base);
    id_a = store->NewDictionaryId(TermKind::kIri, *lock);
    id_c = store->NewDictionaryId(TermKind::kIri, *lock);
    o.AddTerm(id_a, EncodeDictionaryKey(TermParts::Of(a)));
    o.AddTerm(id_c, EncodeDictionaryKey(TermParts::Of(c)));
    o.InsertMany({{id_a, N(1), id_c, kDefaultGraph}});
    store->CommitChanges(*lock, base, o);
  }
  const std::string ka = EncodeDictionaryKey(TermParts::Of(a));
  const std::string kb = EncodeDictionaryKey(TermParts::Of(Term::Iri("http://example.org/b")));
  const std::string kc = EncodeDictionaryKey(TermParts::Of(c));
  const std::string kd = EncodeDictionaryKey(TermParts::Of(Term::Iri("http://example.org/d")));
  std::vector<Id> ids;
  store->LookupDictionaryKeys({ka, kb, kc, kd}, &ids);
  EXPECT_EQ(ids, (std::vector<Id>{id_a, kNoId, id_c, kNoId}));
}

// Random rounds of bulk inserts and deletes over a small domain, committed
// alternately through a WriteBatch and through SST ingestion: the indexes
// hold exactly the model, and the statistics equal recomputed ones.
TEST(StoreUpdateBulk, IngestedAndBatchedCommitsMatchTheModel) {
  TempDir dir;
  auto store = OpenStore(dir);
  std::mt19937 rng(42);
  auto small = [&](int n) { return static_cast<int>(rng() % n); };
  std::set<IdQuad> model;
  for (int round = 0; round < 24; ++round) {
    store->set_ingest_threshold_for_testing(round % 2 == 0 ? 1 : Store::kIngestThreshold);
    std::vector<IdQuad> ins, del;
    for (int i = 0; i < 200; ++i) ins.push_back(Q(small(30), small(4), small(6), small(3) - 1));
    for (int i = 0; i < 200; ++i) del.push_back(Q(small(30), small(4), small(6), small(3) - 1));
    if (round % 5 == 4) {  // clear a whole graph now and then
      for (const IdQuad& q : model) {
        if (q[kG] == N(1)) del.push_back(q);
      }
    }
    std::set<IdQuad> after = model;
    for (const auto& q : ins) after.insert(q);
    for (const auto& q : del) after.erase(q);
    std::uint64_t added = 0, deleted = 0;
    for (const auto& q : after) added += model.count(q) == 0;
    for (const auto& q : model) deleted += after.count(q) == 0;
    ChangeResult r;
    {
      auto lock = store->LockForWriting();
      SnapshotPtr base = store->GetSnapshot();
      WriteOverlay o = BulkOverlay(*store, base);
      o.InsertMany(ins);
      o.DeleteMany(del);
      SnapshotPtr before = store->GetSnapshot();
      r = store->CommitChanges(*lock, base, o);
      // Readers on an older snapshot keep the state before the commit.
      EXPECT_EQ(ScanAll(*store, before, Permutation::kSpog).size(), model.size());
    }
    EXPECT_EQ(r.quads_added, added) << round;
    EXPECT_EQ(r.quads_deleted, deleted) << round;
    model = after;
    SnapshotPtr snap = store->GetSnapshot();
    for (int p = 0; p < kNumPermutations; ++p) {
      auto all = ScanAll(*store, snap, static_cast<Permutation>(p));
      ASSERT_EQ(all.size(), model.size()) << round << " " << p;
      ASSERT_EQ(std::set<IdQuad>(all.begin(), all.end()), model) << round << " " << p;
    }
    ExpectExactStats(*store);
  }
}

TEST(StoreUpdateBulk, IngestedCommitWritesTheUsedTermsOnly) {
  TempDir dir;
  auto store = OpenStore(dir);
  store->set_ingest_threshold_for_testing(1);
  const Term used = Term::Literal("used"), dropped = Term::Iri("http://example.org/dropped");
  {
    auto lock = store->LockForWriting();
    SnapshotPtr base = store->GetSnapshot();
    WriteOverlay o = BulkOverlay(*store, base);
    store->SetPendingTerms(*lock, &o);
    const Id u = store->NewDictionaryId(TermKind::kLiteral, *lock);
    o.AddTerm(u, EncodeDictionaryKey(TermParts::Of(used)));
    const Id d = store->NewDictionaryId(TermKind::kIri, *lock);
    o.AddTerm(d, EncodeDictionaryKey(TermParts::Of(dropped)));
    o.InsertMany({{N(1), N(2), u, kDefaultGraph}, {d, N(2), N(3), kDefaultGraph}});
    o.DeleteMany({{d, N(2), N(3), kDefaultGraph}});
    store->CommitChanges(*lock, base, o);
  }
  auto id = store->LookupId(TermParts::Of(used));
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(store->Resolve(*id), used);
  EXPECT_FALSE(store->LookupId(TermParts::Of(dropped)).has_value());
  EXPECT_EQ(store->ReadStats(store->GetSnapshot()).dictionary_terms, 1u);
  ExpectExactStats(*store);
}

}  // namespace
}  // namespace corridor::storage
