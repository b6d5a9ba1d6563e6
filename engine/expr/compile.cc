// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Compilation of SPARQL expressions (§17) into trees of evaluation nodes,
// and the nodes themselves. Evaluation works on typed Values and never
// throws for SPARQL errors: a node returns nullptr (or nullopt) instead.
//
// Thread-safety: a compiled Expr keeps small caches (a constant's id, the
// last dynamically compiled regex), so one Expr must not be evaluated from
// two threads at once; compile one per thread.
#include "engine/expression.h"

#include <boost/variant/apply_visitor.hpp>
#include <boost/variant/get.hpp>

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "corridor/error.h"
#include "engine/expr/strings.h"
#include "engine/expr/value.h"
#include "engine/expr/variables.h"
#include "parser/iri.hpp"
#include "storage/term_codec.h"

namespace corridor::engine {

namespace expr {
namespace {

namespace ast = sparql::ast;
using ast::Builtin;

// ---------------------------------------------------------------- nodes

class Node {
 public:
  virtual ~Node() = default;
  // The value, or nullptr for an error or an unbound variable. The result
  // points into `scratch` or into the node, valid until the next call.
  virtual const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const = 0;
  // The effective boolean value; nullopt for an error.
  virtual std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const {
    Value scratch;
    const Value* v = Eval(row, ctx, &scratch);
    if (!v) return std::nullopt;
    return EffectiveBooleanValue(*v);
  }
  // The value as a row id; kNoId for an error.
  virtual Id EvalId(const RowAccessor& row, EvalContext& ctx) const {
    Value scratch;
    const Value* v = Eval(row, ctx, &scratch);
    return v ? EncodeValue(*v, ctx) : kNoId;
  }
  // The value as an xsd:integer in 64 bits, when that is cheap to know
  // (inline integers and overflow-free + - * of them); false means "use
  // Eval", never an error.
  virtual bool EvalInt64(const RowAccessor&, EvalContext&, std::int64_t*) const { return false; }
};
using NodePtr = std::unique_ptr<Node>;

Id BooleanId(bool b) { return storage::MakeId(storage::kTagBoolean, b ? 1 : 0); }

// Nodes whose value is a boolean computed by Ebv.
class BooleanNode : public Node {
 public:
  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    auto b = Ebv(row, ctx);
    if (!b) return nullptr;
    *scratch = Value::Boolean(*b);
    return scratch;
  }
  Id EvalId(const RowAccessor& row, EvalContext& ctx) const override {
    auto b = Ebv(row, ctx);
    return b ? BooleanId(*b) : kNoId;
  }
};

class VariableNode final : public Node {
 public:
  explicit VariableNode(std::optional<std::size_t> column) : column_(column) {}

  Id RowId(const RowAccessor& row) const { return column_ ? row.Get(*column_) : kNoId; }

  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    const Id id = RowId(row);
    if (id == kNoId) return nullptr;
    ValueFromId(id, ctx, scratch);
    return scratch;
  }
  std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const override {
    const Id id = RowId(row);
    if (id == kNoId) return std::nullopt;
    if (storage::TagOf(id) == storage::kTagBoolean) return storage::PayloadOf(id) != 0;
    if (storage::TagOf(id) == storage::kTagInteger) return storage::InlineIntegerValue(id) != 0;
    Value v;
    ValueFromId(id, ctx, &v);
    return EffectiveBooleanValue(v);
  }
  Id EvalId(const RowAccessor& row, EvalContext&) const override { return RowId(row); }

 private:
  std::optional<std::size_t> column_;
};

class ConstantNode final : public Node {
 public:
  explicit ConstantNode(Term term) : term_(std::move(term)) {
    ValueFromTerm(term_, &value_);
    inline_id_ = storage::TryInlineId(storage::TermParts::Of(term_));
  }

  const Value& value() const { return value_; }
  // The constant's id when it is an inline value.
  std::optional<Id> inline_id() const { return inline_id_; }
  bool is_iri() const { return term_.is_iri(); }

  const Value* Eval(const RowAccessor&, EvalContext&, Value*) const override { return &value_; }
  Id EvalId(const RowAccessor&, EvalContext& ctx) const override {
    if (inline_id_) return *inline_id_;
    if (cached_id_ != kNoId && cached_store_ == &ctx.store()) {
      // A local id is valid only in the vocabulary that made it.
      if (!LocalVocab::IsLocal(cached_id_) ||
          (storage::PayloadOf(cached_id_) < ctx.vocab().size() &&
           ctx.vocab().Get(cached_id_) == term_)) {
        return cached_id_;
      }
    }
    cached_id_ = ctx.Encode(term_);
    cached_store_ = &ctx.store();
    return cached_id_;
  }

 private:
  Term term_;
  Value value_;
  std::optional<Id> inline_id_;
  mutable Id cached_id_ = kNoId;
  mutable const storage::Store* cached_store_ = nullptr;
};

// The id a node has without evaluation work: a variable's row id or an
// inline constant. kNoId if neither (or unbound).
struct IdSource {
  const VariableNode* variable = nullptr;
  std::optional<Id> constant;

