// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
//
// The SPARQL 1.1 abstract syntax tree produced by ParseQuery / ParseUpdate
// (parser/sparql_parser.hpp). Plain structs, no behaviour.
//
// Contracts every tree satisfies once the parser returned it:
//  * Every Iri is absolute: prefixed names are expanded, relative IRI
//    references are resolved against the BASE in force (RFC 3986), and the
//    keyword `a` is rdf:type.
//  * Every Literal has a datatype IRI: xsd:string for simple literals,
//    rdf:langString when `language` is set (the tag as written, without
//    '@'), xsd:integer / xsd:decimal / xsd:double / xsd:boolean for the
//    numeric and boolean shorthands, whose `lexical` is the text as written.
//  * Triples are flat: `;` and `,` lists, `[ ... ]` and `( ... )` are
//    expanded into TriplePattern / PathPattern entries. Blank nodes that the
//    parser generated carry labels starting with kGeneratedBlankPrefix, which
//    no label written in a query can start with.
//  * A predicate that is a plain IRI or a variable is a TriplePattern; any
//    other property path is a PathPattern.
//  * Nodes deriving from x3::position_tagged carry byte offsets in id_first
//    (start) and id_last (one past the end; -1 if not recorded), not
//    position_cache indices. Offsets are into the text after \u escape
//    decoding, which is the original text unless it has such escapes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

