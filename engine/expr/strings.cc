// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "engine/expr/strings.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unicode/locid.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cmath>
#include <random>

namespace corridor::engine::expr {

namespace {

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Byte offset of the code point after `n` code points from `offset`.
std::size_t AdvanceCodePoints(std::string_view s, std::size_t offset, std::int64_t n) {
  int32_t i = static_cast<int32_t>(offset);
  const int32_t len = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (n > 0 && i < len) {
    UChar32 c;
    U8_NEXT(p, i, len, c);
    (void)c;
    --n;
  }
  return static_cast<std::size_t>(i);
}

// XPath fn:round for the substring positions.
double XPathRound(double x) { return std::floor(x + 0.5); }

// XPath's 'x' flag: whitespace removed except inside [...] classes.
std::string StripRegexWhitespace(std::string_view pattern) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out.push_back(c);
      out.push_back(pattern[++i]);
      continue;
    }
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (depth == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) continue;
    out.push_back(c);
  }
  return out;
}

// XPath replacement strings allow "$N", "\$" and "\\" only; these mean the
// same to ICU.
bool ValidReplacement(std::string_view r) {
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r[i] == '\\') {
      if (i + 1 >= r.size() || (r[i + 1] != '\\' && r[i + 1] != '$')) return false;
      ++i;
    } else if (r[i] == '$') {
      if (i + 1 >= r.size() || r[i + 1] < '0' || r[i + 1] > '9') return false;
    }
  }
  return true;
}

std::mt19937_64& RandomEngine() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

}  // namespace

std::string ToUpper(std::string_view s) {
  icu::UnicodeString u = FromUtf8(s);
  u.toUpper(icu::Locale::getRoot());
  return ToUtf8(u);
}

std::string ToLower(std::string_view s) {
  icu::UnicodeString u = FromUtf8(s);
  u.toLower(icu::Locale::getRoot());
  return ToUtf8(u);
}

std::int64_t CodePointLength(std::string_view s) {
  std::int64_t n = 0;
  int32_t i = 0;
  const int32_t len = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < len) {
    UChar32 c;
    U8_NEXT(p, i, len, c);
    (void)c;
    ++n;
  }
  return n;
}

std::string Substring(std::string_view s, double start, std::optional<double> length) {
  // Positions p (1-based) with first <= p < end.
  const double first = XPathRound(start);
  double end = length ? first + XPathRound(*length) : INFINITY;
  if (std::isnan(first) || std::isnan(end) || end <= 1 || first >= end) return "";
  const double from = std::max(first, 1.0);
  const std::int64_t total = CodePointLength(s);
  if (from > static_cast<double>(total)) return "";
  const auto skip = static_cast<std::int64_t>(from) - 1;
  const std::size_t b = AdvanceCodePoints(s, 0, skip);
  if (std::isinf(end) || end > static_cast<double>(total) + 1) return std::string(s.substr(b));
  const std::size_t e = AdvanceCodePoints(s, b, static_cast<std::int64_t>(end - from));
  return std::string(s.substr(b, e - b));
}

std::string EncodeForUri(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool LangMatches(std::string_view tag, std::string_view range) {
  if (range == "*") return !tag.empty();
  if (range.size() > tag.size()) return false;
  for (std::size_t i = 0; i < range.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(tag[i])) !=
        std::tolower(static_cast<unsigned char>(range[i]))) {
      return false;
    }
  }
  return range.size() == tag.size() || tag[range.size()] == '-';
}

std::string HexDigest(HashKind kind, std::string_view s) {
  const EVP_MD* md = nullptr;
  switch (kind) {
    case HashKind::kMd5:
      md = EVP_md5();
      break;
    case HashKind::kSha1:
      md = EVP_sha1();
      break;
    case HashKind::kSha256:
      md = EVP_sha256();
      break;
    case HashKind::kSha384:
      md = EVP_sha384();
      break;
    case HashKind::kSha512:
      md = EVP_sha512();
      break;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(s.data(), s.size(), digest, &n, md, nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string RandomUuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) {
    for (auto& x : b) x = static_cast<unsigned char>(RandomEngine()());
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 15]);
  }
  return out;
}

double RandomUnit() { return std::uniform_real_distribution<double>(0.0, 1.0)(RandomEngine()); }

// -------------------------------------------------------------- Regex

Regex::~Regex() = default;

std::unique_ptr<Regex> Regex::Compile(std::string_view pattern, std::string_view flags) {
  uint32_t icu_flags = 0;
  bool strip_whitespace = false;
  bool literal = false;
  for (char f : flags) {
    switch (f) {
      case 'i':
        icu_flags |= UREGEX_CASE_INSENSITIVE;
        break;
      case 's':
        icu_flags |= UREGEX_DOTALL;
        break;
      case 'm':
        icu_flags |= UREGEX_MULTILINE;
        break;
      case 'x':
        strip_whitespace = true;
        break;
      case 'q':
        literal = true;
        break;
      default:
        return nullptr;
    }
  }
  std::string text(pattern);
  if (literal) {
    icu_flags |= UREGEX_LITERAL;  // 'x' does not apply to a literal pattern
  } else if (strip_whitespace) {
    text = StripRegexWhitespace(text);
  }
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  std::unique_ptr<icu::RegexPattern> compiled(
      icu::RegexPattern::compile(FromUtf8(text), icu_flags, parse_error, status));
  if (U_FAILURE(status) || !compiled) return nullptr;
  std::unique_ptr<icu::RegexMatcher> matcher(compiled->matcher(status));
  if (U_FAILURE(status) || !matcher) return nullptr;
  std::unique_ptr<Regex> regex(new Regex());
  regex->literal_ = literal;
  const icu::UnicodeString empty;
  matcher->reset(empty);
  regex->matches_empty_ = matcher->find();
  regex->pattern_ = std::move(compiled);
  regex->matcher_ = std::move(matcher);
  return regex;
}

bool Regex::Find(std::string_view text) {
  const icu::UnicodeString input = FromUtf8(text);
  matcher_->reset(input);
  return matcher_->find();
}

std::optional<std::string> Regex::Replace(std::string_view text, std::string_view replacement) {
  if (matches_empty_) return std::nullopt;
  std::string rep;
  if (literal_) {
    // With 'q' the replacement is literal too: escape ICU's '$' and '\'.
    for (char c : replacement) {
      if (c == '$' || c == '\\') rep.push_back('\\');
      rep.push_back(c);
    }
  } else {
    if (!ValidReplacement(replacement)) return std::nullopt;
    rep.assign(replacement);
  }
  const icu::UnicodeString input = FromUtf8(text);
  matcher_->reset(input);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = matcher_->replaceAll(FromUtf8(rep), status);
  if (U_FAILURE(status)) return std::nullopt;
  return ToUtf8(out);
}

}  // namespace corridor::engine::expr
