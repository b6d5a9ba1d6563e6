// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Term syntax: IRIs, prefixed names, BASE, literals, blank nodes, `a`,
// collections and blank node property lists.
#include <gtest/gtest.h>

#include "parser/sparql_parser.hpp"
#include "parser_test_util.hpp"

namespace corridor::sparql {
namespace {

using testing::FirstBgp;
using testing::Show;
using testing::Triple;

// The triples of `SELECT * { <body> }` as strings.
std::vector<std::string> Triples(const std::string& body, const std::string& prologue =
                                                              "PREFIX ex: <http://ex/>\n") {
  ast::Query q = ParseQuery(prologue + "SELECT * { " + body + " }");
  std::vector<std::string> out;
  for (const auto& t : FirstBgp(q).triples) out.push_back(Show(testing::As<ast::TriplePattern>(t)));
  return out;
}

TEST(TermTest, PrefixedNamesExpand) {
  EXPECT_EQ(Triples("ex:s ex:p ex:o"),
            (std::vector<std::string>{"<http://ex/s> <http://ex/p> <http://ex/o>"}));
  EXPECT_EQ(Triples(": : :", "PREFIX : <http://d/>\n"),
            (std::vector<std::string>{"<http://d/> <http://d/> <http://d/>"}));
}

TEST(TermTest, PnLocalEscapesAndPercent) {
  EXPECT_EQ(Triples("ex:a\\~b ex:p\\.q ex:c%20d"),
            (std::vector<std::string>{"<http://ex/a~b> <http://ex/p.q> <http://ex/c%20d>"}));
  // Local names may contain ':' and inner dots, not a trailing dot.
  EXPECT_EQ(Triples("ex:a:b ex:x.y ex:o."),
            (std::vector<std::string>{"<http://ex/a:b> <http://ex/x.y> <http://ex/o>"}));
}

TEST(TermTest, UndefinedPrefixIsAnError) {
  EXPECT_THROW(ParseQuery("SELECT * { nope:x ?p ?o }"), ParseError);
}

TEST(TermTest, PredeclaredPrefixes) {
  ParseOptions options;
  options.prefixes["foaf"] = "http://xmlns.com/foaf/0.1/";
  ast::Query q = ParseQuery("SELECT * { ?s foaf:name ?o }", options);
  EXPECT_EQ(Show(Triple(FirstBgp(q), 0).predicate), "<http://xmlns.com/foaf/0.1/name>");
  // Declared prefixes override predeclared ones and are reported.
  q = ParseQuery("PREFIX foaf: <http://other/> SELECT * { ?s foaf:name ?o }", options);
  EXPECT_EQ(Show(Triple(FirstBgp(q), 0).predicate), "<http://other/name>");
  EXPECT_EQ(q.prefixes.at("foaf"), "http://other/");
}

TEST(TermTest, BaseResolvesRelativeIris) {
  ast::Query q = ParseQuery(
      "BASE <http://a/b/c/d;p?q>\n"
      "PREFIX r: <../r/>\n"
      "SELECT * { <g> <./h> <../x/../y#f> . <//other/p> r:z <?y> }");
  const auto& bgp = FirstBgp(q);
  EXPECT_EQ(Show(Triple(bgp, 0)), "<http://a/b/c/g> <http://a/b/c/h> <http://a/b/y#f>");
  EXPECT_EQ(Show(Triple(bgp, 1)), "<http://other/p> <http://a/b/r/z> <http://a/b/c/d;p?y>");
  EXPECT_EQ(q.base, "http://a/b/c/d;p?q");
}

TEST(TermTest, SuccessiveBasesResolveAgainstEachOther) {
  ast::Query q = ParseQuery("BASE <http://a/x/> BASE <y/> SELECT * { <z> ?p ?o }");
  EXPECT_EQ(Show(Triple(FirstBgp(q), 0).subject), "<http://a/x/y/z>");
}

TEST(TermTest, KeywordAIsRdfType) {
  EXPECT_EQ(Triples("?s a ex:C"),
            (std::vector<std::string>{
                "?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex/C>"}));
  // 'a' is case-sensitive: 'A' is not a keyword.
  EXPECT_THROW(ParseQuery("SELECT * { ?s A ?o }"), ParseError);
}

TEST(TermTest, Literals) {
  auto t = Triples(
      "?s ex:p 'single', \"double\", '''long\n'x''' , \"\"\"long \"q\" \"\"\", "
      "\"chat\"@en-GB, \"5\"^^ex:t, \"e\\t\\n\\\"\\\\\"");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0], "?s <http://ex/p> \"single\"");
  EXPECT_EQ(t[1], "?s <http://ex/p> \"double\"");
  EXPECT_EQ(t[2], "?s <http://ex/p> \"long\n'x\"");
  EXPECT_EQ(t[3], "?s <http://ex/p> \"long \"q\" \"");
  EXPECT_EQ(t[4], "?s <http://ex/p> \"chat\"@en-GB");
  EXPECT_EQ(t[5], "?s <http://ex/p> \"5\"^^<http://ex/t>");
  EXPECT_EQ(t[6], "?s <http://ex/p> \"e\t\n\"\\\"");
}

