// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Store: the persistent quad store on RocksDB. It owns the column families
// (the six index permutations, the two directions of the term dictionary,
// the statistics and the metadata), hands out snapshots and sorted scans,
// and commits batches of new quads (CommitInsert) or of inserts and deletes
// (CommitChanges, for updates) atomically. See storage/README.md for the key
// layout and the update overlay.
//
// Thread safety: every const method may be called from any thread at any
// time. Writers (Commit) are serialised internally; readers use snapshots and
// are never blocked by a writer.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/term.h"
#include "storage/ids.h"
#include "storage/overlay.h"
#include "storage/row_blocks.h"
#include "storage/sorted_runs.h"
#include "storage/term_spill.h"
#include "storage/storage_error.h"
#include "storage/term_codec.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Iterator;
class Slice;
class Snapshot;
class Cache;
}  // namespace rocksdb

namespace corridor::storage {

// Format 3 keeps each permutation in row blocks (storage/row_blocks.h)
// whose rows carry the differing slot and its increase in one varint and
// spell out changes of tag; format 2 had the same blocks with a plainer row
// encoding, format 1 one RocksDB key per quad.
inline constexpr std::uint64_t kFormatVersion = 3;

struct StoreOptions {
  bool create_if_missing = true;
  bool read_only = false;
  std::size_t block_cache_bytes = std::size_t{256} << 20;
  // Decoded permutation blocks kept across queries (DecodedBlockCache in
  // row_blocks.h); 0 turns it off.
  std::size_t decoded_block_cache_bytes = std::size_t{64} << 20;
  bool sync_writes = true;
};

// A consistent, read-only view of the store at one moment. Cheap to copy
// (shared); keeps the RocksDB snapshot alive until the last copy is gone.
// Must not outlive the Store. A snapshot made by Store::OverlaySnapshot
// also shows a write's pending changes (see storage/overlay.h).
class Snapshot {
 public:
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  const WriteOverlay* overlay() const { return overlay_; }

 private:
  friend class Store;
  friend class ScanIterator;
  Snapshot(rocksdb::DB* db, const rocksdb::Snapshot* snapshot) : db_(db), snapshot_(snapshot) {}
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
  std::shared_ptr<const Snapshot> base_;    // set for an overlay snapshot (owns snapshot_)
  const WriteOverlay* overlay_ = nullptr;  // not owned
};
using SnapshotPtr = std::shared_ptr<const Snapshot>;

// Sorted scan over one permutation, restricted to keys starting with a prefix
// of bound ids (given in the permutation's slot order). Rows come in
// ascending key order, i.e. sorted on the permutation's order.
class ScanIterator {
 public:
  ~ScanIterator();
  ScanIterator(const ScanIterator&) = delete;
  ScanIterator& operator=(const ScanIterator&) = delete;

  bool Valid() const { return valid_; }
  // REQUIRES: Valid().
  const IdQuad& quad() const { return quad_; }
  // REQUIRES: Valid().
  void Next();
  // Moves to the first row >= `slots` (a key given as ids in slot order, at
  // most four; missing trailing slots count as 0) within the prefix. Used by
  // merge joins to skip ahead.
  void Seek(const std::vector<Id>& slots);
  // Re-targets the scan at another prefix of the same permutation and
  // snapshot and positions it on the first row, reusing the RocksDB iterator
  // (an index nested-loop join scans once per outer row; creating a fresh
  // iterator each time costs more than the seek itself). A prefix whose
  // first row lies in the block the scan already holds decoded is found
  // there, without a RocksDB seek (see RowBlockCursor::Seek): an inner side
  // probed in ascending order mostly answers from memory.
  void Reset(const std::vector<Id>& prefix);
  // Like Reset(prefix), positioned on the first row >= `from` (ids in slot
  // order, starting with `prefix`) within the new prefix: one seek where
  // Reset and Seek would be two.
  void Reset(const std::vector<Id>& prefix, const std::vector<Id>& from);
  Permutation permutation() const { return perm_; }

