// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Row blocks (storage/row_blocks.h), against a real RocksDB where an
// iterator is needed. The tests establish that:
//  - EncodeRowBlock / DecodeRowBlock round-trip any ascending set of rows
//    (small ids, ids with a high tag byte, zero slots, huge jumps), and that
//    DecodeRowBlock rejects every malformation the header names: a key other
//    than the last row, truncation (every proper prefix), trailing bytes, a
//    zero count, a payload wider than 56 bits, rows that do not ascend, and
//    a count larger than the rows present;
//  - RowBlockCount reads a block's count and rejects a bad one;
//  - RowBlockCursor, without and with a DecodedBlockCache, agrees with a
//    std::set<Row> model on full scans, block steps and seeks of every kind
//    (present, absent, below the first row, above the last, the greatest
//    row, and ascending / descending / repeated sequences that exercise the
//    cursor's "already known" shortcut), seeks RocksDB only when what it
//    knows does not answer, gives no rows on an empty column family, and
//    throws StorageError on a malformed block;
//  - DecodedBlockCache answers only for targets an entry covers, only at the
//    entry's sequence number and permutation, keeps within its capacity, is
//    safe to use from several threads, and a cursor with a cache never
//    serves rows of an older state after a write;
//  - RowBlockWriter, in randomized rounds checked against a model, reports
//    Insert / Remove results correctly, emits strictly ascending keys,
//    leaves blocks without an effective change alone, and leaves a store
//    whose blocks decode to exactly the model's rows, 1..kMaxBlockRows rows
//    per block, key == last row, disjoint and ascending.
// Random tests use fixed seeds so that a failure reproduces.
#include "storage/row_blocks.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <string>
#include <utility>
#include <vector>

#include "storage/ids.h"
#include "storage/storage_error.h"
#include "test_util.h"

namespace corridor::storage {
namespace {

using test::TempDir;

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kTag2 = std::uint64_t{0x02} << 56;
constexpr std::uint64_t kTag10 = std::uint64_t{0x10} << 56;

// ---- Helpers

std::string Str(const Row& r) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s = "(";
  for (int i = 0; i < 4; ++i) {
    if (i) s += ", ";
    s += "0x";
    bool started = false;
    for (int shift = 60; shift >= 0; shift -= 4) {
      const unsigned d = (r[i] >> shift) & 15;
      if (d || started || shift == 0) {
        s += kDigits[d];
        started = true;
      }
    }
  }
  return s + ")";
}

std::string Hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  for (unsigned char c : bytes) {
    s += kDigits[c >> 4];
    s += kDigits[c & 15];
  }
  return s;
}

// The encoding's own primitives, written independently, to hand-craft values.
std::string Varint(std::uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}
std::uint64_t ZigZag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
// A row's first value: slot d's increase (t = 0) or payload (t = 1, a tag
// byte follows); a later slot's value: zigzag difference or payload.
std::string Head(std::uint64_t x, unsigned d, unsigned t = 0) { return Varint(x << 3 | d << 1 | t); }
std::string Rest(std::uint64_t y, unsigned t = 0) { return Varint(y << 1 | t); }
std::string TagByte(unsigned tag) { return std::string(1, static_cast<char>(tag)); }

std::string Encode(const std::vector<Row>& rows) {
  std::string out;
  EncodeRowBlock(rows.data(), rows.size(), &out);
  return out;
}

// The row after / before `r` in row order (wrapping at the ends).
Row Successor(Row r) {
  for (int i = 3; i >= 0; --i) {
    if (++r[i] != 0) break;
  }
  return r;
}
Row Predecessor(Row r) {
  for (int i = 3; i >= 0; --i) {
    if (r[i]-- != 0) break;
  }
  return r;
}

// First difference between two row lists, or "" when equal.
std::string Diff(const std::vector<Row>& got, const std::vector<Row>& want) {
  const std::size_t n = std::min(got.size(), want.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (got[i] != want[i]) {
      return "row " + std::to_string(i) + ": got " + Str(got[i]) + ", want " + Str(want[i]);
    }
  }
  if (got.size() != want.size()) {
    return "got " + std::to_string(got.size()) + " rows, want " + std::to_string(want.size());
  }
  return "";
}

// An id: small, or small with the high tag byte set; `shift` spreads the
// small part (leaving room for rows in between).
Id PickId(std::mt19937_64& rng, std::uint64_t range, int shift = 0) {
  const std::uint64_t n = (rng() % range) << shift;
  switch (rng() % 5) {
    case 0:
      return kTag2 | n;
    case 1:
      return kTag10 | n;
    default:
      return n;
  }
}

// A RocksDB database (default options, default column family) in a
// temporary folder.
class Db {
 public:
  Db() {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    const rocksdb::Status s = rocksdb::DB::Open(options, dir_.path().string(), &db);
    if (!s.ok()) throw std::runtime_error("opening RocksDB: " + s.ToString());
    db_.reset(db);
  }

  std::unique_ptr<rocksdb::Iterator> NewIterator(const rocksdb::Snapshot* snapshot = nullptr) {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot;
    return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(ro));
  }
  std::uint64_t Sequence() { return db_->GetLatestSequenceNumber(); }
  const rocksdb::Snapshot* GetSnapshot() { return db_->GetSnapshot(); }
  void ReleaseSnapshot(const rocksdb::Snapshot* snapshot) { db_->ReleaseSnapshot(snapshot); }
  void Put(const std::string& key, const std::string& value) {
    const rocksdb::Status s = db_->Put(rocksdb::WriteOptions(), key, value);
    if (!s.ok()) throw std::runtime_error("put: " + s.ToString());
  }
  void Write(rocksdb::WriteBatch* batch) {
    const rocksdb::Status s = db_->Write(rocksdb::WriteOptions(), batch);
    if (!s.ok()) throw std::runtime_error("write: " + s.ToString());
  }

 private:
  TempDir dir_;  // outlives db_
  std::unique_ptr<rocksdb::DB> db_;
};

// Writes sorted distinct `rows` as blocks of next_size() rows each (the last
// one takes what is left). Returns the blocks' last rows.
std::vector<Row> WriteBlocks(Db& db, const std::vector<Row>& rows,
                             const std::function<std::size_t()>& next_size) {
  std::vector<Row> lasts;
  std::size_t from = 0;
  while (from < rows.size()) {
    const std::size_t n = std::min(next_size(), rows.size() - from);
    std::string value;
    EncodeRowBlock(rows.data() + from, n, &value);
    db.Put(RowBlockKey(rows[from + n - 1]), value);
    lasts.push_back(rows[from + n - 1]);
    from += n;
  }
  return lasts;
}
std::vector<Row> WriteBlocks(Db& db, const std::vector<Row>& rows) {
  return WriteBlocks(db, rows, [] { return kBlockRows; });
}

// Every block of the store, read raw and checked.
struct BlockScan {
  std::vector<Row> rows;       // all rows, block after block
  std::vector<Row> lasts;      // each block's last row
  std::vector<std::size_t> sizes;
  std::string error;           // the first problem found, or ""
};

BlockScan ScanBlocks(Db& db) {
  BlockScan scan;
  auto it = db.NewIterator();
  std::vector<Row> block;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string key = it->key().ToString(), value = it->value().ToString();
    if (!DecodeRowBlock(key, value, &block)) {
      scan.error = "block with key " + Hex(key) + " does not decode";
      return scan;
    }
    if (block.empty() || block.size() > kMaxBlockRows) {
      scan.error = "block with key " + Hex(key) + " has " + std::to_string(block.size()) + " rows";
      return scan;
    }
    if (RowBlockKey(block.back()) != key) {
      scan.error = "block key " + Hex(key) + " is not its last row " + Str(block.back());
      return scan;
    }
    if (!scan.rows.empty() && !(scan.rows.back() < block.front())) {
      scan.error = "block " + Str(block.front()) + ".." + Str(block.back()) +
                   " does not start after the block before it, which ends at " + Str(scan.rows.back());
      return scan;
    }
    scan.rows.insert(scan.rows.end(), block.begin(), block.end());
    scan.lasts.push_back(block.back());
    scan.sizes.push_back(block.size());
  }
  if (!it->status().ok()) scan.error = "iterator: " + it->status().ToString();
  return scan;
}

// ---- Encoding

::testing::AssertionResult RoundTrips(const std::vector<Row>& rows) {
  const std::string prefix = "prefix";
  std::string out = prefix;
  EncodeRowBlock(rows.data(), rows.size(), &out);
  if (out.compare(0, prefix.size(), prefix) != 0) {
    return ::testing::AssertionFailure() << "EncodeRowBlock did not append";
  }
  const std::string value = out.substr(prefix.size());
  std::vector<Row> back = {Row{9, 9, 9, 9}};  // replaced, not appended to
  if (!DecodeRowBlock(RowBlockKey(rows.back()), value, &back)) {
    return ::testing::AssertionFailure() << "does not decode: " << rows.size() << " rows, first "
                                         << Str(rows.front()) << ", value " << Hex(value);
  }
  const std::string diff = Diff(back, rows);
  if (!diff.empty()) return ::testing::AssertionFailure() << diff << " (value " << Hex(value) << ")";
  return ::testing::AssertionSuccess();
}

TEST(RowBlockEncoding, RoundTripsRandomSortedRowSets) {
  std::mt19937_64 rng(20260101);
  for (int trial = 0; trial < 3000; ++trial) {
    const std::size_t n = 1 + rng() % kMaxBlockRows;
    // Ranges vary per trial: narrow ones repeat prefixes, wide ones do not.
    const std::uint64_t range = 1 + rng() % (trial % 3 == 0 ? 4 : trial % 3 == 1 ? 50 : 100000);
    std::set<Row> set;
    while (set.size() < n) {
      Row r;
      for (int s = 0; s < 4; ++s) {
        switch (rng() % 8) {
          case 0:
            r[s] = kTag2 | (rng() % range);
            break;
          case 1:
            r[s] = kTag10 | (rng() % range);
            break;
          case 2:
            r[s] = 0;
            break;
          case 3:
            r[s] = rng();  // anything, up to the top of the range
            break;
          default:
            r[s] = rng() % range;
        }
      }
      if (rng() % 4 == 0) r[3] = 0;  // 0 in the last slot
      set.insert(r);
    }
    const std::vector<Row> rows(set.begin(), set.end());
    ASSERT_TRUE(RoundTrips(rows)) << "trial " << trial;
  }
}

TEST(RowBlockEncoding, RoundTripsEdgeCases) {
  // Single rows, including the all-zero row and the all-ones row.
  for (const Row& r : {Row{0, 0, 0, 0}, Row{0, 0, 0, 1}, Row{1, 0, 0, 0}, Row{0, 0, 1, 0},
                       Row{kMax, kMax, kMax, kMax}, Row{kTag2 | 7, kTag10 | 3, 0, kTag2},
                       Row{kMax, 0, kMax, 0}}) {
    EXPECT_TRUE(RoundTrips({r})) << Str(r);
  }
  // Rows differing only in the last slot, from 0 to the top.
  {
    std::vector<Row> rows;
    for (std::uint64_t v : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{127},
                            std::uint64_t{128}, kTag2, kTag2 | 1, kTag10, kMax / 2, kMax / 2 + 1, kMax - 1,
                            kMax}) {
      rows.push_back(Row{5, 6, 7, v});
    }
    EXPECT_TRUE(RoundTrips(rows));
  }
  // Huge jumps, up and down, in every slot (later slots wrap).
  EXPECT_TRUE(RoundTrips({Row{0, 0, 0, 0}, Row{0, kMax, 0, kMax}, Row{1, 0, kMax, 0}, Row{1, 0, kMax, kMax},
                          Row{1, 1, 0, 0}, Row{kMax / 2, kMax / 2 + 1, 1, kMax / 2 + 1},
                          Row{kMax / 2 + 1, 0, kMax / 2, 0}, Row{kMax - 1, kMax, kMax, kMax},
                          Row{kMax, 0, 0, 0}, Row{kMax, kMax, kMax, kMax}}));
  // Full blocks: kMaxBlockRows rows whose later slots fall while the first
  // rises, and kMaxBlockRows rows that differ in the last slot by 1.
  {
    std::vector<Row> falling, dense;
    for (std::uint64_t i = 0; i < kMaxBlockRows; ++i) {
      falling.push_back(Row{kTag2 | i, kMax - i * 977, kTag10 - i, (kMaxBlockRows - i) << 40});
      dense.push_back(Row{kTag10, kTag10, kTag10, kTag10 + i});
    }
    EXPECT_TRUE(RoundTrips(falling));
    EXPECT_TRUE(RoundTrips(dense));
  }
}

