// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// load_bench: Corridor's bulk load beside serdi's parse of the same file,
// measured side by side in one run.
//
//   load_bench FILE [--reps N] [--work DIR] [--budget-mib N]
//
// FILE is N-Triples, optionally .zst (decompressed once with `zstd -dc`
// into the work folder, not timed). Each round runs, in separate child
// processes, `serdi -i ntriples -o ntriples FILE > /dev/null` and a Corridor
// load of FILE into a fresh database through the library (Database::Open +
// LoadFiles, timed inside the child: process start-up is not counted for
// either). Peak RSS comes from wait4's rusage. After the last round the
// database is compacted and its size on disk divided by the triples stored.
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "corridor/database.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct RunFigures {
  double seconds = 0;
  double peak_rss_mib = 0;       // whole child process (load and compaction)
  double load_peak_rss_mib = 0;  // when the load returned (VmHWM)
  std::uint64_t triples = 0;
  std::uint64_t bytes_on_disk = 0;
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "load_bench: %s\n", message.c_str());
  std::exit(1);
}

// This process's peak resident set so far, from /proc/self/status.
double VmHwmMib() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  double kib = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "VmHWM: %lf kB", &kib) == 1) break;
  }
  std::fclose(f);
  return kib / 1024;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

RunFigures RunSerdi(const fs::path& file) {
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    std::string cmd = "exec serdi -i ntriples -o ntriples '" + file.string() + "' > /dev/null";
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  RunFigures f;
  f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  f.peak_rss_mib = ru.ru_maxrss / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("serdi failed (is it installed?)");
  return f;
}

RunFigures RunCorridor(const fs::path& file, const fs::path& db_dir, std::size_t budget,
                       bool compact) {
  int fds[2];
  if (pipe(fds) != 0) Die("pipe failed");
  pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    close(fds[0]);
    RunFigures f;
    try {
      corridor::Options o;
      o.memory_budget_bytes = budget;
      auto db = corridor::Database::Open(db_dir, o);
      auto start = Clock::now();
      corridor::LoadResult r = db->LoadFiles({file});
      f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
      f.triples = r.quads_added;
      f.load_peak_rss_mib = VmHwmMib();
      if (compact) {
        db->Compact();
        f.bytes_on_disk = db->GetStatistics().bytes_on_disk;
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "load_bench: corridor load failed: %s\n", e.what());
      _exit(1);
    }
    if (write(fds[1], &f, sizeof f) != sizeof f) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  RunFigures f;
  const bool got = read(fds[0], &f, sizeof f) == sizeof f;
  close(fds[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("corridor load failed");
  f.peak_rss_mib = ru.ru_maxrss / 1024.0;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Die("usage: load_bench FILE [--reps N] [--work DIR] [--budget-mib N]");
  fs::path input = argv[1];
  int reps = 3;
  fs::path work = fs::temp_directory_path() / ("corridor-load-bench-" + std::to_string(getpid()));
  std::size_t budget = std::size_t{2} << 30;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--reps") reps = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--work") work = argv[i + 1];
    else if (a == "--budget-mib") budget = std::size_t(std::atoll(argv[i + 1])) << 20;
    else Die("unknown option " + a);
  }
  fs::create_directories(work);
  fs::path file = input;
  if (input.extension() == ".zst") {
    file = work / input.stem();
    std::string cmd = "zstd -q -dc '" + input.string() + "' > '" + file.string() + "'";
    if (std::system(cmd.c_str()) != 0) Die("zstd -dc failed (apt-get install zstd)");
  }
  const auto bytes = fs::file_size(file);
  fmt::print("load_bench {} ({:.1f} MiB N-Triples), {} rounds, memory budget {} MiB\n",
             input.filename().string(), bytes / 1048576.0, reps, budget >> 20);
  fmt::print("{:>5} {:>9} {:>11} {:>7} {:>13} {:>13} {:>16}\n", "round", "serdi_s", "corridor_s",
             "ratio", "triples/s", "serdi_rss_MiB", "load_peak_rss_MiB");
  std::vector<double> serdi_s, corridor_s, ratios, rss;
  RunFigures last;
  for (int r = 0; r < reps; ++r) {
    RunFigures s = RunSerdi(file);
    fs::path db_dir = work / "db";
    fs::remove_all(db_dir);
    RunFigures c = RunCorridor(file, db_dir, budget, /*compact=*/r == reps - 1);
    serdi_s.push_back(s.seconds);
    corridor_s.push_back(c.seconds);
    ratios.push_back(c.seconds / s.seconds);
    rss.push_back(c.load_peak_rss_mib);
    fmt::print("{:>5} {:>9.2f} {:>11.2f} {:>7.2f} {:>13.0f} {:>13.0f} {:>16.0f}\n", r + 1, s.seconds,
               c.seconds, c.seconds / s.seconds, c.triples / c.seconds, s.peak_rss_mib,
               c.load_peak_rss_mib);
    std::fflush(stdout);
    last = c;
  }
  fmt::print("median: serdi {:.2f} s, corridor {:.2f} s, corridor/serdi {:.2f}, {:.0f} triples/s, "
             "peak RSS during the load {:.0f} MiB\n",
             Median(serdi_s), Median(corridor_s), Median(ratios), last.triples / Median(corridor_s),
             *std::max_element(rss.begin(), rss.end()));
  fmt::print("on disk after compaction: {} bytes for {} triples = {:.1f} bytes/triple "
             "(peak RSS with the compaction: {:.0f} MiB)\n",
             last.bytes_on_disk, last.triples,
             last.triples ? double(last.bytes_on_disk) / last.triples : 0.0, last.peak_rss_mib);
  fs::remove_all(work);
  return 0;
}
