// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// SPARQL queries end to end through Database::Query over small stores.
#include <gtest/gtest.h>

#include "query_test_util.h"

namespace corridor {
namespace {

using test::Bag;
using test::QueryDb;

constexpr char kPeople[] = R"(
  ex:alice ex:knows ex:bob , ex:carol ; ex:age 30 ; ex:name "Alice" .
  ex:bob ex:knows ex:carol ; ex:age 25 ; ex:name "Bob" .
  ex:carol ex:knows ex:dave ; ex:age 35 .
  ex:dave ex:name "Dave" .
)";

TEST(QueryTest, BgpWithSharedVariables) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.Select("SELECT ?a ?c WHERE { ?a ex:knows ?b . ?b ex:knows ?c }"),
            Bag({"ex:alice ex:carol", "ex:alice ex:dave", "ex:bob ex:dave"}));
  EXPECT_EQ(q.Select("SELECT ?n WHERE { ?p ex:age 25 ; ex:name ?n }"), Bag({"\"Bob\""}));
  EXPECT_EQ(q.Select("SELECT * WHERE { ex:dave ex:name ?n }"), Bag({"\"Dave\""}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ?x ex:nope ?y }"), Bag({}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ?x ex:knows ex:nobody }"), Bag({}));
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

using test::Bag;
using test::QueryDb;

TEST(QueryTest, OptionalWithFilter) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.Select("SELECT ?p ?n WHERE { ?p ex:age ?a OPTIONAL { ?p ex:name ?n } }"),
            Bag({"ex:alice \"Alice\"", "ex:bob \"Bob\"", "ex:carol -"}));
  // The OPTIONAL's filter is part of the left join: rows stay, bindings go.
  EXPECT_EQ(q.Select("SELECT ?p ?n WHERE { ?p ex:age ?a OPTIONAL { ?p ex:name ?n FILTER(?a > 26) } }"),
            Bag({"ex:alice \"Alice\"", "ex:bob -", "ex:carol -"}));
  // A group filter over an optional variable applies to the whole group.
  EXPECT_EQ(q.Select("SELECT ?p WHERE { ?p ex:age ?a OPTIONAL { ?p ex:name ?n } FILTER(!BOUND(?n)) }"),
            Bag({"ex:carol"}));
  // Filter placed before the OPTIONAL still sees the whole group.
  EXPECT_EQ(q.Select("SELECT ?p ?n WHERE { ?p ex:age ?a FILTER(?a >= 30) OPTIONAL { ?p ex:name ?n } }"),
            Bag({"ex:alice \"Alice\"", "ex:carol -"}));
}

TEST(QueryTest, UnionMinusAndValues) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.Select("SELECT ?x WHERE { { ex:alice ex:knows ?x } UNION { ex:carol ex:knows ?x } }"),
            Bag({"ex:bob", "ex:carol", "ex:dave"}));
  EXPECT_EQ(q.Select("SELECT ?p WHERE { ?p ex:age ?a MINUS { ?p ex:name ?n } }"), Bag({"ex:carol"}));
  // MINUS without shared variables removes nothing.
  EXPECT_EQ(q.Select("SELECT ?p WHERE { ?p ex:age ?a MINUS { ?x ex:name ?n } }"),
            Bag({"ex:alice", "ex:bob", "ex:carol"}));
  EXPECT_EQ(q.Select("SELECT ?p ?a WHERE { VALUES ?p { ex:bob ex:dave } ?p ex:age ?a }"), Bag({"ex:bob 25"}));
  EXPECT_EQ(q.Select("SELECT ?p ?a WHERE { ?p ex:age ?a } VALUES (?p ?a) { (ex:alice UNDEF) (UNDEF 35) }"),
            Bag({"ex:alice 30", "ex:carol 35"}));
}

