// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/algebra.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <type_traits>

#include "corridor/error.h"

namespace corridor::engine::algebra {

namespace {

namespace x3 = boost::spirit::x3;

template <typename T>
const T& Unwrap(const T& value) {
  return value;
}
template <typename T>
const T& Unwrap(const x3::forward_ast<T>& value) {
  return value.get();
}
template <typename T>
T& UnwrapMut(T& value) {
  return value;
}
template <typename T>
T& UnwrapMut(x3::forward_ast<T>& value) {
  return value.get();
}

template <typename Variant, typename F>
void Visit(const Variant& variant, F&& f) {
  boost::apply_visitor([&](const auto& alternative) { f(Unwrap(alternative)); }, variant.get());
}
template <typename Variant, typename F>
void VisitMut(Variant& variant, F&& f) {
  boost::apply_visitor([&](auto& alternative) { f(UnwrapMut(alternative)); }, variant.get());
}

// Fresh hidden variable names; unique within the process, hence per query.
std::string FreshVariable(const char* kind) {
  static std::atomic<std::uint64_t> counter{0};
  return std::string(".") + kind + std::to_string(counter.fetch_add(1, std::memory_order_relaxed));
}

VarOrTerm FromAst(const ast::Term& term) {
  if (const auto* v = boost::get<ast::Variable>(&term.get())) return VarOrTerm::Var(v->name);
  if (const auto* b = boost::get<ast::BlankNode>(&term.get())) return VarOrTerm::Var("_:" + b->label);
  return VarOrTerm::Const(ToTerm(term));
}

bool IsEmptyBgp(const Op& op) {
  return op.kind == OpKind::kBgp && static_cast<const Bgp&>(op).triples.empty();
}

OpPtr MakeJoin(OpPtr left, OpPtr right) {
  if (IsEmptyBgp(*left)) return right;
  if (IsEmptyBgp(*right)) return left;
  if (left->kind == OpKind::kBgp && right->kind == OpKind::kBgp) {
    auto& l = static_cast<Bgp&>(*left);
    auto& r = static_cast<Bgp&>(*right);
    l.triples.insert(l.triples.end(), r.triples.begin(), r.triples.end());
    return left;
  }
  return std::make_unique<Join>(std::move(left), std::move(right));
}

ast::Expression VariableExpression(const std::string& name) {
  ast::Variable v;
  v.name = name;
  return ast::Expression(ast::Term(v));
}

// Replaces every aggregate in `e` by a fresh variable, recording it.
void ExtractAggregates(ast::Expression& e, std::vector<AggregateBinding>* out) {
  if (auto* agg = boost::get<x3::forward_ast<ast::Aggregate>>(&e.get())) {
    AggregateBinding b{agg->get(), FreshVariable("agg")};
    std::string name = b.variable;
    out->push_back(std::move(b));
    e = VariableExpression(name);
    return;
  }
  VisitMut(e, [&](auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
      for (auto& o : node.operands) ExtractAggregates(o, out);
    } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      ExtractAggregates(node.operand, out);
    } else if constexpr (std::is_same_v<T, ast::InExpr>) {
      ExtractAggregates(node.lhs, out);
      for (auto& o : node.list) ExtractAggregates(o, out);
    } else if constexpr (std::is_same_v<T, ast::BuiltinCall> || std::is_same_v<T, ast::FunctionCall>) {
      for (auto& o : node.args) ExtractAggregates(o, out);
    }
  });
}

bool ContainsAggregate(const ast::Expression& e) {
  if (boost::get<x3::forward_ast<ast::Aggregate>>(&e.get())) return true;
  bool found = false;
  Visit(e, [&](const auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
      for (const auto& o : node.operands) found = found || ContainsAggregate(o);
    } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      found = ContainsAggregate(node.operand);
    } else if constexpr (std::is_same_v<T, ast::InExpr>) {
      found = ContainsAggregate(node.lhs);
      for (const auto& o : node.list) found = found || ContainsAggregate(o);
    } else if constexpr (std::is_same_v<T, ast::BuiltinCall> || std::is_same_v<T, ast::FunctionCall>) {
      for (const auto& o : node.args) found = found || ContainsAggregate(o);
    }
  });
  return found;
}

