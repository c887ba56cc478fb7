// Compose's EnforceUnicity (compose-go override/uncity.go): keyed lists keep
// one item per key, a later item replacing the earlier one in place. Keys are
// computed as Compose computes them on its canonical form, so short and long
// syntax items with the same meaning collide.
#include <string>
#include <unordered_map>
#include <utility>

#include "core/error.h"
#include "core/merge.h"
#include "core/merge_internal.h"
#include "core/normalize_text.h"

namespace dc::merge_detail {

namespace {

enum class Indexer { KeyValue, Port, Volume, Device, Expose, EnvFile, Config, Secret };

// Items that Compose cannot index (a mapping in a list of strings) are kept
// apart from every other item.
std::string unique_key(std::size_t index) {
    return "\x01" + std::to_string(index);
}

std::string scalar_text(const Node& value) {
    return value.kind == NodeKind::String ? value.text : go_sprint(value);
}

[[noreturn]] void missing(const Node& item, const PathLink& path, std::size_t index,
                          std::string_view what) {
    config_error(item.mark, path_index(path.str(), index),
                 std::string("missing ") + std::string(what));
}

// A volume's target as compose-go's ParseVolume finds it: the second
// colon-separated field, or the only one; a colon right after a single letter
// belongs to a Windows drive ("c:/data"), so "v:/data" is one field.
std::string short_volume_target(std::string_view spec) {
    if (spec.size() <= 2) return std::string(spec);
    std::vector<std::string> fields(1);
    for (char c : spec) {
        std::string& buffer = fields.back();
        bool drive =
            c == ':' && buffer.size() == 1 &&
            ((buffer[0] >= 'a' && buffer[0] <= 'z') || (buffer[0] >= 'A' && buffer[0] <= 'Z'));
        if (c == ':' && !drive) {
            fields.emplace_back();
        } else {
            buffer.push_back(c);
        }
    }
    return fields.size() == 1 ? fields[0] : fields[1];
}

std::string mount_key(const Node& item, std::string_view default_dir) {
    if (item.is_mapping()) {
        if (const Node* target = item.find("target")) return scalar_text(*target);
        const Node* source = item.find("source");
        return std::string(default_dir) + "/" + (source ? scalar_text(*source) : "%!s(<nil>)");
    }
    return std::string(default_dir) + "/" + scalar_text(item);
}

std::string item_key(const Node& item, Indexer indexer, const PathLink& path, std::size_t i) {
    if (item.is_sequence() || (item.is_mapping() && indexer == Indexer::KeyValue)) {
        return unique_key(i);
    }
    switch (indexer) {
    case Indexer::KeyValue: {
        std::string text = scalar_text(item);
        return text.substr(0, text.find('='));
    }
    case Indexer::Volume: {
        if (!item.is_mapping()) {
            std::string target = short_volume_target(scalar_text(item));
            return target.empty() ? target : clean_path(target);
        }
        const Node* target = item.find("target");
        if (!target) missing(item, path, i, "a mount target");
        return scalar_text(*target);
    }
    case Indexer::Device: {
        if (item.is_mapping()) {
            const Node* target = item.find("target");
            if (!target) missing(item, path, i, "a device target");
            return scalar_text(*target);
        }
        std::string text = scalar_text(item);
        std::size_t colon = text.find(':');
        if (colon == std::string::npos) return text;
        return text.substr(colon + 1, text.find(':', colon + 1) - colon - 1);
    }
    case Indexer::EnvFile: {
        if (!item.is_mapping()) return scalar_text(item);
        const Node* file = item.find("path");
        if (!file) missing(item, path, i, "the env_file path");
        return scalar_text(*file);
    }
    case Indexer::Config: return mount_key(item, "");
    case Indexer::Secret: return mount_key(item, "/run/secrets");
    default: return item.is_mapping() ? unique_key(i) : scalar_text(item);
    }
}

void dedupe(Node& list, Indexer indexer, const PathLink& path) {
    if (!list.is_sequence() || list.items.size() < 2) return;
    if (indexer == Indexer::Port) {
        dedupe_ports(list, path);
        return;
    }
    std::unordered_map<std::string, std::size_t> seen;
    seen.reserve(list.items.size());
    std::vector<Node> out;
    out.reserve(list.items.size());
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        auto [it, inserted] =
            seen.try_emplace(item_key(list.items[i], indexer, path, i), out.size());
        if (inserted) {
            out.push_back(std::move(list.items[i]));
        } else {
            out[it->second] = std::move(list.items[i]);
        }
    }
    list.items = std::move(out);
}

const std::unordered_map<std::string_view, Indexer>& service_indexers() {
    static const std::unordered_map<std::string_view, Indexer> indexers = {
        {"annotations", Indexer::KeyValue}, {"cap_add", Indexer::KeyValue},
        {"cap_drop", Indexer::KeyValue},    {"dns", Indexer::KeyValue},
        {"dns_opt", Indexer::KeyValue},     {"dns_search", Indexer::KeyValue},
        {"environment", Indexer::KeyValue}, {"labels", Indexer::KeyValue},
        {"links", Indexer::KeyValue},       {"profiles", Indexer::KeyValue},
        {"sysctls", Indexer::KeyValue},     {"tmpfs", Indexer::KeyValue},
        {"devices", Indexer::Device},       {"configs", Indexer::Config},
        {"secrets", Indexer::Secret},       {"env_file", Indexer::EnvFile},
        {"expose", Indexer::Expose},        {"ports", Indexer::Port},
        {"volumes", Indexer::Volume},
    };
    return indexers;
}

// Lists of plain keys inside one of a service's mappings (build, deploy, a network).
void dedupe_keys(Node& mapping, std::initializer_list<std::string_view> keys,
                 const PathLink& path) {
    if (!mapping.is_mapping()) return;
    for (Entry& e : mapping.entries) {
        for (std::string_view key : keys) {
            if (e.key == key) dedupe(*e.value, Indexer::KeyValue, PathLink{&path, e.key});
        }
    }
}

void enforce_network_unicity(Node& network, const PathLink& path) {
    if (!network.is_mapping()) return;
    dedupe_keys(network, {"labels"}, path);
    if (Node* ipam = network.find("ipam")) dedupe_keys(*ipam, {"options"}, PathLink{&path, "ipam"});
}

}  // namespace

