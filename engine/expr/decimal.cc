// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/expr/decimal.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace corridor::engine::expr {

namespace {

constexpr unsigned kMaxBits = 13600;  // ~ Decimal::kMaxDigits decimal digits

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimXmlSpace(std::string_view s) {
  while (!s.empty() && IsXmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsXmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool TooBig(const Decimal& d) {
  if (d.scale() > Decimal::kMaxDigits) return true;
  if (d.unscaled() == 0) return false;
  return boost::multiprecision::msb(abs(d.unscaled())) > kMaxBits;
}

// The integer of a run of ASCII digits.
BigInt DigitsToInt(std::string_view digits) {
  if (digits.size() <= 18) {
    std::int64_t v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return BigInt(v);
  }
  BigInt v = 0;
  // Chunks of 18 digits keep the number of big multiplications small.
  std::size_t i = 0;
  const std::size_t head = digits.size() % 18;
  if (head) {
    std::int64_t chunk = 0;
    for (; i < head; ++i) chunk = chunk * 10 + (digits[i] - '0');
    v = chunk;
  }
  static const BigInt kChunk = PowerOfTen(18);
  while (i < digits.size()) {
    std::int64_t chunk = 0;
    for (std::size_t j = 0; j < 18; ++j, ++i) chunk = chunk * 10 + (digits[i] - '0');
    v = v * kChunk + chunk;
  }
  return v;
}

// q = n / d rounded half to even (d != 0).
BigInt DivideRoundHalfEven(const BigInt& n, const BigInt& d) {
  BigInt q, r;
  boost::multiprecision::divide_qr(n, d, q, r);
  if (r == 0) return q;
  const int cmp = (abs(r) * 2).compare(abs(d));
  const bool negative = (n.sign() < 0) != (d.sign() < 0);
  if (cmp > 0 || (cmp == 0 && bit_test(abs(q), 0))) q += negative ? -1 : 1;
  return q;
}

}  // namespace

BigInt PowerOfTen(int n) {
  static const std::array<BigInt, 40> kSmall = [] {
    std::array<BigInt, 40> a;
    BigInt v = 1;
    for (auto& x : a) {
      x = v;
      v *= 10;
    }
    return a;
  }();
  if (n < static_cast<int>(kSmall.size())) return kSmall[n];
  return boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(n));
}

Decimal::Decimal(BigInt unscaled, int scale) : unscaled_(std::move(unscaled)), scale_(scale) {
  if (scale_ < 0) {
    unscaled_ *= PowerOfTen(-scale_);
    scale_ = 0;
  }
  Normalize();
}

void Decimal::Normalize() {
  if (scale_ == 0) return;
  if (unscaled_ == 0) {
    scale_ = 0;
    return;
  }
  BigInt q, r;
  while (scale_ > 0) {
    boost::multiprecision::divide_qr(unscaled_, BigInt(10), q, r);
    if (r != 0) break;
    unscaled_.swap(q);
    --scale_;
  }
}

std::optional<Decimal> Decimal::ParseDecimal(std::string_view lexical) {
  std::string_view s = TrimXmlSpace(lexical);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const std::size_t dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  std::string_view frac_part = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (int_part.empty() && frac_part.empty()) return std::nullopt;
  for (char c : int_part) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  for (char c : frac_part) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (int_part.size() + frac_part.size() > static_cast<std::size_t>(kMaxDigits)) return std::nullopt;
  std::string digits;
  digits.reserve(int_part.size() + frac_part.size());
  digits.append(int_part);
  digits.append(frac_part);
  BigInt v = DigitsToInt(digits);
  if (negative) v = -v;
  return Decimal(std::move(v), static_cast<int>(frac_part.size()));
}

std::optional<Decimal> Decimal::ParseInteger(std::string_view lexical) {
  std::string_view s = TrimXmlSpace(lexical);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > static_cast<std::size_t>(kMaxDigits)) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  BigInt v = DigitsToInt(s);
  if (negative) v = -v;
  return Decimal(std::move(v), 0);
}

std::optional<Decimal> Decimal::FromDouble(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  // The shortest decimal that reads back as `d`: what a reader of the
  // double's canonical form would take it to mean.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  if (ec != std::errc()) return std::nullopt;
  std::string_view s(buf, end - buf);
  const std::size_t e = s.find('e');
  auto mantissa = ParseDecimal(s.substr(0, e));
  if (!mantissa) return std::nullopt;
  int exponent = std::atoi(std::string(s.substr(e + 1)).c_str());
  if (exponent >= 0) {
    return Decimal(mantissa->unscaled_ * PowerOfTen(exponent), mantissa->scale_);
  }
  return Decimal(mantissa->unscaled_, mantissa->scale_ - exponent);
}