  static IdSource Of(const Node* node) {
    IdSource s;
    if (const auto* v = dynamic_cast<const VariableNode*>(node)) s.variable = v;
    if (const auto* c = dynamic_cast<const ConstantNode*>(node)) s.constant = c->inline_id();
    return s;
  }
  bool usable() const { return variable || constant; }
  Id Get(const RowAccessor& row) const { return variable ? variable->RowId(row) : *constant; }
};

// Node::EvalInt64 of `node`, reading its id directly when `source` can.
bool Int64Of(const Node& node, const IdSource& source, const RowAccessor& row, EvalContext& ctx,
             std::int64_t* out) {
  if (source.usable()) {
    const Id id = source.Get(row);
    if (storage::TagOf(id) != storage::kTagInteger || id == kNoId) return false;
    *out = storage::InlineIntegerValue(id);
    return true;
  }
  return node.EvalInt64(row, ctx, out);
}

// a || b || ... over a whole chain of operands (one node, evaluated in a
// loop: a chain of 10,000 operands as nested binary nodes overflowed the
// stack). Folding §17.2's binary || gives: true if any operand is true,
// false if all are false, an error otherwise.
class OrNode final : public BooleanNode {
 public:
  explicit OrNode(std::vector<NodePtr> operands) : operands_(std::move(operands)) {}
  std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const override {
    bool error = false;
    for (const NodePtr& operand : operands_) {
      const auto v = operand->Ebv(row, ctx);
      if (v && *v) return true;
      if (!v) error = true;
    }
    if (error) return std::nullopt;
    return false;
  }

 private:
  std::vector<NodePtr> operands_;
};

// a && b && ...: false if any operand is false, true if all are true, an
// error otherwise (as OrNode, one node per chain).
class AndNode final : public BooleanNode {
 public:
  explicit AndNode(std::vector<NodePtr> operands) : operands_(std::move(operands)) {}
  std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const override {
    bool error = false;
    for (const NodePtr& operand : operands_) {
      const auto v = operand->Ebv(row, ctx);
      if (v && !*v) return false;
      if (!v) error = true;
    }
    if (error) return std::nullopt;
    return true;
  }

 private:
  std::vector<NodePtr> operands_;
};

class NotNode final : public BooleanNode {
 public:
  explicit NotNode(NodePtr arg) : arg_(std::move(arg)) {}
  std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const override {
    const auto a = arg_->Ebv(row, ctx);
    if (!a) return std::nullopt;
    return !*a;
  }

 private:
  NodePtr arg_;
};

std::optional<bool> OrderResult(ast::BinaryOp op, int c) {
  switch (op) {
    case ast::BinaryOp::kEqual:
      return c == 0;
    case ast::BinaryOp::kNotEqual:
      return c != 0;
    case ast::BinaryOp::kLess:
      return c < 0;
    case ast::BinaryOp::kGreater:
      return c > 0;
    case ast::BinaryOp::kLessEqual:
      return c <= 0;
    case ast::BinaryOp::kGreaterEqual:
      return c >= 0;
    default:
      return std::nullopt;
  }
}

// = != < > <= >=.
class CompareNode final : public BooleanNode {
 public:
  CompareNode(ast::BinaryOp op, NodePtr l, NodePtr r)
      : op_(op), l_(std::move(l)), r_(std::move(r)), ls_(IdSource::Of(l_.get())),
        rs_(IdSource::Of(r_.get())) {
    if (op_ == ast::BinaryOp::kEqual || op_ == ast::BinaryOp::kNotEqual) {
      auto iri = [](const Node* n) {
        const auto* c = dynamic_cast<const ConstantNode*>(n);
        return c != nullptr && c->is_iri() ? c : nullptr;
      };
      if (const ConstantNode* c = iri(r_.get()); c && ls_.variable) {
        iri_constant_ = c;
        iri_other_ = ls_;
      } else if (const ConstantNode* c2 = iri(l_.get()); c2 && rs_.variable) {
        iri_constant_ = c2;
        iri_other_ = rs_;
      }
    }
  }

