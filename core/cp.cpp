// `dc cp`: copies between a service's containers and the host through the engine's archive
// endpoints, with the docker CLI's rules for where things land: into an existing directory under
// their own name, otherwise as the destination's name; "dir/." copies a directory's contents.
#include <algorithm>

#include "core/error.h"
#include "core/labels.h"
#include "core/tar.h"
#include "core/tools.h"

namespace dc {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kGoModeDir = 1u << 31;  // Go's os.ModeDir, in the engine's path stat.

struct CpPath {
    std::string service{};  // Empty: a host path.
    std::string path{};
};

// Compose's rule: a path that is absolute or starts with "." is the host's, whatever colons it
// holds; otherwise "SERVICE:PATH" names a container path.
CpPath parse_path(const std::string& text) {
    if (text.empty() || text[0] == '/' || text[0] == '.') return {"", text};
    std::size_t colon = text.find(':');
    if (colon == std::string::npos) return {"", text};
    return {text.substr(0, colon), text.substr(colon + 1)};
}

std::string base_name(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string dir_name(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() &&
           text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// The containers a copy touches: the one numbered `index`, or every container of the service
// (stopped ones too) when copying in, its first when copying out.
std::vector<ContainerSummary> copy_targets(const Project& project, Engine& engine,
                                           const std::string& service, std::optional<int> index,
                                           bool into) {
    auto containers = project_containers(project.name, engine, {service}, true, Oneoffs::Include);
    if (index) {
        std::erase_if(containers, [&](const ContainerSummary& c) {
            auto number = c.labels.find(kLabelContainerNumber);
            return number == c.labels.end() || number->second != std::to_string(*index);
        });
    }
    if (containers.empty()) {
        std::string message = "no container found for service \"" + service + "\"";
        if (index) message += " with index " + std::to_string(*index);
        throw Error(ErrorKind::Failure, message);
    }
    if (!into) containers.resize(1);
    return containers;
}

// The engine's stat of a container path, without reading the archive; nullopt when missing.
std::optional<PathStat> stat_in(Engine& engine, const std::string& container,
                                const std::string& path) {
    auto stat = engine.get_archive(container, path, [](std::string_view) { return Flow::Stop; });
    if (!stat && stat.error().kind == FailureKind::NotFound) return std::nullopt;
    return value_or_throw(std::move(stat));
}

std::string absolute_in_container(const std::string& path) {
    return !path.empty() && path[0] == '/' ? path : "/" + path;
}

void copy_in(Engine& engine, const ContainerSummary& container, const std::string& source,
             const std::string& destination, const CpOptions& options) {
    const std::string dest = absolute_in_container(destination);
    Ownership owners = options.archive ? Ownership::Keep : Ownership::Root;
    FollowLink follow = options.follow_link ? FollowLink::Yes : FollowLink::No;
    auto stat = stat_in(engine, container.id, dest);
    bool contents_only = ends_with(source, "/.") || source == ".";
    std::string directory;
    std::string root;
    if (stat && (stat->mode & kGoModeDir)) {
        directory = dest;
        root = contents_only ? "." : base_name(source);
    } else {
        bool source_is_dir =
            fs::is_directory(options.follow_link ? fs::status(source) : fs::symlink_status(source));
        if (stat && source_is_dir) {
            throw Error(ErrorKind::Failure, "cp: cannot copy a directory to the file " +
                                                container_name(container) + ":" + dest);
        }
        if (!stat && !source_is_dir && ends_with(dest, "/")) {
            throw Error(ErrorKind::Failure,
                        "cp: no such directory: " + container_name(container) + ":" + dest);
        }
        directory = dir_name(dest);
        root = base_name(dest);
    }
    TarSource tar(source, root, owners, follow);
    value_or_throw(engine.put_archive(container.id, directory, tar.byte_source()));
}

void copy_out(Engine& engine, const ContainerSummary& container, const std::string& source,
              const std::string& destination, const CpOptions& options, std::ostream& out) {
    std::string path = absolute_in_container(source);
    std::string rename;  // The name the copy gets when it is not the source's own.
    if (options.follow_link) {
        auto stat = stat_in(engine, container.id, path);
        if (stat && !stat->link_target.empty()) {
            rename = base_name(path);
            path = stat->link_target;
        }
    }
    if (destination == "-") {
        auto stat = engine.get_archive(container.id, path, [&](std::string_view bytes) {
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            return Flow::Continue;
        });
        value_or_throw(std::move(stat));
        out.flush();
        return;
    }
    auto source_stat = stat_in(engine, container.id, path);
    if (!source_stat) {
        throw Error(ErrorKind::NotFound,
                    "cp: no such file or directory: " + container_name(container) + ":" + path);
    }
    bool source_is_dir = (source_stat->mode & kGoModeDir) != 0;
    std::error_code error;
    fs::file_status dest_status = fs::status(destination, error);
    fs::path directory;
    std::string root = rename;
    if (fs::is_directory(dest_status)) {
        directory = destination;
    } else {
        if (fs::exists(dest_status) && source_is_dir) {
            throw Error(ErrorKind::Failure,
                        "cp: cannot copy a directory to the file " + destination);
        }
        if (!fs::exists(dest_status) && !source_is_dir && ends_with(destination, "/")) {
            throw Error(ErrorKind::Failure, "cp: no such directory: " + destination);
        }
        directory = dir_name(destination);
        root = base_name(destination);
        if (!fs::is_directory(directory)) {
            throw Error(ErrorKind::Failure, "cp: no such directory: " + directory.string());
        }
    }
    TarExtractor extractor(directory, root, options.archive ? Ownership::Keep : Ownership::Root);
    auto stat = engine.get_archive(container.id, path, [&](std::string_view bytes) {
        extractor.feed(bytes);
        return Flow::Continue;
    });
    value_or_throw(std::move(stat));
    extractor.finish();
}

}  // namespace

void run_cp(const Project& project, Engine& engine, const CpOptions& options, std::ostream& out,
            std::ostream& status) {
    CpPath source = parse_path(options.source);
    CpPath destination = parse_path(options.destination);
    if (source.service.empty() == destination.service.empty()) {
        throw Error(ErrorKind::Failure, source.service.empty()
                                            ? "cp: unknown copy direction: name a SERVICE:PATH"
                                            : "cp: copying between services is not supported");
    }
    bool into = !destination.service.empty();
    const std::string& service = into ? destination.service : source.service;
    check_services(project, {service});
    for (const ContainerSummary& c : copy_targets(project, engine, service, options.index, into)) {
        std::string name = container_name(c);
        std::string what = into ? source.path + " to " + name + ":" + destination.path
                                : name + ":" + source.path + " to " + destination.path;
        status << " " << name << " copy " << what << " Copying\n" << std::flush;
        if (into) {
            copy_in(engine, c, source.path, destination.path, options);
        } else {
            copy_out(engine, c, source.path, destination.path, options, out);
        }
        status << " " << name << " copy " << what << " Copied\n" << std::flush;
    }
}

}  // namespace dc
