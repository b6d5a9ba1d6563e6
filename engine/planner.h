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
//    FILTER(?v = <iri>) / sameTerm(?v, <iri>) turns into the constant in
//    the scans of the group's patterns that bind ?v (not for literals, whose
//    `=` is value equality). Filter selectivities come from the number of
//    distinct values in the statistics.
//  * Under a LIMIT (and for ASK and EXISTS, which need one row) plans are
//    compared by the cost of their first rows, so pipelined joins (merge,
//    index nested-loop) win over hash joins that build a side first;
//    ORDER BY with LIMIT uses a bounded top-k sort.
//  * EXISTS evaluates the pattern with the outer row's values substituted
//    for its variables (§18.6) throughout the pattern — UNION, OPTIONAL,
//    MINUS, GRAPH, BIND, VALUES, nested EXISTS, sub-selects (projected
//    variables only) — with one plan per set of bound outer variables.
//
// Not thread-safe. The planner owns algebra it creates while planning
// (EXISTS patterns, path steps) that the operators may refer to: it must
// outlive the operator trees it returns.
#pragma once

#include <cstdint>
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
  // returned tree. `rows_needed`: the consumer reads at most this many rows
  // (ASK: 1), so pipelined plans are preferred; nullopt: all rows. Throws
  // corridor::Error(kInvalidArgument) for what cannot be compiled (e.g. an
  // unknown function).
  OperatorPtr Plan(const algebra::Op& op, std::optional<std::uint64_t> rows_needed = std::nullopt);

  // The dataset of `query` (FROM / FROM NAMED resolved against the store).
  static DatasetIds ResolveDataset(const algebra::Query& query, const storage::Store& store);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace corridor::engine
