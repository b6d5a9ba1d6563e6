// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Crash safety: `corridor load` and a process running updates
// (robustness_writer) are killed with SIGKILL at uniformly random moments,
// over and over. After every kill the database opens, `corridor check`
// passes, and every load and update is in it entirely or not at all.
//
// Reproducible: the seed is printed, and CORRIDOR_CRASH_SEED sets it.
// CORRIDOR_CRASH_KILLS sets the number of kills of loads and of update runs
// (default 26 each; 14 each under AddressSanitizer),
// CORRIDOR_CRASH_CREATION_KILLS the kills of loads that create the database
// (12; 6): 64 kills in all by default. CORRIDOR_CRASH_TRIPLES sets the size
// of each load (default 150,000, 120,000 under ASan; above
// Store::kIngestThreshold either way, so loads commit by SST ingestion).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "corridor/database.h"
#include "process_util.h"
#include "test_util.h"
#include "workload.h"

namespace corridor::robustness {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::uint64_t Seed() {
  const std::uint64_t seed = EnvNumber("CORRIDOR_CRASH_SEED", 20261128);
  std::printf("crash test seed %llu (set CORRIDOR_CRASH_SEED to repeat)\n",
              static_cast<unsigned long long>(seed));
  return seed;
}

std::uint64_t KillsPerTest() { return EnvNumber("CORRIDOR_CRASH_KILLS", kSanitized ? 14 : 26); }

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

class CrashTest : public ::testing::Test {
 protected:
  // Opens the database as any user would after the crash (recovering its
  // log) and returns its quad count; check has shown it equals a recount.
  static std::uint64_t QuadCount(const fs::path& db) {
    Options o;
    o.create_if_missing = false;
    return Database::Open(db, o)->GetStatistics().quads;
  }

