// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// CheckStore: a consistent store passes; each fault planted with raw
// RocksDB writes (a quad missing from or added to one permutation's row
// blocks, a wrong statistic, an id the dictionary cannot resolve, the two
// directions of the dictionary disagreeing, a malformed block, blocks that
// overlap, a block above kMaxBlockRows rows) is reported, naming the place
// and the key, and counted.
#include "storage/check.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "storage/bulk_loader.h"
#include "storage/overlay.h"
#include "storage/row_blocks.h"
#include "storage/sorted_runs.h"
#include "storage/store.h"
#include "storage/term_codec.h"
#include "test_util.h"

namespace corridor::storage {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

Term Iri(const std::string& s) { return Term::Iri("http://example.org/" + s); }

// Raw access to a closed store's column families, to plant faults. The
// permutations are read and written as row blocks (storage/row_blocks.h).
class RawDb {
 public:
  explicit RawDb(const fs::path& dir) {
    std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName, "term2id", "id2term", "stats"};
    for (const char* p : kPermutationName) names.emplace_back(p);
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const auto& n : names) descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions());
    rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), dir.string(), descriptors, &handles_, &db_);
    if (!s.ok()) throw std::runtime_error("raw open: " + s.ToString());
    for (std::size_t i = 0; i < names.size(); ++i) by_name_[names[i]] = handles_[i];
  }
  ~RawDb() {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
    delete db_;
  }
  void Put(const std::string& cf, std::string_view key, std::string_view value = {}) {
    Expect(db_->Put(rocksdb::WriteOptions(), by_name_.at(cf), rocksdb::Slice(key.data(), key.size()),
                    rocksdb::Slice(value.data(), value.size())));
  }
  void Delete(const std::string& cf, std::string_view key) {
    Expect(db_->Delete(rocksdb::WriteOptions(), by_name_.at(cf), rocksdb::Slice(key.data(), key.size())));
  }
  std::string Get(const std::string& cf, std::string_view key) {
    std::string v;
    Expect(db_->Get(rocksdb::ReadOptions(), by_name_.at(cf), rocksdb::Slice(key.data(), key.size()), &v));
    return v;
  }

  // A block of a permutation: its RocksDB key and decoded rows.
  struct Block {
    std::string key;
    std::vector<Row> rows;
  };

  // Every block of `p`, in key order. Throws if one does not decode.
  std::vector<Block> Blocks(Permutation p) {
    std::vector<Block> blocks;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Cf(p)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) blocks.push_back(Decode(*it));
    Expect(it->status());
    return blocks;
  }

  // Adds `q` to the block of `p` that would hold it (the first whose key is
  // >= its row, else the last), rewritten under its new last row. No-op if
  // `q` is there.
  void PutQuad(Permutation p, const IdQuad& q) {
    const Row row = ToRow(q, p);
    std::optional<Block> block = BlockFor(p, row);
    if (!block) block = Last(p);
    std::vector<Row> rows = block ? block->rows : std::vector<Row>{};
    auto pos = std::lower_bound(rows.begin(), rows.end(), row);
    if (pos != rows.end() && *pos == row) return;
    rows.insert(pos, row);
    Rewrite(p, block ? &block->key : nullptr, rows);
  }
  // Removes `q` from the block of `p` holding it, rewritten under its new
  // last row (deleted if emptied). Throws if `q` is not there.
  void DeleteQuad(Permutation p, const IdQuad& q) {
    const Row row = ToRow(q, p);
    std::optional<Block> block = BlockFor(p, row);
    std::vector<Row> rows = block ? block->rows : std::vector<Row>{};
    auto pos = std::lower_bound(rows.begin(), rows.end(), row);
    if (pos == rows.end() || *pos != row) throw std::runtime_error("raw delete: quad absent");
    rows.erase(pos);
    Rewrite(p, &block->key, rows);
  }
  // Replaces the block keyed `old_key` (if not null) by `rows` (ascending)
  // in one batch: a block keyed by its last row, or two halves if it would
  // be above kMaxBlockRows, or nothing if `rows` is empty.
  void Rewrite(Permutation p, const std::string* old_key, const std::vector<Row>& rows) {
    rocksdb::WriteBatch batch;
    if (old_key != nullptr) Expect(batch.Delete(Cf(p), *old_key));
    auto put = [&](const Row* first, std::size_t n) {
      std::string value;
      EncodeRowBlock(first, n, &value);
      Expect(batch.Put(Cf(p), RowBlockKey(first[n - 1]), value));
    };
    if (rows.size() > kMaxBlockRows) {
      put(rows.data(), rows.size() / 2);
      put(rows.data() + rows.size() / 2, rows.size() - rows.size() / 2);
    } else if (!rows.empty()) {
      put(rows.data(), rows.size());
    }
    Expect(db_->Write(rocksdb::WriteOptions(), &batch));
  }
  // Writes `rows` as one block of `p` as they are (whatever their number).
  void PutBlock(Permutation p, const std::vector<Row>& rows) {
    std::string value;
    EncodeRowBlock(rows.data(), rows.size(), &value);
    Put(kPermutationName[static_cast<int>(p)], RowBlockKey(rows.back()), value);
  }

  // The row key of `q` in `p`: what the checker prints as "<perm> key".
  static std::string Key(Permutation p, const IdQuad& q) { return RowBlockKey(ToRow(q, p)); }

 private:
  rocksdb::ColumnFamilyHandle* Cf(Permutation p) const {
    return by_name_.at(kPermutationName[static_cast<int>(p)]);
  }
  static Block Decode(const rocksdb::Iterator& it) {
    Block b{it.key().ToString(), {}};
    if (!DecodeRowBlock(b.key, std::string_view(it.value().data(), it.value().size()), &b.rows)) {
      throw std::runtime_error("raw read: malformed block");
    }
    return b;
  }
  // The first block whose key is >= `row` (the one that holds it if any).
  std::optional<Block> BlockFor(Permutation p, const Row& row) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Cf(p)));
    it->Seek(RowBlockKey(row));
    if (!it->Valid()) {
      Expect(it->status());
      return std::nullopt;
    }
    return Decode(*it);
  }
  std::optional<Block> Last(Permutation p) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Cf(p)));
    it->SeekToLast();
    if (!it->Valid()) {
      Expect(it->status());
      return std::nullopt;
    }
    return Decode(*it);
  }

  static void Expect(const rocksdb::Status& s) {
    if (!s.ok()) throw std::runtime_error("raw write: " + s.ToString());
  }
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name_;
};

