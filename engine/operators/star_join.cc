// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/star_join.h"

#include <algorithm>

#include "engine/operators/exec_context.h"

namespace corridor::engine {

using storage::kO;
using storage::kP;

namespace {

// Steps forward tried before a seek: a step within a block costs a few
// hundred instructions, a RocksDB seek about twenty times that. Each arm
// adapts its budget: halved when the steps ran out (many triples of other
// predicates lie between, e.g. a product's hundreds of reviews), grown
// back when they sufficed.
constexpr int kMaxSteps = 16;

std::vector<std::string> StarColumns(const Operator& input, const std::vector<StarArm>& arms) {
  std::vector<std::string> columns = input.columns();
  for (const StarArm& a : arms) {
    if (a.object == StarArm::Object::kFresh) columns.push_back(a.variable);
  }
  return columns;
}

}  // namespace

StarJoin::StarJoin(OperatorPtr input, std::size_t subject_column, Id graph, std::vector<StarArm> arms)
    : Operator(StarColumns(*input, arms)), input_(std::move(input)), subject_column_(subject_column),
      graph_(graph), arms_(std::move(arms)) {
  sorted_on_ = input_->sorted_on();
  IndexArms();
}

void StarJoin::IndexArms() {
  order_.clear();
  fresh_.clear();
  fresh_slot_.clear();
  same_.clear();
  // Read in the index's order, (predicate, object), in one forward pass
  // over the subject's triples: reading the existence checks first, to
  // fail early, made most rows seek back (WatDiv S3-1: three seeks a row
  // where two did). Arms on one predicate: bound objects first.
  auto rank = [&](std::size_t i) {
    const StarArm& a = arms_[i];
    return a.object == StarArm::Object::kConstant || a.object == StarArm::Object::kInput ? 0 : 1;
  };
  for (std::size_t i = 0; i < arms_.size(); ++i) {
    order_.push_back(i);
    fresh_slot_.push_back(fresh_.size());
    if (arms_[i].object == StarArm::Object::kFresh) fresh_.push_back(i);
    if (arms_[i].object == StarArm::Object::kSameAs) same_.push_back(i);
  }
  std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
    if (arms_[a].predicate != arms_[b].predicate) return arms_[a].predicate < arms_[b].predicate;
    return rank(a) < rank(b);
  });
}

void StarJoin::AddOptionalArm(StarArm arm) {
  arm.object = StarArm::Object::kFresh;
  arm.optional = true;
  columns_.push_back(arm.variable);
  arms_.push_back(std::move(arm));
  IndexArms();
}

StarJoin::~StarJoin() = default;

std::string StarJoin::details() const {
  std::string d = "?" + input_->columns()[subject_column_] + ":";
  for (std::size_t i = 0; i < arms_.size(); ++i) {
    d += (i == 0 ? " " : ", ") + std::string(arms_[i].optional ? "OPTIONAL " : "") + arms_[i].label;
  }
  return d;
}

void StarJoin::OpenImpl() {
  input_batch_.Reset(input_->width());
  input_pos_ = 0;
  input_done_ = false;
  pending_ = false;
  matches_.assign(fresh_.size(), {});
  same_matches_.assign(arms_.size(), {});
  budgets_.assign(arms_.size(), kMaxSteps);
  odometer_.assign(fresh_.size(), 0);
  // Re-opened on the same snapshot (inside a correlated sub-plan): the
  // iterator is kept, Reset re-targets it.
  if (it_ && it_snapshot_ != ctx().snapshot().get()) it_.reset();
  input_->Open(ctx());
}

void StarJoin::Advance(std::size_t arm, Id s, Id predicate, Id object) {
  storage::ScanIterator& it = *it_;
  auto below = [&] {
    const storage::IdQuad& q = it.quad();
    return q[kP] < predicate || (q[kP] == predicate && q[kO] < object);
  };
  int& budget = budgets_[arm];
  for (int steps = 0; it.Valid() && below(); ++steps) {
    if (steps >= budget) {
      budget = std::max(1, budget / 2);
      it.Seek({graph_, s, predicate, object});
      return;
    }
    it.Next();
    ctx().CountScanned();
  }
  budget = std::min(kMaxSteps, budget + 1);
}

Id StarJoin::ObjectOf(const StarArm& arm, const Id* row) {
  switch (arm.object) {
    case StarArm::Object::kConstant: return arm.constant;
    case StarArm::Object::kInput: return row[arm.input_column];
    default: return 0;  // the predicate's first triple
  }
}

