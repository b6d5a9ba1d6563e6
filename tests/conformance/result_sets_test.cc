// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The SPARQL result readers and the result comparison of the W3C runner,
// and the round trip through Corridor's own result writers.
#include "tests/conformance/result_sets.h"

#include <gtest/gtest.h>

#include <sstream>

#include "engine/result_writers.h"
#include "tests/test_util.h"

namespace corridor::conformance {
namespace {

using Row = SolutionSet::Row;

constexpr char kXsd[] = "http://www.w3.org/2001/XMLSchema#";

Term Typed(const std::string& lexical, const std::string& type) {
  return Term::TypedLiteral(lexical, kXsd + type);
}

// ------------------------------------------------------------------ srx

TEST(ReadSrx, TermsUnboundAndEscapes) {
  const SolutionSet set = ReadSrx(R"(<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head><variable name="x"/><variable name="y"/><link href="foo"/></head>
  <results ordered="false">
    <result>
      <binding name="y"><literal xml:lang="EN">a &amp; b&#x0D;&lt;</literal></binding>
      <binding name="x"><uri>http://ex.org/?a=1&amp;b=2</uri></binding>
    </result>
    <result>
      <binding name="x"><bnode>r1</bnode></binding>
    </result>
    <result>
      <binding name="x"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">7</literal></binding>
      <binding name="y"><literal>  spaced
 text </literal></binding>
    </result>
  </results>
</sparql>)",
                                  "t.srx", "p_");
  ASSERT_EQ(set.variables, (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(set.rows.size(), 3u);
  EXPECT_EQ(set.rows[0][0], Term::Iri("http://ex.org/?a=1&b=2"));
  EXPECT_EQ(set.rows[0][1], Term::LangLiteral("a & b\r<", "en"));
  EXPECT_EQ(set.rows[1][0], Term::Blank("p_r1"));
  EXPECT_EQ(set.rows[1][1], std::nullopt);
  EXPECT_EQ(set.rows[2][0], Typed("7", "integer"));
  EXPECT_EQ(set.rows[2][1], Term::Literal("  spaced\n text "));
  EXPECT_FALSE(set.boolean);
}

TEST(ReadSrx, BooleanAndErrors) {
  const SolutionSet yes = ReadSrx(
      "<sparql xmlns='http://www.w3.org/2005/sparql-results#'><head/>"
      "<boolean> true </boolean></sparql>",
      "b.srx");
  EXPECT_EQ(yes.boolean, true);
  EXPECT_THROW(ReadSrx("<sparql><head/><boolean>yes</boolean></sparql>", "b.srx"),
               std::runtime_error);
  EXPECT_THROW(ReadSrx("<sparql><head><variable name='x'/></head><results><result>", "c.srx"),
               std::runtime_error);
  EXPECT_THROW(ReadSrx("<sparql><head/><results><result><binding name='nope'><uri>a</uri>"
                       "</binding></result></results></sparql>",
                       "d.srx"),
               std::runtime_error);
}

// ------------------------------------------------------------------ srj

TEST(ReadSrj, TermsEscapesAndOldTypedLiteral) {
  const SolutionSet set = ReadSrj(R"({
    "head": { "vars": ["a", "b", "c"], "link": [] },
    "results": { "bindings": [
      { "a": { "type": "uri", "value": "http://ex.org/\u00e9" },
        "b": { "type": "literal", "value": "q\"\\\n\t\/ \ud83d\ude42", "xml:lang": "fr" },
        "c": { "type": "bnode", "value": "n0" } },
      { "b": { "type": "typed-literal", "value": "1.5",
               "datatype": "http://www.w3.org/2001/XMLSchema#decimal" } },
      { }
    ] }
  })",
                                  "t.srj", "p_");
  ASSERT_EQ(set.rows.size(), 3u);
  EXPECT_EQ(set.rows[0][0], Term::Iri("http://ex.org/é"));
  EXPECT_EQ(set.rows[0][1], Term::LangLiteral("q\"\\\n\t/ 🙂", "fr"));
  EXPECT_EQ(set.rows[0][2], Term::Blank("p_n0"));
  EXPECT_EQ(set.rows[1][1], Typed("1.5", "decimal"));
  EXPECT_EQ(set.rows[2], Row(3));
}

TEST(ReadSrj, BooleanAndErrors) {
  EXPECT_EQ(ReadSrj(R"({ "head": {}, "boolean": false })", "b.srj").boolean, false);
  EXPECT_THROW(ReadSrj(R"({ "head": {}, "boolean": "true" })", "b.srj"), std::runtime_error);
  EXPECT_THROW(ReadSrj(R"({ "head": {"vars": ["x"]}, "results": {"bindings": [)", "c.srj"),
               std::runtime_error);
  EXPECT_THROW(ReadSrj(R"({ "head": {"vars": ["x"]}, "results": {"bindings": [
                 {"y": {"type": "uri", "value": "a"}}]}})",
                       "d.srj"),
               std::runtime_error);
  EXPECT_THROW(ReadSrj(R"({"head": {}} x)", "e.srj"), std::runtime_error);
}

