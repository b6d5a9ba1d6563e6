// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The data the robustness tests write, shared by the tests and the writer
// helper they kill (robustness_writer): loads of known size that share no
// triple, and update requests each of which inserts a known batch and moves
// a marker, so that any state a crash or a reader can observe tells exactly
// which writes are in it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace corridor::robustness {

inline const std::string kNs = "http://example.org/robust/";

// `n` distinct N-Triples statements tagged `tag`: no two documents with
// different tags share a triple, but they share predicates and many objects,
// so a second load meets terms already in the dictionary. Objects mix
// language-tagged, inline integer, IRI and plain literals; each predicate
// p<j> has the statements i with i % 4 == j (PredicateShare).
inline std::string Triples(const std::string& tag, std::uint64_t n) {
  std::string out;
  out.reserve(n * 80);
  for (std::uint64_t i = 0; i < n; ++i) {
    out += "<" + kNs + tag + "/s" + std::to_string(i / 4) + "> <" + kNs + "p" + std::to_string(i % 4) + "> ";
    switch (i % 4) {
      case 0: out += "\"label " + std::to_string(i) + "\"@en"; break;
      case 1: out += "\"" + std::to_string(i) + "\"^^<http://www.w3.org/2001/XMLSchema#integer>"; break;
      case 2: out += "<" + kNs + "o" + std::to_string(i % 1000) + ">"; break;
      default: out += "\"v" + std::to_string(i % 5000) + "\""; break;
    }
    out += " .\n";
  }
  return out;
}

// How many of Triples(tag, n) have predicate p<j>.
inline std::uint64_t PredicateShare(std::uint64_t n, int j) { return n / 4 + (static_cast<std::uint64_t>(j) < n % 4 ? 1 : 0); }

inline void WriteTriples(const std::filesystem::path& path, const std::string& tag, std::uint64_t n) {
  std::ofstream out(path, std::ios::binary);
  out << Triples(tag, n);
}

// Update k (k = 0, 1, ...) of a sequence: moves the marker from k-1 to k
// and inserts `batch` quads with subject u<k> and predicate `item`, all in
// one request. After updates 0..K-1 the store holds 1 + K*batch quads, the
// marker says K-1, and u<k> has `batch` items for every k < K.
inline std::string UpdateRequest(std::uint64_t k, std::uint64_t batch) {
  std::string r = "PREFIX x: <" + kNs + ">\n";
  r += "DELETE DATA { x:marker x:at " + std::to_string(static_cast<std::int64_t>(k) - 1) + " } ;\n";
  r += "INSERT DATA { x:marker x:at " + std::to_string(k) + " .\n";
  for (std::uint64_t i = 0; i < batch; ++i) {
    r += "  x:u" + std::to_string(k) + " x:item \"item " + std::to_string(k) + "/" + std::to_string(i) + "\" .\n";
  }
  r += "}";
  return r;
}

}  // namespace corridor::robustness
