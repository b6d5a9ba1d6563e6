// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The names and keys of the database's column families, shared by the store
// (which writes them) and the checker (which reads them back). Internal to
// the storage library; storage/README.md ("Column families and keys")
// documents the layout and must stay in step with this file.
#pragma once

#include <string_view>

namespace corridor::storage::layout {

// Column family names. "default" holds the metadata.
inline constexpr const char* kTerm2IdCf = "term2id";
inline constexpr const char* kId2TermCf = "id2term";
inline constexpr const char* kStatsCf = "stats";

// Metadata keys (default column family).
inline constexpr std::string_view kMetaFormat = "format_version";
inline constexpr std::string_view kMetaNextDict = "next_dictionary_seq";
inline constexpr std::string_view kMetaNextBlank = "next_blank_seq";

// Statistics keys: 'T' -> quads; 'D' -> dictionary terms;
// 'P' id -> quads, distinct subjects, distinct objects; 'G' id -> quads.
inline constexpr char kStatTotal = 'T';
inline constexpr char kStatDict = 'D';
inline constexpr char kStatPredicate = 'P';
inline constexpr char kStatGraph = 'G';

}  // namespace corridor::storage::layout
