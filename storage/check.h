// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// CheckStore: verifies that a store is internally consistent, at one
// snapshot, without trusting any of the redundancy it verifies:
//
//   1. the six index permutations hold exactly the same quads, every block
//      decodes (storage/row_blocks.h: ascending rows ending in its key, at
//      most kMaxBlockRows of them), blocks are disjoint and ascending, and
//      every id in them is well formed
//      (a known tag; a blank or dictionary sequence number below the
//      store's counters; an IRI or blank subject and graph, an IRI
//      predicate; id 0 only as the default graph);
//   2. every dictionary id used by a quad has an id2term entry, and the two
//      directions of the dictionary are inverse to each other (each
//      id2term entry decodes to a term whose term2id entry gives back the
//      id, and term2id holds nothing else);
//   3. the statistics (stats column family) equal a recount: total quads,
//      dictionary terms, per-predicate quads, distinct subjects and distinct
//      objects, and per-graph quads, with no entry for a predicate or graph
//      that has no quads.
//
// How it streams (bounded memory whatever the size of the store): every
// column family is read once in key order. The permutations are compared
// by an order-independent fingerprint (count and two sums of 64-bit quad
// hashes, in effect a 128-bit multiset hash), so equal fingerprints mean
// equal sets except with probability about 2^-64. Only when fingerprints
// differ (or CheckOptions::compare_all_keys is set) are the disagreeing
// permutations compared row by row with look-ups against a reference
// permutation (the one most others agree with), which names every
// offending key. The dictionary's two directions are compared the same way.
// Dictionary ids are looked up as the first slot of spog (subjects), posg
// (predicates), ospg (objects) and gspo (graphs), where they come in
// ascending order and the look-ups are a merge with id2term. The recount
// needs memory proportional to the number of distinct predicates and
// graphs only.
//
// Thread safety: reads only, on a snapshot; may run while the store is
// being written (it checks the state at the moment it starts).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace corridor::storage {

class Store;

struct CheckOptions {
  // Compare every permutation with the reference row by row even when the
  // fingerprints agree (one look-up per quad and permutation, and per
  // dictionary entry): a deterministic proof of equality, several times
  // slower than the default.
  bool compare_all_keys = false;
  // At most this many offending keys are listed per problem (all are
  // counted). At least 1.
  std::size_t max_examples = 5;
};

// One kind of fault at one place, e.g. "posg lacks quads that spog holds".
struct CheckProblem {
  std::string what;
  std::uint64_t count = 0;            // offending keys or entries
  std::vector<std::string> examples;  // the first few, each naming its key
};

struct CheckReport {
  // What was found (recounted, not read from the statistics).
  std::uint64_t quads = 0;             // keys of spog
  std::uint64_t dictionary_terms = 0;  // entries of id2term
  std::uint64_t predicates = 0;        // distinct predicates in spog
  std::uint64_t graphs = 0;            // distinct graphs in spog, the default graph included
  bool compared_all_keys = false;      // whether every key was compared
  std::vector<CheckProblem> problems;  // empty: the store is consistent
  // Not faults: e.g. scratch folders left by a load that was killed.
  std::vector<std::string> notes;

  bool ok() const { return problems.empty(); }
};

// Checks `store` at a snapshot taken now. Problems found in the data are
// returned in the report; throws StorageError only when RocksDB cannot read
// the files at all (kIo, kCorruption from a damaged block).
CheckReport CheckStore(const Store& store, const CheckOptions& options = {});

}  // namespace corridor::storage