  // `corridor check DB` must pass; on failure its report is in the message.
  ::testing::AssertionResult CheckPasses(const fs::path& db) {
    const fs::path log = dir_.path() / "check.log";
    const int code = RunToEnd({kCorridor, "check", db.string()}, log);
    if (code == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "corridor check exited " << code << ":\n" << Slurp(log);
  }

  // A fresh, empty database, or (with `create` false) none at all, so that
  // the next `corridor load` creates it.
  static void Reset(const fs::path& db, bool create = true) {
    std::error_code ec;
    fs::remove_all(db, ec);
    if (create) Database::Open(db);
  }

  // After a kill in a load that was creating the database: opening it for
  // writing (as the next `corridor load` would) must succeed, finishing an
  // interrupted creation; then check must pass.
  ::testing::AssertionResult OpensAfterCreationKill(const fs::path& db) {
    try {
      Database::Open(db);
    } catch (const Error& e) {
      return ::testing::AssertionFailure() << "the database does not open: " << e.what();
    }
    return CheckPasses(db);
  }

  const std::string kCorridor = std::string(CORRIDOR_BINARY_DIR) + "/repl/corridor";
  const std::string kWriter = CORRIDOR_ROBUSTNESS_WRITER;
  test::TempDir dir_;
  std::mt19937_64 rng_{Seed()};
};

TEST_F(CrashTest, KilledLoadsAreAllOrNothing) {
  const std::uint64_t n = EnvNumber("CORRIDOR_CRASH_TRIPLES", kSanitized ? 120000 : 150000);
  const std::uint64_t target = KillsPerTest();
  const fs::path files[2] = {dir_.path() / "a.nt", dir_.path() / "b.nt"};
  WriteTriples(files[0], "a", n);
  WriteTriples(files[1], "b", n);
  const fs::path db = dir_.path() / "db";
  const fs::path log = dir_.path() / "load.log";

  // How long a whole load takes, into an empty and into a loaded store.
  Reset(db);
  auto start = Clock::now();
  ASSERT_EQ(RunToEnd({kCorridor, "load", db.string(), files[0].string()}, log), 0) << Slurp(log);
  const double into_empty = Seconds(Clock::now() - start);
  start = Clock::now();
  ASSERT_EQ(RunToEnd({kCorridor, "load", db.string(), files[1].string()}, log), 0) << Slurp(log);
  const double into_loaded = Seconds(Clock::now() - start);
  ASSERT_TRUE(CheckPasses(db));
  ASSERT_EQ(QuadCount(db), 2 * n);
  std::printf("a load of %llu triples takes %.2f s into an empty store, %.2f s into a loaded one\n",
              static_cast<unsigned long long>(n), into_empty, into_loaded);

  // How long a load takes, into an empty and into a loaded store: from the
  // runs above, then from every load that ends before its kill (so a slow
  // or fast phase of the machine moves the kill window with it).
  double duration[2] = {into_empty, into_loaded};
  bool loaded[2] = {true, true};
  std::uint64_t before = 2 * n, kills = 0, committed = 0, iterations = 0;
  while (kills < target && iterations < 4 * target) {
    ++iterations;
    // Every other time the store is emptied, the load creates it.
    bool creating = false;
    if (loaded[0] && loaded[1]) {
      creating = rng_() % 2 == 0;
      Reset(db, /*create=*/!creating);
      loaded[0] = loaded[1] = false;
      before = 0;
    }
    const int which = loaded[0] ? 1 : loaded[1] ? 0 : static_cast<int>(rng_() % 2);
    // Kill moments span the whole load (process start, parsing, sorting,
    // writing, the commit) and a little after it.
    const int phase = before == 0 ? 0 : 1;
    const double window = 1.15 * duration[phase];
    const double at = std::uniform_real_distribution<double>(0, window)(rng_);
    const auto spawned = Clock::now();
    const pid_t pid = Spawn({kCorridor, "load", db.string(), files[which].string()}, log);
    const Ending end = KillAfter(pid, std::chrono::microseconds(static_cast<std::int64_t>(at * 1e6)), spawned);
    kills += end.killed;
    if (!end.killed) duration[phase] = 0.5 * duration[phase] + 0.5 * end.seconds;
    const std::string context = "iteration " + std::to_string(iterations) + ": load of " +
                                files[which].filename().string() + " into " + std::to_string(before) +
                                " quads, " + (end.killed ? "killed" : "not killed (it had ended)") +
                                " after " + std::to_string(at) + " s; load output:\n" + Slurp(log);
    ASSERT_TRUE(end.killed || end.exit_code == 0) << context;
    if (creating) {
      ASSERT_TRUE(OpensAfterCreationKill(db)) << context;
    } else {
      ASSERT_TRUE(CheckPasses(db)) << context;
    }
    const std::uint64_t count = QuadCount(db);
    if (!end.killed) {
      ASSERT_EQ(count, before + n) << context;
    }
    ASSERT_TRUE(count == before || count == before + n)
        << context << "\nthe store holds " << count << " quads: neither " << before << " nor " << before + n;
    if (count == before + n) {
      loaded[which] = true;
      before = count;
      committed += end.killed;
    }
  }
  std::printf("%llu loads killed (%llu of them after their commit), %llu iterations\n",
              static_cast<unsigned long long>(kills), static_cast<unsigned long long>(committed),
              static_cast<unsigned long long>(iterations));
  EXPECT_GE(kills, target);
}

// The first moments of `corridor load` into a folder that does not exist
// yet: RocksDB creating its files and column families, the metadata, a
// small load. A kill anywhere there must leave a folder that opens (the
// creation is finished) and passes check, with the load all or nothing.
TEST_F(CrashTest, KilledCreationsLeaveADatabaseThatOpens) {
  const std::uint64_t target = EnvNumber("CORRIDOR_CRASH_CREATION_KILLS", kSanitized ? 6 : 12);
  const std::uint64_t n = 1000;
  const fs::path file = dir_.path() / "small.nt";
  WriteTriples(file, "c", n);
  const fs::path db = dir_.path() / "db";
  const fs::path log = dir_.path() / "load.log";
  Reset(db, /*create=*/false);
  auto start = Clock::now();
  ASSERT_EQ(RunToEnd({kCorridor, "load", db.string(), file.string()}, log), 0) << Slurp(log);
  double window = 1.1 * Seconds(Clock::now() - start);
  std::printf("creating a database and loading %llu triples takes %.3f s\n", static_cast<unsigned long long>(n),
              window / 1.1);

  std::uint64_t kills = 0, iterations = 0, committed = 0;
  while (kills < target && iterations < 4 * target) {
    ++iterations;
    Reset(db, /*create=*/false);
    const double at = std::uniform_real_distribution<double>(0, window)(rng_);
    const auto spawned = Clock::now();
    const pid_t pid = Spawn({kCorridor, "load", db.string(), file.string()}, log);
    const Ending end = KillAfter(pid, std::chrono::microseconds(static_cast<std::int64_t>(at * 1e6)), spawned);
    kills += end.killed;
    if (!end.killed) window = 0.5 * window + 0.5 * 1.1 * end.seconds;  // follow the machine's pace
    const std::string context = "iteration " + std::to_string(iterations) + ": creating load " +
                                (end.killed ? "killed" : "not killed (it had ended)") + " after " +
                                std::to_string(at) + " s; folder holds:" + [&] {
                                  std::string names;
                                  std::error_code ec;
                                  for (const auto& e : fs::directory_iterator(db, ec)) {
                                    names += " " + e.path().filename().string();
                                  }
                                  return names;
                                }();
    ASSERT_TRUE(end.killed || end.exit_code == 0) << context << "\n" << Slurp(log);
    ASSERT_TRUE(OpensAfterCreationKill(db)) << context;
    const std::uint64_t count = QuadCount(db);
    ASSERT_TRUE(count == 0 || count == n) << context << "\nthe store holds " << count << " quads";
    committed += count == n;
  }
  std::printf("%llu creating loads killed, %llu iterations, %llu loads committed\n",
              static_cast<unsigned long long>(kills), static_cast<unsigned long long>(iterations),
              static_cast<unsigned long long>(committed));
  EXPECT_GE(kills, target);
}

TEST_F(CrashTest, KilledUpdatesAreAllOrNothing) {
  const std::uint64_t target = KillsPerTest();
  const std::uint64_t batch = 20;
  const fs::path db = dir_.path() / "db";
  const fs::path log = dir_.path() / "writer.log";

  // How long starting the writer and running 50 updates takes.
  Reset(db);
  auto start = Clock::now();
  ASSERT_EQ(RunToEnd({kWriter, db.string(), "0", std::to_string(batch), "50"}, log), 0) << Slurp(log);
  const double window = 1.2 * Seconds(Clock::now() - start);
  ASSERT_TRUE(CheckPasses(db));
  ASSERT_EQ(QuadCount(db), 1 + 50 * batch);
  std::printf("50 updates (with the writer's start) take %.2f s; kills in [0, %.2f s]\n", window / 1.2, window);

  std::uniform_real_distribution<double> moment(0, window);
  std::uint64_t done = 50;  // updates 0 .. done-1 are in the store
  std::uint64_t kills = 0, iterations = 0, max_gain = 0, total = 50;
  while (kills < target && iterations < 3 * target) {
    ++iterations;
    const double at = moment(rng_);
    const auto spawned = Clock::now();
    const pid_t pid = Spawn({kWriter, db.string(), std::to_string(done), std::to_string(batch), "100000000"}, log);
    const Ending end = KillAfter(pid, std::chrono::microseconds(static_cast<std::int64_t>(at * 1e6)), spawned);
    kills += end.killed;
    const std::string context = "iteration " + std::to_string(iterations) + ": writer from update " +
                                std::to_string(done) + " killed after " + std::to_string(at) +
                                " s; writer output:\n" + Slurp(log);
    ASSERT_TRUE(end.killed) << context;
    ASSERT_TRUE(CheckPasses(db)) << context;

    Options o;
    o.create_if_missing = false;
    auto database = Database::Open(db, o);
    // Exactly one marker, k: updates 0..k are in, each with its whole batch.
    std::vector<std::int64_t> markers;
    Quad q;
    QuadPattern marker;
    marker.subject = Term::Iri(kNs + "marker");
    marker.predicate = Term::Iri(kNs + "at");
    for (auto c = database->Match(marker); c.Next(&q);) {
      markers.push_back(std::stoll(q.object.value));
    }
    const std::uint64_t quads = database->GetStatistics().quads;
    if (markers.empty()) {  // not even update 0 is in: only possible from an empty store
      ASSERT_EQ(done, 0u) << context;
      ASSERT_EQ(quads, 0u) << context;
      continue;
    }
    ASSERT_EQ(markers.size(), 1u) << context;
    const std::uint64_t now = static_cast<std::uint64_t>(markers[0]) + 1;
    ASSERT_GE(now, done) << context;
    ASSERT_EQ(quads, 1 + now * batch) << context << "\nmarker at update " << markers[0];
    auto count_subject = [&](std::uint64_t k) {
      std::uint64_t c = 0;
      QuadPattern items;
      items.subject = Term::Iri(kNs + "u" + std::to_string(k));
      for (auto cur = database->Match(items); cur.Next(&q);) ++c;
      return c;
    };
    ASSERT_EQ(count_subject(now - 1), batch) << context;
    ASSERT_EQ(count_subject(now), 0u) << context;
    max_gain = std::max(max_gain, now - done);
    total += now - done;
    done = now;
    if (done >= 1000) {  // keep the store (and each check) small: start again
      database.reset();
      Reset(db);
      done = 0;
    }
  }
  std::printf("%llu update runs killed, %llu updates committed in all (at most %llu in one run)\n",
              static_cast<unsigned long long>(kills), static_cast<unsigned long long>(total),
              static_cast<unsigned long long>(max_gain));
  EXPECT_GE(kills, target);
}

}  // namespace
}  // namespace corridor::robustness
