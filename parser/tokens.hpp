// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The lexical level of the SPARQL grammar (§19.8 terminals) as hand-written
// X3 primitive parsers. Each one skips leading white space itself, matches
// one token, and on failure records the token's name in ParseState so the
// error message can say what was expected at the furthest failure.
//
// Terminals that need the prologue (IRIs and prefixed names) resolve against
// ParseState and yield absolute IRIs; an undefined prefix throws
// SemanticError.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "parser/ast.hpp"
#include "parser/config.hpp"

namespace corridor::sparql::parser {

// Appends the UTF-8 encoding of code point `cp` (REQUIRES: cp <= 0x10FFFF).
void AppendUtf8(std::string& out, char32_t cp);

// ----------------------------------------------- scanners (tokens.cc)
// Each scanner matches at `p`; on success it advances `p` and returns true.
// On failure `p` is unspecified and the caller restores it.

bool ScanIriRef(const char*& p, const char* end, std::string& iri);
bool ScanPrefixedName(const char*& p, const char* end, std::string& prefix,
                      std::string& local);
bool ScanBlankNodeLabel(const char*& p, const char* end, std::string& label);
bool ScanVar(const char*& p, const char* end, std::string& name);
bool ScanLangTag(const char*& p, const char* end, std::string& tag);
bool ScanString(const char*& p, const char* end, std::string& value);
bool ScanNumber(const char*& p, const char* end, ast::Literal& literal);
bool ScanInteger(const char*& p, const char* end, std::string& digits);
bool ScanKeyword(const char*& p, const char* end, std::string_view word,
                 bool case_sensitive);
bool ScanSymbol(const char*& p, const char* end, std::string_view symbol);

// Resolves an IRIREF's text against the BASE in force.
std::string ResolveAgainstBase(const ParseState& state, const std::string& iri);

// ----------------------------------------------- token parser base

template <typename Derived, typename Attr>
struct TokenParser : x3::parser<Derived> {
  using attribute_type = Attr;
  static constexpr bool Quoted() { return false; }
  static bool const has_attribute = !std::is_same_v<Attr, x3::unused_type>;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    ParseState& state = x3::get<StateTag>(context);
    const char* p = first;
    Attr value{};
    if (!static_cast<Derived const&>(*this).Scan(state, p, last, value)) {
      state.Fail(first, static_cast<Derived const&>(*this).Name(),
                 static_cast<Derived const&>(*this).Quoted());
      return false;
    }
    first = p;
    if constexpr (std::is_same_v<Attribute, Attr>) {
      attr = std::move(value);
    } else if constexpr (!std::is_same_v<Attribute, x3::unused_type> &&
                         !std::is_same_v<Attr, x3::unused_type>) {
      x3::traits::move_to(std::move(value), attr);
    }
    return true;
  }
};

// Punctuation such as "{", "^^", "||".
struct SymbolParser : TokenParser<SymbolParser, x3::unused_type> {
  constexpr SymbolParser(const char* symbol) : symbol(symbol) {}
  bool Scan(ParseState&, const char*& p, const char* end, x3::unused_type&) const {
    return ScanSymbol(p, end, symbol);
  }
  const char* Name() const { return symbol; }
  static constexpr bool Quoted() { return true; }
  const char* symbol;
};

constexpr SymbolParser Sym(const char* symbol) { return SymbolParser(symbol); }

// A keyword; case-insensitive except `a`. Does not match a prefix of a
// longer name ("SELECTx", "STR" in "STRLEN", "a" in "a:b").
struct KeywordParser : TokenParser<KeywordParser, x3::unused_type> {
  constexpr KeywordParser(const char* word, bool case_sensitive = false)
      : word(word), case_sensitive(case_sensitive) {}
  bool Scan(ParseState&, const char*& p, const char* end, x3::unused_type&) const {
    return ScanKeyword(p, end, word, case_sensitive);
  }
  const char* Name() const { return word; }
  static constexpr bool Quoted() { return true; }
  const char* word;
  bool case_sensitive;
};

// iri ::= IRIREF | PrefixedName, resolved to an absolute IRI.
struct IriParser : TokenParser<IriParser, ast::Iri> {
  bool Scan(ParseState& state, const char*& p, const char* end, ast::Iri& iri) const;
  const char* Name() const { return "IRI"; }
};

// IRIREF only (BASE, PREFIX declarations), resolved against the BASE.
struct IriRefParser : TokenParser<IriRefParser, std::string> {
  bool Scan(ParseState& state, const char*& p, const char* end, std::string& iri) const;
  const char* Name() const { return "IRI reference <...>"; }
};

