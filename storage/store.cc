// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/transaction_log.h>
#include <rocksdb/utilities/options_util.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "storage/layout.h"
#include "storage/term_cache.h"

namespace corridor::storage {

namespace fs = std::filesystem;

namespace {

using namespace layout;  // column family names and keys (storage/layout.h)

std::string U64Bytes(std::uint64_t v) {
  std::string s(8, '\0');
  PutBigEndian64(s.data(), v);
  return s;
}

std::string StatKey(char kind, Id id) {
  std::string s(9, '\0');
  s[0] = kind;
  PutBigEndian64(s.data() + 1, id);
  return s;
}

std::uint64_t ReadU64At(std::string_view value, std::size_t index) {
  if (value.size() < 8 * (index + 1)) return 0;
  return GetBigEndian64(value.data() + 8 * index);
}

[[noreturn]] void ThrowStatus(const rocksdb::Status& s, const std::string& what) {
  using Code = StorageError::Code;
  Code code = Code::kIo;
  if (s.IsCorruption()) code = Code::kCorruption;
  if (s.IsInvalidArgument() || s.IsNotSupported()) code = Code::kInvalidArgument;
  throw StorageError(code, what + ": " + s.ToString());
}

void Check(const rocksdb::Status& s, const std::string& what) {
  if (!s.ok()) ThrowStatus(s, what);
}

// The smallest byte string greater than every string starting with
// `prefix`, or empty if there is none (prefix all 0xff).
std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    auto& c = reinterpret_cast<unsigned char&>(prefix.back());
    if (c != 0xff) {
      ++c;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

// Moves one iterator forward through ascending targets: a few Next steps
// before falling back to Seek, so dense targets cost a Next each and sparse
// ones a Seek. REQUIRES: targets passed to SeekForward never decrease.
class ForwardProbe {
 public:
  explicit ForwardProbe(rocksdb::Iterator* it) : it_(it) {}

  // Positions the iterator at the first key >= target (or past the end).
  void SeekForward(const rocksdb::Slice& target) {
    if (started_) {
      for (int i = 0; i < kMaxSteps && it_->Valid(); ++i) {
        if (it_->key().compare(target) >= 0) return;
        it_->Next();
      }
      if (!it_->Valid()) {
        Check(it_->status(), "reading an index");
        return;  // past the end: so are all later targets
      }
      if (it_->key().compare(target) >= 0) return;
    }
    started_ = true;
    it_->Seek(target);
    if (!it_->Valid()) Check(it_->status(), "reading an index");
  }
  // Whether some key starts with `prefix`.
  bool HasPrefix(const rocksdb::Slice& prefix) {
    SeekForward(prefix);
    return it_->Valid() && it_->key().starts_with(prefix);
  }
  // Whether `key` is present.
  bool Has(const rocksdb::Slice& key) {
    SeekForward(key);
    return it_->Valid() && it_->key() == key;
  }
  rocksdb::Iterator* iterator() { return it_; }

 private:
  static constexpr int kMaxSteps = 16;
  rocksdb::Iterator* it_;
  bool started_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------
// Snapshot and ScanIterator

Snapshot::~Snapshot() {
  if (snapshot_ != nullptr && base_ == nullptr) db_->ReleaseSnapshot(snapshot_);
}

ScanIterator::ScanIterator(SnapshotPtr snapshot, RowBlockCursor cursor, Permutation perm)
    : snapshot_(std::move(snapshot)), cursor_(std::move(cursor)), perm_(perm) {}

ScanIterator::~ScanIterator() = default;

namespace {

// Whether the first `len` slots of `row` are those of `prefix`.
inline bool StartsWith(const Row& row, const Row& prefix, int len) {
  for (int i = 0; i < len; ++i) {
    if (row[i] != prefix[i]) return false;
  }
  return true;
}

}  // namespace

void ScanIterator::LoadBase() {
  for (; cursor_.Valid(); cursor_.Next()) {
    const Row& r = cursor_.row();
    if (!StartsWith(r, prefix_, prefix_len_)) {
      base_valid_ = false;
      return;
    }
    if (removed_ != nullptr && std::binary_search(removed_->begin(), removed_->end(), r)) continue;
    base_row_ = r;
    base_valid_ = true;
    return;
  }
  base_valid_ = false;
}

void ScanIterator::SeekBase(const Row& target) {
  cursor_.Seek(target);
  LoadBase();
}

void ScanIterator::Pick() {
  const bool have_added = added_ != nullptr && add_pos_ < add_end_;
  if (!base_valid_ && !have_added) {
    valid_ = false;
    return;
  }
  from_added_ = have_added && (!base_valid_ || (*added_)[add_pos_] < base_row_);
  quad_ = FromRow(from_added_ ? (*added_)[add_pos_] : base_row_, perm_);
  valid_ = true;
}

void ScanIterator::Next() {
  if (from_added_) {
    ++add_pos_;
  } else {
    cursor_.Next();
    LoadBase();
  }
  Pick();
}

namespace {

// The key bytes of `ids` (a prefix or a key, in slot order): 8 big-endian
// bytes each.
std::string IdsKey(const std::vector<Id>& ids) {
  std::string key(8 * ids.size(), '\0');
  for (std::size_t i = 0; i < ids.size(); ++i) PutBigEndian64(key.data() + 8 * i, ids[i]);
  return key;
}

Row PaddedRow(const std::vector<Id>& ids) {
  Row r{};
  for (std::size_t i = 0; i < ids.size() && i < r.size(); ++i) r[i] = ids[i];
  return r;
}

}  // namespace

void ScanIterator::SetPrefix(const std::vector<Id>& prefix) {
  prefix_len_ = static_cast<int>(std::min<std::size_t>(prefix.size(), 4));
  prefix_ = PaddedRow(prefix);
  if (added_ != nullptr) {
    const auto& rows = *added_;
    auto less_prefix = [&](const Row& r) {
      for (int i = 0; i < prefix_len_; ++i) {
        if (r[i] != prefix_[i]) return r[i] < prefix_[i];
      }
      return false;
    };
    auto le_prefix = [&](const Row& r) {
      for (int i = 0; i < prefix_len_; ++i) {
        if (r[i] != prefix_[i]) return r[i] < prefix_[i];
      }
      return true;
    };
    add_pos_ = std::partition_point(rows.begin(), rows.end(), less_prefix) - rows.begin();
    add_begin_ = add_pos_;
    add_end_ = std::partition_point(rows.begin(), rows.end(), le_prefix) - rows.begin();
  }
}

void ScanIterator::Reset(const std::vector<Id>& prefix) { Reset(prefix, prefix); }

void ScanIterator::Reset(const std::vector<Id>& prefix, const std::vector<Id>& from) {
  SetPrefix(prefix);
  const Row target = PaddedRow(from);
  if (added_ != nullptr && from.size() > prefix.size()) {
    add_pos_ = static_cast<std::size_t>(
        std::lower_bound(added_->begin() + add_begin_, added_->begin() + add_end_, target) - added_->begin());
  }
  SeekBase(target);
  Pick();
}

void ScanIterator::Seek(const std::vector<Id>& slots) {
  Row target = PaddedRow(slots);
  if (target < prefix_) target = prefix_;
  SeekBase(target);
  if (added_ != nullptr) {
    add_pos_ = static_cast<std::size_t>(
        std::lower_bound(added_->begin() + add_begin_, added_->begin() + add_end_, target) - added_->begin());
  }
  Pick();
}

namespace {

// The scratch folder of one commit's SST files: created (empty) when the
// commit writes files, removed with whatever is left in it when the commit
// ends, by success or by an exception.
class IngestDir {
 public:
  IngestDir(fs::path dir, bool create) : dir_(std::move(dir)) {
    if (!create) return;
    std::error_code ec;
    fs::remove_all(dir_, ec);
    fs::create_directories(dir_, ec);
    if (ec) throw StorageError(StorageError::Code::kIo, "cannot create " + dir_.string() + ": " + ec.message());
    active_ = true;
  }
  ~IngestDir() {
    std::error_code ec;
    if (active_) fs::remove_all(dir_, ec);
  }
  IngestDir(const IngestDir&) = delete;
  IngestDir& operator=(const IngestDir&) = delete;

 private:
  fs::path dir_;
  bool active_ = false;
};

// Runs `jobs` on this thread and one helper thread; rethrows the first
// failure after all have finished.
void RunOnTwoThreads(std::vector<std::function<void()>>& jobs) {
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::atomic<std::size_t> next_job{0};
  auto worker = [&] {
    for (std::size_t j; (j = next_job++) < jobs.size();) {
      try {
        jobs[j]();
      } catch (...) {
        std::lock_guard<std::mutex> g(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::thread helper(worker);
  worker();
  helper.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

// ---------------------------------------------------------------------------
// Store::Impl

struct Store::Impl {
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // as opened
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* term2id = nullptr;
  rocksdb::ColumnFamilyHandle* id2term = nullptr;
  rocksdb::ColumnFamilyHandle* stats = nullptr;
  std::array<rocksdb::ColumnFamilyHandle*, kNumPermutations> perms{};
  std::map<std::string, rocksdb::ColumnFamilyOptions> cf_options;
  std::shared_ptr<rocksdb::Cache> cache;
  // Dictionary entries read from the committed dictionary (never a write's
  // pending ones), kept across queries: see term_cache.h.
  TermCache term_cache;
  // Decoded permutation blocks, kept across queries (row_blocks.h).
  DecodedBlockCache decoded_blocks;

  explicit Impl(std::size_t decoded_block_bytes) : decoded_blocks(decoded_block_bytes) {}

  // Store::KeepDerived values: key -> (value, sequence number, bytes).
  struct Derived {
    std::shared_ptr<const void> value;
    rocksdb::SequenceNumber seq;
    std::size_t bytes;
  };
  std::mutex derived_mutex;
  std::unordered_map<std::string, Derived> derived;
  std::size_t derived_bytes = 0;

  std::mutex writer_mutex;
  // Committed counters, and the counters of the write in progress.
  std::uint64_t next_dict_committed = 1, next_blank_committed = 1;
  std::uint64_t next_dict = 1, next_blank = 1;
  // The pending terms of the write in progress, visible on its thread only.
  std::atomic<std::thread::id> pending_owner{};
  const WriteOverlay* pending = nullptr;  // read only by pending_owner

  // The overlay whose terms the calling thread may see, or null.
  const WriteOverlay* PendingForThisThread() const {
    if (pending_owner.load(std::memory_order_acquire) != std::this_thread::get_id()) return nullptr;
    return pending;
  }

  ~Impl() {
    if (db != nullptr) {
      for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
      db->Close();
      delete db;
    }
  }

  rocksdb::ColumnFamilyHandle* PermHandle(Permutation p) const {
    return perms[static_cast<int>(p)];
  }
};

namespace {

// RocksDB's info log ("LOG" in the database folder), written with stdio.
// RocksDB's own log writer asserts (aborting the process in Debian's
// librocksdb, which keeps assertions) when its background recovery from a
// full disk logs again after a failed write; this one drops what it cannot
// write. Thread-safe.
class InfoLog final : public rocksdb::Logger {
 public:
  explicit InfoLog(const fs::path& file)
      : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL), file_(std::fopen(file.c_str(), "a")) {}
  ~InfoLog() override {
    if (file_ != nullptr) std::fclose(file_);
  }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    if (file_ == nullptr) return;
    std::lock_guard<std::mutex> lock(mu_);
    std::vfprintf(file_, format, ap);
    std::fputc('\n', file_);
    std::fflush(file_);
  }

 private:
  std::mutex mu_;
  std::FILE* file_;
};

rocksdb::ColumnFamilyOptions MakeCfOptions(const std::string& name,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.format_version = 5;
  // Index and filter blocks live with the open table readers (RocksDB's
  // default), not in the block cache: they are read when a table is opened,
  // at Database::Open (max_open_files = -1), so a first query does not pay
  // for loading a 2 MB dictionary bloom filter, and queries do not contend
  // for them in the cache. They take about 1.5 bytes per key of memory.
  t.cache_index_and_filter_blocks = false;
  if (name == kTerm2IdCf || name == kId2TermCf) {
    // Point look-ups: whole-key bloom filters, and a hash index inside
    // each data block, so a look-up finds its key without the binary search
    // over restart points and the linear scan after it (callgrind on LUBM
    // q14's result decoding: that search was the largest single cost).
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    t.block_size = 8 << 10;
    t.data_block_index_type = rocksdb::BlockBasedTableOptions::kDataBlockBinaryAndHash;
    t.data_block_hash_table_util_ratio = 0.75;
    // The hash finds the restart point; a short interval keeps the scan
    // from there short.
    t.block_restart_interval = 4;
  } else {
    // Index permutations: each entry is a block of rows (row_blocks.h),
    // found by seeking to its last row; no filter can answer such a seek.
    // Entries are a few hundred bytes, so a restart point per entry costs
    // little and lets a seek binary-search straight to its entry instead of
    // stepping over up to 15 values after the restart point. 4 KiB SST
    // blocks: a probe that misses the caches decompresses 4 KiB, not 16.
    t.block_size = 4 << 10;
    t.block_restart_interval = 1;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  // The permutations: LZ4 at every level. A first query on a fresh open
  // spent two thirds of its instructions decompressing ZSTD blocks; with
  // LZ4 and 4 KiB blocks first runs take a third less (WatDiv). The
  // dictionary keeps ZSTD at the bottom: its strings are most of the bytes
  // on disk, and LZ4 there gained 10% more on first runs for 3 bytes more
  // a triple (storage/README.md, "Tuning").
  const bool dictionary = name == kTerm2IdCf || name == kId2TermCf;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = dictionary ? rocksdb::kZSTD : rocksdb::kLZ4Compression;
  o.write_buffer_size = 32 << 20;
  return o;
}

// Removes the scratch folders of loads and commits (load-<pid>-runs,
// load-<pid>-terms, ingest-<pid>) left in `dir` by a process that was
// killed. Called with the database open for writing: RocksDB's LOCK keeps
// every other process out, and this process has not started a write yet,
// so none of them is in use. Best effort: a folder that cannot be removed
// stays (`corridor check` notes it).
void RemoveScratchFolders(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    std::error_code entry_ec;
    if (!entry.is_directory(entry_ec)) continue;
    const bool load = name.rfind("load-", 0) == 0 &&
                      (name.size() > 5 && (name.ends_with("-runs") || name.ends_with("-terms")));
    if (load || name.rfind("ingest-", 0) == 0) stale.push_back(entry.path());
  }
  for (const fs::path& p : stale) fs::remove_all(p, ec);
}

// Removes the empty write-ahead logs older than `db`'s current one. Every
// open for writing starts a new WAL, and RocksDB 7.8 (Debian 12) keeps the
// previous, empty one until a memtable flush, which a session that only
// reads never makes: without this, each open left one more empty NNNNNN.log
// behind (hundreds after a benchmark). Fixed upstream in RocksDB 8.3
// (facebook/rocksdb#11409); deleting them is safe because WALs are not
// tracked in the MANIFEST (track_and_verify_wals_in_manifest is false) and
// an empty log holds nothing to recover. Called with the LOCK held, so no
// other process writes to them. Best effort.
void RemoveEmptyOldWals(rocksdb::DB* db, const fs::path& dir) {
  std::unique_ptr<rocksdb::LogFile> current;
  if (!db->GetCurrentWalFile(&current).ok() || !current) return;
  std::error_code ec;
  std::vector<fs::path> empty;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.ends_with(".log") || name.size() <= 4 || name.size() > 4 + 19) continue;
    const std::string digits = name.substr(0, name.size() - 4);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    std::error_code size_ec;
    const auto size = fs::file_size(it->path(), size_ec);
    if (!size_ec && size == 0 && std::stoull(digits) < current->LogNumber()) empty.push_back(it->path());
  }
  for (const fs::path& p : empty) fs::remove(p, ec);
}

std::vector<std::string> AllCfNames() {
  std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName, kTerm2IdCf, kId2TermCf,
                                    kStatsCf};
  for (const char* p : kPermutationName) names.emplace_back(p);
  return names;
}

// RocksDB's files from the first moments of creating a database, before it
// writes CURRENT. A folder holding nothing else is a creation that was
// interrupted (the process was killed), not somebody's data.
bool IsCreationLeftover(const fs::directory_entry& entry) {
  const std::string n = entry.path().filename().string();
  auto starts = [&](std::string_view p) { return n.rfind(p, 0) == 0; };
  std::error_code ec;
  return entry.is_regular_file(ec) &&
         (n == "LOCK" || n == "LOG" || n == "IDENTITY" || starts("LOG.old.") || starts("MANIFEST-") ||
          starts("OPTIONS-") || (n.size() > 6 && n.compare(n.size() - 6, 6, ".dbtmp") == 0));
}

// Whether every column family of an open database is empty.
bool AllEmpty(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;  // the permutations have a prefix extractor
  for (auto* h : handles) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, h));
    it->SeekToFirst();
    if (it->Valid()) return false;
    Check(it->status(), "reading a column family");
  }
  return true;
}

// A RocksDB database in `name` whose column families are a subset of ours:
// whether it holds no key at all (so it is a Corridor creation that was
// killed before it finished, and finishing it loses nothing).
// An info log that writes nothing, for opens that must leave a folder that
// may not be ours exactly as it is.
struct DiscardLogger : rocksdb::Logger {
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

bool IsEmptyDatabase(rocksdb::DBOptions db_options, const std::string& name,
                     const std::vector<std::string>& cf_names) {
  // Leaves the folder as it is: no info log (RocksDB would rotate the LOG
  // file of a database that may be another application's).
  db_options.info_log = std::make_shared<DiscardLogger>();
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& cf : cf_names) descriptors.emplace_back(cf, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(db_options, name, descriptors, &handles, &db).ok()) return false;
  const bool empty = AllEmpty(db, handles);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
  return empty;
}

StorageError NewerFormat(const std::string& name, std::uint64_t version) {
  return StorageError(StorageError::Code::kVersion,
                      "database " + name + " was written by a newer Corridor (format version " +
                          std::to_string(version) + "; this build reads up to " +
                          std::to_string(kFormatVersion) + ")");
}

// Format 1 kept one index key per quad, format 2 row blocks with a plainer
// row encoding (store.h). No conversion is offered: the data must be
// loaded again.
StorageError OlderFormat(const std::string& name, std::uint64_t version) {
  return StorageError(StorageError::Code::kVersion,
                      "database " + name + " was written by an older Corridor (format version " +
                          std::to_string(version) + "; this build reads format " +
                          std::to_string(kFormatVersion) + "): load its data into a new database");
}

// The format version recorded in database `name`, read through a read-only
// open of the metadata column family alone (which leaves the folder as it
// is); nullopt when it cannot be read that way (the caller's open reports
// why).
std::optional<std::uint64_t> ProbeFormatVersion(rocksdb::DBOptions db_options, const std::string& name) {
  db_options.info_log = std::make_shared<DiscardLogger>();
  db_options.max_open_files = 16;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(db_options, name, descriptors, &handles, &db).ok()) return std::nullopt;
  std::string value;
  const rocksdb::Status s = db->Get(rocksdb::ReadOptions(), handles[0], std::string(kMetaFormat), &value);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
  if (!s.ok() || value.empty()) return std::nullopt;
  char* end = nullptr;
  const std::uint64_t version = std::strtoull(value.c_str(), &end, 10);
  if (end == nullptr || *end != '\0') return std::nullopt;  // damage: the main open says so
  return version;
}

}  // namespace

Store::Store(fs::path dir, StoreOptions options)
    : dir_(std::move(dir)), options_(options), impl_(std::make_unique<Impl>(options.decoded_block_cache_bytes)) {}

Store::~Store() = default;

std::unique_ptr<Store> Store::Open(const fs::path& dir, const StoreOptions& options) {
  using Code = StorageError::Code;
  std::error_code ec;
  const std::string name = dir.string();
  bool fresh = false;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      throw StorageError(Code::kInvalidArgument, "database path " + name + " is not a directory");
    }
    if (!fs::exists(dir / "CURRENT", ec)) {
      // Empty, or left by a creation killed before RocksDB wrote CURRENT.
      bool leftovers_only = true;
      for (const auto& entry : fs::directory_iterator(dir, ec)) {
        leftovers_only = leftovers_only && IsCreationLeftover(entry);
      }
      if (ec || !leftovers_only) {
        throw StorageError(Code::kNotADatabase,
                           name + " is not a Corridor database (the folder is not empty and "
                                  "holds no database)");
      }
      fresh = true;
    }
  } else {
    if (!options.create_if_missing || options.read_only) {
      throw StorageError(Code::kIo, "database " + name + " does not exist");
    }
    fs::create_directories(dir, ec);
    if (ec) throw StorageError(Code::kIo, "cannot create database folder " + name + ": " + ec.message());
    fresh = true;
  }
  if (fresh && options.read_only) {
    throw StorageError(Code::kIo, "database " + name + " does not exist");
  }
  if (fresh && access(dir.c_str(), W_OK) != 0) {
    throw StorageError(Code::kIo, "cannot create a database in " + name + ": not writable");
  }

  std::unique_ptr<Store> store(new Store(dir, options));
  Impl& impl = *store->impl_;
  impl.cache = rocksdb::NewLRUCache(options.block_cache_bytes);

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = fresh;
  db_options.create_missing_column_families = fresh;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.keep_log_file_num = 2;
  db_options.max_open_files = -1;  // every table open from the start (see MakeCfOptions)

  if (!fresh) {
    // Only our column families, all of them: anything else is not ours.
    std::vector<std::string> existing;
    rocksdb::Status s = rocksdb::DB::ListColumnFamilies(db_options, name, &existing);
    if (!s.ok()) {
      throw StorageError(s.IsCorruption() ? Code::kCorruption : Code::kNotADatabase,
                         name + " is not a readable Corridor database: " + s.ToString());
    }
    auto expected = AllCfNames();
    std::sort(existing.begin(), existing.end());
    std::sort(expected.begin(), expected.end());
    if (existing != expected) {
      // Some of ours and nothing in them: a creation killed while it made
      // the column families. Finish it; anything else is not ours.
      if (!std::includes(expected.begin(), expected.end(), existing.begin(), existing.end()) ||
          !IsEmptyDatabase(db_options, name, existing)) {
        throw StorageError(Code::kNotADatabase,
                           name + " is a RocksDB database but not a Corridor database "
                                  "(its column families differ)");
      }
      if (options.read_only) {
        throw StorageError(Code::kIo, "database " + name +
                                          " does not exist (its creation was interrupted; opening "
                                          "it for writing finishes it)");
      }
      db_options.create_missing_column_families = true;
    } else if (!options.read_only) {
      // Refuse another format before RocksDB opens the folder for writing
      // (which would write a new OPTIONS file and MANIFEST into it).
      if (auto version = ProbeFormatVersion(db_options, name); version && *version != 0 && *version != kFormatVersion) {
        throw *version > kFormatVersion ? NewerFormat(name, *version) : OlderFormat(name, *version);
      }
    }
  }

  // Only now that the folder is known to be ours (or new) may LOG be created.
  if (!options.read_only) db_options.info_log = std::make_shared<InfoLog>(dir / "LOG");
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& cf : AllCfNames()) {
    auto cfo = MakeCfOptions(cf, impl.cache);
    impl.cf_options[cf] = cfo;
    descriptors.emplace_back(cf, cfo);
  }
  rocksdb::Status s;
  if (options.read_only) {
    s = rocksdb::DB::OpenForReadOnly(db_options, name, descriptors, &impl.handles, &impl.db);
  } else {
    s = rocksdb::DB::Open(db_options, name, descriptors, &impl.handles, &impl.db);
  }
  if (!s.ok()) {
    const std::string msg = s.ToString();
    // Only a held lock: other I/O errors on the LOCK file (a read-only file
    // system, no permission) are reported as they are.
    if (s.IsIOError() && (msg.find("lock hold by current process") != std::string::npos ||
                          msg.find("Resource temporarily unavailable") != std::string::npos)) {
      throw StorageError(Code::kLocked, "database " + name +
                                            " is already open in another process (its LOCK "
                                            "file is held)");
    }
    if (s.IsCorruption()) throw StorageError(Code::kCorruption, "database " + name + " is damaged: " + msg);
    throw StorageError(Code::kIo, "cannot open database " + name + ": " + msg);
  }
  auto names = AllCfNames();
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto* h = impl.handles[i];
    if (names[i] == rocksdb::kDefaultColumnFamilyName) impl.meta = h;
    else if (names[i] == kTerm2IdCf) impl.term2id = h;
    else if (names[i] == kId2TermCf) impl.id2term = h;
    else if (names[i] == kStatsCf) impl.stats = h;
    else {
      for (int p = 0; p < kNumPermutations; ++p) {
        if (names[i] == kPermutationName[p]) impl.perms[p] = h;
      }
    }
  }

  std::string value;
  if (!fresh) {
    s = impl.db->Get(rocksdb::ReadOptions(), impl.meta, std::string(kMetaFormat), &value);
    if (s.IsNotFound() && AllEmpty(impl.db, impl.handles)) {
      // Killed after creating the column families, before the metadata.
      if (options.read_only) {
        throw StorageError(Code::kIo, "database " + name +
                                          " does not exist (its creation was interrupted; opening "
                                          "it for writing finishes it)");
      }
      fresh = true;
    }
  }
  if (fresh) {
    rocksdb::WriteBatch batch;
    batch.Put(impl.meta, std::string(kMetaFormat), std::to_string(kFormatVersion));
    batch.Put(impl.meta, std::string(kMetaNextDict), U64Bytes(1));
    batch.Put(impl.meta, std::string(kMetaNextBlank), U64Bytes(1));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    Check(impl.db->Write(wo, &batch), "initialising database " + name);
  } else {
    s = impl.db->Get(rocksdb::ReadOptions(), impl.meta, std::string(kMetaFormat), &value);
    if (s.IsNotFound()) {
      throw StorageError(Code::kNotADatabase, name + " is not a Corridor database (no format version)");
    }
    Check(s, "reading format version of " + name);
    std::uint64_t version = std::strtoull(value.c_str(), nullptr, 10);
    if (version == 0) throw StorageError(Code::kCorruption, "database " + name + " has a bad format version");
    if (version > kFormatVersion) throw NewerFormat(name, version);
    if (version < kFormatVersion) throw OlderFormat(name, version);
  }
  for (auto [key, counter] : {std::pair{kMetaNextDict, &impl.next_dict_committed},
                              std::pair{kMetaNextBlank, &impl.next_blank_committed}}) {
    s = impl.db->Get(rocksdb::ReadOptions(), impl.meta, std::string(key), &value);
    Check(s, "reading " + std::string(key) + " of " + name);
    if (value.size() != 8) throw StorageError(Code::kCorruption, "bad " + std::string(key) + " in " + name);
    *counter = GetBigEndian64(value.data());
  }
  impl.next_dict = impl.next_dict_committed;
  impl.next_blank = impl.next_blank_committed;
  if (!options.read_only) {
    RemoveScratchFolders(dir);
    RemoveEmptyOldWals(impl.db, dir);
  }
  // The statistics are the planner's catalog: every query plans with them.
  // Read at open, like the table readers, not by the first query (a few
  // hundred entries; 5% of a small WatDiv query's first run).
  store->SharedStats(store->GetSnapshot());
  return store;
}

