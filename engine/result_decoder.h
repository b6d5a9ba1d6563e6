// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// ResultDecoder: turns the ids of result rows into terms, a batch at a time.
// Operators work on ids only; terms are decoded here, late, for output. The
// ids of a batch are read from the dictionary in one Store::ResolveMany call
// (in id order), instead of one point read per id, which is what makes
// large results stream fast.
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

  // Reads the terms of the dictionary ids in `columns` of every row of
  // `batch`, in one Store::ResolveMany call. After it, Decode of those ids
  // does no dictionary read until the next Prefetch. Memory: one batch's
  // distinct ids; the Terms are reused from batch to batch, so steady-state
  // decoding allocates only for strings longer than any before.
  void Prefetch(const Batch& batch, const std::vector<std::size_t>& columns);

  // The term of `id` (not kNoId). Ids that were not prefetched (inline
  // values, terms the query computed, other columns) are decoded one by one
  // and kept in a small cache. The reference is valid until the next
  // Prefetch or Decode.
  const Term& Decode(Id id);

  static constexpr std::size_t kMaxOtherEntries = std::size_t{1} << 12;

 private:
  const storage::Store& store_;
  EvalContext& eval_;
  std::vector<Id> ids_;      // this batch's prefetched ids, sorted, distinct
  std::vector<Term> terms_;  // terms_[i] is the term of ids_[i]; capacity kept
  std::unordered_map<Id, Term> others_;
};

}  // namespace corridor::engine
