// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// FILTER(?v = <iri>) and sameTerm(?v, <iri>) become constants in the scans
// of the patterns binding ?v (where that is exact), and filter estimates
// come from the store's statistics.
#include <gtest/gtest.h>

#include <regex>

#include "query_test_util.h"

namespace corridor {
namespace {

using test::Bag;
using test::QueryDb;

std::string Data(int n) {
  std::string ttl;
  for (int i = 0; i < n; ++i) {
    ttl += "ex:s" + std::to_string(i) + " ex:big ex:o" + std::to_string(i % 50) + " ; ex:n " +
           std::to_string(i % 7) + " .\n";
  }
  ttl += "ex:s1 ex:code \"01\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n";
  ttl += "ex:s2 ex:code 1 .\n";
  return ttl;
}

std::string Explain(QueryDb& db, const std::string& q, bool analyze) {
  QueryOptions o;
  o.prefixes["ex"] = test::kEx;
  return db.db().Explain(q, analyze, o);
}

std::uint64_t Scanned(const std::string& plan) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(plan, m, std::regex("([0-9]+) index entries read"))) << plan;
  return m.empty() ? 0 : std::stoull(m[1]);
}

TEST(FilterPushdownTest, IriEqualityBecomesABoundScan) {
  QueryDb db(Data(5000));
  for (const char* filter : {"?o = ex:o3", "ex:o3 = ?o", "sameTerm(?o, ex:o3)", "sameTerm(ex:o3, ?o)"}) {
    const std::string q = std::string("SELECT ?s ?o WHERE { ?s ex:big ?o FILTER(") + filter + ") }";
    const std::string plan = Explain(db, q, true);
    // 100 matches read from the index range of ex:o3, not 5000 filtered.
    EXPECT_LT(Scanned(plan), 300u) << plan;
    EXPECT_EQ(plan.find("Filter"), std::string::npos) << plan;
    const auto rows = db.Select(q);
    EXPECT_EQ(rows.size(), 100u) << q;
    EXPECT_EQ(rows.count("ex:s3 ex:o3"), 1u) << q;
  }
  // ?o stays a variable of the solutions, also joined with other patterns.
  EXPECT_EQ(db.Select("SELECT ?o ?n WHERE { ?s ex:big ?o ; ex:n ?n FILTER(?o = ex:o3 && ?n = 3) }"),
            Bag({"ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3",
                 "ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3", "ex:o3 3"}));
  // An IRI the store lacks matches nothing.
  EXPECT_EQ(db.Select("SELECT ?s WHERE { ?s ex:big ?o FILTER(?o = ex:nowhere) }"), Bag({}));
}

TEST(FilterPushdownTest, LiteralEqualityStaysAFilter) {
  QueryDb db(Data(50));
  // `=` on numbers is by value: "01" and 1 are both equal to 1.
  EXPECT_EQ(db.Select("SELECT ?s WHERE { ?s ex:code ?c FILTER(?c = 1) }"), Bag({"ex:s1", "ex:s2"}));
  EXPECT_NE(Explain(db, "SELECT ?s WHERE { ?s ex:code ?c FILTER(?c = 1) }", false).find("Filter"),
            std::string::npos);
  // sameTerm compares terms.
  EXPECT_EQ(db.Select("SELECT ?s WHERE { ?s ex:code ?c FILTER(sameTerm(?c, 1)) }"), Bag({"ex:s2"}));
}

TEST(FilterPushdownTest, FilterUnderOptionalAndUnionKeepsItsScope) {
  QueryDb db(Data(50));
  // The filter of an OPTIONAL group is part of the left join, not the scan
  // of the left side.
  EXPECT_EQ(db.Select("SELECT ?s ?o WHERE { ?s ex:n 6 OPTIONAL { ?s ex:big ?o FILTER(?o = ex:o6) } }").size(), 7u);
  EXPECT_EQ(db.Select("SELECT ?s WHERE { { ?s ex:big ?o FILTER(?o = ex:o6) } UNION { ?s ex:code ?o } }").size(), 3u);
}

TEST(FilterPushdownTest, FilterEstimatesUseStatistics) {
  QueryDb db(Data(5000));
  // 5000 rows over 50 distinct objects: an equality keeps about 100.
  const std::string plan = Explain(db, "SELECT ?s WHERE { ?s ex:big ?o FILTER(?o = \"x\") }", false);
  EXPECT_NE(plan.find("Filter (?o = \"x\")  (est 100)"), std::string::npos) << plan;
}

}  // namespace
}  // namespace corridor