SnapshotPtr Store::GetSnapshot() const {
  return SnapshotPtr(new Snapshot(impl_->db, impl_->db->GetSnapshot()));
}

SnapshotPtr Store::OverlaySnapshot(const SnapshotPtr& base, const WriteOverlay* overlay) const {
  auto* s = new Snapshot(impl_->db, base->snapshot_);
  s->base_ = base->base_ ? base->base_ : base;
  s->overlay_ = overlay;
  return SnapshotPtr(s);
}

RowBlockCursor Store::PermCursor(const SnapshotPtr& snapshot, Permutation perm, bool cached) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot->snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->PermHandle(perm)));
  const char* name = kPermutationName[static_cast<int>(perm)];
  if (!cached || snapshot->snapshot_ == nullptr) return RowBlockCursor(std::move(it), name);
  return RowBlockCursor(std::move(it), name, &impl_->decoded_blocks, static_cast<int>(perm),
                        snapshot->snapshot_->GetSequenceNumber());
}

bool Store::Contains(const SnapshotPtr& snapshot, const IdQuad& q) const {
  RowBlockCursor cursor = PermCursor(snapshot, Permutation::kSpog);
  const Row row = ToRow(q, Permutation::kSpog);
  cursor.Seek(row);
  return cursor.Valid() && cursor.row() == row;
}

