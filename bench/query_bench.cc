// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// query_bench: runs every *.rq of a folder against a database through the
// library and prints, per query, the result rows and the median time; with
// --peers, the same queries on peer engines in the same invocation, side by
// side, with the ratios the speed issue's targets are stated in.
//
//   query_bench DB_DIR QUERY_DIR [--load FILE] [--reps N]
//               [--expected TSV --column NAME]
//               [--peers DIR [--engines "virtuoso-isql oxigraph"] [--data FILE.nt]]
//               [--clock wall|cpu] [--tsv] [--no-plan-cache] [--no-block-cache]
//
// --no-plan-cache: every run parses and plans its query (Options::
// plan_cache_entries = 0); by default a warm run reuses the plan of the
// run before it (engine/plan_cache.h), as repeated queries do.
//
// --no-block-cache: no decoded-block cache (Options::
// decoded_block_cache_bytes = 0): every run reads its rows from RocksDB
// and decodes them; by default a warm run finds the blocks the run before
// it decoded (storage/row_blocks.h).
//
// --tsv: SELECT results are written through the library's TSV writer
// (WriteResults) into a sink that counts the bytes, so the time includes
// formatting every term, as `corridor query --format tsv` does.
//
// With --load, DB_DIR is created fresh and FILE (N-Triples, optionally .zst,
// decompressed first with `zstd -dc`) loaded into it.
//
// Timing: per query, the database is opened afresh and the query run once:
// that is `first_ms` (a first query on a freshly opened database; the OS page
// cache stays warm). Then N timed runs (default 5) give the median. The time
// is the library call that produces every row (Database::Query plus draining
// the result), measured inside this process, so process start-up is never
// counted.
//
// With --expected, row counts are checked against a column of a TSV file
// (first column: query file name). With --peers, DIR is a writable copy of
// ../shared/peers; its run_all.sh loads the same data (--data, else the
// --load file) into each engine of --engines and times the same queries with
// the same number of repetitions (each engine measures inside itself:
// Virtuoso's isql msec figure, Oxigraph in-process). Peers run first, then
// Corridor, so all figures come from one invocation. Row counts that differ
// between engines are flagged. Exit code 1 on any count mismatch.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "corridor/database.h"
#include "corridor/results.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Die(const std::string& message) {
  fmt::print(stderr, "query_bench: {}\n", message);
  std::exit(2);
}

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) Die("cannot read " + p.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the query to its end; returns rows (triples for CONSTRUCT/DESCRIBE,
// 1 or 0 for ASK) and milliseconds.
// --clock cpu: the calling thread's CPU time instead of wall time (steadier
// on a busy machine; queries run on the calling thread).
bool g_cpu_clock = false;
bool g_tsv = false;

// Swallows what is written to it; counts bytes so the writer's work is real.
class CountingBuf : public std::streambuf {
 public:
  std::uint64_t bytes = 0;

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++bytes;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::uint64_t>(n);
    return n;
  }
};

double NowMs() {
  if (g_cpu_clock) {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
  }
  return std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count();
}

std::pair<std::uint64_t, double> RunOnce(const corridor::Database& db, const std::string& text) {
  const double start = NowMs();
  corridor::QueryResult r = db.Query(text);
  std::uint64_t rows = 0;
  switch (r.form()) {
    case corridor::QueryForm::kSelect: {
      if (g_tsv) {
        CountingBuf buf;
        std::ostream out(&buf);
        rows = corridor::WriteResults(r, corridor::ResultFormat::kTsv, out);
        break;
      }
      std::vector<std::optional<corridor::Term>> row;
      while (r.Next(&row)) ++rows;
      break;
    }
    case corridor::QueryForm::kAsk:
      rows = r.AskAnswer() ? 1 : 0;
      break;
    default: {
      corridor::Quad q;
      while (r.NextTriple(&q)) ++rows;
    }
  }
  return {rows, NowMs() - start};
}

// One warm, timed run (ms). Its own function, never inlined, so that a
// profiler can take the warm runs alone:
//   valgrind --tool=callgrind --toggle-collect='*TimedRun*' query_bench ...
[[gnu::noinline]] double TimedRun(const corridor::Database& db, const std::string& text) {
  return RunOnce(db, text).second;
}

// The first run on a freshly opened database, likewise its own function:
//   valgrind --tool=callgrind --toggle-collect='*FirstRun*' query_bench ...
[[gnu::noinline]] std::pair<std::uint64_t, double> FirstRun(const corridor::Database& db,
                                                             const std::string& text) {
  return RunOnce(db, text);
}

std::map<std::string, std::uint64_t> ReadExpected(const fs::path& tsv, const std::string& column) {
  std::ifstream in(tsv);
  if (!in) Die("cannot read " + tsv.string());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream ss(line); std::getline(ss, line, '\t');) header.push_back(line);
  auto it = std::find(header.begin(), header.end(), column);
  if (it == header.end()) Die("no column " + column + " in " + tsv.string());
  const std::size_t col = it - header.begin();
  std::map<std::string, std::uint64_t> out;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    for (std::stringstream ss(line); std::getline(ss, line, '\t');) cells.push_back(line);
    if (cells.size() > col) out[cells[0]] = std::strtoull(cells[col].c_str(), nullptr, 10);
  }
  return out;
}


