// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// robustness_writer DB_DIR FIRST BATCH COUNT: runs updates FIRST ..
// FIRST+COUNT-1 of workload.h's sequence on DB_DIR (created if missing),
// one Database::Update each, and exits 0. The crash test kills it with
// SIGKILL at random moments; it prints nothing while it works.
#include <cstdlib>
#include <iostream>
#include <string>

#include "corridor/database.h"
#include "workload.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: robustness_writer DB_DIR FIRST BATCH COUNT\n";
    return 2;
  }
  const std::uint64_t first = std::strtoull(argv[2], nullptr, 10);
  const std::uint64_t batch = std::strtoull(argv[3], nullptr, 10);
  const std::uint64_t count = std::strtoull(argv[4], nullptr, 10);
  try {
    auto db = corridor::Database::Open(argv[1]);
    for (std::uint64_t k = first; k < first + count; ++k) {
      db->Update(corridor::robustness::UpdateRequest(k, batch));
    }
  } catch (const corridor::Error& e) {
    std::cerr << "robustness_writer: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
