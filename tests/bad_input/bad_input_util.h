// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Helpers of the bad-input tests: running the `corridor` binary, taking a
// database's contents for before/after comparisons, checking a
// corridor::Error's code, message and position in one call.
#pragma once

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>

#include "corridor/database.h"
#include "test_util.h"

namespace corridor::bad_input {

namespace fs = std::filesystem;
using test::TempDir;
using test::WriteFile;

inline const std::string kBinary = std::string(CORRIDOR_BINARY_DIR) + "/repl/corridor";

inline std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Outcome {
  int code = -1;  // exit code; -1 when killed by a signal (a crash)
  int signal = 0;
  std::string out, err;
};

// Runs `corridor ARGS` in `dir` with stdin from /dev/null; ARGS is pasted
// into a shell command line, so quote paths. Output goes to files in `dir`.
inline Outcome RunCorridor(const fs::path& dir, const std::string& args) {
  const std::string cmd = "cd '" + dir.string() + "' && '" + kBinary + "' " + args +
                          " < /dev/null > corridor.stdout 2> corridor.stderr";
  const int status = std::system(cmd.c_str());
  Outcome o;
  if (WIFEXITED(status)) {
    o.code = WEXITSTATUS(status);
    // The shell reports a child killed by a signal as 128 + signal.
    if (o.code > 128) o.signal = o.code - 128;
  } else if (WIFSIGNALED(status)) {
    o.signal = WTERMSIG(status);
  }
  o.out = Slurp(dir / "corridor.stdout");
  o.err = Slurp(dir / "corridor.stderr");
  return o;
}

// Everything a database holds, for "unchanged" checks: the quad count of
// the statistics and the whole dump (deterministic for one database).
struct Contents {
  std::uint64_t quads = 0;
  std::string dump;
  bool operator==(const Contents&) const = default;
};

inline Contents ContentsOf(const Database& db) {
  Contents c;
  c.quads = db.GetStatistics().quads;
  std::ostringstream out;
  db.Dump(out);
  c.dump = out.str();
  return c;
}

inline void PrintTo(const Contents& c, std::ostream* os) {
  *os << c.quads << " quads, dump of " << c.dump.size() << " bytes";
}

inline LoadOptions Format(RdfFormat format) {
  LoadOptions o;
  o.format = format;
  return o;
}

// What an error must say: its code, a part of its message, and (when set)
// its source and position.
struct ExpectedError {
  ErrorCode code;
  std::string message_part;
  std::optional<std::string> source;
  std::optional<std::uint64_t> line;
  std::optional<std::uint64_t> column;
};

// Runs `call`, which must throw corridor::Error as `expected` says.
inline void ExpectError(const std::function<void()>& call, const ExpectedError& expected) {
  try {
    call();
    ADD_FAILURE() << "no error; expected one containing '" << expected.message_part << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), expected.code)
        << ErrorCodeName(e.code()) << " instead of " << ErrorCodeName(expected.code) << ": "
        << e.what();
    EXPECT_TRUE(Has(e.message(), expected.message_part))
        << "message lacks '" << expected.message_part << "': " << e.what();
    if (expected.source) {
      EXPECT_EQ(e.where().source, *expected.source) << e.what();
    }
    if (expected.line) {
      EXPECT_EQ(e.where().line, *expected.line) << e.what();
    }
    if (expected.column) {
      EXPECT_EQ(e.where().column, *expected.column) << e.what();
    }
  }
}

// A tmpfs of `size` (e.g. "4m") mounted on a fresh folder for the life of
// the object; mounted() is false (with why()) where mounting is not
// permitted (not root, or no CAP_SYS_ADMIN in a container).
class TmpfsMount {
 public:
  TmpfsMount(const fs::path& where, const std::string& size) : where_(where) {
    fs::create_directories(where_);
    const std::string data = "size=" + size + ",mode=0755";
    if (::mount("tmpfs", where_.c_str(), "tmpfs", 0, data.c_str()) == 0) {
      mounted_ = true;
    } else {
      why_ = std::string("mount -t tmpfs is not permitted here: ") + std::strerror(errno);
    }
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(where_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  // Makes the mount read-only (true on success).
  bool RemountReadOnly() {
    return ::mount(nullptr, where_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  fs::path where_;
  bool mounted_ = false;
  std::string why_;
};

}  // namespace corridor::bad_input