class Translator {
 public:
  OpPtr Group(const ast::GroupGraphPattern& group) {
    OpPtr g = std::make_unique<Bgp>();
    std::vector<ast::Expression> filters;
    for (const ast::GraphPatternElement& element : group.elements) {
      Visit(element, [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, ast::BasicGraphPattern>) {
          g = MakeJoin(std::move(g), TriplesBlock(e));
        } else if constexpr (std::is_same_v<T, ast::Filter>) {
          filters.push_back(e.condition);
        } else if constexpr (std::is_same_v<T, ast::Bind>) {
          auto ext = std::make_unique<Extend>();
          ext->child = std::move(g);
          ext->variable = e.variable.name;
          ext->expression = e.expression;
          g = std::move(ext);
        } else if constexpr (std::is_same_v<T, ast::InlineData>) {
          g = MakeJoin(std::move(g), Values(e));
        } else if constexpr (std::is_same_v<T, ast::GroupGraphPattern>) {
          g = MakeJoin(std::move(g), Group(e));
        } else if constexpr (std::is_same_v<T, ast::OptionalPattern>) {
          auto lj = std::make_unique<LeftJoin>();
          lj->left = std::move(g);
          OpPtr right = Group(e.pattern);
          if (right->kind == OpKind::kFilter) {
            auto& f = static_cast<Filter&>(*right);
            lj->filters = std::move(f.conditions);
            right = std::move(f.child);
          }
          lj->right = std::move(right);
          g = std::move(lj);
        } else if constexpr (std::is_same_v<T, ast::UnionPattern>) {
          OpPtr u = Group(e.alternatives[0]);
          for (std::size_t i = 1; i < e.alternatives.size(); ++i) {
            u = std::make_unique<Union>(std::move(u), Group(e.alternatives[i]));
          }
          g = MakeJoin(std::move(g), std::move(u));
        } else if constexpr (std::is_same_v<T, ast::MinusPattern>) {
          g = std::make_unique<Minus>(std::move(g), Group(e.pattern));
        } else if constexpr (std::is_same_v<T, ast::GraphGraphPattern>) {
          auto graph = std::make_unique<Graph>();
          graph->graph = FromAst(e.graph);
          graph->child = Group(e.pattern);
          g = MakeJoin(std::move(g), std::move(graph));
        } else if constexpr (std::is_same_v<T, ast::ServicePattern>) {
          const VarOrTerm endpoint = FromAst(e.endpoint);
          throw Error(ErrorCode::kInvalidArgument,
                      "SERVICE " + endpoint.ToString() +
                          " is not supported: Corridor does not query remote endpoints");
        } else if constexpr (std::is_same_v<T, ast::SubSelect>) {
          std::vector<std::string> projection;
          OpPtr sub = Select(&e.select, e.where, e.modifiers, e.values, &projection);
          g = MakeJoin(std::move(g), std::move(sub));
        }
      });
    }
    if (!filters.empty()) {
      auto f = std::make_unique<Filter>();
      f->conditions = std::move(filters);
      f->child = std::move(g);
      g = std::move(f);
    }
    return g;
  }

  OpPtr TriplesBlock(const ast::BasicGraphPattern& bgp) {
    OpPtr out = std::make_unique<Bgp>();
    for (const ast::TripleOrPath& t : bgp.triples) {
      Visit(t, [&](const auto& triple) {
        using T = std::decay_t<decltype(triple)>;
        if constexpr (std::is_same_v<T, ast::TriplePattern>) {
          auto b = std::make_unique<Bgp>();
          b->triples.push_back({FromAst(triple.subject), FromAst(triple.predicate), FromAst(triple.object)});
          out = MakeJoin(std::move(out), std::move(b));
        } else {
          out = MakeJoin(std::move(out),
                         TranslatePath(FromAst(triple.subject), triple.path, FromAst(triple.object)));
        }
      });
    }
    return out;
  }

  OpPtr Values(const ast::InlineData& data) {
    auto table = std::make_unique<Table>();
    for (const ast::Variable& v : data.variables) table->variables.push_back(v.name);
    for (const auto& row : data.rows) {
      std::vector<std::optional<Term>> out;
      for (const auto& cell : row) {
        if (cell) out.push_back(ToTerm(*cell));
        else out.push_back(std::nullopt);
      }
      table->rows.push_back(std::move(out));
    }
    return table;
  }

  // §18.2.4 on `pattern`'s translation. `select` is null for ASK, CONSTRUCT
  // and DESCRIBE (no projection). Stores the projected variables.
  OpPtr Select(const ast::SelectClause* select, const ast::GroupGraphPattern& where,
               const ast::SolutionModifiers& modifiers, const std::optional<ast::InlineData>& values,
               std::vector<std::string>* projection) {
    OpPtr op = Group(where);
    return Modifiers(std::move(op), select, modifiers, values, projection);
  }

  OpPtr Modifiers(OpPtr op, const ast::SelectClause* select, const ast::SolutionModifiers& modifiers,
                  const std::optional<ast::InlineData>& values, std::vector<std::string>* projection) {
    // Copies of the expressions with aggregates, to be rewritten.
    std::vector<ast::SelectItem> items;
    if (select) items = select->items;
    std::vector<ast::Expression> having = modifiers.having;
    std::vector<ast::OrderCondition> order = modifiers.order_by;

    bool aggregated = !modifiers.group_by.empty() || !having.empty();
    for (const auto& item : items) aggregated = aggregated || (item.expression && ContainsAggregate(*item.expression));
    for (const auto& o : order) aggregated = aggregated || ContainsAggregate(o.expression);

    std::vector<std::string> star;
    if (select && select->star) {
      Variables vars = VariablesOf(*op);
      for (const std::string& v : vars.ordered) {
        if (!IsHiddenVariable(v)) star.push_back(v);
      }
      if (values) {
        for (const ast::Variable& v : values->variables) {
          if (std::find(star.begin(), star.end(), v.name) == star.end()) star.push_back(v.name);
        }
      }
    }

    if (aggregated) {
      auto group = std::make_unique<algebra::Group>();
      for (const ast::GroupCondition& c : modifiers.group_by) {
        GroupKey key{c.expression, {}};
        if (c.alias) {
          key.variable = c.alias->name;
        } else if (const auto* t = boost::get<ast::Term>(&c.expression.get());
                   t && boost::get<ast::Variable>(&t->get())) {
          key.variable = boost::get<ast::Variable>(&t->get())->name;
        } else {
          key.variable = FreshVariable("key");
        }
        group->keys.push_back(std::move(key));
      }
      for (auto& item : items) {
        if (item.expression) ExtractAggregates(*item.expression, &group->aggregates);
      }
      for (auto& h : having) ExtractAggregates(h, &group->aggregates);
      for (auto& o : order) ExtractAggregates(o.expression, &group->aggregates);
      group->child = std::move(op);
      op = std::move(group);
      if (!having.empty()) {
        auto f = std::make_unique<Filter>();
        f->conditions = std::move(having);
        f->child = std::move(op);
        op = std::move(f);
      }
    }
    if (values) op = MakeJoin(std::move(op), Values(*values));
    for (const auto& item : items) {
      if (!item.expression) continue;
      auto ext = std::make_unique<Extend>();
      ext->child = std::move(op);
      ext->variable = item.variable.name;
      ext->expression = *item.expression;
      op = std::move(ext);
    }
    if (!order.empty()) {
      auto ob = std::make_unique<OrderBy>();
      ob->child = std::move(op);
      ob->conditions = std::move(order);
      op = std::move(ob);
    }
    if (select) {
      std::vector<std::string> vars;
      if (select->star) vars = star;
      else for (const auto& item : items) vars.push_back(item.variable.name);
      if (projection) *projection = vars;
      auto p = std::make_unique<Project>();
      p->child = std::move(op);
      p->variables = std::move(vars);
      op = std::move(p);
      if (select->distinct) op = std::make_unique<Distinct>(std::move(op));
      else if (select->reduced) op = std::make_unique<Reduced>(std::move(op));
    }
    if (modifiers.limit || modifiers.offset) {
      auto s = std::make_unique<Slice>();
      s->child = std::move(op);
      s->offset = modifiers.offset.value_or(0);
      s->limit = modifiers.limit;
      op = std::move(s);
    }
    return op;
  }
};

