// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#pragma once

#include <boost/fusion/include/at_c.hpp>

#include "parser/actions.hpp"
#include "parser/expression.hpp"
#include "parser/pattern.hpp"
#include "parser/term.hpp"
#include "parser/tokens.hpp"

namespace corridor::sparql::parser {
namespace expression_detail {

namespace fusion = boost::fusion;

struct BuiltinInfo {
  const char* keyword;
  ast::Builtin builtin;
  int min_args;
  int max_args;  // -1: unbounded
};

inline constexpr BuiltinInfo kBuiltins[] = {
#define CORRIDOR_SPARQL_BUILTIN_INFO(e, k, lo, hi) {k, ast::Builtin::e, lo, hi},
    CORRIDOR_SPARQL_BUILTINS(CORRIDOR_SPARQL_BUILTIN_INFO)
#undef CORRIDOR_SPARQL_BUILTIN_INFO
};

// The keyword of a built-in function (not an aggregate, not EXISTS).
struct BuiltinNameParser : TokenParser<BuiltinNameParser, BuiltinInfo> {
  bool Scan(ParseState&, const char*& p, const char* end, BuiltinInfo& info) const {
    for (const BuiltinInfo& candidate : kBuiltins) {
      const char* q = p;
      if (ScanKeyword(q, end, candidate.keyword, false)) {
        info = candidate;
        p = q;
        return true;
      }
    }
    return false;
  }
  const char* Name() const { return "built-in function"; }
};

struct AggregateNameParser : TokenParser<AggregateNameParser, ast::AggregateOp> {
  bool Scan(ParseState&, const char*& p, const char* end, ast::AggregateOp& op) const {
    static constexpr std::pair<const char*, ast::AggregateOp> kNames[] = {
        {"COUNT", ast::AggregateOp::kCount}, {"SUM", ast::AggregateOp::kSum},
        {"MIN", ast::AggregateOp::kMin},     {"MAX", ast::AggregateOp::kMax},
        {"AVG", ast::AggregateOp::kAvg},     {"SAMPLE", ast::AggregateOp::kSample},
        {"GROUP_CONCAT", ast::AggregateOp::kGroupConcat}};
    for (const auto& [keyword, candidate] : kNames) {
      const char* q = p;
      if (ScanKeyword(q, end, keyword, false)) {
        op = candidate;
        p = q;
        return true;
      }
    }
    return false;
  }
  const char* Name() const { return "aggregate"; }
};

inline constexpr BuiltinNameParser builtin_name{};
inline constexpr AggregateNameParser aggregate_name{};

// Chains: the rule's attribute is a BinaryExpr being built; kFirst and
// kBinary take operands that are plain expressions, kFromChainFirst and
// kFromChainLink (below) operands that are chains of the level below.
inline constexpr auto kFirst = [](auto& ctx) {
  x3::_val(ctx).operands.push_back(std::move(x3::_attr(ctx)));
};
template <ast::BinaryOp Op>
inline constexpr auto kBinary = [](auto& ctx) {
  x3::_val(ctx).ops.push_back(Op);
  x3::_val(ctx).operands.push_back(std::move(x3::_attr(ctx)));
};
// A chain of one operand is that operand.
inline constexpr auto kFromChain = [](auto& ctx) {
  ast::BinaryExpr& chain = x3::_attr(ctx);
  if (chain.ops.empty()) {
    x3::_val(ctx) = std::move(chain.operands.front());
  } else {
    x3::_val(ctx) = std::move(chain);
  }
};

template <ast::UnaryOp Op>
inline constexpr auto kUnary = [](auto& ctx) {
  ast::UnaryExpr unary;
  unary.op = Op;
  unary.operand = std::move(x3::_attr(ctx));
  x3::_val(ctx) = std::move(unary);
};

template <bool Negated>
inline constexpr auto kIn = [](auto& ctx) {
  ast::InExpr in;
  auto& operands = x3::_val(ctx).operands;
  in.lhs = std::move(operands.front());
  in.negated = Negated;
  in.list = std::move(x3::_attr(ctx));
  operands.clear();
  operands.emplace_back(x3::forward_ast<ast::InExpr>(std::move(in)));
};

inline constexpr auto kTermExpr = [](auto& ctx) {
  x3::_val(ctx) = ast::Term(std::move(x3::_attr(ctx)));
};

inline constexpr auto kAppend = [](auto& ctx) {
  x3::_val(ctx).push_back(std::move(x3::_attr(ctx)));
};

inline constexpr auto kAppendArg = [](auto& ctx) {
  x3::_val(ctx).args.push_back(std::move(x3::_attr(ctx)));
};

// A call of function `iri` at byte `offset`: refused there when the caller
// said it has no such function (ParseOptions::is_function).
inline void CheckFunction(const ParseState& state, int offset, const std::string& iri) {
  if (state.is_function != nullptr && !(*state.is_function)(iri)) {
    throw SemanticError(state.begin + offset, "unknown function <" + iri + ">", /*unsupported=*/true);
  }
}

// here iri ArgList?: a function call when the argument list is present.
inline constexpr auto kIriOrFunction = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);
  auto& call = fusion::at_c<2>(attr);
  if (call) {
    call->function = std::move(fusion::at_c<1>(attr));
    CheckFunction(State(ctx), fusion::at_c<0>(attr), call->function.value);
    x3::_val(ctx) = std::move(*call);
  } else {
    x3::_val(ctx) = ast::Term(std::move(fusion::at_c<1>(attr)));
  }
};

