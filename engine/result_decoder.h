// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// ResultDecoder: turns the ids of result rows into terms, a batch at a time.
// Operators work on ids only; terms are decoded here, late, for output. The
// ids of a batch that are not in the decoder's cache are read from the
// dictionary in one Store::ResolveMany call (a sorted MultiGet), instead of
// one point read per id, which is what makes large results stream fast.
#pragma once

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "corridor/term.h"
#include "engine/operators/operator.h"
#include "storage/store.h"

namespace corridor::engine {

class EvalContext;

class ResultDecoder {
 public:
  // `store` and `eval` must outlive the decoder. `eval` decodes the ids of
  // terms computed by the query (its local vocabulary).
  ResultDecoder(const storage::Store& store, EvalContext& eval);

  // Reads the terms of the ids in `columns` of every row of `batch` that are
  // not cached yet. After it, Decode of those ids does no dictionary read
  // until the next Prefetch. Memory: at most the larger of kMaxEntries and
  // one batch's distinct ids.
  void Prefetch(const Batch& batch, const std::vector<std::size_t>& columns);

  // The term of `id` (not kNoId). Reads the dictionary when the id was not
  // prefetched. The reference is valid until the next Prefetch.
  const Term& Decode(Id id);

  static constexpr std::size_t kMaxEntries = std::size_t{1} << 16;

 private:
  const storage::Store& store_;
  EvalContext& eval_;
  std::unordered_map<Id, Term> cache_;
  std::vector<Id> missing_;     // scratch
  std::vector<Term> resolved_;  // scratch
};

}  // namespace corridor::engine
