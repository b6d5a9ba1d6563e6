// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// How terms become ids and bytes: the inline encodings of XSD values and the
// dictionary's byte form of IRIs and literals (see storage/README.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "corridor/term.h"
#include "storage/ids.h"

namespace corridor::storage {

// The parts of a term, borrowed (same normal form as corridor::Term).
struct TermParts {
  TermKind kind = TermKind::kIri;
  std::string_view value;
  std::string_view datatype;
  std::string_view language;

  static TermParts Of(const Term& t) { return {t.kind, t.value, t.datatype, t.language}; }
};

// The inline id of a literal whose value fits in an id and whose lexical
// form is canonical (so that decoding gives back the same lexical form), or
// nullopt. Non-canonical forms ("01", "+1", "1"^^xsd:boolean) stay in the
// dictionary, keeping every term exactly as loaded.
std::optional<Id> TryInlineId(const TermParts& term);

// The dictionary key of an IRI or literal:
//   'I' iri | 'S' lexical | 'L' lang '\0' lexical | 'T' datatype '\0' lexical
// REQUIRES: term.kind != kBlank.
void EncodeDictionaryKey(const TermParts& term, std::string* out);
std::string EncodeDictionaryKey(const TermParts& term);

// Inverse of EncodeDictionaryKey. Returns false if `bytes` is malformed.
bool DecodeDictionaryKey(std::string_view bytes, Term* out);

// The term of an inline id or blank node id (no dictionary needed).
// REQUIRES: !InDictionary(id) && id != kNoId.
Term DecodeNonDictionaryId(Id id);

// "b" followed by the blank node's sequence number in hex.
std::string BlankLabel(Id id);

}  // namespace corridor::storage
