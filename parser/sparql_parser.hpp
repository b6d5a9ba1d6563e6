// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Entry points of the SPARQL 1.1 parser.
//
//   auto query = corridor::sparql::ParseQuery("SELECT * { ?s ?p ?o }");
//   auto update = corridor::sparql::ParseUpdate("INSERT DATA { <a> <b> <c> }");
//
// Both take the whole request text (UTF-8), apply the \u / \U codepoint
// escapes first (SPARQL 1.1 §19.2), parse it with the §19 grammar, run the
// static checks the spec requires (§18.2.1, §19.8 notes) and return the AST
// of parser/ast.hpp. Any failure throws ParseError; nothing else is thrown
// for bad input (std::bad_alloc aside). Inputs nested deeper than
// kMaxNestingDepth (parser/config.hpp) are rejected, so the parser needs
// about 1 MiB of stack at most. Thread-safe: calls share no state.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "parser/ast.hpp"

namespace corridor::sparql {

struct ParseOptions {
  // Prefixes in force before the text's own PREFIX declarations (which
  // override them), e.g. the shell's defaults. Prefix without ':'.
  std::map<std::string, std::string> prefixes;
  // The base IRI in force before any BASE declaration; empty: none, and
  // relative IRIs are kept as written.
  std::string base;
  // The parser knows no function library: when set, a call of a function
  // IRI this rejects is an error at the IRI (ParseError::unsupported()),
  // instead of an AST the caller must refuse without a position.
  std::function<bool(const std::string& iri)> is_function;
};

class ParseError : public std::runtime_error {
 public:
  // `line` and `column` are 1-based; columns count code points.
  // `caret_column` is the 1-based column of the error within `source_line`
  // (which may be an excerpt of the whole line).
  ParseError(std::string message, std::size_t line, std::size_t column,
             std::size_t offset, std::string expected, std::string source_line,
             std::size_t caret_column);

  // "expected X" (X: expected(), shortened to 10 names) or the reason, e.g.
  // "undefined prefix 'ex:'".
  const std::string& message() const { return message_; }
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  // Byte offset of the error in the text passed to the parser.
  std::size_t offset() const { return offset_; }
  // Everything the grammar expected there ("'}', '.' or variable"); empty
  // for errors that are not about a missing token.
  const std::string& expected() const { return expected_; }
  // The line of the text holding the error (possibly shortened around the
  // error position with "...").
  const std::string& source_line() const { return source_line_; }

  // "line L, column C: MESSAGE\n<source line>\n<caret under the column>".
  std::string Render() const;

  // True when the text is valid SPARQL but asks for something the caller
  // said it lacks (a function ParseOptions::is_function rejects).
  bool unsupported() const { return unsupported_; }
  void set_unsupported(bool unsupported) { unsupported_ = unsupported; }

 private:
  std::string message_;
  std::size_t line_;
  std::size_t column_;
  std::size_t offset_;
  std::string expected_;
  std::string source_line_;
  std::size_t caret_column_;  // column of the error within source_line_
  bool unsupported_ = false;
};

// Parses a SPARQL 1.1 query (QueryUnit). Throws ParseError.
ast::Query ParseQuery(std::string_view text, const ParseOptions& options = {});

// Parses a SPARQL 1.1 update request (UpdateUnit), possibly several
// operations separated by ';'. Throws ParseError.
ast::Update ParseUpdate(std::string_view text, const ParseOptions& options = {});

}  // namespace corridor::sparql
