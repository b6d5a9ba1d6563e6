// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The readers run serd (strict mode) over a byte source of our own, which
//  - reads plain or gzip files (detected by magic bytes) or memory,
//  - rejects what serd would let through at the byte level: NUL bytes and
//    invalid UTF-8 anywhere (comments included), and for N-Triples/N-Quads
//    the line structure (one statement per line, terms of the right kind),
//  - and hands serd only the bytes before the first such error, so that
//    everything before it is parsed (and reported) in document order.
// The statement sink resolves relative IRIs (RFC 3986, our own resolver),
// expands prefixed names, normalises literals, and checks what serd decodes
// but does not check (escaped surrogates, escaped characters that are not
// allowed in IRIs, empty language subtags).
//
// serd tells positions only in its error messages. For errors found in a
// sink (where serd's cursor is not visible) the document is read a second
// time, one byte per serd page, up to the failing callback: the bytes given
// to serd then tell exactly how far it has read. Errors are rare, so this
// slow second pass costs nothing in the normal case.
#include "storage/rdf_reader.h"

#include <fcntl.h>
#include <serd/serd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <utility>
#include <vector>

namespace corridor::storage {

LoadError::LoadError(Kind kind, std::string source, std::uint64_t line, std::uint64_t column,
                     std::string message)
    : std::runtime_error(line == 0 ? source + ": " + message
                                   : source + ":" + std::to_string(line) + ":" +
                                         std::to_string(column) + ": " + message),
      kind_(kind),
      source_(std::move(source)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

Term TermView::ToTerm() const {
  Term t;
  t.kind = kind;
  t.value.assign(value);
  t.datatype.assign(datatype);
  t.language.assign(language);
  return t;
}

namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::optional<RdfFormat> FormatFromName(std::string_view name) {
  const std::string n = AsciiLower(name);
  if (n == "nt" || n == "ntriples" || n == "n-triples") return RdfFormat::kNTriples;
  if (n == "nq" || n == "nquads" || n == "n-quads") return RdfFormat::kNQuads;
  if (n == "ttl" || n == "turtle") return RdfFormat::kTurtle;
  if (n == "trig") return RdfFormat::kTriG;
  return std::nullopt;
}

std::optional<RdfFormat> FormatFromPath(const std::filesystem::path& path) {
  std::string name = AsciiLower(path.filename().string());
  if (name.size() > 3 && name.ends_with(".gz")) name.resize(name.size() - 3);
  const auto dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) return std::nullopt;
  return FormatFromName(std::string_view(name).substr(dot + 1));
}

namespace {

std::string_view View(const SerdNode& n) {
  return {reinterpret_cast<const char*>(n.buf), n.n_bytes};
}
std::string_view View(const SerdChunk& c) {
  return {reinterpret_cast<const char*>(c.buf), c.len};
}

// ---------------------------------------------------------------------------
// IRI references (RFC 3986 section 5.2).

struct IriParts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_scheme = false, has_authority = false, has_query = false, has_fragment = false;
};

// The length of the scheme (without ':') when `s` starts with one, else 0.
std::size_t SchemeLength(std::string_view s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return i;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '+' || c == '-' || c == '.')) {
      return 0;
    }
  }
  return 0;
}

