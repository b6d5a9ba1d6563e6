// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// W3C test manifests (the mf: vocabulary of
// http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#): a manifest
// lists its tests in mf:entries (an RDF list) and other manifests in
// mf:include. The model keeps each manifest's whole graph, so that test kinds
// with richer actions (SPARQL's qt:query, qt:data, ut:request ...) can read
// what they need from it.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/term.h"

namespace corridor::conformance {

inline constexpr std::string_view kMf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
inline constexpr std::string_view kRdft = "http://www.w3.org/ns/rdftest#";
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kRdfs = "http://www.w3.org/2000/01/rdf-schema#";

// The triples of one manifest document, indexed by subject.
class ManifestGraph {
 public:
  void Add(Term subject, Term predicate, Term object);

  // Objects of (subject, predicate), in document order.
  std::vector<const Term*> Objects(const Term& subject, std::string_view predicate) const;
  // The first object, or nullptr.
  const Term* Object(const Term& subject, std::string_view predicate) const;
  // The members of the RDF list starting at `head` (rdf:first/rdf:rest).
  // Throws std::runtime_error for a malformed or cyclic list.
  std::vector<Term> List(const Term& head) const;

 private:
  static std::string Key(const Term& t);
  std::map<std::string, std::vector<std::pair<Term, Term>>> by_subject_;
};

struct Manifest;

// One mf:entries member.
struct TestEntry {
  const Manifest* manifest = nullptr;
  Term node;             // the entry's IRI (or blank node) in the manifest graph
  std::string name;      // mf:name, else the IRI's fragment
  std::string type;      // rdf:type IRI: what kind of test this is
  std::optional<Term> action;  // mf:action
  std::optional<Term> result;  // mf:result
  std::string approval;        // rdft:approval / dawgt:approval IRI, may be empty
};

struct Manifest {
  std::filesystem::path path;
  std::string iri;  // the manifest's file:// IRI (the base it was read with)
  // mf:assumedTestBase: the IRI the tests were written to be read at.
  std::optional<std::string> assumed_test_base;
  std::string label;  // rdfs:label
  std::unique_ptr<ManifestGraph> graph;
  std::vector<TestEntry> entries;

  // The local file a file:// IRI of this manifest names.
  std::filesystem::path LocalPath(const std::string& file_iri) const;
  // The IRI a test input is to be read at: `file_iri` moved from the
  // manifest's folder to mf:assumedTestBase (unchanged without one).
  std::string TestBase(const std::string& file_iri) const;
  // A short name of the suite: the manifest's folder name.
  std::string SuiteName() const;
};

// Reads the manifest at `path` and, recursively, every manifest it includes
// (each at most once), in order. Throws std::runtime_error (or the reader's
// LoadError) when a manifest cannot be read.
std::vector<std::unique_ptr<Manifest>> LoadManifests(const std::filesystem::path& path);

// The file:// IRI of a local path (absolute, percent-encoded), and back.
std::string FileIri(const std::filesystem::path& path);
std::optional<std::filesystem::path> PathFromFileIri(std::string_view iri);

}  // namespace corridor::conformance
