// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The RDF 1.1 test kinds (rdft: vocabulary, http://www.w3.org/ns/rdftest#):
// positive and negative syntax tests and evaluation tests for N-Triples,
// N-Quads, Turtle and TriG. Inputs are loaded through the public API into a
// fresh temporary database each.
#pragma once

#include <filesystem>
#include <string_view>

#include "tests/conformance/w3c_manifest.h"
#include "tests/conformance/w3c_test.h"

namespace corridor::conformance {

// True for every rdft: test type (RDF/XML ones included: they are skipped).
bool IsRdfTest(std::string_view type);

// Runs one test. `scratch` is a folder the test may use for its database
// (created and removed by the test). Never throws.
TestOutcome RunRdfTest(const TestEntry& entry, const std::filesystem::path& scratch);

}  // namespace corridor::conformance
