// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// Bad queries and updates through Database::Query / Update: syntax errors
// name the position, deep nesting and huge literals do not crash, type
// errors in expressions are unbound values (SPARQL's errors), and a runaway
// Cartesian product stops by timeout, memory limit or cancellation with a
// clear error. The database is never changed by a failed request.
// (tests/parser/robustness_test.cc and error_test.cc check the parser alone.)
#include <chrono>
#include <thread>
#include <vector>

#include "bad_input_util.h"

namespace corridor::bad_input {
namespace {

using namespace std::chrono_literals;

class BadQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::Open(dir_.path() / "db");
    std::string doc = "@prefix : <http://x/> .\n";
    for (int i = 0; i < 20; ++i) {
      doc += ":s" + std::to_string(i) + " :p " + std::to_string(i) + " ; :name \"n" +
             std::to_string(i) + "\"@en .\n";
    }
    LoadOptions o;
    o.format = RdfFormat::kTurtle;
    db_->LoadString(doc, o);
    before_ = ContentsOf(*db_);
    ASSERT_EQ(before_.quads, 40u);
  }
  void TearDown() override { EXPECT_EQ(ContentsOf(*db_), before_) << "the database changed"; }

  // All rows of a SELECT, each cell in N-Triples form or "UNBOUND".
  std::vector<std::vector<std::string>> Rows(const std::string& query,
                                             const QueryOptions& options = {}) {
    QueryResult r = db_->Query(query, options);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::optional<Term>> row;
    while (r.Next(&row)) {
      std::vector<std::string> cells;
      for (const auto& cell : row) cells.push_back(cell ? cell->ToNTriples() : "UNBOUND");
      rows.push_back(std::move(cells));
    }
    return rows;
  }
  // Runs a query to its end.
  void Drain(const std::string& query, const QueryOptions& options = {}) { Rows(query, options); }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  Contents before_;
};

TEST_F(BadQueryTest, UnbalancedBrackets) {
  struct Case {
    std::string text;
    std::uint64_t line, column;
    std::string part;
  };
  for (const Case& c : {
           Case{"SELECT * WHERE { ?s ?p ?o ", 1, 27, "expected"},
           Case{"SELECT * WHERE { ?s ?p ?o }}", 1, 28, "end of input"},
           Case{"SELECT * WHERE {\n  ?s ?p (?o\n}", 3, 1, "')'"},
           Case{"SELECT * WHERE { ?s ?p ?o FILTER((?o > 1) }", 1, 43, "expected"},
           Case{"SELECT * WHERE { ?s ?p [ ?q ?o }", 1, 32, "']'"},
           Case{"SELECT (COUNT(*) AS ?n WHERE { ?s ?p ?o }", 1, 24, "')'"},
       }) {
    ExpectError([&] { Drain(c.text); },
                {ErrorCode::kSyntax, c.part, std::nullopt, c.line, c.column});
  }
  ExpectError([&] { db_->Update("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> "); },
              {ErrorCode::kSyntax, "expected", std::nullopt, 1, 54});
  ExpectError([&] { db_->Update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }}"); },
              {ErrorCode::kSyntax, "", std::nullopt, 1, 39});
}

