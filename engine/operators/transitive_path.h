// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// TransitivePath: the property path operators `*`, `+` and `?` over any
// inner path (§18.4 ALP: each pair of nodes at most once). From a bound end
// (constant, or a parameter set by an enclosing nested-loop join) it runs a
// breadth-first search along the inner path, forward from the subject or
// backward from the object, reading only the index ranges of the nodes it
// reaches. With both ends unbound it enumerates the nodes of the graph
// (subjects and objects) and searches from each. Inside GRAPH ?g it does
// this per named graph.
//
// One step of the search is a correlated sub-plan: it reads the start node
// from slot 0 (and the graph from slot 1, if any) of its parameter row and
// yields the nodes one inner-path step away.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/operators/operator.h"
#include "engine/operators/scan_term.h"

namespace corridor::engine {

class TransitivePath final : public Operator {
 public:
  // A sub-plan and the column of it to read.
  struct SubPlan {
    OperatorPtr plan;
    std::size_t column = 0;   // the step's end node / the enumerated node
    std::size_t column2 = 0;  // node enumeration: the second node column
  };
  struct Spec {
    ScanTerm subject, object;
    // Set inside GRAPH: the graph term, and the graphs to try when it is
    // unbound at opening.
    std::optional<ScanTerm> graph;
    std::vector<Id> graphs;
    bool min_zero = true;   // `*`, `?`
    bool unbounded = true;  // `*`, `+`
    ParamRow* params = nullptr;  // slot 0: start node, slot 1: graph
    SubPlan forward, backward;   // one step along the path / the inverse path
    SubPlan nodes;               // the subjects and objects of the graph
    std::string label;
  };

  explicit TransitivePath(Spec spec);

  std::string name() const override { return "TransitivePath"; }
  std::string details() const override { return spec_.label; }
  std::vector<const Operator*> children() const override;

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override {}

 private:
  // Runs `step` from `start` in the current graph and collects the end nodes.
  void Successors(SubPlan& step, Id start, std::vector<Id>* out);
  // The nodes reachable from `start` (start included when min_zero_);
  // stops early once `target` (if not kNoId) is found.
  std::vector<Id> Reach(SubPlan& step, Id start, Id target);
  std::vector<Id> AllNodes();
  // Fill pending_ with the rows of the current graph from the bound end /
  // from the next start node.
  void FillBound();
  void FillNextStart();

  Spec spec_;
  std::optional<std::size_t> subject_col_, object_col_, graph_col_;

  // Per opening.
  Id subject_ = kNoId, object_ = kNoId;
  bool same_variable_ = false;
  std::vector<Id> graph_list_;  // {kNoId} outside GRAPH
  std::size_t graph_index_ = 0;
  std::vector<Id> starts_;       // both ends unbound: nodes still to search from
  std::size_t start_index_ = 0;
  bool graph_started_ = false;
  std::vector<std::array<Id, 2>> pending_;  // (subject, object) rows to emit
  std::size_t pending_pos_ = 0;
  std::vector<Id> scratch_;
};

}  // namespace corridor::engine
