// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Database::Update end to end: every operation, sequencing within a
// request, atomicity, LOAD's folder checks, errors, statistics.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>

#include "corridor/database.h"
#include "storage/overlay.h"
#include "test_util.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::WriteFile;

class UpdateTest : public ::testing::Test {
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

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(UpdateTest, InsertDataThenDeleteWhereInOneRequestLeavesNothing) {
  auto r = db_->Update("INSERT DATA { <http://a> <http://p> 1 } ; DELETE WHERE { <http://a> <http://p> ?x }");
  EXPECT_EQ(r.operations, 2u);
  EXPECT_EQ(r.quads_inserted, 0u);
  EXPECT_EQ(r.quads_deleted, 0u);
  EXPECT_TRUE(Quads().empty());
  EXPECT_EQ(db_->GetStatistics().quads, 0u);
}

// The pending changes of a request live in memory: the memory budget bounds
// them, with a clear error and nothing changed, instead of the process
// running out of memory.
TEST_F(UpdateTest, ChangesBeyondTheMemoryBudgetAreRefusedWhole) {
  db_.reset();
  Options o;
  o.memory_budget_bytes = 100 * storage::WriteOverlay::kPeakBytesPerChange;  // 100 changes
  db_ = Database::Open(dir_.path() / "small", o);
  auto insert = [](int from, int to) {
    std::string text = "INSERT DATA {";
    for (int i = from; i < to; ++i) text += " <http://s" + std::to_string(i) + "> <http://p> " + std::to_string(i) + " .";
    return text + " }";
  };
  EXPECT_EQ(db_->Update(insert(0, 80)).quads_inserted, 80u);
  try {
    db_->Update(insert(80, 200));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kResourceLimit);
    EXPECT_NE(std::string(e.what()).find("more than 100 quads"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db_->GetStatistics().quads, 80u);
  // Deletions count too; changes that cancel out do not.
  try {
    db_->Update("DELETE WHERE { ?s <http://p> ?o } ; " + insert(1000, 1030));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kResourceLimit);
  }
  EXPECT_EQ(db_->GetStatistics().quads, 80u);
  EXPECT_EQ(db_->Update(insert(80, 150) + " ; " + "DELETE DATA { <http://s80> <http://p> 80 }").quads_inserted, 69u);
  EXPECT_EQ(db_->GetStatistics().quads, 149u);
}

TEST_F(UpdateTest, LaterOperationsSeeNewTermsOfEarlierOnes) {
  db_->Update(
      "PREFIX : <http://ex/> INSERT DATA { :a :p :newterm . :newterm :q \"lit\" } ;"
      "INSERT { ?o :r ?l } WHERE { :a :p ?o . ?o :q ?l }");
  EXPECT_EQ(Count("<http://ex/newterm> <http://ex/r> \"lit\""), 1u);
  EXPECT_EQ(db_->GetStatistics().quads, 3u);
}

TEST_F(UpdateTest, DeleteDataAndStatistics) {
  db_->Update("INSERT DATA { <http://s> <http://p> <http://o1>, <http://o2> . GRAPH <http://g> { <http://s> <http://p> <http://o1> } }");
  auto stats = db_->GetStatistics();
  EXPECT_EQ(stats.quads, 3u);
  ASSERT_EQ(stats.predicates.size(), 1u);
  EXPECT_EQ(stats.predicates[0].distinct_objects, 2u);
  auto r = db_->Update("DELETE DATA { <http://s> <http://p> <http://o2> . <http://s> <http://p> <http://nope> }");
  EXPECT_EQ(r.quads_deleted, 1u);
  stats = db_->GetStatistics();
  EXPECT_EQ(stats.quads, 2u);
  EXPECT_EQ(stats.predicates[0].distinct_objects, 1u);
  EXPECT_EQ(stats.predicates[0].distinct_subjects, 1u);
  ASSERT_EQ(stats.graphs.size(), 2u);
  db_->Update("DROP GRAPH <http://g>");
  stats = db_->GetStatistics();
  EXPECT_EQ(stats.graphs.size(), 1u);
  EXPECT_EQ(stats.quads, 1u);
}

TEST_F(UpdateTest, ModifyWithWithAndBlankNodesFreshPerSolution) {
  db_->Update(
      "PREFIX : <http://ex/> INSERT DATA { GRAPH :g { :a :age 1 . :b :age 2 } }");
  auto r = db_->Update(
      "PREFIX : <http://ex/> WITH :g DELETE { ?s :age ?a } INSERT { ?s :age ?b . ?s :info [ :was ?a ] } "
      "WHERE { ?s :age ?a BIND(?a + 10 AS ?b) }");
  EXPECT_EQ(r.quads_deleted, 2u);
  EXPECT_EQ(r.quads_inserted, 6u);
  EXPECT_EQ(Count("GRAPH <http://ex/g> { ?s <http://ex/age> ?a FILTER(?a > 10) }"), 2u);
  EXPECT_EQ(Count("GRAPH <http://ex/g> { ?s <http://ex/info> ?x }"), 2u);
  EXPECT_EQ(Count("SELECT DISTINCT ?x { GRAPH <http://ex/g> { ?s <http://ex/info> ?x } }"), 2u);
  EXPECT_EQ(Count("?s ?p ?o"), 0u);  // the default graph is untouched
}

TEST_F(UpdateTest, ABlankNodeValueIsOneNodeWithinASolution) {
  db_->Update("PREFIX : <http://ex/> INSERT { ?b :p 1 . ?b :q 2 } WHERE { VALUES ?x { 1 2 } BIND(BNODE() AS ?b) }");
  EXPECT_EQ(Count("?b <http://ex/p> 1 . ?b <http://ex/q> 2"), 2u);
  EXPECT_EQ(Count("SELECT DISTINCT ?b { ?b ?p ?o }"), 2u);
}

TEST_F(UpdateTest, UsingSetsTheWhereDatasetOnly) {
  db_->Update("PREFIX : <http://ex/> INSERT DATA { GRAPH :g { :a :p 1 } :b :p 2 }");
  db_->Update("PREFIX : <http://ex/> INSERT { ?s :q ?o } USING :g WHERE { ?s :p ?o }");
  EXPECT_EQ(Count("<http://ex/a> <http://ex/q> 1"), 1u);
  EXPECT_EQ(Count("<http://ex/b> <http://ex/q> 2"), 0u);
}

TEST_F(UpdateTest, GraphManagementOperations) {
  db_->Update(
      "PREFIX : <http://ex/> INSERT DATA { :d :p 0 . GRAPH :g1 { :a :p 1 } GRAPH :g2 { :b :p 2 } }");
  db_->Update("PREFIX : <http://ex/> ADD :g1 TO :g2");
  EXPECT_EQ(Count("GRAPH <http://ex/g2> { ?s ?p ?o }"), 2u);
  db_->Update("PREFIX : <http://ex/> COPY DEFAULT TO :g1");
  EXPECT_EQ(Count("GRAPH <http://ex/g1> { ?s ?p ?o }"), 1u);
  EXPECT_EQ(Count("GRAPH <http://ex/g1> { <http://ex/d> ?p ?o }"), 1u);
  db_->Update("PREFIX : <http://ex/> MOVE :g2 TO :g3");
  EXPECT_EQ(Count("GRAPH <http://ex/g2> { ?s ?p ?o }"), 0u);
  EXPECT_EQ(Count("GRAPH <http://ex/g3> { ?s ?p ?o }"), 2u);
  EXPECT_THROW(db_->Update("PREFIX : <http://ex/> CREATE GRAPH :g3"), Error);
  db_->Update("PREFIX : <http://ex/> CREATE SILENT GRAPH :g3");
  EXPECT_THROW(db_->Update("PREFIX : <http://ex/> MOVE :nothing TO :g3"), Error);
  db_->Update("PREFIX : <http://ex/> MOVE SILENT :nothing TO :g3");
  EXPECT_EQ(Count("GRAPH <http://ex/g3> { ?s ?p ?o }"), 2u);
  db_->Update("CLEAR NAMED");
  EXPECT_EQ(Count("GRAPH ?g { ?s ?p ?o }"), 0u);
  EXPECT_EQ(Count("?s ?p ?o"), 1u);
  db_->Update("DROP ALL");
  EXPECT_TRUE(Quads().empty());
  EXPECT_EQ(db_->GetStatistics().quads, 0u);
  EXPECT_TRUE(db_->GetStatistics().predicates.empty());
}

TEST_F(UpdateTest, FailingOperationLeavesTheDatabaseUnchanged) {
  db_->Update("INSERT DATA { <http://a> <http://p> 1 }");
  const auto before = Quads();
  const auto terms_before = db_->GetStatistics().distinct_terms;
  UpdateOptions o;
  o.load_allowed_dirs = {dir_.path()};
  try {
    db_->Update(
        "INSERT DATA { <http://b> <http://p> <http://brand-new> } ; DELETE DATA { <http://a> <http://p> 1 } ;"
        "LOAD <file://" + (dir_.path() / "missing.ttl").string() + ">",
        o);
    FAIL() << "LOAD of a missing file succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo) << e.what();
  }
  EXPECT_EQ(Quads(), before);
  EXPECT_EQ(db_->GetStatistics().distinct_terms, terms_before);
  EXPECT_EQ(db_->GetStatistics().quads, 1u);
  // With SILENT the other operations take effect.
  db_->Update("INSERT DATA { <http://b> <http://p> 2 } ; LOAD SILENT <file://" +
                  (dir_.path() / "missing.ttl").string() + ">",
              o);
  EXPECT_EQ(Quads().size(), 2u);
}

// The dictionary's terms are kept across queries (storage/term_cache.h),
// which is only right while an id stands for one term for good: the ids a
// failed request handed out, and read during it, are handed out again to
// other terms by the next one.
TEST_F(UpdateTest, IdsOfAFailedRequestAreReusedWithoutStaleTerms) {
  db_->Update("INSERT DATA { <http://a> <http://p> 1 }");
  UpdateOptions o;
  o.load_allowed_dirs = {dir_.path()};
  EXPECT_THROW(db_->Update("INSERT DATA { <http://b> <http://p> \"pending\" } ;"
                           "INSERT { <http://c> <http://p> ?o } WHERE { <http://b> <http://p> ?o "
                           "FILTER(STR(?o) = \"pending\") } ;"
                           "LOAD <file://" + (dir_.path() / "missing.ttl").string() + ">",
                           o),
               Error);
  db_->Update("INSERT DATA { <http://d> <http://p> \"committed\" . <http://e> <http://p> \"also\" }");
  // Read twice: the first read fills the cache, the second reads it.
  for (int i = 0; i < 2; ++i) {
    auto r = db_->Query("SELECT ?s ?o { ?s <http://p> ?o } ORDER BY ?s");
    std::vector<std::string> got;
    std::vector<std::optional<Term>> row;
    while (r.Next(&row)) got.push_back(row[0]->value + " " + row[1]->value);
    EXPECT_EQ(got, (std::vector<std::string>{"http://a 1", "http://d committed", "http://e also"}));
  }
}

TEST_F(UpdateTest, ReadersOnAnOlderSnapshotSeeTheOldState) {
  db_->Update("INSERT DATA { <http://a> <http://p> 1 }");
  auto cursor = db_->Match({});
  auto result = db_->Query("SELECT * { ?s ?p ?o }");
  db_->Update("DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <http://b> <http://p> 2 }");
  Quad q;
  ASSERT_TRUE(cursor.Next(&q));
  EXPECT_EQ(q.subject, Term::Iri("http://a"));
  EXPECT_FALSE(cursor.Next(&q));
  std::vector<std::optional<Term>> row;
  ASSERT_TRUE(result.Next(&row));
  EXPECT_EQ(*row[0], Term::Iri("http://a"));
  EXPECT_EQ(Quads(), (std::set<std::string>{"<http://b> <http://p> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> ."}));
}

TEST_F(UpdateTest, ConcurrentReadersNeverSeeHalfARequest) {
  // Each request replaces every value by its successor: always 10 quads,
  // all with the same value.
  std::string data = "INSERT DATA {";
  for (int i = 0; i < 10; ++i) data += " <http://s" + std::to_string(i) + "> <http://p> 0 .";
  db_->Update(data + " }");
  std::atomic<bool> done{false};
  std::atomic<int> bad{0}, reads{0};
  std::thread reader([&] {
    while (!done) {
      auto r = db_->Query("SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?d) { ?s <http://p> ?o }");
      std::vector<std::optional<Term>> row;
      if (!r.Next(&row) || row[0]->value != "10" || row[1]->value != "1") ++bad;
      ++reads;
    }
  });
  for (int i = 0; i < 30; ++i) {
    db_->Update("DELETE { ?s <http://p> ?o } INSERT { ?s <http://p> ?n } WHERE { ?s <http://p> ?o BIND(?o + 1 AS ?n) }");
  }
  done = true;
  reader.join();
  EXPECT_EQ(bad, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(Count("?s <http://p> 30"), 10u);
  const auto stats = db_->GetStatistics();
  ASSERT_EQ(stats.predicates.size(), 1u);
  EXPECT_EQ(stats.predicates[0].quads, 10u);
  EXPECT_EQ(stats.predicates[0].distinct_subjects, 10u);
  EXPECT_EQ(stats.predicates[0].distinct_objects, 1u);
}

TEST_F(UpdateTest, CreateOfAGraphMadeEarlierInTheRequestFailsAndUndoesIt) {
  EXPECT_THROW(db_->Update("INSERT DATA { GRAPH <http://g> { <http://a> <http://p> 1 } } ; CREATE GRAPH <http://g>"),
               Error);
  EXPECT_TRUE(Quads().empty());
  db_->Update("CREATE GRAPH <http://g> ; INSERT DATA { GRAPH <http://g> { <http://a> <http://p> 1 } }");
  EXPECT_EQ(Quads().size(), 1u);
}

TEST_F(UpdateTest, LoadReadsAllowedFilesOnly) {
  const fs::path data = dir_.path() / "data";
  fs::create_directories(data);
  WriteFile(data / "d.ttl", "<http://x> <http://y> _:b1 . _:b1 <http://y> 2 .\n");
  WriteFile(dir_.path() / "secret.nt", "<http://s> <http://s> <http://s> .\n");
  fs::create_symlink(dir_.path() / "secret.nt", data / "link.nt");
  UpdateOptions o;
  o.load_allowed_dirs = {data};
  auto r = db_->Update("LOAD <file://" + (data / "d.ttl").string() + "> INTO GRAPH <http://g>", o);
  EXPECT_EQ(r.quads_inserted, 2u);
  EXPECT_EQ(Count("GRAPH <http://g> { <http://x> <http://y> ?b . ?b <http://y> 2 }"), 1u);
  for (const std::string& iri : {"file://" + (data / "link.nt").string(),
                                 "file://" + (data / ".." / "secret.nt").string(), std::string("http://example.org/x.ttl")}) {
    try {
      db_->Update("LOAD <" + iri + ">", o);
      FAIL() << iri;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << iri << ": " << e.what();
    }
  }
  EXPECT_EQ(Count("?s ?p ?o"), 0u);
}

TEST_F(UpdateTest, SyntaxErrorsNameTheUpdateLineAndColumn) {
  try {
    db_->Update("INSERT DATA { <http://a> <http://p> }");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kSyntax);
    EXPECT_EQ(e.where().source, "<update>");
    EXPECT_EQ(e.where().line, 1u);
    EXPECT_GT(e.where().column, 1u);
    EXPECT_NE(std::string(e.what()).find('^'), std::string::npos);
  }
}

TEST_F(UpdateTest, CancelledUpdateChangesNothing) {
  UpdateOptions o;
  o.cancel = std::make_shared<CancelToken>();
  o.cancel->Cancel();
  try {
    db_->Update("INSERT DATA { <http://a> <http://p> 1 }", o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCancelled);
  }
  EXPECT_TRUE(Quads().empty());
}

TEST_F(UpdateTest, TimedOutUpdateChangesNothing) {
  std::string data = "INSERT DATA {";
  for (int i = 0; i < 60; ++i) data += " <http://s" + std::to_string(i) + "> <http://p> " + std::to_string(i) + " .";
  db_->Update(data + " }");
  UpdateOptions o;
  o.timeout = std::chrono::milliseconds(1);
  try {
    // 216,000 solutions: far more than a millisecond's work.
    db_->Update("INSERT { ?a <http://q> ?c } WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f }", o);
    FAIL() << "no timeout";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCancelled) << e.what();
  }
  EXPECT_EQ(db_->GetStatistics().quads, 60u);
}

TEST_F(UpdateTest, ChangesSurviveReopening) {
  db_->Update("INSERT DATA { <http://a> <http://p> <http://o> } ; INSERT DATA { <http://a> <http://p> <http://o2> }");
  db_->Update("DELETE DATA { <http://a> <http://p> <http://o> }");
  db_.reset();
  db_ = Database::Open(dir_.path() / "db");
  EXPECT_EQ(Quads(), (std::set<std::string>{"<http://a> <http://p> <http://o2> ."}));
  EXPECT_EQ(db_->GetStatistics().quads, 1u);
}

}  // namespace
}  // namespace corridor