std::string U64(std::uint64_t v) {
  std::string s(8, '\0');
  PutBigEndian64(s.data(), v);
  return s;
}
std::string Hex(std::string_view bytes) {
  std::string hex;
  for (unsigned char c : bytes) {
    hex += "0123456789abcdef"[c >> 4];
    hex += "0123456789abcdef"[c & 0xf];
  }
  return hex;
}
std::string StatKey(char kind, Id id) { return std::string(1, kind) + U64(id); }

const CheckProblem* Find(const CheckReport& r, const std::string& what_part) {
  for (const auto& p : r.problems) {
    if (p.what.find(what_part) != std::string::npos) return &p;
  }
  return nullptr;
}

std::string Describe(const CheckReport& r) {
  std::string s;
  for (const auto& p : r.problems) {
    s += p.what + ": " + std::to_string(p.count) + "\n";
    for (const auto& e : p.examples) s += "  " + e + "\n";
  }
  return s.empty() ? "no problems\n" : s;
}

class CheckTest : public ::testing::Test {
 protected:
  fs::path db_path() const { return dir_.path() / "db"; }

  // Each test gets its own copy of one store built once (building it costs
  // RocksDB's file syncs; copying a closed store is cheap).
  void SetUp() override {
    if (!template_) {
      template_ = std::make_unique<TempDir>();
      Build(template_->path() / "db", &victim_template_, &stats_template_);
    }
    fs::copy(template_->path() / "db", db_path(), fs::copy_options::recursive);
    victim_ = victim_template_;
    stats_ = stats_template_;
  }
  static void TearDownTestSuite() { template_.reset(); }

