// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/sorted_runs.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <queue>
#include <string>

#include "storage/storage_error.h"

namespace corridor::storage {

namespace fs = std::filesystem;

namespace {

// For a g-first permutation, its g-last twin (same order when g is fixed).
constexpr Permutation kTwin[kNumPermutations] = {Permutation::kSpog, Permutation::kPosg,
                                                 Permutation::kOspg, Permutation::kSpog,
                                                 Permutation::kPosg, Permutation::kOspg};
bool IsGraphFirst(Permutation p) { return static_cast<int>(p) >= 3; }

[[noreturn]] void ThrowIo(const std::string& what, const fs::path& file) {
  throw StorageError(StorageError::Code::kIo,
                     what + " " + file.string() + ": " + std::strerror(errno));
}

class VectorRows : public RowSource {
 public:
  explicit VectorRows(const std::vector<Row>& rows) : rows_(rows) {}
  bool Next(Row* row) override {
    while (next_ < rows_.size()) {
      const Row& r = rows_[next_++];
      if (has_last_ && r == last_) continue;
      *row = last_ = r;
      has_last_ = true;
      return true;
    }
    return false;
  }

 private:
  const std::vector<Row>& rows_;
  std::size_t next_ = 0;
  Row last_{};
  bool has_last_ = false;
};

// Reads one run file of rows, buffered. With `from_twin`, the file holds a
// one-graph run in the twin's order and rows are rewritten into `perm`'s.
class RunReader {
 public:
  RunReader(const fs::path& file, Permutation file_perm, Permutation perm)
      : file_(file), file_perm_(file_perm), perm_(perm) {
    f_ = std::fopen(file.c_str(), "rb");
    if (f_ == nullptr) ThrowIo("cannot open sorted run", file);
  }
  ~RunReader() {
    if (f_ != nullptr) std::fclose(f_);
  }
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;

  bool Next(Row* row) {
    if (pos_ == count_) {
      count_ = std::fread(buffer_.data(), sizeof(Row), buffer_.size(), f_);
      pos_ = 0;
      if (count_ == 0) {
        if (std::ferror(f_)) ThrowIo("cannot read sorted run", file_);
        return false;
      }
    }
    const Row& r = buffer_[pos_++];
    *row = file_perm_ == perm_ ? r : ToRow(FromRow(r, file_perm_), perm_);
    return true;
  }

 private:
  fs::path file_;
  Permutation file_perm_, perm_;
  std::FILE* f_ = nullptr;
  std::array<Row, 4096> buffer_;
  std::size_t pos_ = 0, count_ = 0;
};

class MergedRows : public RowSource {
 public:
  explicit MergedRows(std::vector<std::unique_ptr<RunReader>> readers)
      : readers_(std::move(readers)) {
    for (std::size_t i = 0; i < readers_.size(); ++i) Advance(i);
  }
  bool Next(Row* row) override {
    while (!heap_.empty()) {
      auto [r, i] = heap_.top();
      heap_.pop();
      Advance(i);
      if (has_last_ && r == last_) continue;
      *row = last_ = r;
      has_last_ = true;
      return true;
    }
    return false;
  }

