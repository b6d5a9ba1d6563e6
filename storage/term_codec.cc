// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/term_codec.h"

#include "storage/storage_error.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace corridor::storage {

namespace {

constexpr std::string_view kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
constexpr std::string_view kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";

// Canonical xsd:integer: "0", or an optional '-' then a non-zero digit then
// digits ("-0" is not canonical).
bool IsCanonicalInteger(std::string_view s) {
  std::size_t i = 0;
  if (!s.empty() && s[0] == '-') i = 1;
  if (i >= s.size()) return false;
  if (s[i] == '0') return s.size() == 1;
  for (std::size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<Id> TryInlineId(const TermParts& term) {
  if (term.kind != TermKind::kLiteral || !term.language.empty()) return std::nullopt;
  if (term.datatype == kXsdInteger) {
    if (!IsCanonicalInteger(term.value)) return std::nullopt;
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(term.value.data(), term.value.data() + term.value.size(), v);
    if (ec != std::errc() || ptr != term.value.data() + term.value.size()) return std::nullopt;
    if (v < kInlineIntegerMin || v > kInlineIntegerMax) return std::nullopt;
    return InlineInteger(v);
  }
  if (term.datatype == kXsdBoolean) {
    if (term.value == "true") return MakeId(kTagBoolean, 1);
    if (term.value == "false") return MakeId(kTagBoolean, 0);
  }
  return std::nullopt;
}

void EncodeDictionaryKey(const TermParts& term, std::string* out) {
  out->clear();
  if (term.kind == TermKind::kIri) {
    out->reserve(1 + term.value.size());
    out->push_back('I');
    out->append(term.value);
  } else if (!term.language.empty()) {
    out->reserve(2 + term.language.size() + term.value.size());
    out->push_back('L');
    out->append(term.language);
    out->push_back('\0');
    out->append(term.value);
  } else if (term.datatype.empty() || term.datatype == kXsdString) {
    out->reserve(1 + term.value.size());
    out->push_back('S');
    out->append(term.value);
  } else {
    out->reserve(2 + term.datatype.size() + term.value.size());
    out->push_back('T');
    out->append(term.datatype);
    out->push_back('\0');
    out->append(term.value);
  }
}

std::string EncodeDictionaryKey(const TermParts& term) {
  std::string out;
  EncodeDictionaryKey(term, &out);
  return out;
}

bool DecodeDictionaryKey(std::string_view bytes, Term* out) {
  // Assigns into *out's strings, so a Term that is decoded into again and
  // again (ResultDecoder's) allocates only when a string outgrows it.
  if (bytes.empty()) return false;
  std::string_view rest = bytes.substr(1);
  switch (bytes[0]) {
    case 'I':
      out->kind = TermKind::kIri;
      out->value.assign(rest);
      out->datatype.clear();
      out->language.clear();
      return true;
    case 'S':
      out->kind = TermKind::kLiteral;
      out->value.assign(rest);
      out->datatype.assign(kXsdString);
      out->language.clear();
      return true;
    case 'L':
    case 'T': {
      auto nul = rest.find('\0');
      if (nul == std::string_view::npos) return false;
      const std::string_view head = rest.substr(0, nul);
      out->kind = TermKind::kLiteral;
      out->value.assign(rest.substr(nul + 1));
      if (bytes[0] == 'L') {
        out->language.assign(head);
        for (char& c : out->language) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out->datatype.assign(kRdfLangString);
      } else {
        out->datatype.assign(head);
        out->language.clear();
      }
      return true;
    }
    default:
      return false;
  }
}

std::string BlankLabel(Id id) {
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "b%llx", static_cast<unsigned long long>(PayloadOf(id)));
  return std::string(buf, n);
}

Term DecodeNonDictionaryId(Id id) {
  switch (TagOf(id)) {
    case kTagBlank:
      return Term::Blank(BlankLabel(id));
    case kTagInteger:
      return Term::TypedLiteral(std::to_string(InlineIntegerValue(id)), std::string(kXsdInteger));
    case kTagBoolean:
      return Term::TypedLiteral(PayloadOf(id) ? "true" : "false", std::string(kXsdBoolean));
    default:
      throw StorageError(StorageError::Code::kCorruption,
                         "id " + std::to_string(id) + " has no inline or blank-node tag");
  }
}

}  // namespace corridor::storage