// One engine's figures for one query.
struct Figure {
  std::string rows;  // as printed by the engine ("TIMEOUT", "ERROR" possible)
  double ms = -1;    // median; < 0 when absent
};

struct PeerRun {
  std::vector<std::string> engines;                                  // in order of first appearance
  std::map<std::string, std::map<std::string, Figure>> by_engine;   // engine -> query stem -> figure
  std::vector<std::string> load_lines;                               // load.csv rows
};

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (std::stringstream ss(line); std::getline(ss, cell, ',');) out.push_back(cell);
  return out;
}

// Runs the peers' run_all.sh on DATA and QUERY_DIR and reads its CSV files.
PeerRun RunPeers(const fs::path& peers_dir, const std::string& engines, const fs::path& data,
                 const fs::path& query_dir, int reps) {
  const fs::path out = fs::temp_directory_path() / ("query-bench-peers-" + std::to_string(getpid()));
  fs::remove_all(out);
  const std::string cmd = fmt::format(
      "ENGINES='{}' QUERY_TIMEOUT_S=${{QUERY_TIMEOUT_S:-120}} '{}' '{}' '{}' {} '{}' > '{}/stdout.log' 2>&1",
      engines, (peers_dir / "run_all.sh").string(), fs::absolute(data).string(),
      fs::absolute(query_dir).string(), reps, out.string(), fs::temp_directory_path().string());
  fmt::print(stderr, "query_bench: running peers: {}\n", engines);
  if (std::system(cmd.c_str()) != 0) {
    Die("peer run failed; see " + out.string() + "/run.log");
  }
  PeerRun run;
  std::ifstream q(out / "query.csv");
  std::string line;
  std::getline(q, line);  // header
  while (std::getline(q, line)) {
    auto c = SplitCsv(line);
    if (c.size() < 4) continue;
    if (!run.by_engine.count(c[0])) run.engines.push_back(c[0]);
    Figure f;
    f.rows = c[2];
    char* end = nullptr;
    const double ms = std::strtod(c[3].c_str(), &end);
    if (end != c[3].c_str() && *end == 0) f.ms = ms;
    run.by_engine[c[0]][c[1]] = f;
  }
  std::ifstream l(out / "load.csv");
  std::getline(l, line);
  while (std::getline(l, line)) run.load_lines.push_back(line);
  fs::remove_all(out);
  return run;
}