TEST(RowBlockEncoding, EncodingOfAKnownBlockIsAsDocumented) {
  const std::uint64_t kTag2 = std::uint64_t{2} << 56;
  const std::vector<Row> rows = {
      Row{0, 0, 0, 5},                  // d=3, +5 over the all-zero row
      Row{0, 0, 2, 1},                  // d=2, +2; slot 3: zigzag(-4) = 7
      Row{1, 0, 0, 0},                  // d=0, +1; zigzag(0), zigzag(-2), zigzag(-1)
      Row{1, 0, 0, kTag2 | 7},          // d=3, tag 0 -> 2: payload 7, tag byte 2
      Row{1, 0, kTag2 | 3, 9},          // d=2, tag 0 -> 2: payload 3; slot 3, tag 2 -> 0: payload 9
      Row{1, 1, kTag2 | 1, kTag2 | 8},  // d=1, +1; slot 2: zigzag(-2) = 3; slot 3, tag 0 -> 2: payload 8
  };
  const std::string want = Varint(6) + Head(5, 3) + Head(2, 2) + Rest(7) + Head(1, 0) + Rest(0) + Rest(3) +
                           Rest(1) + Head(7, 3, 1) + TagByte(2) + Head(3, 2, 1) + TagByte(2) + Rest(9, 1) +
                           TagByte(0) + Head(1, 1) + Rest(3) + Rest(8, 1) + TagByte(2);
  EXPECT_EQ(Hex(Encode(rows)), Hex(want));
  std::vector<Row> out;
  ASSERT_TRUE(DecodeRowBlock(RowBlockKey(rows.back()), want, &out));
  EXPECT_EQ(out, rows);
  EXPECT_EQ(RowBlockKey(Row{0x0102030405060708, 0, kMax, 1}),
            std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8) + std::string(8, '\0') +
                std::string(8, '\xff') + std::string(7, '\0') + "\x01");
}

// Rows for the rejection tests: n < 128, so the count is one byte.
std::vector<Row> SampleRows() {
  return {Row{1, 2, 3, 0}, Row{1, 2, 3, 9}, Row{1, 2, kTag2 | 4, 0}, Row{1, kTag10, 0, 1},
          Row{2, 0, 0, 0}, Row{kTag10, kMax, 1, kMax}, Row{kMax, 0, 0, 0}};
}

TEST(RowBlockEncoding, RowBlockCountReadsTheCount) {
  std::uint64_t n = 0;
  for (std::size_t size : {std::size_t{1}, std::size_t{7}, kBlockRows, kMaxBlockRows}) {
    std::vector<Row> rows;
    for (std::uint64_t i = 0; i < size; ++i) rows.push_back(Row{1, i, kTag2 | i, 0});
    n = 0;
    EXPECT_TRUE(RowBlockCount(Encode(rows), &n)) << size;
    EXPECT_EQ(n, size);
  }
  EXPECT_FALSE(RowBlockCount("", &n));
  EXPECT_FALSE(RowBlockCount(Varint(0), &n)) << "count 0";
  EXPECT_FALSE(RowBlockCount(Varint(0) + Head(1, 3), &n)) << "count 0";
  EXPECT_FALSE(RowBlockCount(std::string("\x80", 1), &n)) << "truncated count";
  EXPECT_FALSE(RowBlockCount(Varint(1000) + std::string(10, '\0'), &n)) << "a count the value cannot hold";
  EXPECT_FALSE(RowBlockCount(Varint(kMax), &n)) << "a count the value cannot hold";
}

TEST(RowBlockEncoding, RejectsAKeyOtherThanTheLastRow) {
  const std::vector<Row> rows = SampleRows();
  const std::string value = Encode(rows), key = RowBlockKey(rows.back());
  std::vector<Row> out;
  ASSERT_TRUE(DecodeRowBlock(key, value, &out));
  for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
    EXPECT_FALSE(DecodeRowBlock(RowBlockKey(rows[i]), value, &out)) << "key of row " << i;
  }
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(Successor(rows.back())), value, &out));
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(Predecessor(rows.back())), value, &out));
  for (std::size_t byte = 0; byte < key.size(); ++byte) {
    for (int bit : {0, 7}) {
      std::string bad = key;
      bad[byte] = static_cast<char>(bad[byte] ^ (1 << bit));
      EXPECT_FALSE(DecodeRowBlock(bad, value, &out)) << "byte " << byte << " bit " << bit;
    }
  }
  EXPECT_FALSE(DecodeRowBlock("", value, &out));
  EXPECT_FALSE(DecodeRowBlock(key.substr(0, 31), value, &out));
  EXPECT_FALSE(DecodeRowBlock(key + '\0', value, &out));
}

TEST(RowBlockEncoding, RejectsEveryProperPrefix) {
  std::vector<std::vector<Row>> blocks = {SampleRows(), {Row{0, 0, 0, 0}}, {Row{kMax, kMax, kMax, kMax}}};
  std::vector<Row> big;  // 128 rows: a two-byte count
  for (std::uint64_t i = 0; i < kMaxBlockRows; ++i) big.push_back(Row{i / 10, kTag2 | (i % 10), 0, i << 50});
  blocks.push_back(big);
  for (const auto& rows : blocks) {
    const std::string value = Encode(rows), key = RowBlockKey(rows.back());
    std::vector<Row> out;
    ASSERT_TRUE(DecodeRowBlock(key, value, &out)) << Str(rows.front());
    for (std::size_t len = 0; len < value.size(); ++len) {
      EXPECT_FALSE(DecodeRowBlock(key, value.substr(0, len), &out))
          << rows.size() << " rows, prefix of " << len << " of " << value.size() << " bytes";
    }
  }
}

TEST(RowBlockEncoding, RejectsTrailingBytes) {
  const std::vector<Row> rows = SampleRows();
  const std::string value = Encode(rows), key = RowBlockKey(rows.back());
  std::vector<Row> out;
  ASSERT_TRUE(DecodeRowBlock(key, value, &out));
  for (const std::string& tail : {std::string(1, '\0'), std::string("x"), std::string(1, '\x03'),
                                  Head(0, 3), Head(1, 3), std::string(100, '\0')}) {
    EXPECT_FALSE(DecodeRowBlock(key, value + tail, &out)) << Hex(tail);
  }
  // A whole further row, with the key of that row: the count says one less.
  std::vector<Row> more = rows;
  more.push_back(Row{kMax, 0, 0, 1});
  const std::string longer = Encode(more);
  std::string with_old_count = longer;
  with_old_count[0] = static_cast<char>(rows.size());
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(rows.back()), with_old_count, &out));
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(more.back()), with_old_count, &out));
}

TEST(RowBlockEncoding, RejectsACountOfZero) {
  std::vector<Row> out;
  const std::string zero_key = RowBlockKey(Row{});
  EXPECT_FALSE(DecodeRowBlock(zero_key, Varint(0), &out));
  EXPECT_FALSE(DecodeRowBlock(zero_key, Varint(0) + Head(0, 3), &out));
  // Also a zero count spelled in two bytes.
  EXPECT_FALSE(DecodeRowBlock(zero_key, std::string("\x80\x00", 2), &out));
  EXPECT_FALSE(DecodeRowBlock(zero_key, "", &out));
}

// A payload (t = 1) has 56 bits; wider ones are malformed, in a row's first
// value and in a later slot.
TEST(RowBlockEncoding, RejectsAPayloadWiderThan56Bits) {
  std::vector<Row> out;
  const std::uint64_t widest = (std::uint64_t{1} << 56) - 1;
  const Row top{0, 0, 0, (std::uint64_t{0x05} << 56) | widest};
  ASSERT_TRUE(DecodeRowBlock(RowBlockKey(top), Varint(1) + Head(widest, 3, 1) + TagByte(5), &out));
  EXPECT_EQ(out, std::vector<Row>{top});
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(top), Varint(1) + Head(widest + 1, 3, 1) + TagByte(5), &out));
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(Row{0, 0, 1, 0}), Varint(1) + Head(1, 2) + Rest(widest + 1, 1) + TagByte(0),
                              &out));
  const Row mid{0, 0, 1, (std::uint64_t{0x05} << 56) | widest};
  ASSERT_TRUE(DecodeRowBlock(RowBlockKey(mid), Varint(1) + Head(1, 2) + Rest(widest, 1) + TagByte(5), &out));
}

TEST(RowBlockEncoding, RejectsRowsThatDoNotAscend) {
  std::vector<Row> out;
  const Row five{0, 0, 0, 5};
  // The control: (0,0,0,5), (0,0,0,6) decodes.
  ASSERT_TRUE(DecodeRowBlock(RowBlockKey(Row{0, 0, 0, 6}), Varint(2) + Head(5, 3) + Head(1, 3), &out));
  // A repeated row: (0,0,0,5) twice, through slot 3 and through slot 0.
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(five), Varint(2) + Head(5, 3) + Head(0, 3), &out));
  EXPECT_FALSE(
      DecodeRowBlock(RowBlockKey(five), Varint(2) + Head(5, 3) + Head(0, 0) + Rest(0) + Rest(0) + Rest(0), &out));
  // A falling row: (0,5,0,0) then (0,4,0,0) (no growth in slot 0, -1 in slot 1).
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(Row{0, 4, 0, 0}),
                              Varint(2) + Head(5, 1) + Rest(0) + Rest(0) + Head(0, 0) + Rest(ZigZag(-1)) + Rest(0) +
                                  Rest(0),
                              &out));
  // A falling row by wrapping: (kMax,0,0,0) then slot 0 grows by 1 to 0.
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(Row{}),
                              Varint(2) + Head((std::uint64_t{1} << 56) - 1, 0, 1) + TagByte(0xff) + Rest(0) +
                                  Rest(0) + Rest(0) + Head(1, 0) + Rest(0) + Rest(0) + Rest(0),
                              &out));
  // A falling row by a tag: (0,0,0,tag 2 | 1) then slot 3 as payload 9 of tag 1.
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(Row{0, 0, 0, (std::uint64_t{1} << 56) | 9}),
                              Varint(2) + Head(1, 3, 1) + TagByte(2) + Head(9, 3, 1) + TagByte(1), &out));
  // Falling rows in the middle of a longer, otherwise valid block.
  const std::vector<Row> rows = SampleRows();
  std::string value = Encode(rows);
  // Row 1 is (1,2,3,9) after (1,2,3,0): d=3, +9. Make it +0 (a repeat).
  const std::size_t at = Encode({rows[0]}).size();
  ASSERT_EQ(value.substr(at, 1), Head(9, 3));
  value.replace(at, 1, Head(0, 3));
  // Later rows are deltas from the row before, so the last row moves too:
  // decode by hand (independently of DecodeRowBlock) to find the key the
  // value would have, so that only the repeat can be the reason to reject.
  auto hand_last_row = [](const std::string& v) {
    Row prev{};
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    auto get = [&p]() {
      std::uint64_t x = 0;
      for (int shift = 0;; shift += 7) {
        const std::uint64_t b = *p++;
        x |= (b & 0x7f) << shift;
        if (!(b & 0x80)) return x;
      }
    };
    const std::uint64_t n = get();
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint64_t h = get();
      const unsigned d = (h >> 1) & 3;
      if (h & 1) prev[d] = (std::uint64_t{*p++} << 56) | (h >> 3);
      else prev[d] += h >> 3;
      for (unsigned s = d + 1; s < 4; ++s) {
        const std::uint64_t y = get();
        if (y & 1) prev[s] = (std::uint64_t{*p++} << 56) | (y >> 1);
        else prev[s] += (y >> 2) ^ (~((y >> 1) & 1) + 1);
      }
    }
    return prev;
  };
  ASSERT_EQ(hand_last_row(Encode(rows)), rows.back()) << "the hand decoder";
  const Row prev = hand_last_row(value);
  EXPECT_FALSE(DecodeRowBlock(RowBlockKey(prev), value, &out)) << "last row " << Str(prev);
}

TEST(RowBlockEncoding, RejectsACountLargerThanTheRowsPresent) {
  const std::vector<Row> rows = SampleRows();
  const std::string value = Encode(rows), key = RowBlockKey(rows.back());
  std::vector<Row> out;
  ASSERT_TRUE(DecodeRowBlock(key, value, &out));
  ASSERT_EQ(value[0], static_cast<char>(rows.size()));
  for (std::uint64_t count : {rows.size() + 1, rows.size() + 2, std::uint64_t{127}, std::uint64_t{128},
                              std::uint64_t{100000}, std::uint64_t{1} << 62, kMax}) {
    const std::string bad = Varint(count) + value.substr(1);
    EXPECT_FALSE(DecodeRowBlock(key, bad, &out)) << "count " << count;
  }
  // And a smaller count leaves trailing rows.
  EXPECT_FALSE(DecodeRowBlock(key, Varint(rows.size() - 1) + value.substr(1), &out));
}

// ---- RowBlockCursor

