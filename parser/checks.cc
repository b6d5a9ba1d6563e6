// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/checks.hpp"

#include <map>
#include <set>
#include <type_traits>
#include <vector>

namespace corridor::sparql::parser {
namespace {

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
  boost::apply_visitor([&](const auto& alternative) { f(Unwrap(alternative)); },
                       variant.get());
}

using VarSet = std::set<std::string>;

bool IsGenerated(const std::string& label) {
  return label.rfind(ast::kGeneratedBlankPrefix, 0) == 0;
}

const ast::Variable* AsVariable(const ast::Term& term) {
  return boost::get<ast::Variable>(&term.get());
}
const ast::BlankNode* AsBlank(const ast::Term& term) {
  return boost::get<ast::BlankNode>(&term.get());
}
const ast::Variable* AsVariable(const ast::Expression& e) {
  const auto* term = boost::get<ast::Term>(&e.get());
  return term ? AsVariable(*term) : nullptr;
}

class Checker {
 public:
  // Checks `group` and everything nested in it; returns the variables
  // in scope after it (§18.2.1).
  VarSet CheckGroup(const ast::GroupGraphPattern& group) {
    VarSet scope;
    int bgp_scope = -1;  // adjacent triples blocks split only by FILTER share one
    for (const ast::GraphPatternElement& element : group.elements) {
      Visit(element, [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, ast::BasicGraphPattern>) {
          if (bgp_scope < 0) bgp_scope = next_scope_++;
          for (const ast::TripleOrPath& t : e.triples) {
            Visit(t, [&](const auto& triple) {
              using U = std::decay_t<decltype(triple)>;
              AddTerm(triple.subject, bgp_scope, scope);
              AddTerm(triple.object, bgp_scope, scope);
              if constexpr (std::is_same_v<U, ast::TriplePattern>) {
                AddTerm(triple.predicate, bgp_scope, scope);
              }
            });
          }
          return;
        }
        if constexpr (std::is_same_v<T, ast::Filter>) {
          CheckExpression(e.condition, false);
          return;
        }
        bgp_scope = -1;
        if constexpr (std::is_same_v<T, ast::Bind>) {
          CheckExpression(e.expression, false);
          if (scope.count(e.variable.name)) {
            throw CheckError{e.variable.id_first, "BIND variable ?" + e.variable.name +
                                                      " is already in scope"};
          }
          scope.insert(e.variable.name);
        } else if constexpr (std::is_same_v<T, ast::InlineData>) {
          for (const ast::Variable& v : e.variables) scope.insert(v.name);
        } else if constexpr (std::is_same_v<T, ast::GroupGraphPattern>) {
          Merge(scope, CheckGroup(e));
        } else if constexpr (std::is_same_v<T, ast::OptionalPattern>) {
          Merge(scope, CheckGroup(e.pattern));
        } else if constexpr (std::is_same_v<T, ast::UnionPattern>) {
          for (const ast::GroupGraphPattern& alt : e.alternatives) Merge(scope, CheckGroup(alt));
        } else if constexpr (std::is_same_v<T, ast::MinusPattern>) {
          CheckGroup(e.pattern);
        } else if constexpr (std::is_same_v<T, ast::GraphGraphPattern>) {
          if (const ast::Variable* v = AsVariable(e.graph)) scope.insert(v->name);
          Merge(scope, CheckGroup(e.pattern));
        } else if constexpr (std::is_same_v<T, ast::ServicePattern>) {
          if (const ast::Variable* v = AsVariable(e.endpoint)) scope.insert(v->name);
          Merge(scope, CheckGroup(e.pattern));
        } else if constexpr (std::is_same_v<T, ast::SubSelect>) {
          Merge(scope, CheckSelect(e.select, e.where, e.modifiers, e.values));
        }
      });
    }
    return scope;
  }

