// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "repl/input.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace corridor::repl {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Length of the IRI reference starting at text[i] == '<', or 0 when the '<'
// is an operator (a space, quote or brace before the closing '>').
std::size_t IriLength(std::string_view text, std::size_t i) {
  for (std::size_t j = i + 1; j < text.size(); ++j) {
    const char c = text[j];
    if (c == '>') return j - i + 1;
    if (IsSpace(c) || c == '"' || c == '{' || c == '}' || c == '<' || c == '|' || c == '^' || c == '`') {
      return 0;
    }
  }
  return 0;
}

// Skips spaces and comments from i; returns the new position.
std::size_t SkipSpaceAndComments(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
    } else if (text[i] == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else {
      break;
    }
  }
  return i;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
         (static_cast<unsigned char>(c) & 0x80);
}

// Reads a keyword-like word at i (letters only); returns it upper-cased.
std::string WordAt(std::string_view text, std::size_t i) {
  std::size_t j = i;
  while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
  return Upper(text.substr(i, j - i));
}

// Walks the prologue (BASE and PREFIX declarations) and returns the position
// after it; prefixes found go to *out when out is not null.
std::size_t WalkPrologue(std::string_view text, std::vector<std::pair<std::string, std::string>>* out) {
  std::size_t i = SkipSpaceAndComments(text, 0);
  while (i < text.size()) {
    const std::string word = WordAt(text, i);
    if (word == "BASE") {
      std::size_t j = SkipSpaceAndComments(text, i + 4);
      if (j >= text.size() || text[j] != '<') return i;
      const std::size_t n = IriLength(text, j);
      if (n == 0) return i;
      i = SkipSpaceAndComments(text, j + n);
    } else if (word == "PREFIX") {
      std::size_t j = SkipSpaceAndComments(text, i + 6);
      std::size_t name_start = j;
      while (j < text.size() && IsNameChar(text[j])) ++j;
      if (j >= text.size() || text[j] != ':') return i;
      std::string name(text.substr(name_start, j - name_start));
      j = SkipSpaceAndComments(text, j + 1);
      if (j >= text.size() || text[j] != '<') return i;
      const std::size_t n = IriLength(text, j);
      if (n == 0) return i;
      if (out) out->emplace_back(std::move(name), std::string(text.substr(j + 1, n - 2)));
      i = SkipSpaceAndComments(text, j + n);
    } else {
      return i;
    }
  }
  return i;
}

}  // namespace

ScanState ScanSparql(std::string_view text) {
  ScanState s;
  std::size_t i = 0;
  bool last_semicolon = false;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    last_semicolon = false;
    if (c == '"' || c == '\'') {
      const bool long_string = text.substr(i, 3) == std::string(3, c);
      i += long_string ? 3 : 1;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '\\') {
          i += 2;
          continue;
        }
        if (long_string ? text.substr(i, 3) == std::string(3, c) : text[i] == c) {
          i += long_string ? 3 : 1;
          closed = true;
          break;
        }
        if (!long_string && text[i] == '\n') break;  // a short string cannot span lines
        ++i;
      }
      if (!closed && (long_string || i >= text.size())) {
        s.in_string = true;
        s.ends_with_semicolon = false;
        return s;
      }
      continue;
    }
    if (c == '<') {
      const std::size_t n = IriLength(text, i);
      i += n > 0 ? n : 1;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++s.depth;
    if (c == ')' || c == ']' || c == '}') --s.depth;
    if (c == ';') last_semicolon = true;
    ++i;
  }
  s.ends_with_semicolon = last_semicolon;
  return s;
}

std::optional<std::string> StatementBuffer::AddLine(std::string_view line) {
  const bool blank = std::all_of(line.begin(), line.end(), IsSpace);
  if (blank && text_.empty()) return std::nullopt;
  if (!blank) {
    if (!text_.empty()) text_ += '\n';
    text_.append(line);
  }
  const ScanState s = ScanSparql(text_);
  if (s.in_string || s.depth > 0) {
    if (blank) text_ += '\n';  // keep blank lines inside long strings
    return std::nullopt;
  }
  if (!s.ends_with_semicolon && !blank) return std::nullopt;
  std::string done = std::move(text_);
  text_.clear();
  if (s.ends_with_semicolon) {
    // Drop the final ';' (the last one outside comments).
    std::size_t pos = done.size();
    while (pos > 0) {
      pos = done.rfind(';', pos - 1);
      if (pos == std::string::npos) break;
      if (ScanSparql(std::string_view(done).substr(0, pos + 1)).ends_with_semicolon) {
        done.erase(pos, 1);
        break;
      }
      if (pos == 0) break;
    }
  }
  if (std::all_of(done.begin(), done.end(), IsSpace)) return std::nullopt;
  return done;
}

