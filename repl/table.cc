// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "repl/table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <numeric>
#include <ostream>

namespace corridor::repl {

std::string HumanBytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} {}", b, units[u]) : fmt::format("{:.1f} {}", b, units[u]);
}

std::string WithThousands(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}


namespace {

const std::map<std::string, std::string>::value_type* BestPrefix(
    const std::string& iri, const std::map<std::string, std::string>& prefixes) {
  const std::map<std::string, std::string>::value_type* best = nullptr;
  for (const auto& entry : prefixes) {
    if (!entry.second.empty() && iri.rfind(entry.second, 0) == 0 &&
        (!best || entry.second.size() > best->second.size())) {
      best = &entry;
    }
  }
  return best;
}

std::string CompactIri(const std::string& iri, const std::map<std::string, std::string>& prefixes) {
  if (const auto* best = BestPrefix(iri, prefixes)) {
    const std::string local = iri.substr(best->second.size());
    bool plain = local.empty() || local.back() != '.';
    for (char c : local) {
      plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
    }
    if (plain) return best->first + ":" + local;
  }
  return "<" + iri + ">";
}

// The first `n` code points of s.
std::string Cut(const std::string& s, std::size_t n) {
  std::size_t points = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (points == n) break;
      ++points;
    }
  }
  return s.substr(0, i);
}

}  // namespace

std::string CompactTerm(const Term& term, const std::map<std::string, std::string>& prefixes) {
  if (term.is_iri()) return CompactIri(term.value, prefixes);
  if (!term.is_literal()) return term.ToNTriples();
  if (term.language.empty()) {
    const std::string xsd(kXsd);
    if (term.datatype == xsd + "integer" || term.datatype == xsd + "decimal" ||
        term.datatype == xsd + "double" || term.datatype == xsd + "boolean") {
      return term.value;
    }
  }
  // N-Triples literal form, with the datatype compacted.
  std::string nt = term.ToNTriples();
  if (!term.language.empty() || term.datatype.empty() || term.datatype == kXsdString) return nt;
  const std::string suffix = "^^<" + term.datatype + ">";
  if (nt.size() >= suffix.size() && nt.compare(nt.size() - suffix.size(), suffix.size(), suffix) == 0) {
    const std::string compact = CompactIri(term.datatype, prefixes);
    if (compact[0] != '<') nt = nt.substr(0, nt.size() - suffix.size()) + "^^" + compact;
  }
  return nt;
}

std::size_t DisplayWidth(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void RenderTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                 const TableLayout& layout, std::ostream& out) {
  const std::size_t columns = header.size();
  std::vector<std::size_t> width(columns);
  for (std::size_t c = 0; c < columns; ++c) width[c] = DisplayWidth(header[c]);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < columns && c < row.size(); ++c) width[c] = std::max(width[c], DisplayWidth(row[c]));
  }
  if (layout.max_width > 0 && columns > 0) {
    const std::size_t separators = 3 * (columns - 1);
    constexpr std::size_t kMinColumn = 4;
    auto total = [&] { return std::accumulate(width.begin(), width.end(), separators); };
    while (total() > layout.max_width) {
      auto widest = std::max_element(width.begin(), width.end());
      if (*widest <= kMinColumn) break;
      --*widest;
    }
  }
  auto cell = [&](const std::string& s, std::size_t c) {
    if (DisplayWidth(s) <= width[c]) return s;
    return Cut(s, width[c] - 1) + "…";
  };
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t c = 0; c < columns; ++c) {
      if (c > 0) text += " | ";
      const std::string v = cell(c < row.size() ? row[c] : std::string(), c);
      text += v;
      if (c + 1 < columns) text.append(width[c] - DisplayWidth(v), ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  };
  line(header);
  std::string rule;
  for (std::size_t c = 0; c < columns; ++c) {
    if (c > 0) rule += "-+-";
    rule.append(width[c], '-');
  }
  out << rule << "\n";
  for (const auto& row : rows) line(row);
  const std::size_t total = std::max(layout.total_rows, rows.size());
  if (total > rows.size()) {
    out << "(" << rows.size() << " of " << total << " rows shown; .maxrows N to change)\n";
  } else {
    out << "(" << total << (total == 1 ? " row" : " rows") << ")\n";
  }
}

}  // namespace corridor::repl
