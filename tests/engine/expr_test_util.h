// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// A fixture for expression tests: a database in a temporary directory with
// a few stored terms, an EvalContext over it, and helpers that compile an
// expression from query text and evaluate it on one row of named columns.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corridor/database.h"
#include "engine/database_impl.h"
#include "engine/expression.h"
#include "parser/sparql_parser.hpp"
#include "test_util.h"

namespace corridor::engine::testing {

inline constexpr char kXsdNs[] = "http://www.w3.org/2001/XMLSchema#";

// Terms the store holds (so they have store ids).
inline constexpr char kStoredData[] = R"(
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:s ex:p "stored", "chat"@fr, 1.5, "3"^^xsd:double, ex:o, _:b1,
     "2011-01-10T14:45:13.815-05:00"^^xsd:dateTime, "abc"^^xsd:integer .
)";

// A row whose columns are named; unnamed variables are out of scope.
class TestRow : public RowAccessor {
 public:
  Id Get(std::size_t column) const override { return column < ids.size() ? ids[column] : kNoId; }
  std::vector<std::string> names;
  std::vector<Id> ids;
};

class ExprTest : public ::testing::Test {
 protected:
  ExprTest() {
    db_ = Database::Open(dir_.path() / "db");
    LoadOptions load;
    load.format = RdfFormat::kTurtle;
    db_->LoadString(kStoredData, load);
    ctx_ = std::make_unique<EvalContext>(store(), vocab_, "2011-01-10T14:45:13.815-05:00");
  }

  const storage::Store& store() { return db_->impl().store(); }

  // The store id of a term the store holds.
  Id StoredId(const Term& t) {
    auto id = store().LookupId(storage::TermParts::Of(t));
    EXPECT_TRUE(id.has_value()) << t.ToNTriples();
    return id.value_or(kNoId);
  }

  // Binds ?name in the row to `id` (kNoId: unbound but in scope).
  void BindId(const std::string& name, Id id) {
    for (std::size_t i = 0; i < row_.names.size(); ++i) {
      if (row_.names[i] == name) {
        row_.ids[i] = id;
        return;
      }
    }
    row_.names.push_back(name);
    row_.ids.push_back(id);
  }
  void Bind(const std::string& name, const Term& t) { BindId(name, ctx_->Encode(t)); }

  ColumnOf Columns() const {
    return [this](const std::string& v) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < row_.names.size(); ++i) {
        if (row_.names[i] == v) return i;
      }
      return std::nullopt;
    };
  }

  static sparql::ast::Expression Parse(const std::string& expression) {
    sparql::ParseOptions options;
    options.prefixes = {{"xsd", kXsdNs},
                        {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
                        {"ex", "http://example.org/"}};
    sparql::ast::Query q =
        sparql::ParseQuery("SELECT (" + expression + " AS ?result) {}", options);
    return *q.select.items.at(0).expression;
  }

  std::unique_ptr<Expr> Compile(const std::string& expression, const CompileOptions& options = {}) {
    return CompileExpression(Parse(expression), Columns(), exists_, options);
  }

  // The expression's value as a term, or nullopt for an error.
  std::optional<Term> Eval(const std::string& expression) {
    const Id id = Compile(expression)->Evaluate(row_, *ctx_);
    if (id == kNoId) return std::nullopt;
    return ctx_->Decode(id);
  }

  std::optional<bool> Ebv(const std::string& expression) {
    return Compile(expression)->EvaluateBoolean(row_, *ctx_);
  }

  // A short readable form: "error", <iri>, _:b, "lex", "lex"@en,
  // "lex"^^xsd:type or "lex"^^<dt>.
  static std::string Show(const std::optional<Term>& t) {
    if (!t) return "error";
    switch (t->kind) {
      case TermKind::kIri:
        return "<" + t->value + ">";
      case TermKind::kBlank:
        return "_:" + t->value;
      case TermKind::kLiteral:
        break;
    }
    std::string out = "\"" + t->value + "\"";
    if (!t->language.empty()) return out + "@" + t->language;
    if (t->datatype == kXsdString) return out;
    const std::string xsd = kXsdNs;
    if (t->datatype.compare(0, xsd.size(), xsd) == 0) return out + "^^xsd:" + t->datatype.substr(xsd.size());
    return out + "^^<" + t->datatype + ">";
  }
  std::string Show(const std::string& expression) { return Show(Eval(expression)); }

  // "true", "false" or "error".
  std::string ShowEbv(const std::string& expression) {
    auto b = Ebv(expression);
    return !b ? "error" : *b ? "true" : "false";
  }

  test::TempDir dir_;
  std::unique_ptr<Database> db_;
  LocalVocab vocab_;
  std::unique_ptr<EvalContext> ctx_;
  TestRow row_;
  ExistsCompiler exists_;
};

// One expected result per expression, checked with the expression named.
struct Case {
  std::string expression;
  std::string expected;
};

#define CORRIDOR_EXPECT_CASES(cases)                                              \
  for (const auto& c : cases) EXPECT_EQ(Show(c.expression), c.expected) << c.expression

#define CORRIDOR_EXPECT_EBV_CASES(cases)                                          \
  for (const auto& c : cases) EXPECT_EQ(ShowEbv(c.expression), c.expected) << c.expression

}  // namespace corridor::engine::testing