// The model of one permutation, written into RocksDB as blocks.
struct CursorWorld {
  Db db;
  std::vector<Row> rows;   // the model, ascending
  std::set<Row> set;       // the same
  std::set<Row> lasts;     // the blocks' last rows
};

std::unique_ptr<CursorWorld> MakeCursorWorld(std::uint64_t seed, std::size_t n, bool random_block_sizes) {
  auto w = std::make_unique<CursorWorld>();
  std::mt19937_64 rng(seed);
  while (w->set.size() < n) {
    // Small ranges, so that prefixes repeat; slot 0 >= 1, so that there are
    // rows below the first.
    w->set.insert(Row{1 + PickId(rng, 4), PickId(rng, 7), PickId(rng, 11), PickId(rng, 21)});
  }
  w->rows.assign(w->set.begin(), w->set.end());
  std::function<std::size_t()> sizes = [] { return kBlockRows; };
  if (random_block_sizes) sizes = [&rng] { return 1 + rng() % kMaxBlockRows; };
  const std::vector<Row> lasts = WriteBlocks(w->db, w->rows, sizes);
  w->lasts.insert(lasts.begin(), lasts.end());
  return w;
}

RowBlockCursor NewCursor(Db& db) { return RowBlockCursor(db.NewIterator(), "test"); }

// How often a cursor moved its RocksDB iterator.
struct IteratorCalls {
  int seeks = 0;  // Seek, SeekToFirst, SeekToLast, SeekForPrev
  int steps = 0;  // Next, Prev
};

// A RocksDB iterator that counts the calls that move it.
class CountingIterator : public rocksdb::Iterator {
 public:
  CountingIterator(std::unique_ptr<rocksdb::Iterator> it, IteratorCalls* calls)
      : it_(std::move(it)), calls_(calls) {}
  bool Valid() const override { return it_->Valid(); }
  void SeekToFirst() override {
    ++calls_->seeks;
    it_->SeekToFirst();
  }
  void SeekToLast() override {
    ++calls_->seeks;
    it_->SeekToLast();
  }
  void Seek(const rocksdb::Slice& target) override {
    ++calls_->seeks;
    it_->Seek(target);
  }
  void SeekForPrev(const rocksdb::Slice& target) override {
    ++calls_->seeks;
    it_->SeekForPrev(target);
  }
  void Next() override {
    ++calls_->steps;
    it_->Next();
  }
  void Prev() override {
    ++calls_->steps;
    it_->Prev();
  }
  rocksdb::Slice key() const override { return it_->key(); }
  rocksdb::Slice value() const override { return it_->value(); }
  rocksdb::Status status() const override { return it_->status(); }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
  IteratorCalls* calls_;
};

RowBlockCursor NewCountingCursor(Db& db, IteratorCalls* calls) {
  return RowBlockCursor(std::make_unique<CountingIterator>(db.NewIterator(), calls), "test");
}

// Checks that the cursor stands at model row `idx` (rows.size(): invalid),
// with the block state that matches the blocks written.
::testing::AssertionResult At(const RowBlockCursor& c, const CursorWorld& w, std::size_t idx) {
  if (idx == w.rows.size()) {
    if (c.Valid()) return ::testing::AssertionFailure() << "valid at " << Str(c.row()) << ", want the end";
    if (c.RowsLeftInBlock() != 0) {
      return ::testing::AssertionFailure() << "invalid with RowsLeftInBlock() " << c.RowsLeftInBlock();
    }
    return ::testing::AssertionSuccess();
  }
  if (!c.Valid()) return ::testing::AssertionFailure() << "invalid, want " << Str(w.rows[idx]);
  if (c.row() != w.rows[idx]) {
    return ::testing::AssertionFailure() << "at " << Str(c.row()) << ", want " << Str(w.rows[idx]);
  }
  const Row block_last = *w.lasts.lower_bound(w.rows[idx]);
  if (c.BlockLastRow() != block_last) {
    return ::testing::AssertionFailure() << "at " << Str(c.row()) << ": BlockLastRow() " << Str(c.BlockLastRow())
                                         << ", want " << Str(block_last);
  }
  const std::size_t last_idx =
      static_cast<std::size_t>(std::lower_bound(w.rows.begin(), w.rows.end(), block_last) - w.rows.begin());
  if (c.RowsLeftInBlock() != last_idx - idx + 1) {
    return ::testing::AssertionFailure() << "at " << Str(c.row()) << ": RowsLeftInBlock() " << c.RowsLeftInBlock()
                                         << ", want " << last_idx - idx + 1;
  }
  return ::testing::AssertionSuccess();
}

std::size_t LowerBoundIndex(const CursorWorld& w, const Row& target) {
  return static_cast<std::size_t>(std::lower_bound(w.rows.begin(), w.rows.end(), target) - w.rows.begin());
}

// Seeks and checks; on failure, says which target.
::testing::AssertionResult SeekLands(RowBlockCursor& c, const CursorWorld& w, const Row& target) {
  c.Seek(target);
  auto r = At(c, w, LowerBoundIndex(w, target));
  if (!r) r << " (after Seek " << Str(target) << ")";
  return r;
}

// A target of a random kind: present, next to a present row, absent from
// the id ranges, outside them, below the first row or above the last.
Row RandomTarget(std::mt19937_64& rng, const CursorWorld& w) {
  const Row& present = w.rows[rng() % w.rows.size()];
  switch (rng() % 9) {
    case 0:
    case 1:
      return present;
    case 2:
      return Successor(present);
    case 3:
      return Predecessor(present);
    case 4:
      return Row{1 + PickId(rng, 5), PickId(rng, 8), PickId(rng, 12), PickId(rng, 23)};
    case 5:
      return Row{rng(), rng(), rng(), rng()};
    case 6:
      return rng() % 2 ? Row{} : Predecessor(w.rows.front());
    case 7:
      return rng() % 2 ? Successor(w.rows.back()) : Row{kMax, kMax, kMax, kMax};
    default:
      return *w.lasts.lower_bound(present);  // a block's last row
  }
}

// Cursors without a cache, with a large DecodedBlockCache shared by all the
// cursors of a test (so that later cursors find blocks there), and with a
// cache that holds about two blocks (so that it keeps emptying).
enum class CacheMode { kNone, kLarge, kTiny };

class RowBlockCursorTest : public ::testing::TestWithParam<std::tuple<bool, CacheMode>> {
 protected:
  void SetUp() override {
    const bool random_sizes = std::get<0>(GetParam());
    w_ = MakeCursorWorld(random_sizes ? 77 : 42, 5000, random_sizes);
    switch (std::get<1>(GetParam())) {
      case CacheMode::kNone:
        break;
      case CacheMode::kLarge:
        cache_ = std::make_unique<DecodedBlockCache>(std::size_t{64} << 20);
        break;
      case CacheMode::kTiny:
        cache_ = std::make_unique<DecodedBlockCache>(kNumPermutations * 2 * (kMaxBlockRows * sizeof(Row) + 256));
        break;
    }
    seq_ = w_->db.Sequence();
  }
  RowBlockCursor Cursor() { return RowBlockCursor(w_->db.NewIterator(), "test", cache_.get(), 2, seq_); }
  RowBlockCursor CountingCursor(IteratorCalls* calls) {
    return RowBlockCursor(std::make_unique<CountingIterator>(w_->db.NewIterator(), calls), "test", cache_.get(), 2,
                          seq_);
  }
  std::unique_ptr<CursorWorld> w_;
  std::unique_ptr<DecodedBlockCache> cache_;
  std::uint64_t seq_ = 0;
};

TEST_P(RowBlockCursorTest, ScanVisitsEveryRowInOrder) {
  const CursorWorld& w = *w_;
  ASSERT_GT(w.lasts.size(), 30u);
  RowBlockCursor c = Cursor();
  c.SeekToFirst();
  std::size_t i = 0;
  for (; c.Valid(); c.Next(), ++i) {
    ASSERT_LT(i, w.rows.size()) << "more rows than written";
    ASSERT_TRUE(At(c, w, i));
  }
  EXPECT_EQ(i, w.rows.size());
  EXPECT_TRUE(At(c, w, w.rows.size()));
  // Again on the same cursor, after it reached the end.
  c.SeekToFirst();
  ASSERT_TRUE(At(c, w, 0));
}

TEST_P(RowBlockCursorTest, NextBlockStepsOverWholeBlocks) {
  const CursorWorld& w = *w_;
  RowBlockCursor c = Cursor();
  c.SeekToFirst();
  std::size_t i = 0, blocks = 0;
  while (c.Valid()) {
    ASSERT_TRUE(At(c, w, i));
    i += c.RowsLeftInBlock();
    c.NextBlock();
    ++blocks;
    ASSERT_LE(blocks, w.lasts.size());
  }
  EXPECT_EQ(i, w.rows.size());
  EXPECT_EQ(blocks, w.lasts.size());
  // From the middle of blocks: NextBlock lands on the row after BlockLastRow().
  std::mt19937_64 rng(5);
  for (int k = 0; k < 500; ++k) {
    const std::size_t idx = rng() % w.rows.size();
    ASSERT_TRUE(SeekLands(c, w, w.rows[idx]));
    const std::size_t after = idx + c.RowsLeftInBlock();
    c.NextBlock();
    ASSERT_TRUE(At(c, w, after)) << "NextBlock from " << Str(w.rows[idx]);
    // Seeking back into the block just left must re-read it.
    ASSERT_TRUE(SeekLands(c, w, w.rows[idx]));
    ASSERT_TRUE(SeekLands(c, w, w.rows[after - 1]));
  }
}

TEST_P(RowBlockCursorTest, SeeksToRandomTargetsLandOnTheLowerBound) {
  const CursorWorld& w = *w_;
  std::mt19937_64 rng(11);
  IteratorCalls calls;
  RowBlockCursor c = CountingCursor(&calls);
  for (int k = 0; k < 20000; ++k) {
    const Row target = RandomTarget(rng, w);
    const IteratorCalls before = calls;
    ASSERT_TRUE(SeekLands(c, w, target)) << "seek " << k;
    ASSERT_LE(calls.seeks - before.seeks, 1) << "one RocksDB seek at most, seek " << k;
    ASSERT_EQ(calls.steps, before.steps) << "a seek does not step, seek " << k;
    // Then a few steps, which may cross blocks and change what the cursor
    // knows.
    std::size_t idx = LowerBoundIndex(w, target);
    for (int steps = rng() % 4; steps > 0 && c.Valid(); --steps) {
      if (rng() % 3 == 0) {
        idx += c.RowsLeftInBlock();
        c.NextBlock();
      } else {
        ++idx;
        c.Next();
      }
      ASSERT_TRUE(At(c, w, idx)) << "after seek " << k << " to " << Str(target);
    }
  }
}

TEST_P(RowBlockCursorTest, AscendingDescendingAndRepeatedSeeks) {
  const CursorWorld& w = *w_;
  std::mt19937_64 rng(12);
  std::vector<Row> targets;
  for (int k = 0; k < 6000; ++k) targets.push_back(RandomTarget(rng, w));
  // Dense ascending targets: every row and every gap, in order.
  {
    RowBlockCursor c = Cursor();
    c.Seek(Row{});
    for (std::size_t i = 0; i < w.rows.size(); ++i) {
      ASSERT_TRUE(SeekLands(c, w, Predecessor(w.rows[i])));
      ASSERT_TRUE(SeekLands(c, w, w.rows[i]));
      ASSERT_TRUE(SeekLands(c, w, Successor(w.rows[i])));
    }
    ASSERT_TRUE(SeekLands(c, w, Row{kMax, kMax, kMax, kMax}));
  }
  std::sort(targets.begin(), targets.end());
  {
    RowBlockCursor c = Cursor();
    for (const Row& t : targets) ASSERT_TRUE(SeekLands(c, w, t)) << "ascending";
  }
  {
    // Ascending with steps in between.
    RowBlockCursor c = Cursor();
    for (const Row& t : targets) {
      ASSERT_TRUE(SeekLands(c, w, t)) << "ascending with steps";
      if (c.Valid()) {
        c.Next();
        ASSERT_TRUE(At(c, w, LowerBoundIndex(w, t) + 1)) << "Next after seek to " << Str(t);
      }
    }
  }
  {
    RowBlockCursor c = Cursor();
    for (auto it = targets.rbegin(); it != targets.rend(); ++it) ASSERT_TRUE(SeekLands(c, w, *it)) << "descending";
    // Dense descending: every row and gap.
    for (std::size_t i = w.rows.size(); i-- > 0;) {
      ASSERT_TRUE(SeekLands(c, w, Successor(w.rows[i])));
      ASSERT_TRUE(SeekLands(c, w, w.rows[i]));
      ASSERT_TRUE(SeekLands(c, w, Predecessor(w.rows[i])));
    }
  }
  {
    // Repeated targets, with and without steps between the repeats.
    RowBlockCursor c = Cursor();
    std::shuffle(targets.begin(), targets.end(), rng);
    for (std::size_t k = 0; k < 2000; ++k) {
      const Row& t = targets[k];
      ASSERT_TRUE(SeekLands(c, w, t));
      ASSERT_TRUE(SeekLands(c, w, t)) << "repeat";
      if (c.Valid()) {
        c.Next();
        if (c.Valid()) c.Next();
      }
      ASSERT_TRUE(SeekLands(c, w, t)) << "repeat after steps";
      ASSERT_TRUE(SeekLands(c, w, t)) << "repeat again";
    }
  }
}

