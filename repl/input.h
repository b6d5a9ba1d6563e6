// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The shell's input handling, free of any terminal: when a statement is
// complete, which prefixes it declares, whether it is an update, how a
// dot-command line splits, nearest-name suggestions and completion
// candidates. Everything here is a pure function of its arguments (or of one
// StatementBuffer), so tests call it directly.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::repl {

// Lexical state at the end of a piece of SPARQL text.
struct ScanState {
  int depth = 0;            // open ( [ { not yet closed (negative: too many closed)
  bool in_string = false;   // inside a "..." '...' """...""" or '''...''' string
  bool ends_with_semicolon = false;  // last token (ignoring comments and space) is ';'
};

// Scans `text` as SPARQL tokens: IRIs `<...>` (a '<' followed by a run without
// spaces and a closing '>' on the same line; otherwise it is the operator),
// strings with backslash escapes and long strings, and `#` comments to the
// end of a line.
ScanState ScanSparql(std::string_view text);

// Collects input lines into statements. A statement is complete when its
// brackets are balanced, it is not inside a string, and either its last
// token is ';' (which is dropped) or a blank line follows.
class StatementBuffer {
 public:
  // Adds one line (without its newline). Returns the completed statement,
  // if this line completes one; the buffer is then empty again.
  std::optional<std::string> AddLine(std::string_view line);
  // The pending text at end of input, if any non-blank text is pending; clears it.
  std::optional<std::string> Flush();
  bool empty() const { return text_.empty(); }
  void Clear() { text_.clear(); }

 private:
  std::string text_;
};

// The PREFIX declarations of a statement's prologue (name without ':' to
// IRI), in order; BASE declarations are skipped. Declarations after the
// prologue (inside strings, or after an update's ';') are not reported.
std::vector<std::pair<std::string, std::string>> DeclaredPrefixes(std::string_view statement);

// True when the statement holds only BASE / PREFIX declarations (and
// comments): the shell then just remembers the prefixes.
bool IsPrologueOnly(std::string_view statement);

// True when the first keyword after the prologue starts a SPARQL Update
// operation: INSERT DELETE LOAD CLEAR DROP CREATE ADD MOVE COPY WITH.
bool IsUpdate(std::string_view statement);

// A dot-command line split into its name (with the dot), its
// whitespace-separated arguments ("double quotes" group words) and the raw
// text after the name (for commands such as .explain that take a query).
struct DotCommandLine {
  std::string name;
  std::vector<std::string> args;
  std::string rest;
};
// REQUIRES: line starts with '.' after optional spaces; otherwise nullopt.
std::optional<DotCommandLine> ParseDotCommand(std::string_view line);

// Levenshtein distance (insertions, deletions, substitutions cost 1).
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` by EditDistance when that distance is at
// most max(2, word.size() / 3); nullopt otherwise.
std::optional<std::string> Nearest(std::string_view word, const std::vector<std::string>& candidates);

// SPARQL 1.1 keywords and built-in function names, in upper case.
const std::vector<std::string>& SparqlKeywords();

// Completions for the word being typed: dot-command names when it starts
// with '.', else keywords (in the case the user types: all lower when the
// word is lower case) and declared prefixes ("name:"). Sorted, distinct.
std::vector<std::string> CompletionCandidates(std::string_view word,
                                              const std::vector<std::string>& dot_commands,
                                              const std::map<std::string, std::string>& prefixes);

}  // namespace corridor::repl
