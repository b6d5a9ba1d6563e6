// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// SPARQL results as the W3C tests state them: readers for the SPARQL Query
// Results XML (.srx), JSON (.srj), TSV and CSV formats and for the RDF
// encoding of result sets (the rs: vocabulary, in .ttl files), and the
// comparison the tests need (solutions as multisets, blank nodes up to a
// bijection consistent across rows, order where the query has ORDER BY).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/term.h"

namespace corridor::conformance {

// A SELECT result (variables and rows) or an ASK result (boolean).
struct SolutionSet {
  using Row = std::vector<std::optional<Term>>;  // one entry per variable

  std::vector<std::string> variables;  // without '?'
  std::vector<Row> rows;
  std::optional<bool> boolean;  // set for an ASK result

  // The rows with columns reordered to `order` (names absent from this set
  // give unbound columns). Throws std::runtime_error when `order` lacks one
  // of this set's variables that some row binds.
  SolutionSet Reordered(const std::vector<std::string>& order) const;
};

// What the test states about order: the leading ORDER BY keys that are
// plain variables, in key order; empty when the result is unordered.
struct OrderKeys {
  std::vector<std::string> variables;
};

// Readers. Each throws std::runtime_error naming the source and what is
// wrong. Blank node labels are prefixed with `blank_prefix`.
SolutionSet ReadSrx(std::string_view document, const std::string& source,
                    const std::string& blank_prefix = "");
SolutionSet ReadSrj(std::string_view document, const std::string& source,
                    const std::string& blank_prefix = "");
// TSV: terms in SPARQL/Turtle syntax, including the short forms of numbers
// and booleans; an empty field is unbound.
SolutionSet ReadTsv(std::string_view document, const std::string& source,
                    const std::string& blank_prefix = "");
// CSV (RFC 4180): fields are plain strings, so every value becomes a simple
// literal of the field, except `_:label` (a blank node); an empty field is
// unbound. Compare CSV results only with other CSV-read results.
SolutionSet ReadCsv(std::string_view document, const std::string& source,
                    const std::string& blank_prefix = "");
// The rs:ResultSet in an RDF document (read at `base`), or nullopt when the
// document holds none (then it is an RDF graph result).
std::optional<SolutionSet> ReadRdfResultSet(const std::filesystem::path& path,
                                            const std::string& base,
                                            const std::string& blank_prefix = "");

// The whole file. Throws std::runtime_error when it cannot be read.
std::string ReadFileText(const std::filesystem::path& path);

// One row in TSV-like syntax, for messages: "?x=<a> ?y=UNDEF".
std::string RowToString(const std::vector<std::string>& variables, const SolutionSet::Row& row);

struct CompareOptions {
  // Rows must follow these keys in order (blank nodes compare equal to any
  // blank node there; the multiset comparison pins them down).
  OrderKeys order;
  // xsd:double (and xsd:float) lexical forms compare case-insensitively, as
  // TSV's short form "1.0e6" stands for the data's "1.0E6".
  bool loose_double_case = false;
  // Numeric literals of the same XSD datatype compare by value ("2" and
  // "2.0" as xsd:decimal agree), as the suite's expected results spell equal
  // numbers differently from test to test (ceil01 wants "-1"^^xsd:decimal,
  // agg-avg-02 "2.0"); the datatype must still match. Jena's harness does the
  // same (ResultSetCompare.equalsByValue).
  bool numbers_by_value = true;
};

// True when `actual` matches `expected`: the same boolean, or the same
// variables (as a set) and the same rows as multisets under one bijection
// of blank nodes, and, with options.order, the same sequence of order keys.
// Otherwise false, with *why (when non-null) stating the first differences:
// counts, and up to a few rows only in one side.
bool SameResults(const SolutionSet& expected, const SolutionSet& actual,
                 const CompareOptions& options, std::string* why);

}  // namespace corridor::conformance
