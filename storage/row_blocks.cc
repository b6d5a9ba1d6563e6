// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.

#include "storage/row_blocks.h"

#include <rocksdb/iterator.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

#include "storage/ids.h"
#include "storage/storage_error.h"

namespace corridor::storage {

namespace {

void PutVarint(std::string* out, std::uint64_t v) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

// Reads a varint at *p (< end); false when truncated or longer than 10 bytes.
inline bool GetVarint(const unsigned char*& p, const unsigned char* end, std::uint64_t* v) {
  if (p < end && *p < 0x80) {  // most deltas fit in one byte
    *v = *p++;
    return true;
  }
  std::uint64_t result = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    const std::uint64_t byte = *p++;
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

inline std::uint64_t ZigZag(std::uint64_t diff) {
  const auto s = static_cast<std::int64_t>(diff);
  return (static_cast<std::uint64_t>(s) << 1) ^ static_cast<std::uint64_t>(s >> 63);
}
inline std::uint64_t UnZigZag(std::uint64_t z) { return (z >> 1) ^ (~(z & 1) + 1); }

[[noreturn]] void Malformed(const char* name, std::string_view key) {
  throw StorageError(StorageError::Code::kCorruption,
                     std::string("malformed block in index ") + name + " (key 0x" + HexBytes(key) + ")");
}

void CheckIterator(const rocksdb::Iterator& it, const char* name) {
  const rocksdb::Status s = it.status();
  if (s.ok()) return;
  throw StorageError(s.IsCorruption() ? StorageError::Code::kCorruption : StorageError::Code::kIo,
                     std::string("reading index ") + name + ": " + s.ToString());
}

}  // namespace

void PutRowKey(const Row& row, char* out) {
  for (int i = 0; i < 4; ++i) PutBigEndian64(out + 8 * i, row[i]);
}

Row RowOfKey(const char* key) {
  Row row;
  for (int i = 0; i < 4; ++i) row[i] = GetBigEndian64(key + 8 * i);
  return row;
}

namespace {

// Sends `it` to the first block whose last row is >= target.
void SeekToRow(rocksdb::Iterator& it, const Row& target) {
  char key[kQuadKeySize];
  PutRowKey(target, key);
  it.Seek(rocksdb::Slice(key, kQuadKeySize));
}

}  // namespace

std::string RowBlockKey(const Row& last) {
  std::string key(kQuadKeySize, '\0');
  PutRowKey(last, key.data());
  return key;
}

namespace {

// Appends slot value `v` against base value `b` (row_blocks.h): the varint
// (y << shift | extra << 1 | t), with y = `near` (a distance) when the tags
// agree (t = 0), else v's payload followed by its tag byte (t = 1).
inline void PutSlot(std::string* out, Id v, Id b, std::uint64_t near, unsigned shift, unsigned extra) {
  if (TagOf(v) == TagOf(b)) {
    PutVarint(out, near << shift | extra << 1);
  } else {
    PutVarint(out, PayloadOf(v) << shift | extra << 1 | 1);
    out->push_back(static_cast<char>(TagOf(v)));
  }
}

}  // namespace

void EncodeRowBlock(const Row* rows, std::size_t n, std::string* out) {
  PutVarint(out, n);
  Row base{};
  for (std::size_t i = 0; i < n; ++i) {
    const Row& r = rows[i];
    int d = 0;
    while (d < 3 && r[d] == base[d]) ++d;
    PutSlot(out, r[d], base[d], r[d] - base[d], 3, static_cast<unsigned>(d));
    for (int s = d + 1; s < 4; ++s) PutSlot(out, r[s], base[s], ZigZag(r[s] - base[s]), 1, 0);
    base = r;
  }
}

namespace {

// The value of a slot read as y and t (PutSlot) against base value `b`:
// for t = 0, `near(b, y)`; for t = 1, payload y with the tag byte at *p.
// False when truncated or y does not fit a payload.
template <typename Near>
inline bool GetSlot(const unsigned char*& p, const unsigned char* end, std::uint64_t y, bool tagged, Id b,
                    Near near, Id* v) {
  if (!tagged) {
    *v = near(b, y);
    return true;
  }
  if (p >= end || y > kPayloadMask) return false;
  *v = MakeId(*p++, y);
  return true;
}

// Decodes a row at *p into *r against `base` (the row before; all zero for
// the first). False when truncated or a payload is too large; whether rows
// ascend is the caller's check.
inline bool DecodeRow(const unsigned char*& p, const unsigned char* end, const Row& base, Row* r) {
  std::uint64_t h;
  if (!GetVarint(p, end, &h)) return false;
  const unsigned d = static_cast<unsigned>(h >> 1) & 3;
  *r = base;
  auto up = [](Id b, std::uint64_t x) { return b + x; };
  if (!GetSlot(p, end, h >> 3, (h & 1) != 0, base[d], up, &(*r)[d])) return false;
  auto diff = [](Id b, std::uint64_t z) { return b + UnZigZag(z); };
  for (unsigned s = d + 1; s < 4; ++s) {
    std::uint64_t v;
    if (!GetVarint(p, end, &v) || !GetSlot(p, end, v >> 1, (v & 1) != 0, base[s], diff, &(*r)[s])) return false;
  }
  return true;
}

// Reads a block's row count; false when it is 0 or cannot fit the value.
inline bool DecodeCount(const unsigned char*& p, const unsigned char* end, std::uint64_t* n) {
  const std::size_t size = static_cast<std::size_t>(end - p);
  return GetVarint(p, end, n) && *n != 0 && *n <= size;
}

}  // namespace

bool RowBlockCount(std::string_view value, std::uint64_t* n) {
  const auto* p = reinterpret_cast<const unsigned char*>(value.data());
  return DecodeCount(p, p + value.size(), n);
}

bool DecodeRowBlock(std::string_view key, std::string_view value, std::vector<Row>* rows) {
  if (key.size() != kQuadKeySize) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(value.data());
  const auto* end = p + value.size();
  std::uint64_t n = 0;
  if (!DecodeCount(p, end, &n)) return false;
  rows->resize(n);
  Row* out = rows->data();
  if (!DecodeRow(p, end, Row{}, &out[0])) return false;
  for (std::uint64_t i = 1; i < n; ++i) {
    if (!DecodeRow(p, end, out[i - 1], &out[i]) || !(out[i - 1] < out[i])) return false;
  }
  if (p != end) return false;
  return out[n - 1] == RowOfKey(key.data());
}

// ---------------------------------------------------------------------------
// DecodedBlockCache

namespace {

// The row right after `r` in row order (r with its last slot plus one, with
// carry); false when r is the greatest row.
bool Successor(const Row& r, Row* next) {
  *next = r;
  for (int i = 3; i >= 0; --i) {
    if (++(*next)[i] != 0) return true;
  }
  return false;
}

// A block's memory in the cache, roughly: its rows and the entry around them.
std::size_t BlockBytes(const std::vector<Row>& rows) { return rows.size() * sizeof(Row) + 128; }

}  // namespace

struct DecodedBlockCache::Shard {
  struct Entry {
    Row covered_from;
    Rows rows;
    bool used = false;  // found since the last sweep
  };
  mutable std::mutex mu;
  std::uint64_t seq = 0;
  std::map<Row, Entry> by_last;  // keyed by the block's last row
  std::size_t bytes = 0;
};

DecodedBlockCache::DecodedBlockCache(std::size_t capacity_bytes)
    : capacity_bytes_(capacity_bytes), shards_(std::make_unique<Shard[]>(kNumPermutations)) {}

DecodedBlockCache::~DecodedBlockCache() = default;

bool DecodedBlockCache::Find(int perm, std::uint64_t seq, const Row& target, Rows* rows,
                             Row* covered_from) const {
  Shard& shard = shards_[perm];
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.seq != seq) return false;
  auto it = shard.by_last.lower_bound(target);
  if (it == shard.by_last.end() || target < it->second.covered_from) return false;
  *rows = it->second.rows;
  *covered_from = it->second.covered_from;
  it->second.used = true;
  return true;
}

void DecodedBlockCache::Add(int perm, std::uint64_t seq, const Row& covered_from, Rows rows) {
  if (capacity_bytes_ == 0 || !rows || rows->empty()) return;
  Shard& shard = shards_[perm];
  const std::size_t bytes = BlockBytes(*rows);
  // Room is made before the block goes in, so that the sweep does not drop
  // it (it has not been found yet).
  if (bytes_.load(std::memory_order_relaxed) + bytes > capacity_bytes_) Sweep();
  {
    std::lock_guard<std::mutex> lock(shard.mu);
    if (seq < shard.seq) return;  // read at an older state
    if (seq > shard.seq) {
      bytes_ -= shard.bytes;
      shard.by_last.clear();
      shard.bytes = 0;
      shard.seq = seq;
    }
    auto [it, inserted] = shard.by_last.try_emplace(rows->back(), Shard::Entry{covered_from, rows});
    if (inserted) {
      shard.bytes += bytes;
      bytes_ += bytes;
    } else if (covered_from < it->second.covered_from) {
      it->second.covered_from = covered_from;
    }
  }
}

void DecodedBlockCache::Sweep() {
  // Another thread sweeping frees enough for both.
  std::unique_lock<std::mutex> sweeping(sweep_mu_, std::try_to_lock);
  if (!sweeping.owns_lock()) return;
  // A clock of one hand over every permutation: entries found since the
  // last sweep stay, with their mark cleared; the others go. A long scan
  // passing through fills the cache with blocks found at most once, which
  // the sweep drops, while blocks that queries keep finding stay. Each sweep
  // frees at least half the capacity (taking entries in key order when those
  // found are more), so sweeps stay rare: O(1) per block added. One shard is
  // locked at a time.
  auto drop = [&](Shard& shard, std::map<Row, Shard::Entry>::iterator it) {
    const std::size_t b = BlockBytes(*it->second.rows);
    shard.bytes -= b;
    bytes_ -= b;
    return shard.by_last.erase(it);
  };
  for (int p = 0; p < kNumPermutations; ++p) {
    Shard& shard = shards_[p];
    std::lock_guard<std::mutex> lock(shard.mu);
    for (auto it = shard.by_last.begin(); it != shard.by_last.end();) {
      if (it->second.used) {
        it->second.used = false;
        ++it;
      } else {
        it = drop(shard, it);
      }
    }
  }
  for (int p = 0; p < kNumPermutations && bytes_.load() > capacity_bytes_ / 2; ++p) {
    Shard& shard = shards_[p];
    std::lock_guard<std::mutex> lock(shard.mu);
    for (auto it = shard.by_last.begin(); it != shard.by_last.end() && bytes_.load() > capacity_bytes_ / 2;) {
      it = drop(shard, it);
    }
  }
}

// ---------------------------------------------------------------------------
// RowBlockCursor

RowBlockCursor::RowBlockCursor(std::unique_ptr<rocksdb::Iterator> it, const char* name,
                               DecodedBlockCache* cache, int perm, std::uint64_t seq)
    : it_(std::move(it)), name_(name), cache_(cache), perm_(perm), seq_(seq) {}

RowBlockCursor::~RowBlockCursor() = default;
RowBlockCursor::RowBlockCursor(RowBlockCursor&&) noexcept = default;

void RowBlockCursor::Load(const Row& from) {
  // Nothing is known until the block is read: an error below leaves the
  // cursor invalid and knowing nothing, so a later seek starts afresh.
  pos_ = 0;
  valid_ = false;
  known_ = false;
  at_end_ = false;
  rows_ = nullptr;
  count_ = 0;
  on_block_ = true;
  if (!it_->Valid()) {
    CheckIterator(*it_, name_);
    known_ = true;
    lo_ = from;
    at_end_ = true;
    return;
  }
  const rocksdb::Slice key = it_->key(), value = it_->value();
  const std::string_view key_bytes(key.data(), key.size());
  const std::string_view value_bytes(value.data(), value.size());
  if (cache_ != nullptr) {
    auto rows = std::make_shared<std::vector<Row>>();
    if (!DecodeRowBlock(key_bytes, value_bytes, rows.get())) Malformed(name_, key_bytes);
    shared_ = std::move(rows);
    rows_ = shared_->data();
    count_ = shared_->size();
  } else {
    if (!DecodeRowBlock(key_bytes, value_bytes, &own_)) Malformed(name_, key_bytes);
    shared_.reset();
    rows_ = own_.data();
    count_ = own_.size();
  }
  // The block holds every stored row from its first to its last, and the
  // seek found no block ending in [from, first): it answers from whichever
  // is lower. (Answering only from `from` made a join probing a block's
  // rows in random order miss the cache for every probe below the first.)
  const Row covered_from = std::min(from, rows_[0]);
  if (cache_ != nullptr) cache_->Add(perm_, seq_, covered_from, shared_);
  known_ = true;
  lo_ = covered_from;
  valid_ = true;
}

void RowBlockCursor::Adopt(DecodedBlockCache::Rows rows, const Row& covered_from) {
  shared_ = std::move(rows);
  rows_ = shared_->data();
  count_ = shared_->size();
  pos_ = 0;
  valid_ = true;
  at_end_ = false;
  on_block_ = false;
  known_ = true;
  lo_ = covered_from;
}

bool RowBlockCursor::FromCache(const Row& target) {
  if (cache_ == nullptr) return false;
  DecodedBlockCache::Rows rows;
  Row covered_from;
  if (!cache_->Find(perm_, seq_, target, &rows, &covered_from)) return false;
  Adopt(std::move(rows), covered_from);
  return true;
}

void RowBlockCursor::SeekBlock(const Row& target) {
  if (FromCache(target)) return;
  SeekToRow(*it_, target);
  Load(target);
}

void RowBlockCursor::Seek(const Row& target) {
  const bool known = known_ && !(target < lo_);
  if (known && at_end_) {  // nothing at or after lo_, so none at or after target
    valid_ = false;
    return;
  }
  if (!known || !valid_ || BlockLastRow() < target) SeekBlock(target);
  if (valid_) {
    // The block's last row is >= target, so the position is inside it.
    pos_ = static_cast<std::size_t>(std::lower_bound(rows_, rows_ + count_, target) - rows_);
  }
}

void RowBlockCursor::SeekToFirst() { Seek(Row{}); }

void RowBlockCursor::NextBlock() {
  Row next;
  if (!Successor(BlockLastRow(), &next)) {
    // Past the greatest row there is: nothing is left, but the cursor
    // cannot say so as "nothing from lo_ on" (lo_ would be the greatest
    // row itself, which is stored), so it claims no knowledge.
    valid_ = false;
    known_ = false;
    return;
  }
  if (FromCache(next)) return;
  // The iterator moves on from the current block, or, when that block
  // came from the cache, is sent after it.
  if (on_block_) it_->Next();
  else SeekToRow(*it_, next);
  Load(next);
}

// ---------------------------------------------------------------------------
// RowBlockWriter

RowBlockWriter::RowBlockWriter(std::unique_ptr<rocksdb::Iterator> base, const char* name, Emit emit)
    : base_(std::move(base)), name_(name), emit_(std::move(emit)) {}

RowBlockWriter::~RowBlockWriter() = default;

void RowBlockWriter::Open(const Row& row) {
  open_ = true;
  changed_ = false;
  unbounded_ = true;
  old_keys_.clear();
  old_.clear();
  old_pos_ = 0;
  out_.clear();
  if (!base_) return;
  SeekToRow(*base_, row);
  if (!base_->Valid()) {
    // Beyond the last block: the rows join it.
    CheckIterator(*base_, name_);
    base_->SeekToLast();
    if (!base_->Valid()) {
      CheckIterator(*base_, name_);
      return;  // no blocks at all
    }
  }
  TakeBlock();
}

void RowBlockWriter::TakeBlock() {
  const rocksdb::Slice k = base_->key(), v = base_->value();
  std::string key(k.data(), k.size());
  if (!DecodeRowBlock(key, std::string_view(v.data(), v.size()), &old_)) Malformed(name_, key);
  old_keys_.push_back(std::move(key));
  old_pos_ = 0;
  upper_ = old_.back();
  base_->Next();
  unbounded_ = !base_->Valid();
  if (unbounded_) CheckIterator(*base_, name_);
}

bool RowBlockWriter::Apply(const Row& row, bool insert) {
  while (open_ && !unbounded_ && upper_ < row) Close();  // may carry on into the next block
  if (!open_) Open(row);
  while (old_pos_ < old_.size() && old_[old_pos_] < row) out_.push_back(old_[old_pos_++]);
  const bool present = old_pos_ < old_.size() && old_[old_pos_] == row;
  if (present) ++old_pos_;
  if (insert) {
    out_.push_back(row);
    if (present) return false;
  } else if (!present) {
    return false;
  }
  changed_ = true;
  // Long runs of new rows are written as they come, a block at a time,
  // keeping enough back that the rest can still be split evenly.
  if (out_.size() >= kMaxBlockRows + kBlockRows) {
    EmitBlock(out_.data(), kBlockRows);
    out_.erase(out_.begin(), out_.begin() + kBlockRows);
  }
  return true;
}

void RowBlockWriter::EmitBlock(const Row* rows, std::size_t n) {
  std::string key = RowBlockKey(rows[n - 1]);
  std::size_t done = 0;
  while (done < old_keys_.size() && old_keys_[done] <= key) {
    if (old_keys_[done] != key) emit_(old_keys_[done], nullptr);  // else the put replaces it
    ++done;
  }
  old_keys_.erase(old_keys_.begin(), old_keys_.begin() + static_cast<std::ptrdiff_t>(done));
  value_.clear();
  EncodeRowBlock(rows, n, &value_);
  emit_(key, &value_);
}

void RowBlockWriter::Close() {
  if (!open_) return;
  if (!changed_) {
    open_ = false;
    return;
  }
  out_.insert(out_.end(), old_.begin() + static_cast<std::ptrdiff_t>(old_pos_), old_.end());
  if (!out_.empty() && out_.size() < kMinBlockRows && !unbounded_) {
    // Too few rows for a block of their own: they go before the next
    // block's rows (all greater), and that block is the open one now. The
    // old key stays pending: the carried rows may yet be written under a
    // key below it (when the next block's own rows all go).
    std::vector<Row> carried;
    carried.swap(out_);
    TakeBlock();  // the base iterator stands on the next block
    out_ = std::move(carried);
    return;  // still open, and changed
  }
  open_ = false;
  const std::size_t n = out_.size();
  if (n > 0 && n <= kMaxBlockRows) {
    EmitBlock(out_.data(), n);
  } else if (n > kMaxBlockRows) {
    // Even pieces of about kBlockRows rows.
    const std::size_t pieces = (n + kBlockRows - 1) / kBlockRows;
    std::size_t from = 0;
    for (std::size_t i = 0; i < pieces; ++i) {
      const std::size_t to = n * (i + 1) / pieces;
      EmitBlock(out_.data() + from, to - from);
      from = to;
    }
  }
  for (const std::string& key : old_keys_) emit_(key, nullptr);
  old_keys_.clear();
  out_.clear();
}

void RowBlockWriter::Finish() {
  while (open_) Close();
}

}  // namespace corridor::storage