TEST(QueryTest, BindAndSelectExpressions) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.Select("SELECT ?p ?b WHERE { ?p ex:age ?a BIND(?a + 1 AS ?b) FILTER(?b > 30) }"),
            Bag({"ex:alice 31", "ex:carol 36"}));
  EXPECT_EQ(q.Select("SELECT (CONCAT(?n, \"!\") AS ?s) WHERE { ex:bob ex:name ?n }"), Bag({"\"Bob!\""}));
}

TEST(QueryTest, AggregatesGroupByHaving) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.Select("SELECT ?p (COUNT(?o) AS ?c) WHERE { ?p ex:knows ?o } GROUP BY ?p"),
            Bag({"ex:alice 2", "ex:bob 1", "ex:carol 1"}));
  EXPECT_EQ(q.Select("SELECT ?p WHERE { ?p ex:knows ?o } GROUP BY ?p HAVING (COUNT(?o) > 1)"),
            Bag({"ex:alice"}));
  EXPECT_EQ(q.Select("SELECT (COUNT(*) AS ?c) (SUM(?a) AS ?s) WHERE { ?p ex:age ?a }"), Bag({"3 90"}));
  EXPECT_EQ(q.Select("SELECT (COUNT(*) AS ?c) WHERE { ?p ex:nothing ?a }"), Bag({"0"}));
  EXPECT_EQ(q.Select("SELECT ?p WHERE { ?p ex:nothing ?a } GROUP BY ?p"), Bag({}));
  EXPECT_EQ(q.Select("SELECT (COUNT(DISTINCT ?o) AS ?c) WHERE { ?p ex:knows ?o }"), Bag({"3"}));
}

TEST(QueryTest, OrderLimitOffsetDistinct) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.SelectOrdered("SELECT ?p ?a WHERE { ?p ex:age ?a } ORDER BY ?a"),
            (std::vector<std::string>{"ex:bob 25", "ex:alice 30", "ex:carol 35"}));
  EXPECT_EQ(q.SelectOrdered("SELECT ?p WHERE { ?p ex:age ?a } ORDER BY DESC(?a) LIMIT 2"),
            (std::vector<std::string>{"ex:carol", "ex:alice"}));
  EXPECT_EQ(q.SelectOrdered("SELECT ?p WHERE { ?p ex:age ?a } ORDER BY ?a OFFSET 1 LIMIT 1"),
            (std::vector<std::string>{"ex:alice"}));
  EXPECT_EQ(q.Select("SELECT DISTINCT ?o WHERE { ?p ex:knows ?o }"), Bag({"ex:bob", "ex:carol", "ex:dave"}));
  EXPECT_EQ(q.Select("SELECT ?o WHERE { ?p ex:knows ?o }").size(), 4u);
  EXPECT_EQ(q.Select("SELECT ?o WHERE { ?p ex:knows ?o } LIMIT 0").size(), 0u);
}

TEST(QueryTest, SubSelect) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.Select("SELECT ?p ?n WHERE { ?p ex:name ?n { SELECT ?p WHERE { ?p ex:age ?a } ORDER BY DESC(?a) LIMIT 1 } }"),
            Bag({}));
  EXPECT_EQ(q.Select("SELECT ?p ?n WHERE { ?p ex:name ?n { SELECT ?p WHERE { ?p ex:age ?a } ORDER BY ?a LIMIT 1 } }"),
            Bag({"ex:bob \"Bob\""}));
  // Variables not projected by the sub-select are not visible outside.
  EXPECT_EQ(q.Select("SELECT ?a WHERE { { SELECT ?p WHERE { ?p ex:age ?a } } }"), Bag({"-", "-", "-"}));
}

