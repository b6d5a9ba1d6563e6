// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The SPARQL algebra (SPARQL 1.1 §18.2): what a query means, before any
// choice of how to compute it. TranslateQuery turns the parser's AST into
// an algebra tree following §18.2.2 (graph patterns: groups, filters
// scoped to their group, OPTIONAL as LeftJoin with its filter, MINUS,
// BIND, VALUES, GRAPH, sub-selects; property paths rewritten per §18.4 into
// triple patterns, joins, unions and the path operators that remain) and
// §18.2.4 (grouping, aggregates, HAVING, select expressions, ORDER BY,
// projection, DISTINCT/REDUCED, OFFSET/LIMIT).
//
// Variables are names without '?'. Besides the query's own variables the
// translation introduces hidden ones that SELECT * never shows: blank nodes
// of patterns become "_:label"; path rewriting, aggregates and unnamed
// group keys use names starting with '.'. Neither can be written in a query.
//
// Expressions are kept as AST (engine/expression.h compiles them), with
// aggregates replaced by the variables their Group node binds.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "corridor/term.h"
#include "parser/ast.hpp"

namespace corridor::engine::algebra {

namespace ast = sparql::ast;

// A position of a pattern: a variable or a constant term.
struct VarOrTerm {
  std::string variable;         // set for a variable (also hidden ones)
  std::optional<Term> constant;  // set for a constant

