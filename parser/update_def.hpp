// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/actions.hpp"
#include "parser/iri.hpp"
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

// Quad data (INSERT DATA / DELETE DATA) written as simple triples: IRIs,
// prefixed names, `a`, literals, numbers, booleans, `;`, `,`, `.` and
// GRAPH <iri> blocks. Read by one loop over the same token scanners the
// grammar uses, without Spirit's rule machinery or intermediate
// attributes: large DATA blocks parse several times faster. It declines
// (fails having consumed nothing and recorded nothing in ParseState) on
// anything else (blank nodes, `[`, `(`, variables, undefined prefixes,
// errors), and the full grammar (`quad_block`) then parses the block or
// reports the error. When it succeeds, the quads equal quad_block's.
struct FastQuadBlock : x3::parser<FastQuadBlock> {
  using attribute_type = std::vector<ast::Quad>;
  static bool const has_attribute = true;

  // Whether resolving `iri` (an IRIREF) gives `iri` itself: it has a
  // scheme and no '.' in its path, so it has no dot segments to remove
  // (RFC 3986 §5.2.2; parser/iri.cc splits and recomposes exactly).
  static bool ResolvesToItself(std::string_view iri) {
    if (!HasScheme(iri)) return false;
    std::string_view rest = iri.substr(iri.find(':') + 1);
    if (rest.size() >= 2 && rest[0] == '/' && rest[1] == '/') {
      const std::size_t path = rest.find_first_of("/?#", 2);
      rest = path == std::string_view::npos ? std::string_view() : rest.substr(path);
    }
    return rest.substr(0, rest.find_first_of("?#")).find('.') == std::string_view::npos;
  }

  static bool ParseIri(const ParseState& state, const char*& p, const char* end, ast::Term& out) {
    if (p < end && *p == '<') {
      std::string text;
      if (!ScanIriRef(p, end, text)) return false;
      if (ResolvesToItself(text)) out = ast::Iri{std::move(text)};
      else out = ast::Iri{ResolveAgainstBase(state, text)};
      return true;
    }
    std::string prefix, local;
    const char* q = p;
    if (!ScanPrefixedName(q, end, prefix, local)) return false;
    auto it = state.prefixes.find(prefix);
    if (it == state.prefixes.end()) return false;  // the grammar reports it
    p = q;
    out = ast::Iri{it->second + local};
    return true;
  }

  // A subject or object: IRI or literal (as graph_term, without blank
  // nodes and `()`). `skip` skips white space and comments.
  template <typename Skip>
  static bool ParseTerm(const ParseState& state, const char*& p, const char* end, Skip&& skip,
                        ast::Term& out) {
    if (p >= end) return false;
    const char c = *p;
    if (c == '<') return ParseIri(state, p, end, out);
    if (c == '"' || c == '\'') {
      ast::Literal lit;
      if (!ScanString(p, end, lit.lexical)) return false;
      lit.datatype = ast::kXsdString;
      const char* q = p;
      skip(q);
      if (q < end && *q == '@') {
        if (!ScanLangTag(q, end, lit.language)) return false;
        lit.datatype = ast::kRdfLangString;
        p = q;
      } else if (ScanSymbol(q, end, "^^")) {
        skip(q);
        ast::Term dt;
        if (!ParseIri(state, q, end, dt)) return false;
        lit.datatype = std::move(boost::get<ast::Iri>(dt.get()).value);
        p = q;
      }
      out = std::move(lit);
      return true;
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      ast::Literal lit;
      if (!ScanNumber(p, end, lit)) return false;
      out = std::move(lit);
      return true;
    }
    if (ParseIri(state, p, end, out)) return true;
    for (const char* word : {"true", "false"}) {
      const char* q = p;
      if (ScanKeyword(q, end, word, false)) {
        out = ast::Literal{word, ast::kXsdBoolean, {}};
        p = q;
        return true;
      }
    }
    return false;
  }

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute& attr) const {
    const ParseState& state = x3::get<StateTag>(context);
    const char* p = first;
    const char* const end = last;
    auto skip = [&](const char*& at) { x3::skip_over(at, end, context); };
    auto sym = [&](const char* symbol) {
      skip(p);
      return ScanSymbol(p, end, symbol);
    };
    std::vector<ast::Quad> out;
    if (!sym("{")) return false;
    std::optional<ast::Term> graph;  // inside GRAPH g { }
    bool open_template = false;      // triples just ended without '.'
    for (;;) {
      skip(p);
      if (p < end && *p == '}') {
        ++p;
        if (!graph) break;
        graph.reset();
        open_template = false;
        sym(".");  // optional after a GRAPH block
        continue;
      }
      if (!graph) {
        const char* q = p;
        if (ScanKeyword(q, end, "GRAPH", false)) {
          p = q;
          skip(p);
          ast::Term g;
          if (!ParseIri(state, p, end, g) || !sym("{")) return false;
          graph = std::move(g);
          open_template = false;
          continue;
        }
      }
      if (open_template) return false;  // two triples without '.' between
      ast::Term subject;
      if (!ParseTerm(state, p, end, skip, subject)) return false;
      // PropertyListNotEmpty ::= Verb ObjectList ( ';' ( Verb ObjectList )? )*
      bool need_verb = true;
      for (;;) {
        skip(p);
        if (!need_verb) {
          if (!ScanSymbol(p, end, ";")) break;
          skip(p);
          if (p < end && (*p == ';' || *p == '.' || *p == '}')) continue;
        }
        need_verb = false;
        ast::Term verb;
        const char* q = p;
        if (ScanKeyword(q, end, "a", true)) {
          verb = ast::Iri{ast::kRdfType};
          p = q;
        } else if (!ParseIri(state, p, end, verb)) {
          return false;
        }
        for (;;) {
          skip(p);
          ast::Term object;
          if (!ParseTerm(state, p, end, skip, object)) return false;
          out.push_back(ast::Quad{subject, verb, std::move(object), graph});
          if (!sym(",")) break;
        }
      }
      skip(p);
      open_template = !ScanSymbol(p, end, ".");
    }
    first = p;
    x3::traits::move_to(std::move(out), attr);
    return true;
  }
};

inline constexpr FastQuadBlock fast_quad_block{};

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

inline const auto insert_data_def =
    Kw("INSERT") >> Kw("DATA") >> (fast_quad_block[kQuads] | quad_block[kQuads]);
inline const auto delete_data_def =
    Kw("DELETE") >> Kw("DATA") >> (fast_quad_block[kQuads] | quad_block[kQuads]);
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
