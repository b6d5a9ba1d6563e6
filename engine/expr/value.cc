// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/expr/value.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/expression.h"
#include "storage/term_codec.h"

namespace corridor::engine::expr {

namespace {

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimXmlSpace(std::string_view s) {
  while (!s.empty() && IsXmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsXmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The types derived from xsd:integer and their bounds (empty = unbounded).
struct DerivedInteger {
  std::string_view local_name;
  const char* min;
  const char* max;
};
constexpr DerivedInteger kDerivedIntegers[] = {
    {"nonPositiveInteger", nullptr, "0"},
    {"negativeInteger", nullptr, "-1"},
    {"long", "-9223372036854775808", "9223372036854775807"},
    {"int", "-2147483648", "2147483647"},
    {"short", "-32768", "32767"},
    {"byte", "-128", "127"},
    {"nonNegativeInteger", "0", nullptr},
    {"unsignedLong", "0", "18446744073709551615"},
    {"unsignedInt", "0", "4294967295"},
    {"unsignedShort", "0", "65535"},
    {"unsignedByte", "0", "255"},
    {"positiveInteger", "1", nullptr},
};

const DerivedInteger* FindDerivedInteger(std::string_view local_name) {
  for (const auto& d : kDerivedIntegers) {
    if (d.local_name == local_name) return &d;
  }
  return nullptr;
}

bool InRange(const Decimal& v, const DerivedInteger& d) {
  if (d.min && Decimal::Compare(v, *Decimal::ParseInteger(d.min)) < 0) return false;
  if (d.max && Decimal::Compare(v, *Decimal::ParseInteger(d.max)) > 0) return false;
  return true;
}

void SetOther(const Term& term, Value* out) {
  out->type = ValueType::kOther;
  out->datatype = term.datatype;
}

// Fills `out` (lexical already set) from a literal of datatype `dt`.
void ParseTypedLiteral(std::string_view dt, Value* out) {
  if (dt.substr(0, kXsdPrefix.size()) != kXsdPrefix) {
    out->type = ValueType::kOther;
    out->datatype.assign(dt);
    return;
  }
  const std::string_view local = dt.substr(kXsdPrefix.size());
  const std::string& lex = out->lexical;
  out->type = ValueType::kOther;
  if (local == "string") {
    out->type = ValueType::kString;
  } else if (local == "integer") {
    if (auto v = Decimal::ParseInteger(lex)) {
      out->type = ValueType::kInteger;
      out->number = std::move(*v);
    }
  } else if (local == "decimal") {
    if (auto v = Decimal::ParseDecimal(lex)) {
      out->type = ValueType::kDecimal;
      out->number = std::move(*v);
    }
  } else if (local == "double" || local == "float") {
    if (auto v = ParseXsdDouble(lex)) {
      const bool is_float = local == "float";
      out->type = is_float ? ValueType::kFloat : ValueType::kDouble;
      out->dbl = is_float ? static_cast<double>(static_cast<float>(*v)) : *v;
    }
  } else if (local == "boolean") {
    const std::string_view s = TrimXmlSpace(lex);
    if (s == "true" || s == "1" || s == "false" || s == "0") {
      out->type = ValueType::kBoolean;
      out->boolean = s == "true" || s == "1";
    }
  } else if (local == "dateTime" || local == "date" || local == "time") {
    const TemporalKind kind = local == "dateTime" ? TemporalKind::kDateTime
                              : local == "date"   ? TemporalKind::kDate
                                                  : TemporalKind::kTime;
    if (auto t = DateTime::Parse(kind, TrimXmlSpace(lex))) {
      out->type = ValueType::kDateTime;
      out->temporal = std::move(*t);
    }
  } else if (const DerivedInteger* d = FindDerivedInteger(local)) {
    if (auto v = Decimal::ParseInteger(lex); v && InRange(*v, *d)) {
      out->type = ValueType::kInteger;
      out->number = std::move(*v);
    }
  }
  if (out->type == ValueType::kOther || (out->type == ValueType::kInteger && local != "integer")) {
    out->datatype.assign(dt);
  }
}

int Sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

Order FromInt(int c) { return c < 0 ? Order::kLess : c > 0 ? Order::kGreater : Order::kEqual; }

Order CompareNumbers(const Value& a, const Value& b) {
  if (a.type <= ValueType::kDecimal && b.type <= ValueType::kDecimal) {
    // Both integer or decimal: exact.
    if (a.type == ValueType::kInteger && b.type == ValueType::kInteger && a.number.IsInteger() &&
        b.number.IsInteger()) {
      return FromInt(a.number.unscaled().compare(b.number.unscaled()));
    }
    return FromInt(Decimal::Compare(a.number, b.number));
  }
  const double x = a.type <= ValueType::kDecimal ? a.number.ToDouble() : a.dbl;
  const double y = b.type <= ValueType::kDecimal ? b.number.ToDouble() : b.dbl;
  if (std::isnan(x) || std::isnan(y)) return Order::kUnordered;
  return x < y ? Order::kLess : x > y ? Order::kGreater : Order::kEqual;
}

bool TermEqual(const Value& a, const Value& b) {
  if (a.id != kNoId && a.id == b.id) return true;
  const bool la = a.IsLiteral(), lb = b.IsLiteral();
  if (la != lb) return false;
  if (!la) return a.type == b.type && a.lexical == b.lexical;
  if (a.type == ValueType::kLangString || b.type == ValueType::kLangString) {
    return a.type == b.type && a.language == b.language && a.lexical == b.lexical;
  }
  return a.Lexical() == b.Lexical() && a.DatatypeIri() == b.DatatypeIri();
}

// Literal classes of the ORDER BY order (after blank nodes and IRIs).
int LiteralRank(const Value& v) {
  switch (v.type) {
    case ValueType::kInteger:
    case ValueType::kDecimal:
    case ValueType::kFloat:
    case ValueType::kDouble:
      return 0;
    case ValueType::kBoolean:
      return 1;
    case ValueType::kString:
      return 2;
    case ValueType::kLangString:
      return 3;
    case ValueType::kDateTime:
      return 4 + static_cast<int>(v.temporal.kind);
    default:
      return 7;
  }
}

std::string ShortestScientific(double d, bool as_float) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "INF" : "-INF";
  if (d == 0) return std::signbit(d) ? "-0.0E0" : "0.0E0";
  char buf[64];
  std::to_chars_result r = as_float ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(d),
                                                    std::chars_format::scientific)
                                    : std::to_chars(buf, buf + sizeof buf, d,
                                                    std::chars_format::scientific);
  std::string_view s(buf, r.ptr - buf);
  const std::size_t e = s.find('e');
  std::string out(s.substr(0, e));
  if (out.find('.') == std::string::npos) out += ".0";
  int exponent = 0;
  std::string_view exp = s.substr(e + 1);
  if (!exp.empty() && exp[0] == '+') exp.remove_prefix(1);
  std::from_chars(exp.data(), exp.data() + exp.size(), exponent);
  out += 'E';
  out += std::to_string(exponent);
  return out;
}

// XPath's cast of a double or float to a string: plain decimal notation
// for 1e-6 <= |d| < 1e6, else the canonical scientific form.
std::string XPathDoubleString(double d, bool as_float) {
  if (d == 0) return std::signbit(d) ? "-0" : "0";
  const double m = std::fabs(d);
  if (!(m >= 1e-6 && m < 1e6)) return ShortestScientific(d, as_float);
  char buf[64];
  std::to_chars_result r = as_float ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(d),
                                                    std::chars_format::fixed)
                                    : std::to_chars(buf, buf + sizeof buf, d,
                                                    std::chars_format::fixed);
  return std::string(buf, r.ptr - buf);
}

}  // namespace

