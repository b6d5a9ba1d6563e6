// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Each physical operator alone, on fixed rows (Values) or a tiny store.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "engine/operators/distinct.h"
#include "engine/operators/exclude_ids.h"
#include "engine/operators/extend.h"
#include "engine/operators/filter.h"
#include "engine/operators/hash_aggregate.h"
#include "engine/operators/hash_join.h"
#include "engine/operators/index_nested_loop_join.h"
#include "engine/operators/index_scan.h"
#include "engine/operators/merge_join.h"
#include "engine/operators/minus.h"
#include "engine/operators/project.h"
#include "engine/operators/slice.h"
#include "engine/operators/sort.h"
#include "engine/operators/union.h"
#include "engine/operators/values.h"
#include "corridor/error.h"
#include "parser/sparql_parser.hpp"
#include "storage/bulk_loader.h"
#include "storage/rdf_reader.h"
#include "storage/term_codec.h"
#include "test_util.h"

namespace corridor::engine {
namespace {

using storage::InlineInteger;

constexpr Id kU = kNoId;  // unbound
Id I(std::int64_t v) { return InlineInteger(v); }

class OperatorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = storage::Store::Open(dir_.path() / "db", {});
    ctx_ = std::make_unique<ExecContext>(*store_, store_->GetSnapshot(), "2026-01-01T00:00:00Z", nullptr,
                                         std::chrono::milliseconds(0), 0);
  }
  void Load(const std::string& trig) {
    auto lock = store_->LockForWriting();
    storage::BulkLoader loader(*store_, *lock, 64 << 20);
    storage::ReaderOptions ro;
    ro.format = RdfFormat::kTriG;
    ro.blank_prefix = "t_";
    storage::ReadRdfString("@prefix ex: <http://example.org/> .\n" + trig, "<test>", ro, loader);
    loader.Commit();
    ctx_ = std::make_unique<ExecContext>(*store_, store_->GetSnapshot(), "2026-01-01T00:00:00Z", nullptr,
                                         std::chrono::milliseconds(0), 0);
  }
  Id IdOf(const std::string& local) {
    return *store_->LookupId(storage::TermParts::Of(Term::Iri("http://example.org/" + local)));
  }

  static OperatorPtr Rows(std::vector<std::string> columns, std::vector<std::vector<Id>> rows) {
    std::vector<Id> flat;
    for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
    const std::size_t n = rows.size();
    return std::make_unique<Values>(std::move(columns), std::move(flat), n);
  }

