// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/check.h"

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/ids.h"
#include "storage/layout.h"
#include "storage/row_blocks.h"
#include "storage/sorted_runs.h"
#include "storage/storage_error.h"
#include "storage/store.h"
#include "storage/term_codec.h"

namespace corridor::storage {

namespace {

namespace fs = std::filesystem;

using namespace layout;  // the keys store.cc writes (storage/layout.h)

// splitmix64's finaliser: a bijective mix with good avalanche.
constexpr std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::uint64_t HashBytes(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t h = Mix(seed ^ bytes.size());
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = Mix(h ^ w);
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
  return Mix(h ^ tail ^ 0x5bd1e995ULL);
}

// An order-independent fingerprint of a multiset: its size and two sums of
// independent 64-bit hashes of its elements. Two multisets that differ give
// equal fingerprints with probability about 2^-64 per sum.
struct Fingerprint {
  std::uint64_t count = 0, sum1 = 0, sum2 = 0;

  void AddQuad(const IdQuad& q) {
    std::uint64_t h1 = 0x9e3779b97f4a7c15ULL, h2 = 0x2545f4914f6cdd1dULL;
    for (Id id : q) {
      h1 = Mix(h1 ^ id);
      h2 = Mix(h2 + Mix(id ^ 0xc2b2ae3d27d4eb4fULL));
    }
    Add(h1, h2);
  }
  void AddEntry(Id id, std::string_view term_key) {
    Add(Mix(HashBytes(term_key, 0x165667b19e3779f9ULL) + id),
        Mix(HashBytes(term_key, 0x27d4eb2f165667c5ULL) ^ Mix(id)));
  }
  bool operator==(const Fingerprint&) const = default;

 private:
  void Add(std::uint64_t h1, std::uint64_t h2) {
    ++count;
    sum1 += h1;
    sum2 += h2;
  }
};

std::string IdHex(Id id) {
  char buf[8];
  PutBigEndian64(buf, id);
  return "0x" + HexBytes(std::string_view(buf, 8));
}

// A short name for an id: its kind and sequence number or value, e.g.
// "iri:12", "lit:7", "blank:3", "int:-5", "bool:true", "default".
std::string IdText(Id id) {
  const std::uint64_t payload = PayloadOf(id);
  switch (TagOf(id)) {
    case 0:
      if (id == kNoId) return "default";
      break;
    case kTagBlank:
      return "blank:" + std::to_string(payload);
    case kTagIri:
      return "iri:" + std::to_string(payload);
    case kTagLiteral:
      return "lit:" + std::to_string(payload);
    case kTagInteger:
      return "int:" + std::to_string(InlineIntegerValue(id));
    case kTagBoolean:
      if (payload <= 1) return payload == 1 ? "bool:true" : "bool:false";
      break;
    default:
      break;
  }
  return "invalid:" + IdHex(id);
}

std::string QuadText(const IdQuad& q) {
  return "(s=" + IdText(q[kS]) + " p=" + IdText(q[kP]) + " o=" + IdText(q[kO]) +
         " g=" + IdText(q[kG]) + ")";
}

// A row as the 32 bytes of its block key (row_blocks.h), in hex.
std::string RowHex(const Row& row) {
  char key[kQuadKeySize];
  PutRowKey(row, key);
  return HexBytes(std::string_view(key, kQuadKeySize));
}

// Names a quad's row in `perm` by its row key (the key of a block ending in
// it), e.g. "spog key 0200...".
std::string KeyText(Permutation perm, const IdQuad& q) {
  return std::string(kPermutationName[static_cast<int>(perm)]) + " key " + RowHex(ToRow(q, perm));
}

// A dictionary key (term2id key, id2term value) for a message, shortened.
std::string TermKeyText(std::string_view key) {
  Term t;
  std::string text = DecodeDictionaryKey(key, &t) ? t.ToNTriples() : "undecodable 0x" + HexBytes(key);
  if (text.size() > 100) text = text.substr(0, 97) + "...";
  return text;
}

constexpr const char* kRole[4] = {"subject", "predicate", "object", "graph"};

class Checker {
 public:
  Checker(const Store& store, const CheckOptions& options)
      : store_(store),
        options_(options),
        raw_(store.RawForChecking()),
        snapshot_(store.GetSnapshot()),
        max_examples_(std::max<std::size_t>(options.max_examples, 1)) {
    read_.snapshot = Store::RawSnapshot(*snapshot_);
    read_.total_order_seek = true;
    scan_ = read_;
    scan_.fill_cache = false;  // a full scan would only evict useful blocks
  }