void ExpressionVariablesImpl(const ast::Expression& e, std::set<std::string>* out) {
  Visit(e, [&](const auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::Term>) {
      if (const auto* v = boost::get<ast::Variable>(&node.get())) out->insert(v->name);
    } else if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
      for (const auto& o : node.operands) ExpressionVariablesImpl(o, out);
    } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      ExpressionVariablesImpl(node.operand, out);
    } else if constexpr (std::is_same_v<T, ast::InExpr>) {
      ExpressionVariablesImpl(node.lhs, out);
      for (const auto& o : node.list) ExpressionVariablesImpl(o, out);
    } else if constexpr (std::is_same_v<T, ast::BuiltinCall> || std::is_same_v<T, ast::FunctionCall>) {
      for (const auto& o : node.args) ExpressionVariablesImpl(o, out);
    } else if constexpr (std::is_same_v<T, ast::Aggregate>) {
      if (node.arg) ExpressionVariablesImpl(*node.arg, out);
    } else if constexpr (std::is_same_v<T, ast::ExistsExpr>) {
      Variables v = VariablesOf(*TranslateGroup(node.pattern));
      out->insert(v.possible.begin(), v.possible.end());
    }
  });
}

void AddOrdered(Variables* v, const std::string& name, bool certain) {
  if (v->possible.insert(name).second) v->ordered.push_back(name);
  if (certain) v->certain.insert(name);
}

