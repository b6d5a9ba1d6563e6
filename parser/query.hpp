// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Query-level rules of the §19 grammar: the prologue, the four query forms,
// dataset clauses, solution modifiers and SubSelect.
#pragma once

#include "parser/ast.hpp"
#include "parser/config.hpp"

namespace corridor::sparql::parser {

// QueryUnit ::= Query (the whole text: Prologue, form, trailing VALUES).
using QueryUnitType = x3::rule<struct QueryUnitClass, ast::Query>;
// SubSelect ::= SelectClause WhereClause SolutionModifier ValuesClause
using SubSelectType = x3::rule<struct SubSelectClass, ast::SubSelect>;
// Prologue ::= ( BaseDecl | PrefixDecl )*; updates ParseState (prefixes,
// base) as a side effect.
using PrologueType = x3::rule<struct PrologueClass, x3::unused_type>;

BOOST_SPIRIT_DECLARE(QueryUnitType, SubSelectType, PrologueType)

inline const QueryUnitType query_unit = "query";
inline const SubSelectType sub_select = "sub-select";
inline const PrologueType prologue = "prologue";

}  // namespace corridor::sparql::parser
