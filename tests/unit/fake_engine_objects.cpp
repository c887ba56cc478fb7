// The fake engine's networks, volumes and images, and the calls the lifecycle never makes.
#include <algorithm>
#include <cstring>

#include "core/pull.h"
#include "tests/unit/fake_engine.h"

namespace dc::test {

namespace {

template <typename Map>
std::vector<std::string> keys(const Map& map) {
    std::vector<std::string> out;
    for (const auto& entry : map) out.push_back(entry.first);
    return out;
}

Unexpected<EngineFailure> unsupported() {
    return engine_failure(FailureKind::ServerError, "not implemented by the fake engine");
}

}  // namespace

void FakeEngine::add_network(const std::string& name, const Labels& labels) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    networks_[name] =
        NetworkInfo{.id = "net-" + name, .name = name, .driver = "bridge", .labels = labels};
}

void FakeEngine::add_volume(const std::string& name, const Labels& labels) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    volumes_[name] = VolumeInfo{.name = name, .driver = "local", .labels = labels};
}

void FakeEngine::add_image(const std::string& reference, const std::string& last_tag_time) {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    images_.push_back(reference);
    if (!last_tag_time.empty()) image_tag_times_[reference] = last_tag_time;
}

std::vector<std::string> FakeEngine::network_names() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    return keys(networks_);
}

std::vector<std::string> FakeEngine::volume_names() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    return keys(volumes_);
}

std::vector<std::string> FakeEngine::image_names() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::vector<std::string> out = images_;
    std::sort(out.begin(), out.end());
    return out;
}

