// The service graph. Services are numbered by their position in the sorted
// list of names, so that every ordering below breaks ties by name for free, and
// the edges are kept as index lists in both directions. Every traversal is
// written once and told which direction to follow; each visits a service once.
#include "core/graph.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <span>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace dc {

namespace {

using namespace std::string_view_literals;

constexpr std::size_t kNoItem = std::numeric_limits<std::size_t>::max();

// A dependency as read, before it is checked against the project. It points
// into the project's tree (which outlives it) rather than copying from it, and
// remembers where it was written for error messages.
struct RawDependency {
    std::string_view service;
    DependencyCondition condition = DependencyCondition::Started;
    bool required = true;
    bool restart = false;
    bool implicit = false;
    const Mark* mark = nullptr;  // Never null once read.
    std::string_view field;  // "depends_on", "links", "network_mode" or "volumes_from".
    std::size_t item = kNoItem;  // Position in a sequence field.
};

Dependency to_dependency(const RawDependency& raw) {
    return Dependency{.service = std::string(raw.service),
                      .condition = raw.condition,
                      .required = raw.required,
                      .restart = raw.restart,
                      .implicit = raw.implicit};
}

std::string field_path(const std::string& service, const RawDependency& raw) {
    std::string path = path_join(path_join("services", service), raw.field);
    if (raw.item != kNoItem) {
        return path_index(path, raw.item);
    }
    if (raw.field == "depends_on") {
        return path_join(path, raw.service);
    }
    return path;
}

template <typename PathFn>
DependencyCondition parse_condition(const Node& node, PathFn path) {
    if (node.is_scalar() && node.text == "service_started"sv) {
        return DependencyCondition::Started;
    }
    if (node.is_scalar() && node.text == "service_healthy"sv) {
        return DependencyCondition::Healthy;
    }
    if (node.is_scalar() && node.text == "service_completed_successfully"sv) {
        return DependencyCondition::CompletedSuccessfully;
    }
    config_error(node.mark, path_join(path(), "condition"),
                 "condition must be one of service_started, service_healthy or "
                 "service_completed_successfully, not \"" + node.text + "\"");
}

// A boolean attribute of a depends_on entry; nothing for null, which keeps the
// default. Accepts "true" and "false" as strings too, since an interpolated
// value may still be one.
template <typename PathFn>
std::optional<bool> read_flag(const Entry& entry, PathFn path) {
    const Node& value = *entry.value;
    if (value.is_null()) {
        return std::nullopt;
    }
    if (value.kind == NodeKind::Bool) {
        return value.as_bool();
    }
    if (value.is_scalar() && (value.text == "true"sv || value.text == "false"sv)) {
        return value.text == "true"sv;
    }
    config_error(value.mark, path_join(path(), entry.key),
                 std::string("must be a boolean, not ") + std::string(kind_name(value.kind)));
}

// One entry of the canonical form: `db: {condition: ..., required: ..., restart: ...}`.
RawDependency read_long_dependency(const Entry& entry, const std::string& service) {
    RawDependency dependency{.service = entry.key, .mark = &entry.key_mark, .field = "depends_on"};
    const Node& spec = *entry.value;
    if (spec.is_null()) {
        return dependency;
    }
    // Built only when needed: the error paths below are the rare case.
    auto path = [&] {
        return path_join(path_join(path_join("services", service), "depends_on"), entry.key);
    };
    if (!spec.is_mapping()) {
        config_error(spec.mark, path(), "must be a mapping");
    }
    for (const Entry& attribute : spec.entries) {
        if (attribute.key == "condition"sv) {
            dependency.condition = parse_condition(*attribute.value, path);
        } else if (attribute.key == "required"sv) {
            dependency.required = read_flag(attribute, path).value_or(true);
        } else if (attribute.key == "restart"sv) {
            dependency.restart = read_flag(attribute, path).value_or(false);
        }
    }
    return dependency;
}

// `depends_on` in its canonical (mapping) form, or the short list form.
void read_depends_on(const Node& depends_on, const std::string& name,
                     std::vector<RawDependency>& out) {
    if (depends_on.is_mapping()) {
        for (const Entry& entry : depends_on.entries) {
            out.push_back(read_long_dependency(entry, name));
        }
    } else if (depends_on.is_sequence()) {
        for (std::size_t i = 0; i < depends_on.items.size(); ++i) {
            const Node& item = depends_on.items[i];
            out.push_back({.service = item.text, .mark = &item.mark, .field = "depends_on",
                           .item = i});
        }
    } else if (!depends_on.is_null()) {
        config_error(depends_on.mark, path_join(path_join("services", name), "depends_on"),
                     "must be a mapping or a list");
    }
}

// The service a `links` item names: "db" or "db:alias".
std::string_view link_target(std::string_view link) { return link.substr(0, link.find(':')); }

// The service a `volumes_from` item names: "data", "data:ro"; empty for
// "container:name", which names a container outside the project.
std::string_view volumes_from_target(std::string_view source) {
    if (source.starts_with("container:")) {
        return {};
    }
    return source.substr(0, source.find(':'));
}

// Whether an implicit dependency restarts its dependent, as Compose decides
// for each kind: links and network_mode do, volumes_from does not.
enum class Restart { No, Yes };

// Adds an implicit dependency for each item of a list field.
void read_list_field(const Entry& field, Restart restart,
                     std::string_view (*target)(std::string_view),
                     std::vector<RawDependency>& out) {
    const Node& list = *field.value;
    for (std::size_t i = 0; list.is_sequence() && i < list.items.size(); ++i) {
        const Node& item = list.items[i];
        std::string_view name = item.is_scalar() ? target(item.text) : std::string_view();
        if (!name.empty()) {
            out.push_back({.service = name, .restart = restart == Restart::Yes, .implicit = true,
                           .mark = &item.mark, .field = field.key, .item = i});
        }
    }
}

// `network_mode: service:x` shares the network stack of service x.
void read_network_mode(const Entry& field, std::vector<RawDependency>& out) {
    constexpr std::string_view kPrefix = "service:";
    const Node& mode = *field.value;
    if (mode.is_scalar() && mode.text.starts_with(kPrefix)) {
        out.push_back({.service = std::string_view(mode.text).substr(kPrefix.size()),
                       .restart = true, .implicit = true, .mark = &mode.mark,
                       .field = field.key});
    }
}

// Sorts by name and keeps one dependency per service: the one `depends_on`
// wrote if any (it was read first, and the sort is stable), else the first
// implicit one. The kept entry borrows a position from a duplicate when it has
// none of its own (an implicit dependency the loader folded into depends_on).
void merge_duplicates(std::vector<RawDependency>& raw) {
    auto before = [](const RawDependency& a, const RawDependency& b) {
        return a.service < b.service;
    };
    auto out_of_order = [&](const RawDependency& a, const RawDependency& b) {
        return !before(a, b);
    };
    if (std::adjacent_find(raw.begin(), raw.end(), out_of_order) == raw.end()) {
        return;  // Already sorted and unique, as canonical depends_on is.
    }
    std::stable_sort(raw.begin(), raw.end(), before);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (kept > 0 && raw[kept - 1].service == raw[i].service) {
            RawDependency& first = raw[kept - 1];
            if (first.mark->line == 0 && raw[i].mark->line != 0) {
                first.mark = raw[i].mark;
            }
            continue;
        }
        raw[kept++] = raw[i];
    }
    raw.resize(kept);
}

