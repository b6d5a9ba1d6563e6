// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "tests/conformance/result_sets.h"

#include <expat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "storage/rdf_reader.h"
#include "tests/conformance/isomorphism.h"
#include "tests/conformance/w3c_manifest.h"

namespace corridor::conformance {
namespace {

constexpr std::string_view kXsdPrefix = "http://www.w3.org/2001/XMLSchema#";
constexpr std::string_view kRs = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";

[[noreturn]] void Fail(const std::string& source, const std::string& what) {
  throw std::runtime_error(source + ": " + what);
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Parses `digits` hex digits at s[i], or returns false.
bool ParseHex(std::string_view s, std::size_t i, int digits, char32_t* out) {
  if (i + static_cast<std::size_t>(digits) > s.size()) return false;
  char32_t v = 0;
  for (int k = 0; k < digits; ++k) {
    const char c = s[i + static_cast<std::size_t>(k)];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<char32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<char32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<char32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  *out = v;
  return true;
}

// Splits a document into lines at LF (a CR before it is dropped); a final
// line break ends the last line rather than starting an empty one.
std::vector<std::string_view> Lines(std::string_view doc) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < doc.size()) {
    std::size_t end = doc.find('\n', start);
    if (end == std::string_view::npos) end = doc.size();
    std::string_view line = doc.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// ------------------------------------------------------------------- XML

struct SrxState {
  std::string source;
  std::string blank_prefix;
  SolutionSet set;
  bool in_results = false;
  bool saw_sparql = false;
  std::map<std::string, std::size_t> column;  // variable -> index
  std::optional<SolutionSet::Row> row;
  std::string binding;  // the <binding name> being read
  std::string element;  // uri, literal, bnode or boolean being read
  std::string text;
  std::string datatype, language;
  std::string error;
};

std::string LocalName(const char* name) {
  const std::string_view n(name);
  const auto colon = n.rfind(':');
  return std::string(colon == std::string_view::npos ? n : n.substr(colon + 1));
}

const char* Attribute(const char** attributes, std::string_view name) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (name == attributes[i]) return attributes[i + 1];
  }
  return nullptr;
}

void XMLCALL SrxStart(void* data, const char* name, const char** attributes) {
  auto& s = *static_cast<SrxState*>(data);
  const std::string local = LocalName(name);
  if (local == "sparql") {
    s.saw_sparql = true;
  } else if (local == "variable") {
    const char* var = Attribute(attributes, "name");
    if (var == nullptr) {
      s.error = "<variable> without name";
      return;
    }
    s.column[var] = s.set.variables.size();
    s.set.variables.emplace_back(var);
  } else if (local == "results") {
    s.in_results = true;
  } else if (local == "result") {
    s.row.emplace(s.set.variables.size());
  } else if (local == "binding") {
    const char* var = Attribute(attributes, "name");
    s.binding = var ? var : "";
  } else if (local == "uri" || local == "literal" || local == "bnode" || local == "boolean") {
    s.element = local;
    s.text.clear();
    const char* dt = Attribute(attributes, "datatype");
    const char* lang = Attribute(attributes, "xml:lang");
    s.datatype = dt ? dt : "";
    s.language = lang ? lang : "";
  }
}

void XMLCALL SrxEnd(void* data, const char* name) {
  auto& s = *static_cast<SrxState*>(data);
  const std::string local = LocalName(name);
  if (local == "result") {
    if (s.row) s.set.rows.push_back(std::move(*s.row));
    s.row.reset();
  } else if (local == "boolean") {
    std::string t = s.text;
    t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c); }),
            t.end());
    if (t != "true" && t != "false") s.error = "<boolean> is neither true nor false: " + t;
    s.set.boolean = t == "true";
    s.element.clear();
  } else if (local == "uri" || local == "literal" || local == "bnode") {
    Term term;
    if (local == "uri") {
      term = Term::Iri(s.text);
    } else if (local == "bnode") {
      term = Term::Blank(s.blank_prefix + s.text);
    } else if (!s.language.empty()) {
      term = Term::LangLiteral(s.text, s.language);
    } else if (!s.datatype.empty()) {
      term = Term::TypedLiteral(s.text, s.datatype);
    } else {
      term = Term::Literal(s.text);
    }
    s.element.clear();
    const auto it = s.column.find(s.binding);
    if (!s.row) {
      s.error = "a term outside <result>";
    } else if (it == s.column.end()) {
      s.error = "binding of undeclared variable '" + s.binding + "'";
    } else {
      (*s.row)[it->second] = std::move(term);
    }
  }
}