  // A store with every kind of term, two graphs, quads loaded through a
  // WriteBatch and through SST ingestion, and an update that deletes some.
  static void Build(const fs::path& path, IdQuad* victim, StoreStats* stats) {
    StoreOptions options;
    options.sync_writes = false;  // nothing here is about durability
    auto store = Store::Open(path, options);
    {
      auto lock = store->LockForWriting();
      BulkLoader loader(*store, *lock, std::size_t{1} << 30);
      const Term g = Iri("g1");
      for (int i = 0; i < 200; ++i) {
        const Term s = i % 7 == 0 ? Term::Blank("x" + std::to_string(i % 3)) : Iri("s" + std::to_string(i % 40));
        loader.AddQuad(s, Iri("p" + std::to_string(i % 5)), Term::TypedLiteral(std::to_string(i % 60),
                       "http://www.w3.org/2001/XMLSchema#integer"), nullptr);
        loader.AddQuad(s, Iri("name"), Term::LangLiteral("n" + std::to_string(i % 50), "en"), &g);
        loader.AddQuad(Iri("s" + std::to_string(i)), Iri("knows"), Iri("s" + std::to_string(i % 13)),
                       i % 2 ? &g : nullptr);
      }
      loader.Commit();
    }
    store->set_ingest_threshold_for_testing(10);
    {
      auto lock = store->LockForWriting();
      BulkLoader loader(*store, *lock, std::size_t{1} << 30);
      const Term g = Iri("g2");
      for (int i = 0; i < 100; ++i) {
        loader.AddQuad(Iri("t" + std::to_string(i)), Iri("flag"), Term::TypedLiteral(i % 2 ? "true" : "false",
                       "http://www.w3.org/2001/XMLSchema#boolean"), &g);
        loader.AddQuad(Iri("s" + std::to_string(i)), Iri("knows"), Iri("s" + std::to_string(i % 13)), nullptr);
      }
      loader.Commit();
    }
    {
      // Delete the first 30 quads of spog through an update.
      auto lock = store->LockForWriting();
      SnapshotPtr base = store->GetSnapshot();
      WriteOverlay overlay([&](const IdQuad& q) { return store->Contains(base, q); });
      int n = 0;
      for (auto it = store->Scan(base, Permutation::kSpog, {}); it->Valid() && n < 30; it->Next(), ++n) {
        overlay.Delete(it->quad());
      }
      store->CommitChanges(*lock, base, overlay);
    }
    // A quad to tamper with, and the store's counts.
    auto snap = store->GetSnapshot();
    auto it = store->Scan(snap, Permutation::kSpog, {});
    for (int i = 0; i < 57; ++i) it->Next();
    *victim = it->quad();
    *stats = store->ReadStats(snap);
  }

  CheckReport Check(bool all_keys = false) {
    auto store = Store::Open(db_path(), StoreOptions{});
    CheckOptions o;
    o.compare_all_keys = all_keys;
    return CheckStore(*store, o);
  }

  static inline std::unique_ptr<TempDir> template_;
  static inline IdQuad victim_template_{};
  static inline StoreStats stats_template_;
  TempDir dir_;
  IdQuad victim_{};
  StoreStats stats_;
};

TEST_F(CheckTest, ConsistentStorePassesAndIsRecounted) {
  for (bool all_keys : {false, true}) {
    CheckReport r = Check(all_keys);
    EXPECT_TRUE(r.ok()) << Describe(r);
    EXPECT_EQ(r.compared_all_keys, all_keys);
    EXPECT_EQ(r.quads, stats_.quads);
    EXPECT_EQ(r.dictionary_terms, stats_.dictionary_terms);
    EXPECT_EQ(r.predicates, stats_.predicates.size());
    EXPECT_EQ(r.graphs, 3u);  // default, g1, g2
    EXPECT_TRUE(r.notes.empty());
  }
}