void Store::ContainsSorted(const SnapshotPtr& snapshot, const std::vector<IdQuad>& sorted,
                           std::vector<char>* found) const {
  found->assign(sorted.size(), 0);
  if (sorted.empty()) return;
  RowBlockCursor cursor = PermCursor(snapshot, Permutation::kSpog);
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const Row row = ToRow(sorted[i], Permutation::kSpog);
    cursor.Seek(row);  // ascending targets: mostly answered by the decoded block
    if (!cursor.Valid()) break;  // past the last row: the rest are absent
    (*found)[i] = cursor.row() == row ? 1 : 0;
  }
}

void Store::LookupDictionaryKeys(const std::vector<std::string_view>& sorted_keys, std::vector<Id>* ids) const {
  ids->assign(sorted_keys.size(), kNoId);
  if (sorted_keys.empty() || !DictionaryMayHold(sorted_keys.front(), sorted_keys.back())) return;
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->term2id));
  ForwardProbe probe(it.get());
  for (std::size_t i = 0; i < sorted_keys.size(); ++i) {
    const rocksdb::Slice key(sorted_keys[i].data(), sorted_keys[i].size());
    if (probe.Has(key)) {
      const rocksdb::Slice v = it->value();
      if (v.size() != 8) throw StorageError(StorageError::Code::kCorruption, "bad dictionary entry");
      (*ids)[i] = GetBigEndian64(v.data());
    }
    if (!it->Valid()) break;
  }
}

