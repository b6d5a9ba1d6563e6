// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Expression precedence, operators, built-in calls, aggregates, function
// calls, EXISTS.
#include <gtest/gtest.h>

#include "parser/sparql_parser.hpp"
#include "parser_test_util.hpp"

namespace corridor::sparql {
namespace {

using testing::FilterExpression;
using testing::Show;

std::string F(const std::string& expr) { return Show(FilterExpression(expr)); }

const std::string kInt = "^^<http://www.w3.org/2001/XMLSchema#integer>";
std::string I(int n) { return "\"" + std::to_string(n) + "\"" + kInt; }

TEST(ExpressionTest, Precedence) {
  EXPECT_EQ(F("?a + ?b * ?c"), "(+ ?a (* ?b ?c))");
  EXPECT_EQ(F("?a * ?b + ?c"), "(+ (* ?a ?b) ?c)");
  EXPECT_EQ(F("?a - ?b - ?c"), "(- (- ?a ?b) ?c)");
  EXPECT_EQ(F("?a / ?b * ?c"), "(* (/ ?a ?b) ?c)");
  EXPECT_EQ(F("?a || ?b && ?c"), "(|| ?a (&& ?b ?c))");
  EXPECT_EQ(F("?a && ?b || ?c"), "(|| (&& ?a ?b) ?c)");
  EXPECT_EQ(F("?a = ?b && ?c < ?d"), "(&& (= ?a ?b) (< ?c ?d))");
  EXPECT_EQ(F("?a + 1 >= ?b * 2"), "(>= (+ ?a " + I(1) + ") (* ?b " + I(2) + "))");
  EXPECT_EQ(F("(?a || ?b) && ?c"), "(&& (|| ?a ?b) ?c)");
  EXPECT_EQ(F("!?a && -?b"), "(&& (! ?a) (u- ?b))");
  EXPECT_EQ(F("+?a"), "(u+ ?a)");
}

TEST(ExpressionTest, RelationalOperators) {
  EXPECT_EQ(F("?a != ?b"), "(!= ?a ?b)");
  EXPECT_EQ(F("?a<=?b"), "(<= ?a ?b)");
  EXPECT_EQ(F("?a>?b"), "(> ?a ?b)");
  EXPECT_EQ(F("?a<?b"), "(< ?a ?b)");
  // Relational operators do not chain.
  EXPECT_THROW(F("?a < ?b < ?c"), ParseError);
}

TEST(ExpressionTest, SignedNumbersVersusSubtraction) {
  EXPECT_EQ(F("?a -1"), "(- ?a " + I(1) + ")");
  EXPECT_EQ(F("?a-1"), "(- ?a " + I(1) + ")");
  EXPECT_EQ(F("-1"), "\"-1\"" + kInt);
  EXPECT_EQ(F("2 * -1"), "(* " + I(2) + " \"-1\"" + kInt + ")");
  EXPECT_EQ(F("- ?a"), "(u- ?a)");
}

TEST(ExpressionTest, InAndNotIn) {
  EXPECT_EQ(F("?x IN (1, 2)"), "(IN ?x " + I(1) + " " + I(2) + ")");
  EXPECT_EQ(F("?x NOT IN ()"), "(NOT IN ?x)");
  EXPECT_EQ(F("?x not in (?y)"), "(NOT IN ?x ?y)");
}

TEST(ExpressionTest, BuiltinCalls) {
  EXPECT_EQ(F("REGEX(?x, 'a', 'i')"), "(REGEX ?x \"a\" \"i\")");
  EXPECT_EQ(F("regex(?x, 'a')"), "(REGEX ?x \"a\")");
  EXPECT_EQ(F("BOUND(?x)"), "(BOUND ?x)");
  EXPECT_EQ(F("isIRI(?x) || isURI(?x) || ISBLANK(?x)"),
            "(|| (|| (isIRI ?x) (isURI ?x)) (isBLANK ?x))");
  EXPECT_EQ(F("SUBSTR(?s, 1, 2) = 'x'"), "(= (SUBSTR ?s " + I(1) + " " + I(2) + ") \"x\")");
  EXPECT_EQ(F("COALESCE()"), "(COALESCE)");
  EXPECT_EQ(F("CONCAT(?a, ?b, ?c)"), "(CONCAT ?a ?b ?c)");
  EXPECT_EQ(F("BNODE()"), "(BNODE)");
  EXPECT_EQ(F("BNODE(?x)"), "(BNODE ?x)");
  EXPECT_EQ(F("RAND() < NOW()"), "(< (RAND) (NOW))");
  EXPECT_EQ(F("IF(?a, ?b, ?c)"), "(IF ?a ?b ?c)");
  EXPECT_EQ(F("sameTerm(?a, ?b)"), "(sameTerm ?a ?b)");
  EXPECT_EQ(F("STRLEN(STR(?x)) > 2"), "(> (STRLEN (STR ?x)) " + I(2) + ")");
  EXPECT_EQ(F("ENCODE_FOR_URI(?x)"), "(ENCODE_FOR_URI ?x)");
  EXPECT_EQ(F("STRUUID()"), "(STRUUID)");
  EXPECT_EQ(F("REPLACE(?a, 'x', 'y', 'i')"), "(REPLACE ?a \"x\" \"y\" \"i\")");
}

TEST(ExpressionTest, EveryBuiltinParsesWithItsArity) {
  const std::pair<const char*, int> kCalls[] = {
      {"STR", 1}, {"LANG", 1}, {"LANGMATCHES", 2}, {"DATATYPE", 1}, {"IRI", 1}, {"URI", 1},
      {"ABS", 1}, {"CEIL", 1}, {"FLOOR", 1}, {"ROUND", 1}, {"STRLEN", 1}, {"UCASE", 1},
      {"LCASE", 1}, {"CONTAINS", 2}, {"STRSTARTS", 2}, {"STRENDS", 2}, {"STRBEFORE", 2},
      {"STRAFTER", 2}, {"YEAR", 1}, {"MONTH", 1}, {"DAY", 1}, {"HOURS", 1}, {"MINUTES", 1},
      {"SECONDS", 1}, {"TIMEZONE", 1}, {"TZ", 1}, {"NOW", 0}, {"UUID", 0}, {"MD5", 1},
      {"SHA1", 1}, {"SHA256", 1}, {"SHA384", 1}, {"SHA512", 1}, {"STRLANG", 2},
      {"STRDT", 2}, {"isLITERAL", 1}, {"isNUMERIC", 1}, {"RAND", 0}};
  for (const auto& [name, arity] : kCalls) {
    std::string args;
    for (int i = 0; i < arity; ++i) args += (i ? ", ?a" : "?a");
    std::string call = std::string(name) + (arity ? "(" + args + ")" : "()");
    EXPECT_NO_THROW(F(call)) << call;
    std::string wrong = std::string(name) + "(" + args + (arity ? ", ?z" : "?z") + ")";
    EXPECT_THROW(F(wrong), ParseError) << wrong;
  }
}

TEST(ExpressionTest, BadBuiltinCalls) {
  EXPECT_THROW(F("BOUND(1)"), ParseError);  // BOUND takes a variable
  EXPECT_THROW(F("REGEX(?x)"), ParseError);
  EXPECT_THROW(F("STR ?x"), ParseError);
  EXPECT_THROW(F("STRLENX(?x)"), ParseError);
}

TEST(ExpressionTest, FunctionCallsAndCasts) {
  EXPECT_EQ(F("ex:f(?x, 1)"), "(<http://ex/f> ?x " + I(1) + ")");
  EXPECT_EQ(F("<http://www.w3.org/2001/XMLSchema#integer>(?x)"),
            "(<http://www.w3.org/2001/XMLSchema#integer> ?x)");
  EXPECT_EQ(F("ex:f()"), "(<http://ex/f>)");
  EXPECT_EQ(F("ex:const"), "<http://ex/const>");
  // A bare function call is a valid FILTER constraint.
  ast::Query q = ParseQuery("PREFIX ex: <http://ex/> SELECT * { FILTER ex:f(?x) }");
  EXPECT_EQ(Show(testing::As<ast::Filter>(q.where->elements[0]).condition), "(<http://ex/f> ?x)");
}

TEST(ExpressionTest, Literals) {
  EXPECT_EQ(F("'a'@en = \"b\"^^ex:t"), "(= \"a\"@en \"b\"^^<http://ex/t>)");
  EXPECT_EQ(F("true && false"),
            "(&& \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> "
            "\"false\"^^<http://www.w3.org/2001/XMLSchema#boolean>)");
}

TEST(ExpressionTest, Exists) {
  EXPECT_EQ(F("EXISTS { ?s ?p ?o }"), "(EXISTS)");
  EXPECT_EQ(F("NOT EXISTS { ?s ?p ?o }"), "(NOT EXISTS)");
  EXPECT_EQ(F("!EXISTS { ?s ?p ?o } && ?x"), "(&& (! (EXISTS)) ?x)");
  ast::Query q = ParseQuery("SELECT * { ?s ?p ?o FILTER NOT EXISTS { ?s ?q 1 } }");
  const auto& filter = testing::As<ast::Filter>(q.where->elements.at(1));
  const auto& exists = testing::As<ast::ExistsExpr>(filter.condition);
  EXPECT_TRUE(exists.negated);
  EXPECT_EQ(exists.pattern.elements.size(), 1u);
}

TEST(ExpressionTest, Aggregates) {
  ast::Query q = ParseQuery(
      "SELECT (COUNT(*) AS ?a) (COUNT(DISTINCT *) AS ?b) (COUNT(DISTINCT ?x) AS ?c) "
      "(SUM(?x) AS ?d) (AVG(?x) AS ?e) (MIN(?x) AS ?f) (MAX(?x) AS ?g) (SAMPLE(?x) AS ?h) "
      "(GROUP_CONCAT(?x) AS ?i) (GROUP_CONCAT(DISTINCT ?x; SEPARATOR=', ') AS ?j) "
      "{ ?s ?p ?x }");
  std::vector<std::string> got;
  for (const auto& item : q.select.items) got.push_back(Show(*item.expression));
  std::vector<std::string> want = {"(COUNT *)",        "(COUNT DISTINCT *)",
                                   "(COUNT DISTINCT ?x)", "(SUM ?x)",
                                   "(AVG ?x)",         "(MIN ?x)",
                                   "(MAX ?x)",         "(SAMPLE ?x)",
                                   "(GROUP_CONCAT ?x sep= )",
                                   "(GROUP_CONCAT DISTINCT ?x sep=, )"};
  EXPECT_EQ(got, want);
  EXPECT_THROW(ParseQuery("SELECT (SUM(*) AS ?x) {}"), ParseError);
  EXPECT_THROW(ParseQuery("SELECT (SUM(?x; SEPARATOR='x') AS ?y) {}"), ParseError);
}

}  // namespace
}  // namespace corridor::sparql
