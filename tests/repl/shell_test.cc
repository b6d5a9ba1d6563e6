// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Scripted shell sessions and the query/explain/validate subcommands over
// the CPEC graph, through RunCli with string streams.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "repl/cli.h"
#include "repl/shell.h"
#include "test_util.h"

namespace corridor::repl {
namespace {

using test::TempDir;
using test::WriteFile;

struct Outcome {
  int code;
  std::string out, err;
};

Outcome Cli(std::vector<std::string> args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  int code = RunCli(args, in, out, err);
  return {code, out.str(), err.str()};
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A database with the CPEC vocabulary and graph, built once per test.
class ShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string schema = std::string(CORRIDOR_SOURCE_DIR) + "/schema/";
    Outcome r = Cli({"load", Db(), schema + "cpec-vocabulary.ttl", schema + "cpec-2.0.trig"});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  std::string Db() const { return (dir_.path() / "db").string(); }
  std::string Path(const std::string& name) const { return (dir_.path() / name).string(); }
  Outcome Session(const std::string& script) { return Cli({Db()}, script); }
  TempDir dir_;
};

TEST_F(ShellTest, SelectPrintsAPrefixedTableWithoutBannerOrPrompt) {
  Outcome r = Session("SELECT ?label WHERE {\n  GRAPH ?g { cpecd:Gwadar rdfs:label ?label }\n};\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "label\n-----------\n\"Gwadar\"@en\n(1 row)\n");
  Outcome types = Session("SELECT ?t WHERE { GRAPH ?g { cpecd:Gwadar a ?t } } ORDER BY ?t\n");
  EXPECT_TRUE(Has(types.out, "cpec:PortCity")) << types.out;
  EXPECT_FALSE(Has(types.out, "corridor>"));
}

TEST_F(ShellTest, PrefixesTypedAtThePromptStayDeclared) {
  Outcome r = Session(
      "PREFIX ex: <http://example.org/>\n\n"
      "ASK { FILTER(STR(ex:a) = \"http://example.org/a\") };\n"
      ".prefixes\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "yes\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "PREFIX ex: <http://example.org/>")) << r.out;
  EXPECT_TRUE(Has(r.out, "PREFIX cpec: <https://corridor.dev/ns/cpec#>")) << r.out;
  // Without the declaration the same ASK fails.
  Outcome bad = Session("ASK { FILTER(STR(ex:a) = \"http://example.org/a\") };\n");
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Has(bad.err, "error: ")) << bad.err;
}

TEST_F(ShellTest, ModesRowLimitAndTimer) {
  const std::string q = "SELECT ?c WHERE { GRAPH ?g { ?c a cpec:ThematicCorridor } } ORDER BY ?c;\n";
  Outcome csv = Session(".mode csv\n" + q);
  EXPECT_EQ(csv.out.substr(0, 3), "c\r\n") << csv.out;
  EXPECT_TRUE(Has(csv.out, "https://corridor.dev/data/cpec/")) << csv.out;
  Outcome json = Session(".mode json\n" + q);
  EXPECT_TRUE(Has(json.out, "\"bindings\"")) << json.out;
  Outcome limited = Session(".maxrows 2\n" + q);
  EXPECT_TRUE(Has(limited.out, "(2 of 5 rows shown")) << limited.out;
  Outcome timed = Session(".timer on\n" + q);
  EXPECT_TRUE(Has(timed.out, "(5 rows)\ntime: ")) << timed.out;
  Outcome badmode = Session(".mode html\n");
  EXPECT_EQ(badmode.code, 1);
}

