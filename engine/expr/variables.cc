// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/expr/variables.h"

#include <boost/variant/apply_visitor.hpp>
#include <boost/variant/get.hpp>

#include <algorithm>
#include <type_traits>

namespace corridor::engine::expr {

namespace {

namespace ast = sparql::ast;

template <typename T>
const T& Unwrap(const T& value) {
  return value;
}
template <typename T>
const T& Unwrap(const ast::x3::forward_ast<T>& value) {
  return value.get();
}
template <typename Variant, typename F>
void Visit(const Variant& variant, F&& f) {
  boost::apply_visitor([&](const auto& alternative) { f(Unwrap(alternative)); }, variant.get());
}

class Collector {
 public:
  std::vector<std::string> names;

  void Add(const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  void AddTerm(const ast::Term& t) {
    if (const auto* v = boost::get<ast::Variable>(&t.get())) Add(v->name);
  }

  void Expression(const ast::Expression& e) {
    Visit(e, [&](const auto& node) {
      using T = std::decay_t<decltype(node)>;
      if constexpr (std::is_same_v<T, ast::Term>) {
        AddTerm(node);
      } else if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
        for (const auto& o : node.operands) Expression(o);
      } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
        Expression(node.operand);
      } else if constexpr (std::is_same_v<T, ast::InExpr>) {
        Expression(node.lhs);
        for (const auto& o : node.list) Expression(o);
      } else if constexpr (std::is_same_v<T, ast::BuiltinCall> ||
                           std::is_same_v<T, ast::FunctionCall>) {
        for (const auto& o : node.args) Expression(o);
      } else if constexpr (std::is_same_v<T, ast::Aggregate>) {
        if (node.arg) Expression(*node.arg);
      } else if constexpr (std::is_same_v<T, ast::ExistsExpr>) {
        Group(node.pattern);
      }
    });
  }

  void Group(const ast::GroupGraphPattern& g) {
    for (const auto& element : g.elements) {
      Visit(element, [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, ast::BasicGraphPattern>) {
          for (const auto& t : e.triples) {
            Visit(t, [&](const auto& triple) {
              using U = std::decay_t<decltype(triple)>;
              AddTerm(triple.subject);
              if constexpr (std::is_same_v<U, ast::TriplePattern>) AddTerm(triple.predicate);
              AddTerm(triple.object);
            });
          }
        } else if constexpr (std::is_same_v<T, ast::Filter>) {
          Expression(e.condition);
        } else if constexpr (std::is_same_v<T, ast::Bind>) {
          Expression(e.expression);
          Add(e.variable.name);
        } else if constexpr (std::is_same_v<T, ast::InlineData>) {
          for (const auto& v : e.variables) Add(v.name);
        } else if constexpr (std::is_same_v<T, ast::GroupGraphPattern>) {
          Group(e);
        } else if constexpr (std::is_same_v<T, ast::OptionalPattern> ||
                             std::is_same_v<T, ast::MinusPattern>) {
          Group(e.pattern);
        } else if constexpr (std::is_same_v<T, ast::UnionPattern>) {
          for (const auto& a : e.alternatives) Group(a);
        } else if constexpr (std::is_same_v<T, ast::GraphGraphPattern>) {
          AddTerm(e.graph);
          Group(e.pattern);
        } else if constexpr (std::is_same_v<T, ast::ServicePattern>) {
          Group(e.pattern);
        } else if constexpr (std::is_same_v<T, ast::SubSelect>) {
          if (e.select.star) {
            Group(e.where);
          } else {
            for (const auto& item : e.select.items) Add(item.variable.name);
          }
        }
      });
    }
  }
};

}  // namespace

std::vector<std::string> ExpressionVariables(const sparql::ast::Expression& expression) {
  Collector c;
  c.Expression(expression);
  return std::move(c.names);
}

}  // namespace corridor::engine::expr
