// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The `corridor` command line: subcommands over the public API. Kept apart
// from main() so that tests can call it with their own streams.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace corridor::repl {

// Runs `corridor ARGS...` (args excludes the program name). Results go to
// `out`, diagnostics (`error: ...`, progress) to `err`. Returns the exit code.
int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
           std::ostream& err);

// The default database folder: $CORRIDOR_HOME, else $XDG_DATA_HOME/corridor/default,
// else ~/.local/share/corridor/default.
std::string DefaultDatabasePath();

}  // namespace corridor::repl
