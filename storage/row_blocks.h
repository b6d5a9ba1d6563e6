// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Row blocks: how an index permutation keeps its rows in RocksDB.
//
// A permutation's rows (quads in its slot order, see sorted_runs.h) are kept
// in blocks of up to kMaxBlockRows sorted rows. Each RocksDB entry is one
// block:
//   key   = the block's last row: 32 bytes, four big-endian ids;
//   value = varint n (the row count, 1..kMaxBlockRows), then the n rows.
// Each row is written against a base row, the row before it (an all-zero
// row for the first). With d the first slot where the row differs from its
// base (3 when they are equal, which only an all-zero first row is):
//   - the varint (x << 3 | d << 1 | t) where, for t = 0, x is slot d's
//     increase over the base's and the two ids have the same tag (ids.h:
//     the top 8 bits); for t = 1, x is slot d's payload (its low 56 bits)
//     and one byte with its tag follows;
//   - for each slot after d, the varint (y << 1 | t) where, for t = 0, y is
//     the zigzag of the slot's (wrapping) difference from the base's, with
//     the same tag; for t = 1, y is the slot's payload and its tag byte
//     follows.
// Ids of one tag are dense, so most values take a byte or two; a slot whose
// tag changes (an IRI object after a literal one) takes its payload, not the
// 8-byte difference between tags. Rows take 3.2-3.5 bytes on LUBM and
// WatDiv (5.2 and 4.6 in format 2, which spent a byte per row on d and
// wrote differences across tags). Decoding must end on the key's row: a
// value paired with the wrong key, or damaged, is found malformed.
// The blocks of a permutation are disjoint and ascending: every row of a
// block is greater than every row of the blocks before it. So the first row
// >= r is in the first block whose key is >= r, found with one RocksDB seek,
// and a scan steps through decoded rows instead of RocksDB entries (a
// RocksDB step costs about 1,000 instructions, a decoded row a few).
//
// Writers never leave an empty block; a block rewritten by a change is split
// when it grows above kMaxBlockRows, and one left with fewer than
// kMinBlockRows rows is merged into the block after it. (The last block, and
// a block whose change emptied it, stay as they are: an emptied block is
// deleted.)
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sorted_runs.h"

namespace rocksdb {
class Iterator;
}  // namespace rocksdb

namespace corridor::storage {

// Rows per block when blocks are written from a sorted stream.
inline constexpr std::size_t kBlockRows = 64;
// A rewritten block above this many rows is split into kBlockRows pieces.
inline constexpr std::size_t kMaxBlockRows = 2 * kBlockRows;
// A rewritten block left with fewer rows than this joins the block after it
// (when there is one), so that deletes do not leave a trail of tiny blocks.
inline constexpr std::size_t kMinBlockRows = kBlockRows / 4;

// The key of a block whose last row is `last` (32 bytes).
std::string RowBlockKey(const Row& last);
// The key bytes of `row` written into `out` (32 bytes).
void PutRowKey(const Row& row, char* out);
// The row whose key bytes are at `key` (32 bytes): PutRowKey's inverse.
Row RowOfKey(const char* key);

// Appends the encoding of rows[0..n) (ascending, 1 <= n) to `out`.
void EncodeRowBlock(const Row* rows, std::size_t n, std::string* out);

// The row count a block's value starts with; false when it is malformed.
bool RowBlockCount(std::string_view value, std::uint64_t* n);

// Decodes a block into `rows` (replacing its contents). Returns false, with
// `rows` unspecified, when the value is malformed: a bad count, truncated
// or trailing bytes, rows that do not ascend, or a last row other than
// `key`.
bool DecodeRowBlock(std::string_view key, std::string_view value, std::vector<Row>* rows);

// Decoded blocks kept across queries, so that a block read again (a warm
// query probing the same rows, a join probing one block for many rows)
// costs a look-up here instead of a RocksDB seek through the iterator
// stack (about 6,000 instructions) and a decode.
//
// Each entry is a block with the range it answers for: from `covered_from`
// (a row at or before its first row, with no stored row in between) to its
// last row. Entries are valid for one sequence number of the database: a
// look-up or addition at another one misses (an addition at a newer one
// first empties the cache), so a write makes every entry unusable without
// any invalidation protocol. Thread-safe; one mutex per permutation.
//
// The capacity is shared by all permutations: a query probing one of them
// all over (LUBM q09's nested-loop join reads 38 MB of gspo decoded) may
// use all of it. A fixed share per permutation (a sixth) made such a query
// decode every block again on every run.
class DecodedBlockCache {
 public:
  using Rows = std::shared_ptr<const std::vector<Row>>;

