// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// BulkLoader: turns parsed quads into id quads (assigning dictionary ids to
// new terms and fresh ids to blank nodes) and commits them to the Store in
// one atomic step. Nothing reaches the store before Commit(); dropping a
// loader without committing leaves the store exactly as it was.
//
// Parsing and encoding overlap: OnQuad only copies the quad's bytes into a
// batch; a second thread turns full batches into ids. Errors from that
// thread (e.g. the memory budget) surface from the next OnQuad or Commit.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/rdf_reader.h"
#include "storage/store.h"
#include "storage/term_spill.h"

namespace corridor::storage {

class BulkLoader : public QuadHandler {
 public:
  // REQUIRES: `lock` is the store's writer lock and stays held until the
  // loader is destroyed. `memory_budget` bounds the load's memory: 96 MiB
  // are set aside for RocksDB's write buffers, the scratch store and the
  // parse/encode pipeline; of the rest, half is for id quads, which beyond that are sorted and spilled to runs on
  // disk (in the database folder) so a load of any size fits; half for the
  // load's term map, whose new terms beyond that move to a scratch RocksDB
  // (TermSpill) that the map then consults on a miss. The parse/encode
  // pipeline adds a fixed few MiB.
  BulkLoader(Store& store, Store::WriterLock& lock, std::size_t memory_budget);
  ~BulkLoader() override;
  BulkLoader(const BulkLoader&) = delete;
  BulkLoader& operator=(const BulkLoader&) = delete;

  // Statements without a graph go into this named graph (an absolute IRI),
  // or into the default graph when unset. Call before the first quad.
  void SetDefaultGraph(std::optional<std::string> graph_iri);

  void OnQuad(const TermView& subject, const TermView& predicate, const TermView& object,
              const TermView* graph) override;

  // Adds a quad of ready terms (callers other than the readers, and tests).
  void AddQuad(const Term& s, const Term& p, const Term& o, const Term* g);

  std::uint64_t quads_read() const { return quads_read_; }
  // Sorted runs written to disk so far (0 while everything fits in memory).
  std::size_t runs_spilled() const { return runs_spilled_; }
  // Times the term map was moved to the scratch term store.
  std::size_t term_spills() const { return term_spills_; }

  // Writes everything atomically. At most once.
  CommitResult Commit();

 private:
  // A batch of quads copied out of the reader: each term is (kind, three
  // byte ranges of `bytes`); graph kind 0xff means "no graph".
  struct RawTerm {
    TermKind kind;
    std::uint32_t value_len, datatype_len, language_len;
  };
  struct Batch {
    std::string bytes;
    std::vector<RawTerm> terms;  // 4 per quad
    std::size_t quads = 0;
  };
  static constexpr std::size_t kBatchQuads = 4096;
  static constexpr std::size_t kMaxQueuedBatches = 4;

  void AppendTerm(Batch& batch, const TermView* t);
  void Flush();            // hands the current batch to the encoder
  void EncoderLoop();
  void EncodeBatch(const Batch& batch);
  void StopEncoder();
  void RethrowEncoderError();
  Id Encode(const TermParts& term);
  // Encode with a one-entry memo per quad position: consecutive statements
  // often share a subject, and predicates repeat, so a byte comparison with
  // the previous term of the same position skips the hash look-up.
  Id EncodeAt(int position, const TermParts& term);
  void CheckBudget();

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using TermMap = std::unordered_map<std::string, Id, Hash, std::equal_to<>>;

  Store& store_;
  Store::WriterLock& lock_;
  std::size_t memory_budget_;
  bool store_has_terms_;
  bool committed_ = false;
  std::optional<Id> default_graph_;
  std::uint64_t quads_read_ = 0;
  Batch current_;

  // Shared with the encoder thread, under mutex_.
  std::mutex mutex_;
  std::condition_variable queue_changed_;
  std::deque<Batch> queue_;
  std::vector<Batch> free_batches_;  // encoded batches, kept for their capacity
  bool input_done_ = false;
  std::exception_ptr encoder_error_;
  std::atomic<bool> failed_{false};
  std::thread encoder_;

  // Owned by the encoder thread while it runs (by Commit after it joined).
  void SpillTerms();

  // Dictionary key (or 'B' + document-scoped label for a blank node) -> id,
  // for the terms of this load since the last SpillTerms.
  TermMap term_ids_;
  std::vector<std::pair<Id, std::string>> new_blanks_;  // since the last spill
  std::unique_ptr<TermSpill> term_spill_;               // created at the first spill
  std::size_t term_bytes_ = 0;
  void Presort();

  std::size_t chunk_quads_;          // spill quads_ to a sorted run at this size
  // While everything fits in memory, every kPresortQuads new quads are
  // sorted in the three g-last orders on a third thread, using the CPU time
  // the parser and the encoder leave on two cores; the commit then merges
  // these chunks instead of sorting everything.
  static constexpr std::size_t kPresortQuads = std::size_t{1} << 18;
  std::array<std::vector<std::vector<Row>>, 3> presorted_;
  std::size_t presorted_count_ = 0;
  std::thread presorter_;  // sorts the latest chunk; at most one at a time
  void JoinPresorter() {
    if (presorter_.joinable()) presorter_.join();
  }
  std::unique_ptr<RunSet> runs_;     // created at the first spill
  std::atomic<std::size_t> runs_spilled_{0};
  std::atomic<std::size_t> term_spills_{0};
  std::vector<IdQuad> quads_;
  std::vector<Store::NewTerm> new_terms_;
  std::string key_buffer_;
  struct Memo {
    TermKind kind{};
    std::string value, datatype, language;
    Id id = kNoId;
  };
  Memo memo_[4];
};

}  // namespace corridor::storage
