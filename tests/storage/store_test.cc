// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Store, dictionary codec, key order, scans, statistics and snapshots.
#include "storage/store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <thread>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include "storage/bulk_loader.h"
#include "storage/term_codec.h"
#include "test_util.h"

namespace corridor::storage {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const std::string kXsdInt = "http://www.w3.org/2001/XMLSchema#integer";
const std::string kXsdBool = "http://www.w3.org/2001/XMLSchema#boolean";

Term Iri(const std::string& s) { return Term::Iri("http://example.org/" + s); }

// ---- Codec

TEST(TermCodec, DictionaryKeysRoundTripEveryKindOfTerm) {
  std::vector<Term> terms = {
      Term::Iri("http://example.org/a"),
      Term::Iri("http://example.org/ünïcödé/路径/𝄞"),
      Term::Literal(""),
      Term::Literal("plain"),
      Term::Literal(std::string("with\0nul", 8)),
      Term::Literal(std::string(100000, 'x')),
      Term::LangLiteral("chat", "fr"),
      Term::LangLiteral("colour", "EN-gb"),
      Term::TypedLiteral("1.5", "http://www.w3.org/2001/XMLSchema#decimal"),
      Term::TypedLiteral("01", kXsdInt),
      Term::TypedLiteral("abc", "http://example.org/custom#type"),
      Term::Literal("emoji 😀 and RTL שלום"),
  };
  for (const Term& t : terms) {
    std::string key = EncodeDictionaryKey(TermParts::Of(t));
    Term back;
    ASSERT_TRUE(DecodeDictionaryKey(key, &back)) << t.ToNTriples();
    EXPECT_EQ(back, t) << t.ToNTriples();
  }
  EXPECT_EQ(Term::LangLiteral("colour", "EN-gb").language, "en-gb");
}

TEST(TermCodec, DistinctTermsHaveDistinctKeys) {
  std::set<std::string> keys;
  for (const Term& t : {Term::Iri("x"), Term::Literal("x"), Term::LangLiteral("x", "en"),
                        Term::TypedLiteral("x", "http://t"), Term::LangLiteral("", "x"),
                        Term::TypedLiteral("", "x")}) {
    EXPECT_TRUE(keys.insert(EncodeDictionaryKey(TermParts::Of(t))).second) << t.ToNTriples();
  }
}

TEST(TermCodec, InlineIntegersRoundTripAtTheirLimitsAndKeepOrder) {
  std::vector<std::int64_t> values = {kInlineIntegerMin, kInlineIntegerMin + 1, -1000, -1, 0, 1,
                                      42, kInlineIntegerMax - 1, kInlineIntegerMax};
  Id prev = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    Term t = Term::TypedLiteral(std::to_string(values[i]), kXsdInt);
    auto id = TryInlineId(TermParts::Of(t));
    ASSERT_TRUE(id.has_value()) << values[i];
    EXPECT_EQ(DecodeNonDictionaryId(*id), t);
    if (i > 0) {
      EXPECT_LT(prev, *id) << "id order must be numeric order";
    }
    prev = *id;
  }
  // Out of range or non-canonical: stays in the dictionary, exactly as written.
  for (const char* lex : {"36028797018963968", "-36028797018963969", "007", "+5", "-0", "1.0",
                          "", "12a", "99999999999999999999999"}) {
    EXPECT_FALSE(TryInlineId(TermParts::Of(Term::TypedLiteral(lex, kXsdInt)))) << lex;
  }
}

TEST(TermCodec, InlineBooleansOnlyForCanonicalForms) {
  EXPECT_TRUE(TryInlineId(TermParts::Of(Term::TypedLiteral("true", kXsdBool))));
  EXPECT_TRUE(TryInlineId(TermParts::Of(Term::TypedLiteral("false", kXsdBool))));
  EXPECT_FALSE(TryInlineId(TermParts::Of(Term::TypedLiteral("1", kXsdBool))));
  EXPECT_FALSE(TryInlineId(TermParts::Of(Term::TypedLiteral("TRUE", kXsdBool))));
  Term f = DecodeNonDictionaryId(*TryInlineId(TermParts::Of(Term::TypedLiteral("false", kXsdBool))));
  EXPECT_EQ(f.value, "false");
}

TEST(KeyEncoding, ByteOrderIsIdOrderInEveryPermutation) {
  std::mt19937_64 rng(7);
  std::vector<IdQuad> quads;
  for (int i = 0; i < 2000; ++i) {
    quads.push_back({rng() >> (rng() % 64), rng() >> (rng() % 64), rng() >> (rng() % 64),
                     rng() >> (rng() % 64)});
  }
  for (int p = 0; p < kNumPermutations; ++p) {
    const auto perm = static_cast<Permutation>(p);
    const auto& order = kPermutationOrder[p];
    for (std::size_t i = 1; i < quads.size(); ++i) {
      const IdQuad& a = quads[i - 1];
      const IdQuad& b = quads[i];
      std::array<Id, 4> ka, kb;
      for (int j = 0; j < 4; ++j) {
        ka[j] = a[order[j]];
        kb[j] = b[order[j]];
      }
      QuadKey ea = EncodeQuadKey(perm, a), eb = EncodeQuadKey(perm, b);
      const int bytes = std::memcmp(ea.data(), eb.data(), kQuadKeySize);
      EXPECT_EQ(bytes < 0, ka < kb);
      EXPECT_EQ(bytes == 0, ka == kb);
      EXPECT_EQ(DecodeQuadKey(perm, ea.data()), a);
    }
  }
}