void Merge(Variables* into, const Variables& from, bool keep_certain) {
  for (const std::string& n : from.ordered) AddOrdered(into, n, keep_certain && from.certain.count(n));
}

std::string LiteralToString(const Term& t) {
  if (t.is_literal()) {
    std::string lex = t.value;
    const std::string dt = t.datatype;
    if (t.language.empty() && (dt == ast::kXsdInteger || dt == ast::kXsdDecimal ||
                               dt == ast::kXsdDouble || dt == ast::kXsdBoolean)) {
      return lex;
    }
  }
  return t.ToNTriples();
}

std::string PathToString(const ast::Path& p);

std::string PathToString(const ast::Path& p) {
  std::string out;
  Visit(p, [&](const auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::Iri>) {
      out = "<" + node.value + ">";
    } else if constexpr (std::is_same_v<T, ast::PathNegatedSet>) {
      std::string inner;
      for (const auto& i : node.forward) inner += (inner.empty() ? "" : "|") + ("<" + i.value + ">");
      for (const auto& i : node.inverse) inner += (inner.empty() ? "" : "|") + ("^<" + i.value + ">");
      out = "!(" + inner + ")";
    } else if constexpr (std::is_same_v<T, ast::PathSequence>) {
      for (const auto& s : node.steps) out += (out.empty() ? "" : "/") + PathToString(s);
      out = "(" + out + ")";
    } else if constexpr (std::is_same_v<T, ast::PathAlternative>) {
      for (const auto& s : node.alternatives) out += (out.empty() ? "" : "|") + PathToString(s);
      out = "(" + out + ")";
    } else if constexpr (std::is_same_v<T, ast::PathInverse>) {
      out = "^" + PathToString(node.path);
    } else if constexpr (std::is_same_v<T, ast::PathRepeat>) {
      const char* m = node.modifier == ast::PathModifier::kZeroOrMore ? "*"
                      : node.modifier == ast::PathModifier::kOneOrMore ? "+" : "?";
      out = PathToString(node.path) + m;
    }
  });
  return out;
}

void Render(const Op& op, int depth, std::string* out);

void RenderChild(const char* head, const std::string& args, const std::vector<const Op*>& children,
                 int depth, std::string* out) {
  out->append(static_cast<std::size_t>(depth) * 2, ' ');
  out->append("(").append(head);
  if (!args.empty()) out->append(" ").append(args);
  if (children.empty()) {
    out->append(")\n");
    return;
  }
  out->append("\n");
  for (const Op* c : children) Render(*c, depth + 1, out);
  out->append(static_cast<std::size_t>(depth) * 2, ' ').append(")\n");
}

std::string Conjunction(const std::vector<ast::Expression>& es) {
  std::string s;
  for (const auto& e : es) s += (s.empty() ? "" : " && ") + ToString(e);
  return s;
}

