// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// RDF dataset isomorphism (RDF 1.1 Concepts, section 3.6 and 4): two
// datasets are isomorphic when a bijection between their blank nodes maps
// one set of quads onto the other. Duplicated quads count once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "corridor/term.h"

namespace corridor::conformance {

// True when `a` and `b` are isomorphic datasets. When they are not and
// `explanation` is non-null, it receives a short human-readable reason (for
// example a quad of one side that has no counterpart in the other).
//
// Blank nodes are coloured by hash-based partition refinement; when colours
// leave ties (symmetric structures), one tied node is individualised at a
// time and the search backtracks. Every "true" is checked against the quads
// under the mapping found, so hash collisions can cost time, never a wrong
// answer.
bool IsomorphicDatasets(const std::vector<Quad>& a, const std::vector<Quad>& b,
                        std::string* explanation = nullptr);

// True when the solution sequences `a` and `b` hold the same rows as
// multisets (a row repeated n times must be repeated n times in the other)
// under one bijection of blank nodes that holds across all rows at once:
// _:x in two rows of `a` must map to the same blank node in both. Each row
// has one entry per column (nullopt: unbound), in the same column order on
// both sides. Blank nodes are scoped to their side, so equal labels on the
// two sides mean nothing.
using SolutionRow = std::vector<std::optional<Term>>;
bool IsomorphicSolutions(const std::vector<SolutionRow>& a, const std::vector<SolutionRow>& b);

}  // namespace corridor::conformance
