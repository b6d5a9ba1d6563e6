// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Bad database folders: missing, not a folder, not writable, not a Corridor
// database, written by a newer format, damaged, open in another process, and
// a disk that fills up during a load. Each gets an error naming the cause
// and the folder, through the API and the `corridor` binary; nothing
// crashes; a database that could be opened keeps its contents.
// (tests/storage/store_test.cc checks Store::Open on a plain file, a
// non-empty foreign folder and a second open in one process.)
#include <rocksdb/db.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "bad_input_util.h"
#include "storage/store.h"

namespace corridor::bad_input {
namespace {

constexpr std::string_view kData = R"(@prefix : <http://x/> .
:a :p :b , "lit"@en , 42 .
:g { :a :p :c }
)";

// Creates a database in `path` holding kData, compacted into SST files;
// returns its contents.
Contents MakeDatabase(const fs::path& path) {
  auto db = Database::Open(path);
  LoadOptions o;
  o.format = RdfFormat::kTriG;
  db->LoadString(kData, o);
  db->Compact();
  return ContentsOf(*db);
}

Options NoCreate() {
  Options o;
  o.create_if_missing = false;
  return o;
}

// Sets the format_version record of a closed database with RocksDB itself.
void SetFormatVersion(const fs::path& path, const std::string& version) {
  rocksdb::DBOptions options;
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(options, path.string(), &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& n : names) descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, path.string(), descriptors, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  ASSERT_TRUE(db->Put(wo, "format_version", version).ok());
  for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  ASSERT_TRUE(db->Close().ok());
}

// Files of the folder with their sizes: "unchanged" for a folder that is
// not a database.
std::vector<std::pair<std::string, std::uintmax_t>> Listing(const fs::path& dir) {
  std::vector<std::pair<std::string, std::uintmax_t>> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    files.emplace_back(e.path().lexically_relative(dir).string(),
                       e.is_regular_file() ? e.file_size() : 0);
  }
  std::sort(files.begin(), files.end());
  return files;
}

class BadDatabaseTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(BadDatabaseTest, MissingPath) {
  const fs::path missing = dir_.path() / "missing";
  ExpectError([&] { Database::Open(missing, NoCreate()); },
              {ErrorCode::kIo, "does not exist", std::nullopt, 0, 0});
  for (const std::string cmd : {"query missing 'ASK {}'", "stats missing", "dump missing",
                                "update missing 'CLEAR ALL'"}) {
    const Outcome r = RunCorridor(dir_.path(), cmd);
    EXPECT_EQ(r.code, 1) << cmd;
    EXPECT_TRUE(Has(r.err, "error: database missing does not exist")) << cmd << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(missing)) << "a failed open created the folder";
}

TEST_F(BadDatabaseTest, NotADirectory) {
  const fs::path file = dir_.path() / "file";
  WriteFile(file, "some text");
  for (const Options& o : {Options{}, NoCreate()}) {
    ExpectError([&] { Database::Open(file, o); },
                {ErrorCode::kInvalidArgument, "is not a directory", std::nullopt, 0, 0});
  }
  WriteFile(dir_.path() / "x.nt", "<http://x/s> <http://x/p> 1 .\n");
  const Outcome r = RunCorridor(dir_.path(), "load file x.nt");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "database path file is not a directory")) << r.err;
  EXPECT_EQ(Slurp(file), "some text");
}

// A read-only file system (a tmpfs remounted read-only): creating a
// database there fails with the cause; an existing one opens read-only (and
// queries work) but not for writing. Root ignores permission bits, so a
// read-only mount is the only honest "not writable" here.
TEST_F(BadDatabaseTest, NotWritable) {
  TmpfsMount mount(dir_.path() / "ro", "8m");
  if (!mount.mounted()) GTEST_SKIP() << mount.why();
  const fs::path path = dir_.path() / "ro" / "db";
  const Contents before = MakeDatabase(path);
  fs::create_directory(dir_.path() / "ro" / "empty");
  ASSERT_TRUE(mount.RemountReadOnly()) << std::strerror(errno);

  ExpectError([&] { Database::Open(dir_.path() / "ro" / "new"); },
              {ErrorCode::kIo, "Read-only file system", std::nullopt, 0, 0});
  ExpectError([&] { Database::Open(dir_.path() / "ro" / "empty"); },
              {ErrorCode::kIo, "not writable", std::nullopt, 0, 0});
  ExpectError([&] { Database::Open(path); },
              {ErrorCode::kIo, "Read-only file system", std::nullopt, 0, 0});
  Options read_only = NoCreate();
  read_only.read_only = true;
  auto db = Database::Open(path, read_only);
  EXPECT_EQ(ContentsOf(*db), before);
  ExpectError([&] { db->LoadString(kData, Format(RdfFormat::kTriG)); },
              {ErrorCode::kInvalidArgument, "read-only", std::nullopt, 0, 0});
  db.reset();

  WriteFile(dir_.path() / "x.nt", "<http://x/s> <http://x/p> 1 .\n");
  Outcome r = RunCorridor(dir_.path(), "load ro/db x.nt");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "Read-only file system")) << r.err;
  r = RunCorridor(dir_.path(), "query ro/db 'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }'");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "1")) << r.out;
}

