// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// HashAggregate (GROUP BY with aggregates, §18.5): groups the input rows on
// the values of the key expressions and feeds each group's aggregators
// (MakeAggregator). Without keys there is exactly one group, also over no
// rows (so COUNT(*) of nothing is 0). Output: the key columns, then one
// column per aggregate; groups in order of first appearance.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/operators/operator.h"
#include "engine/operators/row_hash.h"

namespace corridor::engine {

struct GroupKeySpec {
  std::unique_ptr<Expr> expression;  // compiled against the child's columns
  std::string variable;              // the output column
  std::string label;
};

struct AggregateSpec {
  sparql::ast::AggregateOp op = sparql::ast::AggregateOp::kCount;
  bool distinct = false;
  std::string separator = " ";
  std::unique_ptr<Expr> argument;  // null: COUNT(*)
  std::string variable;            // the output column
  std::string label;
};

class HashAggregate final : public Operator {
 public:
  HashAggregate(OperatorPtr child, std::vector<GroupKeySpec> keys,
                std::vector<AggregateSpec> aggregates);

  std::string name() const override { return "HashAggregate"; }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  struct Group {
    std::vector<Id> key;
    std::vector<std::unique_ptr<Aggregator>> aggregators;
    // COUNT(DISTINCT *): the rows seen, per aggregate (empty otherwise).
    std::vector<std::unordered_set<std::vector<Id>, RowVectorHash>> seen_rows;
  };
  Group& NewGroup(std::vector<Id> key);
  void Aggregate();

  OperatorPtr child_;
  std::vector<GroupKeySpec> keys_;
  std::vector<AggregateSpec> aggregates_;
  bool done_ = false;
  std::vector<Group> groups_;
  std::unordered_map<std::vector<Id>, std::size_t, RowVectorHash> index_;
  std::size_t next_ = 0;
  std::size_t charged_ = 0;
};

}  // namespace corridor::engine
