// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The `corridor` binary end to end: scripts on stdin (no terminal), the
// default database, and a terminal session in a pseudo-terminal (prompt,
// multi-line input, TAB completion, Ctrl-C, Ctrl-D).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "test_util.h"

namespace corridor::repl {
namespace {

using test::TempDir;
using test::WriteFile;

const std::string kBinary = std::string(CORRIDOR_BINARY_DIR) + "/repl/corridor";

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Outcome {
  int code;
  std::string out, err;
};

// Runs `corridor ARGS` with `input` on stdin (a file, not a terminal), the
// environment prefix `env` (e.g. "CORRIDOR_HOME=/x "), in `dir`.
Outcome Corridor(const TempDir& dir, const std::string& args, const std::string& input, const std::string& env = "") {
  WriteFile(dir.path() / "stdin", input);
  const std::string cmd = "cd '" + dir.path().string() + "' && " + env + "'" + kBinary + "' " + args +
                          " < stdin > stdout 2> stderr";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(dir.path() / "stdout"), Slurp(dir.path() / "stderr")};
}

class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string schema = std::string(CORRIDOR_SOURCE_DIR) + "/schema/";
    Outcome r = Corridor(dir_, "load db '" + schema + "cpec-vocabulary.ttl' '" + schema + "cpec-2.0.trig'", "");
    ASSERT_EQ(r.code, 0) << r.err;
  }
  TempDir dir_;
};