TEST_F(BadQueryTest, TenThousandDeepNesting) {
  constexpr int kDeep = 10000;
  auto nest = [](const std::string& open, const std::string& inner, const std::string& close) {
    std::string s;
    for (int i = 0; i < kDeep; ++i) s += open;
    s += inner;
    for (int i = 0; i < kDeep; ++i) s += close;
    return s;
  };
  // The bracket beyond the 128th level is the error (parser/README.md,
  // "Limits"); in a blank node property list or a path the parser counts the
  // enclosing triple as a level, so the 128th bracket is.
  const std::string select = "SELECT * WHERE ";  // 15 bytes
  ExpectError([&] { Drain(select + nest("{", "?s ?p ?o", "}")); },
              {ErrorCode::kSyntax, "nesting deeper than 128 levels", std::nullopt, 1, 15 + 129});
  const std::string filter = "SELECT * WHERE { ?s ?p ?o FILTER";  // 32 bytes
  ExpectError([&] { Drain(filter + nest("(", "?o", ")") + " }"); },
              {ErrorCode::kSyntax, "nesting deeper than 128 levels", std::nullopt, 1, 32 + 129});
  ExpectError([&] { Drain("SELECT * WHERE { ?s ?p " + nest("[ ?p ", "?o", " ]") + " }"); },
              {ErrorCode::kSyntax, "nesting deeper than 128 levels", std::nullopt, 1,
               23 + 127 * 5 + 1});
  ExpectError([&] { Drain("SELECT * WHERE { ?s " + nest("(", "<http://x/p>", ")") + " ?o }"); },
              {ErrorCode::kSyntax, "nesting deeper than 128 levels", std::nullopt, 1, 20 + 128});
  ExpectError([&] { db_->Update("INSERT { ?s ?p ?o } WHERE " + nest("{", "?s ?p ?o", "}")); },
              {ErrorCode::kSyntax, "nesting deeper than 128 levels", std::nullopt, 1, 26 + 129});
  // Long flat chains are not nesting: 10,000 operands in one expression
  // (they used to be evaluated as 10,000 nested nodes, and overflowed the
  // stack: SIGSEGV).
  std::string sum = "?o", product = "?o", any = "?o = -1", every = "?o >= 0";
  for (int i = 0; i < kDeep; ++i) {
    sum += i % 2 ? " + 1" : " - 1";
    product += " * 1";
    any += " || ?o = " + std::to_string(-2 - i);
    every += " && ?o < " + std::to_string(1000 + i);
  }
  const std::string where = "SELECT ?s WHERE { ?s <http://x/p> ?o FILTER(";
  EXPECT_EQ(Rows(where + sum + " = 3) }").size(), 1u);
  EXPECT_EQ(Rows(where + product + " = 3) }").size(), 1u);
  EXPECT_EQ(Rows(where + any + " || ?o = 3) }").size(), 1u);
  EXPECT_EQ(Rows(where + every + ") }").size(), 20u);
  // The chains keep SPARQL's three-valued logic (an error is neither true
  // nor false): error || true is true, error && false is false, error ||
  // false and error && true are errors (so their negation is too).
  const std::string error = "(?o + \"x\" = 1)";
  EXPECT_EQ(Rows(where + error + " || false || ?o = 3) }").size(), 1u);
  EXPECT_EQ(Rows(where + "!(" + error + " && true && false)) }").size(), 20u);
  EXPECT_EQ(Rows(where + "!(" + error + " || false || false)) }").size(), 0u);
  EXPECT_EQ(Rows(where + "!(true && " + error + " && true)) }").size(), 0u);
  EXPECT_EQ(Rows(where + "?o * 2 + 1 - ?o * 3 = 1 - ?o) }").size(), 20u);
  EXPECT_EQ(Rows(where + "?o - 1 - 1 - 1 = 0 && 12 / 2 / 3 = 2) }").size(), 1u);
}

TEST_F(BadQueryTest, HugeLiterals) {
  const std::string ten_mb(10'000'000, 'x');
  // A 10 MB literal in a filter, a computed value and an update.
  EXPECT_TRUE(Rows("SELECT * WHERE { ?s ?p ?o FILTER(?o = \"" + ten_mb + "\") }").empty());
  const auto rows = Rows("SELECT (STRLEN(\"" + ten_mb + "\") AS ?n) WHERE {}");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "\"10000000\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  // Unterminated: the error is at the opening quote, and its message quotes
  // only a short excerpt of the 10 MB line.
  try {
    Drain("SELECT * WHERE { ?s ?p \"" + ten_mb + " }");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kSyntax);
    EXPECT_EQ(e.where().line, 1u);
    EXPECT_EQ(e.where().column, 24u) << e.what();
    EXPECT_LT(e.message().size(), 2000u);
  }
  // A 10 MB literal inserted and deleted again in one request changes nothing.
  const UpdateResult u = db_->Update("INSERT DATA { <http://x/big> <http://x/p> \"" + ten_mb +
                                     "\" } ; DELETE DATA { <http://x/big> <http://x/p> \"" +
                                     ten_mb + "\" }");
  EXPECT_EQ(u.quads_inserted, 0u);
}