  std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const override {
    if (ls_.usable() && rs_.usable()) {
      // Fast paths on ids: no decoding for inline values, and none for
      // (in)equality of store IRIs and blank nodes, whose ids are unique.
      const Id a = ls_.Get(row), b = rs_.Get(row);
      if (a == kNoId || b == kNoId) return std::nullopt;
      const auto ta = storage::TagOf(a), tb = storage::TagOf(b);
      if (ta == storage::kTagInteger && tb == storage::kTagInteger) {
        const std::int64_t x = storage::InlineIntegerValue(a), y = storage::InlineIntegerValue(b);
        return OrderResult(op_, x < y ? -1 : x > y ? 1 : 0);
      }
      if (ta == storage::kTagBoolean && tb == storage::kTagBoolean) {
        const int x = static_cast<int>(storage::PayloadOf(a)), y = static_cast<int>(storage::PayloadOf(b));
        return OrderResult(op_, x - y);
      }
      const bool ra = ta == storage::kTagIri || ta == storage::kTagBlank;
      const bool rb = tb == storage::kTagIri || tb == storage::kTagBlank;
      if (ra && rb && (op_ == ast::BinaryOp::kEqual || op_ == ast::BinaryOp::kNotEqual)) {
        return (a == b) == (op_ == ast::BinaryOp::kEqual);
      }
    } else if (iri_constant_ != nullptr) {
      // ?v = <iri>, ?v != <iri> with ?v a store IRI or blank node: ids are
      // unique per term, and an IRI the store lacks (a query-local id)
      // equals no store term. No decoding (BSBM q05's FILTER(<p> != ?product)).
      const Id v = iri_other_.Get(row);
      const auto tv = storage::TagOf(v);
      if (v != kNoId && (tv == storage::kTagIri || tv == storage::kTagBlank)) {
        const Id c = iri_constant_->EvalId(row, ctx);
        return (c == v) == (op_ == ast::BinaryOp::kEqual);
      }
    } else if (std::int64_t x, y; Int64Of(*l_, ls_, row, ctx, &x) && Int64Of(*r_, rs_, row, ctx, &y)) {
      // Integers on both sides, one computed (BSBM's ?p < (?q + 120)).
      return OrderResult(op_, x < y ? -1 : x > y ? 1 : 0);
    }
    Value sa, sb;
    const Value* a = l_->Eval(row, ctx, &sa);
    if (!a) return std::nullopt;
    const Value* b = r_->Eval(row, ctx, &sb);
    if (!b) return std::nullopt;
    if (op_ == ast::BinaryOp::kEqual || op_ == ast::BinaryOp::kNotEqual) {
      const auto eq = EqualValues(*a, *b);
      if (!eq) return std::nullopt;
      return *eq == (op_ == ast::BinaryOp::kEqual);
    }
    switch (CompareValues(*a, *b)) {
      case Order::kLess:
        return OrderResult(op_, -1);
      case Order::kEqual:
        return OrderResult(op_, 0);
      case Order::kGreater:
        return OrderResult(op_, 1);
      case Order::kUnordered:
        return false;  // NaN
      case Order::kError:
        return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  ast::BinaryOp op_;
  NodePtr l_, r_;
  IdSource ls_, rs_;
  const ConstantNode* iri_constant_ = nullptr;  // = / != against an IRI constant
  IdSource iri_other_;                          // ... and a variable
};

class ArithmeticNode final : public Node {
 public:
  ArithmeticNode(ArithOp op, NodePtr l, NodePtr r)
      : op_(op), l_(std::move(l)), r_(std::move(r)), ls_(IdSource::Of(l_.get())),
        rs_(IdSource::Of(r_.get())) {}

  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    if (std::int64_t r; EvalInt64(row, ctx, &r)) {
      *scratch = Value::Integer(r);
      return scratch;
    }
    Value sa, sb;
    const Value* a = l_->Eval(row, ctx, &sa);
    if (!a) return nullptr;
    const Value* b = r_->Eval(row, ctx, &sb);
    if (!b) return nullptr;
    auto r = Arithmetic(op_, *a, *b);
    if (!r) return nullptr;
    *scratch = std::move(*r);
    return scratch;
  }
  Id EvalId(const RowAccessor& row, EvalContext& ctx) const override {
    if (std::int64_t r; EvalInt64(row, ctx, &r) && r >= storage::kInlineIntegerMin &&
                        r <= storage::kInlineIntegerMax) {
      return storage::InlineInteger(r);
    }
    return Node::EvalId(row, ctx);
  }
  bool EvalInt64(const RowAccessor& row, EvalContext& ctx, std::int64_t* out) const override {
    if (op_ == ArithOp::kDivide) return false;
    std::int64_t x, y;
    if (!Int64Of(*l_, ls_, row, ctx, &x) || !Int64Of(*r_, rs_, row, ctx, &y)) return false;
    return Apply(x, y, out);
  }

 private:
  // +, - and * that do not overflow 64 bits.
  bool Apply(std::int64_t x, std::int64_t y, std::int64_t* out) const {
    switch (op_) {
      case ArithOp::kAdd:
        return !__builtin_add_overflow(x, y, out);
      case ArithOp::kSubtract:
        return !__builtin_sub_overflow(x, y, out);
      case ArithOp::kMultiply:
        return !__builtin_mul_overflow(x, y, out);
      default:
        return false;
    }
  }

  ArithOp op_;
  NodePtr l_, r_;
  IdSource ls_, rs_;
};

// ((first op[0] rest[0]) op[1] rest[1]) ...: an additive or multiplicative
// chain of three or more operands, folded left in a loop (nested
// ArithmeticNodes recursed once per operand and overflowed the stack on
// long chains). `first` is the ArithmeticNode of the first two operands.
class ArithmeticChainNode final : public Node {
 public:
  ArithmeticChainNode(NodePtr first, std::vector<ArithOp> ops, std::vector<NodePtr> rest)
      : first_(std::move(first)), ops_(std::move(ops)), rest_(std::move(rest)) {}

  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    Value acc;
    const Value* a = first_->Eval(row, ctx, &acc);
    if (!a) return nullptr;
    if (a != &acc) acc = *a;
    for (std::size_t i = 0; i < rest_.size(); ++i) {
      Value sb;
      const Value* b = rest_[i]->Eval(row, ctx, &sb);
      if (!b) return nullptr;
      auto r = Arithmetic(ops_[i], acc, *b);
      if (!r) return nullptr;
      acc = std::move(*r);
    }
    *scratch = std::move(acc);
    return scratch;
  }

 private:
  NodePtr first_;
  std::vector<ArithOp> ops_;
  std::vector<NodePtr> rest_;
};

class UnaryNumericNode final : public Node {
 public:
  UnaryNumericNode(bool minus, NodePtr arg) : minus_(minus), arg_(std::move(arg)) {}
  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    const Value* v = arg_->Eval(row, ctx, scratch);
    if (!v || !v->IsNumeric()) return nullptr;
    if (!minus_) return v;
    auto r = Negate(*v);
    if (!r) return nullptr;
    *scratch = std::move(*r);
    return scratch;
  }

 private:
  bool minus_;
  NodePtr arg_;
};

