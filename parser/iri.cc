// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "parser/iri.hpp"

#include <optional>

namespace corridor::sparql {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The five components of RFC 3986 §3 (Appendix B); absent ones are nullopt.
struct IriParts {
  std::optional<std::string_view> scheme;
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

IriParts Split(std::string_view s) {
  IriParts parts;
  if (HasScheme(s)) {
    std::size_t colon = s.find(':');
    parts.scheme = s.substr(0, colon);
    s.remove_prefix(colon + 1);
  }
  if (s.size() >= 2 && s[0] == '/' && s[1] == '/') {
    s.remove_prefix(2);
    std::size_t end = s.find_first_of("/?#");
    if (end == std::string_view::npos) end = s.size();
    parts.authority = s.substr(0, end);
    s.remove_prefix(end);
  }
  std::size_t end = s.find_first_of("?#");
  if (end == std::string_view::npos) end = s.size();
  parts.path = s.substr(0, end);
  s.remove_prefix(end);
  if (!s.empty() && s[0] == '?') {
    s.remove_prefix(1);
    std::size_t hash = s.find('#');
    if (hash == std::string_view::npos) hash = s.size();
    parts.query = s.substr(0, hash);
    s.remove_prefix(hash);
  }
  if (!s.empty() && s[0] == '#') parts.fragment = s.substr(1);
  return parts;
}

std::string Recompose(std::optional<std::string_view> scheme,
                      std::optional<std::string_view> authority,
                      std::string_view path, std::optional<std::string_view> query,
                      std::optional<std::string_view> fragment) {
  std::string out;
  if (scheme) {
    out.append(*scheme);
    out.push_back(':');
  }
  if (authority) {
    out.append("//");
    out.append(*authority);
  }
  out.append(path);
  if (query) {
    out.push_back('?');
    out.append(*query);
  }
  if (fragment) {
    out.push_back('#');
    out.append(*fragment);
  }
  return out;
}

}  // namespace

bool HasScheme(std::string_view iri) {
  if (iri.empty() || !IsAlpha(iri[0])) return false;
  for (std::size_t i = 1; i < iri.size(); ++i) {
    char c = iri[i];
    if (c == ':') return true;
    if (!IsAlpha(c) && !IsDigit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return false;
}

std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      if (in.size() == 3) {
        in = "/";
      } else {
        in.remove_prefix(3);
      }
      std::size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t start = in[0] == '/' ? 1 : 0;
      std::size_t next = in.find('/', start);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

std::string ResolveIri(std::string_view base, std::string_view reference) {
  IriParts r = Split(reference);
  if (r.scheme) {
    return Recompose(r.scheme, r.authority, RemoveDotSegments(r.path), r.query,
                     r.fragment);
  }
  if (base.empty() || !HasScheme(base)) return std::string(reference);
  IriParts b = Split(base);
  if (r.authority) {
    return Recompose(b.scheme, r.authority, RemoveDotSegments(r.path), r.query,
                     r.fragment);
  }
  if (r.path.empty()) {
    return Recompose(b.scheme, b.authority, b.path, r.query ? r.query : b.query,
                     r.fragment);
  }
  if (r.path[0] == '/') {
    return Recompose(b.scheme, b.authority, RemoveDotSegments(r.path), r.query,
                     r.fragment);
  }
  // §5.2.3 merge.
  std::string merged;
  if (b.authority && b.path.empty()) {
    merged = "/";
    merged.append(r.path);
  } else {
    std::size_t slash = b.path.rfind('/');
    if (slash != std::string_view::npos) merged.append(b.path.substr(0, slash + 1));
    merged.append(r.path);
  }
  return Recompose(b.scheme, b.authority, RemoveDotSegments(merged), r.query,
                   r.fragment);
}

}  // namespace corridor::sparql