TEST_P(RowBlockCursorTest, SeeksAroundBlockBoundaries) {
  const CursorWorld& w = *w_;
  const std::vector<Row> lasts(w.lasts.begin(), w.lasts.end());
  RowBlockCursor c = Cursor();
  for (std::size_t b = 0; b < lasts.size(); ++b) {
    const Row& last = lasts[b];
    const std::size_t last_idx = LowerBoundIndex(w, last);
    ASSERT_TRUE(SeekLands(c, w, last));
    ASSERT_EQ(c.RowsLeftInBlock(), 1u);
    ASSERT_TRUE(SeekLands(c, w, Successor(last)));  // the next block's first row
    ASSERT_TRUE(SeekLands(c, w, last));             // back: the block before
    ASSERT_TRUE(SeekLands(c, w, Predecessor(last)));
    if (last_idx + 1 < w.rows.size()) {
      ASSERT_TRUE(SeekLands(c, w, Predecessor(w.rows[last_idx + 1])));
      ASSERT_TRUE(SeekLands(c, w, w.rows[last_idx + 1]));
    }
  }
  // Stepping into the next block, then seeking to the last row of the block
  // before: the cursor knows rows after it only.
  for (std::size_t b = 0; b + 1 < lasts.size(); ++b) {
    ASSERT_TRUE(SeekLands(c, w, lasts[b]));
    c.Next();
    ASSERT_TRUE(At(c, w, LowerBoundIndex(w, lasts[b]) + 1));
    ASSERT_TRUE(SeekLands(c, w, lasts[b])) << "block " << b;
    c.NextBlock();
    ASSERT_TRUE(SeekLands(c, w, Predecessor(lasts[b]))) << "block " << b;
    c.NextBlock();
    ASSERT_TRUE(SeekLands(c, w, Successor(lasts[b]))) << "block " << b;
  }
}

TEST_P(RowBlockCursorTest, SeeksOutsideTheRows) {
  const CursorWorld& w = *w_;
  RowBlockCursor c = Cursor();
  ASSERT_GT(w.rows.front(), Row{});
  ASSERT_TRUE(SeekLands(c, w, Row{}));
  ASSERT_TRUE(At(c, w, 0));
  ASSERT_TRUE(SeekLands(c, w, Predecessor(w.rows.front())));
  ASSERT_TRUE(SeekLands(c, w, Successor(w.rows.back())));
  EXPECT_FALSE(c.Valid());
  ASSERT_TRUE(SeekLands(c, w, Row{kMax, kMax, kMax, kMax}));
  ASSERT_TRUE(SeekLands(c, w, Successor(w.rows.back())));
  // After the end, a lower target must still be found.
  ASSERT_TRUE(SeekLands(c, w, w.rows.back()));
  EXPECT_EQ(c.RowsLeftInBlock(), 1u);
  ASSERT_TRUE(SeekLands(c, w, Successor(w.rows.back())));
  ASSERT_TRUE(SeekLands(c, w, w.rows[w.rows.size() / 2]));
  ASSERT_TRUE(SeekLands(c, w, Row{}));
  // Running off the end with Next, then seeking.
  c.Seek(w.rows.back());
  c.Next();
  EXPECT_FALSE(c.Valid());
  ASSERT_TRUE(SeekLands(c, w, Row{kMax, 0, 0, 0}));
  ASSERT_TRUE(SeekLands(c, w, w.rows.back()));
  c.NextBlock();
  EXPECT_FALSE(c.Valid());
  ASSERT_TRUE(SeekLands(c, w, w.rows[w.rows.size() - 2]));
}

std::string CursorTestName(const ::testing::TestParamInfo<RowBlockCursorTest::ParamType>& info) {
  static const char* kCache[] = {"NoCache", "LargeCache", "TinyCache"};
  return std::string(std::get<0>(info.param) ? "RandomBlockSizes" : "FullBlocks") +
         kCache[static_cast<int>(std::get<1>(info.param))];
}

INSTANTIATE_TEST_SUITE_P(RowBlockLayouts, RowBlockCursorTest,
                         ::testing::Combine(::testing::Bool(),
                                            ::testing::Values(CacheMode::kNone, CacheMode::kLarge, CacheMode::kTiny)),
                         CursorTestName);

TEST(RowBlockCursor, EmptyColumnFamilyHasNoRows) {
  Db db;
  RowBlockCursor c = NewCursor(db);
  c.SeekToFirst();
  EXPECT_FALSE(c.Valid());
  EXPECT_EQ(c.RowsLeftInBlock(), 0u);
  for (const Row& t : {Row{}, Row{1, 2, 3, 4}, Row{kMax, kMax, kMax, kMax}, Row{}}) {
    c.Seek(t);
    EXPECT_FALSE(c.Valid()) << Str(t);
    EXPECT_EQ(c.RowsLeftInBlock(), 0u);
  }
  RowBlockCursor fresh = NewCursor(db);
  fresh.Seek(Row{5, 5, 5, 5});
  EXPECT_FALSE(fresh.Valid());
}

// The cursor's documented shortcut: a target from where it was last sent
// (or just after the block before the current one) up to the current
// block's last row is answered from the decoded block, and a target at or
// after one that found nothing finds nothing again, without RocksDB seeks.
TEST(RowBlockCursor, SeeksThatTheCursorCanAnswerReadNothing) {
  Db db;
  // Rows (1, 2i, 0, 0): odd slot-1 values are absent. Blocks of 64 rows.
  std::vector<Row> rows;
  for (std::uint64_t i = 0; i < 300; ++i) rows.push_back(Row{1, 2 * i, 0, 0});
  auto R = [&rows](std::size_t i) { return rows[i]; };
  WriteBlocks(db, rows);
  IteratorCalls calls;
  RowBlockCursor c = NewCountingCursor(db, &calls);
  // Seeks `target`, expects `want` (nullopt: the end) and `seeks` RocksDB
  // seeks.
  auto expect = [&](const Row& target, std::optional<Row> want, int seeks, int line) {
    const IteratorCalls before = calls;
    c.Seek(target);
    if (want) {
      EXPECT_TRUE(c.Valid() && c.row() == *want) << "line " << line << ": seek " << Str(target);
    } else {
      EXPECT_FALSE(c.Valid()) << "line " << line << ": seek " << Str(target);
    }
    EXPECT_EQ(calls.seeks - before.seeks, seeks) << "line " << line << ": seek " << Str(target);
    EXPECT_EQ(calls.steps, before.steps) << "line " << line;
  };
  expect(R(10), R(10), 1, __LINE__);
  expect(R(10), R(10), 0, __LINE__);  // repeated
  expect(R(20), R(20), 0, __LINE__);
  expect(Row{1, 41, 0, 0}, R(21), 0, __LINE__);  // absent, in the block
  expect(R(63), R(63), 0, __LINE__);             // the block's last row
  // Below where it was sent, but in the block: a block answers from its
  // first row, whatever target found it.
  expect(R(5), R(5), 0, __LINE__);
  expect(R(0), R(0), 0, __LINE__);
  expect(Row{}, R(0), 1, __LINE__);  // before the first row: not known
  expect(R(40), R(40), 0, __LINE__);
  expect(Successor(R(63)), R(64), 1, __LINE__);  // past the block
  expect(R(64), R(64), 0, __LINE__);
  expect(R(63), R(63), 1, __LINE__);             // back into the block before
  // Stepping: Next within a block and NextBlock read one entry each time a
  // block is left, and seek nothing.
  {
    const IteratorCalls before = calls;
    for (int i = 0; i < 10; ++i) c.Next();
    EXPECT_TRUE(c.Valid() && c.row() == R(73));
    EXPECT_EQ(calls.seeks, before.seeks);
    EXPECT_EQ(calls.steps, before.steps + 1);  // from block 0 into block 1
    c.NextBlock();
    EXPECT_TRUE(c.Valid() && c.row() == R(128));
    EXPECT_EQ(calls.seeks, before.seeks);
    EXPECT_EQ(calls.steps, before.steps + 2);
  }
  // After NextBlock the cursor knows the rows after the block before.
  expect(Successor(R(127)), R(128), 0, __LINE__);
  expect(R(150), R(150), 0, __LINE__);
  expect(R(191), R(191), 0, __LINE__);
  expect(R(127), R(127), 1, __LINE__);  // not after the block before
  // At the end.
  expect(Row{2, 0, 0, 0}, std::nullopt, 1, __LINE__);
  expect(Row{2, 0, 0, 0}, std::nullopt, 0, __LINE__);
  expect(Row{3, 0, 0, 0}, std::nullopt, 0, __LINE__);
  expect(Row{kMax, kMax, kMax, kMax}, std::nullopt, 0, __LINE__);
  expect(R(299), R(299), 1, __LINE__);
  {
    const IteratorCalls before = calls;
    c.NextBlock();
    EXPECT_FALSE(c.Valid());
    EXPECT_EQ(calls.seeks, before.seeks);
  }
  expect(Successor(R(299)), std::nullopt, 0, __LINE__);
  expect(R(299), R(299), 1, __LINE__);  // the end is known only after R(299)
  // SeekToFirst knows the first block from the all-zero row on.
  {
    const IteratorCalls before = calls;
    c.SeekToFirst();
    EXPECT_TRUE(c.Valid() && c.row() == R(0));
    EXPECT_EQ(calls.seeks, before.seeks + 1);
  }
  expect(Row{}, R(0), 0, __LINE__);
  expect(R(3), R(3), 0, __LINE__);
  expect(Successor(R(63)), R(64), 1, __LINE__);

  // Blocks of one row: the shortcut still answers a repeated target.
  Db single;
  WriteBlocks(single, rows, [] { return std::size_t{1}; });
  IteratorCalls calls1;
  RowBlockCursor c1 = NewCountingCursor(single, &calls1);
  c1.Seek(R(7));
  ASSERT_TRUE(c1.Valid());
  EXPECT_EQ(c1.row(), R(7));
  EXPECT_EQ(c1.RowsLeftInBlock(), 1u);
  c1.Seek(R(7));
  ASSERT_TRUE(c1.Valid());
  EXPECT_EQ(c1.row(), R(7));
  c1.Seek(Row{1, 13, 0, 0});  // absent, the row before R(7): needs a seek
  ASSERT_TRUE(c1.Valid());
  EXPECT_EQ(c1.row(), R(7));
  c1.Seek(R(7));
  EXPECT_TRUE(c1.Valid() && c1.row() == R(7));
  EXPECT_EQ(calls1.seeks, 2) << "the repeats of R(7) read nothing";
}

// The greatest row (all slots at the top) has no successor; a cursor that
// stepped past it must still find it again. (A first version noted the end
// as "nothing from the greatest row on", which hid that row itself.)
// A block read for a target inside it answers, from the cache, for every
// row from its first on: a nested-loop join probes a block's rows in any
// order, and each probe below the first one's target used to read and
// decode the block again.
TEST(RowBlockCursor, ACachedBlockAnswersFromItsFirstRow) {
  Db db;
  std::vector<Row> rows;
  for (std::uint64_t i = 0; i < 640; ++i) rows.push_back(Row{1, 2 * i + 2, 0, 0});
  WriteBlocks(db, rows);  // ten blocks of 64 rows
  DecodedBlockCache cache(std::size_t{1} << 20);
  {
    RowBlockCursor first(db.NewIterator(), "test", &cache, 0, db.Sequence());
    for (std::size_t b = 0; b < 10; ++b) first.Seek(rows[64 * b + 50]);  // near each block's end
  }
  IteratorCalls calls;
  RowBlockCursor c(std::make_unique<CountingIterator>(db.NewIterator(), &calls), "test", &cache, 0, db.Sequence());
  for (std::size_t b = 10; b-- > 0;) {
    for (std::size_t i : {49, 17, 0}) {
      c.Seek(rows[64 * b + i]);
      ASSERT_TRUE(c.Valid() && c.row() == rows[64 * b + i]);
    }
  }
  EXPECT_EQ(calls.seeks, 0) << "rows of cached blocks read again from RocksDB";
  // Below the first row of the first block: nothing is known there.
  c.Seek(Row{1, 1, 0, 0});
  EXPECT_TRUE(c.Valid() && c.row() == rows[0]);
  EXPECT_EQ(calls.seeks, 1);
}