IriParts SplitIri(std::string_view s) {
  IriParts p;
  if (const std::size_t n = SchemeLength(s)) {
    p.has_scheme = true;
    p.scheme = s.substr(0, n);
    s.remove_prefix(n + 1);
  }
  if (const auto hash = s.find('#'); hash != std::string_view::npos) {
    p.has_fragment = true;
    p.fragment = s.substr(hash + 1);
    s = s.substr(0, hash);
  }
  if (const auto q = s.find('?'); q != std::string_view::npos) {
    p.has_query = true;
    p.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  if (s.starts_with("//")) {
    p.has_authority = true;
    s.remove_prefix(2);
    const auto slash = s.find('/');
    p.authority = s.substr(0, slash);
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  p.path = s;
  return p;
}

// Appends remove_dot_segments(in) to *out (RFC 3986 section 5.2.4).
void AppendWithoutDotSegments(std::string_view in, std::string* out) {
  const std::size_t floor = out->size();
  auto pop_segment = [&] {
    const auto slash = out->rfind('/');
    out->resize(slash == std::string::npos || slash < floor ? floor : slash);
  };
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../")) {
      in.remove_prefix(3);
      pop_segment();
    } else if (in == "/..") {
      in = "/";
      pop_segment();
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const auto next = in.find('/', 1);
      const std::size_t n = next == std::string_view::npos ? in.size() : next;
      out->append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
}

// An absolute base IRI and the resolution of references against it.
class BaseIri {
 public:
  bool empty() const { return iri_.empty(); }
  const std::string& iri() const { return iri_; }

  // REQUIRES: `absolute` has a scheme.
  void Set(std::string_view absolute) {
    iri_.assign(absolute);
    parts_ = SplitIri(iri_);
  }

  // Writes the resolution of the relative reference `ref` to *out.
  // REQUIRES: !empty(), `ref` has no scheme.
  void Resolve(std::string_view ref, std::string* out) const {
    const IriParts r = SplitIri(ref);
    out->clear();
    out->append(parts_.scheme);
    out->push_back(':');
    std::string_view query = r.query;
    bool has_query = r.has_query;
    if (r.has_authority) {
      out->append("//");
      out->append(r.authority);
      AppendWithoutDotSegments(r.path, out);
    } else {
      if (parts_.has_authority) {
        out->append("//");
        out->append(parts_.authority);
      }
      if (r.path.empty()) {
        out->append(parts_.path);
        if (!r.has_query) {
          query = parts_.query;
          has_query = parts_.has_query;
        }
      } else if (r.path[0] == '/') {
        AppendWithoutDotSegments(r.path, out);
      } else {
        merged_.clear();
        if (parts_.has_authority && parts_.path.empty()) {
          merged_.push_back('/');
        } else {
          const auto slash = parts_.path.rfind('/');
          if (slash != std::string_view::npos) merged_.append(parts_.path.substr(0, slash + 1));
        }
        merged_.append(r.path);
        AppendWithoutDotSegments(merged_, out);
      }
    }
    if (has_query) {
      out->push_back('?');
      out->append(query);
    }
    if (r.has_fragment) {
      out->push_back('#');
      out->append(r.fragment);
    }
  }

 private:
  std::string iri_;
  IriParts parts_;
  mutable std::string merged_;
};

// ---------------------------------------------------------------------------
// Checks on decoded values.

// Characters IRIREF forbids, whether written directly or as a \u escape.
bool IsForbiddenInIri(unsigned char c) {
  return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
         c == '^' || c == '`' || c == '\\';
}

// serd decodes \uD800-\uDFFF into (invalid) three-byte sequences ED A0-BF xx;
// raw input never contains them because it is validated as UTF-8 first.
bool HasSurrogate(std::string_view s) {
  const char* p = s.data();
  const char* end = p + s.size();
  while ((p = static_cast<const char*>(std::memchr(p, 0xED, end - p))) != nullptr) {
    if (p + 1 < end && static_cast<unsigned char>(p[1]) >= 0xA0) return true;
    ++p;
  }
  return false;
}

// LANGTAG ::= '@' [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*   (serd checks the characters)
bool IsValidLangTag(std::string_view tag) {
  if (tag.empty() || tag.front() == '-' || tag.back() == '-') return false;
  return tag.find("--") == std::string_view::npos;
}

// ---------------------------------------------------------------------------
// Positions.

struct Position {
  std::uint64_t line = 1;
  std::uint64_t column = 1;  // counted in bytes, like serd
  friend auto operator<=>(const Position&, const Position&) = default;
};

void Advance(Position* pos, unsigned char c) {
  if (c == '\n') {
    ++pos->line;
    pos->column = 1;
  } else {
    ++pos->column;
  }
}

// ---------------------------------------------------------------------------
// Byte input: a plain file, a gzip file, or memory.

class ByteInput {
 public:
  static std::unique_ptr<ByteInput> OpenFile(const std::filesystem::path& path,
                                             const std::string& name) {
    auto in = std::unique_ptr<ByteInput>(new ByteInput());
    in->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (in->fd_ < 0) {
      throw LoadError(LoadError::Kind::kIo, name, 0, 0,
                      std::string("cannot open: ") + std::strerror(errno));
    }
    struct stat st;
    if (::fstat(in->fd_, &st) != 0) {
      throw LoadError(LoadError::Kind::kIo, name, 0, 0,
                      std::string("cannot stat: ") + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
      throw LoadError(LoadError::Kind::kIo, name, 0, 0, "is a directory, not a file");
    }
    unsigned char magic[2] = {0, 0};
    ssize_t n;
    do {
      n = ::pread(in->fd_, magic, 2, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      throw LoadError(LoadError::Kind::kIo, name, 0, 0,
                      std::string("cannot read: ") + std::strerror(errno));
    }
    if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
      in->gz_ = gzdopen(in->fd_, "rb");
      if (in->gz_ == nullptr) {
        throw LoadError(LoadError::Kind::kIo, name, 0, 0, "cannot start gzip decompression");
      }
      in->fd_ = -1;  // owned by gz_ now
      gzbuffer(in->gz_, 256 * 1024);
    } else {
      ::posix_fadvise(in->fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    return in;
  }

  static std::unique_ptr<ByteInput> Memory(std::string_view bytes) {
    auto in = std::unique_ptr<ByteInput>(new ByteInput());
    in->memory_ = bytes;
    return in;
  }

  ~ByteInput() {
    if (gz_ != nullptr) gzclose(gz_);
    if (fd_ >= 0) ::close(fd_);
  }
  ByteInput(const ByteInput&) = delete;
  ByteInput& operator=(const ByteInput&) = delete;

  // Reads up to `n` bytes; fewer only at the end of the input. Returns -1 on
  // a read error, with error() describing it. Never throws.
  std::ptrdiff_t Read(unsigned char* buf, std::size_t n) {
    if (gz_ != nullptr) {
      std::size_t done = 0;
      while (done < n) {
        const unsigned want = static_cast<unsigned>(std::min<std::size_t>(n - done, 1u << 30));
        const int got = gzread(gz_, buf + done, want);
        if (got < 0) return GzFailure();
        if (got == 0) {
          int errnum = Z_OK;
          gzerror(gz_, &errnum);
          if (errnum != Z_OK) return GzFailure();
          break;
        }
        done += static_cast<std::size_t>(got);
      }
      return static_cast<std::ptrdiff_t>(done);
    }
    if (fd_ >= 0) {
      std::size_t done = 0;
      while (done < n) {
        const ssize_t got = ::read(fd_, buf + done, n - done);
        if (got < 0) {
          if (errno == EINTR) continue;
          error_ = std::string("read error: ") + std::strerror(errno);
          return -1;
        }
        if (got == 0) break;
        done += static_cast<std::size_t>(got);
        raw_offset_ += static_cast<std::uint64_t>(got);
      }
      return static_cast<std::ptrdiff_t>(done);
    }
    const std::size_t take = std::min(n, memory_.size() - memory_pos_);
    std::memcpy(buf, memory_.data() + memory_pos_, take);
    memory_pos_ += take;
    raw_offset_ = memory_pos_;
    return static_cast<std::ptrdiff_t>(take);
  }

  // Bytes consumed of the underlying (for gzip: compressed) input.
  std::uint64_t raw_offset() const {
    if (gz_ != nullptr) return static_cast<std::uint64_t>(gzoffset(gz_));
    return raw_offset_;
  }

  const std::string& error() const { return error_; }

 private:
  ByteInput() = default;

  std::ptrdiff_t GzFailure() {
    int errnum = Z_OK;
    const char* msg = gzerror(gz_, &errnum);
    error_ = errnum == Z_ERRNO ? std::string("read error: ") + std::strerror(errno)
                               : std::string("corrupt gzip data: ") + (msg ? msg : "unknown");
    return -1;
  }

  int fd_ = -1;
  gzFile gz_ = nullptr;
  std::string_view memory_;
  std::size_t memory_pos_ = 0;
  std::uint64_t raw_offset_ = 0;
  std::string error_;
};

// ---------------------------------------------------------------------------
// Byte-level validation, run ahead of serd.

// Length of the valid UTF-8 sequence starting at p[0] (>= 0x80), 0 when it is
// invalid, or -1 when it is a valid but incomplete prefix ending at `end`.
int Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = p[0];
  int n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (int i = 1; i < n; ++i) {
    if (p + i >= end) return -1;
    const unsigned char b = p[i];
    if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
  }
  return n;
}

bool HasHighByte(std::uint64_t w) { return (w & 0x8080808080808080ULL) != 0; }

// Finds NUL bytes outside string literals in Turtle and TriG (the grammar
// allows raw NUL only inside strings; serd would treat it as the end of a
// comment or skip it between statements), and collections / blank node
// property lists nested deeper than kMaxNesting (serd parses them by
// recursion, about 250 bytes of stack per level: 100,000 levels overflowed
// the stack and crashed the process). Tracks just enough of the lexical
// context for that: IRIs, the four kinds of strings, comments, and the
// backslash escapes of prefixed names.
class TurtleNulChecker {
 public:
  // Deepest accepted nesting of '(' and '[': about 250 KiB of serd's stack.
  static constexpr int kMaxNesting = 1000;

  // Returns the index of the first NUL outside a string or of the bracket
  // nested too deep (error() tells which), or n.
  std::size_t Scan(const unsigned char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char c = p[i];
      switch (state_) {
        case State::kNormal:
          if (c == 0) return i;
          if (c == '(' || c == '[') {
            if (++depth_ > kMaxNesting) {
              too_deep_ = true;
              return i;
            }
          } else if ((c == ')' || c == ']') && depth_ > 0) {
            --depth_;  // unbalanced brackets are serd's error to report
          } else if (c == '<') {
            state_ = State::kIri;
          } else if (c == '"' || c == '\'') {
            quote_ = c;
            state_ = State::kOpenQuote1;
          } else if (c == '#') {
            state_ = State::kComment;
          } else if (c == '\\') {
            state_ = State::kNameEscape;
          }
          break;
        case State::kNameEscape:
          if (c == 0) return i;
          state_ = State::kNormal;
          break;
        case State::kIri:
          while (i < n && p[i] != '>' && p[i] != 0) ++i;
          if (i == n) return n;
          if (p[i] == 0) return i;
          state_ = State::kNormal;
          break;
        case State::kComment:
          while (i < n && p[i] != '\n' && p[i] != '\r' && p[i] != 0) ++i;
          if (i == n) return n;
          if (p[i] == 0) return i;
          state_ = State::kNormal;
          break;
        case State::kOpenQuote1:  // after one quote
          if (c == quote_) {
            state_ = State::kOpenQuote2;
          } else {
            state_ = State::kShort;
            --i;  // c is the first character of the string
          }
          break;
        case State::kOpenQuote2:  // after two quotes: long string, or ""
          if (c == quote_) {
            state_ = State::kLong;
            quotes_ = 0;
          } else {
            state_ = State::kNormal;
            --i;
          }
          break;
        case State::kShort:
          while (i < n && p[i] != quote_ && p[i] != '\\' && p[i] != '\n' && p[i] != '\r') ++i;
          if (i == n) return n;
          if (p[i] == '\\') {
            state_ = State::kShortEscape;
          } else {
            state_ = State::kNormal;  // a line end is serd's error to report
          }
          break;
        case State::kShortEscape:
          state_ = State::kShort;
          break;
        case State::kLong:
          if (c == '\\') {
            quotes_ = 0;
            state_ = State::kLongEscape;
          } else if (c == quote_) {
            if (++quotes_ == 3) state_ = State::kNormal;
          } else {
            quotes_ = 0;
          }
          break;
        case State::kLongEscape:
          state_ = State::kLong;
          break;
      }
    }
    return n;
  }

  // Why Scan stopped early.
  std::string error() const {
    return too_deep_ ? "collections and blank node property lists nested deeper than " +
                           std::to_string(kMaxNesting) + " levels"
                     : "NUL byte outside a string literal";
  }

 private:
  enum class State {
    kNormal, kNameEscape, kIri, kComment, kOpenQuote1, kOpenQuote2, kShort, kShortEscape,
    kLong, kLongEscape,
  };
  State state_ = State::kNormal;
  unsigned char quote_ = 0;
  int quotes_ = 0;
  int depth_ = 0;
  bool too_deep_ = false;
};

// Checks the line structure of N-Triples and N-Quads: every statement on one
// line of its own, subject/predicate/object(/graph) of the allowed kinds.
// Token contents (escapes, IRI characters, label characters) are serd's job.
class LineStructureChecker {
 public:
  explicit LineStructureChecker(bool quads) : quads_(quads) {}

  // Scans bytes; returns the index of the first error (with *message set) or
  // n when there is none.
  std::size_t Scan(const unsigned char* p, std::size_t n, std::string* message) {
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char c = p[i];
      switch (state_) {
        case State::kBetween:
          if (!Between(c, message)) return i;
          break;
        case State::kIri:
        case State::kDatatypeIri:
          // Skip ahead to the end of the IRI.
          while (i < n && p[i] != '>' && p[i] != '\n' && p[i] != '\r' && p[i] != 0) ++i;
          if (i == n) return n;
          if (p[i] != '>') {
            *message = p[i] == 0 ? "NUL byte inside an IRI" : "line end inside an IRI";
            return i;
          }
          state_ = State::kBetween;
          break;
        case State::kString:
          while (i < n && p[i] != '"' && p[i] != '\\' && p[i] != '\n' && p[i] != '\r') ++i;
          if (i == n) return n;
          if (p[i] == '\\') {
            state_ = State::kStringEscape;
          } else if (p[i] == '"') {
            state_ = State::kAfterString;
          } else {
            *message = "line end inside a string";
            return i;
          }
          break;
        case State::kStringEscape:
          state_ = State::kString;
          break;
        case State::kAfterString:
          if (c == '@') {
            state_ = State::kLang;
          } else if (c == '^') {
            state_ = State::kCaret;
          } else {
            state_ = State::kBetween;
            if (!Between(c, message)) return i;
          }
          break;
        case State::kLang:
          if (!(IsAlnum(c) || c == '-')) {
            state_ = State::kBetween;
            if (!Between(c, message)) return i;
          }
          break;
        case State::kCaret:
          if (c != '^') {
            *message = "expected '^^' before the datatype";
            return i;
          }
          state_ = State::kCaret2;
          break;
        case State::kCaret2:
          if (c != '<') {
            *message = "expected '<' (the datatype IRI)";
            return i;
          }
          state_ = State::kDatatypeIri;
          break;
        case State::kBlankColon:
          if (c != ':') {
            *message = "expected ':' after '_'";
            return i;
          }
          state_ = State::kBlank;
          label_ended_with_dot_ = false;
          break;
        case State::kBlank:
          if (IsAlnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80) {
            label_ended_with_dot_ = c == '.';
          } else {
            state_ = State::kBetween;
            // A final '.' belongs to the statement, not to the label.
            if (label_ended_with_dot_ && !Between('.', message)) return i - 1;
            if (!Between(c, message)) return i;
          }
          break;
        case State::kComment:
          while (i < n && p[i] != '\n' && p[i] != '\r' && p[i] != 0) ++i;
          if (i == n) return n;
          if (p[i] == 0) {
            *message = "NUL byte in a comment";
            return i;
          }
          state_ = State::kBetween;
          EndLine();
          break;
      }
    }
    return n;
  }

  // Called at the end of the input; returns false (with *message) when the
  // last statement is unfinished.
  bool Finish(std::string* message) {
    if (state_ == State::kBlank && label_ended_with_dot_) {
      state_ = State::kBetween;
      if (!Between('.', message)) return false;
    }
    if (terms_ > 0 && !done_) {
      *message = "end of input inside a statement (missing '.')";
      return false;
    }
    return true;
  }

 private:
  enum class State {
    kBetween, kIri, kString, kStringEscape, kAfterString, kLang, kCaret, kCaret2,
    kDatatypeIri, kBlankColon, kBlank, kComment,
  };

  static bool IsAlnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  void EndLine() {
    terms_ = 0;
    done_ = false;
  }

  bool StartTerm(unsigned char c, std::string* message) {
    if (done_) {
      *message = quads_ ? "N-Quads allows one statement per line"
                        : "N-Triples allows one statement per line";
      return false;
    }
    const int role = terms_++;
    const bool ok = role == 0   ? c != '"'
                    : role == 1 ? c == '<'
                    : role == 2 ? true
                    : role == 3 ? quads_ && c != '"'
                                : false;
    if (!ok) {
      static const char* const kRoles[] = {"subject", "predicate", "object", "graph label"};
      if (role >= 3 && (!quads_ || role > 3)) {
        *message = quads_ ? "expected '.' after the graph label" : "expected '.' after the object";
      } else {
        *message = std::string(c == '"' ? "a literal" : "a blank node") + " cannot be the " +
                   kRoles[role];
      }
      return false;
    }
    return true;
  }

  bool Between(unsigned char c, std::string* message) {
    switch (c) {
      case ' ':
      case '\t':
        return true;
      case '\n':
      case '\r':
        if (terms_ > 0 && !done_) {
          *message = "line end inside a statement (missing '.')";
          return false;
        }
        EndLine();
        return true;
      case '#':
        state_ = State::kComment;
        if (terms_ > 0 && !done_) {
          *message = "comment inside a statement (missing '.')";
          return false;
        }
        return true;
      case '.':
        if (done_ || terms_ < 3) {
          *message = terms_ == 0 ? "unexpected '.'" : "statement ends before its object";
          return false;
        }
        done_ = true;
        return true;
      case '<':
        state_ = State::kIri;
        return StartTerm(c, message);
      case '_':
        state_ = State::kBlankColon;
        return StartTerm(c, message);
      case '"':
        state_ = State::kString;
        return StartTerm(c, message);
      default:
        if (c == 0) {
          *message = "NUL byte outside a string literal";
        } else if (c >= 0x21 && c < 0x7f) {
          *message = std::string("unexpected '") + static_cast<char>(c) + "'";
        } else {
          *message = "unexpected character";
        }
        return false;
    }
  }

  bool quads_;
  State state_ = State::kBetween;
  int terms_ = 0;
  bool done_ = false;
  bool label_ended_with_dot_ = false;
};

// ---------------------------------------------------------------------------
// One serd pass over one document.

SerdSyntax ToSerdSyntax(RdfFormat format) {
  switch (format) {
    case RdfFormat::kNTriples: return SERD_NTRIPLES;
    case RdfFormat::kNQuads: return SERD_NQUADS;
    case RdfFormat::kTurtle: return SERD_TURTLE;
    case RdfFormat::kTriG: return SERD_TRIG;
    case RdfFormat::kAuto: break;
  }
  return SERD_TURTLE;
}

// Where a document comes from; can be opened more than once.
struct Document {
  const std::filesystem::path* path = nullptr;  // else `memory`
  std::string_view memory;
  std::string name;
  RdfFormat format = RdfFormat::kAuto;

  std::unique_ptr<ByteInput> Open() const {
    return path != nullptr ? ByteInput::OpenFile(*path, name) : ByteInput::Memory(memory);
  }
};

// What to look for, in the text read since the previous callback, to point
// an error found in a callback at its exact column.
struct Needle {
  enum class Kind { kNone, kText, kSurrogateEscape, kIriEscape } kind = Kind::kNone;
  std::string text;
};

// A syntax error found in a callback: the index of the callback (statements,
// base and prefix directives, counted from 0) and what to look for.
struct CallbackError {
  std::uint64_t event = 0;
  std::string message;
  Needle needle;
};

// A syntax error reported by serd, with serd's position.
struct SerdSyntaxError {
  Position pos;
  std::string message;
};

// A byte-level error at an absolute (decompressed) offset.
struct ByteError {
  std::uint64_t offset = 0;
  std::string message;
};

unsigned HexValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
  return 16;
}

// The offset in `text` of the first \u or \U escape whose code point
// satisfies `pred`, or npos.
template <typename Pred>
std::size_t FindEscape(std::string_view text, Pred pred) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '\\') continue;
    const char kind = text[i + 1];
    if (kind != 'u' && kind != 'U') {
      ++i;  // skips the escaped character, which may be a backslash
      continue;
    }
    const std::size_t digits = kind == 'u' ? 4 : 8;
    if (i + 2 + digits > text.size()) continue;
    std::uint32_t code = 0;
    bool ok = true;
    for (std::size_t k = 0; k < digits && ok; ++k) {
      const unsigned v = HexValue(text[i + 2 + k]);
      ok = v < 16;
      code = code * 16 + v;
    }
    if (ok && pred(code)) return i;
  }
  return std::string_view::npos;
}