// lhs [NOT] IN (list): a disjunction of `=` tests (§17.4.1.9).
class InNode final : public BooleanNode {
 public:
  InNode(NodePtr lhs, std::vector<NodePtr> list, bool negated)
      : lhs_(std::move(lhs)), list_(std::move(list)), negated_(negated) {}
  std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const override {
    if (list_.empty()) return negated_;
    Value sl;
    const Value* l = lhs_->Eval(row, ctx, &sl);
    if (!l) return std::nullopt;
    bool error = false;
    for (const NodePtr& e : list_) {
      Value se;
      const Value* v = e->Eval(row, ctx, &se);
      std::optional<bool> eq = v ? EqualValues(*l, *v) : std::nullopt;
      if (!eq) {
        error = true;
      } else if (*eq) {
        return !negated_;
      }
    }
    if (error) return std::nullopt;
    return negated_;
  }

 private:
  NodePtr lhs_;
  std::vector<NodePtr> list_;
  bool negated_;
};

class BoundNode final : public BooleanNode {
 public:
  explicit BoundNode(std::optional<std::size_t> column) : column_(column) {}
  std::optional<bool> Ebv(const RowAccessor& row, EvalContext&) const override {
    return column_ && row.Get(*column_) != kNoId;
  }

 private:
  std::optional<std::size_t> column_;
};

class IfNode final : public Node {
 public:
  IfNode(NodePtr c, NodePtr t, NodePtr e) : c_(std::move(c)), t_(std::move(t)), e_(std::move(e)) {}
  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    const auto c = c_->Ebv(row, ctx);
    if (!c) return nullptr;
    return (*c ? t_ : e_)->Eval(row, ctx, scratch);
  }
  Id EvalId(const RowAccessor& row, EvalContext& ctx) const override {
    const auto c = c_->Ebv(row, ctx);
    if (!c) return kNoId;
    return (*c ? t_ : e_)->EvalId(row, ctx);
  }

 private:
  NodePtr c_, t_, e_;
};

class CoalesceNode final : public Node {
 public:
  explicit CoalesceNode(std::vector<NodePtr> args) : args_(std::move(args)) {}
  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    for (const NodePtr& a : args_) {
      if (const Value* v = a->Eval(row, ctx, scratch)) return v;
    }
    return nullptr;
  }
  Id EvalId(const RowAccessor& row, EvalContext& ctx) const override {
    for (const NodePtr& a : args_) {
      if (const Id id = a->EvalId(row, ctx); id != kNoId) return id;
    }
    return kNoId;
  }

 private:
  std::vector<NodePtr> args_;
};

class ExistsNode final : public BooleanNode {
 public:
  ExistsNode(ExistsFn fn, bool negated) : fn_(std::move(fn)), negated_(negated) {}
  std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const override {
    return fn_(row, ctx) != negated_;
  }

 private:
  ExistsFn fn_;
  bool negated_;
};

class CastNode final : public Node {
 public:
  CastNode(std::string target, NodePtr arg) : target_(std::move(target)), arg_(std::move(arg)) {}
  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    Value s;
    const Value* v = arg_->Eval(row, ctx, &s);
    if (!v) return nullptr;
    auto r = CastTo(target_, *v);
    if (!r) return nullptr;
    *scratch = std::move(*r);
    return scratch;
  }

 private:
  std::string target_;
  NodePtr arg_;
};

// --------------------------------------------------- regular expressions

// A pattern and flags: compiled once when both are constants, else on
// each change of their values (the last one is kept).
class RegexSource {
 public:
  RegexSource(const Node* pattern, const Node* flags) : pattern_(pattern), flags_(flags) {
    const auto* p = dynamic_cast<const ConstantNode*>(pattern);
    const auto* f = flags ? dynamic_cast<const ConstantNode*>(flags) : nullptr;
    if (p && (!flags || f)) {
      constant_ = true;
      if (p->value().type == ValueType::kString &&
          (!f || f->value().type == ValueType::kString)) {
        regex_ = Regex::Compile(p->value().lexical, f ? f->value().lexical : "");
      }
    }
  }

  // nullptr for an error (invalid pattern or flags, non-string arguments).
  Regex* Get(const RowAccessor& row, EvalContext& ctx) const {
    if (constant_) return regex_.get();
    Value sp, sf;
    const Value* p = pattern_->Eval(row, ctx, &sp);
    if (!p || p->type != ValueType::kString) return nullptr;
    std::string_view flags;
    if (flags_) {
      const Value* f = flags_->Eval(row, ctx, &sf);
      if (!f || f->type != ValueType::kString) return nullptr;
      flags = f->lexical;
    }
    if (!have_cached_ || cached_pattern_ != p->lexical || cached_flags_ != flags) {
      regex_ = Regex::Compile(p->lexical, flags);
      cached_pattern_ = p->lexical;
      cached_flags_.assign(flags);
      have_cached_ = true;
    }
    return regex_.get();
  }

 private:
  const Node* pattern_;
  const Node* flags_;
  bool constant_ = false;
  mutable std::unique_ptr<Regex> regex_;
  mutable bool have_cached_ = false;
  mutable std::string cached_pattern_, cached_flags_;
};

class RegexNode final : public BooleanNode {
 public:
  RegexNode(NodePtr text, NodePtr pattern, NodePtr flags)
      : text_(std::move(text)), pattern_(std::move(pattern)), flags_(std::move(flags)),
        source_(pattern_.get(), flags_.get()) {}
  std::optional<bool> Ebv(const RowAccessor& row, EvalContext& ctx) const override {
    Value st;
    const Value* t = text_->Eval(row, ctx, &st);
    if (!t || !t->IsStringLiteral()) return std::nullopt;
    Regex* re = source_.Get(row, ctx);
    if (!re) return std::nullopt;
    return re->Find(t->lexical);
  }

 private:
  NodePtr text_, pattern_, flags_;
  RegexSource source_;
};

