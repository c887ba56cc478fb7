// Volumes, secrets and configs as the engine's mounts. Like Compose, a bind mount that may create
// its host path goes through HostConfig.Binds ("src:dst:opts"), the only form that creates a
// missing directory on every engine and carries an SELinux relabel option.
#include <algorithm>

#include "core/error.h"
#include "core/normalize_text.h"
#include "core/service_spec_internal.h"

namespace dc {

namespace {

// Mounts by target, in the order first seen; a later mount at the same target replaces the
// earlier one in place.
class MountSet {
  public:
    void put(Mount mount, const Node* volume) {
        for (Item& item : items_) {
            if (item.mount.target == mount.target) {
                item = Item{std::move(mount), volume};
                return;
            }
        }
        items_.push_back(Item{std::move(mount), volume});
    }
    bool has(const std::string& target) const {
        for (const Item& item : items_) {
            if (item.mount.target == target) return true;
        }
        return false;
    }

    struct Item {
        Mount mount;
        const Node* volume;  // The service's volume it comes from, if any.
    };
    const std::vector<Item>& items() const { return items_; }

  private:
    std::vector<Item> items_;
};

const Node* project_volume(const Project& project, const std::string& key) {
    const Node* volumes = project.model.find("volumes");
    return volumes ? volumes->find(key) : nullptr;
}

// A named volume whose driver options bind-mount a host directory is mounted as a bind.
bool is_bind_volume(const Project& project, const std::string& key) {
    const Node* volume = project_volume(project, key);
    const Node* options = volume ? volume->find("driver_opts") : nullptr;
    return options && text_of(*options, "o") == "bind";
}

Mount volume_mount(const Project& project, const Node& volume) {
    Mount out;
    out.type = text_of(volume, "type");
    out.source = text_of(volume, "source");
    out.target = clean_path(text_of(volume, "target"));
    out.read_only = bool_of(volume, "read_only");
    out.consistency = text_of(volume, "consistency");
    if (out.type == "volume" && !out.source.empty()) {
        bool bind = is_bind_volume(project, out.source);
        if (project_volume(project, out.source)) {
            out.source = resource_name(project, "volumes", out.source);
        }
        if (bind) {
            out.type = "bind";
            return out;
        }
    }
    if (const Node* bind = volume.find("bind"); bind && out.type == "bind") {
        out.bind_propagation = text_of(*bind, "propagation");
    }
    if (const Node* options = volume.find("volume"); options && out.type == "volume") {
        out.volume_no_copy = bool_of(*options, "nocopy");
        out.volume_subpath = text_of(*options, "subpath");
    }
    if (const Node* tmpfs = volume.find("tmpfs"); tmpfs && out.type == "tmpfs") {
        out.tmpfs_size_bytes = int_of(*tmpfs, "size");
        if (auto mode = int_of(*tmpfs, "mode")) out.tmpfs_mode = static_cast<int>(*mode);
    }
    return out;
}

// compose-go's ServiceVolumeConfig.String(): "source:target:rw[,z][,rprivate][,nocopy]".
std::string bind_text(const Node& volume, const std::string& source) {
    std::string options = bool_of(volume, "read_only") ? "ro" : "rw";
    if (const Node* bind = volume.find("bind")) {
        for (const char* key : {"selinux", "propagation"}) {
            std::string value = text_of(*bind, key);
            if (!value.empty()) options += "," + value;
        }
    }
    if (const Node* options_node = volume.find("volume"); options_node) {
        if (bool_of(*options_node, "nocopy")) options += ",nocopy";
    }
    return source + ":" + text_of(volume, "target") + ":" + options;
}

bool creates_host_path(const Node& volume) {
    const Node* bind = volume.find("bind");
    return bind && bool_of(*bind, "create_host_path");
}

// Recreating keeps the replaced container's anonymous volumes: those at a path its image declares
// as VOLUME, and those the service declares without a source. Returns the service volumes left.
std::vector<const Node*> inherit(const SpecContext& context, const std::vector<const Node*>& all,
                                 MountSet& mounts) {
    std::vector<const Node*> left = all;
    const auto& image_volumes = context.options.image_volumes;
    for (const MountInfo& old : context.options.inherited_mounts) {
        if (old.type == "tmpfs") continue;
        Mount mount;
        mount.type = old.type;
        mount.source = old.type == "volume" ? old.name : old.source;
        mount.target = clean_path(old.destination);
        mount.read_only = !old.rw;
        if (std::find(image_volumes.begin(), image_volumes.end(), mount.target) !=
            image_volumes.end()) {
            mounts.put(mount, nullptr);
        }
        std::erase_if(left, [&](const Node* volume) {
            bool anonymous = clean_path(text_of(*volume, "target")) == mount.target &&
                             text_of(*volume, "source").empty();
            if (anonymous) mounts.put(mount, nullptr);
            return anonymous;
        });
    }
    return left;
}

enum class FileKind { Secret, Config };

// File-based secrets and configs are read-only binds. Those from the environment or inline
// content are not mounts: they are copied into the container after it is created.
void add_files(const SpecContext& context, FileKind kind, MountSet& mounts,
               std::vector<std::string>& warnings) {
    bool secret = kind == FileKind::Secret;
    const char* key = secret ? "secrets" : "configs";
    std::string base = secret ? "/run/secrets/" : "/";
    const Node* references = context.service.find(key);
    const Node* definitions = context.project.model.find(key);
    if (references == nullptr) return;
    for (const Node& reference : references->items) {
        std::string source = text_of(reference, "source");
        std::string target = text_of(reference, "target");
        if (target.empty() || target[0] != '/') target = base + (target.empty() ? source : target);
        if (!text_of(reference, "uid").empty() || !text_of(reference, "gid").empty() ||
            reference.find("mode")) {
            warnings.push_back(std::string(secret ? "secrets" : "config") +
                               " `uid`, `gid` and `mode` are not supported, they will be ignored");
        }
        const Node* definition = definitions ? definitions->find(source) : nullptr;
        if (definition == nullptr) continue;
        std::string name = text_of(*definition, "name");
        if (bool_of(*definition, "external")) {
            throw Error(ErrorKind::Config, std::string("unsupported external ") +
                                               (secret ? "secret " : "config ") + name);
        }
        if (!text_of(*definition, "environment").empty() ||
            (!secret && !text_of(*definition, "content").empty()) || mounts.has(target)) {
            continue;
        }
        Mount mount;
        mount.type = "bind";
        mount.source = text_of(*definition, "file");
        mount.target = target;
        mount.read_only = true;
        mounts.put(std::move(mount), nullptr);
    }
}

}  // namespace

void map_mounts(const SpecContext& context, ServiceContainerSpec& out) {
    HostConfig& host = out.spec.host;
    for (const std::string& item : strings_of(context.service, "tmpfs")) {
        std::size_t colon = item.find(':');
        host.tmpfs[item.substr(0, colon)] =
            colon == std::string::npos ? std::string() : item.substr(colon + 1);
    }
    host.volumes_from = strings_of(context.service, "volumes_from");
    std::vector<const Node*> volumes;
    if (const Node* list = context.service.find("volumes")) {
        for (const Node& volume : list->items) volumes.push_back(&volume);
    }
    MountSet mounts;
    for (const Node* volume : inherit(context, volumes, mounts)) {
        mounts.put(volume_mount(context.project, *volume), volume);
    }
    add_files(context, FileKind::Secret, mounts, out.warnings);
    add_files(context, FileKind::Config, mounts, out.warnings);
    for (const MountSet::Item& item : mounts.items()) {
        const Node* volume = item.volume;
        bool as_bind = item.mount.type == "bind" && volume &&
                       (text_of(*volume, "type") != "bind" || creates_host_path(*volume));
        if (as_bind) {
            host.binds.push_back(bind_text(*volume, item.mount.source));
        } else {
            host.mounts.push_back(item.mount);
        }
    }
}

}  // namespace dc
