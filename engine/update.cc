// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Database::Update: SPARQL 1.1 Update. The request is parsed whole, then
// its operations run in order under the store's writer lock against a
// storage::WriteOverlay over one snapshot: each operation reads (WHERE
// clauses run through the ordinary query path on an overlay snapshot, graph
// scans likewise) the state left by the previous ones, and writes only into
// the overlay. At the end Store::CommitChanges applies the overlay in one
// atomic, synced WriteBatch; any error, cancellation or timeout before that
// discards the overlay, so the database is unchanged.
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
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "corridor/database.h"
#include "corridor/error.h"
#include "engine/algebra.h"
#include "engine/database_impl.h"
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
        overlay_([this](const IdQuad& q) { return store_.Contains(base_, q); }),
        view_(store.OverlaySnapshot(base_, &overlay_)) {
    store_.SetPendingTerms(lock_, &overlay_);
  }

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

  // A term of a template or of quad data, for insertion (blank nodes: fresh
  // ids, one per label in `blanks`) or for deletion (create == false).
  std::optional<Id> TemplateId(const ast::Term& t, const std::vector<std::optional<Term>>* row,
                               const std::map<std::string, std::size_t>* columns,
                               std::unordered_map<std::string, Id>* blanks, bool create) {
    if (const auto* v = boost::get<ast::Variable>(&t.get())) {
      if (row == nullptr) return std::nullopt;
      auto it = columns->find(v->name);
      if (it == columns->end() || !(*row)[it->second]) return std::nullopt;
      const Term& value = *(*row)[it->second];
      if (value.is_blank() && create && blanks != nullptr) {
        // A blank node the store does not know (e.g. from BNODE()): one
        // fresh node per distinct value within the solution.
        if (auto known = store_.LookupId(storage::TermParts::Of(value))) return known;
        auto b = blanks->find("?" + value.value);
        if (b == blanks->end()) b = blanks->emplace("?" + value.value, store_.NewBlankId(lock_)).first;
        return b->second;
      }
      return IdOf(value, create);
    }
    if (const auto* b = boost::get<ast::BlankNode>(&t.get())) {
      if (blanks == nullptr) return std::nullopt;  // templates that delete have none
      auto it = blanks->find(b->label);
      if (it == blanks->end()) it = blanks->emplace(b->label, store_.NewBlankId(lock_)).first;
      return it->second;
    }
    return IdOf(engine::algebra::ToTerm(t), create);
  }

  // Instantiates `quads` for one solution (row may be null: ground data)
  // and inserts or deletes them. Triples that are not valid RDF, or have an
  // unbound variable, are skipped (SPARQL 1.1 Update §3.1.3).
  void Apply(const std::vector<ast::Quad>& quads, std::optional<Id> default_graph,
             const std::vector<std::optional<Term>>* row, const std::map<std::string, std::size_t>* columns,
             std::unordered_map<std::string, Id>* blanks, bool insert) {
    for (const ast::Quad& q : quads) {
      auto valid_position = [&](const ast::Term& t, int pos) {
        // Decide validity on the term before creating any id.
        std::optional<Term> term;
        if (const auto* v = boost::get<ast::Variable>(&t.get())) {
          if (row == nullptr) return false;
          auto it = columns->find(v->name);
          if (it == columns->end() || !(*row)[it->second]) return false;
          term = *(*row)[it->second];
        } else if (boost::get<ast::BlankNode>(&t.get()) != nullptr) {
          return pos == storage::kS || pos == storage::kO;
        } else {
          term = engine::algebra::ToTerm(t);
        }
        switch (pos) {
          case storage::kS: return !term->is_literal();
          case storage::kP: return term->is_iri();
          case storage::kO: return true;
          default: return term->is_iri();
        }
      };
      if (!valid_position(q.subject, storage::kS) || !valid_position(q.predicate, storage::kP) ||
          !valid_position(q.object, storage::kO) ||
          (q.graph && !valid_position(*q.graph, storage::kG))) {
        continue;
      }
      IdQuad iq{};
      bool ok = true;
      const ast::Term* terms[3] = {&q.subject, &q.predicate, &q.object};
      for (int i = 0; i < 3 && ok; ++i) {
        auto id = TemplateId(*terms[i], row, columns, blanks, insert);
        if (id) iq[i] = *id;
        else ok = false;
      }
      if (q.graph) {
        auto id = TemplateId(*q.graph, row, columns, blanks, insert);
        if (id) iq[storage::kG] = *id;
        else ok = false;
      } else if (default_graph) {
        iq[storage::kG] = *default_graph;
      } else {
        ok = false;  // the WITH graph is unknown: nothing to delete there
      }
      if (!ok) continue;  // deletion of something the store never held
      if (insert) overlay_.Insert(iq);
      else overlay_.Delete(iq);
    }
  }

  // The solutions of `where` over the dataset (datasets empty: the store's
  // default graph and all named graphs), as rows of terms by variable.
  struct Solutions {
    std::map<std::string, std::size_t> columns;
    std::vector<std::vector<std::optional<Term>>> rows;
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
    for (std::size_t i = 0; i < result.variables().size(); ++i) out.columns[result.variables()[i]] = i;
    std::vector<std::optional<Term>> row;
    while (result.Next(&row)) out.rows.push_back(row);
    return out;
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

  void ClearGraph(Id g) {
    for (const IdQuad& q : QuadsOfGraph(g)) overlay_.Delete(q);
  }

  // --------------------------------------------------------- operations

  void InsertData(const ast::InsertData& op) {
    Apply(op.quads, storage::kDefaultGraph, nullptr, nullptr, &data_blanks_, true);
  }

  void DeleteData(const ast::DeleteData& op) {
    Apply(op.quads, storage::kDefaultGraph, nullptr, nullptr, nullptr, false);
  }

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
    for (const auto& row : sol.rows) {
      Apply(op.quads, storage::kDefaultGraph, &row, &sol.columns, nullptr, false);
    }
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
    if (op.has_delete) {
      for (const auto& row : sol.rows) Apply(op.delete_quads, template_graph, &row, &sol.columns, nullptr, false);
    }
    if (op.has_insert) {
      if (op.with && !template_graph) template_graph = GraphId(op.with->value, true);
      for (const auto& row : sol.rows) {
        std::unordered_map<std::string, Id> blanks;  // fresh per solution
        Apply(op.insert_quads, template_graph, &row, &sol.columns, &blanks, true);
      }
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
    auto id_of = [&](const Term& t) -> Id {
      if (t.is_blank()) {
        auto it = blanks.find(t.value);
        if (it == blanks.end()) it = blanks.emplace(t.value, store_.NewBlankId(lock_)).first;
        return it->second;
      }
      return *IdOf(t, true);
    };
    // INTO GRAPH names the graph of the document's default-graph
    // statements; quads of a TriG / N-Quads document keep their graphs.
    std::optional<Id> into;
    if (op.into) into = GraphId(op.into->value, true);
    for (const auto& st : handler.statements) {
      IdQuad q{id_of(st.s), id_of(st.p), id_of(st.o), storage::kDefaultGraph};
      if (st.g) q[storage::kG] = id_of(*st.g);
      else if (into) q[storage::kG] = *into;
      overlay_.Insert(q);
    }
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
    for (IdQuad q : quads) {
      q[storage::kG] = to;
      overlay_.Insert(q);
    }
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
  bool committed_ = false;
};

[[noreturn]] void ThrowUpdateSyntax(const sparql::ParseError& e) {
  std::string picture = e.Render();
  const auto nl = picture.find('\n');
  picture = nl == std::string::npos ? std::string() : picture.substr(nl);
  throw Error(ErrorCode::kSyntax, e.message() + picture, SourcePosition{"<update>", e.line(), e.column()});
}

}  // namespace

}  // namespace internal

UpdateResult Database::Update(std::string_view sparql_update, const UpdateOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  sparql::ParseOptions po;
  po.prefixes = options.prefixes;
  po.base = options.base;
  sparql::ast::Update update;
  try {
    update = sparql::ParseUpdate(sparql_update, po);
  } catch (const sparql::ParseError& e) {
    internal::ThrowUpdateSyntax(e);
  }
  std::map<std::string, std::string> prefixes = options.prefixes;
  for (const auto& [k, v] : update.prefixes) prefixes[k] = v;
  const std::string base = update.base.empty() ? options.base : update.base;
  try {
    auto lock = impl_->store().LockForWriting();
    internal::UpdateRunner runner(impl_->store(), *lock, options, std::move(prefixes), base);
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