  // Checks a SELECT (query or sub-select); returns the projected variables.
  VarSet CheckSelect(const ast::SelectClause& select, const ast::GroupGraphPattern& where,
                     const ast::SolutionModifiers& modifiers,
                     const std::optional<ast::InlineData>& values) {
    VarSet where_scope = CheckGroup(where);
    VarSet keys;
    for (const ast::GroupCondition& condition : modifiers.group_by) {
      CheckExpression(condition.expression, false);
      if (condition.alias) {
        keys.insert(condition.alias->name);
      } else if (const ast::Variable* v = AsVariable(condition.expression)) {
        keys.insert(v->name);
      }
    }
    bool aggregated = !modifiers.group_by.empty();
    for (const ast::Expression& having : modifiers.having) {
      CheckExpression(having, true);
      aggregated = aggregated || HasAggregate(having);
    }
    for (const ast::OrderCondition& order : modifiers.order_by) {
      CheckExpression(order.expression, true);
      aggregated = aggregated || HasAggregate(order.expression);
    }
    for (const ast::SelectItem& item : select.items) {
      if (item.expression) aggregated = aggregated || HasAggregate(*item.expression);
    }
    if (select.star) {
      if (aggregated) {
        throw CheckError{select.id_first,
                         "SELECT * is not allowed in a query with GROUP BY or aggregates"};
      }
      VarSet projected = where_scope;
      if (values) {
        for (const ast::Variable& v : values->variables) projected.insert(v.name);
      }
      return projected;
    }
    VarSet projected;
    VarSet aliases;
    for (const ast::SelectItem& item : select.items) {
      const ast::Variable& var = item.variable;
      if (item.expression) {
        CheckExpression(*item.expression, true);
        if (where_scope.count(var.name) || projected.count(var.name)) {
          throw CheckError{var.id_first,
                           "variable ?" + var.name + " of (expression AS ?" + var.name +
                               ") is already in scope"};
        }
        if (aggregated) {
          std::vector<const ast::Variable*> used;
          VariablesOutsideAggregates(*item.expression, used);
          for (const ast::Variable* u : used) {
            if (!keys.count(u->name) && !aliases.count(u->name)) {
              throw CheckError{u->id_first, "variable ?" + u->name +
                                                " is used outside an aggregate but not grouped"};
            }
          }
        }
        aliases.insert(var.name);
      } else if (aggregated && !keys.count(var.name) && !aliases.count(var.name)) {
        throw CheckError{var.id_first,
                         "non-grouped variable ?" + var.name + " is projected in an aggregate query"};
      }
      projected.insert(var.name);
    }
    return projected;
  }

  // Checks nested patterns (EXISTS) and aggregate placement.
  void CheckExpression(const ast::Expression& expression, bool aggregates_allowed) {
    Visit(expression, [&](const auto& e) {
      using T = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
        for (const ast::Expression& x : e.operands) CheckExpression(x, aggregates_allowed);
      } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
        CheckExpression(e.operand, aggregates_allowed);
      } else if constexpr (std::is_same_v<T, ast::InExpr>) {
        CheckExpression(e.lhs, aggregates_allowed);
        for (const ast::Expression& x : e.list) CheckExpression(x, aggregates_allowed);
      } else if constexpr (std::is_same_v<T, ast::BuiltinCall> ||
                           std::is_same_v<T, ast::FunctionCall>) {
        for (const ast::Expression& x : e.args) CheckExpression(x, aggregates_allowed);
      } else if constexpr (std::is_same_v<T, ast::Aggregate>) {
        if (!aggregates_allowed) {
          throw CheckError{e.id_first, "aggregate not allowed here"};
        }
        if (e.arg) CheckExpression(*e.arg, false);
      } else if constexpr (std::is_same_v<T, ast::ExistsExpr>) {
        CheckGroup(e.pattern);
      }
    });
  }

  // One scope of blank node labels for a DATA block or template.
  int NewScope() { return next_scope_++; }

  void AddLabel(const ast::BlankNode& node, int label_scope) {
    if (IsGenerated(node.label)) return;
    auto [it, inserted] = labels_.emplace(node.label, label_scope);
    if (!inserted && it->second != label_scope) {
      throw CheckError{node.id_first, "blank node label _:" + node.label +
                                          " is used in two different graph patterns"};
    }
  }

 private:
  void AddTerm(const ast::Term& term, int label_scope, VarSet& scope) {
    if (const ast::Variable* v = AsVariable(term)) {
      scope.insert(v->name);
    } else if (const ast::BlankNode* b = AsBlank(term)) {
      AddLabel(*b, label_scope);
    }
  }

  static void Merge(VarSet& into, const VarSet& from) { into.insert(from.begin(), from.end()); }

  static bool HasAggregate(const ast::Expression& expression) {
    bool found = false;
    Visit(expression, [&](const auto& e) {
      using T = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<T, ast::Aggregate>) {
        found = true;
      } else if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
        for (const ast::Expression& x : e.operands) found = found || HasAggregate(x);
      } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
        found = HasAggregate(e.operand);
      } else if constexpr (std::is_same_v<T, ast::InExpr>) {
        found = HasAggregate(e.lhs);
        for (const ast::Expression& x : e.list) found = found || HasAggregate(x);
      } else if constexpr (std::is_same_v<T, ast::BuiltinCall> ||
                           std::is_same_v<T, ast::FunctionCall>) {
        for (const ast::Expression& x : e.args) found = found || HasAggregate(x);
      }
    });
    return found;
  }

  static void VariablesOutsideAggregates(const ast::Expression& expression,
                                         std::vector<const ast::Variable*>& out) {
    Visit(expression, [&](const auto& e) {
      using T = std::decay_t<decltype(e)>;
      if constexpr (std::is_same_v<T, ast::Term>) {
        if (const ast::Variable* v = AsVariable(e)) out.push_back(v);
      } else if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
        for (const ast::Expression& x : e.operands) VariablesOutsideAggregates(x, out);
      } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
        VariablesOutsideAggregates(e.operand, out);
      } else if constexpr (std::is_same_v<T, ast::InExpr>) {
        VariablesOutsideAggregates(e.lhs, out);
        for (const ast::Expression& x : e.list) VariablesOutsideAggregates(x, out);
      } else if constexpr (std::is_same_v<T, ast::BuiltinCall> ||
                           std::is_same_v<T, ast::FunctionCall>) {
        for (const ast::Expression& x : e.args) VariablesOutsideAggregates(x, out);
      }
    });
  }

  int next_scope_ = 0;
  std::map<std::string, int> labels_;  // user blank node label -> scope
};

