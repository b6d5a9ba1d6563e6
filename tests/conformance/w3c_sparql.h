// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The SPARQL 1.1 test kinds (mf: and qt: vocabularies of the DAWG and SPARQL
// Working Group suites):
//  - syntax tests (mf:PositiveSyntaxTest11, mf:NegativeSyntaxTest11, their
//    Update and SPARQL 1.0 forms): the text of mf:action must parse with
//    corridor::sparql::ParseQuery (ParseUpdate for update tests and .ru
//    files), or must be rejected;
//  - query evaluation tests (mf:QueryEvaluationTest, mf:CSVResultFormatTest):
//    qt:data is loaded into the default graph and each qt:graphData into the
//    named graph of its IRI, in a fresh database (RDF/XML files through the
//    runner's own reader, rdf_xml.h); qt:query runs through
//    Database::Query and its result is compared with mf:result (.srx, .srj,
//    .tsv, .csv, an rs:ResultSet in .ttl, or a graph in .ttl / .nt);
//  - update evaluation, protocol, graph store and service description tests
//    are recognised and skipped with the reason.
#pragma once

#include <filesystem>
#include <string_view>

#include "tests/conformance/w3c_manifest.h"
#include "tests/conformance/w3c_test.h"

namespace corridor::conformance {

struct SparqlRunOptions {
  // Serialise each SELECT / ASK / CONSTRUCT result with WriteResults in the
  // format of the expected file (srx: XML, srj: JSON, tsv, csv; ttl: Turtle,
  // nt: N-Triples; an rs:ResultSet: XML) and compare what reading that back
  // gives, so that the test also covers the result writers. CSV result
  // format tests always go through the CSV writer.
  bool results_via_writer = false;
};

// True for every SPARQL test type this runner knows (including the ones it
// skips).
bool IsSparqlTest(std::string_view type);

// True when this binary was built with Database::Query (query evaluation
// tests run); false before the engine has it (they are skipped).
bool SparqlEvaluationAvailable();

// Runs one test. `scratch` is a folder the test may use for its database
// (created and removed by the test). Never throws.
TestOutcome RunSparqlTest(const TestEntry& entry, const std::filesystem::path& scratch,
                          const SparqlRunOptions& options);

}  // namespace corridor::conformance