TEST(TermTest, LanguageLiteralHasLangStringDatatype) {
  ast::Query q = ParseQuery("SELECT * { ?s ?p 'x'@fr }");
  const auto& lit = boost::get<ast::Literal>(Triple(FirstBgp(q), 0).object.get());
  EXPECT_EQ(lit.datatype, ast::kRdfLangString);
  EXPECT_EQ(lit.language, "fr");
}

TEST(TermTest, NumericAndBooleanLiterals) {
  auto t = Triples("?s ex:p 1, -2, +3, 4.5, .5, -.5e1, 7e1, 8.E-2, true, false");
  const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  std::vector<std::string> want = {
      "\"1\"^^<" + xsd + "integer>",      "\"-2\"^^<" + xsd + "integer>",
      "\"+3\"^^<" + xsd + "integer>",     "\"4.5\"^^<" + xsd + "decimal>",
      "\".5\"^^<" + xsd + "decimal>",     "\"-.5e1\"^^<" + xsd + "double>",
      "\"7e1\"^^<" + xsd + "double>",     "\"8.E-2\"^^<" + xsd + "double>",
      "\"true\"^^<" + xsd + "boolean>",   "\"false\"^^<" + xsd + "boolean>"};
  ASSERT_EQ(t.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(t[i], "?s <http://ex/p> " + want[i]);
}

TEST(TermTest, IntegerFollowedByDotEndsTriple) {
  auto t = Triples("?s ex:p 1. ?s ex:q 2.5 . ?s ex:r 3e2");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], "?s <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  EXPECT_EQ(t[1], "?s <http://ex/q> \"2.5\"^^<http://www.w3.org/2001/XMLSchema#decimal>");
  EXPECT_EQ(t[2], "?s <http://ex/r> \"3e2\"^^<http://www.w3.org/2001/XMLSchema#double>");
}

TEST(TermTest, VariablesBothSigils) {
  auto t = Triples("?a $b ?c");
  EXPECT_EQ(t[0], "?a ?b ?c");
}

TEST(TermTest, BlankNodePropertyListsExpand) {
  ast::Query q = ParseQuery("PREFIX ex: <http://ex/> SELECT * { ?s ex:p [ ex:q ?o ; ex:r 1 ] }");
  const auto& bgp = FirstBgp(q);
  ASSERT_EQ(bgp.triples.size(), 3u);
  const auto& inner1 = Triple(bgp, 0);
  const auto& inner2 = Triple(bgp, 1);
  const auto& outer = Triple(bgp, 2);
  std::string b = Show(outer.object);
  EXPECT_EQ(b.substr(0, 3), "_:.") << "generated labels start with '.'";
  EXPECT_EQ(Show(inner1), b + " <http://ex/q> ?o");
  EXPECT_EQ(Show(inner2.subject), b);
  EXPECT_EQ(Show(outer.subject), "?s");
}