void CheckQuads(const std::vector<ast::Quad>& quads, bool variables_allowed,
                bool blanks_allowed, const char* where, Checker& checker, int label_scope) {
  auto check = [&](const ast::Term& term) {
    if (const ast::Variable* v = AsVariable(term); v && !variables_allowed) {
      throw CheckError{v->id_first, std::string("variables are not allowed in ") + where};
    }
    if (const ast::BlankNode* b = AsBlank(term)) {
      if (!blanks_allowed) {
        throw CheckError{b->id_first, std::string("blank nodes are not allowed in ") + where};
      }
      checker.AddLabel(*b, label_scope);
    }
  };
  for (const ast::Quad& q : quads) {
    check(q.subject);
    check(q.predicate);
    check(q.object);
    if (q.graph) check(*q.graph);
  }
}

}  // namespace

void CheckQuery(const ast::Query& query) {
  Checker checker;
  if (query.form == ast::QueryForm::kSelect) {
    checker.CheckSelect(query.select, *query.where, query.modifiers, query.values);
    return;
  }
  // Other forms have no projection; aggregates may still appear in HAVING
  // and ORDER BY.
  if (query.where) checker.CheckGroup(*query.where);
  for (const ast::GroupCondition& condition : query.modifiers.group_by) {
    checker.CheckExpression(condition.expression, false);
  }
  for (const ast::Expression& having : query.modifiers.having) {
    checker.CheckExpression(having, true);
  }
  for (const ast::OrderCondition& order : query.modifiers.order_by) {
    checker.CheckExpression(order.expression, true);
  }
}

void CheckUpdate(const ast::Update& update) {
  // DATA blocks share one label space across the request (a label may not
  // appear in two of them); templates make fresh blank nodes per solution and
  // each WHERE clause is checked like a query.
  Checker data_labels;
  for (const ast::UpdateOperation& operation : update.operations) {
    Visit(operation, [&](const auto& op) {
      using T = std::decay_t<decltype(op)>;
      if constexpr (std::is_same_v<T, ast::InsertData>) {
        CheckQuads(op.quads, false, true, "INSERT DATA", data_labels, data_labels.NewScope());
      } else if constexpr (std::is_same_v<T, ast::DeleteData>) {
        CheckQuads(op.quads, false, false, "DELETE DATA", data_labels, data_labels.NewScope());
      } else if constexpr (std::is_same_v<T, ast::DeleteWhere>) {
        Checker template_labels;
        CheckQuads(op.quads, true, false, "DELETE WHERE", template_labels, 0);
      } else if constexpr (std::is_same_v<T, ast::Modify>) {
        Checker checker;
        int label_scope = checker.NewScope();
        CheckQuads(op.delete_quads, true, false, "a DELETE template", checker, label_scope);
        CheckQuads(op.insert_quads, true, true, "an INSERT template", checker, label_scope);
        checker.CheckGroup(op.where);
      }
    });
  }
}

}  // namespace corridor::sparql::parser
