// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/pattern_def.hpp"

namespace corridor::sparql::parser {

BOOST_SPIRIT_INSTANTIATE(GroupGraphPatternType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(DataBlockType, IteratorType, ContextType)

}  // namespace corridor::sparql::parser
