// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// update_bench: SPARQL Update throughput and latency through the library.
//
//   update_bench LUBM10.nt[.zst] [--work DIR] [--reps N] [--triples N] [--only bulk|singles|rewrite]
//
// 1. One INSERT DATA of 100,000 triples (--triples), beside the bulk loader
//    loading the same triples (as N-Triples, LoadString) into another fresh
//    database; the two alternate --reps times (default 3) in this process,
//    so their ratio is measured under the same machine load.  The median
//    ratio is printed.
// 2. 10,000 single-triple INSERT DATA requests one after another, with
//    durability on (Options::sync_writes): median and p99 latency; then the
//    same with sync_writes off (the library's time without the disk's).
// 3. On LUBM(10) (loaded first, untimed): a DELETE/INSERT WHERE that rewrites
//    every ub:telephone triple (106,409) into ub:phone.
// Times are the library calls, measured inside this process.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "corridor/database.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

std::unique_ptr<corridor::Database> Fresh(const fs::path& dir) {
  fs::remove_all(dir);
  return corridor::Database::Open(dir);
}

std::string Triple(int i) {
  return fmt::format("<http://example.org/s{}> <http://example.org/p{}> \"value {}\" .\n", i, i % 17,
                     i);
}

// 1. Bulk INSERT DATA beside the bulk loader, alternating, `reps` rounds.
void BenchBulk(const fs::path& work, int bulk, int reps) {
  std::string ntriples, insert = "INSERT DATA {\n";
  for (int i = 0; i < bulk; ++i) {
    ntriples += Triple(i);
    insert += Triple(i);
  }
  insert += "}";
  std::vector<double> ratios;
  for (int rep = 0; rep < reps; ++rep) {
    double load_ms, insert_ms;
    {
      auto db = Fresh(work / "load");
      corridor::LoadOptions lo;
      lo.format = corridor::RdfFormat::kNTriples;
      auto t0 = Clock::now();
      db->LoadString(ntriples, lo);
      load_ms = Ms(t0, Clock::now());
    }
    fs::remove_all(work / "load");
    {
      auto db = Fresh(work / "insert");
      auto t0 = Clock::now();
      auto r = db->Update(insert);
      insert_ms = Ms(t0, Clock::now());
      if (r.quads_inserted != static_cast<std::uint64_t>(bulk)) {
        fmt::print(stderr, "inserted {} quads, expected {}\n", r.quads_inserted, bulk);
      }
    }
    fs::remove_all(work / "insert");
    ratios.push_back(load_ms / insert_ms);
    fmt::print("round {}: INSERT DATA of {} triples: {:.0f} ms ({:.0f} triples/s); bulk loader on the same "
               "triples: {:.0f} ms; INSERT DATA speed / loader speed = {:.2f}\n",
               rep + 1, bulk, insert_ms, bulk / insert_ms * 1000, load_ms, load_ms / insert_ms);
  }
  std::sort(ratios.begin(), ratios.end());
  fmt::print("INSERT DATA speed / loader speed, median of {}: {:.2f}\n", reps, ratios[ratios.size() / 2]);
}

// 2. Single-triple requests, durable; then the same without fsync, which
// separates the library's own time from the disk's sync latency.
void BenchSingles(const fs::path& work) {
  constexpr int kSingles = 10000;
  for (const bool sync : {true, false}) {
    std::vector<double> latencies;
    {
      fs::remove_all(work / "singles");
      corridor::Options options;
      options.sync_writes = sync;
      auto db = corridor::Database::Open(work / "singles", options);
      for (int i = 0; i < kSingles; ++i) {
        const std::string req = "INSERT DATA { " + Triple(i) + "}";
        auto t0 = Clock::now();
        db->Update(req);
        latencies.push_back(Ms(t0, Clock::now()));
      }
    }
    fs::remove_all(work / "singles");
    std::sort(latencies.begin(), latencies.end());
    fmt::print("{} single-triple INSERT DATA requests (sync_writes {}): median {:.3f} ms, p99 {:.3f} ms, "
               "max {:.3f} ms\n",
               kSingles, sync ? "on" : "off", latencies[latencies.size() / 2],
               latencies[latencies.size() * 99 / 100], latencies.back());
  }
}

// 3. DELETE/INSERT WHERE over LUBM(10).
void BenchRewrite(const fs::path& work, const fs::path& lubm) {
  fs::path file = lubm;
  if (lubm.extension() == ".zst") {
    file = work / "lubm.nt";
    const std::string cmd = "zstd -q -dc '" + lubm.string() + "' > '" + file.string() + "'";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("zstd -dc failed");
  }
  auto db = Fresh(work / "lubm");
  db->LoadFiles({file});
  const char* rewrite =
      "PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#>\n"
      "DELETE { ?s ub:telephone ?t } INSERT { ?s ub:phone ?t } WHERE { ?s ub:telephone ?t }";
  auto t0 = Clock::now();
  auto r = db->Update(rewrite);
  const double rewrite_ms = Ms(t0, Clock::now());
  fmt::print("DELETE/INSERT WHERE on LUBM(10): {} deleted, {} inserted in {:.0f} ms\n", r.quads_deleted,
             r.quads_inserted, rewrite_ms);
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage =
      "usage: update_bench LUBM10.nt[.zst] [--work DIR] [--reps N] [--triples N] [--only bulk|singles|rewrite]\n";
  if (argc < 2) {
    fmt::print(stderr, "{}", usage);
    return 2;
  }
  fs::path lubm = argv[1];
  fs::path work = fs::temp_directory_path() / ("corridor-update-bench-" + std::to_string(getpid()));
  int reps = 3, bulk = 100000;
  std::string only;
  for (int i = 2; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      fmt::print(stderr, "{}", usage);
      return 2;
    }
    if (flag == "--work") work = argv[i + 1];
    else if (flag == "--reps") reps = std::max(1, std::atoi(argv[i + 1]));
    else if (flag == "--triples") bulk = std::max(1, std::atoi(argv[i + 1]));
    else if (flag == "--only") only = argv[i + 1];
    else {
      fmt::print(stderr, "{}", usage);
      return 2;
    }
  }
  fs::create_directories(work);
  try {
    if (only.empty() || only == "bulk") BenchBulk(work, bulk, reps);
    if (only.empty() || only == "singles") BenchSingles(work);
    if (only.empty() || only == "rewrite") BenchRewrite(work, lubm);
  } catch (const std::exception& e) {
    fmt::print(stderr, "update_bench: {}\n", e.what());
    fs::remove_all(work);
    return 1;
  }
  fs::remove_all(work);
  return 0;
}
