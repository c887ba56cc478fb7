// `extends` resolution (compose-go's loader/extends.go): each service is
// resolved once, depth first, its base copied, stripped of its own reset
// markers, rebased when it comes from another file, and merged under the
// extending service by the same rules as files.
#include "core/extends.h"

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/merge.h"
#include "core/normalize_text.h"

namespace dc {

namespace {

enum class State { Pending, Resolving, Done };

struct ServiceSlot {
    Node* node;
    State state = State::Pending;
};

// One compose file taking part: the document being resolved, or a file named
// by some `extends.file`.
struct Scope {
    Node* document = nullptr;
    std::string dir;   // Relative to the document's directory ("" for it), or absolute.
    std::string name;  // The file as chain messages show it.
    std::unordered_map<std::string, ServiceSlot> services;
};

struct LoadedFile {
    Node document;
    Scope scope;
};

void index_services(Scope& scope) {
    Node* services = scope.document->is_mapping() ? scope.document->find("services") : nullptr;
    if (!services || !services->is_mapping()) return;
    scope.services.reserve(services->entries.size());
    for (Entry& e : services->entries) scope.services.emplace(e.key, ServiceSlot{e.value.get()});
}

struct ExtendsTarget {
    std::string service;
    const Node* file = nullptr;
};

ExtendsTarget parse_extends(const Node& value, const std::string& path) {
    if (value.kind == NodeKind::String) return {value.text, nullptr};
    const Node* service = value.is_mapping() ? value.find("service") : nullptr;
    if (!service || service->kind != NodeKind::String) {
        config_error(value.mark, path,
                     "extends must be a service name or a mapping with `service`");
    }
    const Node* file = value.find("file");
    if (file && file->kind != NodeKind::String) {
        config_error(file->mark, path_join(path, "file"), "must be a string");
    }
    return {service->text, file};
}

// Go's filepath.Dir.
std::string parent_dir(std::string_view path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    return clean_path(slash == 0 ? "/" : path.substr(0, slash));
}

struct ChainLink {
    const Scope* scope;
    std::string service;
    const Node* extends;  // The `extends` value, for the error position.
};

class Resolver {
  public:
    Resolver(const std::string& file_dir, const ComposeFileLoader& load)
        : file_dir_(file_dir), load_(load) {}

    void resolve_document(Node& document) {
        top_.document = &document;
        top_.name = document.mark.file_name().empty() ? "this file" : document.mark.file_name();
        index_services(top_);
        Node* services = document.find("services");
        for (Entry& e : services->entries) resolve(top_, e.key);
    }

  private:
    void resolve(Scope& scope, const std::string& name);
    Scope& scope_for_file(const Scope& from, const Node& file, const std::string& path);
    [[noreturn]] void cycle_error(const Scope& scope, const std::string& name) const;

    const std::string& file_dir_;
    const ComposeFileLoader& load_;
    Scope top_;
    std::unordered_map<std::string, std::unique_ptr<LoadedFile>> files_;
    std::vector<ChainLink> chain_;
};

void Resolver::resolve(Scope& scope, const std::string& name) {
    ServiceSlot& slot = scope.services.at(name);
    if (slot.state == State::Done) return;
    if (slot.state == State::Resolving) cycle_error(scope, name);
    Node& service = *slot.node;
    const Node* extends = service.is_mapping() ? service.find("extends") : nullptr;
    if (!extends) {
        slot.state = State::Done;
        return;
    }
    std::string service_path = path_join("services", name);
    std::string path = path_join(service_path, "extends");
    ExtendsTarget target = parse_extends(*extends, path);
    slot.state = State::Resolving;
    chain_.push_back(ChainLink{&scope, name, extends});

    Scope& base_scope = target.file ? scope_for_file(scope, *target.file, path) : scope;
    auto base_slot = base_scope.services.find(target.service);
    if (base_slot == base_scope.services.end()) {
        std::string where = target.file ? " in " + target.file->text : "";
        config_error(extends->mark, path, "service \"" + target.service + "\" not found" + where);
    }
    resolve(base_scope, target.service);

    Node base = base_slot->second.node->is_null() ? Node::mapping() : *base_slot->second.node;
    apply_reset_tags(base);  // The base's own markers acted in its own file.
    if (target.file) rebase_service_paths(base, parent_dir(target.file->text));
    merge_service(base, service, ResetMarkers::Keep, service_path);
    base.erase("extends");
    service = std::move(base);
    chain_.pop_back();
    slot.state = State::Done;
}

Scope& Resolver::scope_for_file(const Scope& from, const Node& file, const std::string& path) {
    std::string location =
        file.text.starts_with('/') ? clean_path(file.text) : join_path(from.dir, file.text);
    std::string load_path = location.starts_with('/') ? location : join_path(file_dir_, location);
    if (auto it = files_.find(load_path); it != files_.end()) return it->second->scope;
    auto loaded = std::make_unique<LoadedFile>();
    try {
        loaded->document = load_(load_path);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Config) throw;
        config_error(file.mark, path_join(path, "file"), e.what());
    }
    loaded->scope.document = &loaded->document;
    loaded->scope.dir = parent_dir(location);
    loaded->scope.name = location;
    index_services(loaded->scope);
    return files_.emplace(load_path, std::move(loaded)).first->second->scope;
}

void Resolver::cycle_error(const Scope& scope, const std::string& name) const {
    auto start = std::find_if(chain_.begin(), chain_.end(), [&](const ChainLink& link) {
        return link.scope == &scope && link.service == name;
    });
    auto label = [&](const Scope* s, const std::string& service) {
        return s == start->scope ? service : service + " (" + s->name + ")";
    };
    std::string text;
    for (auto it = start; it != chain_.end(); ++it) text += label(it->scope, it->service) + " -> ";
    text += label(&scope, name);
    config_error(start->extends->mark, path_join(path_join("services", start->service), "extends"),
                 "extends cycle: " + text);
}

}  // namespace

void resolve_extends(Node& document, const std::string& file_dir, const ComposeFileLoader& load) {
    const Node* services = document.is_mapping() ? document.find("services") : nullptr;
    if (!services || !services->is_mapping()) return;
    Resolver(file_dir, load).resolve_document(document);
}

}  // namespace dc
