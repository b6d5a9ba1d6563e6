// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The one error type every public call throws. Expected outcomes (no match,
// empty result) are values, never errors.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace corridor {

enum class ErrorCode {
  kInvalidArgument,  // the caller passed something malformed
  kSyntax,           // an input document or query does not parse
  kIo,               // a file could not be read or written
  kLocked,           // the database is open in another process
  kNotADatabase,     // the directory exists but is not a Corridor database
  kVersion,          // written by another format version (newer, or older
                     // than this build reads)
  kCorruption,       // the database is damaged
  kCancelled,        // stopped by Cancel() or a timeout
  kResourceLimit,    // a memory or size limit was reached
  kInternal,         // a bug: please report it
};

// Where an error happened. `line` and `column` are 1-based; 0 means unknown.
// `source` is a file path, or a label such as "<string>" or "<query>".
struct SourcePosition {
  std::string source;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message, SourcePosition where = {});

  ErrorCode code() const { return code_; }
  const SourcePosition& where() const { return where_; }
  // The message without the position prefix that what() carries.
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_;
  std::string message_;
  SourcePosition where_;
};

const char* ErrorCodeName(ErrorCode code);

}  // namespace corridor