TEST(RowBlockCursor, TheGreatestRowStaysFindable) {
  const Row top{kMax, kMax, kMax, kMax};
  for (bool with_cache : {false, true}) {
    SCOPED_TRACE(with_cache ? "with a cache" : "without a cache");
    Db db;
    std::vector<Row> rows;
    for (std::uint64_t i = 0; i < 100; ++i) rows.push_back(Row{kMax, kMax, kMax, kMax - 99 + i});
    ASSERT_EQ(rows.back(), top);
    WriteBlocks(db, rows);  // blocks of 64 and 36 rows
    DecodedBlockCache cache(std::size_t{1} << 20);
    auto cursor = [&] {
      return RowBlockCursor(db.NewIterator(), "test", with_cache ? &cache : nullptr, 0, db.Sequence());
    };
    {
      RowBlockCursor c = cursor();
      std::size_t n = 0;
      for (c.SeekToFirst(); c.Valid(); c.Next()) ++n;
      EXPECT_EQ(n, rows.size());
      c.Seek(top);
      EXPECT_TRUE(c.Valid() && c.row() == top) << "Seek(greatest row) after Next() ran off the end";
    }
    {
      RowBlockCursor c = cursor();
      c.Seek(top);
      ASSERT_TRUE(c.Valid() && c.row() == top) << "Seek(greatest row) on a fresh cursor";
      c.NextBlock();
      EXPECT_FALSE(c.Valid());
      c.Seek(top);
      EXPECT_TRUE(c.Valid() && c.row() == top) << "Seek(greatest row) after NextBlock() past it";
      c.Seek(Successor(rows[rows.size() - 2]));  // == top
      EXPECT_TRUE(c.Valid() && c.row() == top) << "Seek(greatest row) after NextBlock() past it";
    }
    {
      RowBlockCursor c = cursor();
      c.Seek(Predecessor(top));
      ASSERT_TRUE(c.Valid());
      EXPECT_EQ(c.row(), Predecessor(top));
      c.Next();
      ASSERT_TRUE(c.Valid());
      EXPECT_EQ(c.row(), top);
      c.Next();
      EXPECT_FALSE(c.Valid());
      c.Seek(rows[0]);
      EXPECT_TRUE(c.Valid() && c.row() == rows[0]) << "Seek after running off the end";
    }
  }
}

TEST(RowBlockCursor, MovedCursorKeepsItsPosition) {
  Db db;
  std::vector<Row> rows;
  for (std::uint64_t i = 0; i < 300; ++i) rows.push_back(Row{1, i, 0, i});
  WriteBlocks(db, rows);
  RowBlockCursor a = NewCursor(db);
  a.Seek(Row{1, 100, 0, 0});
  ASSERT_TRUE(a.Valid());
  RowBlockCursor b(std::move(a));
  ASSERT_TRUE(b.Valid());
  EXPECT_EQ(b.row(), (Row{1, 100, 0, 100}));
  b.Next();
  ASSERT_TRUE(b.Valid());
  EXPECT_EQ(b.row(), (Row{1, 101, 0, 101}));
  b.Seek(Row{1, 299, 0, 299});
  ASSERT_TRUE(b.Valid());
  b.Next();
  EXPECT_FALSE(b.Valid());
}

// Expects `f` to throw a StorageError of code kCorruption.
void ExpectCorruption(const std::function<void()>& f, const std::string& what) {
  try {
    f();
    ADD_FAILURE() << what << ": no exception";
  } catch (const StorageError& e) {
    EXPECT_EQ(e.code(), StorageError::Code::kCorruption) << what << ": " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": not a StorageError: " << e.what();
  }
}

// Four blocks of 64 rows (2, i / 16, i % 16, 0): blocks 0 and 1 are good,
// block 2's value lacks its final byte (its last row is cut short), block
// 3's rows end one row before its key.
struct MalformedWorld {
  Db db;
  std::vector<Row> rows, lasts;
};
std::unique_ptr<MalformedWorld> MakeMalformedWorld() {
  auto w = std::make_unique<MalformedWorld>();
  for (std::uint64_t i = 0; i < 4 * kBlockRows; ++i) w->rows.push_back(Row{2, i / 16, i % 16, 0});
  w->lasts = WriteBlocks(w->db, w->rows);
  const auto block = [&w](std::size_t b, std::size_t drop) {
    return std::vector<Row>(w->rows.begin() + b * kBlockRows, w->rows.begin() + (b + 1) * kBlockRows - drop);
  };
  const std::string good2 = Encode(block(2, 0));
  w->db.Put(RowBlockKey(w->lasts[2]), good2.substr(0, good2.size() - 1));
  w->db.Put(RowBlockKey(w->lasts[3]), Encode(block(3, 1)));
  return w;
}

TEST(RowBlockCursor, MalformedBlockThrowsStorageErrorWhenItsRowsAreRead) {
  auto w = MakeMalformedWorld();
  const std::vector<Row>& rows = w->rows;
  ASSERT_EQ(w->lasts.size(), 4u);
  {
    // The good blocks still read.
    RowBlockCursor c = NewCursor(w->db);
    c.Seek(rows[kBlockRows + 3]);
    ASSERT_TRUE(c.Valid());
    EXPECT_EQ(c.row(), rows[kBlockRows + 3]);
    c.Seek(w->lasts[1]);
    ASSERT_TRUE(c.Valid());
    EXPECT_EQ(c.row(), w->lasts[1]);
  }
  // Seeks that must read a block's last row.
  ExpectCorruption([&] { NewCursor(w->db).Seek(w->lasts[2]); }, "seek to a truncated block's last row");
  ExpectCorruption([&] { NewCursor(w->db).Seek(w->lasts[3]); }, "seek to the key of a block whose rows end before it");
  ExpectCorruption([&] { NewCursor(w->db).Seek(Predecessor(w->lasts[3])); }, "seek past the rows of a block");
  // A scan runs into the malformed block.
  ExpectCorruption(
      [&] {
        RowBlockCursor c = NewCursor(w->db);
        std::size_t n = 0;
        for (c.SeekToFirst(); c.Valid(); c.Next()) ++n;
      },
      "a full scan");
  ExpectCorruption(
      [&] {
        RowBlockCursor c = NewCursor(w->db);
        for (c.Seek(rows[3 * kBlockRows]); c.Valid(); c.Next()) {
        }
      },
      "a scan of the block whose rows end before its key");

  Db db2;  // a zero count
  db2.Put(RowBlockKey(Row{1, 1, 1, 1}), Varint(0));
  ExpectCorruption([&] { NewCursor(db2).SeekToFirst(); }, "SeekToFirst onto a zero-count block");
  ExpectCorruption([&] { NewCursor(db2).Seek(Row{}); }, "seek onto a zero-count block");
  Db db3;  // a payload wider than 56 bits in the first row
  db3.Put(RowBlockKey(Row{0, 0, 0, 1}), Varint(1) + Head(std::uint64_t{1} << 56, 3, 1) + TagByte(0));
  ExpectCorruption([&] { NewCursor(db3).SeekToFirst(); }, "SeekToFirst onto a payload of 57 bits");
  ExpectCorruption([&] { NewCursor(db3).Seek(Row{0, 0, 0, 1}); }, "seek onto a payload of 57 bits");
  Db db5;  // a repeated row: (0,0,0,5) twice
  db5.Put(RowBlockKey(Row{0, 0, 0, 5}), Varint(2) + Head(5, 3) + Head(0, 3));
  ExpectCorruption(
      [&] {
        RowBlockCursor c = NewCursor(db5);
        for (c.SeekToFirst(); c.Valid(); c.Next()) {
        }
      },
      "a scan of a block with a repeated row");
  Db db4;  // a key of 31 bytes
  db4.Put(RowBlockKey(Row{0, 0, 0, 1}).substr(1), Encode({Row{0, 0, 0, 1}}));
  ExpectCorruption([&] { NewCursor(db4).SeekToFirst(); }, "SeekToFirst onto a key of 31 bytes");
}

// The header: "Errors (RocksDB's, malformed blocks) throw StorageError" -- a
// cursor sent onto a malformed block throws wherever in the block the
// defect is, rather than returning rows of the block.
// (A cursor that decodes blocks lazily, as row_blocks.cc did for a while on
// 2026-11-29, fails this: a Seek to an early row of a block whose defect
// lies later returns rows without an error, and RowsLeftInBlock() reports
// the stored count.)
TEST(RowBlockCursor, SeekOntoAMalformedBlockThrowsWhereverTheDefectIs) {
  auto w = MakeMalformedWorld();
  const std::vector<Row>& rows = w->rows;
  ExpectCorruption([&] { NewCursor(w->db).Seek(rows[2 * kBlockRows + 5]); }, "seek into a truncated block");
  ExpectCorruption([&] { NewCursor(w->db).Seek(Successor(w->lasts[1])); }, "seek just past the good blocks");
  ExpectCorruption([&] { NewCursor(w->db).Seek(rows[3 * kBlockRows]); },
                   "seek to the first row of a block whose rows end before its key");
  ExpectCorruption(
      [&] {
        RowBlockCursor c = NewCursor(w->db);
        c.Seek(w->lasts[1]);
        if (!c.Valid()) throw std::runtime_error("not valid before the malformed block");
        c.Next();
      },
      "Next into a malformed block");
  ExpectCorruption(
      [&] {
        RowBlockCursor c = NewCursor(w->db);
        c.Seek(rows[kBlockRows]);
        c.NextBlock();
      },
      "NextBlock into a malformed block");
  // A count above the rows present (64 rows, count 100).
  Db db2;
  const std::vector<Row> block(rows.begin(), rows.begin() + kBlockRows);
  std::string value = Encode(block);
  ASSERT_EQ(value[0], static_cast<char>(kBlockRows));
  value[0] = 100;
  db2.Put(RowBlockKey(block.back()), value);
  ExpectCorruption(
      [&] {
        RowBlockCursor c = NewCursor(db2);
        c.Seek(block[0]);
        if (c.Valid()) {
          throw std::runtime_error("valid at " + Str(c.row()) + " with RowsLeftInBlock() " +
                                   std::to_string(c.RowsLeftInBlock()));
        }
      },
      "seek onto a block whose count is above its rows");
}

// A cursor that threw on a malformed block stays usable: it knows nothing
// afterwards, so the next seek reads afresh and lands right. (A first
// version set what it knew before decoding, and its next Seek read the
// previous block's freed rows: AddressSanitizer in `make test-asan`.)
TEST(RowBlockCursor, ACursorThatThrewSeeksAfresh) {
  auto w = MakeMalformedWorld();
  const std::vector<Row>& rows = w->rows;
  RowBlockCursor c = NewCursor(w->db);
  c.Seek(rows[3]);
  ASSERT_TRUE(c.Valid());
  EXPECT_THROW(c.Seek(rows[2 * kBlockRows + 5]), StorageError);
  EXPECT_FALSE(c.Valid());
  c.Seek(rows[5]);
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.row(), rows[5]);
  c.Seek(rows[kBlockRows + 1]);
  ASSERT_TRUE(c.Valid());
  EXPECT_EQ(c.row(), rows[kBlockRows + 1]);
}

// ---- DecodedBlockCache

DecodedBlockCache::Rows Block(std::vector<Row> rows) {
  return std::make_shared<const std::vector<Row>>(std::move(rows));
}

