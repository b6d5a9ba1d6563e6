// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <boost/fusion/include/at_c.hpp>

#include "parser/actions.hpp"
#include "parser/term.hpp"
#include "parser/tokens.hpp"
#include "parser/triples.hpp"

namespace corridor::sparql::parser {
namespace triples_detail {

namespace fusion = boost::fusion;

// A graph node as written and the triples its `[ ... ]` / `( ... )` syntax
// expands to.
struct Node {
  ast::Term term;
  std::vector<ast::TripleOrPath> triples;
};

// A predicate: `term` (an Iri or Variable) unless `path` is set.
struct Verb {
  ast::Term term;
  std::optional<ast::Path> path;
};

struct PredicateObjects {
  Verb verb;
  std::vector<Node> objects;
};

using PropertyList = std::vector<PredicateObjects>;

struct OneInSet {
  bool inverse = false;
  ast::Iri iri;
};

// Appends subject-verb-object triples (and the objects' own triples).
inline void Emit(const ast::Term& subject, PropertyList& list,
                 std::vector<ast::TripleOrPath>& out) {
  for (PredicateObjects& po : list) {
    for (Node& object : po.objects) {
      for (ast::TripleOrPath& t : object.triples) out.push_back(std::move(t));
      if (po.verb.path) {
        out.emplace_back(ast::PathPattern{subject, *po.verb.path, std::move(object.term)});
      } else {
        out.emplace_back(ast::TriplePattern{subject, po.verb.term, std::move(object.term)});
      }
    }
  }
}

// A generated blank node; `offset` is where its syntax starts.
inline ast::Term BlankTerm(std::string label, int offset) {
  ast::BlankNode node;
  node.label = std::move(label);
  node.id_first = offset;
  node.id_last = offset + 1;
  return ast::Term(std::move(node));
}

inline ast::Term IriTerm(const char* iri) { return ast::Term(ast::Iri{iri}); }

// ( a b c ) -> _:l1 first a; rest _:l2 ... rest nil.
inline constexpr auto kCollection = [](auto& ctx) {
  int offset = fusion::at_c<0>(x3::_attr(ctx));
  std::vector<Node>& items = fusion::at_c<1>(x3::_attr(ctx));
  Node& result = x3::_val(ctx);
  ParseState& state = State(ctx);
  ast::Term current = BlankTerm(state.FreshBlankLabel(), offset);
  result.term = current;
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (ast::TripleOrPath& t : items[i].triples) result.triples.push_back(std::move(t));
    result.triples.emplace_back(
        ast::TriplePattern{current, IriTerm(ast::kRdfFirst), std::move(items[i].term)});
    ast::Term next = i + 1 < items.size() ? BlankTerm(state.FreshBlankLabel(), offset)
                                          : IriTerm(ast::kRdfNil);
    result.triples.emplace_back(ast::TriplePattern{current, IriTerm(ast::kRdfRest), next});
    current = std::move(next);
  }
};

// [ p o ; ... ] -> a fresh blank node as subject.
inline constexpr auto kBlankPropertyList = [](auto& ctx) {
  Node& result = x3::_val(ctx);
  result.term = BlankTerm(State(ctx).FreshBlankLabel(), fusion::at_c<0>(x3::_attr(ctx)));
  Emit(result.term, fusion::at_c<1>(x3::_attr(ctx)), result.triples);
};

inline constexpr auto kNodeTerm = [](auto& ctx) { x3::_val(ctx).term = std::move(x3::_attr(ctx)); };

inline constexpr auto kAppend = [](auto& ctx) {
  x3::_val(ctx).push_back(std::move(x3::_attr(ctx)));
};

inline constexpr auto kPredicateObjects = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);
  x3::_val(ctx).push_back(
      PredicateObjects{std::move(fusion::at_c<0>(attr)), std::move(fusion::at_c<1>(attr))});
};

inline constexpr auto kSubjectProperties = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);
  Emit(fusion::at_c<0>(attr), fusion::at_c<1>(attr), x3::_val(ctx));
};

