// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace corridor::storage {

namespace fs = std::filesystem;

namespace {

// Column family names. "default" holds the metadata.
constexpr const char* kTerm2IdCf = "term2id";
constexpr const char* kId2TermCf = "id2term";
constexpr const char* kStatsCf = "stats";

// Metadata keys (default column family).
constexpr std::string_view kMetaFormat = "format_version";
constexpr std::string_view kMetaNextDict = "next_dictionary_seq";
constexpr std::string_view kMetaNextBlank = "next_blank_seq";

// Statistics keys: 'T' -> quads; 'D' -> dictionary terms;
// 'P' id -> quads, distinct subjects, distinct objects; 'G' id -> quads.
constexpr char kStatTotal = 'T';
constexpr char kStatDict = 'D';
constexpr char kStatPredicate = 'P';
constexpr char kStatGraph = 'G';

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

}  // namespace

// ---------------------------------------------------------------------------
// Snapshot and ScanIterator

Snapshot::~Snapshot() {
  if (snapshot_ != nullptr) db_->ReleaseSnapshot(snapshot_);
}

ScanIterator::ScanIterator(SnapshotPtr snapshot, std::unique_ptr<rocksdb::Iterator> it,
                           Permutation perm, std::string prefix)
    : snapshot_(std::move(snapshot)), prefix_(std::move(prefix)), it_(std::move(it)), perm_(perm) {}

ScanIterator::~ScanIterator() = default;

void ScanIterator::Load() {
  valid_ = it_->Valid();
  if (valid_) {
    rocksdb::Slice key = it_->key();
    if (key.size() != kQuadKeySize || !key.starts_with(prefix_)) {
      valid_ = false;
      if (key.size() != kQuadKeySize) {
        throw StorageError(StorageError::Code::kCorruption,
                           std::string("malformed key in index ") +
                               kPermutationName[static_cast<int>(perm_)]);
      }
      return;
    }
    quad_ = DecodeQuadKey(perm_, key.data());
  } else {
    Check(it_->status(), "index scan");
  }
}

void ScanIterator::Next() {
  it_->Next();
  Load();
}

void ScanIterator::Seek(const std::vector<Id>& slots) {
  std::string key(8 * slots.size(), '\0');
  for (std::size_t i = 0; i < slots.size(); ++i) PutBigEndian64(key.data() + 8 * i, slots[i]);
  if (key < prefix_) key = prefix_;
  it_->Seek(key);
  Load();
}

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

  std::mutex writer_mutex;
  // Committed counters, and the counters of the write in progress.
  std::uint64_t next_dict_committed = 1, next_blank_committed = 1;
  std::uint64_t next_dict = 1, next_blank = 1;

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

rocksdb::ColumnFamilyOptions MakeCfOptions(const std::string& name,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.format_version = 5;
  t.cache_index_and_filter_blocks = true;
  t.pin_l0_filter_and_index_blocks_in_cache = true;
  if (name == kTerm2IdCf || name == kId2TermCf) {
    // Point look-ups: whole-key bloom filters.
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    t.block_size = 8 << 10;
  } else {
    // Index permutations: range scans over sorted 32-byte keys; bigger
    // blocks compress the shared prefixes better.
    t.block_size = 16 << 10;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  o.write_buffer_size = 32 << 20;
  return o;
}

std::vector<std::string> AllCfNames() {
  std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName, kTerm2IdCf, kId2TermCf,
                                    kStatsCf};
  for (const char* p : kPermutationName) names.emplace_back(p);
  return names;
}

}  // namespace