TEST(QueryTest, GraphPatterns) {
  QueryDb q(R"(
    ex:a ex:p ex:b .
    ex:g1 { ex:a ex:p ex:c . ex:c ex:q 1 . }
    ex:g2 { ex:a ex:p ex:d . ex:d ex:q 2 . }
  )");
  EXPECT_EQ(q.Select("SELECT ?o WHERE { ex:a ex:p ?o }"), Bag({"ex:b"}));
  EXPECT_EQ(q.Select("SELECT ?g ?o WHERE { GRAPH ?g { ex:a ex:p ?o } }"), Bag({"ex:g1 ex:c", "ex:g2 ex:d"}));
  EXPECT_EQ(q.Select("SELECT ?o WHERE { GRAPH ex:g2 { ex:a ex:p ?o } }"), Bag({"ex:d"}));
  EXPECT_EQ(q.Select("SELECT ?g ?v WHERE { GRAPH ?g { ex:a ex:p ?o . ?o ex:q ?v } }"), Bag({"ex:g1 1", "ex:g2 2"}));
  EXPECT_EQ(q.Select("SELECT ?g WHERE { GRAPH ?g { } }"), Bag({"ex:g1", "ex:g2"}));
  EXPECT_EQ(q.Select("SELECT ?o WHERE { GRAPH ex:nope { ex:a ex:p ?o } }"), Bag({}));
}

TEST(QueryTest, FromAndFromNamed) {
  QueryDb q(R"(
    ex:a ex:p ex:b .
    ex:g1 { ex:a ex:p ex:c . ex:x ex:p ex:y . }
    ex:g2 { ex:a ex:p ex:c . ex:a ex:p ex:d . }
  )");
  // FROM merges the graphs into the default graph: ex:a ex:p ex:c once.
  EXPECT_EQ(q.Select("SELECT ?o FROM ex:g1 FROM ex:g2 WHERE { ex:a ex:p ?o }"), Bag({"ex:c", "ex:d"}));
  EXPECT_EQ(q.Select("SELECT ?o FROM ex:g2 WHERE { ?s ex:p ?o }"), Bag({"ex:c", "ex:d"}));
  // FROM NAMED alone: the default graph is empty, GRAPH sees only those.
  EXPECT_EQ(q.Select("SELECT ?o FROM NAMED ex:g1 WHERE { ex:a ex:p ?o }"), Bag({}));
  EXPECT_EQ(q.Select("SELECT ?g ?o FROM NAMED ex:g1 WHERE { GRAPH ?g { ex:a ex:p ?o } }"), Bag({"ex:g1 ex:c"}));
  EXPECT_EQ(q.Select("SELECT ?o FROM NAMED ex:g1 WHERE { GRAPH ex:g2 { ex:a ex:p ?o } }"), Bag({}));
  EXPECT_EQ(q.Select("SELECT ?o FROM ex:missing WHERE { ?s ex:p ?o }"), Bag({}));
}

TEST(QueryTest, PropertyPaths) {
  QueryDb q(R"(
    ex:a ex:next ex:b . ex:b ex:next ex:c . ex:c ex:next ex:a .
    ex:c ex:next ex:d . ex:d ex:label "d" .
    ex:x ex:other ex:y .
  )");
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:a ex:next+ ?x }"), Bag({"ex:a", "ex:b", "ex:c", "ex:d"}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:d ex:next* ?x }"), Bag({"ex:d"}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:d ex:next+ ?x }"), Bag({}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ?x ex:next+ ex:d }"), Bag({"ex:a", "ex:b", "ex:c"}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:a ex:next? ?x }"), Bag({"ex:a", "ex:b"}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:a ex:next/ex:next ?x }"), Bag({"ex:c"}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:b ^ex:next ?x }"), Bag({"ex:a"}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:c ex:next|ex:label ?x }"), Bag({"ex:a", "ex:d"}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:c ex:next/ex:label ?x }"), Bag({"\"d\""}));
  EXPECT_TRUE(q.Ask("ASK { ex:a ex:next* ex:d }"));
  EXPECT_FALSE(q.Ask("ASK { ex:d ex:next* ex:a }"));
  EXPECT_TRUE(q.Ask("ASK { ex:zzz ex:next* ex:zzz }"));  // zero-length path
  // Cycles: each node reaches itself with +.
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ?x ex:next+ ?x }"), Bag({"ex:a", "ex:b", "ex:c"}));
  // Both ends free: every node of the graph (7, with the literal) to
  // itself, and ex:x to ex:y.
  EXPECT_EQ(q.Select("SELECT ?s ?o WHERE { ?s ex:other* ?o }").size(), 7u + 1u);
  EXPECT_EQ(q.Select("SELECT ?s ?o WHERE { ?s ex:next+ ?o }").size(), 3u * 4u);
  // Negated property sets.
  EXPECT_EQ(q.Select("SELECT ?o WHERE { ex:d !ex:next ?o }"), Bag({"\"d\""}));
  EXPECT_EQ(q.Select("SELECT ?o WHERE { ex:c !(ex:label) ?o }"), Bag({"ex:a", "ex:d"}));
  EXPECT_EQ(q.Select("SELECT ?o WHERE { ex:d !(ex:label|^ex:other) ?o }"), Bag({"ex:c"}));
  // Nested repetition over a sequence.
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:a (ex:next/ex:next)* ?x }"), Bag({"ex:a", "ex:c", "ex:b", "ex:d"}));
}