class ReplaceNode final : public Node {
 public:
  ReplaceNode(NodePtr text, NodePtr pattern, NodePtr replacement, NodePtr flags)
      : text_(std::move(text)), pattern_(std::move(pattern)), replacement_(std::move(replacement)),
        flags_(std::move(flags)), source_(pattern_.get(), flags_.get()) {}
  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    Value st, sr;
    const Value* t = text_->Eval(row, ctx, &st);
    if (!t || !t->IsStringLiteral()) return nullptr;
    const Value* r = replacement_->Eval(row, ctx, &sr);
    if (!r || r->type != ValueType::kString) return nullptr;
    Regex* re = source_.Get(row, ctx);
    if (!re) return nullptr;
    auto out = re->Replace(t->lexical, r->lexical);
    if (!out) return nullptr;
    *scratch = Value::StringLike(std::move(*out), *t);
    return scratch;
  }

 private:
  NodePtr text_, pattern_, replacement_, flags_;
  RegexSource source_;
};

// ------------------------------------------------- eager built-in calls

double NumberAsDouble(const Value& v) {
  return v.type <= ValueType::kDecimal ? v.number.ToDouble() : v.dbl;
}

// §17.4.3.1.1: arg1 and arg2 are compatible string literals.
bool Compatible(const Value& a, const Value& b) {
  if (!a.IsStringLiteral() || !b.IsStringLiteral()) return false;
  return b.type == ValueType::kString ||
         (a.type == ValueType::kLangString && a.language == b.language);
}

bool ValidLanguageTag(std::string_view tag) {
  // [a-zA-Z]{1,8} ('-' [a-zA-Z0-9]{1,8})*
  std::size_t i = 0, n = 0;
  bool first = true;
  while (true) {
    n = 0;
    while (i < tag.size() && tag[i] != '-') {
      const char c = tag[i];
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      const bool digit = c >= '0' && c <= '9';
      if (!alpha && !(digit && !first)) return false;
      ++i;
      ++n;
    }
    if (n == 0 || n > 8) return false;
    if (i == tag.size()) return true;
    ++i;  // '-'
    first = false;
  }
}

std::string Hex(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string HexNumber(std::uint64_t v) {
  char buf[20];
  return std::string(buf, std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v)));
}