 private:
  void Advance(std::size_t i) {
    Row r;
    if (readers_[i]->Next(&r)) heap_.emplace(r, i);
  }
  using Entry = std::pair<Row, std::size_t>;
  std::vector<std::unique_ptr<RunReader>> readers_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;
  Row last_{};
  bool has_last_ = false;
};

}  // namespace

Row ToRow(const IdQuad& quad, Permutation perm) {
  const auto& order = kPermutationOrder[static_cast<int>(perm)];
  return {quad[order[0]], quad[order[1]], quad[order[2]], quad[order[3]]};
}

IdQuad FromRow(const Row& row, Permutation perm) {
  const auto& order = kPermutationOrder[static_cast<int>(perm)];
  IdQuad q;
  for (int i = 0; i < 4; ++i) q[order[i]] = row[i];
  return q;
}

std::vector<Row> SortRowsOf(const std::vector<IdQuad>& quads, Permutation perm) {
  std::vector<Row> rows(quads.size());
  for (std::size_t i = 0; i < quads.size(); ++i) rows[i] = ToRow(quads[i], perm);
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::unique_ptr<RowSource> RowsOf(const std::vector<Row>& rows) {
  return std::make_unique<VectorRows>(rows);
}

namespace {

class MergedVectors : public RowSource {
 public:
  explicit MergedVectors(const std::vector<std::vector<Row>>& chunks) : chunks_(chunks) {
    pos_.assign(chunks.size(), 0);
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      if (!chunks[i].empty()) heap_.emplace(chunks[i][0], i);
    }
  }
  bool Next(Row* row) override {
    while (!heap_.empty()) {
      auto [r, i] = heap_.top();
      heap_.pop();
      if (++pos_[i] < chunks_[i].size()) heap_.emplace(chunks_[i][pos_[i]], i);
      if (has_last_ && r == last_) continue;
      *row = last_ = r;
      has_last_ = true;
      return true;
    }
    return false;
  }

 private:
  using Entry = std::pair<Row, std::size_t>;
  const std::vector<std::vector<Row>>& chunks_;
  std::vector<std::size_t> pos_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap_;
  Row last_{};
  bool has_last_ = false;
};

}  // namespace

std::unique_ptr<RowSource> MergeRowsOf(const std::vector<std::vector<Row>>& chunks) {
  if (chunks.size() == 1) return RowsOf(chunks[0]);
  return std::make_unique<MergedVectors>(chunks);
}

std::optional<Id> SingleGraph(const std::vector<IdQuad>& quads) {
  if (quads.empty()) return kDefaultGraph;
  const Id g = quads[0][kG];
  for (const auto& q : quads) {
    if (q[kG] != g) return std::nullopt;
  }
  return g;
}

RunSet::RunSet(fs::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  fs::remove_all(dir_, ec);
  fs::create_directories(dir_, ec);
  if (ec) {
    throw StorageError(StorageError::Code::kIo,
                       "cannot create " + dir_.string() + ": " + ec.message());
  }
}

RunSet::~RunSet() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::uint64_t RunSet::rows() const {
  std::uint64_t n = 0;
  for (const auto& r : runs_) n += r.rows;
  return n;
}

std::optional<Id> RunSet::SingleGraph() const {
  std::optional<Id> g;
  for (const auto& r : runs_) {
    if (!r.single_graph) return std::nullopt;
    if (g && *g != *r.single_graph) return std::nullopt;
    g = r.single_graph;
  }
  return g;
}

void RunSet::Spill(std::vector<IdQuad>& quads) {
  Run run;
  run.base = dir_ / ("run-" + std::to_string(runs_.size()));
  run.single_graph = storage::SingleGraph(quads);
  run.rows = quads.size();
  std::vector<Row> rows(quads.size());
  for (int p = 0; p < kNumPermutations; ++p) {
    const auto perm = static_cast<Permutation>(p);
    if (IsGraphFirst(perm) && run.single_graph) continue;
    for (std::size_t i = 0; i < quads.size(); ++i) rows[i] = ToRow(quads[i], perm);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const fs::path file = run.base.string() + "." + kPermutationName[p];
    std::FILE* f = std::fopen(file.c_str(), "wb");
    if (f == nullptr) ThrowIo("cannot create sorted run", file);
    const bool ok = std::fwrite(rows.data(), sizeof(Row), rows.size(), f) == rows.size();
    if (std::fclose(f) != 0 || !ok) ThrowIo("cannot write sorted run", file);
    rows.resize(quads.size());
  }
  quads.clear();
  runs_.push_back(std::move(run));
}

std::unique_ptr<RowSource> RunSet::Merge(Permutation perm) const {
  std::vector<std::unique_ptr<RunReader>> readers;
  for (const auto& run : runs_) {
    Permutation file_perm = perm;
    if (IsGraphFirst(perm) && run.single_graph) file_perm = kTwin[static_cast<int>(perm)];
    readers.push_back(std::make_unique<RunReader>(
        run.base.string() + "." + kPermutationName[static_cast<int>(file_perm)], file_perm, perm));
  }
  return std::make_unique<MergedRows>(std::move(readers));
}

}  // namespace corridor::storage