std::optional<std::int64_t> Decimal::ToInt64() const {
  if (scale_ != 0) return std::nullopt;
  if (unscaled_ < std::numeric_limits<std::int64_t>::min() ||
      unscaled_ > std::numeric_limits<std::int64_t>::max()) {
    return std::nullopt;
  }
  return unscaled_.convert_to<std::int64_t>();
}

double Decimal::ToDouble() const {
  if (scale_ == 0) {
    if (auto v = ToInt64(); v && *v > -(std::int64_t{1} << 53) && *v < (std::int64_t{1} << 53)) {
      return static_cast<double>(*v);
    }
  }
  // Through the decimal string so that the double is correctly rounded.
  const std::string s = ToDecimalString();
  return std::strtod(s.c_str(), nullptr);
}

Decimal Decimal::Truncate() const {
  if (scale_ == 0) return *this;
  return Decimal(unscaled_ / PowerOfTen(scale_), 0);
}

Decimal Decimal::Floor() const {
  if (scale_ == 0) return *this;
  BigInt q, r;
  boost::multiprecision::divide_qr(unscaled_, PowerOfTen(scale_), q, r);
  if (r.sign() < 0) q -= 1;
  return Decimal(std::move(q), 0);
}

Decimal Decimal::Ceil() const {
  if (scale_ == 0) return *this;
  BigInt q, r;
  boost::multiprecision::divide_qr(unscaled_, PowerOfTen(scale_), q, r);
  if (r.sign() > 0) q += 1;
  return Decimal(std::move(q), 0);
}

Decimal Decimal::Round() const {
  if (scale_ == 0) return *this;
  return Add(*this, Decimal(BigInt(5), 1))->Floor();
}

std::optional<Decimal> Decimal::Add(const Decimal& a, const Decimal& b) {
  if (TooBig(a) || TooBig(b)) return std::nullopt;
  if (a.scale_ == b.scale_) return Decimal(a.unscaled_ + b.unscaled_, a.scale_);
  if (a.scale_ < b.scale_) {
    return Decimal(a.unscaled_ * PowerOfTen(b.scale_ - a.scale_) + b.unscaled_, b.scale_);
  }
  return Decimal(a.unscaled_ + b.unscaled_ * PowerOfTen(a.scale_ - b.scale_), a.scale_);
}

std::optional<Decimal> Decimal::Subtract(const Decimal& a, const Decimal& b) {
  return Add(a, b.Negate());
}

std::optional<Decimal> Decimal::Multiply(const Decimal& a, const Decimal& b) {
  if (TooBig(a) || TooBig(b)) return std::nullopt;
  return Decimal(a.unscaled_ * b.unscaled_, a.scale_ + b.scale_);
}

std::optional<Decimal> Decimal::Divide(const Decimal& a, const Decimal& b) {
  if (b.unscaled_ == 0) return std::nullopt;
  if (TooBig(a) || TooBig(b)) return std::nullopt;
  // a / b = (ua * 10^sb) / (ub * 10^sa); scaled up by 10^digits first.
  const int digits = std::max(kDivisionDigits, a.scale_);
  BigInt n = a.unscaled_ * PowerOfTen(b.scale_ + digits);
  BigInt d = b.unscaled_ * PowerOfTen(a.scale_);
  return Decimal(DivideRoundHalfEven(n, d), digits);
}

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  if (a.scale_ == b.scale_) return a.unscaled_.compare(b.unscaled_);
  const int sa = a.Sign(), sb = b.Sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  if (a.scale_ < b.scale_) {
    return (a.unscaled_ * PowerOfTen(b.scale_ - a.scale_)).compare(b.unscaled_);
  }
  return a.unscaled_.compare(b.unscaled_ * PowerOfTen(a.scale_ - b.scale_));
}

std::string Decimal::ToIntegerString() const {
  if (scale_ == 0) {
    if (auto v = ToInt64()) return std::to_string(*v);
    return unscaled_.str();
  }
  return Truncate().ToIntegerString();
}

std::string Decimal::ToDecimalString(bool with_point) const {
  std::string digits = abs(unscaled_).str();
  std::string out;
  if (unscaled_.sign() < 0) out.push_back('-');
  if (scale_ == 0) {
    out += digits;
    if (with_point) out += ".0";
    return out;
  }
  if (digits.size() <= static_cast<std::size_t>(scale_)) {
    digits.insert(0, static_cast<std::size_t>(scale_) + 1 - digits.size(), '0');
  }
  out.append(digits, 0, digits.size() - scale_);
  out.push_back('.');
  out.append(digits, digits.size() - scale_, std::string::npos);
  return out;
}

}  // namespace corridor::engine::expr
