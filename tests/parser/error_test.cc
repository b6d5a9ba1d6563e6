// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Error positions, messages, caret rendering, and the static checks.
#include <gtest/gtest.h>

#include <optional>

#include "parser/sparql_parser.hpp"

namespace corridor::sparql {
namespace {

ParseError QueryError(const std::string& text) {
  try {
    ParseQuery(text);
  } catch (const ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return ParseError("none", 0, 0, 0, "", "", 0);
}

ParseError UpdateError(const std::string& text) {
  try {
    ParseUpdate(text);
  } catch (const ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return ParseError("none", 0, 0, 0, "", "", 0);
}

TEST(ErrorTest, PositionOfMissingBrace) {
  ParseError e = QueryError("SELECT *\nWHERE {\n  ?s ?p ?o .\n");
  EXPECT_EQ(e.line(), 4u);
  EXPECT_EQ(e.column(), 1u);
  EXPECT_NE(e.expected().find("'}'"), std::string::npos) << e.expected();
  EXPECT_EQ(e.message().rfind("expected ", 0), 0u);
}

TEST(ErrorTest, PositionOfBadToken) {
  ParseError e = QueryError("SELECT ?x\nWHERE { ?x <http://p> ?y FILTER(?y > ) }");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 38u);
  EXPECT_EQ(e.offset(), 10u + 37u);
  EXPECT_NE(e.expected().find("variable"), std::string::npos) << e.expected();
  EXPECT_STREQ(e.what(), ("line 2, column 38: " + e.message()).c_str());
}

// The parser knows no function library; with ParseOptions::is_function an
// unknown function is an error at its IRI (after \u escapes and on later
// lines too), marked unsupported (valid SPARQL), in queries and updates.
TEST(ErrorTest, UnknownFunctionsAreRefusedAtTheirIri) {
  ParseOptions known;
  known.prefixes["ex"] = "http://ex.org/";
  known.is_function = [](const std::string& iri) { return iri == "http://ex.org/f"; };
  EXPECT_NO_THROW(ParseQuery("SELECT * { ?s ?p ?o FILTER(ex:f(?o)) }", known));
  EXPECT_NO_THROW(ParseQuery("SELECT * { ?s ?p ?o FILTER(<http://ex.org/g>(?o)) }"));  // no callback: accepted
  auto error = [&](const std::string& text, bool update = false) -> std::optional<ParseError> {
    try {
      if (update) ParseUpdate(text, known);
      else ParseQuery(text, known);
    } catch (const ParseError& e) {
      return e;
    }
    return std::nullopt;
  };
  auto e = error("SELECT * {\n ?s ?p ?o FILTER(ex:g(?o)) }");
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->unsupported());
  EXPECT_EQ(e->message(), "unknown function <http://ex.org/g>");
  EXPECT_EQ(e->line(), 2u);
  EXPECT_EQ(e->column(), 18u);
  e = error("SELECT ('\\u00e9' AS ?a) (<http://ex.org/h>(1) AS ?b) {}");  // a \\u escape before it
  ASSERT_TRUE(e);
  EXPECT_EQ(e->column(), 26u);  // columns of the original text
  e = error("SELECT * { BIND(ex:g() AS ?x) }");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->column(), 17u);
  e = error("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER ex:g(?o) }", /*update=*/true);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->unsupported());
  EXPECT_EQ(e->column(), 45u);
  // An IRI without an argument list is a term, not a call.
  EXPECT_NO_THROW(ParseQuery("SELECT * { ?s ?p ?o FILTER(?o = ex:g) }", known));
  // Syntax errors are not marked unsupported.
  e = error("SELECT * { ?s ?p }");
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->unsupported());
}

TEST(ErrorTest, RenderShowsLineAndCaret) {
  ParseError e = QueryError("SELECT * WHERE {\n  ?s ?p ?o ?x\n}");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 12u);
  std::string want = std::string(e.what()) + "\n  ?s ?p ?o ?x\n           ^";
  EXPECT_EQ(e.Render(), want);
  EXPECT_EQ(e.source_line(), "  ?s ?p ?o ?x");
}

TEST(ErrorTest, RenderKeepsTabsAndCountsCodePoints) {
  ParseError e = QueryError("SELECT * {\n\t?s ?p '\xC3\xA9t\xC3\xA9' ?x\n}");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 14u);
  std::string render = e.Render();
  std::string caret_line = render.substr(render.rfind('\n') + 1);
  EXPECT_EQ(caret_line, "\t" + std::string(12, ' ') + "^");
}

TEST(ErrorTest, LongLinesAreShortened) {
  std::string query = "SELECT * { " + std::string(500, ' ') + "?s ?p ?o ?x" + std::string(500, ' ') + "}";
  ParseError e = QueryError(query);
  EXPECT_LT(e.source_line().size(), 200u);
  EXPECT_EQ(e.column(), 11u + 500u + 10u);
  std::string render = e.Render();
  std::string caret_line = render.substr(render.rfind('\n') + 1);
  std::string source = e.source_line();
  // The caret sits under the 'x' of '?x'... i.e. under the '?' of "?x".
  ASSERT_LT(caret_line.size() - 1, source.size());
  EXPECT_EQ(source[caret_line.size() - 1], '?');
}

TEST(ErrorTest, UndefinedPrefixNamesThePrefix) {
  ParseError e = QueryError("SELECT * { ?s foo:bar ?o }");
  EXPECT_EQ(e.message(), "undefined prefix 'foo:'");
  EXPECT_EQ(e.column(), 15u);
  EXPECT_TRUE(e.expected().empty());
}

TEST(ErrorTest, PositionsAfterCodepointEscapesMapToTheOriginalText) {
  ParseError e = QueryError("SELECT * { ?s ?p '\\u00e9' ?x }");
  EXPECT_EQ(e.column(), 27u);
}

