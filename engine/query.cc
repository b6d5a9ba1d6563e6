// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Database::Query / Database::Explain and QueryResult: parse (errors become
// Error(kSyntax) with the caret picture), translate to the algebra, plan,
// and stream the plan's rows as terms.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <unordered_map>

#include "corridor/database.h"
#include "corridor/error.h"
#include "engine/database_impl.h"
#include "engine/operators/index_scan.h"
#include "engine/query_result_impl.h"
#include "engine/plan_cache.h"
#include "engine/result_decoder.h"
#include "parser/sparql_parser.hpp"
#include "storage/storage_error.h"

namespace corridor {

using storage::Id;
using storage::kNoId;

namespace internal {

namespace {

QueryForm ToPublic(sparql::ast::QueryForm f) {
  switch (f) {
    case sparql::ast::QueryForm::kSelect: return QueryForm::kSelect;
    case sparql::ast::QueryForm::kAsk: return QueryForm::kAsk;
    case sparql::ast::QueryForm::kConstruct: return QueryForm::kConstruct;
    case sparql::ast::QueryForm::kDescribe: return QueryForm::kDescribe;
  }
  return QueryForm::kSelect;
}

// Runs `f`, turning storage errors into public ones.
template <typename F>
auto Guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const storage::StorageError& e) {
    RethrowAsPublic(e);
  }
}

// Guard for a result's run: a failure also marks the plan as not to be
// reused (its operators may be half-way through anything).
template <typename F>
auto GuardRun(QueryResultImpl& impl, F&& f) -> decltype(f()) {
  try {
    return Guard(std::forward<F>(f));
  } catch (...) {
    impl.Poison();
    throw;
  }
}

}  // namespace

std::string CurrentDateTime() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];  // room for any int the format could print, so no truncation
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

QueryResultImpl::QueryResultImpl(const storage::Store& store, std::string_view sparql,
                                 const QueryOptions& options, bool analyze) {
  try {
    ast_ = sparql::ParseQuery(sparql, internal::EngineParseOptions(options.prefixes, options.base));
  } catch (const sparql::ParseError& e) {
    internal::RethrowParseError(e, "<query>");
  }
  Init(store, store.GetSnapshot(), options, analyze);
}

QueryResultImpl::QueryResultImpl(const storage::Store& store, sparql::ast::Query ast,
                                 storage::SnapshotPtr snapshot, const QueryOptions& options)
    : ast_(std::move(ast)) {
  Init(store, std::move(snapshot), options, false);
}

void QueryResultImpl::Init(const storage::Store& store, storage::SnapshotPtr snapshot,
                           const QueryOptions& options, bool analyze) {
  prefixes_ = options.prefixes;
  for (const auto& [k, v] : ast_.prefixes) prefixes_[k] = v;
  algebra_ = engine::algebra::TranslateQuery(ast_);
  form_ = ToPublic(algebra_.form);
  ctx_ = std::make_unique<engine::ExecContext>(store, std::move(snapshot), CurrentDateTime(), options.cancel,
                                               options.timeout, options.memory_limit_bytes);
  ctx_->set_analyze(analyze);
  engine::PlannerOptions planner_options;
  planner_options.base = algebra_.base.empty() ? options.base : algebra_.base;
  planner_ = std::make_unique<engine::Planner>(*ctx_, engine::Planner::ResolveDataset(algebra_, store),
                                               planner_options);
  // ASK reads one solution.
  root_ = planner_->Plan(*algebra_.root, form_ == QueryForm::kAsk ? std::optional<std::uint64_t>(1) : std::nullopt);
  if (form_ == QueryForm::kSelect) {
    variables_ = algebra_.projection;
    for (const std::string& v : variables_) {
      variable_columns_.push_back(root_->ColumnOf(v));
      if (variable_columns_.back()) projected_columns_.push_back(*variable_columns_.back());
    }
  }
  if (form_ == QueryForm::kConstruct) PrepareConstruct();
  if (form_ == QueryForm::kDescribe) PrepareDescribe();
  ctx_->MarkPlanned();
  batch_.Reset(root_->width());
  root_->Open(*ctx_);
}

void QueryResultImpl::SetCache(std::shared_ptr<PlanCache> cache, std::string key, std::uint64_t sequence) {
  cache_ = std::move(cache);
  cache_key_ = std::move(key);
  cache_sequence_ = sequence;
}

void QueryResultImpl::Rearm(const QueryOptions& options) {
  ctx_->Rearm(CurrentDateTime(), options.cancel, options.timeout, options.memory_limit_bytes);
  decoder_.reset();  // its kept terms may include the previous run's computed ones
  batch_.Reset(root_->width());
  batch_pos_ = 0;
  done_ = false;
  ask_.reset();
  pending_.clear();
  seen_triples_.clear();
  solution_triples_.clear();
  solution_number_ = 0;
  if (form_ == QueryForm::kDescribe) {
    describe_queue_.clear();
    described_.clear();
    QueueDescribedConstants();
  }
  root_->Open(*ctx_);
}

