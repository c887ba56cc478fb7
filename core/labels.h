// The labels Docker Compose v2 puts on the containers, networks and volumes it creates. dc writes
// the same ones, so that `docker compose ps` sees dc's containers and dc sees Compose's; the
// values follow Compose v2.29's pkg/api/labels.go.
#pragma once

namespace dc {

// The project a container, network or volume belongs to (the project name).
inline constexpr const char* kLabelProject = "com.docker.compose.project";
// The service a container runs (the key under `services`).
inline constexpr const char* kLabelService = "com.docker.compose.service";
// The container's number within its service, from 1, as decimal text.
inline constexpr const char* kLabelContainerNumber = "com.docker.compose.container-number";
// "True" on the one-off containers of `run`, "False" on every other container.
inline constexpr const char* kLabelOneoff = "com.docker.compose.oneoff";
// The random 64-hex-digit identity of a one-off container; its name ends with the first 12.
inline constexpr const char* kLabelSlug = "com.docker.compose.slug";
// The hash of the service's configuration; a container whose hash differs is recreated.
inline constexpr const char* kLabelConfigHash = "com.docker.compose.config-hash";
// The absolute paths of the project's compose files, joined with commas.
inline constexpr const char* kLabelConfigFiles = "com.docker.compose.project.config_files";
// The project directory (absolute).
inline constexpr const char* kLabelWorkingDir = "com.docker.compose.project.working_dir";
// The `--env-file` paths, joined with commas; only set when some were given.
inline constexpr const char* kLabelEnvironmentFile = "com.docker.compose.project.environment_file";
// The service's dependencies as "service:condition:restart" items joined with commas, e.g.
// "db:service_healthy:false"; present (maybe empty) on every service container.
inline constexpr const char* kLabelDependsOn = "com.docker.compose.depends_on";
// The version of the tool that created the object. dc writes its own version (core/version.h),
// not a Compose version it is not; Compose only ever compares this label for display.
inline constexpr const char* kLabelVersion = "com.docker.compose.version";
// The id of the local image the container was created from, when known; a container whose image
// id differs from the current one is recreated.
inline constexpr const char* kLabelImage = "com.docker.compose.image";
// The builder that produced a built image ("classic" or "buildkit").
inline constexpr const char* kLabelImageBuilder = "com.docker.compose.image.builder";
// The key of a network under the top-level `networks` (not its engine name).
inline constexpr const char* kLabelNetwork = "com.docker.compose.network";
// The key of a volume under the top-level `volumes` (not its engine name).
inline constexpr const char* kLabelVolume = "com.docker.compose.volume";
// On a container created to replace another (recreate): the id of the one it replaces, so that an
// interrupted recreate can be recognised and finished.
inline constexpr const char* kLabelReplace = "com.docker.compose.replace";

// The value of kLabelOneoff.
inline constexpr const char* kOneoffTrue = "True";
inline constexpr const char* kOneoffFalse = "False";

}  // namespace dc
