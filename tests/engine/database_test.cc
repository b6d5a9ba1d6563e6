// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The public API end to end: open, load (files and strings, every format),
// atomic failure, match, statistics, dump round trip, errors.
#include "corridor/database.h"

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <thread>

#include "test_util.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::WriteFile;

std::multiset<std::string> AllQuads(const Database& db, QuadPattern pattern = {}) {
  std::multiset<std::string> out;
  auto cursor = db.Match(pattern);
  Quad q;
  while (cursor.Next(&q)) out.insert(q.ToNQuads());
  return out;
}

LoadOptions Format(RdfFormat f) {
  LoadOptions o;
  o.format = f;
  return o;
}

class DatabaseTest : public ::testing::Test {
 protected:
  std::unique_ptr<Database> OpenDb(const std::string& name = "db") {
    return Database::Open(dir_.path() / name);
  }
  TempDir dir_;
};

TEST_F(DatabaseTest, LoadsTurtleStringAndMatchesPatterns) {
  auto db = OpenDb();
  auto r = db->LoadString(R"(
      @prefix ex: <http://example.org/> .
      ex:alice ex:knows ex:bob, ex:carol ; ex:age 42 ; ex:name "Alice"@EN .
      ex:bob ex:knows ex:carol .)",
                          Format(RdfFormat::kTurtle));
  EXPECT_EQ(r.quads_read, 5u);
  EXPECT_EQ(r.quads_added, 5u);
  QuadPattern knows;
  knows.predicate = Term::Iri("http://example.org/knows");
  EXPECT_EQ(AllQuads(*db, knows).size(), 3u);
  QuadPattern alice;
  alice.subject = Term::Iri("http://example.org/alice");
  auto quads = AllQuads(*db, alice);
  EXPECT_EQ(quads.size(), 4u);
  EXPECT_EQ(quads.count("<http://example.org/alice> <http://example.org/age> "
                        "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> ."),
            1u);
  EXPECT_EQ(quads.count("<http://example.org/alice> <http://example.org/name> \"Alice\"@en ."), 1u);
  QuadPattern by_object;
  by_object.object = Term::TypedLiteral("42", "http://www.w3.org/2001/XMLSchema#integer");
  EXPECT_EQ(AllQuads(*db, by_object).size(), 1u);
  QuadPattern unknown;
  unknown.subject = Term::Iri("http://example.org/nobody");
  EXPECT_TRUE(AllQuads(*db, unknown).empty());
}

TEST_F(DatabaseTest, GraphScopes) {
  auto db = OpenDb();
  db->LoadString(R"(
      <http://e/s> <http://e/p> "default" .
      <http://e/g1> { <http://e/s> <http://e/p> "one" . }
      <http://e/g2> { <http://e/s> <http://e/p> "two" . })",
                 Format(RdfFormat::kTriG));
  QuadPattern p;
  EXPECT_EQ(AllQuads(*db, p).size(), 3u);
  p.scope = GraphScope::kDefault;
  EXPECT_EQ(AllQuads(*db, p).size(), 1u);
  p.scope = GraphScope::kAllNamed;
  EXPECT_EQ(AllQuads(*db, p).size(), 2u);
  p.scope = GraphScope::kNamed;
  p.graph = Term::Iri("http://e/g2");
  auto two = AllQuads(*db, p);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_NE(two.begin()->find("\"two\""), std::string::npos);
  auto stats = db->GetStatistics();
  ASSERT_EQ(stats.graphs.size(), 3u);
  EXPECT_FALSE(stats.graphs[0].graph.has_value());  // default graph first
}

TEST_F(DatabaseTest, LoadsEveryFormatFromFilesIncludingGzip) {
  auto db = OpenDb();
  WriteFile(dir_.path() / "a.nt", "<http://e/a> <http://e/p> \"nt\" .\n");
  WriteFile(dir_.path() / "b.nq", "<http://e/b> <http://e/p> \"nq\" <http://e/g> .\n");
  WriteFile(dir_.path() / "c.ttl", "@prefix e: <http://e/> . e:c e:p \"ttl\" .\n");
  WriteFile(dir_.path() / "d.trig", "@prefix e: <http://e/> . e:g2 { e:d e:p \"trig\" . }\n");
  {
    const std::string text = "<http://e/z> <http://e/p> \"gzipped\" .\n";
    gzFile gz = gzopen((dir_.path() / "e.nt.gz").c_str(), "wb");
    ASSERT_NE(gz, nullptr);
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
  }
  auto r = db->LoadFiles({dir_.path() / "a.nt", dir_.path() / "b.nq", dir_.path() / "c.ttl",
                          dir_.path() / "d.trig", dir_.path() / "e.nt.gz"});
  EXPECT_EQ(r.quads_added, 5u);
  EXPECT_EQ(db->GetStatistics().quads, 5u);
}