  // Every row of `op`, in order, pulled `batch` rows at a time.
  std::vector<std::vector<Id>> Run(Operator& op, std::size_t batch = kBatchRows) {
    std::vector<std::vector<Id>> out;
    op.Open(*ctx_);
    Batch b(op.width());
    while (op.Next(&b, batch)) {
      EXPECT_LE(b.size(), batch);
      EXPECT_GE(b.size(), 1u);
      for (std::size_t r = 0; r < b.size(); ++r) out.emplace_back(b.row(r), b.row(r) + b.width());
      b.Clear();
    }
    op.Close();
    return out;
  }
  static std::vector<std::vector<Id>> Sorted(std::vector<std::vector<Id>> rows) {
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  // An expression over variables, e.g. "?a > 2".
  std::unique_ptr<Expr> Expression(const std::string& text, const Operator& input) {
    queries_.push_back(sparql::ParseQuery("SELECT * WHERE { FILTER(" + text + ") }"));
    const auto& filter = boost::get<sparql::ast::Filter>(queries_.back().where->elements[0].get());
    std::vector<std::string> columns = input.columns();
    return CompileExpression(
        filter.condition,
        [columns](const std::string& v) -> std::optional<std::size_t> {
          auto it = std::find(columns.begin(), columns.end(), v);
          if (it == columns.end()) return std::nullopt;
          return static_cast<std::size_t>(it - columns.begin());
        },
        {});
  }

  test::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<ExecContext> ctx_;
  std::vector<sparql::ast::Query> queries_;
};

TEST_F(OperatorsTest, ValuesRespectsBatchLimit) {
  auto v = Rows({"a"}, {{I(1)}, {I(2)}, {I(3)}});
  EXPECT_EQ(Run(*v, 2), (std::vector<std::vector<Id>>{{I(1)}, {I(2)}, {I(3)}}));
  auto unit = std::make_unique<Values>(std::vector<std::string>{}, std::vector<Id>{}, 1);
  EXPECT_EQ(Run(*unit).size(), 1u);
}

TEST_F(OperatorsTest, HashJoinInnerAndOuterWithUnboundKeys) {
  auto left = Rows({"a", "b"}, {{I(1), I(10)}, {I(2), I(20)}, {kU, I(30)}});
  auto right = Rows({"a", "c"}, {{I(1), I(100)}, {I(1), I(101)}, {I(3), I(300)}});
  HashJoin inner(std::move(left), std::move(right), {{0, 0}}, JoinKind::kInner, nullptr, "");
  ASSERT_EQ(inner.columns(), (std::vector<std::string>{"a", "b", "c"}));
  // The row with ?a unbound is compatible with every right row.
  EXPECT_EQ(Sorted(Run(inner, 1)), Sorted({{I(1), I(10), I(100)},
                                           {I(1), I(10), I(101)},
                                           {I(1), I(30), I(100)},
                                           {I(1), I(30), I(101)},
                                           {I(3), I(30), I(300)}}));
  auto l2 = Rows({"a", "b"}, {{I(1), I(10)}, {I(2), I(20)}});
  auto r2 = Rows({"a", "c"}, {{I(1), I(100)}, {I(1), I(101)}});
  HashJoin outer(std::move(l2), std::move(r2), {{0, 0}}, JoinKind::kLeftOuter, nullptr, "");
  EXPECT_EQ(Sorted(Run(outer)), Sorted({{I(1), I(10), I(100)}, {I(1), I(10), I(101)}, {I(2), I(20), kU}}));
}

TEST(RowHashIndexTest, WalksExactlyTheEntriesOfAHashInOrder) {
  RowHashIndex index;
  EXPECT_EQ(index.First(7), RowHashIndex::kEnd);  // never built
  std::mt19937_64 rng(5);
  for (int round = 0; round < 2; ++round) {  // the second after Clear, reusing capacity
    index.Clear();
    std::multimap<std::uint64_t, std::uint32_t> model;
    // Few distinct hashes that share their low bits (one slot), plus
    // random ones; row numbers need not follow the entry order.
    for (std::uint32_t i = 0; i < 5000; ++i) {
      const std::uint64_t hash = rng() % 3 == 0 ? rng() : (rng() % 8) << 40;
      const std::uint32_t row = i * 3 + static_cast<std::uint32_t>(round);
      index.Add(row, hash);
      model.emplace(hash, row);
    }
    index.Build();
    std::size_t seen = 0;
    for (auto it = model.begin(); it != model.end(); it = model.upper_bound(it->first)) {
      std::vector<std::uint32_t> want, got;
      for (auto [b, e] = model.equal_range(it->first); b != e; ++b) want.push_back(b->second);
      for (auto e = index.First(it->first); e != RowHashIndex::kEnd; e = index.Next(e, it->first)) {
        got.push_back(index.row(e));
      }
      EXPECT_EQ(got, want) << "hash " << it->first;
      seen += got.size();
    }
    EXPECT_EQ(seen, 5000u);
    EXPECT_EQ(index.First(std::uint64_t{9} << 40), RowHashIndex::kEnd);
  }
}

TEST_F(OperatorsTest, HashJoinMatchesANestedLoopOnRandomRowsWhenReopened) {
  std::mt19937 rng(11);
  std::vector<std::vector<Id>> left, right;
  for (int i = 0; i < 700; ++i) left.push_back({I(rng() % 50), I(rng() % 5), I(i)});
  for (int i = 0; i < 2000; ++i) {
    right.push_back({rng() % 10 == 0 ? kU : I(rng() % 60), I(rng() % 5), I(1000 + i)});
  }
  std::vector<std::vector<Id>> want;
  for (const auto& l : left) {
    for (const auto& r : right) {
      const bool a = r[0] == kU || r[0] == l[0];
      if (a && r[1] == l[1]) want.push_back({r[0] == kU ? l[0] : l[0], l[1], l[2], r[2]});
    }
  }
  HashJoin join(Rows({"a", "b", "x"}, left), Rows({"a", "b", "y"}, right), {{0, 0}, {1, 1}},
                JoinKind::kInner, nullptr, "");
  for (int opening = 0; opening < 3; ++opening) {
    EXPECT_EQ(Sorted(Run(join, 1 + 97 * opening)), Sorted(want)) << "opening " << opening;
  }
}

TEST_F(OperatorsTest, HashLeftJoinFilterSeesMergedRow) {
  auto left = Rows({"a"}, {{I(1)}, {I(2)}});
  auto right = Rows({"a", "c"}, {{I(1), I(5)}, {I(2), I(50)}});
  JoinLayout layout(left->columns(), right->columns());
  Values probe(layout.columns, {}, 0);
  HashJoin outer(std::move(left), std::move(right), {{0, 0}}, JoinKind::kLeftOuter, Expression("?c > 10", probe),
                 "?c > 10");
  EXPECT_EQ(Sorted(Run(outer)), Sorted({{I(1), kU}, {I(2), I(50)}}));
}

TEST_F(OperatorsTest, CartesianProductWithoutKeys) {
  HashJoin cross(Rows({"a"}, {{I(1)}, {I(2)}}), Rows({"b"}, {{I(3)}, {I(4)}, {I(5)}}), {}, JoinKind::kInner,
                 nullptr, "");
  EXPECT_EQ(Run(cross, 4).size(), 6u);
}

TEST_F(OperatorsTest, MergeJoinOnSortedInputs) {
  auto left = Rows({"k", "x"}, {{I(1), I(10)}, {I(2), I(20)}, {I(2), I(21)}, {I(5), I(50)}});
  auto right = Rows({"k", "y"}, {{I(2), I(7)}, {I(2), I(8)}, {I(3), I(9)}, {I(5), I(6)}});
  MergeJoin join(std::move(left), std::move(right), 0, 0);
  EXPECT_EQ(Run(join, 3), (std::vector<std::vector<Id>>{{I(2), I(20), I(7)},
                                                       {I(2), I(20), I(8)},
                                                       {I(2), I(21), I(7)},
                                                       {I(2), I(21), I(8)},
                                                       {I(5), I(50), I(6)}}));
}

TEST_F(OperatorsTest, MergeJoinChecksOtherSharedVariables) {
  auto left = Rows({"k", "x"}, {{I(1), I(10)}, {I(1), I(11)}});
  auto right = Rows({"k", "x"}, {{I(1), I(11)}});
  MergeJoin join(std::move(left), std::move(right), 0, 0);
  EXPECT_EQ(Run(join), (std::vector<std::vector<Id>>{{I(1), I(11)}}));
}

TEST_F(OperatorsTest, IndexScanSortedRepeatedVariablesAndSeek) {
  Load("ex:a ex:p ex:a . ex:a ex:p ex:b . ex:b ex:p ex:b . ex:c ex:p ex:a . ex:c ex:q ex:a .");
  const Id p = IdOf("p");
  IndexScan all(ScanTerm::Variable("s"), ScanTerm::Constant(p), ScanTerm::Variable("o"), {}, "");
  auto rows = Run(all);
  EXPECT_EQ(rows.size(), 4u);
  ASSERT_EQ(all.sorted_on().size(), 2u);
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end()));  // posg: sorted on ?o then ?s
  IndexScan same(ScanTerm::Variable("x"), ScanTerm::Constant(p), ScanTerm::Variable("x"), {}, "");
  EXPECT_EQ(Sorted(Run(same)), Sorted({{IdOf("a")}, {IdOf("b")}}));
  // Seek skips to the first row whose sort column is >= the value.
  IndexScan seek(ScanTerm::Variable("s"), ScanTerm::Constant(p), ScanTerm::Variable("o"), {}, "");
  ASSERT_TRUE(seek.CanSeek());
  seek.Open(*ctx_);
  seek.SeekTo(IdOf("b"));
  Batch b(seek.width());
  ASSERT_TRUE(seek.Next(&b));
  EXPECT_EQ(b.at(0, seek.sorted_on()[0]), IdOf("b"));
  seek.Close();
}

