// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Planner: turns the algebra (engine/algebra.h) into a tree of physical
// operators (engine/operators/). It is the only place that chooses among
// operators.
//
//  * The joins of a group (its triple patterns, paths and sub-patterns) are
//    ordered by estimated cost, never by the order written: dynamic
//    programming over connected sub-plans for up to kMaxDpItems items,
//    greedy beyond; cartesian products only between unconnected parts.
//  * Cardinalities come from the store's exact statistics (per predicate:
//    quads, distinct subjects and objects; per graph: quads) and, for
//    patterns with a constant subject or object, from counting the index
//    range up to a small cap.
//  * Join algorithms: merge join when both sides are sorted on the join
//    variable, index nested-loop join (the left bindings pushed into the
//    right pattern's scan) when it is cheaper, hash join otherwise.
//  * A group's FILTERs are placed at the earliest sub-plan where all their
//    variables that the group may bind are certainly bound; OPTIONAL's
//    filter stays in its left join; filters with EXISTS stay on top.
//
// Not thread-safe. The planner owns algebra it creates while planning
// (EXISTS patterns, path steps) that the operators may refer to: it must
// outlive the operator trees it returns.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/algebra.h"
#include "engine/operators/operator.h"

namespace corridor::engine {

// The dataset of a query, as store ids.
struct DatasetIds {
  // Graphs merged into the default graph (sorted): the store's default
  // graph, or the FROM graphs.
  std::vector<Id> default_graphs{storage::kDefaultGraph};
  // The named graphs (sorted; FROM NAMED); nullopt: every named graph.
  std::optional<std::vector<Id>> named_graphs;
};

struct PlannerOptions {
  // For tests: joins in the written order, all hash joins, filters on top.
  bool naive = false;
  // The query's base IRI, for IRI() / URI().
  std::string base;
};

class Planner {
 public:
  static constexpr std::size_t kMaxDpItems = 10;

  // `ctx` must outlive the planner and the plans.
  Planner(ExecContext& ctx, DatasetIds dataset, PlannerOptions options = {});
  ~Planner();
  Planner(const Planner&) = delete;
  Planner& operator=(const Planner&) = delete;

  // The operator tree computing `op`'s solutions. `op` must outlive the
  // returned tree. Throws corridor::Error(kInvalidArgument) for what cannot
  // be compiled (e.g. an unknown function).
  OperatorPtr Plan(const algebra::Op& op);

  // The dataset of `query` (FROM / FROM NAMED resolved against the store).
  static DatasetIds ResolveDataset(const algebra::Query& query, const storage::Store& store);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corridor::engine
