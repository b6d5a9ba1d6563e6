// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// IRI reference resolution (RFC 3986 §5.2), the part of it that SPARQL's
// BASE and relative IRIs need. Works on UTF-8 strings and never validates or
// normalises beyond what §5.2 prescribes (no case folding, no
// percent-encoding changes).
#pragma once

#include <string>
#include <string_view>

namespace corridor::sparql {

// True when `iri` starts with a scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" /
// "." ) ":").
bool HasScheme(std::string_view iri);

// Resolves `reference` against `base` (RFC 3986 §5.2.2, strict). When
// `reference` has a scheme it is returned with dot segments removed. When
// `base` is empty or has no scheme, `reference` is returned unchanged.
std::string ResolveIri(std::string_view base, std::string_view reference);

// RFC 3986 §5.2.4.
std::string RemoveDotSegments(std::string_view path);

}  // namespace corridor::sparql
