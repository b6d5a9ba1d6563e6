// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Results stream: a small LIMIT reads about that many rows (the planner
// prefers pipelined joins under it), ORDER BY ... LIMIT keeps only the
// first rows (TopKSort), and CONSTRUCT / DESCRIBE give their first triples
// before the whole pattern is evaluated. Work is measured by the index
// entries read and by the per-query memory limit, never by time.
#include <gtest/gtest.h>

#include <regex>

#include "corridor/error.h"
#include "engine/database_impl.h"
#include "engine/query_result_impl.h"
#include "query_test_util.h"

namespace corridor {
namespace {

using test::QueryDb;

// `n` subjects ex:s<i> with ex:big ex:o<i % 50>, and a small ex:tag list.
std::string Data(int n) {
  std::string ttl;
  for (int i = 0; i < n; ++i) {
    ttl += "ex:s" + std::to_string(i) + " ex:big ex:o" + std::to_string(i % 50) + " ; ex:n " +
           std::to_string((i * 7919) % n) + " .\n";
  }
  return ttl;
}

struct Analyzed {
  std::uint64_t rows = 0, scanned = 0;
  std::string plan;
};

Analyzed Analyze(QueryDb& db, const std::string& query) {
  QueryOptions o;
  o.prefixes["ex"] = test::kEx;
  Analyzed a;
  a.plan = db.db().Explain(query, true, o);
  std::smatch m;
  EXPECT_TRUE(std::regex_search(a.plan, m, std::regex("([0-9]+) result rows, ([0-9]+) index entries read")))
      << a.plan;
  if (!m.empty()) {
    a.rows = std::stoull(m[1]);
    a.scanned = std::stoull(m[2]);
  }
  return a;
}

TEST(StreamingTest, SmallLimitOverAJoinReadsAboutThatManyRows) {
  QueryDb db(Data(20000));
  // Both scans come sorted on their object, so no merge join on ?s; without
  // a limit a hash join reads all 20000 entries of its build side first.
  Analyzed a = Analyze(db, "SELECT * WHERE { ?s ex:n ?n . ?s ex:big ?o } LIMIT 10");
  EXPECT_EQ(a.rows, 10u);
  EXPECT_LT(a.scanned, 100u) << a.plan;
  EXPECT_EQ(a.plan.find("HashJoin"), std::string::npos) << a.plan;
  // Three patterns: at most a batch (kBatchRows) from each pipelined input,
  // never the 20000 entries of a build side.
  a = Analyze(db, "SELECT * WHERE { ?s ex:n ?n . ?s ex:big ?o . ?t ex:big ?o } LIMIT 10");
  EXPECT_EQ(a.rows, 10u);
  EXPECT_LT(a.scanned, 3500u) << a.plan;
  // The streaming plan gives the same rows as the unlimited one.
  EXPECT_EQ(db.Select("SELECT ?s ?n WHERE { ?s ex:n ?n . ?s ex:big ex:o3 } LIMIT 1000"),
            db.Select("SELECT ?s ?n WHERE { ?s ex:n ?n . ?s ex:big ex:o3 }"));
}

TEST(StreamingTest, LimitInsideOptionalLeftSideStreams) {
  QueryDb db(Data(20000));
  Analyzed a = Analyze(db, "SELECT * WHERE { ?s ex:big ?o OPTIONAL { ?t ex:n ?s } } LIMIT 10");
  EXPECT_EQ(a.rows, 10u);
  EXPECT_LT(a.scanned, 200u) << a.plan;
}

TEST(StreamingTest, OrderByLimitUsesTopKSort) {
  QueryDb db(Data(3000));
  const std::string full_query = "SELECT ?s ?o WHERE { ?s ex:big ?o } ORDER BY DESC(?o) ?s";
  const std::vector<std::string> full = db.SelectOrdered(full_query);
  ASSERT_EQ(full.size(), 3000u);
  for (std::size_t k : {1u, 3u, 50u, 2999u, 3000u, 5000u}) {
    for (std::size_t offset : {0u, 2u, 60u}) {
      const std::string q = full_query + " LIMIT " + std::to_string(k) + " OFFSET " + std::to_string(offset);
      std::vector<std::string> expected;
      for (std::size_t i = offset; i < full.size() && i < offset + k; ++i) expected.push_back(full[i]);
      EXPECT_EQ(db.SelectOrdered(q), expected) << q;
    }
  }
  // Ties (many ?o are equal) keep the order a full sort gives them.
  const std::vector<std::string> by_o = db.SelectOrdered("SELECT ?s ?o WHERE { ?s ex:big ?o } ORDER BY ?o");
  const std::vector<std::string> top = db.SelectOrdered("SELECT ?s ?o WHERE { ?s ex:big ?o } ORDER BY ?o LIMIT 130");
  EXPECT_EQ(top, std::vector<std::string>(by_o.begin(), by_o.begin() + 130));
  Analyzed a = Analyze(db, "SELECT ?s WHERE { ?s ex:big ?o } ORDER BY ?o LIMIT 5");
  EXPECT_NE(a.plan.find("TopKSort top 5 by"), std::string::npos) << a.plan;
  EXPECT_EQ(a.plan.find("Sort ?o"), std::string::npos) << a.plan;
}

TEST(StreamingTest, TopKSortHoldsOnlyKRows) {
  QueryDb db(Data(20000));
  QueryOptions o;
  o.prefixes["ex"] = test::kEx;
  // A full sort of 20000 rows needs well over 256 KB; the top 10 do not.
  o.memory_limit_bytes = 256 * 1024;
  QueryResult r = db.db().Query("SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY DESC(?n) LIMIT 10", o);
  std::vector<std::optional<Term>> row;
  std::vector<std::string> got;
  while (r.Next(&row)) got.push_back(QueryDb::RowText(row));
  ASSERT_EQ(got.size(), 10u);
  EXPECT_EQ(got[0].substr(got[0].find(' ') + 1), "19999");
  EXPECT_EQ(got[9].substr(got[9].find(' ') + 1), "19990");
  // Without the LIMIT the same query exceeds the limit.
  QueryResult all = db.db().Query("SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY DESC(?n)", o);
  try {
    all.Next(&row);
    ADD_FAILURE() << "the full sort fitted in the memory limit";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kResourceLimit);
  }
}

// The first triple of CONSTRUCT / DESCRIBE, and the index entries read to get it.
std::pair<Quad, std::uint64_t> FirstTriple(QueryDb& db, const std::string& query) {
  QueryOptions o;
  o.prefixes["ex"] = test::kEx;
  internal::QueryResultImpl r(db.db().impl().store(), query, o);
  Quad q;
  EXPECT_TRUE(r.NextTriple(&q));
  return {q, r.context().scanned_rows()};
}

TEST(StreamingTest, ConstructAndDescribeStream) {
  QueryDb db(Data(20000));
  // The first triple costs about one batch of solutions (kBatchRows), not
  // the 20000 solutions (and, for DESCRIBE, 40000 described triples).
  EXPECT_LT(FirstTriple(db, "CONSTRUCT { ?s ex:r ?o } WHERE { ?s ex:big ?o }").second, 1500u);
  EXPECT_LT(FirstTriple(db, "DESCRIBE ?s WHERE { ?s ex:big ?o }").second, 1500u);
}

TEST(StreamingTest, ConstructDeduplicatesOnIdsWithinTheMemoryLimit) {
  QueryDb db(Data(20000));
  // 20000 solutions, 50 distinct triples.
  EXPECT_EQ(db.Triples("CONSTRUCT { ?o ex:r ex:x } WHERE { ?s ex:big ?o }").size(), 50u);
  // Template blank nodes are fresh per solution: nothing to deduplicate
  // across solutions, duplicates within one solution go.
  EXPECT_EQ(db.Triples("CONSTRUCT { _:b ex:r ?o . _:b ex:r ?o } WHERE { ?s ex:big ?o FILTER(?s IN (ex:s1, ex:s2)) }")
                .size(),
            2u);
  // A computed term equal to a stored one is the same triple.
  EXPECT_EQ(db.Triples("CONSTRUCT { ex:a ex:r ?x } WHERE { { ?s ex:big ?x } UNION "
                       "{ BIND(IRI(CONCAT(STR(ex:), \"o7\")) AS ?x) } }")
                .size(),
            50u);
  // The set of seen triples is charged to the query: 20000 distinct
  // triples do not fit in 256 KB, but the first ones stream out.
  QueryOptions o;
  o.prefixes["ex"] = test::kEx;
  o.memory_limit_bytes = 256 * 1024;
  QueryResult r = db.db().Query("CONSTRUCT { ?s ex:r ?o } WHERE { ?s ex:big ?o }", o);
  Quad q;
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(r.NextTriple(&q));
  try {
    while (r.NextTriple(&q)) {
    }
    ADD_FAILURE() << "20000 distinct triples fitted in 256 KB";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kResourceLimit);
  }
}

TEST(StreamingTest, DescribeFollowsBlankNodesOnce) {
  QueryDb db(R"(
    ex:a ex:p _:x . _:x ex:q _:y . _:y ex:r ex:a . _:y ex:s _:x .
    ex:b ex:p ex:a .
  )");
  EXPECT_EQ(db.Triples("DESCRIBE ex:a"),
            test::Bag({"ex:a ex:p _:b", "_:b ex:q _:b", "_:b ex:r ex:a", "_:b ex:s _:b"}));
  EXPECT_EQ(db.Triples("DESCRIBE ?x WHERE { ?x ex:p ?y }").size(), 5u);
}

}  // namespace
}  // namespace corridor
