// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The shell's input handling and table rendering, without a terminal.
#include "repl/input.h"

#include <gtest/gtest.h>

#include <sstream>

#include "repl/table.h"

namespace corridor::repl {
namespace {

// Feeds `lines` and returns the statements completed, in order.
std::vector<std::string> Statements(const std::vector<std::string>& lines, bool flush = false) {
  StatementBuffer b;
  std::vector<std::string> out;
  for (const auto& l : lines) {
    if (auto s = b.AddLine(l)) out.push_back(*s);
  }
  if (flush) {
    if (auto s = b.Flush()) out.push_back(*s);
  }
  return out;
}

TEST(StatementBufferTest, SemicolonOrBlankLineEndsABalancedStatement) {
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s ?p ?o };"}), std::vector<std::string>{"SELECT * WHERE { ?s ?p ?o }"});
  EXPECT_EQ(Statements({"SELECT * WHERE {", "  ?s ?p ?o", "}", ""}),
            std::vector<std::string>{"SELECT * WHERE {\n  ?s ?p ?o\n}"});
  // Inside braces a ';' (predicate list) or a blank line does not end it.
  EXPECT_TRUE(Statements({"SELECT * WHERE { ?s ?p ?o ;", "", "  ?q ?r"}).empty());
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s ?p ?o ;", "", "  ?q ?r }", ""}).size(), 1u);
  EXPECT_TRUE(Statements({"SELECT * WHERE { ?s ?p ?o }"}).empty());
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s ?p ?o }"}, /*flush=*/true).size(), 1u);
  EXPECT_TRUE(Statements({"", "  ", "# only a comment"}, /*flush=*/true).empty());
}

TEST(StatementBufferTest, StringsIrisAndCommentsHideBrackets) {
  // A '{' or ';' inside a string, IRI or comment does not count.
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s ?p \"a { b ; \" };"}).size(), 1u);
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s ?p 'it\\'s {' };"}).size(), 1u);
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s <http://e/x;y> ?o };"}).size(), 1u);
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s ?p ?o } # comment {", ""}).size(), 1u);
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s ?p ?o } ; # done"}).size(), 1u);
  // '<' as an operator is not an IRI.
  EXPECT_EQ(Statements({"SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) };"}).size(), 1u);
  // A long string spans lines, blank lines included.
  auto s = Statements({"SELECT * WHERE { ?s ?p \"\"\"one", "", "two; } \"\"\" }", ""});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_NE(s[0].find("one\n\ntwo; }"), std::string::npos) << s[0];
}

TEST(ScanSparqlTest, ReportsDepthAndOpenStrings) {
  EXPECT_EQ(ScanSparql("{ ( [").depth, 3);
  EXPECT_EQ(ScanSparql("{ } }").depth, -1);
  EXPECT_TRUE(ScanSparql("SELECT \"\"\"abc").in_string);
  EXPECT_FALSE(ScanSparql("SELECT \"abc\\\"\"").in_string);
  EXPECT_TRUE(ScanSparql("x ;").ends_with_semicolon);
  EXPECT_FALSE(ScanSparql("x ; y").ends_with_semicolon);
  EXPECT_TRUE(ScanSparql("x ; # c").ends_with_semicolon);
}

TEST(PrologueTest, DeclaredPrefixesAndUpdates) {
  auto p = DeclaredPrefixes("# c\nBASE <http://b/>\nPREFIX ex: <http://ex/>\nprefix : <http://d/> SELECT ...");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], std::make_pair(std::string("ex"), std::string("http://ex/")));
  EXPECT_EQ(p[1], std::make_pair(std::string(""), std::string("http://d/")));
  EXPECT_TRUE(DeclaredPrefixes("SELECT * { ?s ?p \"PREFIX x: <http://x/>\" }").empty());
  EXPECT_TRUE(IsPrologueOnly("PREFIX ex: <http://ex/>  # just that"));
  EXPECT_FALSE(IsPrologueOnly("PREFIX ex: <http://ex/> ASK {}"));
  EXPECT_TRUE(IsUpdate("PREFIX ex: <http://ex/> INSERT DATA { ex:a ex:b ex:c }"));
  EXPECT_TRUE(IsUpdate("  clear all"));
  EXPECT_TRUE(IsUpdate("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"));
  EXPECT_FALSE(IsUpdate("SELECT * WHERE { ?s ?p ?o }"));
  EXPECT_FALSE(IsUpdate("ASK { ?s <http://e/insert> ?o }"));
  EXPECT_FALSE(IsUpdate("INSERTION"));
}

