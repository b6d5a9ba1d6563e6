// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The runner's RDF/XML subset reader.
#include "tests/conformance/rdf_xml.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace corridor::conformance {
namespace {

constexpr char kHead[] =
    "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#' "
    "xmlns:ex='http://ex.org/s#'>";

std::vector<std::string> Read(const std::string& body) {
  std::vector<std::string> out;
  for (const Quad& q : ReadRdfXml(kHead + body + "</rdf:RDF>", "http://base/dir/f.rdf", "t.rdf")) {
    out.push_back(q.ToNQuads());
  }
  return out;
}

TEST(RdfXml, NodesPropertiesAndRelativeIris) {
  EXPECT_EQ(Read("<rdf:Description rdf:about='http://ex.org/a'>"
                 "  <ex:p rdf:resource=''/>"
                 "  <ex:p rdf:resource='other#x'/>"
                 "  <ex:n rdf:datatype='http://www.w3.org/2001/XMLSchema#integer'>1</ex:n>"
                 "  <ex:l xml:lang='EN'>hi &amp; bye</ex:l>"
                 "  <ex:s></ex:s>"
                 "</rdf:Description>"
                 "<ex:Thing rdf:ID='t' ex:name='n'/>"),
            (std::vector<std::string>{
                "<http://ex.org/a> <http://ex.org/s#p> <http://base/dir/f.rdf> .",
                "<http://ex.org/a> <http://ex.org/s#p> <http://base/dir/other#x> .",
                "<http://ex.org/a> <http://ex.org/s#n> "
                "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
                "<http://ex.org/a> <http://ex.org/s#l> \"hi & bye\"@en .",
                "<http://ex.org/a> <http://ex.org/s#s> \"\" .",
                "<http://base/dir/f.rdf#t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                "<http://ex.org/s#Thing> .",
                "<http://base/dir/f.rdf#t> <http://ex.org/s#name> \"n\" .",
            }));
}

TEST(RdfXml, BlankNodesNestingAndParseTypeResource) {
  EXPECT_EQ(Read("<rdf:Description rdf:nodeID='a'>"
                 "  <ex:p><rdf:Description rdf:about='http://ex.org/b'/></ex:p>"
                 "  <ex:q rdf:nodeID='a'/>"
                 "  <ex:r rdf:parseType='Resource'><ex:v>x</ex:v></ex:r>"
                 "</rdf:Description>"),
            (std::vector<std::string>{
                "_:na <http://ex.org/s#p> <http://ex.org/b> .",
                "_:na <http://ex.org/s#q> _:na .",
                "_:na <http://ex.org/s#r> _:g1 .",
                "_:g1 <http://ex.org/s#v> \"x\" .",
            }));
}

TEST(RdfXml, RefusesWhatItDoesNotRead) {
  EXPECT_THROW(Read("<rdf:Description><ex:p rdf:parseType='Literal'><b/></ex:p>"
                    "</rdf:Description>"),
               std::runtime_error);
  EXPECT_THROW(Read("<rdf:Description><rdf:li>x</rdf:li></rdf:Description>"),
               std::runtime_error);
  EXPECT_THROW(Read("<rdf:Description><ex:p>"), std::runtime_error);
}

}  // namespace
}  // namespace corridor::conformance
