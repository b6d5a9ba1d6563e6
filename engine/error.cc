// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "corridor/error.h"

#include <string>

#include "engine/database_impl.h"
#include "engine/expression.h"

namespace corridor {

namespace {
std::string WithPosition(const std::string& message, const SourcePosition& where) {
  if (where.source.empty() && where.line == 0) return message;
  std::string out = where.source;
  if (where.line > 0) {
    out.append(":").append(std::to_string(where.line));
    if (where.column > 0) out.append(":").append(std::to_string(where.column));
  }
  out.append(": ").append(message);
  return out;
}
}  // namespace

Error::Error(ErrorCode code, const std::string& message, SourcePosition where)
    : std::runtime_error(WithPosition(message, where)),
      code_(code),
      message_(message),
      where_(std::move(where)) {}

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kSyntax: return "syntax error";
    case ErrorCode::kIo: return "I/O error";
    case ErrorCode::kLocked: return "database locked";
    case ErrorCode::kNotADatabase: return "not a database";
    case ErrorCode::kVersion: return "unsupported version";
    case ErrorCode::kCorruption: return "corruption";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kResourceLimit: return "resource limit";
    case ErrorCode::kInternal: return "internal error";
  }
  return "error";
}

namespace internal {

sparql::ParseOptions EngineParseOptions(const std::map<std::string, std::string>& prefixes,
                                        const std::string& base) {
  sparql::ParseOptions po;
  po.prefixes = prefixes;
  po.base = base;
  po.is_function = [](const std::string& iri) { return engine::IsKnownFunction(iri); };
  return po;
}

void RethrowParseError(const sparql::ParseError& e, const char* source) {
  std::string picture = e.Render();
  const auto nl = picture.find('\n');
  picture = nl == std::string::npos ? std::string() : picture.substr(nl);
  throw Error(e.unsupported() ? ErrorCode::kInvalidArgument : ErrorCode::kSyntax, e.message() + picture,
              SourcePosition{source, e.line(), e.column()});
}

void RethrowAsPublic(const storage::StorageError& e) {
  using C = storage::StorageError::Code;
  ErrorCode code = ErrorCode::kInternal;
  switch (e.code()) {
    case C::kInvalidArgument: code = ErrorCode::kInvalidArgument; break;
    case C::kIo: code = ErrorCode::kIo; break;
    case C::kLocked: code = ErrorCode::kLocked; break;
    case C::kNotADatabase: code = ErrorCode::kNotADatabase; break;
    case C::kVersion: code = ErrorCode::kVersion; break;
    case C::kCorruption: code = ErrorCode::kCorruption; break;
    case C::kReadOnly: code = ErrorCode::kInvalidArgument; break;
    case C::kResourceLimit: code = ErrorCode::kResourceLimit; break;
    case C::kInternal: code = ErrorCode::kInternal; break;
  }
  throw Error(code, e.what());
}

}  // namespace internal
}  // namespace corridor