TEST(KeyEncoding, EveryPatternIsOnePrefixOfSomePermutation) {
  for (int mask = 0; mask < 16; ++mask) {
    bool b[4] = {bool(mask & 1), bool(mask & 2), bool(mask & 4), bool(mask & 8)};
    int n = 0;
    Permutation perm = Store::ChoosePermutation(b[0], b[1], b[2], b[3], &n);
    const auto& order = kPermutationOrder[static_cast<int>(perm)];
    for (int i = 0; i < n; ++i) EXPECT_TRUE(b[order[i]]) << "mask " << mask;
    for (int i = n; i < 4; ++i) EXPECT_FALSE(b[order[i]]) << "mask " << mask;
  }
}

// ---- Store

class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> OpenStore() { return Store::Open(dir_.path() / "db", StoreOptions{}); }

  // Loads quads (g == nullopt: default graph) through the BulkLoader.
  CommitResult Load(Store& store, const std::vector<std::array<Term, 3>>& triples,
                    const std::optional<Term>& graph = std::nullopt,
                    std::size_t budget = std::size_t{1} << 30) {
    auto lock = store.LockForWriting();
    BulkLoader loader(store, *lock, budget);
    for (const auto& t : triples) loader.AddQuad(t[0], t[1], t[2], graph ? &*graph : nullptr);
    return loader.Commit();
  }

  std::vector<IdQuad> ScanAll(Store& store, Permutation perm, std::vector<Id> prefix = {}) {
    std::vector<IdQuad> out;
    for (auto it = store.Scan(store.GetSnapshot(), perm, prefix); it->Valid(); it->Next()) {
      out.push_back(it->quad());
    }
    return out;
  }

  // The gspo prefixes (default graph, s<i>, p) for s0 .. s<n-1>, ascending.
  std::vector<std::vector<Id>> SubjectPrefixes(Store& store, int n, Id p) {
    std::vector<Id> subjects;
    for (int i = 0; i < n; ++i) subjects.push_back(*store.LookupId(TermParts::Of(Iri("s" + std::to_string(i)))));
    std::sort(subjects.begin(), subjects.end());
    std::vector<std::vector<Id>> prefixes;
    for (Id s : subjects) prefixes.push_back({kDefaultGraph, s, p});
    return prefixes;
  }

  TempDir dir_;
};

TEST_F(StoreTest, NewStoreIsEmpty) {
  auto store = OpenStore();
  StoreStats s = store->ReadStats(store->GetSnapshot());
  EXPECT_EQ(s.quads, 0u);
  EXPECT_TRUE(ScanAll(*store, Permutation::kSpog).empty());
}

TEST_F(StoreTest, EveryPermutationHoldsTheSameQuadsSorted) {
  auto store = OpenStore();
  std::vector<std::array<Term, 3>> triples;
  for (int i = 0; i < 50; ++i) {
    triples.push_back({Iri("s" + std::to_string(i % 7)), Iri("p" + std::to_string(i % 3)),
                       Term::TypedLiteral(std::to_string(i), kXsdInt)});
  }
  Load(*store, triples);
  Load(*store, {{Iri("s1"), Iri("p1"), Iri("o")}}, Iri("g1"));
  std::set<IdQuad> reference;
  for (const auto& q : ScanAll(*store, Permutation::kSpog)) reference.insert(q);
  EXPECT_EQ(reference.size(), 51u);
  for (int p = 0; p < kNumPermutations; ++p) {
    auto rows = ScanAll(*store, static_cast<Permutation>(p));
    EXPECT_EQ(std::set<IdQuad>(rows.begin(), rows.end()), reference) << kPermutationName[p];
    const auto& order = kPermutationOrder[p];
    for (std::size_t i = 1; i < rows.size(); ++i) {
      std::array<Id, 4> a, b;
      for (int j = 0; j < 4; ++j) {
        a[j] = rows[i - 1][order[j]];
        b[j] = rows[i][order[j]];
      }
      EXPECT_LT(a, b) << kPermutationName[p];
    }
  }
}

TEST_F(StoreTest, PrefixScansReturnExactlyTheMatchingRows) {
  auto store = OpenStore();
  std::vector<std::array<Term, 3>> triples;
  for (int s = 0; s < 5; ++s) {
    for (int p = 0; p < 4; ++p) {
      for (int o = 0; o < 3; ++o) {
        triples.push_back({Iri("s" + std::to_string(s)), Iri("p" + std::to_string(p)),
                           Iri("o" + std::to_string(o))});
      }
    }
  }
  Load(*store, triples);
  Id s2 = *store->LookupId(TermParts::Of(Iri("s2")));
  Id p3 = *store->LookupId(TermParts::Of(Iri("p3")));
  Id o1 = *store->LookupId(TermParts::Of(Iri("o1")));
  EXPECT_EQ(ScanAll(*store, Permutation::kSpog, {s2}).size(), 12u);
  EXPECT_EQ(ScanAll(*store, Permutation::kSpog, {s2, p3}).size(), 3u);
  EXPECT_EQ(ScanAll(*store, Permutation::kPosg, {p3, o1}).size(), 5u);
  EXPECT_EQ(ScanAll(*store, Permutation::kOspg, {o1, s2}).size(), 4u);
  EXPECT_EQ(ScanAll(*store, Permutation::kGspo, {kDefaultGraph, s2, p3, o1}).size(), 1u);
  for (const auto& q : ScanAll(*store, Permutation::kOspg, {o1})) EXPECT_EQ(q[kO], o1);
  // Seek skips ahead within the prefix.
  auto it = store->Scan(store->GetSnapshot(), Permutation::kSpog, {s2});
  it->Seek({s2, p3});
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->quad()[kP], p3);
}