TEST_F(BadDatabaseTest, NotACorridorDatabase) {
  // A folder of other files.
  const fs::path junk = dir_.path() / "junk";
  fs::create_directories(junk / "sub");
  WriteFile(junk / "notes.txt", "hello");
  WriteFile(junk / "sub" / "CURRENT", "not rocksdb\n");
  const auto junk_files = Listing(junk);
  ExpectError([&] { Database::Open(junk); },
              {ErrorCode::kNotADatabase, "is not a Corridor database", std::nullopt, 0, 0});
  // A folder with a CURRENT file that is not RocksDB's.
  const fs::path fake = dir_.path() / "fake";
  fs::create_directories(fake);
  WriteFile(fake / "CURRENT", "MANIFEST-000001\n");
  const auto fake_files = Listing(fake);
  ExpectError([&] { Database::Open(fake); },
              {ErrorCode::kNotADatabase, "not a readable Corridor database", std::nullopt, 0, 0});
  // Another application's RocksDB database.
  const fs::path other = dir_.path() / "other";
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, other.string(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "key", "value").ok());
    ASSERT_TRUE(db->Close().ok());
  }
  ExpectError([&] { Database::Open(other); },
              {ErrorCode::kNotADatabase, "a RocksDB database but not a Corridor database",
               std::nullopt, 0, 0});
  const Outcome r = RunCorridor(dir_.path(), "load other /dev/null --format nt");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "not a Corridor database")) << r.err;
  EXPECT_EQ(Listing(junk), junk_files);
  EXPECT_EQ(Listing(fake), fake_files);
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), other.string(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), "key", &value).ok());
    EXPECT_EQ(value, "value");
  }
}

TEST_F(BadDatabaseTest, NewerFormatVersion) {
  const fs::path path = dir_.path() / "db";
  const Contents before = MakeDatabase(path);
  SetFormatVersion(path, "99");
  const auto files = Listing(path);
  for (const Options& o : {Options{}, Options{.read_only = true}}) {
    ExpectError([&] { Database::Open(path, o); },
                {ErrorCode::kVersion, "written by a newer Corridor (format version 99", std::nullopt,
                 0, 0});
  }
  const Outcome r = RunCorridor(dir_.path(), "query db 'ASK {}'");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "format version 99; this build reads up to " +
                             std::to_string(storage::kFormatVersion)))
      << r.err;
  // Refused before RocksDB opened it for writing: no file added or removed
  // (an open for writing writes a new OPTIONS file and MANIFEST).
  EXPECT_EQ(Listing(path), files);
  // Nothing was touched: with the version set back, the data is all there.
  SetFormatVersion(path, std::to_string(storage::kFormatVersion));
  EXPECT_EQ(ContentsOf(*Database::Open(path)), before);
  // A record that is not a number is damage, not a version.
  SetFormatVersion(path, "garbage");
  ExpectError([&] { Database::Open(path); },
              {ErrorCode::kCorruption, "bad format version", std::nullopt, 0, 0});
}

