// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The outcome of one W3C test, shared by the runners of each test family.
#pragma once

#include <string>

namespace corridor::conformance {

struct TestOutcome {
  enum class Status { kPass, kFail, kSkip };
  Status status = Status::kPass;
  std::string reason;  // why it failed or was skipped; empty for a pass

  static TestOutcome Pass() { return {}; }
  static TestOutcome Fail(std::string why) { return {Status::kFail, std::move(why)}; }
  static TestOutcome Skip(std::string why) { return {Status::kSkip, std::move(why)}; }
};

}  // namespace corridor::conformance