TEST_F(StoreTest, StatisticsAreExactAcrossLoadsAndDuplicates) {
  auto store = OpenStore();
  // p: subjects a,b ; objects x,y,z
  auto r1 = Load(*store, {{Iri("a"), Iri("p"), Iri("x")},
                          {Iri("a"), Iri("p"), Iri("y")},
                          {Iri("b"), Iri("p"), Iri("x")},
                          {Iri("a"), Iri("p"), Iri("x")}});  // repeated in the input
  EXPECT_EQ(r1.quads_added, 3u);
  EXPECT_EQ(r1.duplicates, 1u);
  auto r2 = Load(*store, {{Iri("a"), Iri("p"), Iri("x")},    // already stored
                          {Iri("b"), Iri("p"), Iri("z")},    // new object, old subject
                          {Iri("c"), Iri("q"), Iri("x")}});
  EXPECT_EQ(r2.quads_added, 2u);
  EXPECT_EQ(r2.duplicates, 1u);
  Load(*store, {{Iri("a"), Iri("p"), Iri("x")}}, Iri("g"));  // same triple, named graph
  StoreStats s = store->ReadStats(store->GetSnapshot());
  EXPECT_EQ(s.quads, 6u);
  Id p = *store->LookupId(TermParts::Of(Iri("p")));
  Id q = *store->LookupId(TermParts::Of(Iri("q")));
  auto ps = store->ReadPredicateStats(store->GetSnapshot(), p);
  ASSERT_TRUE(ps);
  EXPECT_EQ(ps->quads, 5u);
  EXPECT_EQ(ps->distinct_subjects, 2u);
  EXPECT_EQ(ps->distinct_objects, 3u);
  auto qs = store->ReadPredicateStats(store->GetSnapshot(), q);
  EXPECT_EQ(qs->quads, 1u);
  std::map<Id, std::uint64_t> graphs(s.graph_quads.begin(), s.graph_quads.end());
  EXPECT_EQ(graphs[kDefaultGraph], 5u);
  EXPECT_EQ(graphs[*store->LookupId(TermParts::Of(Iri("g")))], 1u);
}

TEST_F(StoreTest, IngestionPathGivesTheSameResultAsWriteBatchPath) {
  std::vector<std::array<Term, 3>> triples;
  for (int i = 0; i < 3000; ++i) {
    triples.push_back({Iri("s" + std::to_string(i % 97)), Iri("p" + std::to_string(i % 5)),
                       Term::Literal("v" + std::to_string(i % 1013))});
  }
  StoreStats via_batch, via_ingest;
  {
    auto store = Store::Open(dir_.path() / "batch", StoreOptions{});
    Load(*store, triples);
    Load(*store, {{Iri("s1"), Iri("p1"), Iri("extra")}});
    via_batch = store->ReadStats(store->GetSnapshot());
  }
  {
    auto store = Store::Open(dir_.path() / "ingest", StoreOptions{});
    store->set_ingest_threshold_for_testing(10);
    Load(*store, triples);
    Load(*store, {{Iri("s1"), Iri("p1"), Iri("extra")}});
    Load(*store, triples);  // all duplicates, through ingestion again
    via_ingest = store->ReadStats(store->GetSnapshot());
    EXPECT_EQ(ScanAll(*store, Permutation::kGosp).size(), via_ingest.quads);
    EXPECT_FALSE(fs::exists(dir_.path() / "ingest" / ("ingest-" + std::to_string(getpid()))));
  }
  EXPECT_EQ(via_batch.quads, via_ingest.quads);
  EXPECT_EQ(via_batch.dictionary_terms, via_ingest.dictionary_terms);
  ASSERT_EQ(via_batch.predicates.size(), via_ingest.predicates.size());
  for (std::size_t i = 0; i < via_batch.predicates.size(); ++i) {
    EXPECT_EQ(via_batch.predicates[i].quads, via_ingest.predicates[i].quads);
    EXPECT_EQ(via_batch.predicates[i].distinct_subjects, via_ingest.predicates[i].distinct_subjects);
    EXPECT_EQ(via_batch.predicates[i].distinct_objects, via_ingest.predicates[i].distinct_objects);
  }
}

