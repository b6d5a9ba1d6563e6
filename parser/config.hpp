// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The one place that fixes the iterator, skipper and context types every
// grammar translation unit is instantiated with, and the per-parse state the
// rules reach through the context.
//
// Contract for grammar code: no directive that changes the context type
// (x3::lexeme, x3::no_case, x3::skip, x3::with, ...) may wrap a rule that is
// defined in another translation unit; lexical work is done by the token
// parsers of tokens.hpp, which skip by themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/spirit/home/x3.hpp>

namespace corridor::sparql::parser {

namespace x3 = boost::spirit::x3;

using IteratorType = const char*;

// Deepest nesting of brackets ( ), [ ], { } and property-path groups the
// grammar accepts; deeper input is rejected with a ParseError at the bracket
// that crosses the limit. Bounds the recursion (and so the stack: roughly
// 4 KiB per level in a release build).
inline constexpr int kMaxNestingDepth = 128;

// Thrown by rules and actions for errors that are not "no alternative
// matched": undefined prefixes, nesting limit, arity and static checks.
// `position` points into the parsed text.
struct SemanticError : std::runtime_error {
  SemanticError(const char* position, const std::string& message, bool unsupported = false)
      : std::runtime_error(message), position(position), unsupported(unsupported) {}
  const char* position;
  bool unsupported;  // valid SPARQL the caller cannot run (ParseError::unsupported)
};

// Per-parse mutable state, reached from rules and token parsers through the
// context (x3::get<StateTag>).
struct ParseState {
  const char* begin = nullptr;  // the text being parsed
  const char* end = nullptr;

  std::map<std::string, std::string> prefixes;  // in force (predeclared + declared)
  std::map<std::string, std::string> declared;  // declared by the text
  std::string base;                             // in force; may be empty
  // ParseOptions::is_function (null: every function IRI is accepted).
  const std::function<bool(const std::string&)>* is_function = nullptr;

  std::uint64_t next_blank = 0;  // counter for generated blank node labels
  int depth = 0;                 // current nesting depth

  // The furthest position at which a token failed to match, and the names of
  // the tokens expected there (for "expected X" error messages).
  // `quoted` names are literal text (keywords, punctuation) that messages
  // show in quotes; the others describe a token class ("variable").
  struct Expected {
    const char* name;
    bool quoted;
  };
  const char* furthest = nullptr;
  std::vector<Expected> expected;

  void Fail(const char* position, const char* what, bool quoted) {
    if (furthest == nullptr || position > furthest) {
      furthest = position;
      expected.clear();
    } else if (position < furthest) {
      return;
    }
    for (const Expected& e : expected) {
      if (std::string_view(e.name) == what) return;
    }
    expected.push_back({what, quoted});
  }

  // A fresh blank node label (see ast::kGeneratedBlankPrefix).
  std::string FreshBlankLabel() {
    return "." + std::to_string(next_blank++);
  }
};

struct StateTag;

// Skips white space and '#' comments.
struct Skipper : x3::parser<Skipper> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const&, RContext&,
             Attribute&) const {
    Iterator p = first;
    while (p != last) {
      char c = *p;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++p;
      } else if (c == '#') {
        while (p != last && *p != '\n' && *p != '\r') ++p;
      } else {
        break;
      }
    }
    bool moved = p != first;
    first = p;
    return moved;
  }
};

inline constexpr Skipper skipper{};

using PhraseContextType = x3::phrase_parse_context<Skipper>::type;
using ContextType = x3::context<StateTag, ParseState, PhraseContextType>;

}  // namespace corridor::sparql::parser