class Pass {
 public:
  enum class Mode {
    kDeliver,  // call the handler for each statement
    kLocate,   // one byte per serd page; stop at callback `target_event_`
  };

  Pass(const Document& doc, const ReaderOptions& options, QuadHandler* handler, Mode mode,
       std::uint64_t target_event)
      : doc_(doc),
        options_(options),
        handler_(handler),
        mode_(mode),
        target_event_(target_event),
        line_checker_(doc.format == RdfFormat::kNQuads),
        check_lines_(doc.format == RdfFormat::kNTriples || doc.format == RdfFormat::kNQuads),
        fancy_(doc.format == RdfFormat::kTurtle || doc.format == RdfFormat::kTriG) {
    if (options.base) base_.Set(*options.base);
  }

  ~Pass() {
    if (reader_ != nullptr) serd_reader_free(reader_);
    if (env_ != nullptr) serd_env_free(env_);
  }

  Pass(const Pass&) = delete;
  Pass& operator=(const Pass&) = delete;

  // Runs serd over the whole document (or up to the target callback).
  void Run() {
    input_ = doc_.Open();
    buffer_.resize(kChunk + 8);
    env_ = serd_env_new(nullptr);
    reader_ = serd_reader_new(ToSerdSyntax(doc_.format), this, nullptr, &Pass::OnBase,
                              &Pass::OnPrefix, &Pass::OnStatement, nullptr);
    serd_reader_set_strict(reader_, true);
    serd_reader_set_error_sink(reader_, &Pass::OnError, this);
    if (!options_.blank_prefix.empty()) {
      serd_reader_add_blank_prefix(
          reader_, reinterpret_cast<const uint8_t*>(options_.blank_prefix.c_str()));
    }
    const std::size_t page = mode_ == Mode::kLocate ? 1 : kPage;
    serd_status_ = serd_reader_read_source(reader_, &Pass::ReadBytes, &Pass::StreamError, this,
                                           reinterpret_cast<const uint8_t*>(doc_.name.c_str()),
                                           page);
    if (mode_ == Mode::kDeliver && options_.on_bytes && !stopped_) {
      try {
        options_.on_bytes(input_->raw_offset());
      } catch (...) {
        handler_error_ = std::current_exception();
      }
    }
  }