void enforce_service_unicity(Node& service, const PathLink& path) {
    const auto& indexers = service_indexers();
    for (Entry& e : service.entries) {
        PathLink link{&path, e.key};
        if (e.value->is_sequence()) {
            if (auto it = indexers.find(e.key); it != indexers.end())
                dedupe(*e.value, it->second, link);
        } else if (e.key == "build") {
            dedupe_keys(*e.value, {"args", "additional_contexts", "tags", "labels"}, link);
        } else if (e.key == "deploy") {
            dedupe_keys(*e.value, {"labels"}, link);
        } else if (e.key == "networks" && e.value->is_mapping()) {
            for (Entry& network : e.value->entries) {
                dedupe_keys(*network.value, {"aliases", "link_local_ips"},
                            PathLink{&link, network.key});
            }
        }
    }
}

}  // namespace dc::merge_detail

namespace dc {

void enforce_unicity(Node& document) {
    using merge_detail::PathLink;
    if (!document.is_mapping()) return;
    PathLink root;
    if (Node* services = document.find("services"); services && services->is_mapping()) {
        PathLink services_link{&root, "services"};
        for (Entry& e : services->entries) {
            if (e.value->is_mapping()) {
                merge_detail::enforce_service_unicity(*e.value, PathLink{&services_link, e.key});
            }
        }
    }
    if (Node* networks = document.find("networks"); networks && networks->is_mapping()) {
        PathLink networks_link{&root, "networks"};
        for (Entry& e : networks->entries) {
            merge_detail::enforce_network_unicity(*e.value, PathLink{&networks_link, e.key});
        }
    }
}

}  // namespace dc
