// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The formats follow the W3C recommendations: SPARQL 1.1 Query Results JSON
// Format, SPARQL Query Results XML Format (Second Edition), SPARQL 1.1 Query
// Results CSV and TSV Formats, RDF 1.1 N-Triples and RDF 1.1 Turtle.
#include "engine/result_writers.h"

#include <cctype>
#include <cstdint>
#include <ostream>

#include "corridor/error.h"

namespace corridor::internal {
namespace {

constexpr std::string_view kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
constexpr std::string_view kXsdDecimal = "http://www.w3.org/2001/XMLSchema#decimal";
constexpr std::string_view kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";
constexpr std::string_view kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
constexpr std::string_view kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

void AppendHex(std::string& out, unsigned value, int digits) {
  static const char* const kHex = "0123456789ABCDEF";
  for (int i = digits - 1; i >= 0; --i) out.push_back(kHex[(value >> (4 * i)) & 0xf]);
}

// Decodes the UTF-8 code point at s[*i] and advances *i past it. Malformed
// bytes decode as themselves (one byte each), so nothing is lost.
char32_t NextCodePoint(std::string_view s, std::size_t* i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(*i);
  int length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (length <= 1 || *i + length > s.size()) {
    ++*i;
    return c;
  }
  char32_t cp = c & (0xff >> (length + 1));
  for (int k = 1; k < length; ++k) {
    if ((byte(*i + k) & 0xc0) != 0x80) {
      ++*i;
      return c;
    }
    cp = (cp << 6) | (byte(*i + k) & 0x3f);
  }
  *i += length;
  return cp;
}

// The character classes of the Turtle / SPARQL grammars.
bool IsPnCharsBase(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}
bool IsPnCharsU(char32_t c) { return IsPnCharsBase(c) || c == '_'; }
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsPnChars(char32_t c) {
  return IsPnCharsU(c) || c == '-' || IsDigit(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}
bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// A name of the shape First (Middle* Last)?, each class a predicate on code
// points; Middle also admits '.', which may not end the name.
template <typename First, typename Last>
bool IsDottedName(std::string_view s, First first, Last last) {
  if (s.empty()) return false;
  std::size_t i = 0;
  if (!first(NextCodePoint(s, &i))) return false;
  char32_t previous = 0;
  while (i < s.size()) {
    previous = NextCodePoint(s, &i);
    if (previous != '.' && !last(previous)) return false;
  }
  return previous != '.';
}

bool IsBlankNodeLabel(std::string_view s) {
  return IsDottedName(
      s, [](char32_t c) { return IsPnCharsU(c) || IsDigit(c); }, IsPnChars);
}

bool IsPnPrefix(std::string_view s) {
  return s.empty() || IsDottedName(s, IsPnCharsBase, IsPnChars);
}

// PN_LOCAL without PN_LOCAL_ESC (never needed for what we write): PERCENT
// escapes are allowed, as in the grammar.
bool IsPnLocal(std::string_view s) {
  if (s.empty()) return true;
  std::size_t i = 0;
  bool first = true;
  bool last_was_dot = false;
  while (i < s.size()) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) return false;
      i += 3;
      first = false;
      last_was_dot = false;
      continue;
    }
    const char32_t c = NextCodePoint(s, &i);
    const bool ok = first ? (IsPnCharsU(c) || c == ':' || IsDigit(c))
                          : (IsPnChars(c) || c == ':' || c == '.');
    if (!ok) return false;
    last_was_dot = c == '.';
    first = false;
  }
  return !last_was_dot;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view SkipSign(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  return s;
}

// Turtle / SPARQL INTEGER: [+-]?[0-9]+
bool IsIntegerToken(std::string_view s) { return AllDigits(SkipSign(s)); }

// DECIMAL: [+-]?[0-9]*'.'[0-9]+
bool IsDecimalToken(std::string_view s) {
  s = SkipSign(s);
  const auto dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view before = s.substr(0, dot);
  return (before.empty() || AllDigits(before)) && AllDigits(s.substr(dot + 1));
}

// DOUBLE: [+-]? ([0-9]+ '.' [0-9]* EXPONENT | '.' [0-9]+ EXPONENT | [0-9]+ EXPONENT)
bool IsDoubleToken(std::string_view s) {
  s = SkipSign(s);
  const auto e = s.find_first_of("eE");
  if (e == std::string_view::npos) return false;
  const std::string_view mantissa = s.substr(0, e);
  if (!IsIntegerToken(s.substr(e + 1))) return false;
  const auto dot = mantissa.find('.');
  if (dot == std::string_view::npos) return AllDigits(mantissa);
  const std::string_view before = mantissa.substr(0, dot);
  const std::string_view after = mantissa.substr(dot + 1);
  if (before.empty()) return AllDigits(after);
  return AllDigits(before) && (after.empty() || AllDigits(after));
}

// The literal's short Turtle form (42, 1.5, 1e3, true), when it has one that
// reads back to the same term; `booleans` says whether true/false count.
bool HasShortForm(const Term& t, bool booleans) {
  if (!t.is_literal() || !t.language.empty()) return false;
  if (t.datatype == kXsdInteger) return IsIntegerToken(t.value);
  if (t.datatype == kXsdDecimal) return IsDecimalToken(t.value);
  if (t.datatype == kXsdDouble) return IsDoubleToken(t.value);
  if (booleans && t.datatype == kXsdBoolean) return t.value == "true" || t.value == "false";
  return false;
}

// Whether IRIREF forbids byte c (written as a \u escape), and whether a
// quoted string needs byte c escaped; one table so that runs of plain bytes,
// nearly all of them, are appended in one go.
struct EscapeTables {
  bool iri[256] = {};
  bool str[256] = {};
  constexpr EscapeTables() {
    for (int c = 0; c <= 0x20; ++c) iri[c] = true;
    for (unsigned char c : std::string_view("<>\"{}|^`\\")) iri[c] = true;
    for (int c = 0; c < 0x20; ++c) str[c] = true;
    str[0x7f] = str['"'] = str['\\'] = true;
  }
};
constexpr EscapeTables kEscape;

// <iri> with the characters IRIREF forbids written as \u escapes.
void AppendIriRef(std::string& out, std::string_view iri) {
  out.push_back('<');
  std::size_t run = 0;  // start of the pending run of plain bytes
  for (std::size_t i = 0; i < iri.size(); ++i) {
    const auto c = static_cast<unsigned char>(iri[i]);
    if (!kEscape.iri[c]) continue;
    out.append(iri.data() + run, i - run);
    out += "\\u";
    AppendHex(out, c, 4);
    run = i + 1;
  }
  out.append(iri.data() + run, iri.size() - run);
  out.push_back('>');
}

// "lexical" with the ECHAR escapes; other C0 controls and DEL as \u.
void AppendQuotedString(std::string& out, std::string_view lexical) {
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < lexical.size(); ++i) {
    const auto c = static_cast<unsigned char>(lexical[i]);
    if (!kEscape.str[c]) continue;
    out.append(lexical.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u";
        AppendHex(out, c, 4);
    }
  }
  out.append(lexical.data() + run, lexical.size() - run);
  out.push_back('"');
}

