// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// IndexScan: the quads matching one triple pattern in the query's dataset,
// read from the index permutation whose prefix covers the bound positions
// (Store::ChoosePermutation). Rows come sorted on the free positions in
// the permutation's order (sorted_on()), which merge joins use; SeekTo
// skips ahead with ScanIterator::Seek.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/operators/operator.h"
#include "engine/operators/scan_term.h"

namespace corridor::engine {

// Which graphs of the store a pattern reads.
struct GraphSelector {
  enum class Kind {
    kMerge,  // the RDF merge of `merge_graphs` (the default graph); no graph column
    kNamed,  // the named graph `graph` (variable, constant or parameter)
  };
  Kind kind = Kind::kMerge;
  // kMerge: the store graphs merged into the default graph (kDefaultGraph
  // for the store's default graph; the FROM graphs otherwise). Sorted.
  std::vector<Id> merge_graphs{storage::kDefaultGraph};
  // kNamed: the graph term, and the graphs it may take (FROM NAMED, sorted);
  // nullopt: every named graph of the store.
  ScanTerm graph;
  std::optional<std::vector<Id>> named_graphs;
};

class IndexScan final : public Operator {
 public:
  // `label` describes the pattern for EXPLAIN. A triple found in several
  // merged graphs is produced once.
  IndexScan(ScanTerm subject, ScanTerm predicate, ScanTerm object, GraphSelector graphs,
            std::string label);
  ~IndexScan() override;

  bool CanSeek() const override;
  void SeekTo(Id value) override;

  std::string name() const override { return "IndexScan"; }
  std::string details() const override;

  // REQUIRES: open. The rows this opening yields before per-row checks
  // (repeated variables, default-graph exclusion): exact up to
  // `count_limit` per index range, estimated beyond (Store::EstimateRows).
  double EstimateRows(std::size_t count_limit) const;

  // The permutation chosen when every parameter is bound.
  storage::Permutation planned_permutation() const { return planned_perm_; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  struct SubScan {
    std::unique_ptr<storage::ScanIterator> it;
    std::vector<Id> prefix;
  };
  // The sub-scan holding the smallest current row, or -1 at the end.
  int PickNext();
  // Of the permutations whose key starts with exactly the `bound`
  // positions, the one whose prefix puts the steadiest values first:
  // constants, then parameters by their slot (the planner numbers the slots
  // of an index nested-loop join outer-first). When it is the inner side of
  // such a join, successive openings then seek to nearby keys, mostly in
  // blocks already read, instead of all over the index.
  storage::Permutation Choose(const bool bound[4]) const;
  // Choose's answer by bound positions (bit p: position p bound), -1 until
  // first asked; fixed, as the terms' kinds and slots are.
  std::array<std::int8_t, 16> chosen_;

  ScanTerm terms_[4];  // indexed by storage::Position; terms_[kG] for kNamed only
  GraphSelector graphs_;
  std::string label_;
  storage::Permutation planned_perm_;
  bool has_parameters_ = false;
  // column_positions_[c]: the quad positions whose value goes to column c
  // (several when a variable repeats; they must then be equal).
  std::vector<std::vector<int>> column_positions_;

  // Per opening.
  storage::Permutation perm_ = storage::Permutation::kSpog;
  std::vector<SubScan> scans_;
  // Iterators kept from the previous opening, and the snapshot they read.
  std::vector<SubScan> kept_;
  const void* kept_snapshot_ = nullptr;
  bool skip_default_graph_ = false;  // kNamed over all graphs: drop graph 0
  bool dedupe_ = false;              // kMerge over several graphs
  std::optional<storage::IdQuad> last_;  // last row produced, for dedupe
};

}  // namespace corridor::engine
