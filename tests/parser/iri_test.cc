// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// RFC 3986 §5.4 reference resolution examples.
#include <gtest/gtest.h>

#include "parser/iri.hpp"

namespace corridor::sparql {
namespace {

TEST(IriTest, Rfc3986NormalExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> kCases[] = {
      {"g:h", "g:h"},          {"g", "http://a/b/c/g"},      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"},        {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"}, {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"}, {".", "http://a/b/c/"},     {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},     {"../", "http://a/b/"},     {"../g", "http://a/b/g"},
      {"../..", "http://a/"},    {"../../", "http://a/"},    {"../../g", "http://a/g"}};
  for (const auto& [ref, want] : kCases) EXPECT_EQ(ResolveIri(base, ref), want) << ref;
}

TEST(IriTest, Rfc3986AbnormalExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> kCases[] = {
      {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},      {"g.", "http://a/b/c/g."},      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},  {"..g", "http://a/b/c/..g"},    {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"},  {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},   {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"}};
  for (const auto& [ref, want] : kCases) EXPECT_EQ(ResolveIri(base, ref), want) << ref;
}

TEST(IriTest, NoBase) {
  EXPECT_EQ(ResolveIri("", "rel/x"), "rel/x");
  EXPECT_TRUE(HasScheme("urn:x"));
  EXPECT_FALSE(HasScheme("a/b:c"));
  EXPECT_EQ(ResolveIri("http://a", "b"), "http://a/b");
}

}  // namespace
}  // namespace corridor::sparql