std::optional<std::string> StatementBuffer::Flush() {
  std::string done = std::move(text_);
  text_.clear();
  const std::size_t after = SkipSpaceAndComments(done, 0);
  if (after >= done.size()) return std::nullopt;
  return done;
}

std::vector<std::pair<std::string, std::string>> DeclaredPrefixes(std::string_view statement) {
  std::vector<std::pair<std::string, std::string>> out;
  WalkPrologue(statement, &out);
  return out;
}

bool IsPrologueOnly(std::string_view statement) {
  return SkipSpaceAndComments(statement, WalkPrologue(statement, nullptr)) >= statement.size();
}

bool IsUpdate(std::string_view statement) {
  const std::size_t i = WalkPrologue(statement, nullptr);
  static const std::set<std::string> kUpdateWords = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP",
                                                     "CREATE", "ADD",    "MOVE", "COPY",  "WITH"};
  return i < statement.size() && kUpdateWords.count(WordAt(statement, i)) > 0;
}

std::optional<DotCommandLine> ParseDotCommand(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && IsSpace(line[i])) ++i;
  if (i >= line.size() || line[i] != '.') return std::nullopt;
  DotCommandLine cmd;
  std::size_t j = i;
  while (j < line.size() && !IsSpace(line[j])) ++j;
  cmd.name = std::string(line.substr(i, j - i));
  while (j < line.size() && IsSpace(line[j])) ++j;
  cmd.rest = std::string(line.substr(j));
  while (!cmd.rest.empty() && IsSpace(cmd.rest.back())) cmd.rest.pop_back();
  std::size_t k = 0;
  const std::string& r = cmd.rest;
  while (k < r.size()) {
    while (k < r.size() && IsSpace(r[k])) ++k;
    if (k >= r.size()) break;
    std::string arg;
    if (r[k] == '"') {
      ++k;
      while (k < r.size() && r[k] != '"') arg += r[k++];
      ++k;
    } else {
      while (k < r.size() && !IsSpace(r[k])) arg += r[k++];
    }
    cmd.args.push_back(std::move(arg));
  }
  return cmd;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<std::string> Nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

const std::vector<std::string>& SparqlKeywords() {
  static const std::vector<std::string> kKeywords = {
      "ABS", "ADD", "ALL", "AS", "ASC", "ASK", "AVG", "BASE", "BIND", "BNODE", "BOUND", "BY",
      "CEIL", "CLEAR", "COALESCE", "CONCAT", "CONSTRUCT", "CONTAINS", "COPY", "COUNT", "CREATE",
      "DATATYPE", "DAY", "DEFAULT", "DELETE", "DESC", "DESCRIBE", "DISTINCT", "DROP", "ENCODE_FOR_URI",
      "EXISTS", "FILTER", "FLOOR", "FROM", "GRAPH", "GROUP", "GROUP_CONCAT", "HAVING", "HOURS", "IF",
      "IN", "INSERT", "INTO", "IRI", "ISBLANK", "ISIRI", "ISLITERAL", "ISNUMERIC", "ISURI", "LANG",
      "LANGMATCHES", "LCASE", "LIMIT", "LOAD", "MAX", "MD5", "MIN", "MINUS", "MINUTES", "MONTH",
      "MOVE", "NAMED", "NOT", "NOW", "OFFSET", "OPTIONAL", "ORDER", "PREFIX", "RAND", "REDUCED",
      "REGEX", "REPLACE", "ROUND", "SAMPLE", "SECONDS", "SELECT", "SEPARATOR", "SERVICE", "SHA1",
      "SHA256", "SILENT", "STR", "STRAFTER", "STRBEFORE", "STRDT", "STRENDS", "STRLANG", "STRLEN",
      "STRSTARTS", "SUBSTR", "SUM", "TIMEZONE", "TO", "UCASE", "UNDEF", "UNION", "USING", "VALUES",
      "WHERE", "WITH", "YEAR"};
  return kKeywords;
}

std::vector<std::string> CompletionCandidates(std::string_view word,
                                              const std::vector<std::string>& dot_commands,
                                              const std::map<std::string, std::string>& prefixes) {
  std::set<std::string> out;
  if (!word.empty() && word[0] == '.') {
    for (const auto& c : dot_commands) {
      if (c.rfind(word, 0) == 0) out.insert(c);
    }
    return {out.begin(), out.end()};
  }
  if (word.find(':') != std::string_view::npos) return {};
  const bool lower = !word.empty() && std::none_of(word.begin(), word.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c));
  });
  const std::string upper = Upper(word);
  for (const auto& k : SparqlKeywords()) {
    if (k.rfind(upper, 0) != 0) continue;
    if (lower) {
      std::string l = k;
      for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.insert(l);
    } else {
      out.insert(k);
    }
  }
  for (const auto& [name, iri] : prefixes) {
    if (name.rfind(word, 0) == 0) out.insert(name + ":");
  }
  return {out.begin(), out.end()};
}

}  // namespace corridor::repl
