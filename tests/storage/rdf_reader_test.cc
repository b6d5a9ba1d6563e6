// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "storage/rdf_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

namespace corridor::storage {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
constexpr std::string_view kXsdDecimal = "http://www.w3.org/2001/XMLSchema#decimal";
constexpr std::string_view kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";
constexpr std::string_view kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
constexpr std::string_view kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

// A compact, unambiguous rendering of a view, independent of Term's printer.
std::string Show(const TermView& t) {
  switch (t.kind) {
    case TermKind::kIri:
      return "<" + std::string(t.value) + ">";
    case TermKind::kBlank:
      return "_:" + std::string(t.value);
    case TermKind::kLiteral:
      if (!t.language.empty()) {
        return "\"" + std::string(t.value) + "\"@" + std::string(t.language) + "^^" +
               std::string(t.datatype);
      }
      return "\"" + std::string(t.value) + "\"^^" + std::string(t.datatype);
  }
  return "?";
}

struct Collector : QuadHandler {
  std::vector<std::string> lines;
  std::vector<Quad> quads;
  void OnQuad(const TermView& s, const TermView& p, const TermView& o,
              const TermView* g) override {
    std::string line = Show(s) + " " + Show(p) + " " + Show(o);
    if (g != nullptr) line += " " + Show(*g);
    lines.push_back(line);
    quads.push_back(Quad{s.ToTerm(), p.ToTerm(), o.ToTerm(),
                         g ? std::optional<Term>(g->ToTerm()) : std::nullopt});
  }
};

std::vector<std::string> ReadString(std::string_view doc, RdfFormat format,
                                    std::optional<std::string> base = std::nullopt,
                                    std::string blank_prefix = "") {
  Collector c;
  ReaderOptions o;
  o.format = format;
  o.base = std::move(base);
  o.blank_prefix = std::move(blank_prefix);
  ReadRdfString(doc, "<doc>", o, c);
  return c.lines;
}

LoadError ExpectLoadError(std::string_view doc, RdfFormat format,
                          std::optional<std::string> base = "http://base.example/") {
  Collector c;
  ReaderOptions o;
  o.format = format;
  o.base = std::move(base);
  try {
    ReadRdfString(doc, "doc.x", o, c);
  } catch (const LoadError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << doc;
  return LoadError(LoadError::Kind::kIo, "", 0, 0, "");
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("corridor_reader_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path Write(const std::string& name, std::string_view content) const {
    const fs::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  fs::path WriteGzip(const std::string& name, std::string_view content) const {
    const fs::path p = path_ / name;
    gzFile gz = gzopen(p.c_str(), "wb");
    EXPECT_NE(gz, nullptr);
    EXPECT_EQ(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
    gzclose(gz);
    return p;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---------------------------------------------------------------------------

TEST(FormatTest, FromPathAndName) {
  EXPECT_EQ(FormatFromPath("a/b.nt"), RdfFormat::kNTriples);
  EXPECT_EQ(FormatFromPath("b.NQ"), RdfFormat::kNQuads);
  EXPECT_EQ(FormatFromPath("b.ttl.gz"), RdfFormat::kTurtle);
  EXPECT_EQ(FormatFromPath("x.y.trig.GZ"), RdfFormat::kTriG);
  EXPECT_EQ(FormatFromPath("b.txt"), std::nullopt);
  EXPECT_EQ(FormatFromPath("b.gz"), std::nullopt);
  EXPECT_EQ(FormatFromPath("nt"), std::nullopt);
  EXPECT_EQ(FormatFromName("Turtle"), RdfFormat::kTurtle);
  EXPECT_EQ(FormatFromName("n-triples"), RdfFormat::kNTriples);
  EXPECT_EQ(FormatFromName("nquads"), RdfFormat::kNQuads);
  EXPECT_EQ(FormatFromName("trig"), RdfFormat::kTriG);
  EXPECT_EQ(FormatFromName("rdfxml"), std::nullopt);
}

TEST(LoadErrorTest, WhatCarriesPosition) {
  LoadError e(LoadError::Kind::kSyntax, "f.ttl", 3, 7, "bad verb");
  EXPECT_STREQ(e.what(), "f.ttl:3:7: bad verb");
  EXPECT_EQ(e.message(), "bad verb");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 7u);
  LoadError io(LoadError::Kind::kIo, "f.ttl", 0, 0, "cannot open");
  EXPECT_STREQ(io.what(), "f.ttl: cannot open");
}

TEST(TermViewTest, ToTermCopiesEveryField) {
  const TermView v{TermKind::kLiteral, "chat", kRdfLangString, "fr"};
  const Term t = v.ToTerm();
  EXPECT_EQ(t.kind, TermKind::kLiteral);
  EXPECT_EQ(t.value, "chat");
  EXPECT_EQ(t.datatype, kRdfLangString);
  EXPECT_EQ(t.language, "fr");
}

TEST(ReaderTest, NTriplesTermsInNormalForm) {
  const auto lines = ReadString(
      "<http://x/s> <http://x/p> <http://x/o> .\n"
      "_:b1 <http://x/p> \"plain\" .\n"
      "<http://x/s> <http://x/p> \"Chat\"@EN-gb .   # comment\n"
      "\n"
      "# a comment line\n"
      "<http://x/s> <http://x/p> \"12\"^^<http://www.w3.org/2001/XMLSchema#integer> .\r\n"
      "<http://x/s> <http://x/p> \"t\\tq\\\"\\u00E9\\U0001F600\\\\\" .",
      RdfFormat::kNTriples);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "<http://x/s> <http://x/p> <http://x/o>");
  EXPECT_EQ(lines[1], "_:b1 <http://x/p> \"plain\"^^" + std::string(kXsdString));
  EXPECT_EQ(lines[2], "<http://x/s> <http://x/p> \"Chat\"@en-gb^^" + std::string(kRdfLangString));
  EXPECT_EQ(lines[3], "<http://x/s> <http://x/p> \"12\"^^" + std::string(kXsdInteger));
  EXPECT_EQ(lines[4], "<http://x/s> <http://x/p> \"t\tq\"\xC3\xA9\xF0\x9F\x98\x80\\\"^^" +
                          std::string(kXsdString));
}

TEST(ReaderTest, NQuadsGraphs) {
  Collector c;
  ReaderOptions o;
  o.format = RdfFormat::kNQuads;
  ReadRdfString(
      "<http://x/s> <http://x/p> \"a\" <http://x/g> .\n"
      "<http://x/s> <http://x/p> \"b\" _:g .\n"
      "<http://x/s> <http://x/p> \"c\" .\n",
      "<nq>", o, c);
  ASSERT_EQ(c.quads.size(), 3u);
  EXPECT_EQ(c.quads[0].graph, Term::Iri("http://x/g"));
  ASSERT_TRUE(c.quads[1].graph.has_value());
  EXPECT_EQ(c.quads[1].graph->kind, TermKind::kBlank);
  EXPECT_EQ(c.quads[1].graph->value, "g");
  EXPECT_FALSE(c.quads[2].graph.has_value());
}

TEST(ReaderTest, TurtleAbbreviations) {
  const auto lines = ReadString(
      "@prefix : <http://x/> .\n"
      "PREFIX ex: <http://ex/>\n"
      ":s a :C ; :p 1, -2.50, 1.5e3, true, false, 'single', \"\"\"long\n\"quoted\" x\"\"\" .\n"
      ":s ex:q ( 1 ) .\n"
      "[ :p :o ] .\n",
      RdfFormat::kTurtle, std::nullopt, "d1_");
  ASSERT_EQ(lines.size(), 12u);
  EXPECT_EQ(lines[0], "<http://x/s> <" + std::string(kRdfType) + "> <http://x/C>");
  EXPECT_EQ(lines[1], "<http://x/s> <http://x/p> \"1\"^^" + std::string(kXsdInteger));
  EXPECT_EQ(lines[2], "<http://x/s> <http://x/p> \"-2.50\"^^" + std::string(kXsdDecimal));
  EXPECT_EQ(lines[3], "<http://x/s> <http://x/p> \"1.5e3\"^^" + std::string(kXsdDouble));
  EXPECT_EQ(lines[4], "<http://x/s> <http://x/p> \"true\"^^" + std::string(kXsdBoolean));
  EXPECT_EQ(lines[5], "<http://x/s> <http://x/p> \"false\"^^" + std::string(kXsdBoolean));
  EXPECT_EQ(lines[6], "<http://x/s> <http://x/p> \"single\"^^" + std::string(kXsdString));
  EXPECT_EQ(lines[7], "<http://x/s> <http://x/p> \"long\n\"quoted\" x\"^^" + std::string(kXsdString));
  // The list: s q _:l, _:l first 1, _:l rest nil; every generated label is prefixed.
  EXPECT_TRUE(lines[8].starts_with("<http://x/s> <http://ex/q> _:d1_")) << lines[8];
  EXPECT_TRUE(lines[9].starts_with("_:d1_")) << lines[9];
  EXPECT_NE(lines[9].find("#first> \"1\""), std::string::npos) << lines[9];
  EXPECT_NE(lines[10].find("#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>"),
            std::string::npos);
  EXPECT_TRUE(lines[11].starts_with("_:d1_")) << lines[11];
}

TEST(ReaderTest, TriGGraphs) {
  const auto lines = ReadString(
      "@prefix : <http://x/> .\n"
      "{ :a :b :c }\n"
      ":g { :s :p :o . :s :p :o2 }\n"
      "GRAPH :h { :s :p \"x\" }\n"
      "_:bg { :s :p :o }\n",
      RdfFormat::kTriG, std::nullopt, "t_");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "<http://x/a> <http://x/b> <http://x/c>");
  EXPECT_EQ(lines[1], "<http://x/s> <http://x/p> <http://x/o> <http://x/g>");
  EXPECT_EQ(lines[2], "<http://x/s> <http://x/p> <http://x/o2> <http://x/g>");
  EXPECT_EQ(lines[3], "<http://x/s> <http://x/p> \"x\"^^" + std::string(kXsdString) +
                          " <http://x/h>");
  EXPECT_EQ(lines[4], "<http://x/s> <http://x/p> <http://x/o> _:t_bg");
}

TEST(ReaderTest, RelativeIrisResolveAgainstTheBase) {
  // RFC 3986 section 5.4 examples, base http://a/b/c/d;p?q.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {"..g", "http://a/b/c/..g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
  };
  std::string doc;
  for (const auto& [ref, _] : cases) doc += "<" + ref + "> <http://x/p> <http://x/o> .\n";
  const auto lines = ReadString(doc, RdfFormat::kTurtle, "http://a/b/c/d;p?q");
  ASSERT_EQ(lines.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(lines[i], "<" + cases[i].second + "> <http://x/p> <http://x/o>")
        << "reference <" << cases[i].first << ">";
  }
}

TEST(ReaderTest, BaseDirectivesChain) {
  const auto lines = ReadString(
      "<a> <p> <o> .\n"
      "@base <dir/> .\n"
      "<a> <p> <o> .\n"
      "BASE <http://other/x/>\n"
      "@prefix r: <rel/> .\n"
      "r:a <p> <../up> .\n",
      RdfFormat::kTurtle, "http://h/base/doc.ttl");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "<http://h/base/a> <http://h/base/p> <http://h/base/o>");
  EXPECT_EQ(lines[1], "<http://h/base/dir/a> <http://h/base/dir/p> <http://h/base/dir/o>");
  EXPECT_EQ(lines[2], "<http://other/x/rel/a> <http://other/x/p> <http://other/up>");
}

TEST(ReaderTest, FileBaseDefaultsToTheFileIri) {
  TempDir dir;
  const fs::path file = dir.Write("my doc.ttl", "<x> <p> <#frag> .\n");
  Collector c;
  ReadRdfFile(file, {}, c);
  ASSERT_EQ(c.quads.size(), 1u);
  const std::string dir_iri = "file://" + fs::absolute(dir.path()).generic_string() + "/";
  EXPECT_EQ(c.quads[0].subject.value, dir_iri + "x");
  EXPECT_EQ(c.quads[0].object.value, dir_iri + "my%20doc.ttl#frag");
}

TEST(ReaderTest, BlankNodeLabelsArePrefixedPerDocument) {
  const std::string doc = "_:a <http://x/p> _:b .\n";
  const auto first = ReadString(doc, RdfFormat::kNTriples, std::nullopt, "f0_");
  const auto second = ReadString(doc, RdfFormat::kNTriples, std::nullopt, "f1_");
  EXPECT_EQ(first[0], "_:f0_a <http://x/p> _:f0_b");
  EXPECT_EQ(second[0], "_:f1_a <http://x/p> _:f1_b");
  const auto anon = ReadString("[] <http://x/p> [] .", RdfFormat::kTurtle, std::nullopt, "f2_");
  ASSERT_EQ(anon.size(), 1u);
  EXPECT_TRUE(anon[0].starts_with("_:f2_")) << anon[0];
  EXPECT_NE(anon[0].find("> _:f2_"), std::string::npos) << anon[0];
}

TEST(ReaderTest, RawNulIsAllowedInsideStrings) {
  const std::string nt("<http://x/s> <http://x/p> \"a\0b\" .\n", 34);
  const auto lines = ReadString(nt, RdfFormat::kNTriples);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].substr(26, 5), std::string("\"a\0b\"", 5));
  const std::string ttl("<http://x/s> <http://x/p> '''a\0b''', \"\0\" .\n", 43);
  EXPECT_EQ(ReadString(ttl, RdfFormat::kTurtle).size(), 2u);
}