TEST_F(OperatorsTest, IndexScanMergesGraphsWithoutDuplicates) {
  Load("ex:g1 { ex:a ex:p ex:b . ex:a ex:p ex:c . } ex:g2 { ex:a ex:p ex:b . } ex:a ex:p ex:z .");
  GraphSelector merged;
  merged.merge_graphs = {IdOf("g1"), IdOf("g2")};
  std::sort(merged.merge_graphs.begin(), merged.merge_graphs.end());
  IndexScan scan(ScanTerm::Constant(IdOf("a")), ScanTerm::Variable("p"), ScanTerm::Variable("o"), merged, "");
  EXPECT_EQ(Run(scan).size(), 2u);
  GraphSelector named;
  named.kind = GraphSelector::Kind::kNamed;
  named.graph = ScanTerm::Variable("g");
  IndexScan per_graph(ScanTerm::Constant(IdOf("a")), ScanTerm::Variable("p"), ScanTerm::Variable("o"), named, "");
  EXPECT_EQ(Run(per_graph).size(), 3u);  // the default graph's triple is not in a named graph
}

TEST_F(OperatorsTest, IndexNestedLoopJoinPushesBindings) {
  Load("ex:a ex:p ex:b . ex:b ex:p ex:c . ex:c ex:p ex:d .");
  ParamRow params(1, kNoId);
  auto left = Rows({"x"}, {{IdOf("a")}, {IdOf("c")}, {kU}});
  auto right = std::make_unique<IndexScan>(ScanTerm::Parameter("x", &params, 0), ScanTerm::Constant(IdOf("p")),
                                           ScanTerm::Variable("y"), GraphSelector{}, "");
  IndexNestedLoopJoin join(std::move(left), std::move(right), &params, {{0, 0}}, JoinKind::kInner, nullptr, "");
  auto rows = Run(join, 1);
  // The unbound left row joins with everything.
  EXPECT_EQ(Sorted(rows), Sorted({{IdOf("a"), IdOf("b")},
                                  {IdOf("c"), IdOf("d")},
                                  {IdOf("a"), IdOf("b")},
                                  {IdOf("b"), IdOf("c")},
                                  {IdOf("c"), IdOf("d")}}));
  EXPECT_EQ(join.children()[1]->stats().opens, 3u);
}