void Render(const Op& op, int depth, std::string* out) {
  switch (op.kind) {
    case OpKind::kBgp: {
      std::string args;
      for (const Triple& t : static_cast<const Bgp&>(op).triples) {
        args += "(" + t.subject.ToString() + " " + t.predicate.ToString() + " " + t.object.ToString() + ")";
      }
      RenderChild("bgp", args, {}, depth, out);
      return;
    }
    case OpKind::kPath: {
      const auto& p = static_cast<const PathOp&>(op);
      RenderChild("path", p.subject.ToString() + " " + PathToString(p.path) + " " + p.object.ToString(),
                  {}, depth, out);
      return;
    }
    case OpKind::kJoin: {
      const auto& j = static_cast<const Join&>(op);
      RenderChild("join", "", {j.left.get(), j.right.get()}, depth, out);
      return;
    }
    case OpKind::kLeftJoin: {
      const auto& j = static_cast<const LeftJoin&>(op);
      RenderChild("leftjoin", Conjunction(j.filters), {j.left.get(), j.right.get()}, depth, out);
      return;
    }
    case OpKind::kFilter: {
      const auto& f = static_cast<const Filter&>(op);
      RenderChild("filter", Conjunction(f.conditions), {f.child.get()}, depth, out);
      return;
    }
    case OpKind::kUnion: {
      const auto& u = static_cast<const Union&>(op);
      RenderChild("union", "", {u.left.get(), u.right.get()}, depth, out);
      return;
    }
    case OpKind::kMinus: {
      const auto& m = static_cast<const Minus&>(op);
      RenderChild("minus", "", {m.left.get(), m.right.get()}, depth, out);
      return;
    }
    case OpKind::kGraph: {
      const auto& g = static_cast<const Graph&>(op);
      RenderChild("graph", g.graph.ToString(), {g.child.get()}, depth, out);
      return;
    }
    case OpKind::kExtend: {
      const auto& e = static_cast<const Extend&>(op);
      RenderChild("extend", "?" + e.variable + " := " + ToString(e.expression), {e.child.get()}, depth, out);
      return;
    }
    case OpKind::kTable: {
      const auto& t = static_cast<const Table&>(op);
      std::string args;
      for (const auto& v : t.variables) args += (args.empty() ? "?" : " ?") + v;
      args += " (" + std::to_string(t.rows.size()) + " rows)";
      RenderChild("table", args, {}, depth, out);
      return;
    }
    case OpKind::kProject: {
      const auto& p = static_cast<const Project&>(op);
      std::string args;
      for (const auto& v : p.variables) args += (args.empty() ? "?" : " ?") + v;
      RenderChild("project", args, {p.child.get()}, depth, out);
      return;
    }
    case OpKind::kDistinct:
      RenderChild("distinct", "", {static_cast<const Distinct&>(op).child.get()}, depth, out);
      return;
    case OpKind::kReduced:
      RenderChild("reduced", "", {static_cast<const Reduced&>(op).child.get()}, depth, out);
      return;
    case OpKind::kSlice: {
      const auto& s = static_cast<const Slice&>(op);
      RenderChild("slice",
                  std::to_string(s.offset) + " " + (s.limit ? std::to_string(*s.limit) : std::string("_")),
                  {s.child.get()}, depth, out);
      return;
    }
    case OpKind::kOrderBy: {
      const auto& o = static_cast<const OrderBy&>(op);
      std::string args;
      for (const auto& c : o.conditions) {
        args += (args.empty() ? "" : " ") + (c.descending ? "DESC(" + ToString(c.expression) + ")" : ToString(c.expression));
      }
      RenderChild("order", args, {o.child.get()}, depth, out);
      return;
    }
    case OpKind::kGroup: {
      const auto& g = static_cast<const Group&>(op);
      std::string args = "(";
      for (const auto& k : g.keys) args += (args.size() > 1 ? " " : "") + ("?" + k.variable + "=" + ToString(k.expression));
      args += ")";
      for (const auto& a : g.aggregates) {
        ast::Expression e = ast::Expression(x3::forward_ast<ast::Aggregate>(a.aggregate));
        args += " (?" + a.variable + " " + ToString(e) + ")";
      }
      RenderChild("group", args, {g.child.get()}, depth, out);
      return;
    }
  }
}

const char* BinaryOpName(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kOr: return "||";
    case ast::BinaryOp::kAnd: return "&&";
    case ast::BinaryOp::kEqual: return "=";
    case ast::BinaryOp::kNotEqual: return "!=";
    case ast::BinaryOp::kLess: return "<";
    case ast::BinaryOp::kGreater: return ">";
    case ast::BinaryOp::kLessEqual: return "<=";
    case ast::BinaryOp::kGreaterEqual: return ">=";
    case ast::BinaryOp::kAdd: return "+";
    case ast::BinaryOp::kSubtract: return "-";
    case ast::BinaryOp::kMultiply: return "*";
    case ast::BinaryOp::kDivide: return "/";
  }
  return "?";
}

const char* AggregateName(ast::AggregateOp op) {
  switch (op) {
    case ast::AggregateOp::kCount: return "COUNT";
    case ast::AggregateOp::kSum: return "SUM";
    case ast::AggregateOp::kMin: return "MIN";
    case ast::AggregateOp::kMax: return "MAX";
    case ast::AggregateOp::kAvg: return "AVG";
    case ast::AggregateOp::kSample: return "SAMPLE";
    case ast::AggregateOp::kGroupConcat: return "GROUP_CONCAT";
  }
  return "?";
}