// Every dependency a service declares, one per service and sorted by name,
// into `out`. Besides depends_on, links, `network_mode: service:x` and
// volumes_from make a service depend on another; like Compose, the first two
// also restart the dependent when the dependency restarts. depends_on is read
// first so that it wins in merge_duplicates.
void read_dependencies(const Node& service, const std::string& name,
                       std::vector<RawDependency>& out) {
    const Entry* depends_on = nullptr;
    const Entry* links = nullptr;
    const Entry* network_mode = nullptr;
    const Entry* volumes_from = nullptr;
    for (const Entry& field : service.entries) {
        if (field.key == "depends_on"sv) {
            depends_on = &field;
        } else if (field.key == "links"sv) {
            links = &field;
        } else if (field.key == "network_mode"sv) {
            network_mode = &field;
        } else if (field.key == "volumes_from"sv) {
            volumes_from = &field;
        }
    }
    out.clear();
    if (depends_on != nullptr) {
        read_depends_on(*depends_on->value, name, out);
    }
    if (links != nullptr) {
        read_list_field(*links, Restart::Yes, link_target, out);
    }
    if (network_mode != nullptr) {
        read_network_mode(*network_mode, out);
    }
    if (volumes_from != nullptr) {
        read_list_field(*volumes_from, Restart::No, volumes_from_target, out);
    }
    merge_duplicates(out);
}