// Applies an eagerly evaluated built-in to its argument values. Returns
// `out` filled, a pointer to one of the arguments, or nullptr for an error.
const Value* Apply(Builtin fn, const Value* const* a, std::size_t n, EvalContext& ctx,
                   const std::string& base, Value* out) {
  switch (fn) {
    case Builtin::kStr:
      if (a[0]->type == ValueType::kBlank) return nullptr;
      *out = Value::String(a[0]->Lexical());
      return out;
    case Builtin::kLang:
      if (!a[0]->IsLiteral()) return nullptr;
      *out = Value::String(a[0]->language);
      return out;
    case Builtin::kLangMatches:
      if (a[0]->type != ValueType::kString || a[1]->type != ValueType::kString) return nullptr;
      *out = Value::Boolean(LangMatches(a[0]->lexical, a[1]->lexical));
      return out;
    case Builtin::kDatatype:
      if (!a[0]->IsLiteral()) return nullptr;
      *out = Value::Iri(a[0]->DatatypeIri());
      return out;
    case Builtin::kIri:
    case Builtin::kUri:
      if (a[0]->type == ValueType::kIri) return a[0];
      if (a[0]->type != ValueType::kString) return nullptr;
      *out = Value::Iri(base.empty() ? a[0]->lexical : sparql::ResolveIri(base, a[0]->lexical));
      return out;
    case Builtin::kBnode: {
      if (n == 0) {
        // A fresh blank node: reserve its label in the vocabulary at once so
        // that the next call cannot produce it again.
        const std::string label = "qn" + HexNumber(ctx.vocab().size());
        *out = Value::Blank(label);
        out->id = ctx.vocab().Add(Term::Blank(label));
        return out;
      }
      if (a[0]->type != ValueType::kString) return nullptr;
      // The same label within one row gives the same node; "q" keeps these
      // apart from store blank nodes ("b" + hex).
      *out = Value::Blank("qs" + HexNumber(ctx.row_number()) + "_" + Hex(a[0]->lexical));
      return out;
    }
    case Builtin::kRand:
      *out = Value::Double(RandomUnit());
      return out;
    case Builtin::kAbs:
    case Builtin::kCeil:
    case Builtin::kFloor:
    case Builtin::kRound: {
      const Value& v = *a[0];
      if (!v.IsNumeric()) return nullptr;
      if (v.type <= ValueType::kDecimal) {
        Decimal d = fn == Builtin::kAbs    ? v.number.Abs()
                    : fn == Builtin::kCeil ? v.number.Ceil()
                    : fn == Builtin::kFloor ? v.number.Floor()
                                           : v.number.Round();
        *out = v.type == ValueType::kInteger ? Value::Integer(std::move(d))
                                             : Value::DecimalValue(std::move(d));
        return out;
      }
      const double x = v.dbl;
      const double r = fn == Builtin::kAbs    ? std::fabs(x)
                       : fn == Builtin::kCeil ? std::ceil(x)
                       : fn == Builtin::kFloor ? std::floor(x)
                       : std::isfinite(x)     ? std::floor(x + 0.5)
                                              : x;
      *out = v.type == ValueType::kFloat ? Value::Float(r) : Value::Double(r);
      return out;
    }
    case Builtin::kConcat: {
      std::string s;
      bool same_language = n > 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (!a[i]->IsStringLiteral()) return nullptr;
        s += a[i]->lexical;
        if (a[i]->type != ValueType::kLangString || a[i]->language != a[0]->language) {
          same_language = false;
        }
      }
      *out = same_language ? Value::LangString(std::move(s), a[0]->language) : Value::String(std::move(s));
      return out;
    }
    case Builtin::kSubstr: {
      if (!a[0]->IsStringLiteral() || !a[1]->IsNumeric()) return nullptr;
      std::optional<double> length;
      if (n == 3) {
        if (!a[2]->IsNumeric()) return nullptr;
        length = NumberAsDouble(*a[2]);
      }
      *out = Value::StringLike(Substring(a[0]->lexical, NumberAsDouble(*a[1]), length), *a[0]);
      return out;
    }
    case Builtin::kStrlen:
      if (!a[0]->IsStringLiteral()) return nullptr;
      *out = Value::Integer(CodePointLength(a[0]->lexical));
      return out;
    case Builtin::kUcase:
    case Builtin::kLcase:
      if (!a[0]->IsStringLiteral()) return nullptr;
      *out = Value::StringLike(fn == Builtin::kUcase ? ToUpper(a[0]->lexical) : ToLower(a[0]->lexical),
                               *a[0]);
      return out;
    case Builtin::kEncodeForUri:
      if (!a[0]->IsStringLiteral()) return nullptr;
      *out = Value::String(EncodeForUri(a[0]->lexical));
      return out;
    case Builtin::kContains:
    case Builtin::kStrStarts:
    case Builtin::kStrEnds: {
      if (!Compatible(*a[0], *a[1])) return nullptr;
      const std::string_view s = a[0]->lexical, t = a[1]->lexical;
      const bool r = fn == Builtin::kContains    ? s.find(t) != std::string_view::npos
                     : fn == Builtin::kStrStarts ? s.substr(0, t.size()) == t
                                                 : s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
      *out = Value::Boolean(r);
      return out;
    }
    case Builtin::kStrBefore:
    case Builtin::kStrAfter: {
      if (!Compatible(*a[0], *a[1])) return nullptr;
      const std::string& s = a[0]->lexical;
      const std::size_t pos = s.find(a[1]->lexical);
      if (pos == std::string::npos) {
        *out = Value::String("");
      } else if (fn == Builtin::kStrBefore) {
        *out = Value::StringLike(s.substr(0, pos), *a[0]);
      } else {
        *out = Value::StringLike(s.substr(pos + a[1]->lexical.size()), *a[0]);
      }
      return out;
    }
    case Builtin::kYear:
    case Builtin::kMonth:
    case Builtin::kDay:
    case Builtin::kHours:
    case Builtin::kMinutes:
    case Builtin::kSeconds:
    case Builtin::kTimezone:
    case Builtin::kTz: {
      if (a[0]->type != ValueType::kDateTime) return nullptr;
      const DateTime& t = a[0]->temporal;
      const bool has_date = t.kind != TemporalKind::kTime;
      const bool has_time = t.kind != TemporalKind::kDate;
      switch (fn) {
        case Builtin::kYear:
          if (!has_date) return nullptr;
          *out = Value::Integer(t.year);
          return out;
        case Builtin::kMonth:
          if (!has_date) return nullptr;
          *out = Value::Integer(t.month);
          return out;
        case Builtin::kDay:
          if (!has_date) return nullptr;
          *out = Value::Integer(t.day);
          return out;
        case Builtin::kHours:
          if (!has_time) return nullptr;
          *out = Value::Integer(t.hour);
          return out;
        case Builtin::kMinutes:
          if (!has_time) return nullptr;
          *out = Value::Integer(t.minute);
          return out;
        case Builtin::kSeconds:
          if (!has_time) return nullptr;
          *out = Value::DecimalValue(*Decimal::ParseDecimal(t.SecondsLexical()));
          return out;
        case Builtin::kTimezone:
          if (!t.tz_minutes) return nullptr;
          *out = Value::TypedLiteral(t.TimezoneDuration(), std::string(kXsdDayTimeDurationIri));
          return out;
        default:
          *out = Value::String(t.TimezoneString());
          return out;
      }
    }
    case Builtin::kNow:
      *out = Value::TypedLiteral(ctx.now(), std::string(kXsdDateTimeIri));
      return out;
    case Builtin::kUuid:
      *out = Value::Iri("urn:uuid:" + RandomUuid());
      return out;
    case Builtin::kStrUuid:
      *out = Value::String(RandomUuid());
      return out;
    case Builtin::kMd5:
    case Builtin::kSha1:
    case Builtin::kSha256:
    case Builtin::kSha384:
    case Builtin::kSha512: {
      if (a[0]->type != ValueType::kString) return nullptr;
      const HashKind kind = fn == Builtin::kMd5      ? HashKind::kMd5
                            : fn == Builtin::kSha1   ? HashKind::kSha1
                            : fn == Builtin::kSha256 ? HashKind::kSha256
                            : fn == Builtin::kSha384 ? HashKind::kSha384
                                                     : HashKind::kSha512;
      *out = Value::String(HexDigest(kind, a[0]->lexical));
      return out;
    }
    case Builtin::kStrLang:
      if (a[0]->type != ValueType::kString || a[1]->type != ValueType::kString ||
          !ValidLanguageTag(a[1]->lexical)) {
        return nullptr;
      }
      *out = Value::LangString(a[0]->lexical, a[1]->lexical);
      return out;
    case Builtin::kStrDt:
      if (a[0]->type != ValueType::kString || a[1]->type != ValueType::kIri ||
          a[1]->lexical == kRdfLangString) {
        return nullptr;
      }
      *out = Value::TypedLiteral(a[0]->lexical, a[1]->lexical);
      return out;
    case Builtin::kSameTerm:
      *out = Value::Boolean(SameTerm(*a[0], *a[1]));
      return out;
    case Builtin::kIsIri:
    case Builtin::kIsUri:
      *out = Value::Boolean(a[0]->type == ValueType::kIri);
      return out;
    case Builtin::kIsBlank:
      *out = Value::Boolean(a[0]->type == ValueType::kBlank);
      return out;
    case Builtin::kIsLiteral:
      *out = Value::Boolean(a[0]->IsLiteral());
      return out;
    case Builtin::kIsNumeric:
      *out = Value::Boolean(a[0]->IsNumeric());
      return out;
    default:
      // BOUND, IF, COALESCE, REGEX and REPLACE have nodes of their own.
      return nullptr;
  }
}

