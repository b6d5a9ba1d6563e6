// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Sorted rows of id quads for a commit, from memory or from sorted runs
// spilled to disk, so that a load of any size fits its memory budget.
//
// A Row holds the four ids of a quad in one permutation's slot order, so that
// plain array order is the permutation's order.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "storage/ids.h"

namespace corridor::storage {

using Row = std::array<Id, 4>;

// The row of `quad` in `perm`'s slot order, and back.
Row ToRow(const IdQuad& quad, Permutation perm);
IdQuad FromRow(const Row& row, Permutation perm);

// Rows in ascending order without repeats.
class RowSource {
 public:
  virtual ~RowSource() = default;
  // Stores the next row in *row and returns true, or returns false at the
  // end. Throws StorageError when a run cannot be read.
  virtual bool Next(Row* row) = 0;
};

// The rows of `quads` in `perm`'s order, sorted (repeats kept).
std::vector<Row> SortRowsOf(const std::vector<IdQuad>& quads, Permutation perm);

// Iterates sorted `rows` without repeats. Does not own them: `rows` must
// outlive the source.
std::unique_ptr<RowSource> RowsOf(const std::vector<Row>& rows);

// Merges sorted `chunks` into one ascending stream without repeats. Does
// not own them: `chunks` must outlive the source.
std::unique_ptr<RowSource> MergeRowsOf(const std::vector<std::vector<Row>>& chunks);

// If every quad is in one graph, that graph.
std::optional<Id> SingleGraph(const std::vector<IdQuad>& quads);

// Quads spilled to disk in sorted runs. Each run is one chunk of quads,
// written sorted in each order a commit reads: the three g-last orders
// always, the g-first ones only for a run that spans several graphs (for a
// one-graph run a g-first order is its g-last twin's order).
// The folder is created by the constructor and removed by the destructor.
class RunSet {
 public:
  explicit RunSet(std::filesystem::path dir);
  ~RunSet();
  RunSet(const RunSet&) = delete;
  RunSet& operator=(const RunSet&) = delete;

  // Writes `quads` as a new run and clears it.
  void Spill(std::vector<IdQuad>& quads);

  bool empty() const { return runs_.empty(); }
  std::size_t runs() const { return runs_.size(); }
  std::uint64_t rows() const;
  // If every run is in one and the same graph, that graph.
  std::optional<Id> SingleGraph() const;

  // The merged rows of every run in `perm`'s order, without repeats.
  std::unique_ptr<RowSource> Merge(Permutation perm) const;

 private:
  struct Run {
    std::filesystem::path base;  // files are base + "." + permutation name
    std::optional<Id> single_graph;
    std::uint64_t rows = 0;
  };
  std::filesystem::path dir_;
  std::vector<Run> runs_;
};

}  // namespace corridor::storage