  SerdStatus serd_status() const { return serd_status_; }
  const std::exception_ptr& handler_error() const { return handler_error_; }
  const std::optional<std::string>& io_error() const { return io_error_; }
  const std::optional<CallbackError>& callback_error() const { return callback_error_; }
  const std::optional<SerdSyntaxError>& serd_error() const { return serd_error_; }
  const std::optional<ByteError>& byte_error() const { return byte_error_; }

  // kLocate results: the text given to serd since the callback before the
  // target one, where it starts, and the position of the last byte given.
  bool reached_target() const { return reached_target_; }
  const std::string& window() const { return window_; }
  Position window_start() const { return window_start_; }
  Position last_byte() const { return last_byte_; }

 private:
  // Bytes read from the input at once: also the progress granularity.
  static constexpr std::size_t kChunk = 64 * 1024;
  static constexpr std::size_t kPage = 64 * 1024;  // serd page
  static constexpr std::uint64_t kProgressStep = 64 * 1024;

  // --- the byte source ----------------------------------------------------

  static size_t ReadBytes(void* buf, size_t size, size_t nmemb, void* stream) noexcept {
    return static_cast<Pass*>(stream)->Read(static_cast<unsigned char*>(buf), size * nmemb);
  }

  static int StreamError(void* stream) noexcept {
    const Pass* self = static_cast<const Pass*>(stream);
    return self->io_error_ || self->handler_error_ ? 1 : 0;
  }

