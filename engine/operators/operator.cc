// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/operator.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "corridor/error.h"

namespace corridor::engine {

namespace {

// Adds the elapsed time to `nanos` on destruction (also when unwinding).
class ScopedTimer {
 public:
  ScopedTimer(bool on, std::uint64_t* nanos) : nanos_(on ? nanos : nullptr) {
    if (nanos_) start_ = std::chrono::steady_clock::now();
  }
  ~ScopedTimer() {
    if (nanos_) {
      *nanos_ += static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                               start_)
              .count());
    }
  }

 private:
  std::uint64_t* nanos_;
  std::chrono::steady_clock::time_point start_;
};

std::string FormatRows(double rows) {
  char buf[32];
  if (rows < 10 && rows != std::floor(rows)) std::snprintf(buf, sizeof buf, "%.1f", rows);
  else std::snprintf(buf, sizeof buf, "%.0f", rows);
  return buf;
}

void Render(const Operator& op, bool analyze, int depth, std::string* out) {
  out->append(static_cast<std::size_t>(depth) * 2, ' ');
  out->append(op.name());
  std::string details = op.details();
  if (!details.empty()) out->append(" ").append(details);
  out->append("  (est ").append(FormatRows(op.estimated_rows()));
  if (analyze) {
    const OperatorStats& s = op.stats();
    char buf[96];
    std::snprintf(buf, sizeof buf, ", actual %llu rows, %.3f ms",
                  static_cast<unsigned long long>(s.rows), s.nanos / 1e6);
    out->append(buf);
    if (s.opens > 1) out->append(", opened " + std::to_string(s.opens) + "x");
  }
  out->append(")\n");
  for (const Operator* child : op.children()) Render(*child, analyze, depth + 1, out);
}

}  // namespace

void Operator::Open(ExecContext& ctx) {
  ctx_ = &ctx;
  ScopedTimer timer(ctx.analyze(), &stats_.nanos);
  if (open_) CloseImpl();
  open_ = true;
  ++stats_.opens;
  OpenImpl();
}

bool Operator::Next(Batch* out, std::size_t max_rows) {
  if (!open_) throw Error(ErrorCode::kInternal, name() + ": Next before Open");
  ScopedTimer timer(ctx_->analyze(), &stats_.nanos);
  if (max_rows == 0) max_rows = 1;
  while (true) {
    const bool more = NextImpl(out, max_rows);
    if (!out->empty()) {
      stats_.rows += out->size();
      return true;
    }
    if (!more) return false;
  }
}

void Operator::Close() {
  if (!open_) return;
  ScopedTimer timer(ctx_->analyze(), &stats_.nanos);
  open_ = false;
  CloseImpl();
}

std::optional<std::size_t> Operator::ColumnOf(std::string_view variable) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == variable) return i;
  }
  return std::nullopt;
}

std::string RenderPlan(const Operator& root, bool analyze) {
  std::string out;
  Render(root, analyze, 0, &out);
  return out;
}

std::string JoinVariables(const std::vector<std::string>& variables) {
  std::string out;
  for (const std::string& v : variables) {
    if (!out.empty()) out += ' ';
    out += '?';
    out += v;
  }
  return out;
}

}  // namespace corridor::engine
