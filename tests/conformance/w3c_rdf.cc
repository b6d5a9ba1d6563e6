// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "tests/conformance/w3c_rdf.h"

#include <exception>
#include <optional>
#include <system_error>
#include <vector>

#include "corridor/database.h"
#include "storage/rdf_reader.h"
#include "tests/conformance/isomorphism.h"

namespace corridor::conformance {
namespace {

namespace fs = std::filesystem;

enum class Expectation { kAccept, kReject, kEvaluate };

struct RdfTestKind {
  RdfFormat format = RdfFormat::kAuto;  // kAuto: a syntax we do not support
  Expectation expectation = Expectation::kAccept;
  std::string_view syntax;
};

// Parses rdft:Test<Syntax><PositiveSyntax|NegativeSyntax|Eval|NegativeEval>.
std::optional<RdfTestKind> Classify(std::string_view type) {
  if (!type.starts_with(kRdft)) return std::nullopt;
  type.remove_prefix(kRdft.size());
  if (!type.starts_with("Test")) return std::nullopt;
  type.remove_prefix(4);
  static const std::pair<std::string_view, RdfFormat> kSyntaxes[] = {
      {"NTriples", RdfFormat::kNTriples}, {"NQuads", RdfFormat::kNQuads},
      {"Turtle", RdfFormat::kTurtle},     {"Trig", RdfFormat::kTriG},
      {"XML", RdfFormat::kAuto},
  };
  static const std::pair<std::string_view, Expectation> kKinds[] = {
      {"PositiveSyntax", Expectation::kAccept}, {"NegativeSyntax", Expectation::kReject},
      {"NegativeEval", Expectation::kReject},   {"Eval", Expectation::kEvaluate},
  };
  for (const auto& [name, format] : kSyntaxes) {
    if (!type.starts_with(name)) continue;
    const std::string_view rest = type.substr(name.size());
    for (const auto& [kind, expectation] : kKinds) {
      if (rest == kind) return RdfTestKind{format, expectation, name};
    }
  }
  return std::nullopt;
}

std::vector<Quad> ReadAll(const Database& db) {
  std::vector<Quad> quads;
  QuadCursor cursor = db.Match({});
  Quad q;
  while (cursor.Next(&q)) quads.push_back(q);
  return quads;
}

struct QuadCollector : storage::QuadHandler {
  std::vector<Quad> quads;
  void OnQuad(const storage::TermView& s, const storage::TermView& p,
              const storage::TermView& o, const storage::TermView* g) override {
    quads.push_back(Quad{s.ToTerm(), p.ToTerm(), o.ToTerm(),
                         g ? std::optional<Term>(g->ToTerm()) : std::nullopt});
  }
};

TestOutcome Run(const TestEntry& entry, const RdfTestKind& kind, const fs::path& scratch) {
  const Manifest& manifest = *entry.manifest;
  if (!entry.action || !entry.action->is_iri()) return TestOutcome::Fail("no mf:action file");
  const fs::path input = manifest.LocalPath(entry.action->value);
  const std::string base = manifest.TestBase(entry.action->value);

  std::error_code ec;
  fs::remove_all(scratch, ec);
  fs::create_directories(scratch);
  Options db_options;
  db_options.sync_writes = false;  // durability is not what these tests check
  std::unique_ptr<Database> db = Database::Open(scratch / "db", db_options);
  std::optional<Error> error;
  LoadResult loaded;
  try {
    LoadOptions options;
    options.format = kind.format;
    options.base = base;
    loaded = db->LoadFiles({input}, options);
  } catch (const Error& e) {
    error = e;
  }

  switch (kind.expectation) {
    case Expectation::kAccept:
      if (error) return TestOutcome::Fail(std::string("rejected: ") + error->what());
      return TestOutcome::Pass();
    case Expectation::kReject: {
      if (!error) {
        return TestOutcome::Fail("accepted (" + std::to_string(loaded.quads_read) +
                                 " statements read)");
      }
      if (error->code() != ErrorCode::kSyntax) {
        return TestOutcome::Fail(std::string("failed, but not with a syntax error: ") +
                                 error->what());
      }
      const std::vector<Quad> left = ReadAll(*db);
      if (!left.empty()) {
        return TestOutcome::Fail("the failed load left " + std::to_string(left.size()) +
                                 " quads, e.g. " + left.front().ToNQuads());
      }
      return TestOutcome::Pass();
    }
    case Expectation::kEvaluate: {
      if (error) return TestOutcome::Fail(std::string("rejected: ") + error->what());
      if (!entry.result || !entry.result->is_iri()) {
        return TestOutcome::Fail("no mf:result file");
      }
      const fs::path expected_path = manifest.LocalPath(entry.result->value);
      QuadCollector expected;
      storage::ReaderOptions options;
      // N-Triples is a subset of N-Quads, so .nt and .nq results read alike.
      options.format = RdfFormat::kNQuads;
      options.base = manifest.TestBase(entry.result->value);
      options.blank_prefix = "expected_";
      storage::ReadRdfFile(expected_path, options, expected);
      const std::vector<Quad> actual = ReadAll(*db);
      std::string why;
      if (!IsomorphicDatasets(actual, expected.quads, &why)) {
        return TestOutcome::Fail("loaded dataset differs from " +
                                 expected_path.filename().string() + ": " + why);
      }
      return TestOutcome::Pass();
    }
  }
  return TestOutcome::Fail("unknown expectation");
}

}  // namespace

bool IsRdfTest(std::string_view type) { return Classify(type).has_value(); }

TestOutcome RunRdfTest(const TestEntry& entry, const fs::path& scratch) {
  const std::optional<RdfTestKind> kind = Classify(entry.type);
  if (!kind) return TestOutcome::Skip("not an RDF test type: <" + entry.type + ">");
  if (kind->format == RdfFormat::kAuto) {
    return TestOutcome::Skip("RDF/" + std::string(kind->syntax) + " is not supported");
  }
  TestOutcome outcome;
  try {
    outcome = Run(entry, *kind, scratch);
  } catch (const std::exception& e) {
    outcome = TestOutcome::Fail(std::string("unexpected exception: ") + e.what());
  }
  std::error_code ec;
  fs::remove_all(scratch, ec);
  return outcome;
}

}  // namespace corridor::conformance