  CheckReport Run() {
    report_.compared_all_keys = options_.compare_all_keys;
    ReadCounters();
    for (int p = 0; p < kNumPermutations; ++p) ScanPermutation(static_cast<Permutation>(p));
    ComparePermutations();
    CheckDictionary();
    CheckStatistics();
    NoteScratchFolders();
    report_.quads = fingerprints_[0].count;
    report_.predicates = predicates_.size();
    report_.graphs = graphs_.size();
    return std::move(report_);
  }

 private:
  struct PredicateCount {
    std::uint64_t quads = 0, subjects = 0, objects = 0;
    bool operator==(const PredicateCount&) const = default;
  };

  // Records one offending key or entry under the problem `what`.
  void Fault(const std::string& what, const std::string& example) {
    auto [pos, fresh] = problem_index_.emplace(what, report_.problems.size());
    if (fresh) report_.problems.push_back({what, 0, {}});
    CheckProblem& p = report_.problems[pos->second];
    ++p.count;
    if (p.examples.size() < max_examples_) p.examples.push_back(example);
  }

  static void Ok(const rocksdb::Status& s, const std::string& what) {
    if (s.ok()) return;
    throw StorageError(s.IsCorruption() ? StorageError::Code::kCorruption : StorageError::Code::kIo,
                       what + ": " + s.ToString());
  }

  std::unique_ptr<rocksdb::Iterator> NewScan(rocksdb::ColumnFamilyHandle* cf) const {
    return std::unique_ptr<rocksdb::Iterator>(raw_.db->NewIterator(scan_, cf));
  }

  // Point read at the snapshot; false if the key is absent.
  bool Get(rocksdb::ColumnFamilyHandle* cf, std::string_view key, std::string* value,
           const char* what) const {
    rocksdb::PinnableSlice v;
    rocksdb::Status s = raw_.db->Get(read_, cf, rocksdb::Slice(key.data(), key.size()), &v);
    if (s.IsNotFound()) return false;
    Ok(s, what);
    if (value != nullptr) value->assign(v.data(), v.size());
    return true;
  }

  // An id with its term, when the dictionary has it, for messages.
  std::string Describe(Id id) const {
    std::string text = IdText(id);
    if (!InDictionary(id)) return text;
    char key[8];
    PutBigEndian64(key, id);
    std::string term;
    if (Get(raw_.id2term, std::string_view(key, 8), &term, "reading id2term")) {
      text += " " + TermKeyText(term);
    }
    return text;
  }

  void ReadCounters() {
    for (auto [name, counter] : {std::pair{kMetaNextDict, &next_dict_},
                                 std::pair{kMetaNextBlank, &next_blank_}}) {
      std::string value;
      if (!Get(raw_.meta, name, &value, "reading metadata")) {
        Fault("metadata: counter missing", std::string(name));
      } else if (value.size() != 8) {
        Fault("metadata: counter malformed (not 8 bytes)", std::string(name) + " = 0x" + HexBytes(value));
      } else {
        *counter = GetBigEndian64(value.data());
      }
    }
  }