TEST(RowBlockCache, FindsABlockForTheTargetsItCovers) {
  DecodedBlockCache cache(std::size_t{1} << 20);
  DecodedBlockCache::Rows rows;
  Row from{};
  EXPECT_FALSE(cache.Find(0, 5, Row{}, &rows, &from)) << "empty";
  const auto b = Block({Row{1, 0, 0, 5}, Row{1, 0, 0, 9}, Row{1, 2, 0, 0}});
  const Row covered{1, 0, 0, 3};
  cache.Add(0, 5, covered, b);
  for (const Row& t : {covered, Row{1, 0, 0, 4}, Row{1, 0, 0, 5}, Row{1, 0, 0, 6}, Row{1, 1, kMax, kMax},
                       Row{1, 2, 0, 0}}) {
    rows.reset();
    from = Row{9, 9, 9, 9};
    ASSERT_TRUE(cache.Find(0, 5, t, &rows, &from)) << Str(t);
    EXPECT_EQ(rows, b) << Str(t);
    EXPECT_EQ(from, covered) << Str(t);
  }
  EXPECT_FALSE(cache.Find(0, 5, Row{1, 0, 0, 2}, &rows, &from)) << "below the covered range";
  EXPECT_FALSE(cache.Find(0, 5, Row{}, &rows, &from)) << "below the covered range";
  EXPECT_FALSE(cache.Find(0, 5, Row{1, 2, 0, 1}, &rows, &from)) << "above the last row";
  EXPECT_FALSE(cache.Find(0, 4, covered, &rows, &from)) << "an older sequence";
  EXPECT_FALSE(cache.Find(0, 6, covered, &rows, &from)) << "a newer sequence";
  EXPECT_FALSE(cache.Find(1, 5, covered, &rows, &from)) << "another permutation";
  EXPECT_FALSE(cache.Find(kNumPermutations - 1, 5, covered, &rows, &from)) << "another permutation";
  // A second block right after the first: each target finds its block.
  const auto b2 = Block({Row{2, 0, 0, 0}, Row{3, 0, 0, 0}});
  cache.Add(0, 5, Row{1, 2, 0, 1}, b2);
  ASSERT_TRUE(cache.Find(0, 5, Row{1, 5, 0, 0}, &rows, &from));
  EXPECT_EQ(rows, b2);
  EXPECT_EQ(from, (Row{1, 2, 0, 1}));
  ASSERT_TRUE(cache.Find(0, 5, Row{1, 0, 0, 7}, &rows, &from));
  EXPECT_EQ(rows, b);
  ASSERT_TRUE(cache.Find(0, 5, Row{3, 0, 0, 0}, &rows, &from));
  EXPECT_EQ(rows, b2);
  EXPECT_FALSE(cache.Find(0, 5, Row{3, 0, 0, 1}, &rows, &from));
  // The same block again, known from further back: still found, from a row
  // at or before the target.
  cache.Add(0, 5, Row{1, 0, 0, 0}, b);
  ASSERT_TRUE(cache.Find(0, 5, Row{1, 0, 0, 4}, &rows, &from));
  EXPECT_EQ(rows, b);
  EXPECT_LE(from, (Row{1, 0, 0, 4}));
  // Nothing to keep: no effect.
  cache.Add(0, 5, Row{}, nullptr);
  cache.Add(0, 5, Row{}, Block({}));
  EXPECT_FALSE(cache.Find(0, 5, Row{3, 0, 0, 1}, &rows, &from));
}

TEST(RowBlockCache, EntriesAnswerOnlyAtTheirSequence) {
  DecodedBlockCache cache(std::size_t{1} << 20);
  DecodedBlockCache::Rows rows;
  Row from{};
  const auto old_block = Block({Row{1, 1, 1, 1}, Row{1, 1, 1, 5}});
  const auto new_block = Block({Row{1, 1, 1, 1}, Row{1, 1, 1, 3}, Row{1, 1, 1, 5}});
  cache.Add(3, 10, Row{}, old_block);
  ASSERT_TRUE(cache.Find(3, 10, Row{1, 1, 1, 2}, &rows, &from));
  // A write: the block read at the newer sequence replaces what was known.
  cache.Add(3, 11, Row{}, new_block);
  EXPECT_FALSE(cache.Find(3, 10, Row{1, 1, 1, 2}, &rows, &from)) << "the old state is gone";
  ASSERT_TRUE(cache.Find(3, 11, Row{1, 1, 1, 2}, &rows, &from));
  EXPECT_EQ(rows, new_block);
  // A reader still at the older state adds its block: ignored.
  cache.Add(3, 10, Row{}, old_block);
  EXPECT_FALSE(cache.Find(3, 10, Row{1, 1, 1, 2}, &rows, &from));
  ASSERT_TRUE(cache.Find(3, 11, Row{1, 1, 1, 2}, &rows, &from));
  EXPECT_EQ(rows, new_block) << "an older block must not replace a newer one";
  // An entry of the old state covering rows the new one does not.
  cache.Add(3, 10, Row{1, 1, 1, 6}, Block({Row{1, 1, 1, 7}}));
  EXPECT_FALSE(cache.Find(3, 11, Row{1, 1, 1, 7}, &rows, &from)) << "an old-state block served at the new state";
  EXPECT_FALSE(cache.Find(3, 10, Row{1, 1, 1, 7}, &rows, &from));
}

TEST(RowBlockCache, CapacityBoundsWhatItKeeps) {
  std::vector<DecodedBlockCache::Rows> blocks;
  for (std::uint64_t b = 0; b < 12; ++b) {
    std::vector<Row> rows;
    for (std::uint64_t i = 0; i < kBlockRows; ++i) rows.push_back(Row{b, i, 0, 0});
    blocks.push_back(Block(rows));
  }
  DecodedBlockCache::Rows rows;
  Row from{};
  {
    DecodedBlockCache none(0);
    none.Add(0, 1, Row{}, blocks[0]);
    EXPECT_FALSE(none.Find(0, 1, Row{}, &rows, &from)) << "a cache of no bytes keeps nothing";
  }
  // Room for about three blocks of 64 rows, for all permutations together.
  const std::size_t capacity = 3 * (kBlockRows * sizeof(Row) + 200);
  DecodedBlockCache cache(capacity);
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    cache.Add(1, 1, Row{b, 0, 0, 0}, blocks[b]);
    ASSERT_TRUE(cache.Find(1, 1, Row{b, 3, 0, 0}, &rows, &from)) << "block " << b << " just added";
    EXPECT_EQ(rows, blocks[b]);
  }
  int kept = 0;
  for (std::size_t b = 0; b < blocks.size(); ++b) kept += cache.Find(1, 1, Row{b, 3, 0, 0}, &rows, &from);
  EXPECT_GE(kept, 1);
  EXPECT_LE(kept, 4) << "the cache keeps more blocks than its capacity holds";
  EXPECT_LE(cache.bytes(), capacity);
  // Blocks of other permutations count against the same capacity.
  for (int perm = 0; perm < kNumPermutations; ++perm) {
    for (std::size_t b = 0; b < 4; ++b) cache.Add(perm, 1, Row{b, 0, 0, 0}, blocks[b]);
  }
  kept = 0;
  for (int perm = 0; perm < kNumPermutations; ++perm) {
    for (std::size_t b = 0; b < 4; ++b) kept += cache.Find(perm, 1, Row{b, 3, 0, 0}, &rows, &from);
  }
  EXPECT_GE(kept, 1);
  EXPECT_LE(kept, 4) << "each permutation has a capacity of its own";
  EXPECT_LE(cache.bytes(), capacity);
}

// One permutation may take the whole capacity while the others are idle:
// a join probing one index all over must not decode every block again on
// every run because the other five permutations have a share reserved.
TEST(RowBlockCache, OnePermutationMayUseTheWholeCapacity) {
  DecodedBlockCache cache(12 * (kBlockRows * sizeof(Row) + 200));
  DecodedBlockCache::Rows rows;
  Row from{};
  for (std::uint64_t b = 0; b < 10; ++b) {
    std::vector<Row> block;
    for (std::uint64_t i = 0; i < kBlockRows; ++i) block.push_back(Row{b, i, 0, 0});
    cache.Add(3, 1, Row{b, 0, 0, 0}, Block(block));
  }
  for (std::uint64_t b = 0; b < 10; ++b) {
    EXPECT_TRUE(cache.Find(3, 1, Row{b, 7, 0, 0}, &rows, &from)) << "block " << b;
  }
}

// When full, the cache drops the blocks nobody found since it last made
// room, not everything: blocks a repeated query keeps finding survive a long
// scan passing through (which adds many blocks, each found at most once).
TEST(RowBlockCache, BlocksFoundAgainSurviveAScanPassingThrough) {
  auto block_at = [](std::uint64_t b) {
    std::vector<Row> rows;
    for (std::uint64_t i = 0; i < kBlockRows; ++i) rows.push_back(Row{b, i, 0, 0});
    return Block(rows);
  };
  // Room for about eight blocks of 64 rows.
  DecodedBlockCache cache(8 * (kBlockRows * sizeof(Row) + 200));
  DecodedBlockCache::Rows rows;
  Row from{};
  const std::vector<std::uint64_t> hot = {100, 200, 300};
  for (std::uint64_t b : hot) cache.Add(2, 1, Row{b, 0, 0, 0}, block_at(b));
  for (std::uint64_t b = 0; b < 60; ++b) {
    cache.Add(2, 1, Row{1000 + b, 0, 0, 0}, block_at(1000 + b));  // the scan
    if (b % 2 == 1) {
      for (std::uint64_t h : hot) {
        ASSERT_TRUE(cache.Find(2, 1, Row{h, 5, 0, 0}, &rows, &from)) << "hot block " << h << " lost at " << b;
      }
    }
  }
  int scan_kept = 0;
  for (std::uint64_t b = 0; b < 60; ++b) scan_kept += cache.Find(2, 1, Row{1000 + b, 5, 0, 0}, &rows, &from);
  EXPECT_LE(scan_kept, 8) << "the cache keeps more blocks than its capacity holds";
}

TEST(RowBlockCache, ConcurrentFindsAndAdds) {
  // Disjoint blocks of 16 rows; covered from just after the block before.
  std::vector<DecodedBlockCache::Rows> blocks;
  std::vector<Row> covered;
  for (std::uint64_t b = 0; b < 200; ++b) {
    std::vector<Row> rows;
    for (std::uint64_t i = 0; i < 16; ++i) rows.push_back(Row{b, 2 * i + 1, 0, 0});
    covered.push_back(b == 0 ? Row{} : Row{b - 1, 32, 0, 0});
    blocks.push_back(Block(rows));
  }
  DecodedBlockCache cache(100 * (16 * sizeof(Row) + 200));  // about 100 blocks
  std::atomic<int> wrong{0}, hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(1000 + t);
      DecodedBlockCache::Rows rows;
      Row from{};
      for (int k = 0; k < 20000; ++k) {
        const std::size_t b = rng() % blocks.size();
        if (rng() % 2) {
          cache.Add(t % 2, 42, covered[b], blocks[b]);
        } else {
          const Row target{b, rng() % 34, 0, 0};
          if (cache.Find(t % 2, 42, target, &rows, &from)) {
            ++hits;
            // The answer must be the block holding the first row >= target.
            const std::size_t want = target[1] > 31 ? b + 1 : b;
            if (want >= blocks.size() || rows != blocks[want] || target < from) ++wrong;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(hits.load(), 0);
}

// ---- RowBlockWriter

struct Op {
  std::string key;
  std::optional<std::string> value;  // none: delete
};

// Applies `change` (row -> true: Insert, false: Remove) to the store through a
// RowBlockWriter and checks everything against `model`, which it updates.
// Returns the operations emitted.
std::vector<Op> RunRound(Db& db, std::set<Row>& model, const std::map<Row, bool>& change, bool null_base,
                         const std::string& label) {
  SCOPED_TRACE(label);
  const BlockScan before = ScanBlocks(db);
  EXPECT_EQ(before.error, "") << "before the round";
  if (null_base) {
    EXPECT_TRUE(before.lasts.empty()) << "a null base needs an empty store";
  }
  std::vector<Op> ops;
  std::set<Row> effective;  // rows whose Insert / Remove changes the model
  {
    RowBlockWriter writer(null_base ? nullptr : db.NewIterator(), "test",
                          [&ops](const std::string& key, const std::string* value) {
                            ops.push_back(Op{key, value ? std::optional<std::string>(*value) : std::nullopt});
                          });
    int wrong = 0;
    for (const auto& [row, insert] : change) {
      const bool present = model.count(row) > 0;
      const bool want = insert ? !present : present;
      const bool got = insert ? writer.Insert(row) : writer.Remove(row);
      if (got != want && ++wrong <= 5) {
        ADD_FAILURE() << (insert ? "Insert(" : "Remove(") << Str(row) << ") returned " << got << ", want " << want;
      }
      if (want) effective.insert(row);
      if (insert) {
        model.insert(row);
      } else {
        model.erase(row);
      }
    }
    EXPECT_EQ(wrong, 0) << "wrong Insert / Remove results";
    writer.Finish();
  }

  // (a) Strictly ascending keys of 32 bytes; puts decode under their key;
  // deletes name stored blocks.
  std::set<std::string> old_keys;
  for (const Row& last : before.lasts) old_keys.insert(RowBlockKey(last));
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Op& op = ops[i];
    EXPECT_EQ(op.key.size(), 32u) << "op " << i;
    if (i > 0) {
      EXPECT_LT(ops[i - 1].key, op.key) << "op " << i << " does not ascend";
    }
    if (op.value) {
      std::vector<Row> block;
      EXPECT_TRUE(DecodeRowBlock(op.key, *op.value, &block)) << "op " << i << " put of key " << Hex(op.key);
      EXPECT_GE(block.size(), 1u);
      EXPECT_LE(block.size(), kMaxBlockRows) << "op " << i;
    } else {
      EXPECT_TRUE(old_keys.count(op.key)) << "op " << i << " deletes a key not stored: " << Hex(op.key);
    }
  }
  // Blocks the writer must rewrite: those with an effective change, and
  // those that a rewritten block before them, left with fewer than
  // kMinBlockRows rows, is carried into (the count carried is the model's
  // rows in the blocks' ranges since the last block written).
  std::vector<bool> touched(before.lasts.size(), false);
  {
    std::size_t carried = 0;
    for (std::size_t b = 0; b < before.lasts.size(); ++b) {
      const bool is_last = b + 1 == before.lasts.size();
      auto first_in = b == 0 ? effective.begin() : effective.upper_bound(before.lasts[b - 1]);
      const bool changed = first_in != effective.end() && (is_last || !(before.lasts[b] < *first_in));
      touched[b] = changed || carried > 0;
      auto from = b == 0 ? model.begin() : model.upper_bound(before.lasts[b - 1]);
      auto to = is_last ? model.end() : model.upper_bound(before.lasts[b]);
      const std::size_t rows = carried + static_cast<std::size_t>(std::distance(from, to));
      carried = touched[b] && rows > 0 && rows < kMinBlockRows && !is_last ? rows : 0;
    }
  }
  // Blocks not touched are left alone: no op touches their key, and every
  // op lies in the range of a touched block.
  for (std::size_t b = 0; b < before.lasts.size(); ++b) {
    if (touched[b]) continue;
    const std::string key = RowBlockKey(before.lasts[b]);
    for (const Op& op : ops) {
      EXPECT_NE(op.key, key) << "block " << b << " (last row " << Str(before.lasts[b])
                             << ") has no effective change but is " << (op.value ? "put" : "deleted");
    }
  }

  if (!before.lasts.empty()) {
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const Row k{GetBigEndian64(ops[i].key.data()), GetBigEndian64(ops[i].key.data() + 8),
                  GetBigEndian64(ops[i].key.data() + 16), GetBigEndian64(ops[i].key.data() + 24)};
      const std::size_t b = std::min<std::size_t>(
          static_cast<std::size_t>(std::lower_bound(before.lasts.begin(), before.lasts.end(), k) -
                                   before.lasts.begin()),
          before.lasts.size() - 1);
      EXPECT_TRUE(touched[b]) << "op " << i << " (key " << Str(k) << ") is in the range of block " << b
                              << ", which has no effective change and nothing carried into it";
    }
  }

  // (c) Applied, the store holds exactly the model.
  rocksdb::WriteBatch batch;
  for (const Op& op : ops) {
    if (op.value) {
      batch.Put(op.key, *op.value);
    } else {
      batch.Delete(op.key);
    }
  }
  db.Write(&batch);
  const BlockScan after = ScanBlocks(db);
  EXPECT_EQ(after.error, "") << "after the round";
  EXPECT_EQ(Diff(after.rows, std::vector<Row>(model.begin(), model.end())), "") << "after the round";
  // No block written, but the last, has fewer than kMinBlockRows rows.
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (!ops[i].value || after.lasts.empty() || ops[i].key == RowBlockKey(after.lasts.back())) continue;
    std::vector<Row> block;
    if (DecodeRowBlock(ops[i].key, *ops[i].value, &block)) {
      EXPECT_GE(block.size(), kMinBlockRows) << "op " << i << " writes a small block " << Hex(ops[i].key);
    }
  }
  return ops;
}