[[noreturn]] void undefined_dependency(const std::string& service, const RawDependency& raw) {
    config_error(*raw.mark, field_path(service, raw),
                 "service \"" + service + "\" depends on undefined service \"" +
                     std::string(raw.service) + "\"");
}

// Throws the error for a cycle, given as service indices with the first
// repeated at the end, at the place and attribute where its last edge is
// written.
[[noreturn]] void cycle_error(const std::vector<std::size_t>& cycle,
                              const std::vector<std::string>& names,
                              const std::vector<const Entry*>& services) {
    std::string path;
    for (std::size_t service : cycle) {
        path += (path.empty() ? "" : " -> ") + names[service];
    }
    const std::string& from = names[cycle[cycle.size() - 2]];
    std::vector<RawDependency> raw;
    read_dependencies(*services[cycle[cycle.size() - 2]]->value, from, raw);
    auto edge = std::find_if(raw.begin(), raw.end(), [&](const RawDependency& dependency) {
        return dependency.service == names[cycle.back()];
    });
    if (edge == raw.end()) {
        config_error("dependency cycle detected: " + path);  // Unreachable: the edge exists.
    }
    config_error(*edge->mark, field_path(from, *edge), "dependency cycle detected: " + path);
}

// Service names to their indices: open addressing in a power-of-two table
// with FNV-1a hashing, several times cheaper here than std::unordered_map.
class NameIndex {
  public:
    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

    explicit NameIndex(const std::vector<std::string>& names) : names_(names) {
        std::size_t size = 16;
        while (size < 2 * names.size()) {
            size *= 2;
        }
        slots_.assign(size, kNone);
        for (std::size_t i = 0; i < names.size(); ++i) {
            std::size_t slot = hash(names[i]) & (size - 1);
            while (slots_[slot] != kNone) {
                slot = (slot + 1) & (size - 1);
            }
            slots_[slot] = i;
        }
    }

    std::size_t find(std::string_view name) const {
        std::size_t mask = slots_.size() - 1;
        std::size_t slot = hash(name) & mask;
        for (; slots_[slot] != kNone; slot = (slot + 1) & mask) {
            if (std::string_view(names_[slots_[slot]]) == name) {
                return slots_[slot];
            }
        }
        return kNone;
    }

  private:
    static std::size_t hash(std::string_view text) {
        std::uint64_t value = 14695981039346656037u;
        for (char c : text) {
            value = (value ^ static_cast<unsigned char>(c)) * 1099511628211u;
        }
        return static_cast<std::size_t>(value ^ (value >> 29));
    }

    const std::vector<std::string>& names_;
    std::vector<std::size_t> slots_;
};

std::vector<const Entry*> sorted_services(const Node& project) {
    std::vector<const Entry*> services;
    const Node* node = project.is_mapping() ? project.find("services") : nullptr;
    if (node == nullptr || !node->is_mapping()) {
        return services;
    }
    for (const Entry& entry : node->entries) {
        services.push_back(&entry);
    }
    auto by_name = [](const Entry* a, const Entry* b) { return a->key < b->key; };
    if (!std::is_sorted(services.begin(), services.end(), by_name)) {
        std::sort(services.begin(), services.end(), by_name);
    }
    return services;
}

std::vector<std::string> names_of(std::span<const std::size_t> indices,
                                  const std::vector<std::string>& names) {
    std::vector<std::string> out;
    out.reserve(indices.size());
    for (std::size_t index : indices) {
        out.push_back(names[index]);
    }
    return out;
}

}  // namespace