void QueryResultImpl::Release(std::unique_ptr<QueryResultImpl> impl) {
  if (!impl || impl->poisoned_) return;
  std::shared_ptr<PlanCache> cache = impl->cache_.lock();
  if (!cache) return;
  try {
    impl->root_->Close();  // releases hash tables, sort buffers and such now
    if (impl->describe_scan_open_) {
      impl->describe_scan_->Close();
      impl->describe_scan_open_ = false;
    }
  } catch (...) {
    return;
  }
  std::string key = impl->cache_key_;
  const std::uint64_t sequence = impl->cache_sequence_;
  cache->Give(std::move(key), sequence, std::move(impl));
}

QueryResultImpl::~QueryResultImpl() = default;

bool QueryResultImpl::NextSolution(const Id** row) {
  while (batch_pos_ >= batch_.size()) {
    if (done_) return false;
    batch_.Clear();
    batch_pos_ = 0;
    if (!root_->Next(&batch_)) {
      done_ = true;
      root_->Close();
      return false;
    }
  }
  *row = batch_.row(batch_pos_++);
  return true;
}

bool QueryResultImpl::NextDecodable(const Id** row) {
  const bool fresh_batch = batch_pos_ >= batch_.size();
  if (!NextSolution(row)) return false;
  if (fresh_batch) {
    if (!decoder_) decoder_ = std::make_unique<engine::ResultDecoder>(ctx_->store(), ctx_->eval());
    decoder_->Prefetch(batch_, projected_columns_);
  }
  return true;
}

bool QueryResultImpl::Next(std::vector<std::optional<Term>>* row) {
  if (form_ != QueryForm::kSelect) throw Error(ErrorCode::kInvalidArgument, "Next: not a SELECT query");
  if (row == nullptr) throw Error(ErrorCode::kInvalidArgument, "Next: row is null");
  const Id* r = nullptr;
  if (!NextDecodable(&r)) return false;
  row->resize(variables_.size());
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    const Id id = variable_columns_[i] ? r[*variable_columns_[i]] : kNoId;
    if (id == kNoId) (*row)[i].reset();
    else (*row)[i] = decoder_->Decode(id);
  }
  return true;
}

bool QueryResultImpl::AskAnswer() {
  if (form_ != QueryForm::kAsk) throw Error(ErrorCode::kInvalidArgument, "AskAnswer: not an ASK query");
  if (!ask_) {
    engine::Batch b(root_->width());
    ask_ = root_->Next(&b, 1);
    root_->Close();
    done_ = true;
  }
  return *ask_;
}

// Memory charged per deduplicated CONSTRUCT triple / queued DESCRIBE
// resource: the ids and the hash-set node around them.
constexpr std::size_t kSeenTripleBytes = 3 * sizeof(Id) + 32;
constexpr std::size_t kSeenIdBytes = sizeof(Id) + 32;

std::size_t QueryResultImpl::IdTripleHash::operator()(const std::array<Id, 3>& t) const noexcept {
  std::uint64_t h = t[0] * 0x9E3779B97F4A7C15ull;
  h = (h ^ (h >> 29) ^ t[1]) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 32) ^ t[2]) * 0x94D049BB133111EBull;
  return static_cast<std::size_t>(h ^ (h >> 31));
}

TermKind QueryResultImpl::KindOf(Id id) {
  switch (storage::TagOf(id)) {
    case storage::kTagBlank: return TermKind::kBlank;
    case storage::kTagIri: return TermKind::kIri;
    case storage::kTagLiteral: return TermKind::kLiteral;
    default:
      if (storage::IsInline(id)) return TermKind::kLiteral;
      return ctx_->eval().Decode(id).kind;  // a term the query computed
  }
}

void QueryResultImpl::PrepareConstruct() {
  for (const sparql::ast::TriplePattern& tp : algebra_.construct_template) {
    for (const sparql::ast::Term* t : {&tp.subject, &tp.predicate, &tp.object}) {
      TemplateSlot slot;
      if (const auto* v = boost::get<sparql::ast::Variable>(&t->get())) {
        slot.kind = TemplateSlot::Kind::kVariable;
        slot.column = root_->ColumnOf(v->name);
      } else if (const auto* b = boost::get<sparql::ast::BlankNode>(&t->get())) {
        slot.kind = TemplateSlot::Kind::kBlank;
        slot.label = b->label;
      } else {
        slot.id = ctx_->eval().Encode(engine::algebra::ToTerm(*t));
      }
      if (slot.kind == TemplateSlot::Kind::kVariable && slot.column &&
          std::find(projected_columns_.begin(), projected_columns_.end(), *slot.column) == projected_columns_.end()) {
        projected_columns_.push_back(*slot.column);  // decoded a batch at a time (NextDecodable)
      }
      template_.push_back(std::move(slot));
    }
  }
}