  explicit DecodedBlockCache(std::size_t capacity_bytes);
  ~DecodedBlockCache();
  DecodedBlockCache(const DecodedBlockCache&) = delete;
  DecodedBlockCache& operator=(const DecodedBlockCache&) = delete;

  // The block of permutation `perm` holding the first row >= target at
  // sequence `seq`, with the row its entry answers from (<= target); false
  // when no entry answers for target.
  bool Find(int perm, std::uint64_t seq, const Row& target, Rows* rows, Row* covered_from) const;
  // Keeps `rows` (a whole block, non-empty), known to hold every stored row
  // from `covered_from` to its last row, at sequence `seq`. When the cache
  // is full, a sweep over every permutation drops the entries not found
  // since the last sweep, then others until half the capacity is free.
  void Add(int perm, std::uint64_t seq, const Row& covered_from, Rows rows);

  // The bytes held, roughly (for tests and statistics).
  std::size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  struct Shard;
  void Sweep();
  std::size_t capacity_bytes_;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<std::size_t> bytes_{0};  // over all shards
  std::mutex sweep_mu_;                // one sweep at a time
};

// Reads the rows of one permutation through a RocksDB iterator over its
// blocks (without an upper bound: blocks are found by their last row, so a
// block may start inside a range and end beyond it). Keeps the block it
// stands in decoded, so that seeks to rows within it read nothing from
// RocksDB, and with a DecodedBlockCache, finds blocks read before there.
// Errors (RocksDB's, malformed blocks) throw StorageError.
class RowBlockCursor {
 public:
  // `name` (the permutation's, for messages) must outlive the cursor. With
  // `cache` (which must outlive it too), blocks are looked for and kept
  // there as blocks of permutation `perm` at sequence `seq`, which must be
  // the sequence number of the iterator's snapshot.
  RowBlockCursor(std::unique_ptr<rocksdb::Iterator> it, const char* name,
                 DecodedBlockCache* cache = nullptr, int perm = 0, std::uint64_t seq = 0);
  ~RowBlockCursor();
  RowBlockCursor(RowBlockCursor&&) noexcept;
  RowBlockCursor(const RowBlockCursor&) = delete;
  RowBlockCursor& operator=(const RowBlockCursor&) = delete;

  // Positions the cursor on the first row >= target, or makes it invalid
  // when there is none. Reads RocksDB only when what the cursor knows does
  // not answer: a target from the row where the cursor was last sent (or
  // just after the block before the current one) up to the current block's
  // last row is found in the current block, one at or after a target that
  // found nothing finds nothing again, and the cache may know the block.
  void Seek(const Row& target);
  void SeekToFirst();

  bool Valid() const { return valid_; }
  // REQUIRES: Valid().
  const Row& row() const { return rows_[pos_]; }
  // REQUIRES: Valid().
  void Next() {
    if (++pos_ < count_) return;
    NextBlock();
  }
  // Rows of the current block from the current one on (0 when invalid), and
  // the block's last row: REQUIRES Valid(). Counting uses them to step over
  // whole blocks.
  std::size_t RowsLeftInBlock() const { return valid_ ? count_ - pos_ : 0; }
  const Row& BlockLastRow() const { return rows_[count_ - 1]; }
  // Moves past the current block (as Next() from its last row).
  void NextBlock();