// ------------------------------------------------------------ tsv / csv

TEST(ReadTsv, TermSyntaxNumbersAndUnbound) {
  const SolutionSet set = ReadTsv(
      "?s\t?o\t?x\n"
      "<http://ex.org/a>\t\"a\\tb\\n\\\"c\\u00E9\"@en\t_:b0\n"
      "<http://ex.org/\\u0041>\t\"5,5\"^^<http://ex.org/dt>\t\n"
      "\t-4\t1.0e6\n"
      "\t.5\ttrue\n",
      "t.tsv", "p_");
  ASSERT_EQ(set.variables, (std::vector<std::string>{"s", "o", "x"}));
  ASSERT_EQ(set.rows.size(), 4u);
  EXPECT_EQ(set.rows[0][1], Term::LangLiteral("a\tb\n\"cé", "en"));
  EXPECT_EQ(set.rows[0][2], Term::Blank("p_b0"));
  EXPECT_EQ(set.rows[1][0], Term::Iri("http://ex.org/A"));
  EXPECT_EQ(set.rows[1][1], Term::TypedLiteral("5,5", "http://ex.org/dt"));
  EXPECT_EQ(set.rows[1][2], std::nullopt);
  EXPECT_EQ(set.rows[2][0], std::nullopt);
  EXPECT_EQ(set.rows[2][1], Typed("-4", "integer"));
  EXPECT_EQ(set.rows[2][2], Typed("1.0e6", "double"));
  EXPECT_EQ(set.rows[3][1], Typed(".5", "decimal"));
  EXPECT_EQ(set.rows[3][2], Typed("true", "boolean"));
  EXPECT_THROW(ReadTsv("?a\n<x>\t<y>\n", "f.tsv"), std::runtime_error);
  EXPECT_THROW(ReadTsv("?a\nfoo\n", "g.tsv"), std::runtime_error);
  EXPECT_THROW(ReadTsv("?a\n\"open\n", "h.tsv"), std::runtime_error);
}