  // Why `id` cannot stand in `pos` of a quad, or null if it can.
  const char* InvalidId(Id id, int pos) const {
    const std::uint8_t tag = TagOf(id);
    const std::uint64_t seq = PayloadOf(id);
    if (id == kNoId) return pos == kG ? nullptr : "id 0 (no term)";
    switch (tag) {
      case kTagBlank:
        if (pos == kP) return "a blank node as predicate";
        if (seq == 0 || seq >= next_blank_) return "a blank node id at or beyond next_blank_seq";
        return nullptr;
      case kTagIri:
        if (seq == 0 || seq >= next_dict_) return "a dictionary id at or beyond next_dictionary_seq";
        return nullptr;
      case kTagLiteral:
      case kTagInteger:
      case kTagBoolean:
        if (pos != kO) return "a literal outside the object position";
        if (tag == kTagLiteral && (seq == 0 || seq >= next_dict_)) {
          return "a dictionary id at or beyond next_dictionary_seq";
        }
        if (tag == kTagBoolean && seq > 1) return "an inline boolean other than 0 or 1";
        return nullptr;
      default:
        return "an unknown id tag";
    }
  }

  // Reads one permutation in key order, block by block (row_blocks.h): the
  // form of its blocks (each decodes to ascending rows ending in its key,
  // holds at most kMaxBlockRows rows, and starts after the block before it;
  // a malformed block is reported and skipped); then, over the rows of the
  // blocks that decode, in stored order: the fingerprint; for spog the
  // validity of every id and the recount of quads, subjects and graphs; for
  // posg the recount of objects; and the dictionary entry of every distinct
  // id in the first slot of spog, posg, ospg and gspo.
  void ScanPermutation(Permutation perm) {
    const int p = static_cast<int>(perm);
    const std::string name = kPermutationName[p];
    const int lead_pos = kPermutationOrder[p][0];
    const bool resolve_lead = perm != Permutation::kGpos && perm != Permutation::kGosp;
    auto it = NewScan(raw_.perms[p]);
    auto dict = NewScan(raw_.id2term);
    Fingerprint& fp = fingerprints_[p];
    std::vector<Row> rows;
    Row prev_row{};  // the last row of the last block that decoded
    IdQuad prev{};   // the last quad walked (none when first)
    bool first = true;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view k(it->key().data(), it->key().size());
      const std::string_view v(it->value().data(), it->value().size());
      if (!DecodeRowBlock(k, v, &rows)) {
        malformed_[p] = true;
        Fault(name + ": malformed blocks (a block must decode to ascending rows ending in its key)",
              "key 0x" + HexBytes(k) + ", value of " + std::to_string(v.size()) + " bytes");
        continue;
      }
      if (rows.size() > kMaxBlockRows) {
        Fault(name + ": blocks of more than " + std::to_string(kMaxBlockRows) + " rows",
              "key 0x" + HexBytes(k) + ": " + std::to_string(rows.size()) + " rows");
      }
      if (!first && rows.front() <= prev_row) {
        // Keys ascend and end their blocks, so this block begins at or before
        // the end of the one before it: a row may be stored twice, or be
        // missed by a look-up (which reads the first block whose key is >=).
        disordered_[p] = true;
        Fault(name + ": blocks out of order or overlapping",
              "key 0x" + HexBytes(k) + " starts at row 0x" + RowHex(rows.front()) +
                  ", not after the previous block's last row 0x" + RowHex(prev_row));
      }
      for (const Row& row : rows) {
        const IdQuad q = FromRow(row, perm);
        fp.AddQuad(q);
        if (resolve_lead && (first || q[lead_pos] != prev[lead_pos])) {
          CheckResolves(q[lead_pos], kRole[lead_pos], perm, q, dict.get());
        }
        if (perm == Permutation::kSpog) {
          for (int pos = 0; pos < 4; ++pos) {
            if (const char* why = InvalidId(q[pos], pos)) {
              Fault(std::string("spog: quads with an invalid ") + kRole[pos] + " (" + why + ")",
                    QuadText(q) + ", " + KeyText(perm, q));
            }
          }
          PredicateCount& c = predicates_[q[kP]];
          ++c.quads;
          if (first || q[kS] != prev[kS] || q[kP] != prev[kP]) ++c.subjects;
          ++graphs_[q[kG]];
        } else if (perm == Permutation::kPosg) {
          if (first || q[kP] != prev[kP] || q[kO] != prev[kO]) ++object_counts_[q[kP]];
        }
        prev = q;
        first = false;
      }
      prev_row = rows.back();
    }
    Ok(it->status(), "reading " + name);
    Ok(dict->status(), "reading id2term");
  }