struct BadDocument {
  RdfFormat format;
  std::string doc;
  std::uint64_t line, column;
  std::string message;  // a substring of the message
};

void PrintTo(const BadDocument& b, std::ostream* os) { *os << b.doc; }

class SyntaxErrorTest : public ::testing::TestWithParam<BadDocument> {};

TEST_P(SyntaxErrorTest, ReportsFirstErrorWithPosition) {
  const BadDocument& b = GetParam();
  const LoadError e = ExpectLoadError(b.doc, b.format);
  EXPECT_EQ(e.kind(), LoadError::Kind::kSyntax);
  EXPECT_EQ(e.source(), "doc.x");
  EXPECT_EQ(e.line(), b.line) << e.what();
  EXPECT_EQ(e.column(), b.column) << e.what();
  EXPECT_NE(e.message().find(b.message), std::string::npos) << e.what();
}

const std::string kT = "<http://x/s> <http://x/p> ";  // 26 bytes

INSTANTIATE_TEST_SUITE_P(
    Documents, SyntaxErrorTest,
    ::testing::Values(
        // serd's own errors, on the first line and on later ones.
        BadDocument{RdfFormat::kNTriples, kT + "\"x\"@1 .\n", 1, 31, "unexpected"},
        BadDocument{RdfFormat::kNTriples, kT + "<http://o> .\n" + kT + "\"x\"@1 .\n", 2, 31,
                    "unexpected"},
        BadDocument{RdfFormat::kNTriples, kT + "<http://o> .\n" + kT + "<rel> .\n", 2, 31,
                    "IRI scheme"},
        BadDocument{RdfFormat::kNTriples, kT + "\"a\\qb\" .\n", 1, 30, "invalid escape"},
        BadDocument{RdfFormat::kTurtle, "@prefix : <http://x/> .\n\n:a :b :c ;\n  :d .\n", 4, 7,
                    "expected digit"},
        // N-Triples line structure.
        BadDocument{RdfFormat::kNTriples, kT + "\"x\" . " + kT + "\"y\" .\n", 1, 33,
                    "one statement per line"},
        BadDocument{RdfFormat::kNTriples, kT + "\"x\"\n.\n", 1, 30, "line end"},
        BadDocument{RdfFormat::kNTriples, "[] <http://x/p> <http://x/o> .\n", 1, 1, "'['"},
        BadDocument{RdfFormat::kNTriples, kT + "<http://x/o> <http://x/g> .\n", 1, 40,
                    "expected '.'"},
        BadDocument{RdfFormat::kNQuads, kT + "<http://x/o> \"g\" .\n", 1, 40, "graph label"},
        BadDocument{RdfFormat::kNTriples, "ex:s <http://x/p> <http://x/o> .\n", 1, 1, "'e'"},
        BadDocument{RdfFormat::kNTriples, "<http://x/s> _:p <http://x/o> .\n", 1, 14,
                    "predicate"},
        // Byte level: NUL outside strings, invalid UTF-8 (overlong, surrogate, comment).
        BadDocument{RdfFormat::kNTriples, kT + std::string("<http://x/o>\0 .\n", 16), 1, 39,
                    "NUL"},
        BadDocument{RdfFormat::kTurtle, "# ok\n" + kT + std::string("<o> . # \0\n", 10), 2,
                    35, "NUL"},
        BadDocument{RdfFormat::kTurtle, kT + "\"\xC0\x80\" .\n", 1, 28, "UTF-8"},
        BadDocument{RdfFormat::kTurtle, kT + "<http://x/\xED\xA0\x80> .\n", 1, 37, "UTF-8"},
        BadDocument{RdfFormat::kNTriples, kT + "<http://x/o> . # caf\xE9\n", 1, 47, "UTF-8"},
        // Found after serd decoded them, pointed at by the second pass.
        BadDocument{RdfFormat::kNTriples, kT + "<http://x/o> .\n" + kT + "\"ab\\uD800\" .\n", 2,
                    30, "surrogate"},
        BadDocument{RdfFormat::kTurtle, "@prefix : <http://x/> .\n:s :p :o ,\n  \"\"\"\\U0000DFFF\"\"\" .",
                    3, 6, "surrogate"},
        BadDocument{RdfFormat::kTurtle, "<s> <p> <o> .\n<s> <p> <http://x/\\u007B> .\n", 2, 19,
                    "not allowed in an IRI"},
        BadDocument{RdfFormat::kTurtle, "<s> <p> \"x\"@en- .\n", 1, 12, "language tag"},
        BadDocument{RdfFormat::kTurtle, "@prefix a: <http://a/> .\n<s> <p>\n  b:o .\n", 3, 3,
                    "undefined prefix 'b:'"},
        BadDocument{RdfFormat::kNQuads, kT + "<http://x/o> <http://x/g> .\n" + kT + "_:o <g> .\n",
                    2, 33, "IRI scheme"}));

