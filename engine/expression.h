// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The contract between the query operators and SPARQL expressions (§17):
// how an expression is compiled against a row layout, evaluated on a row of
// ids, turned into an effective boolean value, compared for ORDER BY and
// aggregated. Operators see only this header; the function library lives
// behind it (engine/expr/).
//
// Rows hold term ids (storage/ids.h): store ids, inline values, or ids of
// terms the query computed (LocalVocab). kNoId means unbound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corridor/term.h"
#include "engine/local_vocab.h"
#include "parser/ast.hpp"
#include "storage/ids.h"
#include "storage/store.h"

namespace corridor::engine {

using storage::Id;
using storage::kNoId;

// Per-query evaluation state. Not thread-safe: one per running query.
class EvalContext {
 public:
  // `now` is the query's fixed NOW() (xsd:dateTime lexical form).
  EvalContext(const storage::Store& store, LocalVocab& vocab, std::string now);

  // The term of any row id (store, inline or local). REQUIRES: id != kNoId.
  Term Decode(Id id);
  // The id of a term: inline if it can be, the store's id if the store has
  // it (so that computed terms join with stored ones), else a local id.
  Id Encode(const Term& term);

  const storage::Store& store() const { return store_; }
  LocalVocab& vocab() { return vocab_; }
  const std::string& now() const { return now_; }
  // Row counter for BNODE(): the same label within one row gives the same
  // blank node, a new row a new one. Operators call NextRow() per row.
  void NextRow() { ++row_number_; }
  // A reused plan's next run: a new NOW(), and no decoded terms kept (local
  // ids may stand for other terms after LocalVocab::Truncate). The row
  // counter goes on, so BNODE() labels stay fresh.
  void Reset(std::string now) {
    now_ = std::move(now);
    decode_cache_.clear();
  }
  std::uint64_t row_number() const { return row_number_; }

 private:
  const storage::Store& store_;
  LocalVocab& vocab_;
  std::string now_;
  std::uint64_t row_number_ = 0;
  std::unordered_map<Id, Term> decode_cache_;
};

// The bindings of the row an expression is evaluated on.
class RowAccessor {
 public:
  virtual ~RowAccessor() = default;
  // The id bound to `column`, or kNoId.
  virtual Id Get(std::size_t column) const = 0;
};

// Where the variables of an expression live in a row: the column of a
// variable name (without '?'), or nullopt if the variable is not in scope
// (it then evaluates as unbound).
using ColumnOf = std::function<std::optional<std::size_t>(const std::string& variable)>;

// EXISTS / NOT EXISTS: the operators compile the inner pattern; the
// expression calls the result with the current row.
using ExistsFn = std::function<bool(const RowAccessor& row, EvalContext& ctx)>;
using ExistsCompiler = std::function<ExistsFn(const sparql::ast::GroupGraphPattern& pattern)>;

// A compiled expression. Evaluation never throws for SPARQL errors (type
// errors, unbound variables): it returns kNoId, which a FILTER treats as
// false and a BIND leaves unbound. It may throw corridor::Error for
// cancellation or resource limits only.
class Expr {
 public:
  virtual ~Expr() = default;
  // The value as a row id, or kNoId for an error / unbound.
  virtual Id Evaluate(const RowAccessor& row, EvalContext& ctx) const = 0;
  // The effective boolean value (§17.2.2); nullopt for an error.
  virtual std::optional<bool> EvaluateBoolean(const RowAccessor& row, EvalContext& ctx) const = 0;
  // The variables the expression reads (without '?').
  virtual const std::vector<std::string>& variables() const = 0;
};

// What a compiled expression takes from its query besides the row.
struct CompileOptions {
  // The query's base IRI: IRI()/URI() resolve a relative string against it
  // (RFC 3986). Default empty: relative strings give relative IRIs, as
  // written.
  std::string base;
};

// Compiles `expression`. Aggregates inside it are not allowed here (the
// grouping operator compiles them with MakeAggregator); `exists` compiles
// EXISTS patterns and may be empty if the expression has none. Throws
// corridor::Error(kInvalidArgument) for an unknown function IRI.
std::unique_ptr<Expr> CompileExpression(const sparql::ast::Expression& expression,
                                        const ColumnOf& column_of, const ExistsCompiler& exists,
                                        const CompileOptions& options = {});

// Whether CompileExpression implements a call of the function named `iri`
// (today: the XSD casts of §17.5). Queries and updates are parsed with it
// (sparql::ParseOptions::is_function), so an unknown one is refused at its
// position in the text.
bool IsKnownFunction(std::string_view iri);

// An aggregate (§18.5) over the rows of one group.
class Aggregator {
 public:
  virtual ~Aggregator() = default;
  // Adds one row's value of the argument (kNoId for an error / unbound;
  // COUNT(*) is fed any non-kNoId id per row).
  virtual void Add(Id value, EvalContext& ctx) = 0;
  // The aggregate's value, or kNoId for an error.
  virtual Id Result(EvalContext& ctx) = 0;
};
std::unique_ptr<Aggregator> MakeAggregator(sparql::ast::AggregateOp op, bool distinct,
                                           const std::string& separator);

// SPARQL's ORDER BY order (§15.1) on row ids: unbound < blank nodes < IRIs
// < literals, literals compared by value where `<` is defined and then by a
// fixed total order. Returns <0, 0 or >0.
int CompareForOrder(Id a, Id b, EvalContext& ctx);

// RDF term equality of two ids as FILTER's `=` sees it: nullopt for a type
// error (e.g. comparing incomparable literals).
std::optional<bool> ValueEquals(Id a, Id b, EvalContext& ctx);

}  // namespace corridor::engine