 private:
  // Positions the iterator at the first block holding a row >= target and
  // reads it (or notes the end); the cursor then knows every stored row
  // from target on up to the block's last row.
  void SeekBlock(const Row& target);
  // Reads the entry the iterator stands on, or notes the end; `from`: the
  // row the block is known to answer from.
  void Load(const Row& from);
  // Takes a block found in the cache.
  void Adopt(DecodedBlockCache::Rows rows, const Row& covered_from);
  // Takes the cache's block for `target`, if it has one.
  bool FromCache(const Row& target);

  std::unique_ptr<rocksdb::Iterator> it_;
  const char* name_;
  DecodedBlockCache* cache_;
  int perm_;
  std::uint64_t seq_;
  DecodedBlockCache::Rows shared_;  // the current block, if it is shared
  std::vector<Row> own_;            // else: the current block
  const Row* rows_ = nullptr;       // the current block's rows
  std::size_t count_ = 0;
  std::size_t pos_ = 0;
  bool valid_ = false;
  bool at_end_ = false;       // no block holds a row >= lo_
  bool on_block_ = false;     // the iterator stands on the current block
  // What the cursor knows (when known_): no stored row r with lo_ <= r is
  // missing from the current block up to its last row; at the end, there
  // is no stored row r >= lo_ at all.
  bool known_ = false;
  Row lo_{};
};

// Writes a sorted change to one permutation as block rewrites. The rows a
// change touches are applied, in ascending order, to the block that holds
// or borders each of them (read through `base`, the permutation before the
// change); each touched block is written again, split if it grew past
// kMaxBlockRows, and the others are left alone. Rows beyond the last block
// join it; a touched block left with fewer than kMinBlockRows rows is merged
// into the block after it, which is then written again too. Output is
// put(key, value) / del(key) calls in strictly ascending key order, as an
// SST file needs.
class RowBlockWriter {
 public:
  // value null: delete the key.
  using Emit = std::function<void(const std::string& key, const std::string* value)>;

  // `base` null: the permutation is known to be empty. `name` as for the
  // cursor.
  RowBlockWriter(std::unique_ptr<rocksdb::Iterator> base, const char* name, Emit emit);
  ~RowBlockWriter();
  RowBlockWriter(const RowBlockWriter&) = delete;
  RowBlockWriter& operator=(const RowBlockWriter&) = delete;

  // Rows given to Insert and Remove must ascend strictly, across both.
  // Insert returns whether the row was absent (it is added); Remove whether
  // it was present (it goes).
  bool Insert(const Row& row) { return Apply(row, true); }
  bool Remove(const Row& row) { return Apply(row, false); }
  // Writes what is left. Required before the emitted operations are used.
  void Finish();

 private:
  bool Apply(const Row& row, bool insert);
  void Open(const Row& row);   // finds the block for `row` and reads it
  // Reads the block the base iterator stands on as the open one, and moves
  // the iterator on to tell whether it is the last.
  void TakeBlock();
  // Writes the open block's rows; or, when they are fewer than
  // kMinBlockRows and a block follows, deletes the open block's key and
  // carries its rows into the next block, which becomes the open one.
  void Close();
  void EmitBlock(const Row* rows, std::size_t n);

  std::unique_ptr<rocksdb::Iterator> base_;
  const char* name_;
  Emit emit_;
  bool open_ = false;
  bool changed_ = false;    // the open block differs from what is stored
  bool unbounded_ = false;  // the open block takes every later row
  Row upper_{};             // else: it takes the rows up to this one
  // Keys of the stored blocks the open block replaces (ascending: its own,
  // after those of the blocks carried into it) that no put has overwritten
  // nor delete removed yet. A put of key K first deletes those below K;
  // closing deletes the rest. (Carried rows may end below the key of the
  // block they came from, when the next block's own rows all go.)
  std::vector<std::string> old_keys_;
  std::vector<Row> old_;    // the stored block's rows, merged up to old_pos_
  std::size_t old_pos_ = 0;
  std::vector<Row> out_;    // merged rows not yet written
  std::string value_;       // scratch
};

}  // namespace corridor::storage