 private:
  friend class Store;
  ScanIterator(SnapshotPtr snapshot, RowBlockCursor cursor, Permutation perm);
  // Sets the prefix, and the overlay's range of added rows under it. Does
  // not move the cursor.
  void SetPrefix(const std::vector<Id>& prefix);
  // Positions the cursor to `target`, then on its first row from there
  // that is in the prefix and not removed by the overlay (else: none).
  void SeekBase(const Row& target);
  void LoadBase();
  // Chooses the smaller of the base row and the overlay's next added row.
  void Pick();

  SnapshotPtr snapshot_;
  RowBlockCursor cursor_;
  Permutation perm_;
  Row prefix_{};        // the bound ids, then zeros
  int prefix_len_ = 0;  // how many slots are bound
  IdQuad quad_{};
  bool valid_ = false;
  // Overlay merge (all null/empty without an overlay): rows in slot order.
  const std::vector<Row>* added_ = nullptr;
  const std::vector<Row>* removed_ = nullptr;
  std::size_t add_begin_ = 0, add_pos_ = 0, add_end_ = 0;  // added_ rows of the prefix
  bool base_valid_ = false;
  Row base_row_{};
  bool from_added_ = false;
};

class Store;

// Counts rows of one permutation under successive prefixes, as
// Store::EstimateRows does (same results, and the same kept values), but
// through one cursor on the decoded-block cache instead of a fresh RocksDB
// iterator per prefix. Prefixes given in ascending order read each block at
// most once, and the blocks read stay decoded for the scans that follow: the
// planner's join probes count the very prefixes its nested-loop joins then
// read. Ignores the snapshot's overlay, as EstimateRows does. Not
// thread-safe; the snapshot is held until the counter goes.
class RowCounter {
 public:
  ~RowCounter();
  RowCounter(const RowCounter&) = delete;
  RowCounter& operator=(const RowCounter&) = delete;

  // Rows of the permutation starting with `prefix` (slot order): exact up
  // to `count_limit`, estimated beyond (Store::EstimateRows).
  double Estimate(const std::vector<Id>& prefix, std::size_t count_limit);

 private:
  friend class Store;
  RowCounter(const Store* store, SnapshotPtr snapshot, RowBlockCursor cursor, Permutation perm);
  const Store* store_;
  SnapshotPtr snapshot_;
  RowBlockCursor cursor_;
  Permutation perm_;
};

struct PredicateStats {
  Id predicate = kNoId;
  std::uint64_t quads = 0;
  std::uint64_t distinct_subjects = 0;
  std::uint64_t distinct_objects = 0;
};

struct StoreStats {
  std::uint64_t quads = 0;
  std::uint64_t dictionary_terms = 0;
  std::vector<PredicateStats> predicates;                  // ordered by id
  std::vector<std::pair<Id, std::uint64_t>> graph_quads;  // ordered by id; graph 0 = default
};

// What CommitChanges did.
struct ChangeResult {
  std::uint64_t quads_added = 0;
  std::uint64_t quads_deleted = 0;
};

// What a commit added.
struct CommitResult {
  std::uint64_t quads_added = 0;
  std::uint64_t duplicates = 0;
};

// Bytes of the regular files under `dir`. Folders and files that vanish
// while it reads (the scratch folders of a load or commit running in
// another thread) are skipped, never an error.
std::uint64_t FolderBytes(const std::filesystem::path& dir);

class Store {
 public:
  // Opens or creates the store in `dir`. Throws StorageError: kLocked if
  // another process holds it, kNotADatabase if `dir` holds something else,
  // kVersion if written by a newer format, kIo / kCorruption otherwise.
  // A creation that was killed (the folder holds only RocksDB's first files,
  // or some or all of our column families, all empty, and no metadata) is
  // finished here, not refused; opened read-only, such a store is missing.
  static std::unique_ptr<Store> Open(const std::filesystem::path& dir, const StoreOptions& options);
  ~Store();