Store::Store(fs::path dir, StoreOptions options)
    : dir_(std::move(dir)), options_(options), impl_(std::make_unique<Impl>()) {}

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
      if (!fs::is_empty(dir, ec)) {
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
  db_options.max_open_files = 512;

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
      throw StorageError(Code::kNotADatabase,
                         name + " is a RocksDB database but not a Corridor database "
                                "(its column families differ)");
    }
  }

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
    if (s.IsIOError() && (msg.find("lock") != std::string::npos ||
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
    if (version > kFormatVersion) {
      throw StorageError(Code::kVersion,
                         "database " + name + " was written by a newer Corridor (format version " +
                             value + "; this build reads up to " + std::to_string(kFormatVersion) + ")");
    }
    if (version == 0) throw StorageError(Code::kCorruption, "database " + name + " has a bad format version");
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
  return store;
}

SnapshotPtr Store::GetSnapshot() const {
  return SnapshotPtr(new Snapshot(impl_->db, impl_->db->GetSnapshot()));
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

std::unique_ptr<ScanIterator> Store::Scan(const SnapshotPtr& snapshot, Permutation perm,
                                          const std::vector<Id>& prefix) const {
  std::string key(8 * prefix.size(), '\0');
  for (std::size_t i = 0; i < prefix.size(); ++i) PutBigEndian64(key.data() + 8 * i, prefix[i]);
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot->snapshot_;
  ro.total_order_seek = true;
  std::unique_ptr<ScanIterator> scan(
      new ScanIterator(snapshot, nullptr, perm, key));
  scan->upper_bound_ = PrefixSuccessor(key);
  // RocksDB keeps the bound's pointer: the slice lives in the ScanIterator
  // and points into its upper_bound_.
  if (!scan->upper_bound_.empty()) {
    scan->bound_slice_ = std::make_unique<rocksdb::Slice>(scan->upper_bound_);
    ro.iterate_upper_bound = scan->bound_slice_.get();
  }
  scan->it_.reset(impl_->db->NewIterator(ro, impl_->PermHandle(perm)));
  scan->it_->Seek(key);
  scan->Load();
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
    if (seq == 0 || seq >= impl_->next_blank_committed) return std::nullopt;
    return MakeId(kTagBlank, seq);
  }
  std::string key = EncodeDictionaryKey(term);
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->term2id, key, &value);
  if (s.IsNotFound()) return std::nullopt;
  Check(s, "dictionary look-up");
  if (value.size() != 8) throw StorageError(StorageError::Code::kCorruption, "bad dictionary entry");
  return GetBigEndian64(value.data());
}

std::string Store::ResolveBytes(Id id) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->id2term, U64Bytes(id), &value);
  if (s.IsNotFound()) {
    throw StorageError(StorageError::Code::kCorruption,
                       "id " + std::to_string(id) + " is not in the dictionary");
  }
  Check(s, "dictionary read");
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

std::uint64_t Store::BytesOnDisk() const {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir_, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

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

// Accumulates the statistics changes of one commit.
struct StatsDelta {
  std::uint64_t quads = 0;
  std::uint64_t terms = 0;
  std::map<Id, std::array<std::uint64_t, 3>> predicates;  // quads, subjects, objects
  std::map<Id, std::uint64_t> graphs;
};

// One column family's worth of sorted key/value pairs for a commit.
struct CfWrite {
  rocksdb::ColumnFamilyHandle* handle;
  std::string cf_name;
  std::vector<std::pair<std::string, std::string>> entries;  // sorted by key
};

}  // namespace

