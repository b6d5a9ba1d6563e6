// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Graph pattern rules of the §19 grammar: GroupGraphPattern and everything
// inside it except triples (triples.hpp), plus VALUES blocks.
#pragma once

#include "parser/ast.hpp"
#include "parser/config.hpp"

namespace corridor::sparql::parser {

// GroupGraphPattern ::= '{' ( SubSelect | GroupGraphPatternSub ) '}'.
// Counts one nesting level.
using GroupGraphPatternType = x3::rule<struct GroupGraphPatternClass, ast::GroupGraphPattern>;
// DataBlock ::= InlineDataOneVar | InlineDataFull (after the VALUES keyword)
using DataBlockType = x3::rule<struct DataBlockClass, ast::InlineData>;

BOOST_SPIRIT_DECLARE(GroupGraphPatternType, DataBlockType)

inline const GroupGraphPatternType group_graph_pattern = "group graph pattern";
inline const DataBlockType data_block = "VALUES block";

}  // namespace corridor::sparql::parser
