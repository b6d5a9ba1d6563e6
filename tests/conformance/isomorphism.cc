// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "tests/conformance/isomorphism.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace corridor::conformance {
namespace {

using Color = std::uint64_t;

Color Finalize(std::uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Color Mix(Color h, std::uint64_t v) { return Finalize(h ^ Finalize(v + 0x632be59bd9b4e019ULL)); }

constexpr Color kSelf = 0x5e1f5e1f5e1f5e1fULL;

// A quad position: a ground term id (>= 0, shared by both sides) or a blank
// node, encoded as -(index + 1) into the side's blank table.
using Slot = std::int64_t;
using EncodedQuad = std::array<Slot, 4>;

bool IsBlank(Slot s) { return s < 0; }
std::size_t BlankIndex(Slot s) { return static_cast<std::size_t>(-s - 1); }
Slot BlankSlot(std::size_t i) { return -static_cast<Slot>(i) - 1; }

// One side of the comparison, with duplicates removed.
struct Side {
  std::vector<EncodedQuad> quads;      // sorted, unique
  std::vector<const Quad*> originals;  // the quad each entry came from
  std::size_t blank_count = 0;
  std::vector<std::vector<std::size_t>> quads_of_blank;
};

class Encoder {
 public:
  Side Encode(const std::vector<Quad>& quads) {
    Side side;
    std::unordered_map<std::string, std::size_t> blanks;
    std::vector<std::pair<EncodedQuad, const Quad*>> rows;
    rows.reserve(quads.size());
    auto slot = [&](const Term& t) -> Slot {
      if (t.is_blank()) {
        auto [it, added] = blanks.try_emplace(t.value, blanks.size());
        return BlankSlot(it->second);
      }
      return Ground(t);
    };
    for (const Quad& q : quads) {
      rows.push_back({{slot(q.subject), slot(q.predicate), slot(q.object),
                       q.graph ? slot(*q.graph) : kDefaultGraph},
                      &q});
    }
    std::sort(rows.begin(), rows.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    rows.erase(std::unique(rows.begin(), rows.end(),
                           [](const auto& x, const auto& y) { return x.first == y.first; }),
               rows.end());
    side.blank_count = blanks.size();
    side.quads_of_blank.resize(blanks.size());
    for (const auto& [q, original] : rows) {
      const std::size_t index = side.quads.size();
      side.quads.push_back(q);
      side.originals.push_back(original);
      for (int i = 0; i < 4; ++i) {
        if (!IsBlank(q[i])) continue;
        auto& list = side.quads_of_blank[BlankIndex(q[i])];
        if (list.empty() || list.back() != index) list.push_back(index);
      }
    }
    return side;
  }

 private:
  static constexpr Slot kDefaultGraph = 0;

  Slot Ground(const Term& t) {
    std::string key;
    key.reserve(t.value.size() + t.datatype.size() + t.language.size() + 4);
    key.push_back(static_cast<char>('0' + static_cast<int>(t.kind)));
    key += t.value;
    key.push_back('\0');
    key += t.datatype;
    key.push_back('\0');
    key += t.language;
    auto [it, added] = ground_.try_emplace(std::move(key), ground_.size() + 1);
    return static_cast<Slot>(it->second);
  }

  std::unordered_map<std::string, std::size_t> ground_;  // ids from 1; 0 is the default graph
};

Color GroundColor(Slot s) { return Finalize(static_cast<std::uint64_t>(s) * 2 + 1); }

// The colour of quad `q` seen from blank node `self`.
Color QuadSignature(const EncodedQuad& q, std::size_t self, const std::vector<Color>& colors) {
  Color h = 0x243f6a8885a308d3ULL;
  for (int i = 0; i < 4; ++i) {
    Color v;
    if (!IsBlank(q[i])) {
      v = GroundColor(q[i]);
    } else if (BlankIndex(q[i]) == self) {
      v = kSelf;
    } else {
      v = colors[BlankIndex(q[i])];
    }
    h = Mix(h, Mix(static_cast<Color>(i), v));
  }
  return h;
}

// One refinement round: each blank's new colour combines its colour with the
// sorted signatures of the quads it occurs in.
std::vector<Color> RefineOnce(const Side& side, const std::vector<Color>& colors) {
  std::vector<Color> next(colors.size());
  std::vector<Color> signatures;
  for (std::size_t b = 0; b < side.blank_count; ++b) {
    signatures.clear();
    for (const std::size_t q : side.quads_of_blank[b]) {
      signatures.push_back(QuadSignature(side.quads[q], b, colors));
    }
    std::sort(signatures.begin(), signatures.end());
    Color h = Mix(colors[b], signatures.size());
    for (const Color s : signatures) h = Mix(h, s);
    next[b] = h;
  }
  return next;
}

std::size_t DistinctCount(std::vector<Color> colors) {
  std::sort(colors.begin(), colors.end());
  return static_cast<std::size_t>(std::unique(colors.begin(), colors.end()) - colors.begin());
}

// Refines both sides in step until the partitions stop splitting.
void Refine(const Side& a, const Side& b, std::vector<Color>* ca, std::vector<Color>* cb) {
  std::size_t classes = DistinctCount(*ca);
  for (std::size_t round = 0; round <= a.blank_count; ++round) {
    *ca = RefineOnce(a, *ca);
    *cb = RefineOnce(b, *cb);
    const std::size_t now = DistinctCount(*ca);
    if (now == classes) break;
    classes = now;
  }
}

bool SameColorMultiset(std::vector<Color> x, std::vector<Color> y) {
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}

// True when mapping a's blank i to b's blank map[i] turns a's quads into b's.
bool MapsOnto(const Side& a, const Side& b, const std::vector<std::size_t>& map) {
  std::vector<EncodedQuad> mapped;
  mapped.reserve(a.quads.size());
  for (EncodedQuad q : a.quads) {
    for (Slot& s : q) {
      if (IsBlank(s)) s = BlankSlot(map[BlankIndex(s)]);
    }
    mapped.push_back(q);
  }
  std::sort(mapped.begin(), mapped.end());
  return mapped == b.quads;
}

class Search {
 public:
  Search(const Side& a, const Side& b) : a_(a), b_(b) {}

  bool Run(std::vector<Color> ca, std::vector<Color> cb, int depth) {
    Refine(a_, b_, &ca, &cb);
    if (!SameColorMultiset(ca, cb)) return false;
    // The smallest class with more than one member decides the branching.
    std::unordered_map<Color, std::size_t> class_size;
    for (const Color c : ca) ++class_size[c];
    std::size_t pick = ca.size();
    std::size_t pick_size = SIZE_MAX;
    for (std::size_t i = 0; i < ca.size(); ++i) {
      const std::size_t n = class_size[ca[i]];
      if (n > 1 && n < pick_size) {
        pick = i;
        pick_size = n;
      }
    }
    if (pick == ca.size()) {  // every colour is unique: one candidate mapping
      std::unordered_map<Color, std::size_t> b_of_color;
      for (std::size_t j = 0; j < cb.size(); ++j) b_of_color[cb[j]] = j;
      std::vector<std::size_t> map(ca.size());
      for (std::size_t i = 0; i < ca.size(); ++i) map[i] = b_of_color.at(ca[i]);
      return MapsOnto(a_, b_, map);
    }
    const Color tied = ca[pick];
    const Color marker = Mix(tied, 0xa11ce000ULL + static_cast<Color>(depth));
    for (std::size_t j = 0; j < cb.size(); ++j) {
      if (cb[j] != tied) continue;
      std::vector<Color> na = ca, nb = cb;
      na[pick] = marker;
      nb[j] = marker;
      if (Run(std::move(na), std::move(nb), depth + 1)) return true;
    }
    return false;
  }

 private:
  const Side& a_;
  const Side& b_;
};

// A quad of `x` whose shape (blank nodes replaced by their colours) occurs
// less often in `y`, or nullptr.
const Quad* UnmatchedQuad(const Side& x, const std::vector<Color>& cx, const Side& y,
                          const std::vector<Color>& cy) {
  auto shapes = [](const Side& s, const std::vector<Color>& c) {
    std::vector<std::pair<std::array<Color, 4>, std::size_t>> out;
    for (std::size_t i = 0; i < s.quads.size(); ++i) {
      std::array<Color, 4> shape;
      for (int k = 0; k < 4; ++k) {
        const Slot slot = s.quads[i][k];
        shape[k] = IsBlank(slot) ? Mix(c[BlankIndex(slot)], 1) : GroundColor(slot);
      }
      out.push_back({shape, i});
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto sx = shapes(x, cx);
  const auto sy = shapes(y, cy);
  std::size_t j = 0;
  for (const auto& [shape, index] : sx) {
    while (j < sy.size() && sy[j].first < shape) ++j;
    if (j == sy.size() || sy[j].first != shape) return x.originals[index];
    ++j;
  }
  return nullptr;
}

}  // namespace

bool IsomorphicDatasets(const std::vector<Quad>& a, const std::vector<Quad>& b,
                        std::string* explanation) {
  Encoder encoder;
  const Side sa = encoder.Encode(a);
  const Side sb = encoder.Encode(b);
  auto explain = [&](std::string text) {
    if (explanation != nullptr) *explanation = std::move(text);
    return false;
  };
  if (sa.quads.size() != sb.quads.size() || sa.blank_count != sb.blank_count) {
    std::string text = std::to_string(sa.quads.size()) + " quads and " +
                       std::to_string(sa.blank_count) + " blank nodes against " +
                       std::to_string(sb.quads.size()) + " quads and " +
                       std::to_string(sb.blank_count) + " blank nodes";
    std::vector<Color> ca(sa.blank_count, 0), cb(sb.blank_count, 0);
    Refine(sa, sb, &ca, &cb);
    if (const Quad* q = UnmatchedQuad(sa, ca, sb, cb)) {
      text += "; only in the first: " + q->ToNQuads();
    } else if (const Quad* q2 = UnmatchedQuad(sb, cb, sa, ca)) {
      text += "; only in the second: " + q2->ToNQuads();
    }
    return explain(std::move(text));
  }
  Search search(sa, sb);
  if (search.Run(std::vector<Color>(sa.blank_count, 0), std::vector<Color>(sb.blank_count, 0),
                 0)) {
    return true;
  }
  std::vector<Color> ca(sa.blank_count, 0), cb(sb.blank_count, 0);
  Refine(sa, sb, &ca, &cb);
  if (const Quad* q = UnmatchedQuad(sa, ca, sb, cb)) {
    return explain("no counterpart in the second for: " + q->ToNQuads());
  }
  if (const Quad* q = UnmatchedQuad(sb, cb, sa, ca)) {
    return explain("no counterpart in the first for: " + q->ToNQuads());
  }
  return explain("no mapping of blank nodes turns one into the other");
}

namespace {

// Rows without blank nodes compare as they are; each row with blank nodes
// becomes a fresh blank "row" node with one quad per bound column, so that
// dataset isomorphism (where the row nodes keep repeated rows apart) finds
// the one bijection for all of them.
struct SplitRows {
  std::vector<std::string> ground;  // sorted keys of rows without blank nodes
  std::vector<Quad> blank_rows;
};

std::string GroundKey(const SolutionRow& row) {
  std::string key;
  for (const auto& t : row) {
    key += t ? t->ToNTriples() : std::string("UNDEF");
    key.push_back('\t');
  }
  return key;
}

SplitRows Split(const std::vector<SolutionRow>& rows) {
  static const Term kRowMarker = Term::Iri("urn:corridor:w3c:row");
  SplitRows out;
  std::size_t n = 0;
  for (const SolutionRow& row : rows) {
    bool has_blank = false;
    for (const auto& t : row) has_blank = has_blank || (t && t->is_blank());
    if (!has_blank) {
      out.ground.push_back(GroundKey(row));
      continue;
    }
    const Term node = Term::Blank("row" + std::to_string(n++));
    out.blank_rows.push_back(Quad{node, kRowMarker, kRowMarker, {}});
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (!row[c]) continue;
      Term value = *row[c];
      if (value.is_blank()) value.value = "v" + value.value;
      out.blank_rows.push_back(
          Quad{node, Term::Iri("urn:corridor:w3c:column:" + std::to_string(c)), value, {}});
    }
  }
  std::sort(out.ground.begin(), out.ground.end());
  return out;
}

}  // namespace

bool IsomorphicSolutions(const std::vector<SolutionRow>& a, const std::vector<SolutionRow>& b) {
  if (a.size() != b.size()) return false;
  const SplitRows sa = Split(a);
  const SplitRows sb = Split(b);
  if (sa.ground != sb.ground) return false;
  return IsomorphicDatasets(sa.blank_rows, sb.blank_rows);
}

}  // namespace corridor::conformance