// Scans of `prefixes` (in that order) through one reused ScanIterator of
// `perm`: the rows found (each checked to start with its prefix) and the
// RocksDB seeks the scans made (on the memtable and, once the data is in
// files, on the files).
struct ProbeCounts {
  std::size_t rows = 0;
  std::uint64_t seeks = 0;
};
ProbeCounts ProbeWithOneIterator(Store& store, const SnapshotPtr& snap, Permutation perm,
                                 const std::vector<std::vector<Id>>& prefixes) {
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  ProbeCounts counts;
  std::unique_ptr<ScanIterator> it;
  for (const std::vector<Id>& prefix : prefixes) {
    if (!it) it = store.Scan(snap, perm, prefix);
    else it->Reset(prefix);
    for (; it->Valid(); it->Next()) {
      const Row row = ToRow(it->quad(), perm);
      EXPECT_TRUE(std::equal(prefix.begin(), prefix.end(), row.begin()));
      ++counts.rows;
    }
  }
  counts.seeks =
      rocksdb::get_perf_context()->seek_on_memtable_count + rocksdb::get_perf_context()->seek_child_seek_count;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  return counts;
}

// Permutations keep rows in blocks (storage/row_blocks.h): an index probe
// whose first row lies in the block the scan already holds decoded reads
// nothing from RocksDB, so probes of ascending prefixes seek about once per
// block, not once per probe; and the probes still find exactly their rows.
TEST_F(StoreTest, AscendingProbesAreAnsweredFromTheDecodedBlock) {
  auto store = OpenStore();
  std::vector<std::array<Term, 3>> triples;
  for (int i = 0; i < 2000; ++i) {
    triples.push_back({Iri("s" + std::to_string(i)), Iri("p"), Term::Literal("v" + std::to_string(i))});
    if (i % 10 == 0) triples.push_back({Iri("s" + std::to_string(i)), Iri("q"), Iri("o")});
  }
  Load(*store, triples);
  auto snap = store->GetSnapshot();
  const Id q = *store->LookupId(TermParts::Of(Iri("q")));
  const std::vector<std::vector<Id>> prefixes = SubjectPrefixes(*store, 2000, q);
  const ProbeCounts counts = ProbeWithOneIterator(*store, snap, Permutation::kGspo, prefixes);
  EXPECT_EQ(counts.rows, 200u);
  // 2,200 rows make about 35 blocks; one RocksDB seek per probe would be
  // 2,000 (times the iterator's children).
  EXPECT_LT(counts.seeks, 200u);
  EXPECT_EQ(ScanAll(*store, Permutation::kGpos).size(), 2200u);
  std::size_t p_rows = 0;
  const Id p = *store->LookupId(TermParts::Of(Iri("p")));
  for (auto scan = store->Scan(snap, Permutation::kGpos, {kDefaultGraph, p}); scan->Valid(); scan->Next()) ++p_rows;
  EXPECT_EQ(p_rows, 2000u);
}

// The decoded-block cache: probes repeated by a later scan at the same
// state (a warm query) are answered without any RocksDB seek; without the
// cache, the same probes seek again.
TEST_F(StoreTest, RepeatedProbesAreServedFromDecodedBlocks) {
  for (std::size_t cache_bytes : {std::size_t{64} << 20, std::size_t{0}}) {
    SCOPED_TRACE(cache_bytes);
    StoreOptions o;
    o.decoded_block_cache_bytes = cache_bytes;
    auto store = Store::Open(dir_.path() / ("db" + std::to_string(cache_bytes)), o);
    std::vector<std::array<Term, 3>> triples;
    for (int i = 0; i < 3000; ++i) {
      triples.push_back({Iri("s" + std::to_string(i)), Iri("p"), Term::Literal("v" + std::to_string(i % 700))});
    }
    Load(*store, triples);
    auto snap = store->GetSnapshot();
    const Id p = *store->LookupId(TermParts::Of(Iri("p")));
    std::vector<std::vector<Id>> prefixes;
    for (int i = 0; i < 3000; i += 37) {
      prefixes.push_back({kDefaultGraph, *store->LookupId(TermParts::Of(Iri("s" + std::to_string(i)))), p});
    }
    std::shuffle(prefixes.begin(), prefixes.end(), std::mt19937(7));
    // 82 probes in random order over about 47 blocks.
    const ProbeCounts first = ProbeWithOneIterator(*store, snap, Permutation::kGspo, prefixes);
    EXPECT_EQ(first.rows, prefixes.size());
    EXPECT_GT(first.seeks, 20u);
    const ProbeCounts again = ProbeWithOneIterator(*store, snap, Permutation::kGspo, prefixes);
    EXPECT_EQ(again.rows, prefixes.size());
    if (cache_bytes > 0) EXPECT_EQ(again.seeks, 0u);
    else EXPECT_GT(again.seeks, 20u);
  }
}