// A database of an older format (1: one index key per quad; 2: row blocks
// with the plainer row encoding) is refused with a message that says what
// to do, and left as it was.
TEST_F(BadDatabaseTest, OlderFormatVersion) {
  const fs::path path = dir_.path() / "db";
  const Contents before = MakeDatabase(path);
  for (const std::string old : {"2", "1"}) {
    SetFormatVersion(path, old);
    const auto files = Listing(path);
    for (const Options& o : {Options{}, Options{.read_only = true}}) {
      ExpectError([&] { Database::Open(path, o); },
                  {ErrorCode::kVersion, "written by an older Corridor (format version " + old, std::nullopt, 0, 0});
    }
    EXPECT_EQ(Listing(path), files) << "format " << old;
  }
  const auto files = Listing(path);
  const Outcome r = RunCorridor(dir_.path(), "query db 'ASK {}'");
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Has(r.err, "load its data into a new database")) << r.err;
  // As the shell's default database, it is kept, with a note on how to
  // have a new one seeded.
  ASSERT_EQ(setenv("CORRIDOR_HOME", path.c_str(), 1), 0);
  const Outcome shell = RunCorridor(dir_.path(), "");
  unsetenv("CORRIDOR_HOME");
  EXPECT_EQ(shell.code, 1);
  EXPECT_TRUE(Has(shell.err, "written by an older Corridor")) << shell.err;
  EXPECT_TRUE(Has(shell.err, "move the old one away: mv " + path.string())) << shell.err;
  EXPECT_EQ(Listing(path), files);
  SetFormatVersion(path, std::to_string(storage::kFormatVersion));
  EXPECT_EQ(ContentsOf(*Database::Open(path)), before);
}

// Damage to the files RocksDB keeps: each open (or read) fails with
// kCorruption naming the folder, and the process survives.
TEST_F(BadDatabaseTest, DamagedFiles) {
  const fs::path original = dir_.path() / "original";
  MakeDatabase(original);
  auto files_of = [](const fs::path& db, const std::string& prefix, const std::string& ext) {
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(db)) {
      const std::string name = e.path().filename().string();
      if (name.starts_with(prefix) && name.ends_with(ext)) found.push_back(e.path());
    }
    std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
      return fs::file_size(a) > fs::file_size(b);
    });
    return found;
  };
  ASSERT_FALSE(files_of(original, "", ".sst").empty());
  struct Damage {
    std::string name;
    std::function<void(const fs::path&)> apply;
    std::string message_part;
    // A CURRENT naming a missing MANIFEST is what a foreign folder with a
    // CURRENT file looks like too: kNotADatabase, naming the MANIFEST.
    ErrorCode code = ErrorCode::kCorruption;
  };
  const std::vector<Damage> damages = {
      {"removed-sst", [&](const fs::path& db) { fs::remove(files_of(db, "", ".sst")[0]); },
       "No such file"},
      {"truncated-sst",
       [&](const fs::path& db) {
         const fs::path f = files_of(db, "", ".sst")[0];
         fs::resize_file(f, fs::file_size(f) / 2);
       },
       "damaged"},
      {"removed-manifest", [&](const fs::path& db) { fs::remove(files_of(db, "MANIFEST", "")[0]); },
       "MANIFEST", ErrorCode::kNotADatabase},
      {"truncated-manifest",
       [&](const fs::path& db) {
         const fs::path f = files_of(db, "MANIFEST", "")[0];
         fs::resize_file(f, fs::file_size(f) / 2);
       },
       "damaged"},
      {"garbage-current", [&](const fs::path& db) { WriteFile(db / "CURRENT", "MANIFEST-9"); },
       "CURRENT"},
  };
  for (const Damage& d : damages) {
    SCOPED_TRACE(d.name);
    const fs::path copy = dir_.path() / d.name;
    fs::copy(original, copy);
    d.apply(copy);
    try {
      auto db = Database::Open(copy, NoCreate());
      ContentsOf(*db);  // damage RocksDB finds only when reading
      ADD_FAILURE() << "damage went unnoticed";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), d.code) << e.what();
      EXPECT_TRUE(Has(e.message(), d.message_part)) << e.what();
      EXPECT_TRUE(Has(e.message(), copy.string())) << e.what();
    }
    const Outcome r = RunCorridor(dir_.path(), "dump '" + d.name + "'");
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_TRUE(Has(r.err, "error: ")) << r.err;
  }
}

// A block of an SST file overwritten: RocksDB's checksums catch it when the
// block is read; the error is kCorruption, not a crash or wrong rows.
TEST_F(BadDatabaseTest, FlippedBytesInAnSstFile) {
  const fs::path path = dir_.path() / "db";
  {
    auto db = Database::Open(path);
    std::string doc;
    for (int i = 0; i < 5000; ++i) {
      doc += "<http://x/s" + std::to_string(i) + "> <http://x/p> \"value " + std::to_string(i) +
             "\" .\n";
    }
    db->LoadString(doc, Format(RdfFormat::kNTriples));
    db->Compact();
  }
  std::vector<fs::path> ssts;
  for (const auto& e : fs::directory_iterator(path)) {
    if (e.path().extension() == ".sst") ssts.push_back(e.path());
  }
  ASSERT_FALSE(ssts.empty());
  for (const fs::path& f : ssts) {
    // Overwrite 64 bytes a third into the file: inside a data block.
    std::fstream io(f, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(static_cast<std::streamoff>(fs::file_size(f) / 3));
    io.write(std::string(64, '\x5a').data(), 64);
  }
  try {
    auto db = Database::Open(path, NoCreate());
    ContentsOf(*db);
    ADD_FAILURE() << "damage went unnoticed";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption) << e.what();
  }
}