TEST(ErrorTest, EndOfInputExpected) {
  ParseError e = QueryError("ASK {} }");
  EXPECT_EQ(e.column(), 8u);
  EXPECT_NE(e.expected().find("end of input"), std::string::npos);
}

// --------------------------------------------------------- static checks

TEST(StaticCheckTest, SelectExpressionVariableAlreadyInScope) {
  ParseError e = QueryError("SELECT (1 AS ?x) { ?x ?p ?o }");
  EXPECT_EQ(e.column(), 14u);
  EXPECT_NE(e.message().find("?x"), std::string::npos);
  QueryError("SELECT (1 AS ?x) (2 AS ?x) {}");
  QueryError("SELECT ?x (1 AS ?x) {}");
  EXPECT_NO_THROW(ParseQuery("SELECT (1 AS ?x) (?x + 1 AS ?y) {}"));
  // Scope is per sub-select.
  EXPECT_NO_THROW(ParseQuery("SELECT * { {SELECT (1 AS ?X) {}} {SELECT (1 AS ?X) {}} }"));
  QueryError("SELECT (1 AS ?X) { SELECT (2 AS ?X) {} }");
}

TEST(StaticCheckTest, BindVariableAlreadyBound) {
  ParseError e = QueryError("SELECT * { ?s ?p ?o BIND(1 AS ?o) }");
  EXPECT_EQ(e.column(), 31u);
  QueryError("SELECT * { { ?s ?p ?o } BIND(1 AS ?o) }");
  QueryError("SELECT * { OPTIONAL { ?s ?p ?o } BIND(1 AS ?o) }");
  QueryError("SELECT * { BIND(1 AS ?a) BIND(2 AS ?a) }");
  QueryError("SELECT * { VALUES ?a { 1 } BIND(2 AS ?a) }");
  // Later uses and nested groups are fine.
  EXPECT_NO_THROW(ParseQuery("SELECT * { BIND(1 AS ?o) ?s ?p ?o }"));
  EXPECT_NO_THROW(ParseQuery("SELECT * { ?s ?p ?o { BIND(1 AS ?o) } }"));
  EXPECT_NO_THROW(ParseQuery("SELECT * { ?s ?p ?o MINUS { ?s ?p ?m } BIND(1 AS ?m) }"));
  EXPECT_NO_THROW(ParseQuery("SELECT * { ?s ?p ?o FILTER(?z) BIND(1 AS ?z) }"));
}

TEST(StaticCheckTest, GroupingRules) {
  QueryError("SELECT ?o { ?s ?p ?o } GROUP BY ?s");
  QueryError("SELECT ?o (COUNT(*) AS ?c) { ?s ?p ?o }");
  QueryError("SELECT * { ?s ?p ?o } GROUP BY ?s");
  QueryError("SELECT ((?o + 1) AS ?x) { ?s ?p ?o } GROUP BY ?s");
  QueryError("SELECT ?o (COUNT(*) AS ?c) { ?s ?p ?o } GROUP BY (?o + 1)");
  EXPECT_NO_THROW(ParseQuery("SELECT ?s (COUNT(?o) AS ?c) { ?s ?p ?o } GROUP BY ?s"));
  EXPECT_NO_THROW(ParseQuery("SELECT ?k (SUM(?o) AS ?c) { ?s ?p ?o } GROUP BY (STR(?s) AS ?k)"));
  EXPECT_NO_THROW(
      ParseQuery("SELECT (SUM(?o) AS ?t) (?t * 2 AS ?d) { ?s ?p ?o }"));
  EXPECT_NO_THROW(ParseQuery("SELECT ?s { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1)"));
  ParseError e = QueryError("SELECT ?p (COUNT(?o) AS ?c)\n{ ?s ?p ?o } GROUP BY ?s");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 8u);
}

TEST(StaticCheckTest, AggregatesOnlyWhereAllowed) {
  QueryError("SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }");
  QueryError("SELECT * { ?s ?p ?o BIND(SUM(?o) AS ?x) }");
  QueryError("SELECT ?s { ?s ?p ?o } GROUP BY (COUNT(?o))");
  QueryError("SELECT (SUM(COUNT(?o)) AS ?x) { ?s ?p ?o }");
  QueryError("SELECT * { FILTER EXISTS { FILTER(MAX(?x)) } }");
  EXPECT_NO_THROW(ParseQuery("SELECT ?s { ?s ?p ?o } GROUP BY ?s ORDER BY DESC(COUNT(?o))"));
  ParseError e = QueryError("SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }");
  EXPECT_EQ(e.column(), 28u);
}

TEST(StaticCheckTest, BlankNodeLabelsAcrossBasicGraphPatterns) {
  QueryError("SELECT * { _:a ?p ?o . { _:a ?q ?r } }");
  QueryError("SELECT * { _:a ?p ?o OPTIONAL { _:a ?q ?r } }");
  QueryError("SELECT * { { _:a ?p ?o } UNION { _:a ?q ?r } }");
  EXPECT_NO_THROW(ParseQuery("SELECT * { _:a ?p ?o . _:a ?q ?r }"));
  // Generated blank nodes never clash.
  EXPECT_NO_THROW(ParseQuery("SELECT * { [] ?p ?o . { [] ?q ?r } }"));
}

TEST(StaticCheckTest, UpdateErrorsHavePositions) {
  ParseError e = UpdateError("INSERT DATA {\n  <http://s> <http://p> ?o\n}");
  EXPECT_EQ(e.line(), 2u);
  EXPECT_EQ(e.column(), 25u);
  EXPECT_EQ(e.message(), "variables are not allowed in INSERT DATA");
}

}  // namespace
}  // namespace corridor::sparql