  size_t Read(unsigned char* out, std::size_t n) {
    std::size_t given = 0;
    while (given < n) {
      if (valid_begin_ == valid_end_ && !Refill()) break;
      const std::size_t take = std::min(n - given, valid_end_ - valid_begin_);
      std::memcpy(out + given, buffer_.data() + valid_begin_, take);
      if (mode_ == Mode::kLocate) Track(buffer_.data() + valid_begin_, take);
      valid_begin_ += take;
      given += take;
    }
    return given;
  }

  // Reads the next chunk and validates it; false when nothing is left to give.
  bool Refill() {
    if (input_done_) return false;
    // Keep an incomplete UTF-8 sequence at the end for the next chunk.
    const std::size_t tail = filled_ - valid_end_;
    std::memmove(buffer_.data(), buffer_.data() + valid_end_, tail);
    buffer_offset_ += valid_end_;
    valid_begin_ = valid_end_ = 0;
    filled_ = tail;
    const std::ptrdiff_t got = input_->Read(buffer_.data() + tail, kChunk - tail);
    if (got < 0) {
      io_error_ = input_->error();
      input_done_ = true;
      return false;
    }
    filled_ += static_cast<std::size_t>(got);
    const bool at_end = static_cast<std::size_t>(got) < kChunk - tail;
    std::string message;
    std::size_t valid = ValidateUtf8(buffer_.data(), filled_, at_end, &message);
    if (!check_lines_) {
      const std::size_t checked = nul_checker_.Scan(buffer_.data(), valid);
      if (checked < valid) {
        valid = checked;
        message = nul_checker_.error();
      }
    } else {
      std::string line_message;
      const std::size_t checked = line_checker_.Scan(buffer_.data(), valid, &line_message);
      if (checked < valid) {
        valid = checked;
        message = std::move(line_message);
      } else if (at_end && valid == filled_ && !line_checker_.Finish(&line_message)) {
        message = std::move(line_message);
      }
    }
    valid_end_ = valid;
    if (!message.empty()) {
      byte_error_ = ByteError{buffer_offset_ + valid, std::move(message)};
      input_done_ = true;
    } else if (at_end) {
      input_done_ = true;
    }
    ReportProgress();
    return valid_end_ > 0;
  }

