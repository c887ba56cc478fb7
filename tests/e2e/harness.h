// End-to-end test support: runs the real dc binary against the real engine,
// names projects uniquely, waits on real state with a deadline, and removes
// what a test created even when it fails.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

#include "core/engine.h"

namespace dc::e2e {

struct RunResult {
    int status = -1;  // Exit status, or 128 + signal.
    std::string out;
    std::string err;
};

// Runs the dc binary under test with `args` in `cwd`. `env` entries
// ("KEY=value") are added to the test's own environment.
RunResult run_dc(const std::vector<std::string>& args, const std::string& cwd,
                 const std::vector<std::string>& env = {});

// As run_dc, with `input` as the command's standard input.
RunResult run_dc_input(const std::vector<std::string>& args, const std::string& cwd,
                       const std::string& input, const std::vector<std::string>& env = {});

// dc running in the background (attached up, logs -f), to signal and wait for with a deadline.
// Its output goes to files that out() and err() read at any time. Killed and reaped when still
// running at destruction.
class DcProcess {
  public:
    DcProcess(const std::vector<std::string>& args, const std::string& cwd,
              const std::vector<std::string>& env = {});
    ~DcProcess();
    DcProcess(const DcProcess&) = delete;
    DcProcess& operator=(const DcProcess&) = delete;

    pid_t pid() const { return pid_; }
    void signal(int sig);
    std::string out() const;
    std::string err() const;
    // The exit status (or 128 + signal) once it has ended within `timeout`; nullopt if still
    // running.
    std::optional<int> wait(std::chrono::milliseconds timeout);

  private:
    pid_t pid_ = -1;
    std::optional<int> status_{};
    std::string out_path_{};
    std::string err_path_{};
};

// Runs a shell command line; returns its exit status and standard output.
std::pair<int, std::string> shell(const std::string& command);

// The path of Docker Compose v2, the reference (bench/compose-v2.sh fetches it once); a test that
// cannot get it fails, saying why.
std::string compose_v2();

// Docker Compose v2's exit status and standard output for `args` on `project` in `dir`.
std::pair<int, std::string> compose(const std::string& project, const std::string& dir,
                                    const std::string& args);

// The engine the tests use (the same one dc finds).
Engine& engine();

// "dc-e2e-<prefix>-<pid>-<n>": unique per run, valid as a Compose project name.
std::string unique_project(const std::string& prefix);

// Removes every container, network and volume labelled with the project when
// it goes out of scope.
class ProjectGuard {
  public:
    explicit ProjectGuard(std::string project) : project_(std::move(project)) {}
    ~ProjectGuard();
    ProjectGuard(const ProjectGuard&) = delete;
    ProjectGuard& operator=(const ProjectGuard&) = delete;
    const std::string& name() const { return project_; }

  private:
    std::string project_;
};

// Removes image references a test made (tagged, pulled or built) when it goes out of scope,
// also when the test fails; ProjectGuard leaves images alone. Declare it before the project's
// guard, so that the containers using the images are gone first.
class ImageGuard {
  public:
    explicit ImageGuard(std::vector<std::string> images) : images_(std::move(images)) {}
    explicit ImageGuard(std::string image) : images_{std::move(image)} {}
    ~ImageGuard();
    ImageGuard(const ImageGuard&) = delete;
    ImageGuard& operator=(const ImageGuard&) = delete;

  private:
    std::vector<std::string> images_;
};

// Polls `ready` until it returns true or `timeout` passes; returns its last answer.
bool wait_until(const std::function<bool()>& ready,
                std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The stand-in busybox image (tests/images/busybox.sh builds it before the suite).
inline constexpr const char* kBusybox = "dc-test/busybox:latest";

}  // namespace dc::e2e
