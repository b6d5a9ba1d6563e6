// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// EXISTS / NOT EXISTS as SPARQL 1.1 §18.6 defines them: the pattern is
// evaluated with the outer solution's values substituted for its variables
// everywhere inside it (UNION branches, OPTIONAL, MINUS, GRAPH, BIND,
// VALUES, nested EXISTS; sub-selects only where projected), not merely
// joined with the outer solution at the top of the pattern.
#include <gtest/gtest.h>

#include "query_test_util.h"

namespace corridor {
namespace {

using test::Bag;
using test::QueryDb;

constexpr char kData[] = R"(
  ex:a ex:p 1 ; ex:q ex:a1 .
  ex:b ex:p 2 ; ex:q ex:b1 .
  ex:c ex:p 3 .
  ex:a1 ex:r ex:a .
  ex:x ex:v 1 , 3 .
  ex:g1 { ex:a ex:in ex:g1 . ex:k ex:w 2 . }
  ex:g2 { ex:b ex:in ex:g2 . ex:k ex:w 9 . }
)";

TEST(ExistsTest, FilterInsideUnionBranchSeesOuterValue) {
  QueryDb q(kData);
  // ?n is substituted inside both branches, so their filters compare with it.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS {"
                     "  { ex:x ex:v ?m FILTER(?m = ?n) } UNION { ex:k ex:w ?m FILTER(?m = ?n) } } }"),
            Bag({"ex:a", "ex:c"}));
}

TEST(ExistsTest, OptionalInsideSeesOuterValue) {
  QueryDb q(kData);
  // The OPTIONAL's filter reads the outer ?s; without substitution it is an
  // error (unbound) and ?t never binds, so every ?s would pass.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER NOT EXISTS {"
                     "  ?y ex:p ?n2 OPTIONAL { ?y ex:q ?t FILTER(?y = ?s) } FILTER(BOUND(?t)) } }"),
            Bag({"ex:c"}));
}

TEST(ExistsTest, SubstitutedVariableLeavesTheMinusDomain) {
  QueryDb q(kData);
  // After substitution ?s is a constant on both sides of the MINUS, so the
  // two sides share no variable and MINUS removes nothing (§18.5 Minus):
  // the pattern has a solution for every ?s with ex:q.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS { ?s ex:q ?o MINUS { ?s ex:q ?z } } }"),
            Bag({"ex:a", "ex:b"}));
  // A variable the outer row does not bind stays a variable: here ?o is
  // shared, so MINUS removes every row.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS { ?s ex:q ?o MINUS { ?o ex:r ?z } } }"),
            Bag({"ex:b"}));
}

TEST(ExistsTest, GraphPatternsInsideSeeOuterValues) {
  QueryDb q(kData);
  // A filter inside GRAPH compares with the outer ?n.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS { GRAPH ?g { ex:k ex:w ?m FILTER(?m = ?n) } } }"),
            Bag({"ex:b"}));
  // GRAPH ?g with ?g bound outside: the graph is the outer value.
  EXPECT_EQ(q.Select("SELECT ?s ?g WHERE { VALUES ?g { ex:g1 ex:g2 } ?s ex:p ?n "
                     "FILTER EXISTS { GRAPH ?g { ?s ex:in ?h } } }"),
            Bag({"ex:a ex:g1", "ex:b ex:g2"}));
  // A value that is not a named graph matches no GRAPH pattern, even an empty one.
  EXPECT_EQ(q.Select("SELECT ?g WHERE { VALUES ?g { ex:g1 ex:a } FILTER EXISTS { GRAPH ?g { } } }"),
            Bag({"ex:g1"}));
}

TEST(ExistsTest, BindAndValuesInsideSeeOuterValues) {
  QueryDb q(kData);
  // BIND(?s AS ?y) gives ?y the outer value, which then restricts the scan.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS { BIND(?s AS ?y) ?y ex:q ?o } }"),
            Bag({"ex:a", "ex:b"}));
  // VALUES rows incompatible with the outer value drop out.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS { VALUES (?s ?k) { (ex:a 1) (ex:c 2) } } }"),
            Bag({"ex:a", "ex:c"}));
}

TEST(ExistsTest, SubSelectSubstitutesProjectedVariablesOnly) {
  QueryDb q(kData);
  // ?s is projected: substituted before the LIMIT, so the one row kept is
  // one of ?s's own.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS { SELECT ?s { ?s ex:q ?o } LIMIT 1 } }"),
            Bag({"ex:a", "ex:b"}));
  // ?n is not projected: inside the sub-select it is another variable,
  // unbound in the filter, which is then an error.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS { SELECT ?s { ?s ex:p ?m FILTER(?m = ?n) } } }"),
            Bag({}));
}

TEST(ExistsTest, NestedExistsAndUnboundOuterVariables) {
  QueryDb q(kData);
  // The inner EXISTS sees both the middle pattern's ?o and the outer ?s.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n FILTER EXISTS { ?s ex:q ?o "
                     "FILTER EXISTS { { ?o ex:r ?z FILTER(?z = ?s) } UNION { ?o ex:r ex:zz } } } }"),
            Bag({"ex:a"}));
  // An OPTIONAL left ?o unbound in some outer rows: there it stays a free
  // variable of the pattern; where bound, it is substituted.
  EXPECT_EQ(q.Select("SELECT ?s WHERE { ?s ex:p ?n OPTIONAL { ?s ex:q ?o } "
                     "FILTER EXISTS { { ?o ex:r ?w } UNION { ?o ex:r ?w FILTER(false) } } }"),
            Bag({"ex:a", "ex:c"}));
}

}  // namespace
}  // namespace corridor