// A RowCounter counts each prefix exactly up to the limit (estimating
// beyond it), through one cursor: ascending prefixes seek about once per
// block, not once per prefix, and the blocks it read stay decoded, so scans
// of the same prefixes afterwards (a nested-loop join after the planner's
// probes) seek nothing at all.
TEST_F(StoreTest, CounterCountsExactlyAndLeavesItsBlocksDecoded) {
  auto store = OpenStore();
  std::vector<std::array<Term, 3>> triples;
  for (int i = 0; i < 2000; ++i) {
    triples.push_back({Iri("s" + std::to_string(i)), Iri("p"), Term::Literal("v" + std::to_string(i))});
    for (int k = 0; k < i % 7; ++k) {
      triples.push_back({Iri("s" + std::to_string(i)), Iri("q"), Iri("o" + std::to_string(k))});
    }
  }
  for (int k = 0; k < 3000; ++k) triples.push_back({Iri("big"), Iri("q"), Iri("o" + std::to_string(k))});
  Load(*store, triples);
  auto snap = store->GetSnapshot();
  const Id q = *store->LookupId(TermParts::Of(Iri("q")));
  const std::vector<std::vector<Id>> prefixes = SubjectPrefixes(*store, 2000, q);
  // Exact counts, by scanning.
  std::vector<std::size_t> exact;
  std::size_t total = 0;
  for (const auto& prefix : prefixes) {
    std::size_t n = 0;
    for (auto scan = store->Scan(snap, Permutation::kGspo, prefix); scan->Valid(); scan->Next()) ++n;
    exact.push_back(n);
    total += n;
  }
  ASSERT_GT(total, 5000u);
  // Opened afresh: nothing decoded yet.
  snap.reset();
  store.reset();
  store = Store::Open(dir_.path() / "db", StoreOptions{});
  snap = store->GetSnapshot();
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  auto counter = store->Counter(snap, Permutation::kGspo);
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    ASSERT_EQ(counter->Estimate(prefixes[i], 1000), static_cast<double>(exact[i])) << i;
  }
  const std::uint64_t counter_seeks =
      rocksdb::get_perf_context()->seek_on_memtable_count + rocksdb::get_perf_context()->seek_child_seek_count;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  EXPECT_LT(counter_seeks, 400u);  // blocks: about 120; prefixes: 2,000
  const ProbeCounts scans = ProbeWithOneIterator(*store, snap, Permutation::kGspo, prefixes);
  EXPECT_EQ(scans.rows, total);
  EXPECT_EQ(scans.seeks, 0u);
  // Beyond the limit: an estimate above it; absent prefixes count 0.
  const Id big = *store->LookupId(TermParts::Of(Iri("big")));
  EXPECT_GT(counter->Estimate({kDefaultGraph, big, q}, 1000), 1000.0);
  EXPECT_EQ(counter->Estimate({kDefaultGraph, big, q + 1000000}, 1000), 0.0);
  EXPECT_EQ(counter->Estimate({kDefaultGraph + 1}, 10), 0.0);
}

// Pages of the file at `path` in the OS page cache, and its pages; none
// when the file went meanwhile (RocksDB removes obsolete files in the
// background).
std::pair<std::size_t, std::size_t> ResidentPages(const fs::path& path) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return {0, 0};
  const off_t size = lseek(fd, 0, SEEK_END);
  if (size <= 0) {
    close(fd);
    return {0, 0};
  }
  const std::size_t pages = (static_cast<std::size_t>(size) + page - 1) / page;
  void* map = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  EXPECT_NE(map, MAP_FAILED) << path;
  if (map == MAP_FAILED) return {0, 0};
  std::vector<unsigned char> in_core(pages);
  EXPECT_EQ(mincore(map, size, in_core.data()), 0) << path;
  munmap(map, size);
  std::size_t resident = 0;
  for (unsigned char c : in_core) resident += c & 1;
  return {resident, pages};
}

// The SST files a load writes stay in the OS page cache (RocksDB's
// SstFileWriter drops them by default), so the queries after a load do
// not read them from disk again.
TEST_F(StoreTest, LoadedFilesStayInThePageCache) {
  auto store = OpenStore();
  store->set_ingest_threshold_for_testing(10);  // SST files, as large loads write
  // Long literals that compress badly: dictionary files of several MB
  // (RocksDB drops pages a MB at a time as it writes).
  std::vector<std::array<Term, 3>> triples;
  std::mt19937_64 random(11);
  for (int i = 0; i < 30000; ++i) {
    std::string text;
    while (text.size() < 256) text += fmt::format("{:016x}", random());
    triples.push_back({Iri("s" + std::to_string(i)), Iri("p" + std::to_string(i % 5)), Term::Literal(text)});
  }
  Load(*store, triples);
  std::size_t resident = 0, pages = 0, files = 0;
  for (const auto& e : fs::directory_iterator(dir_.path() / "db")) {
    if (e.path().extension() != ".sst") continue;
    const auto [r, n] = ResidentPages(e.path());
    resident += r;
    pages += n;
    ++files;
  }
  ASSERT_GT(files, 0u);
  EXPECT_GE(resident * 10, pages * 9) << resident << " of " << pages << " pages in " << files << " files";
}

// Everything a store holds, as comparable values: quads of every permutation
// decoded to N-Quads, and the statistics.
struct StoreContents {
  std::vector<std::multiset<std::string>> permutations;
  std::map<std::string, std::array<std::uint64_t, 3>> predicates;
  std::map<std::string, std::uint64_t> graphs;
  std::uint64_t quads = 0, terms = 0;
  bool operator==(const StoreContents&) const = default;
};