// ------------------------------------------------------------ Value

std::string Value::Lexical() const {
  if (!canonical) return lexical;
  switch (type) {
    case ValueType::kBoolean:
      return boolean ? "true" : "false";
    case ValueType::kInteger:
      return number.ToIntegerString();
    case ValueType::kDecimal:
      return number.ToDecimalString();
    case ValueType::kFloat:
      return CanonicalFloat(dbl);
    case ValueType::kDouble:
      return CanonicalDouble(dbl);
    case ValueType::kDateTime:
      return temporal.ToString();
    default:
      return lexical;
  }
}

std::string Value::DatatypeIri() const {
  switch (type) {
    case ValueType::kString:
      return std::string(kXsdString);
    case ValueType::kLangString:
      return std::string(kRdfLangString);
    case ValueType::kBoolean:
      return std::string(kXsdBooleanIri);
    case ValueType::kInteger:
      return datatype.empty() ? std::string(kXsdIntegerIri) : datatype;
    case ValueType::kDecimal:
      return std::string(kXsdDecimalIri);
    case ValueType::kFloat:
      return std::string(kXsdFloatIri);
    case ValueType::kDouble:
      return std::string(kXsdDoubleIri);
    case ValueType::kDateTime:
      return std::string(temporal.kind == TemporalKind::kDateTime ? kXsdDateTimeIri
                         : temporal.kind == TemporalKind::kDate   ? kXsdDateIri
                                                                  : kXsdTimeIri);
    default:
      return datatype;
  }
}

