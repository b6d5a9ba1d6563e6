// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/index_scan.h"

#include <algorithm>

namespace corridor::engine {

using storage::kG;
using storage::kPermutationOrder;

namespace {

// Compares two quads on the slots of `perm` from `from_slot` on.
int CompareFrom(storage::Permutation perm, const storage::IdQuad& a, const storage::IdQuad& b,
                int from_slot) {
  const auto& order = kPermutationOrder[static_cast<int>(perm)];
  for (int i = from_slot; i < 4; ++i) {
    if (a[order[i]] != b[order[i]]) return a[order[i]] < b[order[i]] ? -1 : 1;
  }
  return 0;
}

}  // namespace

IndexScan::IndexScan(ScanTerm subject, ScanTerm predicate, ScanTerm object, GraphSelector graphs,
                     std::string label)
    : Operator({}), graphs_(std::move(graphs)), label_(std::move(label)) {
  chosen_.fill(-1);
  terms_[storage::kS] = std::move(subject);
  terms_[storage::kP] = std::move(predicate);
  terms_[storage::kO] = std::move(object);
  const bool named = graphs_.kind == GraphSelector::Kind::kNamed;
  if (named) terms_[kG] = graphs_.graph;
  else terms_[kG] = ScanTerm::Constant(storage::kDefaultGraph);

  // Plan-time view: parameters count as bound.
  bool bound[4];
  for (int pos = 0; pos < 4; ++pos) {
    bound[pos] = !(terms_[pos].kind == ScanTerm::Kind::kVariable);
    has_parameters_ = has_parameters_ || terms_[pos].kind == ScanTerm::Kind::kParameter;
  }
  // A named-graph variable over a FROM NAMED list is scanned graph by graph.
  const bool per_graph = !named || graphs_.named_graphs.has_value();
  if (per_graph) bound[kG] = true;
  planned_perm_ = Choose(bound);

  // Columns: variables in the permutation's slot order (prefix first).
  const auto& order = kPermutationOrder[static_cast<int>(planned_perm_)];
  for (int slot = 0; slot < 4; ++slot) {
    const int pos = order[slot];
    if (pos == kG && !named) continue;
    if (!terms_[pos].has_variable()) continue;
    auto existing = ColumnOf(terms_[pos].variable);
    if (existing) {
      column_positions_[*existing].push_back(pos);
      continue;
    }
    columns_.push_back(terms_[pos].variable);
    column_positions_.push_back({pos});
    if (!has_parameters_ && !bound[pos]) sorted_on_.push_back(columns_.size() - 1);
  }
}

IndexScan::~IndexScan() = default;

storage::Permutation IndexScan::Choose(const bool bound[4]) const {
  const int n = int{bound[0]} + int{bound[1]} + int{bound[2]} + int{bound[3]};
  auto rank = [&](int pos) -> long {
    const ScanTerm& t = terms_[pos];
    if (t.kind == ScanTerm::Kind::kParameter) return static_cast<long>(t.slot);
    return -1;  // a constant (or the default graph)
  };
  int best = -1;
  for (int perm = 0; perm < storage::kNumPermutations; ++perm) {
    const auto& order = kPermutationOrder[perm];
    bool ok = true;
    for (int i = 0; i < n && ok; ++i) ok = bound[order[i]];
    if (!ok) continue;
    if (best < 0) {
      best = perm;
      continue;
    }
    const auto& best_order = kPermutationOrder[best];
    for (int i = 0; i < n; ++i) {
      const long a = rank(order[i]), b = rank(best_order[i]);
      if (a == b) continue;
      if (a < b) best = perm;
      break;
    }
  }
  return best < 0 ? storage::Permutation::kSpog : static_cast<storage::Permutation>(best);
}

bool IndexScan::CanSeek() const { return !has_parameters_ && !sorted_on_.empty(); }

void IndexScan::SeekTo(Id value) {
  if (!CanSeek() || !is_open()) return;
  for (SubScan& s : scans_) {
    if (!s.it || !s.it->Valid()) continue;
    std::vector<Id> key = s.prefix;
    key.push_back(value);
    s.it->Seek(key);
  }
}

std::string IndexScan::details() const {
  return std::string(storage::kPermutationName[static_cast<int>(planned_perm_)]) + " " + label_;
}

void IndexScan::OpenImpl() {
  // Runs once per outer row when this scan is the inner side of an index
  // nested-loop join: the iterators, their prefix vectors and the chosen
  // permutation are reused from the previous opening, so that an opening
  // allocates nothing.
  scans_.clear();
  last_.reset();
  skip_default_graph_ = false;
  dedupe_ = false;
  Id value[4];
  bool bound[4];
  for (int pos = 0; pos < 3; ++pos) {
    value[pos] = terms_[pos].Current();
    bound[pos] = value[pos] != kNoId;
  }
  // The graphs to scan, one sub-scan each: graph_count of them from
  // `graph_list`, or one over every graph when !graph_bound.
  const Id* graph_list = nullptr;
  std::size_t graph_count = 0;
  Id single_graph = kNoId;
  bool graph_bound = true;
  if (graphs_.kind == GraphSelector::Kind::kMerge) {
    graph_list = graphs_.merge_graphs.data();
    graph_count = graphs_.merge_graphs.size();
    dedupe_ = graph_count > 1;
  } else {
    single_graph = terms_[kG].Current();
    if (single_graph != kNoId) {
      if (graphs_.named_graphs && !std::binary_search(graphs_.named_graphs->begin(),
                                                      graphs_.named_graphs->end(), single_graph)) {
        return;  // not a graph of the dataset: no rows
      }
      graph_list = &single_graph;
      graph_count = 1;
    } else if (graphs_.named_graphs) {
      graph_list = graphs_.named_graphs->data();
      graph_count = graphs_.named_graphs->size();
    } else {
      graph_bound = false;
      skip_default_graph_ = true;
    }
  }
  if (graph_bound && graph_count == 0) return;
  bound[kG] = graph_bound;
  const int mask = int{bound[0]} | int{bound[1]} << 1 | int{bound[2]} << 2 | int{bound[3]} << 3;
  if (chosen_[mask] < 0) chosen_[mask] = static_cast<std::int8_t>(Choose(bound));
  perm_ = static_cast<storage::Permutation>(chosen_[mask]);
  const int prefix_len = int{bound[0]} + int{bound[1]} + int{bound[2]} + int{bound[3]};
  const auto& order = kPermutationOrder[static_cast<int>(perm_)];
  const std::size_t n = graph_bound ? graph_count : 1;
  // Re-opened with new parameter values (the inner side of an index
  // nested-loop join): re-seek the iterators kept from the last opening when
  // they read the same permutation of the same snapshot.
  const bool reuse = kept_.size() == n && kept_snapshot_ == ctx().snapshot().get() &&
                     kept_[0].it->permutation() == perm_;
  if (reuse) {
    std::swap(scans_, kept_);  // scans_ was empty: kept_ keeps its capacity
  } else {
    kept_.clear();
  }
  auto fill_prefix = [&](std::size_t i, std::vector<Id>* prefix) {
    if (graph_bound) value[kG] = graph_list[i];
    prefix->clear();
    for (int slot = 0; slot < prefix_len; ++slot) prefix->push_back(value[order[slot]]);
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (reuse) {
      fill_prefix(i, &scans_[i].prefix);
      scans_[i].it->Reset(scans_[i].prefix);
    } else {
      // Only whole sub-scans go in: a Scan that throws leaves none without
      // its iterator for a later opening to reuse.
      SubScan s;
      fill_prefix(i, &s.prefix);
      s.it = ctx().store().Scan(ctx().snapshot(), perm_, s.prefix);
      scans_.push_back(std::move(s));
    }
  }
  kept_snapshot_ = ctx().snapshot().get();
}

int IndexScan::PickNext() {
  int best = -1;
  // Sub-scans share the permutation and differ only in the graph, which is
  // the first slot when bound: compare on the slots after it.
  const int from_slot = 1;
  for (std::size_t i = 0; i < scans_.size(); ++i) {
    if (!scans_[i].it->Valid()) continue;
    if (best < 0 || CompareFrom(perm_, scans_[i].it->quad(), scans_[best].it->quad(), from_slot) < 0) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

bool IndexScan::NextImpl(Batch* out, std::size_t max_rows) {
  if (scans_.empty()) return false;
  while (out->size() < max_rows) {
    int which = 0;
    if (scans_.size() == 1) {
      if (!scans_[0].it->Valid()) return false;
    } else {
      which = PickNext();
      if (which < 0) return false;
    }
    storage::ScanIterator& it = *scans_[which].it;
    const storage::IdQuad q = it.quad();
    it.Next();
    ctx().CountScanned();
    ctx().Tick();
    if (skip_default_graph_ && q[kG] == storage::kDefaultGraph) continue;
    if (dedupe_) {
      if (last_ && CompareFrom(perm_, q, *last_, 1) == 0) continue;
      last_ = q;
    }
    bool ok = true;
    for (const auto& positions : column_positions_) {
      for (std::size_t k = 1; k < positions.size() && ok; ++k) ok = q[positions[k]] == q[positions[0]];
    }
    if (!ok) continue;
    Id* row = out->AppendRow();
    for (std::size_t c = 0; c < column_positions_.size(); ++c) row[c] = q[column_positions_[c][0]];
  }
  return true;
}

double IndexScan::EstimateRows(std::size_t count_limit) const {
  double rows = 0;
  for (const SubScan& s : scans_) {
    rows += ctx().store().EstimateRows(ctx().snapshot(), perm_, s.prefix, count_limit);
  }
  return rows;
}

void IndexScan::CloseImpl() {
  // A parameterised scan keeps its iterators for the next opening (they pin
  // the query's snapshot, which the query holds anyway); they are released
  // with the operator.
  if (has_parameters_) std::swap(kept_, scans_);
  scans_.clear();
  last_.reset();
}

}  // namespace corridor::engine
