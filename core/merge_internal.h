// Pieces shared by the merge_*.cpp files; not part of the public interface.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/merge.h"
#include "core/node.h"

namespace dc::merge_detail {

// A dotted path built on the stack as the merge descends; it is turned into
// text ("services.web.build") only when an error needs it.
struct PathLink {
    const PathLink* parent = nullptr;
    std::string_view key;

    std::string str() const;
};

// Which of Compose's merge rules applies to a value; decided by its path.
enum class Rule {
    Generic,  // Mappings key by key, lists appended, scalars replaced.
    Replace,  // The override value replaces the base value whole.
    Document,
    Services,
    Service,
    Healthcheck,
    Build,
    Deploy,
    Logging,
    DependsOn,
    ServiceNetworks,
    Ulimits,
    ToSequence,  // List-or-mapping values merged as lists (environment, labels, ...).
    Ssh,
    NetworkDefs,
    Network,
    Ipam,
    IpamConfig,
    VolumeDefs,
    Volume,
    ResourceDefs,  // Top-level secrets and configs.
    Resource,
};

// The rule for `key` inside a value merged by rule `parent`.
Rule child_rule(Rule parent, std::string_view key);

// A list of names turned into a mapping: depends_on's list gets Compose's
// default condition for every service, networks' list null values, and
// build.ssh's "id=path" items their paths.
enum class ListForm { DependsOn, Networks, Ssh };
Node list_to_mapping(const Node& list, ListForm form);

bool same_scalar(const Node& a, const Node& b);

// Compose's canonical form of a top-level resource, which the file merged
// over it meets: the legacy `external: {name: x}` becomes `name: x` and
// `external: true`.
void canonicalize_external(Node& resource, const PathLink& path);

inline bool is_reset(const Node& node) {
    return node.tag == "!reset";
}
inline bool is_override(const Node& node) {
    return node.tag == "!override";
}
inline bool is_extension_key(std::string_view key) {
    return key.substr(0, 2) == "x-";
}

// Compose's convertIntoSequence: a mapping becomes sorted "KEY=value" strings
// ("KEY" alone for a null value), a scalar becomes a one-item list, null an
// empty one. `!reset` items and entries are left out.
std::vector<Node> to_sequence_items(const Node& value);

// Merges two list-or-mapping values (environment, labels, dns, ...) the way
// Compose does: override keys tagged !reset or !override are first removed
// from a mapping base, then both sides are turned into lists and appended.
// Duplicates are removed later by enforce_unicity. With ResetMarkers::Keep
// and tagged override keys over a mapping, the result stays a mapping that
// keeps the tagged values.
void merge_to_sequence(Node& base, const Node& override_value, ResetMarkers markers);

// Compose's merge of networks.*.ipam.config, including its habit of merging
// every override entry into every base entry by subnet.
void merge_ipam_config(Node& base, const Node& override_value, const PathLink& path);

// Merges two mappings with no special rules below them (ipam.config entries).
void merge_plain_mapping(Node& base, const Node& override_value, const PathLink& path);

// Removes later duplicates of `service`'s keyed lists (ports, volumes,
// environment lists, ...), the later value taking the earlier one's place.
void enforce_service_unicity(Node& service, const PathLink& path);

// One port binding of Compose's canonical form: what "127.0.0.1:8080:80/udp"
// or one member of a range ("8000-8001:80-81") stands for.
struct PortBinding {
    std::string host_ip;
    std::string published;
    std::string target;
    std::string protocol;
};

// docker/go-connections' ParsePortSpec as Compose uses it: ranges expanded,
// sorted as Compose sorts them; nothing when the spec is invalid.
std::optional<std::vector<PortBinding>> parse_port_spec(std::string_view spec);

// De-duplicates a ports list by host IP, published port, target and
// protocol; ranges are expanded into single ports when one of their members
// collides with another item.
void dedupe_ports(Node& list, const PathLink& path);

// Renders a scalar or collection as Go's fmt "%v" prints what yaml.v3 decoded.
std::string go_value_string(const Node& value);

}  // namespace dc::merge_detail
