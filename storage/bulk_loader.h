// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// BulkLoader: turns parsed quads into id quads (assigning dictionary ids to
// new terms and fresh ids to blank nodes) and commits them to the Store in
// one atomic step. Nothing reaches the store before Commit(); dropping a
// loader without committing leaves the store exactly as it was.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/rdf_reader.h"
#include "storage/store.h"

namespace corridor::storage {

class BulkLoader : public QuadHandler {
 public:
  // REQUIRES: `lock` is the store's writer lock and stays held until the
  // loader is destroyed. `memory_budget` bounds the loader's buffers; above
  // it OnQuad throws StorageError(kResourceLimit).
  BulkLoader(Store& store, Store::WriterLock& lock, std::size_t memory_budget);
  ~BulkLoader() override;

  // Statements without a graph go into this named graph (an absolute IRI),
  // or into the default graph when unset.
  void SetDefaultGraph(std::optional<std::string> graph_iri);

  void OnQuad(const TermView& subject, const TermView& predicate, const TermView& object,
              const TermView* graph) override;

  // Adds a quad of ready terms (used by LoadString-like callers and tests).
  void AddQuad(const Term& s, const Term& p, const Term& o, const Term* g);

  std::uint64_t quads_read() const { return quads_read_; }

  // Writes everything atomically. At most once.
  CommitResult Commit();

 private:
  Id Encode(const TermParts& term);
  void CheckBudget();

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using TermMap = std::unordered_map<std::string, Id, Hash, std::equal_to<>>;

  Store& store_;
  Store::WriterLock& lock_;
  std::size_t memory_budget_;
  bool store_has_terms_;
  bool committed_ = false;
  std::optional<Id> default_graph_;
  std::optional<std::string> default_graph_iri_;
  TermMap term_ids_;   // dictionary key -> id, for every term of this load
  TermMap blank_ids_;  // document-scoped blank label -> fresh id
  std::size_t term_bytes_ = 0;
  std::vector<IdQuad> quads_;
  std::vector<Store::NewTerm> new_terms_;
  std::uint64_t quads_read_ = 0;
  std::string key_buffer_;
};

}  // namespace corridor::storage
