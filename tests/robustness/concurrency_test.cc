// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Concurrency: reader threads query (SPARQL COUNT, Match, statistics, and
// Database::Check) while a writer loads batches or commits updates. Every reader must see a
// consistent snapshot: counts that move only in whole-load or whole-update
// steps, never backwards; and nothing may deadlock (a watchdog aborts the
// process if a test outlives its deadline).
//
// CORRIDOR_STRESS_SCALE (default 1; under AddressSanitizer the work is
// already scaled down) multiplies the number of batches and updates.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "corridor/database.h"
#include "process_util.h"
#include "test_util.h"
#include "workload.h"

namespace corridor::robustness {
namespace {

// Aborts the process, naming the test, if it is not destroyed within
// `limit`: a deadlocked thread cannot be joined, so failing loudly is the
// only way to end the test.
class Watchdog {
 public:
  Watchdog(std::string what, std::chrono::seconds limit)
      : thread_([this, what = std::move(what), limit] {
          std::unique_lock<std::mutex> lock(mutex_);
          if (!cv_.wait_for(lock, limit, [this] { return done_; })) {
            std::fprintf(stderr, "DEADLOCK? %s did not finish within %lld s\n", what.c_str(),
                         static_cast<long long>(limit.count()));
            std::fflush(stderr);
            std::abort();
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the members it uses
};

std::chrono::seconds Deadline() { return std::chrono::seconds(kSanitized ? 600 : 180); }

// Problems seen by reader threads (gtest assertions belong on the main thread).
class Failures {
 public:
  void Add(std::string what) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (list_.size() < 20) list_.push_back(std::move(what));
    ++count_;
  }
  std::string Text() const {
    std::string s = std::to_string(count_) + " problems\n";
    for (const auto& f : list_) s += "  " + f + "\n";
    return s;
  }
  std::uint64_t count() const { return count_; }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> list_;
  std::uint64_t count_ = 0;
};

std::uint64_t SelectCount(const Database& db, const std::string& query) {
  QueryResult r = db.Query(query);
  std::vector<std::optional<Term>> row;
  if (!r.Next(&row) || row.size() != 1 || !row[0]) throw std::runtime_error("no count from " + query);
  return std::stoull(row[0]->value);
}

std::uint64_t MatchCount(const Database& db, const QuadPattern& pattern) {
  std::uint64_t n = 0;
  Quad q;
  for (auto c = db.Match(pattern); c.Next(&q);) ++n;
  return n;
}

std::uint64_t Scale() { return std::max<std::uint64_t>(1, EnvNumber("CORRIDOR_STRESS_SCALE", 1)); }

TEST(Concurrency, ReadersSeeOnlyWholeLoads) {
  test::TempDir dir;
  auto db = Database::Open(dir.path() / "db");
  // Batches through a WriteBatch and, the large one, through SST ingestion.
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t r = 0; r < Scale(); ++r) {
    for (std::uint64_t n : kSanitized ? std::vector<std::uint64_t>{4000, 110000, 4000, 4001}
                                      : std::vector<std::uint64_t>{15000, 15000, 110000, 15000, 3}) {
      sizes.push_back(n);
    }
  }
  // The states a reader may see: after 0, 1, 2, ... whole batches.
  std::vector<std::uint64_t> totals = {0}, p1_totals = {0};
  for (std::uint64_t n : sizes) {
    totals.push_back(totals.back() + n);
    p1_totals.push_back(p1_totals.back() + PredicateShare(n, 1));
  }
  auto state_of = [](const std::vector<std::uint64_t>& allowed, std::uint64_t v) -> int {
    auto it = std::lower_bound(allowed.begin(), allowed.end(), v);
    return it != allowed.end() && *it == v ? static_cast<int>(it - allowed.begin()) : -1;
  };

  Watchdog watchdog("ReadersSeeOnlyWholeLoads", Deadline());
  std::atomic<bool> writing{true};
  Failures failures;
  QuadPattern p1;
  p1.predicate = Term::Iri(kNs + "p1");
  std::vector<std::set<int>> seen(4);
  std::vector<std::uint64_t> reads(4, 0);
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      int last = 0;  // a reader never goes back to an earlier state
      auto observe = [&](const char* how, const std::vector<std::uint64_t>& allowed, std::uint64_t v) {
        const int state = state_of(allowed, v);
        if (state < 0) {
          failures.Add(std::string(how) + " saw " + std::to_string(v) + ": not a whole number of loads");
        } else if (state < last) {
          failures.Add(std::string(how) + " went back from state " + std::to_string(last) + " to " +
                       std::to_string(state));
        } else {
          last = state;
          seen[t].insert(state);
        }
        ++reads[t];
      };
      try {
        do {
          switch (reads[t] % 3) {
            case 0:
              observe("COUNT(*)", totals, SelectCount(*db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"));
              break;
            case 1:
              observe("Match(?s p1 ?o)", p1_totals, MatchCount(*db, p1));
              break;
            default:
              observe("GetStatistics", totals, db->GetStatistics().quads);
              break;
          }
        } while (writing.load());
      } catch (const std::exception& e) {
        failures.Add(std::string("reader threw: ") + e.what());
      }
    });
  }
  // And a checker: Database::Check works on a snapshot, so it must find the
  // store consistent, and at a whole-load state, while loads commit.
  std::uint64_t checks = 0;
  readers.emplace_back([&] {
    try {
      do {
        const CheckReport r = db->Check();
        ++checks;
        if (!r.ok()) failures.Add("Check during loads: " + r.problems[0].what);
        if (state_of(totals, r.quads) < 0) failures.Add("Check saw " + std::to_string(r.quads) + " quads");
      } while (writing.load());
    } catch (const std::exception& e) {
      failures.Add(std::string("checker threw: ") + e.what());
    }
  });
  LoadOptions lo;
  lo.format = RdfFormat::kNTriples;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const std::string doc = Triples("batch" + std::to_string(i), sizes[i]);
    LoadResult r = db->LoadString(doc, lo);
    EXPECT_EQ(r.quads_added, sizes[i]);
  }
  writing = false;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.count(), 0u) << failures.Text();
  std::set<int> all;
  for (int t = 0; t < 4; ++t) {
    all.insert(seen[t].begin(), seen[t].end());
    std::printf("reader %d: %llu reads, %zu distinct states\n", t, static_cast<unsigned long long>(reads[t]),
                seen[t].size());
  }
  std::printf("readers saw %zu of the %zu states; %llu checks ran\n", all.size(), totals.size(),
              static_cast<unsigned long long>(checks));
  EXPECT_EQ(db->GetStatistics().quads, totals.back());
  CheckReport check = db->Check();
  EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].what);
}