  const std::filesystem::path& dir() const { return dir_; }
  bool read_only() const { return options_.read_only; }

  SnapshotPtr GetSnapshot() const;

  // A view of `base` (a plain snapshot) with `overlay`'s pending changes
  // applied: scans merge them in and ReadStats adjusts the quad counts (the
  // distinct subject/object counts stay the base's: estimates only).
  // `overlay` must outlive the snapshot and not change while a scan of it is
  // open.
  SnapshotPtr OverlaySnapshot(const SnapshotPtr& base, const WriteOverlay* overlay) const;

  // Whether `snapshot`'s stored quads (ignoring any overlay) include q.
  bool Contains(const SnapshotPtr& snapshot, const IdQuad& q) const;
  // Contains for many quads at once: `sorted` in spog order without
  // repeats; (*found)[i] (resized here) tells whether the snapshot's stored
  // quads include sorted[i]. One forward pass of one iterator (a few Next
  // steps before each Seek), so dense batches cost far less than a look-up
  // a quad.
  void ContainsSorted(const SnapshotPtr& snapshot, const std::vector<IdQuad>& sorted,
                      std::vector<char>* found) const;

  // The permutation that answers a pattern with these positions bound as
  // one prefix range, and the prefix length.
  static Permutation ChoosePermutation(bool s, bool p, bool o, bool g, int* prefix_len = nullptr);

  // How many rows of `perm` start with `prefix` in `snapshot`: exact up to
  // `count_limit` rows (counted by scanning keys), else estimated from the
  // range's size on disk (RocksDB's approximate sizes, which read index
  // blocks only) scaled by the bytes the first `count_limit` rows of this
  // same range take, so that ranges that compress unusually well are not
  // underestimated. The estimate's resolution is about one data block per
  // `count_limit` rows. Ignores the snapshot's overlay.
  // Results are kept with the derived values (KeepDerived) until the next
  // write, so repeated planning of a query costs nothing (not inside an
  // update: overlay snapshots keep nothing).
  double EstimateRows(const SnapshotPtr& snapshot, Permutation perm, const std::vector<Id>& prefix,
                      std::size_t count_limit) const;
  // A counter for many EstimateRows calls on one permutation (RowCounter).
  std::unique_ptr<RowCounter> Counter(const SnapshotPtr& snapshot, Permutation perm) const;

  // Values derived from the data by a caller (the planner's pattern counts
  // and samples), kept across queries until the data changes: a value kept
  // at one snapshot is found only from snapshots of the same sequence
  // number, so any write retires it. `bytes` is the value's memory; all
  // values are dropped when they would exceed kMaxDerivedBytes. Snapshots
  // with an overlay (inside an update) neither find nor keep values.
  std::shared_ptr<const void> FindDerived(const SnapshotPtr& snapshot, const std::string& key) const;
  // The sequence number of the data `snapshot` sees, and of the newest
  // committed data: equal when a snapshot sees all that is committed now.
  std::uint64_t SequenceOf(const SnapshotPtr& snapshot) const;
  std::uint64_t LatestSequence() const;
  void KeepDerived(const SnapshotPtr& snapshot, std::string key, std::shared_ptr<const void> value,
                   std::size_t bytes) const;
  static constexpr std::size_t kMaxDerivedBytes = std::size_t{64} << 20;

  // Rows of `perm` whose first prefix.size() slots equal `prefix`.
  std::unique_ptr<ScanIterator> Scan(const SnapshotPtr& snapshot, Permutation perm,
                                     const std::vector<Id>& prefix) const;

  // The id of a term if it is inline or in the dictionary; nullopt if the
  // store has never seen it (so no quad can match it). Blank nodes are found
  // by their store label ("b" + hex) only.
  std::optional<Id> LookupId(const TermParts& term) const;

