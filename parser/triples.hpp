// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Triple pattern and property path rules of the §19 grammar. Every rule
// here yields flat triples: `;` and `,` lists, `[ ... ]` and `( ... )` are
// expanded with fresh blank nodes (ParseState::FreshBlankLabel).
#pragma once

#include <vector>

#include "parser/ast.hpp"
#include "parser/config.hpp"

namespace corridor::sparql::parser {

// TriplesBlock ::= TriplesSameSubjectPath ( '.' TriplesBlock? )?
// (iterative: long blocks do not recurse).
using TriplesBlockType = x3::rule<struct TriplesBlockClass, ast::BasicGraphPattern>;
// TriplesTemplate / ConstructTriples ::= TriplesSameSubject ( '.' X? )?
// (no property paths).
using TriplesTemplateType =
    x3::rule<struct TriplesTemplateClass, std::vector<ast::TriplePattern>>;
// Path ::= PathAlternative. Counts one nesting level.
using PathType = x3::rule<struct PathClass, ast::Path>;

BOOST_SPIRIT_DECLARE(TriplesBlockType, TriplesTemplateType, PathType)

inline const TriplesBlockType triples_block = "triple pattern";
inline const TriplesTemplateType triples_template = "triple";
inline const PathType path = "property path";

}  // namespace corridor::sparql::parser