void AppendBlank(std::string& out, std::string_view label) {
  out += "_:";
  out += BlankLabel(label);
}

// A term in the common syntax of SPARQL, Turtle and (for IRIs, blank nodes
// and quoted literals) N-Triples. `iri` writes an IRI (plain <> or prefixed).
template <typename IriWriter>
void AppendTurtleTerm(std::string& out, const Term& t, bool short_numbers, bool booleans,
                      const IriWriter& iri) {
  switch (t.kind) {
    case TermKind::kIri:
      iri(out, t.value);
      return;
    case TermKind::kBlank:
      AppendBlank(out, t.value);
      return;
    case TermKind::kLiteral:
      if (short_numbers && HasShortForm(t, booleans)) {
        out += t.value;
        return;
      }
      AppendQuotedString(out, t.value);
      if (!t.language.empty()) {
        out.push_back('@');
        out += t.language;
      } else if (!t.datatype.empty() && t.datatype != kXsdString) {
        out += "^^";
        iri(out, t.datatype);
      }
      return;
  }
}

std::string NTriplesTerm(const Term& t) {
  std::string out;
  AppendTurtleTerm(out, t, /*short_numbers=*/false, false, AppendIriRef);
  return out;
}

// ------------------------------------------------------------------ JSON

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u";
          AppendHex(out, c, 4);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void AppendJsonTerm(std::string& out, const Term& t) {
  switch (t.kind) {
    case TermKind::kIri:
      out += "{ \"type\": \"uri\", \"value\": ";
      AppendJsonString(out, t.value);
      break;
    case TermKind::kBlank:
      out += "{ \"type\": \"bnode\", \"value\": ";
      AppendJsonString(out, BlankLabel(t.value));
      break;
    case TermKind::kLiteral:
      out += "{ \"type\": \"literal\", \"value\": ";
      AppendJsonString(out, t.value);
      if (!t.language.empty()) {
        out += ", \"xml:lang\": ";
        AppendJsonString(out, t.language);
      } else if (!t.datatype.empty() && t.datatype != kXsdString) {
        out += ", \"datatype\": ";
        AppendJsonString(out, t.datatype);
      }
      break;
  }
  out += " }";
}

