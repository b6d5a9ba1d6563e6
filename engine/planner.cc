// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/planner.h"

#include <algorithm>
#include <charconv>
#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include <boost/container/small_vector.hpp>

#include "corridor/error.h"
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
#include "engine/operators/parameters.h"
#include "engine/operators/project.h"
#include "engine/operators/slice.h"
#include "engine/operators/sort.h"
#include "engine/operators/star_join.h"
#include "engine/operators/top_k_sort.h"
#include "engine/operators/transitive_path.h"
#include "engine/operators/union.h"
#include "engine/operators/values.h"
#include "storage/term_codec.h"

namespace corridor::engine {

namespace {

using algebra::Op;
using algebra::OpKind;
using algebra::VarOrTerm;
using VarSet = std::set<std::string>;
namespace ast = sparql::ast;

// Cost of opening an index range for one binding, in rows read. The index
// nested-loop join re-seeks one RocksDB iterator per binding; measured with
// callgrind on LUBM, a seek costs about as much as reading 2 to 3 rows when
// the blocks are cached, more when they are not.
constexpr double kSeekCost = 8;
// Cost of a probe into a large range in no particular order: on LUBM q09,
// 39,255 probes of takesCourse by student took 0.9 us each with every block
// decoded and cached, against about 30 ns a row read in order.
constexpr double kRandomSeekCost = 32;
// Ranges of at most this many rows (a few dozen blocks) stay decoded
// whichever order probes come in.
constexpr double kSmallProbedRange = 4096;
// Cost of putting one row into a hash join's table, in rows read: the row
// is copied, hashed and linked, and the table outgrows the caches.
constexpr double kHashBuildCost = 3;
// Patterns with a constant subject or object are counted exactly up to this.
constexpr std::size_t kProbeCap = 1000;
// ORDER BY with LIMIT (+ OFFSET) up to this many rows uses TopKSort; beyond
// it a full sort costs no more and holds no more rows.
constexpr std::uint64_t kMaxTopK = std::uint64_t{1} << 20;
// Join groups whose dynamic programming would join more subset pairs than
// this are ordered greedily (see ConnectedPairs). A pair costs about 4 us
// today (candidates carry string sets), so a 7-pattern star (1,932 pairs)
// took 7 ms to plan and 1 ms to run (BSBM q10); at 400, planning stays
// under 2 ms. LUBM's plans are the same either way.
constexpr std::size_t kMaxDpPairs = 400;
// Rows counted to calibrate the size-based estimate of larger ranges
// (Store::EstimateRows): about a dozen data blocks.
constexpr std::size_t kProbeSampleRows = 4096;

// A term as a map key: kind, then its three strings, each with its length
// (unambiguous, and much cheaper than N-Triples with its escaping).
// Appends `part` with its length in front ("5:hello"), growing `out` once.
void AppendSized(std::string& out, std::string_view part) {
  char digits[24];
  const char* end = std::to_chars(digits, digits + sizeof digits, part.size()).ptr;
  out.reserve(out.size() + static_cast<std::size_t>(end - digits) + 1 + part.size());
  out.append(digits, static_cast<std::size_t>(end - digits));
  out.push_back(':');
  out.append(part);
}

void AppendTermKey(std::string& out, const Term& t) {
  out.reserve(out.size() + 1 + 3 * 8 + t.value.size() + t.datatype.size() + t.language.size());
  out.push_back(static_cast<char>('0' + static_cast<int>(t.kind)));
  for (const std::string* part : {&t.value, &t.datatype, &t.language}) AppendSized(out, *part);
}

void AppendKey(std::string& out, const VarOrTerm& v) {
  if (v.is_variable()) {
    out.push_back('?');
    AppendSized(out, v.variable);
  } else {
    AppendTermKey(out, *v.constant);
  }
}

bool Intersects(const VarSet& a, const VarSet& b) {
  for (const std::string& v : a) {
    if (b.count(v)) return true;
  }
  return false;
}

VarSet Intersection(const VarSet& a, const VarSet& b) {
  VarSet out;
  for (const std::string& v : a) {
    if (b.count(v)) out.insert(v);
  }
  return out;
}

// A set of a join group's variables, by their index in the group
// (GroupContext::vars). The dynamic programming over join orders builds
// thousands of candidates per group; with sets and maps of strings each one
// cost microseconds (BSBM q05: 2 ms of planning for 1 ms of execution).
// Up to 128 variables stay inline.
class VarBits {
 public:
  void Set(std::size_t i) { Ref(i / 64) |= std::uint64_t{1} << (i % 64); }
  bool Test(std::size_t i) const { return ((Word(i / 64) >> (i % 64)) & 1) != 0; }
  bool Any() const {
    for (std::size_t k = 0; k < Words(); ++k) {
      if (Word(k) != 0) return true;
    }
    return false;
  }
  bool Intersects(const VarBits& o) const {
    const std::size_t n = std::min(Words(), o.Words());
    for (std::size_t k = 0; k < n; ++k) {
      if ((Word(k) & o.Word(k)) != 0) return true;
    }
    return false;
  }
  // Every member of *this is in `o`.
  bool SubsetOf(const VarBits& o) const {
    for (std::size_t k = 0; k < Words(); ++k) {
      if ((Word(k) & ~o.Word(k)) != 0) return false;
    }
    return true;
  }
  VarBits operator&(const VarBits& o) const {
    VarBits out;
    for (std::size_t k = 0; k < kInline; ++k) out.inline_[k] = inline_[k] & o.inline_[k];
    if (more_.empty() || o.more_.empty()) [[likely]] return out;
    const std::size_t n = std::min(Words(), o.Words());
    for (std::size_t k = kInline; k < n; ++k) {
      if (const std::uint64_t w = Word(k) & o.Word(k); w != 0) out.Ref(k) = w;
    }
    return out;
  }
  // The members of *this that are not in `o`.
  VarBits Minus(const VarBits& o) const {
    VarBits out;
    ForEach([&](std::size_t i) {
      if (!o.Test(i)) out.Set(i);
    });
    return out;
  }
  VarBits& operator|=(const VarBits& o) {
    for (std::size_t k = 0; k < kInline; ++k) inline_[k] |= o.inline_[k];
    if (o.more_.empty()) [[likely]] return *this;
    for (std::size_t k = kInline; k < o.Words(); ++k) {
      if (const std::uint64_t w = o.Word(k); w != 0) Ref(k) |= w;
    }
    return *this;
  }
  // Calls f(index) for each member, ascending.
  template <typename F>
  void ForEach(F f) const {
    for (std::size_t k = 0; k < Words(); ++k) {
      for (std::uint64_t x = Word(k); x != 0; x &= x - 1) f(k * 64 + static_cast<std::size_t>(std::countr_zero(x)));
    }
  }
  // Ordering and equality as sets (words beyond the last set bit are 0).
  friend bool operator<(const VarBits& a, const VarBits& b) {
    for (std::size_t k = std::max(a.Words(), b.Words()); k-- > 0;) {
      const std::uint64_t x = a.Word(k), y = b.Word(k);
      if (x != y) return x < y;
    }
    return false;
  }

 private:
  static constexpr std::size_t kInline = 2;  // 128 variables without allocating
  std::size_t Words() const { return kInline + more_.size(); }
  std::uint64_t Word(std::size_t k) const {
    if (k < kInline) return inline_[k];
    return k - kInline < more_.size() ? more_[k - kInline] : 0;
  }
  std::uint64_t& Ref(std::size_t k) {
    if (k < kInline) return inline_[k];
    if (k - kInline >= more_.size()) more_.resize(k - kInline + 1, 0);
    return more_[k - kInline];
  }
  std::array<std::uint64_t, kInline> inline_{};
  std::vector<std::uint64_t> more_;  // words 2, 3, ...: groups of more than 128 variables
};

// Distinct values per group variable (index as in VarBits); 0 = unknown.
using NdvVec = boost::container::small_vector<double, 16>;

double NdvAt(const NdvVec& v, std::size_t i) { return i < v.size() ? v[i] : 0; }

// The result of planning a sub-tree.
struct Planned {
  OperatorPtr op;
  VarSet certain;   // bound in every row
  VarSet possible;  // bound in some row
  double rows = 0;
};

// A variable replaced by a value (EXISTS, §18.6 substitute): the value is
// slot `slot` of `row`, which the EXISTS writes before each evaluation and
// which is bound (not kNoId) whenever a plan built with it runs.
struct SubstSlot {
  const ParamRow* row = nullptr;
  std::size_t slot = 0;
  Id value() const { return (*row)[slot]; }
};
using Substitution = std::map<std::string, SubstSlot>;

// The active graph (the default graph, or GRAPH g) and the variables that
// are substituted by values where the plan is built.
struct Scope {
  bool named = false;
  VarOrTerm graph;
  // Set when an enclosing correlated operator writes the graph's value into
  // slot `graph_slot` of this row before each evaluation: GRAPH ?g over a
  // sub-select, evaluated graph by graph, and GRAPH ?g inside an EXISTS
  // whose ?g is substituted. `graph` is then a hidden variable.
  const ParamRow* graph_param = nullptr;
  std::size_t graph_slot = 0;
  // Variables replaced by values in this part of the pattern: they are not
  // variables of its solutions (no column, no join key, not in a MINUS
  // domain); scans read the value as a bound term and expressions read it
  // from the parameter row. Null: none.
  std::shared_ptr<const Substitution> subst;

  const SubstSlot* Substituted(const std::string& variable) const {
    if (!subst || variable.empty()) return nullptr;
    auto it = subst->find(variable);
    return it == subst->end() ? nullptr : &it->second;
  }
  // `vars` without the substituted variables.
  VarSet Unsubstituted(VarSet vars) const {
    if (!subst) return vars;
    for (const auto& entry : *subst) vars.erase(entry.first);
    return vars;
  }
};

// A group filter waiting to be placed.
struct PendingFilter {
  const ast::Expression* expression;
  VarSet variables;
  bool has_exists;
  // The share of rows it keeps (refined from the statistics of the group's
  // patterns by EstimateSelectivity).
  double selectivity = 0.5;
};

// One input of a group's joins.
struct Item {
  enum class Kind { kTriple, kPath, kOpaque };
  Kind kind = Kind::kOpaque;
  const algebra::Triple* triple = nullptr;
  const algebra::PathOp* path = nullptr;
  const Op* op = nullptr;  // kOpaque (null for a pre-planned seed)
  Planned planned;         // kOpaque: planned up front
  // kTriple: variables a group FILTER(?v = <iri>) fixed, replaced by the
  // constant in `triple` and added back as columns after the scan.
  std::vector<std::pair<std::string, Id>> pinned;
  VarSet certain, possible;
  double rows = 1;
  std::map<std::string, double> ndv;
  std::optional<std::string> sorted_var;
  // kTriple with at most kProbeCap matches: all of them (columns named by
  // variable), read at planning time, so that joins of two small patterns
  // are estimated exactly instead of as if their values were independent.
  struct Sample {
    std::vector<std::string> columns;
    std::vector<Id> rows;       // row-major, columns.size() ids per row
    std::vector<double> distinct;  // distinct values per column (Finish)
    std::vector<std::vector<Id>> sorted;  // each column's values, sorted (Finish)

    // Fills `distinct` and `sorted` once the rows are all in.
    void Finish() {
      const std::size_t w = columns.size();
      const std::size_t n = w == 0 ? 0 : rows.size() / w;
      distinct.assign(w, 1);
      sorted.assign(w, {});
      for (std::size_t c = 0; c < w; ++c) {
        std::vector<Id>& column = sorted[c];
        column.resize(n);
        for (std::size_t r = 0; r < n; ++r) column[r] = rows[r * w + c];
        std::sort(column.begin(), column.end());
        std::size_t d = 0;
        for (std::size_t r = 0; r < n; ++r) d += r == 0 || column[r] != column[r - 1];
        distinct[c] = std::max<double>(1, static_cast<double>(d));
      }
    }
  };
  std::shared_ptr<const Sample> sample;
};

// A join plan in the making (shared between DP entries, built at the end).
struct Cand;
using CandPtr = std::shared_ptr<const Cand>;
struct Cand {
  enum class Kind { kLeaf, kMerge, kHash, kBind, kCross };
  Kind kind = Kind::kLeaf;
  int item = -1;
  CandPtr left, right;
  std::uint32_t mask = 0;
  double rows = 0, cost = 0;  // rows: after the filters applied on top
  double unfiltered_rows = 0;  // rows before the filters applied on top
  // The part of `cost` paid before the first row comes out (building hash
  // tables); the rest is spread evenly over the rows.
  double startup = 0;
  VarBits certain, possible;
  NdvVec ndv;
  int sorted_var = -1;  // index of the variable the rows come sorted on, or -1
  VarBits applied;      // the group's filters applied in this subtree (own ones included)
  bool regrouped = false;  // a bind chain rebuilt by RegroupStars (not to be regrouped again)

  // The filters applied on top of this node (not below it).
  VarBits OwnFilters() const {
    VarBits below;
    if (left) below |= left->applied;
    if (right) below |= right->applied;
    return applied.Minus(below);
  }
};

// The cost of producing the first `limit` rows of `c` (all of them without
// a limit): what a LIMIT over a pipelined plan pays.
double FirstRowsCost(const Cand& c, std::optional<double> limit) {
  if (!limit) return c.cost;
  const double share = std::min(1.0, *limit / std::max(1.0, c.rows));
  return c.startup + (c.cost - c.startup) * share;
}

std::string FilterLabel(const ast::Expression& e) { return algebra::ToString(e); }

// An expression compiled with substituted variables: the compiler gave
// them the columns width, width+1, ..., which this wrapper reads from the
// parameter rows (the row itself has `width` columns).
class SubstitutedExpr final : public Expr {
 public:
  SubstitutedExpr(std::unique_ptr<Expr> inner, std::size_t width, std::vector<SubstSlot> slots)
      : inner_(std::move(inner)), width_(width), slots_(std::move(slots)) {}

  Id Evaluate(const RowAccessor& row, EvalContext& ctx) const override {
    return inner_->Evaluate(Accessor(row, *this), ctx);
  }
  std::optional<bool> EvaluateBoolean(const RowAccessor& row, EvalContext& ctx) const override {
    return inner_->EvaluateBoolean(Accessor(row, *this), ctx);
  }
  const std::vector<std::string>& variables() const override { return inner_->variables(); }

 private:
  class Accessor final : public RowAccessor {
   public:
    Accessor(const RowAccessor& row, const SubstitutedExpr& e) : row_(row), e_(e) {}
    Id Get(std::size_t column) const override {
      return column < e_.width_ ? row_.Get(column) : e_.slots_[column - e_.width_].value();
    }

   private:
    const RowAccessor& row_;
    const SubstitutedExpr& e_;
  };

  std::unique_ptr<Expr> inner_;
  std::size_t width_;
  std::vector<SubstSlot> slots_;
};

// True on rows whose `column` is unbound or holds the value of `slot`: a
// VALUES column of a substituted variable (the rows compatible with it).
class CompatibleWithSlot final : public Expr {
 public:
  CompatibleWithSlot(std::size_t column, SubstSlot slot) : column_(column), slot_(slot) {}
  Id Evaluate(const RowAccessor& row, EvalContext& ctx) const override {
    return storage::MakeId(storage::kTagBoolean, *EvaluateBoolean(row, ctx) ? 1 : 0);
  }
  std::optional<bool> EvaluateBoolean(const RowAccessor& row, EvalContext&) const override {
    const Id v = row.Get(column_);
    return v == kNoId || v == slot_.value();
  }
  const std::vector<std::string>& variables() const override { return variables_; }

 private:
  std::size_t column_;
  SubstSlot slot_;
  std::vector<std::string> variables_;
};

// True on rows where the value of `slot` is one of `graphs` (sorted): GRAPH
// ?g with ?g substituted matches only if the value names a graph of the
// dataset.
class SlotInSet final : public Expr {
 public:
  SlotInSet(SubstSlot slot, std::vector<Id> sorted) : slot_(slot), set_(std::move(sorted)) {}
  Id Evaluate(const RowAccessor& row, EvalContext& ctx) const override {
    return storage::MakeId(storage::kTagBoolean, *EvaluateBoolean(row, ctx) ? 1 : 0);
  }
  std::optional<bool> EvaluateBoolean(const RowAccessor&, EvalContext&) const override {
    return std::binary_search(set_.begin(), set_.end(), slot_.value());
  }
  const std::vector<std::string>& variables() const override { return variables_; }