  // `dict` is an id2term iterator; ids come in ascending order, so its
  // seeks only move forward.
  void CheckResolves(Id id, const char* role, Permutation perm, const IdQuad& q,
                     rocksdb::Iterator* dict) {
    if (!InDictionary(id)) return;
    char key[8];
    PutBigEndian64(key, id);
    dict->Seek(rocksdb::Slice(key, 8));
    if (dict->Valid() && dict->key() == rocksdb::Slice(key, 8)) return;
    Ok(dict->status(), "reading id2term");
    Fault(std::string(kPermutationName[static_cast<int>(perm)]) + ": " + role +
              " ids missing from the dictionary (id2term), counted once per id",
          IdText(id) + " (" + IdHex(id) + "), first in " + QuadText(q) + ", " + KeyText(perm, q));
  }

  // The permutations whose fingerprint differs from the reference's (the
  // one most permutations agree with; spog on a tie) are compared with it
  // key by key; with compare_all_keys, all of them are.
  void ComparePermutations() {
    int ref = 0, best = -1;
    for (int p = 0; p < kNumPermutations; ++p) {
      const int agree = static_cast<int>(
          std::count(fingerprints_.begin(), fingerprints_.end(), fingerprints_[p]));
      if (agree > best) {
        best = agree;
        ref = p;
      }
    }
    for (int p = 0; p < kNumPermutations; ++p) {
      if (p == ref) continue;
      if (fingerprints_[p] != fingerprints_[ref] || options_.compare_all_keys) {
        ComparePermutation(static_cast<Permutation>(p), static_cast<Permutation>(ref));
      }
    }
  }

  // Every quad of `perm` must be in `ref` and the other way round: the rows
  // of one side's blocks (those that decode; the scan reported the others)
  // are looked up in the other side, as a reader would find them, with a
  // RowBlockCursor seek to the row in that side's order.
  void ComparePermutation(Permutation perm, Permutation ref) {
    const int pi = static_cast<int>(perm), ri = static_cast<int>(ref);
    const std::string name = kPermutationName[pi];
    const std::string ref_name = kPermutationName[ri];
    std::uint64_t differences = 0;
    auto one_way = [&](Permutation from, Permutation to, const std::string& what) {
      const int to_index = static_cast<int>(to);
      const std::string unreadable = std::string(kPermutationName[to_index]) + ": quads that " +
                                     kPermutationName[static_cast<int>(from)] +
                                     " holds cannot be looked up (their block is malformed)";
      auto it = NewScan(raw_.perms[static_cast<int>(from)]);
      std::optional<RowBlockCursor> cursor;  // over `to`; made anew after a malformed block
      std::vector<Row> rows;
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        if (!DecodeRowBlock(std::string_view(it->key().data(), it->key().size()),
                            std::string_view(it->value().data(), it->value().size()), &rows)) {
          continue;  // reported by the scan
        }
        for (const Row& row : rows) {
          const IdQuad q = FromRow(row, from);
          const Row target = ToRow(q, to);
          if (!cursor) {
            std::unique_ptr<rocksdb::Iterator> blocks(raw_.db->NewIterator(read_, raw_.perms[to_index]));
            cursor.emplace(std::move(blocks), kPermutationName[to_index]);
          }
          try {
            cursor->Seek(target);
          } catch (const StorageError& e) {
            // A block the scan found malformed (anything else is RocksDB's
            // and goes up). The cursor's state is spoilt: start a new one.
            if (e.code() != StorageError::Code::kCorruption || !malformed_[to_index]) throw;
            cursor.reset();
            ++differences;
            Fault(unreadable, QuadText(q) + ", " + KeyText(from, q) + "; " + e.what());
            continue;
          }
          if (cursor->Valid() && cursor->row() == target) continue;
          ++differences;
          Fault(what, QuadText(q) + ", " + KeyText(from, q) + "; absent: " + KeyText(to, q));
        }
      }
      Ok(it->status(), "reading an index");
    };
    one_way(perm, ref, name + " holds quads that " + ref_name + " lacks");
    one_way(ref, perm, name + " lacks quads that " + ref_name + " holds");
    // Blocks that overlap may hold a row twice, which the fingerprint counts
    // twice; malformed blocks were left out of it. Both are reported.
    const bool explained = malformed_[pi] || malformed_[ri] || disordered_[pi] || disordered_[ri];
    if (differences == 0 && fingerprints_[pi] != fingerprints_[ri] && !explained) {
      Fault(name + ": fingerprint differs from " + ref_name + " but every key matches (a checker bug)",
            std::to_string(fingerprints_[pi].count) + " vs " + std::to_string(fingerprints_[ri].count) +
                " keys");
    }
  }