std::size_t WriteJson(const std::vector<std::string>& variables, const RowSource& next,
                      std::ostream& out) {
  std::string buffer = "{\n  \"head\": { \"vars\": [";
  for (std::size_t i = 0; i < variables.size(); ++i) {
    buffer += i == 0 ? " " : ", ";
    AppendJsonString(buffer, variables[i]);
  }
  buffer += variables.empty() ? "] },\n" : " ] },\n";
  buffer += "  \"results\": { \"bindings\": [";
  out << buffer;
  std::vector<std::optional<Term>> row;
  std::size_t rows = 0;
  while (next(&row)) {
    if (row.size() != variables.size()) {
      throw Error(ErrorCode::kInternal, "a result row does not match the projected variables");
    }
    buffer = rows == 0 ? "\n    {" : ",\n    {";
    bool first = true;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!row[i]) continue;
      buffer += first ? " " : ", ";
      first = false;
      AppendJsonString(buffer, variables[i]);
      buffer += ": ";
      AppendJsonTerm(buffer, *row[i]);
    }
    buffer += first ? "}" : " }";
    out << buffer;
    ++rows;
  }
  out << (rows == 0 ? "] }\n}\n" : "\n  ] }\n}\n");
  return rows;
}

// ------------------------------------------------------------------- XML

// Text or attribute content. CR, and in attributes tab and LF, are written
// as character references, which survive XML's end-of-line and attribute
// value normalisation. The other C0 controls cannot occur in XML 1.0 at
// all; they are written as character references too (XML 1.1 reads them).
void AppendXmlEscaped(std::string& out, std::string_view s, bool attribute) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\n':
        out += attribute ? "&#xA;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#x9;" : "\t";
        break;
      default:
        if (c < 0x20) {
          out += "&#x";
          AppendHex(out, c, 2);
          out.push_back(';');
        } else {
          out.push_back(ch);
        }
    }
  }
}

void AppendXmlTerm(std::string& out, const Term& t) {
  switch (t.kind) {
    case TermKind::kIri:
      out += "<uri>";
      AppendXmlEscaped(out, t.value, false);
      out += "</uri>";
      break;
    case TermKind::kBlank:
      out += "<bnode>";
      AppendXmlEscaped(out, BlankLabel(t.value), false);
      out += "</bnode>";
      break;
    case TermKind::kLiteral:
      out += "<literal";
      if (!t.language.empty()) {
        out += " xml:lang=\"";
        AppendXmlEscaped(out, t.language, true);
        out += "\"";
      } else if (!t.datatype.empty() && t.datatype != kXsdString) {
        out += " datatype=\"";
        AppendXmlEscaped(out, t.datatype, true);
        out += "\"";
      }
      out += ">";
      AppendXmlEscaped(out, t.value, false);
      out += "</literal>";
      break;
  }
}

constexpr std::string_view kXmlStart =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n";

std::size_t WriteXml(const std::vector<std::string>& variables, const RowSource& next,
                     std::ostream& out) {
  std::string buffer(kXmlStart);
  buffer += "  <head>\n";
  for (const std::string& v : variables) {
    buffer += "    <variable name=\"";
    AppendXmlEscaped(buffer, v, true);
    buffer += "\"/>\n";
  }
  buffer += "  </head>\n  <results>\n";
  out << buffer;
  std::vector<std::optional<Term>> row;
  std::size_t rows = 0;
  while (next(&row)) {
    if (row.size() != variables.size()) {
      throw Error(ErrorCode::kInternal, "a result row does not match the projected variables");
    }
    buffer = "    <result>\n";
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (!row[i]) continue;
      buffer += "      <binding name=\"";
      AppendXmlEscaped(buffer, variables[i], true);
      buffer += "\">";
      AppendXmlTerm(buffer, *row[i]);
      buffer += "</binding>\n";
    }
    buffer += "    </result>\n";
    out << buffer;
    ++rows;
  }
  out << "  </results>\n</sparql>\n";
  return rows;
}

