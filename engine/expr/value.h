// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The typed values SPARQL expressions compute with (§17.1): an RDF term
// together with its parsed value when its datatype is one the operators
// know (numerics, strings, booleans, date/times). Literals of other
// datatypes, and ill-typed literals of known ones ("abc"^^xsd:integer), are
// kOther: they take part only in term equality.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "corridor/term.h"
#include "engine/expr/datetime.h"
#include "engine/expr/decimal.h"
#include "storage/ids.h"

namespace corridor::engine {
class EvalContext;
}

namespace corridor::engine::expr {

using storage::Id;
using storage::kNoId;

inline constexpr std::string_view kXsdPrefix = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kXsdBooleanIri = "http://www.w3.org/2001/XMLSchema#boolean";
inline constexpr std::string_view kXsdIntegerIri = "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr std::string_view kXsdDecimalIri = "http://www.w3.org/2001/XMLSchema#decimal";
inline constexpr std::string_view kXsdFloatIri = "http://www.w3.org/2001/XMLSchema#float";
inline constexpr std::string_view kXsdDoubleIri = "http://www.w3.org/2001/XMLSchema#double";
inline constexpr std::string_view kXsdDateTimeIri = "http://www.w3.org/2001/XMLSchema#dateTime";
inline constexpr std::string_view kXsdDateIri = "http://www.w3.org/2001/XMLSchema#date";
inline constexpr std::string_view kXsdTimeIri = "http://www.w3.org/2001/XMLSchema#time";
inline constexpr std::string_view kXsdDayTimeDurationIri =
    "http://www.w3.org/2001/XMLSchema#dayTimeDuration";

// Ordered so that numeric promotion is max() over the four numeric types.
enum class ValueType : std::uint8_t {
  kIri,
  kBlank,
  kString,      // simple literal / xsd:string
  kLangString,  // rdf:langString
  kBoolean,
  kInteger,     // xsd:integer and the types derived from it
  kDecimal,
  kFloat,
  kDouble,
  kDateTime,    // xsd:dateTime, xsd:date, xsd:time (see temporal.kind)
  kOther,       // any other literal, or an ill-typed literal
};

inline bool IsNumericType(ValueType t) { return t >= ValueType::kInteger && t <= ValueType::kDouble; }

struct Value {
  ValueType type = ValueType::kOther;
  // The row id this value was read from; kNoId for computed values. Kept
  // so that passing a term through (COALESCE, IF, BIND(?x AS ?y)) costs no
  // encoding and keeps the term exactly.
  Id id = kNoId;
  // IRI, blank node label, or lexical form. Empty when `canonical` is set:
  // the lexical form is then the canonical form of the parsed value.
  std::string lexical;
  std::string language;  // kLangString: the tag, lower-case
  // kOther: the datatype IRI. kInteger: a derived type's IRI, or empty for
  // xsd:integer itself. Unused otherwise.
  std::string datatype;
  bool canonical = false;
  bool boolean = false;  // kBoolean
  Decimal number;        // kInteger, kDecimal
  double dbl = 0;        // kFloat (a float-representable value), kDouble
  DateTime temporal;     // kDateTime

  bool IsNumeric() const { return IsNumericType(type); }
  bool IsLiteral() const { return type != ValueType::kIri && type != ValueType::kBlank; }
  // A "string literal" argument of the §17.4.3 functions.
  bool IsStringLiteral() const { return type == ValueType::kString || type == ValueType::kLangString; }

  // The lexical form (or IRI, or label).
  std::string Lexical() const;
  // The datatype IRI of a literal. REQUIRES: IsLiteral().
  std::string DatatypeIri() const;
  Term ToTerm() const;

  // Factories for computed values (canonical lexical forms).
  static Value Iri(std::string iri);
  static Value Blank(std::string label);
  static Value String(std::string s);
  static Value LangString(std::string s, std::string language);
  // A string with the language of `like` (kLangString) or a plain string.
  static Value StringLike(std::string s, const Value& like);
  static Value Boolean(bool b);
  static Value Integer(Decimal v);
  static Value Integer(std::int64_t v) { return Integer(Decimal(v)); }
  static Value DecimalValue(Decimal v);
  static Value Float(double v);
  static Value Double(double v);
  static Value Temporal(DateTime dt);
  static Value TypedLiteral(std::string lexical, std::string datatype);  // parsed like a term
};

// The typed value of a term (parses known datatypes).
void ValueFromTerm(const Term& term, Value* out);
// The typed value of a row id: inline integers and booleans without
// decoding, everything else through ctx.Decode. REQUIRES: id != kNoId.
void ValueFromId(Id id, EvalContext& ctx, Value* out);
// The row id of a value: its own id if it has one, an inline id if it can
// be inlined, else through ctx.Encode.
Id EncodeValue(const Value& v, EvalContext& ctx);

// §17.2.2 effective boolean value; nullopt for a type error.
std::optional<bool> EffectiveBooleanValue(const Value& v);

// Numeric arithmetic with XPath type promotion. nullopt for errors
// (non-numeric operand, decimal/integer division by zero, overflow guard).
enum class ArithOp : std::uint8_t { kAdd, kSubtract, kMultiply, kDivide };
std::optional<Value> Arithmetic(ArithOp op, const Value& a, const Value& b);
std::optional<Value> Negate(const Value& a);

// The result of comparing two values with `<` semantics.
enum class Order : std::uint8_t { kLess, kEqual, kGreater, kUnordered /* NaN */, kError };
// §17.3 `<`, `>`, `<=`, `>=`: numerics, strings (code point order),
// booleans and date/times of one kind; kError for other pairs or an
// indeterminate date/time order.
Order CompareValues(const Value& a, const Value& b);
// §17.3 `=`: value equality where the operators define it, RDFterm-equal
// otherwise (an error for two different literals whose equality is
// unknown).
std::optional<bool> EqualValues(const Value& a, const Value& b);
// RDF term identity (sameTerm).
bool SameTerm(const Value& a, const Value& b);
// The ORDER BY total order of two values (blank < IRI < literal; literals
// by value where comparable, then by type and lexical form).
int CompareValuesTotal(const Value& a, const Value& b);

// Canonical lexical forms.
std::string CanonicalDouble(double d);
std::string CanonicalFloat(double f);
// xsd:double / xsd:float lexical space (with whitespace collapse).
std::optional<double> ParseXsdDouble(std::string_view lexical);

// XSD casts (§17.5) to the datatype `target` (an xsd: IRI); nullopt for an
// invalid cast or a target this implementation does not cast to (use
// IsCastTarget to know which).
bool IsCastTarget(std::string_view target);
std::optional<Value> CastTo(std::string_view target, const Value& v);

}  // namespace corridor::engine::expr
