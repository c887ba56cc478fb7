// A build's context: the files of the context directory that .dockerignore lets through, in a
// fixed order (by path), as the tar stream POST /build reads. The Dockerfile and the .dockerignore
// are always sent, as the docker CLI sends them; a dockerfile_inline, or a Dockerfile outside the
// context, is added under a generated name that .dockerignore then lists, so that `COPY . .`
// does not copy it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/engine_types.h"

namespace dc {

struct ContextEntry {
    enum class Type { File, Directory, Symlink };
    std::string name{};  // In the tar: "src/main.c", a directory without its "/".
    Type type = Type::File;
    std::filesystem::path source{};        // On disk; empty when `content` is the file.
    std::optional<std::string> content{};  // Generated files: the inline Dockerfile, .dockerignore.
    std::string link_target{};
    unsigned mode = 0644;  // Permission bits.
    std::uint64_t size = 0;
    std::int64_t mtime = 0;  // Unix seconds.
};

struct ContextSpec {
    std::filesystem::path dir{};            // The context directory.
    std::string dockerfile = "Dockerfile";  // Relative to `dir`, or absolute.
    std::optional<std::string> dockerfile_inline{};
};

struct BuildContext {
    std::vector<ContextEntry> entries{};  // In the walk's order: by path element.
    std::string dockerfile{};             // Its name in the tar, for POST /build's `dockerfile`.
};

// Reads the context directory. Throws dc::Error (Failure) for a missing context or Dockerfile,
// or a file it cannot read: `cannot locate specified Dockerfile: Dockerfile.dev`.
BuildContext scan_context(const ContextSpec& spec);

// The context as a tar, read as the engine asks for it (files are opened one at a time).
ByteSource context_tar(const BuildContext& context);

// The whole tar at once, for the tests.
std::string context_tar_bytes(const BuildContext& context);

}  // namespace dc