TEST(TermTest, BlankNodePropertyListAsSubject) {
  auto t = Triples("[ ex:p 1 ] ex:q 2 . [] ex:r 3");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_NE(t[0].find(" <http://ex/p> "), std::string::npos);
  EXPECT_EQ(t[0].substr(0, t[0].find(' ')), t[1].substr(0, t[1].find(' ')));
  EXPECT_NE(t[2].substr(0, t[2].find(' ')), t[0].substr(0, t[0].find(' ')));
}

TEST(TermTest, GeneratedLabelsNeverClashWithUserLabels) {
  ast::Query q = ParseQuery("SELECT * { _:b0 <http://p> [] }");
  const auto& t = Triple(FirstBgp(q), 0);
  EXPECT_EQ(Show(t.subject), "_:b0");
  EXPECT_EQ(Show(t.object).rfind(std::string("_:") + ast::kGeneratedBlankPrefix, 0), 0u);
  // A user label cannot start with the generated prefix.
  EXPECT_THROW(ParseQuery("SELECT * { _:.0 <http://p> 1 }"), ParseError);
}

TEST(TermTest, UserBlankNodeLabels) {
  auto t = Triples("_:x ex:p _:y1.z");
  EXPECT_EQ(t[0], "_:x <http://ex/p> _:y1.z");
}

TEST(TermTest, CollectionsExpand) {
  auto t = Triples("?s ex:p (1 ?x)");
  const std::string first = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first>";
  const std::string rest = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>";
  const std::string nil = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>";
  ASSERT_EQ(t.size(), 5u);
  std::string l1 = t[0].substr(0, t[0].find(' '));
  std::string l2 = t[2].substr(0, t[2].find(' '));
  EXPECT_EQ(t[0], l1 + " " + first + " \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  EXPECT_EQ(t[1], l1 + " " + rest + " " + l2);
  EXPECT_EQ(t[2], l2 + " " + first + " ?x");
  EXPECT_EQ(t[3], l2 + " " + rest + " " + nil);
  EXPECT_EQ(t[4], "?s <http://ex/p> " + l1);
}

TEST(TermTest, NilAndNestedCollections) {
  auto t = Triples("() ex:p ((1) []) ");
  EXPECT_EQ(t.back().substr(0, t.back().find(' ')),
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>");
  EXPECT_EQ(t.size(), 1u + 4u + 2u);
  // A collection alone is a valid triples block.
  EXPECT_NO_THROW(ParseQuery("SELECT * { (1 2) }"));
}

TEST(TermTest, PropertyAndObjectLists) {
  auto t = Triples("?s ex:p 1, 2 ; ex:q 3 ; ; ex:r 4 ;");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].rfind("?s <http://ex/p> \"2\"", 0), 0u);
  EXPECT_EQ(t[2].rfind("?s <http://ex/q> \"3\"", 0), 0u);
  EXPECT_EQ(t[3].rfind("?s <http://ex/r> \"4\"", 0), 0u);
}

TEST(TermTest, CodepointEscapesAreDecodedFirst) {
  // \u0041 is 'A'; escapes may even form syntax (here the prefix name).
  ast::Query q = ParseQuery("PREFIX e\\u0078: <http://ex/> SELECT * { ?s ex:p '\\u00e9\\U0001F46A' }");
  EXPECT_EQ(Show(Triple(FirstBgp(q), 0).object), "\"\xC3\xA9\xF0\x9F\x91\xAA\"");
  EXPECT_THROW(ParseQuery("SELECT * { ?s ?p '\\uD800' }"), ParseError);
}

TEST(TermTest, Utf8Names) {
  ast::Query q = ParseQuery("PREFIX \xC3\xA9x: <http://ex/> SELECT * { ?\xC3\xA9 \xC3\xA9x:p\xC3\xA9 1 }");
  EXPECT_EQ(Show(Triple(FirstBgp(q), 0).predicate), "<http://ex/p\xC3\xA9>");
  EXPECT_EQ(Show(Triple(FirstBgp(q), 0).subject), "?\xC3\xA9");
}

}  // namespace
}  // namespace corridor::sparql