// Rows for the writer tests: slot 3 is spread (n << 16), so that dense runs
// of new rows fit between neighbouring rows.
Row WriterRow(std::mt19937_64& rng) {
  return Row{PickId(rng, 6), PickId(rng, 8), PickId(rng, 10), PickId(rng, 40, 16)};
}

enum class ChangeKind { kMixed, kDenseInBlock, kBeyondTheEnd, kRemoveAll, kRemoveMost, kNoEffect, kCount };

const char* KindName(ChangeKind k) {
  static const char* kNames[] = {"mixed", "dense run", "beyond the end", "remove all", "remove most", "no effect"};
  return kNames[static_cast<int>(k)];
}

const Row& RandomPresent(std::mt19937_64& rng, const std::set<Row>& model) {
  auto it = model.begin();
  std::advance(it, static_cast<std::ptrdiff_t>(rng() % model.size()));
  return *it;
}

std::map<Row, bool> MakeChange(std::mt19937_64& rng, const std::set<Row>& model, ChangeKind kind) {
  std::map<Row, bool> change;
  auto add = [&change](const Row& r, bool insert) { change.emplace(r, insert); };
  switch (kind) {
    case ChangeKind::kMixed: {
      const int n = 1 + static_cast<int>(rng() % 600);
      for (int i = 0; i < n; ++i) {
        if (!model.empty() && rng() % 2) {
          add(RandomPresent(rng, model), rng() % 2);  // re-insert or remove
        } else {
          add(WriterRow(rng), rng() % 3 != 0);  // mostly new rows, some absent removes
        }
      }
      break;
    }
    case ChangeKind::kDenseInBlock: {
      if (model.size() < 2) return MakeChange(rng, model, ChangeKind::kBeyondTheEnd);
      // Hundreds or thousands of rows right after a present row: from a row
      // of the spread grid, they fall before the next row, inside one
      // block's range (or in the gap before a block); from a row of an
      // earlier run, they mix new rows with present ones.
      const int runs = 1 + static_cast<int>(rng() % 2);
      for (int run = 0; run < runs; ++run) {
        const Row r = RandomPresent(rng, model);
        const std::uint64_t count = 100 + rng() % 3000;
        for (std::uint64_t j = 1; j <= count; ++j) add(Row{r[0], r[1], r[2], r[3] + j}, true);
      }
      // And a little else: removes of present rows, absent removes.
      for (int i = static_cast<int>(rng() % 20); i > 0; --i) add(RandomPresent(rng, model), false);
      for (int i = static_cast<int>(rng() % 20); i > 0; --i) add(WriterRow(rng), false);
      break;
    }
    case ChangeKind::kBeyondTheEnd: {
      const Row top = model.empty() ? Row{3, 0, 0, 0} : *model.rbegin();
      const std::uint64_t count = 1 + rng() % (rng() % 2 ? 50 : 3000);
      if (rng() % 2) {
        for (std::uint64_t j = 1; j <= count; ++j) add(Row{top[0], top[1], top[2], top[3] + j}, true);
      } else {
        for (std::uint64_t j = 0; j < count; ++j) add(Row{top[0] + 1, j / 40, (j % 40) << 3, 0}, true);
      }
      if (!model.empty() && rng() % 2) {
        // Also touch the last rows: remove some, re-insert others.
        auto it = model.rbegin();
        for (int i = 0; i < 5 && it != model.rend(); ++i, ++it) add(*it, rng() % 2);
      }
      break;
    }
    case ChangeKind::kRemoveAll:
      for (const Row& r : model) add(r, false);
      for (int i = static_cast<int>(rng() % 50); i > 0; --i) add(WriterRow(rng), false);
      break;
    case ChangeKind::kRemoveMost:
      for (const Row& r : model) {
        if (rng() % 10 != 0) add(r, false);
      }
      for (int i = static_cast<int>(rng() % 200); i > 0; --i) add(WriterRow(rng), true);
      break;
    case ChangeKind::kNoEffect:
      for (const Row& r : model) {
        if (rng() % 3 == 0) add(r, true);
      }
      for (int i = static_cast<int>(rng() % 500); i > 0; --i) {
        const Row r = WriterRow(rng);
        if (!model.count(r)) add(r, false);
      }
      break;
    case ChangeKind::kCount:
      break;
  }
  return change;
}

std::set<Row> RandomModel(std::mt19937_64& rng, std::size_t n) {
  std::set<Row> model;
  while (model.size() < n) model.insert(WriterRow(rng));
  return model;
}

// Runs `rounds` rounds: first one of every kind (in a seeded order), then
// random kinds.
void RunRounds(std::uint64_t seed, Db& db, std::set<Row>& model, int rounds, bool null_base_when_empty,
               std::size_t* total_ops) {
  std::mt19937_64 rng(seed);
  // Weights of the kinds after the first of each: mostly growth and mixed
  // changes, so that the store is seldom empty. Drawn with integers only:
  // std::discrete_distribution draws through floating point, and its draws
  // differed between the optimised and the sanitizer build, so a seed did
  // not give the same rounds in both.
  const int weights[] = {6, 4, 4, 1, 2, 2};
  auto pick = [&weights](std::mt19937_64& r) {
    int x = static_cast<int>(r() % 19);
    int k = 0;
    while (x >= weights[k]) x -= weights[k++];
    return k;
  };
  std::vector<ChangeKind> kinds;
  for (int k = 0; k < static_cast<int>(ChangeKind::kCount); ++k) kinds.push_back(static_cast<ChangeKind>(k));
  std::shuffle(kinds.begin(), kinds.end(), rng);
  while (static_cast<int>(kinds.size()) < rounds) {
    kinds.push_back(static_cast<ChangeKind>(pick(rng)));
  }
  for (int round = 0; round < rounds; ++round) {
    const ChangeKind kind = kinds[round];
    const std::map<Row, bool> change = MakeChange(rng, model, kind);
    const bool null_base = null_base_when_empty && model.empty() && rng() % 2;
    const std::string label = "seed " + std::to_string(seed) + " round " + std::to_string(round) + " (" +
                              KindName(kind) + ", " + std::to_string(change.size()) + " rows, " +
                              std::to_string(model.size()) + " before" + (null_base ? ", null base" : "") + ")";
    const std::vector<Op> ops = RunRound(db, model, change, null_base, label);
    *total_ops += ops.size();
    if (kind == ChangeKind::kNoEffect) {
      EXPECT_TRUE(ops.empty()) << label << ": " << ops.size() << " ops";
    }
    if (::testing::Test::HasFailure()) return;  // one failing round is enough to read
  }
}

TEST(RowBlockWriter, ModelRoundsFromAnEmptyStore) {
  for (std::uint64_t seed : {101, 102, 103}) {
    Db db;
    std::set<Row> model;
    std::size_t ops = 0;
    RunRounds(seed, db, model, 30, /*null_base_when_empty=*/true, &ops);
    if (HasFailure()) return;
    EXPECT_GT(ops, 200u) << "seed " << seed << ": the rounds hardly changed anything";
  }
}

TEST(RowBlockWriter, ModelRoundsFromAStoreWrittenAsBlocks) {
  for (std::uint64_t seed : {201, 202, 203, 204}) {
    Db db;
    std::mt19937_64 rng(seed * 7);
    std::set<Row> model = RandomModel(rng, 2000 + rng() % 3000);
    const std::vector<Row> rows(model.begin(), model.end());
    if (seed % 2) {
      WriteBlocks(db, rows);
    } else {
      WriteBlocks(db, rows, [&rng] { return 1 + rng() % kMaxBlockRows; });
    }
    ASSERT_EQ(ScanBlocks(db).error, "");
    std::size_t ops = 0;
    RunRounds(seed, db, model, 30, /*null_base_when_empty=*/true, &ops);
    if (HasFailure()) return;
    EXPECT_GT(ops, 200u) << "seed " << seed << ": the rounds hardly changed anything";
  }
}

TEST(RowBlockWriter, RoundWithoutEffectiveChangeEmitsNothing) {
  Db db;
  std::mt19937_64 rng(301);
  std::set<Row> model = RandomModel(rng, 3000);
  WriteBlocks(db, std::vector<Row>(model.begin(), model.end()));
  // Every present row re-inserted, and absent rows removed everywhere:
  // below the first row, in gaps, beyond the last.
  std::map<Row, bool> change;
  for (const Row& r : model) change.emplace(r, true);
  for (const Row& r : model) {
    if (!model.count(Successor(r))) change.emplace(Successor(r), false);
  }
  change.emplace(Row{kMax, kMax, kMax, kMax}, false);
  ASSERT_NE(*model.begin(), Row{});
  change.emplace(Predecessor(*model.begin()), false);
  const std::set<Row> before = model;
  const std::vector<Op> ops = RunRound(db, model, change, false, "re-insert all, remove absent");
  EXPECT_TRUE(ops.empty()) << ops.size() << " ops, first key " << (ops.empty() ? "" : Hex(ops[0].key));
  EXPECT_EQ(model, before);
  // Removes on a known-empty permutation, and on an empty store through an
  // iterator.
  Db empty;
  std::set<Row> none;
  std::map<Row, bool> removes;
  for (int i = 0; i < 300; ++i) removes.emplace(WriterRow(rng), false);
  EXPECT_TRUE(RunRound(empty, none, removes, true, "removes, null base").empty());
  EXPECT_TRUE(RunRound(empty, none, removes, false, "removes, empty store").empty());
  // A single absent remove and a single present re-insert.
  EXPECT_TRUE(RunRound(db, model, {{*model.begin(), true}}, false, "one re-insert").empty());
  EXPECT_TRUE(RunRound(db, model, {{Successor(*model.rbegin()), false}}, false, "one absent remove").empty());
}