TEST_F(OperatorsTest, MinusNeedsASharedBoundVariable) {
  auto left = Rows({"a", "b"}, {{I(1), I(1)}, {I(2), kU}, {kU, I(3)}});
  auto right = Rows({"a"}, {{I(1)}, {I(2)}});
  Minus minus(std::move(left), std::move(right), {{0, 0}});
  EXPECT_EQ(Run(minus), (std::vector<std::vector<Id>>{{kU, I(3)}}));
}

TEST_F(OperatorsTest, UnionPadsMissingColumns) {
  Union u(Rows({"a"}, {{I(1)}}), Rows({"b", "a"}, {{I(2), I(3)}}));
  ASSERT_EQ(u.columns(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Run(u), (std::vector<std::vector<Id>>{{I(1), kU}, {I(3), I(2)}}));
}

TEST_F(OperatorsTest, DistinctAndProject) {
  Distinct d(std::make_unique<Project>(Rows({"a", "b"}, {{I(1), I(2)}, {I(1), I(3)}, {I(4), I(2)}}),
                                       std::vector<std::string>{"a", "z"}));
  EXPECT_EQ(Run(d), (std::vector<std::vector<Id>>{{I(1), kU}, {I(4), kU}}));
}

TEST_F(OperatorsTest, SliceStopsPullingEarly) {
  std::vector<std::vector<Id>> many;
  for (int i = 0; i < 5000; ++i) many.push_back({I(i)});
  auto input = Rows({"a"}, many);
  const Operator* raw = input.get();
  Slice s(std::move(input), 3, 4);
  EXPECT_EQ(Run(s), (std::vector<std::vector<Id>>{{I(3)}, {I(4)}, {I(5)}, {I(6)}}));
  EXPECT_LE(raw->stats().rows, 7u);
}

TEST_F(OperatorsTest, FilterAndExtend) {
  auto input = Rows({"a"}, {{I(1)}, {I(5)}, {kU}});
  auto cond = Expression("?a > 2", *input);
  Filter f(std::move(input), std::move(cond), "?a > 2");
  EXPECT_EQ(Run(f), (std::vector<std::vector<Id>>{{I(5)}}));
  auto in2 = Rows({"a"}, {{I(1)}, {kU}});
  std::vector<ExtendBinding> bindings;
  bindings.push_back({"b", Expression("?a + 1", *in2), ""});
  Values layout({"a", "b"}, {}, 0);
  bindings.push_back({"c", Expression("?b * 2", layout), ""});  // sees ?b
  Extend e(std::move(in2), std::move(bindings));
  EXPECT_EQ(Run(e), (std::vector<std::vector<Id>>{{I(1), I(2), I(4)}, {kU, kU, kU}}));
}

TEST_F(OperatorsTest, SortAscendingDescendingStable) {
  auto input = Rows({"a", "b"}, {{I(3), I(1)}, {I(1), I(2)}, {kU, I(3)}, {I(3), I(0)}, {I(2), I(4)}});
  std::vector<SortKey> keys;
  keys.push_back({Expression("?a", *input), true, "?a"});
  Sort s(std::move(input), std::move(keys));
  EXPECT_EQ(Run(s), (std::vector<std::vector<Id>>{{I(3), I(1)}, {I(3), I(0)}, {I(2), I(4)}, {I(1), I(2)}, {kU, I(3)}}));
}

TEST_F(OperatorsTest, HashAggregateGroupsAndImplicitGroup) {
  auto input = Rows({"k", "v"}, {{I(1), I(10)}, {I(2), I(5)}, {I(1), I(20)}});
  std::vector<GroupKeySpec> keys;
  keys.push_back({Expression("?k", *input), "k", "?k"});
  std::vector<AggregateSpec> aggs;
  AggregateSpec sum;
  sum.op = sparql::ast::AggregateOp::kSum;
  sum.argument = Expression("?v", *input);
  sum.variable = "s";
  aggs.push_back(std::move(sum));
  AggregateSpec count;
  count.variable = "c";
  aggs.push_back(std::move(count));
  HashAggregate g(std::move(input), std::move(keys), std::move(aggs));
  EXPECT_EQ(Run(g), (std::vector<std::vector<Id>>{{I(1), I(30), I(2)}, {I(2), I(5), I(1)}}));

  std::vector<AggregateSpec> only_count;
  only_count.emplace_back();
  only_count.back().variable = "c";
  HashAggregate empty(Rows({"k"}, {}), {}, std::move(only_count));
  EXPECT_EQ(Run(empty), (std::vector<std::vector<Id>>{{I(0)}}));
}

TEST_F(OperatorsTest, ExcludeIds) {
  ExcludeIds ex(Rows({"p"}, {{I(1)}, {I(2)}, {I(3)}}), 0, {I(2), I(9)}, "");
  EXPECT_EQ(Run(ex), (std::vector<std::vector<Id>>{{I(1)}, {I(3)}}));
}

TEST_F(OperatorsTest, CancellationStopsALoop) {
  auto token = std::make_shared<CancelToken>();
  ctx_ = std::make_unique<ExecContext>(*store_, store_->GetSnapshot(), "", token, std::chrono::milliseconds(0), 0);
  std::vector<std::vector<Id>> many;
  for (int i = 0; i < 3000; ++i) many.push_back({I(i)});
  HashJoin cross(Rows({"a"}, many), Rows({"b"}, many), {}, JoinKind::kInner, nullptr, "");
  token->Cancel();
  try {
    Run(cross);
    FAIL() << "not cancelled";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCancelled);
  }
}

TEST_F(OperatorsTest, MemoryLimitIsEnforced) {
  ctx_ = std::make_unique<ExecContext>(*store_, store_->GetSnapshot(), "", nullptr, std::chrono::milliseconds(0),
                                       1000);
  std::vector<std::vector<Id>> many;
  for (int i = 0; i < 3000; ++i) many.push_back({I(i)});
  Distinct d(Rows({"a"}, many));
  try {
    Run(d);
    FAIL() << "no limit";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kResourceLimit);
  }
}

}  // namespace
}  // namespace corridor::engine