bool Store::DictionaryMayHold(std::string_view lowest, std::string_view highest) const {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->term2id));
  it->Seek(rocksdb::Slice(lowest.data(), lowest.size()));
  if (!it->Valid()) {
    Check(it->status(), "reading the dictionary");
    return false;
  }
  return it->key().compare(rocksdb::Slice(highest.data(), highest.size())) <= 0;
}

void Store::SetPendingTerms(WriterLock&, const WriteOverlay* overlay) {
  impl_->pending = overlay;
  impl_->pending_owner.store(overlay != nullptr ? std::this_thread::get_id() : std::thread::id(),
                             std::memory_order_release);
}

Permutation Store::ChoosePermutation(bool s, bool p, bool o, bool g, int* prefix_len) {
  const int n = int{s} + int{p} + int{o} + int{g};
  if (prefix_len != nullptr) *prefix_len = n;
  // For each permutation, the bound positions must be exactly its first n slots.
  for (int perm = 0; perm < kNumPermutations; ++perm) {
    const auto& order = kPermutationOrder[perm];
    const bool bound[4] = {s, p, o, g};
    bool ok = true;
    for (int i = 0; i < n && ok; ++i) ok = bound[order[i]];
    if (ok) return static_cast<Permutation>(perm);
  }
  return Permutation::kSpog;  // unreachable: the six cover all 16 patterns
}

std::string Store::EstimateKey(Permutation perm, const std::string& start, std::size_t count_limit) {
  return "store.estimate " + std::string(1, static_cast<char>(perm)) + start + " " + std::to_string(count_limit);
}

double Store::EstimateRows(const SnapshotPtr& snapshot, Permutation perm, const std::vector<Id>& prefix,
                           std::size_t count_limit) const {
  const std::string start = IdsKey(prefix);
  const std::string cache_key = EstimateKey(perm, start, count_limit);
  if (auto kept = std::static_pointer_cast<const double>(FindDerived(snapshot, cache_key))) return *kept;
  const double rows = EstimateRowsUncached(snapshot, perm, start, count_limit);
  KeepDerived(snapshot, cache_key, std::make_shared<const double>(rows), sizeof(double));
  return rows;
}

std::unique_ptr<RowCounter> Store::Counter(const SnapshotPtr& snapshot, Permutation perm) const {
  return std::unique_ptr<RowCounter>(new RowCounter(this, snapshot, PermCursor(snapshot, perm, /*cached=*/true), perm));
}

RowCounter::RowCounter(const Store* store, SnapshotPtr snapshot, RowBlockCursor cursor, Permutation perm)
    : store_(store), snapshot_(std::move(snapshot)), cursor_(std::move(cursor)), perm_(perm) {}

RowCounter::~RowCounter() = default;

double RowCounter::Estimate(const std::vector<Id>& prefix, std::size_t count_limit) {
  const std::string start = IdsKey(prefix);
  const std::string cache_key = Store::EstimateKey(perm_, start, count_limit);
  if (auto kept = std::static_pointer_cast<const double>(store_->FindDerived(snapshot_, cache_key))) return *kept;
  Row target{};
  const int len = static_cast<int>(std::min<std::size_t>(prefix.size(), 4));
  for (int i = 0; i < len; ++i) target[i] = prefix[i];
  // Whole blocks inside the prefix count without looking at their rows;
  // the block the range ends in is counted row by row.
  std::size_t n = 0;
  bool more = false;
  for (cursor_.Seek(target); cursor_.Valid();) {
    if (StartsWith(cursor_.BlockLastRow(), target, len)) {
      n += cursor_.RowsLeftInBlock();
      if (n > count_limit) {
        more = true;
        break;
      }
      cursor_.NextBlock();
      continue;
    }
    for (; cursor_.Valid() && StartsWith(cursor_.row(), target, len); cursor_.Next()) ++n;
    break;
  }
  const double rows = more || n > count_limit
                          ? store_->EstimateRowsUncached(snapshot_, perm_, start, count_limit)
                          : static_cast<double>(n);
  store_->KeepDerived(snapshot_, cache_key, std::make_shared<const double>(rows), sizeof(double));
  return rows;
}

namespace {

rocksdb::SequenceNumber SnapshotSequence(rocksdb::DB* db, const rocksdb::Snapshot* snapshot) {
  return snapshot != nullptr ? snapshot->GetSequenceNumber() : db->GetLatestSequenceNumber();
}

}  // namespace

std::uint64_t Store::SequenceOf(const SnapshotPtr& snapshot) const {
  return SnapshotSequence(impl_->db, snapshot->snapshot_);
}

std::uint64_t Store::LatestSequence() const { return impl_->db->GetLatestSequenceNumber(); }

std::shared_ptr<const void> Store::FindDerived(const SnapshotPtr& snapshot, const std::string& key) const {
  if (snapshot->overlay_ != nullptr) return nullptr;
  const rocksdb::SequenceNumber seq = SnapshotSequence(impl_->db, snapshot->snapshot_);
  std::lock_guard<std::mutex> lock(impl_->derived_mutex);
  auto it = impl_->derived.find(key);
  if (it == impl_->derived.end() || it->second.seq != seq) return nullptr;
  return it->second.value;
}

void Store::KeepDerived(const SnapshotPtr& snapshot, std::string key, std::shared_ptr<const void> value,
                        std::size_t bytes) const {
  if (snapshot->overlay_ != nullptr) return;
  const rocksdb::SequenceNumber seq = SnapshotSequence(impl_->db, snapshot->snapshot_);
  bytes += key.size() + sizeof(Impl::Derived) + 64;  // the entry's own cost, roughly
  if (bytes > kMaxDerivedBytes / 16) return;  // not worth crowding out the rest
  std::lock_guard<std::mutex> lock(impl_->derived_mutex);
  if (auto it = impl_->derived.find(key); it != impl_->derived.end()) {
    impl_->derived_bytes -= it->second.bytes;
    impl_->derived.erase(it);
  }
  if (impl_->derived_bytes + bytes > kMaxDerivedBytes) {
    impl_->derived.clear();
    impl_->derived_bytes = 0;
  }
  impl_->derived.emplace(std::move(key), Impl::Derived{std::move(value), seq, bytes});
  impl_->derived_bytes += bytes;
}

double Store::EstimateRowsUncached(const SnapshotPtr& snapshot, Permutation perm, const std::string& start,
                                   std::size_t count_limit) const {
  Row prefix{};
  const int len = static_cast<int>(std::min<std::size_t>(start.size() / 8, 4));
  for (int i = 0; i < len; ++i) prefix[i] = GetBigEndian64(start.data() + 8 * i);
  auto in_prefix = [&](const Row& r) { return StartsWith(r, prefix, len); };
  // Blocks wholly inside the prefix are counted from their row count alone,
  // without decoding; the first block and the one the range ends in are
  // decoded. Counting goes on past count_limit rows until the blocks
  // counted span several SST blocks (kSampleBlocks entries of a few hundred
  // bytes, against SST blocks of 4 KiB), so that the byte sizes the
  // estimate is scaled by are not quantised to a single SST block.
  constexpr std::size_t kSampleBlocks = 256;
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot->snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->PermHandle(perm)));
  const char* name = kPermutationName[static_cast<int>(perm)];
  auto malformed = [&] {
    return StorageError(StorageError::Code::kCorruption, std::string("malformed block in index ") + name);
  };
  std::vector<Row> rows;
  std::size_t n = 0, blocks = 0;
  for (it->Seek(start); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key(), value = it->value();
    const std::string_view key_bytes(key.data(), key.size());
    if (key.size() != kQuadKeySize) throw malformed();
    const bool ends_inside = in_prefix(RowOfKey(key.data()));
    if (blocks == 0 || !ends_inside) {
      if (!DecodeRowBlock(key_bytes, std::string_view(value.data(), value.size()), &rows)) throw malformed();
      n += static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), in_prefix));
      if (!ends_inside) return static_cast<double>(n);  // the range ends in this block
    } else {
      std::uint64_t count = 0;
      if (!RowBlockCount(std::string_view(value.data(), value.size()), &count)) throw malformed();
      n += count;
    }
    if (++blocks >= kSampleBlocks && n >= count_limit) break;
  }
  if (!it->Valid()) {
    Check(it->status(), "index scan");
    return static_cast<double>(n);
  }
  // More rows than the sample: scale the range's bytes by those of the
  // blocks counted (up to and with the current one).
  std::string limit = PrefixSuccessor(start);
  if (limit.empty()) limit.assign(kQuadKeySize + 1, '\xff');
  const std::string sample_end = PrefixSuccessor(it->key().ToString());
  rocksdb::Range ranges[2] = {rocksdb::Range(start, limit), rocksdb::Range(start, sample_end)};
  std::uint64_t sizes[2] = {0, 0};
  rocksdb::SizeApproximationOptions o;
  o.include_memtables = true;
  o.include_files = true;
  rocksdb::Status s = impl_->db->GetApproximateSizes(o, impl_->PermHandle(perm), ranges, 2, sizes);
  if (!s.ok() || sizes[1] == 0 || sizes[0] <= sizes[1]) return static_cast<double>(n);
  return static_cast<double>(n) * static_cast<double>(sizes[0]) / static_cast<double>(sizes[1]);
}

std::unique_ptr<ScanIterator> Store::Scan(const SnapshotPtr& snapshot, Permutation perm,
                                          const std::vector<Id>& prefix) const {
  std::unique_ptr<ScanIterator> scan(new ScanIterator(snapshot, PermCursor(snapshot, perm, /*cached=*/true), perm));
  if (const WriteOverlay* overlay = snapshot->overlay_) {
    scan->added_ = &overlay->AddedRows(perm);
    scan->removed_ = &overlay->RemovedRows(perm);
  }
  scan->SetPrefix(prefix);
  scan->SeekBase(scan->prefix_);
  scan->Pick();
  return scan;
}

