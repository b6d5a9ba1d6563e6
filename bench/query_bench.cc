// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// query_bench: runs every *.rq of a folder against a database through the
// library and prints, per query, the result rows and the median time.
//
//   query_bench DB_DIR QUERY_DIR [--load FILE] [--reps N] [--expected TSV --column NAME]
//
// With --load, DB_DIR is created fresh and FILE (N-Triples, optionally .zst,
// decompressed first with `zstd -dc`) loaded into it. Each query runs once as
// a warm-up, then N times (default 5); the time is the library call that
// produces every row (Database::Query plus draining the result), measured
// inside this process. With --expected, the row counts are checked against a
// column of a TSV file (first column: query file name) and mismatches are
// reported and make the exit code 1.
#include <fmt/format.h>
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
#include <vector>

#include "corridor/database.h"

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
std::pair<std::uint64_t, double> RunOnce(const corridor::Database& db, const std::string& text) {
  auto start = Clock::now();
  corridor::QueryResult r = db.Query(text);
  std::uint64_t rows = 0;
  switch (r.form()) {
    case corridor::QueryForm::kSelect: {
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
  return {rows, std::chrono::duration<double, std::milli>(Clock::now() - start).count()};
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) Die("usage: query_bench DB_DIR QUERY_DIR [--load FILE] [--reps N] [--expected TSV --column NAME]");
  const fs::path db_dir = argv[1], query_dir = argv[2];
  std::string load, expected_tsv, column;
  int reps = 5;
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--load") load = argv[i + 1];
    else if (a == "--reps") reps = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--expected") expected_tsv = argv[i + 1];
    else if (a == "--column") column = argv[i + 1];
    else Die("unknown option " + a);
  }
  try {
    if (!load.empty()) {
      fs::remove_all(db_dir);
      fs::path file = load;
      fs::path tmp;
      if (file.extension() == ".zst") {
        tmp = fs::temp_directory_path() / ("query-bench-" + std::to_string(getpid()) + ".nt");
        std::string cmd = "zstd -q -dc '" + file.string() + "' > '" + tmp.string() + "'";
        if (std::system(cmd.c_str()) != 0) Die("zstd -dc failed");
        file = tmp;
      }
      auto db = corridor::Database::Open(db_dir);
      auto r = db->LoadFiles({file});
      fmt::print("loaded {} triples in {:.2f} s\n", r.quads_added, r.seconds);
      if (!tmp.empty()) fs::remove(tmp);
    }
    corridor::Options o;
    o.create_if_missing = false;
    auto db = corridor::Database::Open(db_dir, o);
    std::map<std::string, std::uint64_t> expected;
    if (!expected_tsv.empty()) expected = ReadExpected(expected_tsv, column);
    std::vector<fs::path> queries;
    for (const auto& e : fs::directory_iterator(query_dir)) {
      if (e.path().extension() == ".rq") queries.push_back(e.path());
    }
    std::sort(queries.begin(), queries.end());
    fmt::print("{:<12} {:>10} {:>12} {:>10}  {}\n", "query", "rows", "median_ms", "first_ms", "check");
    int mismatches = 0;
    std::vector<double> medians;
    for (const auto& q : queries) {
      const std::string text = ReadText(q);
      auto [rows, first_ms] = RunOnce(*db, text);  // warm-up (and first-run time)
      std::vector<double> ms;
      for (int i = 0; i < reps; ++i) ms.push_back(RunOnce(*db, text).second);
      std::sort(ms.begin(), ms.end());
      const double median = ms[ms.size() / 2];
      medians.push_back(std::max(median, 0.001));
      std::string check;
      auto it = expected.find(q.filename().string());
      if (it != expected.end()) {
        check = it->second == rows ? "ok" : fmt::format("MISMATCH (expected {})", it->second);
        if (it->second != rows) ++mismatches;
      }
      fmt::print("{:<12} {:>10} {:>12.2f} {:>10.2f}  {}\n", q.filename().string(), rows, median,
                 first_ms, check);
    }
    double log_sum = 0;
    for (double m : medians) log_sum += std::log(m);
    fmt::print("geometric mean of medians: {:.2f} ms over {} queries; {} count mismatches\n",
               medians.empty() ? 0 : std::exp(log_sum / medians.size()), medians.size(), mismatches);
    return mismatches == 0 ? 0 : 1;
  } catch (const corridor::Error& e) {
    Die(e.what());
  }
}
