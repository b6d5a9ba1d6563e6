// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/sparql_parser.hpp"

#include "parser/tokens.hpp"

#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "parser/checks.hpp"
#include "parser/config.hpp"
#include "parser/query.hpp"
#include "parser/update.hpp"

namespace corridor::sparql {
namespace {

using parser::ParseState;

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The text after codepoint-escape decoding (§19.2), with a map from decoded
// byte offsets back to offsets in the original text.
struct DecodedText {
  std::string_view text;                // what the grammar sees
  std::string storage;                  // owns `text` when decoding changed it
  std::vector<std::size_t> to_original;  // empty: identity
  std::optional<std::size_t> bad_escape;  // original offset of an escape of a surrogate

  std::size_t Original(std::size_t offset) const {
    if (to_original.empty()) return offset;
    return offset < to_original.size() ? to_original[offset] : to_original.back();
  }
};


// Length of a \uXXXX / \UXXXXXXXX escape at text[i], or 0.
std::size_t EscapeLength(std::string_view text, std::size_t i) {
  if (text[i] != '\\' || i + 1 >= text.size()) return 0;
  std::size_t digits = text[i + 1] == 'u' ? 4 : text[i + 1] == 'U' ? 8 : 0;
  if (digits == 0 || i + 2 + digits > text.size()) return 0;
  for (std::size_t k = 0; k < digits; ++k) {
    if (!IsHexDigit(text[i + 2 + k])) return 0;
  }
  return 2 + digits;
}

// Decodes the escapes in one left-to-right pass: a decoded character is
// never part of another escape. "\\" is kept as is so that a string's
// escaped backslash followed by "u" is not read as an escape.
void Decode(std::string_view original, DecodedText& out) {
  out.text = original;
  std::size_t first = std::string_view::npos;
  for (std::size_t i = 0; i + 1 < original.size(); ++i) {
    if (original[i] == '\\') {
      if (EscapeLength(original, i) > 0) {
        first = i;
        break;
      }
      ++i;  // skip the escaped character
    }
  }
  if (first == std::string_view::npos) return;
  out.storage.reserve(original.size());
  out.to_original.reserve(original.size() + 1);
  for (std::size_t i = 0; i < original.size();) {
    std::size_t len = EscapeLength(original, i);
    if (len == 0) {
      std::size_t n = (original[i] == '\\' && i + 1 < original.size()) ? 2 : 1;
      for (std::size_t k = 0; k < n; ++k) {
        out.storage.push_back(original[i + k]);
        out.to_original.push_back(i + k);
      }
      i += n;
      continue;
    }
    char32_t cp = 0;
    for (std::size_t k = 2; k < len; ++k) {
      char c = original[i + k];
      cp = cp * 16 + static_cast<char32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      if (!out.bad_escape) out.bad_escape = i;
      cp = 0xFFFD;
    }
    std::size_t before = out.storage.size();
    parser::AppendUtf8(out.storage, cp);
    for (std::size_t k = before; k < out.storage.size(); ++k) out.to_original.push_back(i);
    i += len;
  }
  out.to_original.push_back(original.size());
  out.text = out.storage;
}

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Builds the ParseError for a failure at `offset` of `text` (the original).
ParseError MakeError(std::string_view text, std::size_t offset, std::string message,
                     std::string expected) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
    }
  }
  std::size_t line_end = line_start;
  while (line_end < text.size() && text[line_end] != '\n' && text[line_end] != '\r') ++line_end;
  std::size_t column = CodePoints(text.substr(line_start, offset - line_start)) + 1;

  // Show at most ~60 bytes either side of the error, cut at code points.
  constexpr std::size_t kContext = 60;
  std::size_t from = line_start;
  std::size_t to = line_end;
  bool cut_left = false, cut_right = false;
  if (offset - from > kContext) {
    from = offset - kContext;
    while (from < offset && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
    cut_left = true;
  }
  if (to > offset && to - offset > kContext) {
    to = offset + kContext;
    while (to < line_end && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
    cut_right = true;
  }
  std::string source_line;
  if (cut_left) source_line = "...";
  std::string_view before = text.substr(from, offset - from);
  std::size_t caret = CodePoints(source_line) + CodePoints(before) + 1;
  source_line.append(text.substr(from, to - from));
  if (cut_right) source_line += "...";
  // Keep tabs so the caret line can reproduce them; drop other controls.
  for (char& c : source_line) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = ' ';
  }
  return ParseError(std::move(message), line, column, offset, std::move(expected),
                    std::move(source_line), caret);
}

