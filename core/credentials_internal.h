// The credential helper run, shared between core/credentials.cpp and the file that runs it.
#pragma once

#include <optional>
#include <string>

#include "core/credentials.h"

namespace dc::credentials {

// Runs `docker-credential-<helper> get` with `key` on its stdin and reads the JSON it prints
// ({"ServerURL", "Username", "Secret"}; a Username of "<token>" makes Secret an identity token).
// nullopt when the helper says it has no credentials for `key`. Throws dc::Error (Failure) when
// the helper is missing or fails; the message never includes the helper's output.
std::optional<RegistryCredentials> run_helper(const std::string& helper, const std::string& key);

}  // namespace dc::credentials
