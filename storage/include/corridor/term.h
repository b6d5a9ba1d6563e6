// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// RDF 1.1 terms and quads as plain values: the vocabulary shared by the
// storage layer, the engine and embedders. Nothing here touches RocksDB.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace corridor {

inline constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view kXsdString = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view kRdfLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

enum class TermKind : unsigned char { kIri = 0, kBlank = 1, kLiteral = 2 };

// One RDF term.
//  - kIri:     `value` is the absolute IRI (no angle brackets).
//  - kBlank:   `value` is the label without "_:". Labels are local to the
//              store (or to one input document before loading).
//  - kLiteral: `value` is the lexical form; `language` is non-empty for a
//              language-tagged string (stored lower-case, datatype then is
//              rdf:langString); otherwise `datatype` is the datatype IRI,
//              xsd:string for a simple literal. The factories keep this
//              normal form, so two equal RDF terms compare equal with ==.
struct Term {
  TermKind kind = TermKind::kIri;
  std::string value;
  std::string datatype;
  std::string language;

  static Term Iri(std::string iri);
  static Term Blank(std::string label);
  // A simple literal (datatype xsd:string).
  static Term Literal(std::string lexical);
  static Term TypedLiteral(std::string lexical, std::string datatype_iri);
  // The tag is lower-cased (RDF 1.1 language tags compare case-insensitively).
  static Term LangLiteral(std::string lexical, std::string language_tag);

  bool is_iri() const { return kind == TermKind::kIri; }
  bool is_blank() const { return kind == TermKind::kBlank; }
  bool is_literal() const { return kind == TermKind::kLiteral; }

  // The term in N-Triples syntax, with the escapes N-Triples requires:
  // <iri>, _:label, "lex", "lex"@lang, "lex"^^<dt>.
  std::string ToNTriples() const;

  friend bool operator==(const Term&, const Term&) = default;
};

// A quad. `graph` empty means the default graph.
struct Quad {
  Term subject;
  Term predicate;
  Term object;
  std::optional<Term> graph;

  // "s p o ." or "s p o g ." in N-Quads syntax, without a newline.
  std::string ToNQuads() const;

  friend bool operator==(const Quad&, const Quad&) = default;
};

}  // namespace corridor
