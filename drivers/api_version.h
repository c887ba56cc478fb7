// The Engine API versions dc speaks, and the gates where the API changed under it. Every gate
// names the version that brought the change and what the client does differently below it.
#pragma once

#include <optional>
#include <string_view>

#include "core/engine_types.h"

namespace dc::docker {

// Docker 20.10 (Debian 12's docker.io) speaks 1.41: the oldest engine dc drives.
inline constexpr ApiVersion kApiMinimum{1, 41};
// Docker 27.x. Engines 29.0-29.2 refuse clients below 1.44, so dc negotiates up to here instead
// of pinning the minimum.
inline constexpr ApiVersion kApiMaximum{1, 47};

// Before 1.44 POST /containers/create honours one entry of NetworkingConfig.EndpointsConfig
// (it rejects more), so the client creates on the first network and connects the others
// before the container starts.
inline constexpr ApiVersion kApiMultipleNetworksAtCreate{1, 44};
// Before 1.44 POST /networks/create accepts a second network of the same name unless the body
// says CheckDuplicate: true; from 1.44 duplicates are always refused and the field is ignored.
inline constexpr ApiVersion kApiNetworkDuplicatesRefused{1, 44};
// Healthcheck.StartInterval (Compose's start_interval) exists from 1.44; older engines reject it.
inline constexpr ApiVersion kApiHealthStartInterval{1, 44};
// EndpointSettings.MacAddress (a MAC per network) exists from 1.44; before, only Config.MacAddress.
inline constexpr ApiVersion kApiMacAddressPerEndpoint{1, 44};
// Mount.BindOptions.CreateMountpoint exists from 1.42; before, only a bind written in
// HostConfig.Binds creates a missing host directory.
inline constexpr ApiVersion kApiBindCreateMountpoint{1, 42};
// Mount.VolumeOptions.Subpath exists from 1.45.
inline constexpr ApiVersion kApiVolumeSubpath{1, 45};
// From 1.42 attach, exec and logs answers say in Content-Type whether the stream is multiplexed
// (vnd.docker.multiplexed-stream) or raw (vnd.docker.raw-stream); before, only the container's
// or the exec's Tty setting tells.
inline constexpr ApiVersion kApiStreamContentType{1, 42};

// "1.41" -> {1, 41}; nullopt for anything else.
std::optional<ApiVersion> parse_api_version(std::string_view text);

// The version to use with a server whose newest is `server`: the lower of the two, and nullopt
// when the server is older than kApiMinimum.
std::optional<ApiVersion> negotiate_api_version(ApiVersion server);

}  // namespace dc::docker
