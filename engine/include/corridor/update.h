// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// SPARQL 1.1 Update through the embedding API (Database::Update).
//
// Graphs exist while they hold quads (Corridor keeps no empty graphs):
// CREATE GRAPH fails (unless SILENT) for a graph with quads and otherwise
// does nothing; CLEAR / DROP of a graph without quads succeed; ADD / MOVE /
// COPY from a named graph without quads fail unless SILENT. LOAD reads
// local files only (see load_allowed_dirs); SILENT turns any LOAD failure,
// including a refused IRI, into "nothing loaded".
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "corridor/query.h"

namespace corridor {

struct UpdateOptions {
  // Prefixes in force before the request's own PREFIX declarations.
  std::map<std::string, std::string> prefixes;
  // The base IRI before any BASE declaration; empty: none.
  std::string base;
  // Folders LOAD may read from (file: IRIs only, after resolving symlinks).
  // Empty means the current directory and below.
  std::vector<std::filesystem::path> load_allowed_dirs;
  // As for queries: stop with Error(kCancelled) after this long (0: never),
  // or when `cancel` is cancelled. A stopped request changes nothing.
  std::chrono::milliseconds timeout{0};
  std::shared_ptr<CancelToken> cancel;
};

struct UpdateResult {
  std::uint64_t operations = 0;      // operations in the request
  std::uint64_t quads_inserted = 0;  // quads that were not there before
  std::uint64_t quads_deleted = 0;   // quads that were there before
  double seconds = 0;
};

}  // namespace corridor