Term Value::ToTerm() const {
  switch (type) {
    case ValueType::kIri:
      return Term::Iri(lexical);
    case ValueType::kBlank:
      return Term::Blank(lexical);
    case ValueType::kString:
      return Term::Literal(lexical);
    case ValueType::kLangString:
      return Term::LangLiteral(lexical, language);
    default:
      return Term::TypedLiteral(Lexical(), DatatypeIri());
  }
}

Value Value::Iri(std::string iri) {
  Value v;
  v.type = ValueType::kIri;
  v.lexical = std::move(iri);
  return v;
}

Value Value::Blank(std::string label) {
  Value v;
  v.type = ValueType::kBlank;
  v.lexical = std::move(label);
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.type = ValueType::kString;
  v.lexical = std::move(s);
  return v;
}

Value Value::LangString(std::string s, std::string language) {
  Value v;
  v.type = ValueType::kLangString;
  v.lexical = std::move(s);
  for (char& c : language) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  v.language = std::move(language);
  return v;
}

Value Value::StringLike(std::string s, const Value& like) {
  if (like.type == ValueType::kLangString) return LangString(std::move(s), like.language);
  return String(std::move(s));
}

Value Value::Boolean(bool b) {
  Value v;
  v.type = ValueType::kBoolean;
  v.boolean = b;
  v.canonical = true;
  return v;
}

Value Value::Integer(Decimal d) {
  Value v;
  v.type = ValueType::kInteger;
  v.number = std::move(d);
  v.canonical = true;
  return v;
}

Value Value::DecimalValue(Decimal d) {
  Value v;
  v.type = ValueType::kDecimal;
  v.number = std::move(d);
  v.canonical = true;
  return v;
}

Value Value::Float(double f) {
  Value v;
  v.type = ValueType::kFloat;
  v.dbl = static_cast<double>(static_cast<float>(f));
  v.canonical = true;
  return v;
}

Value Value::Double(double d) {
  Value v;
  v.type = ValueType::kDouble;
  v.dbl = d;
  v.canonical = true;
  return v;
}

Value Value::Temporal(DateTime dt) {
  Value v;
  v.type = ValueType::kDateTime;
  v.temporal = std::move(dt);
  v.canonical = true;
  return v;
}

