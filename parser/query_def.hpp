// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#pragma once

#include <boost/fusion/include/at_c.hpp>

#include "parser/actions.hpp"
#include "parser/expression.hpp"
#include "parser/pattern.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"
#include "parser/tokens.hpp"
#include "parser/triples.hpp"

namespace corridor::sparql::parser {
namespace query_detail {

namespace fusion = boost::fusion;

inline constexpr auto kBase = [](auto& ctx) { State(ctx).base = std::move(x3::_attr(ctx)); };
inline constexpr auto kPrefix = [](auto& ctx) {
  auto& attr = x3::_attr(ctx);
  ParseState& state = State(ctx);
  state.prefixes[fusion::at_c<0>(attr)] = fusion::at_c<1>(attr);
  state.declared[fusion::at_c<0>(attr)] = fusion::at_c<1>(attr);
};

inline constexpr auto kSelectStar = [](auto& ctx) { x3::_val(ctx).star = true; };
inline constexpr auto kSelectItemVar = [](auto& ctx) {
  ast::SelectItem& item = x3::_val(ctx);
  item.variable = std::move(x3::_attr(ctx));
  if (item.id_first < 0) item.id_first = item.variable.id_first;
  item.id_last = item.variable.id_last;
};
inline constexpr auto kSelectItemExpression = [](auto& ctx) {
  x3::_val(ctx).expression = std::move(x3::_attr(ctx));
};

inline constexpr auto kVarExpression = [](auto& ctx) {
  x3::_val(ctx).expression = ast::Term(std::move(x3::_attr(ctx)));
};
inline constexpr auto kExpression = [](auto& ctx) {
  x3::_val(ctx).expression = std::move(x3::_attr(ctx));
};
inline constexpr auto kAlias = [](auto& ctx) { x3::_val(ctx).alias = std::move(x3::_attr(ctx)); };
inline constexpr auto kDescending = [](auto& ctx) { x3::_val(ctx).descending = true; };

inline constexpr auto kLimit = [](auto& ctx) { x3::_val(ctx).limit = x3::_attr(ctx); };
inline constexpr auto kOffset = [](auto& ctx) { x3::_val(ctx).offset = x3::_attr(ctx); };

inline constexpr auto kDataset = [](auto& ctx) {
  x3::_val(ctx).datasets.push_back(std::move(x3::_attr(ctx)));
};
inline constexpr auto kNamedIri = [](auto& ctx) {
  x3::_val(ctx).iri = std::move(x3::_attr(ctx));
  x3::_val(ctx).named = true;
};
inline constexpr auto kDefaultIri = [](auto& ctx) { x3::_val(ctx).iri = std::move(x3::_attr(ctx)); };

template <ast::QueryForm Form>
inline constexpr auto kForm = [](auto& ctx) { x3::_val(ctx).form = Form; };

inline constexpr auto kWhere = [](auto& ctx) { x3::_val(ctx).where = std::move(x3::_attr(ctx)); };
inline constexpr auto kModifiers = [](auto& ctx) {
  x3::_val(ctx).modifiers = std::move(x3::_attr(ctx));
};
inline constexpr auto kValues = [](auto& ctx) { x3::_val(ctx).values = std::move(x3::_attr(ctx)); };
inline constexpr auto kSelect = [](auto& ctx) { x3::_val(ctx).select = std::move(x3::_attr(ctx)); };
inline constexpr auto kTemplate = [](auto& ctx) {
  x3::_val(ctx).construct_template = std::move(x3::_attr(ctx));
};
// CONSTRUCT WHERE { T }: the template is T and so is the pattern.
inline constexpr auto kConstructWhere = [](auto& ctx) {
  ast::Query& query = x3::_val(ctx);
  query.construct_where = true;
  query.construct_template = std::move(x3::_attr(ctx));
  ast::BasicGraphPattern bgp;
  for (const ast::TriplePattern& t : query.construct_template) bgp.triples.emplace_back(t);
  query.where.emplace();
  query.where->elements.emplace_back(std::move(bgp));
};
inline constexpr auto kDescribeStar = [](auto& ctx) { x3::_val(ctx).describe_star = true; };
inline constexpr auto kDescribeTarget = [](auto& ctx) {
  x3::_val(ctx).describe.push_back(std::move(x3::_attr(ctx)));
};
inline constexpr auto kQueryForm = [](auto& ctx) {
  ast::Query& query = x3::_val(ctx);
  ast::Query& form = x3::_attr(ctx);
  query = std::move(form);
};
inline constexpr auto kTrailingValues = [](auto& ctx) {
  x3::_val(ctx).values = std::move(x3::_attr(ctx));
};

using SelectClauseType = x3::rule<struct SelectClauseClass, ast::SelectClause>;
using SelectItemType = x3::rule<struct SelectItemClass, ast::SelectItem>;
using DatasetClauseType = x3::rule<struct DatasetClauseClass, ast::DatasetClause>;
using SolutionModifierType = x3::rule<struct SolutionModifierClass, ast::SolutionModifiers>;
using GroupConditionType = x3::rule<struct GroupConditionClass, ast::GroupCondition>;
using OrderConditionType = x3::rule<struct OrderConditionClass, ast::OrderCondition>;
using WhereClauseType = x3::rule<struct WhereClauseClass, ast::GroupGraphPattern>;
using QueryFormType = x3::rule<struct QueryFormClass, ast::Query>;
using ConstructTemplateType =
    x3::rule<struct ConstructTemplateClass, std::vector<ast::TriplePattern>>;

inline const SelectClauseType select_clause = "SELECT clause";
inline const SelectItemType select_item = "projection";
inline const DatasetClauseType dataset_clause = "FROM clause";
inline const SolutionModifierType solution_modifier = "solution modifier";
inline const GroupConditionType group_condition = "GROUP BY condition";
inline const OrderConditionType order_condition = "ORDER BY condition";
inline const WhereClauseType where_clause = "WHERE clause";
inline const QueryFormType query_form = "query form";
inline const ConstructTemplateType construct_template = "construct template";

inline const auto select_clause_def =
    here[kStartOffset] >> Kw("SELECT") >>
    -(Kw("DISTINCT")[kSetValue<&ast::SelectClause::distinct, true>] |
      Kw("REDUCED")[kSetValue<&ast::SelectClause::reduced, true>]) >>
    (Sym("*")[kSelectStar] | +select_item[kPush<&ast::SelectClause::items>]);

inline const auto select_item_def =
    var_token[kSelectItemVar] |
    (here[kStartOffset] >> Sym("(") >> expression[kSelectItemExpression] >> Kw("AS") >>
     var_token[kSelectItemVar] >> Sym(")"));

inline const auto dataset_clause_def =
    Kw("FROM") >> ((Kw("NAMED") >> iri_token[kNamedIri]) | iri_token[kDefaultIri]);

inline const auto where_clause_def = -Kw("WHERE") >> group_graph_pattern[kAssign];

inline const auto group_condition_def =
    builtin_call[kExpression] | function_call[kExpression] |
    (Sym("(") >> expression[kExpression] >> -(Kw("AS") >> var_token[kAlias]) >> Sym(")")) |
    var_token[kVarExpression];

inline const auto order_condition_def =
    (Kw("ASC") >> bracketted_expression[kExpression]) |
    (Kw("DESC")[kDescending] >> bracketted_expression[kExpression]) |
    constraint[kExpression] | var_token[kVarExpression];

inline const auto limit_clause = Kw("LIMIT") >> unsigned_token[kLimit];
inline const auto offset_clause = Kw("OFFSET") >> unsigned_token[kOffset];

inline const auto solution_modifier_def =
    -(Kw("GROUP") >> Kw("BY") >> +group_condition[kPush<&ast::SolutionModifiers::group_by>]) >>
    -(Kw("HAVING") >> +constraint[kPush<&ast::SolutionModifiers::having>]) >>
    -(Kw("ORDER") >> Kw("BY") >> +order_condition[kPush<&ast::SolutionModifiers::order_by>]) >>
    -((limit_clause >> -offset_clause) | (offset_clause >> -limit_clause));

inline const auto construct_template_def = Sym("{") >> -triples_template[kAssign] >> Sym("}");

inline const auto query_form_def =
    (select_clause[kSelect] >> *dataset_clause[kDataset] >> where_clause[kWhere] >>
     solution_modifier[kModifiers])[kForm<ast::QueryForm::kSelect>] |
    (Kw("CONSTRUCT") >>
     ((construct_template[kTemplate] >> *dataset_clause[kDataset] >> where_clause[kWhere] >>
       solution_modifier[kModifiers]) |
      (*dataset_clause[kDataset] >> Kw("WHERE") >> construct_template[kConstructWhere] >>
       solution_modifier[kModifiers])))[kForm<ast::QueryForm::kConstruct>] |
    (Kw("DESCRIBE") >> (Sym("*")[kDescribeStar] | +var_or_iri[kDescribeTarget]) >>
     *dataset_clause[kDataset] >> -where_clause[kWhere] >>
     solution_modifier[kModifiers])[kForm<ast::QueryForm::kDescribe>] |
    (Kw("ASK") >> *dataset_clause[kDataset] >> where_clause[kWhere] >>
     solution_modifier[kModifiers])[kForm<ast::QueryForm::kAsk>];

BOOST_SPIRIT_DEFINE(select_clause, select_item, dataset_clause, where_clause, group_condition,
                    order_condition, solution_modifier, construct_template, query_form)

}  // namespace query_detail

inline const auto prologue_def =
    *((Kw("BASE") >> iriref_token[query_detail::kBase]) |
      (Kw("PREFIX") >> (pname_ns_token >> iriref_token)[query_detail::kPrefix]));

inline const auto query_unit_def =
    prologue >> query_detail::query_form[query_detail::kQueryForm] >>
    -(Kw("VALUES") >> data_block[query_detail::kTrailingValues]);

inline const auto sub_select_def =
    query_detail::select_clause[query_detail::kSelect] >>
    query_detail::where_clause[query_detail::kWhere] >>
    query_detail::solution_modifier[query_detail::kModifiers] >>
    -(Kw("VALUES") >> data_block[query_detail::kValues]);

BOOST_SPIRIT_DEFINE(prologue, query_unit, sub_select)

}  // namespace corridor::sparql::parser
