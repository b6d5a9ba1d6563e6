// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The storage layer's error type. Every RocksDB status is turned into one of
// these at the boundary of storage/, so no RocksDB type leaks upwards.
#pragma once

#include <stdexcept>
#include <string>

namespace corridor::storage {

class StorageError : public std::runtime_error {
 public:
  enum class Code {
    kInvalidArgument,
    kIo,
    kLocked,
    kNotADatabase,
    kVersion,
    kCorruption,
    kReadOnly,
    kResourceLimit,
    kInternal,
  };
  StorageError(Code code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  Code code() const { return code_; }

 private:
  Code code_;
};

}  // namespace corridor::storage