// serd parses nested collections and blank node property lists by
// recursion: 100,000 levels overflowed the stack (SIGSEGV). The reader stops
// at the bracket beyond 1,000 levels; brackets in strings, IRIs and comments
// do not count.
TEST(ReaderTest, NestingIsLimitedBeforeSerdRecurses) {
  auto nested = [](int depth, const std::string& open, const std::string& close) {
    std::string doc = "<http://x/s> <http://x/p> ";  // 26 bytes
    for (int i = 0; i < depth; ++i) doc += open;
    doc += "1";
    for (int i = 0; i < depth; ++i) doc += close;
    return doc + " .\n";
  };
  EXPECT_EQ(ReadString(nested(1000, "(", ")"), RdfFormat::kTurtle).size(), 2001u);
  EXPECT_EQ(ReadString(nested(1000, "[ <http://x/q> ", "]"), RdfFormat::kTurtle).size(), 1001u);
  for (const auto& [open, close] : {std::pair{"(", ")"}, std::pair{"[ <http://x/q> ", "]"}}) {
    for (const int depth : {1001, 100000}) {
      for (const RdfFormat format : {RdfFormat::kTurtle, RdfFormat::kTriG}) {
        const LoadError e = ExpectLoadError(nested(depth, open, close), format);
        EXPECT_EQ(e.kind(), LoadError::Kind::kSyntax);
        EXPECT_EQ(e.line(), 1u);
        EXPECT_EQ(e.column(), 26u + 1000 * std::string(open).size() + 1) << e.what();
        EXPECT_NE(e.message().find("nested deeper than 1000 levels"), std::string::npos)
            << e.what();
      }
    }
  }
  // Brackets that are not nesting: in strings, long strings, IRIs, comments
  // and escaped in prefixed names; and closing brackets free their level.
  std::string doc = "@prefix : <http://x/> .\n";
  for (int i = 0; i < 2000; ++i) doc += ":s :p ( ( 1 ) ) .\n";
  doc += ":s :p \"" + std::string(2000, '(') + "\" , '''" + std::string(2000, '[') +
         "''' .\n:s :p <http://x/" + std::string(2000, '(') + "> . # " +
         std::string(2000, '[') + "\n:s :p :a\\(\\(\\( .\n";
  EXPECT_EQ(ReadString(doc, RdfFormat::kTurtle).size(), 2000u * 5 + 4);
}

