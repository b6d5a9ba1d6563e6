// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// INSERT DATA / DELETE DATA blocks go through a fast reader (FastQuadBlock in
// parser/update_def.hpp) that falls back to the full grammar on anything it
// does not handle. DELETE WHERE blocks always use the grammar, so for ground
// data both must give the same quads; errors must be the grammar's.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parser_test_util.hpp"

namespace corridor::sparql::testing {
namespace {

std::vector<std::string> Quads(const std::vector<ast::Quad>& quads) {
  std::vector<std::string> out;
  for (const ast::Quad& q : quads) {
    out.push_back(Show(q.subject) + " " + Show(q.predicate) + " " + Show(q.object) +
                  (q.graph ? " " + Show(*q.graph) : std::string()));
  }
  return out;
}

std::vector<std::string> DataQuads(const std::string& prologue, const std::string& block) {
  ast::Update u = ParseUpdate(prologue + "INSERT DATA " + block);
  return Quads(As<ast::InsertData>(u.operations.at(0)).quads);
}

std::vector<std::string> GrammarQuads(const std::string& prologue, const std::string& block) {
  ast::Update u = ParseUpdate(prologue + "DELETE WHERE " + block);
  return Quads(As<ast::DeleteWhere>(u.operations.at(0)).quads);
}

TEST(UpdateDataFastPath, GivesTheGrammarsQuads) {
  const std::string prologue =
      "BASE <http://example.org/base/> PREFIX : <http://example.org/> PREFIX ex: <http://ex.org/ns#>\n";
  const std::vector<std::string> blocks = {
      "{}",
      "{ <http://a> <http://b> <http://c> }",
      "{ <http://a.b/c?d.e#f.g> <HTTP://x.y/p> <urn:x.y> . <http://a/./b> <http://a/b/..> <mailto:a@b.c> }",
      "{ <http://a> <http://b> <http://c> . }",
      "{ <rel> <../up> <./dot> . <http://x/a/../b> <p> \"v\" }",
      "{ :s :p :o ; :q \"x\"@en-US , \"y\"^^xsd2:t ; }",
      "{ :s a ex:C ; ex:n 1 , -2 , +3.5 , 4e1 , .5 ; ex:b true , FALSE ; ;  ex:c 'single' . }",
      "{ :s :p \"tab\\t \\\"q\\\" \\u00e9\" , \"\"\"long\nstring\"\"\" , \"t\" ^^ <http://dt> , \"l\" @fr }",
      "{ :s :p :o GRAPH :g { :a :b :c . :a :b :d } :t :u :v GRAPH <http://g2> { } . GRAPH :g {:x :y :z} }",
      "{ # comment\n :s :p :o # more\n . }",
      "{ \"lit\" :p :o }",
      "{ ex:a.b ex:p-q ex:r_1 . :s :p 1. }",
  };
  for (const std::string& block : blocks) {
    // xsd2: is deliberately undeclared in one block: both sides must fail.
    std::vector<std::string> fast, grammar;
    std::string fast_error, grammar_error;
    try {
      fast = DataQuads(prologue, block);
    } catch (const ParseError& e) {
      fast_error = e.Render();
    }
    try {
      grammar = GrammarQuads(prologue, block);
    } catch (const ParseError& e) {
      grammar_error = e.Render();
    }
    EXPECT_EQ(fast, grammar) << block;
    EXPECT_EQ(fast_error.empty(), grammar_error.empty()) << block << "\n" << fast_error << "\n" << grammar_error;
  }
}

TEST(UpdateDataFastPath, ErrorsAreTheGrammars) {
  // The fast reader declines; the grammar reports at the same place.
  for (const std::string& text : {std::string("INSERT DATA { <a> <b> }"),
                                  std::string("INSERT DATA { <a> <b> <c> <d> <e> <f> }"),
                                  std::string("INSERT DATA { <a> <b> <c> . . }"),
                                  std::string("INSERT DATA { nope:a <b> <c> }"),
                                  std::string("INSERT DATA { <a> <b> <c> ")}) {
    try {
      ParseUpdate(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ParseError& e) {
      EXPECT_GT(e.column(), 1u) << text;
    }
  }
  try {
    ParseUpdate("INSERT DATA { nope:a <http://b> <http://c> }");
    ADD_FAILURE();
  } catch (const ParseError& e) {
    EXPECT_NE(e.message().find("undefined prefix"), std::string::npos) << e.message();
  }
}

TEST(UpdateDataFastPath, BlankNodesAndCollectionsStillParse) {
  ast::Update u = ParseUpdate(
      "PREFIX : <http://example.org/> INSERT DATA { :s :p _:b1 , [ :q 1 ] , ( 1 2 ) . _:b1 :r :o }");
  EXPECT_EQ(As<ast::InsertData>(u.operations.at(0)).quads.size(), 9u);
}

}  // namespace
}  // namespace corridor::sparql::testing
