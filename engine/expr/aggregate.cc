// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The §18.5 set functions, and the id-level order and equality operators
// use (CompareForOrder, ValueEquals).
//
// Aggregates skip kNoId inputs: an unbound value and an error in the
// argument both leave the row out (COUNT(?x) counts bound values). A value
// that is present but of the wrong type (SUM over an IRI) makes SUM and AVG
// an error, which leaves the aggregate unbound.
#include <algorithm>
#include <unordered_set>
#include <vector>

#include "engine/expr/value.h"
#include "engine/expression.h"

namespace corridor::engine {

namespace {

using expr::Value;
using expr::ValueType;

// DISTINCT by term: ids are unique per term.
class DistinctFilter {
 public:
  explicit DistinctFilter(bool enabled) : enabled_(enabled) {}
  // True if `id` should be aggregated (first occurrence, or no DISTINCT).
  bool Admit(Id id) { return !enabled_ || seen_.insert(id).second; }

 private:
  bool enabled_;
  std::unordered_set<Id> seen_;
};

class CountAggregator final : public Aggregator {
 public:
  explicit CountAggregator(bool distinct) : distinct_(distinct) {}
  void Add(Id value, EvalContext&) override {
    if (value != kNoId && distinct_.Admit(value)) ++count_;
  }
  Id Result(EvalContext& ctx) override {
    return expr::EncodeValue(Value::Integer(static_cast<std::int64_t>(count_)), ctx);
  }

 private:
  DistinctFilter distinct_;
  std::uint64_t count_ = 0;
};

expr::BigInt FromInt128(__int128 v) {
  const bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  expr::BigInt r = static_cast<std::uint64_t>(u >> 64);
  r <<= 64;
  r += static_cast<std::uint64_t>(u);
  return negative ? expr::BigInt(-r) : r;
}

// SUM and AVG: inline integers add into a 128-bit accumulator (no
// decoding, cannot overflow for fewer than 2^72 rows); everything else goes
// through the promoting arithmetic.
class SumAggregator final : public Aggregator {
 public:
  SumAggregator(bool distinct, bool average) : distinct_(distinct), average_(average) {}
  void Add(Id value, EvalContext& ctx) override {
    if (value == kNoId || error_ || !distinct_.Admit(value)) return;
    ++count_;
    if (storage::TagOf(value) == storage::kTagInteger) {
      fast_ += storage::InlineIntegerValue(value);
      return;
    }
    Value v;
    expr::ValueFromId(value, ctx, &v);
    auto r = expr::Arithmetic(expr::ArithOp::kAdd, total_, v);
    if (!r) {
      error_ = true;
      return;
    }
    total_ = std::move(*r);
    total_.id = kNoId;
  }
  Id Result(EvalContext& ctx) override {
    if (error_) return kNoId;
    auto sum = expr::Arithmetic(expr::ArithOp::kAdd, total_,
                                Value::Integer(expr::Decimal(FromInt128(fast_), 0)));
    if (!sum) return kNoId;
    if (!average_) return expr::EncodeValue(*sum, ctx);
    if (count_ == 0) return expr::EncodeValue(Value::Integer(0), ctx);
    auto avg = expr::Arithmetic(expr::ArithOp::kDivide, *sum,
                                Value::Integer(static_cast<std::int64_t>(count_)));
    return avg ? expr::EncodeValue(*avg, ctx) : kNoId;
  }

 private:
  DistinctFilter distinct_;
  bool average_;
  bool error_ = false;
  std::uint64_t count_ = 0;
  __int128 fast_ = 0;
  Value total_ = Value::Integer(0);
};

class MinMaxAggregator final : public Aggregator {
 public:
  explicit MinMaxAggregator(bool max) : max_(max) {}
  void Add(Id value, EvalContext& ctx) override {
    if (value == kNoId) return;
    if (best_ == kNoId) {
      best_ = value;
      return;
    }
    const int c = CompareForOrder(value, best_, ctx);
    if (max_ ? c > 0 : c < 0) best_ = value;
  }
  Id Result(EvalContext&) override { return best_; }

