// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "corridor/term.h"

#include <cctype>

namespace corridor {

Term Term::Iri(std::string iri) {
  Term t;
  t.kind = TermKind::kIri;
  t.value = std::move(iri);
  return t;
}

Term Term::Blank(std::string label) {
  Term t;
  t.kind = TermKind::kBlank;
  t.value = std::move(label);
  return t;
}

Term Term::Literal(std::string lexical) {
  return TypedLiteral(std::move(lexical), std::string(kXsdString));
}

Term Term::TypedLiteral(std::string lexical, std::string datatype_iri) {
  Term t;
  t.kind = TermKind::kLiteral;
  t.value = std::move(lexical);
  t.datatype = std::move(datatype_iri);
  return t;
}

Term Term::LangLiteral(std::string lexical, std::string language_tag) {
  Term t;
  t.kind = TermKind::kLiteral;
  t.value = std::move(lexical);
  for (char& c : language_tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  t.language = std::move(language_tag);
  t.datatype = std::string(kRdfLangString);
  return t;
}

namespace {

void AppendHex(std::string& out, unsigned value, int digits) {
  static const char* kHex = "0123456789ABCDEF";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kHex[(value >> (4 * i)) & 0xf]);
}

// IRIs: N-Triples forbids controls, space and <>"{}|^`\ inside <>; they are
// written as \u escapes (UCHAR), which readers decode back.
void AppendIri(std::string& out, const std::string& iri) {
  out.push_back('<');
  for (unsigned char c : iri) {
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
        c == '^' || c == '`' || c == '\\') {
      out += "\\u";
      AppendHex(out, c, 4);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('>');
}

void AppendQuoted(std::string& out, const std::string& lexical) {
  out.push_back('"');
  for (unsigned char c : lexical) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u";
          AppendHex(out, c, 4);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void AppendTerm(std::string& out, const Term& t) {
  switch (t.kind) {
    case TermKind::kIri:
      AppendIri(out, t.value);
      break;
    case TermKind::kBlank:
      out += "_:";
      out += t.value;
      break;
    case TermKind::kLiteral:
      AppendQuoted(out, t.value);
      if (!t.language.empty()) {
        out.push_back('@');
        out += t.language;
      } else if (!t.datatype.empty() && t.datatype != kXsdString) {
        out += "^^";
        AppendIri(out, t.datatype);
      }
      break;
  }
}

}  // namespace

std::string Term::ToNTriples() const {
  std::string out;
  AppendTerm(out, *this);
  return out;
}

std::string Quad::ToNQuads() const {
  std::string out;
  AppendTerm(out, subject);
  out.push_back(' ');
  AppendTerm(out, predicate);
  out.push_back(' ');
  AppendTerm(out, object);
  if (graph) {
    out.push_back(' ');
    AppendTerm(out, *graph);
  }
  out += " .";
  return out;
}

}  // namespace corridor