  bool is_variable() const { return !constant.has_value(); }
  static VarOrTerm Var(std::string name) { return {std::move(name), std::nullopt}; }
  static VarOrTerm Const(Term t) { return {{}, std::move(t)}; }
  // "?x", "<iri>", "\"lit\"" as in a query.
  std::string ToString() const;
};

struct Triple {
  VarOrTerm subject, predicate, object;
};

enum class OpKind {
  kBgp, kPath, kJoin, kLeftJoin, kFilter, kUnion, kMinus, kGraph, kExtend, kTable,
  kProject, kDistinct, kReduced, kSlice, kOrderBy, kGroup,
};

struct Op {
  explicit Op(OpKind k) : kind(k) {}
  virtual ~Op() = default;
  const OpKind kind;
};
using OpPtr = std::unique_ptr<Op>;

// A basic graph pattern; no triples: the one empty solution (the identity
// of Join).
struct Bgp : Op {
  Bgp() : Op(OpKind::kBgp) {}
  std::vector<Triple> triples;
};

// A property path that is not rewritten away: `path` is a PathRepeat
// (`*`, `+`, `?`) or a PathNegatedSet.
struct PathOp : Op {
  PathOp() : Op(OpKind::kPath) {}
  VarOrTerm subject, object;
  ast::Path path;
};

struct Join : Op {
  Join(OpPtr l, OpPtr r) : Op(OpKind::kJoin), left(std::move(l)), right(std::move(r)) {}
  OpPtr left, right;
};

// OPTIONAL: `filters` (a conjunction; empty: true) are the OPTIONAL group's
// own FILTERs, evaluated on the merged solution.
struct LeftJoin : Op {
  LeftJoin() : Op(OpKind::kLeftJoin) {}
  OpPtr left, right;
  std::vector<ast::Expression> filters;
};

// A group's FILTERs (a conjunction) over the whole group.
struct Filter : Op {
  Filter() : Op(OpKind::kFilter) {}
  std::vector<ast::Expression> conditions;
  OpPtr child;
};

struct Union : Op {
  Union(OpPtr l, OpPtr r) : Op(OpKind::kUnion), left(std::move(l)), right(std::move(r)) {}
  OpPtr left, right;
};

struct Minus : Op {
  Minus(OpPtr l, OpPtr r) : Op(OpKind::kMinus), left(std::move(l)), right(std::move(r)) {}
  OpPtr left, right;
};

// GRAPH g { child }: `child` is matched against the named graph g (an IRI,
// or a variable ranging over the named graphs, bound in the result).
struct Graph : Op {
  Graph() : Op(OpKind::kGraph) {}
  VarOrTerm graph;
  OpPtr child;
};

// BIND / select expression: `variable` := `expression` (unbound on error).
struct Extend : Op {
  Extend() : Op(OpKind::kExtend) {}
  OpPtr child;
  std::string variable;
  ast::Expression expression;
};

// VALUES: rows of constants (nullopt: UNDEF).
struct Table : Op {
  Table() : Op(OpKind::kTable) {}
  std::vector<std::string> variables;
  std::vector<std::vector<std::optional<Term>>> rows;
};

struct Project : Op {
  Project() : Op(OpKind::kProject) {}
  OpPtr child;
  std::vector<std::string> variables;
};

struct Distinct : Op {
  explicit Distinct(OpPtr c) : Op(OpKind::kDistinct), child(std::move(c)) {}
  OpPtr child;
};

struct Reduced : Op {
  explicit Reduced(OpPtr c) : Op(OpKind::kReduced), child(std::move(c)) {}
  OpPtr child;
};

struct Slice : Op {
  Slice() : Op(OpKind::kSlice) {}
  OpPtr child;
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> limit;
};

struct OrderBy : Op {
  OrderBy() : Op(OpKind::kOrderBy) {}
  OpPtr child;
  std::vector<ast::OrderCondition> conditions;
};

struct GroupKey {
  ast::Expression expression;
  std::string variable;  // the alias, the variable itself, or a hidden name
};

struct AggregateBinding {
  ast::Aggregate aggregate;  // its argument holds no aggregate
  std::string variable;      // hidden name the expressions refer to
};

// GROUP BY (no keys: one group over all solutions) with the aggregates of
// the SELECT, HAVING and ORDER BY clauses. Output: keys' and aggregates'
// variables.
struct Group : Op {
  Group() : Op(OpKind::kGroup) {}
  OpPtr child;
  std::vector<GroupKey> keys;
  std::vector<AggregateBinding> aggregates;
};

// The whole query.
struct Query {
  ast::QueryForm form = ast::QueryForm::kSelect;
  OpPtr root;  // the solution sequence (with all solution modifiers)
  // SELECT: the projected variables, in order.
  std::vector<std::string> projection;
  // CONSTRUCT: the template (blank nodes are fresh per solution).
  std::vector<ast::TriplePattern> construct_template;
  // DESCRIBE: the resources (constants, or variables of the solutions).
  std::vector<VarOrTerm> describe;
  // Dataset: with neither list set, the store's default graph and all its
  // named graphs.
  bool has_dataset = false;
  std::vector<std::string> from;        // FROM IRIs: merged into the default graph
  std::vector<std::string> from_named;  // FROM NAMED IRIs: the named graphs
  std::string base;
};

// Translates a parsed query. Throws corridor::Error(kInvalidArgument) for
// what the engine does not do (SERVICE).
Query TranslateQuery(const ast::Query& query);

// Translates a group graph pattern on its own (EXISTS patterns).
OpPtr TranslateGroup(const ast::GroupGraphPattern& group);

// Translates the pattern `subject path object` (any path) as §18.4 does.
OpPtr TranslatePath(const VarOrTerm& subject, const ast::Path& path, const VarOrTerm& object);

// The variables of a solution of `op` (§18.2.1 in-scope), in order of first
// appearance; `certain` gets those bound in every solution.
struct Variables {
  std::vector<std::string> ordered;  // possibly bound
  std::set<std::string> possible;
  std::set<std::string> certain;
};
Variables VariablesOf(const Op& op);
// The same, with the variables of op's children taken from `child` (which
// must return what VariablesOf would, for as long as this call runs): a
// caller asking about many subtrees of one tree can serve them from a memo.
Variables VariablesOf(const Op& op, const std::function<const Variables&(const Op&)>& child);

// Every variable written anywhere in `op`, expressions included (what an
// EXISTS substitutes).
void MentionedVariables(const Op& op, std::set<std::string>* out);

// Variables an expression reads, EXISTS patterns included.
void ExpressionVariables(const ast::Expression& e, std::set<std::string>* out);
bool ContainsExists(const ast::Expression& e);

// Hidden variables (blank nodes, rewriting helpers) never appear in results.
bool IsHiddenVariable(const std::string& name);

// The term of an AST constant. REQUIRES: not a variable / blank node.
Term ToTerm(const ast::Term& term);

// An S-expression rendering of the algebra, for debugging and tests.
std::string ToString(const Op& op);
// A compact rendering of an expression (for EXPLAIN labels).
std::string ToString(const ast::Expression& e);

}  // namespace corridor::engine::algebra
