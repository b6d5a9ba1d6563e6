// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/bulk_loader.h"

#include <unistd.h>

#include <algorithm>

namespace corridor::storage {

namespace {
// Per-entry cost beyond the key bytes, as glibc allocates them: an
// unordered_map node (64) plus its bucket (8) plus the key's own heap block
// header and rounding (32), plus slack for the bucket array's doubling and
// malloc fragmentation measured on LUBM (32); a NewTerm's copy of the key
// adds its heap block (32 + key).
constexpr std::size_t kMapEntryOverhead = 136;
constexpr std::size_t kKeyCopyOverhead = 32;
constexpr TermKind kNoGraph = static_cast<TermKind>(0xff);
}  // namespace

namespace {
// What a load uses besides its own buffers: the process itself (code, RocksDB,
// ICU), RocksDB's write buffers and SST
// writers, the scratch term store's memtables, the parse/encode pipeline.
constexpr std::size_t kFixedReserve = std::size_t{96} << 20;
std::size_t BufferBudget(std::size_t budget) {
  return budget > 2 * kFixedReserve ? budget - kFixedReserve : budget / 2;
}
}  // namespace

BulkLoader::BulkLoader(Store& store, Store::WriterLock& lock, std::size_t memory_budget)
    : store_(store),
      lock_(lock),
      memory_budget_(BufferBudget(memory_budget)),
      // The commit holds the quads and a sorted copy per order (three) at once.
      chunk_quads_(std::max<std::size_t>(std::size_t{1} << 14,
                                         memory_budget_ / 2 / (4 * sizeof(IdQuad)))) {
  store_has_terms_ = store_.ReadStats(store_.GetSnapshot()).dictionary_terms > 0;
  encoder_ = std::thread([this] { EncoderLoop(); });
}

BulkLoader::~BulkLoader() {
  if (!committed_) {
    std::lock_guard<std::mutex> g(mutex_);
    queue_.clear();  // abandoned: no point encoding the rest
  }
  StopEncoder();
  JoinPresorter();
  if (!committed_) store_.AbortIds(lock_);
}

void BulkLoader::StopEncoder() {
  if (!encoder_.joinable()) return;
  {
    std::lock_guard<std::mutex> g(mutex_);
    input_done_ = true;
  }
  queue_changed_.notify_all();
  encoder_.join();
}

void BulkLoader::RethrowEncoderError() {
  std::lock_guard<std::mutex> g(mutex_);
  if (encoder_error_) std::rethrow_exception(encoder_error_);
}

void BulkLoader::SetDefaultGraph(std::optional<std::string> graph_iri) {
  default_graph_.reset();
  if (graph_iri) {
    // Encoded by the encoder thread's map too: a term map is single-threaded,
    // so encode it here before any batch exists, under the queue mutex.
    std::lock_guard<std::mutex> g(mutex_);
    default_graph_ = Encode(TermParts{TermKind::kIri, *graph_iri, {}, {}});
  }
}

void BulkLoader::AppendTerm(Batch& batch, const TermView* t) {
  if (t == nullptr) {
    batch.terms.push_back({kNoGraph, 0, 0, 0});
    return;
  }
  batch.terms.push_back({t->kind, static_cast<std::uint32_t>(t->value.size()),
                         static_cast<std::uint32_t>(t->datatype.size()),
                         static_cast<std::uint32_t>(t->language.size())});
  batch.bytes.append(t->value).append(t->datatype).append(t->language);
}

void BulkLoader::OnQuad(const TermView& subject, const TermView& predicate,
                        const TermView& object, const TermView* graph) {
  if (failed_.load(std::memory_order_relaxed)) RethrowEncoderError();
  for (const TermView* t : {&subject, &predicate, &object}) {
    if (t->value.size() > UINT32_MAX || t->datatype.size() > UINT32_MAX) {
      throw StorageError(StorageError::Code::kResourceLimit, "a term is longer than 4 GiB");
    }
  }
  AppendTerm(current_, &subject);
  AppendTerm(current_, &predicate);
  AppendTerm(current_, &object);
  AppendTerm(current_, graph);
  ++current_.quads;
  ++quads_read_;
  if (current_.quads >= kBatchQuads) Flush();
}

void BulkLoader::AddQuad(const Term& s, const Term& p, const Term& o, const Term* g) {
  TermView gv;
  if (g != nullptr) gv = {g->kind, g->value, g->datatype, g->language};
  OnQuad({s.kind, s.value, s.datatype, s.language}, {p.kind, p.value, p.datatype, p.language},
         {o.kind, o.value, o.datatype, o.language}, g != nullptr ? &gv : nullptr);
}

void BulkLoader::Flush() {
  if (current_.quads == 0) return;
  std::unique_lock<std::mutex> g(mutex_);
  queue_changed_.wait(g, [&] { return queue_.size() < kMaxQueuedBatches || encoder_error_; });
  if (encoder_error_) std::rethrow_exception(encoder_error_);
  queue_.push_back(std::move(current_));
  if (!free_batches_.empty()) {
    current_ = std::move(free_batches_.back());
    free_batches_.pop_back();
  } else {
    current_ = Batch();
    current_.bytes.reserve(queue_.back().bytes.size());
    current_.terms.reserve(4 * kBatchQuads);
  }
  g.unlock();
  queue_changed_.notify_all();
}

void BulkLoader::EncoderLoop() {
  while (true) {
    Batch batch;
    {
      std::unique_lock<std::mutex> g(mutex_);
      queue_changed_.wait(g, [&] { return !queue_.empty() || input_done_; });
      if (queue_.empty()) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    queue_changed_.notify_all();
    try {
      EncodeBatch(batch);
      batch.bytes.clear();
      batch.terms.clear();
      batch.quads = 0;
      std::lock_guard<std::mutex> g(mutex_);
      free_batches_.push_back(std::move(batch));
    } catch (...) {
      std::lock_guard<std::mutex> g(mutex_);
      encoder_error_ = std::current_exception();
      failed_ = true;
      queue_.clear();
      queue_changed_.notify_all();
      return;
    }
  }
}

void BulkLoader::EncodeBatch(const Batch& batch) {
  std::size_t offset = 0;
  auto next = [&](const RawTerm& r) {
    TermParts t{r.kind, std::string_view(batch.bytes).substr(offset, r.value_len), {}, {}};
    offset += r.value_len;
    t.datatype = std::string_view(batch.bytes).substr(offset, r.datatype_len);
    offset += r.datatype_len;
    t.language = std::string_view(batch.bytes).substr(offset, r.language_len);
    offset += r.language_len;
    return t;
  };
  for (std::size_t i = 0; i < batch.quads; ++i) {
    const RawTerm* r = &batch.terms[4 * i];
    IdQuad q;
    q[kS] = EncodeAt(kS, next(r[0]));
    q[kP] = EncodeAt(kP, next(r[1]));
    q[kO] = EncodeAt(kO, next(r[2]));
    q[kG] = r[3].kind == kNoGraph ? default_graph_.value_or(kDefaultGraph)
                                  : EncodeAt(kG, next(r[3]));
    if (quads_.size() == quads_.capacity()) {
      // Grow by doubling, but never past a chunk: capacity is what counts.
      quads_.reserve(std::min(chunk_quads_, std::max<std::size_t>(4096, 2 * quads_.capacity())));
    }
    quads_.push_back(q);
    if (quads_.size() >= chunk_quads_) {
      if (!runs_) {
        runs_ = std::make_unique<RunSet>(store_.dir() /
                                         ("load-" + std::to_string(getpid()) + "-runs"));
      }
      runs_->Spill(quads_);
      ++runs_spilled_;
      // The runs hold everything now: presorted chunks are of no use.
      JoinPresorter();
      for (auto& p : presorted_) std::vector<std::vector<Row>>().swap(p);
      presorted_count_ = 0;
    }
  }
  if (!runs_ && quads_.size() - presorted_count_ >= kPresortQuads) Presort();
  CheckBudget();
}

Id BulkLoader::EncodeAt(int position, const TermParts& term) {
  Memo& m = memo_[position];
  if (m.id != kNoId && m.kind == term.kind && m.value == term.value &&
      m.datatype == term.datatype && m.language == term.language) {
    return m.id;
  }
  m.id = Encode(term);
  m.kind = term.kind;
  m.value.assign(term.value);
  m.datatype.assign(term.datatype);
  m.language.assign(term.language);
  return m.id;
}

Id BulkLoader::Encode(const TermParts& term) {
  const bool blank = term.kind == TermKind::kBlank;
  if (!blank) {
    if (auto inl = TryInlineId(term)) return *inl;
    EncodeDictionaryKey(term, &key_buffer_);
  } else {
    key_buffer_.assign("B");
    key_buffer_.append(term.value);
  }
  auto it = term_ids_.find(std::string_view(key_buffer_));
  if (it != term_ids_.end()) return it->second;
  std::optional<Id> id;
  if (term_spill_) id = term_spill_->Lookup(key_buffer_);
  if (!id && !blank && store_has_terms_) id = store_.LookupId(term);
  if (!id) {
    if (blank) {
      id = store_.NewBlankId(lock_);
      new_blanks_.emplace_back(*id, key_buffer_);
    } else {
      id = store_.NewDictionaryId(term.kind, lock_);
      new_terms_.push_back({*id, key_buffer_});
    }
    term_bytes_ += key_buffer_.size() + kKeyCopyOverhead;
  }
  term_bytes_ += key_buffer_.size() + kMapEntryOverhead;
  term_ids_.emplace(key_buffer_, *id);
  return *id;
}

void BulkLoader::Presort() {
  JoinPresorter();
  // The chunk's rows are copied here (the encoder keeps appending to
  // quads_) and sorted on the presorter thread, into slots made now.
  std::array<std::vector<Row>*, 3> slots;
  std::array<std::vector<Row>, 3> rows;
  for (int p = 0; p < 3; ++p) {
    const auto perm = static_cast<Permutation>(p);
    rows[p].resize(quads_.size() - presorted_count_);
    for (std::size_t i = presorted_count_; i < quads_.size(); ++i) {
      rows[p][i - presorted_count_] = ToRow(quads_[i], perm);
    }
    presorted_[p].emplace_back();
    slots[p] = &presorted_[p].back();
  }
  presorted_count_ = quads_.size();
  // presorted_[p] may reallocate on the next Presort, but only after this
  // thread was joined, so the slots stay valid while it runs.
  presorter_ = std::thread([slots, rows = std::move(rows)]() mutable {
    for (int p = 0; p < 3; ++p) {
      std::sort(rows[p].begin(), rows[p].end());
      *slots[p] = std::move(rows[p]);
    }
  });
}

void BulkLoader::SpillTerms() {
  if (!term_spill_) {
    term_spill_ = std::make_unique<TermSpill>(store_.dir() /
                                              ("load-" + std::to_string(getpid()) + "-terms"));
  }
  std::vector<std::pair<Id, std::string>> entries = std::move(new_blanks_);
  entries.reserve(entries.size() + new_terms_.size());
  for (auto& t : new_terms_) entries.emplace_back(t.id, std::move(t.key));
  term_spill_->Add(entries);
  // Give the memory back, not only the elements.
  std::vector<Store::NewTerm>().swap(new_terms_);
  std::vector<std::pair<Id, std::string>>().swap(new_blanks_);
  TermMap().swap(term_ids_);
  term_bytes_ = 0;
  ++term_spills_;
}

void BulkLoader::CheckBudget() {
  const std::size_t term_memory = term_bytes_ + new_terms_.capacity() * sizeof(Store::NewTerm) +
                                  new_blanks_.capacity() * sizeof(new_blanks_[0]);
  if (term_memory > memory_budget_ / 2) SpillTerms();
}

CommitResult BulkLoader::Commit() {
  Flush();
  StopEncoder();
  RethrowEncoderError();
  // The term map is not needed any more: free it on another thread while
  // the commit runs (hundreds of thousands of strings take a while).
  std::thread release([map = std::move(term_ids_)]() mutable { TermMap().swap(map); });
  struct Join {
    std::thread& t;
    ~Join() { t.join(); }
  } join_release{release};
  Store::InsertBatch batch;
  batch.quads = std::move(quads_);
  batch.runs = runs_.get();
  JoinPresorter();
  if (!runs_) {
    batch.presorted = std::move(presorted_);
    batch.presorted_count = presorted_count_;
  }
  if (term_spill_) SpillTerms();  // the commit reads every new term from it
  batch.new_terms = std::move(new_terms_);
  batch.term_spill = term_spill_.get();
  batch.input_quads = quads_read_;
  if (runs_ && !batch.quads.empty()) ++runs_spilled_;  // the last chunk joins the runs
  CommitResult r = store_.CommitInsert(lock_, batch);
  runs_.reset();
  term_spill_.reset();
  committed_ = true;
  return r;
}

}  // namespace corridor::storage
