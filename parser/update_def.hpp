// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#pragma once

#include <vector>

#include "parser/actions.hpp"
#include "parser/pattern.hpp"
#include "parser/query.hpp"
#include "parser/term.hpp"
#include "parser/tokens.hpp"
#include "parser/triples.hpp"
#include "parser/update.hpp"

namespace corridor::sparql::parser {
namespace update_detail {

// GRAPH g { triples } while being parsed.
struct GraphQuads {
  ast::Term graph;
  std::vector<ast::TriplePattern> triples;
};

inline void AppendQuads(std::vector<ast::TriplePattern>& triples,
                        const std::optional<ast::Term>& graph, std::vector<ast::Quad>& out) {
  for (ast::TriplePattern& t : triples) {
    out.push_back(ast::Quad{std::move(t.subject), std::move(t.predicate), std::move(t.object),
                            graph});
  }
}

inline constexpr auto kDefaultQuads = [](auto& ctx) {
  AppendQuads(x3::_attr(ctx), std::nullopt, x3::_val(ctx));
};
inline constexpr auto kNamedQuads = [](auto& ctx) {
  GraphQuads& g = x3::_attr(ctx);
  AppendQuads(g.triples, g.graph, x3::_val(ctx));
};
inline constexpr auto kGraphName = [](auto& ctx) { x3::_val(ctx).graph = std::move(x3::_attr(ctx)); };
inline constexpr auto kGraphTriples = [](auto& ctx) {
  x3::_val(ctx).triples = std::move(x3::_attr(ctx));
};

inline constexpr auto kOperation = [](auto& ctx) {
  x3::_val(ctx).operations.push_back(std::move(x3::_attr(ctx)));
};
inline constexpr auto kAsOperation = [](auto& ctx) {
  x3::_val(ctx) = ast::UpdateOperation(std::move(x3::_attr(ctx)));
};

inline constexpr auto kSilent = [](auto& ctx) { x3::_val(ctx).silent = true; };
inline constexpr auto kLoadSource = [](auto& ctx) { x3::_val(ctx).source = std::move(x3::_attr(ctx)); };
inline constexpr auto kLoadInto = [](auto& ctx) { x3::_val(ctx).into = std::move(x3::_attr(ctx)); };
inline constexpr auto kGraphRef = [](auto& ctx) { x3::_val(ctx).graph = std::move(x3::_attr(ctx)); };
inline constexpr auto kCreateGraph = [](auto& ctx) { x3::_val(ctx).graph = std::move(x3::_attr(ctx)); };

template <ast::GraphTarget Target>
inline constexpr auto kTarget = [](auto& ctx) { x3::_val(ctx).target = Target; };
inline constexpr auto kTargetIri = [](auto& ctx) {
  x3::_val(ctx).target = ast::GraphTarget::kGraph;
  x3::_val(ctx).iri = std::move(x3::_attr(ctx));
};

template <ast::TransferOp Op>
inline constexpr auto kTransferOp = [](auto& ctx) { x3::_val(ctx).op = Op; };
inline constexpr auto kTransferFrom = [](auto& ctx) { x3::_val(ctx).from = std::move(x3::_attr(ctx)); };
inline constexpr auto kTransferTo = [](auto& ctx) { x3::_val(ctx).to = std::move(x3::_attr(ctx)); };

inline constexpr auto kQuads = [](auto& ctx) { x3::_val(ctx).quads = std::move(x3::_attr(ctx)); };

inline constexpr auto kWith = [](auto& ctx) { x3::_val(ctx).with = std::move(x3::_attr(ctx)); };
inline constexpr auto kDeleteQuads = [](auto& ctx) {
  x3::_val(ctx).has_delete = true;
  x3::_val(ctx).delete_quads = std::move(x3::_attr(ctx));
};
inline constexpr auto kInsertQuads = [](auto& ctx) {
  x3::_val(ctx).has_insert = true;
  x3::_val(ctx).insert_quads = std::move(x3::_attr(ctx));
};
inline constexpr auto kUsing = [](auto& ctx) {
  x3::_val(ctx).using_clauses.push_back(ast::DatasetClause{std::move(x3::_attr(ctx)), false});
};
inline constexpr auto kUsingNamed = [](auto& ctx) {
  x3::_val(ctx).using_clauses.push_back(ast::DatasetClause{std::move(x3::_attr(ctx)), true});
};
inline constexpr auto kModifyWhere = [](auto& ctx) {
  x3::_val(ctx).where = std::move(x3::_attr(ctx));
};

using Update1Type = x3::rule<struct Update1Class, ast::UpdateOperation>;
using QuadsType = x3::rule<struct QuadsClass, std::vector<ast::Quad>>;
using QuadsNotTriplesType = x3::rule<struct QuadsNotTriplesClass, GraphQuads>;
using LoadType = x3::rule<struct LoadClass, ast::Load>;
using ClearType = x3::rule<struct ClearClass, ast::Clear>;
using DropType = x3::rule<struct DropClass, ast::Drop>;
using CreateType = x3::rule<struct CreateClass, ast::Create>;
using TransferType = x3::rule<struct TransferClass, ast::Transfer>;
using GraphRefAllType = x3::rule<struct GraphRefAllClass, ast::GraphRef>;
using GraphOrDefaultType = x3::rule<struct GraphOrDefaultClass, ast::GraphRef>;
using InsertDataType = x3::rule<struct InsertDataClass, ast::InsertData>;
using DeleteDataType = x3::rule<struct DeleteDataClass, ast::DeleteData>;
using DeleteWhereType = x3::rule<struct DeleteWhereClass, ast::DeleteWhere>;
using ModifyType = x3::rule<struct ModifyClass, ast::Modify>;

inline const Update1Type update1 = "update operation";
inline const QuadsType quads = "quads";
inline const QuadsNotTriplesType quads_not_triples = "GRAPH block";
inline const LoadType load = "LOAD";
inline const ClearType clear = "CLEAR";
inline const DropType drop = "DROP";
inline const CreateType create = "CREATE";
inline const TransferType transfer = "ADD, MOVE or COPY";
inline const GraphRefAllType graph_ref_all = "graph reference";
inline const GraphOrDefaultType graph_or_default = "graph or DEFAULT";
inline const InsertDataType insert_data = "INSERT DATA";
inline const DeleteDataType delete_data = "DELETE DATA";
inline const DeleteWhereType delete_where = "DELETE WHERE";
inline const ModifyType modify = "DELETE/INSERT";

inline const auto quad_block = Sym("{") >> quads >> Sym("}");

inline const auto update1_def =
    load[kAsOperation] | clear[kAsOperation] | drop[kAsOperation] | transfer[kAsOperation] |
    create[kAsOperation] | insert_data[kAsOperation] | delete_data[kAsOperation] |
    delete_where[kAsOperation] | modify[kAsOperation];

inline const auto quads_def =
    -triples_template[kDefaultQuads] >>
    *(quads_not_triples[kNamedQuads] >> -Sym(".") >> -triples_template[kDefaultQuads]);

inline const auto quads_not_triples_def = Kw("GRAPH") >> var_or_iri[kGraphName] >> Sym("{") >>
                                          -triples_template[kGraphTriples] >> Sym("}");

inline const auto load_def = Kw("LOAD") >> -Kw("SILENT")[kSilent] >> iri_token[kLoadSource] >>
                             -(Kw("INTO") >> Kw("GRAPH") >> iri_token[kLoadInto]);

inline const auto graph_ref_all_def =
    (Kw("GRAPH") >> iri_token[kTargetIri]) | Kw("DEFAULT")[kTarget<ast::GraphTarget::kDefault>] |
    Kw("NAMED")[kTarget<ast::GraphTarget::kNamed>] | Kw("ALL")[kTarget<ast::GraphTarget::kAll>];

inline const auto graph_or_default_def =
    Kw("DEFAULT")[kTarget<ast::GraphTarget::kDefault>] | (-Kw("GRAPH") >> iri_token[kTargetIri]);

inline const auto clear_def = Kw("CLEAR") >> -Kw("SILENT")[kSilent] >> graph_ref_all[kGraphRef];
inline const auto drop_def = Kw("DROP") >> -Kw("SILENT")[kSilent] >> graph_ref_all[kGraphRef];
inline const auto create_def =
    Kw("CREATE") >> -Kw("SILENT")[kSilent] >> Kw("GRAPH") >> iri_token[kCreateGraph];

inline const auto transfer_def =
    (Kw("ADD")[kTransferOp<ast::TransferOp::kAdd>] |
     Kw("MOVE")[kTransferOp<ast::TransferOp::kMove>] |
     Kw("COPY")[kTransferOp<ast::TransferOp::kCopy>]) >>
    -Kw("SILENT")[kSilent] >> graph_or_default[kTransferFrom] >> Kw("TO") >>
    graph_or_default[kTransferTo];

inline const auto insert_data_def = Kw("INSERT") >> Kw("DATA") >> quad_block[kQuads];
inline const auto delete_data_def = Kw("DELETE") >> Kw("DATA") >> quad_block[kQuads];
inline const auto delete_where_def = Kw("DELETE") >> Kw("WHERE") >> quad_block[kQuads];

inline const auto modify_def =
    -(Kw("WITH") >> iri_token[kWith]) >>
    ((Kw("DELETE") >> quad_block[kDeleteQuads] >> -(Kw("INSERT") >> quad_block[kInsertQuads])) |
     (Kw("INSERT") >> quad_block[kInsertQuads])) >>
    *(Kw("USING") >> ((Kw("NAMED") >> iri_token[kUsingNamed]) | iri_token[kUsing])) >>
    Kw("WHERE") >> group_graph_pattern[kModifyWhere];

BOOST_SPIRIT_DEFINE(update1, quads, quads_not_triples, load, clear, drop, create, transfer,
                    graph_ref_all, graph_or_default, insert_data, delete_data, delete_where,
                    modify)

}  // namespace update_detail

inline const auto update_unit_def =
    prologue >>
    -(update_detail::update1[update_detail::kOperation] >>
      *(Sym(";") >> prologue >> update_detail::update1[update_detail::kOperation]) >>
      -(Sym(";") >> prologue));

BOOST_SPIRIT_DEFINE(update_unit)

}  // namespace corridor::sparql::parser
