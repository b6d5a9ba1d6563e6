// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// corridor-w3c: runs W3C test manifests against Corridor.
//
//   corridor-w3c [--skip-missing] [--results-via-writer] [--scratch DIR] MANIFEST.ttl...
//
// Runs the RDF 1.1 test kinds (w3c_rdf.h) and the SPARQL 1.1 ones
// (w3c_sparql.h); --results-via-writer makes SPARQL evaluation tests compare
// the results as written by Corridor's serialisers and read back.
// Prints one line per test (PASS name / FAIL name: reason / SKIP name:
// reason), then "N passed, N failed, N skipped". Exit status: 0 when nothing
// failed, 1 when a test failed, 2 for a usage or manifest error, and 77 (with
// --skip-missing) when a manifest does not exist, for ctest's SKIP_RETURN_CODE.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/conformance/w3c_manifest.h"
#include "tests/conformance/w3c_rdf.h"
#include "tests/conformance/w3c_sparql.h"
#include "tests/conformance/w3c_test.h"

namespace corridor::conformance {
namespace {

namespace fs = std::filesystem;

constexpr int kSkipExitCode = 77;

// A family of test types and its runner; the first family whose predicate
// accepts a test's type runs it.
struct TestFamily {
  std::function<bool(std::string_view type)> accepts;
  std::function<TestOutcome(const TestEntry&, const fs::path& scratch)> run;
};

std::vector<TestFamily> Families(const SparqlRunOptions& sparql) {
  return {
      {IsRdfTest, RunRdfTest},
      {IsSparqlTest,
       [sparql](const TestEntry& entry, const fs::path& scratch) {
         return RunSparqlTest(entry, scratch, sparql);
       }},
  };
}

constexpr const char* kUsage =
    "usage: corridor-w3c [--skip-missing] [--results-via-writer] [--scratch DIR] "
    "MANIFEST.ttl...\n";

int Main(int argc, char** argv) {
  bool skip_missing = false;
  SparqlRunOptions sparql;
  fs::path scratch = fs::temp_directory_path() / ("corridor-w3c-" + std::to_string(::getpid()));
  std::vector<fs::path> manifests;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--skip-missing") {
      skip_missing = true;
    } else if (arg == "--results-via-writer") {
      sparql.results_via_writer = true;
    } else if (arg == "--scratch" && i + 1 < argc) {
      scratch = argv[++i];
    } else if (arg.starts_with("-")) {
      std::cerr << kUsage;
      return 2;
    } else {
      manifests.emplace_back(arg);
    }
  }
  if (manifests.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  for (const fs::path& m : manifests) {
    std::error_code ec;
    if (fs::exists(m, ec)) continue;
    if (skip_missing) {
      std::cout << "the shared folder is absent: " << m.string()
                << " does not exist (set CORRIDOR_SHARED_DIR to the folder holding "
                   "conformance/); skipping\n";
      return kSkipExitCode;
    }
    std::cerr << "corridor-w3c: no such manifest: " << m.string() << "\n";
    return 2;
  }

  const std::vector<TestFamily> families = Families(sparql);
  int passed = 0, failed = 0, skipped = 0;
  for (const fs::path& path : manifests) {
    std::vector<std::unique_ptr<Manifest>> loaded;
    try {
      loaded = LoadManifests(path);
    } catch (const std::exception& e) {
      std::cerr << "corridor-w3c: cannot read manifest " << path.string() << ": " << e.what()
                << "\n";
      return 2;
    }
    for (const auto& manifest : loaded) {
      for (const TestEntry& entry : manifest->entries) {
        const std::string name = manifest->SuiteName() + "/" + entry.name;
        TestOutcome outcome = TestOutcome::Skip("unsupported test type <" + entry.type + ">");
        for (const TestFamily& family : families) {
          if (family.accepts(entry.type)) {
            outcome = family.run(entry, scratch);
            break;
          }
        }
        switch (outcome.status) {
          case TestOutcome::Status::kPass:
            ++passed;
            std::cout << "PASS " << name << "\n";
            break;
          case TestOutcome::Status::kFail:
            ++failed;
            std::cout << "FAIL " << name << ": " << outcome.reason << "\n";
            break;
          case TestOutcome::Status::kSkip:
            ++skipped;
            std::cout << "SKIP " << name << ": " << outcome.reason << "\n";
            break;
        }
      }
    }
  }
  std::error_code ec;
  fs::remove_all(scratch, ec);
  std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped"
            << std::endl;
  return failed > 0 ? 1 : 0;
}

}  // namespace
}  // namespace corridor::conformance

int main(int argc, char** argv) { return corridor::conformance::Main(argc, argv); }
