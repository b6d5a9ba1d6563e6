// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/plan_cache.h"

#include <cctype>

#include "engine/query_result_impl.h"

namespace corridor::internal {

struct PlanCache::Entry {
  std::string key;
  std::uint64_t sequence = 0;
  std::unique_ptr<QueryResultImpl> plan;
};

PlanCache::PlanCache(std::size_t capacity) : capacity_(capacity) {}
PlanCache::~PlanCache() = default;

std::string PlanCache::Key(std::string_view sparql, const QueryOptions& options) {
  std::string key(sparql);
  key += '\0';
  key += options.base;
  for (const auto& [name, iri] : options.prefixes) {
    key += '\0';
    key += name;
    key += '=';
    key += iri;
  }
  return key;
}

bool PlanCache::Cacheable(std::string_view sparql) {
  static constexpr std::string_view kVolatile[] = {"RAND", "UUID", "BNODE", "NOW"};  // STRUUID ends in UUID
  for (std::size_t i = 0; i < sparql.size(); ++i) {
    for (std::string_view name : kVolatile) {
      if (i + name.size() > sparql.size()) continue;
      bool match = true;
      for (std::size_t k = 0; k < name.size() && match; ++k) {
        match = std::toupper(static_cast<unsigned char>(sparql[i + k])) == name[k];
      }
      if (!match) continue;
      std::size_t j = i + name.size();
      while (j < sparql.size() && std::isspace(static_cast<unsigned char>(sparql[j]))) ++j;
      if (j < sparql.size() && sparql[j] == '(') return false;
    }
  }
  return true;
}

std::unique_ptr<QueryResultImpl> PlanCache::Take(const std::string& key, std::uint64_t sequence) {
  std::list<Entry> stale;  // destroyed after the lock is released
  std::unique_ptr<QueryResultImpl> plan;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sequence != sequence_) {
      stale.splice(stale.end(), entries_);
      sequence_ = sequence;
    }
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->key == key) {
        plan = std::move(it->plan);
        stale.splice(stale.end(), entries_, it);
        break;
      }
    }
  }
  return plan;
}

void PlanCache::Give(std::string key, std::uint64_t sequence, std::unique_ptr<QueryResultImpl> plan) {
  std::list<Entry> dropped;  // destroyed after the lock is released
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (sequence < sequence_) return;  // `plan` is destroyed on return, after the lock
    if (sequence > sequence_) {
      dropped.splice(dropped.end(), entries_);
      sequence_ = sequence;
    }
    entries_.push_front(Entry{std::move(key), sequence, std::move(plan)});
    while (entries_.size() > capacity_) dropped.splice(dropped.end(), entries_, std::prev(entries_.end()));
  }
}

std::size_t PlanCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace corridor::internal