 private:
  bool max_;
  Id best_ = kNoId;
};

class SampleAggregator final : public Aggregator {
 public:
  void Add(Id value, EvalContext&) override {
    if (sample_ == kNoId) sample_ = value;
  }
  Id Result(EvalContext&) override { return sample_; }

 private:
  Id sample_ = kNoId;
};

class GroupConcatAggregator final : public Aggregator {
 public:
  GroupConcatAggregator(bool distinct, std::string separator)
      : distinct_(distinct), separator_(std::move(separator)) {}
  void Add(Id value, EvalContext& ctx) override {
    if (value == kNoId || error_ || !distinct_.Admit(value)) return;
    Value v;
    expr::ValueFromId(value, ctx, &v);
    if (v.type == ValueType::kBlank) {
      error_ = true;
      return;
    }
    if (count_++ > 0) text_ += separator_;
    text_ += v.Lexical();
  }
  Id Result(EvalContext& ctx) override {
    if (error_) return kNoId;
    // A simple literal, even when every value has the same language tag
    // (agg-groupconcat-4).
    return expr::EncodeValue(Value::String(text_), ctx);
  }

 private:
  DistinctFilter distinct_;
  std::string separator_;
  bool error_ = false;
  std::uint64_t count_ = 0;
  std::string text_;
};

}  // namespace

std::unique_ptr<Aggregator> MakeAggregator(sparql::ast::AggregateOp op, bool distinct,
                                           const std::string& separator) {
  using sparql::ast::AggregateOp;
  switch (op) {
    case AggregateOp::kCount:
      return std::make_unique<CountAggregator>(distinct);
    case AggregateOp::kSum:
      return std::make_unique<SumAggregator>(distinct, false);
    case AggregateOp::kAvg:
      return std::make_unique<SumAggregator>(distinct, true);
    case AggregateOp::kMin:
      return std::make_unique<MinMaxAggregator>(false);
    case AggregateOp::kMax:
      return std::make_unique<MinMaxAggregator>(true);
    case AggregateOp::kSample:
      return std::make_unique<SampleAggregator>();
    case AggregateOp::kGroupConcat:
      return std::make_unique<GroupConcatAggregator>(distinct, separator);
  }
  return nullptr;
}

int CompareForOrder(Id a, Id b, EvalContext& ctx) {
  if (a == b) return 0;
  if (a == kNoId) return -1;
  if (b == kNoId) return 1;
  const auto ta = storage::TagOf(a), tb = storage::TagOf(b);
  if (ta == storage::kTagInteger && tb == storage::kTagInteger) return a < b ? -1 : 1;  // id order is numeric order
  if (ta == storage::kTagBoolean && tb == storage::kTagBoolean) return a < b ? -1 : 1;
  Value va, vb;
  expr::ValueFromId(a, ctx, &va);
  expr::ValueFromId(b, ctx, &vb);
  return expr::CompareValuesTotal(va, vb);
}

std::optional<bool> ValueEquals(Id a, Id b, EvalContext& ctx) {
  if (a == kNoId || b == kNoId) return std::nullopt;
  const auto ta = storage::TagOf(a), tb = storage::TagOf(b);
  // Ids are unique per term, and only literals (NaN) can differ from
  // themselves or equal other terms.
  auto unique = [](std::uint8_t t) {
    return t == storage::kTagIri || t == storage::kTagBlank || t == storage::kTagInteger ||
           t == storage::kTagBoolean;
  };
  if (a == b && unique(ta)) return true;
  if (ta == tb && unique(ta)) return false;
  if ((ta == storage::kTagIri || ta == storage::kTagBlank) &&
      (tb == storage::kTagIri || tb == storage::kTagBlank)) {
    return false;
  }
  Value va, vb;
  expr::ValueFromId(a, ctx, &va);
  expr::ValueFromId(b, ctx, &vb);
  return expr::EqualValues(va, vb);
}

}  // namespace corridor::engine