// Another process holds the database: loads and updates through the
// binary are refused with the cause; read-only commands still work.
TEST_F(BadDatabaseTest, AlreadyOpenInAnotherProcess) {
  const fs::path path = dir_.path() / "db";
  const Contents before = MakeDatabase(path);
  auto db = Database::Open(path);
  WriteFile(dir_.path() / "x.nt", "<http://x/s> <http://x/p> 1 .\n");
  for (const std::string cmd : {"load db x.nt", "update db 'CLEAR ALL'"}) {
    const Outcome r = RunCorridor(dir_.path(), cmd);
    EXPECT_EQ(r.code, 1) << cmd;
    EXPECT_TRUE(Has(r.err, "is already open in another process")) << cmd << ": " << r.err;
  }
  const Outcome r = RunCorridor(dir_.path(), "dump db");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, before.dump);
  EXPECT_EQ(ContentsOf(*db), before);
  const Outcome check = RunCorridor(dir_.path(), "check db");
  EXPECT_EQ(check.code, 0) << check.out << check.err;
}

// The disk fills up during a load (a small tmpfs holds the database): the
// load fails with the cause, the database keeps its contents, and after
// reopening it works again. Both commit paths: one WriteBatch (small
// loads), and SST ingestion (large ones).
TEST_F(BadDatabaseTest, DiskFullDuringALoad) {
  TmpfsMount mount(dir_.path() / "small", "2m");
  if (!mount.mounted()) GTEST_SKIP() << mount.why();
  const fs::path path = dir_.path() / "small" / "db";
  // Room the test frees after the failure, as a user would.
  const fs::path ballast = dir_.path() / "small" / "ballast";
  WriteFile(ballast, std::string(512 << 10, 'b'));
  Options o;
  o.sync_writes = true;
  auto db = Database::Open(path, o);
  LoadOptions trig;
  trig.format = RdfFormat::kTriG;
  db->LoadString(kData, trig);
  Contents before = ContentsOf(*db);

  // Large: 150,000 quads are committed through SST files.
  std::string big;
  for (int i = 0; i < 150000; ++i) {
    big += "<http://example.org/resource/" + std::to_string(i) +
           "> <http://example.org/p> \"value number " + std::to_string(i) + "\" .\n";
  }
  const fs::path file = dir_.path() / "big.nt";  // outside the tmpfs
  WriteFile(file, big);
  ExpectError([&] { db->LoadFiles({file}); },
              {ErrorCode::kIo, "No space left on device", std::nullopt, 0, 0});
  EXPECT_EQ(ContentsOf(*db), before);

  // Small loads until the disk is full.
  bool failed = false;
  for (int batch = 0; batch < 2000 && !failed; ++batch) {
    std::string doc;
    for (int i = 0; i < 500; ++i) {
      doc += "<http://example.org/r" + std::to_string(batch) + "/" + std::to_string(i) +
             "> <http://example.org/p> \"" + std::string(40, 'a' + batch % 26) + "\" .\n";
    }
    try {
      db->LoadString(doc, Format(RdfFormat::kNTriples));
      before = ContentsOf(*db);
    } catch (const Error& e) {
      failed = true;
      EXPECT_EQ(e.code(), ErrorCode::kIo) << e.what();
      EXPECT_TRUE(Has(e.message(), "No space left on device")) << e.what();
    }
  }
  ASSERT_TRUE(failed) << "the disk never filled up";
  // Whatever RocksDB makes of the full disk, reads see the last good load.
  EXPECT_EQ(db->GetStatistics().quads, before.quads);
  db.reset();
  // Reopened with some room freed, everything committed before the
  // failure is there and loads work again.
  fs::remove(ballast);
  auto again = Database::Open(path, o);
  EXPECT_EQ(ContentsOf(*again), before);
  again->LoadString(kData, trig);
  again.reset();
  const Outcome r = RunCorridor(dir_.path(), "check small/db");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "ok: ")) << r.out;
}

}  // namespace
}  // namespace corridor::bad_input
