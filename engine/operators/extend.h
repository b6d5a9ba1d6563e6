// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Extend (BIND, SELECT expressions): adds columns holding expressions'
// values, unbound where an expression errs. Several consecutive bindings
// form one Extend, evaluated left to right on each row (a later expression
// sees the earlier values) as one solution: BNODE("x") gives the same blank
// node in all of them. Keeps the input's order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/operators/operator.h"

namespace corridor::engine {

struct ExtendBinding {
  std::string variable;
  // Compiled against the child's columns followed by the variables of the
  // bindings before this one.
  std::unique_ptr<Expr> expression;
  std::string label;
};

class Extend final : public Operator {
 public:
  // If a binding's variable is already a column, the value fills that
  // column where it is unbound (and the row is dropped where the two
  // differ), as Join would.
  Extend(OperatorPtr child, std::vector<ExtendBinding> bindings);

  std::string name() const override { return "Extend"; }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override { child_->Open(ctx()); }
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override { child_->Close(); }

 private:
  OperatorPtr child_;
  std::vector<ExtendBinding> bindings_;
  std::vector<std::size_t> targets_;  // column receiving each binding's value
  std::vector<bool> existing_;        // whether that column came from the child
  Batch input_;
  std::vector<Id> scratch_;
};

}  // namespace corridor::engine
