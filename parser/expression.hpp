// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Expression rules of the §19 grammar (Expression down to PrimaryExpression,
// BuiltInCall with the aggregates, FunctionCall, ArgList, ExpressionList).
#pragma once

#include <vector>

#include "parser/ast.hpp"
#include "parser/config.hpp"

namespace corridor::sparql::parser {

// Expression ::= ConditionalOrExpression. Counts one nesting level.
using ExpressionType = x3::rule<struct ExpressionClass, ast::Expression>;
// BrackettedExpression ::= '(' Expression ')'
using BrackettedExpressionType = x3::rule<struct BrackettedExpressionClass, ast::Expression>;
// BuiltInCall (including Aggregate, EXISTS, NOT EXISTS)
using BuiltinCallType = x3::rule<struct BuiltinCallClass, ast::Expression>;
// FunctionCall ::= iri ArgList
using FunctionCallType = x3::rule<struct FunctionCallClass, ast::Expression>;
// Constraint ::= BrackettedExpression | BuiltInCall | FunctionCall
using ConstraintType = x3::rule<struct ConstraintClass, ast::Expression>;

BOOST_SPIRIT_DECLARE(ExpressionType, BrackettedExpressionType, BuiltinCallType,
                     FunctionCallType, ConstraintType)

inline const ExpressionType expression = "expression";
inline const BrackettedExpressionType bracketted_expression = "bracketted expression";
inline const BuiltinCallType builtin_call = "built-in call";
inline const FunctionCallType function_call = "function call";
inline const ConstraintType constraint = "constraint";

}  // namespace corridor::sparql::parser