StoreContents Contents(Store& store) {
  StoreContents c;
  auto snap = store.GetSnapshot();
  std::unordered_map<Id, std::string> names;
  auto name = [&](Id id) -> const std::string& {
    auto it = names.find(id);
    if (it != names.end()) return it->second;
    return names[id] = id == kDefaultGraph ? std::string("-") : store.Resolve(id).ToNTriples();
  };
  for (int p = 0; p < kNumPermutations; ++p) {
    std::multiset<std::string> rows;
    for (auto it = store.Scan(snap, static_cast<Permutation>(p), {}); it->Valid(); it->Next()) {
      const IdQuad& q = it->quad();
      rows.insert(name(q[kS]) + " " + name(q[kP]) + " " + name(q[kO]) + " " + name(q[kG]));
    }
    c.permutations.push_back(std::move(rows));
  }
  StoreStats s = store.ReadStats(snap);
  c.quads = s.quads;
  c.terms = s.dictionary_terms;
  for (const auto& p : s.predicates) {
    c.predicates[name(p.predicate)] = {p.quads, p.distinct_subjects, p.distinct_objects};
  }
  for (const auto& [g, n] : s.graph_quads) c.graphs[name(g)] = n;
  return c;
}

TEST_F(StoreTest, SpilledLoadEqualsInMemoryLoad) {
  // Quads with repeats inside and across chunks, in three graphs; then a
  // second load overlapping the first. A 2 MiB budget spills every 16k quads.
  std::mt19937 rng(11);
  auto make = [&](int n) {
    std::vector<std::array<Term, 3>> t;
    for (int i = 0; i < n; ++i) {
      t.push_back({Iri("s" + std::to_string(rng() % 3000)), Iri("p" + std::to_string(rng() % 7)),
                   Term::Literal("o" + std::to_string(rng() % 500))});
    }
    return t;
  };
  const auto first = make(40000), second = make(20000);
  const std::size_t small_budget = std::size_t{2} << 20;
  auto in_memory = Store::Open(dir_.path() / "memory", StoreOptions{});
  auto spilled = Store::Open(dir_.path() / "spilled", StoreOptions{});
  for (auto* store : {in_memory.get(), spilled.get()}) {
    const std::size_t budget = store == spilled.get() ? small_budget : std::size_t{1} << 30;
    CommitResult a = Load(*store, first, std::nullopt, budget);
    CommitResult b = Load(*store, first, Iri("g1"), budget);
    CommitResult c = Load(*store, second, std::nullopt, budget);
    EXPECT_EQ(a.quads_added + a.duplicates, 40000u);
    EXPECT_EQ(b.quads_added, a.quads_added);  // same triples, other graph
    EXPECT_GT(c.duplicates, 0u);
  }
  EXPECT_EQ(Contents(*spilled), Contents(*in_memory));
  {
    auto lock = spilled->LockForWriting();
    BulkLoader loader(*spilled, *lock, small_budget);
    for (const auto& t : first) loader.AddQuad(t[0], t[1], t[2], nullptr);
    loader.Commit();
    EXPECT_GE(loader.runs_spilled(), 3u);
  }
  for (const auto& entry : fs::directory_iterator(dir_.path() / "spilled")) {
    EXPECT_EQ(entry.path().filename().string().find("load-"), std::string::npos)
        << "sorted runs left behind: " << entry.path();
  }
}

TEST_F(StoreTest, SnapshotDoesNotSeeALaterLoad) {
  auto store = OpenStore();
  store->set_ingest_threshold_for_testing(2);  // exercise ingestion too
  Load(*store, {{Iri("a"), Iri("p"), Iri("b")}});
  SnapshotPtr before = store->GetSnapshot();
  Load(*store, {{Iri("c"), Iri("p"), Iri("d")}, {Iri("e"), Iri("p"), Iri("f")}});
  Load(*store, {{Iri("g"), Iri("p"), Iri("h")}});
  std::size_t n = 0;
  for (auto it = store->Scan(before, Permutation::kPosg, {}); it->Valid(); it->Next()) ++n;
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(store->ReadStats(before).quads, 1u);
  EXPECT_EQ(store->ReadStats(store->GetSnapshot()).quads, 4u);
}

TEST_F(StoreTest, DerivedValuesLastUntilTheDataChanges) {
  auto store = OpenStore();
  Load(*store, {{Iri("a"), Iri("p"), Iri("b")}});
  SnapshotPtr before = store->GetSnapshot();
  store->KeepDerived(before, "k", std::make_shared<int>(7), sizeof(int));
  auto found = std::static_pointer_cast<const int>(store->FindDerived(store->GetSnapshot(), "k"));
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, 7);
  EXPECT_EQ(store->FindDerived(before, "other"), nullptr);
  // A load retires it for newer snapshots; the old snapshot still finds it.
  Load(*store, {{Iri("c"), Iri("p"), Iri("d")}});
  EXPECT_EQ(store->FindDerived(store->GetSnapshot(), "k"), nullptr);
  EXPECT_NE(store->FindDerived(before, "k"), nullptr);
  // A load that adds nothing changes nothing.
  SnapshotPtr now = store->GetSnapshot();
  store->KeepDerived(now, "k", std::make_shared<int>(8), sizeof(int));
  EXPECT_EQ(*std::static_pointer_cast<const int>(store->FindDerived(now, "k")), 8);
  // Values too large for the budget are not kept; filling it drops the rest.
  store->KeepDerived(now, "big", std::make_shared<int>(1), Store::kMaxDerivedBytes);
  EXPECT_EQ(store->FindDerived(now, "big"), nullptr);
  for (int i = 0; i < 20; ++i) {
    store->KeepDerived(now, "fill" + std::to_string(i), std::make_shared<int>(i), Store::kMaxDerivedBytes / 17);
  }
  EXPECT_EQ(store->FindDerived(now, "k"), nullptr);
  EXPECT_NE(store->FindDerived(now, "fill19"), nullptr);
  // The shared statistics follow the data.
  EXPECT_EQ(store->SharedStats(store->GetSnapshot())->quads, 2u);
  EXPECT_EQ(store->SharedStats(store->GetSnapshot()).get(), store->SharedStats(store->GetSnapshot()).get());
  Load(*store, {{Iri("e"), Iri("p"), Iri("f")}});
  EXPECT_EQ(store->SharedStats(store->GetSnapshot())->quads, 3u);
  EXPECT_EQ(store->SharedStats(before)->quads, 1u);
  // Also when the load is written as SST files and ingested (a snapshot is
  // held and none is).
  store->set_ingest_threshold_for_testing(2);
  SnapshotPtr held = store->GetSnapshot();
  EXPECT_EQ(store->SharedStats(held)->quads, 3u);
  Load(*store, {{Iri("g"), Iri("p"), Iri("h")}, {Iri("i"), Iri("p"), Iri("j")}});
  EXPECT_EQ(store->SharedStats(store->GetSnapshot())->quads, 5u);
  held.reset();
  Load(*store, {{Iri("k"), Iri("p"), Iri("l")}, {Iri("m"), Iri("p"), Iri("n")}});
  EXPECT_EQ(store->SharedStats(store->GetSnapshot())->quads, 7u);
}

