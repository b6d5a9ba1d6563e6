// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// TermSpill: the new dictionary terms of a load too large for the memory
// budget, kept in a scratch RocksDB (no WAL, removed afterwards) that sorts
// them for the commit: by key for term2id, by id for id2term.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/ids.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace corridor::storage {

class TermSpill {
 public:
  // Creates the scratch database in `dir` (which must not exist or be empty).
  explicit TermSpill(std::filesystem::path dir);
  ~TermSpill();  // closes and removes it
  TermSpill(const TermSpill&) = delete;
  TermSpill& operator=(const TermSpill&) = delete;

  // Adds (id, dictionary key) pairs. Throws StorageError on failure.
  void Add(const std::vector<std::pair<Id, std::string>>& terms);
  std::optional<Id> Lookup(std::string_view key) const;
  std::uint64_t size() const { return size_; }

  // Visits every term in ascending key order, or in ascending id order.
  void ForEachByKey(const std::function<void(std::string_view key, Id id)>& fn) const;
  void ForEachById(const std::function<void(Id id, std::string_view key)>& fn) const;

 private:
  std::filesystem::path dir_;
  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // default(unused), by_key, by_id
  std::uint64_t size_ = 0;
};

}  // namespace corridor::storage
