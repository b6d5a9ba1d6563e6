// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Distinct: each row once, in the order of first appearance (streams;
// remembers every row seen). Ids are equal exactly when terms are, so rows
// compare by id.
#pragma once

#include <unordered_set>
#include <vector>

#include "engine/operators/operator.h"
#include "engine/operators/row_hash.h"

namespace corridor::engine {

class Distinct final : public Operator {
 public:
  explicit Distinct(OperatorPtr child);

  std::string name() const override { return "Distinct"; }
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  OperatorPtr child_;
  std::unordered_set<std::vector<Id>, RowVectorHash> seen_;
  std::size_t charged_ = 0;
  Batch input_;
};

}  // namespace corridor::engine
