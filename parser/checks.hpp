// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The static checks SPARQL 1.1 requires of a syntactically valid request
// (§18.2.1 variable scope, §18.2.4.1 grouping and aggregation, §19.6 blank
// node label scope, §19.8 notes on DATA blocks), run on the AST after
// parsing. Internal to the parser library.
#pragma once

#include <string>

#include "parser/ast.hpp"

namespace corridor::sparql::parser {

// A failed check: `offset` is a byte offset into the parsed text (from the
// position_tagged nodes), -1 when unknown.
struct CheckError {
  int offset;
  std::string message;
};

// Both throw CheckError on the first violation found.
void CheckQuery(const ast::Query& query);
void CheckUpdate(const ast::Update& update);

}  // namespace corridor::sparql::parser
