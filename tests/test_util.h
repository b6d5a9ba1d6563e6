// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Small helpers shared by the tests.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace corridor::test {

// A fresh empty directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const char* base = std::getenv("TMPDIR");
    path_ = std::filesystem::path(base && *base ? base : "/tmp") /
            ("corridor-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// The shared folder (W3C suites, benchmark data), or empty if it is absent.
inline std::filesystem::path SharedDir() {
#ifdef CORRIDOR_SHARED_DIR
  std::filesystem::path p = CORRIDOR_SHARED_DIR;
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) return p;
#endif
  return {};
}

}  // namespace corridor::test
