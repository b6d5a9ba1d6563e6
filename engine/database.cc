// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "corridor/database.h"

#include <chrono>
#include <ostream>
#include <unordered_map>

#include "engine/database_impl.h"
#include "storage/bulk_loader.h"
#include "storage/check.h"
#include "storage/rdf_reader.h"

namespace corridor {

namespace fs = std::filesystem;
using storage::Id;
using storage::IdQuad;

namespace internal {

// Decodes ids to terms, remembering the most recent ones (subjects and
// predicates repeat a lot in sorted scans).
class TermDecoder {
 public:
  explicit TermDecoder(const storage::Store& store) : store_(store) {}
  const Term& Decode(Id id) {
    auto it = cache_.find(id);
    if (it != cache_.end()) return it->second;
    if (cache_.size() > kMaxEntries) cache_.clear();
    return cache_.emplace(id, store_.Resolve(id)).first->second;
  }

 private:
  static constexpr std::size_t kMaxEntries = 1 << 16;
  const storage::Store& store_;
  std::unordered_map<Id, Term> cache_;
};

class QuadCursorImpl {
 public:
  QuadCursorImpl(const storage::Store& store, std::unique_ptr<storage::ScanIterator> scan,
                 GraphScope scope)
      : decoder_(store), scan_(std::move(scan)), scope_(scope) {}
  QuadCursorImpl(const storage::Store& store) : decoder_(store) {}  // empty result

  bool Next(Quad* out) {
    while (scan_ && scan_->Valid()) {
      const IdQuad q = scan_->quad();
      scan_->Next();
      const Id g = q[storage::kG];
      if (scope_ == GraphScope::kDefault && g != storage::kDefaultGraph) continue;
      if (scope_ == GraphScope::kAllNamed && g == storage::kDefaultGraph) continue;
      out->subject = decoder_.Decode(q[storage::kS]);
      out->predicate = decoder_.Decode(q[storage::kP]);
      out->object = decoder_.Decode(q[storage::kO]);
      if (g == storage::kDefaultGraph) out->graph.reset();
      else out->graph = decoder_.Decode(g);
      return true;
    }
    return false;
  }

