// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/transitive_path.h"

#include <deque>

namespace corridor::engine {

TransitivePath::TransitivePath(Spec spec) : Operator({}), spec_(std::move(spec)) {
  auto add = [&](const ScanTerm& t) -> std::optional<std::size_t> {
    if (!t.has_variable()) return std::nullopt;
    if (auto c = ColumnOf(t.variable)) return c;
    columns_.push_back(t.variable);
    return columns_.size() - 1;
  };
  subject_col_ = add(spec_.subject);
  object_col_ = add(spec_.object);
  if (spec_.graph) graph_col_ = add(*spec_.graph);
}

std::vector<const Operator*> TransitivePath::children() const {
  return {spec_.forward.plan.get(), spec_.backward.plan.get(), spec_.nodes.plan.get()};
}

void TransitivePath::OpenImpl() {
  subject_ = spec_.subject.Current();
  object_ = spec_.object.Current();
  same_variable_ = subject_ == kNoId && object_ == kNoId && spec_.subject.has_variable() &&
                   spec_.object.has_variable() && spec_.subject.variable == spec_.object.variable;
  graph_list_.clear();
  if (spec_.graph) {
    const Id g = spec_.graph->Current();
    if (g != kNoId) graph_list_ = {g};
    else graph_list_ = spec_.graphs;
  } else {
    graph_list_ = {kNoId};
  }
  graph_index_ = 0;
  graph_started_ = false;
  starts_.clear();
  pending_.clear();
  pending_pos_ = 0;
  scratch_.assign(columns_.size(), kNoId);
}

void TransitivePath::Successors(SubPlan& step, Id start, std::vector<Id>* out) {
  (*spec_.params)[0] = start;
  if (spec_.graph) (*spec_.params)[1] = graph_list_[graph_index_];
  step.plan->Open(ctx());
  Batch batch(step.plan->width());
  while (step.plan->Next(&batch)) {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      const Id v = batch.at(r, step.column);
      if (v != kNoId) out->push_back(v);
    }
    ctx().Tick(batch.size());
    batch.Clear();
  }
  step.plan->Close();
}

std::vector<Id> TransitivePath::Reach(SubPlan& step, Id start, Id target) {
  std::vector<Id> result;
  std::unordered_set<Id> in_result, expanded;
  auto add = [&](Id v) {
    if (in_result.insert(v).second) result.push_back(v);
  };
  if (spec_.min_zero) add(start);
  if (target != kNoId && in_result.count(target)) return result;
  std::deque<Id> frontier{start};
  std::vector<Id> next;
  while (!frontier.empty()) {
    const Id x = frontier.front();
    frontier.pop_front();
    if (!expanded.insert(x).second) continue;
    next.clear();
    Successors(step, x, &next);
    for (Id y : next) {
      const bool is_new = !in_result.count(y);
      add(y);
      if (target != kNoId && y == target) return result;
      if (is_new && spec_.unbounded) frontier.push_back(y);
    }
    if (!spec_.unbounded) break;
    ctx().Tick();
  }
  return result;
}

std::vector<Id> TransitivePath::AllNodes() {
  (*spec_.params)[0] = kNoId;
  if (spec_.graph) (*spec_.params)[1] = graph_list_[graph_index_];
  std::vector<Id> nodes;
  std::unordered_set<Id> seen;
  Operator& plan = *spec_.nodes.plan;
  plan.Open(ctx());
  Batch batch(plan.width());
  while (plan.Next(&batch)) {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      for (std::size_t c : {spec_.nodes.column, spec_.nodes.column2}) {
        const Id v = batch.at(r, c);
        if (v != kNoId && seen.insert(v).second) nodes.push_back(v);
      }
    }
    ctx().Tick(batch.size());
    batch.Clear();
  }
  plan.Close();
  return nodes;
}

void TransitivePath::FillBound() {
  if (subject_ != kNoId) {
    for (Id y : Reach(spec_.forward, subject_, object_)) {
      if (object_ == kNoId || y == object_) pending_.push_back({subject_, y});
    }
    // Both ends fixed: one pair says the path exists. (erase, not resize:
    // GCC 12 warns about resize's growing path, wrongly.)
    if (object_ != kNoId && pending_.size() > 1) pending_.erase(pending_.begin() + 1, pending_.end());
  } else {
    for (Id x : Reach(spec_.backward, object_, kNoId)) pending_.push_back({x, object_});
  }
}

void TransitivePath::FillNextStart() {
  const Id start = starts_[start_index_++];
  if (same_variable_) {
    for (Id y : Reach(spec_.forward, start, start)) {
      if (y == start) {
        pending_.push_back({start, start});
        break;
      }
    }
  } else {
    for (Id y : Reach(spec_.forward, start, kNoId)) pending_.push_back({start, y});
  }
}

bool TransitivePath::NextImpl(Batch* out, std::size_t max_rows) {
  const bool bound_end = subject_ != kNoId || object_ != kNoId;
  while (out->size() < max_rows) {
    if (pending_pos_ < pending_.size()) {
      const auto& [s, o] = pending_[pending_pos_++];
      std::fill(scratch_.begin(), scratch_.end(), kNoId);
      bool ok = true;
      auto put = [&](const std::optional<std::size_t>& col, Id v) {
        if (!col) return;
        if (scratch_[*col] != kNoId && scratch_[*col] != v) ok = false;
        scratch_[*col] = v;
      };
      put(subject_col_, s);
      put(object_col_, o);
      if (spec_.graph) put(graph_col_, graph_list_[graph_index_]);
      if (ok) out->AppendRow(scratch_.data());
      continue;
    }
    pending_.clear();
    pending_pos_ = 0;
    if (graph_index_ >= graph_list_.size()) return false;
    if (!graph_started_) {
      graph_started_ = true;
      if (bound_end) {
        FillBound();
      } else {
        starts_ = AllNodes();
        start_index_ = 0;
      }
      continue;
    }
    if (!bound_end && start_index_ < starts_.size()) {
      FillNextStart();
      continue;
    }
    ++graph_index_;
    graph_started_ = false;
  }
  return true;
}

}  // namespace corridor::engine
