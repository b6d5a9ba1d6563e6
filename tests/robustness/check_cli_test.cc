// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// `corridor check DB_DIR` end to end: exit 0 and a summary on a sound
// database; exit 1 naming the permutation, the key and the count after a
// row is removed from one permutation behind the store's back; exit 1 and
// the statistic after a count is changed.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>

#include "process_util.h"
#include "storage/row_blocks.h"
#include "test_util.h"
#include "workload.h"

namespace corridor::robustness {
namespace {

namespace fs = std::filesystem;

const std::string kCorridor = std::string(CORRIDOR_BINARY_DIR) + "/repl/corridor";

// Applies `edit` to the closed database's column families, by name.
void EditRaw(const fs::path& db_dir,
             const std::function<void(rocksdb::DB*, std::map<std::string, rocksdb::ColumnFamilyHandle*>&)>& edit) {
  std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName, "term2id", "id2term", "stats",
                                    "spog", "posg", "ospg", "gspo", "gpos", "gosp"};
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& n : names) descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), db_dir.string(), descriptors, &handles, &db).ok());
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
  for (std::size_t i = 0; i < names.size(); ++i) by_name[names[i]] = handles[i];
  edit(db, by_name);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  db->Close();
  delete db;
}

TEST(CheckCommand, PassesOnASoundDatabaseAndNamesEachPlantedFault) {
  test::TempDir dir;
  const fs::path db = dir.path() / "db";
  const fs::path data = dir.path() / "data.nt";
  const fs::path log = dir.path() / "out.log";
  WriteTriples(data, "x", 1000);
  ASSERT_EQ(RunToEnd({kCorridor, "load", db.string(), data.string()}, log), 0) << Slurp(log);
  ASSERT_EQ(RunToEnd({kCorridor, "check", db.string()}, log), 0) << Slurp(log);
  EXPECT_NE(Slurp(log).find("ok: 1,000 quads"), std::string::npos) << Slurp(log);
  ASSERT_EQ(RunToEnd({kCorridor, "check", db.string(), "--full"}, log), 0) << Slurp(log);
  EXPECT_NE(Slurp(log).find("compared key by key"), std::string::npos) << Slurp(log);

  // Remove the first row of gpos: rewrite its first block without it (the
  // block's key, its last row, stays).
  std::string removed;
  EditRaw(db, [&](rocksdb::DB* raw, auto& cf) {
    std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator(rocksdb::ReadOptions(), cf["gpos"]));
    it->SeekToFirst();
    ASSERT_TRUE(it->Valid());
    std::vector<storage::Row> rows;
    ASSERT_TRUE(storage::DecodeRowBlock(it->key().ToStringView(), it->value().ToStringView(), &rows));
    ASSERT_GE(rows.size(), 2u);
    removed = rocksdb::Slice(storage::RowBlockKey(rows.front())).ToString(/*hex=*/true);
    std::string value;
    storage::EncodeRowBlock(rows.data() + 1, rows.size() - 1, &value);
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), cf["gpos"], it->key(), value).ok());
  });
  std::transform(removed.begin(), removed.end(), removed.begin(), ::tolower);
  EXPECT_EQ(RunToEnd({kCorridor, "check", db.string()}, log), 1);
  std::string out = Slurp(log);
  std::printf("corridor check after a gpos key was removed:\n%s", out.c_str());
  EXPECT_NE(out.find("FAULT: gpos lacks quads that spog holds: 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("absent: gpos key " + removed), std::string::npos) << out;
  EXPECT_NE(out.find("check failed: 1 problem (1 fault)"), std::string::npos) << out;

  // And a statistic off by one (the gpos fault stays).
  EditRaw(db, [&](rocksdb::DB* raw, auto& cf) {
    std::string v;
    ASSERT_TRUE(raw->Get(rocksdb::ReadOptions(), cf["stats"], "T", &v).ok());
    ASSERT_EQ(v.size(), 8u);
    v[7] = static_cast<char>(v[7] + 1);
    ASSERT_TRUE(raw->Put(rocksdb::WriteOptions(), cf["stats"], "T", v).ok());
  });
  EXPECT_EQ(RunToEnd({kCorridor, "check", db.string()}, log), 1);
  out = Slurp(log);
  EXPECT_NE(out.find("FAULT: stats: the total quad count (T) differs from a recount of spog: 1\n"
                     "  stats say 1001, spog holds 1000"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("check failed: 2 problems"), std::string::npos) << out;

  // Usage errors and databases that are not there.
  EXPECT_EQ(RunToEnd({kCorridor, "check"}, log), 2);
  EXPECT_EQ(RunToEnd({kCorridor, "check", (dir.path() / "missing").string()}, log), 1);
  EXPECT_NE(Slurp(log).find("does not exist"), std::string::npos) << Slurp(log);
}

}  // namespace
}  // namespace corridor::robustness