std::string Args(const std::vector<ast::Expression>& args) {
  std::string s;
  for (const auto& a : args) s += (s.empty() ? "" : ", ") + ToString(a);
  return s;
}

}  // namespace

std::string VarOrTerm::ToString() const {
  if (is_variable()) return (variable.rfind("_:", 0) == 0 ? "" : "?") + variable;
  return LiteralToString(*constant);
}

Term ToTerm(const ast::Term& term) {
  if (const auto* iri = boost::get<ast::Iri>(&term.get())) return Term::Iri(iri->value);
  if (const auto* lit = boost::get<ast::Literal>(&term.get())) {
    if (!lit->language.empty()) return Term::LangLiteral(lit->lexical, lit->language);
    if (lit->datatype.empty() || lit->datatype == ast::kXsdString) return Term::Literal(lit->lexical);
    return Term::TypedLiteral(lit->lexical, lit->datatype);
  }
  throw Error(ErrorCode::kInternal, "ToTerm: a variable or blank node is not a constant");
}

bool IsHiddenVariable(const std::string& name) {
  return name.empty() || name[0] == '.' || name.rfind("_:", 0) == 0;
}

OpPtr TranslateGroup(const ast::GroupGraphPattern& group) { return Translator().Group(group); }

OpPtr TranslatePath(const VarOrTerm& subject, const ast::Path& path, const VarOrTerm& object) {
  OpPtr out;
  Visit(path, [&](const auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::Iri>) {
      auto b = std::make_unique<Bgp>();
      b->triples.push_back({subject, VarOrTerm::Const(Term::Iri(node.value)), object});
      out = std::move(b);
    } else if constexpr (std::is_same_v<T, ast::PathInverse>) {
      out = TranslatePath(object, node.path, subject);
    } else if constexpr (std::is_same_v<T, ast::PathSequence>) {
      VarOrTerm from = subject;
      out = std::make_unique<Bgp>();
      for (std::size_t i = 0; i < node.steps.size(); ++i) {
        VarOrTerm to = i + 1 == node.steps.size() ? object : VarOrTerm::Var(FreshVariable("p"));
        out = MakeJoin(std::move(out), TranslatePath(from, node.steps[i], to));
        from = to;
      }
    } else if constexpr (std::is_same_v<T, ast::PathAlternative>) {
      out = TranslatePath(subject, node.alternatives[0], object);
      for (std::size_t i = 1; i < node.alternatives.size(); ++i) {
        out = std::make_unique<Union>(std::move(out), TranslatePath(subject, node.alternatives[i], object));
      }
    } else {  // PathRepeat, PathNegatedSet
      auto p = std::make_unique<PathOp>();
      p->subject = subject;
      p->object = object;
      p->path = path;
      out = std::move(p);
    }
  });
  return out;
}

Query TranslateQuery(const ast::Query& query) {
  Query out;
  out.form = query.form;
  out.base = query.base;
  for (const ast::DatasetClause& d : query.datasets) {
    out.has_dataset = true;
    (d.named ? out.from_named : out.from).push_back(d.iri.value);
  }
  Translator t;
  OpPtr pattern = query.where ? t.Group(*query.where) : std::make_unique<Bgp>();
  switch (query.form) {
    case ast::QueryForm::kSelect:
      out.root = t.Modifiers(std::move(pattern), &query.select, query.modifiers, query.values,
                             &out.projection);
      break;
    case ast::QueryForm::kAsk:
      out.root = t.Modifiers(std::move(pattern), nullptr, query.modifiers, query.values, nullptr);
      break;
    case ast::QueryForm::kConstruct:
      if (query.construct_where && query.where) {
        for (const auto& element : query.where->elements) {
          if (const auto* bgp = boost::get<ast::BasicGraphPattern>(&element.get())) {
            for (const auto& tp : bgp->triples) {
              if (const auto* triple = boost::get<ast::TriplePattern>(&tp.get())) {
                out.construct_template.push_back(*triple);
              }
            }
          }
        }
      } else {
        out.construct_template = query.construct_template;
      }
      out.root = t.Modifiers(std::move(pattern), nullptr, query.modifiers, query.values, nullptr);
      break;
    case ast::QueryForm::kDescribe: {
      out.root = t.Modifiers(std::move(pattern), nullptr, query.modifiers, query.values, nullptr);
      if (query.describe_star) {
        Variables v = VariablesOf(*out.root);
        for (const std::string& name : v.ordered) {
          if (!IsHiddenVariable(name)) out.describe.push_back(VarOrTerm::Var(name));
        }
      } else {
        for (const ast::Term& term : query.describe) out.describe.push_back(FromAst(term));
      }
      break;
    }
  }
  return out;
}