std::string_view condition_name(DependencyCondition condition) {
    switch (condition) {
        case DependencyCondition::Started:
            return "service_started";
        case DependencyCondition::Healthy:
            return "service_healthy";
        case DependencyCondition::CompletedSuccessfully:
            return "service_completed_successfully";
    }
    return "service_started";
}

ServiceGraph ServiceGraph::from_project(const Node& project) {
    ServiceGraph graph;
    std::vector<const Entry*> services = sorted_services(project);
    graph.names_.reserve(services.size());
    for (const Entry* entry : services) {
        graph.names_.push_back(entry->key);
    }
    NameIndex index(graph.names_);
    graph.deps_.resize(services.size());
    std::vector<RawDependency> raw;
    for (std::size_t i = 0; i < services.size(); ++i) {
        read_dependencies(*services[i]->value, graph.names_[i], raw);
        graph.deps_[i].reserve(raw.size());
        for (const RawDependency& dependency : raw) {
            std::size_t found = index.find(dependency.service);
            if (found != NameIndex::kNone) {
                graph.needs_.targets.push_back(found);
                graph.deps_[i].push_back(to_dependency(dependency));
            } else if (dependency.required) {
                undefined_dependency(graph.names_[i], dependency);
            }
        }
        graph.needs_.first.push_back(graph.needs_.targets.size());
    }
    graph.link_dependents();
    if (!graph.sort_topologically()) {
        cycle_error(graph.find_cycle(), graph.names_, services);
    }
    return graph;
}

bool ServiceGraph::contains(const std::string& service) const {
    return std::binary_search(names_.begin(), names_.end(), service);
}

std::size_t ServiceGraph::index_of(const std::string& service) const {
    auto it = std::lower_bound(names_.begin(), names_.end(), service);
    if (it == names_.end() || *it != service) {
        throw Error(ErrorKind::NotFound, "no such service: " + service);
    }
    return static_cast<std::size_t>(it - names_.begin());
}

const std::vector<Dependency>& ServiceGraph::dependencies(const std::string& service) const {
    return deps_[index_of(service)];
}

std::vector<std::string> ServiceGraph::dependents(const std::string& service) const {
    return names_of(needed_by_[index_of(service)], names_);
}

// Fills needed_by_ from needs_ by counting: first each service's dependents,
// then their places. Visiting services in ascending order keeps each list
// ascending.
void ServiceGraph::link_dependents() {
    std::vector<std::size_t> count(names_.size() + 1, 0);
    for (std::size_t target : needs_.targets) {
        ++count[target + 1];
    }
    for (std::size_t i = 1; i < count.size(); ++i) {
        count[i] += count[i - 1];
    }
    needed_by_.first = count;
    needed_by_.targets.resize(needs_.targets.size());
    for (std::size_t i = 0; i < names_.size(); ++i) {
        for (std::size_t target : needs_[i]) {
            needed_by_.targets[count[target]++] = i;
        }
    }
}

// Kahn's algorithm with the ready services in a min-heap of indices, which is
// name order: the start order is the smallest by name among the valid ones.
// Returns false when a cycle leaves some services out.
bool ServiceGraph::sort_topologically() {
    std::vector<std::size_t> waiting(names_.size());
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    for (std::size_t i = 0; i < names_.size(); ++i) {
        waiting[i] = needs_[i].size();
        if (waiting[i] == 0) {
            ready.push(i);
        }
    }
    start_.clear();
    start_.reserve(names_.size());
    while (!ready.empty()) {
        std::size_t next = ready.top();
        ready.pop();
        start_.push_back(next);
        for (std::size_t dependent : needed_by_[next]) {
            if (--waiting[dependent] == 0) {
                ready.push(dependent);
            }
        }
    }
    return start_.size() == names_.size();
}