TEST(QueryTest, PathInsideGraph) {
  QueryDb q(R"(
    ex:g1 { ex:a ex:n ex:b . ex:b ex:n ex:c . }
    ex:g2 { ex:a ex:n ex:z . }
  )");
  EXPECT_EQ(q.Select("SELECT ?g ?x WHERE { GRAPH ?g { ex:a ex:n+ ?x } }"),
            Bag({"ex:g1 ex:b", "ex:g1 ex:c", "ex:g2 ex:z"}));
  EXPECT_EQ(q.Select("SELECT ?x WHERE { ex:a ex:n+ ?x }"), Bag({}));
}

TEST(QueryTest, AskConstructDescribe) {
  QueryDb q(kPeople);
  EXPECT_TRUE(q.Ask("ASK { ex:alice ex:knows ex:bob }"));
  EXPECT_FALSE(q.Ask("ASK { ex:bob ex:knows ex:alice }"));
  EXPECT_EQ(q.Triples("CONSTRUCT { ?b ex:knownBy ?a } WHERE { ?a ex:knows ?b FILTER(?a = ex:alice) }"),
            Bag({"ex:bob ex:knownBy ex:alice", "ex:carol ex:knownBy ex:alice"}));
  // Duplicate triples come once; unbound template positions are skipped.
  EXPECT_EQ(q.Triples("CONSTRUCT { ex:x ex:has ?n } WHERE { ?p ex:age ?a OPTIONAL { ?p ex:nick ?n } }"), Bag({}));
  EXPECT_EQ(q.Triples("CONSTRUCT { ?p a ex:Person } WHERE { ?p ex:knows ?o }"),
            Bag({"ex:alice <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ex:Person",
                 "ex:bob <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ex:Person",
                 "ex:carol <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ex:Person"}));
  EXPECT_EQ(q.Triples("CONSTRUCT WHERE { ex:dave ?p ?o }"), Bag({"ex:dave ex:name \"Dave\""}));
  // Blank nodes in the template are fresh per solution.
  EXPECT_EQ(q.Triples("CONSTRUCT { [] ex:about ?p } WHERE { ?p ex:age ?a }").size(), 3u);
  EXPECT_EQ(q.Triples("DESCRIBE ex:dave"), Bag({"ex:dave ex:name \"Dave\""}));
  EXPECT_EQ(q.Triples("DESCRIBE ?p WHERE { ?p ex:age 25 }"),
            Bag({"ex:bob ex:knows ex:carol", "ex:bob ex:age 25", "ex:bob ex:name \"Bob\""}));
}

