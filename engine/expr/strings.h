// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The Unicode, regular expression, hashing and random-identifier primitives
// behind the §17.4.3 - §17.4.6 functions. Strings are UTF-8; positions and
// lengths count code points. Unicode work is ICU's, digests OpenSSL's.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class RegexPattern;
class RegexMatcher;
U_NAMESPACE_END

namespace corridor::engine::expr {

// Full Unicode case mapping (root locale): "ß" upper-cases to "SS".
std::string ToUpper(std::string_view s);
std::string ToLower(std::string_view s);
// The number of code points.
std::int64_t CodePointLength(std::string_view s);
// XPath fn:substring: the code points at 1-based positions p with
// round(start) <= p < round(start) + round(length) (no upper bound without
// a length). NaN and infinities follow XPath's arithmetic.
std::string Substring(std::string_view s, double start, std::optional<double> length);
// fn:encode-for-uri: every byte of the UTF-8 form but A-Z a-z 0-9 - _ . ~
// percent-encoded (upper-case hex).
std::string EncodeForUri(std::string_view s);
// RFC 4647 basic filtering as SPARQL's LANGMATCHES: "*" matches any
// non-empty tag; otherwise a case-insensitive match of the range or of a
// prefix of the tag ending before a '-'.
bool LangMatches(std::string_view tag, std::string_view range);

enum class HashKind { kMd5, kSha1, kSha256, kSha384, kSha512 };
// The lower-case hex digest of the UTF-8 bytes of `s`.
std::string HexDigest(HashKind kind, std::string_view s);
// A random (version 4) UUID in its 36-character lower-case form.
std::string RandomUuid();
// A random double in [0, 1).
double RandomUnit();

// An XPath regular expression (fn:matches / fn:replace) compiled with ICU.
// Flags: s (dot matches newlines), m (multi-line ^ $), i (case-insensitive),
// x (whitespace outside character classes removed from the pattern, as
// XPath says; ICU's comment mode would also treat '#' specially), q (the
// pattern, and a replacement, taken literally). Not thread-safe: it keeps a
// matcher for reuse.
class Regex {
 public:
  // nullptr for an invalid pattern or unknown flag.
  static std::unique_ptr<Regex> Compile(std::string_view pattern, std::string_view flags);
  ~Regex();

  // True if the pattern matches some substring of `text`.
  bool Find(std::string_view text);
  // fn:replace. nullopt for an error: an invalid replacement string, or a
  // pattern that matches the empty string (FORX0003).
  std::optional<std::string> Replace(std::string_view text, std::string_view replacement);

 private:
  Regex() = default;
  std::unique_ptr<icu::RegexPattern> pattern_;
  std::unique_ptr<icu::RegexMatcher> matcher_;
  bool literal_ = false;
  bool matches_empty_ = false;
};

}  // namespace corridor::engine::expr
