// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/hash_aggregate.h"

namespace corridor::engine {

HashAggregate::HashAggregate(OperatorPtr child, std::vector<GroupKeySpec> keys,
                             std::vector<AggregateSpec> aggregates)
    : Operator({}), child_(std::move(child)), keys_(std::move(keys)),
      aggregates_(std::move(aggregates)) {
  for (const GroupKeySpec& k : keys_) columns_.push_back(k.variable);
  for (const AggregateSpec& a : aggregates_) columns_.push_back(a.variable);
}

std::string HashAggregate::details() const {
  std::string d;
  if (!keys_.empty()) {
    d = "by";
    for (const GroupKeySpec& k : keys_) d += " " + k.label;
  }
  for (const AggregateSpec& a : aggregates_) {
    if (!d.empty()) d += ", ";
    d += a.label + " AS ?" + a.variable;
  }
  return d;
}

void HashAggregate::OpenImpl() {
  done_ = false;
  next_ = 0;
  child_->Open(ctx());
}

HashAggregate::Group& HashAggregate::NewGroup(std::vector<Id> key) {
  Group g;
  g.key = std::move(key);
  for (const AggregateSpec& a : aggregates_) {
    g.aggregators.push_back(MakeAggregator(a.op, a.distinct && a.argument != nullptr, a.separator));
  }
  g.seen_rows.resize(aggregates_.size());
  const std::size_t bytes = 64 * (1 + aggregates_.size()) + g.key.size() * sizeof(Id);
  ctx().ChargeMemory(bytes);
  charged_ += bytes;
  groups_.push_back(std::move(g));
  return groups_.back();
}

void HashAggregate::Aggregate() {
  groups_.clear();
  index_.clear();
  if (keys_.empty()) NewGroup({});
  const std::size_t w = child_->width();
  Batch batch(w);
  RowView view(nullptr, w);
  EvalContext& eval = ctx().eval();
  std::vector<Id> key(keys_.size());
  const Id kCountOne = storage::InlineInteger(1);
  while (child_->Next(&batch)) {
    for (std::size_t r = 0; r < batch.size(); ++r) {
      ctx().Tick();
      eval.NextRow();
      const Id* row = batch.row(r);
      view.Reset(row);
      Group* group;
      if (keys_.empty()) {
        group = &groups_[0];
      } else {
        for (std::size_t k = 0; k < keys_.size(); ++k) key[k] = keys_[k].expression->Evaluate(view, eval);
        auto it = index_.find(key);
        if (it == index_.end()) {
          index_.emplace(key, groups_.size());
          group = &NewGroup(key);
        } else {
          group = &groups_[it->second];
        }
      }
      for (std::size_t a = 0; a < aggregates_.size(); ++a) {
        const AggregateSpec& spec = aggregates_[a];
        if (spec.argument) {
          group->aggregators[a]->Add(spec.argument->Evaluate(view, eval), eval);
        } else if (spec.distinct) {
          if (group->seen_rows[a].emplace(row, row + w).second) {
            ctx().ChargeMemory(w * sizeof(Id) + 48);
            charged_ += w * sizeof(Id) + 48;
            group->aggregators[a]->Add(kCountOne, eval);
          }
        } else {
          group->aggregators[a]->Add(kCountOne, eval);
        }
      }
    }
    batch.Clear();
  }
  child_->Close();
  done_ = true;
}

bool HashAggregate::NextImpl(Batch* out, std::size_t max_rows) {
  if (!done_) Aggregate();
  EvalContext& eval = ctx().eval();
  while (next_ < groups_.size() && out->size() < max_rows) {
    Group& g = groups_[next_++];
    Id* row = out->AppendRow();
    for (std::size_t k = 0; k < g.key.size(); ++k) row[k] = g.key[k];
    for (std::size_t a = 0; a < g.aggregators.size(); ++a) {
      row[g.key.size() + a] = g.aggregators[a]->Result(eval);
    }
  }
  return next_ < groups_.size();
}

void HashAggregate::CloseImpl() {
  child_->Close();
  groups_.clear();
  index_.clear();
  ctx().ReleaseMemory(charged_);
  charged_ = 0;
}

}  // namespace corridor::engine