TEST(ReaderTest, RelativeIriWithoutBaseIsAnError) {
  const LoadError e = ExpectLoadError("<s> <http://x/p> <http://x/o> .", RdfFormat::kTurtle,
                                      std::nullopt);
  EXPECT_EQ(e.kind(), LoadError::Kind::kSyntax);
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 1u);
  EXPECT_NE(e.message().find("no base IRI"), std::string::npos) << e.what();
}

TEST(ReaderTest, StringNeedsAFormat) {
  Collector c;
  EXPECT_THROW(ReadRdfString("", "x", {}, c), std::invalid_argument);
}

TEST(ReaderTest, GzipDetectedByMagicBytes) {
  TempDir dir;
  const std::string doc = "<http://x/s> <http://x/p> \"v\" .\n_:b <http://x/p> <http://x/o> .\n";
  for (const std::string name : {"a.nt.gz", "b.nt"}) {
    const fs::path file = dir.WriteGzip(name, doc);
    Collector c;
    ReadRdfFile(file, {}, c);
    EXPECT_EQ(c.lines.size(), 2u) << name;
  }
  // And a plain file whose name says .gz.
  const fs::path plain = dir.Write("c.ttl.gz", doc);
  Collector c;
  ReadRdfFile(plain, {}, c);
  EXPECT_EQ(c.lines.size(), 2u);
}

