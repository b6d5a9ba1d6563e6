// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Checks the data of a database against the CPEC vocabulary stored in it,
// with SPARQL queries through the public API.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <map>
#include <string>

#include "corridor/database.h"

namespace corridor::repl {

// Writes one line per problem to `out` and returns how many there are:
//  - a `cpec:` IRI used (as subject, predicate or object, in any graph) that
//    the vocabulary does not declare as an rdfs:Class or rdf:Property;
//  - a triple whose subject has no rdf:type that is (through the
//    rdfs:subClassOf closure) the rdfs:domain of its predicate or of one of
//    the predicate's super-properties (rdfs:Resource is always met);
//  - likewise for the object and rdfs:range: a class range needs a typed IRI
//    or blank node, a datatype range (xsd:*, rdf:langString) a literal of
//    exactly that datatype, rdfs:Literal any literal.
// Each line names the triple (subject, predicate, object) in compact form
// using `prefixes`; a last line sums up. The vocabulary triples are read from
// the default graph (where the default database keeps them); data from every
// graph. `options` go to every query (its prefixes are not needed; its
// cancel token stops the check). Throws corridor::Error as Database::Query does.
std::size_t Validate(const Database& db, const std::map<std::string, std::string>& prefixes,
                     std::ostream& out, const QueryOptions& options = {});

}  // namespace corridor::repl