  // The committed ids of dictionary keys (EncodeDictionaryKey bytes) given
  // in ascending byte order without repeats: (*ids)[i] (resized here) is the
  // id of sorted_keys[i], or kNoId if the dictionary lacks it. Pending terms
  // (SetPendingTerms) are not consulted. One forward pass over term2id.
  void LookupDictionaryKeys(const std::vector<std::string_view>& sorted_keys, std::vector<Id>* ids) const;
  // Whether the committed dictionary holds some key in [lowest, highest]
  // (one Seek): when not, a batch of keys in that range needs no look-up
  // and no sorting.
  bool DictionaryMayHold(std::string_view lowest, std::string_view highest) const;

  // The term of an id. Throws kCorruption for an id the dictionary lacks.
  Term Resolve(Id id) const;
  // The dictionary key bytes of a dictionary id (see term_codec.h), for
  // callers that want to avoid building a Term. REQUIRES: InDictionary(id).
  std::string ResolveBytes(Id id) const;
  // The terms of many ids at once: (*out)[i] is the term of ids[i]. The
  // dictionary ids are read in id order: a few by one sorted MultiGet, many
  // by walking one iterator (Next to near ids, Seek to far ones); either
  // costs far less per id than separate Resolve calls. Terms already in
  // *out are decoded into (their strings' capacity is reused). Throws
  // kCorruption for an id the dictionary lacks.
  void ResolveMany(const std::vector<Id>& ids, std::vector<Term>* out) const;

  StoreStats ReadStats(const SnapshotPtr& snapshot) const;
  // ReadStats, shared and kept until the data changes (KeepDerived): the
  // planner reads the statistics of every query.
  std::shared_ptr<const StoreStats> SharedStats(const SnapshotPtr& snapshot) const;
  std::optional<PredicateStats> ReadPredicateStats(const SnapshotPtr& snapshot, Id predicate) const;
  // Bytes of the database folder's files (FolderBytes).
  std::uint64_t BytesOnDisk() const;

  // Full manual compaction of every column family to the bottom level, and
  // a flush of the memtables first. Blocks until done. Readers go on.
  void Compact();

  // ---- Writing. Only one writer at a time: the caller holds the WriterLock
  // for the whole of a load or update.
  // Held for the whole of a write; releasing it ends the write (ids not
  // committed by then are given back).
  class WriterLock {
   public:
    explicit WriterLock(std::mutex& m) : lock_(m) {}

   private:
    std::unique_lock<std::mutex> lock_;
  };
  // Waits for the current writer, if any. Throws kReadOnly on a read-only store.
  std::unique_ptr<WriterLock> LockForWriting();

  // Allocates ids for a write in progress. Ids are reserved in memory only:
  // they become durable with the Commit that uses them; after an aborted
  // write the counters are rolled back with AbortIds().
  Id NewDictionaryId(TermKind kind, WriterLock& lock);
  Id NewBlankId(WriterLock& lock);
  void AbortIds(WriterLock& lock);

  // Makes the dictionary terms of `overlay` (may be null: none) visible to
  // LookupId, Resolve and ResolveBytes, and blank ids handed out by
  // NewBlankId known to LookupId, on the calling thread only (other threads
  // never see uncommitted terms). Cleared by passing null, by
  // CommitChanges, and when the lock is released (by the caller).
  void SetPendingTerms(WriterLock& lock, const WriteOverlay* overlay);

  // A term new to the dictionary, with the id NewDictionaryId gave it.
  struct NewTerm {
    Id id;
    std::string key;  // EncodeDictionaryKey bytes
  };

  // The quads of one write: in memory, or spilled into sorted runs.
  struct InsertBatch {
    std::vector<IdQuad> quads;      // any order, repeats allowed
    RunSet* runs = nullptr;         // if set, `quads` is spilled into it first
    // Optional head start when `runs` is unset: sorted chunks of the rows of
    // quads[0, presorted_count) in spog, posg and ospg order (a writer sorts
    // them while it waits for its parser).
    std::array<std::vector<std::vector<Row>>, 3> presorted;
    std::size_t presorted_count = 0;
    std::vector<NewTerm> new_terms;
    // If set, every new term is in it instead of in `new_terms`; its
    // blank-node entries (keys starting with 'B') are not dictionary terms.
    const TermSpill* term_spill = nullptr;
    std::uint64_t input_quads = 0;  // statements read, for the duplicate count
  };