inline constexpr auto kNodeProperties = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);
  Node& node = fusion::at_c<0>(attr);
  auto& out = x3::_val(ctx);
  for (ast::TripleOrPath& t : node.triples) out.push_back(std::move(t));
  if (fusion::at_c<1>(attr)) Emit(node.term, *fusion::at_c<1>(attr), out);
};

inline constexpr auto kVerbTerm = [](auto& ctx) {
  x3::_val(ctx).term = ast::Term(std::move(x3::_attr(ctx)));
};

inline constexpr auto kVerbType = [](auto& ctx) { x3::_val(ctx).term = IriTerm(ast::kRdfType); };

inline constexpr auto kVerbPath = [](auto& ctx) {
  ast::Path& path = x3::_attr(ctx);
  if (auto* iri = boost::get<ast::Iri>(&path.get())) {
    x3::_val(ctx).term = ast::Term(std::move(*iri));
  } else {
    x3::_val(ctx).path = std::move(path);
  }
};

inline constexpr auto kTriplesBlock = [](auto& ctx) {
  auto& triples = x3::_val(ctx).triples;
  for (ast::TripleOrPath& t : x3::_attr(ctx)) triples.push_back(std::move(t));
};

inline constexpr auto kTemplateTriples = [](auto& ctx) {
  auto& triples = x3::_val(ctx);
  for (ast::TripleOrPath& t : x3::_attr(ctx)) {
    triples.push_back(std::move(boost::get<ast::TriplePattern>(t.get())));
  }
};

// Paths.
inline constexpr auto kPathAlternative = [](auto& ctx) {
  ast::Path& val = x3::_val(ctx);
  if (auto* alt = boost::get<x3::forward_ast<ast::PathAlternative>>(&val.get())) {
    alt->get().alternatives.push_back(std::move(x3::_attr(ctx)));
    return;
  }
  ast::PathAlternative alt;
  alt.alternatives.push_back(std::move(val));
  alt.alternatives.push_back(std::move(x3::_attr(ctx)));
  val = std::move(alt);
};

inline constexpr auto kPathSequence = [](auto& ctx) {
  ast::Path& val = x3::_val(ctx);
  if (auto* seq = boost::get<x3::forward_ast<ast::PathSequence>>(&val.get())) {
    seq->get().steps.push_back(std::move(x3::_attr(ctx)));
    return;
  }
  ast::PathSequence seq;
  seq.steps.push_back(std::move(val));
  seq.steps.push_back(std::move(x3::_attr(ctx)));
  val = std::move(seq);
};

inline constexpr auto kPathInverse = [](auto& ctx) {
  ast::PathInverse inverse;
  inverse.path = std::move(x3::_attr(ctx));
  x3::_val(ctx) = std::move(inverse);
};

inline constexpr auto kPathRepeat = [](auto& ctx) {
  ast::PathRepeat repeat;
  repeat.path = std::move(x3::_val(ctx));
  repeat.modifier = x3::_attr(ctx);
  x3::_val(ctx) = std::move(repeat);
};

inline constexpr auto kPathIri = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
inline constexpr auto kPathType = [](auto& ctx) { x3::_val(ctx) = ast::Iri{ast::kRdfType}; };

inline constexpr auto kOneIri = [](auto& ctx) { x3::_val(ctx).iri = std::move(x3::_attr(ctx)); };
inline constexpr auto kOneType = [](auto& ctx) { x3::_val(ctx).iri = ast::Iri{ast::kRdfType}; };
inline constexpr auto kOneInverse = [](auto& ctx) { x3::_val(ctx).inverse = true; };

inline constexpr auto kAddOne = [](auto& ctx) {
  OneInSet& one = x3::_attr(ctx);
  (one.inverse ? x3::_val(ctx).inverse : x3::_val(ctx).forward).push_back(std::move(one.iri));
};

