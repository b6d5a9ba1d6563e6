// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The interactive shell over one open Database: SPARQL statements and
// dot-commands. The same Shell runs a terminal session (libedit, history,
// completion, Ctrl-C) and a script from any stream, so tests drive it with
// string streams.
#pragma once

#include <cstddef>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "corridor/database.h"
#include "repl/input.h"

namespace corridor::repl {

// The prefixes every session starts with: rdf, rdfs, xsd, owl, cpec, cpecd.
std::map<std::string, std::string> DefaultPrefixes();

// Writes the statistics report (`corridor stats`, `.stats`): a summary line
// "N quads, G graphs, T distinct terms, B on disk", then graphs and the 20
// largest predicates.
void PrintStatistics(const Statistics& s, std::ostream& out);

struct ShellSettings {
  // Cut table cells to this many columns in all; 0: never cut.
  std::size_t terminal_width = 0;
  // Show at most this many rows of a table; 0: all.
  std::size_t max_rows = 0;
  // Show a progress bar on stderr while .load runs.
  bool progress = false;
};

class Shell {
 public:
  enum class Mode { kTable, kCsv, kTsv, kJson };

  // One entry of the dot-command table; `.help` prints the table.
  struct Command {
    std::string name;       // with the dot
    std::string arguments;  // for .help, e.g. "FILE [GRAPH]"
    std::string help;
    // Returns false when the command failed (the message is on err).
    std::function<bool(Shell&, const DotCommandLine&)> run;
  };

  // `db` must outlive the Shell. Results go to `out` (or the .output file),
  // diagnostics to `err`.
  Shell(Database& db, std::ostream& out, std::ostream& err, ShellSettings settings = {});

  static const std::vector<Command>& Commands();
  static std::vector<std::string> CommandNames();

  // Feeds one input line: a dot-command (when no statement is pending) or
  // part of a statement, which runs when complete. Returns false when a
  // command or statement failed.
  bool HandleLine(const std::string& line);
  // Runs what is still pending at the end of input.
  bool Finish();
  // Runs one complete SPARQL statement (query, update, or only PREFIXes).
  bool RunStatement(const std::string& statement);
  // Reads `in` to its end (or .quit) through HandleLine and Finish. Returns
  // 0, or 1 when any statement or command failed.
  int RunScript(std::istream& in);
  // A terminal session on stdin/stdout with libedit; history in
  // `history_file` (empty: none). Returns 0: errors were shown as they came.
  int RunInteractive(const std::string& history_file);

  // Completions for the word being typed: CompletionCandidates, and for a
  // prefixed name "p:loc" with p declared, the IRIs under p's namespace that
  // are subjects in the database (at most 200), as "p:local".
  std::vector<std::string> Completions(const std::string& word) const;

  bool quit_requested() const { return quit_; }
  bool statement_pending() const { return !buffer_.empty(); }
  const std::map<std::string, std::string>& prefixes() const { return prefixes_; }
  // The token a SIGINT handler may cancel; reset before each statement.
  const std::shared_ptr<CancelToken>& cancel_token() const { return cancel_; }

 private:
  std::ostream& out() { return file_out_ ? *file_out_ : out_; }
  bool RunCommand(const DotCommandLine& cmd);
  bool RunQuery(const std::string& text);
  bool RunUpdateStatement(const std::string& text);
  bool Report(const Error& e);

  Database& db_;
  std::ostream& out_;
  std::ostream& err_;
  ShellSettings settings_;
  std::unique_ptr<std::ofstream> file_out_;
  std::map<std::string, std::string> prefixes_;
  StatementBuffer buffer_;
  std::shared_ptr<CancelToken> cancel_ = std::make_shared<CancelToken>();
  Mode mode_ = Mode::kTable;
  bool timer_ = false;
  bool quit_ = false;
  int read_depth_ = 0;  // nesting of .read
};

}  // namespace corridor::repl
