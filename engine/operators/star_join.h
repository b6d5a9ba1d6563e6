// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// StarJoin: joins each row of its input with several triple patterns that
// share one subject, `?s <p1> X1 . ?s <p2> X2 ...`, where ?s is a column of
// the input, the predicates are constants and the graph is one store graph.
// The patterns are answered together from the subject's run of triples in
// the gspo index: one seek per input row, then steps forward within the
// run, instead of one index probe per pattern (a chain of index nested-loop
// joins seeks once per pattern and row, and a RocksDB seek costs about as
// much as twenty steps).
//
// Each pattern's object is a fresh variable (a new output column), a
// constant, a column of the input, or the fresh variable of another of
// the patterns (`?s <p> ?x . ?s <q> ?x`: the values of both, joined).
// A fresh arm may be optional (`OPTIONAL { ?s <p> ?x }`): without a match
// its column is unbound instead of the row failing. Output: the input's columns, then the
// fresh ones; for each input row, one row per combination of the matches of
// the patterns (their join on ?s), in the input's order. An input row whose
// subject is unbound or matches no triple of some pattern gives no row.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/operators/operator.h"
#include "storage/store.h"

namespace corridor::engine {

// One pattern `?s <predicate> object` of a StarJoin.
struct StarArm {
  enum class Object { kFresh, kConstant, kInput, kSameAs };
  Id predicate = kNoId;
  Object object = Object::kFresh;
  Id constant = kNoId;           // kConstant
  std::size_t input_column = 0;  // kInput: the input column holding the object
  std::size_t same_as = 0;       // kSameAs: the index of the kFresh arm with the variable
  std::string variable;          // kFresh: the output column's variable
  bool optional = false;         // kFresh only: no match leaves it unbound
  std::string label;             // the pattern, for EXPLAIN
};

class StarJoin final : public Operator {
 public:
  // `subject_column`: the input column holding ?s. `graph`: the store graph
  // the patterns read. REQUIRES: at least one arm; fresh variables distinct
  // and not columns of the input.
  StarJoin(OperatorPtr input, std::size_t subject_column, Id graph, std::vector<StarArm> arms);
  ~StarJoin() override;

  // Adds an optional arm (kFresh, optional) and its column. REQUIRES: not
  // opened yet; its variable is not a column.
  void AddOptionalArm(StarArm arm);
  // The subject's input column and the graph read.
  std::size_t subject_column() const { return subject_column_; }
  Id graph() const { return graph_; }

  std::string name() const override { return "StarJoin"; }
  std::string details() const override;
  std::vector<const Operator*> children() const override { return {input_.get()}; }

 protected:
  void OpenImpl() override;
  bool NextImpl(Batch* out, std::size_t max_rows) override;
  void CloseImpl() override;

 private:
  // Reads the matches of every arm for subject `s` of input row `row` into
  // matches_; false when some arm has none.
  bool Match(const Id* row);
  // The object an arm's triples start from for input row `row`: its
  // constant, the row's value, or 0 (a fresh arm: the predicate's first).
  static Id ObjectOf(const StarArm& arm, const Id* row);
  // Recomputes order_, fresh_, fresh_slot_ and same_ from arms_.
  void IndexArms();
  // Moves the iterator forward to the first triple of subject `s` at or
  // after (predicate, object), for arm `arm`: by steps within the arm's
  // budget, then by a seek if still short.
  void Advance(std::size_t arm, Id s, Id predicate, Id object);

  OperatorPtr input_;
  std::size_t subject_column_;
  Id graph_;
  std::vector<StarArm> arms_;
  // Arms in the order they are read: those with a bound object (existence
  // checks, which fail early) first, then the fresh ones; each group by
  // predicate, the order of the index.
  std::vector<std::size_t> order_;
  std::vector<std::size_t> fresh_;       // indexes of the fresh arms, in output column order
  std::vector<std::size_t> fresh_slot_;  // per arm: its index in fresh_ (fresh arms only)
  std::vector<std::size_t> same_;        // indexes of the kSameAs arms
  std::vector<std::vector<Id>> same_matches_;  // per arm (kSameAs only): its objects

  // Per opening.
  std::unique_ptr<storage::ScanIterator> it_;
  const void* it_snapshot_ = nullptr;  // the snapshot it_ reads (kept across openings)
  Batch input_batch_;
  std::size_t input_pos_ = 0;
  bool input_done_ = false;
  // The matches of the current input row: per fresh arm (in fresh_ order)
  // its objects, and an odometer over them; `pending_` while rows remain.
  std::vector<std::vector<Id>> matches_;
  std::vector<std::size_t> odometer_;
  bool pending_ = false;
  std::vector<int> budgets_;  // per arm: steps tried before seeking
};

}  // namespace corridor::engine
