// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Exact xsd:decimal (and xsd:integer) arithmetic for SPARQL expressions.
// A Decimal is unscaled / 10^scale with an arbitrary-precision unscaled
// value, so sums, differences and products are exact and integers never
// wrap. Only division rounds: a quotient keeps kDivisionDigits fractional
// digits (rounded half to even), the one precision limit of the type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

namespace corridor::engine::expr {

// Expression templates off: simpler types, and no dangling temporaries.
using BigInt = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<>,
                                             boost::multiprecision::et_off>;

class Decimal {
 public:
  // Fractional digits kept by Divide when the quotient does not terminate
  // sooner (XPath leaves the precision of decimal division to the
  // implementation; it must be at least 18 digits in total).
  static constexpr int kDivisionDigits = 24;
  // Operands beyond this many digits make arithmetic fail instead of eating
  // memory (a resource guard, not a precision limit in practice).
  static constexpr int kMaxDigits = 4096;

  Decimal() = default;
  explicit Decimal(std::int64_t v) : unscaled_(v) {}
  Decimal(BigInt unscaled, int scale);

  // xsd:decimal lexical space: optional sign, digits with an optional '.'
  // (at least one digit overall). Leading/trailing XML whitespace is
  // accepted (whiteSpace collapse). nullopt if invalid.
  static std::optional<Decimal> ParseDecimal(std::string_view lexical);
  // xsd:integer lexical space: optional sign, digits.
  static std::optional<Decimal> ParseInteger(std::string_view lexical);
  // The exact value of a finite double (for casts); nullopt for NaN / INF.
  static std::optional<Decimal> FromDouble(double d);

  const BigInt& unscaled() const { return unscaled_; }
  int scale() const { return scale_; }
  bool IsInteger() const { return scale_ == 0; }
  int Sign() const { return unscaled_.sign(); }
  // The value if it is an integer in int64 range.
  std::optional<std::int64_t> ToInt64() const;
  double ToDouble() const;

  Decimal Negate() const { return Decimal(-unscaled_, scale_); }
  Decimal Abs() const { return Decimal(abs(unscaled_), scale_); }
  Decimal Floor() const;
  Decimal Ceil() const;
  // XPath fn:round: to the nearest integer, halves towards +infinity.
  Decimal Round() const;
  // Truncation towards zero (casts to xsd:integer).
  Decimal Truncate() const;

  // nullopt when an operand exceeds kMaxDigits.
  static std::optional<Decimal> Add(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Subtract(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Multiply(const Decimal& a, const Decimal& b);
  // nullopt for division by zero too.
  static std::optional<Decimal> Divide(const Decimal& a, const Decimal& b);
  // <0, 0, >0.
  static int Compare(const Decimal& a, const Decimal& b);

  // Canonical xsd:integer form of the truncated value ("-12").
  std::string ToIntegerString() const;
  // Canonical xsd:decimal form (XSD 1.0): no superfluous zeros, at least
  // one digit on each side of the point ("1.0", "-0.5", "12.25"). Without
  // `with_point`, integral values have no point ("1"), as XPath's cast to
  // xsd:string and XSD 1.1 write them.
  std::string ToDecimalString(bool with_point = true) const;

  friend bool operator==(const Decimal& a, const Decimal& b) { return Compare(a, b) == 0; }

 private:
  // Removes trailing fractional zeros so that equal values look alike.
  void Normalize();

  BigInt unscaled_ = 0;
  int scale_ = 0;  // >= 0; normalised: unscaled_ % 10 != 0 when scale_ > 0
};

// 10^n, n >= 0.
BigInt PowerOfTen(int n);

}  // namespace corridor::engine::expr
