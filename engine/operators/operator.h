// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The shared base of the physical operators: a pull-based pipeline of
// batches of rows. Each row holds one id per output column (a variable);
// kNoId is "unbound". An operator tree is built by the planner, opened,
// pulled with Next until it reports the end, and closed; it may be opened
// again (a correlated sub-plan is re-opened for every outer row, after its
// parameter row was rewritten).
//
// Every operator reports the rows the planner estimated and, when the
// context asks for it (EXPLAIN ANALYZE), the rows it produced and the time
// spent in it (including its children).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/operators/exec_context.h"

namespace corridor::engine {

// Rows asked for per Next call when the consumer has no tighter bound.
inline constexpr std::size_t kBatchRows = 1024;

// Rows of `width` ids, row-major. Width may be zero (rows without columns
// still count, e.g. the one solution of an empty group).
class Batch {
 public:
  Batch() = default;
  explicit Batch(std::size_t width) : width_(width) {}

  // Empties the batch and sets its width.
  void Reset(std::size_t width) {
    width_ = width;
    data_.clear();
    rows_ = 0;
  }
  void Clear() {
    data_.clear();
    rows_ = 0;
  }
  std::size_t width() const { return width_; }
  std::size_t size() const { return rows_; }
  bool empty() const { return rows_ == 0; }

  // REQUIRES: r < size().
  const Id* row(std::size_t r) const { return data_.data() + r * width_; }
  Id* row(std::size_t r) { return data_.data() + r * width_; }
  Id at(std::size_t r, std::size_t c) const { return data_[r * width_ + c]; }

  // Appends a row of kNoId and returns it (valid until the next append).
  Id* AppendRow() {
    data_.resize(data_.size() + width_, kNoId);
    return data_.data() + (rows_++) * width_;
  }
  // Appends a copy of `values[0..width)`.
  void AppendRow(const Id* values) {
    data_.insert(data_.end(), values, values + width_);
    ++rows_;
  }

 private:
  std::size_t width_ = 0;
  std::size_t rows_ = 0;
  std::vector<Id> data_;
};

// A RowAccessor over one row of ids held elsewhere.
class RowView final : public RowAccessor {
 public:
  explicit RowView(const Id* row = nullptr, std::size_t width = 0) : row_(row), width_(width) {}
  void Reset(const Id* row) { row_ = row; }
  Id Get(std::size_t column) const override { return column < width_ ? row_[column] : kNoId; }

 private:
  const Id* row_;
  std::size_t width_;
};

// What one operator did, for EXPLAIN ANALYZE.
struct OperatorStats {
  std::uint64_t rows = 0;    // rows produced, over all openings
  std::uint64_t opens = 0;   // times opened
  std::uint64_t nanos = 0;   // time in Open/Next/Close, children included
};

class Operator {
 public:
  explicit Operator(std::vector<std::string> columns) : columns_(std::move(columns)) {}
  virtual ~Operator() = default;
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;

  // Prepares to produce the rows from the start. May be called again after
  // Close (a re-opened operator reads its parameter rows afresh). `ctx`
  // must outlive the operator's use.
  void Open(ExecContext& ctx);
  // Appends between 1 and `max_rows` rows to `*out` and returns true, or
  // returns false at the end (leaving `*out` empty). REQUIRES: Open was
  // called; `out` is empty with width() == columns().size(); max_rows >= 1.
  // Throws Error(kCancelled) when the query is cancelled.
  bool Next(Batch* out, std::size_t max_rows = kBatchRows);
  // Releases what the operator holds (iterators, hash tables). Idempotent.
  void Close();

  // The variables of the output columns, in column order.
  const std::vector<std::string>& columns() const { return columns_; }
  std::size_t width() const { return columns_.size(); }
  std::optional<std::size_t> ColumnOf(std::string_view variable) const;
  // Columns the output is sorted on (ascending id order), most significant
  // first; empty when there is no useful order.
  const std::vector<std::size_t>& sorted_on() const { return sorted_on_; }

  // Skipping ahead, for merge joins: after SeekTo(v), the rows Next returns
  // have column sorted_on()[0] >= v. Only valid when CanSeek().
  virtual bool CanSeek() const { return false; }
  virtual void SeekTo(Id /*value*/) {}

  double estimated_rows() const { return estimated_rows_; }
  void set_estimated_rows(double rows) { estimated_rows_ = rows; }
  const OperatorStats& stats() const { return stats_; }

  // EXPLAIN: the operator's name ("HashJoin"), a one-line description of its
  // arguments, and its inputs.
  virtual std::string name() const = 0;
  virtual std::string details() const { return {}; }
  virtual std::vector<const Operator*> children() const { return {}; }

 protected:
  virtual void OpenImpl() = 0;
  // Like Next, but may return true with no rows added (the wrapper calls
  // again). Must not add more than max_rows rows.
  virtual bool NextImpl(Batch* out, std::size_t max_rows) = 0;
  virtual void CloseImpl() {}

  ExecContext& ctx() const { return *ctx_; }
  bool is_open() const { return open_; }

  std::vector<std::string> columns_;
  std::vector<std::size_t> sorted_on_;

 private:
  ExecContext* ctx_ = nullptr;
  bool open_ = false;
  double estimated_rows_ = 0;
  OperatorStats stats_;
};

using OperatorPtr = std::unique_ptr<Operator>;

// Renders the operator tree, one operator per line, indented by depth:
// "Name details  (est N)" and with `analyze` "(est N, actual M rows, T ms)".
std::string RenderPlan(const Operator& root, bool analyze);

// "?a ?b ?c" for a list of variables.
std::string JoinVariables(const std::vector<std::string>& variables);

}  // namespace corridor::engine
