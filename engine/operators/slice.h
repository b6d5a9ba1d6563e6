// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Slice (OFFSET / LIMIT): skips `offset` rows and passes at most `limit`.
// Never asks its input for more rows than it can still use, so a LIMIT over
// a streaming plan stops the work early.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/operators/operator.h"

namespace corridor::engine {

class Slice final : public Operator {
 public:
  Slice(OperatorPtr child, std::uint64_t offset, std::optional<std::uint64_t> limit);

  std::string name() const override { return "Slice"; }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {child_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override { child_->Close(); }

 private:
  OperatorPtr child_;
  std::uint64_t offset_;
  std::optional<std::uint64_t> limit_;
  std::uint64_t to_skip_ = 0;
  std::uint64_t produced_ = 0;
  Batch input_;
};

}  // namespace corridor::engine
