// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Helpers for the parser tests: typed access into the AST variants.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "parser/ast.hpp"
#include "parser/sparql_parser.hpp"

namespace corridor::sparql::testing {

namespace x3 = boost::spirit::x3;

// The alternative T of an x3::variant (looking through forward_ast);
// fails the test and throws when the variant holds something else.
template <typename T, typename Variant>
const T& As(const Variant& variant) {
  if (const auto* direct = boost::relaxed_get<T>(&variant.get())) return *direct;
  if (const auto* wrapped = boost::relaxed_get<x3::forward_ast<T>>(&variant.get())) {
    return wrapped->get();
  }
  ADD_FAILURE() << "variant holds another alternative (which=" << variant.get().which() << ")";
  throw std::runtime_error("wrong variant alternative");
}

template <typename T, typename Variant>
bool Is(const Variant& variant) {
  return boost::relaxed_get<T>(&variant.get()) != nullptr ||
         boost::relaxed_get<x3::forward_ast<T>>(&variant.get()) != nullptr;
}

// Compact rendering of terms for assertions: <iri>, ?var, _:label,
// "lex"@lang, "lex"^^<dt> (xsd:string shown bare).
inline std::string Show(const ast::Term& term) {
  if (const auto* v = boost::get<ast::Variable>(&term.get())) return "?" + v->name;
  if (const auto* i = boost::get<ast::Iri>(&term.get())) return "<" + i->value + ">";
  if (const auto* b = boost::get<ast::BlankNode>(&term.get())) return "_:" + b->label;
  const auto& l = boost::get<ast::Literal>(term.get());
  if (!l.language.empty()) return "\"" + l.lexical + "\"@" + l.language;
  if (l.datatype == ast::kXsdString) return "\"" + l.lexical + "\"";
  return "\"" + l.lexical + "\"^^<" + l.datatype + ">";
}

inline std::string Show(const ast::TriplePattern& t) {
  return Show(t.subject) + " " + Show(t.predicate) + " " + Show(t.object);
}

// Expressions as S-expressions: (+ ?a (* ?b ?c)), (STR ?x), (COUNT DISTINCT *),
// (IN ?x 1 2), (EXISTS), (<f> ?x); terms as Show(Term).
inline std::string Show(const ast::Expression& e);

inline const char* OpName(ast::BinaryOp op) {
  static const char* const kNames[] = {"||", "&&", "=", "!=", "<", ">", "<=", ">=",
                                       "+",  "-",  "*", "/"};
  return kNames[static_cast<int>(op)];
}

inline std::string Show(const ast::Expression& e) {
  if (const auto* t = boost::relaxed_get<ast::Term>(&e.get())) return Show(*t);
  if (Is<ast::BinaryExpr>(e)) {
    // A chain a op1 b op2 c is shown left-nested: (op2 (op1 a b) c).
    const auto& b = As<ast::BinaryExpr>(e);
    std::string out = Show(b.operands.at(0));
    for (std::size_t i = 0; i < b.ops.size(); ++i) {
      out = std::string("(") + OpName(b.ops[i]) + " " + out + " " + Show(b.operands.at(i + 1)) + ")";
    }
    return out;
  }
  if (Is<ast::UnaryExpr>(e)) {
    const auto& u = As<ast::UnaryExpr>(e);
    static const char* const kNames[] = {"!", "u+", "u-"};
    return std::string("(") + kNames[static_cast<int>(u.op)] + " " + Show(u.operand) + ")";
  }
  if (Is<ast::InExpr>(e)) {
    const auto& in = As<ast::InExpr>(e);
    std::string out = std::string("(") + (in.negated ? "NOT IN " : "IN ") + Show(in.lhs);
    for (const auto& x : in.list) out += " " + Show(x);
    return out + ")";
  }
  if (Is<ast::BuiltinCall>(e)) {
    const auto& c = As<ast::BuiltinCall>(e);
    std::string out = std::string("(") + ast::BuiltinName(c.function);
    for (const auto& x : c.args) out += " " + Show(x);
    return out + ")";
  }
  if (Is<ast::FunctionCall>(e)) {
    const auto& c = As<ast::FunctionCall>(e);
    std::string out = "(<" + c.function.value + ">";
    if (c.distinct) out += " DISTINCT";
    for (const auto& x : c.args) out += " " + Show(x);
    return out + ")";
  }
  if (Is<ast::Aggregate>(e)) {
    const auto& a = As<ast::Aggregate>(e);
    static const char* const kNames[] = {"COUNT", "SUM",    "MIN",         "MAX",
                                         "AVG",   "SAMPLE", "GROUP_CONCAT"};
    std::string out = std::string("(") + kNames[static_cast<int>(a.op)];
    if (a.distinct) out += " DISTINCT";
    out += a.arg ? " " + Show(*a.arg) : std::string(" *");
    if (a.op == ast::AggregateOp::kGroupConcat) out += " sep=" + a.separator;
    return out + ")";
  }
  const auto& x = As<ast::ExistsExpr>(e);
  return x.negated ? "(NOT EXISTS)" : "(EXISTS)";
}

// The first BasicGraphPattern of the WHERE clause.
inline const ast::BasicGraphPattern& FirstBgp(const ast::Query& query) {
  for (const auto& element : query.where->elements) {
    if (const auto* bgp = boost::get<ast::BasicGraphPattern>(&element.get())) return *bgp;
  }
  ADD_FAILURE() << "no basic graph pattern";
  throw std::runtime_error("no bgp");
}

inline const ast::TriplePattern& Triple(const ast::BasicGraphPattern& bgp, std::size_t i) {
  return As<ast::TriplePattern>(bgp.triples.at(i));
}

// The FILTER expression of `SELECT * { FILTER(<expr>) }`.
inline ast::Expression FilterExpression(const std::string& expr) {
  ast::Query q = ParseQuery("PREFIX ex: <http://ex/> SELECT * { FILTER(" + expr + ") }");
  return As<ast::Filter>(q.where->elements.at(0)).condition;
}

}  // namespace corridor::sparql::testing
