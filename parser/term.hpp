// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// RDF term rules of the §19 grammar: literals, blank nodes, GraphTerm,
// VarOrTerm, VarOrIri, DataBlockValue.
#pragma once

#include <optional>

#include "parser/ast.hpp"
#include "parser/config.hpp"

namespace corridor::sparql::parser {

// RDFLiteral ::= String ( LANGTAG | ( '^^' iri ) )?
using RdfLiteralType = x3::rule<struct RdfLiteralClass, ast::Literal>;
// NumericLiteral | BooleanLiteral | RDFLiteral
using LiteralType = x3::rule<struct LiteralClass, ast::Literal>;
// BlankNode ::= BLANK_NODE_LABEL | ANON (ANON gets a fresh label)
using BlankNodeType = x3::rule<struct BlankNodeClass, ast::BlankNode>;
// GraphTerm ::= iri | RDFLiteral | NumericLiteral | BooleanLiteral | BlankNode | NIL
using GraphTermType = x3::rule<struct GraphTermClass, ast::Term>;
// VarOrTerm ::= Var | GraphTerm
using VarOrTermType = x3::rule<struct VarOrTermClass, ast::Term>;
// VarOrIri ::= Var | iri
using VarOrIriType = x3::rule<struct VarOrIriClass, ast::Term>;
// DataBlockValue ::= iri | RDFLiteral | NumericLiteral | BooleanLiteral | 'UNDEF'
using DataBlockValueType = x3::rule<struct DataBlockValueClass, std::optional<ast::Term>>;

BOOST_SPIRIT_DECLARE(RdfLiteralType, LiteralType, BlankNodeType, GraphTermType,
                     VarOrTermType, VarOrIriType, DataBlockValueType)

inline const RdfLiteralType rdf_literal = "RDF literal";
inline const LiteralType literal = "literal";
inline const BlankNodeType blank_node = "blank node";
inline const GraphTermType graph_term = "RDF term";
inline const VarOrTermType var_or_term = "variable or RDF term";
inline const VarOrIriType var_or_iri = "variable or IRI";
inline const DataBlockValueType data_block_value = "data value";

}  // namespace corridor::sparql::parser
