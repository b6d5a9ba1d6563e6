// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The format logic behind WriteResults (corridor/results.h), on plain
// callbacks instead of a QueryResult, so that it can be used and tested
// without a running query. Every writer streams: it writes each row or
// triple as the callback delivers it and keeps only what the format needs
// (the Turtle writer remembers the previous triple's subject and predicate).
// Not installed.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/results.h"
#include "corridor/term.h"

namespace corridor::internal {

// Stores the next solution in *row (one entry per variable, nullopt:
// unbound) and returns true, or returns false at the end.
using RowSource = std::function<bool(std::vector<std::optional<Term>>* row)>;
// Stores the next triple in *triple (graph ignored) and returns true, or
// returns false at the end.
using TripleSource = std::function<bool(Quad* triple)>;

// Writes a SELECT result: `variables` (without '?') and every row `next`
// delivers. `format` is kJson, kXml, kCsv or kTsv, else throws
// Error(kInvalidArgument). Rows must have variables.size() entries (else
// Error(kInternal)). Returns the number of rows written.
std::size_t WriteSolutions(ResultFormat format, const std::vector<std::string>& variables,
                           const RowSource& next, std::ostream& out);

// Writes an ASK answer. JSON and XML use their boolean forms; CSV and TSV,
// which define none, write a one-column table: header `_askResult` (CSV) or
// `?_askResult` (TSV), then `true` or `false`. Throws Error(kInvalidArgument)
// for kNTriples and kTurtle.
void WriteBoolean(ResultFormat format, bool answer, std::ostream& out);

// Writes a CONSTRUCT or DESCRIBE result in kNTriples or kTurtle (else throws
// Error(kInvalidArgument)). Turtle starts with one @prefix line per entry of
// `prefixes` whose name is a valid PN_PREFIX (or empty), writes IRIs as
// prefixed names where the rest of the IRI is a valid PN_LOCAL (longest
// namespace wins), rdf:type as `a`, numbers and booleans in their short
// forms when the lexical form allows, and groups consecutive triples of one
// subject with `;` (and of one subject and predicate with `,`). Returns the
// number of triples written.
std::size_t WriteTriples(ResultFormat format, const std::map<std::string, std::string>& prefixes,
                         const TripleSource& next, std::ostream& out);

// Blank node labels: the term's label when it is a valid BLANK_NODE_LABEL
// (Turtle / N-Triples / SPARQL), else a valid label derived from it (every
// byte that is not an ASCII letter or digit written as "_xHH"), so that
// every format's output parses.
std::string BlankLabel(std::string_view label);

}  // namespace corridor::internal