void QueryResultImpl::Instantiate(const Id* row) {
  ++solution_number_;
  solution_triples_.clear();
  std::unordered_map<std::string, std::string> blank_labels;
  auto blank = [&](const std::string& label) {
    auto it = blank_labels.find(label);
    if (it == blank_labels.end()) {
      it = blank_labels
               .emplace(label, "c" + std::to_string(solution_number_) + "_" + std::to_string(blank_labels.size()))
               .first;
    }
    return Term::Blank(it->second);
  };
  for (std::size_t t = 0; t < template_.size(); t += 3) {
    std::array<Id, 3> ids{kNoId, kNoId, kNoId};
    bool bound = true, has_blank = false;
    for (std::size_t j = 0; j < 3; ++j) {
      const TemplateSlot& slot = template_[t + j];
      switch (slot.kind) {
        case TemplateSlot::Kind::kConstant: ids[j] = slot.id; break;
        case TemplateSlot::Kind::kVariable: ids[j] = slot.column ? row[*slot.column] : kNoId; break;
        case TemplateSlot::Kind::kBlank: has_blank = true; break;
      }
      if (slot.kind != TemplateSlot::Kind::kBlank && ids[j] == kNoId) bound = false;
    }
    if (!bound) continue;
    // Not an RDF triple: a literal subject, a predicate that is not an IRI.
    if (ids[0] != kNoId && KindOf(ids[0]) == TermKind::kLiteral) continue;
    if (ids[1] == kNoId || KindOf(ids[1]) != TermKind::kIri) continue;
    auto term = [&](std::size_t j) {
      return ids[j] != kNoId ? Term(decoder_->Decode(ids[j])) : blank(template_[t + j].label);
    };
    Quad q;
    if (has_blank) {
      q.subject = term(0);
      q.predicate = term(1);
      q.object = term(2);
      if (!solution_triples_.insert(q.ToNQuads()).second) continue;
    } else {
      if (!seen_triples_.insert(ids).second) continue;
      ctx_->ChargeMemory(kSeenTripleBytes);
      q.subject = term(0);
      q.predicate = term(1);
      q.object = term(2);
    }
    pending_.push_back(std::move(q));
  }
}

void QueryResultImpl::PrepareDescribe() {
  for (const auto& d : algebra_.describe) {
    if (d.is_variable()) describe_columns_.push_back(root_->ColumnOf(d.variable));
  }
  QueueDescribedConstants();
  // Concise bounded description: the triples with the resource as subject
  // in the default graph, and recursively those of blank-node objects.
  engine::DatasetIds dataset = engine::Planner::ResolveDataset(algebra_, ctx_->store());
  describe_subject_ = ctx_->NewParamRow(1);
  engine::GraphSelector graphs;
  graphs.merge_graphs = dataset.default_graphs;
  describe_scan_ = std::make_unique<engine::IndexScan>(engine::ScanTerm::Parameter("s", describe_subject_, 0),
                                                       engine::ScanTerm::Variable("p"),
                                                       engine::ScanTerm::Variable("o"), graphs, "describe");
}

void QueryResultImpl::QueueDescribedConstants() {
  for (const auto& d : algebra_.describe) {
    if (!d.is_variable()) QueueResource(ctx_->eval().Encode(*d.constant));
  }
  // Only constants: the solutions do not matter.
  solutions_done_ = describe_columns_.empty();
}

void QueryResultImpl::QueueResource(Id id) {
  if (id == kNoId || !described_.insert(id).second) return;
  ctx_->ChargeMemory(kSeenIdBytes);
  describe_queue_.push_back(id);
}

bool QueryResultImpl::DescribeMore() {
  engine::Operator& scan = *describe_scan_;
  const std::size_t s_col = *scan.ColumnOf("s"), p_col = *scan.ColumnOf("p"), o_col = *scan.ColumnOf("o");
  while (pending_.empty()) {
    if (describe_scan_open_) {
      engine::Batch b(scan.width());
      if (!scan.Next(&b)) {
        scan.Close();
        describe_scan_open_ = false;
        continue;
      }
      // Each resource is described once, so its triples are new. Their
      // terms are read from the dictionary a batch at a time.
      if (!decoder_) decoder_ = std::make_unique<engine::ResultDecoder>(ctx_->store(), ctx_->eval());
      decoder_->Prefetch(b, {s_col, p_col, o_col});
      for (std::size_t r = 0; r < b.size(); ++r) {
        Quad q;
        q.subject = decoder_->Decode(b.at(r, s_col));
        q.predicate = decoder_->Decode(b.at(r, p_col));
        q.object = decoder_->Decode(b.at(r, o_col));
        if (q.object.is_blank()) QueueResource(b.at(r, o_col));
        pending_.push_back(std::move(q));
      }
      continue;
    }
    if (!describe_queue_.empty()) {
      (*describe_subject_)[0] = describe_queue_.front();
      describe_queue_.pop_front();
      scan.Open(*ctx_);
      describe_scan_open_ = true;
      continue;
    }
    if (solutions_done_) return false;
    const Id* row = nullptr;
    if (!NextSolution(&row)) {
      solutions_done_ = true;
      continue;
    }
    for (const auto& c : describe_columns_) {
      if (c) QueueResource(row[*c]);
    }
  }
  return true;
}

