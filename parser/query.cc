// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/query_def.hpp"

namespace corridor::sparql::parser {

BOOST_SPIRIT_INSTANTIATE(QueryUnitType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(SubSelectType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(PrologueType, IteratorType, ContextType)

}  // namespace corridor::sparql::parser