  // Returns the length of the valid prefix of p[0, n): everything, or up to
  // the first invalid byte (setting *message), or (when !at_end) up to an
  // incomplete sequence at the end.
  static std::size_t ValidateUtf8(const unsigned char* p, std::size_t n, bool at_end,
                                  std::string* message) {
    std::size_t i = 0;
    while (i < n) {
      if (i + 8 <= n) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        if (!HasHighByte(w)) {
          i += 8;
          continue;
        }
      }
      if (p[i] < 0x80) {
        ++i;
        continue;
      }
      const int len = Utf8SequenceLength(p + i, p + n);
      if (len > 0) {
        i += static_cast<std::size_t>(len);
      } else if (len < 0 && !at_end) {
        return i;
      } else {
        *message = "invalid UTF-8";
        return i;
      }
    }
    return n;
  }

  void ReportProgress() {
    if (mode_ != Mode::kDeliver || !options_.on_bytes || stopped_) return;
    const std::uint64_t raw = input_->raw_offset();
    if (raw < next_progress_) return;
    next_progress_ = raw + kProgressStep;
    try {
      options_.on_bytes(raw);
    } catch (...) {
      handler_error_ = std::current_exception();
      stopped_ = true;
      input_done_ = true;
      valid_end_ = valid_begin_;  // give serd nothing more
    }
  }

  void Track(const unsigned char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      last_byte_ = next_byte_;
      Advance(&next_byte_, p[i]);
      window_.push_back(static_cast<char>(p[i]));
    }
  }

  // --- serd callbacks --------------------------------------------------------

  static SerdStatus OnError(void* handle, const SerdError* error) noexcept {
    auto* self = static_cast<Pass*>(handle);
    if (self->stopped_ || self->serd_error_) return SERD_SUCCESS;
    try {
      char text[512];
      va_list args;
      va_copy(args, *error->args);
      std::vsnprintf(text, sizeof text, error->fmt, args);
      va_end(args);
      std::string message(text);
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
      }
      // serd counts columns from 1 on the first line and from 0 after a
      // line break; this makes them 1-based everywhere.
      Position pos{error->line, error->line <= 1 ? error->col : error->col + 1u};
      if (pos.line == 0) pos.line = 1;
      if (pos.column == 0) pos.column = 1;
      // serd reports a forbidden character of an IRI (a space, '{', a
      // control character) after consuming it: point at the character.
      if (message.starts_with("invalid IRI character") && pos.column > 1) --pos.column;
      self->serd_error_ = SerdSyntaxError{pos, std::move(message)};
    } catch (...) {
      self->handler_error_ = std::current_exception();
    }
    self->stopped_ = true;
    return SERD_SUCCESS;
  }

  // Returns true when this callback should do nothing more (stopped, or
  // locating and this is the callback sought).
  bool BeginEvent() {
    if (stopped_) return true;
    const std::uint64_t event = events_++;
    if (mode_ == Mode::kLocate) {
      if (event == target_event_) {
        reached_target_ = true;
        stopped_ = true;
        return true;
      }
      // The last byte given is serd's one byte of lookahead: it belongs to
      // what follows this callback.
      if (!window_.empty()) {
        window_.erase(0, window_.size() - 1);
        window_start_ = last_byte_;
      }
      return true;
    }
    return false;
  }

  SerdStatus Fail(std::string message, Needle needle = {}) {
    callback_error_ = CallbackError{events_ - 1, std::move(message), std::move(needle)};
    stopped_ = true;
    return SERD_ERR_BAD_SYNTAX;
  }

  static SerdStatus OnBase(void* handle, const SerdNode* uri) noexcept {
    auto* self = static_cast<Pass*>(handle);
    if (self->BeginEvent()) return self->stopped_ ? SERD_ERR_INTERNAL : SERD_SUCCESS;
    try {
      std::string_view iri;
      if (const SerdStatus st = self->ResolveIriNode(*uri, &iri, &self->scratch_)) return st;
      self->base_.Set(std::string(iri));
      return SERD_SUCCESS;
    } catch (...) {
      self->handler_error_ = std::current_exception();
      self->stopped_ = true;
      return SERD_ERR_INTERNAL;
    }
  }

  static SerdStatus OnPrefix(void* handle, const SerdNode* name, const SerdNode* uri) noexcept {
    auto* self = static_cast<Pass*>(handle);
    if (self->BeginEvent()) return self->stopped_ ? SERD_ERR_INTERNAL : SERD_SUCCESS;
    try {
      std::string_view iri;
      if (const SerdStatus st = self->ResolveIriNode(*uri, &iri, &self->scratch_)) return st;
      const std::string absolute(iri);
      const SerdNode iri_node =
          serd_node_from_substring(SERD_URI, reinterpret_cast<const uint8_t*>(absolute.data()),
                                   absolute.size());
      if (serd_env_set_prefix(self->env_, name, &iri_node) != SERD_SUCCESS) {
        return self->Fail("cannot define prefix '" + std::string(View(*name)) + ":'");
      }
      return SERD_SUCCESS;
    } catch (...) {
      self->handler_error_ = std::current_exception();
      self->stopped_ = true;
      return SERD_ERR_INTERNAL;
    }
  }

  static SerdStatus OnStatement(void* handle, SerdStatementFlags flags, const SerdNode* graph,
                                const SerdNode* subject, const SerdNode* predicate,
                                const SerdNode* object, const SerdNode* datatype,
                                const SerdNode* lang) noexcept {
    auto* self = static_cast<Pass*>(handle);
    if (self->BeginEvent()) return self->stopped_ ? SERD_ERR_INTERNAL : SERD_SUCCESS;
    try {
      return self->Statement(flags, graph, *subject, *predicate, *object, datatype, lang);
    } catch (...) {
      self->handler_error_ = std::current_exception();
      self->stopped_ = true;
      return SERD_ERR_INTERNAL;
    }
  }

  SerdStatus Statement(SerdStatementFlags flags, const SerdNode* graph, const SerdNode& subject,
                       const SerdNode& predicate, const SerdNode& object,
                       const SerdNode* datatype, const SerdNode* lang) {
    constexpr SerdStatementFlags kAbbreviations =
        SERD_EMPTY_S | SERD_EMPTY_O | SERD_ANON_S_BEGIN | SERD_ANON_O_BEGIN | SERD_ANON_CONT |
        SERD_LIST_S_BEGIN | SERD_LIST_O_BEGIN | SERD_LIST_CONT;
    if (!fancy_ && (flags & kAbbreviations) != 0) {
      return Fail("'[' and '(' abbreviations are not allowed in this syntax");
    }
    SerdStatus st;
    if ((st = ConvertNode(subject, &s_, &s_buf_))) return st;
    if ((st = ConvertNode(predicate, &p_, &p_buf_))) return st;
    if ((st = ConvertObject(object, datatype, lang))) return st;
    const TermView* g = nullptr;
    if (graph != nullptr && graph->type != SERD_NOTHING) {
      if ((st = ConvertNode(*graph, &g_, &g_buf_))) return st;
      g = &g_;
    }
    handler_->OnQuad(s_, p_, o_, g);
    return SERD_SUCCESS;
  }

  // Makes an absolute IRI of a URI node: *out views the node or *buf.
  SerdStatus ResolveIriNode(const SerdNode& node, std::string_view* out, std::string* buf) {
    const std::string_view v = View(node);
    for (const char ch : v) {
      if (IsForbiddenInIri(static_cast<unsigned char>(ch))) {
        const unsigned char c = static_cast<unsigned char>(ch);
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", c);
        return Fail(std::string("character ") + code + " is not allowed in an IRI",
                    {Needle::Kind::kIriEscape, {}});
      }
    }
    if (HasSurrogate(v)) {
      return Fail("escaped surrogate code point in an IRI", {Needle::Kind::kSurrogateEscape, {}});
    }
    if (SchemeLength(v) > 0) {
      *out = v;
      return SERD_SUCCESS;
    }
    if (!fancy_) {
      return Fail("relative IRI <" + std::string(v) + "> (N-Triples and N-Quads need absolute IRIs)",
                  {Needle::Kind::kText, "<" + std::string(v)});
    }
    if (base_.empty()) {
      return Fail("relative IRI <" + std::string(v) + "> and no base IRI",
                  {Needle::Kind::kText, "<" + std::string(v)});
    }
    base_.Resolve(v, buf);
    *out = *buf;
    return SERD_SUCCESS;
  }

  // An IRI from a URI or CURIE node.
  SerdStatus ConvertIri(const SerdNode& node, std::string_view* out, std::string* buf) {
    if (node.type == SERD_URI) return ResolveIriNode(node, out, buf);
    // SERD_CURIE
    if (!fancy_) {
      return Fail("prefixed names are not allowed in this syntax",
                  {Needle::Kind::kText, std::string(View(node))});
    }
    SerdChunk prefix, suffix;
    if (serd_env_expand(env_, &node, &prefix, &suffix) != SERD_SUCCESS) {
      const std::string_view name = View(node);
      const auto colon = name.find(':');
      if (colon == std::string_view::npos) {
        return Fail("expected a prefixed name or IRI, found '" + std::string(name) + "'",
                    {Needle::Kind::kText, std::string(name)});
      }
      return Fail("undefined prefix '" + std::string(name.substr(0, colon + 1)) + "'",
                  {Needle::Kind::kText, std::string(name)});
    }
    buf->assign(View(prefix));
    buf->append(View(suffix));
    *out = *buf;
    return SERD_SUCCESS;
  }

  SerdStatus ConvertNode(const SerdNode& node, TermView* out, std::string* buf) {
    out->datatype = {};
    out->language = {};
    switch (node.type) {
      case SERD_URI:
      case SERD_CURIE:
        out->kind = TermKind::kIri;
        return ConvertIri(node, &out->value, buf);
      case SERD_BLANK:
        out->kind = TermKind::kBlank;
        out->value = View(node);
        return SERD_SUCCESS;
      default:
        return Fail("a literal cannot be a subject, predicate or graph label");
    }
  }

  SerdStatus ConvertObject(const SerdNode& node, const SerdNode* datatype, const SerdNode* lang) {
    if (node.type != SERD_LITERAL) return ConvertNode(node, &o_, &o_buf_);
    o_.kind = TermKind::kLiteral;
    o_.value = View(node);
    if (HasSurrogate(o_.value)) {
      return Fail("escaped surrogate code point in a literal",
                  {Needle::Kind::kSurrogateEscape, {}});
    }
    if (lang != nullptr && lang->n_bytes > 0) {
      const std::string_view tag = View(*lang);
      if (!IsValidLangTag(tag)) {
        return Fail("invalid language tag '" + std::string(tag) + "'",
                    {Needle::Kind::kText, "@" + std::string(tag)});
      }
      lang_buf_.assign(tag);
      for (char& c : lang_buf_) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      o_.language = lang_buf_;
      o_.datatype = kRdfLangString;
      return SERD_SUCCESS;
    }
    o_.language = {};
    if (datatype != nullptr && datatype->type != SERD_NOTHING) {
      return ConvertIri(*datatype, &o_.datatype, &dt_buf_);
    }
    o_.datatype = kXsdString;
    return SERD_SUCCESS;
  }

  const Document& doc_;
  const ReaderOptions& options_;
  QuadHandler* handler_;
  const Mode mode_;
  const std::uint64_t target_event_;
  LineStructureChecker line_checker_;
  TurtleNulChecker nul_checker_;
  const bool check_lines_;
  const bool fancy_;

  std::unique_ptr<ByteInput> input_;
  SerdEnv* env_ = nullptr;
  SerdReader* reader_ = nullptr;
  SerdStatus serd_status_ = SERD_SUCCESS;
  BaseIri base_;

  // buffer_[valid_begin_, valid_end_) is validated and not yet given to
  // serd; buffer_[valid_end_, filled_) awaits the next chunk. buffer_[0] is
  // at offset buffer_offset_ of the decompressed input.
  std::vector<unsigned char> buffer_;
  std::size_t valid_begin_ = 0, valid_end_ = 0, filled_ = 0;
  std::uint64_t buffer_offset_ = 0;
  bool input_done_ = false;
  std::uint64_t next_progress_ = kProgressStep;

  bool stopped_ = false;
  std::uint64_t events_ = 0;
  std::exception_ptr handler_error_;
  std::optional<std::string> io_error_;
  std::optional<CallbackError> callback_error_;
  std::optional<SerdSyntaxError> serd_error_;
  std::optional<ByteError> byte_error_;

  // kLocate
  bool reached_target_ = false;
  std::string window_;
  Position window_start_, last_byte_, next_byte_;

  // Reused for every statement: the TermViews point into serd's nodes or here.
  TermView s_, p_, o_, g_;
  std::string s_buf_, p_buf_, o_buf_, g_buf_, dt_buf_, lang_buf_, scratch_;
};