TEST_F(BadQueryTest, UnknownPrefixesAndFunctions) {
  ExpectError([&] { Drain("SELECT * WHERE {\n  ?s foo:p ?o }"); },
              {ErrorCode::kSyntax, "undefined prefix 'foo:'", std::nullopt, 2, 6});
  ExpectError([&] { db_->Update("INSERT DATA { bar:a <http://x/p> 1 }"); },
              {ErrorCode::kSyntax, "undefined prefix 'bar:'", std::nullopt, 1, 15});
  // A function IRI the engine does not know: valid SPARQL, refused before
  // running (kInvalidArgument), at the IRI.
  ExpectError([&] { Drain("SELECT * WHERE { ?s ?p ?o FILTER(<http://x/nofn>(?o)) }"); },
              {ErrorCode::kInvalidArgument, "unknown function <http://x/nofn>", std::nullopt, 1, 34});
  ExpectError([&] { Drain("SELECT (<http://x/nofn>(1) AS ?x) WHERE {}"); },
              {ErrorCode::kInvalidArgument, "unknown function", std::nullopt, 1, 9});
  ExpectError([&] { db_->Update("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(\n <http://x/nofn>(?o)) }"); },
              {ErrorCode::kInvalidArgument, "unknown function", std::nullopt, 2, 2});
  // The casts are functions it knows.
  EXPECT_NO_THROW(Drain("SELECT (<http://www.w3.org/2001/XMLSchema#integer>(\"7\") AS ?x) WHERE {}"));
  // A built-in name that does not exist is a syntax error at the name.
  ExpectError([&] { Drain("SELECT * WHERE { ?s ?p ?o FILTER(NOSUCHFN(?o)) }"); },
              {ErrorCode::kSyntax, "", std::nullopt, 1, 34});
}

// SPARQL 1.1 §17.3: an expression error makes the value unbound (in SELECT
// and BIND), the FILTER false, the aggregate unbound; the query goes on.
TEST_F(BadQueryTest, TypeErrorsAreUnboundNotExceptions) {
  const std::string u = "UNBOUND";
  auto rows = Rows(
      "SELECT (1 + \"a\" AS ?a) (?n * 2 AS ?b) (STRLEN(?s) AS ?c) (1/0 AS ?d) "
      "(<http://www.w3.org/2001/XMLSchema#integer>(\"abc\") AS ?e) (?n < \"x\" AS ?f) "
      "(\"a\" = 1 AS ?g) (UCASE(?s) AS ?h) (YEAR(\"no date\") AS ?i) (REGEX(?s, \"x\") AS ?j) "
      "WHERE { ?s <http://x/name> ?n } LIMIT 1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], std::vector<std::string>(10, u));
  // BIND of an error leaves the variable unbound; later patterns still join.
  rows = Rows(
      "SELECT ?s ?x WHERE { ?s <http://x/p> ?o BIND(?o + \"z\" AS ?x) FILTER(?o = 3) }");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], u);
  // FILTER errors are false: nothing passes, nothing throws.
  EXPECT_TRUE(Rows("SELECT * WHERE { ?s ?p ?o FILTER(?o + \"z\") }").empty());
  EXPECT_TRUE(Rows("SELECT * WHERE { ?s ?p ?o FILTER(?nope > 1) }").empty());
  // ... but a FILTER error inside ! or || follows the three-valued logic:
  // error || true is true.
  EXPECT_EQ(Rows("SELECT * WHERE { ?s <http://x/p> ?o FILTER((?o + \"z\" > 1) || true) }").size(),
            20u);
  // Aggregates over values of the wrong type are unbound, the group stays.
  rows = Rows("SELECT (SUM(?n) AS ?sum) (AVG(?n) AS ?avg) (COUNT(?n) AS ?c) "
              "WHERE { ?s <http://x/name> ?n }");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], u);
  EXPECT_EQ(rows[0][1], u);
  EXPECT_EQ(rows[0][2], "\"20\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  // ORDER BY over mixed kinds is a total order, not an error.
  EXPECT_EQ(Rows("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o").size(), 40u);
  // An update whose template hits an error inserts nothing for that row.
  const UpdateResult r =
      db_->Update("INSERT { ?s <http://x/q> ?x } WHERE { ?s <http://x/name> ?n BIND(?n * 2 AS ?x) }");
  EXPECT_EQ(r.quads_inserted, 0u);
}

