// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// EvalContext: id <-> term for expression evaluation.
#include "engine/expression.h"
#include "storage/term_codec.h"

namespace corridor::engine {

namespace {
// Dictionary terms kept decoded; the cache is dropped whole when full, which
// keeps it cheap and bounded.
constexpr std::size_t kDecodeCacheEntries = 4096;
}  // namespace

EvalContext::EvalContext(const storage::Store& store, LocalVocab& vocab, std::string now)
    : store_(store), vocab_(vocab), now_(std::move(now)) {}

Term EvalContext::Decode(Id id) {
  if (LocalVocab::IsLocal(id)) return vocab_.Get(id);
  if (!storage::InDictionary(id)) return storage::DecodeNonDictionaryId(id);
  if (auto it = decode_cache_.find(id); it != decode_cache_.end()) return it->second;
  if (decode_cache_.size() >= kDecodeCacheEntries) decode_cache_.clear();
  Term term = store_.Resolve(id);
  decode_cache_.emplace(id, term);
  return term;
}

Id EvalContext::Encode(const Term& term) {
  const storage::TermParts parts = storage::TermParts::Of(term);
  if (auto id = storage::TryInlineId(parts)) return *id;
  if (auto id = store_.LookupId(parts)) return *id;
  return vocab_.Add(term);
}

}  // namespace corridor::engine
