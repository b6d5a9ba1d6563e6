// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Bad files given to load, through the API and the `corridor` binary: each
// gets an error naming the cause and (for syntax errors) the file, line and
// column; nothing crashes; the database keeps exactly what it held.
// (tests/storage/rdf_reader_test.cc checks the reader's messages on small
// documents; here the whole path through Database::LoadFiles and the CLI.)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <thread>
#include <vector>

#include "bad_input_util.h"

namespace corridor::bad_input {
namespace {

// A dataset with IRIs, literals, blank nodes, a list and a named graph.
constexpr std::string_view kBase = R"(@prefix : <http://x/> .
:a :p :b , "lit"@en , 42 .
_:n :q ( 1 2 ) .
:g { :a :p :c . _:m :q "in g" }
)";

const std::string kT = "<http://x/s> <http://x/p> ";  // 26 bytes

struct BadFile {
  std::string name;  // the extension tells the format
  std::string content;
  ErrorCode code;
  std::string message_part;
  std::uint64_t line, column;  // 0: the error has no position
};

void PrintTo(const BadFile& b, std::ostream* os) { *os << b.name; }

std::vector<BadFile> BadFiles() {
  using std::string;
  const ErrorCode kSyntax = ErrorCode::kSyntax;
  return {
      // Truncated in the middle of a term, in each format.
      {"cut-iri.nt", kT + "<http://x/o", kSyntax, "end of input", 1, 38},
      {"cut-literal.nq", kT + "\"ab", kSyntax, "end of input", 1, 30},
      {"cut-name.ttl", "@prefix : <http://x/> .\n:s :p :o", kSyntax, "", 2, 9},
      {"cut-literal.trig", "<http://x/g> { " + kT + "\"x", kSyntax, "", 1, 44},
      {"cut-langtag.ttl", kT + "\"x\"@e", kSyntax, "", 1, 32},
      // Invalid UTF-8: a stray byte, an overlong form, a sequence cut by the end.
      {"utf8-stray.nt", kT + "\"a\xFF" "b\" .\n", kSyntax, "invalid UTF-8", 1, 29},
      {"utf8-overlong.ttl", "<http://x/\xC0\xAF> <http://x/p> 1 .\n", kSyntax, "invalid UTF-8", 1, 11},
      {"utf8-cut.trig", "{ " + kT + "\"\xE2\x82", kSyntax, "UTF-8", 1, 30},
      // NUL bytes outside strings.
      {"nul-iri.nt", kT + string("<http://x/\0o> .\n", 16), kSyntax, "NUL", 1, 37},
      {"nul-between.ttl", kT + string("1 .\n\0", 5), kSyntax, "NUL", 2, 1},
      // Unterminated literals and IRIs.
      {"open-literal.nt", kT + "\"abc .\n" + kT + "<http://x/o> .\n", kSyntax,
       "line end inside a string", 1, 33},
      {"open-long-literal.ttl", "@prefix : <http://x/> .\n:s :p \"\"\"abc .\n:s :p 1 .\n", kSyntax,
       "end of file", 4, 1},
      {"open-short-literal.ttl", kT + "'abc\n<http://x/s> <http://x/p> 1 .\n", kSyntax, "", 1, 31},
      {"open-iri.nt", kT + "<http://x/o .\n", kSyntax, "invalid IRI character", 1, 38},
      {"open-iri.ttl", kT + "<http://x/o> .\n" + kT + "<http://x/o\t.\n", kSyntax,
       "invalid IRI character", 2, 38},
      // IRIs with spaces or bad escapes.
      {"iri-space.nt", kT + "<http://x/a b> .\n", kSyntax, "invalid IRI character", 1, 38},
      {"iri-space.ttl", "<http://x/a b> <http://x/p> 1 .\n", kSyntax, "invalid IRI character", 1, 12},
      {"iri-bad-hex.nt", kT + "<http://x/\\u00ZZ> .\n", kSyntax, "hexadecimal", 1, 41},
      {"iri-bad-escape.ttl", kT + "<http://x/a\\n> .\n", kSyntax, "IRI escape", 1, 39},
      // serd checks this escape itself and reports the position after it.
      {"iri-escaped-space.trig", "{ " + kT + "<http://x/a\\u0020b> }\n", kSyntax,
       "invalid escaped IRI character U+0020", 1, 46},
      {"iri-escaped-brace.trig", "{ " + kT + "<http://x/a\\u007Bb> }\n", kSyntax,
       "not allowed in an IRI", 1, 40},
      {"literal-bad-escape.nq", kT + "\"a\\qb\" .\n", kSyntax, "invalid escape", 1, 30},
  };
}

// A database holding kBase (10 quads), and its contents before the test.
class LoadedDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(dir_.path() / "db");
    LoadOptions o;
    o.format = RdfFormat::kTriG;
    db_->LoadString(kBase, o, "base.trig");
    before_ = ContentsOf(*db_);
    ASSERT_EQ(before_.quads, 10u);
  }
  void ExpectUnchanged() { EXPECT_EQ(ContentsOf(*db_), before_); }
  TempDir dir_;
  std::unique_ptr<Database> db_;
  Contents before_;
};

