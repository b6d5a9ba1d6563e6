// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// libFuzzer target: one RDF reader (storage/rdf_reader.h), the format chosen
// at compile time by CORRIDOR_FUZZ_FORMAT (kNTriples, kNQuads, kTurtle or
// kTriG); CMake builds this file once per format.
// Contract checked: a document either reads completely or throws a
// LoadError of kind kSyntax whose line lies inside the document; every
// delivered term is in the normal form TermView promises (IRIs absolute,
// language tags lower-case with rdf:langString, literals typed).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storage/rdf_reader.h"

#ifndef CORRIDOR_FUZZ_FORMAT
#error "define CORRIDOR_FUZZ_FORMAT to an RdfFormat enumerator"
#endif

namespace {

using corridor::TermKind;
using corridor::storage::TermView;

constexpr std::string_view kLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

void CheckTerm(const TermView& t) {
  switch (t.kind) {
    case TermKind::kIri:
      // Absolute: a scheme followed by ':'.
      if (t.value.find(':') == std::string_view::npos) std::abort();
      break;
    case TermKind::kBlank:
      if (t.value.empty()) std::abort();
      break;
    case TermKind::kLiteral:
      if (t.datatype.empty()) std::abort();
      if (!t.language.empty()) {
        if (t.datatype != kLangString) std::abort();
        if (std::any_of(t.language.begin(), t.language.end(),
                        [](char c) { return c >= 'A' && c <= 'Z'; })) {
          std::abort();
        }
      }
      break;
  }
}

struct CheckingHandler : corridor::storage::QuadHandler {
  void OnQuad(const TermView& s, const TermView& p, const TermView& o,
              const TermView* g) override {
    CheckTerm(s);
    CheckTerm(p);
    CheckTerm(o);
    if (p.kind != TermKind::kIri) std::abort();
    if (s.kind == TermKind::kLiteral) std::abort();
    if (g != nullptr) {
      CheckTerm(*g);
      if (g->kind == TermKind::kLiteral) std::abort();
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view doc(reinterpret_cast<const char*>(data), size);
  corridor::storage::ReaderOptions options;
  options.format = corridor::RdfFormat::CORRIDOR_FUZZ_FORMAT;
  options.base = "http://example.org/base/";
  options.blank_prefix = "f_";
  CheckingHandler handler;
  try {
    corridor::storage::ReadRdfString(doc, "fuzz", options, handler);
  } catch (const corridor::storage::LoadError& e) {
    if (e.kind() != corridor::storage::LoadError::Kind::kSyntax) std::abort();
    const auto lines = static_cast<std::uint64_t>(std::count(doc.begin(), doc.end(), '\n')) + 1;
    if (e.line() > lines) std::abort();
  }
  return 0;
}