// ------------------------------------------------------------- CSV / TSV

// RFC 4180 field: quoted (with "" for ") when it holds a quote, a comma or a
// line break.
void AppendCsvField(std::string& out, std::string_view s) {
  if (s.find_first_of("\",\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out.push_back('"');
  for (const char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendCsvTerm(std::string& out, const Term& t) {
  if (t.is_blank()) {
    AppendCsvField(out, "_:" + BlankLabel(t.value));
  } else {
    AppendCsvField(out, t.value);  // the IRI, or the literal's lexical form
  }
}

std::size_t WriteCsv(const std::vector<std::string>& variables, const RowSource& next,
                     std::ostream& out) {
  std::string buffer;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (i > 0) buffer.push_back(',');
    AppendCsvField(buffer, variables[i]);
  }
  buffer += "\r\n";
  out << buffer;
  std::vector<std::optional<Term>> row;
  std::size_t rows = 0;
  while (next(&row)) {
    if (row.size() != variables.size()) {
      throw Error(ErrorCode::kInternal, "a result row does not match the projected variables");
    }
    buffer.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) buffer.push_back(',');
      if (row[i]) AppendCsvTerm(buffer, *row[i]);
    }
    buffer += "\r\n";
    out << buffer;
    ++rows;
  }
  return rows;
}

std::size_t WriteTsv(const std::vector<std::string>& variables, const RowSource& next,
                     std::ostream& out) {
  std::string buffer;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    if (i > 0) buffer.push_back('\t');
    buffer.push_back('?');
    buffer += variables[i];
  }
  buffer += "\n";
  out << buffer;
  std::vector<std::optional<Term>> row;
  std::size_t rows = 0;
  while (next(&row)) {
    if (row.size() != variables.size()) {
      throw Error(ErrorCode::kInternal, "a result row does not match the projected variables");
    }
    buffer.clear();
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) buffer.push_back('\t');
      // The TSV recommendation allows Turtle's short forms for numbers.
      if (row[i]) AppendTurtleTerm(buffer, *row[i], true, /*booleans=*/false, AppendIriRef);
    }
    buffer += "\n";
    out << buffer;
    ++rows;
  }
  return rows;
}

// ---------------------------------------------------------------- Turtle

class TurtleWriter {
 public:
  TurtleWriter(const std::map<std::string, std::string>& prefixes, std::ostream& out)
      : out_(out) {
    std::string header;
    for (const auto& [name, ns] : prefixes) {
      if (!IsPnPrefix(name)) continue;
      header += "@prefix " + name + ": ";
      AppendIriRef(header, ns);
      header += " .\n";
      namespaces_.emplace_back(name, ns);
    }
    if (!header.empty()) out_ << header << "\n";
  }

  void Add(const Quad& t) {
    std::string buffer;
    if (open_ && t.subject == subject_) {
      if (t.predicate == predicate_) {
        buffer += " ,\n        ";
      } else {
        buffer += " ;\n    ";
        AppendPredicate(buffer, t.predicate);
        buffer.push_back(' ');
      }
    } else {
      if (open_) buffer += " .\n";
      AppendTerm(buffer, t.subject);
      buffer.push_back(' ');
      AppendPredicate(buffer, t.predicate);
      buffer.push_back(' ');
    }
    AppendTerm(buffer, t.object);
    out_ << buffer;
    subject_ = t.subject;
    predicate_ = t.predicate;
    open_ = true;
  }

  void Finish() {
    if (open_) out_ << " .\n";
    open_ = false;
  }