// here iri ArgList
inline constexpr auto kFunctionCall = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);
  ast::FunctionCall call = std::move(fusion::at_c<2>(attr));
  call.function = std::move(fusion::at_c<1>(attr));
  CheckFunction(State(ctx), fusion::at_c<0>(attr), call.function.value);
  x3::_val(ctx) = std::move(call);
};

// A built-in keyword and its argument list; arity and BOUND's variable
// argument are checked here, a mismatch fails the alternative.
inline constexpr auto kBuiltin = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);
  const BuiltinInfo& info = fusion::at_c<0>(attr);
  std::vector<ast::Expression>& args = fusion::at_c<1>(attr);
  int n = static_cast<int>(args.size());
  if (n < info.min_args || (info.max_args >= 0 && n > info.max_args)) {
    x3::_pass(ctx) = false;
    return;
  }
  if (info.builtin == ast::Builtin::kBound) {
    const auto* term = boost::get<ast::Term>(&args[0].get());
    if (term == nullptr || boost::get<ast::Variable>(&term->get()) == nullptr) {
      x3::_pass(ctx) = false;
      return;
    }
  }
  ast::BuiltinCall call;
  call.function = info.builtin;
  call.args = std::move(args);
  x3::_val(ctx) = std::move(call);
};

// Operands that are themselves chains (of the level below).
inline ast::Expression ChainToExpression(ast::BinaryExpr&& chain) {
  if (chain.ops.empty()) return std::move(chain.operands.front());
  return ast::Expression(x3::forward_ast<ast::BinaryExpr>(std::move(chain)));
}
inline constexpr auto kFromChainFirst = [](auto& ctx) {
  x3::_val(ctx).operands.push_back(ChainToExpression(std::move(x3::_attr(ctx))));
};
template <ast::BinaryOp Op>
inline constexpr auto kFromChainLink = [](auto& ctx) {
  x3::_val(ctx).ops.push_back(Op);
  x3::_val(ctx).operands.push_back(ChainToExpression(std::move(x3::_attr(ctx))));
};

template <bool Negated>
inline constexpr auto kExists = [](auto& ctx) {
  ast::ExistsExpr exists;
  exists.negated = Negated;
  exists.pattern = std::move(x3::_attr(ctx));
  x3::_val(ctx) = std::move(exists);
};

inline constexpr auto kAggregateOp = [](auto& ctx) { x3::_val(ctx).op = x3::_attr(ctx); };
inline constexpr auto kAggregateStar = [](auto& ctx) {
  x3::_pass(ctx) = x3::_val(ctx).op == ast::AggregateOp::kCount;
};
inline constexpr auto kAggregateArg = [](auto& ctx) {
  x3::_val(ctx).arg = std::move(x3::_attr(ctx));
};
inline constexpr auto kAggregateSeparator = [](auto& ctx) {
  x3::_pass(ctx) = x3::_val(ctx).op == ast::AggregateOp::kGroupConcat;
  x3::_val(ctx).separator = std::move(x3::_attr(ctx));
};

using OrType = x3::rule<struct OrClass, ast::BinaryExpr>;
using AndType = x3::rule<struct AndClass, ast::BinaryExpr>;
using RelationalType = x3::rule<struct RelationalClass, ast::BinaryExpr>;
using AdditiveType = x3::rule<struct AdditiveClass, ast::BinaryExpr>;
using MultiplicativeType = x3::rule<struct MultiplicativeClass, ast::BinaryExpr>;
using UnaryType = x3::rule<struct UnaryClass, ast::Expression>;
using PrimaryType = x3::rule<struct PrimaryClass, ast::Expression>;
using IriOrFunctionType = x3::rule<struct IriOrFunctionClass, ast::Expression>;
using ArgListType = x3::rule<struct ArgListClass, ast::FunctionCall>;
using ExpressionListType = x3::rule<struct ExpressionListClass, std::vector<ast::Expression>>;
using AggregateType = x3::rule<struct AggregateClass, ast::Aggregate>;

inline const OrType or_expression = "expression";
inline const AndType and_expression = "expression";
inline const RelationalType relational_expression = "expression";
inline const AdditiveType additive_expression = "expression";
inline const MultiplicativeType multiplicative_expression = "expression";
inline const UnaryType unary_expression = "expression";
inline const PrimaryType primary_expression = "expression";
inline const IriOrFunctionType iri_or_function = "IRI or function call";
inline const ArgListType arg_list = "argument list";
inline const ExpressionListType expression_list = "expression list";
inline const AggregateType aggregate = "aggregate";

}  // namespace expression_detail

