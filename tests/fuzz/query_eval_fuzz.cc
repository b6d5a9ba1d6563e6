// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// libFuzzer target: query evaluation through the public API. A small fixed
// dataset (below) is loaded once into a database in a fresh temporary folder
// (removed at exit); each input is a query text, planned (Explain) and run
// with a 1 s timeout and a 64 MiB memory limit, reading at most 10,000
// results, so slow or huge queries stop with kCancelled / kResourceLimit
// instead of counting as hangs or out-of-memory.
// Contract checked: every failure is a corridor::Error whose code is not
// kInternal; nothing else is thrown, nothing crashes, nothing leaks.
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corridor/database.h"

namespace {

namespace fs = std::filesystem;

// Names the W3C query tests use (http://example.org/, http://example/,
// http://example.org/ns#, foaf), numbers of every numeric type, dates,
// language tags, blank nodes, lists and named graphs.
constexpr std::string_view kData = R"(
@prefix :     <http://example.org/> .
@prefix ex:   <http://example/> .
@prefix ns:   <http://example.org/ns#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

:a foaf:name "Alice" ; foaf:knows :b , :c ; foaf:age 30 ; :p 1 , 2.5 , 3.0e1 ;
   rdfs:label "Alice"@en , "Alicia"@es ; rdf:type foaf:Person .
:b foaf:name "Bob"^^xsd:string ; foaf:knows :c ; foaf:age "41"^^xsd:int ; :q :a ;
   :date "2011-02-01T01:02:03Z"^^xsd:dateTime , "2010-06-21"^^xsd:date .
:c foaf:name "Carol"@en-GB ; foaf:mbox <mailto:carol@example.org> ; :p -7 , "abc" , true ;
   :list ( 1 2 ( :a "x" ) ) .
_:x foaf:name "Anon" ; foaf:knows _:y ; :p "0"^^xsd:byte , "NaN"^^xsd:double , "INF"^^xsd:float .
_:y :q _:x ; :p "junk"^^xsd:integer , "1.5"^^xsd:decimal , "x"^^<http://example.org/dt> .
ex:s ex:p ex:o , "o1" , 7 ; ex:q [ ex:r ex:s ] .
ns:book1 ns:price 42 ; ns:discount 0.2 ; <http://purl.org/dc/elements/1.1/title> "SPARQL Tutorial" .
:a :next :b . :b :next :c . :c :next :a .

:g1 { :a :p 10 . :b :p 20 . :a foaf:knows :c . ex:s ex:p "in g1" }
:g2 { :c :p 10 ; foaf:name "Carol in g2" . _:z :r :g1 }
)";

class Fixture {
 public:
  Fixture() {
    char pattern[] = "/tmp/corridor-fuzz-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (made == nullptr) std::abort();
    dir_ = made;
    corridor::Options options;
    options.sync_writes = false;
    options.block_cache_bytes = 8 << 20;
    options.memory_budget_bytes = 64 << 20;
    db_ = corridor::Database::Open(dir_ / "db", options);
    corridor::LoadOptions load;
    load.format = corridor::RdfFormat::kTriG;
    db_->LoadString(kData, load, "fuzz-data.trig");
  }
  ~Fixture() {
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  corridor::Database& db() { return *db_; }

 private:
  fs::path dir_;
  std::unique_ptr<corridor::Database> db_;
};

// Destroyed at exit (libFuzzer returns from main for -runs / -max_total_time),
// which removes the temporary folder.
Fixture& TheFixture() {
  static Fixture fixture;
  return fixture;
}

void Run(corridor::Database& db, std::string_view text, const corridor::QueryOptions& options) {
  corridor::QueryResult result = db.Query(text, options);
  constexpr int kMaxResults = 10000;
  switch (result.form()) {
    case corridor::QueryForm::kSelect: {
      std::vector<std::optional<corridor::Term>> row;
      for (int n = 0; n < kMaxResults && result.Next(&row); ++n) {
        if (row.size() != result.variables().size()) std::abort();
      }
      break;
    }
    case corridor::QueryForm::kAsk:
      (void)result.AskAnswer();
      break;
    case corridor::QueryForm::kConstruct:
    case corridor::QueryForm::kDescribe: {
      corridor::Quad triple;
      for (int n = 0; n < kMaxResults && result.NextTriple(&triple); ++n) {
        (void)triple.ToNQuads();
      }
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::Database& db = TheFixture().db();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  corridor::QueryOptions options;
  options.timeout = std::chrono::milliseconds(1000);
  options.memory_limit_bytes = std::size_t{64} << 20;
  try {
    (void)db.Explain(text, /*analyze=*/false, options);
    Run(db, text, options);
  } catch (const corridor::Error& e) {
    if (e.code() == corridor::ErrorCode::kInternal) {
      std::fprintf(stderr, "kInternal: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
