// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// A reader for the part of RDF/XML (RDF 1.1 XML Syntax) that SPARQL test
// data uses, so that the runner can load those files (Corridor itself reads
// no RDF/XML). It handles node elements (rdf:Description or typed) with
// rdf:about, rdf:ID, rdf:nodeID or none, property attributes, property
// elements with rdf:resource, rdf:nodeID, rdf:datatype, xml:lang, a text
// value, an empty value, a nested node element or rdf:parseType="Resource",
// and xml:base. Anything else (rdf:parseType="Literal" / "Collection",
// rdf:li, reification with rdf:ID on a property, rdf:bagID) is refused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corridor/term.h"

namespace corridor::conformance {

// The triples of `document`, relative IRIs resolved against `base`, blank
// nodes labelled `blank_prefix` + a name unique within the document. Throws
// std::runtime_error naming `source` for malformed XML or a construct
// outside the subset.
std::vector<Quad> ReadRdfXml(std::string_view document, const std::string& base,
                             const std::string& source, const std::string& blank_prefix = "");

}  // namespace corridor::conformance
