// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "tests/conformance/rdf_xml.h"

#include <expat.h>

#include <memory>
#include <optional>
#include <stdexcept>

#include "parser/iri.hpp"

namespace corridor::conformance {
namespace {

constexpr std::string_view kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
// expat joins namespace and local name with this separator; RDF/XML joins
// them with nothing, so it is removed.
constexpr char kSeparator = '\x1f';

std::string Joined(const char* name) {
  std::string s(name);
  if (const auto at = s.find(kSeparator); at != std::string::npos) s.erase(at, 1);
  return s;
}

struct Frame {
  enum class Kind { kDocument, kRdf, kNode, kProperty } kind = Kind::kDocument;
  std::string base;
  std::string language;
  Term subject;                  // kNode: the node; kProperty: the subject
  Term predicate;                // kProperty
  std::optional<Term> object;    // kProperty: given by an attribute or a child node
  std::string datatype;          // kProperty
  std::string text;              // kProperty
};

class Reader {
 public:
  Reader(std::string base, std::string source, std::string blank_prefix)
      : source_(std::move(source)), blank_prefix_(std::move(blank_prefix)) {
    Frame top;
    top.base = std::move(base);
    stack_.push_back(std::move(top));
  }

  void Start(const char* name, const char** attributes) {
    if (!error_.empty()) return;
    try {
      StartElement(Joined(name), attributes);
    } catch (const std::runtime_error& e) {
      error_ = e.what();
    }
  }

  void End() {
    if (!error_.empty()) return;
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.kind != Frame::Kind::kProperty) return;
    if (frame.object) return;  // emitted when the object was known
    if (frame.datatype.empty() && frame.language.empty()) {
      Emit(frame.subject, frame.predicate, Term::Literal(frame.text));
    } else if (!frame.datatype.empty()) {
      Emit(frame.subject, frame.predicate, Term::TypedLiteral(frame.text, frame.datatype));
    } else {
      Emit(frame.subject, frame.predicate, Term::LangLiteral(frame.text, frame.language));
    }
  }

  void Text(const char* text, int length) {
    if (error_.empty() && stack_.back().kind == Frame::Kind::kProperty) {
      stack_.back().text.append(text, static_cast<std::size_t>(length));
    }
  }

  const std::string& error() const { return error_; }
  std::vector<Quad>& triples() { return triples_; }

 private:
  [[noreturn]] void Unsupported(const std::string& what) {
    throw std::runtime_error("unsupported RDF/XML: " + what);
  }

  Term Blank(const std::string& node_id) {
    return Term::Blank(blank_prefix_ + (node_id.empty() ? "g" + std::to_string(++blanks_)
                                                         : "n" + node_id));
  }

  void Emit(const Term& s, const Term& p, Term o) {
    triples_.push_back(Quad{s, p, std::move(o), std::nullopt});
  }

