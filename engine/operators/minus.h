// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Minus (§18.5 Minus): the left rows for which no right row is compatible
// while sharing at least one bound variable. Materialises the right input,
// hashed on the key columns (variables bound in every row of both sides);
// without keys every right row is checked. Keeps the left order.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/operators/join_layout.h"
#include "engine/operators/row_hash.h"

namespace corridor::engine {

class Minus final : public Operator {
 public:
  // `scope_variable`: inside GRAPH ?g, both sides carry ?g (the graph they
  // were matched in); it must agree but does not count as shared (§18.5:
  // the right side's solutions do not bind ?g).
  Minus(OperatorPtr left, OperatorPtr right, std::vector<std::pair<std::size_t, std::size_t>> keys,
        std::optional<std::string> scope_variable = std::nullopt);

  std::string name() const override { return "Minus"; }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {left_.get(), right_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  void Build();
  bool Removed(const Id* l) const;

  OperatorPtr left_, right_;
  JoinLayout layout_;
  std::vector<std::size_t> left_keys_, right_keys_;
  std::optional<std::size_t> scope_column_;  // left column of the GRAPH variable
  bool built_ = false;
  std::vector<Id> right_rows_;
  std::size_t right_count_ = 0;
  RowHashIndex table_;  // the rows with every key bound
  std::vector<std::uint32_t> unbound_key_rows_;
  std::size_t charged_ = 0;
  Batch input_;
};

}  // namespace corridor::engine
