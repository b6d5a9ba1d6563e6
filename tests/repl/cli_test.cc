// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The command line through RunCli, with string streams instead of a terminal.
#include "repl/cli.h"

#include <gtest/gtest.h>

#include <sstream>

#include "test_util.h"

namespace corridor::repl {
namespace {

using test::TempDir;
using test::WriteFile;

struct CliRun {
  int code;
  std::string out, err;
};

CliRun Cli(std::vector<std::string> args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  int code = RunCli(args, in, out, err);
  return {code, out.str(), err.str()};
}

class CliTest : public ::testing::Test {
 protected:
  std::string Db() const { return (dir_.path() / "db").string(); }
  std::string File(const std::string& name, const std::string& content) const {
    WriteFile(dir_.path() / name, content);
    return (dir_.path() / name).string();
  }
  TempDir dir_;
};

TEST_F(CliTest, LoadStatsDump) {
  std::string f = File("a.ttl", "@prefix e: <http://e/> . e:a e:p e:b, e:c . e:b e:q \"x\" .\n");
  CliRun load = Cli({"load", Db(), f});
  EXPECT_EQ(load.code, 0) << load.err;
  EXPECT_NE(load.err.find("3 added"), std::string::npos) << load.err;
  CliRun again = Cli({"load", Db(), f});
  EXPECT_NE(again.err.find("0 added, 3 duplicates skipped"), std::string::npos) << again.err;
  CliRun stats = Cli({"stats", Db()});
  EXPECT_EQ(stats.code, 0);
  EXPECT_NE(stats.out.find("quads           3"), std::string::npos) << stats.out;
  EXPECT_NE(stats.out.find("<http://e/p>"), std::string::npos) << stats.out;
  CliRun dump = Cli({"dump", Db()});
  EXPECT_EQ(dump.code, 0);
  EXPECT_NE(dump.out.find("<http://e/b> <http://e/q> \"x\" ."), std::string::npos) << dump.out;
  EXPECT_EQ(std::count(dump.out.begin(), dump.out.end(), '\n'), 3);
}

TEST_F(CliTest, LoadsStandardInputAsDash) {
  CliRun r = Cli({"load", Db(), "-", "--format", "nt"},
                 "<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n"
                 "<http://ex.org/a> <http://ex.org/p> <http://ex.org/c> .\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("2 added"), std::string::npos) << r.err;
  // Errors point into standard input, and nothing is loaded.
  r = Cli({"load", Db(), "-", "--format", "ttl"}, "<http://ex.org/a> <http://ex.org/p> .\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("stdin:1:"), std::string::npos) << r.err;
  r = Cli({"query", Db(), "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--format", "tsv"});
  EXPECT_NE(r.out.find("2"), std::string::npos) << r.out;
  // The format cannot come from a name; '-' does not mix with files.
  r = Cli({"load", Db(), "-"}, "");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("needs --format"), std::string::npos) << r.err;
  r = Cli({"load", Db(), "-", File("x.nt", ""), "--format", "nt"}, "");
  EXPECT_EQ(r.code, 2);
}

TEST_F(CliTest, GraphFormatAndBaseOptions) {
  std::string f = File("data.txt", "<a> <p> <b> .\n");
  CliRun r = Cli({"load", Db(), f, "--format", "ttl", "--base", "http://x/", "--graph", "http://g/1"});
  EXPECT_EQ(r.code, 0) << r.err;
  CliRun dump = Cli({"dump", Db(), "--format", "nq"});
  EXPECT_NE(dump.out.find("<http://x/a> <http://x/p> <http://x/b> <http://g/1> ."), std::string::npos)
      << dump.out;
  CliRun trig = Cli({"dump", Db(), "--format", "trig"});
  EXPECT_NE(trig.out.find("<http://g/1> {"), std::string::npos) << trig.out;
}

TEST_F(CliTest, SyntaxErrorNamesFileLineColumnAndChangesNothing) {
  std::string good = File("good.nt", "<http://e/a> <http://e/p> <http://e/b> .\n");
  std::string bad = File("bad.nt", "<http://e/a> <http://e/p> <http://e/c> .\n<http://e/x> <http://e/p> \"open .\n");
  ASSERT_EQ(Cli({"load", Db(), good}).code, 0);
  CliRun r = Cli({"load", Db(), good, bad});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.rfind("error: " + bad + ":2:", 0), 0u) << r.err;
  CliRun dump = Cli({"dump", Db()});
  EXPECT_EQ(std::count(dump.out.begin(), dump.out.end(), '\n'), 1);
}

TEST_F(CliTest, UpdateChangesTheDatabaseAtomically) {
  ASSERT_EQ(Cli({"load", Db(), File("a.nt", "<http://e/a> <http://e/p> <http://e/b> .\n")}).code, 0);
  CliRun r = Cli({"update", Db(), "INSERT DATA { <http://e/c> <http://e/p> 1 } ; DELETE DATA { <http://e/a> <http://e/p> <http://e/b> }"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("1 quads inserted, 1 deleted (2 operations"), std::string::npos) << r.out;
  std::string file = File("req.ru", "DELETE WHERE { ?s <http://e/p> ?o }");
  EXPECT_EQ(Cli({"update", Db(), "-f", file}).code, 0);
  // A request that fails halfway changes nothing.
  ASSERT_EQ(Cli({"update", Db(), "INSERT DATA { <http://e/x> <http://e/p> 2 }"}).code, 0);
  CliRun bad = Cli({"update", Db(), "INSERT DATA { <http://e/y> <http://e/p> 3 } ; LOAD <file:///nonexistent/file.nt>"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.err.rfind("error: ", 0), 0u) << bad.err;
  CliRun dump = Cli({"dump", Db()});
  EXPECT_EQ(dump.out, "<http://e/x> <http://e/p> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
  CliRun syntax = Cli({"update", Db(), "INSERT DATA { <a> }"});
  EXPECT_EQ(syntax.code, 1);
  EXPECT_NE(syntax.err.find("<update>:1:"), std::string::npos) << syntax.err;
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(Cli({"load"}).code, 2);
  EXPECT_EQ(Cli({"load", Db()}).code, 2);
  EXPECT_EQ(Cli({"stats"}).code, 2);
  EXPECT_EQ(Cli({"frobnicate", "x", "y"}).code, 2);
  CliRun r = Cli({"load", Db(), "x.nt", "--colour", "red"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown option --colour"), std::string::npos);
  EXPECT_EQ(Cli({"help"}).code, 0);
}

TEST_F(CliTest, StatsOfAMissingDatabaseFails) {
  CliRun r = Cli({"stats", (dir_.path() / "nope").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST_F(CliTest, ShellReadsCommandsFromAPipe) {
  std::string f = File("a.nt", "<http://e/a> <http://e/p> <http://e/b> .\n");
  CliRun r = Cli({Db()}, ".load " + f + "\n.stats\n.bogus\n.quit\n");
  EXPECT_NE(r.out.find("1 quads"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("unknown command '.bogus'"), std::string::npos) << r.err;
  EXPECT_EQ(r.code, 1);  // a statement failed
}

}  // namespace
}  // namespace corridor::repl
