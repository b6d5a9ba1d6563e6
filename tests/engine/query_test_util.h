// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Helpers for query-level tests: a temporary database built from inline
// Turtle / TriG, and query results rendered as comparable strings.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "corridor/database.h"
#include "test_util.h"

namespace corridor::test {

inline constexpr char kEx[] = "http://example.org/";

// A term as short text: ex:name for IRIs under kEx, N-Triples otherwise;
// numbers and booleans bare.
inline std::string Short(const Term& t) {
  if (t.is_iri() && t.value.rfind(kEx, 0) == 0) return "ex:" + t.value.substr(sizeof(kEx) - 1);
  if (t.is_literal() && t.language.empty() &&
      (t.datatype == "http://www.w3.org/2001/XMLSchema#integer" ||
       t.datatype == "http://www.w3.org/2001/XMLSchema#boolean" ||
       t.datatype == "http://www.w3.org/2001/XMLSchema#decimal")) {
    return t.value;
  }
  if (t.is_blank()) return "_:b";
  return t.ToNTriples();
}

class QueryDb {
 public:
  explicit QueryDb(const std::string& trig) {
    db_ = Database::Open(dir_.path() / "db");
    LoadOptions o;
    o.format = RdfFormat::kTriG;
    if (!trig.empty()) db_->LoadString("@prefix ex: <http://example.org/> .\n" + trig, o);
  }
  Database& db() { return *db_; }

  // The rows of a SELECT, each "v1 v2 ..." in projection order ("-" for
  // unbound), as a multiset.
  std::multiset<std::string> Select(const std::string& query, QueryOptions options = {}) {
    options.prefixes.emplace("ex", kEx);
    QueryResult r = db_->Query(query, options);
    std::multiset<std::string> out;
    std::vector<std::optional<Term>> row;
    while (r.Next(&row)) out.insert(RowText(row));
    return out;
  }
  // The rows in order.
  std::vector<std::string> SelectOrdered(const std::string& query) {
    QueryOptions options;
    options.prefixes.emplace("ex", kEx);
    QueryResult r = db_->Query(query, options);
    std::vector<std::string> out;
    std::vector<std::optional<Term>> row;
    while (r.Next(&row)) out.push_back(RowText(row));
    return out;
  }
  bool Ask(const std::string& query) {
    QueryOptions options;
    options.prefixes.emplace("ex", kEx);
    QueryResult r = db_->Query(query, options);
    return r.AskAnswer();
  }
  // CONSTRUCT / DESCRIBE triples as "s p o".
  std::multiset<std::string> Triples(const std::string& query) {
    QueryOptions options;
    options.prefixes.emplace("ex", kEx);
    QueryResult r = db_->Query(query, options);
    std::multiset<std::string> out;
    Quad q;
    while (r.NextTriple(&q)) out.insert(Short(q.subject) + " " + Short(q.predicate) + " " + Short(q.object));
    return out;
  }

  static std::string RowText(const std::vector<std::optional<Term>>& row) {
    std::string s;
    for (const auto& t : row) {
      if (!s.empty()) s += ' ';
      s += t ? Short(*t) : "-";
    }
    return s;
  }

 private:
  TempDir dir_;
  std::unique_ptr<Database> db_;
};

inline std::multiset<std::string> Bag(std::initializer_list<std::string> rows) { return {rows}; }

}  // namespace corridor::test
