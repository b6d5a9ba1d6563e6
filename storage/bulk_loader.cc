// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/bulk_loader.h"

namespace corridor::storage {

namespace {
// Rough per-entry overhead of an unordered_map node plus bucket.
constexpr std::size_t kMapEntryOverhead = 64;
}  // namespace

BulkLoader::BulkLoader(Store& store, Store::WriterLock& lock, std::size_t memory_budget)
    : store_(store), lock_(lock), memory_budget_(memory_budget) {
  store_has_terms_ = store_.ReadStats(store_.GetSnapshot()).dictionary_terms > 0;
}

BulkLoader::~BulkLoader() {
  if (!committed_) store_.AbortIds(lock_);
}

void BulkLoader::SetDefaultGraph(std::optional<std::string> graph_iri) {
  default_graph_iri_ = std::move(graph_iri);
  default_graph_.reset();
  if (default_graph_iri_) {
    TermParts g{TermKind::kIri, *default_graph_iri_, {}, {}};
    default_graph_ = Encode(g);
  }
}

Id BulkLoader::Encode(const TermParts& term) {
  if (term.kind == TermKind::kBlank) {
    auto it = blank_ids_.find(term.value);
    if (it != blank_ids_.end()) return it->second;
    Id id = store_.NewBlankId(lock_);
    term_bytes_ += term.value.size() + kMapEntryOverhead;
    blank_ids_.emplace(std::string(term.value), id);
    return id;
  }
  if (auto inl = TryInlineId(term)) return *inl;
  EncodeDictionaryKey(term, &key_buffer_);
  auto it = term_ids_.find(std::string_view(key_buffer_));
  if (it != term_ids_.end()) return it->second;
  std::optional<Id> id;
  if (store_has_terms_) id = store_.LookupId(term);
  if (!id) {
    id = store_.NewDictionaryId(term.kind, lock_);
    new_terms_.push_back({*id, key_buffer_});
    term_bytes_ += key_buffer_.size();
  }
  term_bytes_ += key_buffer_.size() + kMapEntryOverhead;
  term_ids_.emplace(key_buffer_, *id);
  return *id;
}

void BulkLoader::CheckBudget() {
  const std::size_t used = term_bytes_ + quads_.capacity() * sizeof(IdQuad) +
                           new_terms_.capacity() * sizeof(Store::NewTerm);
  if (used > memory_budget_) {
    throw StorageError(StorageError::Code::kResourceLimit,
                       "the load needs more than its memory budget of " +
                           std::to_string(memory_budget_ >> 20) +
                           " MiB (raise Options::memory_budget_bytes); nothing was loaded");
  }
}

void BulkLoader::OnQuad(const TermView& subject, const TermView& predicate,
                        const TermView& object, const TermView* graph) {
  IdQuad q;
  q[kS] = Encode({subject.kind, subject.value, subject.datatype, subject.language});
  q[kP] = Encode({predicate.kind, predicate.value, predicate.datatype, predicate.language});
  q[kO] = Encode({object.kind, object.value, object.datatype, object.language});
  if (graph != nullptr) {
    q[kG] = Encode({graph->kind, graph->value, graph->datatype, graph->language});
  } else {
    q[kG] = default_graph_.value_or(kDefaultGraph);
  }
  quads_.push_back(q);
  ++quads_read_;
  if ((quads_read_ & 0xffff) == 0) CheckBudget();
}

void BulkLoader::AddQuad(const Term& s, const Term& p, const Term& o, const Term* g) {
  TermView gv;
  if (g != nullptr) gv = {g->kind, g->value, g->datatype, g->language};
  OnQuad({s.kind, s.value, s.datatype, s.language}, {p.kind, p.value, p.datatype, p.language},
         {o.kind, o.value, o.datatype, o.language}, g != nullptr ? &gv : nullptr);
}

CommitResult BulkLoader::Commit() {
  CheckBudget();
  CommitResult r = store_.CommitInsert(lock_, quads_, new_terms_);
  committed_ = true;
  return r;
}

}  // namespace corridor::storage