std::string TenPatterns() {
  std::string q = "SELECT * WHERE {";
  for (int i = 0; i < 10; ++i) {
    q += " ?s" + std::to_string(i) + " ?p" + std::to_string(i) + " ?o" + std::to_string(i) + " .";
  }
  return q + " }";
}

// 40^10 rows: stopped by a timeout, a memory limit or a cancel, each with a
// clear error, never by the process dying.
TEST_F(BadQueryTest, CartesianProductOfTenPatterns) {
  QueryOptions timeout;
  timeout.timeout = 500ms;
  auto start = std::chrono::steady_clock::now();
  ExpectError([&] { Drain(TenPatterns(), timeout); },
              {ErrorCode::kCancelled, "ran out of time (timeout 500 ms)", std::nullopt,
               std::nullopt, std::nullopt});
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);

  QueryOptions timeout_count = timeout;
  start = std::chrono::steady_clock::now();
  ExpectError(
      [&] { Drain("SELECT (COUNT(*) AS ?n) WHERE " + TenPatterns().substr(15), timeout_count); },
      {ErrorCode::kCancelled, "ran out of time", std::nullopt, std::nullopt, std::nullopt});
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);

  // Sorting and grouping it hold rows in memory: the limit stops them.
  QueryOptions memory;
  memory.memory_limit_bytes = 16 << 20;
  ExpectError([&] { Drain(TenPatterns() + " ORDER BY ?o0 ?o9", memory); },
              {ErrorCode::kResourceLimit, "memory limit of 16777216 bytes", std::nullopt,
               std::nullopt, std::nullopt});
  ExpectError([&] { Drain("SELECT DISTINCT * WHERE " + TenPatterns().substr(15), memory); },
              {ErrorCode::kResourceLimit, "memory limit", std::nullopt, std::nullopt,
               std::nullopt});

  QueryOptions cancel;
  cancel.cancel = std::make_shared<CancelToken>();
  std::thread canceller([token = cancel.cancel] {
    std::this_thread::sleep_for(300ms);
    token->Cancel();
  });
  start = std::chrono::steady_clock::now();
  ExpectError([&] { Drain(TenPatterns(), cancel); },
              {ErrorCode::kCancelled, "cancelled", std::nullopt, std::nullopt, std::nullopt});
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);

  // An update over the product, stopped by its timeout, changes nothing.
  UpdateOptions update_timeout;
  update_timeout.timeout = 500ms;
  std::string where = TenPatterns().substr(15);
  ExpectError([&] { db_->Update("INSERT { ?s0 <http://x/q> ?o9 } WHERE " + where, update_timeout); },
              {ErrorCode::kCancelled, "", std::nullopt, std::nullopt, std::nullopt});
}

// The same through `corridor query --timeout`: exit code 1 and the cause.
TEST(BadQueryBinaryTest, CartesianProductStopsAtTheTimeout) {
  TempDir dir;
  std::string doc;
  for (int i = 0; i < 20; ++i) doc += "<http://x/s" + std::to_string(i) + "> <http://x/p> " +
                                      std::to_string(i) + " .\n";
  WriteFile(dir.path() / "data.ttl", doc);
  ASSERT_EQ(RunCorridor(dir.path(), "load db data.ttl").code, 0);
  WriteFile(dir.path() / "q.rq", TenPatterns());
  const Outcome r = RunCorridor(dir.path(), "query db -f q.rq --timeout 300");
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "ran out of time (timeout 300 ms)")) << r.err;
}

}  // namespace
}  // namespace corridor::bad_input
