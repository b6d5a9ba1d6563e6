// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "tests/conformance/isomorphism.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <utility>

namespace corridor::conformance {
namespace {

Term B(const std::string& label) { return Term::Blank(label); }
Term I(const std::string& local) { return Term::Iri("http://x/" + local); }

Quad Q(Term s, Term p, Term o, std::optional<Term> g = std::nullopt) {
  return Quad{std::move(s), std::move(p), std::move(o), std::move(g)};
}

// An undirected graph on blank nodes: each edge as two quads.
std::vector<Quad> Undirected(const std::string& prefix,
                             const std::vector<std::pair<int, int>>& edges,
                             const std::vector<int>& relabel = {}) {
  auto name = [&](int v) {
    return B(prefix + std::to_string(relabel.empty() ? v : relabel[static_cast<std::size_t>(v)]));
  };
  std::vector<Quad> quads;
  for (const auto& [u, v] : edges) {
    quads.push_back(Q(name(u), I("edge"), name(v)));
    quads.push_back(Q(name(v), I("edge"), name(u)));
  }
  return quads;
}

TEST(IsomorphismTest, GroundDatasets) {
  const std::vector<Quad> a = {Q(I("s"), I("p"), Term::Literal("x")),
                               Q(I("s"), I("p"), I("o"), I("g"))};
  std::vector<Quad> b = {a[1], a[0], a[0]};  // order and duplicates do not matter
  EXPECT_TRUE(IsomorphicDatasets(a, b));
  b = {a[0], Q(I("s"), I("p"), I("o"))};  // same triple, default graph instead of g
  std::string why;
  EXPECT_FALSE(IsomorphicDatasets(a, b, &why));
  EXPECT_NE(why.find("<http://x/g>"), std::string::npos) << why;
}

TEST(IsomorphismTest, LiteralsCompareByEveryPart) {
  const std::vector<Quad> plain = {Q(I("s"), I("p"), Term::Literal("1"))};
  const std::vector<Quad> typed = {
      Q(I("s"), I("p"), Term::TypedLiteral("1", "http://www.w3.org/2001/XMLSchema#integer"))};
  const std::vector<Quad> tagged = {Q(I("s"), I("p"), Term::LangLiteral("1", "en"))};
  EXPECT_FALSE(IsomorphicDatasets(plain, typed));
  EXPECT_FALSE(IsomorphicDatasets(plain, tagged));
  EXPECT_FALSE(IsomorphicDatasets({Q(I("s"), I("p"), I("o"))}, {Q(I("s"), I("p"), B("o"))}));
}

TEST(IsomorphismTest, BlankNodesUpToRenaming) {
  const std::vector<Quad> a = {Q(B("x"), I("p"), B("y")), Q(B("y"), I("q"), Term::Literal("v")),
                               Q(B("x"), I("p"), I("o"), B("g"))};
  const std::vector<Quad> b = {Q(B("n2"), I("q"), Term::Literal("v")),
                               Q(B("n1"), I("p"), I("o"), B("n3")),
                               Q(B("n1"), I("p"), B("n2"))};
  EXPECT_TRUE(IsomorphicDatasets(a, b));
  // Same counts of quads and blank nodes, different shape: a quad count or
  // blank count comparison cannot tell these apart.
  const std::vector<Quad> swapped = {Q(B("n2"), I("q"), Term::Literal("v")),
                                     Q(B("n1"), I("p"), I("o"), B("n3")),
                                     Q(B("n2"), I("p"), B("n1"))};
  std::string why;
  EXPECT_FALSE(IsomorphicDatasets(a, swapped, &why));
  EXPECT_FALSE(why.empty());
}

TEST(IsomorphismTest, SelfLoopsAreNotACycle) {
  const std::vector<Quad> cycle = {Q(B("a"), I("p"), B("b")), Q(B("b"), I("p"), B("a"))};
  const std::vector<Quad> loops = {Q(B("a"), I("p"), B("a")), Q(B("b"), I("p"), B("b"))};
  EXPECT_FALSE(IsomorphicDatasets(cycle, loops));
  EXPECT_TRUE(IsomorphicDatasets(cycle, {Q(B("u"), I("p"), B("v")), Q(B("v"), I("p"), B("u"))}));
}

TEST(IsomorphismTest, RegularGraphsNeedBacktracking) {
  // Every node of these has the same degree, so colour refinement alone
  // leaves one class: only the search can decide.
  const std::vector<std::pair<int, int>> two_triangles = {{0, 1}, {1, 2}, {2, 0},
                                                          {3, 4}, {4, 5}, {5, 3}};
  const std::vector<std::pair<int, int>> hexagon = {{0, 1}, {1, 2}, {2, 3},
                                                    {3, 4}, {4, 5}, {5, 0}};
  EXPECT_FALSE(IsomorphicDatasets(Undirected("a", two_triangles), Undirected("b", hexagon)));
  EXPECT_TRUE(IsomorphicDatasets(Undirected("a", hexagon),
                                 Undirected("b", hexagon, {3, 5, 1, 0, 2, 4})));

  // The Petersen graph and the pentagonal prism: both 3-regular on 10 nodes.
  const std::vector<std::pair<int, int>> petersen = {
      {0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}, {0, 5}, {1, 6}, {2, 7},
      {3, 8}, {4, 9}, {5, 7}, {7, 9}, {9, 6}, {6, 8}, {8, 5}};
  const std::vector<std::pair<int, int>> prism = {
      {0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}, {0, 5}, {1, 6}, {2, 7},
      {3, 8}, {4, 9}, {5, 6}, {6, 7}, {7, 8}, {8, 9}, {9, 5}};
  EXPECT_FALSE(IsomorphicDatasets(Undirected("a", petersen), Undirected("b", prism)));
  EXPECT_TRUE(IsomorphicDatasets(Undirected("a", petersen),
                                 Undirected("b", petersen, {7, 2, 9, 0, 4, 1, 8, 3, 6, 5})));
}

TEST(IsomorphismTest, LargeRandomDatasets) {
  std::mt19937 rng(42);
  constexpr int kNodes = 300;
  std::vector<Quad> a;
  for (int i = 0; i < 900; ++i) {
    const int s = static_cast<int>(rng() % kNodes), o = static_cast<int>(rng() % kNodes);
    a.push_back(Q(B("n" + std::to_string(s)), I("p" + std::to_string(rng() % 3)),
                  B("n" + std::to_string(o)),
                  rng() % 4 == 0 ? std::optional<Term>(B("n" + std::to_string(rng() % kNodes)))
                                 : std::nullopt));
  }
  std::vector<int> perm(kNodes);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  auto rename = [&](const Term& t) {
    return t.is_blank() ? B("m" + std::to_string(perm[std::stoul(t.value.substr(1))])) : t;
  };
  std::vector<Quad> b;
  for (const Quad& q : a) {
    b.push_back(Q(rename(q.subject), q.predicate, rename(q.object),
                  q.graph ? std::optional<Term>(rename(*q.graph)) : std::nullopt));
  }
  std::shuffle(b.begin(), b.end(), rng);
  EXPECT_TRUE(IsomorphicDatasets(a, b));
  b.front().predicate = I("p-changed");
  EXPECT_FALSE(IsomorphicDatasets(a, b));
}

// ------------------------------------------------------- solution sequences

SolutionRow R(std::vector<std::optional<Term>> terms) { return terms; }

TEST(SolutionIsomorphismTest, MultisetsOfGroundRows) {
  const std::vector<SolutionRow> a = {R({I("a"), Term::Literal("1")}), R({I("b"), std::nullopt}),
                                      R({I("a"), Term::Literal("1")})};
  EXPECT_TRUE(IsomorphicSolutions(a, {a[1], a[0], a[2]}));
  // Multiplicities count: two copies of a row are not one copy and another row.
  EXPECT_FALSE(IsomorphicSolutions(a, {a[0], a[1], a[1]}));
  // Unbound is not an empty string.
  EXPECT_FALSE(IsomorphicSolutions({R({std::nullopt})}, {R({Term::Literal("")})}));
  EXPECT_TRUE(IsomorphicSolutions({}, {}));
  EXPECT_FALSE(IsomorphicSolutions({R({I("a")})}, {}));
}

TEST(SolutionIsomorphismTest, OneBijectionAcrossRows) {
  // _:x occurs in two rows on the left: it must map to one node on the right.
  const std::vector<SolutionRow> left = {R({I("a"), B("x")}), R({I("b"), B("x")})};
  EXPECT_TRUE(IsomorphicSolutions(left, {R({I("b"), B("q")}), R({I("a"), B("q")})}));
  EXPECT_FALSE(IsomorphicSolutions(left, {R({I("a"), B("q")}), R({I("b"), B("r")})}));
  // And two nodes on the left may not map to one on the right.
  EXPECT_FALSE(IsomorphicSolutions({R({I("a"), B("x")}), R({I("b"), B("y")})},
                                   {R({I("a"), B("q")}), R({I("b"), B("q")})}));
  // Repeated rows with blank nodes keep their multiplicity.
  EXPECT_TRUE(IsomorphicSolutions({R({B("x")}), R({B("x")})}, {R({B("y")}), R({B("y")})}));
  EXPECT_FALSE(IsomorphicSolutions({R({B("x")}), R({B("x")})}, {R({B("y")}), R({B("z")})}));
  // A blank node is not an IRI, and columns matter.
  EXPECT_FALSE(IsomorphicSolutions({R({B("x")})}, {R({I("x")})}));
  EXPECT_FALSE(IsomorphicSolutions({R({B("x"), std::nullopt})}, {R({std::nullopt, B("x")})}));
}

}  // namespace
}  // namespace corridor::conformance