  // Adds the batch's quads and new dictionary terms, all or nothing: small
  // batches through one WriteBatch, large ones (and every spilled batch) as
  // SST files ingested in one atomic step. Statistics are updated exactly in
  // the same step; quads already stored count as duplicates. Consumes the
  // batch's contents.
  CommitResult CommitInsert(WriterLock& lock, InsertBatch& batch);

  // Applies `overlay` (built over `base`, a snapshot taken while holding
  // `lock`) in one atomic step: removed quads are deleted from all six
  // permutations, added ones put, the overlay's terms used by added quads
  // written to the dictionary, and the statistics updated exactly: quad,
  // per-graph and per-predicate counts by the added/removed quads; distinct
  // subjects (objects) of a predicate by comparing, for each (s,p) ((p,o))
  // pair touched, whether a quad with it exists before and after the
  // change. Zero counts are removed (a graph with no quads does not exist).
  // Below ingest_threshold entries (quads changed plus terms written) the
  // step is one WriteBatch (synced when StoreOptions::sync_writes); above,
  // SST files per column family (puts and deletes in key order) ingested by
  // one IngestExternalFiles call, which RocksDB applies atomically and
  // durably, as CommitInsert does. Clears the pending terms.
  ChangeResult CommitChanges(WriterLock& lock, const SnapshotPtr& base, const WriteOverlay& overlay);

  // Below this many quads a commit goes through a WriteBatch, above through
  // SST ingestion. Exposed for tests.
  static constexpr std::size_t kIngestThreshold = 100000;
  void set_ingest_threshold_for_testing(std::size_t n) { ingest_threshold_ = n; }

  // ---- Raw access, for the consistency checker (storage/check.cc) only: it
  // must read every byte of every column family, malformed or not, at one
  // snapshot. Everything else goes through the typed methods above. The
  // handles belong to the Store and live as long as it does.
  struct RawColumnFamilies {
    rocksdb::DB* db = nullptr;
    rocksdb::ColumnFamilyHandle* meta = nullptr;
    rocksdb::ColumnFamilyHandle* term2id = nullptr;
    rocksdb::ColumnFamilyHandle* id2term = nullptr;
    rocksdb::ColumnFamilyHandle* stats = nullptr;
    std::array<rocksdb::ColumnFamilyHandle*, kNumPermutations> perms{};
  };
  RawColumnFamilies RawForChecking() const;
  // The RocksDB snapshot under `snapshot` (its base's, for an overlay one).
  static const rocksdb::Snapshot* RawSnapshot(const Snapshot& snapshot) { return snapshot.snapshot_; }

 private:
  // A cursor over the blocks of `perm` at `snapshot` (its stored rows: any
  // overlay is ignored); `cached`: through the decoded-block cache (for
  // queries; writers and checks read around it).
  RowBlockCursor PermCursor(const SnapshotPtr& snapshot, Permutation perm, bool cached = false) const;
  friend class RowCounter;
  // The key EstimateRows keeps its result under.
  static std::string EstimateKey(Permutation perm, const std::string& start, std::size_t count_limit);
  // EstimateRows without the cache; `start` is the prefix as key bytes.
  double EstimateRowsUncached(const SnapshotPtr& snapshot, Permutation perm, const std::string& start,
                              std::size_t count_limit) const;
  struct Impl;
  Store(std::filesystem::path dir, StoreOptions options);

  std::filesystem::path dir_;
  StoreOptions options_;
  std::unique_ptr<Impl> impl_;
  std::size_t ingest_threshold_ = kIngestThreshold;
};

}  // namespace corridor::storage
