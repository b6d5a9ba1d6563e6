// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/tokens.hpp"

#include <cstring>
#include <limits>

#include "parser/iri.hpp"

namespace corridor::sparql::parser {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Decodes one UTF-8 code point at p (not advancing); returns its length in
// bytes, or 0 when the bytes are not well-formed UTF-8.
int PeekCodePoint(const char* p, const char* end, char32_t& cp) {
  if (p >= end) return 0;
  auto b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  int len;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (end - p < len) return 0;
  for (int i = 1; i < len; ++i) {
    auto b = static_cast<unsigned char>(p[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

bool IsPnCharsBase(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
         (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
         (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0xEFFFF);
}
bool IsPnCharsU(char32_t c) { return IsPnCharsBase(c) || c == '_'; }
bool IsPnChars(char32_t c) {
  return IsPnCharsU(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

// Matches one code point satisfying `pred`, appending its bytes to `out`.
template <typename Pred>
bool TakeIf(const char*& p, const char* end, Pred pred, std::string* out) {
  char32_t cp;
  int len = PeekCodePoint(p, end, cp);
  if (len == 0 || !pred(cp)) return false;
  if (out) out->append(p, len);
  p += len;
  return true;
}

// ( X | '.' )* X  after a first character: the tail of PN_PREFIX,
// BLANK_NODE_LABEL (X = PN_CHARS). Trailing dots are left unconsumed.
void TakeDottedTail(const char*& p, const char* end, std::string& out) {
  for (;;) {
    const char* q = p;
    std::size_t dots = 0;
    while (q < end && *q == '.') {
      ++q;
      ++dots;
    }
    char32_t cp;
    int len = PeekCodePoint(q, end, cp);
    if (len == 0 || !IsPnChars(cp)) return;
    out.append(dots, '.');
    out.append(q, len);
    p = q + len;
  }
}

bool IsLocalEscapeChar(char c) { return c != '\0' && std::strchr("_~.-!$&'()*+,;=/?#@%", c); }

// One PLX (PERCENT | PN_LOCAL_ESC) or, if `pred`, one code point; appends the
// decoded form (PERCENT kept verbatim, escapes unescaped).
template <typename Pred>
bool TakeLocalChar(const char*& p, const char* end, Pred pred, std::string& out) {
  if (p < end && *p == '%') {
    if (end - p >= 3 && IsHex(p[1]) && IsHex(p[2])) {
      out.append(p, 3);
      p += 3;
      return true;
    }
    return false;
  }
  if (p < end && *p == '\\') {
    if (end - p >= 2 && IsLocalEscapeChar(p[1])) {
      out.push_back(p[1]);
      p += 2;
      return true;
    }
    return false;
  }
  return TakeIf(p, end, pred, &out);
}

bool IsPnLocalFirst(char32_t c) { return IsPnCharsU(c) || c == ':' || (c >= '0' && c <= '9'); }
bool IsPnLocalMid(char32_t c) { return IsPnChars(c) || c == ':'; }


bool ParseHex(const char* p, int n, char32_t& cp) {
  cp = 0;
  for (int i = 0; i < n; ++i) {
    char c = p[i];
    if (!IsHex(c)) return false;
    cp = cp * 16 + (IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

}  // namespace

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool ScanSymbol(const char*& p, const char* end, std::string_view symbol) {
  if (static_cast<std::size_t>(end - p) < symbol.size() ||
      std::memcmp(p, symbol.data(), symbol.size()) != 0) {
    return false;
  }
  p += symbol.size();
  return true;
}

bool ScanKeyword(const char*& p, const char* end, std::string_view word,
                 bool case_sensitive) {
  if (static_cast<std::size_t>(end - p) < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char a = p[i], b = word[i];
    if (a != b && (case_sensitive || !IsAsciiAlpha(a) || (a | 0x20) != (b | 0x20))) {
      return false;
    }
  }
  const char* q = p + word.size();
  char32_t cp;
  if (q < end && (*q == ':' || (PeekCodePoint(q, end, cp) > 0 && IsPnChars(cp)))) {
    return false;
  }
  p = q;
  return true;
}

bool ScanIriRef(const char*& p, const char* end, std::string& iri) {
  if (p >= end || *p != '<') return false;
  const char* q = p + 1;
  while (q < end) {
    auto c = static_cast<unsigned char>(*q);
    if (c == '>') {
      iri.assign(p + 1, q);
      p = q + 1;
      return true;
    }
    if (c <= 0x20 || std::strchr("<\"{}|^`\\", c)) return false;
    if (c < 0x80) {
      ++q;
    } else {
      char32_t cp;
      int len = PeekCodePoint(q, end, cp);
      if (len == 0) return false;
      q += len;
    }
  }
  return false;
}

bool ScanPrefixedName(const char*& p, const char* end, std::string& prefix,
                      std::string& local) {
  prefix.clear();
  local.clear();
  if (p < end && *p != ':') {
    if (!TakeIf(p, end, IsPnCharsBase, &prefix)) return false;
    TakeDottedTail(p, end, prefix);
  }
  if (p >= end || *p != ':') return false;
  ++p;
  // PN_LOCAL (optional).
  if (!TakeLocalChar(p, end, IsPnLocalFirst, local)) return true;
  for (;;) {
    const char* q = p;
    std::string dots;
    while (q < end && *q == '.') {
      ++q;
      dots.push_back('.');
    }
    std::string next;
    if (!TakeLocalChar(q, end, IsPnLocalMid, next)) return true;
    local += dots;
    local += next;
    p = q;
  }
}

bool ScanBlankNodeLabel(const char*& p, const char* end, std::string& label) {
  if (end - p < 3 || p[0] != '_' || p[1] != ':') return false;
  p += 2;
  if (!TakeIf(p, end, [](char32_t c) { return IsPnCharsU(c) || (c >= '0' && c <= '9'); },
              &label)) {
    return false;
  }
  TakeDottedTail(p, end, label);
  return true;
}

bool ScanVar(const char*& p, const char* end, std::string& name) {
  if (p >= end || (*p != '?' && *p != '$')) return false;
  ++p;
  if (!TakeIf(p, end, [](char32_t c) { return IsPnCharsU(c) || (c >= '0' && c <= '9'); },
              &name)) {
    return false;
  }
  while (TakeIf(p, end,
                [](char32_t c) {
                  return IsPnCharsU(c) || (c >= '0' && c <= '9') || c == 0xB7 ||
                         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
                },
                &name)) {
  }
  return true;
}

bool ScanLangTag(const char*& p, const char* end, std::string& tag) {
  if (p >= end || *p != '@') return false;
  const char* q = p + 1;
  const char* start = q;
  while (q < end && IsAsciiAlpha(*q)) ++q;
  if (q == start) return false;
  while (q + 1 < end && *q == '-' && (IsAsciiAlpha(q[1]) || IsDigit(q[1]))) {
    ++q;
    while (q < end && (IsAsciiAlpha(*q) || IsDigit(*q))) ++q;
  }
  tag.assign(start, q);
  p = q;
  return true;
}

bool ScanString(const char*& p, const char* end, std::string& value) {
  if (p >= end || (*p != '"' && *p != '\'')) return false;
  char quote = *p;
  bool is_long = end - p >= 3 && p[1] == quote && p[2] == quote;
  const char* q = p + (is_long ? 3 : 1);
  for (;;) {
    if (q >= end) return false;
    char c = *q;
    if (c == quote) {
      if (!is_long) {
        p = q + 1;
        return true;
      }
      if (end - q >= 3 && q[1] == quote && q[2] == quote) {
        p = q + 3;
        return true;
      }
      value.push_back(c);
      ++q;
    } else if (c == '\\') {
      if (q + 1 >= end) return false;
      switch (q[1]) {
        case 't': value.push_back('\t'); break;
        case 'b': value.push_back('\b'); break;
        case 'n': value.push_back('\n'); break;
        case 'r': value.push_back('\r'); break;
        case 'f': value.push_back('\f'); break;
        case '"': value.push_back('"'); break;
        case '\'': value.push_back('\''); break;
        case '\\': value.push_back('\\'); break;
        case 'u':
        case 'U': {
          // Codepoint escapes are normally decoded before parsing; these
          // survive only when written as "\\u..." after an escaped backslash
          // was decoded, which cannot happen, or when malformed.
          int n = q[1] == 'u' ? 4 : 8;
          char32_t cp;
          if (end - q < 2 + n || !ParseHex(q + 2, n, cp)) return false;
          AppendUtf8(value, cp);
          q += n;
          break;
        }
        default:
          return false;
      }
      q += 2;
    } else if (!is_long && (c == '\n' || c == '\r')) {
      return false;
    } else {
      value.push_back(c);
      ++q;
    }
  }
}

bool ScanInteger(const char*& p, const char* end, std::string& digits) {
  const char* q = p;
  while (q < end && IsDigit(*q)) ++q;
  if (q == p) return false;
  digits.assign(p, q);
  p = q;
  return true;
}

bool ScanNumber(const char*& p, const char* end, ast::Literal& literal) {
  const char* start = p;
  const char* q = p;
  if (q < end && (*q == '+' || *q == '-')) ++q;
  const char* int_start = q;
  while (q < end && IsDigit(*q)) ++q;
  bool int_digits = q > int_start;
  bool frac_digits = false;
  const char* after_int = q;
  if (q < end && *q == '.') {
    const char* f = q + 1;
    while (f < end && IsDigit(*f)) ++f;
    frac_digits = f > q + 1;
    if (frac_digits || int_digits) q = f;
  }
  if (!int_digits && !frac_digits) return false;
  // Exponent.
  if (q < end && (*q == 'e' || *q == 'E')) {
    const char* e = q + 1;
    if (e < end && (*e == '+' || *e == '-')) ++e;
    const char* exp_start = e;
    while (e < end && IsDigit(*e)) ++e;
    if (e > exp_start) {
      literal.lexical.assign(start, e);
      literal.datatype = ast::kXsdDouble;
      p = e;
      return true;
    }
  }
  if (frac_digits) {
    literal.lexical.assign(start, q);
    literal.datatype = ast::kXsdDecimal;
    p = q;
    return true;
  }
  // "1." followed by no digits: INTEGER, the dot ends a triple.
  literal.lexical.assign(start, after_int);
  literal.datatype = ast::kXsdInteger;
  p = after_int;
  return true;
}

std::string ResolveAgainstBase(const ParseState& state, const std::string& iri) {
  if (state.base.empty() || HasScheme(iri)) {
    return HasScheme(iri) ? ResolveIri("", iri) : iri;
  }
  return ResolveIri(state.base, iri);
}

bool IriParser::Scan(ParseState& state, const char*& p, const char* end,
                     ast::Iri& iri) const {
  std::string text;
  if (p < end && *p == '<') {
    if (!ScanIriRef(p, end, text)) return false;
    iri.value = ResolveAgainstBase(state, text);
    return true;
  }
  const char* start = p;
  std::string prefix, local;
  if (!ScanPrefixedName(p, end, prefix, local)) return false;
  auto it = state.prefixes.find(prefix);
  if (it == state.prefixes.end()) {
    throw SemanticError(start, "undefined prefix '" + prefix + ":'");
  }
  iri.value = it->second + local;
  return true;
}

bool IriRefParser::Scan(ParseState& state, const char*& p, const char* end,
                        std::string& iri) const {
  std::string text;
  if (!ScanIriRef(p, end, text)) return false;
  iri = ResolveAgainstBase(state, text);
  return true;
}

bool PnameNsParser::Scan(ParseState&, const char*& p, const char* end,
                         std::string& prefix) const {
  std::string local;
  const char* q = p;
  if (!ScanPrefixedName(q, end, prefix, local) || !local.empty()) return false;
  p = q;
  return true;
}

bool VarParser::Scan(ParseState& state, const char*& p, const char* end,
                     ast::Variable& var) const {
  const char* start = p;
  if (!ScanVar(p, end, var.name)) return false;
  var.id_first = static_cast<int>(start - state.begin);
  var.id_last = static_cast<int>(p - state.begin);
  return true;
}

bool BlankNodeLabelParser::Scan(ParseState& state, const char*& p, const char* end,
                                ast::BlankNode& node) const {
  const char* start = p;
  if (!ScanBlankNodeLabel(p, end, node.label)) return false;
  node.id_first = static_cast<int>(start - state.begin);
  node.id_last = static_cast<int>(p - state.begin);
  return true;
}

bool UnsignedParser::Scan(ParseState&, const char*& p, const char* end,
                          std::uint64_t& value) const {
  const char* start = p;
  std::string digits;
  if (!ScanInteger(p, end, digits)) return false;
  value = 0;
  for (char c : digits) {
    auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - d) / 10) {
      throw SemanticError(start, "integer too large");
    }
    value = value * 10 + d;
  }
  return true;
}

int TokenOffset(const ParseState& state, const char* p) {
  while (p < state.end) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      ++p;
    } else if (*p == '#') {
      while (p < state.end && *p != '\n' && *p != '\r') ++p;
    } else {
      break;
    }
  }
  return static_cast<int>(p - state.begin);
}

}  // namespace corridor::sparql::parser