bool StarJoin::Match(const Id* row) {
  const Id s = row[subject_column_];
  if (s == kNoId) return false;
  // Positioned on the first arm's first triple, by one seek (or none).
  const StarArm& first_arm = arms_[order_[0]];
  if (!it_) {
    it_ = ctx().store().Scan(ctx().snapshot(), storage::Permutation::kGspo, {graph_, s});
    it_snapshot_ = ctx().snapshot().get();
  }
  it_->Reset({graph_, s}, {graph_, s, first_arm.predicate, ObjectOf(first_arm, row)});
  // The previous arm's target (predicate, object): a target at or below it
  // lies behind the iterator, which seeks back (two arms on the same
  // predicate); one above it is reached by stepping forward.
  Id prev_p = 0, prev_o = 0;
  bool first = true;
  for (std::size_t k : order_) {
    const StarArm& a = arms_[k];
    const Id object = ObjectOf(a, row);
    if (a.object == StarArm::Object::kInput && object == kNoId) return false;
    if (!first && (a.predicate < prev_p || (a.predicate == prev_p && object <= prev_o))) {
      it_->Seek({graph_, s, a.predicate, object});
    } else {
      Advance(k, s, a.predicate, object);
    }
    first = false;
    prev_p = a.predicate;
    prev_o = object;
    if (a.object == StarArm::Object::kConstant || a.object == StarArm::Object::kInput) {
      if (!it_->Valid() || it_->quad()[kP] != a.predicate || it_->quad()[kO] != object) return false;
      continue;
    }
    std::vector<Id>& found =
        a.object == StarArm::Object::kFresh ? matches_[fresh_slot_[k]] : same_matches_[k];
    found.clear();
    while (it_->Valid() && it_->quad()[kP] == a.predicate) {
      found.push_back(it_->quad()[kO]);
      it_->Next();
      ctx().CountScanned();
      ctx().Tick();
    }
    if (found.empty()) {
      if (!a.optional) return false;
      found.push_back(kNoId);  // unbound
    }
  }
  // An arm sharing another's variable: the other's values are those of
  // the join of the two lists (with multiplicity).
  for (std::size_t k : same_) {
    std::vector<Id>& values = matches_[fresh_slot_[arms_[k].same_as]];
    const std::vector<Id>& also = same_matches_[k];
    std::vector<Id> joined;
    for (Id v : values) {
      for (Id w : also) {
        if (v == w) joined.push_back(v);
      }
    }
    if (joined.empty()) return false;
    values = std::move(joined);
  }
  return true;
}

bool StarJoin::NextImpl(Batch* out, std::size_t max_rows) {
  const std::size_t in_width = input_->width();
  while (out->size() < max_rows) {
    if (!pending_) {
      if (input_pos_ >= input_batch_.size()) {
        if (input_done_) return false;
        input_batch_.Clear();
        input_pos_ = 0;
        // At most as many input rows as the consumer wants output rows (as
        // IndexNestedLoopJoin): under a LIMIT the input stops early.
        if (!input_->Next(&input_batch_, max_rows)) {
          input_done_ = true;
          return false;
        }
      }
      ctx().Tick();
      if (!Match(input_batch_.row(input_pos_))) {
        ++input_pos_;
        continue;
      }
      std::fill(odometer_.begin(), odometer_.end(), 0);
      pending_ = true;
    }
    // Emit combinations until the batch is full or they run out.
    const Id* in = input_batch_.row(input_pos_);
    while (pending_ && out->size() < max_rows) {
      Id* row = out->AppendRow();
      std::copy(in, in + in_width, row);
      for (std::size_t f = 0; f < fresh_.size(); ++f) row[in_width + f] = matches_[f][odometer_[f]];
      // Advance the odometer (last arm fastest).
      std::size_t f = fresh_.size();
      while (f > 0) {
        --f;
        if (++odometer_[f] < matches_[f].size()) break;
        odometer_[f] = 0;
        if (f == 0) pending_ = false;
      }
      if (fresh_.empty()) pending_ = false;
    }
    if (!pending_) ++input_pos_;
  }
  return true;
}

void StarJoin::CloseImpl() {
  input_->Close();
  pending_ = false;
}

}  // namespace corridor::engine