TEST_F(BinaryTest, PipedQueryPrintsOnlyResults) {
  Outcome r = Corridor(dir_, "db", "SELECT ?n WHERE { GRAPH ?g { ?d a cpec:Delegation ; rdfs:label ?n } } ORDER BY ?n\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("n\n", 0), 0u) << r.out;  // no banner, no prompt
  EXPECT_TRUE(Has(r.out, "(2 rows)\n")) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(BinaryTest, ScriptWithAFailingStatementExitsNonZero) {
  Outcome r = Corridor(dir_, "db",
                   "# a script\n"
                   "ASK { GRAPH ?g { cpecd:Gwadar a cpec:PortCity } };\n"
                   "SELECT ?x WHERE { ?x };\n"
                   "ASK { cpecd:Nowhere a cpec:City };\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "yes\nno\n");
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_TRUE(Has(r.err, "^")) << r.err;
}

TEST_F(BinaryTest, DefaultDatabaseIsSeededOnFirstUse) {
  const std::string env = "CORRIDOR_HOME='" + (dir_.path() / "home" / "default").string() + "' ";
  Outcome first = Corridor(dir_, "", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a cpec:ThematicCorridor } }\n", env);
  EXPECT_EQ(first.code, 0) << first.err;
  EXPECT_TRUE(Has(first.err, "seeded the default database")) << first.err;
  EXPECT_EQ(first.out, "n\n-\n5\n(1 row)\n");
  Outcome second = Corridor(dir_, "", "ASK { GRAPH ?g { ?s a cpec:ThematicCorridor } }\n", env);
  EXPECT_EQ(second.out, "yes\n");
  EXPECT_FALSE(Has(second.err, "seeded")) << second.err;  // kept, not reloaded
}

// The README's "A first session": each ```sparql block, run through the
// binary, prints exactly the ``` block after it.
TEST_F(BinaryTest, ReadmeFirstSessionShowsRealOutput) {
  const std::string readme = Slurp(std::string(CORRIDOR_SOURCE_DIR) + "/README.md");
  const auto begin = readme.find("## A first session");
  ASSERT_NE(begin, std::string::npos);
  const std::string section = readme.substr(begin, readme.find("\n## ", begin + 1) - begin);
  std::size_t at = 0, checked = 0;
  while ((at = section.find("```sparql\n", at)) != std::string::npos) {
    const auto query_end = section.find("```\n", at + 10);
    const std::string query = section.substr(at + 10, query_end - (at + 10));
    const auto out_begin = section.find("```\n", query_end + 4);
    ASSERT_NE(out_begin, std::string::npos);
    const auto out_end = section.find("```", out_begin + 4);
    const std::string expected = section.substr(out_begin + 4, out_end - (out_begin + 4));
    Outcome r = Corridor(dir_, "db", query);
    EXPECT_EQ(r.code, 0) << query << r.err;
    EXPECT_EQ(r.out, expected) << query;
    at = out_end + 3;
    ++checked;
  }
  EXPECT_EQ(checked, 5u);
}

TEST_F(BinaryTest, ValidateSubcommand) {
  Outcome r = Corridor(dir_, "validate db", "");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

// A `corridor` process on a pseudo-terminal (what forkpty does, with the
// POSIX calls in libc, so the test needs no libutil).
class Terminal {
 public:
  explicit Terminal(const std::vector<std::string>& args, const std::string& home) {
    fd_ = posix_openpt(O_RDWR | O_NOCTTY);
    if (fd_ < 0 || grantpt(fd_) != 0 || unlockpt(fd_) != 0) return;
    const std::string slave_name = ptsname(fd_);
    // Everything the child needs is built here: between fork and exec the
    // child of a process with threads may only make async-signal-safe calls
    // (no allocation, no setenv), or it can deadlock on a lock another
    // thread held at the fork.
    std::vector<std::string> env = {"HOME=" + home, "XDG_DATA_HOME=" + home + "/data", "TERM=xterm"};
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string_view v(*e);
      if (!v.starts_with("HOME=") && !v.starts_with("XDG_DATA_HOME=") && !v.starts_with("TERM=")) env.emplace_back(v);
    }
    std::vector<char*> argv, envp;
    argv.push_back(const_cast<char*>(kBinary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      setsid();
      const int slave = open(slave_name.c_str(), O_RDWR);
      if (slave < 0) _exit(126);
      ioctl(slave, TIOCSCTTY, 0);
      struct winsize ws {};
      ws.ws_col = 100;
      ws.ws_row = 40;
      ioctl(slave, TIOCSWINSZ, &ws);
      dup2(slave, 0);
      dup2(slave, 1);
      dup2(slave, 2);
      if (slave > 2) close(slave);
      close(fd_);
      execve(kBinary.c_str(), argv.data(), envp.data());
      _exit(127);
    }
  }
  ~Terminal() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }
  bool started() const { return pid_ > 0; }
  void Send(const std::string& s) { ASSERT_EQ(write(fd_, s.data(), s.size()), static_cast<ssize_t>(s.size())); }
  // Reads until `what` appears in the output since the last Expect (then
  // drops what came before it), or the timeout passes. Returns whether it appeared.
  bool Expect(const std::string& what, std::chrono::seconds timeout = std::chrono::seconds(20)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (auto at = seen_.find(what); at != std::string::npos) {
        seen_.erase(0, at + what.size());
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      struct pollfd p {fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return seen_.find(what) != std::string::npos;
      seen_.append(buf, static_cast<std::size_t>(n));
      log_.append(buf, static_cast<std::size_t>(n));
    }
  }
  // Waits for the process to end; returns its exit code, or -1 on timeout.
  int Wait(std::chrono::seconds timeout = std::chrono::seconds(20)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      Expect("\x01never\x01", std::chrono::seconds(0));  // drain output so the child never blocks
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }
  const std::string& log() const { return log_; }

 private:
  int fd_ = -1;
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string seen_, log_;
};

TEST_F(BinaryTest, TerminalSessionPromptCompletionMultiLineAndCtrlC) {
  Terminal t({(dir_.path() / "db").string()}, dir_.path().string());
  ASSERT_TRUE(t.started());
  ASSERT_TRUE(t.Expect("database ")) << t.log();
  ASSERT_TRUE(t.Expect("corridor> ")) << t.log();
  // TAB completes a dot-command.
  t.Send(".he\t");
  ASSERT_TRUE(t.Expect("lp")) << t.log();  // the line editor redraws only the completed part
  t.Send("\r");
  ASSERT_TRUE(t.Expect(".validate")) << t.log();
  ASSERT_TRUE(t.Expect("corridor> ")) << t.log();
  // A statement over several lines runs when complete.
  t.Send("SELECT (COUNT(*) AS ?n)\r");
  ASSERT_TRUE(t.Expect("...> ")) << t.log();
  t.Send("WHERE { GRAPH ?g { ?s a cpec:ThematicCorridor } };\r");
  ASSERT_TRUE(t.Expect("(1 row)")) << t.log();
  ASSERT_TRUE(t.Expect("corridor> ")) << t.log();
  // Ctrl-C cancels a long query and the shell stays.
  t.Send("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l };\r");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  t.Send("\x03");
  ASSERT_TRUE(t.Expect("cancelled")) << t.log();
  ASSERT_TRUE(t.Expect("corridor> ")) << t.log();
  // TAB completes a prefixed name from the database.
  t.Send("ASK { GRAPH ?g { cpecd:AhsanIq\t");
  ASSERT_TRUE(t.Expect("bal")) << t.log();
  t.Send("a cpec:Person } };\r");
  ASSERT_TRUE(t.Expect("yes")) << t.log();
  ASSERT_TRUE(t.Expect("corridor> ")) << t.log();
  // Ctrl-D quits; the history was written (libedit writes spaces as \040).
  // The prompt can appear just before the line editor switches the terminal
  // to raw mode, where a ^D sent earlier would be lost; give it a moment.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  t.Send("\x04");
  EXPECT_EQ(t.Wait(), 0) << t.log();
  EXPECT_TRUE(Has(Slurp(dir_.path() / "data" / "corridor" / "history"), "ASK")) << t.log();
}

}  // namespace
}  // namespace corridor::repl