namespace corridor::sparql::ast {

namespace x3 = boost::spirit::x3;

inline constexpr char kXsd[] = "http://www.w3.org/2001/XMLSchema#";
inline constexpr char kRdf[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr char kXsdString[] = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr char kXsdInteger[] = "http://www.w3.org/2001/XMLSchema#integer";
inline constexpr char kXsdDecimal[] = "http://www.w3.org/2001/XMLSchema#decimal";
inline constexpr char kXsdDouble[] = "http://www.w3.org/2001/XMLSchema#double";
inline constexpr char kXsdBoolean[] = "http://www.w3.org/2001/XMLSchema#boolean";
inline constexpr char kRdfLangString[] =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
inline constexpr char kRdfType[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr char kRdfFirst[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr char kRdfRest[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr char kRdfNil[] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

// Labels of blank nodes made by the parser (for `[]`, `[ ... ]`, collections)
// start with this; BLANK_NODE_LABEL cannot start with '.'.
inline constexpr char kGeneratedBlankPrefix[] = ".";

// ---------------------------------------------------------------- terms

struct Iri {
  std::string value;  // absolute
};

struct Literal {
  std::string lexical;   // escapes decoded
  std::string datatype;  // always set, see above
  std::string language;  // empty unless a language-tagged string
};

struct BlankNode : x3::position_tagged {
  std::string label;  // without "_:"
};

struct Variable : x3::position_tagged {
  std::string name;  // without '?' or '$'
};

// Variable first so that a default-constructed Term is a Variable.
using Term = x3::variant<Variable, Iri, Literal, BlankNode>;

// ---------------------------------------------------------------- paths

struct PathSequence;
struct PathAlternative;
struct PathInverse;
struct PathRepeat;

// !(a|^b): matches a predicate not in `forward` (or, reversed, not in
// `inverse`). `!a` has one forward IRI.
struct PathNegatedSet {
  std::vector<Iri> forward;
  std::vector<Iri> inverse;
};

struct Path : x3::variant<Iri, PathNegatedSet, x3::forward_ast<PathSequence>,
                          x3::forward_ast<PathAlternative>,
                          x3::forward_ast<PathInverse>, x3::forward_ast<PathRepeat>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct PathSequence {
  std::vector<Path> steps;  // size >= 2
};

struct PathAlternative {
  std::vector<Path> alternatives;  // size >= 2
};

struct PathInverse {
  Path path;
};

enum class PathModifier { kZeroOrMore, kOneOrMore, kZeroOrOne };

struct PathRepeat {
  Path path;
  PathModifier modifier = PathModifier::kZeroOrMore;
};

// --------------------------------------------------------- triple patterns

struct TriplePattern {
  Term subject;
  Term predicate;  // Iri or Variable
  Term object;
};

struct PathPattern {
  Term subject;
  Path path;  // never a bare Iri
  Term object;
};

using TripleOrPath = x3::variant<TriplePattern, PathPattern>;

struct BasicGraphPattern {
  std::vector<TripleOrPath> triples;
};

// ----------------------------------------------------------- expressions

enum class BinaryOp {
  kOr, kAnd,
  kEqual, kNotEqual, kLess, kGreater, kLessEqual, kGreaterEqual,
  kAdd, kSubtract, kMultiply, kDivide,
};

enum class UnaryOp { kNot, kPlus, kMinus };

// Every built-in call of SPARQL 1.1 §17.4 (and the §19 grammar's
// BuiltInCall), except EXISTS / NOT EXISTS (ExistsExpr) and the aggregates
// (Aggregate). X(enumerator, keyword, min arity, max arity); -1 = unbounded.
#define CORRIDOR_SPARQL_BUILTINS(X)                                   \
  X(kStr, "STR", 1, 1) X(kLang, "LANG", 1, 1)                        \
  X(kLangMatches, "LANGMATCHES", 2, 2) X(kDatatype, "DATATYPE", 1, 1) \
  X(kBound, "BOUND", 1, 1) X(kIri, "IRI", 1, 1) X(kUri, "URI", 1, 1) \
  X(kBnode, "BNODE", 0, 1) X(kRand, "RAND", 0, 0) X(kAbs, "ABS", 1, 1) \
  X(kCeil, "CEIL", 1, 1) X(kFloor, "FLOOR", 1, 1)                    \
  X(kRound, "ROUND", 1, 1) X(kConcat, "CONCAT", 0, -1)               \
  X(kSubstr, "SUBSTR", 2, 3) X(kStrlen, "STRLEN", 1, 1)              \
  X(kReplace, "REPLACE", 3, 4) X(kUcase, "UCASE", 1, 1)              \
  X(kLcase, "LCASE", 1, 1) X(kEncodeForUri, "ENCODE_FOR_URI", 1, 1)  \
  X(kContains, "CONTAINS", 2, 2) X(kStrStarts, "STRSTARTS", 2, 2)    \
  X(kStrEnds, "STRENDS", 2, 2) X(kStrBefore, "STRBEFORE", 2, 2)      \
  X(kStrAfter, "STRAFTER", 2, 2) X(kYear, "YEAR", 1, 1)              \
  X(kMonth, "MONTH", 1, 1) X(kDay, "DAY", 1, 1) X(kHours, "HOURS", 1, 1) \
  X(kMinutes, "MINUTES", 1, 1) X(kSeconds, "SECONDS", 1, 1)          \
  X(kTimezone, "TIMEZONE", 1, 1) X(kTz, "TZ", 1, 1) X(kNow, "NOW", 0, 0) \
  X(kUuid, "UUID", 0, 0) X(kStrUuid, "STRUUID", 0, 0)                \
  X(kMd5, "MD5", 1, 1) X(kSha1, "SHA1", 1, 1)                        \
  X(kSha256, "SHA256", 1, 1) X(kSha384, "SHA384", 1, 1)              \
  X(kSha512, "SHA512", 1, 1) X(kCoalesce, "COALESCE", 0, -1)         \
  X(kIf, "IF", 3, 3) X(kStrLang, "STRLANG", 2, 2)                    \
  X(kStrDt, "STRDT", 2, 2) X(kSameTerm, "sameTerm", 2, 2)            \
  X(kIsIri, "isIRI", 1, 1) X(kIsUri, "isURI", 1, 1)                  \
  X(kIsBlank, "isBLANK", 1, 1) X(kIsLiteral, "isLITERAL", 1, 1)      \
  X(kIsNumeric, "isNUMERIC", 1, 1) X(kRegex, "REGEX", 2, 3)

enum class Builtin {
#define CORRIDOR_SPARQL_BUILTIN_ENUM(e, k, lo, hi) e,
  CORRIDOR_SPARQL_BUILTINS(CORRIDOR_SPARQL_BUILTIN_ENUM)
#undef CORRIDOR_SPARQL_BUILTIN_ENUM
};

// The keyword of a built-in as the spec spells it ("STR", "isIRI", ...).
const char* BuiltinName(Builtin builtin);

enum class AggregateOp { kCount, kSum, kMin, kMax, kAvg, kSample, kGroupConcat };

struct BinaryExpr;
struct UnaryExpr;
struct InExpr;
struct BuiltinCall;
struct FunctionCall;
struct Aggregate;
struct ExistsExpr;

// A Term here is never a BlankNode.
struct Expression
    : x3::variant<Term, x3::forward_ast<BinaryExpr>, x3::forward_ast<UnaryExpr>,
                  x3::forward_ast<InExpr>, x3::forward_ast<BuiltinCall>,
                  x3::forward_ast<FunctionCall>, x3::forward_ast<Aggregate>,
                  x3::forward_ast<ExistsExpr>> {
  using base_type::base_type;
  using base_type::operator=;
};

// A left-associative chain of operators of one precedence level (||; &&;
// one relational operator; + and -; * and /), evaluated left to right:
// ((operands[0] ops[0] operands[1]) ops[1] operands[2]) ...
// Chains are flat so that long operator sequences ("?x = 1 || ?x = 2 || ...")
// do not make deep trees: the depth of an Expression is bounded by the
// bracket nesting limit. Invariant: operands.size() == ops.size() + 1 >= 2.
struct BinaryExpr {
  std::vector<Expression> operands;
  std::vector<BinaryOp> ops;
};

struct UnaryExpr {
  UnaryOp op = UnaryOp::kNot;
  Expression operand;
};

// lhs [NOT] IN (list...)
struct InExpr {
  Expression lhs;
  bool negated = false;
  std::vector<Expression> list;
};

struct BuiltinCall {
  Builtin function = Builtin::kStr;
  std::vector<Expression> args;  // BOUND's argument is a Variable term
};

// A call of a function named by IRI (also XSD casts such as xsd:integer(?x)).
struct FunctionCall {
  Iri function;
  bool distinct = false;  // only meaningful for custom aggregates
  std::vector<Expression> args;
};

struct Aggregate : x3::position_tagged {
  AggregateOp op = AggregateOp::kCount;
  bool distinct = false;
  std::optional<Expression> arg;  // empty only for COUNT(*)
  std::string separator = " ";    // GROUP_CONCAT only
};

// ------------------------------------------------------- graph patterns

struct GroupGraphPattern;
struct OptionalPattern;
struct UnionPattern;
struct MinusPattern;
struct GraphGraphPattern;
struct ServicePattern;
struct SubSelect;

struct Filter {
  Expression condition;
};

struct Bind : x3::position_tagged {
  Expression expression;
  Variable variable;
};

// VALUES: a row holds one entry per variable; an empty optional is UNDEF.
struct InlineData {
  std::vector<Variable> variables;
  std::vector<std::vector<std::optional<Term>>> rows;
};

using GraphPatternElement =
    x3::variant<BasicGraphPattern, Filter, Bind, InlineData,
                x3::forward_ast<GroupGraphPattern>, x3::forward_ast<OptionalPattern>,
                x3::forward_ast<UnionPattern>, x3::forward_ast<MinusPattern>,
                x3::forward_ast<GraphGraphPattern>, x3::forward_ast<ServicePattern>,
                x3::forward_ast<SubSelect>>;

// The elements in source order. Adjacent triples blocks separated only by
// '.' form one BasicGraphPattern; a FILTER or any other element between them
// starts a new one. `{ SELECT ... }` is a group whose only element is a
// SubSelect.
struct GroupGraphPattern {
  std::vector<GraphPatternElement> elements;
};

struct OptionalPattern {
  GroupGraphPattern pattern;
};

struct UnionPattern {
  std::vector<GroupGraphPattern> alternatives;  // size >= 2
};

struct MinusPattern {
  GroupGraphPattern pattern;
};

struct GraphGraphPattern {
  Term graph;  // Iri or Variable
  GroupGraphPattern pattern;
};

// Parsed so that the engine can refuse it with a clear message.
struct ServicePattern {
  bool silent = false;
  Term endpoint;  // Iri or Variable
  GroupGraphPattern pattern;
};

struct ExistsExpr {
  bool negated = false;  // NOT EXISTS
  GroupGraphPattern pattern;
};

// ------------------------------------------------------------- queries

struct SelectItem : x3::position_tagged {
  Variable variable;
  std::optional<Expression> expression;  // set for (expr AS ?v)
};

struct SelectClause : x3::position_tagged {  // starts at SELECT
  bool distinct = false;
  bool reduced = false;
  bool star = false;  // SELECT *: `items` is empty
  std::vector<SelectItem> items;
};

struct GroupCondition {
  Expression expression;           // a bare variable is a Variable term
  std::optional<Variable> alias;   // (expr AS ?v)
};

struct OrderCondition {
  Expression expression;
  bool descending = false;
};

struct SolutionModifiers {
  std::vector<GroupCondition> group_by;
  std::vector<Expression> having;  // several constraints are a conjunction
  std::vector<OrderCondition> order_by;
  std::optional<std::uint64_t> limit;
  std::optional<std::uint64_t> offset;
};

struct DatasetClause {
  Iri iri;
  bool named = false;  // FROM NAMED / USING NAMED
};

struct SubSelect {
  SelectClause select;
  GroupGraphPattern where;
  SolutionModifiers modifiers;
  std::optional<InlineData> values;
};

enum class QueryForm { kSelect, kConstruct, kAsk, kDescribe };

struct Query {
  QueryForm form = QueryForm::kSelect;
  // The prologue as written (prefix -> namespace IRI, last BASE), kept for
  // serialising results; every IRI in the tree is already expanded.
  std::map<std::string, std::string> prefixes;
  std::string base;

  SelectClause select;                      // kSelect
  std::vector<TriplePattern> construct_template;  // kConstruct
  bool construct_where = false;             // CONSTRUCT WHERE { ... }
  std::vector<Term> describe;               // kDescribe; empty with DESCRIBE *
  bool describe_star = false;

  std::vector<DatasetClause> datasets;      // FROM / FROM NAMED
  std::optional<GroupGraphPattern> where;   // empty only for DESCRIBE without WHERE
  SolutionModifiers modifiers;
  std::optional<InlineData> values;         // trailing VALUES
};

// -------------------------------------------------------------- updates

// A triple in a template or in quad data; `graph` is empty for the default
// graph (or the WITH graph, which the engine applies).
struct Quad {
  Term subject;
  Term predicate;
  Term object;
  std::optional<Term> graph;  // Iri or Variable
};

struct InsertData {
  std::vector<Quad> quads;  // no variables
};

struct DeleteData {
  std::vector<Quad> quads;  // no variables, no blank nodes
};

struct DeleteWhere {
  std::vector<Quad> quads;  // no blank nodes; also the pattern to match
};

// DELETE { } INSERT { } [WITH] [USING] WHERE { }.
struct Modify {
  std::optional<Iri> with;
  bool has_delete = false;
  bool has_insert = false;
  std::vector<Quad> delete_quads;  // no blank nodes
  std::vector<Quad> insert_quads;
  std::vector<DatasetClause> using_clauses;
  GroupGraphPattern where;
};

struct Load {
  bool silent = false;
  Iri source;
  std::optional<Iri> into;  // INTO GRAPH
};

enum class GraphTarget { kGraph, kDefault, kNamed, kAll };

// GRAPH iri | DEFAULT | NAMED | ALL; `iri` is set only for kGraph.
struct GraphRef {
  GraphTarget target = GraphTarget::kDefault;
  Iri iri;
};

struct Clear {
  bool silent = false;
  GraphRef graph;
};

struct Drop {
  bool silent = false;
  GraphRef graph;
};

struct Create {
  bool silent = false;
  Iri graph;
};

enum class TransferOp { kAdd, kMove, kCopy };

// ADD / MOVE / COPY: `from` and `to` are kDefault or kGraph.
struct Transfer {
  TransferOp op = TransferOp::kAdd;
  bool silent = false;
  GraphRef from;
  GraphRef to;
};

using UpdateOperation = x3::variant<InsertData, DeleteData, DeleteWhere, Modify,
                                    Load, Clear, Drop, Create, Transfer>;

struct Update {
  std::vector<UpdateOperation> operations;  // may be empty
  std::map<std::string, std::string> prefixes;  // as declared, last wins
  std::string base;                             // last BASE
};

}  // namespace corridor::sparql::ast