// PathMod: '?' must not start a variable (":p ?x" is not ":p?" then "x").
struct PathModParser : TokenParser<PathModParser, ast::PathModifier> {
  bool Scan(ParseState&, const char*& p, const char* end, ast::PathModifier& mod) const {
    if (p >= end) return false;
    switch (*p) {
      case '*':
        mod = ast::PathModifier::kZeroOrMore;
        break;
      case '+':
        mod = ast::PathModifier::kOneOrMore;
        break;
      case '?': {
        const char* q = p;
        std::string name;
        if (ScanVar(q, end, name)) return false;
        mod = ast::PathModifier::kZeroOrOne;
        break;
      }
      default:
        return false;
    }
    ++p;
    return true;
  }
  const char* Name() const { return "path modifier"; }
};

inline constexpr PathModParser path_mod{};
inline constexpr KeywordParser kw_a("a", true);

using GraphNodeType = x3::rule<struct GraphNodeClass, Node>;
using TriplesNodeType = x3::rule<struct TriplesNodeClass, Node>;
using CollectionType = x3::rule<struct CollectionClass, std::vector<Node>>;
using PropertyListType = x3::rule<struct PropertyListClass, PropertyList>;
using VerbType = x3::rule<struct VerbClass, Verb>;
using ObjectListType = x3::rule<struct ObjectListClass, std::vector<Node>>;
using TriplesSameSubjectType =
    x3::rule<struct TriplesSameSubjectClass, std::vector<ast::TripleOrPath>>;

using GraphNodePathType = x3::rule<struct GraphNodePathClass, Node>;
using TriplesNodePathType = x3::rule<struct TriplesNodePathClass, Node>;
using CollectionPathType = x3::rule<struct CollectionPathClass, std::vector<Node>>;
using PropertyListPathType = x3::rule<struct PropertyListPathClass, PropertyList>;
using VerbPathType = x3::rule<struct VerbPathClass, Verb>;
using ObjectListPathType = x3::rule<struct ObjectListPathClass, std::vector<Node>>;
using TriplesSameSubjectPathType =
    x3::rule<struct TriplesSameSubjectPathClass, std::vector<ast::TripleOrPath>>;

using PathAlternativeType = x3::rule<struct PathAlternativeClass, ast::Path>;
using PathSequenceType = x3::rule<struct PathSequenceClass, ast::Path>;
using PathEltOrInverseType = x3::rule<struct PathEltOrInverseClass, ast::Path>;
using PathEltType = x3::rule<struct PathEltClass, ast::Path>;
using PathPrimaryType = x3::rule<struct PathPrimaryClass, ast::Path>;
using PathNegatedSetType = x3::rule<struct PathNegatedSetClass, ast::PathNegatedSet>;
using PathOneInSetType = x3::rule<struct PathOneInSetClass, OneInSet>;

inline const GraphNodeType graph_node = "graph node";
inline const TriplesNodeType triples_node = "collection or [ ]";
inline const CollectionType collection = "collection";
inline const PropertyListType property_list = "property list";
inline const VerbType verb = "predicate";
inline const ObjectListType object_list = "object list";
inline const TriplesSameSubjectType triples_same_subject = "triple";

inline const GraphNodePathType graph_node_path = "graph node";
inline const TriplesNodePathType triples_node_path = "collection or [ ]";
inline const CollectionPathType collection_path = "collection";
inline const PropertyListPathType property_list_path = "property list";
inline const VerbPathType verb_path = "predicate";
inline const ObjectListPathType object_list_path = "object list";
inline const TriplesSameSubjectPathType triples_same_subject_path = "triple";

inline const PathAlternativeType path_alternative = "property path";
inline const PathSequenceType path_sequence = "property path";
inline const PathEltOrInverseType path_elt_or_inverse = "property path";
inline const PathEltType path_elt = "property path";
inline const PathPrimaryType path_primary = "property path";
inline const PathNegatedSetType path_negated_set = "negated property set";
inline const PathOneInSetType path_one_in_set = "IRI";

// ------------------------------------------------ without paths (templates)

inline const auto graph_node_def = var_or_term[kNodeTerm] | triples_node[kAssign];

inline const auto triples_node_def =
    nested[(here >> collection)[kCollection] |
           (here >> Sym("[") >> property_list >> Sym("]"))[kBlankPropertyList]];

