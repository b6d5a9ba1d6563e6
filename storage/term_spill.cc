// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/term_spill.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "storage/storage_error.h"

namespace corridor::storage {

namespace fs = std::filesystem;

namespace {
void Check(const rocksdb::Status& s, const std::string& what) {
  if (!s.ok()) throw StorageError(StorageError::Code::kIo, what + ": " + s.ToString());
}
}  // namespace

TermSpill::TermSpill(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::remove_all(dir_, ec);
  rocksdb::DBOptions o;
  o.create_if_missing = true;
  o.create_missing_column_families = true;
  o.info_log_level = rocksdb::InfoLogLevel::ERROR_LEVEL;
  o.max_background_jobs = 1;
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = 8 << 20;  // counted in the load's fixed reserve
  cf.max_write_buffer_number = 2;
  cf.compression = rocksdb::kLZ4Compression;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {rocksdb::kDefaultColumnFamilyName, cf}, {"by_key", cf}, {"by_id", cf}};
  Check(rocksdb::DB::Open(o, dir_.string(), cfs, &handles_, &db_),
        "creating scratch term store " + dir_.string());
}

TermSpill::~TermSpill() {
  if (db_ != nullptr) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
    delete db_;
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void TermSpill::Add(const std::vector<std::pair<Id, std::string>>& terms) {
  // Small write batches: one batch of everything would hold a second copy
  // of all the terms at once.
  constexpr std::size_t kBatchBytes = std::size_t{4} << 20;
  rocksdb::WriteOptions wo;
  wo.disableWAL = true;  // scratch data: a crash discards the whole load anyway
  rocksdb::WriteBatch batch;
  for (const auto& [id, key] : terms) {
    char id_bytes[8];
    PutBigEndian64(id_bytes, id);
    batch.Put(handles_[1], key, rocksdb::Slice(id_bytes, 8));
    batch.Put(handles_[2], rocksdb::Slice(id_bytes, 8), key);
    if (batch.GetDataSize() >= kBatchBytes) {
      Check(db_->Write(wo, &batch), "writing scratch term store");
      batch.Clear();
    }
  }
  Check(db_->Write(wo, &batch), "writing scratch term store");
  size_ += terms.size();
}

std::optional<Id> TermSpill::Lookup(std::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[1], rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::nullopt;
  Check(s, "reading scratch term store");
  return GetBigEndian64(value.data());
}

void TermSpill::ForEachByKey(const std::function<void(std::string_view, Id)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[1]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    fn(std::string_view(it->key().data(), it->key().size()), GetBigEndian64(it->value().data()));
  }
  Check(it->status(), "reading scratch term store");
}

void TermSpill::ForEachById(const std::function<void(Id, std::string_view)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[2]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    fn(GetBigEndian64(it->key().data()), std::string_view(it->value().data(), it->value().size()));
  }
  Check(it->status(), "reading scratch term store");
}

}  // namespace corridor::storage