// The position of decompressed byte `offset`, by reading the input again.
Position PositionOfOffset(const Document& doc, std::uint64_t offset) {
  auto input = doc.Open();
  std::vector<unsigned char> buf(256 * 1024);
  Position pos;
  std::uint64_t at = 0;
  while (at < offset) {
    const std::ptrdiff_t got = input->Read(buf.data(), buf.size());
    if (got <= 0) break;
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(
        static_cast<std::uint64_t>(got), offset - at));
    for (std::size_t i = 0; i < n; ++i) Advance(&pos, buf[i]);
    at += n;
  }
  return pos;
}

// The position of a callback error: serd is re-run up to that callback and
// the needle is looked for in the text it read since the callback before.
Position LocateCallbackError(const Document& doc, const ReaderOptions& options,
                             const CallbackError& error) {
  Pass pass(doc, options, nullptr, Pass::Mode::kLocate, error.event);
  pass.Run();
  if (!pass.reached_target()) return pass.last_byte();
  const std::string_view window = pass.window();
  std::size_t at = std::string_view::npos;
  switch (error.needle.kind) {
    case Needle::Kind::kNone:
      break;
    case Needle::Kind::kText:
      at = window.find(error.needle.text);
      break;
    case Needle::Kind::kSurrogateEscape:
      at = FindEscape(window, [](std::uint32_t c) { return c >= 0xD800 && c <= 0xDFFF; });
      break;
    case Needle::Kind::kIriEscape:
      at = FindEscape(window, [](std::uint32_t c) {
        return c < 0x80 && IsForbiddenInIri(static_cast<unsigned char>(c));
      });
      break;
  }
  if (at == std::string_view::npos) return pass.last_byte();
  Position pos = pass.window_start();
  for (std::size_t i = 0; i < at; ++i) Advance(&pos, static_cast<unsigned char>(window[i]));
  return pos;
}