Variables VariablesOf(const Op& op, const std::function<const Variables&(const Op&)>& child) {
  Variables v;
  switch (op.kind) {
    case OpKind::kBgp:
      for (const Triple& t : static_cast<const Bgp&>(op).triples) {
        for (const VarOrTerm* x : {&t.subject, &t.predicate, &t.object}) {
          if (x->is_variable()) AddOrdered(&v, x->variable, true);
        }
      }
      break;
    case OpKind::kPath: {
      const auto& p = static_cast<const PathOp&>(op);
      if (p.subject.is_variable()) AddOrdered(&v, p.subject.variable, true);
      if (p.object.is_variable()) AddOrdered(&v, p.object.variable, true);
      break;
    }
    case OpKind::kJoin: {
      const auto& j = static_cast<const Join&>(op);
      Merge(&v, child(*j.left), true);
      Merge(&v, child(*j.right), true);
      break;
    }
    case OpKind::kLeftJoin: {
      const auto& j = static_cast<const LeftJoin&>(op);
      Merge(&v, child(*j.left), true);
      Merge(&v, child(*j.right), false);
      break;
    }
    case OpKind::kUnion: {
      const auto& u = static_cast<const Union&>(op);
      const Variables& l = child(*u.left);
      const Variables& r = child(*u.right);
      for (const std::string& n : l.ordered) AddOrdered(&v, n, l.certain.count(n) && r.certain.count(n));
      for (const std::string& n : r.ordered) AddOrdered(&v, n, false);
      break;
    }
    case OpKind::kFilter:
      return child(*static_cast<const Filter&>(op).child);
    case OpKind::kMinus:
      return child(*static_cast<const Minus&>(op).left);
    case OpKind::kGraph: {
      const auto& g = static_cast<const Graph&>(op);
      if (g.graph.is_variable()) AddOrdered(&v, g.graph.variable, true);
      Merge(&v, child(*g.child), true);
      break;
    }
    case OpKind::kExtend: {
      const auto& e = static_cast<const Extend&>(op);
      v = child(*e.child);
      AddOrdered(&v, e.variable, false);
      break;
    }
    case OpKind::kTable: {
      const auto& t = static_cast<const Table&>(op);
      for (std::size_t i = 0; i < t.variables.size(); ++i) {
        bool all = true;
        for (const auto& row : t.rows) all = all && row[i].has_value();
        AddOrdered(&v, t.variables[i], all);
      }
      break;
    }
    case OpKind::kProject: {
      const auto& p = static_cast<const Project&>(op);
      const Variables& c = child(*p.child);
      for (const std::string& n : p.variables) {
        if (c.possible.count(n)) AddOrdered(&v, n, c.certain.count(n) > 0);
      }
      break;
    }
    case OpKind::kDistinct:
      return child(*static_cast<const Distinct&>(op).child);
    case OpKind::kReduced:
      return child(*static_cast<const Reduced&>(op).child);
    case OpKind::kSlice:
      return child(*static_cast<const Slice&>(op).child);
    case OpKind::kOrderBy:
      return child(*static_cast<const OrderBy&>(op).child);
    case OpKind::kGroup: {
      const auto& g = static_cast<const Group&>(op);
      const Variables& c = child(*g.child);
      for (const GroupKey& k : g.keys) {
        bool certain = false;
        if (const auto* t = boost::get<ast::Term>(&k.expression.get())) {
          if (const auto* var = boost::get<ast::Variable>(&t->get())) certain = c.certain.count(var->name) > 0;
        }
        AddOrdered(&v, k.variable, certain);
      }
      for (const AggregateBinding& a : g.aggregates) AddOrdered(&v, a.variable, false);
      break;
    }
  }
  return v;
}

Variables VariablesOf(const Op& op) {
  std::deque<Variables> children;  // kept while op's own are merged from them
  return VariablesOf(op, [&children](const Op& c) -> const Variables& { return children.emplace_back(VariablesOf(c)); });
}

