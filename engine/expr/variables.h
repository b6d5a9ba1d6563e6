// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The variables an expression mentions, for Expr::variables().
#pragma once

#include <string>
#include <vector>

#include "parser/ast.hpp"

namespace corridor::engine::expr {

// Every variable the expression reads, in order of first mention, without
// repeats: its own, and those of the patterns of EXISTS / NOT EXISTS inside
// it (which the operators may bind from the current row). A sub-select in
// such a pattern contributes only what it projects.
std::vector<std::string> ExpressionVariables(const sparql::ast::Expression& expression);

}  // namespace corridor::engine::expr
