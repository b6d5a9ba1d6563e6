// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Options of expression compilation beyond engine/expression.h's
// CompileExpression, which compiles with the defaults below.
#pragma once

#include <memory>
#include <string>

#include "engine/expression.h"

namespace corridor::engine {

struct CompileOptions {
  // The query's base IRI: IRI()/URI() resolve a relative string against it
  // (RFC 3986). Empty: relative strings give relative IRIs, as written.
  std::string base;
};

// As CompileExpression(expression, column_of, exists), with `options`.
std::unique_ptr<Expr> CompileExpression(const sparql::ast::Expression& expression,
                                        const ColumnOf& column_of, const ExistsCompiler& exists,
                                        const CompileOptions& options);

}  // namespace corridor::engine