 private:
  SubstSlot slot_;
  std::vector<Id> set_;
  std::vector<std::string> variables_;
};

// The variable an expression is, if it is one.
const ast::Variable* AsVariable(const ast::Expression& e) {
  const auto* t = boost::get<ast::Term>(&e.get());
  return t ? boost::get<ast::Variable>(&t->get()) : nullptr;
}
const ast::Iri* AsIri(const ast::Expression& e) {
  const auto* t = boost::get<ast::Term>(&e.get());
  return t ? boost::get<ast::Iri>(&t->get()) : nullptr;
}

// The operands of `a = b` / sameTerm(a, b), or nullopt.
std::optional<std::pair<const ast::Expression*, const ast::Expression*>> EqualityOperands(
    const ast::Expression& e) {
  namespace x3 = boost::spirit::x3;
  if (const auto* b = boost::get<x3::forward_ast<ast::BinaryExpr>>(&e.get())) {
    const ast::BinaryExpr& be = b->get();
    if (be.ops.size() == 1 && be.ops[0] == ast::BinaryOp::kEqual && be.operands.size() == 2) {
      return std::pair(&be.operands[0], &be.operands[1]);
    }
  } else if (const auto* c = boost::get<x3::forward_ast<ast::BuiltinCall>>(&e.get())) {
    if (c->get().function == ast::Builtin::kSameTerm && c->get().args.size() == 2) {
      return std::pair(&c->get().args[0], &c->get().args[1]);
    }
  }
  return std::nullopt;
}

// `?v = <iri>`, `<iri> = ?v`, sameTerm(?v, <iri>), sameTerm(<iri>, ?v):
// the variable and the IRI. Such a filter is true exactly when ?v is that
// IRI (`=` on an IRI is RDF term equality, never an error), so it may
// become a constant in the patterns that bind ?v. Literals are left alone:
// `=` compares them by value ("01"^^xsd:integer = "1"^^xsd:integer).
std::optional<std::pair<std::string, std::string>> IriEquality(const ast::Expression& e) {
  auto ops = EqualityOperands(e);
  if (!ops) return std::nullopt;
  const ast::Variable* v = AsVariable(*ops->first);
  const ast::Iri* iri = AsIri(*ops->second);
  if (v == nullptr || iri == nullptr) {
    v = AsVariable(*ops->second);
    iri = AsIri(*ops->first);
  }
  if (v == nullptr || iri == nullptr) return std::nullopt;
  return std::pair(v->name, iri->value);
}

// The conjuncts of `e` (itself if it is not an &&).
void Conjuncts(const ast::Expression& e, std::vector<const ast::Expression*>* out) {
  if (const auto* b = boost::get<boost::spirit::x3::forward_ast<ast::BinaryExpr>>(&e.get())) {
    const ast::BinaryExpr& be = b->get();
    const bool all_and = !be.ops.empty() && std::all_of(be.ops.begin(), be.ops.end(), [](ast::BinaryOp op) {
      return op == ast::BinaryOp::kAnd;
    });
    if (all_and) {
      for (const ast::Expression& x : be.operands) Conjuncts(x, out);
      return;
    }
  }
  out->push_back(&e);
}

// The share of rows a filter keeps without knowing its variables' values.
double DefaultSelectivity(const ast::Expression& e) {
  if (EqualityOperands(e)) return 0.1;
  if (const auto* b = boost::get<boost::spirit::x3::forward_ast<ast::BinaryExpr>>(&e.get())) {
    if (b->get().ops.size() == 1) {
      switch (b->get().ops[0]) {
        case ast::BinaryOp::kNotEqual: return 0.9;
        case ast::BinaryOp::kLess:
        case ast::BinaryOp::kLessEqual:
        case ast::BinaryOp::kGreater:
        case ast::BinaryOp::kGreaterEqual: return 1.0 / 3;
        default: break;
      }
    }
  }
  return 0.5;
}

// A constant id as an expression (the value of a pinned variable).
class ConstantId final : public Expr {
 public:
  explicit ConstantId(Id id) : id_(id) {}
  Id Evaluate(const RowAccessor&, EvalContext&) const override { return id_; }
  std::optional<bool> EvaluateBoolean(const RowAccessor&, EvalContext&) const override { return std::nullopt; }
  const std::vector<std::string>& variables() const override { return variables_; }

 private:
  Id id_;
  std::vector<std::string> variables_;
};

}  // namespace

class Planner::Impl {
 public:
  Impl(ExecContext& ctx, DatasetIds dataset, PlannerOptions options)
      : ctx_(ctx), dataset_(std::move(dataset)), options_(std::move(options)) {}

  OperatorPtr Plan(const Op& op, std::optional<std::uint64_t> rows_needed) {
    row_limit_ = rows_needed;
    Planned p = PlanOp(op, Scope{}, {}, nullptr);
    counters_ = {};  // their iterators pin RocksDB's files; planning is done
    return std::move(p.op);
  }

 private:
  // ------------------------------------------------------------ statistics

  const storage::StoreStats& Stats() {
    if (!stats_) stats_ = ctx_.store().SharedStats(ctx_.snapshot());
    return *stats_;
  }
  double TotalQuads() { return std::max<double>(1, static_cast<double>(Stats().quads)); }
  const storage::PredicateStats* PredicateStatsOf(Id p) {
    const auto& preds = Stats().predicates;
    auto it = std::lower_bound(preds.begin(), preds.end(), p,
                               [](const storage::PredicateStats& s, Id id) { return s.predicate < id; });
    if (it == preds.end() || it->predicate != p || it->quads == 0) return nullptr;
    return &*it;
  }
  double GraphQuads(Id g) {
    for (const auto& [id, n] : Stats().graph_quads) {
      if (id == g) return static_cast<double>(n);
    }
    return 0;
  }
  // The share of all quads that a pattern in `scope` can see.
  double GraphFraction(const Scope& scope) {
    const double total = TotalQuads();
    double n = 0;
    if (!scope.named) {
      for (Id g : dataset_.default_graphs) n += GraphQuads(g);
    } else if (!scope.graph.is_variable()) {
      auto id = Lookup(*scope.graph.constant);
      n = id ? GraphQuads(*id) : 0;
    } else if (dataset_.named_graphs) {
      for (Id g : *dataset_.named_graphs) n += GraphQuads(g);
    } else {
      n = total - GraphQuads(storage::kDefaultGraph);
    }
    return std::clamp(n / total, 0.0, 1.0);
  }
  // Summaries over all predicates, computed once.
  struct Summary {
    double max_subjects = 1, max_objects = 1, predicates = 1;
  };
  const Summary& Summarize() {
    if (!summary_) {
      Summary s;
      double n = 0;
      for (const auto& p : Stats().predicates) {
        s.max_subjects = std::max(s.max_subjects, static_cast<double>(p.distinct_subjects));
        s.max_objects = std::max(s.max_objects, static_cast<double>(p.distinct_objects));
        n += p.quads > 0 ? 1 : 0;
      }
      s.predicates = std::max(1.0, n);
      summary_ = s;
    }
    return *summary_;
  }
  double MaxDistinctSubjects() { return Summarize().max_subjects; }
  double MaxDistinctObjects() { return Summarize().max_objects; }
  double PredicateCount() { return Summarize().predicates; }
  std::vector<Id> NamedGraphs() {
    if (dataset_.named_graphs) return *dataset_.named_graphs;
    std::vector<Id> out;
    for (const auto& [g, n] : Stats().graph_quads) {
      if (g != storage::kDefaultGraph && n > 0) out.push_back(g);
    }
    return out;
  }

  // The variables of `op`, computed once per op: nested OPTIONALs ask for
  // those of the same subtrees at every level of the nesting (6% of the
  // instructions of BSBM's queries planned afresh). Ops stay where they are while the planner plans them (the
  // query's algebra tree and owned_), so their addresses are keys.
  const algebra::Variables& VarsOf(const Op& op) {
    if (auto it = vars_of_.find(&op); it != vars_of_.end()) return it->second;
    algebra::Variables v =
        algebra::VariablesOf(op, [this](const Op& child) -> const algebra::Variables& { return VarsOf(child); });
    return vars_of_.emplace(&op, std::move(v)).first->second;
  }

  // ----------------------------------------------------------------- terms

  // The store id of a query constant. Kept across queries until the data
  // changes (Store::KeepDerived): a dictionary read costs more than the rest
  // of planning a small query.
  std::optional<Id> Lookup(const Term& t) {
    std::string key;
    AppendTermKey(key, t);
    auto it = lookup_cache_.find(key);
    if (it != lookup_cache_.end()) return it->second;
    const std::string derived_key = "planner.term " + key;
    std::optional<Id> id;
    if (auto kept = std::static_pointer_cast<const std::optional<Id>>(
            ctx_.store().FindDerived(ctx_.snapshot(), derived_key))) {
      id = *kept;
    } else {
      id = ctx_.store().LookupId(storage::TermParts::Of(t));
      ctx_.store().KeepDerived(ctx_.snapshot(), derived_key, std::make_shared<const std::optional<Id>>(id),
                               sizeof(std::optional<Id>));
    }
    lookup_cache_.emplace(std::move(key), id);
    return id;
  }
  // The id of a constant: the store's, or a query-local one (matching nothing).
  Id Encode(const Term& t) {
    if (auto id = Lookup(t)) return *id;
    return ctx_.eval().Encode(t);
  }

  using ParamMap = std::map<std::string, std::pair<const ParamRow*, std::size_t>>;

  ScanTerm ToScanTerm(const VarOrTerm& t, const ParamMap& params, const Scope& scope) {
    if (!t.is_variable()) return ScanTerm::Constant(Encode(*t.constant));
    if (const SubstSlot* sub = scope.Substituted(t.variable)) {
      // A value, not a variable: its column gets a name of its own that no
      // other operator shares, so it never acts as a join key or in a MINUS.
      return ScanTerm::Parameter(".subst" + std::to_string(hidden_counter_++), sub->row, sub->slot);
    }
    auto it = params.find(t.variable);
    if (it != params.end()) return ScanTerm::Parameter(t.variable, it->second.first, it->second.second);
    return ScanTerm::Variable(t.variable);
  }

  GraphSelector Graphs(const Scope& scope, const ParamMap& params) {
    GraphSelector g;
    if (!scope.named) {
      g.kind = GraphSelector::Kind::kMerge;
      g.merge_graphs = dataset_.default_graphs;
    } else {
      g.kind = GraphSelector::Kind::kNamed;
      g.graph = GraphTerm(scope, params);
      g.named_graphs = dataset_.named_graphs;
    }
    return g;
  }

  ScanTerm GraphTerm(const Scope& scope, const ParamMap& params) {
    if (scope.graph_param != nullptr && scope.graph.is_variable()) {
      return ScanTerm::Parameter(scope.graph.variable, scope.graph_param, scope.graph_slot);
    }
    return ToScanTerm(scope.graph, params, scope);
  }

  std::string ScopeLabel(const Scope& scope) {
    return scope.named ? " GRAPH " + scope.graph.ToString() : std::string();
  }

  // ------------------------------------------------------------ estimates

  struct Estimate {
    double rows = 0;
    std::map<std::string, double> ndv;
  };

  // Rows of `t` in `scope` when the variables in `bound` are fixed by an
  // outer binding.
  Estimate EstimateTriple(const algebra::Triple& t, const VarSet& outer_bound, const Scope& scope) {
    Estimate e;
    const VarOrTerm* pos[3] = {&t.subject, &t.predicate, &t.object};
    // Substituted variables are bound to a value unknown at planning time.
    VarSet bound = outer_bound;
    for (const VarOrTerm* v : pos) {
      if (v->is_variable() && scope.Substituted(v->variable)) bound.insert(v->variable);
    }
    bool is_bound[3];
    for (int i = 0; i < 3; ++i) {
      if (!pos[i]->is_variable()) {
        if (!Lookup(*pos[i]->constant)) return e;  // a term the store lacks: no match
        is_bound[i] = true;
      } else {
        is_bound[i] = bound.count(pos[i]->variable) > 0;
      }
    }
    const double frac = GraphFraction(scope);
    double ds, dobj, rows;
    if (!t.predicate.is_variable()) {
      const storage::PredicateStats* ps = PredicateStatsOf(*Lookup(*t.predicate.constant));
      if (!ps) return e;
      rows = static_cast<double>(ps->quads) * frac;
      ds = std::max<double>(1, static_cast<double>(ps->distinct_subjects));
      dobj = std::max<double>(1, static_cast<double>(ps->distinct_objects));
    } else {
      rows = TotalQuads() * frac;
      if (is_bound[1]) rows /= PredicateCount();
      ds = MaxDistinctSubjects();
      dobj = MaxDistinctObjects();
    }
    // Exact counts for constant subjects / objects (cheap: capped).
    const bool constant_so = !t.subject.is_variable() || !t.object.is_variable();
    bool exact = false;
    if (constant_so && !Intersects(bound, VarSet{t.subject.variable, t.object.variable, t.predicate.variable})) {
      if (auto n = ProbeCount(t, scope)) {
        rows = *n;
        exact = true;
      }
    }
    if (!exact) {
      if (is_bound[0]) rows /= ds;
      if (is_bound[2]) rows /= dobj;
    }
    rows = std::max(rows, exact ? rows : 0.5);
    e.rows = rows;
    auto set_ndv = [&](const VarOrTerm& v, double d) {
      if (!v.is_variable() || scope.Substituted(v.variable)) return;
      auto it = e.ndv.find(v.variable);
      double value = std::max(1.0, std::min(d, rows));
      if (it == e.ndv.end()) e.ndv[v.variable] = value;
      else it->second = std::min(it->second, value);
    };
    set_ndv(t.subject, ds);
    set_ndv(t.predicate, PredicateCount());
    set_ndv(t.object, dobj);
    if (scope.named && scope.graph.is_variable()) set_ndv(scope.graph, std::max<double>(1, NamedGraphs().size()));
    return e;
  }

  // The number of matches of a pattern whose bound positions are all
  // constants: exact below kProbeCap, else estimated from the index range's
  // size on disk.
  std::string ProbeKey(const algebra::Triple& t, const Scope& scope) {
    std::string key;
    AppendKey(key, t.subject);
    AppendKey(key, t.predicate);
    AppendKey(key, t.object);
    if (scope.named) {
      key += " GRAPH ";
      AppendKey(key, scope.graph);
    }
    return key;
  }

  // What ProbeCount found for a pattern, kept in the store across queries
  // until the data changes (Store::KeepDerived).
  struct ProbeResult {
    double rows = 0;
    std::shared_ptr<const Item::Sample> sample;  // null when there were more than kProbeCap
  };

  std::optional<double> ProbeCount(const algebra::Triple& t, const Scope& scope) {
    const std::string key = ProbeKey(t, scope);
    auto it = probe_cache_.find(key);
    if (it != probe_cache_.end()) return it->second;
    const std::string derived_key = "planner.probe " + key;
    if (auto kept = std::static_pointer_cast<const ProbeResult>(ctx_.store().FindDerived(ctx_.snapshot(), derived_key))) {
      if (kept->sample) probe_samples_[key] = kept->sample;
      probe_cache_[key] = kept->rows;
      return kept->rows;
    }
    IndexScan scan(ToScanTerm(t.subject, {}, scope), ToScanTerm(t.predicate, {}, scope),
                   ToScanTerm(t.object, {}, scope), Graphs(scope, {}), "probe");
    scan.Open(ctx_);
    Batch batch(scan.width());
    // The rows read are kept as the pattern's sample (PrepareItem) when they
    // are all of them, so a small pattern is read once at planning time.
    auto sample = std::make_shared<Item::Sample>();
    sample->columns = scan.columns();
    std::size_t n = 0;
    while (n < kProbeCap && scan.Next(&batch, kProbeCap - n)) {
      for (std::size_t r = 0; r < batch.size(); ++r) {
        sample->rows.insert(sample->rows.end(), batch.row(r), batch.row(r) + scan.width());
      }
      n += batch.size();
      batch.Clear();
    }
    const bool more = n >= kProbeCap && scan.Next(&batch, 1);
    // Too many to count: the range's share of the index's bytes.
    const double approximate =
        more ? std::max<double>(kProbeCap, scan.EstimateRows(kProbeSampleRows)) : static_cast<double>(n);
    scan.Close();
    auto kept = std::make_shared<ProbeResult>();
    kept->rows = approximate;
    std::size_t bytes = sizeof(ProbeResult);
    if (!more) {
      sample->Finish();
      bytes += SampleBytes(*sample);
      kept->sample = sample;
      probe_samples_[key] = std::move(sample);
    }
    ctx_.store().KeepDerived(ctx_.snapshot(), derived_key, std::move(kept), bytes);
    probe_cache_[key] = approximate;
    return approximate;
  }

