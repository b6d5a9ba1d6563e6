// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "repl/shell.h"

#include <editline/readline.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "corridor/results.h"
#include "repl/table.h"
#include "repl/validate.h"

namespace corridor::repl {

namespace fs = std::filesystem;

namespace {

// A progress bar on stderr, rewritten in place.
std::function<void(const LoadProgress&)> ProgressBar(std::ostream& err) {
  return [&err](const LoadProgress& p) {
    if (p.bytes_total > 0) {
      const double frac = std::min(1.0, static_cast<double>(p.bytes_read) / p.bytes_total);
      const int filled = static_cast<int>(frac * 30);
      err << fmt::format("\r[{}{}] {:3.0f}%  {} triples", std::string(filled, '#'),
                         std::string(30 - filled, ' '), 100 * frac, WithThousands(p.quads_read))
          << std::flush;
    } else {
      err << fmt::format("\r{} read, {} triples", HumanBytes(p.bytes_read), WithThousands(p.quads_read))
          << std::flush;
    }
  };
}

// The shell whose SIGINT cancels the running statement, and whose input a
// Ctrl-C at the prompt discards.
std::atomic<CancelToken*> g_cancel{nullptr};
volatile sig_atomic_t g_interrupted = 0;

void OnSigint(int) {
  g_interrupted = 1;
  if (CancelToken* t = g_cancel.load()) t->Cancel();
}

// For the libedit completion callbacks (a C API without user data).
Shell* g_completing_shell = nullptr;
std::vector<std::string> g_matches;

char* CompletionGenerator(const char* /*text*/, int state) {
  if (static_cast<std::size_t>(state) >= g_matches.size()) return nullptr;
  return strdup(g_matches[static_cast<std::size_t>(state)].c_str());
}

char** Complete(const char* text, int /*start*/, int /*end*/) {
  rl_attempted_completion_over = 1;  // no file-name completion
  if (!g_completing_shell) return nullptr;
  g_matches = g_completing_shell->Completions(text);
  if (g_matches.empty()) return nullptr;
  rl_completion_append_character = (g_matches.size() == 1 && g_matches[0].back() == ':') ? '\0' : ' ';
  return rl_completion_matches(text, CompletionGenerator);
}

bool ParseOnOff(const DotCommandLine& cmd, bool* value, std::ostream& err) {
  if (cmd.args.size() == 1 && (cmd.args[0] == "on" || cmd.args[0] == "off")) {
    *value = cmd.args[0] == "on";
    return true;
  }
  err << "error: " << cmd.name << " takes on or off\n";
  return false;
}

}  // namespace

std::map<std::string, std::string> DefaultPrefixes() {
  return {{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
          {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
          {"xsd", "http://www.w3.org/2001/XMLSchema#"},
          {"owl", "http://www.w3.org/2002/07/owl#"},
          {"cpec", "https://corridor.dev/ns/cpec#"},
          {"cpecd", "https://corridor.dev/data/cpec/"}};
}

void PrintStatistics(const Statistics& s, std::ostream& out) {
  out << fmt::format("{} quads, {} graphs, {} distinct terms, {} on disk\n", s.quads, s.graphs.size(),
                     s.distinct_terms, HumanBytes(static_cast<double>(s.bytes_on_disk)));
  out << fmt::format("quads           {}\n", WithThousands(s.quads));
  out << fmt::format("graphs          {}\n", s.graphs.size());
  out << fmt::format("distinct terms  {}  (dictionary; numbers and booleans are inline)\n",
                     WithThousands(s.distinct_terms));
  out << fmt::format("bytes on disk   {} ({})\n", WithThousands(s.bytes_on_disk),
                     HumanBytes(static_cast<double>(s.bytes_on_disk)));
  if (!s.graphs.empty()) {
    out << "\ngraph                                                          quads\n";
    for (const auto& g : s.graphs) {
      out << fmt::format("{:<60} {:>10}\n", g.graph ? g.graph->ToNTriples() : "(default graph)",
                         WithThousands(g.quads));
    }
  }
  if (!s.predicates.empty()) {
    out << "\npredicate (20 largest)                                         quads   subjects    objects\n";
    for (std::size_t i = 0; i < s.predicates.size() && i < 20; ++i) {
      const auto& pr = s.predicates[i];
      out << fmt::format("{:<60} {:>10} {:>10} {:>10}\n", pr.predicate.ToNTriples(), WithThousands(pr.quads),
                         WithThousands(pr.distinct_subjects), WithThousands(pr.distinct_objects));
    }
  }
}

Shell::Shell(Database& db, std::ostream& out, std::ostream& err, ShellSettings settings)
    : db_(db), out_(out), err_(err), settings_(settings), prefixes_(DefaultPrefixes()) {}

const std::vector<Shell::Command>& Shell::Commands() {
  static const std::vector<Command> kCommands = {
      {".help", "", "this list",
       [](Shell& s, const DotCommandLine&) {
         for (const auto& c : Commands()) {
           s.out() << fmt::format("{:<26} {}\n", c.name + (c.arguments.empty() ? "" : " " + c.arguments),
                                  c.help);
         }
         s.out() << "SPARQL statements end with ';' or a blank line; PREFIXes stay declared.\n";
         return true;
       }},
      {".load", "FILE [GRAPH]", "load an RDF file (into the named graph GRAPH)",
       [](Shell& s, const DotCommandLine& cmd) {
         if (cmd.args.empty() || cmd.args.size() > 2) {
           s.err_ << "error: .load needs FILE [GRAPH]\n";
           return false;
         }
         LoadOptions lo;
         if (cmd.args.size() == 2) lo.graph = cmd.args[1];
         if (s.settings_.progress) lo.on_progress = ProgressBar(s.err_);
         LoadResult r = s.db_.LoadFiles({cmd.args[0]}, lo);
         if (lo.on_progress) s.err_ << "\r" << std::string(72, ' ') << "\r" << std::flush;
         s.out() << fmt::format("{} triples added, {} duplicates, {:.2f} s\n", r.quads_added, r.duplicates,
                                r.seconds);
         return true;
       }},
      {".stats", "", "statistics of the database",
       [](Shell& s, const DotCommandLine&) {
         PrintStatistics(s.db_.GetStatistics(), s.out());
         return true;
       }},
      {".graphs", "", "the graphs and their sizes",
       [](Shell& s, const DotCommandLine&) {
         std::vector<std::vector<std::string>> rows;
         for (const auto& g : s.db_.GetStatistics().graphs) {
           rows.push_back({g.graph ? CompactTerm(*g.graph, s.prefixes_) : "(default graph)",
                           std::to_string(g.quads)});
         }
         RenderTable({"graph", "quads"}, rows, {s.settings_.terminal_width, 0}, s.out());
         return true;
       }},
      {".prefixes", "", "the declared prefixes",
       [](Shell& s, const DotCommandLine&) {
         for (const auto& [name, iri] : s.prefixes_) s.out() << fmt::format("PREFIX {}: <{}>\n", name, iri);
         return true;
       }},
      {".mode", "table|csv|tsv|json", "how results are printed",
       [](Shell& s, const DotCommandLine& cmd) {
         static const std::map<std::string, Mode> kModes = {
             {"table", Mode::kTable}, {"csv", Mode::kCsv}, {"tsv", Mode::kTsv}, {"json", Mode::kJson}};
         auto it = cmd.args.size() == 1 ? kModes.find(cmd.args[0]) : kModes.end();
         if (it == kModes.end()) {
           s.err_ << "error: .mode takes table, csv, tsv or json\n";
           return false;
         }
         s.mode_ = it->second;
         return true;
       }},
      {".maxrows", "N", "show at most N rows of a table (0: all)",
       [](Shell& s, const DotCommandLine& cmd) {
         char* end = nullptr;
         const long n = cmd.args.size() == 1 ? std::strtol(cmd.args[0].c_str(), &end, 10) : -1;
         if (n < 0 || (end && *end != '\0')) {
           s.err_ << "error: .maxrows takes a number (0: all rows)\n";
           return false;
         }
         s.settings_.max_rows = static_cast<std::size_t>(n);
         return true;
       }},
      {".timer", "on|off", "print how long each statement took",
       [](Shell& s, const DotCommandLine& cmd) { return ParseOnOff(cmd, &s.timer_, s.err_); }},
      {".explain", "QUERY", "the plan of a query",
       [](Shell& s, const DotCommandLine& cmd) {
         QueryOptions qo;
         qo.prefixes = s.prefixes_;
         qo.cancel = s.cancel_;
         s.out() << s.db_.Explain(cmd.rest, false, qo);
         return true;
       }},
      {".output", "[FILE]", "results to FILE; without FILE, back to the screen",
       [](Shell& s, const DotCommandLine& cmd) {
         if (cmd.args.empty()) {
           s.file_out_.reset();
           return true;
         }
         auto f = std::make_unique<std::ofstream>(cmd.args[0], std::ios::binary | std::ios::trunc);
         if (!*f) {
           s.err_ << "error: cannot write " << cmd.args[0] << "\n";
           return false;
         }
         s.file_out_ = std::move(f);
         return true;
       }},
      {".read", "FILE", "run the statements and commands in FILE",
       [](Shell& s, const DotCommandLine& cmd) {
         if (cmd.args.size() != 1) {
           s.err_ << "error: .read needs a file\n";
           return false;
         }
         if (s.read_depth_ >= 8) {
           s.err_ << "error: .read nested too deeply\n";
           return false;
         }
         std::ifstream in(cmd.args[0], std::ios::binary);
         if (!in) {
           s.err_ << "error: cannot read " << cmd.args[0] << "\n";
           return false;
         }
         StatementBuffer outer = std::move(s.buffer_);
         s.buffer_ = StatementBuffer();
         ++s.read_depth_;
         const int status = s.RunScript(in);
         --s.read_depth_;
         s.buffer_ = std::move(outer);
         return status == 0;
       }},
      {".validate", "", "check the data against the CPEC vocabulary",
       [](Shell& s, const DotCommandLine&) {
         QueryOptions qo;
         qo.cancel = s.cancel_;
         return Validate(s.db_, s.prefixes_, s.out(), qo) == 0;
       }},
      {".dump", "", "all quads as N-Quads",
       [](Shell& s, const DotCommandLine&) {
         s.db_.Dump(s.out());
         return true;
       }},
      {".quit", "", "leave (also .exit and Ctrl-D)",
       [](Shell& s, const DotCommandLine&) {
         s.quit_ = true;
         return true;
       }},
      {".exit", "", "leave",
       [](Shell& s, const DotCommandLine&) {
         s.quit_ = true;
         return true;
       }},
  };
  return kCommands;
}

std::vector<std::string> Shell::CommandNames() {
  std::vector<std::string> names;
  for (const auto& c : Commands()) names.push_back(c.name);
  return names;
}

std::vector<std::string> Shell::Completions(const std::string& word) const {
  const auto colon = word.find(':');
  if (colon == std::string::npos || word[0] == '.') return CompletionCandidates(word, CommandNames(), prefixes_);
  const auto ns = prefixes_.find(word.substr(0, colon));
  if (ns == prefixes_.end()) return {};
  std::string start = ns->second + word.substr(colon + 1);
  std::string literal;
  for (char c : start) {
    if (c == '"' || c == '\\') literal += '\\';
    literal += c;
  }
  std::vector<std::string> out;
  try {
    QueryResult r = db_.Query("SELECT DISTINCT ?t WHERE { { ?t ?p ?o } UNION { GRAPH ?g { ?t ?p ?o } } "
                              "FILTER(isIRI(?t) && STRSTARTS(STR(?t), \"" + literal + "\")) } ORDER BY ?t LIMIT 200");
    std::vector<std::optional<Term>> row;
    while (r.Next(&row)) {
      const std::string local = row[0]->value.substr(ns->second.size());
      if (local.find_first_of("/#?") == std::string::npos) out.push_back(ns->first + ":" + local);
    }
  } catch (const Error&) {
    return {};  // no completions rather than an error in the middle of typing
  }
  return out;
}

bool Shell::Report(const Error& e) {
  if (e.code() == ErrorCode::kCancelled) {
    err_ << "error: cancelled\n";
  } else {
    err_ << "error: " << e.what() << "\n";
  }
  return false;
}

bool Shell::RunCommand(const DotCommandLine& cmd) {
  for (const auto& c : Commands()) {
    if (c.name == cmd.name) {
      try {
        cancel_->Reset();
        return c.run(*this, cmd);
      } catch (const Error& e) {
        return Report(e);
      } catch (const std::exception& e) {
        err_ << "error: " << e.what() << "\n";
        return false;
      }
    }
  }
  err_ << "error: unknown command '" << cmd.name << "'";
  if (auto near = Nearest(cmd.name, CommandNames())) err_ << "; did you mean " << *near << "?";
  err_ << " (try .help)\n";
  return false;
}

bool Shell::HandleLine(const std::string& line) {
  if (buffer_.empty()) {
    if (auto cmd = ParseDotCommand(line)) return RunCommand(*cmd);
  }
  if (auto statement = buffer_.AddLine(line)) return RunStatement(*statement);
  return true;
}

bool Shell::Finish() {
  if (auto statement = buffer_.Flush()) return RunStatement(*statement);
  return true;
}

bool Shell::RunStatement(const std::string& statement) {
  const auto started = std::chrono::steady_clock::now();
  cancel_->Reset();
  bool ok = false;
  try {
    if (IsPrologueOnly(statement)) {
      ok = true;
    } else if (IsUpdate(statement)) {
      ok = RunUpdateStatement(statement);
    } else {
      ok = RunQuery(statement);
    }
    // Declarations stay for the session once their statement has run.
    if (ok) {
      for (auto& [name, iri] : DeclaredPrefixes(statement)) prefixes_[name] = iri;
    }
  } catch (const Error& e) {
    ok = Report(e);
  } catch (const std::exception& e) {
    err_ << "error: " << e.what() << "\n";
    ok = false;
  }
  if (timer_) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out() << fmt::format("time: {:.3f} s\n", s);
  }
  out().flush();
  return ok;
}

bool Shell::RunUpdateStatement(const std::string& text) {
  UpdateOptions uo;
  uo.prefixes = prefixes_;
  uo.cancel = cancel_;
  UpdateResult r = db_.Update(text, uo);
  out() << fmt::format("{} quads inserted, {} deleted ({} operation{})\n", r.quads_inserted, r.quads_deleted,
                       r.operations, r.operations == 1 ? "" : "s");
  return true;
}

bool Shell::RunQuery(const std::string& text) {
  QueryOptions qo;
  qo.prefixes = prefixes_;
  qo.cancel = cancel_;
  QueryResult result = db_.Query(text, qo);
  const auto& px = result.prefixes();
  if (mode_ != Mode::kTable) {
    ResultFormat f = mode_ == Mode::kCsv ? ResultFormat::kCsv : mode_ == Mode::kTsv ? ResultFormat::kTsv
                                                                                     : ResultFormat::kJson;
    if (result.form() == QueryForm::kConstruct || result.form() == QueryForm::kDescribe) {
      f = ResultFormat::kTurtle;
    }
    WriteResults(result, f, out());
    return true;
  }
  switch (result.form()) {
    case QueryForm::kSelect: {
      std::vector<std::vector<std::string>> rows;
      std::size_t total = 0;
      std::vector<std::optional<Term>> row;
      while (result.Next(&row)) {
        ++total;
        if (settings_.max_rows != 0 && rows.size() >= settings_.max_rows) continue;
        std::vector<std::string> cells;
        for (const auto& t : row) cells.push_back(t ? CompactTerm(*t, px) : "");
        rows.push_back(std::move(cells));
      }
      RenderTable(result.variables(), rows, {settings_.terminal_width, total}, out());
      break;
    }
    case QueryForm::kAsk:
      out() << (result.AskAnswer() ? "yes" : "no") << "\n";
      break;
    case QueryForm::kConstruct:
    case QueryForm::kDescribe: {
      std::size_t total = 0, shown = 0;
      Quad q;
      while (result.NextTriple(&q)) {
        ++total;
        if (settings_.max_rows != 0 && shown >= settings_.max_rows) continue;
        ++shown;
        out() << CompactTerm(q.subject, px) << " " << CompactTerm(q.predicate, px) << " "
              << CompactTerm(q.object, px) << " .\n";
      }
      if (total > shown) {
        out() << "(" << shown << " of " << total << " triples shown; .maxrows N to change)\n";
      } else {
        out() << "(" << total << (total == 1 ? " triple" : " triples") << ")\n";
      }
      break;
    }
  }
  return true;
}

int Shell::RunScript(std::istream& in) {
  bool failed = false;
  std::string line;
  while (!quit_ && std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    failed = !HandleLine(line) || failed;
  }
  if (!quit_) failed = !Finish() || failed;
  return failed ? 1 : 0;
}

int Shell::RunInteractive(const std::string& history_file) {
  rl_readline_name = "corridor";
  rl_attempted_completion_function = Complete;
  g_completing_shell = this;
  using_history();
  if (!history_file.empty()) read_history(history_file.c_str());

  struct sigaction action {}, previous {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous);
  g_cancel.store(cancel_.get());

  while (!quit_) {
    g_interrupted = 0;
    if (struct winsize ws {}; ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
      settings_.terminal_width = ws.ws_col;
    }
    out_.flush();
    err_.flush();
    char* raw = readline(buffer_.empty() ? "corridor> " : "     ...> ");
    if (!raw) {
      if (g_interrupted) {  // Ctrl-C at the prompt: drop the pending input
        buffer_.Clear();
        std::cout << "\n";
        continue;
      }
      std::cout << "\n";
      break;  // Ctrl-D
    }
    std::string line(raw);
    std::free(raw);
    if (!line.empty() && line.find_first_not_of(" \t") != std::string::npos) {
      add_history(line.c_str());
      if (!history_file.empty()) write_history(history_file.c_str());
    }
    HandleLine(line);  // errors are shown as they happen; the session goes on
  }
  g_cancel.store(nullptr);
  sigaction(SIGINT, &previous, nullptr);
  g_completing_shell = nullptr;
  return 0;
}

}  // namespace corridor::repl
