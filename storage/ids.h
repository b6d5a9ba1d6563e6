// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Term ids and the big-endian key encoding of the index permutations.
//
// An id is 64 bits: the top byte is a tag saying what the low 56 bits are.
//   kTagIri, kTagLiteral: a dictionary sequence number (id2term/term2id).
//   kTagBlank:            a blank node sequence number; the label is derived
//                         from it ("b" + hex), so blanks need no dictionary.
//   kTagInteger:          an inline xsd:integer in canonical lexical form,
//                         value + 2^55 so that id order is numeric order.
//   kTagBoolean:          an inline xsd:boolean "true" (1) or "false" (0).
// kNoId (0) stands for "no term", and as a graph id for the default graph.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace corridor::storage {

using Id = std::uint64_t;

inline constexpr Id kNoId = 0;
inline constexpr Id kDefaultGraph = 0;

enum IdTag : std::uint8_t {
  kTagBlank = 0x01,
  kTagIri = 0x02,
  kTagLiteral = 0x03,
  kTagInteger = 0x10,
  kTagBoolean = 0x11,
};

inline constexpr int kPayloadBits = 56;
inline constexpr Id kPayloadMask = (Id{1} << kPayloadBits) - 1;
inline constexpr std::int64_t kInlineIntegerMin = -(std::int64_t{1} << 55);
inline constexpr std::int64_t kInlineIntegerMax = (std::int64_t{1} << 55) - 1;

constexpr Id MakeId(std::uint8_t tag, std::uint64_t payload) {
  return (Id{tag} << kPayloadBits) | (payload & kPayloadMask);
}
constexpr std::uint8_t TagOf(Id id) { return static_cast<std::uint8_t>(id >> kPayloadBits); }
constexpr std::uint64_t PayloadOf(Id id) { return id & kPayloadMask; }
constexpr bool IsInline(Id id) { return TagOf(id) >= kTagInteger; }
constexpr bool InDictionary(Id id) {
  return TagOf(id) == kTagIri || TagOf(id) == kTagLiteral;
}

constexpr Id InlineInteger(std::int64_t v) {
  return MakeId(kTagInteger, static_cast<std::uint64_t>(v - kInlineIntegerMin));
}
constexpr std::int64_t InlineIntegerValue(Id id) {
  return static_cast<std::int64_t>(PayloadOf(id)) + kInlineIntegerMin;
}

inline void PutBigEndian64(char* out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}
inline std::uint64_t GetBigEndian64(const char* in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<std::uint8_t>(in[i]);
  return v;
}

// Key or value bytes as lowercase hex, for messages about damaged data.
inline std::string HexBytes(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

// Positions of a quad, in the canonical order the store uses internally.
enum Position : int { kS = 0, kP = 1, kO = 2, kG = 3 };
using IdQuad = std::array<Id, 4>;  // indexed by Position

// The six index permutations. Each is one RocksDB column family holding the
// quads as rows of the four ids in the permutation's order, sorted (kept in
// blocks of rows: storage/row_blocks.h), so that every quad pattern is a
// single prefix range of rows in one of them. A row's key form is its four
// ids big-endian (32 bytes): byte order is row order.
enum class Permutation : int { kSpog = 0, kPosg, kOspg, kGspo, kGpos, kGosp };
inline constexpr int kNumPermutations = 6;

// order[i] is the quad position stored at key slot i.
inline constexpr std::array<std::array<int, 4>, kNumPermutations> kPermutationOrder = {{
    {kS, kP, kO, kG},
    {kP, kO, kS, kG},
    {kO, kS, kP, kG},
    {kG, kS, kP, kO},
    {kG, kP, kO, kS},
    {kG, kO, kS, kP},
}};

inline constexpr std::array<const char*, kNumPermutations> kPermutationName = {
    "spog", "posg", "ospg", "gspo", "gpos", "gosp"};

inline constexpr std::size_t kQuadKeySize = 32;
using QuadKey = std::array<char, kQuadKeySize>;

inline QuadKey EncodeQuadKey(Permutation perm, const IdQuad& q) {
  QuadKey key;
  const auto& order = kPermutationOrder[static_cast<int>(perm)];
  for (int i = 0; i < 4; ++i) PutBigEndian64(key.data() + 8 * i, q[order[i]]);
  return key;
}

inline IdQuad DecodeQuadKey(Permutation perm, const char* key) {
  IdQuad q;
  const auto& order = kPermutationOrder[static_cast<int>(perm)];
  for (int i = 0; i < 4; ++i) q[order[i]] = GetBigEndian64(key + 8 * i);
  return q;
}

}  // namespace corridor::storage
