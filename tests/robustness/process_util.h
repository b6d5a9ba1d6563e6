// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Child processes for the robustness tests: start one with its output in a
// log file, kill it with SIGKILL after a delay, run one to its end; and the
// settings every robustness test reads from the environment.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace corridor::robustness {

// Whether this build runs under AddressSanitizer (much slower: the tests
// scale their work down, never below what their contracts need).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

// The environment variable `name` as a number, or `fallback` if unset.
inline std::uint64_t EnvNumber(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 10);
}

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Starts argv[0] with stdout and stderr going to `log` (truncated).
inline pid_t Spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(rc));
  return pid;
}

struct Ending {
  bool killed = false;  // SIGKILL reached the process while it ran
  int exit_code = -1;   // when it exited by itself
  double seconds = 0;   // when it exited by itself: about how long it ran
};

// Kills `pid` with SIGKILL `delay` after `start` (its spawn), unless it
// exits before; polls every millisecond so that an early exit is timed.
inline Ending KillAfter(pid_t pid, std::chrono::microseconds delay,
                        std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now()) {
  const auto deadline = start + delay;
  int status = 0;
  Ending e;
  for (;;) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      e.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return e;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(deadline - now,
                                                                              std::chrono::milliseconds(1)));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  e.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  if (!e.killed) e.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return e;
}

// Runs a process to its end; its exit code (-1 if it died of a signal).
inline int RunToEnd(const std::vector<std::string>& args, const std::filesystem::path& log) {
  const pid_t pid = Spawn(args, log);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace corridor::robustness