inline const auto collection_def = Sym("(") >> +graph_node[kAppend] >> Sym(")");

inline const auto property_list_def =
    (verb >> object_list)[kPredicateObjects] >>
    *(Sym(";") >> -(verb >> object_list)[kPredicateObjects]);

inline const auto verb_def = var_or_iri[kNodeTerm] | kw_a[kVerbType];

inline const auto object_list_def = graph_node[kAppend] % Sym(",");

inline const auto triples_same_subject_def =
    (var_or_term >> property_list)[kSubjectProperties] |
    (triples_node >> -property_list)[kNodeProperties];

// ------------------------------------------------ with paths (WHERE)

inline const auto graph_node_path_def = var_or_term[kNodeTerm] | triples_node_path[kAssign];

inline const auto triples_node_path_def =
    nested[(here >> collection_path)[kCollection] |
           (here >> Sym("[") >> property_list_path >> Sym("]"))[kBlankPropertyList]];

inline const auto collection_path_def = Sym("(") >> +graph_node_path[kAppend] >> Sym(")");

inline const auto property_list_path_def =
    (verb_path >> object_list_path)[kPredicateObjects] >>
    *(Sym(";") >> -(verb_path >> object_list_path)[kPredicateObjects]);

inline const auto verb_path_def = var_token[kVerbTerm] | path[kVerbPath];

inline const auto object_list_path_def = graph_node_path[kAppend] % Sym(",");

inline const auto triples_same_subject_path_def =
    (var_or_term >> property_list_path)[kSubjectProperties] |
    (triples_node_path >> -property_list_path)[kNodeProperties];

// ------------------------------------------------ property paths

inline const auto path_alternative_def =
    path_sequence[kAssign] >> *(Sym("|") >> path_sequence[kPathAlternative]);

inline const auto path_sequence_def =
    path_elt_or_inverse[kAssign] >> *(Sym("/") >> path_elt_or_inverse[kPathSequence]);

inline const auto path_elt_or_inverse_def =
    path_elt[kAssign] | (Sym("^") >> path_elt[kPathInverse]);

inline const auto path_elt_def = path_primary[kAssign] >> -path_mod[kPathRepeat];

inline const auto path_primary_def = iri_token[kPathIri] | kw_a[kPathType] |
                                     (Sym("!") >> path_negated_set[kAssign]) |
                                     (Sym("(") >> path[kAssign] >> Sym(")"));

inline const auto path_negated_set_def =
    path_one_in_set[kAddOne] |
    (Sym("(") >> -(path_one_in_set[kAddOne] % Sym("|")) >> Sym(")"));

inline const auto path_one_in_set_def =
    iri_token[kOneIri] | kw_a[kOneType] |
    (Sym("^")[kOneInverse] >> (iri_token[kOneIri] | kw_a[kOneType]));

BOOST_SPIRIT_DEFINE(graph_node, triples_node, collection, property_list, verb, object_list,
                    triples_same_subject, graph_node_path, triples_node_path,
                    collection_path, property_list_path, verb_path, object_list_path,
                    triples_same_subject_path, path_alternative, path_sequence,
                    path_elt_or_inverse, path_elt, path_primary, path_negated_set,
                    path_one_in_set)

}  // namespace triples_detail

inline const auto triples_block_def =
    triples_detail::triples_same_subject_path[triples_detail::kTriplesBlock] >>
    *(Sym(".") >> triples_detail::triples_same_subject_path[triples_detail::kTriplesBlock]) >>
    -Sym(".");

inline const auto triples_template_def =
    triples_detail::triples_same_subject[triples_detail::kTemplateTriples] >>
    *(Sym(".") >> triples_detail::triples_same_subject[triples_detail::kTemplateTriples]) >>
    -Sym(".");

inline const auto path_def = nested[triples_detail::path_alternative[kAssign]];

BOOST_SPIRIT_DEFINE(triples_block, triples_template, path)

}  // namespace corridor::sparql::parser