// "'a', 'b' or c", listing at most `max_names` names.
std::string DescribeExpected(const ParseState& state, std::size_t max_names) {
  std::string out;
  const std::size_t kMaxNames = max_names;
  std::size_t n = std::min(state.expected.size(), kMaxNames);
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += (i + 1 == n && n == state.expected.size()) ? " or " : ", ";
    const ParseState::Expected& e = state.expected[i];
    if (e.quoted) {
      out += '\'';
      out += e.name;
      out += '\'';
    } else {
      out += e.name;
    }
  }
  if (state.expected.size() > kMaxNames) out += ", ...";
  return out;
}

template <typename Rule, typename Ast, typename Check>
Ast Run(const Rule& rule, std::string_view original, const ParseOptions& options,
        Check check) {
  DecodedText decoded;
  Decode(original, decoded);
  if (decoded.bad_escape) {
    throw MakeError(original, *decoded.bad_escape,
                    "code point escape of a surrogate or beyond U+10FFFF", "");
  }
  std::string_view text = decoded.text;

  ParseState state;
  state.begin = text.data();
  state.end = text.data() + text.size();
  state.prefixes = options.prefixes;
  state.base = options.base;
  if (options.is_function) state.is_function = &options.is_function;

  auto phrase_context = parser::x3::make_context<parser::x3::skipper_tag>(parser::skipper);
  auto context = parser::x3::make_context<parser::StateTag>(state, phrase_context);
  static_assert(std::is_same_v<decltype(phrase_context), parser::PhraseContextType>);
  static_assert(std::is_same_v<decltype(context), parser::ContextType>);

  Ast ast;
  const char* first = state.begin;
  try {
    bool ok = rule.parse(first, state.end, context, parser::x3::unused, ast);
    parser::x3::skip_over(first, state.end, context);
    if (!ok || first != state.end) {
      if (ok) state.Fail(first, "end of input", false);
      const char* at = state.furthest ? state.furthest : first;
      std::string expected = DescribeExpected(state, state.expected.size());
      std::string brief = DescribeExpected(state, 10);
      throw MakeError(original, decoded.Original(at - state.begin),
                      brief.empty() ? "syntax error" : "expected " + brief, expected);
    }
  } catch (const parser::SemanticError& e) {
    ParseError error = MakeError(original, decoded.Original(e.position - state.begin), e.what(), "");
    error.set_unsupported(e.unsupported);
    throw error;
  }
  ast.prefixes = state.declared;
  ast.base = state.base;
  try {
    check(ast);
  } catch (const parser::CheckError& e) {
    std::size_t offset = e.offset < 0 ? 0 : decoded.Original(static_cast<std::size_t>(e.offset));
    throw MakeError(original, offset, e.message, "");
  }
  return ast;
}

}  // namespace

ParseError::ParseError(std::string message, std::size_t line, std::size_t column,
                       std::size_t offset, std::string expected, std::string source_line,
                       std::size_t caret_column)
    : std::runtime_error("line " + std::to_string(line) + ", column " +
                         std::to_string(column) + ": " + message),
      message_(std::move(message)),
      line_(line),
      column_(column),
      offset_(offset),
      expected_(std::move(expected)),
      source_line_(std::move(source_line)),
      caret_column_(caret_column) {}

std::string ParseError::Render() const {
  std::string out = what();
  out += '\n';
  out += source_line_;
  out += '\n';
  std::size_t column = 1;
  for (std::size_t i = 0; i < source_line_.size() && column < caret_column_; ++i) {
    char c = source_line_[i];
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
    out += c == '\t' ? '\t' : ' ';
    ++column;
  }
  out += '^';
  return out;
}

ast::Query ParseQuery(std::string_view text, const ParseOptions& options) {
  return Run<parser::QueryUnitType, ast::Query>(parser::query_unit, text, options,
                                                [](const ast::Query& q) { parser::CheckQuery(q); });
}

ast::Update ParseUpdate(std::string_view text, const ParseOptions& options) {
  return Run<parser::UpdateUnitType, ast::Update>(
      parser::update_unit, text, options, [](const ast::Update& u) { parser::CheckUpdate(u); });
}

}  // namespace corridor::sparql
