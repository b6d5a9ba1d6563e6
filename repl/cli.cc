// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "repl/cli.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "corridor/database.h"
#include "corridor/results.h"
#include "repl/shell.h"
#include "repl/table.h"
#include "repl/validate.h"

#ifndef CORRIDOR_SCHEMA_DIR
#define CORRIDOR_SCHEMA_DIR ""
#endif
#ifndef CORRIDOR_INSTALLED_SCHEMA_DIR
#define CORRIDOR_INSTALLED_SCHEMA_DIR ""
#endif

namespace corridor::repl {

namespace fs = std::filesystem;

namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  corridor [DB_DIR]                          open the shell (default database if omitted)\n"
    "  corridor load DB_DIR FILE... [--graph IRI] [--format nt|nq|ttl|trig] [--base IRI]\n"
    "                                             FILE '-': standard input (needs --format)\n"
    "  corridor stats DB_DIR                      counts, graphs and the largest predicates\n"
    "  corridor dump DB_DIR [--format nq|trig]    write the whole dataset to stdout\n"
    "  corridor query DB_DIR (QUERY | -f FILE) [--format table|json|xml|csv|tsv|nt|ttl]\n"
    "                 [--timeout MS]              run a SPARQL query\n"
    "  corridor explain DB_DIR QUERY [--analyze]  the query plan (with --analyze: run it and time it)\n"
    "  corridor update DB_DIR (UPDATE | -f FILE) [--timeout MS]\n"
    "                                             run a SPARQL update request, atomically\n"
    "  corridor validate DB_DIR                   check the data against the CPEC vocabulary\n"
    "  corridor check DB_DIR [--full]             verify the indexes, dictionary and statistics\n"
    "                                             agree (exit 1 and list each fault if not)\n"
    "  corridor help                              this text\n";

// Thrown for bad command lines; turned into "error: ..." plus usage.
struct UsageError {
  std::string message;
};

// Parses "--name value" options out of args (after the subcommand's own
// positional arguments); everything else is positional.
struct ParsedArgs {
  std::vector<std::string> positional;
  std::optional<std::string> graph, format, base, timeout, file;
  bool analyze = false;
  bool full = false;
};

// `flags` are options without a value (--analyze); "-f FILE" is accepted
// when "file" is among `allowed`.
ParsedArgs ParseArgs(const std::vector<std::string>& args, std::size_t from,
                     std::initializer_list<const char*> allowed,
                     std::initializer_list<const char*> flags = {}) {
  ParsedArgs p;
  auto is = [](std::initializer_list<const char*> names, const std::string& name) {
    for (const char* n : names) {
      if (name == n) return true;
    }
    return false;
  };
  for (std::size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0 && is(flags, a.substr(2))) {
      if (a == "--analyze") p.analyze = true;
      if (a == "--full") p.full = true;
    } else if (a == "-f" && is(allowed, "file")) {
      if (i + 1 >= args.size()) throw UsageError{"option -f needs a file"};
      p.file = args[++i];
    } else if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string name = a.substr(2), value;
      auto eq = name.find('=');
      if (eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      } else {
        if (i + 1 >= args.size()) throw UsageError{"option --" + name + " needs a value"};
        value = args[++i];
      }
      bool ok = false;
      for (const char* n : allowed) ok = ok || name == n;
      if (!ok) throw UsageError{"unknown option --" + name};
      if (name == "graph") p.graph = value;
      else if (name == "format") p.format = value;
      else if (name == "base") p.base = value;
      else if (name == "timeout") p.timeout = value;
      else if (name == "file") p.file = value;
    } else {
      p.positional.push_back(a);
    }
  }
  return p;
}

RdfFormat ParseRdfFormat(const std::string& name) {
  if (name == "nt" || name == "ntriples" || name == "n-triples") return RdfFormat::kNTriples;
  if (name == "nq" || name == "nquads" || name == "n-quads") return RdfFormat::kNQuads;
  if (name == "ttl" || name == "turtle") return RdfFormat::kTurtle;
  if (name == "trig") return RdfFormat::kTriG;
  throw UsageError{"unknown format '" + name + "' (use nt, nq, ttl or trig)"};
}