std::optional<Id> Store::LookupId(const TermParts& term) const {
  if (auto inl = TryInlineId(term)) return inl;
  if (term.kind == TermKind::kBlank) {
    // Store labels are "b" + hex sequence number.
    std::string_view v = term.value;
    if (v.size() < 2 || v.size() > 15 || v[0] != 'b') return std::nullopt;
    std::uint64_t seq = 0;
    for (char c : v.substr(1)) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      seq = seq * 16 + static_cast<unsigned>(d);
    }
    const std::uint64_t limit =
        impl_->PendingForThisThread() != nullptr ? impl_->next_blank : impl_->next_blank_committed;
    if (seq == 0 || seq >= limit) return std::nullopt;
    return MakeId(kTagBlank, seq);
  }
  std::string key = EncodeDictionaryKey(term);
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->term2id, key, &value);
  if (s.IsNotFound()) {
    if (const WriteOverlay* pending = impl_->PendingForThisThread()) return pending->FindTerm(key);
    return std::nullopt;
  }
  Check(s, "dictionary look-up");
  if (value.size() != 8) throw StorageError(StorageError::Code::kCorruption, "bad dictionary entry");
  return GetBigEndian64(value.data());
}

std::string Store::ResolveBytes(Id id) const {
  if (const WriteOverlay* pending = impl_->PendingForThisThread()) {
    if (const std::string* key = pending->FindKey(id)) return *key;
  }
  std::string value;
  if (impl_->term_cache.Find(id, &value)) return value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->id2term, U64Bytes(id), &value);
  if (s.IsNotFound()) {
    throw StorageError(StorageError::Code::kCorruption,
                       "id " + std::to_string(id) + " is not in the dictionary");
  }
  Check(s, "dictionary read");
  impl_->term_cache.Put(id, value);
  return value;
}

Term Store::Resolve(Id id) const {
  if (!InDictionary(id)) return DecodeNonDictionaryId(id);
  Term t;
  if (!DecodeDictionaryKey(ResolveBytes(id), &t)) {
    throw StorageError(StorageError::Code::kCorruption,
                       "dictionary entry of id " + std::to_string(id) + " is malformed");
  }
  return t;
}

constexpr std::size_t kIteratorDecodeMin = 64;
constexpr Id kIteratorNextGap = 16;
// Batches with fewer ids than this go through the term cache.
constexpr std::size_t kTermCacheBatchMax = 1024;

void Store::ResolveMany(const std::vector<Id>& ids, std::vector<Term>* out) const {
  out->resize(ids.size());  // every slot is written below; kept Terms keep their capacity
  const WriteOverlay* pending = impl_->PendingForThisThread();
  // The dictionary ids to read, sorted (MultiGet is fastest on sorted keys)
  // and each once.
  std::vector<std::pair<Id, std::size_t>> wanted;  // (id, index into ids)
  wanted.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Id id = ids[i];
    if (!InDictionary(id)) {
      (*out)[i] = DecodeNonDictionaryId(id);
      continue;
    }
    if (pending != nullptr) {
      if (const std::string* key = pending->FindKey(id)) {
        if (!DecodeDictionaryKey(*key, &(*out)[i])) {
          throw StorageError(StorageError::Code::kCorruption,
                             "dictionary entry of id " + std::to_string(id) + " is malformed");
        }
        continue;
      }
    }
    wanted.emplace_back(id, i);
  }
  if (wanted.empty()) return;
  // A batch of a small result: the terms kept by the term cache need no
  // read, and those read are kept. (A large result's batches bypass it:
  // they would only churn it, and a miss costs a look-up on top.)
  const bool cached = wanted.size() < kTermCacheBatchMax;
  if (cached) {
    std::size_t kept = 0;
    for (const auto& [id, i] : wanted) {
      bool ok = true;
      const bool hit =
          impl_->term_cache.Visit(id, [&](std::string_view bytes) { ok = DecodeDictionaryKey(bytes, &(*out)[i]); });
      if (hit && !ok) {
        throw StorageError(StorageError::Code::kCorruption,
                           "dictionary entry of id " + std::to_string(id) + " is malformed");
      }
      if (!hit) wanted[kept++] = {id, i};
    }
    wanted.resize(kept);
    if (wanted.empty()) return;
  }
  std::sort(wanted.begin(), wanted.end());
  std::vector<std::size_t> first_of;  // index into `wanted` of each distinct id
  first_of.reserve(wanted.size());
  for (std::size_t w = 0; w < wanted.size(); ++w) {
    if (w > 0 && wanted[w].first == wanted[w - 1].first) continue;
    first_of.push_back(w);
  }
  auto deliver = [&](std::size_t k, std::string_view bytes) {
    const Id id = wanted[first_of[k]].first;
    Term& t = (*out)[wanted[first_of[k]].second];
    if (!DecodeDictionaryKey(bytes, &t)) {
      throw StorageError(StorageError::Code::kCorruption,
                         "dictionary entry of id " + std::to_string(id) + " is malformed");
    }
    const std::size_t end = k + 1 < first_of.size() ? first_of[k + 1] : wanted.size();
    for (std::size_t w = first_of[k] + 1; w < end; ++w) (*out)[wanted[w].second] = t;
  };
  auto missing = [&](std::size_t k) {
    throw StorageError(StorageError::Code::kCorruption,
                       "id " + std::to_string(wanted[first_of[k]].first) + " is not in the dictionary");
  };
  if (first_of.size() >= kIteratorDecodeMin) {
    // Many ids: walk one iterator over the sorted ids. Ids handed out in one
    // load cluster (a document's terms get neighbouring ids), so most ids are
    // a few Next steps from the previous one; a far one is a Seek.
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->id2term));
    char target[8];
    for (std::size_t k = 0; k < first_of.size(); ++k) {
      const Id id = wanted[first_of[k]].first;
      PutBigEndian64(target, id);
      const rocksdb::Slice want(target, 8);
      bool found = false;
      if (k > 0 && it->Valid() && id - wanted[first_of[k - 1]].first <= kIteratorNextGap) {
        for (int step = 0; step <= static_cast<int>(kIteratorNextGap) && it->Valid(); ++step) {
          const int c = it->key().compare(want);
          if (c >= 0) {
            found = c == 0;
            break;
          }
          it->Next();
        }
      } else {
        it->Seek(want);
        found = it->Valid() && it->key() == want;
      }
      Check(it->status(), "dictionary read");
      if (!found) missing(k);
      const std::string_view bytes(it->value().data(), it->value().size());
      deliver(k, bytes);
      if (cached) impl_->term_cache.Put(id, bytes);
    }
    return;
  }
  // Few ids: one sorted MultiGet (a filtered point look-up is cheaper than an
  // iterator's Seek).
  std::vector<std::string> key_bytes;
  key_bytes.reserve(first_of.size());
  for (std::size_t k : first_of) key_bytes.push_back(U64Bytes(wanted[k].first));
  std::vector<rocksdb::Slice> keys(key_bytes.begin(), key_bytes.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->id2term, keys.size(), keys.data(), values.data(),
                      statuses.data(), /*sorted_input=*/true);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (statuses[k].IsNotFound()) missing(k);
    Check(statuses[k], "dictionary read");
    const std::string_view bytes(values[k].data(), values[k].size());
    deliver(k, bytes);
    if (cached) impl_->term_cache.Put(wanted[first_of[k]].first, bytes);
  }
}

std::shared_ptr<const StoreStats> Store::SharedStats(const SnapshotPtr& snapshot) const {
  static const std::string kKey = "store.stats";
  if (auto kept = std::static_pointer_cast<const StoreStats>(FindDerived(snapshot, kKey))) return kept;
  auto stats = std::make_shared<const StoreStats>(ReadStats(snapshot));
  KeepDerived(snapshot, kKey, stats,
              sizeof(StoreStats) + stats->predicates.size() * sizeof(PredicateStats) +
                  stats->graph_quads.size() * sizeof(stats->graph_quads[0]));
  return stats;
}

StoreStats Store::ReadStats(const SnapshotPtr& snapshot) const {
  StoreStats out;
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot->snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->stats));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    std::string_view v(it->value().data(), it->value().size());
    if (k.size() == 1 && k[0] == kStatTotal) out.quads = ReadU64At(v, 0);
    else if (k.size() == 1 && k[0] == kStatDict) out.dictionary_terms = ReadU64At(v, 0);
    else if (k.size() == 9 && k[0] == kStatPredicate) {
      out.predicates.push_back({GetBigEndian64(k.data() + 1), ReadU64At(v, 0), ReadU64At(v, 1),
                                ReadU64At(v, 2)});
    } else if (k.size() == 9 && k[0] == kStatGraph) {
      out.graph_quads.emplace_back(GetBigEndian64(k.data() + 1), ReadU64At(v, 0));
    }
  }
  Check(it->status(), "reading statistics");
  if (const WriteOverlay* overlay = snapshot->overlay_) {
    // Quad counts of the merged view (distinct counts stay the base's).
    std::map<Id, std::int64_t> graphs, preds;
    for (const auto& [set, sign] : {std::pair{&overlay->added(), 1}, std::pair{&overlay->removed(), -1}}) {
      for (const IdQuad& q : *set) {
        graphs[q[kG]] += sign;
        preds[q[kP]] += sign;
        out.quads += sign;
      }
    }
    auto apply = [](auto& vec, const std::map<Id, std::int64_t>& delta, auto id_of, auto count_of,
                    auto make) {
      for (const auto& [id, d] : delta) {
        auto pos = std::lower_bound(vec.begin(), vec.end(), id,
                                    [&](const auto& e, Id v) { return id_of(e) < v; });
        if (pos != vec.end() && id_of(*pos) == id) count_of(*pos) += d;
        else vec.insert(pos, make(id, d));
      }
    };
    apply(out.graph_quads, graphs, [](const auto& e) { return e.first; },
          [](auto& e) -> std::uint64_t& { return e.second; },
          [](Id id, std::int64_t d) { return std::pair<Id, std::uint64_t>(id, d); });
    apply(out.predicates, preds, [](const PredicateStats& e) { return e.predicate; },
          [](PredicateStats& e) -> std::uint64_t& { return e.quads; },
          [](Id id, std::int64_t d) { return PredicateStats{id, static_cast<std::uint64_t>(d), 1, 1}; });
    std::erase_if(out.graph_quads, [](const auto& e) { return e.second == 0; });
    std::erase_if(out.predicates, [](const PredicateStats& e) { return e.quads == 0; });
  }
  return out;
}

