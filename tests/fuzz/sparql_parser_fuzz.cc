// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// libFuzzer target: the SPARQL 1.1 parser (parser/sparql_parser.hpp), built
// twice: sparql_query_fuzz (ParseQuery) and, with CORRIDOR_FUZZ_UPDATE,
// sparql_update_fuzz (ParseUpdate).
// Contract checked: any byte string either parses or throws ParseError whose
// position lies inside the text; nothing else is thrown, nothing crashes,
// and no input recurses without bound (the parser caps nesting at 128).
// A function library is given (ParseOptions::is_function), so calls of
// unknown functions take the "unsupported" error path too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parser/sparql_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  corridor::sparql::ParseOptions options;
  options.prefixes["ex"] = "http://example.org/";
  options.base = "http://example.org/base/";
  options.is_function = [](const std::string& iri) { return iri.find("xsd") != std::string::npos; };
  try {
#ifdef CORRIDOR_FUZZ_UPDATE
    corridor::sparql::ParseUpdate(text, options);
#else
    corridor::sparql::ParseQuery(text, options);
#endif
  } catch (const corridor::sparql::ParseError& e) {
    // The offset is into the text after \u decoding, which is never longer.
    if (e.offset() > size || e.line() == 0 || e.column() == 0) std::abort();
    (void)e.Render();
  }
  return 0;
}
