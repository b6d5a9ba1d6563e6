// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/expression_def.hpp"

namespace corridor::sparql::parser {

BOOST_SPIRIT_INSTANTIATE(ExpressionType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(BrackettedExpressionType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(BuiltinCallType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(FunctionCallType, IteratorType, ContextType)
BOOST_SPIRIT_INSTANTIATE(ConstraintType, IteratorType, ContextType)

}  // namespace corridor::sparql::parser