void XMLCALL SrxText(void* data, const char* text, int length) {
  auto& s = *static_cast<SrxState*>(data);
  if (!s.element.empty()) s.text.append(text, static_cast<std::size_t>(length));
}

// ------------------------------------------------------------------ JSON

struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;  // string value, or a number as written
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* Get(std::string_view key) const {
    for (const auto& [k, v] : members) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

class JsonParser {
 public:
  JsonParser(std::string_view doc, const std::string& source) : doc_(doc), source_(source) {}

  Json ParseDocument() {
    Json v = Value(0);
    SkipSpace();
    if (pos_ != doc_.size()) Error("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void Error(const std::string& what) {
    Fail(source_, "JSON: " + what + " at byte " + std::to_string(pos_));
  }
  void SkipSpace() {
    while (pos_ < doc_.size() && (doc_[pos_] == ' ' || doc_[pos_] == '\t' || doc_[pos_] == '\n' ||
                                  doc_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < doc_.size() && doc_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Consume(c)) Error(std::string("expected '") + c + "'");
  }
  bool Keyword(std::string_view word) {
    if (doc_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Json Value(int depth) {
    if (depth > 200) Error("nested too deeply");
    SkipSpace();
    if (pos_ >= doc_.size()) Error("unexpected end");
    Json v;
    const char c = doc_[pos_];
    if (c == '{') {
      ++pos_;
      v.kind = Json::Kind::kObject;
      if (Consume('}')) return v;
      do {
        SkipSpace();
        std::string key = String();
        Expect(':');
        v.members.emplace_back(std::move(key), Value(depth + 1));
      } while (Consume(','));
      Expect('}');
    } else if (c == '[') {
      ++pos_;
      v.kind = Json::Kind::kArray;
      if (Consume(']')) return v;
      do {
        v.items.push_back(Value(depth + 1));
      } while (Consume(','));
      Expect(']');
    } else if (c == '"') {
      v.kind = Json::Kind::kString;
      v.text = String();
    } else if (Keyword("true")) {
      v.kind = Json::Kind::kBool;
      v.boolean = true;
    } else if (Keyword("false")) {
      v.kind = Json::Kind::kBool;
    } else if (Keyword("null")) {
      v.kind = Json::Kind::kNull;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = Json::Kind::kNumber;
      const std::size_t start = pos_;
      while (pos_ < doc_.size() && std::string_view("+-0123456789.eE").find(doc_[pos_]) !=
                                       std::string_view::npos) {
        ++pos_;
      }
      v.text = std::string(doc_.substr(start, pos_ - start));
    } else {
      Error(std::string("unexpected character '") + c + "'");
    }
    return v;
  }

  std::string String() {
    if (pos_ >= doc_.size() || doc_[pos_] != '"') Error("expected a string");
    ++pos_;
    std::string out;
    while (true) {
      if (pos_ >= doc_.size()) Error("unterminated string");
      const char c = doc_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= doc_.size()) Error("unterminated escape");
      const char e = doc_[pos_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          char32_t cp = 0;
          if (!ParseHex(doc_, pos_, 4, &cp)) Error("bad \\u escape");
          pos_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
            char32_t low = 0;
            if (doc_.substr(pos_, 2) != "\\u" || !ParseHex(doc_, pos_ + 2, 4, &low) ||
                low < 0xDC00 || low > 0xDFFF) {
              Error("unpaired surrogate");
            }
            pos_ += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          Error(std::string("bad escape \\") + e);
      }
    }
  }

  std::string_view doc_;
  const std::string& source_;
  std::size_t pos_ = 0;
};

// ----------------------------------------------------------- TSV terms

class TsvTermParser {
 public:
  TsvTermParser(std::string_view field, const std::string& where, const std::string& blank_prefix)
      : s_(field), where_(where), blank_prefix_(blank_prefix) {}

  Term Parse() {
    if (s_.empty()) Error("empty term");
    Term t;
    if (s_[0] == '<') {
      t = Term::Iri(Iri());
    } else if (s_.starts_with("_:")) {
      t = Term::Blank(blank_prefix_ + std::string(s_.substr(2)));
      pos_ = s_.size();
    } else if (s_[0] == '"' || s_[0] == '\'') {
      std::string lexical = Quoted();
      if (pos_ < s_.size() && s_[pos_] == '@') {
        t = Term::LangLiteral(std::move(lexical), std::string(s_.substr(pos_ + 1)));
        pos_ = s_.size();
      } else if (s_.substr(pos_, 2) == "^^") {
        pos_ += 2;
        if (pos_ >= s_.size() || s_[pos_] != '<') Error("datatype is not an <IRI>");
        t = Term::TypedLiteral(std::move(lexical), Iri());
      } else {
        t = Term::Literal(std::move(lexical));
      }
    } else if (s_ == "true" || s_ == "false") {
      t = Term::TypedLiteral(std::string(s_), std::string(kXsdPrefix) + "boolean");
      pos_ = s_.size();
    } else {
      t = Number();
    }
    if (pos_ != s_.size()) Error("characters after the term");
    return t;
  }

 private:
  [[noreturn]] void Error(const std::string& what) {
    Fail(where_, what + " in TSV term '" + std::string(s_) + "'");
  }

  // Reads \uXXXX or \UXXXXXXXX after the backslash at pos_.
  void Uchar(std::string& out) {
    const char kind = s_[pos_ + 1];
    const int digits = kind == 'u' ? 4 : 8;
    char32_t cp = 0;
    if (!ParseHex(s_, pos_ + 2, digits, &cp)) Error("bad escape");
    AppendUtf8(out, cp);
    pos_ += 2 + static_cast<std::size_t>(digits);
  }

  std::string Iri() {
    ++pos_;  // '<'
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '>') {
      if (s_[pos_] == '\\' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == 'u' || s_[pos_ + 1] == 'U')) {
        Uchar(out);
      } else {
        out.push_back(s_[pos_++]);
      }
    }
    if (pos_ >= s_.size()) Error("unterminated IRI");
    ++pos_;
    return out;
  }

  std::string Quoted() {
    const char quote = s_[pos_];
    const bool long_form = s_.substr(pos_, 3) == std::string(3, quote);
    pos_ += long_form ? 3 : 1;
    std::string out;
    while (true) {
      if (pos_ >= s_.size()) Error("unterminated string");
      const char c = s_[pos_];
      if (c == quote && (!long_form || s_.substr(pos_, 3) == std::string(3, quote))) {
        pos_ += long_form ? 3 : 1;
        return out;
      }
      if (c != '\\') {
        out.push_back(c);
        ++pos_;
        continue;
      }
      if (pos_ + 1 >= s_.size()) Error("unterminated escape");
      const char e = s_[pos_ + 1];
      if (e == 'u' || e == 'U') {
        Uchar(out);
        continue;
      }
      static const std::string_view kFrom = "tbnrf\"'\\";
      static const std::string_view kTo = "\t\b\n\r\f\"'\\";
      const auto k = kFrom.find(e);
      if (k == std::string_view::npos) Error(std::string("bad escape \\") + e);
      out.push_back(kTo[k]);
      pos_ += 2;
    }
  }

  Term Number() {
    std::string_view n = s_;
    std::string_view body = n;
    if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
    const bool has_exponent = body.find_first_of("eE") != std::string_view::npos;
    const bool has_dot = body.find('.') != std::string_view::npos;
    bool digits = !body.empty();
    for (const char c : body) {
      digits = digits && (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' ||
                          c == 'E' || c == '+' || c == '-');
    }
    if (!digits || !std::isdigit(static_cast<unsigned char>(body.back()))) {
      Error("not a term");
    }
    pos_ = s_.size();
    const char* type = has_exponent ? "double" : has_dot ? "decimal" : "integer";
    return Term::TypedLiteral(std::string(n), std::string(kXsdPrefix) + type);
  }

  std::string_view s_;
  const std::string& where_;
  const std::string& blank_prefix_;
  std::size_t pos_ = 0;
};

// ------------------------------------------------------------------- CSV

// RFC 4180 records: fields separated by ',', records by CRLF or LF; a
// quoted field may hold commas, line breaks and "" for a quote.
std::vector<std::vector<std::string>> CsvRecords(std::string_view doc, const std::string& source) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  bool field_started = false;
  const auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    records.push_back(std::move(record));
    record.clear();
    field_started = false;
  };
  while (i < doc.size()) {
    const char c = doc[i];
    if (c == '"' && !field_started) {
      ++i;
      while (true) {
        if (i >= doc.size()) Fail(source, "unterminated quoted CSV field");
        if (doc[i] == '"') {
          if (i + 1 < doc.size() && doc[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(doc[i++]);
      }
      field_started = true;
      if (i < doc.size() && doc[i] != ',' && doc[i] != '\r' && doc[i] != '\n') {
        Fail(source, "characters after a quoted CSV field");
      }
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
      ++i;
    } else if (c == '\r' && i + 1 < doc.size() && doc[i + 1] == '\n') {
      end_record();
      i += 2;
    } else if (c == '\n') {
      end_record();
      ++i;
    } else {
      field.push_back(c);
      field_started = true;
      ++i;
    }
  }
  if (field_started || !record.empty()) end_record();
  return records;
}

// --------------------------------------------------------- RDF result set

struct GraphCollector : storage::QuadHandler {
  ManifestGraph graph;
  std::vector<Term> result_sets;
  void OnQuad(const storage::TermView& s, const storage::TermView& p, const storage::TermView& o,
              const storage::TermView*) override {
    Term subject = s.ToTerm();
    Term object = o.ToTerm();
    if (p.value == std::string(kRdf) + "type" && object.is_iri() &&
        object.value == std::string(kRs) + "ResultSet") {
      result_sets.push_back(subject);
    }
    graph.Add(std::move(subject), p.ToTerm(), std::move(object));
  }
};

std::string TermKey(const Term& t) {
  return t.ToNTriples();
}

// For numeric literals, a key of the datatype and the value (so that "2"
// and "2.0" as xsd:decimal, or "2E-1" and "2.0E-1" as xsd:double, agree);
// other terms: their N-Triples form. Only used to explain differences.
std::string ValueKey(const Term& t) {
  if (!t.is_literal() || !t.datatype.starts_with(kXsdPrefix)) return TermKey(t);
  const std::string type = t.datatype.substr(kXsdPrefix.size());
  if (type == "double" || type == "float") {
    char* end = nullptr;
    const double v = std::strtod(t.value.c_str(), &end);
    if (end == t.value.c_str() || *end != '\0') return TermKey(t);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return type + ":" + buffer;
  }
  static const char* const kDecimalTypes[] = {
      "decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger",
      "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt",
      "unsignedLong", "unsignedShort", "unsignedByte"};
  if (std::find(std::begin(kDecimalTypes), std::end(kDecimalTypes), type) ==
      std::end(kDecimalTypes)) {
    return TermKey(t);
  }
  std::string v = t.value;
  std::string sign;
  if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
    if (v[0] == '-') sign = "-";
    v.erase(0, 1);
  }
  if (v.empty() || v.find_first_not_of("0123456789.") != std::string::npos ||
      std::count(v.begin(), v.end(), '.') > 1) {
    return TermKey(t);
  }
  if (v.find('.') != std::string::npos) {
    while (v.back() == '0') v.pop_back();
    if (v.back() == '.') v.pop_back();
  }
  const auto first = v.find_first_not_of('0');
  v = first == std::string::npos || v[first] == '.' ? "0" + v.substr(first == std::string::npos ? v.size() : first)
                                                    : v.substr(first);
  if (v == "0") sign.clear();
  return type + ":" + sign + v;
}

// Rewrites every numeric literal's lexical form into the canonical one of
// its value (ValueKey), keeping its datatype.
void CanonicalNumbers(SolutionSet* set) {
  for (auto& row : set->rows) {
    for (auto& t : row) {
      if (!t || !t->is_literal()) continue;
      const std::string key = ValueKey(*t);
      if (key == TermKey(*t)) continue;  // not a number ValueKey understands
      t->value = key.substr(key.find(':') + 1);
    }
  }
}

std::string RowValueKey(const SolutionSet::Row& row) {
  std::string key;
  for (const auto& t : row) {
    key += t ? (t->is_blank() ? std::string("_:*") : ValueKey(*t)) : std::string("UNDEF");
    key.push_back('\t');
  }
  return key;
}

// A row for messages and diffs, blank nodes shown as _:* when `hide_blanks`.
std::string RowKey(const SolutionSet::Row& row, bool hide_blanks) {
  std::string key;
  for (const auto& t : row) {
    if (!key.empty()) key.push_back(' ');
    if (!t) {
      key += "UNDEF";
    } else if (hide_blanks && t->is_blank()) {
      key += "_:*";
    } else {
      key += TermKey(*t);
    }
  }
  return key;
}

void LowerDoubleCase(SolutionSet* set) {
  for (auto& row : set->rows) {
    for (auto& t : row) {
      if (!t || !t->is_literal()) continue;
      if (t->datatype != std::string(kXsdPrefix) + "double" &&
          t->datatype != std::string(kXsdPrefix) + "float") {
        continue;
      }
      for (char& c : t->value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
}

std::string VariableList(const std::vector<std::string>& vars) {
  std::string out;
  for (const auto& v : vars) out += (out.empty() ? "?" : " ?") + v;
  return out.empty() ? "(none)" : out;
}

}  // namespace

SolutionSet SolutionSet::Reordered(const std::vector<std::string>& order) const {
  SolutionSet out;
  out.variables = order;
  out.boolean = boolean;
  std::vector<std::optional<std::size_t>> from;
  for (const auto& v : order) {
    const auto it = std::find(variables.begin(), variables.end(), v);
    from.push_back(it == variables.end()
                       ? std::nullopt
                       : std::optional<std::size_t>(static_cast<std::size_t>(it - variables.begin())));
  }
  for (std::size_t c = 0; c < variables.size(); ++c) {
    if (std::find(order.begin(), order.end(), variables[c]) != order.end()) continue;
    for (const Row& row : rows) {
      if (row[c]) throw std::runtime_error("variable ?" + variables[c] + " is bound but not kept");
    }
  }
  for (const Row& row : rows) {
    Row r;
    for (const auto& f : from) r.push_back(f ? row[*f] : std::nullopt);
    out.rows.push_back(std::move(r));
  }
  return out;
}

std::string ReadFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

SolutionSet ReadSrx(std::string_view document, const std::string& source,
                    const std::string& blank_prefix) {
  SrxState state;
  state.source = source;
  state.blank_prefix = blank_prefix;
  std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                  XML_ParserFree);
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), SrxStart, SrxEnd);
  XML_SetCharacterDataHandler(parser.get(), SrxText);
  if (XML_Parse(parser.get(), document.data(), static_cast<int>(document.size()), 1) ==
      XML_STATUS_ERROR) {
    Fail(source, std::string("XML error at line ") +
                     std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                     XML_ErrorString(XML_GetErrorCode(parser.get())));
  }
  if (!state.error.empty()) Fail(source, state.error);
  if (!state.saw_sparql) Fail(source, "no <sparql> element");
  if (!state.set.boolean && !state.in_results) Fail(source, "neither <results> nor <boolean>");
  return std::move(state.set);
}

SolutionSet ReadSrj(std::string_view document, const std::string& source,
                    const std::string& blank_prefix) {
  const Json root = JsonParser(document, source).ParseDocument();
  if (root.kind != Json::Kind::kObject) Fail(source, "the document is not a JSON object");
  SolutionSet set;
  if (const Json* head = root.Get("head"); head != nullptr) {
    if (const Json* vars = head->Get("vars"); vars != nullptr) {
      for (const Json& v : vars->items) {
        if (v.kind != Json::Kind::kString) Fail(source, "a head.vars entry is not a string");
        set.variables.push_back(v.text);
      }
    }
  }
  if (const Json* b = root.Get("boolean"); b != nullptr) {
    if (b->kind != Json::Kind::kBool) Fail(source, "\"boolean\" is not true or false");
    set.boolean = b->boolean;
    return set;
  }
  const Json* results = root.Get("results");
  const Json* bindings = results ? results->Get("bindings") : nullptr;
  if (bindings == nullptr || bindings->kind != Json::Kind::kArray) {
    Fail(source, "neither results.bindings nor boolean");
  }
  for (const Json& solution : bindings->items) {
    SolutionSet::Row row(set.variables.size());
    for (const auto& [name, value] : solution.members) {
      const auto it = std::find(set.variables.begin(), set.variables.end(), name);
      if (it == set.variables.end()) Fail(source, "binding of undeclared variable '" + name + "'");
      const Json* type = value.Get("type");
      const Json* lexical = value.Get("value");
      if (type == nullptr || lexical == nullptr) Fail(source, "a binding without type or value");
      Term term;
      if (type->text == "uri") {
        term = Term::Iri(lexical->text);
      } else if (type->text == "bnode") {
        term = Term::Blank(blank_prefix + lexical->text);
      } else if (type->text == "literal" || type->text == "typed-literal") {
        const Json* lang = value.Get("xml:lang");
        const Json* datatype = value.Get("datatype");
        if (lang != nullptr) {
          term = Term::LangLiteral(lexical->text, lang->text);
        } else if (datatype != nullptr) {
          term = Term::TypedLiteral(lexical->text, datatype->text);
        } else {
          term = Term::Literal(lexical->text);
        }
      } else {
        Fail(source, "unknown term type '" + type->text + "'");
      }
      row[static_cast<std::size_t>(it - set.variables.begin())] = std::move(term);
    }
    set.rows.push_back(std::move(row));
  }
  return set;
}

SolutionSet ReadTsv(std::string_view document, const std::string& source,
                    const std::string& blank_prefix) {
  const std::vector<std::string_view> lines = Lines(document);
  if (lines.empty()) Fail(source, "no header line");
  SolutionSet set;
  auto split = [](std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) return fields;
      start = tab + 1;
    }
  };
  if (!lines[0].empty()) {
    for (std::string_view v : split(lines[0])) {
      if (v.empty() || (v[0] != '?' && v[0] != '$')) Fail(source, "header field is not a ?variable");
      set.variables.emplace_back(v.substr(1));
    }
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string where = source + ":" + std::to_string(i + 1);
    if (set.variables.empty()) {
      if (!lines[i].empty()) Fail(where, "a value without variables");
      set.rows.emplace_back();
      continue;
    }
    const auto fields = split(lines[i]);
    if (fields.size() != set.variables.size()) {
      Fail(where, std::to_string(fields.size()) + " fields for " +
                      std::to_string(set.variables.size()) + " variables");
    }
    SolutionSet::Row row;
    for (std::string_view f : fields) {
      // Surrounding spaces are not part of a term.
      while (!f.empty() && f.front() == ' ') f.remove_prefix(1);
      while (!f.empty() && f.back() == ' ') f.remove_suffix(1);
      if (f.empty()) {
        row.emplace_back();
      } else {
        row.emplace_back(TsvTermParser(f, where, blank_prefix).Parse());
      }
    }
    set.rows.push_back(std::move(row));
  }
  return set;
}