  // id2term and term2id must be inverse to each other.
  void CheckDictionary() {
    Fingerprint by_id, by_key;
    {
      auto it = NewScan(raw_.id2term);
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        const rocksdb::Slice k = it->key();
        const std::string_view term(it->value().data(), it->value().size());
        if (k.size() != 8) {
          Fault("id2term: malformed keys (not 8 bytes)", "key 0x" + HexBytes(std::string_view(k.data(), k.size())));
          continue;
        }
        const Id id = GetBigEndian64(k.data());
        ++report_.dictionary_terms;
        by_id.AddEntry(id, term);
        Term t;
        if (!InDictionary(id)) {
          Fault("id2term: entries whose id is not a dictionary id", IdText(id) + " " + TermKeyText(term));
        } else if (PayloadOf(id) == 0 || PayloadOf(id) >= next_dict_) {
          Fault("id2term: ids at or beyond next_dictionary_seq (" + std::to_string(next_dict_) + ")",
                IdText(id) + " " + TermKeyText(term));
        }
        if (!DecodeDictionaryKey(term, &t)) {
          Fault("id2term: terms that do not decode", IdText(id) + " value 0x" + HexBytes(term.substr(0, 64)));
        } else if (InDictionary(id) && (t.kind == TermKind::kIri) != (TagOf(id) == kTagIri)) {
          Fault("id2term: terms whose kind does not match their id's tag", IdText(id) + " " + TermKeyText(term));
        }
      }
      Ok(it->status(), "reading id2term");
    }
    std::uint64_t term2id_entries = 0;
    {
      auto it = NewScan(raw_.term2id);
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        const std::string_view key(it->key().data(), it->key().size());
        if (it->value().size() != 8) {
          Fault("term2id: malformed values (not 8 bytes)", TermKeyText(key));
          continue;
        }
        ++term2id_entries;
        by_key.AddEntry(GetBigEndian64(it->value().data()), key);
      }
      Ok(it->status(), "reading term2id");
    }
    if (by_id == by_key && !options_.compare_all_keys) return;

    std::uint64_t differences = 0;
    {
      auto it = NewScan(raw_.id2term);
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        if (it->key().size() != 8) continue;
        const Id id = GetBigEndian64(it->key().data());
        const std::string_view term(it->value().data(), it->value().size());
        std::string value;
        if (!Get(raw_.term2id, term, &value, "reading term2id")) {
          ++differences;
          Fault("term2id lacks terms that id2term holds", IdText(id) + " " + TermKeyText(term));
        } else if (value.size() != 8) {
          ++differences;  // reported by the scan of term2id as malformed
        } else if (GetBigEndian64(value.data()) != id) {
          ++differences;
          Fault("term2id maps terms to another id than id2term does",
                TermKeyText(term) + ": id2term has " + IdText(id) + ", term2id has " +
                    IdText(GetBigEndian64(value.data())));
        }
      }
      Ok(it->status(), "reading id2term");
    }
    {
      auto it = NewScan(raw_.term2id);
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        if (it->value().size() != 8) continue;
        const std::string_view key(it->key().data(), it->key().size());
        const Id id = GetBigEndian64(it->value().data());
        char id_key[8];
        PutBigEndian64(id_key, id);
        std::string term;
        if (!Get(raw_.id2term, std::string_view(id_key, 8), &term, "reading id2term")) {
          ++differences;
          Fault("id2term lacks ids that term2id holds", IdText(id) + " " + TermKeyText(key));
        } else if (term != key) {
          ++differences;
          Fault("id2term maps ids to another term than term2id does",
                IdText(id) + ": term2id has it for " + TermKeyText(key) + ", id2term for " +
                    TermKeyText(term));
        }
      }
      Ok(it->status(), "reading term2id");
    }
    if (differences == 0 && !(by_id == by_key)) {
      Fault("dictionary: fingerprints of id2term and term2id differ but every entry matches (a checker bug)",
            std::to_string(report_.dictionary_terms) + " vs " + std::to_string(term2id_entries) + " entries");
    }
  }

  // The stats column family against the recount.
  void CheckStatistics() {
    std::optional<std::uint64_t> total, dict;
    std::map<Id, PredicateCount> stored_predicates;
    std::map<Id, std::uint64_t> stored_graphs;
    auto it = NewScan(raw_.stats);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string_view k(it->key().data(), it->key().size());
      const std::string_view v(it->value().data(), it->value().size());
      auto malformed = [&] {
        Fault("stats: malformed entries", "key 0x" + HexBytes(k) + ", value of " + std::to_string(v.size()) + " bytes");
      };
      if (k.size() == 1 && (k[0] == kStatTotal || k[0] == kStatDict)) {
        if (v.size() != 8) {
          malformed();
          continue;
        }
        (k[0] == kStatTotal ? total : dict) = GetBigEndian64(v.data());
      } else if (k.size() == 9 && k[0] == kStatPredicate) {
        if (v.size() != 24) {
          malformed();
          continue;
        }
        stored_predicates[GetBigEndian64(k.data() + 1)] = {
            GetBigEndian64(v.data()), GetBigEndian64(v.data() + 8), GetBigEndian64(v.data() + 16)};
      } else if (k.size() == 9 && k[0] == kStatGraph) {
        if (v.size() != 8) {
          malformed();
          continue;
        }
        stored_graphs[GetBigEndian64(k.data() + 1)] = GetBigEndian64(v.data());
      } else {
        Fault("stats: unknown keys", "key 0x" + HexBytes(k));
      }
    }
    Ok(it->status(), "reading stats");

    const std::uint64_t quads = fingerprints_[0].count;
    if (total.value_or(0) != quads) {
      Fault("stats: the total quad count (T) differs from a recount of spog",
            "stats say " + (total ? std::to_string(*total) : std::string("nothing")) + ", spog holds " +
                std::to_string(quads));
    }
    if (dict.value_or(0) != report_.dictionary_terms) {
      Fault("stats: the dictionary term count (D) differs from a recount of id2term",
            "stats say " + (dict ? std::to_string(*dict) : std::string("nothing")) + ", id2term holds " +
                std::to_string(report_.dictionary_terms));
    }

    std::map<Id, PredicateCount> counted;
    for (const auto& [p, c] : predicates_) counted[p] = c;
    for (const auto& [p, n] : object_counts_) counted[p].objects = n;
    auto text = [](const PredicateCount& c) {
      return std::to_string(c.quads) + " quads, " + std::to_string(c.subjects) + " subjects, " +
             std::to_string(c.objects) + " objects";
    };
    MergeCompare(stored_predicates, counted, [&](Id p, const PredicateCount* stored,
                                                               const PredicateCount* recount) {
      if (stored == nullptr) {
        Fault("stats: predicates with quads but no statistics entry",
              Describe(p) + ": recount " + text(*recount));
      } else if (recount == nullptr) {
        Fault("stats: entries for predicates that have no quads", Describe(p) + ": stats say " + text(*stored));
      } else if (!(*stored == *recount)) {
        Fault("stats: predicate counts differ from a recount",
              Describe(p) + ": stats say " + text(*stored) + "; recount " + text(*recount));
      }
    });
    std::map<Id, std::uint64_t> graph_counts(graphs_.begin(), graphs_.end());
    MergeCompare(stored_graphs, graph_counts, [&](Id g, const std::uint64_t* stored,
                                                            const std::uint64_t* recount) {
      if (stored == nullptr) {
        Fault("stats: graphs with quads but no statistics entry",
              Describe(g) + ": recount " + std::to_string(*recount) + " quads");
      } else if (recount == nullptr) {
        Fault("stats: entries for graphs that have no quads",
              Describe(g) + ": stats say " + std::to_string(*stored) + " quads");
      } else if (*stored != *recount) {
        Fault("stats: graph quad counts differ from a recount",
              Describe(g) + ": stats say " + std::to_string(*stored) + ", recount " + std::to_string(*recount));
      }
    });
  }

  // Calls f(id, stored or null, recount or null) for every id of either map.
  template <typename V, typename F>
  static void MergeCompare(const std::map<Id, V>& stored, const std::map<Id, V>& recount, F f) {
    auto a = stored.begin();
    auto b = recount.begin();
    while (a != stored.end() || b != recount.end()) {
      if (b == recount.end() || (a != stored.end() && a->first < b->first)) {
        f(a->first, &a->second, nullptr);
        ++a;
      } else if (a == stored.end() || b->first < a->first) {
        f(b->first, nullptr, &b->second);
        ++b;
      } else {
        f(a->first, &a->second, &b->second);
        ++a;
        ++b;
      }
    }
  }

  // Scratch folders (see storage/README.md) survive a load that was killed;
  // they take disk space but are never read again.
  void NoteScratchFolders() {
    std::error_code ec;
    for (fs::directory_iterator it(store_.dir(), ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      std::error_code entry_ec;
      if (!it->is_directory(entry_ec)) continue;
      if (name.rfind("load-", 0) != 0 && name.rfind("ingest-", 0) != 0) continue;
      const std::uint64_t bytes = FolderBytes(it->path());
      report_.notes.push_back("scratch folder " + name + " (" + std::to_string(bytes) +
                              " bytes) is left from an interrupted load; it is never read, and is "
                              "removed the next time the database is opened for writing");
    }
  }

  const Store& store_;
  CheckOptions options_;
  Store::RawColumnFamilies raw_;
  SnapshotPtr snapshot_;
  std::size_t max_examples_;
  rocksdb::ReadOptions read_, scan_;
  std::uint64_t next_dict_ = ~std::uint64_t{0}, next_blank_ = ~std::uint64_t{0};
  std::array<Fingerprint, kNumPermutations> fingerprints_{};
  // Permutations with blocks that do not decode, and with blocks that begin
  // at or before the end of the block before them (set by the scan).
  std::array<bool, kNumPermutations> malformed_{}, disordered_{};
  std::unordered_map<Id, PredicateCount> predicates_;  // from spog
  std::unordered_map<Id, std::uint64_t> object_counts_;  // distinct objects, from posg
  std::unordered_map<Id, std::uint64_t> graphs_;         // from spog
  std::map<std::string, std::size_t> problem_index_;
  CheckReport report_;
};

}  // namespace

CheckReport CheckStore(const Store& store, const CheckOptions& options) {
  return Checker(store, options).Run();
}

}  // namespace corridor::storage
