// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#pragma once

#include <vector>

#include <boost/fusion/include/at_c.hpp>

#include "parser/actions.hpp"
#include "parser/expression.hpp"
#include "parser/pattern.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"
#include "parser/tokens.hpp"
#include "parser/triples.hpp"

namespace corridor::sparql::parser {
namespace pattern_detail {

namespace fusion = boost::fusion;

inline constexpr auto kElement = [](auto& ctx) {
  x3::_val(ctx).elements.emplace_back(std::move(x3::_attr(ctx)));
};

inline constexpr auto kSubSelectElement = [](auto& ctx) {
  x3::_val(ctx).elements.emplace_back(x3::forward_ast<ast::SubSelect>(std::move(x3::_attr(ctx))));
};

template <typename Pattern>
inline constexpr auto kWrapGroup = [](auto& ctx) {
  Pattern pattern;
  pattern.pattern = std::move(x3::_attr(ctx));
  x3::_val(ctx) = ast::GraphPatternElement(x3::forward_ast<Pattern>(std::move(pattern)));
};

inline constexpr auto kGroupOrUnion = [](auto& ctx) {
  std::vector<ast::GroupGraphPattern>& groups = x3::_attr(ctx);
  if (groups.size() == 1) {
    x3::_val(ctx) = ast::GraphPatternElement(
        x3::forward_ast<ast::GroupGraphPattern>(std::move(groups[0])));
  } else {
    ast::UnionPattern u;
    u.alternatives = std::move(groups);
    x3::_val(ctx) = ast::GraphPatternElement(x3::forward_ast<ast::UnionPattern>(std::move(u)));
  }
};

inline constexpr auto kGraphName = [](auto& ctx) { x3::_val(ctx).graph = std::move(x3::_attr(ctx)); };
inline constexpr auto kGraphPattern = [](auto& ctx) {
  x3::_val(ctx).pattern = std::move(x3::_attr(ctx));
};
inline constexpr auto kServiceSilent = [](auto& ctx) { x3::_val(ctx).silent = true; };
inline constexpr auto kServiceEndpoint = [](auto& ctx) {
  x3::_val(ctx).endpoint = std::move(x3::_attr(ctx));
};

inline constexpr auto kFilter = [](auto& ctx) {
  x3::_val(ctx) = ast::GraphPatternElement(ast::Filter{std::move(x3::_attr(ctx))});
};

inline constexpr auto kBindExpression = [](auto& ctx) {
  x3::_val(ctx).expression = std::move(x3::_attr(ctx));
};
inline constexpr auto kBindVariable = [](auto& ctx) {
  x3::_val(ctx).variable = std::move(x3::_attr(ctx));
  x3::_val(ctx).id_last = x3::_val(ctx).variable.id_last;
};

inline constexpr auto kAnyElement = [](auto& ctx) {
  x3::_val(ctx) = ast::GraphPatternElement(std::move(x3::_attr(ctx)));
};

inline constexpr auto kValuesVariable = [](auto& ctx) {
  x3::_val(ctx).variables.push_back(std::move(x3::_attr(ctx)));
};
inline constexpr auto kValuesSingle = [](auto& ctx) {
  x3::_val(ctx).rows.push_back({std::move(x3::_attr(ctx))});
};
inline constexpr auto kValuesRow = [](auto& ctx) {
  auto& row = fusion::at_c<1>(x3::_attr(ctx));
  auto& data = x3::_val(ctx);
  if (row.size() != data.variables.size()) {
    throw SemanticError(State(ctx).begin + fusion::at_c<0>(x3::_attr(ctx)),
                        "VALUES row has " + std::to_string(row.size()) + " values for " +
                            std::to_string(data.variables.size()) + " variables");
  }
  data.rows.push_back(std::move(row));
};
inline constexpr auto kValue = [](auto& ctx) { x3::_val(ctx).push_back(std::move(x3::_attr(ctx))); };

using GraphPatternNotTriplesType =
    x3::rule<struct GraphPatternNotTriplesClass, ast::GraphPatternElement>;
using GroupOrUnionType = x3::rule<struct GroupOrUnionClass, ast::GraphPatternElement>;
using GroupListType = x3::rule<struct GroupListClass, std::vector<ast::GroupGraphPattern>>;
using GraphGraphPatternType = x3::rule<struct GraphGraphPatternClass, ast::GraphGraphPattern>;
using ServicePatternType = x3::rule<struct ServicePatternClass, ast::ServicePattern>;
using BindType = x3::rule<struct BindClass, ast::Bind>;
using ValuesRowType = x3::rule<struct ValuesRowClass, std::vector<std::optional<ast::Term>>>;
using GroupGraphPatternSubType = x3::rule<struct GroupGraphPatternSubClass, ast::GroupGraphPattern>;

inline const GraphPatternNotTriplesType graph_pattern_not_triples = "graph pattern";
inline const GroupOrUnionType group_or_union = "group graph pattern";
inline const GroupListType group_list = "group graph pattern";
inline const GraphGraphPatternType graph_graph_pattern = "GRAPH pattern";
inline const ServicePatternType service_pattern = "SERVICE pattern";
inline const BindType bind = "BIND";
inline const ValuesRowType values_row = "VALUES row";
inline const GroupGraphPatternSubType group_graph_pattern_sub = "group graph pattern";

inline const auto group_graph_pattern_sub_def =
    -triples_block[kElement] >>
    *(graph_pattern_not_triples[kElement] >> -Sym(".") >> -triples_block[kElement]);

inline const auto graph_pattern_not_triples_def =
    group_or_union[kAssign] |
    (Kw("OPTIONAL") >> group_graph_pattern[kWrapGroup<ast::OptionalPattern>]) |
    (Kw("MINUS") >> group_graph_pattern[kWrapGroup<ast::MinusPattern>]) |
    graph_graph_pattern[kAnyElement] | service_pattern[kAnyElement] |
    (Kw("FILTER") >> constraint[kFilter]) | bind[kAnyElement] |
    (Kw("VALUES") >> data_block[kAnyElement]);

inline const auto group_or_union_def = group_list[kGroupOrUnion];

inline const auto group_list_def =
    group_graph_pattern[kValue] >> *(Kw("UNION") >> group_graph_pattern[kValue]);

inline const auto graph_graph_pattern_def =
    Kw("GRAPH") >> var_or_iri[kGraphName] >> group_graph_pattern[kGraphPattern];

inline const auto service_pattern_def =
    Kw("SERVICE") >> -Kw("SILENT")[kServiceSilent] >> var_or_iri[kServiceEndpoint] >>
    group_graph_pattern[kGraphPattern];

inline const auto bind_def = here[kStartOffset] >> Kw("BIND") >> Sym("(") >> expression[kBindExpression] >>
                             Kw("AS") >> var_token[kBindVariable] >> Sym(")");

inline const auto values_row_def = Sym("(") >> *data_block_value[kValue] >> Sym(")");

BOOST_SPIRIT_DEFINE(graph_pattern_not_triples, group_or_union, group_list,
                    graph_graph_pattern, service_pattern, bind, values_row,
                    group_graph_pattern_sub)

}  // namespace pattern_detail

inline const auto group_graph_pattern_def =
    nested[Sym("{") >> (sub_select[pattern_detail::kSubSelectElement] |
                        pattern_detail::group_graph_pattern_sub[kAssign]) >>
           Sym("}")];

inline const auto data_block_def =
    (var_token[pattern_detail::kValuesVariable] >> Sym("{") >>
     *data_block_value[pattern_detail::kValuesSingle] >> Sym("}")) |
    (Sym("(") >> *var_token[pattern_detail::kValuesVariable] >> Sym(")") >> Sym("{") >>
     *(here >> pattern_detail::values_row)[pattern_detail::kValuesRow] >> Sym("}"));

BOOST_SPIRIT_DEFINE(group_graph_pattern, data_block)

}  // namespace corridor::sparql::parser
