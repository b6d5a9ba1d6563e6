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
#include "engine/result_decoder.h"
#include "parser/sparql_parser.hpp"
#include "storage/storage_error.h"

namespace corridor {

using storage::Id;
using storage::kNoId;

namespace internal {

namespace {

[[noreturn]] void ThrowSyntax(const sparql::ParseError& e) {
  std::string picture = e.Render();
  const auto nl = picture.find('\n');
  picture = nl == std::string::npos ? std::string() : picture.substr(nl);
  throw Error(ErrorCode::kSyntax, e.message() + picture, SourcePosition{"<query>", e.line(), e.column()});
}

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
  sparql::ParseOptions po;
  po.prefixes = options.prefixes;
  po.base = options.base;
  try {
    ast_ = sparql::ParseQuery(sparql, po);
  } catch (const sparql::ParseError& e) {
    ThrowSyntax(e);
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
  root_ = planner_->Plan(*algebra_.root);
  if (form_ == QueryForm::kSelect) {
    variables_ = algebra_.projection;
    for (const std::string& v : variables_) {
      variable_columns_.push_back(root_->ColumnOf(v));
      if (variable_columns_.back()) projected_columns_.push_back(*variable_columns_.back());
    }
  }
  batch_.Reset(root_->width());
  root_->Open(*ctx_);
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

void QueryResultImpl::Instantiate(const Id* row) {
  ++solution_number_;
  std::unordered_map<std::string, std::string> blank_labels;
  auto term_of = [&](const sparql::ast::Term& t) -> std::optional<Term> {
    if (const auto* v = boost::get<sparql::ast::Variable>(&t.get())) {
      auto col = root_->ColumnOf(v->name);
      if (!col || row[*col] == kNoId) return std::nullopt;
      return ctx_->eval().Decode(row[*col]);
    }
    if (const auto* b = boost::get<sparql::ast::BlankNode>(&t.get())) {
      auto it = blank_labels.find(b->label);
      if (it == blank_labels.end()) {
        it = blank_labels
                 .emplace(b->label, "c" + std::to_string(solution_number_) + "_" +
                                        std::to_string(blank_labels.size()))
                 .first;
      }
      return Term::Blank(it->second);
    }
    return engine::algebra::ToTerm(t);
  };
  for (const sparql::ast::TriplePattern& tp : algebra_.construct_template) {
    Quad q;
    auto s = term_of(tp.subject);
    auto p = term_of(tp.predicate);
    auto o = term_of(tp.object);
    if (!s || !p || !o) continue;
    if (s->is_literal() || !p->is_iri()) continue;  // not a valid RDF triple
    q.subject = std::move(*s);
    q.predicate = std::move(*p);
    q.object = std::move(*o);
    if (seen_triples_.insert(q.ToNQuads()).second) pending_.push_back(std::move(q));
  }
}

void QueryResultImpl::Describe() {
  described_ = true;
  // The resources: constants, and the values of the variables in every solution.
  std::vector<Id> resources;
  std::unordered_set<Id> seen;
  auto add = [&](Id id) {
    if (id != kNoId && seen.insert(id).second) resources.push_back(id);
  };
  std::vector<std::optional<std::size_t>> columns;
  for (const auto& d : algebra_.describe) {
    if (d.is_variable()) columns.push_back(root_->ColumnOf(d.variable));
    else add(ctx_->eval().Encode(*d.constant));
  }
  if (!columns.empty()) {
    const Id* row = nullptr;
    while (NextSolution(&row)) {
      for (const auto& c : columns) {
        if (c) add(row[*c]);
      }
    }
  }
  // Concise bounded description: the triples with the resource as subject
  // in the default graph, and recursively those of blank-node objects.
  engine::DatasetIds dataset = engine::Planner::ResolveDataset(algebra_, ctx_->store());
  engine::ParamRow* subject = ctx_->NewParamRow(1);
  engine::GraphSelector graphs;
  graphs.merge_graphs = dataset.default_graphs;
  engine::IndexScan scan(engine::ScanTerm::Parameter("s", subject, 0), engine::ScanTerm::Variable("p"),
                         engine::ScanTerm::Variable("o"), graphs, "describe");
  const std::size_t s_col = *scan.ColumnOf("s"), p_col = *scan.ColumnOf("p"), o_col = *scan.ColumnOf("o");
  for (std::size_t i = 0; i < resources.size(); ++i) {
    (*subject)[0] = resources[i];
    scan.Open(*ctx_);
    engine::Batch b(scan.width());
    while (scan.Next(&b)) {
      for (std::size_t r = 0; r < b.size(); ++r) {
        Quad q;
        q.subject = ctx_->eval().Decode(b.at(r, s_col));
        q.predicate = ctx_->eval().Decode(b.at(r, p_col));
        q.object = ctx_->eval().Decode(b.at(r, o_col));
        if (q.object.is_blank()) add(b.at(r, o_col));
        if (seen_triples_.insert(q.ToNQuads()).second) pending_.push_back(std::move(q));
      }
      b.Clear();
    }
    scan.Close();
  }
}

bool QueryResultImpl::NextTriple(Quad* triple) {
  if (form_ != QueryForm::kConstruct && form_ != QueryForm::kDescribe) {
    throw Error(ErrorCode::kInvalidArgument, "NextTriple: not a CONSTRUCT or DESCRIBE query");
  }
  if (triple == nullptr) throw Error(ErrorCode::kInvalidArgument, "NextTriple: triple is null");
  if (form_ == QueryForm::kDescribe && !described_) Describe();
  while (pending_.empty()) {
    if (form_ == QueryForm::kDescribe) return false;
    const Id* row = nullptr;
    if (!NextSolution(&row)) return false;
    Instantiate(row);
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
QueryResult::~QueryResult() = default;

QueryForm QueryResult::form() const { return impl_->form(); }
const std::vector<std::string>& QueryResult::variables() const { return impl_->variables(); }
const std::map<std::string, std::string>& QueryResult::prefixes() const { return impl_->prefixes(); }

bool QueryResult::Next(std::vector<std::optional<Term>>* row) {
  return internal::Guard([&] { return impl_->Next(row); });
}
bool QueryResult::AskAnswer() {
  return internal::Guard([&] { return impl_->AskAnswer(); });
}
bool QueryResult::NextTriple(Quad* triple) {
  return internal::Guard([&] { return impl_->NextTriple(triple); });
}

// ---------------------------------------------------------------------------
// Database

QueryResult Database::Query(std::string_view sparql, const QueryOptions& options) const {
  return internal::Guard([&] {
    return QueryResult(std::make_unique<internal::QueryResultImpl>(impl_->store(), sparql, options));
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