  Estimate EstimatePath(const algebra::PathOp& p, const VarSet& bound, const Scope& scope) {
    Estimate e;
    double base = TotalQuads() * GraphFraction(scope);
    if (const auto* rep = boost::get<boost::spirit::x3::forward_ast<ast::PathRepeat>>(&p.path.get())) {
      if (const auto* iri = boost::get<ast::Iri>(&rep->get().path.get())) {
        auto id = Lookup(Term::Iri(iri->value));
        const storage::PredicateStats* ps = id ? PredicateStatsOf(*id) : nullptr;
        base = ps ? static_cast<double>(ps->quads) : 1;
      }
    }
    auto is_bound = [&](const VarOrTerm& v) {
      return !v.is_variable() || bound.count(v.variable) > 0 || scope.Substituted(v.variable) != nullptr;
    };
    const bool sb = is_bound(p.subject);
    const bool ob = is_bound(p.object);
    double rows = sb && ob ? 1 : (sb || ob) ? std::sqrt(base) + 1 : base * 2;
    e.rows = std::max(1.0, rows);
    for (const VarOrTerm* v : {&p.subject, &p.object}) {
      if (v->is_variable() && !scope.Substituted(v->variable)) {
        e.ndv[v->variable] = std::max(1.0, std::min(base, e.rows));
      }
    }
    return e;
  }

  // -------------------------------------------------------- expressions

