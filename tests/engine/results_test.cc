// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The result serialisers: the format layer (engine/result_writers.h) on
// fixed rows and triples, every format's exact output with every escaping
// case; then WriteResults on real queries through Database::Query.
#include "engine/result_writers.h"

#include <gtest/gtest.h>

#include <sstream>

#include "corridor/database.h"
#include "corridor/error.h"
#include "corridor/results.h"
#include "storage/rdf_reader.h"
#include "test_util.h"

namespace corridor::internal {
namespace {

using Row = std::vector<std::optional<Term>>;

constexpr char kXsdInt[] = "http://www.w3.org/2001/XMLSchema#integer";
constexpr char kXsdDec[] = "http://www.w3.org/2001/XMLSchema#decimal";
constexpr char kXsdDbl[] = "http://www.w3.org/2001/XMLSchema#double";
constexpr char kXsdBool[] = "http://www.w3.org/2001/XMLSchema#boolean";
constexpr char kXsdDate[] = "http://www.w3.org/2001/XMLSchema#date";
constexpr char kRdfTypeIri[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

// A RowSource over fixed rows that counts how often it was asked.
struct FixedRows {
  std::vector<Row> rows;
  std::size_t pulled = 0;
  RowSource Source() {
    return [this](Row* row) {
      if (pulled >= rows.size()) return false;
      *row = rows[pulled++];
      return true;
    };
  }
};

std::string Solutions(ResultFormat format, const std::vector<std::string>& vars,
                      std::vector<Row> rows, std::size_t* count = nullptr) {
  FixedRows source{std::move(rows)};
  std::ostringstream out;
  const std::size_t n = WriteSolutions(format, vars, source.Source(), out);
  if (count != nullptr) *count = n;
  return out.str();
}

std::string Triples(ResultFormat format, const std::vector<Quad>& triples,
                    const std::map<std::string, std::string>& prefixes = {},
                    std::size_t* count = nullptr) {
  std::size_t i = 0;
  std::ostringstream out;
  const std::size_t n = WriteTriples(
      format, prefixes,
      [&](Quad* t) {
        if (i >= triples.size()) return false;
        *t = triples[i++];
        return true;
      },
      out);
  if (count != nullptr) *count = n;
  return out.str();
}

std::string Boolean(ResultFormat format, bool answer) {
  std::ostringstream out;
  WriteBoolean(format, answer, out);
  return out.str();
}

Term Iri(const std::string& s) { return Term::Iri("http://ex.org/" + s); }
Quad Triple(Term s, Term p, Term o) { return Quad{std::move(s), std::move(p), std::move(o), {}}; }

// One row with each kind of term, and one with unbound values.
const std::vector<std::string> kVars = {"s", "o", "x"};
std::vector<Row> MixedRows() {
  return {
      {Iri("a"), Term::LangLiteral("chat", "FR"), Term::Blank("b1")},
      {Iri("b"), Term::TypedLiteral("42", kXsdInt), std::nullopt},
      {std::nullopt, Term::Literal("plain"), std::nullopt},
  };
}

// ------------------------------------------------------------------ JSON

TEST(JsonResults, WritesHeadBindingsAndTermTypes) {
  std::size_t count = 0;
  EXPECT_EQ(Solutions(ResultFormat::kJson, kVars, MixedRows(), &count),
            "{\n"
            "  \"head\": { \"vars\": [ \"s\", \"o\", \"x\" ] },\n"
            "  \"results\": { \"bindings\": [\n"
            "    { \"s\": { \"type\": \"uri\", \"value\": \"http://ex.org/a\" }, "
            "\"o\": { \"type\": \"literal\", \"value\": \"chat\", \"xml:lang\": \"fr\" }, "
            "\"x\": { \"type\": \"bnode\", \"value\": \"b1\" } },\n"
            "    { \"s\": { \"type\": \"uri\", \"value\": \"http://ex.org/b\" }, "
            "\"o\": { \"type\": \"literal\", \"value\": \"42\", \"datatype\": "
            "\"http://www.w3.org/2001/XMLSchema#integer\" } },\n"
            "    { \"o\": { \"type\": \"literal\", \"value\": \"plain\" } }\n"
            "  ] }\n"
            "}\n");
  EXPECT_EQ(count, 3u);
}

TEST(JsonResults, EscapesStrings) {
  const std::string out =
      Solutions(ResultFormat::kJson, {"v"},
                {{Term::Literal("q\"b\\s/\n\r\t\b\f\x01\x1f\x7f é 中 🙂")}});
  EXPECT_NE(out.find(R"("value": "q\"b\\s/\n\r\t\b\f\u0001\u001F\u007F é 中 🙂")"),
            std::string::npos)
      << out;
}

TEST(JsonResults, EmptyResultsAndNoVariables) {
  EXPECT_EQ(Solutions(ResultFormat::kJson, {"a"}, {}),
            "{\n  \"head\": { \"vars\": [ \"a\" ] },\n  \"results\": { \"bindings\": [] }\n}\n");
  EXPECT_EQ(Solutions(ResultFormat::kJson, {}, {{}}),
            "{\n  \"head\": { \"vars\": [] },\n  \"results\": { \"bindings\": [\n    {}\n  ] }\n}\n");
}

TEST(JsonResults, Boolean) {
  EXPECT_EQ(Boolean(ResultFormat::kJson, true), "{\n  \"head\": {},\n  \"boolean\": true\n}\n");
  EXPECT_EQ(Boolean(ResultFormat::kJson, false), "{\n  \"head\": {},\n  \"boolean\": false\n}\n");
}

// ------------------------------------------------------------------- XML

TEST(XmlResults, WritesHeadResultsAndTermElements) {
  EXPECT_EQ(Solutions(ResultFormat::kXml, kVars, MixedRows()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
            "  <head>\n"
            "    <variable name=\"s\"/>\n"
            "    <variable name=\"o\"/>\n"
            "    <variable name=\"x\"/>\n"
            "  </head>\n"
            "  <results>\n"
            "    <result>\n"
            "      <binding name=\"s\"><uri>http://ex.org/a</uri></binding>\n"
            "      <binding name=\"o\"><literal xml:lang=\"fr\">chat</literal></binding>\n"
            "      <binding name=\"x\"><bnode>b1</bnode></binding>\n"
            "    </result>\n"
            "    <result>\n"
            "      <binding name=\"s\"><uri>http://ex.org/b</uri></binding>\n"
            "      <binding name=\"o\"><literal "
            "datatype=\"http://www.w3.org/2001/XMLSchema#integer\">42</literal></binding>\n"
            "    </result>\n"
            "    <result>\n"
            "      <binding name=\"o\"><literal>plain</literal></binding>\n"
            "    </result>\n"
            "  </results>\n"
            "</sparql>\n");
}

TEST(XmlResults, EscapesTextAndAttributes) {
  const std::string out = Solutions(
      ResultFormat::kXml, {"v", "w"},
      {{Term::Literal("a<b>&c \"q\" 'x'\r\n\tz\x01 é"),
        Term::TypedLiteral("1", "http://ex.org/dt?a=1&b=\"2\"")}});
  EXPECT_NE(out.find("<literal>a&lt;b&gt;&amp;c \"q\" 'x'&#x0D;\n\tz&#x01; é</literal>"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("datatype=\"http://ex.org/dt?a=1&amp;b=&quot;2&quot;\">1</literal>"),
            std::string::npos)
      << out;
}

TEST(XmlResults, EmptyResultsAndBoolean) {
  EXPECT_EQ(Solutions(ResultFormat::kXml, {}, {}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
            "  <head>\n  </head>\n  <results>\n  </results>\n</sparql>\n");
  EXPECT_EQ(Boolean(ResultFormat::kXml, false),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
            "  <head/>\n  <boolean>false</boolean>\n</sparql>\n");
}

// ------------------------------------------------------------------- CSV

TEST(CsvResults, PlainValuesCrlfAndEmptyUnbound) {
  EXPECT_EQ(Solutions(ResultFormat::kCsv, kVars, MixedRows()),
            "s,o,x\r\n"
            "http://ex.org/a,chat,_:b1\r\n"
            "http://ex.org/b,42,\r\n"
            ",plain,\r\n");
}

TEST(CsvResults, QuotesFieldsWithQuotesCommasAndLineBreaks) {
  EXPECT_EQ(Solutions(ResultFormat::kCsv, {"a", "b", "c", "d", "e"},
                      {{Term::Literal("say \"hi\""), Term::Literal("4,4"),
                        Term::Literal("two\nlines"), Term::Literal("cr\r"),
                        Term::Literal("tab\there é")}}),
            "a,b,c,d,e\r\n"
            "\"say \"\"hi\"\"\",\"4,4\",\"two\nlines\",\"cr\r\",tab\there é\r\n");
}

TEST(CsvResults, EmptyResultsAndBoolean) {
  EXPECT_EQ(Solutions(ResultFormat::kCsv, {"x", "y"}, {}), "x,y\r\n");
  EXPECT_EQ(Boolean(ResultFormat::kCsv, true), "_askResult\r\ntrue\r\n");
}

// ------------------------------------------------------------------- TSV

TEST(TsvResults, TermsInTurtleSyntax) {
  EXPECT_EQ(Solutions(ResultFormat::kTsv, kVars, MixedRows()),
            "?s\t?o\t?x\n"
            "<http://ex.org/a>\t\"chat\"@fr\t_:b1\n"
            "<http://ex.org/b>\t42\t\n"
            "\t\"plain\"\t\n");
}

TEST(TsvResults, NumbersShortOnlyWhenTheLexicalFormAllows) {
  EXPECT_EQ(Solutions(ResultFormat::kTsv, {"a", "b", "c", "d", "e", "f", "g"},
                      {{Term::TypedLiteral("-7", kXsdInt), Term::TypedLiteral("2.5", kXsdDec),
                        Term::TypedLiteral("1.0E6", kXsdDbl), Term::TypedLiteral("INF", kXsdDbl),
                        Term::TypedLiteral("5.", kXsdDec), Term::TypedLiteral(" 1", kXsdInt),
                        Term::TypedLiteral("true", kXsdBool)}}),
            "?a\t?b\t?c\t?d\t?e\t?f\t?g\n"
            "-7\t2.5\t1.0E6\t\"INF\"^^<http://www.w3.org/2001/XMLSchema#double>\t"
            "\"5.\"^^<http://www.w3.org/2001/XMLSchema#decimal>\t"
            "\" 1\"^^<http://www.w3.org/2001/XMLSchema#integer>\t"
            "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>\n");
}

TEST(TsvResults, EscapesTabsNewlinesQuotesAndIris) {
  EXPECT_EQ(Solutions(ResultFormat::kTsv, {"v", "i"},
                      {{Term::Literal("a\tb\nc\rd\"e\\f\x02 é"),
                        Term::Iri("http://ex.org/a b>\t")}}),
            "?v\t?i\n"
            "\"a\\tb\\nc\\rd\\\"e\\\\f\\u0002 é\"\t<http://ex.org/a\\u0020b\\u003E\\u0009>\n");
}

TEST(TsvResults, EmptyResultsAndBoolean) {
  EXPECT_EQ(Solutions(ResultFormat::kTsv, {"x"}, {}), "?x\n");
  EXPECT_EQ(Boolean(ResultFormat::kTsv, false), "?_askResult\nfalse\n");
}

// --------------------------------------------------------- row contracts

TEST(Solutions, PullsEveryRowOnceAndChecksRowWidth) {
  FixedRows source{{{Iri("a")}, {Iri("b")}}};
  std::ostringstream out;
  EXPECT_EQ(WriteSolutions(ResultFormat::kCsv, {"x"}, source.Source(), out), 2u);
  EXPECT_EQ(source.pulled, 2u);
  EXPECT_THROW(Solutions(ResultFormat::kJson, {"x"}, {{Iri("a"), Iri("b")}}), Error);
}

TEST(Solutions, StreamsRowsBeforeTheEnd) {
  // The second pull fails: what the first row produced is already written.
  std::ostringstream out;
  int calls = 0;
  const RowSource source = [&](Row* row) {
    if (++calls == 2) throw Error(ErrorCode::kCancelled, "stop");
    *row = {Term::Literal("first")};
    return true;
  };
  EXPECT_THROW(WriteSolutions(ResultFormat::kTsv, {"x"}, source, out), Error);
  EXPECT_EQ(out.str(), "?x\n\"first\"\n");
}

TEST(Solutions, RdfFormatsAreRefused) {
  try {
    Solutions(ResultFormat::kTurtle, {"x"}, {});
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_THROW(Boolean(ResultFormat::kNTriples, true), Error);
  EXPECT_THROW(Triples(ResultFormat::kJson, {}), Error);
}

// --------------------------------------------------------------- triples

TEST(NTriples, OneLinePerTripleWithEscapes) {
  std::size_t count = 0;
  EXPECT_EQ(Triples(ResultFormat::kNTriples,
                    {Triple(Iri("s"), Iri("p"), Term::Literal("a \"b\"\n\\")),
                     Triple(Term::Blank("x1"), Term::Iri(kRdfTypeIri), Iri("C")),
                     Triple(Iri("s"), Iri("p"), Term::LangLiteral("hé", "EN-gb")),
                     Triple(Iri("s"), Iri("p"), Term::TypedLiteral("7", kXsdInt))},
                    {{"ex", "http://ex.org/"}}, &count),
            "<http://ex.org/s> <http://ex.org/p> \"a \\\"b\\\"\\n\\\\\" .\n"
            "_:x1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex.org/C> .\n"
            "<http://ex.org/s> <http://ex.org/p> \"hé\"@en-gb .\n"
            "<http://ex.org/s> <http://ex.org/p> "
            "\"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
  EXPECT_EQ(count, 4u);
  EXPECT_EQ(Triples(ResultFormat::kNTriples, {}), "");
}

TEST(Turtle, PrefixesGroupingAndShortForms) {
  const std::map<std::string, std::string> prefixes = {
      {"ex", "http://ex.org/"},
      {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {"", "http://ex.org/deep/"},
  };
  std::size_t count = 0;
  EXPECT_EQ(Triples(ResultFormat::kTurtle,
                    {
                        Triple(Iri("s"), Term::Iri(kRdfTypeIri), Iri("C")),
                        Triple(Iri("s"), Iri("p"), Term::TypedLiteral("1", kXsdInt)),
                        Triple(Iri("s"), Iri("p"), Term::TypedLiteral("-1.5", kXsdDec)),
                        Triple(Iri("s"), Iri("q"), Term::TypedLiteral("2001-01-01", kXsdDate)),
                        Triple(Iri("deep/t"), Iri("p"), Term::TypedLiteral("false", kXsdBool)),
                        Triple(Term::Blank("b0"), Iri("p"), Term::LangLiteral("x", "de")),
                    },
                    prefixes, &count),
            "@prefix : <http://ex.org/deep/> .\n"
            "@prefix ex: <http://ex.org/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            "\n"
            "ex:s a ex:C ;\n"
            "    ex:p 1 ,\n"
            "        -1.5 ;\n"
            "    ex:q \"2001-01-01\"^^xsd:date .\n"
            ":t ex:p false .\n"
            "_:b0 ex:p \"x\"@de .\n");
  EXPECT_EQ(count, 6u);
}

TEST(Turtle, FullIrisWhereNoLocalNameFits) {
  const std::map<std::string, std::string> prefixes = {{"ex", "http://ex.org/"}};
  EXPECT_EQ(Triples(ResultFormat::kTurtle,
                    {
                        Triple(Iri("a/b"), Iri("p"), Iri("ends.")),
                        Triple(Iri("x y"), Iri("p%2F"), Iri("")),
                        Triple(Iri("1st"), Iri("p"), Iri("a.b:c-d")),
                        Triple(Term::Iri("urn:other"), Iri("p"), Term::Literal("t\tab")),
                    },
                    prefixes),
            "@prefix ex: <http://ex.org/> .\n"
            "\n"
            "<http://ex.org/a/b> ex:p <http://ex.org/ends.> .\n"
            "<http://ex.org/x\\u0020y> ex:p%2F ex: .\n"
            "ex:1st ex:p ex:a.b:c-d .\n"
            "<urn:other> ex:p \"t\\tab\" .\n");
}

TEST(Turtle, InvalidPrefixNamesAreNotDeclaredAndNoPrefixesNoHeader) {
  EXPECT_EQ(Triples(ResultFormat::kTurtle, {Triple(Iri("s"), Iri("p"), Iri("o"))},
                    {{"1bad", "http://ex.org/"}, {"ok.", "http://ex.org/"}}),
            "<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n");
  EXPECT_EQ(Triples(ResultFormat::kTurtle, {}), "");
}

// Reads a document back with the loader's reader (serd). IRIs that are not
// valid IRIs (e.g. with a space) have no Turtle form that serd accepts; the
// writers' \u escapes for them are checked above, not here.
std::vector<Quad> ReadBack(const std::string& document, RdfFormat format) {
  struct Collector : storage::QuadHandler {
    std::vector<Quad> quads;
    void OnQuad(const storage::TermView& s, const storage::TermView& p,
                const storage::TermView& o, const storage::TermView*) override {
      quads.push_back(Triple(s.ToTerm(), p.ToTerm(), o.ToTerm()));
    }
  } collector;
  storage::ReaderOptions options;
  options.format = format;
  storage::ReadRdfString(document, "<written>", options, collector);
  return collector.quads;
}

TEST(TriplesRoundTrip, TurtleAndNTriplesReadBackToTheSameTriples) {
  const std::vector<Quad> triples = {
      Triple(Iri("s"), Term::Iri(kRdfTypeIri), Iri("C")),
      Triple(Iri("s"), Iri("p"), Term::Literal("quote \" backslash \\ nl \n cr \r tab \t")),
      Triple(Iri("s"), Iri("p"), Term::Literal("ctl \x01 del \x7f é 中 🙂")),
      Triple(Iri("s"), Iri("p"), Term::LangLiteral("bonjour", "fr-CA")),
      Triple(Iri("s"), Iri("q"), Term::TypedLiteral("12", kXsdInt)),
      Triple(Iri("s"), Iri("q"), Term::TypedLiteral("012", kXsdInt)),
      Triple(Iri("s"), Iri("q"), Term::TypedLiteral(".5", kXsdDec)),
      Triple(Iri("s"), Iri("q"), Term::TypedLiteral("-1E-3", kXsdDbl)),
      Triple(Iri("s"), Iri("q"), Term::TypedLiteral("NaN", kXsdDbl)),
      Triple(Iri("s"), Iri("q"), Term::TypedLiteral("true", kXsdBool)),
      Triple(Iri("s"), Iri("q"), Term::TypedLiteral("x", "http://ex.org/my#type")),
      Triple(Iri("x#y"), Iri("a%20b"), Iri("a.b:c")),
      Triple(Term::Blank("b.1"), Iri("p"), Term::Blank(".generated")),
      Triple(Iri("deep/n"), Iri("p"), Iri("ends.")),
  };
  const std::map<std::string, std::string> prefixes = {
      {"ex", "http://ex.org/"}, {"", "http://ex.org/deep/"}};
  for (const ResultFormat format : {ResultFormat::kTurtle, ResultFormat::kNTriples}) {
    const std::string written = Triples(format, triples, prefixes);
    std::vector<Quad> back;
    ASSERT_NO_THROW(back = ReadBack(written, format == ResultFormat::kTurtle
                                                 ? RdfFormat::kTurtle
                                                 : RdfFormat::kNTriples))
        << written;
    ASSERT_EQ(back.size(), triples.size()) << written;
    for (std::size_t i = 0; i < triples.size(); ++i) {
      if (triples[i].subject.is_blank()) {  // labels are renamed by the reader
        EXPECT_TRUE(back[i].subject.is_blank());
        EXPECT_TRUE(back[i].object.is_blank());
        EXPECT_NE(back[i].subject, back[i].object);
        continue;
      }
      EXPECT_EQ(back[i], triples[i]) << written;
    }
  }
}

TEST(BlankLabels, ValidLabelsKeptOthersMadeValid) {
  EXPECT_EQ(BlankLabel("b0"), "b0");
  EXPECT_EQ(BlankLabel("0a.b-c_d"), "0a.b-c_d");
  EXPECT_EQ(BlankLabel("é"), "é");
  EXPECT_EQ(BlankLabel(".gen3"), "_x2Egen3");
  EXPECT_EQ(BlankLabel("a."), "a_x2E");
  EXPECT_EQ(BlankLabel("a b"), "a_x20b");
  EXPECT_EQ(BlankLabel(""), "_");
  // The label reaches every format in its valid form.
  EXPECT_EQ(Solutions(ResultFormat::kCsv, {"x"}, {{Term::Blank(".g")}}), "x\r\n_:_x2Eg\r\n");
  EXPECT_EQ(Triples(ResultFormat::kNTriples, {Triple(Term::Blank(".g"), Iri("p"), Iri("o"))}),
            "_:_x2Eg <http://ex.org/p> <http://ex.org/o> .\n");
}

TEST(ResultFormatNames, ParsesShortAndLongNames) {
  EXPECT_EQ(ResultFormatFromName("json"), ResultFormat::kJson);
  EXPECT_EQ(ResultFormatFromName("XML"), ResultFormat::kXml);
  EXPECT_EQ(ResultFormatFromName("csv"), ResultFormat::kCsv);
  EXPECT_EQ(ResultFormatFromName("tsv"), ResultFormat::kTsv);
  EXPECT_EQ(ResultFormatFromName("nt"), ResultFormat::kNTriples);
  EXPECT_EQ(ResultFormatFromName("ntriples"), ResultFormat::kNTriples);
  EXPECT_EQ(ResultFormatFromName("ttl"), ResultFormat::kTurtle);
  EXPECT_EQ(ResultFormatFromName("turtle"), ResultFormat::kTurtle);
  EXPECT_EQ(ResultFormatFromName("rdfxml"), std::nullopt);
  EXPECT_EQ(ResultFormatFromName(""), std::nullopt);
}

}  // namespace
}  // namespace corridor::internal

// ----------------------------------------------- end to end: WriteResults

namespace corridor {
namespace {

class WriteResultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(dir_.path() / "db");
    LoadOptions options;
    options.format = RdfFormat::kTurtle;
    db_->LoadString(R"(
        @prefix ex: <http://ex.org/> .
        ex:a ex:name "Alice, \"Al\""@en ; ex:age 42 ; a ex:Person .
        ex:b ex:name "Bob\tB." ; ex:knows _:x .
        _:x ex:name "X" .)",
                    options);
  }

  std::string Write(const std::string& query, ResultFormat format, std::size_t* count = nullptr) {
    QueryResult result = db_->Query(query);
    std::ostringstream out;
    const std::size_t n = WriteResults(result, format, out);
    if (count != nullptr) *count = n;
    return out.str();
  }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
};

constexpr char kNames[] =
    "PREFIX ex: <http://ex.org/> "
    "SELECT ?s ?name ?age WHERE { ?s ex:name ?name OPTIONAL { ?s ex:age ?age } "
    "FILTER(isIRI(?s)) } ORDER BY ?s";

TEST_F(WriteResultsTest, SelectInEveryTableFormat) {
  std::size_t count = 0;
  EXPECT_EQ(Write(kNames, ResultFormat::kCsv, &count),
            "s,name,age\r\n"
            "http://ex.org/a,\"Alice, \"\"Al\"\"\",42\r\n"
            "http://ex.org/b,Bob\tB.,\r\n");
  EXPECT_EQ(count, 2u);
  EXPECT_EQ(Write(kNames, ResultFormat::kTsv),
            "?s\t?name\t?age\n"
            "<http://ex.org/a>\t\"Alice, \\\"Al\\\"\"@en\t42\n"
            "<http://ex.org/b>\t\"Bob\\tB.\"\t\n");
  EXPECT_EQ(Write(kNames, ResultFormat::kJson),
            "{\n"
            "  \"head\": { \"vars\": [ \"s\", \"name\", \"age\" ] },\n"
            "  \"results\": { \"bindings\": [\n"
            "    { \"s\": { \"type\": \"uri\", \"value\": \"http://ex.org/a\" }, "
            "\"name\": { \"type\": \"literal\", \"value\": \"Alice, \\\"Al\\\"\", "
            "\"xml:lang\": \"en\" }, "
            "\"age\": { \"type\": \"literal\", \"value\": \"42\", "
            "\"datatype\": \"http://www.w3.org/2001/XMLSchema#integer\" } },\n"
            "    { \"s\": { \"type\": \"uri\", \"value\": \"http://ex.org/b\" }, "
            "\"name\": { \"type\": \"literal\", \"value\": \"Bob\\tB.\" } }\n"
            "  ] }\n"
            "}\n");
  const std::string xml = Write(kNames, ResultFormat::kXml);
  EXPECT_NE(xml.find("<binding name=\"name\"><literal xml:lang=\"en\">Alice, \"Al\"</literal>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<binding name=\"name\"><literal>Bob\tB.</literal></binding>\n    </result>"),
            std::string::npos)
      << xml;
}

TEST_F(WriteResultsTest, BlankNodesAndEmptyResults) {
  const std::string csv = Write(
      "PREFIX ex: <http://ex.org/> SELECT ?o WHERE { ex:b ex:knows ?o }", ResultFormat::kCsv);
  EXPECT_TRUE(csv.starts_with("o\r\n_:")) << csv;
  std::size_t count = 1;
  EXPECT_EQ(Write("SELECT ?s WHERE { ?s <http://ex.org/none> ?o }", ResultFormat::kTsv, &count),
            "?s\n");
  EXPECT_EQ(count, 0u);
}

TEST_F(WriteResultsTest, AskAnswers) {
  std::size_t count = 0;
  EXPECT_EQ(Write("ASK { ?s <http://ex.org/age> 42 }", ResultFormat::kJson, &count),
            "{\n  \"head\": {},\n  \"boolean\": true\n}\n");
  EXPECT_EQ(count, 1u);
  EXPECT_NE(Write("ASK { ?s <http://ex.org/age> 43 }", ResultFormat::kXml)
                .find("<boolean>false</boolean>"),
            std::string::npos);
}

TEST_F(WriteResultsTest, ConstructAsTurtleWithTheQueryPrefixesAndAsNTriples) {
  const std::string construct =
      "PREFIX ex: <http://ex.org/> "
      "CONSTRUCT { ?s a ex:Named ; ex:label ?n } WHERE { ?s ex:name ?n FILTER(?s = ex:a) }";
  std::size_t count = 0;
  const std::string turtle = Write(construct, ResultFormat::kTurtle, &count);
  EXPECT_EQ(count, 2u);
  EXPECT_TRUE(turtle.starts_with("@prefix ex: <http://ex.org/> .\n\n")) << turtle;
  // The two triples share the subject: one statement, in either order.
  const bool type_first =
      turtle.ends_with("ex:a a ex:Named ;\n    ex:label \"Alice, \\\"Al\\\"\"@en .\n");
  const bool label_first =
      turtle.ends_with("ex:a ex:label \"Alice, \\\"Al\\\"\"@en ;\n    a ex:Named .\n");
  EXPECT_TRUE(type_first || label_first) << turtle;

  const std::string nt = Write(construct, ResultFormat::kNTriples);
  EXPECT_NE(nt.find("<http://ex.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                    "<http://ex.org/Named> .\n"),
            std::string::npos)
      << nt;
  EXPECT_NE(nt.find("<http://ex.org/a> <http://ex.org/label> \"Alice, \\\"Al\\\"\"@en .\n"),
            std::string::npos)
      << nt;
}

TEST_F(WriteResultsTest, FormatsThatDoNotFitTheFormAreRefused) {
  auto code = [&](const std::string& query, ResultFormat format) {
    try {
      Write(query, format);
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::kInternal;
  };
  EXPECT_EQ(code("SELECT * { ?s ?p ?o }", ResultFormat::kTurtle), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code("ASK { ?s ?p ?o }", ResultFormat::kNTriples), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code("CONSTRUCT WHERE { ?s ?p ?o }", ResultFormat::kCsv),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace corridor
