// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Streaming readers for N-Triples, N-Quads, Turtle and TriG (optionally
// gzip-compressed), built on serd. They turn a document into a sequence of
// quads of TermViews and report the first syntax error with its position.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "corridor/options.h"  // RdfFormat
#include "corridor/term.h"

namespace corridor::storage {

// A term whose strings are owned by the reader; valid only during the
// QuadHandler call that receives it. Same normal form as corridor::Term:
// IRIs are absolute; language tags lower-case with datatype rdf:langString;
// simple literals have datatype xsd:string.
struct TermView {
  TermKind kind = TermKind::kIri;
  std::string_view value;
  std::string_view datatype;
  std::string_view language;

  Term ToTerm() const;
};

class QuadHandler {
 public:
  virtual ~QuadHandler() = default;
  // `graph` is nullptr for a default-graph statement.
  virtual void OnQuad(const TermView& subject, const TermView& predicate,
                      const TermView& object, const TermView* graph) = 0;
};

// A syntax or I/O error while reading, with its position (1-based line and
// column; 0 when unknown). what() is "source:line:col: message".
class LoadError : public std::runtime_error {
 public:
  enum class Kind { kSyntax, kIo };
  LoadError(Kind kind, std::string source, std::uint64_t line,
            std::uint64_t column, std::string message);
  Kind kind() const { return kind_; }
  const std::string& source() const { return source_; }
  std::uint64_t line() const { return line_; }
  std::uint64_t column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  Kind kind_;
  std::string source_;
  std::uint64_t line_, column_;
  std::string message_;
};

struct ReaderOptions {
  RdfFormat format = RdfFormat::kAuto;
  // Base IRI for relative references. For files it defaults to the file's
  // absolute file:// IRI.
  std::optional<std::string> base;
  // Prepended to every blank node label, so that labels from different
  // documents never collide (blank nodes are scoped per document).
  std::string blank_prefix;
  // Called now and then (about every 64 KiB read) with the bytes consumed of
  // the (compressed) input.
  std::function<void(std::uint64_t bytes_read)> on_bytes;
};

// The format named by a file's extension (.nt .nq .ttl .trig, each with an
// optional .gz), or nullopt.
std::optional<RdfFormat> FormatFromPath(const std::filesystem::path& path);
// Parses "nt", "nq", "ttl", "trig" (and long names like "turtle").
std::optional<RdfFormat> FormatFromName(std::string_view name);

// Reads the whole file and calls handler.OnQuad for each statement, in
// document order. Throws LoadError at the first error (after which some
// quads may already have been delivered: callers make loads atomic).
// Turtle and TriG collections and blank node property lists may nest 1,000
// deep; deeper is a syntax error at the bracket (serd recurses per level).
// Exceptions thrown by the handler propagate unchanged.
void ReadRdfFile(const std::filesystem::path& path, const ReaderOptions& options,
                 QuadHandler& handler);

// Same for a document in memory. REQUIRES: options.format != kAuto.
void ReadRdfString(std::string_view document, std::string_view source_name,
                   const ReaderOptions& options, QuadHandler& handler);

}  // namespace corridor::storage