CommitResult Store::CommitInsert(WriterLock& lock, std::vector<IdQuad>& quads,
                                 std::vector<NewTerm>& new_terms) {
  Impl& impl = *impl_;
  const std::size_t input = quads.size();

  // 1. Sort in SPOG order and drop repeats within the batch.
  // IdQuad is indexed s,p,o,g: the array order is SPOG order.
  std::sort(quads.begin(), quads.end());
  quads.erase(std::unique(quads.begin(), quads.end()), quads.end());

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

  // Existence of a key prefix (n ids) in a permutation, before this commit.
  auto make_prefix_probe = [&](Permutation perm) {
    return std::unique_ptr<rocksdb::Iterator>(impl.db->NewIterator(ro, impl.PermHandle(perm)));
  };
  auto prefix_exists = [](rocksdb::Iterator* it, const char* key, std::size_t len) {
    it->Seek(rocksdb::Slice(key, len));
    return it->Valid() && it->key().size() >= len && std::memcmp(it->key().data(), key, len) == 0;
  };

  // 2. Drop quads already stored.
  if (!store_empty) {
    auto it = make_prefix_probe(Permutation::kSpog);
    std::size_t out = 0;
    for (std::size_t i = 0; i < quads.size(); ++i) {
      QuadKey key = EncodeQuadKey(Permutation::kSpog, quads[i]);
      if (!prefix_exists(it.get(), key.data(), kQuadKeySize)) quads[out++] = quads[i];
    }
    Check(it->status(), "checking for existing quads");
    quads.resize(out);
  }
  CommitResult result;
  result.quads_added = quads.size();
  result.duplicates = input - quads.size();

  // 3. Statistics changes. Distinct subjects per predicate: new (s,p) pairs
  // (contiguous in SPOG order) that the store did not have; distinct objects
  // per predicate: new (p,o) pairs.
  StatsDelta delta;
  delta.quads = quads.size();
  delta.terms = new_terms.size();
  {
    std::unique_ptr<rocksdb::Iterator> spog_it, posg_it;
    if (!store_empty) {
      spog_it = make_prefix_probe(Permutation::kSpog);
      posg_it = make_prefix_probe(Permutation::kPosg);
    }
    std::vector<std::pair<Id, Id>> po;
    po.reserve(quads.size());
    for (std::size_t i = 0; i < quads.size(); ++i) {
      const IdQuad& q = quads[i];
      auto& pred = delta.predicates[q[kP]];
      pred[0]++;
      delta.graphs[q[kG]]++;
      po.emplace_back(q[kP], q[kO]);
      const bool new_pair = i == 0 || quads[i - 1][kS] != q[kS] || quads[i - 1][kP] != q[kP];
      if (new_pair) {
        char key[16];
        PutBigEndian64(key, q[kS]);
        PutBigEndian64(key + 8, q[kP]);
        if (store_empty || !prefix_exists(spog_it.get(), key, 16)) pred[1]++;
      }
    }
    std::sort(po.begin(), po.end());
    po.erase(std::unique(po.begin(), po.end()), po.end());
    for (const auto& [p, o] : po) {
      char key[16];
      PutBigEndian64(key, p);
      PutBigEndian64(key + 8, o);
      if (store_empty || !prefix_exists(posg_it.get(), key, 16)) delta.predicates[p][2]++;
    }
    if (spog_it) Check(spog_it->status(), "reading index");
    if (posg_it) Check(posg_it->status(), "reading index");
  }

  if (quads.empty() && new_terms.empty()) {
    AbortIds(lock);
    return result;
  }

  // 4. The new values of every statistics and metadata key touched.
  std::vector<std::pair<std::string, std::string>> stat_entries;
  auto add_to = [&](const std::string& key, std::size_t width, const std::uint64_t* add) {
    std::string v;
    rocksdb::Status s = impl.db->Get(ro, impl.stats, key, &v);
    if (!s.ok() && !s.IsNotFound()) Check(s, "reading statistics");
    std::string out(8 * width, '\0');
    for (std::size_t i = 0; i < width; ++i) {
      PutBigEndian64(out.data() + 8 * i, (s.ok() ? ReadU64At(v, i) : 0) + add[i]);
    }
    stat_entries.emplace_back(key, std::move(out));
  };
  add_to(std::string(1, kStatDict), 1, &delta.terms);
  for (const auto& [g, n] : delta.graphs) add_to(StatKey(kStatGraph, g), 1, &n);
  for (const auto& [p, a] : delta.predicates) add_to(StatKey(kStatPredicate, p), 3, a.data());
  add_to(std::string(1, kStatTotal), 1, &delta.quads);
  std::sort(stat_entries.begin(), stat_entries.end());

  std::vector<std::pair<std::string, std::string>> meta_entries = {
      {std::string(kMetaNextBlank), U64Bytes(impl.next_blank)},
      {std::string(kMetaNextDict), U64Bytes(impl.next_dict)},
  };

  if (quads.size() + new_terms.size() < ingest_threshold_) {
    // 5a. Small commit: one WriteBatch.
    rocksdb::WriteBatch batch;
    for (const auto& t : new_terms) {
      batch.Put(impl.term2id, t.key, U64Bytes(t.id));
      batch.Put(impl.id2term, U64Bytes(t.id), t.key);
    }
    for (int p = 0; p < kNumPermutations; ++p) {
      for (const auto& q : quads) {
        QuadKey key = EncodeQuadKey(static_cast<Permutation>(p), q);
        batch.Put(impl.perms[p], rocksdb::Slice(key.data(), key.size()), rocksdb::Slice());
      }
    }
    for (const auto& [k, v] : stat_entries) batch.Put(impl.stats, k, v);
    for (const auto& [k, v] : meta_entries) batch.Put(impl.meta, k, v);
    rocksdb::WriteOptions wo;
    wo.sync = options_.sync_writes;
    Check(impl.db->Write(wo, &batch), "writing to " + dir_.string());
  } else {
    // 5b. Large commit: sorted SST files for every column family, ingested
    // together (RocksDB applies a multi-family ingestion atomically).
    const fs::path tmp = dir_ / ("ingest-" + std::to_string(getpid()));
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    if (ec) throw StorageError(StorageError::Code::kIo, "cannot create " + tmp.string() + ": " + ec.message());
    struct Cleanup {
      fs::path dir;
      ~Cleanup() {
        std::error_code e;
        fs::remove_all(dir, e);
      }
    } cleanup{tmp};

    std::vector<rocksdb::IngestExternalFileArg> args;
    std::mutex args_mutex;
    std::atomic<int> file_counter{0};
    // Writes sorted `count` entries produced by `entry(i, &key, &value)` into
    // SST files of at most kMaxEntries each, for column family `h`.
    auto write_ssts = [&](rocksdb::ColumnFamilyHandle* h, const std::string& cf_name,
                          std::size_t count, auto&& entry) {
      if (count == 0) return;
      constexpr std::size_t kMaxEntries = std::size_t{8} << 20;
      rocksdb::Options opts(rocksdb::DBOptions(), impl.cf_options.at(cf_name));
      opts.compression = rocksdb::kZSTD;
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = h;
      arg.options.move_files = true;
      arg.options.snapshot_consistency = true;
      std::string key, val;
      for (std::size_t begin = 0; begin < count; begin += kMaxEntries) {
        rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), opts, h);
        const fs::path file = tmp / (std::to_string(file_counter++) + ".sst");
        Check(writer.Open(file.string()), "creating " + file.string());
        const std::size_t end = std::min(count, begin + kMaxEntries);
        for (std::size_t i = begin; i < end; ++i) {
          entry(i, &key, &val);
          Check(writer.Put(key, val), "writing " + file.string());
        }
        Check(writer.Finish(), "finishing " + file.string());
        arg.external_files.push_back(file.string());
      }
      std::lock_guard<std::mutex> g(args_mutex);
      args.push_back(std::move(arg));
    };

    // Permutations: each sorted copy holds the ids in slot order, so the
    // plain array comparison is the permutation's order. When every quad
    // is in one graph (the usual bulk load), a g-first permutation has the
    // same row order as its g-last twin (gspo~spog, gpos~posg, gosp~ospg),
    // so one sort serves both.
    const bool one_graph =
        std::all_of(quads.begin(), quads.end(), [&](const IdQuad& q) { return q[kG] == quads[0][kG]; });
    auto write_rows = [&](int p, const std::vector<std::array<Id, 4>>& rows, bool graph_first) {
      write_ssts(impl.perms[p], kPermutationName[p], rows.size(),
                 [&](std::size_t i, std::string* k, std::string* v) {
                   char key[kQuadKeySize];
                   const auto& r = rows[i];
                   if (graph_first) {  // rows are in the g-last twin's order
                     PutBigEndian64(key, r[3]);
                     for (int j = 0; j < 3; ++j) PutBigEndian64(key + 8 * (j + 1), r[j]);
                   } else {
                     for (int j = 0; j < 4; ++j) PutBigEndian64(key + 8 * j, r[j]);
                   }
                   k->assign(key, kQuadKeySize);
                   v->clear();
                 });
    };
    auto write_perm = [&](int p) {
      const auto& order = kPermutationOrder[p];
      std::vector<std::array<Id, 4>> rows(quads.size());
      for (std::size_t i = 0; i < quads.size(); ++i) {
        for (int j = 0; j < 4; ++j) rows[i][j] = quads[i][order[j]];
      }
      if (p != static_cast<int>(Permutation::kSpog)) std::sort(rows.begin(), rows.end());
      write_rows(p, rows, false);
      if (one_graph) write_rows(p + 3, rows, true);  // kGspo = kSpog + 3, etc.
    };
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto guarded = [&](auto&& fn) {
      try {
        fn();
      } catch (...) {
        std::lock_guard<std::mutex> g(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    };
    std::vector<std::function<void()>> jobs;
    for (int p = 0; p < kNumPermutations; ++p) {
      if (!one_graph || p < 3) jobs.emplace_back([&, p] { write_perm(p); });
    }
    jobs.emplace_back([&] {
      std::sort(new_terms.begin(), new_terms.end(),
                [](const NewTerm& a, const NewTerm& b) { return a.key < b.key; });
      write_ssts(impl.term2id, kTerm2IdCf, new_terms.size(),
                 [&](std::size_t i, std::string* k, std::string* v) {
                   *k = new_terms[i].key;
                   *v = U64Bytes(new_terms[i].id);
                 });
      std::sort(new_terms.begin(), new_terms.end(),
                [](const NewTerm& a, const NewTerm& b) { return a.id < b.id; });
      write_ssts(impl.id2term, kId2TermCf, new_terms.size(),
                 [&](std::size_t i, std::string* k, std::string* v) {
                   *k = U64Bytes(new_terms[i].id);
                   *v = new_terms[i].key;
                 });
      write_ssts(impl.stats, kStatsCf, stat_entries.size(),
                 [&](std::size_t i, std::string* k, std::string* v) {
                   *k = stat_entries[i].first;
                   *v = stat_entries[i].second;
                 });
      write_ssts(impl.meta, rocksdb::kDefaultColumnFamilyName, meta_entries.size(),
                 [&](std::size_t i, std::string* k, std::string* v) {
                   *k = meta_entries[i].first;
                   *v = meta_entries[i].second;
                 });
    });
    std::atomic<std::size_t> next_job{0};
    auto worker = [&] {
      for (std::size_t j; (j = next_job++) < jobs.size();) guarded(jobs[j]);
    };
    std::thread helper(worker);
    worker();
    helper.join();
    if (failure) std::rethrow_exception(failure);
    Check(impl.db->IngestExternalFiles(args), "ingesting into " + dir_.string());
  }
  impl.next_dict_committed = impl.next_dict;
  impl.next_blank_committed = impl.next_blank;
  return result;
}

}  // namespace corridor::storage
