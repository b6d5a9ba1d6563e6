// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// No crash, hang or blow-up: huge queries, deep nesting, random bytes. Each
// case must finish (with a result or a ParseError) well within a second.
#include <chrono>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "parser/config.hpp"
#include "parser/sparql_parser.hpp"

namespace corridor::sparql {
namespace {

using Clock = std::chrono::steady_clock;

// Time limits are for optimised builds; sanitizers slow parsing ~10x.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr double kSlowdown = 10;
#else
constexpr double kSlowdown = 1;
#endif

// Runs `f`, returns seconds taken.
template <typename F>
double Timed(F&& f) {
  auto start = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * n);
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

constexpr int kLimit = parser::kMaxNestingDepth;

void ExpectNestingError(const std::string& query) {
  double seconds = Timed([&] {
    try {
      ParseQuery(query);
      ADD_FAILURE() << "deep nesting accepted";
    } catch (const ParseError& e) {
      EXPECT_NE(e.message().find("nesting deeper than"), std::string::npos) << e.message();
      EXPECT_EQ(e.line(), 1u);
    }
  });
  EXPECT_LT(seconds, 1.0 * kSlowdown);
}

TEST(RobustnessTest, TenThousandNestedBrackets) {
  ExpectNestingError("SELECT * { FILTER(" + Repeat("(", 10000) + "1" + Repeat(")", 10000) + ") }");
  ExpectNestingError("SELECT * " + Repeat("{", 10000) + Repeat("}", 10000));
  ExpectNestingError("SELECT * { ?s ?p " + Repeat("[ <p> ", 10000) + "1" + Repeat("]", 10000) + " }");
  ExpectNestingError("SELECT * { ?s ?p " + Repeat("(", 10000) + "1" + Repeat(")", 10000) + " }");
  ExpectNestingError("SELECT * { ?s " + Repeat("(", 10000) + "<p>" + Repeat(")", 10000) + " ?o }");
  ExpectNestingError("SELECT * { FILTER(" + Repeat("STR(", 10000) + "1" + Repeat(")", 10000) + ") }");
  // Unbalanced too.
  ExpectNestingError("SELECT * { FILTER(" + Repeat("(", 10000));
  ExpectNestingError("SELECT * " + Repeat("{ FILTER EXISTS ", 10000));
}

TEST(RobustnessTest, NestingErrorPointsAtTheBracket) {
  std::string query = "SELECT * { FILTER" + Repeat("(", kLimit + 5) + "1" + Repeat(")", kLimit + 5) + " }";
  try {
    ParseQuery(query);
    FAIL();
  } catch (const ParseError& e) {
    // The expression rule counts levels: FILTER's '(' opens the first.
    EXPECT_EQ(e.column(), std::string("SELECT * { FILTER").size() + kLimit + 1);
  }
}

TEST(RobustnessTest, NestingUpToTheLimitIsAccepted) {
  int depth = kLimit - 2;
  EXPECT_NO_THROW(ParseQuery("SELECT * { FILTER(" + Repeat("(", depth) + "1" + Repeat(")", depth) + ") }"));
  EXPECT_NO_THROW(ParseQuery("SELECT * " + Repeat("{ ", depth) + Repeat("}", depth)));
}

TEST(RobustnessTest, OneMegabyteQuery) {
  std::string query = "PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n";
  int n = 0;
  while (query.size() < (1 << 20)) {
    std::string i = std::to_string(n++);
    query += "  ?s" + i + " ex:p" + i + " \"value " + i + "\" ; ex:q ?o" + i + ", [ ex:r " + i +
             " ], (1 2) .\n  FILTER(?o" + i + " != " + i + " && STRLEN(STR(?s" + i + ")) > 1)\n";
  }
  query += "}";
  ast::Query q;
  double seconds = Timed([&] { q = ParseQuery(query); });
  EXPECT_LT(seconds, 1.0 * kSlowdown);
  EXPECT_EQ(q.where->elements.size(), 2u * n);
}

TEST(RobustnessTest, LongFlatStructuresDoNotRecurse) {
  // 200,000 triples in one block, a 100,000-item collection, a long update.
  std::string triples = "SELECT * { " + Repeat("?s <http://p> 1 . ", 50000) + "}";
  std::string collection = "SELECT * { ?s ?p (" + Repeat("1 ", 100000) + ") }";
  std::string update = Repeat("CLEAR ALL ; ", 50000) + "CLEAR ALL";
  std::string unions = "SELECT * { " + Repeat("{ ?s ?p ?o } UNION ", 20000) + "{} }";
  std::string expr = "SELECT * { FILTER(1" + Repeat(" + 1", 100000) + ") }";
  double seconds = Timed([&] {
    EXPECT_NO_THROW(ParseQuery(triples));
    EXPECT_NO_THROW(ParseQuery(collection));
    EXPECT_EQ(ParseUpdate(update).operations.size(), 50001u);
    EXPECT_NO_THROW(ParseQuery(unions));
  });
  EXPECT_LT(seconds, 3.0 * kSlowdown);
  // Operator chains are flat, not 100,000 levels deep.
  ast::Query q;
  EXPECT_LT(Timed([&] { q = ParseQuery(expr); }), 1.0 * kSlowdown);
  const auto& filter = boost::get<ast::Filter>(q.where->elements.at(0).get());
  const auto& chain = boost::get<ast::x3::forward_ast<ast::BinaryExpr>>(filter.condition.get()).get();
  EXPECT_EQ(chain.operands.size(), 100001u);
  std::string ors = "SELECT * { FILTER(?x = 1" + Repeat(" || ?x = 1", 100000) + ") }";
  EXPECT_LT(Timed([&] { q = ParseQuery(ors); }), 1.0 * kSlowdown);
}

TEST(RobustnessTest, RandomBytes) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  double seconds = Timed([&] {
    for (int i = 0; i < 200; ++i) {
      std::string text(5000, '\0');
      for (char& c : text) c = static_cast<char>(byte(rng));
      EXPECT_THROW(ParseQuery(text), ParseError);
      EXPECT_THROW(ParseUpdate(text), ParseError);
    }
  });
  EXPECT_LT(seconds, 1.0 * kSlowdown);
}

TEST(RobustnessTest, RandomTokenSoup) {
  const char* const kTokens[] = {
      "SELECT", "*", "WHERE", "{", "}", "(", ")", "[", "]", "?x", "$y", "<http://a>", "ex:p",
      ".", ";", ",", "a", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "BIND", "AS",
      "VALUES", "UNDEF", "'s'", "\"s\"@en", "^^", "1", "-1.5", "2e3", "true", "||", "&&", "!",
      "=", "<", "+", "-", "/", "|", "^", "?", "COUNT", "GROUP", "BY", "ORDER", "HAVING",
      "LIMIT", "EXISTS", "NOT", "IN", "STR", "REGEX", "_:b", "INSERT", "DELETE", "DATA",
      "CLEAR", "ALL", "SERVICE", "DISTINCT", "#c\n", "\\u0041", "'''x'''", "PREFIX ex: <http://e/>"};
  std::mt19937 rng(777);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kTokens) - 1);
  std::uniform_int_distribution<int> length(1, 80);
  int parsed = 0;
  double seconds = Timed([&] {
    for (int i = 0; i < 3000; ++i) {
      std::string text = i % 2 ? "PREFIX ex: <http://e/> SELECT * { " : "";
      for (int n = length(rng); n > 0; --n) text += std::string(kTokens[pick(rng)]) + " ";
      try {
        ParseQuery(text);
        ++parsed;
      } catch (const ParseError& e) {
        EXPECT_GE(e.line(), 1u);
        EXPECT_GE(e.column(), 1u);
      }
      try {
        ParseUpdate(text);
      } catch (const ParseError&) {
      }
    }
  });
  EXPECT_LT(seconds, 2.0 * kSlowdown);
}

}  // namespace
}  // namespace corridor::sparql