std::optional<PredicateStats> Store::ReadPredicateStats(const SnapshotPtr& snapshot,
                                                        Id predicate) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot->snapshot_;
  std::string v;
  rocksdb::Status s = impl_->db->Get(ro, impl_->stats, StatKey(kStatPredicate, predicate), &v);
  if (s.IsNotFound()) return std::nullopt;
  Check(s, "reading predicate statistics");
  return PredicateStats{predicate, ReadU64At(v, 0), ReadU64At(v, 1), ReadU64At(v, 2)};
}

std::uint64_t FolderBytes(const fs::path& dir) {
  // Error codes throughout: a range-for's increment throws when a folder
  // vanishes mid-walk (a concurrent load removing its scratch folder).
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    if (it->is_directory(entry_ec)) {
      total += FolderBytes(it->path());
    } else if (it->is_regular_file(entry_ec)) {
      const std::uint64_t size = it->file_size(entry_ec);
      if (!entry_ec) total += size;
    }
  }
  return total;
}

std::uint64_t Store::BytesOnDisk() const { return FolderBytes(dir_); }

void Store::Compact() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  Check(impl_->db->Flush(fo, impl_->handles), "flushing " + dir_.string());
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (auto* h : impl_->handles) {
    Check(impl_->db->CompactRange(co, h, nullptr, nullptr), "compacting " + dir_.string());
  }
}

Store::RawColumnFamilies Store::RawForChecking() const {
  RawColumnFamilies raw;
  raw.db = impl_->db;
  raw.meta = impl_->meta;
  raw.term2id = impl_->term2id;
  raw.id2term = impl_->id2term;
  raw.stats = impl_->stats;
  raw.perms = impl_->perms;
  return raw;
}

// ---------------------------------------------------------------------------
// Writing

std::unique_ptr<Store::WriterLock> Store::LockForWriting() {
  if (options_.read_only) {
    throw StorageError(StorageError::Code::kReadOnly,
                       "database " + dir_.string() + " is open read-only");
  }
  auto lock = std::make_unique<WriterLock>(impl_->writer_mutex);
  impl_->next_dict = impl_->next_dict_committed;
  impl_->next_blank = impl_->next_blank_committed;
  return lock;
}

Id Store::NewDictionaryId(TermKind kind, WriterLock&) {
  const std::uint8_t tag = kind == TermKind::kIri ? kTagIri : kTagLiteral;
  if (impl_->next_dict > kPayloadMask) {
    throw StorageError(StorageError::Code::kResourceLimit, "the dictionary is full (2^56 terms)");
  }
  return MakeId(tag, impl_->next_dict++);
}

Id Store::NewBlankId(WriterLock&) {
  if (impl_->next_blank > kPayloadMask) {
    throw StorageError(StorageError::Code::kResourceLimit, "out of blank node ids (2^56)");
  }
  return MakeId(kTagBlank, impl_->next_blank++);
}

void Store::AbortIds(WriterLock&) {
  impl_->next_dict = impl_->next_dict_committed;
  impl_->next_blank = impl_->next_blank_committed;
}

namespace {

// Writes sorted key/value pairs of one column family: either into a shared
// WriteBatch (small commits) or into SST files of at most kMaxEntries each,
// compressed with `compression` (the column family's).
class CfSink {
 public:
  CfSink(rocksdb::ColumnFamilyHandle* h, const rocksdb::ColumnFamilyOptions& cf_options,
         rocksdb::WriteBatch* batch, fs::path tmp_dir, std::atomic<int>* file_counter,
         rocksdb::CompressionType compression)
      : h_(h), batch_(batch), tmp_dir_(std::move(tmp_dir)), file_counter_(file_counter),
        options_(rocksdb::DBOptions(), cf_options) {
    // SstFileWriter prefers bottommost_compression when it is set.
    options_.compression = compression;
    options_.bottommost_compression = compression;
  }

  void Put(const rocksdb::Slice& key, const rocksdb::Slice& value) {
    if (batch_ != nullptr) {
      Check(batch_->Put(h_, key, value), "batching a write");
      return;
    }
    if (!writer_ || entries_ >= kMaxEntries) StartFile();
    Check(writer_->Put(key, value), "writing " + file_);
    ++entries_;
  }

  // A deletion (a tombstone in an SST file). Keys given to Put and Delete
  // of one sink must ascend.
  void Delete(const rocksdb::Slice& key) {
    if (batch_ != nullptr) {
      Check(batch_->Delete(h_, key), "batching a write");
      return;
    }
    if (!writer_ || entries_ >= kMaxEntries) StartFile();
    Check(writer_->Delete(key), "writing " + file_);
    ++entries_;
  }

  // Finishes the open file; returns the ingestion argument (no files: none).
  std::optional<rocksdb::IngestExternalFileArg> Finish() {
    if (batch_ != nullptr) return std::nullopt;
    FinishFile();
    if (files_.empty()) return std::nullopt;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = h_;
    arg.external_files = files_;
    arg.options.move_files = true;
    arg.options.snapshot_consistency = true;
    return arg;
  }

 private:
  static constexpr std::size_t kMaxEntries = std::size_t{8} << 20;
  void StartFile() {
    FinishFile();
    file_ = (tmp_dir_ / (std::to_string((*file_counter_)++) + ".sst")).string();
    // invalidate_page_cache = false: RocksDB's default drops each MB written
    // from the OS page cache, so the first queries after a load read every
    // block from disk again (WatDiv: first runs twice as slow in the process
    // that loaded as in a later one). Data just loaded is what is queried
    // next; the kernel still evicts it under memory pressure.
    writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options_, h_,
                                                       /*invalidate_page_cache=*/false);
    Check(writer_->Open(file_), "creating " + file_);
    entries_ = 0;
  }
  void FinishFile() {
    if (!writer_) return;
    Check(writer_->Finish(), "finishing " + file_);
    files_.push_back(file_);
    writer_.reset();
  }

  rocksdb::ColumnFamilyHandle* h_;
  rocksdb::WriteBatch* batch_;
  fs::path tmp_dir_;
  std::atomic<int>* file_counter_;
  rocksdb::Options options_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  std::string file_;
  std::size_t entries_ = 0;
  std::vector<std::string> files_;
};

// Where one commit's writes go: into one WriteBatch when the commit is
// small, else into SST files in a scratch folder (removed afterwards),
// ingested in one step. Sinks may be made and finished on several threads.
class CommitSinks {
 public:
  // `bottommost`: files take their column family's bottommost compression
  // (a bulk insert, ingested at the bottom level), else its upper-level one.
  CommitSinks(rocksdb::DB* db, const fs::path& dir, bool small, bool bottommost,
              const std::map<std::string, rocksdb::ColumnFamilyOptions>& cf_options)
      : db_(db),
        dir_(dir),
        tmp_(dir / ("ingest-" + std::to_string(getpid()))),
        scratch_(tmp_, /*create=*/!small),
        small_(small),
        bottommost_(bottommost),
        cf_options_(cf_options) {}

  CfSink Make(rocksdb::ColumnFamilyHandle* h, const std::string& cf) {
    const rocksdb::ColumnFamilyOptions& cfo = cf_options_.at(cf);
    return CfSink(h, cfo, small_ ? &batch_ : nullptr, tmp_, &file_counter_,
                  bottommost_ ? cfo.bottommost_compression : cfo.compression);
  }
  void Finish(CfSink& sink) {
    if (auto arg = sink.Finish()) {
      std::lock_guard<std::mutex> g(args_mutex_);
      args_.push_back(std::move(*arg));
    }
  }
  // Runs `jobs` that fill sinks: in turn on this thread when the commit is
  // small (a WriteBatch takes one writer at a time), else on two threads.
  void Run(std::vector<std::function<void()>>& jobs) {
    if (!small_) {
      RunOnTwoThreads(jobs);
      return;
    }
    for (auto& job : jobs) job();
  }
  // Adds the id counters to the metadata and applies everything, atomically:
  // the WriteBatch (synced when `sync`), or one IngestExternalFiles into
  // every column family written.
  void Apply(rocksdb::ColumnFamilyHandle* meta, std::uint64_t next_blank, std::uint64_t next_dict, bool sync) {
    CfSink meta_sink = Make(meta, rocksdb::kDefaultColumnFamilyName);
    meta_sink.Put(std::string(kMetaNextBlank), U64Bytes(next_blank));
    meta_sink.Put(std::string(kMetaNextDict), U64Bytes(next_dict));
    Finish(meta_sink);
    if (small_) {
      rocksdb::WriteOptions wo;
      wo.sync = sync;
      Check(db_->Write(wo, &batch_), "writing to " + dir_.string());
    } else {
      // RocksDB applies an ingestion into several column families atomically.
      Check(db_->IngestExternalFiles(args_), "ingesting into " + dir_.string());
    }
  }

 private:
  rocksdb::DB* db_;
  const fs::path& dir_;
  const fs::path tmp_;
  const IngestDir scratch_;
  const bool small_, bottommost_;
  const std::map<std::string, rocksdb::ColumnFamilyOptions>& cf_options_;
  rocksdb::WriteBatch batch_;
  std::atomic<int> file_counter_{0};
  std::mutex args_mutex_;
  std::vector<rocksdb::IngestExternalFileArg> args_;
};

struct PredicateDelta {
  std::uint64_t quads = 0, subjects = 0, objects = 0;
};

}  // namespace