Value Value::TypedLiteral(std::string lexical, std::string datatype) {
  Value v;
  if (datatype == kXsdString) {
    return String(std::move(lexical));
  }
  v.lexical = std::move(lexical);
  ParseTypedLiteral(datatype, &v);
  return v;
}

// ------------------------------------------------------- conversions

void ValueFromTerm(const Term& term, Value* out) {
  out->id = kNoId;
  out->canonical = false;
  out->lexical = term.value;
  out->language.clear();
  out->datatype.clear();
  switch (term.kind) {
    case TermKind::kIri:
      out->type = ValueType::kIri;
      return;
    case TermKind::kBlank:
      out->type = ValueType::kBlank;
      return;
    case TermKind::kLiteral:
      break;
  }
  if (!term.language.empty()) {
    out->type = ValueType::kLangString;
    out->language = term.language;
    return;
  }
  if (term.datatype.empty() || term.datatype == kXsdString) {
    out->type = ValueType::kString;
    return;
  }
  ParseTypedLiteral(term.datatype, out);
  if (out->type == ValueType::kOther) SetOther(term, out);
}

void ValueFromId(Id id, EvalContext& ctx, Value* out) {
  switch (storage::TagOf(id)) {
    case storage::kTagInteger:
      out->type = ValueType::kInteger;
      out->number = Decimal(storage::InlineIntegerValue(id));
      out->canonical = true;
      out->lexical.clear();
      out->datatype.clear();
      out->language.clear();
      break;
    case storage::kTagBoolean:
      out->type = ValueType::kBoolean;
      out->boolean = storage::PayloadOf(id) != 0;
      out->canonical = true;
      out->lexical.clear();
      out->datatype.clear();
      out->language.clear();
      break;
    default:
      ValueFromTerm(ctx.Decode(id), out);
      break;
  }
  out->id = id;
}

Id EncodeValue(const Value& v, EvalContext& ctx) {
  if (v.id != kNoId) return v.id;
  if (v.type == ValueType::kBoolean && v.canonical) return storage::MakeId(storage::kTagBoolean, v.boolean);
  if (v.type == ValueType::kInteger && v.canonical && v.datatype.empty()) {
    if (auto i = v.number.ToInt64();
        i && *i >= storage::kInlineIntegerMin && *i <= storage::kInlineIntegerMax) {
      return storage::InlineInteger(*i);
    }
  }
  return ctx.Encode(v.ToTerm());
}

// ----------------------------------------------------------- semantics