TEST_F(CheckTest, KeyMissingFromAnyOnePermutationIsNamed) {
  for (int p = 0; p < kNumPermutations; ++p) {
    const auto perm = static_cast<Permutation>(p);
    const std::string name = kPermutationName[p];
    { RawDb(db_path()).DeleteQuad(perm, victim_); }
    for (bool all_keys : {false, true}) {
      CheckReport r = Check(all_keys);
      ASSERT_FALSE(r.ok()) << name;
      // The reference is the permutation the others agree with: spog, or
      // posg when spog is the damaged one.
      const std::string ref = perm == Permutation::kSpog ? "posg" : "spog";
      const CheckProblem* problem = Find(r, name + " lacks quads that " + ref + " holds");
      ASSERT_NE(problem, nullptr) << Describe(r);
      EXPECT_EQ(problem->count, 1u);
      ASSERT_EQ(problem->examples.size(), 1u);
      EXPECT_NE(problem->examples[0].find("absent: " + name + " key " + Hex(RawDb::Key(perm, victim_))),
                std::string::npos)
          << problem->examples[0];
      // No other permutation is blamed.
      for (const auto& other : r.problems) {
        const bool about_perms = other.what.find(" lacks quads ") != std::string::npos ||
                                 other.what.find(" holds quads ") != std::string::npos;
        if (about_perms) {
          EXPECT_EQ(other.what.rfind(name, 0), 0u) << other.what;
        }
      }
    }
    { RawDb(db_path()).PutQuad(perm, victim_); }
    CheckReport repaired = Check();
    EXPECT_TRUE(repaired.ok()) << name << "\n" << Describe(repaired);
  }
}

TEST_F(CheckTest, ExtraKeyInOnePermutationIsNamedWithItsKey) {
  IdQuad extra = victim_;
  extra[kO] = InlineInteger(123456);
  { RawDb(db_path()).PutQuad(Permutation::kGosp, extra); }
  CheckReport r = Check();
  const CheckProblem* problem = Find(r, "gosp holds quads that spog lacks");
  ASSERT_NE(problem, nullptr) << Describe(r);
  EXPECT_EQ(problem->count, 1u);
  EXPECT_NE(problem->examples[0].find("o=int:123456"), std::string::npos) << problem->examples[0];
  EXPECT_NE(problem->examples[0].find("gosp key " + Hex(RawDb::Key(Permutation::kGosp, extra))),
            std::string::npos)
      << problem->examples[0];
  EXPECT_EQ(r.problems.size(), 1u) << Describe(r);
}

TEST_F(CheckTest, CorruptStatisticsAreEachReported) {
  const PredicateStats& pred = stats_.predicates.front();
  {
    RawDb raw(db_path());
    raw.Put("stats", "T", U64(stats_.quads + 1));
    std::string v = raw.Get("stats", StatKey('P', pred.predicate));
    PutBigEndian64(v.data() + 8, pred.distinct_subjects + 5);  // distinct subjects
    raw.Put("stats", StatKey('P', pred.predicate), v);
    raw.Delete("stats", StatKey('G', stats_.graph_quads.back().first));
    const Id graph = stats_.graph_quads.back().first;  // a graph, never a predicate
    raw.Put("stats", StatKey('P', graph), U64(3) + U64(1) + U64(1));
    raw.Put("stats", "Zoo", "x");
  }
  CheckReport r = Check();
  const CheckProblem* total = Find(r, "total quad count (T)");
  ASSERT_NE(total, nullptr) << Describe(r);
  EXPECT_NE(total->examples[0].find("stats say " + std::to_string(stats_.quads + 1) + ", spog holds " +
                                    std::to_string(stats_.quads)),
            std::string::npos)
      << total->examples[0];
  const CheckProblem* counts = Find(r, "predicate counts differ from a recount");
  ASSERT_NE(counts, nullptr) << Describe(r);
  EXPECT_EQ(counts->count, 1u);
  EXPECT_NE(counts->examples[0].find(std::to_string(pred.distinct_subjects + 5) + " subjects"), std::string::npos);
  ASSERT_NE(Find(r, "graphs with quads but no statistics entry"), nullptr) << Describe(r);
  ASSERT_NE(Find(r, "entries for predicates that have no quads"), nullptr) << Describe(r);
  ASSERT_NE(Find(r, "stats: unknown keys"), nullptr) << Describe(r);
  EXPECT_EQ(r.problems.size(), 5u) << Describe(r);
  // The permutations and the dictionary are still fine.
  EXPECT_EQ(Find(r, "lacks quads"), nullptr);
}