double GeoMean(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double s = 0;
  for (double x : v) s += std::log(x);
  return std::exp(s / v.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    Die("usage: query_bench DB_DIR QUERY_DIR [--load FILE] [--reps N] [--expected TSV --column NAME]"
        " [--peers DIR [--engines LIST] [--data FILE.nt]] [--clock wall|cpu] [--tsv] [--no-plan-cache]"
        " [--no-block-cache]");
  }
  const fs::path db_dir = argv[1], query_dir = argv[2];
  std::string load, expected_tsv, column, peers_dir, data;
  std::string engines = "virtuoso-isql oxigraph";
  int reps = 5;
  bool plan_cache = true, block_cache = true;
  for (int i = 3; i < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--tsv") {
      g_tsv = true;
      --i;  // takes no value
      continue;
    }
    if (a == "--no-plan-cache") {
      plan_cache = false;
      --i;
      continue;
    }
    if (a == "--no-block-cache") {
      block_cache = false;
      --i;
      continue;
    }
    if (i + 1 >= argc) Die("option " + a + " needs a value");
    if (a == "--load") load = argv[i + 1];
    else if (a == "--reps") reps = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--expected") expected_tsv = argv[i + 1];
    else if (a == "--column") column = argv[i + 1];
    else if (a == "--peers") peers_dir = argv[i + 1];
    else if (a == "--engines") engines = argv[i + 1];
    else if (a == "--data") data = argv[i + 1];
    else if (a == "--clock") g_cpu_clock = std::string(argv[i + 1]) == "cpu";
    else Die("unknown option " + a);
  }
  try {
    // Decompress once: the loader and the peers read the same file.
    fs::path tmp;
    auto plain = [&](const std::string& f) -> fs::path {
      fs::path file = f;
      if (file.extension() != ".zst") return file;
      if (tmp.empty()) {
        tmp = fs::temp_directory_path() / ("query-bench-" + std::to_string(getpid()) + ".nt");
        std::string cmd = "zstd -q -dc '" + file.string() + "' > '" + tmp.string() + "'";
        if (std::system(cmd.c_str()) != 0) Die("zstd -dc failed");
      }
      return tmp;
    };
    PeerRun peers;
    if (!peers_dir.empty()) {
      if (data.empty()) data = load;
      if (data.empty()) Die("--peers needs --data FILE or --load FILE");
      peers = RunPeers(peers_dir, engines, plain(data), query_dir, reps);
    }
    if (!load.empty()) {
      fs::remove_all(db_dir);
      auto db = corridor::Database::Open(db_dir);
      auto r = db->LoadFiles({plain(load)});
      fmt::print("Corridor loaded {} triples in {:.2f} s\n", r.quads_added, r.seconds);
    }
    if (!tmp.empty()) fs::remove(tmp);
    for (const auto& l : peers.load_lines) fmt::print("peer load: {}\n", l);

    corridor::Options o;
    o.create_if_missing = false;
    if (!plan_cache) o.plan_cache_entries = 0;
    if (!block_cache) o.decoded_block_cache_bytes = 0;
    std::map<std::string, std::uint64_t> expected;
    if (!expected_tsv.empty()) expected = ReadExpected(expected_tsv, column);
    std::vector<fs::path> queries;
    for (const auto& e : fs::directory_iterator(query_dir)) {
      if (e.path().extension() == ".rq") queries.push_back(e.path());
    }
    std::sort(queries.begin(), queries.end());

    std::string header = "| query | rows | Corridor ms | first ms | check |";
    std::string rule = "| --- | ---: | ---: | ---: | --- |";
    for (const auto& e : peers.engines) {
      header += fmt::format(" {} rows | {} ms | ratio |", e, e);
      rule += " ---: | ---: | ---: |";
    }
    fmt::print("{}\n{}\n", header, rule);
    int mismatches = 0;
    std::vector<double> medians;
    std::map<std::string, std::vector<double>> ratios_all, ratios_slow;  // per engine
    std::map<std::string, std::vector<std::string>> outside_allowance;
    std::vector<std::string> slow_first;
    for (const auto& q : queries) {
      const std::string text = ReadText(q);
      const std::string stem = q.stem().string();
      std::uint64_t rows = 0;
      double first_ms = 0;
      {
        auto db = corridor::Database::Open(db_dir, o);  // fresh: empty caches
        std::tie(rows, first_ms) = FirstRun(*db, text);
      }
      auto db = corridor::Database::Open(db_dir, o);
      RunOnce(*db, text);  // warm-up
      std::vector<double> ms;
      for (int i = 0; i < reps; ++i) ms.push_back(TimedRun(*db, text));
      std::sort(ms.begin(), ms.end());
      const double median = ms[ms.size() / 2];
      medians.push_back(std::max(median, 0.001));
      if (first_ms > 2 * median && first_ms > 1.0) slow_first.push_back(stem);
      std::string check;
      auto it = expected.find(q.filename().string());
      if (it != expected.end()) {
        check = it->second == rows ? "ok" : fmt::format("MISMATCH (expected {})", it->second);
        if (it->second != rows) ++mismatches;
      }
      std::string line = fmt::format("| {} | {} | {:.3f} | {:.2f} | {} |", stem, rows, median, first_ms, check);
      for (const auto& e : peers.engines) {
        auto f = peers.by_engine[e].find(stem);
        if (f == peers.by_engine[e].end() || f->second.ms < 0) {
          line += fmt::format(" {} | – | – |", f == peers.by_engine[e].end() ? "–" : f->second.rows);
          continue;
        }
        const Figure& p = f->second;
        std::string rows_cell = p.rows;
        if (p.rows != std::to_string(rows)) {
          rows_cell += " !!";
          ++mismatches;
        }
        // isql reports whole milliseconds: 0 means "under 1 ms", counted as 1.
        const bool isql = e.find("isql") != std::string::npos;
        const double peer_ms = isql ? std::max(p.ms, 1.0) : std::max(p.ms, 0.001);
        const double ratio = std::max(median, 0.001) / peer_ms;
        ratios_all[e].push_back(ratio);
        if (p.ms >= 10) ratios_slow[e].push_back(ratio);
        else if (median > std::max(1.5 * p.ms, 2.0)) outside_allowance[e].push_back(stem);
        line += fmt::format(" {} | {:.3f} | {:.3f} |", rows_cell, p.ms, ratio);
      }
      fmt::print("{}\n", line);
      std::fflush(stdout);
    }
    fmt::print("\nCorridor: geometric mean of medians {:.3f} ms over {} queries; {} count mismatches\n",
               GeoMean(medians), medians.size(), mismatches);
    fmt::print("first query on a fresh open above 2x the warm median (and above 1 ms): {}\n",
               slow_first.empty() ? "none" : fmt::format("{}", fmt::join(slow_first, " ")));
    for (const auto& e : peers.engines) {
      fmt::print("vs {}: geometric mean of Corridor/peer over all {} queries {:.3f}; over the {} "
                 "where the peer needs >= 10 ms {}; others above max(1.5x peer, 2 ms): {}\n",
                 e, ratios_all[e].size(), GeoMean(ratios_all[e]), ratios_slow[e].size(),
                 ratios_slow[e].empty() ? std::string("n/a") : fmt::format("{:.3f}", GeoMean(ratios_slow[e])),
                 outside_allowance[e].empty() ? "none" : fmt::format("{}", fmt::join(outside_allowance[e], " ")));
    }
    return mismatches == 0 ? 0 : 1;
  } catch (const corridor::Error& e) {
    Die(e.what());
  }
}