// The statistics are read when the store opens, so that a first query on
// a freshly opened database plans without reading them.
TEST_F(StoreTest, StatisticsAreReadAtOpen) {
  {
    auto store = OpenStore();
    Load(*store, {{Iri("a"), Iri("p"), Iri("b")}, {Iri("c"), Iri("p"), Iri("d")}});
  }
  auto store = OpenStore();
  auto kept = std::static_pointer_cast<const StoreStats>(store->FindDerived(store->GetSnapshot(), "store.stats"));
  ASSERT_NE(kept, nullptr) << "the statistics were not read at open";
  EXPECT_EQ(kept->quads, 2u);
  EXPECT_EQ(store->SharedStats(store->GetSnapshot()).get(), kept.get());
}

TEST_F(StoreTest, OpeningForWritingRemovesScratchFoldersOfKilledLoads) {
  { auto store = OpenStore(); }
  const fs::path db = dir_.path() / "db";
  for (const char* name : {"ingest-99999", "load-12345-runs", "load-12345-terms"}) {
    fs::create_directories(db / name);
    test::WriteFile(db / name / "0.sst", "half a file");
  }
  fs::create_directories(db / "load-notes");  // not a scratch folder: kept
  {
    StoreOptions ro;
    ro.read_only = true;
    auto reader = Store::Open(db, ro);  // cannot write: leaves them
    EXPECT_TRUE(fs::exists(db / "ingest-99999"));
  }
  auto store = OpenStore();
  EXPECT_FALSE(fs::exists(db / "ingest-99999"));
  EXPECT_FALSE(fs::exists(db / "load-12345-runs"));
  EXPECT_FALSE(fs::exists(db / "load-12345-terms"));
  EXPECT_TRUE(fs::exists(db / "load-notes"));
  Load(*store, {{Iri("a"), Iri("p"), Iri("b")}});
  EXPECT_EQ(store->ReadStats(store->GetSnapshot()).quads, 1u);
}

// Each open for writing starts a new write-ahead log; RocksDB 7.8 kept the
// previous empty one, so a database opened many times filled up with empty
// NNNNNN.log files (441 after one benchmark). Data in the logs survives.
TEST_F(StoreTest, ReopeningLeavesNoEmptyWriteAheadLogsBehind) {
  const fs::path db = dir_.path() / "db";
  auto count_logs = [&] {
    int n = 0;
    for (const auto& e : fs::directory_iterator(db)) n += e.path().extension() == ".log";
    return n;
  };
  {
    auto store = OpenStore();
    Load(*store, {{Iri("a"), Iri("p"), Iri("b")}});
  }
  for (int i = 0; i < 6; ++i) {
    auto store = OpenStore();
    EXPECT_EQ(store->ReadStats(store->GetSnapshot()).quads, 1u);
  }
  EXPECT_LE(count_logs(), 2);
  {
    StoreOptions ro;
    ro.read_only = true;
    auto reader = Store::Open(db, ro);
    EXPECT_EQ(reader->ReadStats(reader->GetSnapshot()).quads, 1u);
  }
}

// GetStatistics' bytes on disk walk the folder while a load in another
// thread creates and removes its scratch folders: vanishing entries are
// skipped (a range-for over recursive_directory_iterator threw "cannot
// increment recursive directory iterator", found by the concurrency test).
TEST_F(StoreTest, FolderBytesToleratesFoldersVanishingMidWalk) {
  const fs::path root = dir_.path() / "walk";
  fs::create_directories(root);
  test::WriteFile(root / "kept.sst", std::string(1000, 'x'));
  std::atomic<bool> stop{false};
  std::thread churn([&] {
    for (int i = 0; !stop; ++i) {
      const fs::path d = root / ("ingest-" + std::to_string(i % 4));
      std::error_code ec;
      fs::create_directories(d / "a" / "b", ec);
      for (int f = 0; f < 8; ++f) test::WriteFile(d / "a" / ("f" + std::to_string(f)), "yy");
      fs::remove_all(d, ec);
    }
  });
  int failures = 0;
  for (int i = 0; i < 2000 && failures == 0; ++i) {
    try {
      if (FolderBytes(root) < 1000u) ++failures;  // lost the file that stays
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      ++failures;
    }
  }
  stop = true;
  churn.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(FolderBytes(root), 1000u);
  EXPECT_EQ(FolderBytes(root / "missing"), 0u);
}

