// The fake engine's containers: the engine's state machine, the conflicts it reports (a name in
// use, a published port taken, a running container removed without force) and scripted health.
#include <algorithm>
#include <cstdlib>

#include "tests/unit/fake_engine.h"

namespace dc::test {

namespace {

bool is_up(const FakeContainer& c) {
    return c.status == "running" || c.status == "paused";
}

bool publishes(const FakeContainer& c, const std::string& host_port) {
    for (const auto& [port, bindings] : c.spec.host.port_bindings) {
        for (const PortBinding& binding : bindings) {
            if (binding.host_port == host_port) return true;
        }
    }
    return false;
}

}  // namespace

EngineResult<std::vector<ContainerSummary>> FakeEngine::list_containers(
    const ContainerListOptions& options) {
    CallScope scope(*this, "list_containers", "", CallScope::Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    std::vector<ContainerSummary> out;
    for (const auto& [id, c] : containers_) {
        if (!options.all && c.status != "running") continue;
        if (!passes(options.filters, c.spec.labels, c.name)) continue;
        out.push_back({.id = id,
                       .names = {c.name},
                       .image = c.spec.image,
                       .created = c.created,
                       .state = c.status,
                       .labels = c.spec.labels});
        // A running container lists the host ports it publishes, as the engine does.
        for (const auto& [port, bindings] : c.spec.host.port_bindings) {
            for (const PortBinding& binding : bindings) {
                if (c.status != "running" || binding.host_port.empty()) continue;
                std::size_t slash = port.find('/');
                out.back().ports.push_back(
                    {.host_ip = binding.host_ip.empty() ? "0.0.0.0" : binding.host_ip,
                     .private_port = std::atoi(port.c_str()),
                     .public_port = std::atoi(binding.host_port.c_str()),
                     .protocol = slash == std::string::npos ? "tcp" : port.substr(slash + 1)});
            }
        }
    }
    return out;
}

EngineResult<CreatedContainer> FakeEngine::create_container(const ContainerSpec& spec) {
    CallScope scope(*this, "create_container", spec.name, Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    if (auto failure = take_failure("create_container", spec.name)) return Unexpected{*failure};
    if (const FakeContainer* other = find(spec.name); other != nullptr && !spec.name.empty()) {
        return engine_failure(FailureKind::NameInUse,
                              "Conflict. The container name \"/" + spec.name +
                                  "\" is already in use by container \"" + other->id + "\"",
                              409);
    }
    for (const EndpointSpec& endpoint : spec.networks) {
        if (!networks_.contains(endpoint.network)) {
            return engine_failure(FailureKind::NotFound,
                                  "network " + endpoint.network + " not found", 404);
        }
    }
    std::string id = next_id();
    FakeContainer& c = containers_[id];
    c = FakeContainer{.id = id, .name = spec.name, .spec = spec, .created = serial_};
    // Anonymous volumes (a path, or a volume mount without a source) get a made-up name, as
    // the engine gives them a random one.
    auto anonymous = [&](const std::string& path) {
        std::string volume = "anon-" + id.substr(0, 12) + path;
        volumes_[volume] = VolumeInfo{.name = volume, .driver = "local"};
        return volume;
    };
    for (const std::string& path : spec.anonymous_volumes) {
        c.mounts.push_back({.type = "volume", .name = anonymous(path), .destination = path});
    }
    for (const Mount& mount : spec.host.mounts) {
        std::string name = mount.type != "volume" ? ""
                           : mount.source.empty() ? anonymous(mount.target)
                                                  : mount.source;
        if (mount.type == "volume" && !volumes_.contains(name)) {
            volumes_[name] = VolumeInfo{.name = name, .driver = "local"};
        }
        c.mounts.push_back({.type = mount.type,
                            .name = name,
                            .source = mount.source,
                            .destination = mount.target,
                            .rw = !mount.read_only});
    }
    emit(c, "create");
    return CreatedContainer{.id = id};
}

EngineResult<Outcome> FakeEngine::start_container(const std::string& id) {
    CallScope scope(*this, "start_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return Outcome::NotFound;
    if (auto failure = take_failure("start_container", c->name)) return Unexpected{*failure};
    if (c->status == "running") return Outcome::Unchanged;
    if (c->status == "paused") {
        return engine_failure(FailureKind::Conflict,
                              "cannot start a paused container, try unpause instead", 409);
    }
    if (auto conflict = port_conflict(*c)) return Unexpected{*conflict};
    enter_running(*c);
    emit(*c, "start");
    apply_step(*c, Step::First);
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::stop_container(const std::string& id,
                                                 std::optional<std::chrono::seconds>) {
    CallScope scope(*this, "stop_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return Outcome::NotFound;
    if (auto failure = take_failure("stop_container", c->name)) return Unexpected{*failure};
    if (!is_up(*c)) return Outcome::Unchanged;
    c->status = "exited";
    c->exit_code = 0;
    emit(*c, "die");
    emit(*c, "stop");
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::restart_container(const std::string& id,
                                                    std::optional<std::chrono::seconds>) {
    CallScope scope(*this, "restart_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return Outcome::NotFound;
    enter_running(*c);
    emit(*c, "restart");
    apply_step(*c, Step::First);
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::kill_container(const std::string& id, const std::string&) {
    CallScope scope(*this, "kill_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return Outcome::NotFound;
    if (c->status != "running") {
        return engine_failure(FailureKind::Conflict, "container " + c->name + " is not running",
                              409);
    }
    c->status = "exited";
    c->exit_code = 137;
    emit(*c, "kill");
    emit(*c, "die");
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::pause_container(const std::string& id) {
    CallScope scope(*this, "pause_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return Outcome::NotFound;
    if (c->status != "running") {
        return engine_failure(FailureKind::Conflict, "container " + c->name + " is not running",
                              409);
    }
    c->status = "paused";
    emit(*c, "pause");
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::unpause_container(const std::string& id) {
    CallScope scope(*this, "unpause_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return Outcome::NotFound;
    if (c->status != "paused") {
        return engine_failure(FailureKind::Conflict, "container " + c->name + " is not paused",
                              409);
    }
    c->status = "running";
    emit(*c, "unpause");
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::remove_container(const std::string& id,
                                                   const RemoveContainerOptions& options) {
    CallScope scope(*this, "remove_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return Outcome::NotFound;
    if (auto failure = take_failure("remove_container", c->name)) return Unexpected{*failure};
    if (is_up(*c) && !options.force) {
        return engine_failure(FailureKind::Conflict,
                              "cannot remove container \"/" + c->name + "\": container is running",
                              409);
    }
    if (options.volumes) {
        for (const MountInfo& mount : c->mounts) {
            if (mount.name.starts_with("anon-")) volumes_.erase(mount.name);
        }
    }
    emit(*c, "destroy");
    containers_.erase(c->id);
    return Outcome::Done;
}

EngineResult<Outcome> FakeEngine::rename_container(const std::string& id,
                                                   const std::string& new_name) {
    std::string from;
    {
        std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
        const FakeContainer* c = find(id);
        from = c != nullptr ? c->name : id;
    }
    CallScope scope(*this, "rename_container", from + " -> " + new_name, Target::Literal);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return Outcome::NotFound;
    if (const FakeContainer* other = find(new_name); other != nullptr && other != c) {
        return engine_failure(FailureKind::NameInUse,
                              "Conflict. The container name \"/" + new_name +
                                  "\" is already in use by container \"" + other->id + "\"",
                              409);
    }
    c->name = new_name;
    c->spec.name = new_name;
    emit(*c, "rename");
    return Outcome::Done;
}

EngineResult<WaitResult> FakeEngine::wait_container(const std::string& id, WaitCondition,
                                                    std::stop_token stop) {
    CallScope scope(*this, "wait_container", id, Target::Container);
    std::unique_lock<std::mutex> lock(mutex_);  // See mutex_.
    if (find(id) == nullptr) return engine_failure(FailureKind::NotFound, "no such container", 404);
    changed_.wait(lock, stop, [&] {
        const FakeContainer* c = find(id);
        return c == nullptr || !is_up(*c);
    });
    if (stop.stop_requested()) return engine_failure(FailureKind::Cancelled, "cancelled");
    const FakeContainer* c = find(id);
    return WaitResult{.exit_code = c != nullptr ? c->exit_code : 0};
}

EngineResult<std::optional<ContainerInfo>> FakeEngine::inspect_container(const std::string& id) {
    CallScope scope(*this, "inspect_container", id, Target::Container);
    std::lock_guard<std::mutex> lock(mutex_);  // See mutex_.
    FakeContainer* c = find(id);
    if (c == nullptr) return std::optional<ContainerInfo>();
    if (auto failure = take_failure("inspect_container", c->name)) return Unexpected{*failure};
    ContainerInfo info = info_of(*c);
    // The health checker moves on between two looks, as a real one would.
    if (c->status == "running") apply_step(*c, Step::Next);
    return std::optional<ContainerInfo>(std::move(info));
}

void FakeEngine::enter_running(FakeContainer& c) {
    c.status = "running";
    c.exit_code = 0;
    c.step = 0;
    bool checked = c.spec.healthcheck.has_value() && !c.spec.healthcheck->test.empty() &&
                   c.spec.healthcheck->test.front() != "NONE";
    c.health = checked ? "starting" : "";
}

void FakeEngine::apply_step(FakeContainer& c, Step which) {
    auto it = scripts_.find(c.name);
    if (it == scripts_.end()) return;
    // After the first, a step that changes nothing is passed over: the engine reports changes
    // only, so a test's "starting", "starting", "healthy" must still reach "healthy".
    while (c.step < it->second.steps.size()) {
        const std::string step = it->second.steps[c.step++];
        if (step.starts_with("exit:")) {
            c.status = "exited";
            c.exit_code = std::stoi(step.substr(5));
            emit(c, "die");
            return;
        }
        if (step != c.health) {
            c.health = step;
            emit(c, "health_status", step);
            return;
        }
        if (which == Step::First) return;
    }
}

std::optional<EngineFailure> FakeEngine::port_conflict(const FakeContainer& c) const {
    for (const auto& [port, bindings] : c.spec.host.port_bindings) {
        for (const PortBinding& binding : bindings) {
            if (binding.host_port.empty()) continue;
            for (const auto& [id, other] : containers_) {
                if (other.id == c.id || other.status != "running") continue;
                if (!publishes(other, binding.host_port)) continue;
                return EngineFailure{FailureKind::PortAllocated, 500,
                                     "driver failed programming external connectivity on "
                                     "endpoint " +
                                         c.name + ": Bind for 0.0.0.0:" + binding.host_port +
                                         " failed: port is already allocated"};
            }
        }
    }
    return std::nullopt;
}

}  // namespace dc::test