bool QueryResultImpl::NextTriple(Quad* triple) {
  if (form_ != QueryForm::kConstruct && form_ != QueryForm::kDescribe) {
    throw Error(ErrorCode::kInvalidArgument, "NextTriple: not a CONSTRUCT or DESCRIBE query");
  }
  if (triple == nullptr) throw Error(ErrorCode::kInvalidArgument, "NextTriple: triple is null");
  if (form_ == QueryForm::kDescribe) {
    if (!DescribeMore()) return false;
  } else {
    while (pending_.empty()) {
      const Id* row = nullptr;
      if (!NextDecodable(&row)) return false;
      Instantiate(row);
    }
  }
  *triple = std::move(pending_.front());
  pending_.pop_front();
  return true;
}

std::uint64_t QueryResultImpl::Drain() {
  std::uint64_t n = 0;
  const Id* row = nullptr;
  while (NextSolution(&row)) ++n;
  return n;
}

}  // namespace internal

// ---------------------------------------------------------------------------
// QueryResult

QueryResult::QueryResult(std::unique_ptr<internal::QueryResultImpl> impl) : impl_(std::move(impl)) {}
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;
QueryResult::~QueryResult() {
  if (impl_) internal::QueryResultImpl::Release(std::move(impl_));
}

QueryForm QueryResult::form() const { return impl_->form(); }
const std::vector<std::string>& QueryResult::variables() const { return impl_->variables(); }
const std::map<std::string, std::string>& QueryResult::prefixes() const { return impl_->prefixes(); }

bool QueryResult::Next(std::vector<std::optional<Term>>* row) {
  return internal::GuardRun(*impl_, [&] { return impl_->Next(row); });
}
bool QueryResult::AskAnswer() {
  return internal::GuardRun(*impl_, [&] { return impl_->AskAnswer(); });
}
bool QueryResult::NextTriple(Quad* triple) {
  return internal::GuardRun(*impl_, [&] { return impl_->NextTriple(triple); });
}

// ---------------------------------------------------------------------------
// Database

QueryResult Database::Query(std::string_view sparql, const QueryOptions& options) const {
  return internal::Guard([&] {
    const std::shared_ptr<internal::PlanCache>& cache = impl_->plan_cache();
    if (!cache) {
      return QueryResult(std::make_unique<internal::QueryResultImpl>(impl_->store(), sparql, options));
    }
    // Only cacheable texts are ever given to the cache, so a hit needs no
    // Cacheable scan of the text (it cost 6% of a warm WatDiv run).
    std::string key = internal::PlanCache::Key(sparql, options);
    if (auto plan = cache->Take(key, impl_->store().LatestSequence())) {
      try {
        plan->Rearm(options);
      } catch (...) {
        plan->Poison();
        throw;
      }
      return QueryResult(std::move(plan));
    }
    auto plan = std::make_unique<internal::QueryResultImpl>(impl_->store(), sparql, options);
    if (!internal::PlanCache::Cacheable(sparql)) return QueryResult(std::move(plan));
    const std::uint64_t sequence = impl_->store().SequenceOf(plan->context().snapshot());
    plan->SetCache(cache, std::move(key), sequence);
    return QueryResult(std::move(plan));
  });
}

std::string Database::Explain(std::string_view sparql, bool analyze, const QueryOptions& options) const {
  return internal::Guard([&] {
    const auto start = std::chrono::steady_clock::now();
    auto result = std::make_unique<internal::QueryResultImpl>(impl_->store(), sparql, options, analyze);
    std::string out;
    if (analyze) {
      const std::uint64_t rows = result->Drain();
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      out = engine::RenderPlan(result->plan(), true);
      char buf[160];
      std::snprintf(buf, sizeof buf, "%llu result rows, %llu index entries read, %.3f ms in total\n",
                    static_cast<unsigned long long>(rows),
                    static_cast<unsigned long long>(result->context().scanned_rows()), ms);
      out += buf;
    } else {
      out = engine::RenderPlan(result->plan(), false);
    }
    return out;
  });
}

}  // namespace corridor