std::optional<bool> EffectiveBooleanValue(const Value& v) {
  switch (v.type) {
    case ValueType::kBoolean:
      return v.boolean;
    case ValueType::kString:
    case ValueType::kLangString:
      return !v.lexical.empty();
    case ValueType::kInteger:
    case ValueType::kDecimal:
      return v.number.Sign() != 0;
    case ValueType::kFloat:
    case ValueType::kDouble:
      return !(v.dbl == 0 || std::isnan(v.dbl));
    case ValueType::kOther: {
      // An ill-typed boolean or numeric literal is false (§17.2.2).
      const std::string& dt = v.datatype;
      if (dt.compare(0, kXsdPrefix.size(), kXsdPrefix) == 0) {
        const std::string_view local = std::string_view(dt).substr(kXsdPrefix.size());
        if (local == "boolean" || local == "integer" || local == "decimal" || local == "float" ||
            local == "double" || FindDerivedInteger(local)) {
          return false;
        }
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<Value> Arithmetic(ArithOp op, const Value& a, const Value& b) {
  if (!a.IsNumeric() || !b.IsNumeric()) return std::nullopt;
  ValueType t = std::max(a.type, b.type);
  if (t <= ValueType::kDecimal) {
    std::optional<Decimal> r;
    switch (op) {
      case ArithOp::kAdd:
        r = Decimal::Add(a.number, b.number);
        break;
      case ArithOp::kSubtract:
        r = Decimal::Subtract(a.number, b.number);
        break;
      case ArithOp::kMultiply:
        r = Decimal::Multiply(a.number, b.number);
        break;
      case ArithOp::kDivide:
        // integer / integer is a decimal (op:numeric-divide).
        r = Decimal::Divide(a.number, b.number);
        t = ValueType::kDecimal;
        break;
    }
    if (!r) return std::nullopt;
    return t == ValueType::kInteger ? Value::Integer(std::move(*r)) : Value::DecimalValue(std::move(*r));
  }
  const double x = a.type <= ValueType::kDecimal ? a.number.ToDouble() : a.dbl;
  const double y = b.type <= ValueType::kDecimal ? b.number.ToDouble() : b.dbl;
  double r = 0;
  switch (op) {
    case ArithOp::kAdd:
      r = x + y;
      break;
    case ArithOp::kSubtract:
      r = x - y;
      break;
    case ArithOp::kMultiply:
      r = x * y;
      break;
    case ArithOp::kDivide:
      r = x / y;  // IEEE: ±INF or NaN for a zero divisor
      break;
  }
  return t == ValueType::kFloat ? Value::Float(r) : Value::Double(r);
}

std::optional<Value> Negate(const Value& a) {
  switch (a.type) {
    case ValueType::kInteger:
      return Value::Integer(a.number.Negate());
    case ValueType::kDecimal:
      return Value::DecimalValue(a.number.Negate());
    case ValueType::kFloat:
      return Value::Float(-a.dbl);
    case ValueType::kDouble:
      return Value::Double(-a.dbl);
    default:
      return std::nullopt;
  }
}

Order CompareValues(const Value& a, const Value& b) {
  if (a.IsNumeric() && b.IsNumeric()) return CompareNumbers(a, b);
  if (a.type != b.type) return Order::kError;
  switch (a.type) {
    case ValueType::kString:
      // UTF-8 byte order is code point order.
      return FromInt(a.lexical.compare(b.lexical));
    case ValueType::kBoolean:
      return FromInt(static_cast<int>(a.boolean) - static_cast<int>(b.boolean));
    case ValueType::kDateTime: {
      if (a.temporal.kind != b.temporal.kind) return Order::kError;
      auto c = CompareDateTimes(a.temporal, b.temporal);
      return c ? FromInt(*c) : Order::kError;
    }
    default:
      return Order::kError;
  }
}

std::optional<bool> EqualValues(const Value& a, const Value& b) {
  if (a.IsNumeric() && b.IsNumeric()) {
    const Order o = CompareNumbers(a, b);
    return o == Order::kEqual;
  }
  if (a.type == b.type) {
    switch (a.type) {
      case ValueType::kIri:
      case ValueType::kBlank:
      case ValueType::kString:
        return a.lexical == b.lexical;
      case ValueType::kLangString:
        // RDF 1.1: the value of a language-tagged string is the pair.
        return a.lexical == b.lexical && a.language == b.language;
      case ValueType::kBoolean:
        return a.boolean == b.boolean;
      case ValueType::kDateTime: {
        if (a.temporal.kind != b.temporal.kind) break;
        auto c = CompareDateTimes(a.temporal, b.temporal);
        if (!c) return std::nullopt;
        return *c == 0;
      }
      default:
        break;
    }
  }
  // RDFterm-equal.
  if (TermEqual(a, b)) return true;
  if (a.IsLiteral() && b.IsLiteral()) return std::nullopt;
  return false;
}

bool SameTerm(const Value& a, const Value& b) {
  if (a.id != kNoId && b.id != kNoId) return a.id == b.id;
  return TermEqual(a, b);
}

int CompareValuesTotal(const Value& a, const Value& b) {
  auto kind_rank = [](const Value& v) {
    return v.type == ValueType::kBlank ? 0 : v.type == ValueType::kIri ? 1 : 2;
  };
  const int ka = kind_rank(a), kb = kind_rank(b);
  if (ka != kb) return ka < kb ? -1 : 1;
  if (ka < 2) return Sign(a.lexical.compare(b.lexical));
  const int ra = LiteralRank(a), rb = LiteralRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0: {
      const Order o = CompareNumbers(a, b);
      if (o == Order::kLess) return -1;
      if (o == Order::kGreater) return 1;
      if (o == Order::kUnordered) {
        // NaN first, and equal to itself.
        const bool na = a.type >= ValueType::kFloat && std::isnan(a.dbl);
        const bool nb = b.type >= ValueType::kFloat && std::isnan(b.dbl);
        if (na != nb) return na ? -1 : 1;
      }
      break;
    }
    case 1:
      if (a.boolean != b.boolean) return a.boolean ? 1 : -1;
      break;
    case 2:
      return Sign(a.lexical.compare(b.lexical));
    case 3:
      if (int c = a.lexical.compare(b.lexical)) return Sign(c);
      return Sign(a.language.compare(b.language));
    case 4:
    case 5:
    case 6:
      if (int c = CompareDateTimesTotal(a.temporal, b.temporal)) return c;
      break;
    default:
      if (int c = a.datatype.compare(b.datatype)) return Sign(c);
      return Sign(a.lexical.compare(b.lexical));
  }
  // Equal values of different terms (1, 1.0, "01"^^xsd:integer): by
  // datatype, then lexical form.
  if (a.type != b.type) return a.type < b.type ? -1 : 1;
  if (int c = a.DatatypeIri().compare(b.DatatypeIri())) return Sign(c);
  return Sign(a.Lexical().compare(b.Lexical()));
}

// ------------------------------------------------------ lexical forms

std::string CanonicalDouble(double d) { return ShortestScientific(d, false); }
std::string CanonicalFloat(double f) { return ShortestScientific(f, true); }

std::optional<double> ParseXsdDouble(std::string_view lexical) {
  std::string_view s = TrimXmlSpace(lexical);
  if (s == "INF" || s == "+INF") return std::numeric_limits<double>::infinity();
  if (s == "-INF") return -std::numeric_limits<double>::infinity();
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  // (\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee](\+|-)?[0-9]+)?
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  // from_chars does not take a leading '+'.
  if (s[0] == '+') s.remove_prefix(1);
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    // Overflow to ±INF, underflow to ±0 (XSD rounds to the nearest value).
    const bool negative = s[0] == '-';
    const std::size_t e = s.find_first_of("eE");
    const bool big = e != std::string_view::npos && s[e + 1] != '-';
    v = big ? std::numeric_limits<double>::infinity() : 0.0;
    if (negative) v = -v;
    return v;
  }
  if (r.ec != std::errc()) return std::nullopt;
  return v;
}

bool IsCastTarget(std::string_view target) {
  if (target.substr(0, kXsdPrefix.size()) != kXsdPrefix) return false;
  const std::string_view local = target.substr(kXsdPrefix.size());
  return local == "string" || local == "boolean" || local == "integer" || local == "decimal" ||
         local == "float" || local == "double" || local == "dateTime" || local == "date" ||
         local == "time" || FindDerivedInteger(local) != nullptr;
}

std::optional<Value> CastTo(std::string_view target, const Value& v) {
  const std::string_view local = target.substr(kXsdPrefix.size());
  if (v.type == ValueType::kBlank) return std::nullopt;
  if (local == "string") {
    // IRIs and literals of any datatype; numerics keep their lexical form
    // only if it is canonical (XPath casts produce canonical forms).
    if (v.type == ValueType::kLangString) return std::nullopt;
    if (v.type == ValueType::kFloat || v.type == ValueType::kDouble) {
      return Value::String(XPathDoubleString(v.dbl, v.type == ValueType::kFloat));
    }
    if (v.type == ValueType::kDecimal) return Value::String(v.number.ToDecimalString(false));
    if (v.IsNumeric() || v.type == ValueType::kBoolean || v.type == ValueType::kDateTime) {
      Value canon = v;
      canon.canonical = true;
      return Value::String(canon.Lexical());
    }
    return Value::String(v.Lexical());
  }
  if (v.type == ValueType::kIri || v.type == ValueType::kLangString) return std::nullopt;
  // From a string: the target's lexical space (kOther results are invalid).
  if (v.type == ValueType::kString) {
    if (local == "decimal" || local == "integer" || FindDerivedInteger(local) ||
        local == "float" || local == "double" || local == "boolean" || local == "dateTime" ||
        local == "date" || local == "time") {
      Value r = Value::TypedLiteral(std::string(TrimXmlSpace(v.lexical)), std::string(target));
      if (r.type == ValueType::kOther) return std::nullopt;
      // A cast yields a value; its term is the canonical form.
      r.canonical = true;
      r.lexical.clear();
      return r;
    }
    return std::nullopt;
  }
  if (v.type == ValueType::kOther) return std::nullopt;

  if (local == "boolean") {
    if (v.type == ValueType::kBoolean) return Value::Boolean(v.boolean);
    if (!v.IsNumeric()) return std::nullopt;
    return Value::Boolean(*EffectiveBooleanValue(v));
  }
  if (local == "double" || local == "float") {
    double d;
    if (v.type == ValueType::kBoolean) {
      d = v.boolean ? 1 : 0;
    } else if (v.type == ValueType::kInteger || v.type == ValueType::kDecimal) {
      d = v.number.ToDouble();
    } else if (v.type == ValueType::kFloat || v.type == ValueType::kDouble) {
      d = v.dbl;
    } else {
      return std::nullopt;
    }
    return local == "float" ? Value::Float(d) : Value::Double(d);
  }
  if (local == "decimal" || local == "integer" || FindDerivedInteger(local)) {
    Decimal d;
    if (v.type == ValueType::kBoolean) {
      d = Decimal(v.boolean ? 1 : 0);
    } else if (v.type == ValueType::kInteger || v.type == ValueType::kDecimal) {
      d = v.number;
    } else if (v.type == ValueType::kFloat || v.type == ValueType::kDouble) {
      auto x = Decimal::FromDouble(v.dbl);
      if (!x) return std::nullopt;  // NaN, INF
      d = std::move(*x);
    } else {
      return std::nullopt;
    }
    if (local == "decimal") return Value::DecimalValue(std::move(d));
    Value r = Value::Integer(d.Truncate());
    if (local != "integer") {
      const DerivedInteger* di = FindDerivedInteger(local);
      if (!InRange(r.number, *di)) return std::nullopt;
      r.datatype.assign(target);
    }
    return r;
  }
  if (local == "dateTime" || local == "date" || local == "time") {
    if (v.type != ValueType::kDateTime) return std::nullopt;
    DateTime t = v.temporal;
    if (local == "dateTime") {
      if (t.kind == TemporalKind::kTime) return std::nullopt;
      t.kind = TemporalKind::kDateTime;  // a date becomes its midnight
    } else if (local == "date") {
      if (t.kind == TemporalKind::kTime) return std::nullopt;
      t.kind = TemporalKind::kDate;
      t.hour = t.minute = t.second = 0;
      t.fraction.clear();
      t.local_seconds -= t.local_seconds % 86400 + (t.local_seconds % 86400 < 0 ? 86400 : 0);
    } else {
      if (t.kind == TemporalKind::kDate) return std::nullopt;
      t.kind = TemporalKind::kTime;
      std::int64_t secs = t.local_seconds % 86400;
      if (secs < 0) secs += 86400;
      t.local_seconds = secs;
      t.year = 1970;
      t.month = t.day = 1;
    }
    return Value::Temporal(std::move(t));
  }
  return std::nullopt;
}

}  // namespace corridor::engine::expr
