// Copyright 2026 The Corridor Authors. Licensed under the Apache License 2.0.
#include "tests/conformance/w3c_manifest.h"

#include <cctype>
#include <set>
#include <stdexcept>

#include "storage/rdf_reader.h"

namespace corridor::conformance {

namespace fs = std::filesystem;

std::string ManifestGraph::Key(const Term& t) {
  return (t.is_blank() ? "_:" : "<") + t.value;
}

void ManifestGraph::Add(Term subject, Term predicate, Term object) {
  by_subject_[Key(subject)].emplace_back(std::move(predicate), std::move(object));
}

std::vector<const Term*> ManifestGraph::Objects(const Term& subject,
                                                std::string_view predicate) const {
  std::vector<const Term*> out;
  const auto it = by_subject_.find(Key(subject));
  if (it == by_subject_.end()) return out;
  for (const auto& [p, o] : it->second) {
    if (p.value == predicate) out.push_back(&o);
  }
  return out;
}

const Term* ManifestGraph::Object(const Term& subject, std::string_view predicate) const {
  const auto objects = Objects(subject, predicate);
  return objects.empty() ? nullptr : objects.front();
}

std::vector<Term> ManifestGraph::List(const Term& head) const {
  const std::string nil = std::string(kRdf) + "nil";
  std::vector<Term> out;
  std::set<std::string> seen;
  Term node = head;
  while (!(node.is_iri() && node.value == nil)) {
    if (!seen.insert(Key(node)).second) throw std::runtime_error("cyclic RDF list");
    const Term* first = Object(node, std::string(kRdf) + "first");
    const Term* rest = Object(node, std::string(kRdf) + "rest");
    if (first == nullptr || rest == nullptr) {
      throw std::runtime_error("malformed RDF list at " + node.value);
    }
    out.push_back(*first);
    node = *rest;
  }
  return out;
}

std::string FileIri(const fs::path& path) {
  std::error_code ec;
  // Normalised, so that "a/../b" names the same IRI as "b" (IRIs resolved
  // against it lose their dot segments).
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  static const char* const kHex = "0123456789ABCDEF";
  std::string iri = "file://";
  for (const unsigned char c : (ec ? path : absolute).generic_string()) {
    const bool plain = c > 0x20 && c < 0x7f && c != '%' && c != '#' && c != '?' && c != '<' &&
                       c != '>' && c != '"' && c != '{' && c != '}' && c != '|' && c != '^' &&
                       c != '`' && c != '\\';
    if (plain) {
      iri.push_back(static_cast<char>(c));
    } else {
      iri.push_back('%');
      iri.push_back(kHex[c >> 4]);
      iri.push_back(kHex[c & 0xf]);
    }
  }
  return iri;
}

std::optional<fs::path> PathFromFileIri(std::string_view iri) {
  if (!iri.starts_with("file://")) return std::nullopt;
  iri.remove_prefix(7);
  if (const auto cut = iri.find_first_of("?#"); cut != std::string_view::npos) {
    iri = iri.substr(0, cut);
  }
  std::string path;
  for (std::size_t i = 0; i < iri.size(); ++i) {
    if (iri[i] == '%' && i + 2 < iri.size() && std::isxdigit(static_cast<unsigned char>(iri[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(iri[i + 2]))) {
      path.push_back(static_cast<char>(std::stoi(std::string(iri.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      path.push_back(iri[i]);
    }
  }
  return fs::path(path);
}

fs::path Manifest::LocalPath(const std::string& file_iri) const {
  if (auto p = PathFromFileIri(file_iri)) return *p;
  throw std::runtime_error("not a local file: <" + file_iri + "> in " + path.string());
}

std::string Manifest::TestBase(const std::string& file_iri) const {
  if (!assumed_test_base) return file_iri;
  const std::string folder = iri.substr(0, iri.rfind('/') + 1);
  if (!file_iri.starts_with(folder)) return file_iri;
  return *assumed_test_base + file_iri.substr(folder.size());
}

std::string Manifest::SuiteName() const {
  return fs::absolute(path).parent_path().filename().string();
}

namespace {

struct GraphBuilder : storage::QuadHandler {
  ManifestGraph* graph;
  void OnQuad(const storage::TermView& s, const storage::TermView& p,
              const storage::TermView& o, const storage::TermView*) override {
    graph->Add(s.ToTerm(), p.ToTerm(), o.ToTerm());
  }
};

std::string Fragment(const std::string& iri) {
  const auto hash = iri.rfind('#');
  return hash == std::string::npos ? iri : iri.substr(hash + 1);
}

void Load(const fs::path& path, std::set<std::string>* seen,
          std::vector<std::unique_ptr<Manifest>>* out) {
  auto m = std::make_unique<Manifest>();
  m->path = path;
  m->iri = FileIri(path);
  if (!seen->insert(m->iri).second) return;
  m->graph = std::make_unique<ManifestGraph>();
  GraphBuilder builder;
  builder.graph = m->graph.get();
  storage::ReaderOptions options;
  options.format = RdfFormat::kTurtle;
  options.base = m->iri;
  options.blank_prefix = "m" + std::to_string(seen->size()) + "_";
  storage::ReadRdfFile(path, options, builder);

  const ManifestGraph& g = *m->graph;
  const Term self = Term::Iri(m->iri);
  const std::string mf(kMf);
  if (const Term* base = g.Object(self, mf + "assumedTestBase")) m->assumed_test_base = base->value;
  if (const Term* label = g.Object(self, std::string(kRdfs) + "label")) m->label = label->value;

  std::vector<fs::path> includes;
  for (const Term* head : g.Objects(self, mf + "include")) {
    for (const Term& included : g.List(*head)) includes.push_back(m->LocalPath(included.value));
  }
  for (const Term* head : g.Objects(self, mf + "entries")) {
    for (const Term& node : g.List(*head)) {
      TestEntry e;
      e.manifest = m.get();
      e.node = node;
      const Term* name = g.Object(node, mf + "name");
      e.name = name ? name->value : Fragment(node.value);
      if (const Term* type = g.Object(node, std::string(kRdf) + "type")) e.type = type->value;
      if (const Term* action = g.Object(node, mf + "action")) e.action = *action;
      if (const Term* result = g.Object(node, mf + "result")) e.result = *result;
      const Term* approval = g.Object(node, std::string(kRdft) + "approval");
      if (approval == nullptr) {
        approval = g.Object(node, "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#approval");
      }
      if (approval != nullptr) e.approval = approval->value;
      m->entries.push_back(std::move(e));
    }
  }
  out->push_back(std::move(m));
  for (const fs::path& p : includes) Load(p, seen, out);
}

}  // namespace

std::vector<std::unique_ptr<Manifest>> LoadManifests(const fs::path& path) {
  std::vector<std::unique_ptr<Manifest>> out;
  std::set<std::string> seen;
  Load(path, &seen, &out);
  return out;
}

}  // namespace corridor::conformance