TEST_F(CheckTest, IdMissingFromTheDictionaryIsReported) {
  ASSERT_TRUE(InDictionary(victim_[kP]));
  {
    RawDb raw(db_path());
    raw.Delete("id2term", U64(victim_[kP]));
    raw.Put("stats", "D", U64(stats_.dictionary_terms - 1));  // keep D in step: only the id fault
  }
  CheckReport r = Check();
  const CheckProblem* missing = Find(r, "posg: predicate ids missing from the dictionary");
  ASSERT_NE(missing, nullptr) << Describe(r);
  EXPECT_EQ(missing->count, 1u);
  EXPECT_NE(missing->examples[0].find("iri:" + std::to_string(PayloadOf(victim_[kP]))), std::string::npos);
  // term2id still has the term: the two directions disagree.
  const CheckProblem* dict = Find(r, "id2term lacks ids that term2id holds");
  ASSERT_NE(dict, nullptr) << Describe(r);
  EXPECT_EQ(dict->count, 1u);
}

TEST_F(CheckTest, QuadWithAnIdNeverHandedOutIsReported) {
  IdQuad bad = victim_;
  bad[kS] = MakeId(kTagIri, 1u << 30);  // beyond next_dictionary_seq, in no dictionary
  {
    RawDb raw(db_path());
    for (int p = 0; p < kNumPermutations; ++p) raw.PutQuad(static_cast<Permutation>(p), bad);
  }
  CheckReport r = Check();
  const CheckProblem* invalid = Find(r, "spog: quads with an invalid subject (a dictionary id at or beyond");
  ASSERT_NE(invalid, nullptr) << Describe(r);
  EXPECT_EQ(invalid->count, 1u);
  const CheckProblem* missing = Find(r, "spog: subject ids missing from the dictionary");
  ASSERT_NE(missing, nullptr) << Describe(r);
  EXPECT_NE(missing->examples[0].find("iri:" + std::to_string(1u << 30)), std::string::npos);
  // All six agree, so no permutation is blamed; the counts are off by one.
  EXPECT_EQ(Find(r, "lacks quads"), nullptr) << Describe(r);
  EXPECT_NE(Find(r, "total quad count (T)"), nullptr) << Describe(r);
}

TEST_F(CheckTest, DictionaryDirectionsThatDisagreeAreReported) {
  {
    RawDb raw(db_path());
    // Point one term at another term's id.
    const std::string term = raw.Get("id2term", U64(victim_[kP]));
    const Id other = MakeId(kTagIri, PayloadOf(victim_[kP]) == 1 ? 2 : 1);
    raw.Put("term2id", term, U64(other));
  }
  CheckReport r = Check();
  ASSERT_NE(Find(r, "term2id maps terms to another id than id2term does"), nullptr) << Describe(r);
  ASSERT_NE(Find(r, "id2term maps ids to another term than term2id does"), nullptr) << Describe(r);
}