EngineResult<std::vector<NetworkInfo>> FakeEngine::list_networks(const Filters& filters) {
    CallScope scope(*this, "list_networks", "", CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::vector<NetworkInfo> out;
    for (const auto& [name, network] : networks_) {
        if (passes(filters, network.labels, name)) out.push_back(network);
    }
    return out;
}

EngineResult<std::optional<NetworkInfo>> FakeEngine::inspect_network(const std::string& id) {
    CallScope scope(*this, "inspect_network", id, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    for (const auto& [name, network] : networks_) {
        if (name != id && network.id != id) continue;
        NetworkInfo info = network;
        for (const auto& [cid, c] : containers_) {
            for (const EndpointSpec& endpoint : c.spec.networks) {
                if (endpoint.network == name) info.containers.push_back(cid);
            }
        }
        return std::optional<NetworkInfo>(info);
    }
    return std::optional<NetworkInfo>();
}

EngineResult<std::string> FakeEngine::create_network(const NetworkSpec& spec) {
    CallScope scope(*this, "create_network", spec.name, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (auto failure = take_failure("create_network", spec.name)) return Unexpected{*failure};
    if (networks_.contains(spec.name)) {
        return engine_failure(FailureKind::NameInUse,
                              "network with name " + spec.name + " already exists", 409);
    }
    networks_[spec.name] = NetworkInfo{.id = "net-" + spec.name,
                                       .name = spec.name,
                                       .driver = spec.driver.empty() ? "bridge" : spec.driver,
                                       .internal = spec.internal,
                                       .attachable = spec.attachable,
                                       .enable_ipv6 = spec.enable_ipv6,
                                       .labels = spec.labels,
                                       .options = spec.options,
                                       .ipam_pools = spec.ipam_pools};
    return "net-" + spec.name;
}

EngineResult<Outcome> FakeEngine::connect_network(const std::string& container,
                                                  const EndpointSpec& endpoint) {
    CallScope scope(*this, "connect_network", container, CallScope::Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(container);
    if (c == nullptr || !networks_.contains(endpoint.network)) return Outcome::NotFound;
    c->spec.networks.push_back(endpoint);
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::disconnect_network(const std::string& network,
                                                     const std::string& container, Force) {
    CallScope scope(*this, "disconnect_network", container, CallScope::Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(container);
    if (c == nullptr) return Outcome::NotFound;
    std::erase_if(c->spec.networks, [&](const EndpointSpec& e) { return e.network == network; });
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::remove_network(const std::string& id) {
    CallScope scope(*this, "remove_network", id, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    auto it = networks_.find(id);
    if (it == networks_.end()) return Outcome::NotFound;
    for (const auto& [cid, c] : containers_) {
        for (const EndpointSpec& endpoint : c.spec.networks) {
            if (endpoint.network == id) {
                return engine_failure(
                    FailureKind::Conflict,
                    "error while removing network: network " + id + " has active endpoints", 403);
            }
        }
    }
    networks_.erase(it);
    return Outcome::Done;
}

EngineResult<std::vector<VolumeInfo>> FakeEngine::list_volumes(const Filters& filters) {
    CallScope scope(*this, "list_volumes", "", CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::vector<VolumeInfo> out;
    for (const auto& [name, volume] : volumes_) {
        if (passes(filters, volume.labels, name)) out.push_back(volume);
    }
    return out;
}

EngineResult<std::optional<VolumeInfo>> FakeEngine::inspect_volume(const std::string& name) {
    CallScope scope(*this, "inspect_volume", name, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    auto it = volumes_.find(name);
    return it == volumes_.end() ? std::optional<VolumeInfo>() : std::optional(it->second);
}

EngineResult<VolumeInfo> FakeEngine::create_volume(const VolumeSpec& spec) {
    CallScope scope(*this, "create_volume", spec.name, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    auto [it, added] = volumes_.try_emplace(spec.name);
    if (added) {
        it->second = VolumeInfo{.name = spec.name,
                                .driver = spec.driver.empty() ? "local" : spec.driver,
                                .labels = spec.labels,
                                .options = spec.driver_options};
    }
    return it->second;
}

EngineResult<Outcome> FakeEngine::remove_volume(const std::string& name, Force) {
    CallScope scope(*this, "remove_volume", name, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (!volumes_.contains(name)) return Outcome::NotFound;
    for (const auto& [cid, c] : containers_) {
        for (const MountInfo& mount : c.mounts) {
            if (mount.name == name) {
                return engine_failure(FailureKind::Conflict,
                                      "remove " + name + ": volume is in use - [" + cid + "]", 409);
            }
        }
    }
    volumes_.erase(name);
    return Outcome::Done;
}

EngineResult<std::optional<ImageInfo>> FakeEngine::inspect_image(const std::string& reference) {
    CallScope scope(*this, "inspect_image", reference, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    auto present = [&](const std::string& name) {
        return std::find(images_.begin(), images_.end(), name) != images_.end();
    };
    // As the engine, "nginx" finds "nginx:latest".
    auto [name, tag] = dc::split_image_reference(reference);
    const std::string tagged = name + ":" + tag;
    if (!present(reference) && !present(tagged)) return std::optional<ImageInfo>();
    auto built = image_ids_.find(reference);
    std::string id = built != image_ids_.end() ? built->second : "sha256:" + reference;
    ImageInfo info{.id = id, .repo_tags = {reference}};
    if (auto time = image_tag_times_.find(reference); time != image_tag_times_.end()) {
        info.last_tag_time = time->second;
    }
    return std::optional<ImageInfo>(info);
}

EngineResult<std::vector<ImageSummary>> FakeEngine::list_images(const Filters&) {
    CallScope scope(*this, "list_images", "", CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::vector<ImageSummary> out;
    for (const std::string& image : images_) out.push_back({.id = image, .repo_tags = {image}});
    return out;
}

EngineResult<Outcome> FakeEngine::remove_image(const std::string& reference, Force) {
    CallScope scope(*this, "remove_image", reference, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    auto it = std::find(images_.begin(), images_.end(), reference);
    if (it == images_.end()) return Outcome::NotFound;
    images_.erase(it);
    return Outcome::Done;
}

EngineResult<PingInfo> FakeEngine::ping() {
    return PingInfo{.api_version = {1, 47}, .os_type = "linux"};
}
EngineResult<VersionInfo> FakeEngine::version() {
    return VersionInfo{.version = "fake", .api_version = {1, 47}};
}
EngineResult<ApiVersion> FakeEngine::api_version() {
    return ApiVersion{1, 47};
}
EngineResult<Outcome> FakeEngine::tag_image(const std::string&, const std::string&,
                                            const std::string&) {
    return unsupported();
}
EngineResult<std::string> FakeEngine::import_image(const ByteSource&, const ImportOptions&,
                                                   const ProgressSink&) {
    return unsupported();
}
// A pull succeeds (unless a test said otherwise) and adds "image:tag", as a registry would.
EngineResult<Outcome> FakeEngine::pull_image(const std::string& image, const std::string& tag,
                                             const std::string&, const ProgressSink&,
                                             std::stop_token) {
    const std::string reference = image + ":" + tag;
    CallScope scope(*this, "pull_image", reference, CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (auto failure = take_failure("pull_image", reference)) return Unexpected{*failure};
    if (std::find(images_.begin(), images_.end(), reference) == images_.end()) {
        images_.push_back(reference);
    }
    return Outcome::Done;
}
// Reads the tar as the engine would unpack it, keeping each entry's name and a file's content.
EngineResult<Outcome> FakeEngine::put_archive(const std::string& container, const std::string& path,
                                              const ByteSource& tar) {
    CallScope scope(*this, "put_archive", container, CallScope::Target::Container);
    std::string bytes;
    char buffer[4096];
    while (auto got = tar.read(buffer, sizeof buffer)) {
        if (*got == 0) break;
        bytes.append(buffer, *got);
    }
    FakeArchive archive{.container = container, .path = path};
    for (std::size_t at = 0; at + 512 <= bytes.size();) {
        std::string name(bytes.data() + at, strnlen(bytes.data() + at, 100));
        if (name.empty()) break;  // The end-of-archive blocks.
        std::size_t size = std::stoul(std::string(bytes.data() + at + 124, 11), nullptr, 8);
        archive.entries[name] = bytes.substr(at + 512, size);
        at += 512 + (size + 511) / 512 * 512;
    }
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (const FakeContainer* found = find(container)) archive.container = found->name;
    archives_.push_back(std::move(archive));
    return Outcome::Done;
}

std::vector<FakeEngine::FakeArchive> FakeEngine::archives() const {
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    return archives_;
}
EngineResult<PathStat> FakeEngine::get_archive(const std::string&, const std::string&,
                                               const ByteSink&) {
    return unsupported();
}

}  // namespace dc::test