  void StartElement(const std::string& name, const char** attributes) {
    const Frame& parent = stack_.back();
    Frame frame;
    frame.base = parent.base;
    frame.language = parent.language;
    std::vector<std::pair<std::string, std::string>> attrs;
    for (int i = 0; attributes[i] != nullptr; i += 2) {
      const std::string key = Joined(attributes[i]);
      const std::string value = attributes[i + 1];
      if (key == std::string(kXmlNs) + "lang") {
        frame.language = value;
      } else if (key == std::string(kXmlNs) + "base") {
        frame.base = sparql::ResolveIri(parent.base, value);
      } else if (!key.starts_with(kXmlNs)) {
        attrs.emplace_back(key, value);
      }
    }
    auto take = [&](std::string_view local) -> std::optional<std::string> {
      const std::string key = std::string(kRdfNs) + std::string(local);
      for (auto it = attrs.begin(); it != attrs.end(); ++it) {
        if (it->first == key) {
          std::string v = std::move(it->second);
          attrs.erase(it);
          return v;
        }
      }
      return std::nullopt;
    };

    if (parent.kind == Frame::Kind::kDocument && name == std::string(kRdfNs) + "RDF") {
      frame.kind = Frame::Kind::kRdf;
      stack_.push_back(std::move(frame));
      return;
    }
    if (parent.kind == Frame::Kind::kDocument || parent.kind == Frame::Kind::kRdf ||
        parent.kind == Frame::Kind::kProperty) {
      // A node element.
      if (parent.kind == Frame::Kind::kProperty && parent.object) {
        Unsupported("a property element with two values");
      }
      frame.kind = Frame::Kind::kNode;
      const auto about = take("about");
      const auto id = take("ID");
      const auto node_id = take("nodeID");
      if (about) {
        frame.subject = Term::Iri(sparql::ResolveIri(frame.base, *about));
      } else if (id) {
        frame.subject = Term::Iri(sparql::ResolveIri(frame.base, "#" + *id));
      } else {
        frame.subject = Blank(node_id.value_or(""));
      }
      if (name != std::string(kRdfNs) + "Description") {
        Emit(frame.subject, Term::Iri(std::string(kRdfNs) + "type"), Term::Iri(name));
      }
      for (const auto& [key, value] : attrs) {
        if (key.starts_with(kRdfNs) && key != std::string(kRdfNs) + "type") {
          Unsupported("attribute " + key);
        }
        Emit(frame.subject, Term::Iri(key),
             key == std::string(kRdfNs) + "type"
                 ? Term::Iri(sparql::ResolveIri(frame.base, value))
                 : (frame.language.empty() ? Term::Literal(value)
                                           : Term::LangLiteral(value, frame.language)));
      }
      if (parent.kind == Frame::Kind::kProperty) {
        Frame& p = stack_.back();
        p.object = frame.subject;
        Emit(p.subject, p.predicate, frame.subject);
      }
      stack_.push_back(std::move(frame));
      return;
    }
    // A property element of the node in `parent`.
    if (name == std::string(kRdfNs) + "li") Unsupported("rdf:li");
    frame.kind = Frame::Kind::kProperty;
    frame.subject = parent.subject;
    frame.predicate = Term::Iri(name);
    if (take("ID")) Unsupported("rdf:ID on a property element (reification)");
    if (take("bagID")) Unsupported("rdf:bagID");
    const auto resource = take("resource");
    const auto node_id = take("nodeID");
    const auto datatype = take("datatype");
    const auto parse_type = take("parseType");
    if (!attrs.empty()) Unsupported("property attributes on a property element");
    if (parse_type) {
      if (*parse_type != "Resource") Unsupported("rdf:parseType=\"" + *parse_type + "\"");
      const Term node = Blank("");
      Emit(frame.subject, frame.predicate, node);
      Frame inner;
      inner.kind = Frame::Kind::kNode;
      inner.base = frame.base;
      inner.language = frame.language;
      inner.subject = node;
      stack_.push_back(std::move(inner));
      return;
    }
    if (resource) {
      frame.object = Term::Iri(sparql::ResolveIri(frame.base, *resource));
    } else if (node_id) {
      frame.object = Blank(*node_id);
    }
    if (frame.object) Emit(frame.subject, frame.predicate, *frame.object);
    if (datatype) frame.datatype = sparql::ResolveIri(frame.base, *datatype);
    stack_.push_back(std::move(frame));
  }

  std::string source_;
  std::string blank_prefix_;
  std::vector<Frame> stack_;
  std::vector<Quad> triples_;
  std::size_t blanks_ = 0;
  std::string error_;
};

void XMLCALL OnStart(void* data, const char* name, const char** attributes) {
  static_cast<Reader*>(data)->Start(name, attributes);
}
void XMLCALL OnEnd(void* data, const char*) { static_cast<Reader*>(data)->End(); }
void XMLCALL OnText(void* data, const char* text, int length) {
  static_cast<Reader*>(data)->Text(text, length);
}

}  // namespace

std::vector<Quad> ReadRdfXml(std::string_view document, const std::string& base,
                             const std::string& source, const std::string& blank_prefix) {
  Reader reader(base, source, blank_prefix);
  std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(
      XML_ParserCreateNS("UTF-8", kSeparator), XML_ParserFree);
  XML_SetUserData(parser.get(), &reader);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  if (XML_Parse(parser.get(), document.data(), static_cast<int>(document.size()), 1) ==
      XML_STATUS_ERROR) {
    throw std::runtime_error(source + ": XML error at line " +
                             std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                             XML_ErrorString(XML_GetErrorCode(parser.get())));
  }
  if (!reader.error().empty()) throw std::runtime_error(source + ": " + reader.error());
  return std::move(reader.triples());
}

}  // namespace corridor::conformance