TEST_F(CheckTest, MalformedBlocksAreReportedAndSkipped) {
  std::string garbled, mismatched;
  std::size_t garbled_rows = 0, mismatched_rows = 0;
  {
    RawDb raw(db_path());
    const auto blocks = raw.Blocks(Permutation::kOspg);
    ASSERT_GE(blocks.size(), 4u);
    // A value that does not decode (five rows announced, none there) under
    // a block's key: the block's rows are lost.
    garbled = blocks[1].key;
    garbled_rows = blocks[1].rows.size();
    raw.Put("ospg", garbled, std::string(1, '\x05'));
    // A block under a key other than its last row (its first row).
    ASSERT_GE(blocks[3].rows.size(), 2u);
    mismatched = RowBlockKey(blocks[3].rows.front());
    mismatched_rows = blocks[3].rows.size();
    std::string value;
    EncodeRowBlock(blocks[3].rows.data(), blocks[3].rows.size(), &value);
    raw.Delete("ospg", blocks[3].key);
    raw.Put("ospg", mismatched, value);
    // A key that is no row key at all, with an empty value.
    raw.Put("ospg", "short");
  }
  for (bool all_keys : {false, true}) {
    CheckReport r = Check(all_keys);
    const CheckProblem* problem = Find(r, "ospg: malformed blocks");
    ASSERT_NE(problem, nullptr) << Describe(r);
    EXPECT_EQ(problem->count, 3u) << Describe(r);
    ASSERT_EQ(problem->examples.size(), 3u);
    EXPECT_NE(problem->examples[0].find("key 0x" + Hex(garbled)), std::string::npos) << problem->examples[0];
    EXPECT_NE(problem->examples[1].find("key 0x" + Hex(mismatched)), std::string::npos) << problem->examples[1];
    EXPECT_NE(problem->examples[2].find("key 0x73686f7274"), std::string::npos) << problem->examples[2];
    // The lost rows: a look-up of one of the garbled block's rows, or of the
    // mismatched block's first row, meets a malformed block; the mismatched
    // block's other rows are looked for in the block after it, in vain.
    const CheckProblem* unreadable =
        Find(r, "ospg: quads that spog holds cannot be looked up (their block is malformed)");
    ASSERT_NE(unreadable, nullptr) << Describe(r);
    EXPECT_EQ(unreadable->count, garbled_rows + 1) << Describe(r);
    EXPECT_NE(unreadable->examples[0].find("malformed block in index ospg"), std::string::npos)
        << unreadable->examples[0];
    const CheckProblem* lacks = Find(r, "ospg lacks quads that spog holds");
    ASSERT_NE(lacks, nullptr) << Describe(r);
    EXPECT_EQ(lacks->count, mismatched_rows - 1) << Describe(r);
    EXPECT_EQ(r.problems.size(), 3u) << Describe(r);
  }
}

TEST_F(CheckTest, OverlappingBlocksAreReported) {
  Row moved{};
  std::string overlapping, duplicating;
  {
    RawDb raw(db_path());
    // ospg: a block's last row but one moved to the front of the next block.
    // The set of rows is the same, but a look-up of the moved row reads the
    // first block whose key is >= it, which no longer holds it.
    auto blocks = raw.Blocks(Permutation::kOspg);
    ASSERT_GE(blocks.size(), 3u);
    auto& a = blocks[1].rows;
    auto& b = blocks[2].rows;
    ASSERT_GE(a.size(), 2u);
    moved = a[a.size() - 2];
    a.erase(a.end() - 2);
    b.insert(b.begin(), moved);
    raw.PutBlock(Permutation::kOspg, a);  // the same keys: both are replaced
    raw.PutBlock(Permutation::kOspg, b);
    overlapping = blocks[2].key;
    // gpos: a block's last row stored again at the front of the next block.
    auto gpos = raw.Blocks(Permutation::kGpos);
    ASSERT_GE(gpos.size(), 2u);
    gpos[1].rows.insert(gpos[1].rows.begin(), gpos[0].rows.back());
    raw.PutBlock(Permutation::kGpos, gpos[1].rows);
    duplicating = gpos[1].key;
  }
  for (bool all_keys : {false, true}) {
    CheckReport r = Check(all_keys);
    const CheckProblem* ospg = Find(r, "ospg: blocks out of order or overlapping");
    ASSERT_NE(ospg, nullptr) << Describe(r);
    EXPECT_EQ(ospg->count, 1u);
    EXPECT_NE(ospg->examples[0].find("key 0x" + Hex(overlapping) + " starts at row 0x" + Hex(RowBlockKey(moved))),
              std::string::npos)
        << ospg->examples[0];
    const CheckProblem* gpos = Find(r, "gpos: blocks out of order or overlapping");
    ASSERT_NE(gpos, nullptr) << Describe(r);
    EXPECT_EQ(gpos->count, 1u);
    EXPECT_NE(gpos->examples[0].find("key 0x" + Hex(duplicating)), std::string::npos) << gpos->examples[0];
    // gpos counts a row twice, so its fingerprint differs: it is compared
    // with spog, which finds every quad on both sides (and blames no checker
    // bug). ospg's fingerprint agrees: only a full comparison looks up the
    // moved row, and misses it.
    EXPECT_EQ(Find(r, "checker bug"), nullptr) << Describe(r);
    EXPECT_EQ(Find(r, "gpos lacks"), nullptr) << Describe(r);
    const CheckProblem* lacks = Find(r, "ospg lacks quads that spog holds");
    if (all_keys) {
      ASSERT_NE(lacks, nullptr) << Describe(r);
      EXPECT_EQ(lacks->count, 1u);
      EXPECT_NE(lacks->examples[0].find("absent: ospg key " + Hex(RowBlockKey(moved))), std::string::npos)
          << lacks->examples[0];
    } else {
      EXPECT_EQ(lacks, nullptr) << Describe(r);
    }
    EXPECT_EQ(r.problems.size(), all_keys ? 3u : 2u) << Describe(r);
  }
}