void MentionedVariables(const Op& op, std::set<std::string>* out) {
  Variables v = VariablesOf(op);
  out->insert(v.possible.begin(), v.possible.end());
  switch (op.kind) {
    case OpKind::kJoin: {
      const auto& j = static_cast<const Join&>(op);
      MentionedVariables(*j.left, out);
      MentionedVariables(*j.right, out);
      break;
    }
    case OpKind::kLeftJoin: {
      const auto& j = static_cast<const LeftJoin&>(op);
      MentionedVariables(*j.left, out);
      MentionedVariables(*j.right, out);
      for (const auto& f : j.filters) ExpressionVariables(f, out);
      break;
    }
    case OpKind::kFilter: {
      const auto& f = static_cast<const Filter&>(op);
      MentionedVariables(*f.child, out);
      for (const auto& c : f.conditions) ExpressionVariables(c, out);
      break;
    }
    case OpKind::kUnion: {
      const auto& u = static_cast<const Union&>(op);
      MentionedVariables(*u.left, out);
      MentionedVariables(*u.right, out);
      break;
    }
    case OpKind::kMinus: {
      const auto& m = static_cast<const Minus&>(op);
      MentionedVariables(*m.left, out);
      MentionedVariables(*m.right, out);
      break;
    }
    case OpKind::kGraph:
      MentionedVariables(*static_cast<const Graph&>(op).child, out);
      break;
    case OpKind::kExtend: {
      const auto& e = static_cast<const Extend&>(op);
      MentionedVariables(*e.child, out);
      ExpressionVariables(e.expression, out);
      break;
    }
    default:
      break;  // sub-selects: only their projection is visible
  }
}

void ExpressionVariables(const ast::Expression& e, std::set<std::string>* out) {
  ExpressionVariablesImpl(e, out);
}

bool ContainsExists(const ast::Expression& e) {
  if (boost::get<x3::forward_ast<ast::ExistsExpr>>(&e.get())) return true;
  bool found = false;
  Visit(e, [&](const auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
      for (const auto& o : node.operands) found = found || ContainsExists(o);
    } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      found = ContainsExists(node.operand);
    } else if constexpr (std::is_same_v<T, ast::InExpr>) {
      found = ContainsExists(node.lhs);
      for (const auto& o : node.list) found = found || ContainsExists(o);
    } else if constexpr (std::is_same_v<T, ast::BuiltinCall> || std::is_same_v<T, ast::FunctionCall>) {
      for (const auto& o : node.args) found = found || ContainsExists(o);
    }
  });
  return found;
}

std::string ToString(const Op& op) {
  std::string out;
  Render(op, 0, &out);
  return out;
}

std::string ToString(const ast::Expression& e) {
  std::string out;
  Visit(e, [&](const auto& node) {
    using T = std::decay_t<decltype(node)>;
    if constexpr (std::is_same_v<T, ast::Term>) {
      out = FromAst(node).ToString();
    } else if constexpr (std::is_same_v<T, ast::BinaryExpr>) {
      out = ToString(node.operands[0]);
      for (std::size_t i = 0; i < node.ops.size(); ++i) {
        out += std::string(" ") + BinaryOpName(node.ops[i]) + " " + ToString(node.operands[i + 1]);
      }
      out = "(" + out + ")";
    } else if constexpr (std::is_same_v<T, ast::UnaryExpr>) {
      const char* op = node.op == ast::UnaryOp::kNot ? "!" : node.op == ast::UnaryOp::kPlus ? "+" : "-";
      out = op + ToString(node.operand);
    } else if constexpr (std::is_same_v<T, ast::InExpr>) {
      out = ToString(node.lhs) + (node.negated ? " NOT IN (" : " IN (") + Args(node.list) + ")";
    } else if constexpr (std::is_same_v<T, ast::BuiltinCall>) {
      out = std::string(ast::BuiltinName(node.function)) + "(" + Args(node.args) + ")";
    } else if constexpr (std::is_same_v<T, ast::FunctionCall>) {
      out = "<" + node.function.value + ">(" + Args(node.args) + ")";
    } else if constexpr (std::is_same_v<T, ast::Aggregate>) {
      out = std::string(AggregateName(node.op)) + "(" + (node.distinct ? "DISTINCT " : "") +
            (node.arg ? ToString(*node.arg) : std::string("*")) + ")";
    } else if constexpr (std::is_same_v<T, ast::ExistsExpr>) {
      out = node.negated ? "NOT EXISTS {...}" : "EXISTS {...}";
    }
  });
  return out;
}

}  // namespace corridor::engine::algebra
