// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Rendering of result rows as aligned text tables, and compact term forms
// for them. Pure functions: no terminal needed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "corridor/term.h"

namespace corridor::repl {

// "1.5 MiB": a byte count with a binary unit (whole bytes below 1 KiB).
std::string HumanBytes(double bytes);
// "1,234,567": a count with thousands separators.
std::string WithThousands(std::uint64_t n);

// A term as the shell shows it: a prefixed name when a declared prefix fits
// (the longest namespace wins; the local part must be a plain name), bare
// integers, decimals, doubles and booleans, plain strings in quotes,
// everything else in N-Triples form (datatype compacted when a prefix fits).
std::string CompactTerm(const Term& term, const std::map<std::string, std::string>& prefixes);

// Number of terminal columns a UTF-8 string takes (one per code point).
std::size_t DisplayWidth(const std::string& s);

struct TableLayout {
  // Total width to fit in; 0: no limit (cells are never cut).
  std::size_t max_width = 0;
  // Rows actually produced by the query; when larger than rows.size(), the
  // footer says how many were held back. 0: rows.size().
  std::size_t total_rows = 0;
};

// Writes header, a rule, the rows, and a footer "(N rows)". Columns are as
// wide as their widest cell; when the table is wider than max_width, the
// widest columns are narrowed (not below 4 columns) and cut cells end in "…".
void RenderTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                 const TableLayout& layout, std::ostream& out);

}  // namespace corridor::repl
