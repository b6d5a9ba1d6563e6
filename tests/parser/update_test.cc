// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// SPARQL 1.1 Update forms.
#include <gtest/gtest.h>

#include "parser/sparql_parser.hpp"
#include "parser_test_util.hpp"

namespace corridor::sparql {
namespace {

using testing::As;
using testing::Is;
using testing::Show;

std::string ShowQuad(const ast::Quad& q) {
  std::string out = Show(q.subject) + " " + Show(q.predicate) + " " + Show(q.object);
  if (q.graph) out += " @" + Show(*q.graph);
  return out;
}

TEST(UpdateTest, InsertAndDeleteData) {
  ast::Update u = ParseUpdate(
      "PREFIX ex: <http://ex/>\n"
      "INSERT DATA { ex:s ex:p 1 . GRAPH ex:g { ex:a ex:b 'c' } ex:t ex:p _:b }");
  ASSERT_EQ(u.operations.size(), 1u);
  const auto& insert = As<ast::InsertData>(u.operations[0]);
  ASSERT_EQ(insert.quads.size(), 3u);
  EXPECT_EQ(ShowQuad(insert.quads[1]), "<http://ex/a> <http://ex/b> \"c\" @<http://ex/g>");
  EXPECT_FALSE(insert.quads[2].graph);
  EXPECT_EQ(u.prefixes.at("ex"), "http://ex/");

  ast::Update d = ParseUpdate("DELETE DATA { <http://s> <http://p> <http://o> }");
  EXPECT_EQ(As<ast::DeleteData>(d.operations[0]).quads.size(), 1u);
}

TEST(UpdateTest, DataBlocksRejectVariablesAndDeleteDataRejectsBlankNodes) {
  EXPECT_THROW(ParseUpdate("INSERT DATA { ?s <http://p> 1 }"), ParseError);
  EXPECT_THROW(ParseUpdate("INSERT DATA { GRAPH ?g { <http://s> <http://p> 1 } }"), ParseError);
  EXPECT_THROW(ParseUpdate("DELETE DATA { <http://s> <http://p> ?o }"), ParseError);
  EXPECT_THROW(ParseUpdate("DELETE DATA { _:b <http://p> 1 }"), ParseError);
  EXPECT_THROW(ParseUpdate("DELETE DATA { [] <http://p> 1 }"), ParseError);
  EXPECT_NO_THROW(ParseUpdate("INSERT DATA { [] <http://p> (1 2) }"));
}

TEST(UpdateTest, BlankNodeLabelsAcrossDataOperations) {
  EXPECT_NO_THROW(ParseUpdate(
      "INSERT DATA { GRAPH <http://g1> { _:b <http://p> 1 } GRAPH <http://g2> { _:b <http://p> 2 } }"));
  EXPECT_THROW(ParseUpdate("INSERT DATA { _:b <http://p> 1 } ; INSERT DATA { _:b <http://p> 2 }"),
               ParseError);
  // Templates make fresh nodes per solution: reuse across operations is fine.
  EXPECT_NO_THROW(ParseUpdate(
      "INSERT { _:b <http://p> ?o } WHERE { ?s ?p ?o } ; INSERT { _:b <http://p> ?o } WHERE { ?s ?p ?o }"));
}

TEST(UpdateTest, DeleteWhere) {
  ast::Update u = ParseUpdate("DELETE WHERE { ?s <http://p> ?o . GRAPH ?g { ?s ?p ?x } }");
  const auto& del = As<ast::DeleteWhere>(u.operations[0]);
  ASSERT_EQ(del.quads.size(), 2u);
  EXPECT_EQ(Show(*del.quads[1].graph), "?g");
  EXPECT_THROW(ParseUpdate("DELETE WHERE { _:a <http://p> ?o }"), ParseError);
}

TEST(UpdateTest, Modify) {
  ast::Update u = ParseUpdate(
      "PREFIX ex: <http://ex/>\n"
      "WITH ex:g DELETE { ?s ex:old ?o } INSERT { ?s ex:new ?o . GRAPH ex:h { ?s ex:x [] } } "
      "USING ex:u1 USING NAMED ex:u2 WHERE { ?s ex:old ?o }");
  const auto& m = As<ast::Modify>(u.operations[0]);
  ASSERT_TRUE(m.with);
  EXPECT_EQ(m.with->value, "http://ex/g");
  EXPECT_TRUE(m.has_delete);
  EXPECT_TRUE(m.has_insert);
  EXPECT_EQ(m.delete_quads.size(), 1u);
  EXPECT_EQ(m.insert_quads.size(), 2u);
  ASSERT_EQ(m.using_clauses.size(), 2u);
  EXPECT_FALSE(m.using_clauses[0].named);
  EXPECT_TRUE(m.using_clauses[1].named);
  EXPECT_EQ(m.where.elements.size(), 1u);

  ast::Update insert_only = ParseUpdate("INSERT { ?s <http://p> 1 } WHERE { ?s ?p ?o }");
  EXPECT_FALSE(As<ast::Modify>(insert_only.operations[0]).has_delete);
  ast::Update delete_only = ParseUpdate("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }");
  EXPECT_FALSE(As<ast::Modify>(delete_only.operations[0]).has_insert);
  EXPECT_THROW(ParseUpdate("DELETE { _:b ?p ?o } WHERE { ?s ?p ?o }"), ParseError);
  EXPECT_THROW(ParseUpdate("INSERT { ?s ?p ?o }"), ParseError);
}

TEST(UpdateTest, GraphManagement) {
  ast::Update u = ParseUpdate(
      "LOAD <http://src> ; LOAD SILENT <http://src> INTO GRAPH <http://g> ;"
      "CLEAR GRAPH <http://g> ; CLEAR SILENT DEFAULT ; DROP NAMED ; DROP ALL ;"
      "CREATE GRAPH <http://g> ; CREATE SILENT GRAPH <http://h> ;"
      "ADD <http://a> TO DEFAULT ; MOVE SILENT DEFAULT TO GRAPH <http://b> ;"
      "COPY GRAPH <http://a> TO <http://b>");
  const auto& ops = u.operations;
  ASSERT_EQ(ops.size(), 11u);
  EXPECT_FALSE(As<ast::Load>(ops[0]).silent);
  EXPECT_FALSE(As<ast::Load>(ops[0]).into);
  EXPECT_TRUE(As<ast::Load>(ops[1]).silent);
  EXPECT_EQ(As<ast::Load>(ops[1]).into->value, "http://g");
  EXPECT_EQ(As<ast::Clear>(ops[2]).graph.target, ast::GraphTarget::kGraph);
  EXPECT_EQ(As<ast::Clear>(ops[2]).graph.iri.value, "http://g");
  EXPECT_TRUE(As<ast::Clear>(ops[3]).silent);
  EXPECT_EQ(As<ast::Clear>(ops[3]).graph.target, ast::GraphTarget::kDefault);
  EXPECT_EQ(As<ast::Drop>(ops[4]).graph.target, ast::GraphTarget::kNamed);
  EXPECT_EQ(As<ast::Drop>(ops[5]).graph.target, ast::GraphTarget::kAll);
  EXPECT_EQ(As<ast::Create>(ops[6]).graph.value, "http://g");
  EXPECT_TRUE(As<ast::Create>(ops[7]).silent);
  const auto& add = As<ast::Transfer>(ops[8]);
  EXPECT_EQ(add.op, ast::TransferOp::kAdd);
  EXPECT_EQ(add.from.target, ast::GraphTarget::kGraph);
  EXPECT_EQ(add.to.target, ast::GraphTarget::kDefault);
  const auto& move = As<ast::Transfer>(ops[9]);
  EXPECT_EQ(move.op, ast::TransferOp::kMove);
  EXPECT_TRUE(move.silent);
  EXPECT_EQ(move.to.iri.value, "http://b");
  EXPECT_EQ(As<ast::Transfer>(ops[10]).op, ast::TransferOp::kCopy);
  EXPECT_THROW(ParseUpdate("CLEAR <http://g>"), ParseError);
  EXPECT_THROW(ParseUpdate("ADD ALL TO DEFAULT"), ParseError);
  EXPECT_THROW(ParseUpdate("CREATE DEFAULT"), ParseError);
}

TEST(UpdateTest, SequencesAndPrologues) {
  EXPECT_TRUE(ParseUpdate("").operations.empty());
  EXPECT_TRUE(ParseUpdate("PREFIX ex: <http://ex/>").operations.empty());
  ast::Update u = ParseUpdate(
      "PREFIX ex: <http://one/> INSERT DATA { ex:a ex:b ex:c } ;\n"
      "PREFIX ex: <http://two/> BASE <http://base/> INSERT DATA { ex:a <rel> ex:c } ;");
  ASSERT_EQ(u.operations.size(), 2u);
  EXPECT_EQ(Show(As<ast::InsertData>(u.operations[0]).quads[0].subject), "<http://one/a>");
  EXPECT_EQ(Show(As<ast::InsertData>(u.operations[1]).quads[0].subject), "<http://two/a>");
  EXPECT_EQ(Show(As<ast::InsertData>(u.operations[1]).quads[0].predicate), "<http://base/rel>");
  EXPECT_EQ(u.base, "http://base/");
  EXPECT_THROW(ParseUpdate("CLEAR ALL ;; CLEAR ALL"), ParseError);
  EXPECT_THROW(ParseUpdate("CLEAR ALL CLEAR ALL"), ParseError);
}

TEST(UpdateTest, WhereClauseStaticChecks) {
  EXPECT_THROW(ParseUpdate("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o BIND(1 AS ?o) }"), ParseError);
  EXPECT_THROW(ParseUpdate("DELETE { ?s ?p ?o } WHERE { FILTER(COUNT(?s) > 1) }"), ParseError);
}

TEST(UpdateTest, QueriesAreNotUpdates) {
  EXPECT_THROW(ParseUpdate("SELECT * {}"), ParseError);
  EXPECT_THROW(ParseQuery("CLEAR ALL"), ParseError);
}

}  // namespace
}  // namespace corridor::sparql
