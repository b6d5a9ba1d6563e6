// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Database::Update: SPARQL 1.1 Update. The request is parsed whole, then
// its operations run in order under the store's writer lock against a
// storage::WriteOverlay over one snapshot: each operation reads (WHERE
// clauses run through the ordinary query path on an overlay snapshot, graph
// scans likewise) the state left by the previous ones, and writes only into
// the overlay, one batch per operation (a DATA block, a template over all
// solutions, a graph): ground terms are looked up together in one sorted
// pass over the dictionary, WHERE solutions stay ids. At the end
// Store::CommitChanges applies the overlay in one atomic, durable step (a
// WriteBatch, or SST ingestion for large changes); any error, cancellation
// or timeout before that discards the overlay, so the database is
// unchanged.
//
// Graphs: Corridor keeps no empty graphs; a graph exists while it has
// quads. So CREATE GRAPH of a graph with quads fails (unless SILENT) and of
// any other graph does nothing; CLEAR/DROP of a graph without quads do
// nothing (they succeed); ADD/MOVE/COPY from a named graph without quads
// fail unless SILENT (the spec's "source graph does not exist").
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "corridor/database.h"
#include "corridor/error.h"
#include "engine/algebra.h"
#include "engine/database_impl.h"
#include "engine/local_vocab.h"
#include "engine/query_result_impl.h"
#include "parser/sparql_parser.hpp"
#include "storage/overlay.h"
#include "storage/rdf_reader.h"
#include "storage/storage_error.h"
#include "storage/store.h"
#include "storage/term_codec.h"