class CallNode final : public Node {
 public:
  CallNode(Builtin fn, std::vector<NodePtr> args, const std::string& base)
      : fn_(fn), args_(std::move(args)), base_(base) {}

  const Value* Eval(const RowAccessor& row, EvalContext& ctx, Value* scratch) const override {
    constexpr std::size_t kInline = 3;
    const std::size_t n = args_.size();
    if (n <= kInline) {
      Value s[kInline];
      const Value* v[kInline] = {nullptr, nullptr, nullptr};
      for (std::size_t i = 0; i < n; ++i) {
        v[i] = args_[i]->Eval(row, ctx, &s[i]);
        if (!v[i]) return nullptr;
      }
      return Finish(Apply(fn_, v, n, ctx, base_, scratch), scratch);
    }
    std::vector<Value> s(n);
    std::vector<const Value*> v(n);
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = args_[i]->Eval(row, ctx, &s[i]);
      if (!v[i]) return nullptr;
    }
    return Finish(Apply(fn_, v.data(), n, ctx, base_, scratch), scratch);
  }

 private:
  // A result pointing at an argument's scratch must be copied out before
  // the scratch goes away.
  static const Value* Finish(const Value* r, Value* scratch) {
    if (r && r != scratch) {
      *scratch = *r;
      return scratch;
    }
    return r;
  }

  Builtin fn_;
  std::vector<NodePtr> args_;
  std::string base_;
};

// ---------------------------------------------------------- compilation

template <typename T>
const T& Unwrap(const T& value) {
  return value;
}
template <typename T>
const T& Unwrap(const ast::x3::forward_ast<T>& value) {
  return value.get();
}

ArithOp ToArith(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kAdd:
      return ArithOp::kAdd;
    case ast::BinaryOp::kSubtract:
      return ArithOp::kSubtract;
    case ast::BinaryOp::kMultiply:
      return ArithOp::kMultiply;
    default:
      return ArithOp::kDivide;
  }
}

Term LiteralTerm(const ast::Literal& l) {
  if (!l.language.empty()) return Term::LangLiteral(l.lexical, l.language);
  return Term::TypedLiteral(l.lexical, l.datatype);
}

class Compiler {
 public:
  Compiler(const ColumnOf& column_of, const ExistsCompiler& exists, const CompileOptions& options)
      : column_of_(column_of), exists_(exists), options_(options) {}

  NodePtr Compile(const ast::Expression& e) {
    NodePtr result;
    boost::apply_visitor([&](const auto& alt) { result = CompileNode(Unwrap(alt)); }, e.get());
    return result;
  }

 private:
  NodePtr CompileNode(const ast::Term& t) {
    if (const auto* v = boost::get<ast::Variable>(&t.get())) {
      return std::make_unique<VariableNode>(column_of_(v->name));
    }
    if (const auto* i = boost::get<ast::Iri>(&t.get())) {
      return std::make_unique<ConstantNode>(Term::Iri(i->value));
    }
    if (const auto* l = boost::get<ast::Literal>(&t.get())) {
      return std::make_unique<ConstantNode>(LiteralTerm(*l));
    }
    throw Error(ErrorCode::kInvalidArgument, "a blank node cannot be used in an expression");
  }

  // A chain is one precedence level (parser/README.md): all ||, all &&,
  // all additive or all multiplicative, or one comparison. Long chains
  // become one node evaluated in a loop, never a deep tree.
  NodePtr CompileNode(const ast::BinaryExpr& b) {
    const auto all = [&](auto pred) { return std::all_of(b.ops.begin(), b.ops.end(), pred); };
    const auto is = [](ast::BinaryOp want) { return [want](ast::BinaryOp op) { return op == want; }; };
    const auto is_arithmetic = [](ast::BinaryOp op) {
      return op == ast::BinaryOp::kAdd || op == ast::BinaryOp::kSubtract ||
             op == ast::BinaryOp::kMultiply || op == ast::BinaryOp::kDivide;
    };
    if (!b.ops.empty() && (all(is(ast::BinaryOp::kOr)) || all(is(ast::BinaryOp::kAnd)))) {
      std::vector<NodePtr> operands;
      for (const auto& operand : b.operands) operands.push_back(Compile(operand));
      if (b.ops[0] == ast::BinaryOp::kOr) return std::make_unique<OrNode>(std::move(operands));
      return std::make_unique<AndNode>(std::move(operands));
    }
    if (b.ops.size() > 1 && all(is_arithmetic)) {
      NodePtr first = std::make_unique<ArithmeticNode>(
          ToArith(b.ops[0]), Compile(b.operands.at(0)), Compile(b.operands.at(1)));
      std::vector<ArithOp> ops;
      std::vector<NodePtr> rest;
      for (std::size_t i = 1; i < b.ops.size(); ++i) {
        ops.push_back(ToArith(b.ops[i]));
        rest.push_back(Compile(b.operands.at(i + 1)));
      }
      return std::make_unique<ArithmeticChainNode>(std::move(first), std::move(ops),
                                                   std::move(rest));
    }
    // One operator (or a mixed chain, which the parser does not produce).
    NodePtr acc = Compile(b.operands.at(0));
    for (std::size_t i = 0; i < b.ops.size(); ++i) {
      NodePtr rhs = Compile(b.operands.at(i + 1));
      const ast::BinaryOp op = b.ops[i];
      if (op == ast::BinaryOp::kOr || op == ast::BinaryOp::kAnd) {
        std::vector<NodePtr> pair;
        pair.push_back(std::move(acc));
        pair.push_back(std::move(rhs));
        acc = op == ast::BinaryOp::kOr ? NodePtr(std::make_unique<OrNode>(std::move(pair)))
                                       : NodePtr(std::make_unique<AndNode>(std::move(pair)));
      } else if (is_arithmetic(op)) {
        acc = std::make_unique<ArithmeticNode>(ToArith(op), std::move(acc), std::move(rhs));
      } else {
        acc = std::make_unique<CompareNode>(op, std::move(acc), std::move(rhs));
      }
    }
    return acc;
  }

