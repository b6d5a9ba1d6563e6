// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The plan cache: a query run again on unchanged data reuses its plan and
// gives the same results (DESCRIBE too); a write, a failed run or a
// volatile function keep a plan from being reused; concurrent runs each
// get a plan of their own.
#include "engine/plan_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "corridor/error.h"
#include "engine/database_impl.h"
#include "query_test_util.h"

namespace corridor {
namespace {

using test::QueryDb;

std::string Data() {
  std::string ttl;
  for (int i = 0; i < 300; ++i) {
    ttl += "ex:s" + std::to_string(i) + " ex:p " + std::to_string(i % 17) + " ; ex:name \"n" + std::to_string(i) +
           "\" .\n";
  }
  return ttl;
}

std::size_t Kept(QueryDb& db) { return db.db().impl().plan_cache()->size(); }

TEST(PlanCacheTest, ARunAgainReusesThePlanWithTheSameResults) {
  QueryDb db(Data());
  const std::vector<std::string> queries = {
      "SELECT ?s ?v WHERE { ?s ex:p ?v FILTER(?v > 10) }",
      "SELECT ?v (COUNT(*) AS ?n) WHERE { ?s ex:p ?v } GROUP BY ?v ORDER BY DESC(?n) ?v",
      "SELECT DISTINCT ?v WHERE { ?s ex:p ?v } ORDER BY ?v LIMIT 5 OFFSET 2",
      // Terms computed at run time (the local vocabulary is reset between runs).
      "SELECT ?s ?x WHERE { ?s ex:name ?n BIND(CONCAT(?n, \"-\", STR(?s)) AS ?x) } ORDER BY ?x LIMIT 20",
      "SELECT * WHERE { ?a ex:p ?v . ?b ex:p ?v FILTER(?a != ?b) } LIMIT 50",
      "SELECT * WHERE { ?s ex:p 3 OPTIONAL { ?s ex:name ?n } MINUS { ?s ex:name \"n3\" } }",
  };
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const std::string& q = queries[i];
    const auto first = db.Select(q);
    EXPECT_FALSE(first.empty()) << q;
    EXPECT_EQ(Kept(db), i + 1) << q;  // given back when the result was done
    for (int run = 0; run < 3; ++run) EXPECT_EQ(db.Select(q), first) << q << " run " << run;
    EXPECT_EQ(Kept(db), i + 1) << q;  // the same plan, taken and given back
  }
  // ASK and CONSTRUCT too.
  EXPECT_EQ(db.Ask("ASK { ex:s5 ex:p 5 }"), true);
  EXPECT_EQ(db.Ask("ASK { ex:s5 ex:p 5 }"), true);
  EXPECT_EQ(db.Ask("ASK { ex:s5 ex:p 6 }"), false);
  const auto graph = db.Triples("CONSTRUCT { ?s ex:q ?v } WHERE { ?s ex:p ?v FILTER(?v = 2) }");
  EXPECT_EQ(graph.size(), 18u);
  EXPECT_EQ(db.Triples("CONSTRUCT { ?s ex:q ?v } WHERE { ?s ex:p ?v FILTER(?v = 2) }"), graph);
}

TEST(PlanCacheTest, AWriteMakesKeptPlansStale) {
  QueryDb db(Data());
  const std::string q = "SELECT ?s WHERE { ?s ex:p 16 } ORDER BY ?s";
  const auto before = db.Select(q);
  EXPECT_EQ(Kept(db), 1u);
  db.db().Update("PREFIX ex: <http://example.org/> INSERT DATA { ex:new ex:p 16 . ex:other ex:p 16 }");
  const auto after = db.Select(q);
  EXPECT_EQ(after.size(), before.size() + 2);
  EXPECT_EQ(after.count("ex:new"), 1u);
  EXPECT_EQ(Kept(db), 1u);  // the stale plan dropped, the new one kept
  // A constant that was not in the dictionary when the plan was made.
  EXPECT_TRUE(db.Select("SELECT ?s WHERE { ?s ex:p ex:later }").empty());
  db.db().Update("PREFIX ex: <http://example.org/> INSERT DATA { ex:x ex:p ex:later }");
  EXPECT_EQ(db.Select("SELECT ?s WHERE { ?s ex:p ex:later }"), test::Bag({"ex:x"}));
}

TEST(PlanCacheTest, AResultReadHalfWayRunsAgainFromTheStart) {
  QueryDb db(Data());
  const std::string q = "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:p ?v } ORDER BY ?s";
  {
    QueryResult r = db.db().Query(q);
    std::vector<std::optional<Term>> row;
    for (int i = 0; i < 7; ++i) ASSERT_TRUE(r.Next(&row));
  }
  EXPECT_EQ(Kept(db), 1u);
  QueryResult r = db.db().Query(q);
  std::vector<std::optional<Term>> row;
  int n = 0;
  while (r.Next(&row)) ++n;
  EXPECT_EQ(n, 300);
}

TEST(PlanCacheTest, FailedRunsAndVolatileFunctionsAreNotKept) {
  QueryDb db(Data());
  // Cancelled during its run: not kept.
  auto cancel = std::make_shared<CancelToken>();
  cancel->Cancel();
  QueryOptions o;
  o.cancel = cancel;
  {
    QueryResult r = db.db().Query("PREFIX ex: <http://example.org/> SELECT * WHERE { ?a ex:p ?v . ?b ex:p ?v }", o);
    std::vector<std::optional<Term>> row;
    EXPECT_THROW(while (r.Next(&row)) {}, Error);
  }
  EXPECT_EQ(Kept(db), 0u);
  for (const std::string q : {"SELECT (NOW() AS ?t) WHERE {}", "SELECT (rand () AS ?r) WHERE {}",
                              "SELECT (STRUUID() AS ?u) WHERE {}", "SELECT (BNODE() AS ?b) WHERE {}"}) {
    db.Select(q);
    EXPECT_EQ(Kept(db), 0u) << q;
  }
  EXPECT_FALSE(internal::PlanCache::Cacheable("SELECT * { BIND(Now( ) AS ?t) }"));
  EXPECT_TRUE(internal::PlanCache::Cacheable("SELECT * { <http://x/now> <http://x/brand> ?o }"));
}

TEST(PlanCacheTest, DescribeRunsAgainWithTheSameDescriptions) {
  QueryDb db(Data() + "ex:s1 ex:knows [ ex:name \"anon\" ] .\n");
  for (const std::string q : {"DESCRIBE ex:s1", "DESCRIBE ?s ex:s2 WHERE { ?s ex:p 16 }"}) {
    const auto first = db.Triples(q);
    EXPECT_FALSE(first.empty()) << q;
    for (int run = 0; run < 3; ++run) EXPECT_EQ(db.Triples(q), first) << q;
  }
  EXPECT_EQ(db.Triples("DESCRIBE ex:s1").count("_:b ex:name \"anon\""), 1u);  // the blank node's triples too
  EXPECT_EQ(Kept(db), 2u);
}

TEST(PlanCacheTest, ConcurrentRunsOfOneQueryEachGetAPlan) {
  QueryDb db(Data());
  const std::string q = "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:p 4 }";
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        QueryResult r = db.db().Query(q);
        std::vector<std::optional<Term>> row;
        int n = 0;
        while (r.Next(&row)) ++n;
        if (n != 18) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GE(Kept(db), 1u);
  EXPECT_LE(Kept(db), 4u);
}

TEST(PlanCacheTest, KeepsAtMostItsCapacityAndCanBeOff) {
  QueryDb db(Data());
  const std::size_t capacity = db.db().impl().plan_cache()->capacity();
  for (std::size_t i = 0; i < capacity + 10; ++i) db.Select("SELECT ?s WHERE { ?s ex:p " + std::to_string(i % 17) + " } LIMIT " + std::to_string(i + 1));
  EXPECT_EQ(Kept(db), capacity);
  test::TempDir dir;
  Options off;
  off.plan_cache_entries = 0;
  auto plain = Database::Open(dir.path() / "db", off);
  EXPECT_EQ(plain->impl().plan_cache(), nullptr);
  plain->Update("INSERT DATA { <http://a> <http://p> 1 }");
  QueryResult r = plain->Query("SELECT * { ?s ?p ?o }");
  std::vector<std::optional<Term>> row;
  EXPECT_TRUE(r.Next(&row));
}

}  // namespace
}  // namespace corridor