TEST(ReaderTest, IoErrorsNameTheFile) {
  TempDir dir;
  auto expect_io = [](const fs::path& p, const std::string& what) {
    Collector c;
    ReaderOptions o;
    o.format = RdfFormat::kNTriples;
    try {
      ReadRdfFile(p, o, c);
      ADD_FAILURE() << "no error for " << p;
    } catch (const LoadError& e) {
      EXPECT_EQ(e.kind(), LoadError::Kind::kIo) << e.what();
      EXPECT_EQ(e.source(), p.string());
      EXPECT_NE(e.message().find(what), std::string::npos) << e.what();
    }
  };
  expect_io(dir.path() / "missing.nt", "No such file");
  expect_io(dir.path(), "directory");
  expect_io(dir.Write("garbage.nt.gz",
                      std::string("\x1f\x8b\x08\x00 this is not deflate data at all", 36)),
            "gzip");
  // A gzip stream cut in the middle.
  std::string big;
  for (int i = 0; i < 20000; ++i) {
    big += "<http://x/s" + std::to_string(i) + "> <http://x/p> \"" + std::to_string(i * 7) +
           "\" .\n";
  }
  const fs::path whole = dir.WriteGzip("whole.nt.gz", big);
  std::string bytes;
  {
    std::ifstream in(whole, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  expect_io(dir.Write("cut.nt.gz", bytes.substr(0, bytes.size() / 2)), "gzip");
  if (::geteuid() != 0) {  // root reads anything
    const fs::path locked = dir.Write("locked.nt", "");
    fs::permissions(locked, fs::perms::none);
    expect_io(locked, "Permission denied");
  }
}

TEST(ReaderTest, HandlerExceptionsPropagate) {
  struct Boom : std::exception {};
  struct Thrower : QuadHandler {
    int seen = 0;
    void OnQuad(const TermView&, const TermView&, const TermView&, const TermView*) override {
      if (++seen == 3) throw Boom();
    }
  };
  for (const RdfFormat format : {RdfFormat::kNTriples, RdfFormat::kTurtle}) {
    Thrower t;
    ReaderOptions o;
    o.format = format;
    std::string doc;
    for (int i = 0; i < 10; ++i) doc += "<http://x/s> <http://x/p> \"" + std::to_string(i) + "\" .\n";
    EXPECT_THROW(ReadRdfString(doc, "x", o, t), Boom);
    EXPECT_EQ(t.seen, 3);
  }
  // Inside a blank node property list, where serd ignores a sink's failure.
  Thrower t;
  ReaderOptions o;
  o.format = RdfFormat::kTurtle;
  EXPECT_THROW(ReadRdfString("<http://s> <http://p> [ <http://p> 1, 2, 3, 4 ] .", "x", o, t),
               Boom);
  EXPECT_EQ(t.seen, 3);
}

std::string GenerateNTriples(int n) {
  std::string doc;
  doc.reserve(static_cast<std::size_t>(n) * 90);
  for (int i = 0; i < n; ++i) {
    doc += "<http://example.org/resource/" + std::to_string(i) +
           "> <http://example.org/p> \"value " + std::to_string(i) + "\"@en .\n";
  }
  return doc;
}

TEST(ReaderTest, ProgressIsReportedAndItsExceptionsPropagate) {
  TempDir dir;
  const std::string doc = GenerateNTriples(20000);  // about 1.5 MB
  const fs::path file = dir.Write("p.nt", doc);
  std::vector<std::uint64_t> seen;
  ReaderOptions o;
  o.on_bytes = [&](std::uint64_t n) { seen.push_back(n); };
  Collector c;
  ReadRdfFile(file, o, c);
  ASSERT_GE(seen.size(), 5u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), doc.size());

  struct Stop : std::exception {};
  o.on_bytes = [](std::uint64_t n) {
    if (n > 300000) throw Stop();
  };
  Collector partial;
  EXPECT_THROW(ReadRdfFile(file, o, partial), Stop);
  EXPECT_LT(partial.lines.size(), 20000u);
}

TEST(ReaderTest, BigInputsAndLateErrors) {
  constexpr int kLines = 200000;
  std::string nt = GenerateNTriples(kLines);
  struct Counter : QuadHandler {
    std::uint64_t n = 0, bytes = 0;
    void OnQuad(const TermView& s, const TermView& p, const TermView& o,
                const TermView*) override {
      ++n;
      bytes += s.value.size() + p.value.size() + o.value.size() + o.language.size();
    }
  };
  Counter count;
  ReaderOptions o;
  o.format = RdfFormat::kNTriples;
  ReadRdfString(nt, "big", o, count);
  EXPECT_EQ(count.n, static_cast<std::uint64_t>(kLines));

  // The same data as Turtle, gzip-compressed on disk.
  std::string ttl = "@prefix r: <http://example.org/resource/> .\n";
  for (int i = 0; i < kLines; ++i) {
    ttl += "r:" + std::to_string(i) + " <http://example.org/p> \"value " + std::to_string(i) +
           "\"@EN .\n";
  }
  TempDir dir;
  Counter from_gz;
  ReadRdfFile(dir.WriteGzip("big.ttl.gz", ttl), {}, from_gz);
  EXPECT_EQ(from_gz.n, count.n);
  EXPECT_EQ(from_gz.bytes, count.bytes);

  // Errors near the end: found by serd, by the byte checks, and in a callback.
  const std::string tail_serd = "<http://x/s> <http://x/p> \"x\"@1 .\n";
  const std::string tail_bytes = "<http://x/s> <http://x/p> <http://x/o> . # \xFF\n";
  const std::string tail_callback = "<http://x/s> <http://x/p> \"\\uDC00\" .\n";
  // The statement before the comment on the last line is delivered.
  for (const auto& [tail, column, delivered] :
       {std::tuple{tail_serd, 31, kLines}, std::tuple{tail_bytes, 44, kLines + 1},
        std::tuple{tail_callback, 28, kLines}}) {
    const std::string doc = nt + tail;
    Counter c;
    try {
      ReadRdfString(doc, "big", o, c);
      ADD_FAILURE() << "no error";
    } catch (const LoadError& e) {
      EXPECT_EQ(e.line(), static_cast<std::uint64_t>(kLines + 1)) << e.what();
      EXPECT_EQ(e.column(), static_cast<std::uint64_t>(column)) << e.what();
    }
    EXPECT_EQ(c.n, static_cast<std::uint64_t>(delivered));
  }
}

}  // namespace
}  // namespace corridor::storage
