// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// ScanTerm: one position of a pattern as a leaf operator sees it — a
// constant id, a free variable, or a parameter (a variable whose value an
// enclosing correlated operator writes into a ParamRow before each Open;
// an unbound parameter behaves like a free variable).
#pragma once

#include <cstddef>
#include <string>

#include "engine/operators/exec_context.h"

namespace corridor::engine {

struct ScanTerm {
  enum class Kind { kConstant, kVariable, kParameter };
  Kind kind = Kind::kVariable;
  Id id = kNoId;              // kConstant
  std::string variable;       // kVariable, kParameter
  const ParamRow* params = nullptr;  // kParameter
  std::size_t slot = 0;              // kParameter

  static ScanTerm Constant(Id id) {
    ScanTerm t;
    t.kind = Kind::kConstant;
    t.id = id;
    return t;
  }
  static ScanTerm Variable(std::string name) {
    ScanTerm t;
    t.variable = std::move(name);
    return t;
  }
  static ScanTerm Parameter(std::string name, const ParamRow* params, std::size_t slot) {
    ScanTerm t;
    t.kind = Kind::kParameter;
    t.variable = std::move(name);
    t.params = params;
    t.slot = slot;
    return t;
  }

  bool is_constant() const { return kind == Kind::kConstant; }
  // Variables and parameters both name an output column.
  bool has_variable() const { return kind != Kind::kConstant; }
  // The id the term is bound to now: the constant, the parameter's current
  // value, or kNoId for a free variable / unbound parameter.
  Id Current() const {
    if (kind == Kind::kConstant) return id;
    if (kind == Kind::kParameter) return (*params)[slot];
    return kNoId;
  }
};

}  // namespace corridor::engine