TEST_F(CheckTest, BlocksAboveTheRowLimitAreReported) {
  std::string key;
  std::size_t rows = 0;
  {
    // The first blocks of gspo joined into one of more than kMaxBlockRows.
    RawDb raw(db_path());
    const auto blocks = raw.Blocks(Permutation::kGspo);
    std::vector<Row> joined;
    for (const auto& b : blocks) {
      if (joined.size() > kMaxBlockRows) break;
      joined.insert(joined.end(), b.rows.begin(), b.rows.end());
      raw.Delete("gspo", b.key);
    }
    ASSERT_GT(joined.size(), kMaxBlockRows);
    raw.PutBlock(Permutation::kGspo, joined);
    key = RowBlockKey(joined.back());
    rows = joined.size();
  }
  for (bool all_keys : {false, true}) {
    CheckReport r = Check(all_keys);
    const CheckProblem* problem = Find(r, "gspo: blocks of more than " + std::to_string(kMaxBlockRows) + " rows");
    ASSERT_NE(problem, nullptr) << Describe(r);
    EXPECT_EQ(problem->count, 1u);
    EXPECT_NE(problem->examples[0].find("key 0x" + Hex(key) + ": " + std::to_string(rows) + " rows"),
              std::string::npos)
        << problem->examples[0];
    // The rows themselves are sound.
    EXPECT_EQ(r.problems.size(), 1u) << Describe(r);
  }
}

TEST_F(CheckTest, MalformedDictionaryValueIsReportedOnce) {
  {
    RawDb raw(db_path());
    const std::string term = raw.Get("id2term", U64(victim_[kP]));
    raw.Put("term2id", term, "abc");
  }
  CheckReport r = Check();
  const CheckProblem* problem = Find(r, "term2id: malformed values");
  ASSERT_NE(problem, nullptr) << Describe(r);
  EXPECT_EQ(problem->count, 1u);
  EXPECT_NE(problem->examples[0].find("<http://example.org/"), std::string::npos) << problem->examples[0];
  EXPECT_EQ(Find(r, "checker bug"), nullptr) << Describe(r);
  EXPECT_EQ(r.problems.size(), 1u) << Describe(r);
}

TEST_F(CheckTest, ExamplesAreCappedButEveryFaultIsCounted) {
  std::vector<IdQuad> quads;
  {
    auto store = Store::Open(db_path(), StoreOptions{});
    for (auto it = store->Scan(store->GetSnapshot(), Permutation::kSpog, {}); it->Valid() && quads.size() < 12;
         it->Next()) {
      quads.push_back(it->quad());
    }
  }
  {
    RawDb raw(db_path());
    for (const auto& q : quads) raw.DeleteQuad(Permutation::kOspg, q);
  }
  CheckReport r = Check();
  const CheckProblem* problem = Find(r, "ospg lacks quads that spog holds");
  ASSERT_NE(problem, nullptr) << Describe(r);
  EXPECT_EQ(problem->count, 12u);
  EXPECT_EQ(problem->examples.size(), 5u);
}

TEST_F(CheckTest, ScratchFoldersOfAKilledLoadAreNotedNotFaults) {
  fs::create_directories(db_path() / "ingest-99999");
  test::WriteFile(db_path() / "ingest-99999" / "0.sst", "half a file");
  // As `corridor check` does: read-only (an open for writing removes them).
  StoreOptions read_only;
  read_only.read_only = true;
  auto store = Store::Open(db_path(), read_only);
  CheckReport r = CheckStore(*store, CheckOptions{});
  EXPECT_TRUE(r.ok()) << Describe(r);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("ingest-99999"), std::string::npos);
}

}  // namespace
}  // namespace corridor::storage