TEST(ReadCsv, QuotedFieldsLineBreaksAndBlankNodes) {
  const SolutionSet set = ReadCsv(
      "a,b,c\r\n"
      "http://ex.org/a,\"4,4\",_:x\r\n"
      "\"say \"\"hi\"\"\",\"two\r\nlines\",\r\n"
      ",,plain\n",
      "t.csv", "p_");
  ASSERT_EQ(set.variables, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(set.rows.size(), 3u);
  EXPECT_EQ(set.rows[0][0], Term::Literal("http://ex.org/a"));
  EXPECT_EQ(set.rows[0][1], Term::Literal("4,4"));
  EXPECT_EQ(set.rows[0][2], Term::Blank("p_x"));
  EXPECT_EQ(set.rows[1][0], Term::Literal("say \"hi\""));
  EXPECT_EQ(set.rows[1][1], Term::Literal("two\r\nlines"));
  EXPECT_EQ(set.rows[1][2], std::nullopt);
  EXPECT_EQ(set.rows[2], (Row{std::nullopt, std::nullopt, Term::Literal("plain")}));
  EXPECT_THROW(ReadCsv("a,b\r\n1\r\n", "f.csv"), std::runtime_error);
  EXPECT_THROW(ReadCsv("a\r\n\"open\r\n", "g.csv"), std::runtime_error);
}

// ---------------------------------------------------------- rs:ResultSet

TEST(ReadRdfResultSet, SolutionsByIndexBooleanAndPlainGraphs) {
  test::TempDir dir;
  test::WriteFile(dir.path() / "rs.ttl", R"(
    @prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> .
    [] a rs:ResultSet ; rs:resultVariable "x", "y" ;
       rs:solution [ rs:index 2 ; rs:binding [ rs:variable "x" ; rs:value <b> ] ] ;
       rs:solution [ rs:index 1 ; rs:binding [ rs:variable "x" ; rs:value <a> ] ;
                                  rs:binding [ rs:variable "y" ; rs:value _:v ] ] .)");
  const auto set = ReadRdfResultSet(dir.path() / "rs.ttl", "http://base/", "p_");
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(set->variables, (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(set->rows.size(), 2u);
  EXPECT_EQ(set->rows[0][0], Term::Iri("http://base/a"));
  ASSERT_TRUE(set->rows[0][1].has_value());
  EXPECT_TRUE(set->rows[0][1]->is_blank());
  EXPECT_EQ(set->rows[1], (Row{Term::Iri("http://base/b"), std::nullopt}));

  test::WriteFile(dir.path() / "ask.ttl", R"(
    @prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> .
    [] a rs:ResultSet ; rs:boolean true .)");
  EXPECT_EQ(ReadRdfResultSet(dir.path() / "ask.ttl", "http://base/")->boolean, true);

  test::WriteFile(dir.path() / "graph.ttl", "<a> <b> <c> .");
  EXPECT_FALSE(ReadRdfResultSet(dir.path() / "graph.ttl", "http://base/").has_value());
}

// ------------------------------------------------------------ comparison

SolutionSet Set(std::vector<std::string> vars, std::vector<Row> rows) {
  SolutionSet s;
  s.variables = std::move(vars);
  s.rows = std::move(rows);
  return s;
}

Term I(const std::string& s) { return Term::Iri("http://ex.org/" + s); }

TEST(SameResults, BooleansAndVariables) {
  SolutionSet yes, no;
  yes.boolean = true;
  no.boolean = false;
  std::string why;
  EXPECT_TRUE(SameResults(yes, yes, {}, &why));
  EXPECT_FALSE(SameResults(yes, no, {}, &why));
  EXPECT_EQ(why, "expected true, got false");
  EXPECT_FALSE(SameResults(yes, Set({"x"}, {}), {}, &why));
  EXPECT_FALSE(SameResults(Set({"x", "y"}, {}), Set({"x"}, {}), {}, &why));
  EXPECT_EQ(why, "variables differ: expected ?x ?y, got ?x");
  // Variable order does not matter; columns are matched by name.
  EXPECT_TRUE(SameResults(Set({"x", "y"}, {{I("a"), I("b")}}),
                          Set({"y", "x"}, {{I("b"), I("a")}}), {}, &why))
      << why;
}

TEST(SameResults, RowDifferencesAreNamed) {
  const SolutionSet expected = Set({"x"}, {{I("a")}, {I("b")}, {std::nullopt}});
  std::string why;
  EXPECT_FALSE(SameResults(expected, Set({"x"}, {{I("a")}, {I("c")}, {std::nullopt}}), {}, &why));
  EXPECT_EQ(why,
            "expected 3 rows, got 3; 1 only expected: [?x=<http://ex.org/b>]; "
            "1 only in actual: [?x=<http://ex.org/c>]");
  EXPECT_FALSE(SameResults(expected, Set({"x"}, {{I("a")}, {I("b")}}), {}, &why));
  EXPECT_EQ(why, "expected 3 rows, got 2; 1 only expected: [?x=UNDEF]");
  // Blank nodes: labels do not matter, one mapping across rows does.
  const SolutionSet blanks = Set({"x", "y"}, {{I("a"), Term::Blank("e1")},
                                              {I("b"), Term::Blank("e1")}});
  EXPECT_TRUE(SameResults(blanks,
                          Set({"x", "y"}, {{I("b"), Term::Blank("z")}, {I("a"), Term::Blank("z")}}),
                          {}, &why));
  EXPECT_FALSE(SameResults(
      blanks, Set({"x", "y"}, {{I("b"), Term::Blank("z")}, {I("a"), Term::Blank("w")}}), {},
      &why));
  EXPECT_NE(why.find("no one bijection"), std::string::npos) << why;
}

TEST(SameResults, OrderOfTheOrderedKeysOnly) {
  CompareOptions ordered;
  ordered.order.variables = {"k"};
  const SolutionSet expected =
      Set({"k", "v"}, {{Typed("1", "integer"), I("a")}, {Typed("1", "integer"), I("b")},
                       {Typed("2", "integer"), I("c")}});
  std::string why;
  // Ties on the key may come in any order.
  EXPECT_TRUE(SameResults(expected,
                          Set({"k", "v"}, {{Typed("1", "integer"), I("b")},
                                           {Typed("1", "integer"), I("a")},
                                           {Typed("2", "integer"), I("c")}}),
                          ordered, &why))
      << why;
  const SolutionSet swapped = Set({"k", "v"}, {{Typed("2", "integer"), I("c")},
                                               {Typed("1", "integer"), I("a")},
                                               {Typed("1", "integer"), I("b")}});
  EXPECT_TRUE(SameResults(expected, swapped, {}, &why));  // unordered: fine
  EXPECT_FALSE(SameResults(expected, swapped, ordered, &why));
  EXPECT_NE(why.find("wrong order: row 1 has ?k=\"2\""), std::string::npos) << why;
}

TEST(SameResults, NumbersCompareByValueWithinTheirDatatype) {
  std::string why;
  EXPECT_TRUE(SameResults(Set({"d", "x"}, {{Typed("2.0", "decimal"), Typed("2.0E-1", "double")}}),
                          Set({"d", "x"}, {{Typed("2", "decimal"), Typed("2E-1", "double")}}), {},
                          &why))
      << why;
  EXPECT_TRUE(SameResults(Set({"i"}, {{Typed("007", "integer")}}), Set({"i"}, {{Typed("7", "integer")}}),
                          {}, &why))
      << why;
  // Not when the values differ, nor across datatypes.
  EXPECT_FALSE(SameResults(Set({"d"}, {{Typed("2.0", "decimal")}}),
                           Set({"d"}, {{Typed("2.5", "decimal")}}), {}, &why));
  EXPECT_FALSE(SameResults(Set({"d"}, {{Typed("2", "integer")}}),
                           Set({"d"}, {{Typed("2.0", "decimal")}}), {}, &why));
}

TEST(SameResults, SaysWhenRowsDifferOnlyInNumericLexicalForms) {
  std::string why;
  CompareOptions exact;
  exact.numbers_by_value = false;
  EXPECT_FALSE(SameResults(Set({"d", "x"}, {{Typed("2.0", "decimal"), Typed("2.0E-1", "double")}}),
                           Set({"d", "x"}, {{Typed("2", "decimal"), Typed("2E-1", "double")}}), exact,
                           &why));
  EXPECT_NE(why.find("differ only in the lexical forms of equal numbers"), std::string::npos)
      << why;
  // Not when the values differ, nor across datatypes.
  EXPECT_FALSE(SameResults(Set({"d"}, {{Typed("2.0", "decimal")}}),
                           Set({"d"}, {{Typed("2.5", "decimal")}}), exact, &why));
  EXPECT_EQ(why.find("lexical forms"), std::string::npos) << why;
  EXPECT_FALSE(SameResults(Set({"d"}, {{Typed("2", "integer")}}),
                           Set({"d"}, {{Typed("2.0", "decimal")}}), exact, &why));
  EXPECT_EQ(why.find("lexical forms"), std::string::npos) << why;
}

TEST(SameResults, LooseDoubleCaseForTsv) {
  const SolutionSet expected = Set({"d"}, {{Typed("1.0e6", "double")}});
  const SolutionSet actual = Set({"d"}, {{Typed("1.0E6", "double")}});
  std::string why;
  CompareOptions exact;
  exact.numbers_by_value = false;
  EXPECT_FALSE(SameResults(expected, actual, exact, &why));
  CompareOptions loose = exact;
  loose.loose_double_case = true;
  EXPECT_TRUE(SameResults(expected, actual, loose, &why));
}

// ----------------------------------- round trip through Corridor's writers

TEST(WritersRoundTrip, EveryTermReadsBackFromJsonXmlAndTsv) {
  const std::vector<std::string> vars = {"a", "b", "c"};
  const std::vector<Row> rows = {
      {I("x?q=1&r=<2>"), Term::LangLiteral("chat\t\"q\"\r\n<&>", "fr-be"), Term::Blank("b0")},
      {Typed("-5", "integer"), Typed("1E3", "double"), Term::Literal("é 中 🙂 \x01\\")},
      {std::nullopt, Term::TypedLiteral("x y", "http://ex.org/dt"), std::nullopt},
      {Typed("2.50", "decimal"), Typed("true", "boolean"), Term::Literal("")},
  };
  for (const auto format : {ResultFormat::kJson, ResultFormat::kXml, ResultFormat::kTsv}) {
    std::size_t i = 0;
    std::ostringstream out;
    internal::WriteSolutions(
        format, vars,
        [&](Row* row) {
          if (i == rows.size()) return false;
          *row = rows[i++];
          return true;
        },
        out);
    SolutionSet back;
    if (format == ResultFormat::kJson) back = ReadSrj(out.str(), "json");
    if (format == ResultFormat::kXml) {
      // XML 1.0 cannot carry U+0001 (it is written as a character
      // reference, which expat refuses): checked without it.
      std::string text = out.str();
      const auto at = text.find("&#x01;");
      ASSERT_NE(at, std::string::npos);
      text.erase(at, 6);
      back = ReadSrx(text, "xml");
      ASSERT_TRUE(back.rows[1][2].has_value());
      back.rows[1][2]->value.insert(back.rows[1][2]->value.find('\\'), "\x01");
    }
    if (format == ResultFormat::kTsv) back = ReadTsv(out.str(), "tsv");
    std::string why;
    EXPECT_TRUE(SameResults(Set(vars, rows), back, {}, &why)) << why << "\n" << out.str();
  }
}

TEST(WritersRoundTrip, CsvKeepsLexicalForms) {
  const std::vector<Row> rows = {
      {I("a"), Term::LangLiteral("a,\"b\"\r\nc", "en"), Term::Blank("n1")},
      {std::nullopt, Typed("1.0E6", "double"), Term::Literal("x")},
  };
  std::size_t i = 0;
  std::ostringstream out;
  internal::WriteSolutions(
      ResultFormat::kCsv, {"a", "b", "c"},
      [&](Row* row) {
        if (i == rows.size()) return false;
        *row = rows[i++];
        return true;
      },
      out);
  const SolutionSet back = ReadCsv(out.str(), "csv");
  const SolutionSet want =
      Set({"a", "b", "c"},
          {{Term::Literal("http://ex.org/a"), Term::Literal("a,\"b\"\r\nc"), Term::Blank("q")},
           {std::nullopt, Term::Literal("1.0E6"), Term::Literal("x")}});
  std::string why;
  EXPECT_TRUE(SameResults(want, back, {}, &why)) << why << "\n" << out.str();
}

}  // namespace
}  // namespace corridor::conformance