void ReadDocument(const Document& doc, const ReaderOptions& options, QuadHandler& handler) {
  if (options.base && SchemeLength(*options.base) == 0) {
    throw std::invalid_argument("the base IRI <" + *options.base + "> is not absolute");
  }
  Pass pass(doc, options, &handler, Pass::Mode::kDeliver, 0);
  pass.Run();
  if (pass.handler_error()) std::rethrow_exception(pass.handler_error());
  if (pass.io_error()) {
    throw LoadError(LoadError::Kind::kIo, doc.name, 0, 0, *pass.io_error());
  }
  auto syntax = [&](Position pos, const std::string& message) {
    return LoadError(LoadError::Kind::kSyntax, doc.name, pos.line, pos.column, message);
  };
  // A callback error stops serd at once, so nothing after it was read; byte
  // errors are found ahead of serd, so a serd error before one comes first.
  if (const auto& e = pass.callback_error()) throw syntax(LocateCallbackError(doc, options, *e), e->message);
  const auto& serd_error = pass.serd_error();
  if (const auto& e = pass.byte_error()) {
    const Position pos = PositionOfOffset(doc, e->offset);
    if (serd_error && serd_error->pos < pos) throw syntax(serd_error->pos, serd_error->message);
    throw syntax(pos, e->message);
  }
  if (serd_error) throw syntax(serd_error->pos, serd_error->message);
  if (pass.serd_status() > SERD_FAILURE) {
    // serd stopped without saying why: point at where it stopped.
    Pass locate(doc, options, nullptr, Pass::Mode::kLocate, ~std::uint64_t{0});
    locate.Run();
    throw syntax(locate.last_byte(), "invalid syntax");
  }
}

}  // namespace

void ReadRdfFile(const std::filesystem::path& path, const ReaderOptions& options,
                 QuadHandler& handler) {
  Document doc;
  doc.path = &path;
  doc.name = path.string();
  doc.format = options.format;
  if (doc.format == RdfFormat::kAuto) {
    const auto format = FormatFromPath(path);
    if (!format) {
      throw std::invalid_argument("cannot tell the RDF format of " + doc.name +
                                  " from its name (.nt .nq .ttl .trig, optionally .gz)");
    }
    doc.format = *format;
  }
  if (options.base) {
    ReadDocument(doc, options, handler);
    return;
  }
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
  std::string iri = "file://";
  static const char* const kHex = "0123456789ABCDEF";
  for (const unsigned char c : (ec ? path : absolute).generic_string()) {
    if (IsForbiddenInIri(c) || c == '%' || c == '#' || c == '?' || c >= 0x7f) {
      iri.push_back('%');
      iri.push_back(kHex[c >> 4]);
      iri.push_back(kHex[c & 0xf]);
    } else {
      iri.push_back(static_cast<char>(c));
    }
  }
  ReaderOptions with_base = options;
  with_base.base = std::move(iri);
  ReadDocument(doc, with_base, handler);
}

void ReadRdfString(std::string_view document, std::string_view source_name,
                   const ReaderOptions& options, QuadHandler& handler) {
  if (options.format == RdfFormat::kAuto) {
    throw std::invalid_argument("ReadRdfString needs an explicit format");
  }
  Document doc;
  doc.memory = document;
  doc.name = std::string(source_name);
  doc.format = options.format;
  ReadDocument(doc, options, handler);
}

}  // namespace corridor::storage