CommitResult Store::CommitInsert(WriterLock& lock, InsertBatch& batch) {
  Impl& impl = *impl_;
  SnapshotPtr snap = GetSnapshot();
  rocksdb::ReadOptions ro;
  ro.snapshot = snap->snapshot_;
  ro.total_order_seek = true;
  std::string value;
  bool store_empty = true;
  {
    rocksdb::Status s = impl.db->Get(ro, impl.stats, std::string(1, kStatTotal), &value);
    if (s.ok()) store_empty = ReadU64At(value, 0) == 0;
    else if (!s.IsNotFound()) Check(s, "reading statistics");
  }

  RunSet* runs = batch.runs;
  if (runs != nullptr && !batch.quads.empty()) runs->Spill(batch.quads);
  const std::uint64_t rows_upper = runs != nullptr ? runs->rows() : batch.quads.size();
  const std::optional<Id> one_graph =
      runs != nullptr ? runs->SingleGraph() : SingleGraph(batch.quads);

  const bool small = runs == nullptr && batch.term_spill == nullptr &&
                     rows_upper + batch.new_terms.size() < ingest_threshold_;
  CommitSinks sinks(impl.db, dir_, small, /*bottommost=*/true, impl.cf_options);

  // Statistics, gathered while the permutations are written: quads added,
  // per predicate and per graph from the spog rows (a row is added when its
  // key did not exist), new (s,p) pairs from spog, new (p,o) pairs from posg.
  std::uint64_t added = 0;
  std::unordered_map<Id, PredicateDelta> pred_spog, pred_posg;
  std::unordered_map<Id, std::uint64_t> graph_delta;

  // Writes permutation p from `rows`, sorted in p's order, or, with
  // `from_twin`, in the order of p's g-last twin (valid when every quad is in
  // one graph: the orders then agree; the key moves g to the front). Also
  // writes the twin itself when `with_twin` (streaming sources, read once).
  // Gathers the statistics while writing spog and posg.
  auto write_perm = [&](int p, RowSource& rows, bool from_twin, bool with_twin) {
    const auto perm = static_cast<Permutation>(p);
    CfSink sink = sinks.Make(impl.perms[p], kPermutationName[p]);
    std::optional<CfSink> twin;
    if (with_twin) twin.emplace(sinks.Make(impl.perms[p + 3], kPermutationName[p + 3]));
    auto writer_for = [&](int q, CfSink* to) {
      std::unique_ptr<rocksdb::Iterator> base;
      if (!store_empty) base.reset(impl.db->NewIterator(ro, impl.perms[q]));
      return std::make_unique<RowBlockWriter>(std::move(base), kPermutationName[q],
                                              [to](const std::string& key, const std::string* value) {
                                                if (value != nullptr) to->Put(key, *value);
                                                else to->Delete(key);
                                              });
    };
    auto writer = writer_for(p, &sink);
    std::unique_ptr<RowBlockWriter> twin_writer;
    if (twin) twin_writer = writer_for(p + 3, &*twin);
    // Whether a (first, second slot) pair had rows before the commit.
    std::optional<RowBlockCursor> pairs;
    if (!store_empty && (perm == Permutation::kSpog || perm == Permutation::kPosg)) pairs.emplace(PermCursor(snap, perm));
    auto pair_existed = [&](const Row& row) {
      if (!pairs) return false;
      pairs->Seek(Row{row[0], row[1], 0, 0});
      return pairs->Valid() && pairs->row()[0] == row[0] && pairs->row()[1] == row[1];
    };
    Row r, row, prev{};
    bool first = true;
    while (rows.Next(&r)) {
      // from_twin: r is in the order of p's g-last twin; p moves g to the front.
      row = from_twin ? Row{r[3], r[0], r[1], r[2]} : r;
      const bool is_new = writer->Insert(row);
      if (twin_writer) twin_writer->Insert(Row{row[3], row[0], row[1], row[2]});
      if (perm == Permutation::kSpog) {
        // row = s p o g
        if (is_new) {
          ++added;
          pred_spog[row[1]].quads++;
          graph_delta[row[3]]++;
        }
        if ((first || prev[0] != row[0] || prev[1] != row[1]) && !pair_existed(row)) pred_spog[row[1]].subjects++;
      } else if (perm == Permutation::kPosg) {
        // row = p o s g
        if ((first || prev[0] != row[0] || prev[1] != row[1]) && !pair_existed(row)) pred_posg[row[0]].objects++;
      }
      prev = row;
      first = false;
    }
    writer->Finish();
    if (twin_writer) twin_writer->Finish();
    sinks.Finish(sink);
    if (twin) sinks.Finish(*twin);
  };

  // Two phases of jobs, each run on two threads: sorting, then writing.
  // In memory, each needed order is sorted once and every permutation is
  // written by its own job (twins share a sorted array), which balances the
  // threads; spilled runs are merged as streams, one job per permutation
  // writing its twin along.
  std::vector<std::function<void()>> sort_jobs, write_jobs;
  // In memory: per order, sorted chunks (the presorted ones plus the rest).
  std::array<std::vector<std::vector<Row>>, kNumPermutations> chunks;
  if (runs != nullptr) {
    for (int p = 0; p < kNumPermutations; ++p) {
      if (one_graph && p >= 3) continue;
      write_jobs.emplace_back([&, p] {
        auto rows = runs->Merge(static_cast<Permutation>(p));
        write_perm(p, *rows, /*from_twin=*/false, /*with_twin=*/one_graph.has_value());
      });
    }
  } else {
    for (int p = 0; p < kNumPermutations; ++p) {
      if (one_graph && p >= 3) continue;
      sort_jobs.emplace_back([&, p] {
        const auto perm = static_cast<Permutation>(p);
        std::size_t from = 0;
        if (p < 3) {
          chunks[p] = std::move(batch.presorted[p]);
          from = batch.presorted_count;
        }
        if (from < batch.quads.size() || chunks[p].empty()) {
          std::vector<Row> rows(batch.quads.size() - from);
          for (std::size_t i = from; i < batch.quads.size(); ++i) rows[i - from] = ToRow(batch.quads[i], perm);
          std::sort(rows.begin(), rows.end());
          chunks[p].push_back(std::move(rows));
        }
      });
    }
    for (int p = 0; p < kNumPermutations; ++p) {
      const bool from_twin = one_graph && p >= 3;
      write_jobs.emplace_back([&, p, from_twin] {
        auto rows = MergeRowsOf(chunks[from_twin ? p - 3 : p]);
        write_perm(p, *rows, from_twin, /*with_twin=*/false);
      });
    }
  }
  std::uint64_t new_term_count = batch.new_terms.size();
  std::vector<const NewTerm*> by_key;  // new terms in key order (in memory)
  std::vector<NewTerm> by_id_storage;  // a copy in id order, only if needed
  if (batch.term_spill != nullptr) {
    write_jobs.emplace_back([&] {
      CfSink t2i = sinks.Make(impl.term2id, kTerm2IdCf);
      std::uint64_t n = 0;
      batch.term_spill->ForEachByKey([&](std::string_view key, Id id) {
        if (key.empty() || key[0] == 'B') return;  // a blank node's label
        t2i.Put(rocksdb::Slice(key.data(), key.size()), U64Bytes(id));
        ++n;
      });
      sinks.Finish(t2i);
      new_term_count = n;
    });
    write_jobs.emplace_back([&] {
      CfSink i2t = sinks.Make(impl.id2term, kId2TermCf);
      batch.term_spill->ForEachById([&](Id id, std::string_view key) {
        if (!InDictionary(id)) return;
        i2t.Put(U64Bytes(id), rocksdb::Slice(key.data(), key.size()));
      });
      sinks.Finish(i2t);
    });
  } else {
    auto& terms = batch.new_terms;
    sort_jobs.emplace_back([&] {
      by_key.reserve(terms.size());
      for (const auto& t : terms) by_key.push_back(&t);
      std::sort(by_key.begin(), by_key.end(),
                [](const NewTerm* a, const NewTerm* b) { return a->key < b->key; });
      // Ids were handed out in order, so `terms` is normally in id order.
      if (!std::is_sorted(terms.begin(), terms.end(),
                          [](const NewTerm& a, const NewTerm& b) { return a.id < b.id; })) {
        std::vector<NewTerm> copy(terms);  // keep by_key's pointers valid
        std::sort(copy.begin(), copy.end(),
                  [](const NewTerm& a, const NewTerm& b) { return a.id < b.id; });
        by_id_storage.swap(copy);
      }
    });
    write_jobs.emplace_back([&] {
      CfSink t2i = sinks.Make(impl.term2id, kTerm2IdCf);
      for (const NewTerm* t : by_key) t2i.Put(t->key, U64Bytes(t->id));
      sinks.Finish(t2i);
    });
    write_jobs.emplace_back([&] {
      CfSink i2t = sinks.Make(impl.id2term, kId2TermCf);
      const auto& by_id = by_id_storage.empty() ? terms : by_id_storage;
      for (const auto& t : by_id) i2t.Put(U64Bytes(t.id), t.key);
      sinks.Finish(i2t);
    });
  }
  sinks.Run(sort_jobs);
  sinks.Run(write_jobs);
  CommitResult result;
  result.quads_added = added;
  result.duplicates = batch.input_quads - added;
  if (added == 0 && new_term_count == 0) {
    AbortIds(lock);
    return result;
  }

  // The new values of every statistics and metadata key touched.
  std::map<Id, PredicateDelta> preds;
  for (const auto& [p, d] : pred_spog) {
    preds[p].quads += d.quads;
    preds[p].subjects += d.subjects;
  }
  for (const auto& [p, d] : pred_posg) preds[p].objects += d.objects;
  std::vector<std::pair<std::string, std::string>> stat_entries;
  auto add_to = [&](const std::string& key, std::initializer_list<std::uint64_t> add) {
    std::string v;
    rocksdb::Status s = impl.db->Get(ro, impl.stats, key, &v);
    if (!s.ok() && !s.IsNotFound()) Check(s, "reading statistics");
    std::string out(8 * add.size(), '\0');
    std::size_t i = 0;
    for (std::uint64_t a : add) {
      PutBigEndian64(out.data() + 8 * i, (s.ok() ? ReadU64At(v, i) : 0) + a);
      ++i;
    }
    stat_entries.emplace_back(key, std::move(out));
  };
  add_to(std::string(1, kStatDict), {new_term_count});
  for (const auto& [g, n] : graph_delta) add_to(StatKey(kStatGraph, g), {n});
  for (const auto& [p, d] : preds) add_to(StatKey(kStatPredicate, p), {d.quads, d.subjects, d.objects});
  add_to(std::string(1, kStatTotal), {added});
  std::sort(stat_entries.begin(), stat_entries.end());
  CfSink stats_sink = sinks.Make(impl.stats, kStatsCf);
  for (const auto& [k, v] : stat_entries) stats_sink.Put(k, v);
  sinks.Finish(stats_sink);
  sinks.Apply(impl.meta, impl.next_blank, impl.next_dict, options_.sync_writes);
  impl.next_dict_committed = impl.next_dict;
  impl.next_blank_committed = impl.next_blank;
  return result;
}

