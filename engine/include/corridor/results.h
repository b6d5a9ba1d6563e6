// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Serialisers for query results: the SPARQL 1.1 Query Results JSON, XML,
// CSV and TSV formats for SELECT and ASK, N-Triples and Turtle for
// CONSTRUCT and DESCRIBE.
#pragma once

#include <iosfwd>
#include <optional>
#include <string_view>

#include "corridor/query.h"

namespace corridor {

enum class ResultFormat { kJson, kXml, kCsv, kTsv, kNTriples, kTurtle };

// "json", "xml", "csv", "tsv", "nt", "ttl" (and "ntriples", "turtle").
std::optional<ResultFormat> ResultFormatFromName(std::string_view name);

// Writes every remaining result of `result` to `out` in `format`. SELECT and
// ASK take json, xml, csv or tsv; CONSTRUCT and DESCRIBE take nt or ttl (the
// Turtle uses result.prefixes()). Throws Error(kInvalidArgument) for a
// format that does not fit the query form, and whatever the result throws.
// Returns the number of rows (SELECT), triples, or 1 (ASK) written.
std::size_t WriteResults(QueryResult& result, ResultFormat format, std::ostream& out);

}  // namespace corridor
