// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Every tunable of a database in one place, each with its meaning and default.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace corridor {

struct Options {
  // Create the database directory and an empty store if it does not exist.
  bool create_if_missing = true;

  // Open without taking the writer lock: loads and updates are refused.
  // Several read-only handles may share a database with one writer process.
  bool read_only = false;

  // Upper bound, in bytes, for the memory a bulk load uses for its sorted
  // runs and term map (the loader spills to temporary files beyond it), and
  // for the changes an update request holds until it commits (a request
  // changing more than budget / 320 quads fails with kResourceLimit).
  std::size_t memory_budget_bytes = std::size_t{2} << 30;  // 2 GiB

  // RocksDB block cache shared by all column families.
  std::size_t block_cache_bytes = std::size_t{256} << 20;  // 256 MiB

  // Decoded index blocks kept across queries, so that rows read again (a
  // query run again, a join probing the same rows) cost a look-up instead
  // of a RocksDB read and a decode (0: none). Any write makes the kept
  // blocks stale. See storage/row_blocks.h (DecodedBlockCache).
  std::size_t decoded_block_cache_bytes = std::size_t{64} << 20;  // 64 MiB

  // When true (the default) a load or update is on disk (fsync'ed WAL or
  // synced SST files) before the call returns, so it survives a crash.
  bool sync_writes = true;

  // Plans of finished queries kept for running the same query text again
  // on unchanged data without parsing and planning it (0: none). Any write
  // makes the kept plans stale. See engine/plan_cache.h.
  std::size_t plan_cache_entries = 64;
};

enum class RdfFormat { kAuto, kNTriples, kNQuads, kTurtle, kTriG };

// Progress of a running load, reported about once a second.
struct LoadProgress {
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_total = 0;  // 0 when unknown (e.g. a pipe)
  std::uint64_t quads_read = 0;
  double seconds = 0;
};

struct LoadOptions {
  // kAuto picks the format from the file name: .nt .nq .ttl .trig, each
  // optionally followed by .gz. Strings need an explicit format.
  RdfFormat format = RdfFormat::kAuto;
  // Triples (default-graph statements) go into this named graph when set.
  std::optional<std::string> graph;
  // Base IRI for relative IRIs; defaults to the file's file:// IRI.
  std::optional<std::string> base;
  // Called from the loading thread about once a second; may be empty.
  std::function<void(const LoadProgress&)> on_progress;
};

struct LoadResult {
  std::uint64_t quads_read = 0;   // statements parsed
  std::uint64_t quads_added = 0;  // new quads stored
  std::uint64_t duplicates = 0;   // already present, or repeated in input
  double seconds = 0;
};

}  // namespace corridor