 private:
  TermDecoder decoder_;
  std::unique_ptr<storage::ScanIterator> scan_;
  GraphScope scope_ = GraphScope::kAll;
};

}  // namespace internal

// ---------------------------------------------------------------------------
// QuadCursor

QuadCursor::QuadCursor(std::unique_ptr<internal::QuadCursorImpl> impl) : impl_(std::move(impl)) {}
QuadCursor::QuadCursor(QuadCursor&&) noexcept = default;
QuadCursor& QuadCursor::operator=(QuadCursor&&) noexcept = default;
QuadCursor::~QuadCursor() = default;

QuadCursor internal::DatabaseImpl::MakeCursor(std::unique_ptr<QuadCursorImpl> impl) {
  return QuadCursor(std::move(impl));
}

bool QuadCursor::Next(Quad* out) {
  if (out == nullptr) throw Error(ErrorCode::kInvalidArgument, "QuadCursor::Next: out is null");
  try {
    return impl_->Next(out);
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  }
}

// ---------------------------------------------------------------------------
// Database

namespace {

storage::StoreOptions ToStoreOptions(const Options& o) {
  storage::StoreOptions s;
  s.create_if_missing = o.create_if_missing;
  s.read_only = o.read_only;
  s.block_cache_bytes = o.block_cache_bytes;
  s.decoded_block_cache_bytes = o.decoded_block_cache_bytes;
  s.sync_writes = o.sync_writes;
  return s;
}

// A file:// IRI for an absolute path (percent-encoding what IRIs forbid).
std::string FileIri(const fs::path& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  std::string out = "file://";
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : abs.generic_string()) {
    if (c <= 0x20 || c == '%' || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '\\' || c == '^' || c == '`' || c == '#' || c == '?' || c >= 0x7f) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

[[noreturn]] void RethrowLoadError(const storage::LoadError& e) {
  throw Error(e.kind() == storage::LoadError::Kind::kSyntax ? ErrorCode::kSyntax : ErrorCode::kIo,
              e.message(), SourcePosition{e.source(), e.line(), e.column()});
}

// Reports progress at most about once a second.
class ProgressReporter {
 public:
  ProgressReporter(const LoadOptions& options, std::uint64_t bytes_total,
                   const storage::BulkLoader& loader)
      : callback_(options.on_progress), loader_(loader), start_(Clock::now()), last_(start_) {
    progress_.bytes_total = bytes_total;
  }
  void OnBytes(std::uint64_t bytes_before_this_file, std::uint64_t bytes_in_file) {
    if (!callback_) return;
    auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(1000)) return;
    last_ = now;
    Report(bytes_before_this_file + bytes_in_file);
  }
  void Report(std::uint64_t bytes) {
    if (!callback_) return;
    progress_.bytes_read = bytes;
    progress_.quads_read = loader_.quads_read();
    progress_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    callback_(progress_);
  }
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  using Clock = std::chrono::steady_clock;
  std::function<void(const LoadProgress&)> callback_;
  const storage::BulkLoader& loader_;
  LoadProgress progress_;
  Clock::time_point start_, last_;
};

}  // namespace

Database::Database(std::unique_ptr<internal::DatabaseImpl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

const fs::path& Database::path() const { return impl_->path(); }

std::unique_ptr<Database> Database::Open(const fs::path& path, const Options& options) {
  if (path.empty()) throw Error(ErrorCode::kInvalidArgument, "empty database path");
  try {
    auto store = storage::Store::Open(path, ToStoreOptions(options));
    return std::unique_ptr<Database>(
        new Database(std::make_unique<internal::DatabaseImpl>(path, options, std::move(store))));
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  }
}

LoadResult Database::LoadFiles(const std::vector<fs::path>& files, const LoadOptions& options) {
  if (options.graph && options.graph->empty()) {
    throw Error(ErrorCode::kInvalidArgument, "the target graph IRI is empty");
  }
  // Check every file before touching the store, so that a typo fails fast.
  std::uint64_t bytes_total = 0;
  std::vector<storage::ReaderOptions> reader_options(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path& f = files[i];
    std::error_code ec;
    if (fs::is_directory(f, ec)) {
      throw Error(ErrorCode::kIo, "is a directory, not a file", {f.string()});
    }
    if (fs::exists(f, ec) && !fs::is_regular_file(f, ec)) {
      throw Error(ErrorCode::kIo,
                  "is not a regular file (a pipe, socket or device; the corridor command loads "
                  "standard input as '-')",
                  {f.string()});
    }
    auto size = fs::file_size(f, ec);
    if (ec) throw Error(ErrorCode::kIo, "cannot read: " + ec.message(), {f.string()});
    bytes_total += size;
    auto& ro = reader_options[i];
    if (options.format != RdfFormat::kAuto) {
      ro.format = options.format;
    } else if (auto fmt = storage::FormatFromPath(f)) {
      ro.format = *fmt;
    } else {
      throw Error(ErrorCode::kInvalidArgument,
                  "cannot tell the format from the file name (use .nt .nq .ttl .trig, "
                  "optionally .gz, or give a format)",
                  {f.string()});
    }
    ro.base = options.base ? *options.base : FileIri(f);
    ro.blank_prefix = "f" + std::to_string(i) + "_";
  }
  try {
    auto lock = impl_->store().LockForWriting();
    storage::BulkLoader loader(impl_->store(), *lock, impl_->options().memory_budget_bytes);
    loader.SetDefaultGraph(options.graph);
    ProgressReporter progress(options, bytes_total, loader);
    std::uint64_t bytes_done = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
      auto& ro = reader_options[i];
      ro.on_bytes = [&](std::uint64_t n) { progress.OnBytes(bytes_done, n); };
      storage::ReadRdfFile(files[i], ro, loader);
      std::error_code ec;
      bytes_done += fs::file_size(files[i], ec);
    }
    progress.Report(bytes_total);
    storage::CommitResult c = loader.Commit();
    return LoadResult{loader.quads_read(), c.quads_added, c.duplicates, progress.Seconds()};
  } catch (const storage::LoadError& e) {
    RethrowLoadError(e);
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  } catch (const std::invalid_argument& e) {  // the readers' contract checks (e.g. base IRI)
    throw Error(ErrorCode::kInvalidArgument, e.what());
  }
}

LoadResult Database::LoadString(std::string_view document, const LoadOptions& options,
                                std::string_view source_name) {
  if (options.format == RdfFormat::kAuto) {
    throw Error(ErrorCode::kInvalidArgument, "LoadString needs an explicit format");
  }
  try {
    auto lock = impl_->store().LockForWriting();
    storage::BulkLoader loader(impl_->store(), *lock, impl_->options().memory_budget_bytes);
    loader.SetDefaultGraph(options.graph);
    ProgressReporter progress(options, document.size(), loader);
    storage::ReaderOptions ro;
    ro.format = options.format;
    ro.base = options.base;
    ro.blank_prefix = "s_";
    storage::ReadRdfString(document, source_name, ro, loader);
    storage::CommitResult c = loader.Commit();
    return LoadResult{loader.quads_read(), c.quads_added, c.duplicates, progress.Seconds()};
  } catch (const storage::LoadError& e) {
    RethrowLoadError(e);
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  } catch (const std::invalid_argument& e) {  // the readers' contract checks (e.g. base IRI)
    throw Error(ErrorCode::kInvalidArgument, e.what());
  }
}

QuadCursor Database::Match(const QuadPattern& pattern) const {
  using internal::QuadCursorImpl;
  const storage::Store& store = impl_->store();
  try {
    std::array<std::optional<Id>, 4> bound;
    const std::optional<Term>* terms[3] = {&pattern.subject, &pattern.predicate, &pattern.object};
    for (int i = 0; i < 3; ++i) {
      if (!terms[i]->has_value()) continue;
      bound[i] = store.LookupId(storage::TermParts::Of(**terms[i]));
      if (!bound[i]) return internal::DatabaseImpl::MakeCursor(std::make_unique<QuadCursorImpl>(store));
    }
    GraphScope scope = pattern.scope;
    if (scope == GraphScope::kDefault) {
      bound[storage::kG] = storage::kDefaultGraph;
    } else if (scope == GraphScope::kNamed && pattern.graph) {
      bound[storage::kG] = store.LookupId(storage::TermParts::Of(*pattern.graph));
      if (!bound[storage::kG]) {
        return internal::DatabaseImpl::MakeCursor(std::make_unique<QuadCursorImpl>(store));
      }
    } else if (scope == GraphScope::kNamed) {
      scope = GraphScope::kAllNamed;
    }
    int prefix_len = 0;
    auto perm = storage::Store::ChoosePermutation(bound[0].has_value(), bound[1].has_value(),
                                                  bound[2].has_value(), bound[3].has_value(),
                                                  &prefix_len);
    std::vector<Id> prefix;
    const auto& order = storage::kPermutationOrder[static_cast<int>(perm)];
    for (int i = 0; i < prefix_len; ++i) prefix.push_back(*bound[order[i]]);
    auto scan = store.Scan(store.GetSnapshot(), perm, prefix);
    return internal::DatabaseImpl::MakeCursor(
        std::make_unique<QuadCursorImpl>(store, std::move(scan), scope));
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  }
}

Statistics Database::GetStatistics() const {
  const storage::Store& store = impl_->store();
  try {
    storage::StoreStats s = store.ReadStats(store.GetSnapshot());
    Statistics out;
    out.quads = s.quads;
    out.distinct_terms = s.dictionary_terms;
    out.bytes_on_disk = store.BytesOnDisk();
    for (const auto& p : s.predicates) {
      if (p.quads == 0) continue;
      out.predicates.push_back(
          {store.Resolve(p.predicate), p.quads, p.distinct_subjects, p.distinct_objects});
    }
    std::stable_sort(out.predicates.begin(), out.predicates.end(),
                     [](const auto& a, const auto& b) { return a.quads > b.quads; });
    for (const auto& [g, n] : s.graph_quads) {
      if (n == 0) continue;
      GraphStatistics gs;
      if (g != storage::kDefaultGraph) gs.graph = store.Resolve(g);
      gs.quads = n;
      out.graphs.push_back(std::move(gs));
    }
    std::stable_sort(out.graphs.begin(), out.graphs.end(), [](const auto& a, const auto& b) {
      if (a.graph.has_value() != b.graph.has_value()) return !a.graph.has_value();
      return a.graph && b.graph && a.graph->value < b.graph->value;
    });
    return out;
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  }
}

CheckReport Database::Check(const CheckOptions& options) const {
  const auto start = std::chrono::steady_clock::now();
  try {
    storage::CheckOptions so;
    so.compare_all_keys = options.compare_all_keys;
    so.max_examples = options.max_examples;
    storage::CheckReport r = storage::CheckStore(impl_->store(), so);
    CheckReport out;
    out.quads = r.quads;
    out.dictionary_terms = r.dictionary_terms;
    out.predicates = r.predicates;
    out.graphs = r.graphs;
    out.compared_all_keys = r.compared_all_keys;
    for (auto& p : r.problems) out.problems.push_back({std::move(p.what), p.count, std::move(p.examples)});
    out.notes = std::move(r.notes);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  }
}

void Database::Compact() {
  try {
    impl_->store().Compact();
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  }
}

void Database::Dump(std::ostream& out, DumpFormat format) const {
  const storage::Store& store = impl_->store();
  try {
    // Graph-major order, so TriG can group statements by graph.
    auto scan = store.Scan(store.GetSnapshot(), storage::Permutation::kGspo, {});
    internal::TermDecoder decoder(store);
    std::string line;
    bool in_block = false;
    Id current_graph = storage::kDefaultGraph;
    for (; scan->Valid(); scan->Next()) {
      const IdQuad& q = scan->quad();
      const Id g = q[storage::kG];
      line.clear();
      if (format == DumpFormat::kTriG) {
        if (!in_block || g != current_graph) {
          if (in_block) out << "}\n";
          if (g == storage::kDefaultGraph) out << "{\n";
          else out << decoder.Decode(g).ToNTriples() << " {\n";
          in_block = true;
          current_graph = g;
        }
        line += "  ";
      }
      line += decoder.Decode(q[storage::kS]).ToNTriples();
      line += ' ';
      line += decoder.Decode(q[storage::kP]).ToNTriples();
      line += ' ';
      line += decoder.Decode(q[storage::kO]).ToNTriples();
      if (format == DumpFormat::kNQuads && g != storage::kDefaultGraph) {
        line += ' ';
        line += decoder.Decode(g).ToNTriples();
      }
      line += " .\n";
      out << line;
    }
    if (in_block) out << "}\n";
    out.flush();
    if (!out) throw Error(ErrorCode::kIo, "writing the dump failed");
  } catch (const storage::StorageError& e) {
    internal::RethrowAsPublic(e);
  }
}

}  // namespace corridor