namespace {

// Rows of one permutation sorted in its order, computed without touching
// the overlay's (single-threaded) caches.
std::vector<Row> SortedRows(const std::vector<IdQuad>& quads, Permutation perm) {
  std::vector<Row> rows(quads.size());
  for (std::size_t i = 0; i < quads.size(); ++i) rows[i] = ToRow(quads[i], perm);
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

ChangeResult Store::CommitChanges(WriterLock& lock, const SnapshotPtr& base, const WriteOverlay& overlay) {
  Impl& impl = *impl_;
  SetPendingTerms(lock, nullptr);
  const std::vector<IdQuad>& added = overlay.added();
  const std::vector<IdQuad>& removed = overlay.removed();
  ChangeResult result;
  result.quads_added = added.size();
  result.quads_deleted = removed.size();
  if (added.empty() && removed.empty()) {
    AbortIds(lock);
    return result;
  }
  rocksdb::ReadOptions ro;
  ro.snapshot = base->snapshot_;
  ro.total_order_seek = true;

  // New dictionary terms that the added quads use (terms created for quads
  // deleted again are dropped). The overlay's terms come in the order their
  // ids were handed out, so their sequence numbers ascend.
  const auto& terms = overlay.terms();
  std::vector<char> used(terms.size(), 0);
  if (!terms.empty()) {
    const std::uint64_t first = PayloadOf(terms.front().first);
    const std::uint64_t last = PayloadOf(terms.back().first);
    for (const IdQuad& q : added) {
      for (Id id : q) {
        if (!InDictionary(id) || PayloadOf(id) < first || PayloadOf(id) > last) continue;
        auto pos = std::lower_bound(terms.begin(), terms.end(), PayloadOf(id),
                                    [](const auto& t, std::uint64_t seq) { return PayloadOf(t.first) < seq; });
        if (pos != terms.end() && pos->first == id) used[pos - terms.begin()] = 1;
      }
    }
  }
  std::vector<const std::pair<Id, std::string>*> new_terms;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (used[i]) new_terms.push_back(&terms[i]);
  }

  // Statistics. Quad counts from the sets; distinct subjects/objects from
  // whether each touched (s,p) / (p,o) pair has a quad before and after.
  std::unordered_map<Id, std::int64_t> graph_delta;
  std::unordered_map<Id, std::array<std::int64_t, 3>> pred_delta;
  for (const auto& [set, sign] : {std::pair{&added, 1}, std::pair{&removed, -1}}) {
    for (const IdQuad& q : *set) {
      graph_delta[q[kG]] += sign;
      pred_delta[q[kP]][0] += sign;
    }
  }
  // Walks the pairs (first two slots) of `perm` touched by the change in
  // ascending order, with one forward-moving iterator over the base:
  // a pair with a removed quad existed before (removed quads are in the
  // base), one with an added quad exists after; otherwise a probe tells.
  // Adds `after - before` to slot `stat` of the pair's predicate.
  auto distinct_change = [&](Permutation perm, int pred_slot, int stat) {
    const std::vector<Row>& a = overlay.AddedRows(perm);
    const std::vector<Row>& r = overlay.RemovedRows(perm);
    RowBlockCursor cursor = PermCursor(base, perm);
    std::size_t i = 0, j = 0;
    auto pair_of = [](const Row& row) { return std::pair<Id, Id>(row[0], row[1]); };
    while (i < a.size() || j < r.size()) {
      std::pair<Id, Id> key;
      if (j >= r.size() || (i < a.size() && pair_of(a[i]) < pair_of(r[j]))) key = pair_of(a[i]);
      else key = pair_of(r[j]);
      const bool in_added = i < a.size() && pair_of(a[i]) == key;
      const std::size_t r_begin = j;
      while (i < a.size() && pair_of(a[i]) == key) ++i;
      while (j < r.size() && pair_of(r[j]) == key) ++j;
      const bool in_removed = j > r_begin;
      bool before = in_removed, after = in_added;
      if (!in_removed) {
        cursor.Seek(Row{key.first, key.second, 0, 0});
        before = cursor.Valid() && pair_of(cursor.row()) == key;
      } else if (!in_added) {
        // Removed only: does a base quad of the pair survive? The removed
        // rows of the pair are base rows of the pair, in the same order.
        std::size_t k = r_begin;
        for (cursor.Seek(Row{key.first, key.second, 0, 0}); cursor.Valid() && pair_of(cursor.row()) == key;
             cursor.Next()) {
          const Row& row = cursor.row();
          while (k < j && r[k] < row) ++k;
          if (k < j && r[k] == row) continue;
          after = true;
          break;
        }
      }
      const Id pred = pred_slot == 0 ? key.first : key.second;
      pred_delta[pred][stat] += int{after} - int{before};
    }
  };
  distinct_change(Permutation::kSpog, 1, 1);
  distinct_change(Permutation::kPosg, 0, 2);

  // The new values of the statistics entries touched (sorted by key, for
  // the SST path); nullopt: the entry goes (its quad count reached 0).
  std::vector<std::pair<std::string, std::optional<std::string>>> stat_entries;
  auto update_stat = [&](const std::string& key, const std::vector<std::int64_t>& delta) {
    std::string v;
    rocksdb::Status s = impl.db->Get(ro, impl.stats, key, &v);
    if (!s.ok() && !s.IsNotFound()) Check(s, "reading statistics");
    std::string out(8 * delta.size(), '\0');
    for (std::size_t i = 0; i < delta.size(); ++i) {
      const std::int64_t now = static_cast<std::int64_t>(s.ok() ? ReadU64At(v, i) : 0) + delta[i];
      if (now < 0) {
        throw StorageError(StorageError::Code::kCorruption, "statistics went negative (key kind " +
                                                                std::string(1, key[0]) + ")");
      }
      PutBigEndian64(out.data() + 8 * i, static_cast<std::uint64_t>(now));
    }
    // Per-graph and per-predicate entries go when their quad count is 0.
    if (key.size() > 1 && ReadU64At(out, 0) == 0) stat_entries.emplace_back(key, std::nullopt);
    else stat_entries.emplace_back(key, std::move(out));
  };
  std::int64_t total = 0;
  for (const auto& [g, d] : graph_delta) {
    total += d;
    if (d != 0) update_stat(StatKey(kStatGraph, g), {d});
  }
  for (const auto& [p, d] : pred_delta) update_stat(StatKey(kStatPredicate, p), {d[0], d[1], d[2]});
  update_stat(std::string(1, kStatTotal), {total});
  if (!new_terms.empty()) {
    update_stat(std::string(1, kStatDict), {static_cast<std::int64_t>(new_terms.size())});
  }
  std::sort(stat_entries.begin(), stat_entries.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });

  // The write itself: one WriteBatch, or SST files ingested in one step.
  const bool small = added.size() + removed.size() + new_terms.size() < ingest_threshold_;
  CommitSinks sinks(impl.db, dir_, small, /*bottommost=*/false, impl.cf_options);

  std::vector<std::function<void()>> jobs;
  for (int p = 0; p < kNumPermutations; ++p) {
    jobs.emplace_back([&, p] {
      const auto perm = static_cast<Permutation>(p);
      // spog and posg rows were sorted (and cached) above; the others are
      // sorted here, on whichever thread runs the job.
      std::vector<Row> own_a, own_r;
      const bool cached = perm == Permutation::kSpog || perm == Permutation::kPosg;
      if (!cached) {
        own_a = SortedRows(added, perm);
        own_r = SortedRows(removed, perm);
      }
      const std::vector<Row>& a = cached ? overlay.AddedRows(perm) : own_a;
      const std::vector<Row>& r = cached ? overlay.RemovedRows(perm) : own_r;
      CfSink sink = sinks.Make(impl.perms[p], kPermutationName[p]);
      RowBlockWriter writer(std::unique_ptr<rocksdb::Iterator>(impl.db->NewIterator(ro, impl.perms[p])),
                            kPermutationName[p], [&sink](const std::string& key, const std::string* value) {
                              if (value != nullptr) sink.Put(key, *value);
                              else sink.Delete(key);
                            });
      std::size_t i = 0, j = 0;
      while (i < a.size() || j < r.size()) {
        if (j >= r.size() || (i < a.size() && a[i] < r[j])) writer.Insert(a[i++]);
        else writer.Remove(r[j++]);
      }
      writer.Finish();
      sinks.Finish(sink);
    });
  }
  if (!new_terms.empty()) {
    jobs.emplace_back([&] {
      std::vector<const std::pair<Id, std::string>*> by_key = new_terms;
      std::sort(by_key.begin(), by_key.end(), [](const auto* x, const auto* y) { return x->second < y->second; });
      CfSink t2i = sinks.Make(impl.term2id, kTerm2IdCf);
      for (const auto* t : by_key) t2i.Put(t->second, U64Bytes(t->first));
      sinks.Finish(t2i);
    });
    jobs.emplace_back([&] {
      std::vector<const std::pair<Id, std::string>*> by_id = new_terms;
      std::sort(by_id.begin(), by_id.end(), [](const auto* x, const auto* y) { return x->first < y->first; });
      CfSink i2t = sinks.Make(impl.id2term, kId2TermCf);
      for (const auto* t : by_id) i2t.Put(U64Bytes(t->first), t->second);
      sinks.Finish(i2t);
    });
  }
  sinks.Run(jobs);
  CfSink stats_sink = sinks.Make(impl.stats, kStatsCf);
  for (const auto& [k, v] : stat_entries) {
    if (v) stats_sink.Put(k, *v);
    else stats_sink.Delete(k);
  }
  sinks.Finish(stats_sink);
  sinks.Apply(impl.meta, impl.next_blank, impl.next_dict, options_.sync_writes);
  impl.next_dict_committed = impl.next_dict;
  impl.next_blank_committed = impl.next_blank;
  return result;
}


}  // namespace corridor::storage