TEST_F(DatabaseTest, GraphOptionPutsTriplesIntoANamedGraph) {
  auto db = OpenDb();
  LoadOptions o = Format(RdfFormat::kNTriples);
  o.graph = "http://e/target";
  db->LoadString("<http://e/a> <http://e/p> <http://e/b> .\n", o);
  QuadPattern p;
  p.scope = GraphScope::kNamed;
  p.graph = Term::Iri("http://e/target");
  EXPECT_EQ(AllQuads(*db, p).size(), 1u);
}

TEST_F(DatabaseTest, BaseOptionResolvesRelativeIris) {
  auto db = OpenDb();
  LoadOptions o = Format(RdfFormat::kTurtle);
  o.base = "http://example.org/dir/";
  db->LoadString("<a> <p> <../b> .\n", o);
  auto all = AllQuads(*db);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(*all.begin(),
            "<http://example.org/dir/a> <http://example.org/dir/p> <http://example.org/b> .");
}

TEST_F(DatabaseTest, SyntaxErrorInAnyFileLeavesDatabaseUnchangedAndNamesThePosition) {
  auto db = OpenDb();
  db->LoadString("<http://e/x> <http://e/p> <http://e/y> .\n", Format(RdfFormat::kNTriples));
  const auto before = AllQuads(*db);
  const auto stats_before = db->GetStatistics();
  WriteFile(dir_.path() / "good.ttl", "<http://e/a> <http://e/p> <http://e/b> .\n");
  WriteFile(dir_.path() / "bad.ttl",
            "<http://e/c> <http://e/p> <http://e/d> .\n<http://e/e> <http://e/p> .\n");
  try {
    db->LoadFiles({dir_.path() / "good.ttl", dir_.path() / "bad.ttl"});
    FAIL() << "loading a bad file succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kSyntax);
    EXPECT_EQ(e.where().source, (dir_.path() / "bad.ttl").string());
    EXPECT_EQ(e.where().line, 2u);
    EXPECT_GT(e.where().column, 0u);
    EXPECT_NE(std::string(e.what()).find("bad.ttl:2:"), std::string::npos) << e.what();
  }
  EXPECT_EQ(AllQuads(*db), before);
  const auto stats_after = db->GetStatistics();
  EXPECT_EQ(stats_after.quads, stats_before.quads);
  EXPECT_EQ(stats_after.distinct_terms, stats_before.distinct_terms);
}

TEST_F(DatabaseTest, LoadingTwiceKeepsOneCopy) {
  auto db = OpenDb();
  const std::string doc = "<http://e/a> <http://e/p> <http://e/b> .\n<http://e/a> <http://e/p> \"x\" .\n";
  db->LoadString(doc, Format(RdfFormat::kNTriples));
  auto r = db->LoadString(doc, Format(RdfFormat::kNTriples));
  EXPECT_EQ(r.quads_added, 0u);
  EXPECT_EQ(r.duplicates, 2u);
  EXPECT_EQ(db->GetStatistics().quads, 2u);
}

TEST_F(DatabaseTest, BlankNodesAreScopedPerFile) {
  auto db = OpenDb();
  WriteFile(dir_.path() / "1.nt", "_:x <http://e/p> \"one\" .\n");
  WriteFile(dir_.path() / "2.nt", "_:x <http://e/p> \"two\" .\n");
  db->LoadFiles({dir_.path() / "1.nt", dir_.path() / "2.nt"});
  std::set<std::string> subjects;
  auto cursor = db->Match({});
  Quad q;
  while (cursor.Next(&q)) subjects.insert(q.subject.value);
  EXPECT_EQ(subjects.size(), 2u);
}

TEST_F(DatabaseTest, DumpRoundTripsIntoANewDatabase) {
  auto db = OpenDb();
  db->LoadString(R"(
      @prefix e: <http://e/> .
      e:a e:p "lit", "tab\there", "quote \" and \\ backslash", "line\nbreak", "ünï"@de-CH,
              12, -7, true, "3.25"^^<http://www.w3.org/2001/XMLSchema#decimal>, "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
      e:g { e:b e:q e:c . }
      <http://e/ünï#frag?q=1> e:p _:b1 . _:b1 e:p _:b2 .)",
                 Format(RdfFormat::kTriG));
  for (DumpFormat f : {DumpFormat::kNQuads, DumpFormat::kTriG}) {
    std::ostringstream dump;
    db->Dump(dump, f);
    auto copy = OpenDb(f == DumpFormat::kNQuads ? "copy-nq" : "copy-trig");
    copy->LoadString(dump.str(), Format(f == DumpFormat::kNQuads ? RdfFormat::kNQuads : RdfFormat::kTriG));
    EXPECT_EQ(AllQuads(*copy), AllQuads(*db)) << dump.str();
  }
}

