// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/ast.hpp"

namespace corridor::sparql::ast {

const char* BuiltinName(Builtin builtin) {
  switch (builtin) {
#define CORRIDOR_SPARQL_BUILTIN_CASE(e, k, lo, hi) \
  case Builtin::e:                                 \
    return k;
    CORRIDOR_SPARQL_BUILTINS(CORRIDOR_SPARQL_BUILTIN_CASE)
#undef CORRIDOR_SPARQL_BUILTIN_CASE
  }
  return "?";
}

}  // namespace corridor::sparql::ast
