// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/operators/merge_join.h"

namespace corridor::engine {

MergeJoin::MergeJoin(OperatorPtr left, OperatorPtr right, std::size_t left_key,
                     std::size_t right_key)
    : Operator({}), left_(std::move(left)), right_(std::move(right)),
      layout_(left_->columns(), right_->columns()), left_key_(left_key), right_key_(right_key) {
  columns_ = layout_.columns;
  sorted_on_ = {left_key_};
}

void MergeJoin::Cursor::SeekTo(Id value, ExecContext& ctx) {
  while (true) {
    // Within the current batch first; seek the index only past its end.
    while (pos < batch.size() && batch.at(pos, key) < value) {
      ++pos;
      ctx.Tick();
    }
    if (pos < batch.size()) return;
    if (done) return;
    if (op->CanSeek()) {
      batch.Clear();
      pos = 0;
      op->SeekTo(value);
      want = kFirstRows;  // after a skip, read a little before the next one
    }
    if (!Valid()) return;
  }
}

void MergeJoin::OpenImpl() {
  left_->Open(ctx());
  right_->Open(ctx());
  l_.Reset(left_.get(), left_key_);
  r_.Reset(right_.get(), right_key_);
  group_.clear();
  group_rows_ = 0;
  group_pos_ = 0;
  emitting_ = false;
  scratch_.assign(columns_.size(), kNoId);
}

bool MergeJoin::NextImpl(Batch* out, std::size_t max_rows) {
  const std::size_t rw = right_->width();
  while (out->size() < max_rows) {
    if (emitting_) {
      if (!l_.Valid() || l_.Key() != group_key_) {
        emitting_ = false;
        continue;
      }
      const Id* l = l_.row();
      while (group_pos_ < group_rows_ && out->size() < max_rows) {
        ctx().Tick();
        if (layout_.Merge(l, group_.data() + group_pos_ * rw, scratch_.data())) {
          out->AppendRow(scratch_.data());
        }
        ++group_pos_;
      }
      if (group_pos_ < group_rows_) return true;
      group_pos_ = 0;
      ++l_.pos;
      continue;
    }
    if (!l_.Valid() || !r_.Valid()) return false;
    const Id kl = l_.Key(), kr = r_.Key();
    if (kl < kr) {
      l_.SeekTo(kr, ctx());
      continue;
    }
    if (kl > kr) {
      r_.SeekTo(kl, ctx());
      continue;
    }
    group_.clear();
    group_rows_ = 0;
    while (r_.Valid() && r_.Key() == kl) {
      ctx().Tick();
      group_.insert(group_.end(), r_.row(), r_.row() + rw);
      ++group_rows_;
      ++r_.pos;
    }
    group_key_ = kl;
    group_pos_ = 0;
    emitting_ = true;
  }
  return true;
}

void MergeJoin::CloseImpl() {
  left_->Close();
  right_->Close();
  group_.clear();
}

}  // namespace corridor::engine
