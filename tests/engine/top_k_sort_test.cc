// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// TopKSort alone, on fixed rows: the first k rows of Sort's order (ties in
// input order), for any k, and memory for k rows only.
#include <gtest/gtest.h>

#include <array>
#include <random>

#include "corridor/error.h"
#include "engine/operators/sort.h"
#include "engine/operators/top_k_sort.h"
#include "engine/operators/values.h"
#include "storage/store.h"
#include "test_util.h"

namespace corridor::engine {
namespace {

using storage::InlineInteger;

// ?column as an expression.
class ColumnExpr final : public Expr {
 public:
  explicit ColumnExpr(std::size_t column) : column_(column) {}
  Id Evaluate(const RowAccessor& row, EvalContext&) const override { return row.Get(column_); }
  std::optional<bool> EvaluateBoolean(const RowAccessor&, EvalContext&) const override { return std::nullopt; }
  const std::vector<std::string>& variables() const override { return variables_; }

 private:
  std::size_t column_;
  std::vector<std::string> variables_;
};

class TopKSortTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = storage::Store::Open(dir_.path() / "db", {}); }
  std::unique_ptr<ExecContext> Context(std::size_t memory_limit = 0) {
    return std::make_unique<ExecContext>(*store_, store_->GetSnapshot(), "2026-01-01T00:00:00Z", nullptr,
                                         std::chrono::milliseconds(0), memory_limit);
  }
  static OperatorPtr Rows(const std::vector<std::array<Id, 3>>& rows) {
    std::vector<Id> flat;
    for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
    return std::make_unique<Values>(std::vector<std::string>{"a", "b", "pos"}, std::move(flat), rows.size());
  }
  // ORDER BY ?a DESC(?b) (the first `keys` of those).
  static std::vector<SortKey> Keys(int keys) {
    std::vector<SortKey> out;
    out.push_back({std::make_unique<ColumnExpr>(0), false, "?a"});
    if (keys > 1) out.push_back({std::make_unique<ColumnExpr>(1), true, "?b"});
    return out;
  }
  static std::vector<std::vector<Id>> Run(Operator& op, ExecContext& ctx, std::size_t batch) {
    std::vector<std::vector<Id>> out;
    op.Open(ctx);
    Batch b(op.width());
    while (op.Next(&b, batch)) {
      for (std::size_t r = 0; r < b.size(); ++r) out.emplace_back(b.row(r), b.row(r) + b.width());
      b.Clear();
    }
    op.Close();
    return out;
  }

  test::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(TopKSortTest, FirstKRowsOfTheStableSortOrder) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> small(0, 5);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::array<Id, 3>> rows;
    const int n = 1 + round * 13;
    for (int i = 0; i < n; ++i) {
      // Few distinct values (many ties), some unbound.
      const int a = small(rng), b = small(rng);
      rows.push_back({a == 0 ? kNoId : InlineInteger(a), InlineInteger(b), InlineInteger(i)});
    }
    const int nkeys = 1 + round % 2;
    auto ctx = Context();
    Sort full(Rows(rows), Keys(nkeys));
    const auto expected = Run(full, *ctx, kBatchRows);
    for (std::uint64_t k : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{7}, std::uint64_t(n),
                            std::uint64_t(n) + 5}) {
      TopKSort top(Rows(rows), Keys(nkeys), k);
      const auto got = Run(top, *ctx, 3);
      const std::size_t m = std::min<std::size_t>(k, expected.size());
      EXPECT_EQ(got, std::vector<std::vector<Id>>(expected.begin(), expected.begin() + m))
          << "n=" << n << " k=" << k;
      // Re-opening gives the same rows.
      EXPECT_EQ(Run(top, *ctx, kBatchRows), got);
    }
  }
}

TEST_F(TopKSortTest, HoldsMemoryForKRowsOnly) {
  std::vector<std::array<Id, 3>> rows;
  for (int i = 0; i < 10000; ++i) {
    rows.push_back({InlineInteger((i * 7919) % 10000), InlineInteger(0), InlineInteger(i)});
  }
  // 10000 rows of 3 ids and a key need about 400 KB sorted in full.
  auto ctx = Context(64 * 1024);
  TopKSort top(Rows(rows), Keys(1), 10);
  const auto got = Run(top, *ctx, kBatchRows);
  ASSERT_EQ(got.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(got[i][0], InlineInteger(i));
  Sort full(Rows(rows), Keys(1));
  EXPECT_THROW(Run(full, *ctx, kBatchRows), Error);
}

TEST_F(TopKSortTest, RejectsZeroK) {
  EXPECT_THROW(TopKSort(Rows({}), Keys(1), 0), Error);
}

}  // namespace
}  // namespace corridor::engine
