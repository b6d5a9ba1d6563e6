// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// update_bench: SPARQL Update throughput and latency through the library.
//
//   update_bench LUBM10.nt[.zst] [--work DIR]
//
// 1. One INSERT DATA of 100,000 triples, beside the bulk loader loading the
//    same triples (as N-Triples, LoadString) into another fresh database.
// 2. 10,000 single-triple INSERT DATA requests one after another, with
//    durability on (Options::sync_writes): median and p99 latency.
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: update_bench LUBM10.nt[.zst] [--work DIR]\n");
    return 2;
  }
  fs::path lubm = argv[1];
  fs::path work = fs::temp_directory_path() / ("corridor-update-bench-" + std::to_string(getpid()));
  if (argc >= 4 && std::string(argv[2]) == "--work") work = argv[3];
  fs::create_directories(work);
  try {
    // 1. Bulk INSERT DATA beside the bulk loader.
    constexpr int kBulk = 100000;
    std::string ntriples, insert = "INSERT DATA {\n";
    for (int i = 0; i < kBulk; ++i) {
      ntriples += Triple(i);
      insert += Triple(i);
    }
    insert += "}";
    double load_ms, insert_ms;
    {
      auto db = Fresh(work / "load");
      corridor::LoadOptions lo;
      lo.format = corridor::RdfFormat::kNTriples;
      auto t0 = Clock::now();
      db->LoadString(ntriples, lo);
      load_ms = Ms(t0, Clock::now());
    }
    {
      auto db = Fresh(work / "insert");
      auto t0 = Clock::now();
      auto r = db->Update(insert);
      insert_ms = Ms(t0, Clock::now());
      if (r.quads_inserted != kBulk) fmt::print(stderr, "inserted {} quads, expected {}\n", r.quads_inserted, kBulk);
    }
    fmt::print("INSERT DATA of {} triples: {:.0f} ms ({:.0f} triples/s); bulk loader on the same triples: "
               "{:.0f} ms; INSERT DATA speed / loader speed = {:.2f}\n",
               kBulk, insert_ms, kBulk / insert_ms * 1000, load_ms, load_ms / insert_ms);

    // 2. Single-triple requests, durable.
    constexpr int kSingles = 10000;
    std::vector<double> latencies;
    {
      auto db = Fresh(work / "singles");
      for (int i = 0; i < kSingles; ++i) {
        const std::string req = "INSERT DATA { " + Triple(i) + "}";
        auto t0 = Clock::now();
        db->Update(req);
        latencies.push_back(Ms(t0, Clock::now()));
      }
    }
    std::sort(latencies.begin(), latencies.end());
    fmt::print("{} single-triple INSERT DATA requests (sync_writes on): median {:.3f} ms, p99 {:.3f} ms, "
               "max {:.3f} ms\n",
               kSingles, latencies[latencies.size() / 2], latencies[latencies.size() * 99 / 100],
               latencies.back());

    // 3. DELETE/INSERT WHERE over LUBM(10).
    fs::path file = lubm, tmp;
    if (lubm.extension() == ".zst") {
      tmp = work / "lubm.nt";
      const std::string cmd = "zstd -q -dc '" + lubm.string() + "' > '" + tmp.string() + "'";
      if (std::system(cmd.c_str()) != 0) throw std::runtime_error("zstd -dc failed");
      file = tmp;
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
  } catch (const std::exception& e) {
    fmt::print(stderr, "update_bench: {}\n", e.what());
    fs::remove_all(work);
    return 1;
  }
  fs::remove_all(work);
  return 0;
}