// Depth-first search from each service in name order, with an explicit stack;
// reaching a service that is still on the stack closes a cycle, and the stack
// from that service up is the cycle. Returns it with its first service
// repeated at the end, or nothing when there is no cycle.
std::vector<std::size_t> ServiceGraph::find_cycle() const {
    enum class State : unsigned char { New, OnStack, Done };
    std::vector<State> state(names_.size(), State::New);
    std::vector<std::pair<std::size_t, std::size_t>> stack;  // Service, next edge.
    for (std::size_t root = 0; root < names_.size(); ++root) {
        if (state[root] != State::New) {
            continue;
        }
        stack.emplace_back(root, 0);
        state[root] = State::OnStack;
        while (!stack.empty()) {
            auto& [service, edge] = stack.back();
            if (edge == needs_[service].size()) {
                state[service] = State::Done;
                stack.pop_back();
                continue;
            }
            std::size_t next = needs_[service][edge++];
            if (state[next] == State::OnStack) {
                auto from = std::find_if(stack.begin(), stack.end(),
                                         [next](const auto& frame) { return frame.first == next; });
                std::vector<std::size_t> cycle;
                for (auto it = from; it != stack.end(); ++it) {
                    cycle.push_back(it->first);
                }
                cycle.push_back(next);
                return cycle;
            }
            if (state[next] == State::New) {
                state[next] = State::OnStack;
                stack.emplace_back(next, 0);
            }
        }
    }
    return {};
}

const ServiceGraph::Adjacency& ServiceGraph::edges(Direction direction) const {
    return direction == Direction::Dependencies ? needs_ : needed_by_;
}

// An order in which every service comes after all those it reaches in the
// given direction: the start order, or its reverse.
std::vector<std::size_t> ServiceGraph::order(Direction direction) const {
    if (direction == Direction::Dependencies) {
        return start_;
    }
    return {start_.rbegin(), start_.rend()};
}

std::vector<std::string> ServiceGraph::start_order() const {
    return names_of(order(Direction::Dependencies), names_);
}

std::vector<std::string> ServiceGraph::stop_order() const {
    return names_of(order(Direction::Dependents), names_);
}

// A service's level is one more than the highest level among those it waits
// for in the given direction (0 when it waits for none).
std::vector<std::vector<std::string>> ServiceGraph::levels(Direction direction) const {
    const Adjacency& waits_for = edges(direction);
    std::vector<std::size_t> level(names_.size(), 0);
    std::size_t count = 0;
    for (std::size_t service : order(direction)) {
        for (std::size_t other : waits_for[service]) {
            level[service] = std::max(level[service], level[other] + 1);
        }
        count = std::max(count, level[service] + 1);
    }
    std::vector<std::vector<std::string>> groups(count);
    for (std::size_t i = 0; i < names_.size(); ++i) {
        groups[level[i]].push_back(names_[i]);
    }
    return groups;
}

std::vector<std::vector<std::string>> ServiceGraph::start_levels() const {
    return levels(Direction::Dependencies);
}

std::vector<std::vector<std::string>> ServiceGraph::stop_levels() const {
    return levels(Direction::Dependents);
}

// Everything reachable from the targets in the given direction, targets
// included, listed in the order that direction implies.
std::vector<std::string> ServiceGraph::closure(const std::vector<std::string>& targets,
                                               Direction direction) const {
    const Adjacency& next = edges(direction);
    std::vector<bool> reached(names_.size(), false);
    std::vector<std::size_t> pending;
    for (const std::string& target : targets) {
        std::size_t index = index_of(target);
        if (!reached[index]) {
            reached[index] = true;
            pending.push_back(index);
        }
    }
    while (!pending.empty()) {
        std::size_t service = pending.back();
        pending.pop_back();
        for (std::size_t other : next[service]) {
            if (!reached[other]) {
                reached[other] = true;
                pending.push_back(other);
            }
        }
    }
    std::vector<std::string> out;
    for (std::size_t service : order(direction)) {
        if (reached[service]) {
            out.push_back(names_[service]);
        }
    }
    return out;
}

std::vector<std::string> ServiceGraph::dependency_closure(
    const std::vector<std::string>& targets) const {
    return closure(targets, Direction::Dependencies);
}

std::vector<std::string> ServiceGraph::dependent_closure(
    const std::vector<std::string>& targets) const {
    return closure(targets, Direction::Dependents);
}

}  // namespace dc
