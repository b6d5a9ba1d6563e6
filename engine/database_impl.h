// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// What a Database is made of, for the engine's own use (not installed).
#pragma once

#include <filesystem>
#include <memory>

#include "corridor/database.h"
#include "engine/plan_cache.h"
#include "parser/sparql_parser.hpp"
#include "storage/store.h"

namespace corridor::internal {

class DatabaseImpl {
 public:
  DatabaseImpl(std::filesystem::path path, Options options,
               std::unique_ptr<storage::Store> store)
      : path_(std::move(path)), options_(options), store_(std::move(store)) {
    if (options_.plan_cache_entries > 0) plan_cache_ = std::make_shared<PlanCache>(options_.plan_cache_entries);
  }

  const std::filesystem::path& path() const { return path_; }
  const Options& options() const { return options_; }
  storage::Store& store() { return *store_; }
  const storage::Store& store() const { return *store_; }
  // Null when Options::plan_cache_entries is 0.
  const std::shared_ptr<PlanCache>& plan_cache() const { return plan_cache_; }

  // Wraps storage's cursor into the public one.
  static QuadCursor MakeCursor(std::unique_ptr<QuadCursorImpl> impl);

 private:
  std::filesystem::path path_;
  Options options_;
  std::unique_ptr<storage::Store> store_;
  // After store_: its plans read the store, so they go first.
  std::shared_ptr<PlanCache> plan_cache_;
};

// Turns a storage-layer error into the public one.
[[noreturn]] void RethrowAsPublic(const storage::StorageError& e);

// The options queries and updates are parsed with: the caller's prefixes
// and base, and the engine's function library (an unknown function is
// refused at its position).
sparql::ParseOptions EngineParseOptions(const std::map<std::string, std::string>& prefixes,
                                        const std::string& base);

// Turns a parse error into the public one, positioned at `source`:line:col
// with the source line and a caret: kSyntax, or kInvalidArgument for valid
// SPARQL the engine cannot run (an unknown function).
[[noreturn]] void RethrowParseError(const sparql::ParseError& e, const char* source);

}  // namespace corridor::internal