  // Compiles `e` for rows with `columns`; the variables `scope` substitutes
  // are read from their parameter rows instead (they take precedence).
  std::unique_ptr<Expr> Compile(const ast::Expression& e, const std::vector<std::string>& columns,
                                const Scope& scope) {
    std::vector<SubstSlot> slots;
    ColumnOf column_of = [&columns, &scope, &slots](const std::string& v) -> std::optional<std::size_t> {
      if (const SubstSlot* sub = scope.Substituted(v)) {
        slots.push_back(*sub);
        return columns.size() + slots.size() - 1;
      }
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == v) return i;
      }
      return std::nullopt;
    };
    ExistsCompiler exists = [this, columns, scope](const ast::GroupGraphPattern& pattern) {
      return CompileExists(pattern, columns, scope);
    };
    CompileOptions options;
    options.base = options_.base;
    std::unique_ptr<Expr> compiled = CompileExpression(e, column_of, exists, options);
    if (slots.empty()) return compiled;
    return std::make_unique<SubstitutedExpr>(std::move(compiled), columns.size(), std::move(slots));
  }

  // What one EXISTS needs at run time: its pattern, the outer columns it
  // substitutes, and a plan per set of those that are bound.
  struct ExistsState {
    const Op* op = nullptr;
    Scope scope;                              // the enclosing scope
    std::vector<std::string> names;           // outer variables the pattern mentions
    std::vector<std::size_t> columns;         // their columns in the outer row
    std::optional<std::size_t> graph_column;  // the outer row's GRAPH ?g column
    ParamRow* params = nullptr;               // names..., then the graph
    std::map<std::vector<bool>, std::unique_ptr<Operator>> plans;
  };

  // EXISTS { pattern } on rows with `columns` (§18.6): evaluates
  // substitute(pattern, μ) for the outer row μ. The outer variables that
  // the pattern mentions and μ binds are replaced by their values
  // everywhere in it — in UNION branches, OPTIONALs, MINUS, GRAPH, BIND,
  // VALUES, nested EXISTS, and in sub-selects only where projected — and the
  // pattern's active graph is the outer row's graph. Which outer variables
  // are bound differs between rows (OPTIONAL), and a bound one is no longer
  // a variable (e.g. it leaves MINUS's domain), so there is one plan per set
  // of bound variables, built the first time a row needs it (the planner
  // outlives its plans). A plan stops at its first row.
  ExistsFn CompileExists(const ast::GroupGraphPattern& pattern, const std::vector<std::string>& columns,
                         const Scope& scope) {
    owned_.push_back(algebra::TranslateGroup(pattern));
    auto state = std::make_shared<ExistsState>();
    state->op = owned_.back().get();
    state->scope = scope;
    VarSet mentioned;
    algebra::MentionedVariables(*state->op, &mentioned);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string& v = columns[i];
      // Hidden variables (blank nodes, rewriting helpers) are local to the
      // pattern that wrote them; a variable already substituted keeps its value.
      if (algebra::IsHiddenVariable(v) || scope.Substituted(v)) continue;
      if (scope.named && scope.graph.is_variable() && scope.graph_param == nullptr && v == scope.graph.variable) {
        state->graph_column = i;
      }
      if (mentioned.count(v)) {
        state->names.push_back(v);
        state->columns.push_back(i);
      }
    }
    state->params = ctx_.NewParamRow(state->names.size() + 1);
    // Plan the variant with everything bound now, so that compile errors
    // (unknown functions) surface at planning time.
    std::vector<bool> all_bound(state->columns.size() + 1, true);
    all_bound.back() = state->graph_column.has_value();
    PlanExistsVariant(*state, all_bound);
    ExecContext* ctx = &ctx_;
    return [this, state, ctx](const RowAccessor& row, EvalContext&) {
      ExistsState& st = *state;
      std::vector<bool> bound(st.columns.size() + 1);
      for (std::size_t i = 0; i < st.columns.size(); ++i) {
        (*st.params)[i] = row.Get(st.columns[i]);
        bound[i] = (*st.params)[i] != kNoId;
      }
      const Id graph = st.graph_column ? row.Get(*st.graph_column) : kNoId;
      (*st.params)[st.columns.size()] = graph;
      bound[st.columns.size()] = graph != kNoId;
      Operator& plan = PlanExistsVariant(st, bound);
      plan.Open(*ctx);
      Batch batch(plan.width());
      const bool any = plan.Next(&batch, 1);
      plan.Close();
      return any;
    };
  }

  Operator& PlanExistsVariant(ExistsState& st, const std::vector<bool>& bound) {
    auto it = st.plans.find(bound);
    if (it != st.plans.end()) return *it->second;
    Scope scope = st.scope;
    auto subst = std::make_shared<Substitution>(scope.subst ? *scope.subst : Substitution{});
    for (std::size_t i = 0; i < st.names.size(); ++i) {
      if (bound[i]) (*subst)[st.names[i]] = SubstSlot{st.params, i};
    }
    scope.subst = std::move(subst);
    if (st.graph_column && bound[st.names.size()]) {
      scope.graph = VarOrTerm::Var(".graph" + std::to_string(hidden_counter_++));
      scope.graph_param = st.params;
      scope.graph_slot = st.names.size();
    }
    row_limit_ = 1;  // the first row decides
    Planned planned = PlanOp(*st.op, scope, {}, nullptr);
    return *st.plans.emplace(bound, std::move(planned.op)).first->second;
  }

  Planned Seed(const std::vector<std::string>& columns, const ParamRow* params) {
    Planned p;
    p.op = std::make_unique<Parameters>(columns, params);
    p.certain = VarSet(columns.begin(), columns.end());
    p.possible = p.certain;
    p.rows = 1;
    return p;
  }

  Planned ApplyFilters(Planned p, const std::vector<PendingFilter>& filters, const Scope& scope) {
    for (const PendingFilter& f : filters) {
      auto expr = Compile(*f.expression, p.op->columns(), scope);
      p.rows *= f.selectivity;
      p.op = std::make_unique<Filter>(std::move(p.op), std::move(expr), FilterLabel(*f.expression));
      p.op->set_estimated_rows(p.rows);
    }
    return p;
  }

  std::vector<PendingFilter> MakeFilters(const std::vector<ast::Expression>& conditions) {
    std::vector<PendingFilter> out;
    for (const ast::Expression& e : conditions) {
      PendingFilter f{&e, {}, algebra::ContainsExists(e), DefaultSelectivity(e)};
      algebra::ExpressionVariables(e, &f.variables);
      out.push_back(std::move(f));
    }
    return out;
  }

  // Whether filter `f` can be evaluated on a sub-plan with `certain`
  // variables of a group that may bind `group_possible`.
  static bool Placeable(const PendingFilter& f, const VarSet& certain, const VarSet& group_possible) {
    if (f.has_exists) return false;
    for (const std::string& v : f.variables) {
      if (group_possible.count(v) && !certain.count(v)) return false;
    }
    return true;
  }

  // ------------------------------------------------------------- planning

  // Plans `op` in `scope` with `filters` over it; if `seed` is set, the
  // plan starts from that (pre-planned) row source joined in first.
  Planned PlanOp(const Op& op, const Scope& scope, std::vector<PendingFilter> filters, Planned* seed) {
    Planned p = PlanOpAny(op, scope, std::move(filters), seed);
    // Substituted variables are values, not variables of the solutions.
    if (scope.subst) {
      p.certain = scope.Unsubstituted(std::move(p.certain));
      p.possible = scope.Unsubstituted(std::move(p.possible));
    }
    return p;
  }

  Planned PlanOpAny(const Op& op, const Scope& scope, std::vector<PendingFilter> filters, Planned* seed) {
    // The bound set for this call only: each case hands it on (via
    // row_limit_) to the sub-plans whose rows it bounds.
    const std::optional<std::uint64_t> limit = std::exchange(row_limit_, std::nullopt);
    switch (op.kind) {
      case OpKind::kFilter: {
        const auto& f = static_cast<const algebra::Filter&>(op);
        auto more = MakeFilters(f.conditions);
        filters.insert(filters.end(), more.begin(), more.end());
        row_limit_ = limit;  // the child is planned with the filters inside
        return PlanOp(*f.child, scope, std::move(filters), seed);
      }
      case OpKind::kJoin:
      case OpKind::kBgp:
      case OpKind::kPath:
        return PlanJoinGroup(op, scope, std::move(filters), seed, limit);
      case OpKind::kLeftJoin:
        return PlanLeftJoin(static_cast<const algebra::LeftJoin&>(op), scope, std::move(filters), seed, limit);
      case OpKind::kMinus: {
        const auto& m = static_cast<const algebra::Minus&>(op);
        const VarSet possible = scope.Unsubstituted(VarsOf(op).possible);
        auto [push, rest] = SplitFilters(filters, *m.left, possible);
        Planned left = PlanOp(*m.left, scope, std::move(push), seed);
        Planned right = PlanOp(*m.right, scope, {}, nullptr);
        auto keys = KeyPairs(*left.op, *right.op, Intersection(left.certain, right.certain));
        Planned out;
        out.certain = left.certain;
        out.possible = left.possible;
        out.rows = left.rows;
        std::optional<std::string> scope_var;
        if (scope.named && scope.graph.is_variable()) scope_var = scope.graph.variable;
        out.op = std::make_unique<Minus>(std::move(left.op), std::move(right.op), std::move(keys), scope_var);
        out.op->set_estimated_rows(out.rows);
        return ApplyFilters(std::move(out), rest, scope);
      }
      case OpKind::kExtend: {
        // A chain of Extends becomes one operator (one solution per row).
        std::vector<const algebra::Extend*> chain;
        const Op* inner = &op;
        while (inner->kind == OpKind::kExtend) {
          chain.push_back(static_cast<const algebra::Extend*>(inner));
          inner = chain.back()->child.get();
        }
        std::reverse(chain.begin(), chain.end());
        const VarSet possible = scope.Unsubstituted(VarsOf(op).possible);
        auto [push, rest] = SplitFilters(filters, *inner, possible);
        if (rest.empty()) row_limit_ = limit;  // one row out per row in
        Planned child = PlanOp(*inner, scope, std::move(push), seed);
        std::vector<std::string> columns = child.op->columns();
        std::vector<ExtendBinding> bindings;
        Planned out;
        out.certain = child.certain;
        out.possible = child.possible;
        for (const algebra::Extend* e : chain) {
          bindings.push_back({e->variable, Compile(e->expression, columns, scope),
                              "?" + e->variable + " := " + algebra::ToString(e->expression)});
          if (std::find(columns.begin(), columns.end(), e->variable) == columns.end()) {
            columns.push_back(e->variable);
          }
          out.possible.insert(e->variable);
        }
        out.rows = child.rows;
        out.op = std::make_unique<Extend>(std::move(child.op), std::move(bindings));
        out.op->set_estimated_rows(out.rows);
        return ApplyFilters(std::move(out), rest, scope);
      }
      default:
        break;
    }
    if (seed != nullptr) return PlanJoinGroup(op, scope, std::move(filters), seed, limit);
    Planned p = PlanOther(op, scope, filters.empty() ? limit : std::nullopt);
    return ApplyFilters(std::move(p), filters, scope);
  }

  // Splits `filters` into those that may be evaluated on `left` alone
  // (placeable there) and the rest.
  std::pair<std::vector<PendingFilter>, std::vector<PendingFilter>> SplitFilters(
      const std::vector<PendingFilter>& filters, const Op& left, const VarSet& group_possible) {
    std::vector<PendingFilter> push, rest;
    if (options_.naive) return {push, filters};
    const VarSet left_certain = VarsOf(left).certain;
    for (const PendingFilter& f : filters) {
      (Placeable(f, left_certain, group_possible) ? push : rest).push_back(f);
    }
    return {push, rest};
  }

  std::vector<std::pair<std::size_t, std::size_t>> KeyPairs(const Operator& left, const Operator& right,
                                                            const VarSet& vars) {
    std::vector<std::pair<std::size_t, std::size_t>> keys;
    for (const std::string& v : vars) {
      auto l = left.ColumnOf(v);
      auto r = right.ColumnOf(v);
      if (l && r) keys.emplace_back(*l, *r);
    }
    return keys;
  }

  // `limit`: the most rows the consumer reads (nullopt: all).
  Planned PlanLeftJoin(const algebra::LeftJoin& lj, const Scope& scope, std::vector<PendingFilter> filters,
                       Planned* seed, std::optional<std::uint64_t> limit) {
    const VarSet possible = scope.Unsubstituted(VarsOf(lj).possible);
    auto [push, rest] = SplitFilters(filters, *lj.left, possible);
    // Every left row gives at least one row: `limit` left rows suffice.
    if (rest.empty()) row_limit_ = limit;
    Planned left = PlanOp(*lj.left, scope, std::move(push), seed);
    if (auto arm = OptionalStarArm(lj, left, scope)) {
      // OPTIONAL { ?s <p> ?o } on a subject the left side binds: read with
      // the left side's star on ?s when it ends in one, else by its own.
      const std::size_t s_column = *left.op->ColumnOf(arm->second);
      const std::string object = arm->first.variable;
      const Estimate per = EstimateTriple(*OnlyTriple(*lj.right), {arm->second}, scope);
      auto* star = dynamic_cast<StarJoin*>(left.op.get());
      if (star != nullptr && star->subject_column() == s_column && star->graph() == dataset_.default_graphs[0]) {
        star->AddOptionalArm(std::move(arm->first));
      } else {
        std::vector<StarArm> arms;
        arm->first.optional = true;
        arms.push_back(std::move(arm->first));
        left.op = std::make_unique<StarJoin>(std::move(left.op), s_column, dataset_.default_graphs[0], std::move(arms));
      }
      left.possible.insert(object);
      left.rows *= std::max(1.0, per.rows);
      left.op->set_estimated_rows(left.rows);
      return ApplyFilters(std::move(left), rest, scope);
    }
    const algebra::Variables& right_vars = VarsOf(*lj.right);
    const VarSet shared = Intersection(left.possible, right_vars.possible);
    Planned right = PlanOp(*lj.right, scope, {}, nullptr);

    // Correlated evaluation pays off when the left side is small against
    // the right and the right side is a pattern that bindings can be
    // pushed into without changing its meaning.
    // Under a LIMIT only the left rows read count, and the hash join would
    // build the whole right side before its first row.
    const double left_rows_read =
        limit && rest.empty() ? std::min(left.rows, static_cast<double>(*limit)) : left.rows;
    const bool bind = !options_.naive && !shared.empty() && ParamSafe(*lj.right) &&
                      left_rows_read * kSeekCost < right.rows;
    Planned out;
    out.certain = left.certain;
    out.possible = left.possible;
    out.possible.insert(right.possible.begin(), right.possible.end());
    std::string filter_label;
    for (const auto& f : lj.filters) filter_label += (filter_label.empty() ? "" : " && ") + FilterLabel(f);
    if (bind) {
      std::vector<std::string> names(shared.begin(), shared.end());
      ParamRow* params = ctx_.NewParamRow(names.size());
      std::vector<std::pair<std::size_t, std::size_t>> bindings;
      for (std::size_t i = 0; i < names.size(); ++i) bindings.emplace_back(*left.op->ColumnOf(names[i]), i);
      Planned s = Seed(names, params);
      Planned corr = PlanOp(*lj.right, scope, {}, &s);
      JoinLayout layout(left.op->columns(), corr.op->columns());
      auto filter = LeftJoinFilter(lj, layout.columns, scope);
      out.rows = std::max(left.rows, left.rows * corr.rows);
      out.op = std::make_unique<IndexNestedLoopJoin>(std::move(left.op), std::move(corr.op), params,
                                                     std::move(bindings), JoinKind::kLeftOuter,
                                                     std::move(filter), filter_label);
    } else {
      JoinLayout layout(left.op->columns(), right.op->columns());
      auto keys = KeyPairs(*left.op, *right.op, Intersection(left.certain, right.certain));
      auto filter = LeftJoinFilter(lj, layout.columns, scope);
      out.rows = left.rows;  // OPTIONAL keeps every left row; matches rarely multiply much
      out.op = std::make_unique<HashJoin>(std::move(left.op), std::move(right.op), std::move(keys),
                                          JoinKind::kLeftOuter, std::move(filter), filter_label);
    }
    out.op->set_estimated_rows(out.rows);
    return ApplyFilters(std::move(out), rest, scope);
  }

  // The one triple of a basic graph pattern op, else null.
  static const algebra::Triple* OnlyTriple(const Op& op) {
    if (op.kind != OpKind::kBgp) return nullptr;
    const auto& bgp = static_cast<const algebra::Bgp&>(op);
    return bgp.triples.size() == 1 ? &bgp.triples[0] : nullptr;
  }

  // For `left OPTIONAL { ?s <p> ?o }` (no filter) in the default graph,
  // when it is one store graph, with ?s bound in every left row and ?o
  // new: the optional StarJoin arm, and ?s. nullopt otherwise.
  std::optional<std::pair<StarArm, std::string>> OptionalStarArm(const algebra::LeftJoin& lj, const Planned& left,
                                                                  const Scope& scope) {
    if (options_.naive || !lj.filters.empty() || scope.named || scope.subst || dataset_.default_graphs.size() != 1) {
      return std::nullopt;
    }
    const algebra::Triple* t = OnlyTriple(*lj.right);
    if (t == nullptr || !t->subject.is_variable() || t->predicate.is_variable() || !t->object.is_variable()) {
      return std::nullopt;
    }
    const std::string& s = t->subject.variable;
    const std::string& o = t->object.variable;
    if (s == o || !left.certain.count(s) || left.possible.count(o) || !left.op->ColumnOf(s)) return std::nullopt;
    const auto predicate = Lookup(*t->predicate.constant);
    if (!predicate) return std::nullopt;
    StarArm arm;
    arm.predicate = *predicate;
    arm.object = StarArm::Object::kFresh;
    arm.variable = o;
    arm.label = t->predicate.ToString() + " " + t->object.ToString();
    return std::make_pair(std::move(arm), s);
  }

  std::unique_ptr<Expr> LeftJoinFilter(const algebra::LeftJoin& lj, const std::vector<std::string>& columns,
                                       const Scope& scope) {
    if (lj.filters.empty()) return nullptr;
    if (lj.filters.size() == 1) return Compile(lj.filters[0], columns, scope);
    // A conjunction of the OPTIONAL group's filters.
    ast::BinaryExpr conj;
    for (const auto& f : lj.filters) {
      conj.operands.push_back(f);
      if (conj.operands.size() > 1) conj.ops.push_back(ast::BinaryOp::kAnd);
    }
    owned_expressions_.push_back(std::make_unique<ast::Expression>(
        boost::spirit::x3::forward_ast<ast::BinaryExpr>(std::move(conj))));
    return Compile(*owned_expressions_.back(), columns, scope);
  }

  // Whether outer bindings may be pushed into `op` (substitution equals
  // join): basic graph patterns, paths, their joins and unions.
  static bool ParamSafe(const Op& op) {
    switch (op.kind) {
      case OpKind::kBgp:
      case OpKind::kPath:
        return true;
      case OpKind::kJoin: {
        const auto& j = static_cast<const algebra::Join&>(op);
        return ParamSafe(*j.left) && ParamSafe(*j.right);
      }
      case OpKind::kUnion: {
        const auto& u = static_cast<const algebra::Union&>(op);
        return ParamSafe(*u.left) && ParamSafe(*u.right);
      }
      default:
        return false;
    }
  }

  // Everything that is not a join, filter, left join, minus or extend.
  // `limit`: the most rows the consumer reads of `op` (nullopt: all).
  Planned PlanOther(const Op& op, const Scope& scope, std::optional<std::uint64_t> limit) {
    Planned out;
    switch (op.kind) {
      case OpKind::kUnion: {
        const auto& u = static_cast<const algebra::Union&>(op);
        row_limit_ = limit;
        Planned l = PlanOp(*u.left, scope, {}, nullptr);
        row_limit_ = limit;
        Planned r = PlanOp(*u.right, scope, {}, nullptr);
        out.certain = Intersection(l.certain, r.certain);
        out.possible = l.possible;
        out.possible.insert(r.possible.begin(), r.possible.end());
        out.rows = l.rows + r.rows;
        out.op = std::make_unique<Union>(std::move(l.op), std::move(r.op));
        break;
      }
      case OpKind::kGraph:
        return PlanGraph(static_cast<const algebra::Graph&>(op), scope);
      case OpKind::kTable: {
        const auto& t = static_cast<const algebra::Table&>(op);
        std::vector<Id> rows;
        for (const auto& row : t.rows) {
          for (const auto& cell : row) rows.push_back(cell ? Encode(*cell) : kNoId);
        }
        algebra::Variables v = algebra::VariablesOf(op);
        out.certain = scope.Unsubstituted(v.certain);
        out.possible = scope.Unsubstituted(v.possible);
        out.rows = static_cast<double>(t.rows.size());
        out.op = std::make_unique<Values>(t.variables, std::move(rows), t.rows.size());
        // A substituted variable: keep the rows compatible with its value,
        // then drop its column (substitute(VALUES, μ) binds it no more).
        std::vector<std::string> keep;
        for (std::size_t c = 0; c < t.variables.size(); ++c) {
          const SubstSlot* sub = scope.Substituted(t.variables[c]);
          if (sub == nullptr) {
            keep.push_back(t.variables[c]);
            continue;
          }
          out.op->set_estimated_rows(out.rows);
          out.op = std::make_unique<Filter>(std::move(out.op), std::make_unique<CompatibleWithSlot>(c, *sub),
                                            "?" + t.variables[c] + " compatible with its substituted value");
          out.rows = std::max(1.0, out.rows / 2);
        }
        if (keep.size() != t.variables.size()) {
          out.op->set_estimated_rows(out.rows);
          out.op = std::make_unique<Project>(std::move(out.op), std::move(keep));
        }
        break;
      }
      case OpKind::kProject: {
        const auto& p = static_cast<const algebra::Project&>(op);
        // A sub-select: only its projected variables are substituted; the
        // others are its own (§18.2.1).
        Scope inner_scope = scope;
        std::vector<std::string> vars;
        if (scope.subst) {
          auto subst = std::make_shared<Substitution>();
          for (const std::string& v : p.variables) {
            if (const SubstSlot* sub = scope.Substituted(v)) (*subst)[v] = *sub;
            else vars.push_back(v);
          }
          inner_scope.subst = subst->empty() ? nullptr : std::move(subst);
        } else {
          vars = p.variables;
        }
        row_limit_ = limit;
        Planned child = PlanOp(*p.child, inner_scope, {}, nullptr);
        // Inside GRAPH ?g, a sub-select keeps ?g so that its rows stay tied
        // to the graph they came from.
        if (scope.named && scope.graph.is_variable() && scope.graph_param == nullptr &&
            child.possible.count(scope.graph.variable) &&
            std::find(vars.begin(), vars.end(), scope.graph.variable) == vars.end()) {
          vars.push_back(scope.graph.variable);
        }
        for (const std::string& v : vars) {
          if (child.certain.count(v)) out.certain.insert(v);
          if (child.possible.count(v)) out.possible.insert(v);
        }
        out.rows = child.rows;
        out.op = std::make_unique<Project>(std::move(child.op), std::move(vars));
        break;
      }
      case OpKind::kDistinct: {
        Planned child = PlanOp(*static_cast<const algebra::Distinct&>(op).child, scope, {}, nullptr);
        out.certain = child.certain;
        out.possible = child.possible;
        out.rows = child.rows;
        out.op = std::make_unique<Distinct>(std::move(child.op));
        break;
      }
      case OpKind::kReduced:
        // REDUCED permits but does not require removing duplicates.
        row_limit_ = limit;
        return PlanOp(*static_cast<const algebra::Reduced&>(op).child, scope, {}, nullptr);
      case OpKind::kSlice: {
        const auto& s = static_cast<const algebra::Slice&>(op);
        std::optional<std::uint64_t> take = s.limit;
        if (limit) take = take ? std::min(*take, *limit) : *limit;
        // The child's rows read: the offset, then what is taken.
        if (take) row_limit_ = s.offset + *take < s.offset ? std::nullopt : std::optional(s.offset + *take);
        Planned child = PlanOp(*s.child, scope, {}, nullptr);
        out.certain = child.certain;
        out.possible = child.possible;
        out.rows = std::max(0.0, child.rows - static_cast<double>(s.offset));
        if (s.limit) out.rows = std::min(out.rows, static_cast<double>(*s.limit));
        out.op = std::make_unique<Slice>(std::move(child.op), s.offset, s.limit);
        break;
      }
      case OpKind::kOrderBy: {
        const auto& o = static_cast<const algebra::OrderBy&>(op);
        Planned child = PlanOp(*o.child, scope, {}, nullptr);
        std::vector<SortKey> keys;
        for (const auto& c : o.conditions) {
          keys.push_back({Compile(c.expression, child.op->columns(), scope), c.descending,
                          algebra::ToString(c.expression)});
        }
        out.certain = child.certain;
        out.possible = child.possible;
        if (limit && *limit > 0 && *limit <= kMaxTopK) {
          // ORDER BY ... LIMIT: only the first rows of the order are read.
          out.rows = std::min(child.rows, static_cast<double>(*limit));
          out.op = std::make_unique<TopKSort>(std::move(child.op), std::move(keys), *limit);
        } else {
          out.rows = child.rows;
          out.op = std::make_unique<Sort>(std::move(child.op), std::move(keys));
        }
        break;
      }
      case OpKind::kGroup: {
        const auto& g = static_cast<const algebra::Group&>(op);
        Planned child = PlanOp(*g.child, scope, {}, nullptr);
        const auto& columns = child.op->columns();
        std::vector<GroupKeySpec> keys;
        for (const auto& k : g.keys) {
          keys.push_back({Compile(k.expression, columns, scope), k.variable, algebra::ToString(k.expression)});
        }
        // Inside GRAPH ?g (not evaluated graph by graph), groups are per graph.
        if (scope.named && scope.graph.is_variable() && scope.graph_param == nullptr &&
            child.possible.count(scope.graph.variable)) {
          bool has = false;
          for (const auto& k : keys) has = has || k.variable == scope.graph.variable;
          if (!has) {
            ast::Variable v;
            v.name = scope.graph.variable;
            owned_expressions_.push_back(std::make_unique<ast::Expression>(ast::Term(v)));
            keys.push_back({Compile(*owned_expressions_.back(), columns, scope), v.name, "?" + v.name});
          }
        }
        std::vector<AggregateSpec> aggs;
        for (const auto& a : g.aggregates) {
          AggregateSpec spec;
          spec.op = a.aggregate.op;
          spec.distinct = a.aggregate.distinct;
          spec.separator = a.aggregate.separator;
          if (a.aggregate.arg) spec.argument = Compile(*a.aggregate.arg, columns, scope);
          spec.variable = a.variable;
          spec.label = algebra::ToString(ast::Expression(boost::spirit::x3::forward_ast<ast::Aggregate>(a.aggregate)));
          aggs.push_back(std::move(spec));
        }
        algebra::Variables v = algebra::VariablesOf(op);
        out.certain = v.certain;
        out.possible = v.possible;
        for (const auto& k : keys) out.possible.insert(k.variable);
        out.rows = g.keys.empty() ? 1 : std::max(1.0, std::sqrt(child.rows));
        out.op = std::make_unique<HashAggregate>(std::move(child.op), std::move(keys), std::move(aggs));
        break;
      }
      default:
        throw Error(ErrorCode::kInternal, "planner: unexpected algebra operator");
    }
    out.op->set_estimated_rows(out.rows);
    return out;
  }

  Planned PlanGraph(const algebra::Graph& g, const Scope& outer) {
    Scope scope = outer;  // keeps the substitution
    scope.named = true;
    scope.graph = g.graph;
    scope.graph_param = nullptr;
    scope.graph_slot = 0;
    if (const SubstSlot* sub = g.graph.is_variable() ? outer.Substituted(g.graph.variable) : nullptr) {
      // GRAPH ?g with ?g substituted: the graph is the value. Every scan
      // reads it from the parameter row (under a hidden name), and the
      // group matches only if the value names a graph of the dataset.
      scope.graph = VarOrTerm::Var(".graph" + std::to_string(hidden_counter_++));
      scope.graph_param = sub->row;
      scope.graph_slot = sub->slot;
      Planned inner = PlanOp(*g.child, scope, {}, nullptr);
      std::vector<Id> graphs = NamedGraphs();
      std::sort(graphs.begin(), graphs.end());
      inner.op->set_estimated_rows(inner.rows);
      inner.op = std::make_unique<Filter>(std::move(inner.op), std::make_unique<SlotInSet>(*sub, std::move(graphs)),
                                          "?" + g.graph.variable + " (substituted) is a named graph");
      inner.op->set_estimated_rows(inner.rows);
      return inner;
    }
    if (!g.graph.is_variable()) {
      auto id = Lookup(*g.graph.constant);
      bool in_dataset = id.has_value() && *id != storage::kDefaultGraph;
      if (in_dataset && dataset_.named_graphs) {
        in_dataset = std::binary_search(dataset_.named_graphs->begin(), dataset_.named_graphs->end(), *id);
      }
      if (!in_dataset) {
        Planned empty;
        algebra::Variables v = algebra::VariablesOf(*g.child);
        empty.op = std::make_unique<Values>(v.ordered, std::vector<Id>{}, 0, "(graph not in the dataset)");
        empty.op->set_estimated_rows(0);
        return empty;
      }
    }
    if (g.graph.is_variable() && ContainsSubSelect(*g.child)) {
      // A sub-select is evaluated per graph (its aggregates, LIMIT and
      // DISTINCT apply within one graph): a nested loop over the named
      // graphs, the graph pushed into every scan of the sub-plan.
      std::vector<Id> graphs = NamedGraphs();
      const std::size_t n = graphs.size();
      Planned list;
      list.op = std::make_unique<Values>(std::vector<std::string>{g.graph.variable}, std::move(graphs), n,
                                         "(named graphs)");
      list.op->set_estimated_rows(static_cast<double>(n));
      ParamRow* row = ctx_.NewParamRow(1);
      scope.graph_param = row;
      // A hidden name: a sub-select's own ?g is another variable (§18.2.1).
      scope.graph = VarOrTerm::Var(".graph" + std::to_string(hidden_counter_++));
      Planned inner = PlanOp(*g.child, scope, {}, nullptr);
      Planned out;
      out.certain = inner.certain;
      out.certain.insert(g.graph.variable);
      out.possible = inner.possible;
      out.possible.insert(g.graph.variable);
      out.rows = inner.rows * std::max<double>(1, static_cast<double>(n));
      out.op = std::make_unique<IndexNestedLoopJoin>(std::move(list.op), std::move(inner.op), row,
                                                     std::vector<std::pair<std::size_t, std::size_t>>{{0, 0}},
                                                     JoinKind::kInner, nullptr, "");
      out.op->set_estimated_rows(out.rows);
      return out;
    }
    Planned inner = PlanOp(*g.child, scope, {}, nullptr);
    if (!g.graph.is_variable() || inner.certain.count(g.graph.variable)) return inner;
    // The pattern does not bind the graph variable in every row (e.g. an
    // empty group): join with the list of named graphs.
    std::vector<Id> graphs = NamedGraphs();
    Planned list;
    list.rows = static_cast<double>(graphs.size());
    const std::size_t n = graphs.size();
    list.op = std::make_unique<Values>(std::vector<std::string>{g.graph.variable}, std::move(graphs), n,
                                       "(named graphs)");
    list.op->set_estimated_rows(list.rows);
    Planned out;
    out.certain = inner.certain;
    out.certain.insert(g.graph.variable);
    out.possible = inner.possible;
    out.possible.insert(g.graph.variable);
    out.rows = inner.rows * std::max(1.0, list.rows);
    auto keys = KeyPairs(*inner.op, *list.op, Intersection(inner.certain, {g.graph.variable}));
    out.op = std::make_unique<HashJoin>(std::move(inner.op), std::move(list.op), std::move(keys),
                                        JoinKind::kInner, nullptr, "");
    out.op->set_estimated_rows(out.rows);
    return out;
  }

  // Whether a sub-select occurs in `op` outside nested GRAPH patterns.
  static bool ContainsSubSelect(const Op& op) {
    switch (op.kind) {
      case OpKind::kProject:
      case OpKind::kGroup:
        return true;
      case OpKind::kGraph:
        return false;
      case OpKind::kJoin: {
        const auto& j = static_cast<const algebra::Join&>(op);
        return ContainsSubSelect(*j.left) || ContainsSubSelect(*j.right);
      }
      case OpKind::kLeftJoin: {
        const auto& j = static_cast<const algebra::LeftJoin&>(op);
        return ContainsSubSelect(*j.left) || ContainsSubSelect(*j.right);
      }
      case OpKind::kUnion: {
        const auto& u = static_cast<const algebra::Union&>(op);
        return ContainsSubSelect(*u.left) || ContainsSubSelect(*u.right);
      }
      case OpKind::kMinus: {
        const auto& m = static_cast<const algebra::Minus&>(op);
        return ContainsSubSelect(*m.left) || ContainsSubSelect(*m.right);
      }
      case OpKind::kFilter:
        return ContainsSubSelect(*static_cast<const algebra::Filter&>(op).child);
      case OpKind::kExtend:
        return ContainsSubSelect(*static_cast<const algebra::Extend&>(op).child);
      case OpKind::kDistinct:
      case OpKind::kReduced:
      case OpKind::kSlice:
      case OpKind::kOrderBy:
        return true;
      default:
        return false;
    }
  }

  // ------------------------------------------------------ join ordering

  void CollectItems(const Op& op, std::vector<Item>* items, const Scope& scope) {
    switch (op.kind) {
      case OpKind::kJoin: {
        const auto& j = static_cast<const algebra::Join&>(op);
        CollectItems(*j.left, items, scope);
        CollectItems(*j.right, items, scope);
        return;
      }
      case OpKind::kBgp:
        for (const algebra::Triple& t : static_cast<const algebra::Bgp&>(op).triples) {
          Item item;
          item.kind = Item::Kind::kTriple;
          item.triple = &t;
          for (const VarOrTerm* v : {&t.subject, &t.predicate, &t.object}) {
            if (v->is_variable() && !scope.Substituted(v->variable)) item.certain.insert(v->variable);
          }
          if (scope.named && scope.graph.is_variable()) item.certain.insert(scope.graph.variable);
          item.possible = item.certain;
          items->push_back(std::move(item));
        }
        return;
      case OpKind::kPath: {
        const auto& p = static_cast<const algebra::PathOp&>(op);
        Item item;
        item.kind = Item::Kind::kPath;
        item.path = &p;
        for (const VarOrTerm* v : {&p.subject, &p.object}) {
          if (v->is_variable() && !scope.Substituted(v->variable)) item.certain.insert(v->variable);
        }
        if (scope.named && scope.graph.is_variable()) item.certain.insert(scope.graph.variable);
        item.possible = item.certain;
        items->push_back(std::move(item));
        return;
      }
      default: {
        Item item;
        item.kind = Item::Kind::kOpaque;
        item.op = &op;
        items->push_back(std::move(item));
        return;
      }
    }
  }

  // A group FILTER(?v = <iri>) (or sameTerm) over a variable that triple
  // patterns of the group bind: those patterns get the IRI in place of ?v,
  // so their scans read only the matching index range, and produce ?v again
  // as a constant column (Item::pinned). Every solution of the group binds
  // ?v through such a pattern, so a filter that is just the equality is then
  // true on every row and goes; one where it is a conjunct stays. Not done
  // for the GRAPH variable or substituted variables (not pattern positions).
  void PinIriEqualities(std::vector<Item>* items, std::vector<PendingFilter>* filters, const Scope& scope) {
    for (std::size_t i = filters->size(); i-- > 0;) {
      const PendingFilter& f = (*filters)[i];
      if (f.has_exists) continue;
      std::vector<const ast::Expression*> conjuncts;
      Conjuncts(*f.expression, &conjuncts);
      bool pinned_whole = false;
      for (const ast::Expression* c : conjuncts) {
        auto eq = IriEquality(*c);
        if (!eq) continue;
        const std::string& v = eq->first;
        if (scope.Substituted(v) || (scope.named && scope.graph.is_variable() && scope.graph.variable == v)) continue;
        const VarOrTerm constant = VarOrTerm::Const(Term::Iri(eq->second));
        bool pinned = false;
        for (Item& item : *items) {
          if (item.kind != Item::Kind::kTriple) continue;
          algebra::Triple t = *item.triple;
          bool mentions = false;
          for (VarOrTerm* pos : {&t.subject, &t.predicate, &t.object}) {
            if (pos->is_variable() && pos->variable == v) {
              *pos = constant;
              mentions = true;
            }
          }
          if (!mentions) continue;
          owned_triples_.push_back(std::move(t));
          item.triple = &owned_triples_.back();
          item.pinned.emplace_back(v, Encode(*constant.constant));
          pinned = true;
        }
        if (pinned && conjuncts.size() == 1) pinned_whole = true;
      }
      if (pinned_whole) filters->erase(filters->begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  // Refines a filter's selectivity from the number of distinct values its
  // variables have in the group's patterns (store statistics): `?v = c`
  // keeps 1/ndv(?v) of the rows, `?a = ?b` 1/max(ndv), `!=` the rest.
  void EstimateSelectivity(PendingFilter* f, const std::vector<Item>& items) {
    auto ndv = [&](const std::string& v) -> std::optional<double> {
      std::optional<double> best;
      for (const Item& item : items) {
        auto it = item.ndv.find(v);
        if (it != item.ndv.end()) best = best ? std::min(*best, it->second) : it->second;
      }
      return best;
    };
    const ast::Expression& e = *f->expression;
    bool negated = false;
    auto ops = EqualityOperands(e);
    if (!ops) {
      const auto* b = boost::get<boost::spirit::x3::forward_ast<ast::BinaryExpr>>(&e.get());
      if (b == nullptr || b->get().ops.size() != 1 || b->get().ops[0] != ast::BinaryOp::kNotEqual) return;
      ops = std::pair(&b->get().operands[0], &b->get().operands[1]);
      negated = true;
    }
    const ast::Variable* a = AsVariable(*ops->first);
    const ast::Variable* b = AsVariable(*ops->second);
    std::optional<double> d;
    if (a != nullptr && b != nullptr) {
      auto da = ndv(a->name), db = ndv(b->name);
      if (da && db) d = std::max(*da, *db);
    } else if (a != nullptr || b != nullptr) {
      const bool other_constant = boost::get<ast::Term>(&(a != nullptr ? *ops->second : *ops->first).get()) != nullptr;
      if (other_constant) d = ndv(a != nullptr ? a->name : b->name);
    }
    if (!d) return;
    const double eq = std::clamp(1.0 / std::max(1.0, *d), 1e-9, 1.0);
    f->selectivity = negated ? std::max(1.0 - eq, 1e-9) : eq;
  }

  // Standalone estimate, sort order and (for opaque items) the plan.
  void PrepareItem(Item& item, const Scope& scope) {
    switch (item.kind) {
      case Item::Kind::kTriple: {
        Estimate e = EstimateTriple(*item.triple, {}, scope);
        item.rows = e.rows;
        item.ndv = e.ndv;
        IndexScan probe(ToScanTerm(item.triple->subject, {}, scope), ToScanTerm(item.triple->predicate, {}, scope),
                        ToScanTerm(item.triple->object, {}, scope), Graphs(scope, {}), "");
        if (!probe.sorted_on().empty()) item.sorted_var = probe.columns()[probe.sorted_on()[0]];
        if (item.rows <= kProbeCap && !options_.naive) {
          const std::string key = ProbeKey(*item.triple, scope);
          auto known = probe_samples_.find(key);
          item.sample = known != probe_samples_.end() ? known->second : KeptSampleScan(key, probe);
          if (item.sample) {
            // Exact distinct counts from the sample.
            for (std::size_t c = 0; c < item.sample->columns.size(); ++c) {
              item.ndv[item.sample->columns[c]] = item.sample->distinct[c];
            }
          }
        }
        break;
      }
      case Item::Kind::kPath: {
        Estimate e = EstimatePath(*item.path, {}, scope);
        item.rows = e.rows;
        item.ndv = e.ndv;
        break;
      }
      case Item::Kind::kOpaque: {
        if (item.op != nullptr) item.planned = PlanOp(*item.op, scope, {}, nullptr);
        item.certain = item.planned.certain;
        item.possible = item.planned.possible;
        item.rows = std::max(item.planned.rows, 0.0);
        for (const std::string& v : item.possible) item.ndv[v] = std::max(1.0, item.rows);
        const auto& so = item.planned.op->sorted_on();
        if (!so.empty()) item.sorted_var = item.planned.op->columns()[so[0]];
        break;
      }
    }
  }

  // SampleScan, kept in the store across queries (Store::KeepDerived).
  std::shared_ptr<const Item::Sample> KeptSampleScan(const std::string& key, IndexScan& scan) {
    const std::string derived_key = "planner.sample " + key;
    if (auto kept = std::static_pointer_cast<const ProbeResult>(ctx_.store().FindDerived(ctx_.snapshot(), derived_key))) {
      return kept->sample;
    }
    auto kept = std::make_shared<ProbeResult>();
    kept->sample = SampleScan(scan);
    std::size_t bytes = sizeof(ProbeResult);
    if (kept->sample) {
      kept->rows = static_cast<double>(kept->sample->rows.size());
      bytes += SampleBytes(*kept->sample);
    }
    std::shared_ptr<const Item::Sample> sample = kept->sample;
    ctx_.store().KeepDerived(ctx_.snapshot(), derived_key, std::move(kept), bytes);
    return sample;
  }

  static std::size_t SampleBytes(const Item::Sample& sample) {
    std::size_t bytes = sizeof(Item::Sample) + (2 * sample.rows.size() + sample.distinct.size()) * sizeof(Id) +
                        sample.sorted.size() * sizeof(std::vector<Id>);
    for (const std::string& c : sample.columns) bytes += sizeof(std::string) + c.size();
    return bytes;
  }

  // All rows of `scan` if there are at most kProbeCap, else null.
  std::shared_ptr<const Item::Sample> SampleScan(IndexScan& scan) {
    auto sample = std::make_shared<Item::Sample>();
    sample->columns = scan.columns();
    scan.Open(ctx_);
    Batch batch(scan.width());
    std::size_t n = 0;
    while (n <= kProbeCap && scan.Next(&batch, kProbeCap + 1 - n)) {  // Next wants an empty batch
      for (std::size_t r = 0; r < batch.size(); ++r) {
        sample->rows.insert(sample->rows.end(), batch.row(r), batch.row(r) + scan.width());
      }
      n += batch.size();
      batch.Clear();
    }
    scan.Close();
    if (n > kProbeCap) return nullptr;
    sample->Finish();
    return sample;
  }

  // The exact size of the join of two samples on the variables they share
  // (which must be bound in every row of both: triple patterns).
  static double SampleJoinRows(const Item::Sample& a, const Item::Sample& b, const VarSet& shared) {
    std::vector<std::size_t> ka, kb;
    for (const std::string& v : shared) {
      auto ia = std::find(a.columns.begin(), a.columns.end(), v);
      auto ib = std::find(b.columns.begin(), b.columns.end(), v);
      if (ia == a.columns.end() || ib == b.columns.end()) continue;
      ka.push_back(static_cast<std::size_t>(ia - a.columns.begin()));
      kb.push_back(static_cast<std::size_t>(ib - b.columns.begin()));
    }
    // The join keys of each side, sorted; the join's size is the sum over
    // equal runs of the product of their lengths.
    auto keys = [](const Item::Sample& s, const std::vector<std::size_t>& cols) {
      const std::size_t w = s.columns.size();
      const std::size_t n = w == 0 ? 0 : s.rows.size() / w;
      std::vector<Id> out;
      out.reserve(n * cols.size());
      for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c : cols) out.push_back(s.rows[r * w + c]);
      }
      // Sort whole keys (cols.size() ids each) by sorting an index.
      const std::size_t k = cols.size();
      std::vector<std::size_t> order(n);
      for (std::size_t i = 0; i < n; ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return std::lexicographical_compare(out.begin() + x * k, out.begin() + x * k + k, out.begin() + y * k,
                                            out.begin() + y * k + k);
      });
      std::vector<Id> sorted;
      sorted.reserve(out.size());
      for (std::size_t i : order) sorted.insert(sorted.end(), out.begin() + i * k, out.begin() + i * k + k);
      return sorted;
    };
    const std::size_t k = ka.size();
    if (k == 0) {
      const std::size_t na = a.columns.empty() ? 0 : a.rows.size() / a.columns.size();
      const std::size_t nb = b.columns.empty() ? 0 : b.rows.size() / b.columns.size();
      return static_cast<double>(na) * static_cast<double>(nb);
    }
    // One shared variable: the sample's sorted column is its key list.
    std::vector<Id> x_keys, y_keys;
    if (k > 1) {
      x_keys = keys(a, ka);
      y_keys = keys(b, kb);
    }
    const std::vector<Id>& x = k == 1 ? a.sorted[ka[0]] : x_keys;
    const std::vector<Id>& y = k == 1 ? b.sorted[kb[0]] : y_keys;
    const std::size_t nx = x.size() / k, ny = y.size() / k;
    auto cmp = [&](std::size_t i, std::size_t j) {
      for (std::size_t c = 0; c < k; ++c) {
        if (x[i * k + c] != y[j * k + c]) return x[i * k + c] < y[j * k + c] ? -1 : 1;
      }
      return 0;
    };
    auto same_x = [&](std::size_t i, std::size_t j) { return std::equal(x.begin() + i * k, x.begin() + i * k + k, x.begin() + j * k); };
    auto same_y = [&](std::size_t i, std::size_t j) { return std::equal(y.begin() + i * k, y.begin() + i * k + k, y.begin() + j * k); };
    double rows = 0;
    std::size_t i = 0, j = 0;
    while (i < nx && j < ny) {
      const int c = cmp(i, j);
      if (c < 0) {
        ++i;
      } else if (c > 0) {
        ++j;
      } else {
        std::size_t i2 = i + 1, j2 = j + 1;
        while (i2 < nx && same_x(i, i2)) ++i2;
        while (j2 < ny && same_y(j, j2)) ++j2;
        rows += static_cast<double>(i2 - i) * static_cast<double>(j2 - j);
        i = i2;
        j = j2;
      }
    }
    return rows;
  }

  static double JoinRows(double l, double r, const VarBits& shared, const NdvVec& ndv_l, const NdvVec& ndv_r) {
    double rows = l * r;
    shared.ForEach([&](std::size_t v) {
      const double a = NdvAt(ndv_l, v), b = NdvAt(ndv_r, v);
      const double d = std::max(a > 0 ? a : 1.0, b > 0 ? b : 1.0);
      rows /= std::max(1.0, d);
    });
    return rows;
  }

  struct GroupContext {
    const Scope* scope;
    std::vector<Item>* items;
    const std::vector<PendingFilter>* filters;
    VarSet group_possible;
    // The most rows read of the group's result (a LIMIT above it): plans
    // are then compared by FirstRowsCost, which favours pipelined ones.
    std::optional<double> limit;

    // The group's variables by index (VarBits), and per item and per filter
    // their variables as bits (a filter's: those of the group only). Set by
    // IndexVariables once the items are prepared.
    std::vector<std::string> vars;
    std::unordered_map<std::string, std::size_t> var_index;
    std::vector<VarBits> item_certain, item_possible, filter_vars;
    VarBits group_bits;
    // EstimateTriple of an item with some variables bound, per (item, bound).
    mutable std::map<std::pair<int, VarBits>, Estimate> bind_estimates;
    // Exact or counted sizes of joins of two items (JoinCandidates).
    mutable std::map<std::pair<int, int>, std::optional<double>> leaf_join_rows;

    VarBits Bits(const VarSet& names) const {
      VarBits b;
      for (const std::string& v : names) {
        if (auto it = var_index.find(v); it != var_index.end()) b.Set(it->second);
      }
      return b;
    }
    VarSet Names(const VarBits& bits) const {
      VarSet out;
      bits.ForEach([&](std::size_t i) { out.insert(vars[i]); });
      return out;
    }
    int IndexOf(const std::optional<std::string>& v) const {
      if (!v) return -1;
      auto it = var_index.find(*v);
      return it == var_index.end() ? -1 : static_cast<int>(it->second);
    }
  };

  static void IndexVariables(GroupContext& g) {
    auto add = [&](const std::string& v) {
      if (g.var_index.emplace(v, g.vars.size()).second) g.vars.push_back(v);
    };
    for (const Item& item : *g.items) {
      for (const std::string& v : item.possible) add(v);
    }
    for (const Item& item : *g.items) {
      g.item_certain.push_back(g.Bits(item.certain));
      g.item_possible.push_back(g.Bits(item.possible));
      g.group_bits |= g.item_possible.back();
    }
    for (const PendingFilter& f : *g.filters) g.filter_vars.push_back(g.Bits(f.variables));
  }

  // Whether two parts of a group may be joined next to each other: they
  // share a variable, or a filter the group can place reads variables of
  // both. A filter link lets the order put a cartesian product with a small
  // side (BSBM q05's one-row ?origProperty1) where the filter then cuts the
  // rows, instead of leaving the product, and the filter, for the very end.
  bool Linked(const GroupContext& g, const VarBits& a, const VarBits& b) const {
    if (a.Intersects(b)) return true;
    if (options_.naive) return false;
    for (std::size_t i = 0; i < g.filters->size(); ++i) {
      if ((*g.filters)[i].has_exists) continue;
      if (g.filter_vars[i].Intersects(a) && g.filter_vars[i].Intersects(b)) return true;
    }
    return false;
  }

  // Applies on top of `c` the filters that are Placeable over its rows
  // (every group variable they read is certain) and not applied below it.
  void AttachFilters(const GroupContext& g, Cand* c, const VarBits& below) {
    c->applied = below;
    if (options_.naive) return;
    for (std::size_t i = 0; i < g.filters->size(); ++i) {
      if ((*g.filters)[i].has_exists || below.Test(i) || !g.filter_vars[i].SubsetOf(c->certain)) continue;
      c->applied.Set(i);
      c->rows *= (*g.filters)[i].selectivity;
    }
  }

  // How to count the rows of a pattern with one variable fixed to each of
  // many values (CountWith): the permutation, its prefix with the
  // constants' ids in place, and the prefix slots the value goes into.
  struct FixedCount {
    storage::Permutation perm = storage::Permutation::kSpog;
    std::vector<Id> prefix;
    std::vector<int> value_slots;
    bool absent = false;  // a constant the store does not have: every count is 0
  };
  // The FixedCount of pattern `t` in `scope` with `var` fixed; nullopt where
  // that is not one range of the default graph (named graphs, FROM lists,
  // substituted variables).
  std::optional<FixedCount> PrepareCountWith(const algebra::Triple& t, const std::string& var, const Scope& scope) {
    if (scope.named || dataset_.default_graphs.size() != 1) return std::nullopt;
    Id ids[4] = {kNoId, kNoId, kNoId, dataset_.default_graphs[0]};
    bool fixed[4] = {false, false, false, false};
    const VarOrTerm* terms[3] = {&t.subject, &t.predicate, &t.object};
    FixedCount fc;
    for (int pos = 0; pos < 3; ++pos) {
      const VarOrTerm& term = *terms[pos];
      if (term.is_variable()) {
        if (scope.Substituted(term.variable)) return std::nullopt;
        fixed[pos] = term.variable == var;
        continue;
      }
      auto id = Lookup(*term.constant);
      if (!id) {
        fc.absent = true;
        return fc;
      }
      ids[pos] = *id;
    }
    int len = 0;
    fc.perm = storage::Store::ChoosePermutation(ids[0] != kNoId || fixed[0], ids[1] != kNoId || fixed[1],
                                                ids[2] != kNoId || fixed[2], true, &len);
    const auto& order = storage::kPermutationOrder[static_cast<int>(fc.perm)];
    for (int slot = 0; slot < len; ++slot) {
      fc.prefix.push_back(ids[order[slot]]);
      if (fixed[order[slot]]) fc.value_slots.push_back(slot);
    }
    return fc;
  }

  // Rows of a FixedCount's pattern with its variable fixed to `value`: exact
  // up to kProbeCap, from the index range's size beyond.
  double CountWith(const FixedCount& fc, Id value) {
    if (fc.absent) return 0;
    std::vector<Id> prefix = fc.prefix;
    for (int slot : fc.value_slots) prefix[slot] = value;
    auto& counter = counters_[static_cast<int>(fc.perm)];
    if (!counter) counter = ctx_.store().Counter(ctx_.snapshot(), fc.perm);
    return counter->Estimate(prefix, kProbeCap);
  }

  // The size of the join of a sampled pattern (all its rows known) with a
  // larger pattern on one variable: the larger one's rows for each of the
  // sample's values, counted in the index, when the sample has at most
  // kMaxProbedValues distinct values (nullopt otherwise: probing a share of
  // them and scaling up misses skew, e.g. the 10 of LUBM's 1,000
  // universities that have departments). Independence estimates miss
  // correlated data badly: BSBM q05's 25 features of one product match
  // 1,734 products, estimated at 305 from the average feature. Kept across
  // queries like the samples.
  static constexpr std::size_t kMaxProbedValues = 64;
  std::optional<double> ProbedJoinRows(const GroupContext& g, int sampled, int other, const VarBits& shared) {
    const Item& is = (*g.items)[sampled];
    const Item& io = (*g.items)[other];
    if (!is.sample || io.sample || io.kind != Item::Kind::kTriple || is.kind != Item::Kind::kTriple) {
      return std::nullopt;
    }
    std::optional<std::size_t> only;
    bool several = false;
    shared.ForEach([&](std::size_t v) {
      if (only) several = true;
      only = v;
    });
    if (!only || several) return std::nullopt;
    const std::string& var = g.vars[*only];
    auto col = std::find(is.sample->columns.begin(), is.sample->columns.end(), var);
    if (col == is.sample->columns.end()) return std::nullopt;
    const std::string key = "planner.probejoin " + ProbeKey(*is.triple, *g.scope) + " | " +
                            ProbeKey(*io.triple, *g.scope) + " on " + var;
    if (auto it = probed_joins_.find(key); it != probed_joins_.end()) return it->second;
    if (auto kept = std::static_pointer_cast<const double>(ctx_.store().FindDerived(ctx_.snapshot(), key))) {
      // -1: known not to be countable this way.
      const std::optional<double> result = *kept < 0 ? std::nullopt : std::optional<double>(*kept);
      probed_joins_[key] = result;
      return result;
    }
    // Multiplicity of each value in the sample.
    const std::size_t w = is.sample->columns.size();
    const std::size_t c = static_cast<std::size_t>(col - is.sample->columns.begin());
    std::map<Id, double> multiplicity;
    for (std::size_t r = 0; r * w < is.sample->rows.size(); ++r) multiplicity[is.sample->rows[r * w + c]] += 1;
    if (multiplicity.size() > kMaxProbedValues) {
      probed_joins_[key] = std::nullopt;
      ctx_.store().KeepDerived(ctx_.snapshot(), key, std::make_shared<double>(-1), sizeof(double));
      return std::nullopt;
    }
    const std::optional<FixedCount> fixed = PrepareCountWith(*io.triple, var, *g.scope);
    if (!fixed) {
      probed_joins_[key] = std::nullopt;
      ctx_.store().KeepDerived(ctx_.snapshot(), key, std::make_shared<double>(-1), sizeof(double));
      return std::nullopt;
    }
    double result = 0;
    for (const auto& [value, mult] : multiplicity) result += mult * CountWith(*fixed, value);
    probed_joins_[key] = result;
    ctx_.store().KeepDerived(ctx_.snapshot(), key, std::make_shared<double>(result), sizeof(double));
    return result;
  }

  CandPtr Leaf(const GroupContext& g, int index) {
    const Item& item = (*g.items)[index];
    auto c = std::make_shared<Cand>();
    c->kind = Cand::Kind::kLeaf;
    c->item = index;
    c->mask = 1u << index;
    c->rows = item.rows;
    c->unfiltered_rows = item.rows;
    c->cost = item.rows + 1;
    c->startup = 1;
    c->certain = g.item_certain[index];
    c->possible = g.item_possible[index];
    c->ndv.assign(g.vars.size(), 0);
    for (const auto& [v, d] : item.ndv) {
      if (auto it = g.var_index.find(v); it != g.var_index.end()) c->ndv[it->second] = d;
    }
    c->sorted_var = g.IndexOf(item.sorted_var);
    AttachFilters(g, c.get(), VarBits());
    return c;
  }

  // The subject variable (index in g.vars) of item `index` when it can be
  // an arm of a star join (a triple with a variable subject and a constant
  // predicate, no pinned variable), or -1.
  static int StarSubject(const GroupContext& g, int index) {
    if (index < 0) return -1;
    const Item& item = (*g.items)[index];
    if (item.kind != Item::Kind::kTriple || !item.pinned.empty()) return -1;
    const algebra::Triple& t = *item.triple;
    if (!t.subject.is_variable() || t.predicate.is_variable()) return -1;
    return g.IndexOf(t.subject.variable);
  }

  // The ways of joining `a` (left) with `b` (right), each passed to
  // `visit` as a candidate on the stack whose `left`/`right` are not set
  // yet (Materialize sets them): most candidates of a DP are rejected, so
  // only those kept are allocated. All ways share the join's rows, distinct
  // counts and filters; they differ in kind, cost, startup and order.
  template <class Visit>
  void ForEachJoin(const GroupContext& g, const CandPtr& a, const CandPtr& b, Visit&& visit) {
    const VarBits shared = a->possible & b->possible;
    const VarBits shared_certain = a->certain & b->certain;
    // The join's rows: exact for two sampled patterns, counted for a
    // sampled and a larger one, from distinct counts otherwise.
    double join_rows = JoinRows(a->rows, b->rows, shared_certain, a->ndv, b->ndv);
    if (a->kind == Cand::Kind::kLeaf && b->kind == Cand::Kind::kLeaf && shared_certain.Any()) {
      const auto pair = std::minmax(a->item, b->item);
      auto known = g.leaf_join_rows.find(pair);
      if (known == g.leaf_join_rows.end()) {
        const Item& ia = (*g.items)[a->item];
        const Item& ib = (*g.items)[b->item];
        std::optional<double> rows;
        if (ia.sample && ib.sample) {
          rows = SampleJoinRows(*ia.sample, *ib.sample, g.Names(shared_certain));
        } else {
          rows = ia.sample ? ProbedJoinRows(g, a->item, b->item, shared_certain)
                           : ProbedJoinRows(g, b->item, a->item, shared_certain);
        }
        known = g.leaf_join_rows.emplace(pair, rows).first;
      }
      if (known->second) join_rows = std::max(0.5, *known->second);
    }
    Cand c;
    c.mask = a->mask | b->mask;
    c.certain = a->certain;
    c.certain |= b->certain;
    c.possible = a->possible;
    c.possible |= b->possible;
    c.rows = join_rows;  // the distinct counts `ndv` are left to Materialize
    c.unfiltered_rows = join_rows;
    c.sorted_var = a->sorted_var;
    VarBits below = a->applied;
    below |= b->applied;
    AttachFilters(g, &c, below);  // the costs below read the rows before the filters
    // Hash joins and cartesian products build the right side first.
    if (!shared.Any()) {
      c.kind = Cand::Kind::kCross;
      c.cost = a->cost + b->cost + a->rows * b->rows + b->rows;
      c.startup = a->startup + b->cost + b->rows;
      visit(c);
      return;
    }
    c.kind = Cand::Kind::kHash;
    c.cost = a->cost + b->cost + kHashBuildCost * b->rows + a->rows + join_rows;
    c.startup = a->startup + b->cost + kHashBuildCost * b->rows;
    visit(c);
    if (options_.naive) return;
    if (a->sorted_var >= 0 && a->sorted_var == b->sorted_var &&
        shared_certain.Test(static_cast<std::size_t>(a->sorted_var))) {
      // A merge join matches on the sorted variable alone and checks the
      // other shared ones row pair by row pair: its work is the join on
      // that one variable, which can be far more than the rows it keeps
      // (LUBM q09's triangle: 2,540 rows kept of millions of pairs).
      VarBits merge_key;
      merge_key.Set(static_cast<std::size_t>(a->sorted_var));
      const double merged_pairs =
          shared_certain.SubsetOf(merge_key) ? join_rows
                                             : std::max(join_rows, JoinRows(a->rows, b->rows, merge_key, a->ndv, b->ndv));
      c.kind = Cand::Kind::kMerge;
      c.cost = a->cost + b->cost + merged_pairs;
      c.startup = a->startup + b->startup;
      visit(c);
    }
    if (b->kind == Cand::Kind::kLeaf) {
      const Item& item = (*g.items)[b->item];
      if (item.kind != Item::Kind::kOpaque) {
        const VarBits bound = a->possible & g.item_possible[b->item];
        auto known = g.bind_estimates.find({b->item, bound});
        if (known == g.bind_estimates.end()) {
          const VarSet names = g.Names(bound);
          Estimate e = item.kind == Item::Kind::kTriple ? EstimateTriple(*item.triple, names, *g.scope)
                                                        : EstimatePath(*item.path, names, *g.scope);
          known = g.bind_estimates.emplace(std::make_pair(b->item, bound), std::move(e)).first;
        }
        const Estimate& per = known->second;
        // The right leaf's own filters are evaluated per binding. The bind
        // variant does not carry b's standalone cost.
        // Probes that ascend (the left side sorted on a variable they bind)
        // or stay in a small range land mostly in blocks already decoded;
        // others land anywhere in the range, a block look-up each.
        const bool ascending = a->sorted_var >= 0 && bound.Test(static_cast<std::size_t>(a->sorted_var));
        double seek = ascending || b->rows <= kSmallProbedRange ? kSeekCost : kRandomSeekCost;
        // A probe on the subject the previous probe of the chain read: the
        // star join built from such a chain (RegroupStars) reads both from
        // the subject's run, with one seek.
        const int subject = StarSubject(g, b->item);
        if (subject >= 0 && a->kind == Cand::Kind::kBind && StarSubject(g, a->right->item) == subject) seek = 0;
        c.kind = Cand::Kind::kBind;
        c.cost = a->cost + a->rows * (seek + per.rows) + join_rows;
        c.startup = a->startup + kSeekCost;
        visit(c);
      }
    }
  }

  // A heap copy of the stack candidate `c` that joins `a` and `b`, with
  // its distinct counts.
  static CandPtr Materialize(const Cand& c, const CandPtr& a, const CandPtr& b) {
    auto kept = std::make_shared<Cand>(c);
    kept->left = a;
    kept->right = b;
    // The distinct values of a variable in the join: at most those of either
    // side that has it, and at most the join's rows before its filters.
    const std::size_t n = std::max(a->ndv.size(), b->ndv.size());
    const double rows = c.unfiltered_rows;
    kept->ndv.assign(n, 0);
    for (std::size_t v = 0; v < n; ++v) {
      const double x = NdvAt(a->ndv, v), y = NdvAt(b->ndv, v);
      const double d = x > 0 && y > 0 ? std::min(x, y) : std::max(x, y);
      if (d > 0) kept->ndv[v] = std::max(1.0, std::min(d, rows));
    }
    return kept;
  }

  // All ways of joining `a` (left) with `b` (right).
  std::vector<CandPtr> JoinCandidates(const GroupContext& g, const CandPtr& a, const CandPtr& b) {
    std::vector<CandPtr> out;
    ForEachJoin(g, a, b, [&](const Cand& c) { out.push_back(Materialize(c, a, b)); });
    return out;
  }

  // The candidates worth keeping for one set of items: the cheapest
  // overall, the cheapest for the first rows under a limit, and the
  // cheapest per sort order (a later merge join may want it).
  struct BestSet {
    CandPtr overall;
    CandPtr first_rows;  // under a limit: the cheapest for the first rows
    std::optional<double> limit;
    boost::container::small_vector<CandPtr, 2> by_order;  // at most one per sorted_var

    // Whether Offer(c) would keep `c`.
    bool Wants(const Cand& c) const {
      if (!overall || c.cost < overall->cost) return true;
      if (limit && (!first_rows || FirstRowsCost(c, limit) < FirstRowsCost(*first_rows, limit))) return true;
      if (c.sorted_var >= 0) {
        const CandPtr* slot = Ordered(c.sorted_var);
        return slot == nullptr || c.cost < (*slot)->cost;
      }
      return false;
    }
    void Offer(const CandPtr& c) {
      if (!overall || c->cost < overall->cost) overall = c;
      if (limit && (!first_rows || FirstRowsCost(*c, limit) < FirstRowsCost(*first_rows, limit))) first_rows = c;
      if (c->sorted_var >= 0) {
        CandPtr* slot = const_cast<CandPtr*>(Ordered(c->sorted_var));
        if (slot == nullptr) {
          by_order.push_back(c);
        } else if (c->cost < (*slot)->cost) {
          *slot = c;
        }
      }
    }
    const CandPtr* Ordered(int sorted_var) const {
      for (const CandPtr& o : by_order) {
        if (o->sorted_var == sorted_var) return &o;
      }
      return nullptr;
    }
    // Calls f on each distinct candidate kept.
    template <class F>
    void ForEach(F&& f) const {
      if (overall) f(overall);
      if (first_rows && first_rows != overall) f(first_rows);
      for (const CandPtr& c : by_order) {
        if (c != overall && c != first_rows) f(c);
      }
    }
    // The plan to use for the whole set.
    const CandPtr& Best() const { return limit ? first_rows : overall; }
  };

  // How many (left, right) pairs of connected, disjoint, adjacent subsets
  // DpOrder would join for `component`: its work. A chain of n patterns
  // has O(n^3) of them, a star 3^n / 2 (a 9-pattern star: about 10,000,
  // a quarter of a second of planning).
  std::size_t ConnectedPairs(const GroupContext& g, const std::vector<int>& component) {
    const std::size_t n = component.size();
    std::vector<std::uint32_t> adjacent(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i != j && Linked(g, g.item_possible[component[i]], g.item_possible[component[j]])) {
          adjacent[i] |= 1u << j;
        }
      }
    }
    std::vector<std::uint32_t> neighbours(std::size_t{1} << n, 0);
    std::vector<char> connected(std::size_t{1} << n, 0);
    for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
      const int low = std::countr_zero(mask);
      const std::uint32_t rest = mask & (mask - 1);
      neighbours[mask] = neighbours[rest] | adjacent[low];
      if (rest == 0) {
        connected[mask] = 1;
        continue;
      }
      // Flood fill from the lowest item within the mask.
      std::uint32_t reached = 1u << low, frontier = reached;
      while (frontier != 0) {
        std::uint32_t next = 0;
        for (std::uint32_t f = frontier; f != 0; f &= f - 1) next |= adjacent[std::countr_zero(f)];
        next &= mask & ~reached;
        reached |= next;
        frontier = next;
      }
      connected[mask] = reached == mask;
    }
    std::size_t pairs = 0;
    for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
      if (!connected[mask] || std::popcount(mask) < 2) continue;
      for (std::uint32_t sub = (mask - 1) & mask; sub > 0; sub = (sub - 1) & mask) {
        const std::uint32_t other = mask ^ sub;
        if (connected[sub] && connected[other] && (neighbours[sub] & other) != 0) ++pairs;
      }
    }
    return pairs;
  }

  // Dynamic programming over the connected subsets of `component`.
  CandPtr DpOrder(const GroupContext& g, const std::vector<int>& component) {
    const std::size_t n = component.size();
    std::vector<BestSet> best(std::size_t{1} << n);
    for (BestSet& b : best) b.limit = g.limit;
    for (std::size_t i = 0; i < n; ++i) best[std::size_t{1} << i].Offer(Leaf(g, component[i]));
    for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
      if (std::popcount(mask) < 2) continue;
      for (std::uint32_t sub = (mask - 1) & mask; sub > 0; sub = (sub - 1) & mask) {
        const std::uint32_t other = mask ^ sub;
        const BestSet& bl = best[sub];
        const BestSet& br = best[other];
        if (!bl.overall || !br.overall) continue;
        if (!Linked(g, bl.overall->possible, br.overall->possible)) continue;
        BestSet& into = best[mask];
        bl.ForEach([&](const CandPtr& a) {
          br.ForEach([&](const CandPtr& b) {
            ForEachJoin(g, a, b, [&](const Cand& c) {
              if (into.Wants(c)) into.Offer(Materialize(c, a, b));
            });
          });
        });
      }
      ctx_.Tick(64);
    }
    return best[(1u << n) - 1].Best();
  }

  // Greedy: start from the smallest item, add the cheapest connected one.
  CandPtr GreedyOrder(const GroupContext& g, const std::vector<int>& component) {
    std::vector<int> left(component);
    auto smallest = std::min_element(left.begin(), left.end(), [&](int x, int y) {
      return (*g.items)[x].rows < (*g.items)[y].rows;
    });
    CandPtr current = Leaf(g, *smallest);
    left.erase(smallest);
    while (!left.empty()) {
      CandPtr best;
      std::size_t best_index = 0;
      for (std::size_t i = 0; i < left.size(); ++i) {
        CandPtr leaf = Leaf(g, left[i]);
        if (!Linked(g, current->possible, leaf->possible) && left.size() > 1) continue;
        for (const CandPtr& c : JoinCandidates(g, current, leaf)) {
          if (!best || FirstRowsCost(*c, g.limit) < FirstRowsCost(*best, g.limit)) {
            best = c;
            best_index = i;
          }
        }
      }
      if (!best) {  // nothing connected: take the next smallest
        best = JoinCandidates(g, current, Leaf(g, left[0]))[0];
        best_index = 0;
      }
      current = best;
      left.erase(left.begin() + static_cast<std::ptrdiff_t>(best_index));
    }
    return current;
  }

  // The written order (PlannerOptions::naive).
  CandPtr NaiveOrder(const GroupContext& g, const std::vector<int>& order) {
    CandPtr current = Leaf(g, order[0]);
    for (std::size_t i = 1; i < order.size(); ++i) {
      current = JoinCandidates(g, current, Leaf(g, order[i]))[0];
    }
    return current;
  }

  // `limit`: the most rows the consumer reads (nullopt: all).
  Planned PlanJoinGroup(const Op& op, const Scope& scope, std::vector<PendingFilter> filters, Planned* seed,
                        std::optional<std::uint64_t> limit = std::nullopt) {
    std::vector<Item> items;
    if (seed != nullptr) {
      Item s;
      s.kind = Item::Kind::kOpaque;
      s.planned = std::move(*seed);
      items.push_back(std::move(s));
    }
    CollectItems(op, &items, scope);
    if (items.size() > 31) {
      throw Error(ErrorCode::kResourceLimit, "a group with more than 31 joined patterns is not supported");
    }
    if (!options_.naive) PinIriEqualities(&items, &filters, scope);
    if (items.empty()) {
      Planned unit;
      unit.op = std::make_unique<Values>(std::vector<std::string>{}, std::vector<Id>{}, 1);
      unit.rows = 1;
      return ApplyFilters(std::move(unit), filters, scope);
    }
    for (Item& item : items) PrepareItem(item, scope);
    for (PendingFilter& f : filters) EstimateSelectivity(&f, items);

    GroupContext g;
    g.scope = &scope;
    g.items = &items;
    g.filters = &filters;
    if (limit) g.limit = static_cast<double>(*limit);
    for (const Item& item : items) g.group_possible.insert(item.possible.begin(), item.possible.end());
    IndexVariables(g);

    CandPtr plan;
    if (options_.naive) {
      std::vector<int> order(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) order[i] = static_cast<int>(i);
      plan = NaiveOrder(g, order);
    } else {
      // Connected components (items linked by variables or filters, see
      // Linked), each ordered alone, then combined smallest first by
      // cartesian products.
      std::vector<int> component_of(items.size(), -1);
      std::vector<std::vector<int>> components;
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (component_of[i] >= 0) continue;
        components.emplace_back();
        std::vector<std::size_t> stack{i};
        component_of[i] = static_cast<int>(components.size() - 1);
        while (!stack.empty()) {
          std::size_t x = stack.back();
          stack.pop_back();
          components.back().push_back(static_cast<int>(x));
          for (std::size_t y = 0; y < items.size(); ++y) {
            if (component_of[y] < 0 && Linked(g, g.item_possible[x], g.item_possible[y])) {
              component_of[y] = component_of[i];
              stack.push_back(y);
            }
          }
        }
      }
      std::vector<CandPtr> parts;
      for (auto& comp : components) {
        std::sort(comp.begin(), comp.end());
        const bool dp = comp.size() <= Planner::kMaxDpItems && ConnectedPairs(g, comp) <= kMaxDpPairs;
        parts.push_back(dp ? DpOrder(g, comp) : GreedyOrder(g, comp));
      }
      std::sort(parts.begin(), parts.end(), [](const CandPtr& a, const CandPtr& b) { return a->rows < b->rows; });
      plan = parts[0];
      for (std::size_t i = 1; i < parts.size(); ++i) plan = JoinCandidates(g, plan, parts[i])[0];
    }
    Planned out = Build(g, plan);
    // Filters never placed (EXISTS, possibly-bound variables): on top.
    std::vector<PendingFilter> rest;
    for (std::size_t i = 0; i < filters.size(); ++i) {
      if (!plan->applied.Test(i)) rest.push_back(filters[i]);
    }
    return ApplyFilters(std::move(out), rest, scope);
  }

  // The index nested-loop join chain headed by `c` (kBind nodes over
  // pattern leaves: inner joins, which commute) with the patterns of each
  // subject brought together, so that TryBuildStar reads each subject once:
  // going up the chain, a pattern `?s <p> X` whose ?s is already bound
  // moves down to just above the last pattern on ?s, past the patterns in
  // between, when it gives at most kRegroupRows rows per binding (moving a
  // pattern that multiplies rows below others would multiply their work).
  // Filters are placed anew, each at the lowest node that binds its
  // variables. Null when nothing moves.
  static constexpr double kRegroupRows = 1.5;
  CandPtr RegroupStars(const GroupContext& g, const CandPtr& c) {
    if (options_.naive || c->regrouped) return nullptr;
    std::vector<CandPtr> chain;  // top-down
    for (CandPtr n = c; n->kind == Cand::Kind::kBind; n = n->left) chain.push_back(n);
    if (chain.size() < 3) return nullptr;
    const CandPtr base = chain.back()->left;
    auto subject_of = [&](const Cand& n) { return StarSubject(g, n.right->item); };
    // The new bottom-up order, built by inserting each node after the last
    // node on its subject when it may move there.
    std::vector<CandPtr> order;
    VarBits bound = base->certain;
    bool moved = false;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const CandPtr& n = *it;
      const int s = subject_of(*n);
      std::size_t at = order.size();
      if (s >= 0 && bound.Test(static_cast<std::size_t>(s))) {
        // Just after the last node on the same subject; with none yet, it
        // stays where it is (its star starts here).
        std::size_t last = order.size();
        for (std::size_t i = order.size(); i-- > 0;) {
          if (subject_of(*order[i]) == s) {
            last = i + 1;
            break;
          }
        }
        if (last < order.size()) {
          const Item& item = (*g.items)[n->right->item];
          const Estimate per = EstimateTriple(*item.triple, {g.vars[static_cast<std::size_t>(s)]}, *g.scope);
          if (per.rows <= kRegroupRows) at = last;
        }
      }
      if (at != order.size()) moved = true;
      order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), n);
      bound |= n->certain;
    }
    if (!moved) return nullptr;
    // Rebuild the chain bottom-up in the new order.
    CandPtr left = base;
    for (const CandPtr& n : order) {
      auto node = std::make_shared<Cand>();
      node->kind = Cand::Kind::kBind;
      node->left = left;
      node->right = n->right;
      node->regrouped = true;
      node->mask = left->mask | n->right->mask;
      node->certain = left->certain;
      node->certain |= n->right->certain;
      node->possible = left->possible;
      node->possible |= n->right->possible;
      const Item& item = (*g.items)[n->right->item];
      const Estimate per = item.kind == Item::Kind::kTriple
                               ? EstimateTriple(*item.triple, g.Names(left->possible & g.item_possible[n->right->item]), *g.scope)
                               : EstimatePath(*item.path, g.Names(left->possible & g.item_possible[n->right->item]), *g.scope);
      node->unfiltered_rows = left->rows * per.rows;
      node->rows = node->unfiltered_rows;
      node->sorted_var = left->sorted_var;
      VarBits below = left->applied;
      below |= n->right->applied;
      AttachFilters(g, node.get(), below);
      left = node;
    }
    // The chain's filters, all placed (the same rule placed them before);
    // any left over would be lost to the parent, which counts them applied.
    const VarBits missing = c->applied.Minus(left->applied);
    if (missing.Any()) {
      auto top = std::make_shared<Cand>(*left);
      top->applied |= missing;
      missing.ForEach([&](std::size_t f) { top->rows *= (*g.filters)[f].selectivity; });
      left = top;
    }
    return left;
  }

  // A chain of index nested-loop joins (kBind) whose inner sides are
  // patterns `?s <p> X` on one subject ?s bound by the chain's outer side,
  // built as one StarJoin that reads the subject's triples once per outer
  // row (see star_join.h). nullopt when `c` does not head such a chain of
  // at least two patterns: it is then built as nested loops. Only in the
  // default graph when it is one store graph; objects must be constants in
  // the dictionary, variables bound in every outer row, or variables of
  // this pattern alone.
  std::optional<Planned> TryBuildStar(const GroupContext& g, const CandPtr& c, const ParamMap& params) {
    const Scope& scope = *g.scope;
    if (options_.naive || !params.empty() || scope.named || scope.subst || dataset_.default_graphs.size() != 1) {
      return std::nullopt;
    }
    auto star_pattern = [&](const Cand& n) -> const algebra::Triple* {
      if (n.kind != Cand::Kind::kBind) return nullptr;
      const Item& item = (*g.items)[n.right->item];
      if (item.kind != Item::Kind::kTriple || !item.pinned.empty()) return nullptr;
      const algebra::Triple& t = *item.triple;
      if (!t.subject.is_variable() || t.predicate.is_variable()) return nullptr;
      if (t.object.is_variable() && t.object.variable == t.subject.variable) return nullptr;
      return &t;
    };
    const algebra::Triple* top = star_pattern(*c);
    if (top == nullptr) return std::nullopt;
    const std::string& subject = top->subject.variable;
    std::vector<const Cand*> chain;
    for (const Cand* n = c.get(); const algebra::Triple* t = star_pattern(*n); n = n->left.get()) {
      if (t->subject.variable != subject) break;
      chain.push_back(n);
    }
    // The outer side must bind ?s in every row.
    const int s_index = g.IndexOf(subject);
    if (s_index < 0) return std::nullopt;
    while (!chain.empty() && !chain.back()->left->certain.Test(static_cast<std::size_t>(s_index))) chain.pop_back();
    if (chain.size() < 2) return std::nullopt;
    const Cand& base = *chain.back()->left;

    std::vector<StarArm> arms;
    std::map<std::string, std::size_t> fresh;  // the new variables -> the arm that binds each
    for (auto n = chain.rbegin(); n != chain.rend(); ++n) {
      const algebra::Triple& t = *(*g.items)[(*n)->right->item].triple;
      StarArm arm;
      const auto predicate = Lookup(*t.predicate.constant);
      if (!predicate) return std::nullopt;
      arm.predicate = *predicate;
      arm.label = t.predicate.ToString() + " " + t.object.ToString();
      if (!t.object.is_variable()) {
        const auto object = Lookup(*t.object.constant);
        if (!object) return std::nullopt;
        arm.object = StarArm::Object::kConstant;
        arm.constant = *object;
      } else {
        const int o_index = g.IndexOf(t.object.variable);
        if (o_index < 0) return std::nullopt;
        if (base.possible.Test(static_cast<std::size_t>(o_index))) {
          if (!base.certain.Test(static_cast<std::size_t>(o_index))) return std::nullopt;
          arm.object = StarArm::Object::kInput;  // its column is known once the base is built
        } else if (auto first = fresh.find(t.object.variable); first != fresh.end()) {
          arm.object = StarArm::Object::kSameAs;  // a join among the patterns
          arm.same_as = first->second;
        } else {
          fresh.emplace(t.object.variable, arms.size());
        }
        arm.variable = t.object.variable;
      }
      arms.push_back(std::move(arm));
    }

    // Only existence checks (constant or bound objects): nested loops probe
    // them in the permutation that puts the steadiest values first, where
    // successive probes mostly skip their seek (ScanIterator::Reset); a
    // star reads the subject's run, which pays only when it collects values
    // (LUBM q02: 2.9 ms as nested loops, 11.5 ms as a star of two checks).
    if (fresh.empty()) return std::nullopt;
    Planned left = Build(g, chain.back()->left);
    const auto s_column = left.op->ColumnOf(subject);
    if (!s_column) return std::nullopt;  // cannot happen: ?s is certain in the base
    for (StarArm& arm : arms) {
      if (arm.object == StarArm::Object::kFresh) continue;
      if (arm.object == StarArm::Object::kInput) arm.input_column = *left.op->ColumnOf(arm.variable);
      arm.variable.clear();
    }
    Planned out;
    out.certain = left.certain;
    out.possible = left.possible;
    for (const auto& [v, arm] : fresh) {
      out.certain.insert(v);
      out.possible.insert(v);
    }
    out.op = std::make_unique<StarJoin>(std::move(left.op), *s_column, dataset_.default_graphs[0], std::move(arms));
    out.op->set_estimated_rows(c->unfiltered_rows);
    out.rows = c->unfiltered_rows;
    // The filters placed anywhere in the chain (on its joins and on its
    // patterns) apply on top: every join in it is an inner join.
    return ApplyFilters(std::move(out), FiltersOf(g, c->applied.Minus(base.applied)), scope);
  }

  // Builds the operators of a candidate plan.
  Planned Build(const GroupContext& g, const CandPtr& c, const ParamMap& params = {}) {
    Planned out;
    const Scope& scope = *g.scope;
    switch (c->kind) {
      case Cand::Kind::kLeaf: {
        Item& item = (*g.items)[c->item];
        if (item.kind == Item::Kind::kTriple) {
          out.op = BuildTriple(*item.triple, scope, params);
          if (!item.pinned.empty()) {
            // The pinned variables are columns again, holding the constant.
            std::vector<ExtendBinding> bindings;
            for (const auto& [v, id] : item.pinned) {
              bindings.push_back({v, std::make_unique<ConstantId>(id), "?" + v + " := (filter constant)"});
            }
            out.op->set_estimated_rows(c->rows);
            out.op = std::make_unique<Extend>(std::move(out.op), std::move(bindings));
          }
        } else if (item.kind == Item::Kind::kPath) {
          out.op = BuildPath(*item.path, scope, params);
        } else {
          out.op = std::move(item.planned.op);
        }
        out.certain = item.certain;
        out.possible = item.possible;
        break;
      }
      case Cand::Kind::kBind: {
        if (params.empty()) {
          if (CandPtr regrouped = RegroupStars(g, c)) return Build(g, regrouped, params);
        }
        if (auto star = TryBuildStar(g, c, params)) return std::move(*star);
        Planned left = Build(g, c->left);
        const Item& item = (*g.items)[c->right->item];
        std::vector<std::string> names;
        for (const std::string& v : item.possible) {
          if (left.op->ColumnOf(v)) names.push_back(v);
        }
        // Slots in the outer side's column order, which is about the order
        // its loops bind them (outermost first): IndexScan puts the
        // steadiest parameters first in its key (IndexScan::Choose).
        std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
          return *left.op->ColumnOf(a) < *left.op->ColumnOf(b);
        });
        ParamRow* row = ctx_.NewParamRow(names.size());
        ParamMap right_params;
        std::vector<std::pair<std::size_t, std::size_t>> bindings;
        for (std::size_t i = 0; i < names.size(); ++i) {
          right_params[names[i]] = {row, i};
          bindings.emplace_back(*left.op->ColumnOf(names[i]), i);
        }
        Planned right = Build(g, c->right, right_params);
        const VarSet bound(names.begin(), names.end());
        Estimate per = item.kind == Item::Kind::kTriple ? EstimateTriple(*item.triple, bound, scope)
                                                        : EstimatePath(*item.path, bound, scope);
        right.op->set_estimated_rows(per.rows);
        out.certain = left.certain;
        out.certain.insert(right.certain.begin(), right.certain.end());
        out.possible = left.possible;
        out.possible.insert(right.possible.begin(), right.possible.end());
        out.op = std::make_unique<IndexNestedLoopJoin>(std::move(left.op), std::move(right.op), row,
                                                       std::move(bindings), JoinKind::kInner, nullptr, "");
        break;
      }
      case Cand::Kind::kMerge:
      case Cand::Kind::kHash:
      case Cand::Kind::kCross: {
        Planned left = Build(g, c->left);
        Planned right = Build(g, c->right);
        out.certain = left.certain;
        out.certain.insert(right.certain.begin(), right.certain.end());
        out.possible = left.possible;
        out.possible.insert(right.possible.begin(), right.possible.end());
        const VarSet keys_vars = Intersection(left.certain, right.certain);
        bool merged = false;
        if (c->kind == Cand::Kind::kMerge && c->left->sorted_var >= 0) {
          const std::string& v = g.vars[static_cast<std::size_t>(c->left->sorted_var)];
          auto lk = left.op->ColumnOf(v);
          auto rk = right.op->ColumnOf(v);
          if (lk && rk && !left.op->sorted_on().empty() && !right.op->sorted_on().empty() &&
              left.op->sorted_on()[0] == *lk && right.op->sorted_on()[0] == *rk) {
            out.op = std::make_unique<MergeJoin>(std::move(left.op), std::move(right.op), *lk, *rk);
            merged = true;
          }
        }
        if (!merged) {
          auto keys = KeyPairs(*left.op, *right.op, keys_vars);
          out.op = std::make_unique<HashJoin>(std::move(left.op), std::move(right.op), std::move(keys),
                                              JoinKind::kInner, nullptr, "");
        }
        break;
      }
    }
    // Estimated rows before this node's filters.
    const double rows = c->unfiltered_rows;
    const VarBits own = c->OwnFilters();
    out.op->set_estimated_rows(rows);
    if (c->kind == Cand::Kind::kLeaf && (*g.items)[c->item].kind == Item::Kind::kOpaque) {
      out.op->set_estimated_rows(std::max(rows, out.op->estimated_rows()));
    }
    out.rows = rows;
    return ApplyFilters(std::move(out), FiltersOf(g, own), scope);
  }

  // The group's filters in `bits`.
  static std::vector<PendingFilter> FiltersOf(const GroupContext& g, const VarBits& bits) {
    std::vector<PendingFilter> out;
    bits.ForEach([&](std::size_t f) { out.push_back((*g.filters)[f]); });
    return out;
  }

  std::string TripleLabel(const algebra::Triple& t, const Scope& scope) {
    return t.subject.ToString() + " " + t.predicate.ToString() + " " + t.object.ToString() + ScopeLabel(scope);
  }

  OperatorPtr BuildTriple(const algebra::Triple& t, const Scope& scope, const ParamMap& params) {
    return std::make_unique<IndexScan>(ToScanTerm(t.subject, params, scope), ToScanTerm(t.predicate, params, scope),
                                       ToScanTerm(t.object, params, scope), Graphs(scope, params),
                                       TripleLabel(t, scope));
  }

  // Paths left after rewriting: negated property sets and `* + ?`.
  OperatorPtr BuildPath(const algebra::PathOp& p, const Scope& scope, const ParamMap& params) {
    namespace x3 = boost::spirit::x3;
    if (const auto* neg = boost::get<ast::PathNegatedSet>(&p.path.get())) {
      return BuildNegatedSet(p, *neg, scope, params);
    }
    const auto& rep = boost::get<x3::forward_ast<ast::PathRepeat>>(p.path.get()).get();
    TransitivePath::Spec spec;
    spec.subject = ToScanTerm(p.subject, params, scope);
    spec.object = ToScanTerm(p.object, params, scope);
    spec.min_zero = rep.modifier != ast::PathModifier::kOneOrMore;
    spec.unbounded = rep.modifier != ast::PathModifier::kZeroOrOne;
    spec.label = p.subject.ToString() + " " + PathLabel(p.path) + " " + p.object.ToString() + ScopeLabel(scope);
    const bool graph_var = scope.named && scope.graph.is_variable();
    if (graph_var) {
      spec.graph = GraphTerm(scope, params);
      spec.graphs = NamedGraphs();
    }
    std::vector<std::string> seed_columns{".ps"};
    if (graph_var) seed_columns.push_back(scope.graph.variable);
    spec.params = ctx_.NewParamRow(seed_columns.size());

    auto step = [&](bool forward) {
      const VarOrTerm from = VarOrTerm::Var(".ps"), to = VarOrTerm::Var(".pe");
      owned_.push_back(forward ? algebra::TranslatePath(from, rep.path, to)
                               : algebra::TranslatePath(to, rep.path, from));
      Planned seed = Seed(seed_columns, spec.params);
      Planned plan = PlanOp(*owned_.back(), scope, {}, &seed);
      TransitivePath::SubPlan sp;
      sp.column = *plan.op->ColumnOf(".pe");
      sp.plan = std::move(plan.op);
      return sp;
    };
    spec.forward = step(true);
    spec.backward = step(false);
    {
      // Every subject and object of the graph, for searches with both ends
      // free. Inside GRAPH ?g the graph comes from slot 1 of the same row.
      auto bgp = std::make_unique<algebra::Bgp>();
      bgp->triples.push_back({VarOrTerm::Var(".ns"), VarOrTerm::Var(".np"), VarOrTerm::Var(".no")});
      owned_.push_back(std::move(bgp));
      Planned plan;
      if (graph_var) {
        Planned seed = Seed({".nx", scope.graph.variable}, spec.params);
        plan = PlanOp(*owned_.back(), scope, {}, &seed);
      } else {
        plan = PlanOp(*owned_.back(), scope, {}, nullptr);
      }
      spec.nodes.column = *plan.op->ColumnOf(".ns");
      spec.nodes.column2 = *plan.op->ColumnOf(".no");
      spec.nodes.plan = std::move(plan.op);
    }
    auto op = std::make_unique<TransitivePath>(std::move(spec));
    return op;
  }

  std::string PathLabel(const ast::Path& path) {
    algebra::PathOp tmp;
    tmp.subject = VarOrTerm::Var("s");
    tmp.object = VarOrTerm::Var("o");
    tmp.path = path;
    std::string s = algebra::ToString(tmp);  // "(path ?s PATH ?o)\n"
    const std::string head = "(path ?s ";
    auto start = s.find(head);
    auto end = s.rfind(" ?o)");
    if (start == std::string::npos || end == std::string::npos) return s;
    return s.substr(start + head.size(), end - start - head.size());
  }

  OperatorPtr BuildNegatedSet(const algebra::PathOp& p, const ast::PathNegatedSet& neg, const Scope& scope,
                              const ParamMap& params) {
    auto part = [&](const VarOrTerm& from, const VarOrTerm& to, const std::vector<ast::Iri>& excluded) {
      const std::string pred = ".np";
      std::vector<Id> ids;
      std::string label = "(";
      for (const ast::Iri& iri : excluded) {
        if (auto id = Lookup(Term::Iri(iri.value))) ids.push_back(*id);
        label += (label.size() > 1 ? " " : "") + ("<" + iri.value + ">");
      }
      label += ")";
      algebra::Triple t{from, VarOrTerm::Var(pred), to};
      OperatorPtr scan = BuildTriple(t, scope, params);
      const std::size_t col = *scan->ColumnOf(pred);
      OperatorPtr ex = std::make_unique<ExcludeIds>(std::move(scan), col, std::move(ids), label);
      std::vector<std::string> keep;
      for (const std::string& c : ex->columns()) {
        if (c != pred) keep.push_back(c);
      }
      return OperatorPtr(std::make_unique<Project>(std::move(ex), std::move(keep)));
    };
    const bool forward = !neg.forward.empty() || neg.inverse.empty();
    const bool inverse = !neg.inverse.empty();
    OperatorPtr out;
    if (forward) out = part(p.subject, p.object, neg.forward);
    if (inverse) {
      OperatorPtr inv = part(p.object, p.subject, neg.inverse);
      out = out ? OperatorPtr(std::make_unique<Union>(std::move(out), std::move(inv))) : std::move(inv);
    }
    return out;
  }

  ExecContext& ctx_;
  DatasetIds dataset_;
  PlannerOptions options_;
  std::shared_ptr<const storage::StoreStats> stats_;
  std::optional<Summary> summary_;
  std::uint64_t hidden_counter_ = 0;
  std::unordered_map<std::string, std::optional<Id>> lookup_cache_;
  std::unordered_map<std::string, std::optional<double>> probe_cache_;
  std::unordered_map<std::string, std::shared_ptr<const Item::Sample>> probe_samples_;
  std::unordered_map<std::string, std::optional<double>> probed_joins_;
  std::unordered_map<const Op*, algebra::Variables> vars_of_;  // VarsOf
  // CountWith's counters, one per permutation, for the planning of one op:
  // a join probe's values ascend, so its counts read each block once.
  std::array<std::unique_ptr<storage::RowCounter>, storage::kNumPermutations> counters_;
  std::vector<algebra::OpPtr> owned_;
  std::vector<std::unique_ptr<ast::Expression>> owned_expressions_;
  std::deque<algebra::Triple> owned_triples_;  // rewritten patterns (stable addresses)
  // The most rows the consumer will read of the op planned next (set just
  // before a PlanOp call, taken by it): LIMITs, ASK-like EXISTS. Only set
  // where the bound is exact, so TopKSort may rely on it.
  std::optional<std::uint64_t> row_limit_;
};

Planner::Planner(ExecContext& ctx, DatasetIds dataset, PlannerOptions options)
    : impl_(std::make_unique<Impl>(ctx, std::move(dataset), std::move(options))) {}
Planner::~Planner() = default;

OperatorPtr Planner::Plan(const algebra::Op& op, std::optional<std::uint64_t> rows_needed) {
  return impl_->Plan(op, rows_needed);
}

DatasetIds Planner::ResolveDataset(const algebra::Query& query, const storage::Store& store) {
  DatasetIds d;
  if (!query.has_dataset) return d;
  d.default_graphs.clear();
  for (const std::string& iri : query.from) {
    if (auto id = store.LookupId(storage::TermParts::Of(Term::Iri(iri)))) d.default_graphs.push_back(*id);
  }
  std::sort(d.default_graphs.begin(), d.default_graphs.end());
  d.default_graphs.erase(std::unique(d.default_graphs.begin(), d.default_graphs.end()), d.default_graphs.end());
  std::vector<Id> named;
  for (const std::string& iri : query.from_named) {
    if (auto id = store.LookupId(storage::TermParts::Of(Term::Iri(iri)))) named.push_back(*id);
  }
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  d.named_graphs = std::move(named);
  return d;
}

}  // namespace corridor::engine