// Progress on stderr, rewritten in place, only when stderr is a terminal.
std::function<void(const LoadProgress&)> MakeProgressPrinter(std::ostream& err) {
  if (!isatty(STDERR_FILENO)) return {};
  return [&err](const LoadProgress& p) {
    const double rate = p.seconds > 0 ? p.quads_read / p.seconds : 0;
    std::string line;
    if (p.bytes_total > 0) {
      const double frac = static_cast<double>(p.bytes_read) / p.bytes_total;
      const double left = frac > 0 ? p.seconds * (1 - frac) / frac : 0;
      line = fmt::format("\r  {} of {} ({:.0f}%)  {} triples/s  {:.0f} s left   ",
                         HumanBytes(p.bytes_read), HumanBytes(p.bytes_total), 100 * frac,
                         WithThousands(static_cast<std::uint64_t>(rate)), left);
    } else {
      line = fmt::format("\r  {} read  {} triples/s   ", HumanBytes(p.bytes_read),
                         WithThousands(static_cast<std::uint64_t>(rate)));
    }
    err << line << std::flush;
  };
}

std::unique_ptr<Database> OpenDb(const std::string& path, bool create = false) {
  Options o;
  o.create_if_missing = create;
  return Database::Open(path, o);
}

int CmdLoad(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  ParsedArgs p = ParseArgs(args, 1, {"graph", "format", "base"});
  if (p.positional.size() < 2) throw UsageError{"load needs a database folder and at least one file"};
  LoadOptions lo;
  if (p.format) lo.format = ParseRdfFormat(*p.format);
  lo.graph = p.graph;
  lo.base = p.base;
  std::vector<fs::path> files(p.positional.begin() + 1, p.positional.end());
  // `-`: standard input, read whole into memory (a pipe cannot be read
  // twice, and the reader re-reads a file to place some errors); errors
  // are reported as stdin:line:column.
  const bool from_stdin = std::find(files.begin(), files.end(), fs::path("-")) != files.end();
  if (from_stdin && files.size() != 1) throw UsageError{"'-' (standard input) must be the only file"};
  if (from_stdin && !p.format) throw UsageError{"loading standard input needs --format"};
  lo.on_progress = MakeProgressPrinter(err);
  auto db = OpenDb(p.positional[0], /*create=*/true);
  LoadResult r;
  if (from_stdin) {
    std::ostringstream text;
    text << in.rdbuf();
    r = db->LoadString(text.str(), lo, "stdin");
  } else {
    r = db->LoadFiles(files, lo);
  }
  if (lo.on_progress) err << "\r" << std::string(72, ' ') << "\r";
  err << fmt::format("loaded {} triples from {} file{}: {} added, {} duplicates skipped, {:.2f} s\n",
                     WithThousands(r.quads_read), files.size(), files.size() == 1 ? "" : "s",
                     WithThousands(r.quads_added), WithThousands(r.duplicates), r.seconds);
  return 0;
}

int CmdStats(const std::vector<std::string>& args, std::ostream& out) {
  ParsedArgs p = ParseArgs(args, 1, {});
  if (p.positional.size() != 1) throw UsageError{"stats needs exactly one database folder"};
  Options o;
  o.create_if_missing = false;
  auto db = Database::Open(p.positional[0], o);
  PrintStatistics(db->GetStatistics(), out);
  return 0;
}

int CmdDump(const std::vector<std::string>& args, std::ostream& out) {
  ParsedArgs p = ParseArgs(args, 1, {"format"});
  if (p.positional.size() != 1) throw UsageError{"dump needs exactly one database folder"};
  DumpFormat f = DumpFormat::kNQuads;
  if (p.format) {
    if (*p.format == "trig") f = DumpFormat::kTriG;
    else if (*p.format != "nq" && *p.format != "nquads") {
      throw UsageError{"dump writes nq or trig, not '" + *p.format + "'"};
    }
  }
  Options o;
  o.create_if_missing = false;
  o.read_only = true;
  auto db = Database::Open(p.positional[0], o);
  db->Dump(out, f);
  return 0;
}

