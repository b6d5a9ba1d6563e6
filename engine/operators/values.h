// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Values: a fixed table of rows (VALUES / inline data, the one empty
// solution of an empty group, the list of named graphs).
#pragma once

#include <string>
#include <vector>

#include "engine/operators/operator.h"

namespace corridor::engine {

class Values final : public Operator {
 public:
  // `rows` is row-major with columns.size() ids per row (kNoId: UNDEF);
  // `row_count` rows (needed when there are no columns).
  Values(std::vector<std::string> columns, std::vector<Id> rows, std::size_t row_count,
         std::string label = {});

  std::string name() const override { return "Values"; }
  std::string details() const override;

 protected:
  void OpenImpl() override { next_ = 0; }
  bool NextImpl(Batch* out, std::size_t max_rows) override;

 private:
  std::vector<Id> rows_;
  std::size_t row_count_;
  std::string label_;
  std::size_t next_ = 0;
};

}  // namespace corridor::engine
