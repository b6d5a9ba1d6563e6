// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/term_def.hpp"

namespace corridor::sparql::parser {

BOOST_SPIRIT_INSTANTIATE(RdfLiteralType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(LiteralType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(BlankNodeType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(GraphTermType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(VarOrTermType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(VarOrIriType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(DataBlockValueType, IteratorType, ContextType)

}  // namespace corridor::sparql::parser