namespace corridor {

namespace internal {

namespace {

namespace ast = sparql::ast;
namespace fs = std::filesystem;
using storage::Id;
using storage::IdQuad;
using storage::kNoId;
using Clock = std::chrono::steady_clock;

// A failure of one operation that SILENT turns into success.
struct OperationFailed {
  Error error;
};

// The quads of a LOAD, read whole before any is applied.
class CollectingHandler : public storage::QuadHandler {
 public:
  struct Statement {
    Term s, p, o;
    std::optional<Term> g;
  };
  void OnQuad(const storage::TermView& s, const storage::TermView& p, const storage::TermView& o,
              const storage::TermView* g) override {
    Statement st{s.ToTerm(), p.ToTerm(), o.ToTerm(), std::nullopt};
    if (g != nullptr) st.g = g->ToTerm();
    statements.push_back(std::move(st));
  }
  std::vector<Statement> statements;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The local path of a file: IRI ("file:///a/b", "file://localhost/a/b",
// "file:/a/b"), percent-decoded; nullopt for other IRIs.
std::optional<fs::path> FilePathOf(const std::string& iri) {
  constexpr std::string_view kScheme = "file:";
  if (iri.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(iri[i])) != kScheme[i]) return std::nullopt;
  }
  std::string rest = iri.substr(kScheme.size());
  if (rest.rfind("//", 0) == 0) {
    const auto slash = rest.find('/', 2);
    const std::string host = rest.substr(2, slash == std::string::npos ? std::string::npos : slash - 2);
    if (!host.empty() && host != "localhost") return std::nullopt;
    rest = slash == std::string::npos ? "/" : rest.substr(slash);
  }
  if (auto q = rest.find_first_of("?#"); q != std::string::npos) rest.resize(q);
  std::string decoded;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && HexValue(rest[i + 1]) >= 0 && HexValue(rest[i + 2]) >= 0) {
      decoded.push_back(static_cast<char>(HexValue(rest[i + 1]) * 16 + HexValue(rest[i + 2])));
      i += 2;
    } else {
      decoded.push_back(rest[i]);
    }
  }
  if (decoded.find('\0') != std::string::npos) return std::nullopt;
  return fs::path(decoded);
}

// Whether `path` (canonical) is `dir` (canonical) or below it.
bool IsWithin(const fs::path& path, const fs::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (d->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

class UpdateRunner {
 public:
  UpdateRunner(storage::Store& store, storage::Store::WriterLock& lock, const UpdateOptions& options,
               std::map<std::string, std::string> prefixes, std::string base)
      : store_(store),
        lock_(lock),
        options_(options),
        prefixes_(std::move(prefixes)),
        base_iri_(std::move(base)),
        start_(Clock::now()),
        base_(store.GetSnapshot()),
        overlay_([this](const std::vector<IdQuad>& sorted, std::vector<char>* found) {
          store_.ContainsSorted(base_, sorted, found);
        }),
        view_(store.OverlaySnapshot(base_, &overlay_)) {
    store_.SetPendingTerms(lock_, &overlay_);
  }

  // The most quads the request may change (the overlay is in memory).
  void LimitChanges(std::size_t max_changes) { overlay_.set_max_changes(max_changes); }

  ~UpdateRunner() {
    if (!committed_) {
      store_.SetPendingTerms(lock_, nullptr);
      store_.AbortIds(lock_);
    }
  }

  void Run(const ast::UpdateOperation& op) {
    CheckCancelled();
    struct Visitor {
      using result_type = void;
      UpdateRunner* r;
      void operator()(const ast::InsertData& o) const { r->InsertData(o); }
      void operator()(const ast::DeleteData& o) const { r->DeleteData(o); }
      void operator()(const ast::DeleteWhere& o) const { r->DeleteWhere(o); }
      void operator()(const ast::Modify& o) const { r->Modify(o); }
      void operator()(const ast::Load& o) const { r->Load(o); }
      void operator()(const ast::Clear& o) const { r->ClearOrDrop(o.graph, o.silent); }
      void operator()(const ast::Drop& o) const { r->ClearOrDrop(o.graph, o.silent); }
      void operator()(const ast::Create& o) const { r->Create(o); }
      void operator()(const ast::Transfer& o) const { r->Transfer(o); }
    };
    boost::apply_visitor(Visitor{this}, op.get());
  }

  storage::ChangeResult Commit() {
    CheckCancelled();
    view_.reset();
    const storage::ChangeResult r = store_.CommitChanges(lock_, base_, overlay_);
    committed_ = true;
    return r;
  }

 private:
  // ------------------------------------------------------------- helpers

  void CheckCancelled() const {
    if (options_.cancel && options_.cancel->cancelled()) {
      throw Error(ErrorCode::kCancelled, "the update was cancelled");
    }
    if (options_.timeout.count() > 0 && Clock::now() - start_ >= options_.timeout) {
      throw Error(ErrorCode::kCancelled, "the update ran out of time (timeout " +
                                             std::to_string(options_.timeout.count()) + " ms)");
    }
  }

  // The id of a term (not a blank node): existing, pending, or (with
  // `create`) new. nullopt: the store has never seen it.
  std::optional<Id> IdOf(const Term& t, bool create) {
    const auto parts = storage::TermParts::Of(t);
    if (auto id = store_.LookupId(parts)) return id;
    if (!create) return std::nullopt;
    if (t.is_blank()) {
      // A store label the store does not know: a fresh node.
      return store_.NewBlankId(lock_);
    }
    const Id id = store_.NewDictionaryId(t.kind, lock_);
    overlay_.AddTerm(id, storage::EncodeDictionaryKey(parts));
    return id;
  }

  std::optional<Id> GraphId(const std::string& iri, bool create) { return IdOf(Term::Iri(iri), create); }

  // ------------------------------------------------- ground terms in bulk

  // The dictionary terms of a batch of quads, collected before any is
  // looked up, so that all are resolved in one sorted pass (Resolve).
  class KeyBatch {
   public:
    // The index of `key` in this batch (equal keys share one).
    std::size_t Add(std::string key, TermKind kind) {
      auto [it, fresh] = index_.try_emplace(std::move(key), keys_.size());
      if (fresh) {
        keys_.push_back(&it->first);
        kinds_.push_back(kind);
      }
      return it->second;
    }
    std::size_t size() const { return keys_.size(); }
    const std::string& key(std::size_t i) const { return *keys_[i]; }
    TermKind kind(std::size_t i) const { return kinds_[i]; }

   private:
    std::unordered_map<std::string, std::size_t> index_;  // nodes are stable
    std::vector<const std::string*> keys_;                // first-appearance order
    std::vector<TermKind> kinds_;
  };

  // The ids of a batch's keys: this request's terms (new ones in the
  // overlay, known ones memoised), then one sorted pass over the store's
  // dictionary for the rest, then (with `create`) new ids in the order the
  // keys first appeared. kNoId: unknown and not created.
  std::vector<Id> Resolve(const KeyBatch& keys, bool create) {
    std::vector<Id> ids(keys.size(), kNoId);
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (auto it = known_ids_.find(keys.key(i)); it != known_ids_.end()) {
        ids[i] = it->second;
      } else if (auto id = overlay_.FindTerm(keys.key(i))) {
        ids[i] = *id;
      } else {
        missing.push_back(i);
      }
    }
    // Keys outside the stored dictionary's range need no look-up (always
    // so in an empty store): one Seek tells.
    bool may_exist = false;
    if (!missing.empty()) {
      std::string_view lo = keys.key(missing[0]), hi = lo;
      for (std::size_t i : missing) {
        lo = std::min<std::string_view>(lo, keys.key(i));
        hi = std::max<std::string_view>(hi, keys.key(i));
      }
      may_exist = store_.DictionaryMayHold(lo, hi);
    }
    if (may_exist) {
      std::vector<std::pair<std::string_view, std::size_t>> sorted;
      sorted.reserve(missing.size());
      for (std::size_t i : missing) sorted.emplace_back(keys.key(i), i);
      std::sort(sorted.begin(), sorted.end());
      std::vector<std::string_view> views;
      views.reserve(sorted.size());
      for (const auto& [key, i] : sorted) views.push_back(key);
      std::vector<Id> found;
      store_.LookupDictionaryKeys(views, &found);
      for (std::size_t k = 0; k < sorted.size(); ++k) {
        if (found[k] == kNoId) continue;
        ids[sorted[k].second] = found[k];
        known_ids_.emplace(sorted[k].first, found[k]);
      }
    }
    if (create) {
      for (std::size_t i : missing) {
        if (ids[i] != kNoId) continue;
        ids[i] = store_.NewDictionaryId(keys.kind(i), lock_);
        overlay_.AddTerm(ids[i], keys.key(i));
      }
    }
    return ids;
  }

  // One position of a ground quad: an id already known (inline values,
  // blank nodes), or a key of the batch to resolve.
  struct GroundSlot {
    Id id = kNoId;
    std::size_t key = kNoKey;
  };
  static constexpr std::size_t kNoKey = static_cast<std::size_t>(-1);

  GroundSlot SlotOf(const Term& t, KeyBatch& keys) { return SlotOf(storage::TermParts::Of(t), keys); }
  GroundSlot SlotOf(const storage::TermParts& parts, KeyBatch& keys) {
    if (auto inl = storage::TryInlineId(parts)) return {*inl, kNoKey};
    return {kNoId, keys.Add(storage::EncodeDictionaryKey(parts), parts.kind)};
  }
  // An IRI or literal of the AST, read in place (as algebra::ToTerm would
  // make it: simple literals are xsd:string, language tags lower-case).
  GroundSlot SlotOf(const ast::Term& t, KeyBatch& keys) {
    if (const auto* iri = boost::get<ast::Iri>(&t.get())) {
      return SlotOf(storage::TermParts{TermKind::kIri, iri->value, {}, {}}, keys);
    }
    const auto* lit = boost::get<ast::Literal>(&t.get());
    if (lit == nullptr || std::any_of(lit->language.begin(), lit->language.end(),
                                      [](char c) { return c >= 'A' && c <= 'Z'; })) {
      return SlotOf(engine::algebra::ToTerm(t), keys);
    }
    if (!lit->language.empty()) {
      return SlotOf(storage::TermParts{TermKind::kLiteral, lit->lexical, kRdfLangString, lit->language}, keys);
    }
    std::string_view datatype = lit->datatype.empty() ? std::string_view(kXsdString) : std::string_view(lit->datatype);
    return SlotOf(storage::TermParts{TermKind::kLiteral, lit->lexical, datatype, {}}, keys);
  }

  // Turns ground quads of slots into id quads (dropping those with a term
  // the store lacks, which happens only without `create`) and applies them.
  void ApplyGround(const std::vector<std::array<GroundSlot, 4>>& slots, const KeyBatch& keys, bool insert) {
    const std::vector<Id> ids = Resolve(keys, insert);
    std::vector<IdQuad> quads;
    quads.reserve(slots.size());
    for (const auto& q : slots) {
      IdQuad iq{};
      bool ok = true;
      for (int i = 0; i < 4 && ok; ++i) {
        iq[i] = q[i].key == kNoKey ? q[i].id : ids[q[i].key];
        ok = iq[i] != kNoId || (i == storage::kG && q[i].key == kNoKey);
      }
      if (ok) quads.push_back(iq);
    }
    if (insert) overlay_.InsertMany(std::move(quads));
    else overlay_.DeleteMany(std::move(quads));
  }

  // INSERT DATA / DELETE DATA: quads without variables. Triples that are
  // not valid RDF (a literal subject, a predicate that is not an IRI) are
  // skipped (SPARQL 1.1 Update §3.1.3); blank nodes are fresh per label and
  // request (data_blanks_) on insertion, and match nothing on deletion.
  void ApplyData(const std::vector<ast::Quad>& data, bool insert) {
    KeyBatch keys;
    std::vector<std::array<GroundSlot, 4>> slots;
    slots.reserve(data.size());
    for (const ast::Quad& q : data) {
      const ast::Term* terms[4] = {&q.subject, &q.predicate, &q.object, q.graph ? &*q.graph : nullptr};
      auto valid = [&](int pos) {
        const ast::Term* t = terms[pos];
        if (boost::get<ast::Variable>(&t->get()) != nullptr) return false;  // not in DATA (checked)
        if (boost::get<ast::BlankNode>(&t->get()) != nullptr) return pos == storage::kS || pos == storage::kO;
        if (boost::get<ast::Literal>(&t->get()) != nullptr) return pos == storage::kO;
        return true;  // an IRI
      };
      if (!valid(storage::kS) || !valid(storage::kP) || !valid(storage::kO) ||
          (terms[storage::kG] != nullptr && !valid(storage::kG))) {
        continue;
      }
      std::array<GroundSlot, 4> slot{};
      bool ok = true;
      for (int i = 0; i < 4; ++i) {
        if (terms[i] == nullptr) {
          slot[i] = {storage::kDefaultGraph, kNoKey};
        } else if (const auto* b = boost::get<ast::BlankNode>(&terms[i]->get())) {
          if (!insert) {
            ok = false;
            break;
          }
          auto it = data_blanks_.find(b->label);
          if (it == data_blanks_.end()) it = data_blanks_.emplace(b->label, store_.NewBlankId(lock_)).first;
          slot[i] = {it->second, kNoKey};
        } else {
          slot[i] = SlotOf(*terms[i], keys);
        }
      }
      if (ok) slots.push_back(slot);
    }
    ApplyGround(slots, keys, insert);
  }

  // ------------------------------------------------------ WHERE solutions

  // The solutions of `where` over the dataset (datasets empty: the store's
  // default graph and all named graphs), as rows of ids, `width` a row, in
  // the column order of `columns`. Ids the query computed (LocalVocab) are
  // kept with their terms in `computed`.
  struct Solutions {
    std::map<std::string, std::size_t> columns;
    std::size_t width = 0;
    std::size_t rows = 0;
    std::vector<Id> ids;  // rows × width
    std::unordered_map<Id, Term> computed;
  };
  Solutions Evaluate(const ast::GroupGraphPattern& where, std::vector<ast::DatasetClause> datasets) {
    ast::Query q;
    q.form = ast::QueryForm::kSelect;
    q.select.star = true;
    q.where = where;
    q.datasets = std::move(datasets);
    q.prefixes = prefixes_;
    q.base = base_iri_;
    QueryOptions qo;
    qo.cancel = options_.cancel;
    if (options_.timeout.count() > 0) {
      const auto left = options_.timeout - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_);
      qo.timeout = std::max(left, std::chrono::milliseconds(1));
    }
    qo.base = base_iri_;
    qo.prefixes = prefixes_;
    QueryResultImpl result(store_, std::move(q), view_, qo);
    Solutions out;
    out.width = result.variables().size();
    for (std::size_t i = 0; i < out.width; ++i) out.columns[result.variables()[i]] = i;
    std::vector<Id> row;
    while (result.NextIds(&row)) {
      for (Id id : row) {
        if (engine::LocalVocab::IsLocal(id) && !out.computed.contains(id)) {
          out.computed.emplace(id, result.context().eval().Decode(id));
        }
      }
      out.ids.insert(out.ids.end(), row.begin(), row.end());
      ++out.rows;
    }
    return out;
  }

  // A template (DELETE / INSERT / DELETE WHERE quads) resolved once per
  // operation: each position is a solution column, a constant (its id
  // looked up, or created for insertion, on first use) or a blank node.
  struct TemplateTerm {
    enum class Kind { kColumn, kUnbound, kConstant, kBlank } kind = Kind::kConstant;
    std::size_t column = 0;  // kColumn
    std::optional<Term> term;  // kConstant
    bool valid = true;         // kConstant: allowed at its position
    bool resolved = false;     // kConstant: `id` looked up
    Id id = kNoId;             // kConstant: kNoId if unknown (deletion)
    std::size_t blank = 0;     // kBlank: index of its label
  };
  struct Template {
    std::vector<std::array<TemplateTerm, 4>> quads;
    std::vector<bool> has_graph;
    std::size_t blank_labels = 0;
  };

  static bool ValidAt(TermKind kind, int pos) {
    switch (pos) {
      case storage::kS: return kind != TermKind::kLiteral;
      case storage::kO: return true;
      default: return kind == TermKind::kIri;  // predicate, graph
    }
  }

  Template Compile(const std::vector<ast::Quad>& quads, const Solutions& sol) {
    Template t;
    std::map<std::string, std::size_t> labels;
    for (const ast::Quad& q : quads) {
      const ast::Term* terms[4] = {&q.subject, &q.predicate, &q.object, q.graph ? &*q.graph : nullptr};
      std::array<TemplateTerm, 4> out{};
      for (int i = 0; i < 4; ++i) {
        if (terms[i] == nullptr) continue;
        TemplateTerm& tt = out[i];
        if (const auto* v = boost::get<ast::Variable>(&terms[i]->get())) {
          auto it = sol.columns.find(v->name);
          if (it == sol.columns.end()) {
            tt.kind = TemplateTerm::Kind::kUnbound;
          } else {
            tt.kind = TemplateTerm::Kind::kColumn;
            tt.column = it->second;
          }
        } else if (const auto* b = boost::get<ast::BlankNode>(&terms[i]->get())) {
          tt.kind = TemplateTerm::Kind::kBlank;
          tt.blank = labels.try_emplace(b->label, labels.size()).first->second;
          tt.valid = i == storage::kS || i == storage::kO;
        } else {
          tt.kind = TemplateTerm::Kind::kConstant;
          tt.term = engine::algebra::ToTerm(*terms[i]);
          tt.valid = ValidAt(tt.term->kind, i);
        }
      }
      t.quads.push_back(std::move(out));
      t.has_graph.push_back(q.graph.has_value());
    }
    t.blank_labels = labels.size();
    return t;
  }

  // The kind of the term of a solution value.
  static TermKind KindOf(Id id, const Solutions& sol) {
    if (engine::LocalVocab::IsLocal(id)) return sol.computed.at(id).kind;
    switch (storage::TagOf(id)) {
      case storage::kTagBlank: return TermKind::kBlank;
      case storage::kTagIri: return TermKind::kIri;
      default: return TermKind::kLiteral;
    }
  }

  // Instantiates `tmpl` for every solution and inserts or deletes the
  // quads (in one batch: within one template the order does not matter).
  // Triples that are not valid RDF, or have an unbound variable, are
  // skipped (SPARQL 1.1 Update §3.1.3). `default_graph`: the graph of quads
  // outside GRAPH (nullopt: the WITH graph is unknown, so nothing to delete
  // there). On insertion blank nodes of the template are fresh per
  // solution, as are computed blank nodes the store does not know (one per
  // distinct value within the solution).
  void ApplyTemplate(Template& tmpl, const Solutions& sol, std::optional<Id> default_graph, bool insert) {
    std::vector<IdQuad> quads;
    std::vector<Id> blanks(tmpl.blank_labels);
    std::unordered_map<std::string, Id> computed_blanks;
    const std::size_t rows = sol.rows;
    for (std::size_t r = 0; r < rows; ++r) {
      if ((r & 4095) == 0) CheckCancelled();
      const Id* row = sol.width == 0 ? nullptr : sol.ids.data() + r * sol.width;
      std::fill(blanks.begin(), blanks.end(), kNoId);
      computed_blanks.clear();
      for (std::size_t qi = 0; qi < tmpl.quads.size(); ++qi) {
        auto& q = tmpl.quads[qi];
        // Validity first, before any id is created.
        bool ok = true;
        for (int i = 0; i < 4 && ok; ++i) {
          if (i == storage::kG && !tmpl.has_graph[qi]) {
            ok = default_graph.has_value();
            continue;
          }
          const TemplateTerm& tt = q[i];
          switch (tt.kind) {
            case TemplateTerm::Kind::kUnbound: ok = false; break;
            case TemplateTerm::Kind::kColumn: {
              const Id v = row[tt.column];
              ok = v != kNoId && ValidAt(KindOf(v, sol), i);
              break;
            }
            case TemplateTerm::Kind::kBlank: ok = insert && tt.valid; break;
            case TemplateTerm::Kind::kConstant: ok = tt.valid; break;
          }
        }
        if (!ok) continue;
        IdQuad iq{};
        for (int i = 0; i < 4 && ok; ++i) {
          if (i == storage::kG && !tmpl.has_graph[qi]) {
            iq[i] = *default_graph;
            continue;
          }
          TemplateTerm& tt = q[i];
          switch (tt.kind) {
            case TemplateTerm::Kind::kUnbound: break;
            case TemplateTerm::Kind::kColumn: {
              const Id v = row[tt.column];
              if (!engine::LocalVocab::IsLocal(v)) {
                iq[i] = v;
                break;
              }
              const Term& value = sol.computed.at(v);
              if (value.is_blank() && insert) {
                if (auto known = store_.LookupId(storage::TermParts::Of(value))) {
                  iq[i] = *known;
                } else {
                  auto b = computed_blanks.find(value.value);
                  if (b == computed_blanks.end()) b = computed_blanks.emplace(value.value, store_.NewBlankId(lock_)).first;
                  iq[i] = b->second;
                }
              } else if (auto id = IdOf(value, insert)) {
                iq[i] = *id;
              } else {
                ok = false;
              }
              break;
            }
            case TemplateTerm::Kind::kBlank:
              if (blanks[tt.blank] == kNoId) blanks[tt.blank] = store_.NewBlankId(lock_);
              iq[i] = blanks[tt.blank];
              break;
            case TemplateTerm::Kind::kConstant:
              if (!tt.resolved || (insert && tt.id == kNoId)) {
                tt.id = IdOf(*tt.term, insert).value_or(kNoId);
                tt.resolved = true;
              }
              iq[i] = tt.id;
              ok = tt.id != kNoId;
              break;
          }
        }
        if (ok) quads.push_back(iq);  // else: deletion of something the store never held
      }
    }
    if (insert) overlay_.InsertMany(std::move(quads));
    else overlay_.DeleteMany(std::move(quads));
  }

  // The graphs of the merged view that hold quads (kDefaultGraph first).
  std::vector<Id> ExistingGraphs() {
    std::vector<Id> out;
    for (const auto& [g, n] : store_.ReadStats(view_).graph_quads) {
      if (n > 0) out.push_back(g);
    }
    return out;
  }

  bool GraphHasQuads(Id g) {
    return store_.Scan(view_, storage::Permutation::kGspo, {g})->Valid();
  }

  std::vector<IdQuad> QuadsOfGraph(Id g) {
    std::vector<IdQuad> out;
    for (auto scan = store_.Scan(view_, storage::Permutation::kGspo, {g}); scan->Valid(); scan->Next()) {
      out.push_back(scan->quad());
    }
    return out;
  }

  void ClearGraph(Id g) { overlay_.DeleteMany(QuadsOfGraph(g)); }

  // --------------------------------------------------------- operations

  void InsertData(const ast::InsertData& op) { ApplyData(op.quads, true); }

  void DeleteData(const ast::DeleteData& op) { ApplyData(op.quads, false); }

  // The WHERE pattern of DELETE WHERE: its quads as triple patterns, those
  // with a graph inside GRAPH blocks.
  static ast::GroupGraphPattern PatternOf(const std::vector<ast::Quad>& quads) {
    ast::GroupGraphPattern group;
    ast::BasicGraphPattern defaults;
    for (const ast::Quad& q : quads) {
      ast::TriplePattern tp{q.subject, q.predicate, q.object};
      if (!q.graph) {
        defaults.triples.emplace_back(tp);
        continue;
      }
      ast::GraphGraphPattern g;
      g.graph = *q.graph;
      ast::BasicGraphPattern bgp;
      bgp.triples.emplace_back(tp);
      g.pattern.elements.emplace_back(std::move(bgp));
      group.elements.emplace_back(std::move(g));
    }
    if (!defaults.triples.empty()) {
      group.elements.insert(group.elements.begin(), ast::GraphPatternElement(std::move(defaults)));
    }
    return group;
  }

  void DeleteWhere(const ast::DeleteWhere& op) {
    Solutions sol = Evaluate(PatternOf(op.quads), {});
    Template tmpl = Compile(op.quads, sol);
    ApplyTemplate(tmpl, sol, storage::kDefaultGraph, false);
  }

  void Modify(const ast::Modify& op) {
    std::vector<ast::DatasetClause> datasets = op.using_clauses;
    if (datasets.empty() && op.with) {
      // WITH: the default graph of the WHERE clause is the WITH graph; the
      // named graphs stay all of the store's.
      datasets.push_back(ast::DatasetClause{*op.with, false});
      for (Id g : ExistingGraphs()) {
        if (g == storage::kDefaultGraph) continue;
        const Term t = store_.Resolve(g);
        if (t.is_iri()) datasets.push_back(ast::DatasetClause{ast::Iri{t.value}, true});
      }
    }
    Solutions sol = Evaluate(op.where, std::move(datasets));
    std::optional<Id> template_graph = storage::kDefaultGraph;
    if (op.with) template_graph = GraphId(op.with->value, false);
    // All deletions, then all insertions (§3.1.3).
    if (op.has_delete) {
      Template tmpl = Compile(op.delete_quads, sol);
      ApplyTemplate(tmpl, sol, template_graph, false);
    }
    if (op.has_insert) {
      if (op.with && !template_graph) template_graph = GraphId(op.with->value, true);
      Template tmpl = Compile(op.insert_quads, sol);
      ApplyTemplate(tmpl, sol, template_graph, true);
    }
  }

  void Load(const ast::Load& op) {
    try {
      LoadInto(op);
    } catch (const OperationFailed& f) {
      if (!op.silent) throw f.error;
    }
  }

  void LoadInto(const ast::Load& op) {
    const std::string& iri = op.source.value;
    auto path = FilePathOf(iri);
    if (!path) {
      throw OperationFailed{Error(ErrorCode::kInvalidArgument,
                                  "LOAD reads only local files (file: IRIs), not <" + iri + ">")};
    }
    std::error_code ec;
    fs::path canonical = fs::canonical(*path, ec);
    if (ec) {
      throw OperationFailed{Error(ErrorCode::kIo, "LOAD <" + iri + ">: cannot open " + path->string() + ": " +
                                                      ec.message())};
    }
    std::vector<fs::path> allowed = options_.load_allowed_dirs;
    if (allowed.empty()) allowed.push_back(fs::current_path());
    bool ok = false;
    for (const fs::path& dir : allowed) {
      std::error_code dec;
      fs::path d = fs::canonical(dir, dec);
      if (!dec && IsWithin(canonical, d)) ok = true;
    }
    if (!ok) {
      throw OperationFailed{Error(ErrorCode::kInvalidArgument,
                                  "LOAD <" + iri + ">: " + canonical.string() +
                                      " is outside the folders LOAD may read (UpdateOptions::load_allowed_dirs)")};
    }
    storage::ReaderOptions ro;
    auto format = storage::FormatFromPath(canonical);
    if (!format) {
      throw OperationFailed{Error(ErrorCode::kInvalidArgument,
                                  "LOAD <" + iri + ">: cannot tell the format from the file name (.nt .nq .ttl "
                                                   ".trig, optionally .gz)")};
    }
    ro.format = *format;
    ro.base = iri;
    CollectingHandler handler;
    try {
      storage::ReadRdfFile(canonical, ro, handler);
    } catch (const storage::LoadError& e) {
      throw OperationFailed{Error(e.kind() == storage::LoadError::Kind::kSyntax ? ErrorCode::kSyntax : ErrorCode::kIo,
                                  "LOAD <" + iri + ">: " + e.message(),
                                  SourcePosition{e.source(), e.line(), e.column()})};
    } catch (const std::invalid_argument& e) {
      throw OperationFailed{Error(ErrorCode::kInvalidArgument, "LOAD <" + iri + ">: " + e.what())};
    }
    std::unordered_map<std::string, Id> blanks;  // blank nodes scoped to the document
    KeyBatch keys;
    auto slot_of = [&](const Term& t) -> GroundSlot {
      if (t.is_blank()) {
        auto it = blanks.find(t.value);
        if (it == blanks.end()) it = blanks.emplace(t.value, store_.NewBlankId(lock_)).first;
        return {it->second, kNoKey};
      }
      return SlotOf(t, keys);
    };
    // INTO GRAPH names the graph of the document's default-graph
    // statements; quads of a TriG / N-Quads document keep their graphs.
    GroundSlot into{storage::kDefaultGraph, kNoKey};
    if (op.into) into = SlotOf(Term::Iri(op.into->value), keys);
    std::vector<std::array<GroundSlot, 4>> slots;
    slots.reserve(handler.statements.size());
    for (const auto& st : handler.statements) {
      slots.push_back({slot_of(st.s), slot_of(st.p), slot_of(st.o), st.g ? slot_of(*st.g) : into});
    }
    ApplyGround(slots, keys, true);
  }

  // The graphs a GraphRef names in the merged view (only those with quads).
  std::vector<Id> Targets(const ast::GraphRef& ref) {
    std::vector<Id> out;
    switch (ref.target) {
      case ast::GraphTarget::kGraph:
        if (auto g = GraphId(ref.iri.value, false)) out.push_back(*g);
        break;
      case ast::GraphTarget::kDefault: out.push_back(storage::kDefaultGraph); break;
      case ast::GraphTarget::kNamed:
        for (Id g : ExistingGraphs()) {
          if (g != storage::kDefaultGraph) out.push_back(g);
        }
        break;
      case ast::GraphTarget::kAll: out = ExistingGraphs(); break;
    }
    return out;
  }

  void ClearOrDrop(const ast::GraphRef& ref, bool /*silent: nothing here fails*/) {
    for (Id g : Targets(ref)) ClearGraph(g);
  }

  void Create(const ast::Create& op) {
    auto g = GraphId(op.graph.value, false);
    if (g && GraphHasQuads(*g) && !op.silent) {
      throw Error(ErrorCode::kInvalidArgument, "CREATE GRAPH <" + op.graph.value + ">: the graph already exists");
    }
  }

  void Transfer(const ast::Transfer& op) {
    std::optional<Id> from = storage::kDefaultGraph;
    if (op.from.target == ast::GraphTarget::kGraph) from = GraphId(op.from.iri.value, false);
    if (op.from.target == ast::GraphTarget::kGraph && (!from || !GraphHasQuads(*from))) {
      if (op.silent) return;
      throw Error(ErrorCode::kInvalidArgument,
                  "the source graph <" + op.from.iri.value + "> does not exist (it has no quads)");
    }
    Id to = storage::kDefaultGraph;
    if (op.to.target == ast::GraphTarget::kGraph) to = *GraphId(op.to.iri.value, true);
    if (*from == to) return;  // ADD/MOVE/COPY of a graph onto itself: nothing
    std::vector<IdQuad> quads = QuadsOfGraph(*from);
    if (op.op != ast::TransferOp::kAdd) ClearGraph(to);
    if (op.op == ast::TransferOp::kMove) ClearGraph(*from);
    for (IdQuad& q : quads) q[storage::kG] = to;
    overlay_.InsertMany(std::move(quads));
  }

  storage::Store& store_;
  storage::Store::WriterLock& lock_;
  const UpdateOptions& options_;
  std::map<std::string, std::string> prefixes_;
  std::string base_iri_;
  Clock::time_point start_;
  storage::SnapshotPtr base_;
  storage::WriteOverlay overlay_;
  storage::SnapshotPtr view_;
  std::unordered_map<std::string, Id> data_blanks_;  // INSERT DATA labels, per request
  std::unordered_map<std::string, Id> known_ids_;    // dictionary keys of stored terms looked up
  bool committed_ = false;
};

}  // namespace

}  // namespace internal

UpdateResult Database::Update(std::string_view sparql_update, const UpdateOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  sparql::ast::Update update;
  try {
    update = sparql::ParseUpdate(sparql_update, internal::EngineParseOptions(options.prefixes, options.base));
  } catch (const sparql::ParseError& e) {
    internal::RethrowParseError(e, "<update>");
  }
  std::map<std::string, std::string> prefixes = options.prefixes;
  for (const auto& [k, v] : update.prefixes) prefixes[k] = v;
  const std::string base = update.base.empty() ? options.base : update.base;
  try {
    auto lock = impl_->store().LockForWriting();
    internal::UpdateRunner runner(impl_->store(), *lock, options, std::move(prefixes), base);
    runner.LimitChanges(std::max<std::size_t>(
        1, impl_->options().memory_budget_bytes / storage::WriteOverlay::kPeakBytesPerChange));
    for (const auto& op : update.operations) runner.Run(op);
    const storage::ChangeResult c = runner.Commit();
    UpdateResult r;
    r.operations = update.operations.size();
    r.quads_inserted = c.quads_added;
    r.quads_deleted = c.quads_deleted;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  }
}

}  // namespace corridor
