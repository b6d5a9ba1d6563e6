// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// TopKSort (ORDER BY with LIMIT): the first `k` rows of the order Sort
// gives, without sorting everything. It keeps a bounded max-heap of the k
// smallest rows seen so far (ORDER BY keys, then input position, so ties
// keep the input order exactly as Sort's stable sort does): O(n log k)
// comparisons and memory for k rows (charged to the query's limit), however
// many rows the input has. The planner uses it for Slice over OrderBy with
// k = OFFSET + LIMIT; the Slice above it still skips the offset.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/operators/operator.h"
#include "engine/operators/sort.h"

namespace corridor::engine {

class TopKSort final : public Operator {
 public:
  // REQUIRES: k >= 1 (a LIMIT 0 never opens its input).
  TopKSort(OperatorPtr child, std::vector<SortKey> keys, std::uint64_t k);

  std::string name() const override { return "TopKSort"; }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  // One kept row: its slot in rows_/key_values_ and its input position.
  struct Entry {
    std::uint32_t slot;
    std::uint64_t position;
  };
  // Whether row `a` comes before row `b` in the ORDER BY order.
  bool Before(const Entry& a, const Entry& b) const;
  // Same, with the keys of `a` given directly (a candidate not yet kept).
  bool KeysBefore(const Id* a_keys, std::uint64_t a_position, const Entry& b) const;
  void Fill();

  OperatorPtr child_;
  std::vector<SortKey> keys_;
  std::uint64_t k_;
  bool filled_ = false;
  std::vector<Id> rows_;        // row-major, child width, at most k rows
  std::vector<Id> key_values_;  // row-major, keys_.size() per row
  std::vector<Entry> heap_;     // max-heap on Before: the last kept row on top
  std::size_t next_ = 0;        // after Fill: heap_ sorted ascending, next to emit
  std::size_t charged_ = 0;
};

}  // namespace corridor::engine