class BadFileTest : public LoadedDatabaseTest, public ::testing::WithParamInterface<BadFile> {};

// Alone, and after a good file in the same call: the error names the bad
// file and its position, and neither file leaves anything behind.
TEST_P(BadFileTest, ApiNamesTheCauseAndPositionAndChangesNothing) {
  const BadFile& b = GetParam();
  const fs::path file = dir_.path() / b.name;
  WriteFile(file, b.content);
  WriteFile(dir_.path() / "good.nt", "<http://x/new> <http://x/p> <http://x/o> .\n");
  const ExpectedError expected{b.code, b.message_part, file.string(), b.line, b.column};
  ExpectError([&] { db_->LoadFiles({file}); }, expected);
  ExpectError([&] { db_->LoadFiles({dir_.path() / "good.nt", file}); }, expected);
  EXPECT_EQ(ContentsOf(*db_), before_);
}

INSTANTIATE_TEST_SUITE_P(Files, BadFileTest, ::testing::ValuesIn(BadFiles()),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           for (char& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

// The same files through `corridor load`: exit code 1, "error: FILE:L:C:
// ..." on stderr, no crash, and `corridor dump` unchanged.
TEST(BadFileBinaryTest, LoadReportsEachFileAndChangesNothing) {
  TempDir dir;
  WriteFile(dir.path() / "base.trig", std::string(kBase));
  ASSERT_EQ(RunCorridor(dir.path(), "load db base.trig").code, 0);
  const Outcome before = RunCorridor(dir.path(), "dump db");
  ASSERT_EQ(before.code, 0) << before.err;
  for (const BadFile& b : BadFiles()) {
    WriteFile(dir.path() / b.name, b.content);
    const Outcome r = RunCorridor(dir.path(), "load db '" + b.name + "'");
    EXPECT_EQ(r.signal, 0) << b.name << " crashed the process";
    EXPECT_EQ(r.code, 1) << b.name << ": " << r.err;
    const std::string where = "error: " + b.name + ":" + std::to_string(b.line) + ":" +
                              std::to_string(b.column) + ": ";
    EXPECT_TRUE(Has(r.err, where + "") && Has(r.err, b.message_part))
        << b.name << ": expected '" << where << "..." << b.message_part << "' in " << r.err;
  }
  const Outcome after = RunCorridor(dir.path(), "dump db");
  EXPECT_EQ(after.out, before.out);
  const Outcome check = RunCorridor(dir.path(), "check db");
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  EXPECT_TRUE(Has(check.out, "ok: 10 quads")) << check.out;
}

using LoadErrorTest = LoadedDatabaseTest;

std::string Gzip(const std::string& data) {
  uLongf size = compressBound(static_cast<uLong>(data.size())) + 32;
  std::string out(size, '\0');
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer (CRC-32, length).
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string ManyTriples(int n) {
  std::string doc;
  for (int i = 0; i < n; ++i) {
    doc += "<http://x/s" + std::to_string(i) + "> <http://x/p> \"" + std::to_string(i * 7) + "\" .\n";
  }
  return doc;
}

TEST_F(LoadErrorTest, CorruptGzip) {
  // A gzip header followed by garbage.
  const fs::path garbage = dir_.path() / "garbage.nt.gz";
  WriteFile(garbage, std::string("\x1f\x8b\x08\x00", 4) + "this is not deflate data at all");
  ExpectError([&] { db_->LoadFiles({garbage}); },
              {ErrorCode::kIo, "corrupt gzip data", garbage.string(), 0, 0});
  // A valid stream with bytes changed near the end: the statements before
  // the damage are read (and dropped), the CRC or the inflater fails.
  std::string bytes = Gzip(ManyTriples(20000));
  for (std::size_t i = bytes.size() - 200; i < bytes.size() - 100; ++i) bytes[i] ^= 0x55;
  const fs::path flipped = dir_.path() / "flipped.nt.gz";
  WriteFile(flipped, bytes);
  ExpectError([&] { db_->LoadFiles({flipped}); },
              {ErrorCode::kIo, "corrupt gzip data", flipped.string(), 0, 0});
  // Cut in the middle.
  const fs::path cut = dir_.path() / "cut.ttl.gz";
  WriteFile(cut, Gzip(ManyTriples(20000)).substr(0, 3000));
  ExpectError([&] { db_->LoadFiles({cut}); }, {ErrorCode::kIo, "gzip", cut.string(), 0, 0});
  ExpectUnchanged();
}

TEST_F(LoadErrorTest, EmptyFilesLoadNothing) {
  for (const std::string name : {"empty.nt", "empty.nq", "empty.ttl", "empty.trig"}) {
    WriteFile(dir_.path() / name, "");
    const LoadResult r = db_->LoadFiles({dir_.path() / name});
    EXPECT_EQ(r.quads_read, 0u) << name;
    EXPECT_EQ(r.quads_added, 0u) << name;
  }
  // Only comments and blank lines, and an empty gzip stream.
  WriteFile(dir_.path() / "comments.ttl", "# nothing\n\n   # here\n");
  WriteFile(dir_.path() / "empty.nt.gz", Gzip(""));
  EXPECT_EQ(db_->LoadFiles({dir_.path() / "comments.ttl", dir_.path() / "empty.nt.gz"}).quads_read,
            0u);
  ExpectUnchanged();
}

// Paths that are not readable files. As root, permissions do not stop a
// read, so "vanished" is a dangling symlink and "cannot be read" a FIFO, a
// file whose read fails with EIO (/proc/self/mem at offset 0) and, only
// when not root, a file with mode 000. (A file removed during a load is
// still read to its end through the open descriptor; there is no hook to
// remove it between the check and the open deterministically.)
TEST_F(LoadErrorTest, PathsThatCannotBeRead) {
  const fs::path folder = dir_.path() / "folder.ttl";
  fs::create_directory(folder);
  ExpectError([&] { db_->LoadFiles({folder}); },
              {ErrorCode::kIo, "is a directory", folder.string(), 0, 0});

  const fs::path dangling = dir_.path() / "dangling.nt";
  fs::create_symlink(dir_.path() / "vanished.nt", dangling);
  ExpectError([&] { db_->LoadFiles({dangling}); },
              {ErrorCode::kIo, "No such file", dangling.string(), 0, 0});

  const fs::path fifo = dir_.path() / "fifo.nt";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ExpectError([&] { db_->LoadFiles({fifo}); },
              {ErrorCode::kIo, "is not a regular file", fifo.string(), 0, 0});

  const fs::path eio = dir_.path() / "mem.nt";
  fs::create_symlink("/proc/self/mem", eio);
  ExpectError([&] { db_->LoadFiles({eio}); },
              {ErrorCode::kIo, "Input/output error", eio.string(), 0, 0});

  if (::geteuid() != 0) {
    const fs::path locked = dir_.path() / "locked.nt";
    WriteFile(locked, kT + "1 .\n");
    fs::permissions(locked, fs::perms::none);
    ExpectError([&] { db_->LoadFiles({locked}); },
                {ErrorCode::kIo, "Permission denied", locked.string(), 0, 0});
  }
  ExpectUnchanged();
}

// Collections and blank node property lists 100,000 deep used to overflow
// serd's recursion and crash the process (SIGSEGV); the reader now stops at
// 1,000 levels with a syntax error at the bracket.
TEST_F(LoadErrorTest, DeeplyNestedTurtle) {
  constexpr int kDeep = 100000;
  struct Case {
    std::string name, open, close;
  };
  for (const Case& c : {Case{"lists.ttl", "(", ")"}, Case{"bnodes.ttl", "[ <http://x/p> ", "]"},
                        Case{"lists.trig", "(", ")"}}) {
    std::string doc = "<http://x/s> <http://x/p> ";  // 26 bytes
    for (int i = 0; i < kDeep; ++i) doc += c.open;
    doc += " 1 ";
    for (int i = 0; i < kDeep; ++i) doc += c.close;
    doc += " .\n";
    if (c.name.ends_with(".trig")) doc = "{ " + doc + "}\n";
    const fs::path file = dir_.path() / c.name;
    WriteFile(file, doc);
    const std::uint64_t prefix = c.name.ends_with(".trig") ? 28 : 26;
    // The 1001st bracket is the error.
    ExpectError([&] { db_->LoadFiles({file}); },
                {ErrorCode::kSyntax, "nested deeper than 1000 levels", file.string(), 1,
                 prefix + 1000 * c.open.size() + 1});
  }
  ExpectUnchanged();
  // 1,000 levels load.
  std::string doc = "<http://x/deep> <http://x/p> ";
  for (int i = 0; i < 1000; ++i) doc += "(";
  doc += " 1 ";
  for (int i = 0; i < 1000; ++i) doc += ")";
  doc += " .\n";
  WriteFile(dir_.path() / "deep.ttl", doc);
  EXPECT_EQ(db_->LoadFiles({dir_.path() / "deep.ttl"}).quads_added, 1u + 2 * 1000);
}

// A file of one 100 MB line, made in the test's temporary folder (removed
// at the end): an unterminated literal is reported at column 100,000,028;
// a whole one loads and reads back.
TEST_F(LoadErrorTest, HundredMegabyteLine) {
  constexpr std::size_t kSize = 100'000'000;
  const fs::path file = dir_.path() / "long-line.nt";
  {
    std::ofstream out(file, std::ios::binary);
    out << kT << '"' << std::string(kSize, 'a') << "\n";
  }
  ExpectError([&] { db_->LoadFiles({file}); },
              {ErrorCode::kSyntax, "line end inside a string", file.string(), 1, 27 + kSize + 1});
  ExpectUnchanged();
  {
    std::ofstream out(file, std::ios::binary);
    out << kT << '"' << std::string(kSize, 'a') << "\" .\n";
  }
  ASSERT_EQ(db_->LoadFiles({file}).quads_added, 1u);
  fs::remove(file);
  QuadPattern p;
  p.subject = Term::Iri("http://x/s");
  auto cursor = db_->Match(p);
  Quad q;
  ASSERT_TRUE(cursor.Next(&q));
  EXPECT_EQ(q.object.value.size(), kSize);
  EXPECT_FALSE(cursor.Next(&q));
}

}  // namespace
}  // namespace corridor::bad_input
