// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// SPARQL 1.1 Update rules of the §19 grammar (UpdateUnit and below).
#pragma once

#include "parser/ast.hpp"
#include "parser/config.hpp"

namespace corridor::sparql::parser {

// UpdateUnit ::= Update ::= Prologue ( Update1 ( ';' Update )? )?
// (iterative: long requests do not recurse).
using UpdateUnitType = x3::rule<struct UpdateUnitClass, ast::Update>;

BOOST_SPIRIT_DECLARE(UpdateUnitType)

inline const UpdateUnitType update_unit = "update";

}  // namespace corridor::sparql::parser
