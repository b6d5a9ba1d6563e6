// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Query forms, dataset clauses, graph patterns and solution modifiers.
#include <gtest/gtest.h>

#include "parser/sparql_parser.hpp"
#include "parser_test_util.hpp"

namespace corridor::sparql {
namespace {

using testing::As;
using testing::FirstBgp;
using testing::Is;
using testing::Show;
using testing::Triple;

TEST(QueryTest, SelectVariables) {
  ast::Query q = ParseQuery("SELECT ?a $b WHERE { ?a ?b ?c }");
  EXPECT_EQ(q.form, ast::QueryForm::kSelect);
  ASSERT_EQ(q.select.items.size(), 2u);
  EXPECT_EQ(q.select.items[0].variable.name, "a");
  EXPECT_EQ(q.select.items[1].variable.name, "b");
  EXPECT_FALSE(q.select.items[0].expression);
  EXPECT_FALSE(q.select.star || q.select.distinct || q.select.reduced);
  ASSERT_TRUE(q.where);
  EXPECT_EQ(FirstBgp(q).triples.size(), 1u);
}

TEST(QueryTest, SelectStarDistinctReduced) {
  EXPECT_TRUE(ParseQuery("SELECT * {}").select.star);
  EXPECT_TRUE(ParseQuery("select distinct * {}").select.distinct);
  EXPECT_TRUE(ParseQuery("SELECT REDUCED ?x {}").select.reduced);
  EXPECT_THROW(ParseQuery("SELECT {}"), ParseError);
  EXPECT_THROW(ParseQuery("SELECT DISTINCT REDUCED ?x {}"), ParseError);
}

TEST(QueryTest, SelectExpressions) {
  ast::Query q = ParseQuery("SELECT ?x (?x + 1 AS ?y) (STR(?x) AS ?z) { ?x ?p ?o }");
  ASSERT_EQ(q.select.items.size(), 3u);
  EXPECT_EQ(q.select.items[1].variable.name, "y");
  ASSERT_TRUE(q.select.items[1].expression);
  EXPECT_EQ(Show(*q.select.items[1].expression),
            "(+ ?x \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>)");
  EXPECT_EQ(Show(*q.select.items[2].expression), "(STR ?x)");
  EXPECT_THROW(ParseQuery("SELECT (?x AS) {}"), ParseError);
  EXPECT_THROW(ParseQuery("SELECT (?x) {}"), ParseError);
}

TEST(QueryTest, AskConstructDescribe) {
  ast::Query ask = ParseQuery("ASK { ?s ?p ?o }");
  EXPECT_EQ(ask.form, ast::QueryForm::kAsk);
  EXPECT_TRUE(ask.where);

  ast::Query construct =
      ParseQuery("CONSTRUCT { ?s <http://p> ?o ; a [] } WHERE { ?s ?q ?o }");
  EXPECT_EQ(construct.form, ast::QueryForm::kConstruct);
  ASSERT_EQ(construct.construct_template.size(), 2u);
  EXPECT_EQ(Show(construct.construct_template[0]), "?s <http://p> ?o");
  EXPECT_FALSE(construct.construct_where);

  ast::Query describe = ParseQuery("DESCRIBE ?x <http://a> WHERE { ?x ?p ?o }");
  EXPECT_EQ(describe.form, ast::QueryForm::kDescribe);
  ASSERT_EQ(describe.describe.size(), 2u);
  EXPECT_EQ(Show(describe.describe[1]), "<http://a>");

  ast::Query bare = ParseQuery("DESCRIBE <http://a>");
  EXPECT_FALSE(bare.where);
  EXPECT_TRUE(ParseQuery("DESCRIBE * { ?s ?p ?o }").describe_star);
}

TEST(QueryTest, ConstructWhere) {
  ast::Query q = ParseQuery("CONSTRUCT WHERE { ?s <http://p> ?o . ?o <http://q> 1 }");
  EXPECT_TRUE(q.construct_where);
  ASSERT_EQ(q.construct_template.size(), 2u);
  EXPECT_EQ(FirstBgp(q).triples.size(), 2u);
  // Only triples are allowed in the short form.
  EXPECT_THROW(ParseQuery("CONSTRUCT WHERE { ?s ?p ?o FILTER(true) }"), ParseError);
  EXPECT_THROW(ParseQuery("CONSTRUCT WHERE { ?s <http://p>* ?o }"), ParseError);
}

TEST(QueryTest, DatasetClauses) {
  ast::Query q = ParseQuery("SELECT * FROM <http://g1> FROM NAMED <http://g2> { }");
  ASSERT_EQ(q.datasets.size(), 2u);
  EXPECT_EQ(q.datasets[0].iri.value, "http://g1");
  EXPECT_FALSE(q.datasets[0].named);
  EXPECT_TRUE(q.datasets[1].named);
}

TEST(QueryTest, GroupGraphPatternElements) {
  ast::Query q = ParseQuery(
      "PREFIX ex: <http://ex/>\n"
      "SELECT * {\n"
      "  ?s ex:p ?o .\n"
      "  OPTIONAL { ?s ex:q ?q }\n"
      "  { ?s ex:r 1 } UNION { ?s ex:r 2 } UNION { ?s ex:r 3 }\n"
      "  MINUS { ?s ex:bad ?b }\n"
      "  GRAPH ?g { ?s ?gp ?go }\n"
      "  GRAPH ex:g { ?s ?gp2 ?go2 }\n"
      "  FILTER(?o > 1)\n"
      "  BIND(?o * 2 AS ?double)\n"
      "  VALUES ?v { 1 2 UNDEF }\n"
      "  { ?s ex:nested ?n }\n"
      "  SERVICE SILENT <http://endpoint> { ?s ?sp ?so }\n"
      "  ?s ex:last ?l\n"
      "}");
  const auto& e = q.where->elements;
  ASSERT_EQ(e.size(), 12u);
  EXPECT_TRUE(Is<ast::BasicGraphPattern>(e[0]));
  EXPECT_TRUE(Is<ast::OptionalPattern>(e[1]));
  ASSERT_TRUE(Is<ast::UnionPattern>(e[2]));
  EXPECT_EQ(As<ast::UnionPattern>(e[2]).alternatives.size(), 3u);
  EXPECT_TRUE(Is<ast::MinusPattern>(e[3]));
  EXPECT_EQ(Show(As<ast::GraphGraphPattern>(e[4]).graph), "?g");
  EXPECT_EQ(Show(As<ast::GraphGraphPattern>(e[5]).graph), "<http://ex/g>");
  EXPECT_EQ(Show(As<ast::Filter>(e[6]).condition),
            "(> ?o \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>)");
  EXPECT_EQ(As<ast::Bind>(e[7]).variable.name, "double");
  const auto& values = As<ast::InlineData>(e[8]);
  ASSERT_EQ(values.rows.size(), 3u);
  EXPECT_FALSE(values.rows[2][0]);
  EXPECT_TRUE(Is<ast::GroupGraphPattern>(e[9]));
  const auto& service = As<ast::ServicePattern>(e[10]);
  EXPECT_TRUE(service.silent);
  EXPECT_EQ(Show(service.endpoint), "<http://endpoint>");
  EXPECT_TRUE(Is<ast::BasicGraphPattern>(e[11]));
}

TEST(QueryTest, TriplesBlocksSplitByOtherElements) {
  ast::Query q = ParseQuery("SELECT * { ?a ?b ?c . ?d ?e ?f FILTER(true) ?g ?h ?i . }");
  const auto& e = q.where->elements;
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(As<ast::BasicGraphPattern>(e[0]).triples.size(), 2u);
  EXPECT_EQ(As<ast::BasicGraphPattern>(e[2]).triples.size(), 1u);
}

TEST(QueryTest, InlineDataRows) {
  ast::Query q = ParseQuery("SELECT * { VALUES (?a ?b) { (1 'x') (UNDEF <http://i>) } }");
  const auto& values = As<ast::InlineData>(q.where->elements.at(0));
  ASSERT_EQ(values.variables.size(), 2u);
  ASSERT_EQ(values.rows.size(), 2u);
  EXPECT_EQ(Show(*values.rows[0][1]), "\"x\"");
  EXPECT_FALSE(values.rows[1][0]);
  EXPECT_EQ(Show(*values.rows[1][1]), "<http://i>");
  ast::Query empty = ParseQuery("SELECT * { VALUES () { () () } }");
  EXPECT_EQ(As<ast::InlineData>(empty.where->elements.at(0)).rows.size(), 2u);
  EXPECT_THROW(ParseQuery("SELECT * { VALUES (?a ?b) { (1) } }"), ParseError);
  EXPECT_THROW(ParseQuery("SELECT * { VALUES ?a { ?x } }"), ParseError);
}

TEST(QueryTest, TrailingValues) {
  ast::Query q = ParseQuery("SELECT ?x { ?x ?p ?o } VALUES ?x { <http://a> }");
  ASSERT_TRUE(q.values);
  EXPECT_EQ(q.values->variables[0].name, "x");
}

TEST(QueryTest, SubSelect) {
  ast::Query q = ParseQuery(
      "SELECT ?s ?n { ?s ?p ?o { SELECT ?s (COUNT(*) AS ?n) { ?s ?q ?r } GROUP BY ?s "
      "LIMIT 3 } }");
  const auto& group = As<ast::GroupGraphPattern>(q.where->elements.at(1));
  const auto& sub = As<ast::SubSelect>(group.elements.at(0));
  ASSERT_EQ(sub.select.items.size(), 2u);
  EXPECT_EQ(sub.modifiers.group_by.size(), 1u);
  EXPECT_EQ(sub.modifiers.limit, 3u);
}

TEST(QueryTest, SolutionModifiers) {
  ast::Query q = ParseQuery(
      "SELECT ?g (SUM(?v) AS ?total) { ?g <http://p> ?v } "
      "GROUP BY ?g (STR(?v)) (?v + 1 AS ?w) "
      "HAVING (SUM(?v) > 10) (COUNT(*) > 1) "
      "ORDER BY DESC(?total) ?g ASC(?g) STR(?g) "
      "LIMIT 10 OFFSET 5");
  const auto& m = q.modifiers;
  ASSERT_EQ(m.group_by.size(), 3u);
  EXPECT_EQ(Show(m.group_by[0].expression), "?g");
  EXPECT_EQ(Show(m.group_by[1].expression), "(STR ?v)");
  ASSERT_TRUE(m.group_by[2].alias);
  EXPECT_EQ(m.group_by[2].alias->name, "w");
  EXPECT_EQ(m.having.size(), 2u);
  ASSERT_EQ(m.order_by.size(), 4u);
  EXPECT_TRUE(m.order_by[0].descending);
  EXPECT_FALSE(m.order_by[1].descending);
  EXPECT_FALSE(m.order_by[2].descending);
  EXPECT_EQ(Show(m.order_by[3].expression), "(STR ?g)");
  EXPECT_EQ(m.limit, 10u);
  EXPECT_EQ(m.offset, 5u);
  ast::Query offset_first = ParseQuery("SELECT * {} OFFSET 2 LIMIT 1");
  EXPECT_EQ(offset_first.modifiers.offset, 2u);
  EXPECT_EQ(offset_first.modifiers.limit, 1u);
  EXPECT_THROW(ParseQuery("SELECT * {} LIMIT 1 LIMIT 2"), ParseError);
  EXPECT_THROW(ParseQuery("SELECT * {} LIMIT -1"), ParseError);
  EXPECT_THROW(ParseQuery("SELECT * {} LIMIT 99999999999999999999999"), ParseError);
}

TEST(QueryTest, KeywordsAreCaseInsensitive) {
  ast::Query q = ParseQuery("prefix ex: <http://ex/> sElEcT * wHeRe { ?s ex:p ?o oPtIoNaL { ?s ?p ?o } }");
  EXPECT_EQ(q.where->elements.size(), 2u);
}

TEST(QueryTest, CommentsAndWhitespace) {
  ast::Query q = ParseQuery("# leading\nSELECT # mid\n * {\r\n?s ?p ?o # trailing\n}\n# end");
  EXPECT_EQ(FirstBgp(q).triples.size(), 1u);
  // '#' inside an IRI or string is not a comment.
  q = ParseQuery("SELECT * { <http://a#b> ?p '#x' }");
  EXPECT_EQ(Show(Triple(FirstBgp(q), 0).object), "\"#x\"");
}

TEST(QueryTest, EmptyAndGarbageInput) {
  EXPECT_THROW(ParseQuery(""), ParseError);
  EXPECT_THROW(ParseQuery("   "), ParseError);
  EXPECT_THROW(ParseQuery("SELECT * {} trailing"), ParseError);
}

}  // namespace
}  // namespace corridor::sparql
