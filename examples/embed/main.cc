// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// embed_example: a small complete program embedding Corridor through the
// installed package (find_package(corridor) + corridor::corridor).
//
//   embed_example DB_DIR
//
// Opens the database in DB_DIR (creating it if missing), loads a Turtle
// document held in memory into the named graph kGraph, reads that graph back
// with Match, prints the quads and the statistics, and checks that the quads
// read back are exactly those the document states.
//
// Running it again on the same directory is fine: the second load finds
// every quad already present, and the read-back is the same. Other data in
// the database is left alone; only kGraph is checked.
//
// Exit status: 0 success; 1 the read-back differs or a call failed; 2 usage.

#include <algorithm>
#include <cstdint>
#include <exception>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <corridor/database.h>

namespace {

constexpr std::string_view kGraph = "http://example.org/graphs/embed";

constexpr std::string_view kDocument = R"(
@prefix ex:   <http://example.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .

ex:alice a foaf:Person ;
    foaf:name "Alice" ;
    foaf:age 42 ;
    foaf:knows ex:bob, ex:carol .

ex:bob a foaf:Person ;
    foaf:name "Bob"@en ;
    foaf:knows ex:alice .
)";

corridor::Term Ex(std::string_view local) {
  return corridor::Term::Iri("http://example.org/" + std::string(local));
}
corridor::Term Foaf(std::string_view local) {
  return corridor::Term::Iri("http://xmlns.com/foaf/0.1/" + std::string(local));
}

// The quads kDocument states, once loaded into kGraph.
std::vector<corridor::Quad> ExpectedQuads() {
  using corridor::Term;
  const Term rdf_type = Term::Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  const Term graph = Term::Iri(std::string(kGraph));
  return {
      {Ex("alice"), rdf_type, Foaf("Person"), graph},
      {Ex("alice"), Foaf("name"), Term::Literal("Alice"), graph},
      {Ex("alice"), Foaf("age"),
       Term::TypedLiteral("42", "http://www.w3.org/2001/XMLSchema#integer"), graph},
      {Ex("alice"), Foaf("knows"), Ex("bob"), graph},
      {Ex("alice"), Foaf("knows"), Ex("carol"), graph},
      {Ex("bob"), rdf_type, Foaf("Person"), graph},
      {Ex("bob"), Foaf("name"), Term::LangLiteral("Bob", "en"), graph},
      {Ex("bob"), Foaf("knows"), Ex("alice"), graph},
  };
}

std::vector<corridor::Quad> ReadAll(corridor::QuadCursor cursor) {
  std::vector<corridor::Quad> quads;
  corridor::Quad quad;
  while (cursor.Next(&quad)) quads.push_back(quad);
  return quads;
}

// Sorted N-Quads lines: a canonical form for comparing quad sets, since
// Match returns quads in the order of whichever index it picks.
std::vector<std::string> Lines(const std::vector<corridor::Quad>& quads) {
  std::vector<std::string> lines;
  for (const corridor::Quad& q : quads) lines.push_back(q.ToNQuads());
  std::sort(lines.begin(), lines.end());
  return lines;
}

// Reports on stderr the lines only one side has; returns whether they match.
bool SameQuads(std::string_view what, const std::vector<corridor::Quad>& got,
               const std::vector<corridor::Quad>& want) {
  const std::vector<std::string> got_lines = Lines(got);
  const std::vector<std::string> want_lines = Lines(want);
  if (got_lines == want_lines) return true;
  std::cerr << "MISMATCH in " << what << ": read back " << got_lines.size()
            << " quads, expected " << want_lines.size() << "\n";
  for (const std::string& line : want_lines) {
    if (!std::binary_search(got_lines.begin(), got_lines.end(), line))
      std::cerr << "  missing:    " << line << "\n";
  }
  for (const std::string& line : got_lines) {
    if (!std::binary_search(want_lines.begin(), want_lines.end(), line))
      std::cerr << "  unexpected: " << line << "\n";
  }
  return false;
}

