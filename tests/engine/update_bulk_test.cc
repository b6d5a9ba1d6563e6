// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Database::Update on the bulk paths: DATA blocks encoded together, WHERE
// solutions kept as ids (computed values created as terms), templates
// applied as one batch, exact statistics after large rewrites.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "corridor/database.h"
#include "test_util.h"

namespace corridor {
namespace {

using test::TempDir;

class UpdateBulkTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = Database::Open(dir_.path() / "db"); }

  std::set<std::string> Quads() const {
    std::set<std::string> out;
    auto cursor = db_->Match({});
    Quad q;
    while (cursor.Next(&q)) out.insert(q.ToNQuads());
    return out;
  }
  std::uint64_t Count(const std::string& where) {
    auto r = db_->Query("SELECT (COUNT(*) AS ?n) WHERE { " + where + " }");
    std::vector<std::optional<Term>> row;
    EXPECT_TRUE(r.Next(&row));
    return std::stoull(row[0]->value);
  }
  // Per-predicate statistics equal counts recomputed by queries.
  void ExpectExactStatistics() {
    const Statistics stats = db_->GetStatistics();
    EXPECT_EQ(stats.quads, Count("{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"));
    for (const PredicateStatistics& p : stats.predicates) {
      const std::string pred = p.predicate.ToNTriples();
      const std::string all = "{ ?s " + pred + " ?o } UNION { GRAPH ?g { ?s " + pred + " ?o } }";
      EXPECT_EQ(p.quads, Count(all)) << pred;
      EXPECT_EQ(p.distinct_subjects, Count("SELECT DISTINCT ?s { " + all + " }")) << pred;
      EXPECT_EQ(p.distinct_objects, Count("SELECT DISTINCT ?o { " + all + " }")) << pred;
    }
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(UpdateBulkTest, DataBlocksKeepEveryTermAsWritten) {
  const char* data =
      "PREFIX : <http://ex/> INSERT DATA { :s :p \"Hi\"@EN-us , 42 , \"042\"^^<http://www.w3.org/2001/XMLSchema#integer> ,"
      " true , 1.50 , \"plain\" , :o ; a :C . GRAPH :g { :s :p :o } }";
  auto r = db_->Update(data);
  EXPECT_EQ(r.quads_inserted, 9u);
  const std::set<std::string> quads = Quads();
  EXPECT_TRUE(quads.count("<http://ex/s> <http://ex/p> \"Hi\"@en-us .")) << *quads.begin();
  EXPECT_TRUE(quads.count("<http://ex/s> <http://ex/p> \"042\"^^<http://www.w3.org/2001/XMLSchema#integer> ."));
  EXPECT_TRUE(quads.count("<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> ."));
  EXPECT_EQ(Count("<http://ex/s> <http://ex/p> 42"), 1u);
  ExpectExactStatistics();
  // The same block deleted (terms now stored: found by the sorted look-up).
  std::string del = data;
  del.replace(del.find("INSERT"), 6, "DELETE");
  r = db_->Update(del);
  EXPECT_EQ(r.quads_deleted, 9u);
  EXPECT_TRUE(Quads().empty());
  ExpectExactStatistics();
}

TEST_F(UpdateBulkTest, ComputedValuesBecomeTermsAndInvalidTriplesAreSkipped) {
  db_->Update("PREFIX : <http://ex/> INSERT DATA { :a :name \"ann\" . :b :name \"bob\" }");
  auto r = db_->Update(
      "PREFIX : <http://ex/> INSERT { ?s :greeting ?g . ?id :of ?s . ?s :len ?n . ?g :bad 1 . ?s ?g 2 } "
      "WHERE { ?s :name ?x BIND(CONCAT(\"hello \", ?x) AS ?g) BIND(IRI(CONCAT(\"http://ex/id/\", ?x)) AS ?id) "
      "BIND(STRLEN(?x) AS ?n) }");
  // Literal subjects and literal predicates are skipped: 3 quads a solution.
  EXPECT_EQ(r.quads_inserted, 6u);
  EXPECT_EQ(Count("<http://ex/a> <http://ex/greeting> \"hello ann\""), 1u);
  EXPECT_EQ(Count("<http://ex/id/bob> <http://ex/of> <http://ex/b>"), 1u);
  EXPECT_EQ(Count("<http://ex/b> <http://ex/len> 3"), 1u);
  ExpectExactStatistics();
  // The computed terms are in the dictionary and found again.
  r = db_->Update("PREFIX : <http://ex/> DELETE WHERE { ?s :greeting \"hello ann\" . <http://ex/id/ann> :of ?s }");
  EXPECT_EQ(r.quads_deleted, 2u);
  ExpectExactStatistics();
}

TEST_F(UpdateBulkTest, LargeRewriteKeepsStatisticsExact) {
  std::string data = "PREFIX : <http://ex/> INSERT DATA {\n";
  for (int i = 0; i < 3000; ++i) {
    data += ":s" + std::to_string(i % 700) + " :tel \"" + std::to_string(i % 1100) + "\" ; :n " +
            std::to_string(i) + " .\n";
  }
  data += "}";
  db_->Update(data);
  ExpectExactStatistics();
  auto r = db_->Update(
      "PREFIX : <http://ex/> DELETE { ?s :tel ?t } INSERT { ?s :phone ?t . ?t2 :phone ?s } "
      "WHERE { ?s :tel ?t FILTER(STRLEN(?t) < 3) BIND(?s AS ?t2) }");
  EXPECT_GT(r.quads_deleted, 0u);
  EXPECT_EQ(Count("?s <http://ex/tel> ?t FILTER(STRLEN(?t) < 3)"), 0u);
  ExpectExactStatistics();
  // Move everything into a graph and back.
  db_->Update("PREFIX : <http://ex/> MOVE DEFAULT TO :g");
  EXPECT_EQ(Count("?s ?p ?o"), 0u);
  ExpectExactStatistics();
  db_->Update("PREFIX : <http://ex/> ADD :g TO DEFAULT ; DROP GRAPH :g");
  ExpectExactStatistics();
  EXPECT_EQ(Count("GRAPH ?g { ?s ?p ?o }"), 0u);
}

}  // namespace
}  // namespace corridor