TEST_F(DatabaseTest, ReopenSeesEverything) {
  {
    auto db = OpenDb();
    db->LoadString("<http://e/a> <http://e/p> <http://e/b> .\n", Format(RdfFormat::kNTriples));
  }
  auto db = OpenDb();
  EXPECT_EQ(AllQuads(*db).size(), 1u);
}

TEST_F(DatabaseTest, ReaderOnASnapshotDoesNotSeeAConcurrentLoad) {
  auto db = OpenDb();
  db->LoadString("<http://e/a> <http://e/p> <http://e/b> .\n", Format(RdfFormat::kNTriples));
  QuadCursor cursor = db->Match({});  // snapshot taken here
  db->LoadString("<http://e/c> <http://e/p> <http://e/d> .\n", Format(RdfFormat::kNTriples));
  int n = 0;
  Quad q;
  while (cursor.Next(&q)) ++n;
  EXPECT_EQ(n, 1);
  EXPECT_EQ(AllQuads(*db).size(), 2u);
}

TEST_F(DatabaseTest, ErrorsNameTheCause) {
  auto db = OpenDb();
  try {
    db->LoadFiles({dir_.path() / "missing.nt"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(e.what()).find("missing.nt"), std::string::npos);
  }
  try {
    db->LoadFiles({dir_.path()});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos);
  }
  WriteFile(dir_.path() / "data.unknown", "");
  EXPECT_THROW(db->LoadFiles({dir_.path() / "data.unknown"}), Error);
  EXPECT_THROW(db->LoadString("x", LoadOptions{}), Error);  // no format
  LoadOptions relative_base = Format(RdfFormat::kTurtle);
  relative_base.base = "not/absolute";
  try {
    db->LoadString("<a> <b> <c> .", relative_base);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
  }
  EXPECT_EQ(db->GetStatistics().quads, 0u);
}

// The second process of SecondProcessGetsALockedError, which runs this
// binary again with only this test and the database in kLockedDbVariable;
// skipped otherwise. Exits 0 on a kLocked error naming the database.
constexpr const char* kLockedDbVariable = "CORRIDOR_TEST_LOCKED_DB";
TEST(DatabaseSecondProcess, OpensTheLockedDatabase) {
  const char* path = std::getenv(kLockedDbVariable);
  if (path == nullptr) GTEST_SKIP() << "run by DatabaseTest.SecondProcessGetsALockedError";
  int code = 3;
  try {
    Database::Open(path);
    code = 1;
  } catch (const Error& e) {
    const bool names_db = std::string(e.what()).find(path) != std::string::npos;
    code = e.code() == ErrorCode::kLocked && names_db ? 0 : 2;
  } catch (...) {
  }
  _exit(code);
}

// A second process opening the database gets kLocked, not a crash or hang.
// The second process is this binary started afresh (posix_spawn), not a
// fork that opens the database: this process has RocksDB's threads, and a
// forked child of a threaded process can deadlock on a lock one of them
// held at the fork (ASan's allocator did, in CI).
TEST_F(DatabaseTest, SecondProcessGetsALockedError) {
  auto db = OpenDb();
  const fs::path path = dir_.path() / "db";
  std::vector<std::string> args = {"/proc/self/exe", "--gtest_filter=DatabaseSecondProcess.OpensTheLockedDatabase"};
  std::vector<std::string> env = {std::string(kLockedDbVariable) + "=" + path.string()};
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  std::vector<char*> argv, envp;
  for (std::string& a : args) argv.push_back(a.data());
  for (std::string& e : env) envp.push_back(e.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: opened twice, 2: wrong error, 3: other exception";
}

TEST_F(DatabaseTest, ManyReadersWhileAWriterLoads) {
  auto db = OpenDb();
  std::atomic<bool> done{false};
  std::atomic<int> bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!done) {
        // Each load adds exactly 10 quads: a consistent snapshot sees a multiple of 10.
        if (AllQuads(*db).size() % 10 != 0) ++bad;
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    std::string doc;
    for (int j = 0; j < 10; ++j) {
      doc += "<http://e/s" + std::to_string(i) + "> <http://e/p> \"" + std::to_string(j) + "\" .\n";
    }
    db->LoadString(doc, Format(RdfFormat::kNTriples));
  }
  done = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(AllQuads(*db).size(), 200u);
}

}  // namespace
}  // namespace corridor