int Run(const char* db_dir) {
  std::unique_ptr<corridor::Database> db = corridor::Database::Open(db_dir);
  std::cout << "opened " << db->path().string() << "\n";

  corridor::LoadOptions load_options;
  load_options.format = corridor::RdfFormat::kTurtle;
  load_options.graph = std::string(kGraph);
  const corridor::LoadResult loaded =
      db->LoadString(kDocument, load_options, "embed_example.ttl");
  std::cout << "loaded: " << loaded.quads_read << " read, " << loaded.quads_added
            << " added, " << loaded.duplicates << " duplicates\n";

  const std::vector<corridor::Quad> expected = ExpectedQuads();
  bool ok = true;

  // Everything in our graph, printed in the order Match returns it.
  // (Fields are set one by one: g++ 12 -Wextra warns on designated
  // initializers that leave members out.)
  corridor::QuadPattern graph_pattern;
  graph_pattern.scope = corridor::GraphScope::kNamed;
  graph_pattern.graph = corridor::Term::Iri(std::string(kGraph));
  const std::vector<corridor::Quad> in_graph = ReadAll(db->Match(graph_pattern));
  std::cout << "\nquads in <" << kGraph << ">:\n";
  for (const corridor::Quad& q : in_graph) std::cout << "  " << q.ToNQuads() << "\n";
  ok &= SameQuads("the whole graph", in_graph, expected);

  // A pattern with a bound predicate, which reads a different index.
  std::vector<corridor::Quad> knows_expected;
  std::copy_if(expected.begin(), expected.end(), std::back_inserter(knows_expected),
               [](const corridor::Quad& q) { return q.predicate == Foaf("knows"); });
  corridor::QuadPattern knows_pattern = graph_pattern;
  knows_pattern.predicate = Foaf("knows");
  const std::vector<corridor::Quad> knows = ReadAll(db->Match(knows_pattern));
  std::cout << "\nfoaf:knows: " << knows.size() << " quads\n";
  ok &= SameQuads("foaf:knows", knows, knows_expected);

  const corridor::Statistics stats = db->GetStatistics();
  std::cout << "\nstatistics:\n"
            << "  quads:          " << stats.quads << "\n"
            << "  distinct terms: " << stats.distinct_terms << "\n"
            << "  bytes on disk:  " << stats.bytes_on_disk << "\n"
            << "  predicates:\n";
  for (const corridor::PredicateStatistics& p : stats.predicates) {
    std::cout << "    " << p.predicate.ToNTriples() << ": " << p.quads << " quads, "
              << p.distinct_subjects << " subjects, " << p.distinct_objects << " objects\n";
  }
  std::cout << "  graphs:\n";
  std::uint64_t graph_quads = 0;
  bool graph_listed = false;
  for (const corridor::GraphStatistics& g : stats.graphs) {
    std::cout << "    " << (g.graph ? g.graph->ToNTriples() : "(default graph)") << ": "
              << g.quads << " quads\n";
    if (g.graph && *g.graph == corridor::Term::Iri(std::string(kGraph))) {
      graph_listed = true;
      graph_quads = g.quads;
    }
  }
  // The counts are exact (maintained on every write), so they must agree
  // with what Match returned.
  if (!graph_listed || graph_quads != expected.size() || stats.quads < expected.size()) {
    std::cerr << "MISMATCH in statistics: graph <" << kGraph << "> "
              << (graph_listed ? "has " + std::to_string(graph_quads) + " quads"
                               : std::string("is not listed"))
              << ", total " << stats.quads << ", expected " << expected.size()
              << " in the graph\n";
    ok = false;
  }

  std::cout << "\n" << (ok ? "OK" : "FAILED") << "\n";
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << (argc > 0 ? argv[0] : "embed_example") << " DB_DIR\n";
    return 2;
  }
  try {
    return Run(argv[1]);
  } catch (const corridor::Error& e) {
    std::cerr << "corridor error [" << corridor::ErrorCodeName(e.code()) << "]: " << e.what()
              << "\n";
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}