TEST(DotCommandTest, ParsesNameArgumentsAndRest) {
  auto c = ParseDotCommand("  .load \"my file.ttl\" http://g/1 ");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, ".load");
  EXPECT_EQ(c->args, (std::vector<std::string>{"my file.ttl", "http://g/1"}));
  auto e = ParseDotCommand(".explain SELECT * { ?s ?p ?o }");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rest, "SELECT * { ?s ?p ?o }");
  EXPECT_FALSE(ParseDotCommand("SELECT 1"));
}

TEST(SuggestionTest, NearestByEditDistance) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  const std::vector<std::string> names = {".help", ".load", ".stats", ".graphs", ".quit"};
  EXPECT_EQ(Nearest(".stat", names), ".stats");
  EXPECT_EQ(Nearest(".graps", names), ".graphs");
  EXPECT_EQ(Nearest(".qiut", names), ".quit");
  EXPECT_FALSE(Nearest(".frobnicate", names));
}

TEST(CompletionTest, KeywordsPrefixesAndCommands) {
  const std::map<std::string, std::string> prefixes = {{"cpec", "https://corridor.dev/ns/cpec#"},
                                                       {"cpecd", "https://corridor.dev/data/cpec/"}};
  EXPECT_EQ(CompletionCandidates(".he", {".help", ".load"}, prefixes), std::vector<std::string>{".help"});
  EXPECT_EQ(CompletionCandidates("SEL", {}, prefixes), std::vector<std::string>{"SELECT"});
  EXPECT_EQ(CompletionCandidates("opt", {}, prefixes), std::vector<std::string>{"optional"});
  EXPECT_EQ(CompletionCandidates("cpe", {}, prefixes), (std::vector<std::string>{"cpec:", "cpecd:"}));
  EXPECT_TRUE(CompletionCandidates("cpec:Ac", {}, prefixes).empty());
}

TEST(TableTest, CompactTermsUseTheLongestPrefix) {
  const std::map<std::string, std::string> prefixes = {{"e", "http://e/"}, {"ed", "http://e/d/"},
                                                       {"xsd", "http://www.w3.org/2001/XMLSchema#"}};
  EXPECT_EQ(CompactTerm(Term::Iri("http://e/d/x"), prefixes), "ed:x");
  EXPECT_EQ(CompactTerm(Term::Iri("http://e/a"), prefixes), "e:a");
  EXPECT_EQ(CompactTerm(Term::Iri("http://e/a/b"), prefixes), "<http://e/a/b>");
  EXPECT_EQ(CompactTerm(Term::Iri("http://other/a"), prefixes), "<http://other/a>");
  EXPECT_EQ(CompactTerm(Term::TypedLiteral("27", "http://www.w3.org/2001/XMLSchema#integer"), prefixes), "27");
  EXPECT_EQ(CompactTerm(Term::TypedLiteral("2024-01-02", "http://www.w3.org/2001/XMLSchema#date"), prefixes),
            "\"2024-01-02\"^^xsd:date");
  EXPECT_EQ(CompactTerm(Term::LangLiteral("Gwadar", "en"), prefixes), "\"Gwadar\"@en");
}

TEST(TableTest, AlignsCutsAndCounts) {
  std::ostringstream out;
  RenderTable({"a", "bb"}, {{"x", "yyy"}, {"längere", ""}}, {}, out);
  EXPECT_EQ(out.str(),
            "a       | bb\n"
            "--------+----\n"
            "x       | yyy\n"
            "längere |\n"
            "(2 rows)\n");
  std::ostringstream cut;
  RenderTable({"a", "b"}, {{std::string(30, 'x'), "short"}}, {20, 0}, cut);
  std::istringstream lines(cut.str());
  std::string line;
  while (std::getline(lines, line)) {
    if (line[0] != '(') {
      EXPECT_LE(DisplayWidth(line), 20u) << line;
    }
  }
  EXPECT_NE(cut.str().find("…"), std::string::npos) << cut.str();
  std::ostringstream held;
  RenderTable({"a"}, {{"1"}, {"2"}}, {0, 5}, held);
  EXPECT_NE(held.str().find("(2 of 5 rows shown"), std::string::npos) << held.str();
  std::ostringstream one;
  RenderTable({"a"}, {{"1"}}, {}, one);
  EXPECT_NE(one.str().find("(1 row)"), std::string::npos);
}

}  // namespace
}  // namespace corridor::repl
