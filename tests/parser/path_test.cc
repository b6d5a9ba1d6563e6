// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Property paths.
#include <gtest/gtest.h>

#include "parser/sparql_parser.hpp"
#include "parser_test_util.hpp"

namespace corridor::sparql {
namespace {

using testing::As;
using testing::FirstBgp;
using testing::Is;

// S-expression of a path: <iri>, (seq a b), (alt a b), (inv a), (* a), (+ a),
// (? a), (! <a> ^<b>).
std::string ShowPath(const ast::Path& path) {
  if (Is<ast::Iri>(path)) return "<" + As<ast::Iri>(path).value + ">";
  if (Is<ast::PathSequence>(path)) {
    std::string out = "(seq";
    for (const auto& p : As<ast::PathSequence>(path).steps) out += " " + ShowPath(p);
    return out + ")";
  }
  if (Is<ast::PathAlternative>(path)) {
    std::string out = "(alt";
    for (const auto& p : As<ast::PathAlternative>(path).alternatives) out += " " + ShowPath(p);
    return out + ")";
  }
  if (Is<ast::PathInverse>(path)) return "(inv " + ShowPath(As<ast::PathInverse>(path).path) + ")";
  if (Is<ast::PathRepeat>(path)) {
    const auto& r = As<ast::PathRepeat>(path);
    const char* mod = r.modifier == ast::PathModifier::kZeroOrMore  ? "*"
                      : r.modifier == ast::PathModifier::kOneOrMore ? "+"
                                                                    : "?";
    return std::string("(") + mod + " " + ShowPath(r.path) + ")";
  }
  const auto& n = As<ast::PathNegatedSet>(path);
  std::string out = "(!";
  for (const auto& i : n.forward) out += " <" + i.value + ">";
  for (const auto& i : n.inverse) out += " ^<" + i.value + ">";
  return out + ")";
}

std::string P(const std::string& path) {
  ast::Query q = ParseQuery("PREFIX : <http://e/> SELECT * { ?s " + path + " ?o }");
  const auto& bgp = FirstBgp(q);
  EXPECT_EQ(bgp.triples.size(), 1u);
  if (Is<ast::TriplePattern>(bgp.triples[0])) {
    return "triple " + testing::Show(As<ast::TriplePattern>(bgp.triples[0]).predicate);
  }
  const auto& pp = As<ast::PathPattern>(bgp.triples[0]);
  EXPECT_EQ(testing::Show(pp.subject), "?s");
  EXPECT_EQ(testing::Show(pp.object), "?o");
  return ShowPath(pp.path);
}

TEST(PathTest, PlainPredicatesStayTriples) {
  EXPECT_EQ(P(":p"), "triple <http://e/p>");
  EXPECT_EQ(P("(:p)"), "triple <http://e/p>");
  EXPECT_EQ(P("?p"), "triple ?p");
  EXPECT_EQ(P("a"), "triple <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>");
}

TEST(PathTest, Operators) {
  EXPECT_EQ(P(":a/:b/:c"), "(seq <http://e/a> <http://e/b> <http://e/c>)");
  EXPECT_EQ(P(":a|:b"), "(alt <http://e/a> <http://e/b>)");
  EXPECT_EQ(P("^:a"), "(inv <http://e/a>)");
  EXPECT_EQ(P(":a*"), "(* <http://e/a>)");
  EXPECT_EQ(P(":a+"), "(+ <http://e/a>)");
  EXPECT_EQ(P(":a?"), "(? <http://e/a>)");
  EXPECT_EQ(P("a*"), "(* <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)");
}

TEST(PathTest, PrecedenceAndGrouping) {
  EXPECT_EQ(P(":a/:b|:c"), "(alt (seq <http://e/a> <http://e/b>) <http://e/c>)");
  EXPECT_EQ(P(":a/(:b|:c)"), "(seq <http://e/a> (alt <http://e/b> <http://e/c>))");
  EXPECT_EQ(P("^:a/:b*"), "(seq (inv <http://e/a>) (* <http://e/b>))");
  EXPECT_EQ(P("^(:a/:b)+"), "(inv (+ (seq <http://e/a> <http://e/b>)))");
  EXPECT_EQ(P("(:a|^:b)*"), "(* (alt <http://e/a> (inv <http://e/b>)))");
}

TEST(PathTest, NegatedPropertySets) {
  EXPECT_EQ(P("!:a"), "(! <http://e/a>)");
  EXPECT_EQ(P("!^:a"), "(! ^<http://e/a>)");
  EXPECT_EQ(P("!(:a|^:b|a)"),
            "(! <http://e/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ^<http://e/b>)");
  EXPECT_EQ(P("!()"), "(!)");
  EXPECT_THROW(P("!(:a/:b)"), ParseError);
  // PathMod applies to the whole PathPrimary '!' set.
  EXPECT_EQ(P("!:a*"), "(* (! <http://e/a>))");
}

TEST(PathTest, QuestionMarkModifierVersusVariable) {
  ast::Query q = ParseQuery("SELECT * { ?s <http://p> ?o }");
  EXPECT_TRUE(Is<ast::TriplePattern>(FirstBgp(q).triples[0]));
  q = ParseQuery("SELECT * { ?s <http://p>? ?o }");
  EXPECT_TRUE(Is<ast::PathPattern>(FirstBgp(q).triples[0]));
}

TEST(PathTest, PathsInListsAndBlankNodes) {
  ast::Query q = ParseQuery(
      "PREFIX : <http://e/> SELECT * { ?s :a/:b ?x, ?y ; :c* [ :d|:e ?z ] }");
  const auto& bgp = FirstBgp(q);
  ASSERT_EQ(bgp.triples.size(), 4u);
  EXPECT_TRUE(Is<ast::PathPattern>(bgp.triples[0]));
  EXPECT_TRUE(Is<ast::PathPattern>(bgp.triples[1]));
  EXPECT_TRUE(Is<ast::PathPattern>(bgp.triples[2]));  // [ :d|:e ?z ]
  EXPECT_TRUE(Is<ast::PathPattern>(bgp.triples[3]));  // ?s :c* []
  // Paths inside collections (W3C syn-pp-in-collection).
  EXPECT_NO_THROW(ParseQuery("PREFIX : <http://e/> SELECT * { ?s :p ( [ :a/:b ?o ] ) }"));
}

TEST(PathTest, PathsNotAllowedInTemplates) {
  EXPECT_THROW(ParseQuery("CONSTRUCT { ?s <http://a>/<http://b> ?o } {}"), ParseError);
  EXPECT_THROW(ParseUpdate("INSERT DATA { <http://s> <http://a>* <http://o> }"), ParseError);
}

}  // namespace
}  // namespace corridor::sparql
