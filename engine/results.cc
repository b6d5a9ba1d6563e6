// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// WriteResults: QueryResult onto the format writers of result_writers.h.
#include "corridor/results.h"

#include "corridor/error.h"
#include "engine/result_writers.h"

namespace corridor {

std::size_t WriteResults(QueryResult& result, ResultFormat format, std::ostream& out) {
  const bool rdf = format == ResultFormat::kNTriples || format == ResultFormat::kTurtle;
  switch (result.form()) {
    case QueryForm::kSelect:
      if (rdf) {
        throw Error(ErrorCode::kInvalidArgument,
                    "SELECT results are written as json, xml, csv or tsv, not as RDF");
      }
      return internal::WriteSolutions(
          format, result.variables(),
          [&result](std::vector<std::optional<Term>>* row) { return result.Next(row); }, out);
    case QueryForm::kAsk:
      if (rdf) {
        throw Error(ErrorCode::kInvalidArgument,
                    "ASK results are written as json, xml, csv or tsv, not as RDF");
      }
      internal::WriteBoolean(format, result.AskAnswer(), out);
      return 1;
    case QueryForm::kConstruct:
    case QueryForm::kDescribe:
      if (!rdf) {
        throw Error(ErrorCode::kInvalidArgument,
                    "CONSTRUCT and DESCRIBE results are written as nt or ttl");
      }
      return internal::WriteTriples(
          format, result.prefixes(), [&result](Quad* triple) { return result.NextTriple(triple); },
          out);
  }
  throw Error(ErrorCode::kInternal, "unknown query form");
}

}  // namespace corridor