TEST(QueryTest, DescribeFollowsBlankNodes) {
  QueryDb q(R"(ex:a ex:addr [ ex:city "Paris" ; ex:zip [ ex:code "75" ] ] . ex:b ex:p ex:c .)");
  EXPECT_EQ(q.Triples("DESCRIBE ex:a").size(), 4u);
}

TEST(QueryTest, ExistsAndNotExists) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.Select("SELECT ?p WHERE { ?p ex:age ?a FILTER EXISTS { ?p ex:name ?n } }"),
            Bag({"ex:alice", "ex:bob"}));
  EXPECT_EQ(q.Select("SELECT ?p WHERE { ?p ex:age ?a FILTER NOT EXISTS { ?p ex:name ?n } }"), Bag({"ex:carol"}));
  // Outer variables are substituted inside the EXISTS pattern's filters.
  EXPECT_EQ(q.Select("SELECT ?p WHERE { ?p ex:age ?a FILTER EXISTS { ?q ex:age ?b FILTER(?b > ?a) } }"),
            Bag({"ex:alice", "ex:bob"}));
}

TEST(QueryTest, BlankNodesInPatternsAreVariables) {
  QueryDb q(kPeople);
  EXPECT_EQ(q.Select("SELECT * WHERE { _:x ex:knows ?o . _:x ex:age 25 }"), Bag({"ex:carol"}));
  EXPECT_EQ(q.Select("SELECT ?n WHERE { [ ex:age 30 ] ex:name ?n }"), Bag({"\"Alice\""}));
}

TEST(QueryTest, SelectStarHidesHelperVariables) {
  QueryDb q(kPeople);
  QueryOptions o;
  o.prefixes["ex"] = test::kEx;
  QueryResult r = q.db().Query("SELECT * WHERE { ?a ex:knows/ex:knows ?c }", o);
  EXPECT_EQ(r.variables(), (std::vector<std::string>{"a", "c"}));
}

TEST(QueryTest, SyntaxErrorsCarryPositionAndCaret) {
  QueryDb q(kPeople);
  try {
    q.db().Query("SELECT ?x\nWHERE { ?x ?y }");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kSyntax);
    EXPECT_EQ(e.where().source, "<query>");
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_GT(e.where().column, 1u);
    const std::string m = e.message();
    ASSERT_NE(m.find('\n'), std::string::npos) << m;
    EXPECT_EQ(m.back() == '^' || m.substr(m.rfind('\n') + 1).find('^') != std::string::npos, true) << m;
    EXPECT_NE(m.find("WHERE { ?x ?y }"), std::string::npos) << m;
  }
}

TEST(QueryTest, ServiceIsRefused) {
  QueryDb q(kPeople);
  try {
    q.db().Query("SELECT * WHERE { SERVICE <http://remote/sparql> { ?s ?p ?o } }");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(e.message().find("SERVICE"), std::string::npos);
    EXPECT_NE(e.message().find("http://remote/sparql"), std::string::npos);
  }
}

TEST(QueryTest, ExplainShowsTreeWithEstimatesAndAnalyzeActuals) {
  QueryDb q(kPeople);
  QueryOptions o;
  o.prefixes["ex"] = test::kEx;
  const std::string plan = q.db().Explain("SELECT ?a ?c WHERE { ?a ex:knows ?b . ?b ex:knows ?c }", false, o);
  EXPECT_NE(plan.find("Project"), std::string::npos) << plan;
  EXPECT_NE(plan.find("  IndexScan"), std::string::npos) << plan;
  EXPECT_NE(plan.find("(est "), std::string::npos) << plan;
  EXPECT_EQ(plan.find("actual"), std::string::npos) << plan;
  const std::string analyzed = q.db().Explain("SELECT ?a ?c WHERE { ?a ex:knows ?b . ?b ex:knows ?c }", true, o);
  EXPECT_NE(analyzed.find("actual 3 rows"), std::string::npos) << analyzed;
  EXPECT_NE(analyzed.find(" ms"), std::string::npos) << analyzed;
}

}  // namespace
}  // namespace corridor