// The terminal's width when `out` is the terminal; 0 otherwise (cells are
// then never cut).
std::size_t TerminalWidth(const std::ostream& out) {
  if (&out != &std::cout || !isatty(STDOUT_FILENO)) return 0;
  struct winsize ws {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

std::string QueryText(const ParsedArgs& p, std::size_t query_index) {
  if (p.file) {
    if (p.positional.size() > query_index) throw UsageError{"give the query as text or with -f, not both"};
    std::ifstream in(*p.file, std::ios::binary);
    if (!in) throw Error(ErrorCode::kIo, "cannot read the query file", {*p.file});
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  if (p.positional.size() <= query_index) throw UsageError{"no query given"};
  return p.positional[query_index];
}

std::unique_ptr<Database> OpenForReading(const std::string& path) {
  Options o;
  o.create_if_missing = false;
  o.read_only = true;
  return Database::Open(path, o);
}

// `corridor update DB_DIR (UPDATE | -f FILE) [--timeout MS]`: prints what
// changed; LOAD may read the current directory and below.
int CmdUpdate(const std::vector<std::string>& args, std::ostream& out) {
  ParsedArgs p = ParseArgs(args, 1, {"timeout", "file"});
  if (p.positional.empty()) throw UsageError{"update needs a database folder and an update request"};
  if (p.positional.size() > 2) throw UsageError{"update takes one request (quote it)"};
  const std::string text = QueryText(p, 1);
  UpdateOptions uo;
  uo.prefixes = DefaultPrefixes();
  if (p.timeout) {
    char* end = nullptr;
    const long ms = std::strtol(p.timeout->c_str(), &end, 10);
    if (p.timeout->empty() || *end != '\0' || ms < 0) throw UsageError{"--timeout needs milliseconds"};
    uo.timeout = std::chrono::milliseconds(ms);
  }
  Options o;
  o.create_if_missing = false;
  auto db = Database::Open(p.positional[0], o);
  UpdateResult r = db->Update(text, uo);
  out << fmt::format("{} quads inserted, {} deleted ({} operation{}, {:.3f} s)\n", r.quads_inserted,
                     r.quads_deleted, r.operations, r.operations == 1 ? "" : "s", r.seconds);
  return 0;
}

int CmdQuery(const std::vector<std::string>& args, std::ostream& out) {
  ParsedArgs p = ParseArgs(args, 1, {"format", "timeout", "file"});
  if (p.positional.empty()) throw UsageError{"query needs a database folder and a query"};
  if (p.positional.size() > 2) throw UsageError{"query takes one query (quote it)"};
  const std::string text = QueryText(p, 1);
  QueryOptions qo;
  qo.prefixes = DefaultPrefixes();
  if (p.timeout) {
    char* end = nullptr;
    const long ms = std::strtol(p.timeout->c_str(), &end, 10);
    if (p.timeout->empty() || *end != '\0' || ms < 0) throw UsageError{"--timeout needs milliseconds"};
    qo.timeout = std::chrono::milliseconds(ms);
  }
  auto db = OpenForReading(p.positional[0]);
  QueryResult result = db->Query(text, qo);
  const std::string format = p.format.value_or("table");
  if (format != "table") {
    auto f = ResultFormatFromName(format);
    if (!f) throw UsageError{"unknown format '" + format + "' (use table, json, xml, csv, tsv, nt or ttl)"};
    WriteResults(result, *f, out);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  const auto& px = result.prefixes();
  switch (result.form()) {
    case QueryForm::kSelect: {
      std::vector<std::optional<Term>> row;
      while (result.Next(&row)) {
        std::vector<std::string> cells;
        for (const auto& t : row) cells.push_back(t ? CompactTerm(*t, px) : "");
        rows.push_back(std::move(cells));
      }
      RenderTable(result.variables(), rows, {TerminalWidth(out), 0}, out);
      break;
    }
    case QueryForm::kAsk:
      out << (result.AskAnswer() ? "true" : "false") << "\n";
      break;
    case QueryForm::kConstruct:
    case QueryForm::kDescribe: {
      Quad q;
      while (result.NextTriple(&q)) {
        rows.push_back({CompactTerm(q.subject, px), CompactTerm(q.predicate, px), CompactTerm(q.object, px)});
      }
      RenderTable({"subject", "predicate", "object"}, rows, {TerminalWidth(out), 0}, out);
      break;
    }
  }
  return 0;
}

int CmdExplain(const std::vector<std::string>& args, std::ostream& out) {
  ParsedArgs p = ParseArgs(args, 1, {"file"}, {"analyze"});
  if (p.positional.empty()) throw UsageError{"explain needs a database folder and a query"};
  if (p.positional.size() > 2) throw UsageError{"explain takes one query (quote it)"};
  const std::string text = QueryText(p, 1);
  auto db = OpenForReading(p.positional[0]);
  QueryOptions qo;
  qo.prefixes = DefaultPrefixes();
  out << db->Explain(text, p.analyze, qo);
  return 0;
}

int CmdValidate(const std::vector<std::string>& args, std::ostream& out) {
  ParsedArgs p = ParseArgs(args, 1, {});
  if (p.positional.size() != 1) throw UsageError{"validate needs exactly one database folder"};
  auto db = OpenForReading(p.positional[0]);
  return Validate(*db, DefaultPrefixes(), out) == 0 ? 0 : 1;
}

// `corridor check DB_DIR [--full]`: 0 and a one-line summary when the
// database is consistent; 1 and every problem (what, how many, the first
// offending keys) otherwise. Opens the database read-only, so it changes
// nothing, also after a crash.
int CmdCheck(const std::vector<std::string>& args, std::ostream& out) {
  ParsedArgs p = ParseArgs(args, 1, {}, {"full"});
  if (p.positional.size() != 1) throw UsageError{"check needs exactly one database folder"};
  auto db = OpenForReading(p.positional[0]);
  CheckOptions co;
  co.compare_all_keys = p.full;
  const CheckReport r = db->Check(co);
  for (const auto& note : r.notes) out << "note: " << note << "\n";
  const std::string counts =
      fmt::format("{} quads, {} dictionary terms, {} predicates, {} graph{}", WithThousands(r.quads),
                  WithThousands(r.dictionary_terms), WithThousands(r.predicates),
                  WithThousands(r.graphs), r.graphs == 1 ? "" : "s");
  if (r.ok()) {
    out << fmt::format("ok: {}; the 6 index permutations{}, the dictionary and the statistics agree "
                       "({:.2f} s)\n",
                       counts, r.compared_all_keys ? " (compared key by key)" : "", r.seconds);
    return 0;
  }
  std::uint64_t faults = 0;
  for (const auto& problem : r.problems) {
    faults += problem.count;
    out << fmt::format("FAULT: {}: {}\n", problem.what, WithThousands(problem.count));
    for (const auto& e : problem.examples) out << "  " << e << "\n";
    if (problem.count > problem.examples.size()) {
      out << fmt::format("  ... and {} more\n", WithThousands(problem.count - problem.examples.size()));
    }
  }
  out << fmt::format("check failed: {} problem{} ({} fault{}) in {} ({})\n", r.problems.size(),
                     r.problems.size() == 1 ? "" : "s", WithThousands(faults), faults == 1 ? "" : "s",
                     p.positional[0], counts);
  return 1;
}

// Where the CPEC vocabulary and graph are: the source tree when run from a
// build, else the installed share folder.
fs::path SchemaDir() {
  for (const char* dir : {CORRIDOR_SCHEMA_DIR, CORRIDOR_INSTALLED_SCHEMA_DIR}) {
    std::error_code ec;
    if (*dir != '\0' && fs::is_directory(dir, ec)) return dir;
  }
  return {};
}

// First use of the default database: load the vocabulary and the CPEC graph.
void SeedDefaultDatabase(Database& db, std::ostream& err) {
  fs::path dir = SchemaDir();
  if (dir.empty()) {
    err << "note: the CPEC schema folder was not found; the default database starts empty\n";
    return;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto ext = e.path().extension();
    if (ext == ".ttl" || ext == ".trig") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return;
  LoadResult r = db.LoadFiles(files);
  err << fmt::format("seeded the default database with the CPEC graph ({} quads from {})\n",
                     r.quads_added, dir.string());
}

// The shell on the database at `path` (created when missing; the default
// database is seeded on first use). A terminal session when `in` is the
// terminal's stdin; otherwise the statements of `in` run as a script that
// prints only results.
int RunShell(const std::string& path, bool is_default, std::istream& in, std::ostream& out,
             std::ostream& err) {
  const bool existed = fs::exists(path);
  auto db = OpenDb(path, /*create=*/true);
  if (is_default && (!existed || db->GetStatistics().quads == 0)) SeedDefaultDatabase(*db, err);
  const bool interactive = &in == &std::cin && &out == &std::cout && isatty(STDIN_FILENO) &&
                           isatty(STDOUT_FILENO);
  ShellSettings settings;
  settings.terminal_width = TerminalWidth(out);
  settings.max_rows = settings.terminal_width > 0 ? 40 : 0;
  settings.progress = interactive && isatty(STDERR_FILENO);
  Shell shell(*db, out, err, settings);
  if (!interactive) return shell.RunScript(in);
  out << "Corridor 0.1 — database " << fs::absolute(path).string() << "\n"
      << "Enter SPARQL ending in ';' or a blank line, or .help for commands. Ctrl-C cancels, Ctrl-D quits.\n";
  const fs::path history = fs::path(DefaultDatabasePath()).parent_path() / "history";
  std::error_code ec;
  fs::create_directories(history.parent_path(), ec);
  return shell.RunInteractive(ec ? std::string() : history.string());
}

}  // namespace

std::string DefaultDatabasePath() {
  if (const char* home = std::getenv("CORRIDOR_HOME"); home && *home) return home;
  fs::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = fs::path(home) / ".local" / "share";
  } else {
    base = fs::temp_directory_path();
  }
  return (base / "corridor" / "default").string();
}

int RunCli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
           std::ostream& err) {
  try {
    if (args.empty()) {
      try {
        return RunShell(DefaultDatabasePath(), /*is_default=*/true, in, out, err);
      } catch (const Error& e) {
        // The default database holds what the shell seeded (and what the
        // user added): say how to get a fresh one rather than removing it.
        if (e.code() != ErrorCode::kVersion) throw;
        err << "error: " << e.what() << "\n"
            << "note: to start again with a freshly seeded default database, move the old one away: mv "
            << DefaultDatabasePath() << " " << DefaultDatabasePath() << ".old\n";
        return 1;
      }
    }
    const std::string& cmd = args[0];
    if (cmd == "help" || cmd == "--help" || cmd == "-h") {
      out << kUsage;
      return 0;
    }
    if (cmd == "load") return CmdLoad(args, in, out, err);
    if (cmd == "stats") return CmdStats(args, out);
    if (cmd == "dump") return CmdDump(args, out);
    if (cmd == "query") return CmdQuery(args, out);
    if (cmd == "explain") return CmdExplain(args, out);
    if (cmd == "update") return CmdUpdate(args, out);
    if (cmd == "validate") return CmdValidate(args, out);
    if (cmd == "check") return CmdCheck(args, out);
    if (args.size() == 1 && cmd.rfind("-", 0) != 0) {
      return RunShell(cmd, /*is_default=*/false, in, out, err);
    }
    throw UsageError{"unknown command '" + cmd + "'"};
  } catch (const UsageError& e) {
    err << "error: " << e.message << "\n" << kUsage;
    return 2;
  } catch (const Error& e) {
    err << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    err << "error: internal: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace corridor::repl