// PNAME_NS in a PREFIX declaration: the prefix without ':'.
struct PnameNsParser : TokenParser<PnameNsParser, std::string> {
  bool Scan(ParseState& state, const char*& p, const char* end,
            std::string& prefix) const;
  const char* Name() const { return "prefix name"; }
};

struct VarParser : TokenParser<VarParser, ast::Variable> {
  bool Scan(ParseState& state, const char*& p, const char* end, ast::Variable& var) const;
  const char* Name() const { return "variable"; }
};

struct BlankNodeLabelParser : TokenParser<BlankNodeLabelParser, ast::BlankNode> {
  bool Scan(ParseState& state, const char*& p, const char* end,
            ast::BlankNode& node) const;
  const char* Name() const { return "blank node"; }
};

struct LangTagParser : TokenParser<LangTagParser, std::string> {
  bool Scan(ParseState&, const char*& p, const char* end, std::string& tag) const {
    return ScanLangTag(p, end, tag);
  }
  const char* Name() const { return "language tag"; }
};

struct StringParser : TokenParser<StringParser, std::string> {
  bool Scan(ParseState&, const char*& p, const char* end, std::string& value) const {
    return ScanString(p, end, value);
  }
  const char* Name() const { return "string"; }
};

// Signed or unsigned INTEGER / DECIMAL / DOUBLE as a typed literal.
struct NumberParser : TokenParser<NumberParser, ast::Literal> {
  bool Scan(ParseState&, const char*& p, const char* end, ast::Literal& lit) const {
    return ScanNumber(p, end, lit);
  }
  const char* Name() const { return "number"; }
};

// INTEGER for LIMIT / OFFSET; values beyond 2^64-1 are an error.
struct UnsignedParser : TokenParser<UnsignedParser, std::uint64_t> {
  bool Scan(ParseState& state, const char*& p, const char* end,
            std::uint64_t& value) const;
  const char* Name() const { return "integer"; }
};

inline constexpr IriParser iri_token{};
inline constexpr IriRefParser iriref_token{};
inline constexpr PnameNsParser pname_ns_token{};
inline constexpr VarParser var_token{};
inline constexpr BlankNodeLabelParser blank_node_label_token{};
inline constexpr LangTagParser langtag_token{};
inline constexpr StringParser string_token{};
inline constexpr NumberParser number_token{};
inline constexpr UnsignedParser unsigned_token{};

constexpr KeywordParser Kw(const char* word) { return KeywordParser(word); }

// ----------------------------------------------- nesting guard

// nested[p]: p counts one level towards kMaxNestingDepth; crossing the
// limit throws SemanticError at the current position.
template <typename Subject>
struct NestedDirective : x3::unary_parser<Subject, NestedDirective<Subject>> {
  using base_type = x3::unary_parser<Subject, NestedDirective<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr NestedDirective(Subject const& subject) : base_type(subject) {}

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context,
             RContext& rcontext, Attribute& attr) const {
    ParseState& state = x3::get<StateTag>(context);
    if (state.depth >= kMaxNestingDepth) {
      x3::skip_over(first, last, context);
      throw SemanticError(first, "nesting deeper than " +
                                     std::to_string(kMaxNestingDepth) + " levels");
    }
    ++state.depth;
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{state.depth};
    return this->subject.parse(first, last, context, rcontext, attr);
  }
};

struct NestedGen {
  template <typename Subject>
  constexpr NestedDirective<typename x3::extension::as_parser<Subject>::value_type>
  operator[](Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};

inline constexpr NestedGen nested{};

// Byte offset of the token that starts at or after `p` (skipping blanks).
int TokenOffset(const ParseState& state, const char* p);

// here: matches the empty string after skipping blanks; its attribute is the
// byte offset of the next token. Use it to tag AST nodes with positions
// (x3::_where is not usable for that in this Boost version).
struct HereParser : x3::parser<HereParser> {
  using attribute_type = int;
  static bool const has_attribute = true;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute& attr) const {
    x3::skip_over(first, last, context);
    if constexpr (!std::is_same_v<Attribute, x3::unused_type>) {
      attr = static_cast<int>(first - x3::get<StateTag>(context).begin);
    }
    return true;
  }
};

// there: like `here` without skipping: the offset just past what was parsed.
struct ThereParser : x3::parser<ThereParser> {
  using attribute_type = int;
  static bool const has_attribute = true;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const&, Context const& context, RContext&,
             Attribute& attr) const {
    if constexpr (!std::is_same_v<Attribute, x3::unused_type>) {
      attr = static_cast<int>(first - x3::get<StateTag>(context).begin);
    }
    return true;
  }
};

inline constexpr HereParser here{};
inline constexpr ThereParser there{};

}  // namespace corridor::sparql::parser
