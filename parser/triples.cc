// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/triples_def.hpp"

namespace corridor::sparql::parser {

BOOST_SPIRIT_INSTANTIATE(TriplesBlockType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(TriplesTemplateType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(PathType, IteratorType, ContextType)

}  // namespace corridor::sparql::parser
