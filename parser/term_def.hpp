// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#pragma once

#include "parser/actions.hpp"
#include "parser/term.hpp"
#include "parser/tokens.hpp"

namespace corridor::sparql::parser {
namespace term_detail {

inline constexpr auto kStringLexical = [](auto& ctx) {
  x3::_val(ctx).lexical = std::move(x3::_attr(ctx));
  x3::_val(ctx).datatype = ast::kXsdString;
};
inline constexpr auto kLanguage = [](auto& ctx) {
  x3::_val(ctx).language = std::move(x3::_attr(ctx));
  x3::_val(ctx).datatype = ast::kRdfLangString;
};
inline constexpr auto kDatatype = [](auto& ctx) {
  x3::_val(ctx).datatype = std::move(x3::_attr(ctx).value);
};
template <bool Value>
inline constexpr auto kBoolean = [](auto& ctx) {
  x3::_val(ctx).lexical = Value ? "true" : "false";
  x3::_val(ctx).datatype = ast::kXsdBoolean;
};
inline constexpr auto kFreshBlank = [](auto& ctx) {
  x3::_val(ctx).label = State(ctx).FreshBlankLabel();
  x3::_val(ctx).id_first = x3::_attr(ctx);
  x3::_val(ctx).id_last = x3::_attr(ctx) + 1;
};
inline constexpr auto kNil = [](auto& ctx) {
  x3::_val(ctx) = ast::Term(ast::Iri{ast::kRdfNil});
};
inline constexpr auto kUndef = [](auto& ctx) { x3::_val(ctx).reset(); };
inline constexpr auto kSome = [](auto& ctx) {
  x3::_val(ctx) = ast::Term(std::move(x3::_attr(ctx)));
};

}  // namespace term_detail

inline const auto rdf_literal_def =
    string_token[term_detail::kStringLexical] >>
    -(langtag_token[term_detail::kLanguage] | (Sym("^^") >> iri_token[term_detail::kDatatype]));

inline const auto literal_def = number_token[kAssign] |
                                Kw("true")[term_detail::kBoolean<true>] |
                                Kw("false")[term_detail::kBoolean<false>] |
                                rdf_literal[kAssign];

inline const auto blank_node_def =
    blank_node_label_token[kAssign] | (here >> Sym("[") >> Sym("]"))[term_detail::kFreshBlank];

inline const auto graph_term_def = iri_token[kAssignAs<ast::Term>] |
                                   literal[kAssignAs<ast::Term>] |
                                   blank_node[kAssignAs<ast::Term>] |
                                   (Sym("(") >> Sym(")"))[term_detail::kNil];

inline const auto var_or_term_def = var_token[kAssignAs<ast::Term>] | graph_term[kAssign];

inline const auto var_or_iri_def =
    var_token[kAssignAs<ast::Term>] | iri_token[kAssignAs<ast::Term>];

inline const auto data_block_value_def = iri_token[term_detail::kSome] |
                                         literal[term_detail::kSome] |
                                         Kw("UNDEF")[term_detail::kUndef];

BOOST_SPIRIT_DEFINE(rdf_literal, literal, blank_node, graph_term, var_or_term, var_or_iri,
                    data_block_value)

}  // namespace corridor::sparql::parser