// Rows (1, 1, i, 0) for i in [from, to).
std::vector<Row> RunOfRows(std::uint64_t from, std::uint64_t to, std::uint64_t step = 1) {
  std::vector<Row> rows;
  for (std::uint64_t i = from; i < to; i += step) rows.push_back(Row{1, 1, i, 0});
  return rows;
}

TEST(RowBlockWriter, BlockGrowsToMaxRowsThenSplits) {
  // One block of 64 rows (even slot 2 values); 64 new odd rows inside it
  // fill it to kMaxBlockRows, which stays one block; 65 split it.
  for (std::size_t added : {kBlockRows, kBlockRows + 1}) {
    Db db;
    std::vector<Row> rows = RunOfRows(0, 2 * kBlockRows, 2);
    std::set<Row> model(rows.begin(), rows.end());
    WriteBlocks(db, rows);
    std::map<Row, bool> change;
    for (std::size_t i = 0; i < added; ++i) change.emplace(Row{1, 1, 2 * i + 1, 0}, true);
    RunRound(db, model, change, false, "adding " + std::to_string(added));
    const BlockScan scan = ScanBlocks(db);
    ASSERT_EQ(scan.rows.size(), kBlockRows + added);
    if (added == kBlockRows) {
      EXPECT_EQ(scan.sizes.size(), 1u) << "a block of kMaxBlockRows rows is not split";
    } else {
      EXPECT_GT(scan.sizes.size(), 1u) << "a block above kMaxBlockRows rows is split";
    }
  }
}

TEST(RowBlockWriter, RowsBeyondTheLastBlockJoinIt) {
  Db db;
  const std::vector<Row> rows = RunOfRows(0, 3 * kBlockRows);
  std::set<Row> model(rows.begin(), rows.end());
  const std::vector<Row> lasts = WriteBlocks(db, rows);
  std::map<Row, bool> change;
  for (std::uint64_t i = 0; i < 5; ++i) change.emplace(Row{2, i, 0, 0}, true);
  const std::vector<Op> ops = RunRound(db, model, change, false, "five beyond the end");
  const BlockScan scan = ScanBlocks(db);
  ASSERT_EQ(scan.lasts.size(), 3u);
  EXPECT_EQ(scan.lasts[0], lasts[0]);
  EXPECT_EQ(scan.lasts[1], lasts[1]);
  EXPECT_EQ(scan.lasts[2], (Row{2, 4, 0, 0}));
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].key, RowBlockKey(lasts[2]));
  EXPECT_FALSE(ops[0].value.has_value()) << "the old last block's key goes";
  EXPECT_EQ(ops[1].key, RowBlockKey(Row{2, 4, 0, 0}));
  EXPECT_TRUE(ops[1].value.has_value());
}

TEST(RowBlockWriter, EmptiedBlockIsDeletedAndNeighboursLeftAlone) {
  Db db;
  const std::vector<Row> rows = RunOfRows(0, 3 * kBlockRows);
  std::set<Row> model(rows.begin(), rows.end());
  const std::vector<Row> lasts = WriteBlocks(db, rows);
  std::map<Row, bool> change;
  for (std::size_t i = kBlockRows; i < 2 * kBlockRows; ++i) change.emplace(rows[i], false);
  const std::vector<Op> ops = RunRound(db, model, change, false, "empty the middle block");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].key, RowBlockKey(lasts[1]));
  EXPECT_FALSE(ops[0].value.has_value());
  EXPECT_EQ(ScanBlocks(db).lasts, (std::vector<Row>{lasts[0], lasts[2]}));
}

// Deletes that leave a block with a few rows merge them into the block
// after it, chain-wise across several such blocks; the last block may stay
// small.
TEST(RowBlockWriter, BlocksLeftSmallByDeletesJoinTheNextBlock) {
  Db db;
  const std::vector<Row> rows = RunOfRows(0, 6 * kBlockRows);
  std::set<Row> model(rows.begin(), rows.end());
  const std::vector<Row> lasts = WriteBlocks(db, rows);
  ASSERT_EQ(lasts.size(), 6u);
  std::map<Row, bool> change;
  // Blocks 1, 2 and 3 keep 4 rows each; block 5 (the last) keeps 2.
  for (std::size_t b : {1, 2, 3}) {
    for (std::size_t i = b * kBlockRows + 4; i < (b + 1) * kBlockRows; ++i) change.emplace(rows[i], false);
  }
  for (std::size_t i = 5 * kBlockRows + 2; i < 6 * kBlockRows; ++i) change.emplace(rows[i], false);
  RunRound(db, model, change, false, "leave blocks small");
  const BlockScan after = ScanBlocks(db);
  ASSERT_EQ(after.error, "");
  // Block 0 untouched; blocks 1-3 carried into block 4 (12 + 64 rows);
  // block 5 stays, small, as the last.
  EXPECT_EQ(after.sizes, (std::vector<std::size_t>{kBlockRows, 3 * 4 + kBlockRows, 2}));
  EXPECT_EQ(after.lasts.front(), lasts[0]);
}

// Rows carried into the last block, whose own rows all go, are written
// under a key below that of the block they came from: the deletes of both
// old keys must still come in key order, after the put (an SST file
// refuses anything else). A first version deleted the old key when it
// carried the rows, before the lower put (found by the ASan run of the
// randomized rounds).
TEST(RowBlockWriter, RowsCarriedIntoAnEmptiedLastBlockKeepKeysAscending) {
  Db db;
  const std::vector<Row> rows = RunOfRows(0, 2 * kBlockRows);
  std::set<Row> model(rows.begin(), rows.end());
  const std::vector<Row> lasts = WriteBlocks(db, rows);
  ASSERT_EQ(lasts.size(), 2u);
  std::map<Row, bool> change;
  for (std::size_t i = 4; i < 2 * kBlockRows; ++i) change.emplace(rows[i], false);
  const std::vector<Op> ops = RunRound(db, model, change, false, "carry into an emptied last block");
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].key, RowBlockKey(rows[3]));
  EXPECT_TRUE(ops[0].value.has_value());
  EXPECT_EQ(ops[1].key, RowBlockKey(lasts[0]));
  EXPECT_FALSE(ops[1].value.has_value());
  EXPECT_EQ(ops[2].key, RowBlockKey(lasts[1]));
  EXPECT_FALSE(ops[2].value.has_value());
  EXPECT_EQ(ScanBlocks(db).sizes, std::vector<std::size_t>{4});
}

TEST(RowBlockWriter, RemovingABlocksLastRowMovesItsKey) {
  Db db;
  const std::vector<Row> rows = RunOfRows(0, 3 * kBlockRows);
  std::set<Row> model(rows.begin(), rows.end());
  const std::vector<Row> lasts = WriteBlocks(db, rows);
  const std::vector<Op> ops = RunRound(db, model, {{lasts[0], false}}, false, "remove the first block's last row");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].key, RowBlockKey(rows[kBlockRows - 2]));
  EXPECT_TRUE(ops[0].value.has_value());
  EXPECT_EQ(ops[1].key, RowBlockKey(lasts[0]));
  EXPECT_FALSE(ops[1].value.has_value());
}

TEST(RowBlockWriter, LongRunsIntoAnEmptyStore) {
  for (bool null_base : {true, false}) {
    Db db;
    std::set<Row> model;
    std::map<Row, bool> change;
    for (const Row& r : RunOfRows(0, 10000)) change.emplace(r, true);
    RunRound(db, model, change, null_base, null_base ? "10000 rows, null base" : "10000 rows");
    const BlockScan scan = ScanBlocks(db);
    EXPECT_EQ(scan.rows.size(), 10000u);
    EXPECT_GE(scan.sizes.size(), 10000 / kMaxBlockRows);
  }
}

TEST(RowBlockWriter, MalformedBaseBlockThrowsStorageError) {
  Db db;
  const std::vector<Row> rows = RunOfRows(0, 2 * kBlockRows);
  const std::vector<Row> lasts = WriteBlocks(db, rows);
  db.Put(RowBlockKey(lasts[1]), Varint(0));
  ExpectCorruption(
      [&] {
        RowBlockWriter writer(db.NewIterator(), "test", [](const std::string&, const std::string*) {});
        writer.Insert(Row{1, 1, kBlockRows, 1});
        writer.Finish();
      },
      "insert into a malformed block");
  ExpectCorruption(
      [&] {
        RowBlockWriter writer(db.NewIterator(), "test", [](const std::string&, const std::string*) {});
        writer.Insert(Row{5, 0, 0, 0});  // beyond the end: joins the malformed last block
        writer.Finish();
      },
      "append after a malformed last block");
}

// ---- RowBlockCursor with a DecodedBlockCache across a write

// A full scan and random seeks through `c` agree with `model`.
::testing::AssertionResult CursorMatches(RowBlockCursor& c, const std::set<Row>& model, std::uint64_t seed) {
  const std::vector<Row> rows(model.begin(), model.end());
  std::vector<Row> scanned;
  for (c.SeekToFirst(); c.Valid(); c.Next()) scanned.push_back(c.row());
  const std::string diff = Diff(scanned, rows);
  if (!diff.empty()) return ::testing::AssertionFailure() << "scan: " << diff;
  std::mt19937_64 rng(seed);
  for (int k = 0; k < 3000; ++k) {
    Row target = WriterRow(rng);
    if (k % 2) target = rows[rng() % rows.size()];
    if (k % 3 == 0) target = Successor(target);
    c.Seek(target);
    auto it = model.lower_bound(target);
    if (it == model.end() ? c.Valid() : !c.Valid() || c.row() != *it) {
      return ::testing::AssertionFailure() << "Seek " << Str(target) << ": got "
                                           << (c.Valid() ? Str(c.row()) : std::string("the end")) << ", want "
                                           << (it == model.end() ? std::string("the end") : Str(*it));
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(RowBlockCursor, CacheAnswersRepeatedReadsAndNeverServesAnOlderState) {
  Db db;
  std::mt19937_64 rng(401);
  std::set<Row> model = RandomModel(rng, 3000);
  const std::set<Row> old_model = model;
  WriteBlocks(db, std::vector<Row>(model.begin(), model.end()));
  const std::uint64_t seq1 = db.Sequence();
  const rocksdb::Snapshot* snap1 = db.GetSnapshot();
  DecodedBlockCache cache(std::size_t{64} << 20);
  constexpr int kPerm = 4;
  {
    RowBlockCursor a(db.NewIterator(), "test", &cache, kPerm, seq1);
    EXPECT_TRUE(CursorMatches(a, model, 1));
  }
  // Seeks repeated by a fresh cursor find every block in the cache.
  std::vector<Row> targets;
  for (int k = 0; k < 300; ++k) targets.push_back(RandomPresent(rng, model));
  {
    RowBlockCursor b(db.NewIterator(), "test", &cache, kPerm, seq1);
    for (const Row& t : targets) b.Seek(t);
    IteratorCalls calls;
    RowBlockCursor c(std::make_unique<CountingIterator>(db.NewIterator(), &calls), "test", &cache, kPerm, seq1);
    for (const Row& t : targets) {
      c.Seek(t);
      ASSERT_TRUE(c.Valid() && c.row() == t) << Str(t);
    }
    EXPECT_EQ(calls.seeks, 0) << "blocks read before are looked up in the cache";
  }
  // A write: rows inserted into and removed from many blocks.
  std::map<Row, bool> change;
  for (int k = 0; k < 500; ++k) change.emplace(WriterRow(rng), true);
  for (int k = 0; k < 500; ++k) change.emplace(RandomPresent(rng, model), false);
  RunRound(db, model, change, false, "the write");
  ASSERT_FALSE(HasFailure());
  ASSERT_NE(model, old_model);
  const std::uint64_t seq2 = db.Sequence();
  ASSERT_GT(seq2, seq1);
  {
    RowBlockCursor d(db.NewIterator(), "test", &cache, kPerm, seq2);
    EXPECT_TRUE(CursorMatches(d, model, 2)) << "new state, first reader";
  }
  {
    // A reader of the old snapshot, at the old sequence.
    RowBlockCursor e(db.NewIterator(snap1), "test", &cache, kPerm, seq1);
    EXPECT_TRUE(CursorMatches(e, old_model, 3)) << "old snapshot";
  }
  {
    RowBlockCursor f(db.NewIterator(), "test", &cache, kPerm, seq2);
    EXPECT_TRUE(CursorMatches(f, model, 4)) << "new state, after an old-state reader";
  }
  db.ReleaseSnapshot(snap1);
}

}  // namespace
}  // namespace corridor::storage