SolutionSet ReadCsv(std::string_view document, const std::string& source,
                    const std::string& blank_prefix) {
  const auto records = CsvRecords(document, source);
  if (records.empty()) Fail(source, "no header line");
  SolutionSet set;
  if (!(records[0].size() == 1 && records[0][0].empty())) set.variables = records[0];
  for (std::size_t i = 1; i < records.size(); ++i) {
    if (set.variables.empty()) {
      set.rows.emplace_back();
      continue;
    }
    if (records[i].size() != set.variables.size()) {
      Fail(source + ":" + std::to_string(i + 1),
           std::to_string(records[i].size()) + " fields for " +
               std::to_string(set.variables.size()) + " variables");
    }
    SolutionSet::Row row;
    for (const std::string& f : records[i]) {
      if (f.empty()) {
        row.emplace_back();
      } else if (f.starts_with("_:")) {
        row.emplace_back(Term::Blank(blank_prefix + f.substr(2)));
      } else {
        row.emplace_back(Term::Literal(f));
      }
    }
    set.rows.push_back(std::move(row));
  }
  return set;
}

std::optional<SolutionSet> ReadRdfResultSet(const std::filesystem::path& path,
                                            const std::string& base,
                                            const std::string& blank_prefix) {
  GraphCollector collector;
  storage::ReaderOptions options;
  options.format = storage::FormatFromPath(path).value_or(RdfFormat::kTurtle);
  options.base = base;
  options.blank_prefix = blank_prefix;
  storage::ReadRdfFile(path, options, collector);
  if (collector.result_sets.empty()) return std::nullopt;
  const std::string source = path.string();
  if (collector.result_sets.size() > 1) Fail(source, "more than one rs:ResultSet");
  const ManifestGraph& g = collector.graph;
  const Term& rs = collector.result_sets.front();
  const std::string ns(kRs);
  SolutionSet set;
  if (const Term* b = g.Object(rs, ns + "boolean")) {
    set.boolean = b->value == "true" || b->value == "1";
    return set;
  }
  for (const Term* v : g.Objects(rs, ns + "resultVariable")) set.variables.push_back(v->value);
  std::vector<std::pair<long, SolutionSet::Row>> indexed;
  for (const Term* solution : g.Objects(rs, ns + "solution")) {
    SolutionSet::Row row(set.variables.size());
    for (const Term* binding : g.Objects(*solution, ns + "binding")) {
      const Term* var = g.Object(*binding, ns + "variable");
      const Term* value = g.Object(*binding, ns + "value");
      if (var == nullptr || value == nullptr) Fail(source, "rs:binding without variable or value");
      const auto it = std::find(set.variables.begin(), set.variables.end(), var->value);
      if (it == set.variables.end()) {
        Fail(source, "binding of undeclared variable '" + var->value + "'");
      }
      row[static_cast<std::size_t>(it - set.variables.begin())] = *value;
    }
    const Term* index = g.Object(*solution, ns + "index");
    indexed.emplace_back(index ? std::stol(index->value) : 0, std::move(row));
  }
  // The graph holds solutions in no order; rs:index gives it where stated.
  std::stable_sort(indexed.begin(), indexed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [index, row] : indexed) set.rows.push_back(std::move(row));
  return set;
}