TEST_F(ShellTest, ConstructPrintsPrefixedTriples) {
  Outcome r = Session("CONSTRUCT { cpecd:Gwadar a ?t } WHERE { GRAPH ?g { cpecd:Gwadar a ?t } }\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "cpecd:Gwadar rdf:type cpec:PortCity .")) << r.out;
  EXPECT_TRUE(Has(r.out, "(1 triple)\n")) << r.out;
}

TEST_F(ShellTest, UnknownCommandSuggestsTheNearest) {
  Outcome r = Session(".stat\n.graps\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "unknown command '.stat'; did you mean .stats?")) << r.err;
  EXPECT_TRUE(Has(r.err, "did you mean .graphs?")) << r.err;
}

TEST_F(ShellTest, HelpListsEveryCommandOfTheTable) {
  Outcome r = Session(".help\n");
  for (const auto& name : Shell::CommandNames()) EXPECT_TRUE(Has(r.out, name)) << name;
  EXPECT_TRUE(Has(r.out, ".load FILE [GRAPH]")) << r.out;
}

TEST_F(ShellTest, SyntaxErrorGoesToStderrWithCaretAndLaterStatementsRun) {
  Outcome r = Session("SELECT * WHERE { ?s ?p };\nASK { };\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_TRUE(Has(r.err, "^")) << r.err;
  EXPECT_TRUE(Has(r.err, ":1:")) << r.err;
  EXPECT_EQ(r.out, "yes\n");
}

TEST_F(ShellTest, OutputToAFileAndBack) {
  const std::string file = Path("out.txt");
  Outcome r = Session(".output " + file + "\nASK {};\n.output\nASK { FILTER(false) };\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "no\n");
  std::ifstream in(file);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), "yes\n");
}

TEST_F(ShellTest, ReadRunsAFile) {
  const std::string file = Path("script.rq");
  WriteFile(file, "PREFIX ex: <http://example.org/>\nASK {\n}\n\n.prefixes\n");
  Outcome r = Session(".read " + file + "\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "yes\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "PREFIX ex: <http://example.org/>")) << r.out;
  EXPECT_EQ(Session(".read " + Path("missing.rq") + "\n").code, 1);
}

TEST_F(ShellTest, StatsAndGraphs) {
  Outcome r = Session(".stats\n.graphs\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "<https://corridor.dev/data/cpec/article/cpec-2.0>")) << r.out;
  EXPECT_TRUE(Has(r.out, "(default graph)")) << r.out;
  EXPECT_TRUE(Has(r.out, "(2 rows)")) << r.out;
}

TEST_F(ShellTest, LoadIntoANamedGraph) {
  const std::string file = Path("extra.ttl");
  WriteFile(file, "<http://e/a> <http://e/p> <http://e/b> .\n");
  Outcome r = Session(".load " + file + " http://e/g\n.graphs\nASK { GRAPH <http://e/g> { ?s ?p ?o } };\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "1 triples added")) << r.out;
  EXPECT_TRUE(Has(r.out, "<http://e/g>")) << r.out;
  EXPECT_TRUE(Has(r.out, "(3 rows)\nyes\n")) << r.out;
  EXPECT_EQ(Session(".load\n").code, 1);
  EXPECT_EQ(Session(".load " + Path("missing.ttl") + "\n").code, 1);
}

TEST_F(ShellTest, CompletesPrefixedNamesFromTheDatabase) {
  auto db = Database::Open(Db());
  std::ostringstream out, err;
  Shell shell(*db, out, err);
  EXPECT_EQ(shell.Completions("cpecd:Gwa"),
            (std::vector<std::string>{"cpecd:Gwadar", "cpecd:GwadarDevelopment"}));
  EXPECT_EQ(shell.Completions("cpec:Delegat"), std::vector<std::string>{"cpec:Delegation"});
  EXPECT_TRUE(shell.Completions("nope:x").empty());
  EXPECT_EQ(shell.Completions(".vali"), std::vector<std::string>{".validate"});
  EXPECT_EQ(shell.Completions("ORDE"), std::vector<std::string>{"ORDER"});
}

TEST_F(ShellTest, ExplainCommand) {
  Outcome r = Session(".explain SELECT * WHERE { ?s cpec:leads ?o }\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
}

TEST_F(ShellTest, UpdatesGoToDatabaseUpdate) {
  Outcome r = Session("INSERT DATA { cpecd:X a cpec:City };\nASK { cpecd:X a cpec:City };\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "1 quads inserted")) << r.out;
  EXPECT_TRUE(Has(r.out, "yes\n")) << r.out;
}

TEST_F(ShellTest, ValidateFindsNothingInTheCpecGraph) {
  Outcome r = Cli({"validate", Db()});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "no problems")) << r.out;
  Outcome shell = Session(".validate\n");
  EXPECT_EQ(shell.code, 0) << shell.err;
}

TEST_F(ShellTest, ValidateReportsUndeclaredTermsDomainAndRange) {
  const std::string bad = Path("bad.ttl");
  WriteFile(bad,
            "@prefix cpec: <https://corridor.dev/ns/cpec#> .\n"
            "@prefix cpecd: <https://corridor.dev/data/cpec/> .\n"
            "cpecd:Somewhere a cpec:City ; cpec:leadsTo cpecd:Gwadar .\n"    // undeclared property
            "cpecd:Somewhere cpec:leads cpecd:IqbalDelegation .\n"            // domain: a City is no Actor
            "cpecd:AhsanIqbal cpec:participatesIn cpecd:Gwadar .\n"           // range: Gwadar is no Event
            "cpecd:TrainingDelegation cpec:memberCount \"many\" .\n");       // range: not an xsd:integer
  ASSERT_EQ(Cli({"load", Db(), bad}).code, 0);
  Outcome r = Cli({"validate", Db()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "undeclared term cpec:leadsTo: subject cpecd:Somewhere, predicate cpec:leadsTo"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "domain violation: subject cpecd:Somewhere of predicate cpec:leads")) << r.out;
  EXPECT_TRUE(Has(r.out, "is not a cpec:Actor")) << r.out;
  EXPECT_TRUE(Has(r.out, "range violation: object cpecd:Gwadar of subject cpecd:AhsanIqbal, predicate "
                         "cpec:participatesIn is not a cpec:Event"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "range violation: object \"many\" of subject cpecd:TrainingDelegation, predicate "
                         "cpec:memberCount is not a xsd:integer literal"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "4 problems")) << r.out;
}

TEST_F(ShellTest, QuerySubcommandFormats) {
  const std::string q =
      "SELECT ?d WHERE { GRAPH ?g { cpecd:AhsanIqbal cpec:leads ?d } }";
  Outcome table = Cli({"query", Db(), q});
  EXPECT_EQ(table.code, 0) << table.err;
  EXPECT_TRUE(Has(table.out, "cpecd:IqbalDelegation\n(1 row)\n")) << table.out;
  Outcome json = Cli({"query", Db(), q, "--format", "json"});
  EXPECT_TRUE(Has(json.out, "\"value\": \"https://corridor.dev/data/cpec/IqbalDelegation\"") ||
              Has(json.out, "\"value\":\"https://corridor.dev/data/cpec/IqbalDelegation\""))
      << json.out;
  Outcome csv = Cli({"query", Db(), q, "--format", "csv"});
  EXPECT_EQ(csv.out, "d\r\nhttps://corridor.dev/data/cpec/IqbalDelegation\r\n");
  Outcome bad = Cli({"query", Db(), "SELECT * WHERE {\n  ?s ?p\n}"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.err.rfind("error: ", 0), 0u) << bad.err;
  EXPECT_TRUE(Has(bad.err, "^")) << bad.err;
  EXPECT_TRUE(Has(bad.err, ":3:")) << bad.err;
  Outcome format = Cli({"query", Db(), q, "--format", "yaml"});
  EXPECT_EQ(format.code, 2);
}

TEST_F(ShellTest, ExplainSubcommand) {
  Outcome r = Cli({"explain", Db(), "SELECT * WHERE { ?s cpec:leads ?o }"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
  Outcome bad = Cli({"explain", Db(), "SELECT WHERE"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(Has(bad.err, "^")) << bad.err;
}

}  // namespace
}  // namespace corridor::repl
