// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// What a Database is made of, for the engine's own use (not installed).
#pragma once

#include <filesystem>
#include <memory>

#include "corridor/database.h"
#include "storage/store.h"

namespace corridor::internal {

class DatabaseImpl {
 public:
  DatabaseImpl(std::filesystem::path path, Options options,
               std::unique_ptr<storage::Store> store)
      : path_(std::move(path)), options_(options), store_(std::move(store)) {}

  const std::filesystem::path& path() const { return path_; }
  const Options& options() const { return options_; }
  storage::Store& store() { return *store_; }
  const storage::Store& store() const { return *store_; }

  // Wraps storage's cursor into the public one.
  static QuadCursor MakeCursor(std::unique_ptr<QuadCursorImpl> impl);

 private:
  std::filesystem::path path_;
  Options options_;
  std::unique_ptr<storage::Store> store_;
};

// Turns a storage-layer error into the public one.
[[noreturn]] void RethrowAsPublic(const storage::StorageError& e);

}  // namespace corridor::internal