namespace expression_detail {

inline const auto or_expression_def =
    and_expression[kFromChainFirst] >>
    *(Sym("||") >> and_expression[kFromChainLink<ast::BinaryOp::kOr>]);

inline const auto and_expression_def =
    relational_expression[kFromChainFirst] >>
    *(Sym("&&") >> relational_expression[kFromChainLink<ast::BinaryOp::kAnd>]);

// Yields either a chain of one comparison or an InExpr as its only operand.
inline const auto relational_expression_def =
    additive_expression[kFromChainFirst] >>
    -((Sym("=") >> additive_expression[kFromChainLink<ast::BinaryOp::kEqual>]) |
      (Sym("!=") >> additive_expression[kFromChainLink<ast::BinaryOp::kNotEqual>]) |
      (Sym("<=") >> additive_expression[kFromChainLink<ast::BinaryOp::kLessEqual>]) |
      (Sym(">=") >> additive_expression[kFromChainLink<ast::BinaryOp::kGreaterEqual>]) |
      (Sym("<") >> additive_expression[kFromChainLink<ast::BinaryOp::kLess>]) |
      (Sym(">") >> additive_expression[kFromChainLink<ast::BinaryOp::kGreater>]) |
      (Kw("IN") >> expression_list[kIn<false>]) |
      (Kw("NOT") >> Kw("IN") >> expression_list[kIn<true>]));

inline const auto additive_expression_def =
    multiplicative_expression[kFromChainFirst] >>
    *((Sym("+") >> multiplicative_expression[kFromChainLink<ast::BinaryOp::kAdd>]) |
      (Sym("-") >> multiplicative_expression[kFromChainLink<ast::BinaryOp::kSubtract>]));

inline const auto multiplicative_expression_def =
    unary_expression[kFirst] >>
    *((Sym("*") >> unary_expression[kBinary<ast::BinaryOp::kMultiply>]) |
      (Sym("/") >> unary_expression[kBinary<ast::BinaryOp::kDivide>]));

inline const auto unary_expression_def =
    primary_expression[kAssign] |
    (Sym("!") >> primary_expression[kUnary<ast::UnaryOp::kNot>]) |
    (Sym("+") >> primary_expression[kUnary<ast::UnaryOp::kPlus>]) |
    (Sym("-") >> primary_expression[kUnary<ast::UnaryOp::kMinus>]);

inline const auto primary_expression_def =
    bracketted_expression[kAssign] | builtin_call[kAssign] | iri_or_function[kAssign] |
    literal[kTermExpr] | var_token[kTermExpr];

inline const auto iri_or_function_def = (here >> iri_token >> -arg_list)[kIriOrFunction];

inline const auto arg_list_def =
    (Sym("(") >> Sym(")")) |
    (Sym("(") >> -Kw("DISTINCT")[kSetValue<&ast::FunctionCall::distinct, true>] >>
     (expression[kAppendArg] % Sym(",")) >> Sym(")"));

inline const auto expression_list_def =
    (Sym("(") >> Sym(")")) | (Sym("(") >> (expression[kAppend] % Sym(",")) >> Sym(")"));

inline const auto aggregate_def =
    here[kStartOffset] >> aggregate_name[kAggregateOp] >> Sym("(") >>
    -Kw("DISTINCT")[kSetValue<&ast::Aggregate::distinct, true>] >>
    (Sym("*")[kAggregateStar] | expression[kAggregateArg]) >>
    -(Sym(";") >> Kw("SEPARATOR") >> Sym("=") >> string_token[kAggregateSeparator]) >>
    Sym(")") >> there[kEndOffset];

BOOST_SPIRIT_DEFINE(or_expression, and_expression, relational_expression,
                    additive_expression, multiplicative_expression, unary_expression,
                    primary_expression, iri_or_function, arg_list, expression_list,
                    aggregate)

}  // namespace expression_detail

inline const auto expression_def =
    nested[expression_detail::or_expression[expression_detail::kFromChain]];

inline const auto bracketted_expression_def = Sym("(") >> expression[kAssign] >> Sym(")");

inline const auto builtin_call_def =
    expression_detail::aggregate[kAssign] |
    (Kw("EXISTS") >> group_graph_pattern[expression_detail::kExists<false>]) |
    (Kw("NOT") >> Kw("EXISTS") >> group_graph_pattern[expression_detail::kExists<true>]) |
    (expression_detail::builtin_name >>
     expression_detail::expression_list)[expression_detail::kBuiltin];

inline const auto function_call_def =
    (here >> iri_token >> expression_detail::arg_list)[expression_detail::kFunctionCall];

inline const auto constraint_def =
    bracketted_expression[kAssign] | builtin_call[kAssign] | function_call[kAssign];

BOOST_SPIRIT_DEFINE(expression, bracketted_expression, builtin_call, function_call,
                    constraint)

}  // namespace corridor::sparql::parser
