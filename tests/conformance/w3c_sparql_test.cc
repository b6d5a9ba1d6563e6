// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The SPARQL test kinds of corridor-w3c on a small manifest of our own:
// syntax tests pass and fail as they should, skipped kinds say why.
#include "tests/conformance/w3c_sparql.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/test_util.h"

namespace corridor::conformance {
namespace {

class SparqlManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::WriteFile(dir_.path() / "good.rq", "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s");
    test::WriteFile(dir_.path() / "bad.rq", "SELECT * WHERE { ?s ?p }");
    test::WriteFile(dir_.path() / "good.ru", "INSERT DATA { <a> <b> <c> }");
    test::WriteFile(dir_.path() / "bad.ru", "INSERT DATA { ?s <b> <c> }");
    test::WriteFile(dir_.path() / "data.ttl", "<http://ex.org/a> <http://ex.org/b> 1 .");
    test::WriteFile(dir_.path() / "inserted.ttl", "<a> <b> <c> .");
    test::WriteFile(dir_.path() / "result.srj",
                    R"({"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": []}})");
    test::WriteFile(dir_.path() / "manifest.ttl", R"(
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#> .
@prefix qt: <http://www.w3.org/2001/sw/DataAccess/tests/test-query#> .
@prefix ut: <http://www.w3.org/2009/sparql/tests/test-update#> .
<> a mf:Manifest ; mf:entries (
  <#pos-ok> <#pos-bad> <#neg-ok> <#neg-bad> <#upd-pos-ok> <#upd-neg-ok> <#upd-pos-bad>
  <#neg-ru> <#eval> <#update-eval> <#update-eval-wrong> <#update-eval-graph> <#protocol> ) .
<#pos-ok> a mf:PositiveSyntaxTest11 ; mf:action <good.rq> .
<#pos-bad> a mf:PositiveSyntaxTest11 ; mf:action <bad.rq> .
<#neg-ok> a mf:NegativeSyntaxTest11 ; mf:action <bad.rq> .
<#neg-bad> a mf:NegativeSyntaxTest11 ; mf:action <good.rq> .
<#upd-pos-ok> a mf:PositiveUpdateSyntaxTest11 ; mf:action <good.ru> .
<#upd-neg-ok> a mf:NegativeUpdateSyntaxTest11 ; mf:action <bad.ru> .
<#upd-pos-bad> a mf:PositiveUpdateSyntaxTest11 ; mf:action <bad.ru> .
<#neg-ru> a mf:NegativeSyntaxTest11 ; mf:action <bad.ru> .
<#eval> a mf:QueryEvaluationTest ;
  mf:action [ qt:query <good.rq> ; qt:data <data.ttl> ] ; mf:result <result.srj> .
<#update-eval> a mf:UpdateEvaluationTest ; mf:action [ ut:request <good.ru> ; ut:data <data.ttl> ] ;
  mf:result [ ut:data <data.ttl> , <inserted.ttl> ] .
<#update-eval-wrong> a mf:UpdateEvaluationTest ; mf:action [ ut:request <good.ru> ] ;
  mf:result [ ut:data <data.ttl> ] .
<#update-eval-graph> a mf:UpdateEvaluationTest ; mf:action [ ut:request <good.ru> ] ;
  mf:result [ ut:graphData [ ut:graph <inserted.ttl> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "http://ex.org/g" ] ] .
<#protocol> a mf:ProtocolTest .
)");
    manifests_ = LoadManifests(dir_.path() / "manifest.ttl");
    for (const TestEntry& e : manifests_.at(0)->entries) {
      const std::string name = e.node.value.substr(e.node.value.rfind('#') + 1);
      ASSERT_TRUE(IsSparqlTest(e.type)) << name;
      outcomes_[name] = RunSparqlTest(e, dir_.path() / "scratch", {});
    }
  }

  TestOutcome::Status Status(const std::string& name) { return outcomes_.at(name).status; }
  const std::string& Reason(const std::string& name) { return outcomes_.at(name).reason; }

  test::TempDir dir_;
  std::vector<std::unique_ptr<Manifest>> manifests_;
  std::map<std::string, TestOutcome> outcomes_;
};

TEST_F(SparqlManifestTest, SyntaxTestsPassAndFailAsExpected) {
  EXPECT_EQ(Status("pos-ok"), TestOutcome::Status::kPass) << Reason("pos-ok");
  EXPECT_EQ(Status("neg-ok"), TestOutcome::Status::kPass) << Reason("neg-ok");
  EXPECT_EQ(Status("upd-pos-ok"), TestOutcome::Status::kPass) << Reason("upd-pos-ok");
  EXPECT_EQ(Status("upd-neg-ok"), TestOutcome::Status::kPass) << Reason("upd-neg-ok");
  // A .ru file under a plain syntax type is parsed as an update.
  EXPECT_EQ(Status("neg-ru"), TestOutcome::Status::kPass) << Reason("neg-ru");

  EXPECT_EQ(Status("pos-bad"), TestOutcome::Status::kFail);
  EXPECT_NE(Reason("pos-bad").find("rejected: line 1"), std::string::npos) << Reason("pos-bad");
  EXPECT_EQ(Status("neg-bad"), TestOutcome::Status::kFail);
  EXPECT_EQ(Reason("neg-bad"), "accepted an invalid query");
  EXPECT_EQ(Status("upd-pos-bad"), TestOutcome::Status::kFail);
}

TEST_F(SparqlManifestTest, UpdateEvaluationComparesTheWholeDataset) {
  EXPECT_EQ(Status("update-eval"), TestOutcome::Status::kPass) << Reason("update-eval");
  EXPECT_EQ(Status("update-eval-wrong"), TestOutcome::Status::kFail);
  EXPECT_NE(Reason("update-eval-wrong").find("dataset differs"), std::string::npos)
      << Reason("update-eval-wrong");
  // The right triple in the wrong graph.
  EXPECT_EQ(Status("update-eval-graph"), TestOutcome::Status::kFail);
}

TEST_F(SparqlManifestTest, SkippedKindsSayWhy) {
  EXPECT_EQ(Status("protocol"), TestOutcome::Status::kSkip);
  EXPECT_NE(Reason("protocol").find("HTTP"), std::string::npos);
  EXPECT_FALSE(IsSparqlTest("http://www.w3.org/ns/rdftest#TestTurtleEval"));
}

TEST_F(SparqlManifestTest, EvaluationRunsOrIsSkippedWithoutTheEngine) {
  if (SparqlEvaluationAvailable()) {
    // The data has one triple; the expected result has none.
    EXPECT_EQ(Status("eval"), TestOutcome::Status::kFail);
    EXPECT_NE(Reason("eval").find("expected 0 rows, got 1"), std::string::npos)
        << Reason("eval");
  } else {
    EXPECT_EQ(Status("eval"), TestOutcome::Status::kSkip);
    EXPECT_NE(Reason("eval").find("Database::Query"), std::string::npos);
  }
}

}  // namespace
}  // namespace corridor::conformance
