// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// JoinLayout: the output columns of a join (the left input's, then the
// right's that the left lacks) and the merge of two compatible rows
// (SPARQL §18.3: shared variables equal where both are bound).
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "engine/operators/operator.h"

namespace corridor::engine {

struct JoinLayout {
  JoinLayout() = default;
  JoinLayout(const std::vector<std::string>& left, const std::vector<std::string>& right)
      : columns(left), left_width(left.size()), right_width(right.size()) {
    for (std::size_t i = 0; i < right.size(); ++i) {
      auto it = std::find(left.begin(), left.end(), right[i]);
      if (it != left.end()) {
        const std::size_t l = static_cast<std::size_t>(it - left.begin());
        right_target.push_back(l);
        shared.emplace_back(l, i);
      } else {
        columns.push_back(right[i]);
        right_target.push_back(columns.size() - 1);
      }
    }
  }

  // Writes the merge of `l` and `r` to `out` (columns.size() ids); false if
  // they are not compatible (out then holds garbage).
  bool Merge(const Id* l, const Id* r, Id* out) const {
    std::copy(l, l + left_width, out);
    std::fill(out + left_width, out + columns.size(), kNoId);
    for (std::size_t i = 0; i < right_width; ++i) {
      const std::size_t t = right_target[i];
      const Id v = r[i];
      if (v == kNoId) continue;
      if (out[t] == kNoId) out[t] = v;
      else if (out[t] != v) return false;
    }
    return true;
  }
  // `l` with the right-only columns unbound.
  void PadLeft(const Id* l, Id* out) const {
    std::copy(l, l + left_width, out);
    std::fill(out + left_width, out + columns.size(), kNoId);
  }

  std::vector<std::string> columns;
  std::vector<std::size_t> right_target;  // output column of each right column
  std::vector<std::pair<std::size_t, std::size_t>> shared;  // (left column, right column)
  std::size_t left_width = 0;
  std::size_t right_width = 0;
};

enum class JoinKind { kInner, kLeftOuter };

}  // namespace corridor::engine
