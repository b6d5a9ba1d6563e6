// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "repl/validate.h"

#include <fmt/format.h>

#include <optional>
#include <ostream>
#include <vector>

#include "repl/table.h"

namespace corridor::repl {

namespace {

constexpr const char* kPrologue =
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n";

// Every quad of the dataset as ?s ?p ?o (DISTINCT removes the duplicates a
// union default graph would bring).
constexpr const char* kAnyQuad = "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }\n";

const std::string kUndeclared = std::string(kPrologue) +
    "SELECT DISTINCT ?term ?s ?p ?o WHERE {\n" + kAnyQuad +
    "  VALUES ?position { 1 2 3 }\n"
    "  BIND(IF(?position = 1, ?s, IF(?position = 2, ?p, ?o)) AS ?term)\n"
    "  FILTER(isIRI(?term) && STRSTARTS(STR(?term), \"https://corridor.dev/ns/cpec#\"))\n"
    "  FILTER NOT EXISTS { ?term a ?kind .\n"
    "    FILTER(?kind IN (rdfs:Class, rdf:Property, owl:Class, owl:ObjectProperty, owl:DatatypeProperty)) }\n"
    "} ORDER BY ?term ?s ?p ?o";

const std::string kDomain = std::string(kPrologue) +
    "SELECT DISTINCT ?s ?p ?o ?domain WHERE {\n" + kAnyQuad +
    "  ?p rdfs:subPropertyOf* ?q . ?q rdfs:domain ?domain .\n"
    "  FILTER(?domain != rdfs:Resource)\n"
    "  FILTER NOT EXISTS { { ?s a ?c } UNION { GRAPH ?g2 { ?s a ?c } } ?c rdfs:subClassOf* ?domain }\n"
    "} ORDER BY ?s ?p ?o ?domain";

const std::string kClassRange = std::string(kPrologue) +
    "SELECT DISTINCT ?s ?p ?o ?range WHERE {\n" + kAnyQuad +
    "  ?p rdfs:subPropertyOf* ?q . ?q rdfs:range ?range .\n"
    "  FILTER(?range != rdfs:Resource && ?range != rdfs:Literal && ?range != rdf:langString\n"
    "         && !STRSTARTS(STR(?range), \"http://www.w3.org/2001/XMLSchema#\"))\n"
    "  FILTER(isLiteral(?o) ||\n"
    "         NOT EXISTS { { ?o a ?c } UNION { GRAPH ?g2 { ?o a ?c } } ?c rdfs:subClassOf* ?range })\n"
    "} ORDER BY ?s ?p ?o ?range";

const std::string kDatatypeRange = std::string(kPrologue) +
    "SELECT DISTINCT ?s ?p ?o ?range WHERE {\n" + kAnyQuad +
    "  ?p rdfs:subPropertyOf* ?q . ?q rdfs:range ?range .\n"
    "  FILTER(?range = rdfs:Literal || ?range = rdf:langString\n"
    "         || STRSTARTS(STR(?range), \"http://www.w3.org/2001/XMLSchema#\"))\n"
    "  FILTER(!isLiteral(?o) || (?range != rdfs:Literal && DATATYPE(?o) != ?range))\n"
    "} ORDER BY ?s ?p ?o ?range";

// Runs `query` and calls `report(row)` for each solution; returns the count.
template <typename Report>
std::size_t ForEachRow(const Database& db, const std::string& query, const QueryOptions& options,
                       Report report) {
  QueryResult r = db.Query(query, options);
  std::size_t n = 0;
  std::vector<std::optional<Term>> row;
  while (r.Next(&row)) {
    report(row);
    ++n;
  }
  return n;
}

}  // namespace

std::size_t Validate(const Database& db, const std::map<std::string, std::string>& prefixes,
                     std::ostream& out, const QueryOptions& options) {
  auto c = [&](const std::optional<Term>& t) { return t ? CompactTerm(*t, prefixes) : std::string("?"); };
  std::size_t problems = 0;
  problems += ForEachRow(db, kUndeclared, options, [&](const auto& row) {
    out << fmt::format("undeclared term {}: subject {}, predicate {}, object {}\n", c(row[0]), c(row[1]),
                       c(row[2]), c(row[3]));
  });
  problems += ForEachRow(db, kDomain, options, [&](const auto& row) {
    out << fmt::format("domain violation: subject {} of predicate {} (object {}) is not a {}\n", c(row[0]),
                       c(row[1]), c(row[2]), c(row[3]));
  });
  problems += ForEachRow(db, kClassRange, options, [&](const auto& row) {
    out << fmt::format("range violation: object {} of subject {}, predicate {} is not a {}\n", c(row[2]),
                       c(row[0]), c(row[1]), c(row[3]));
  });
  problems += ForEachRow(db, kDatatypeRange, options, [&](const auto& row) {
    out << fmt::format("range violation: object {} of subject {}, predicate {} is not a {} literal\n",
                       c(row[2]), c(row[0]), c(row[1]), c(row[3]));
  });
  if (problems == 0) {
    out << "no problems: every cpec: term is declared and every domain and range is met\n";
  } else {
    out << problems << (problems == 1 ? " problem\n" : " problems\n");
  }
  return problems;
}

}  // namespace corridor::repl