 private:
  void AppendIri(std::string& out, std::string_view iri) const {
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& entry : namespaces_) {
      const std::string& ns = entry.second;
      if (!iri.starts_with(ns) || (best != nullptr && best->second.size() >= ns.size())) continue;
      if (IsPnLocal(iri.substr(ns.size()))) best = &entry;
    }
    if (best == nullptr) {
      AppendIriRef(out, iri);
      return;
    }
    out += best->first;
    out.push_back(':');
    out += iri.substr(best->second.size());
  }

  void AppendTerm(std::string& out, const Term& t) const {
    AppendTurtleTerm(out, t, /*short_numbers=*/true, /*booleans=*/true,
                     [this](std::string& o, std::string_view iri) { AppendIri(o, iri); });
  }

  void AppendPredicate(std::string& out, const Term& p) const {
    if (p.is_iri() && p.value == kRdfType) {
      out.push_back('a');
    } else {
      AppendTerm(out, p);
    }
  }

  std::ostream& out_;
  std::vector<std::pair<std::string, std::string>> namespaces_;
  bool open_ = false;  // a subject's statement awaits its closing " ."
  Term subject_;
  Term predicate_;
};

}  // namespace

std::string BlankLabel(std::string_view label) {
  if (IsBlankNodeLabel(label)) return std::string(label);
  std::string out = label.empty() ? "_" : "";
  for (const char ch : label) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      out.push_back(ch);
    } else {
      out += "_x";
      AppendHex(out, c, 2);
    }
  }
  return out;
}

std::size_t WriteSolutions(ResultFormat format, const std::vector<std::string>& variables,
                           const RowSource& next, std::ostream& out) {
  switch (format) {
    case ResultFormat::kJson: return WriteJson(variables, next, out);
    case ResultFormat::kXml: return WriteXml(variables, next, out);
    case ResultFormat::kCsv: return WriteCsv(variables, next, out);
    case ResultFormat::kTsv: return WriteTsv(variables, next, out);
    case ResultFormat::kNTriples:
    case ResultFormat::kTurtle:
      break;
  }
  throw Error(ErrorCode::kInvalidArgument,
              "SELECT results are written as json, xml, csv or tsv, not as RDF");
}

void WriteBoolean(ResultFormat format, bool answer, std::ostream& out) {
  const char* const value = answer ? "true" : "false";
  switch (format) {
    case ResultFormat::kJson:
      out << "{\n  \"head\": {},\n  \"boolean\": " << value << "\n}\n";
      return;
    case ResultFormat::kXml:
      out << kXmlStart << "  <head/>\n  <boolean>" << value << "</boolean>\n</sparql>\n";
      return;
    case ResultFormat::kCsv:
      out << "_askResult\r\n" << value << "\r\n";
      return;
    case ResultFormat::kTsv:
      out << "?_askResult\n" << value << "\n";
      return;
    case ResultFormat::kNTriples:
    case ResultFormat::kTurtle:
      break;
  }
  throw Error(ErrorCode::kInvalidArgument,
              "ASK results are written as json, xml, csv or tsv, not as RDF");
}

std::size_t WriteTriples(ResultFormat format, const std::map<std::string, std::string>& prefixes,
                         const TripleSource& next, std::ostream& out) {
  Quad triple;
  std::size_t count = 0;
  switch (format) {
    case ResultFormat::kNTriples:
      while (next(&triple)) {
        out << NTriplesTerm(triple.subject) + ' ' + NTriplesTerm(triple.predicate) + ' ' +
                   NTriplesTerm(triple.object) + " .\n";
        ++count;
      }
      return count;
    case ResultFormat::kTurtle: {
      TurtleWriter writer(prefixes, out);
      while (next(&triple)) {
        writer.Add(triple);
        ++count;
      }
      writer.Finish();
      return count;
    }
    case ResultFormat::kJson:
    case ResultFormat::kXml:
    case ResultFormat::kCsv:
    case ResultFormat::kTsv:
      break;
  }
  throw Error(ErrorCode::kInvalidArgument,
              "CONSTRUCT and DESCRIBE results are written as nt or ttl");
}

}  // namespace corridor::internal

namespace corridor {

// Here rather than in results.cc, which needs QueryResult: the format names
// are usable without the query engine.
std::optional<ResultFormat> ResultFormatFromName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "json") return ResultFormat::kJson;
  if (lower == "xml") return ResultFormat::kXml;
  if (lower == "csv") return ResultFormat::kCsv;
  if (lower == "tsv") return ResultFormat::kTsv;
  if (lower == "nt" || lower == "ntriples") return ResultFormat::kNTriples;
  if (lower == "ttl" || lower == "turtle") return ResultFormat::kTurtle;
  return std::nullopt;
}

}  // namespace corridor