std::string RowToString(const std::vector<std::string>& variables, const SolutionSet::Row& row) {
  std::string out;
  for (std::size_t i = 0; i < variables.size() && i < row.size(); ++i) {
    if (!out.empty()) out.push_back(' ');
    out += "?" + variables[i] + "=" + (row[i] ? TermKey(*row[i]) : std::string("UNDEF"));
  }
  return out.empty() ? "(empty row)" : out;
}

bool SameResults(const SolutionSet& expected, const SolutionSet& actual_in,
                 const CompareOptions& options, std::string* why) {
  auto fail = [&](std::string text) {
    if (why != nullptr) *why = std::move(text);
    return false;
  };
  if (expected.boolean || actual_in.boolean) {
    if (!expected.boolean) return fail("expected solutions, got a boolean");
    if (!actual_in.boolean) return fail("expected a boolean, got solutions");
    if (*expected.boolean != *actual_in.boolean) {
      return fail(std::string("expected ") + (*expected.boolean ? "true" : "false") + ", got " +
                  (*actual_in.boolean ? "true" : "false"));
    }
    return true;
  }
  {
    std::vector<std::string> e = expected.variables, a = actual_in.variables;
    std::sort(e.begin(), e.end());
    std::sort(a.begin(), a.end());
    if (e != a) {
      return fail("variables differ: expected " + VariableList(expected.variables) + ", got " +
                  VariableList(actual_in.variables));
    }
  }
  SolutionSet want = expected;
  SolutionSet got = actual_in.Reordered(expected.variables);
  if (options.loose_double_case) {
    LowerDoubleCase(&want);
    LowerDoubleCase(&got);
  }
  if (options.numbers_by_value) {
    CanonicalNumbers(&want);
    CanonicalNumbers(&got);
  }
  if (!IsomorphicSolutions(want.rows, got.rows)) {
    // Rows only on one side, with blank nodes hidden (so that this names the
    // rows that differ beyond labels).
    std::multiset<std::string> only_expected, only_actual;
    std::map<std::string, const SolutionSet::Row*> by_key;
    for (const auto& r : want.rows) {
      only_expected.insert(RowKey(r, true));
      by_key.emplace("e" + RowKey(r, true), &r);
    }
    for (const auto& r : got.rows) {
      const std::string key = RowKey(r, true);
      if (auto it = only_expected.find(key); it != only_expected.end()) {
        only_expected.erase(it);
      } else {
        only_actual.insert(key);
        by_key.emplace("a" + key, &r);
      }
    }
    std::string text = "expected " + std::to_string(want.rows.size()) + " rows, got " +
                       std::to_string(got.rows.size());
    auto list = [&](const std::multiset<std::string>& keys, char side, const char* title) {
      if (keys.empty()) return;
      text += "; " + std::to_string(keys.size()) + " " + title + ":";
      int shown = 0;
      for (const auto& key : keys) {
        if (++shown > 4) {
          text += " ...";
          break;
        }
        text += " [" + RowToString(want.variables, *by_key.at(side + key)) + "]";
      }
    };
    list(only_expected, 'e', "only expected");
    list(only_actual, 'a', "only in actual");
    if (!only_expected.empty() && only_expected.size() == only_actual.size()) {
      std::multiset<std::string> e, a;
      for (const auto& key : only_expected) e.insert(RowValueKey(*by_key.at('e' + key)));
      for (const auto& key : only_actual) a.insert(RowValueKey(*by_key.at('a' + key)));
      if (e == a) {
        text += "; these rows differ only in the lexical forms of equal numbers";
      }
    }
    if (only_expected.empty() && only_actual.empty()) {
      text += "; the rows agree up to blank node labels, but no one bijection of blank nodes "
              "maps all rows";
    }
    return fail(text);
  }
  // Order: the sequence of the ordered keys must agree row by row.
  std::vector<std::size_t> key_columns;
  for (const auto& v : options.order.variables) {
    const auto it = std::find(want.variables.begin(), want.variables.end(), v);
    if (it == want.variables.end()) break;  // not projected: nothing to check from here on
    key_columns.push_back(static_cast<std::size_t>(it - want.variables.begin()));
  }
  for (std::size_t i = 0; i < want.rows.size() && !key_columns.empty(); ++i) {
    for (const std::size_t c : key_columns) {
      const auto& e = want.rows[i][c];
      const auto& a = got.rows[i][c];
      const bool same = (!e && !a) || (e && a && (*e == *a || (e->is_blank() && a->is_blank())));
      if (!same) {
        return fail("same rows, wrong order: row " + std::to_string(i + 1) + " has ?" +
                    want.variables[c] + "=" + (a ? TermKey(*a) : "UNDEF") + ", expected " +
                    (e ? TermKey(*e) : "UNDEF") + " [expected row " +
                    RowToString(want.variables, want.rows[i]) + "; actual row " +
                    RowToString(want.variables, got.rows[i]) + "]");
      }
    }
  }
  return true;
}

}  // namespace corridor::conformance