TEST(Concurrency, ReadersSeeOnlyWholeUpdates) {
  test::TempDir dir;
  Options options;
  options.sync_writes = false;  // many small commits: readers race them, the disk need not
  auto db = Database::Open(dir.path() / "db", options);
  const std::uint64_t batch = 10;
  const std::uint64_t updates = (kSanitized ? 300 : 1500) * Scale();

  Watchdog watchdog("ReadersSeeOnlyWholeUpdates", Deadline());
  std::atomic<bool> writing{true};
  Failures failures;
  // In one snapshot: the marker says k, and exactly (k+1)*batch items exist.
  const std::string joint = "PREFIX x: <" + kNs + ">\n"
                            "SELECT ?k (COUNT(?o) AS ?n) WHERE { x:marker x:at ?k . ?s x:item ?o } GROUP BY ?k";
  QuadPattern items;
  items.predicate = Term::Iri(kNs + "item");
  std::vector<std::uint64_t> reads(3, 0);
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      std::int64_t last = -1;  // the last update seen; never goes back
      try {
        do {
          ++reads[t];
          if (reads[t] % 2 == 0) {
            QueryResult r = db->Query(joint);
            std::vector<std::optional<Term>> row;
            std::vector<std::pair<std::int64_t, std::uint64_t>> rows;
            while (r.Next(&row)) {
              if (row.size() == 2 && row[0] && row[1]) rows.emplace_back(std::stoll(row[0]->value), std::stoull(row[1]->value));
            }
            if (rows.size() > 1) failures.Add(std::to_string(rows.size()) + " markers in one snapshot");
            if (rows.size() == 1) {
              const auto [k, n] = rows[0];
              if (n != static_cast<std::uint64_t>(k + 1) * batch) {
                failures.Add("marker says update " + std::to_string(k) + " but " + std::to_string(n) + " items exist");
              }
              if (k < last) failures.Add("went back from update " + std::to_string(last) + " to " + std::to_string(k));
              last = std::max(last, k);
            }
          } else {
            const std::uint64_t n = MatchCount(*db, items);
            if (n % batch != 0) failures.Add("Match saw " + std::to_string(n) + " items: part of an update");
            const std::uint64_t quads = db->GetStatistics().quads;
            if (quads != 0 && (quads - 1) % batch != 0) {
              failures.Add("statistics say " + std::to_string(quads) + " quads: part of an update");
            }
          }
        } while (writing.load());
      } catch (const std::exception& e) {
        failures.Add(std::string("reader threw: ") + e.what());
      }
    });
  }
  for (std::uint64_t k = 0; k < updates; ++k) {
    UpdateResult r = db->Update(UpdateRequest(k, batch));
    EXPECT_EQ(r.quads_inserted, batch + 1);
    EXPECT_EQ(r.quads_deleted, k == 0 ? 0u : 1u);
  }
  writing = false;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.count(), 0u) << failures.Text();
  for (int t = 0; t < 3; ++t) {
    std::printf("reader %d: %llu reads\n", t, static_cast<unsigned long long>(reads[t]));
  }
  EXPECT_EQ(db->GetStatistics().quads, 1 + updates * batch);
  CheckReport check = db->Check();
  EXPECT_TRUE(check.ok()) << (check.problems.empty() ? "" : check.problems[0].what);
}

}  // namespace
}  // namespace corridor::robustness
