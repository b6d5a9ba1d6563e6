// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// What a QueryResult is made of: the parsed query, its algebra, the
// running plan and the per-query state they share, plus the streaming
// state of each query form. Not installed; not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "corridor/query.h"
#include "engine/algebra.h"
#include "engine/operators/operator.h"
#include "engine/planner.h"
#include "parser/ast.hpp"

namespace corridor::engine {
class ResultDecoder;
}  // namespace corridor::engine

namespace corridor::internal {

class PlanCache;

class QueryResultImpl {
 public:
  // Parses, translates and plans `sparql` on a snapshot taken now; the plan
  // is opened (rows are computed as they are asked for); with `analyze`
  // the operators time themselves. Throws Error.
  QueryResultImpl(const storage::Store& store, std::string_view sparql, const QueryOptions& options,
                  bool analyze = false);
  // Plans an already parsed query on `snapshot` (e.g. an update's overlay
  // snapshot: engine/update.cc). Throws Error.
  QueryResultImpl(const storage::Store& store, sparql::ast::Query ast, storage::SnapshotPtr snapshot,
                  const QueryOptions& options);
  ~QueryResultImpl();

  QueryForm form() const { return form_; }
  const std::vector<std::string>& variables() const { return variables_; }
  const std::map<std::string, std::string>& prefixes() const { return prefixes_; }

  bool Next(std::vector<std::optional<Term>>* row);
  bool AskAnswer();
  bool NextTriple(Quad* triple);

  // SELECT, for callers that keep ids (an update's WHERE clause): the next
  // solution as ids, one per variables() entry in that order (kNoId:
  // unbound). Ids are store ids, inline values, or LocalVocab ids that
  // context().eval().Decode turns into terms. Returns false at the end.
  bool NextIds(std::vector<storage::Id>* row) {
    const storage::Id* r = nullptr;
    if (!NextSolution(&r)) return false;
    row->assign(variables_.size(), storage::kNoId);
    for (std::size_t i = 0; i < variables_.size(); ++i) {
      if (variable_columns_[i]) (*row)[i] = r[*variable_columns_[i]];
    }
    return true;
  }

  // The plan cache (engine/plan_cache.h). SetCache: when the caller is done
  // with this result, Release gives it back to `cache` under `key`, built
  // on data at `sequence`. Poison: a run failed; never reused. Rearm: ready
  // to run again with `options`' limits and cancel token, from the start.
  void SetCache(std::shared_ptr<PlanCache> cache, std::string key, std::uint64_t sequence);
  void Poison() { poisoned_ = true; }
  void Rearm(const QueryOptions& options);
  // Gives `impl` back to its plan cache when it may run again, else
  // destroys it.
  static void Release(std::unique_ptr<QueryResultImpl> impl);

  // Runs the plan to its end (EXPLAIN ANALYZE) and returns the rows.
  std::uint64_t Drain();
  const engine::Operator& plan() const { return *root_; }
  engine::ExecContext& context() { return *ctx_; }

 private:
  // Stores the next solution row of the plan in *row (valid until the next
  // call; not dereferenceable when the plan has no columns) and returns
  // true, or returns false at the end.
  bool NextSolution(const storage::Id** row);
  // NextSolution, and on the first row of each new batch, prefetches the
  // terms of the projected columns (one batched dictionary read).
  bool NextDecodable(const storage::Id** row);
  // Translates ast_, plans it on `snapshot` and opens the plan.
  void Init(const storage::Store& store, storage::SnapshotPtr snapshot, const QueryOptions& options,
            bool analyze);
  // CONSTRUCT: instantiates the template for one solution into pending_,
  // leaving out triples produced before and ones that are not RDF triples.
  void Instantiate(const storage::Id* row);
  // DESCRIBE: moves the description on until pending_ holds triples or it
  // is complete (returns false).
  bool DescribeMore();
  // DESCRIBE: queues `id` to be described unless it was already.
  void QueueResource(storage::Id id);
  // DESCRIBE: queues the constant resources of the DESCRIBE clause (at the
  // start of every run).
  void QueueDescribedConstants();
  // Resolves the CONSTRUCT template / the DESCRIBE resources (Init).
  void PrepareConstruct();
  void PrepareDescribe();
  // The kind of the term of a row id. REQUIRES: id != kNoId.
  TermKind KindOf(storage::Id id);

  // Declared in destruction-safe order: the plan refers to all before it.
  sparql::ast::Query ast_;
  engine::algebra::Query algebra_;
  std::unique_ptr<engine::ExecContext> ctx_;
  std::unique_ptr<engine::Planner> planner_;
  engine::OperatorPtr root_;

  QueryForm form_ = QueryForm::kSelect;
  std::vector<std::string> variables_;
  std::vector<std::optional<std::size_t>> variable_columns_;
  std::vector<std::size_t> projected_columns_;  // the bound ones of variable_columns_
  std::map<std::string, std::string> prefixes_;

  engine::Batch batch_;
  std::size_t batch_pos_ = 0;
  bool done_ = false;
  std::optional<bool> ask_;

  std::deque<Quad> pending_;

  // CONSTRUCT. Triples made of row values and template constants, as ids,
  // for deduplication (each charged to the query's memory limit). Triples
  // with a template blank node are new in every solution (fresh blank
  // nodes), so they are deduplicated within their solution only.
  struct IdTripleHash {
    std::size_t operator()(const std::array<storage::Id, 3>& t) const noexcept;
  };
  std::unordered_set<std::array<storage::Id, 3>, IdTripleHash> seen_triples_;
  std::unordered_set<std::string> solution_triples_;  // with blank nodes, this solution
  // One position of the template, resolved once.
  struct TemplateSlot {
    enum class Kind { kConstant, kVariable, kBlank } kind = Kind::kConstant;
    storage::Id id = storage::kNoId;    // kConstant
    std::optional<std::size_t> column;  // kVariable: its column (none: never bound)
    std::string label;                  // kBlank: the template's label
  };
  std::vector<TemplateSlot> template_;  // 3 per template triple
  std::uint64_t solution_number_ = 0;

  // DESCRIBE: resources still to describe (constants first, then the
  // solutions' values and blank-node objects as they are found), every
  // resource queued so far, and the scan of the current one.
  std::deque<storage::Id> describe_queue_;
  std::unordered_set<storage::Id> described_;
  std::vector<std::optional<std::size_t>> describe_columns_;
  engine::ParamRow* describe_subject_ = nullptr;
  std::unique_ptr<engine::Operator> describe_scan_;
  bool describe_scan_open_ = false;
  bool solutions_done_ = false;
  // Last: refers to ctx_'s evaluation context.
  std::unique_ptr<engine::ResultDecoder> decoder_;

  // The plan cache this result goes back to (none: expired). Weak: a kept
  // plan must not keep its cache alive.
  std::weak_ptr<PlanCache> cache_;
  std::string cache_key_;
  std::uint64_t cache_sequence_ = 0;
  bool poisoned_ = false;
};

// "2026-11-28T13:34:07.123Z": the current time as xsd:dateTime.
std::string CurrentDateTime();

}  // namespace corridor::internal
