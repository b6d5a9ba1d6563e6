// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/update_def.hpp"

namespace corridor::sparql::parser {

BOOST_SPIRIT_INSTANTIATE(UpdateUnitType, IteratorType, ContextType)

}  // namespace corridor::sparql::parser