  NodePtr CompileNode(const ast::UnaryExpr& u) {
    NodePtr arg = Compile(u.operand);
    if (u.op == ast::UnaryOp::kNot) return std::make_unique<NotNode>(std::move(arg));
    return std::make_unique<UnaryNumericNode>(u.op == ast::UnaryOp::kMinus, std::move(arg));
  }

  NodePtr CompileNode(const ast::InExpr& in) {
    NodePtr lhs = Compile(in.lhs);
    std::vector<NodePtr> list;
    for (const auto& e : in.list) list.push_back(Compile(e));
    return std::make_unique<InNode>(std::move(lhs), std::move(list), in.negated);
  }

  NodePtr CompileNode(const ast::BuiltinCall& call) {
    std::vector<NodePtr> args;
    switch (call.function) {
      case Builtin::kBound: {
        const auto* term = boost::get<ast::Term>(&call.args.at(0).get());
        const auto* var = term ? boost::get<ast::Variable>(&term->get()) : nullptr;
        if (!var) throw Error(ErrorCode::kInvalidArgument, "BOUND takes a variable");
        return std::make_unique<BoundNode>(column_of_(var->name));
      }
      default:
        break;
    }
    for (const auto& e : call.args) args.push_back(Compile(e));
    auto arg = [&](std::size_t i) { return i < args.size() ? std::move(args[i]) : nullptr; };
    switch (call.function) {
      case Builtin::kIf:
        return std::make_unique<IfNode>(arg(0), arg(1), arg(2));
      case Builtin::kCoalesce:
        return std::make_unique<CoalesceNode>(std::move(args));
      case Builtin::kRegex:
        return std::make_unique<RegexNode>(arg(0), arg(1), arg(2));
      case Builtin::kReplace:
        return std::make_unique<ReplaceNode>(arg(0), arg(1), arg(2), arg(3));
      default:
        return std::make_unique<CallNode>(call.function, std::move(args), options_.base);
    }
  }

  NodePtr CompileNode(const ast::FunctionCall& call) {
    const std::string& iri = call.function.value;
    if (IsCastTarget(iri)) {
      if (call.args.size() != 1) {
        throw Error(ErrorCode::kInvalidArgument, "the cast <" + iri + "> takes one argument");
      }
      return std::make_unique<CastNode>(iri, Compile(call.args[0]));
    }
    throw Error(ErrorCode::kInvalidArgument, "unknown function <" + iri + ">");
  }

  NodePtr CompileNode(const ast::Aggregate&) {
    throw Error(ErrorCode::kInvalidArgument,
                "an aggregate is not allowed here (aggregates are computed by grouping)");
  }

  NodePtr CompileNode(const ast::ExistsExpr& e) {
    if (!exists_) throw Error(ErrorCode::kInvalidArgument, "EXISTS is not supported here");
    return std::make_unique<ExistsNode>(exists_(e.pattern), e.negated);
  }

  const ColumnOf& column_of_;
  const ExistsCompiler& exists_;
  const CompileOptions& options_;
};

class CompiledExpr final : public Expr {
 public:
  CompiledExpr(NodePtr root, std::vector<std::string> variables)
      : root_(std::move(root)), variables_(std::move(variables)) {}
  Id Evaluate(const RowAccessor& row, EvalContext& ctx) const override {
    return root_->EvalId(row, ctx);
  }
  std::optional<bool> EvaluateBoolean(const RowAccessor& row, EvalContext& ctx) const override {
    return root_->Ebv(row, ctx);
  }
  const std::vector<std::string>& variables() const override { return variables_; }

 private:
  NodePtr root_;
  std::vector<std::string> variables_;
};

}  // namespace
}  // namespace expr

bool IsKnownFunction(std::string_view iri) { return expr::IsCastTarget(iri); }

std::unique_ptr<Expr> CompileExpression(const sparql::ast::Expression& expression,
                                        const ColumnOf& column_of, const ExistsCompiler& exists,
                                        const CompileOptions& options) {
  expr::Compiler compiler(column_of, exists, options);
  expr::NodePtr root = compiler.Compile(expression);
  return std::make_unique<expr::CompiledExpr>(std::move(root), expr::ExpressionVariables(expression));
}

}  // namespace corridor::engine