TEST_F(StoreTest, AbandonedLoadLeavesEverythingUnchanged) {
  auto store = OpenStore();
  Load(*store, {{Iri("a"), Iri("p"), Iri("b")}});
  StoreStats before = store->ReadStats(store->GetSnapshot());
  {
    auto lock = store->LockForWriting();
    BulkLoader loader(*store, *lock, std::size_t{1} << 30);
    loader.AddQuad(Iri("new"), Iri("p"), Iri("x"), nullptr);
    // no Commit: as after a syntax error
  }
  StoreStats after = store->ReadStats(store->GetSnapshot());
  EXPECT_EQ(after.quads, before.quads);
  EXPECT_EQ(after.dictionary_terms, before.dictionary_terms);
  EXPECT_FALSE(store->LookupId(TermParts::Of(Iri("new"))));
  // Ids handed out to the abandoned load are reused, not leaked.
  Load(*store, {{Iri("c"), Iri("p"), Iri("d")}});
  EXPECT_EQ(store->ReadStats(store->GetSnapshot()).dictionary_terms, before.dictionary_terms + 2);
}

TEST_F(StoreTest, TermsBeyondTheBudgetSpillAndLoadTheSame) {
  // 20k distinct subjects and blank nodes with a 256 KiB budget: the term
  // map spills to the scratch store many times.
  std::vector<std::array<Term, 3>> triples;
  for (int i = 0; i < 20000; ++i) {
    triples.push_back({Iri("subject/" + std::to_string(i)), Iri("p" + std::to_string(i % 3)),
                       Term::Blank("x" + std::to_string(i % 5000))});
    triples.push_back({Term::Blank("x" + std::to_string(i % 5000)), Iri("q"), Iri("subject/" + std::to_string(i / 2))});
  }
  auto in_memory = Store::Open(dir_.path() / "memory", StoreOptions{});
  auto spilled = Store::Open(dir_.path() / "spilled", StoreOptions{});
  Load(*in_memory, triples);
  Load(*in_memory, {{Iri("subject/7"), Iri("new"), Term::Literal("after")}});
  {
    auto lock = spilled->LockForWriting();
    BulkLoader loader(*spilled, *lock, 256 << 10);
    for (const auto& t : triples) loader.AddQuad(t[0], t[1], t[2], nullptr);
    loader.Commit();
    EXPECT_GE(loader.term_spills(), 3u);
  }
  Load(*spilled, {{Iri("subject/7"), Iri("new"), Term::Literal("after")}}, std::nullopt, 256 << 10);
  EXPECT_EQ(Contents(*spilled), Contents(*in_memory));
  EXPECT_EQ(spilled->ReadStats(spilled->GetSnapshot()).dictionary_terms, 20000u + 3 + 1 + 1 + 1);
}

TEST_F(StoreTest, ReopenKeepsDataAndIdCounters) {
  Id a_id;
  {
    auto store = OpenStore();
    Load(*store, {{Iri("a"), Iri("p"), Term::Blank("x")}});
    a_id = *store->LookupId(TermParts::Of(Iri("a")));
  }
  auto store = OpenStore();
  EXPECT_EQ(*store->LookupId(TermParts::Of(Iri("a"))), a_id);
  Load(*store, {{Iri("b"), Iri("p"), Term::Blank("x")}});
  // The second load's blank node is a different node.
  auto rows = ScanAll(*store, Permutation::kSpog);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0][kO], rows[1][kO]);
  EXPECT_NE(*store->LookupId(TermParts::Of(Iri("b"))), a_id);
  EXPECT_EQ(store->Resolve(a_id), Iri("a"));
}

TEST_F(StoreTest, ClearErrorsForBadPaths) {
  fs::path file = dir_.path() / "plain-file";
  std::ofstream(file) << "x";
  try {
    Store::Open(file, StoreOptions{});
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_EQ(e.code(), StorageError::Code::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("not a directory"), std::string::npos);
  }
  fs::create_directories(dir_.path() / "other");
  std::ofstream(dir_.path() / "other" / "notes.txt") << "hello";
  try {
    Store::Open(dir_.path() / "other", StoreOptions{});
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_EQ(e.code(), StorageError::Code::kNotADatabase);
  }
  StoreOptions no_create;
  no_create.create_if_missing = false;
  EXPECT_THROW(Store::Open(dir_.path() / "missing", no_create), StorageError);
}

TEST_F(StoreTest, SecondOpenIsRefusedAsLocked) {
  auto store = OpenStore();
  try {
    auto again = OpenStore();
    FAIL() << "second open succeeded";
  } catch (const StorageError& e) {
    EXPECT_EQ(e.code(), StorageError::Code::kLocked);
    EXPECT_NE(std::string(e.what()).find((dir_.path() / "db").string()), std::string::npos);
  }
}

}  // namespace
}  // namespace corridor::storage
