// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include <iostream>
#include <string>
#include <vector>

#include "repl/cli.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return corridor::repl::RunCli(args, std::cin, std::cout, std::cerr);
}
