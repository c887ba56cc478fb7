#include "tests/e2e/harness.h"

#include <array>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/environment.h"
#include "core/labels.h"
#include "drivers/docker_client.h"
#include "drivers/docker_host.h"

namespace dc::e2e {

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Runs dc in the child with its output to the two descriptors and its input from `in_fd`
// (/dev/null when negative).
[[noreturn]] void exec_child(const std::vector<std::string>& args, const std::string& cwd,
                             const std::vector<std::string>& env, int out_fd, int err_fd,
                             int in_fd = -1) {
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    if (in_fd < 0) in_fd = open("/dev/null", O_RDONLY);
    dup2(in_fd, STDIN_FILENO);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    for (const std::string& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    static std::string binary = DC_BINARY;
    argv.push_back(binary.data());
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
}

int status_of(int wstatus) {
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

std::string temp_file(const char* kind, int& fd) {
    std::string path = std::string("/tmp/dc-e2e-") + kind + "-XXXXXX";
    fd = mkstemp(path.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    return path;
}

}  // namespace

RunResult run_dc_input(const std::vector<std::string>& args, const std::string& cwd,
                       const std::string& input, const std::vector<std::string>& env) {
    int in_fd = -1;
    std::string in_path = temp_file("in", in_fd);
    if (write(in_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size())) {
        throw std::runtime_error("writing the input file failed");
    }
    lseek(in_fd, 0, SEEK_SET);
    int out_fd = -1;
    int err_fd = -1;
    std::string out_path = temp_file("out", out_fd);
    std::string err_path = temp_file("err", err_fd);
    pid_t pid = fork();
    if (pid == 0) exec_child(args, cwd, env, out_fd, err_fd, in_fd);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    close(in_fd);
    close(out_fd);
    close(err_fd);
    RunResult result{status_of(wstatus), slurp(out_path), slurp(err_path)};
    unlink(in_path.c_str());
    unlink(out_path.c_str());
    unlink(err_path.c_str());
    return result;
}

DcProcess::DcProcess(const std::vector<std::string>& args, const std::string& cwd,
                     const std::vector<std::string>& env) {
    int out_fd = -1;
    int err_fd = -1;
    out_path_ = temp_file("out", out_fd);
    err_path_ = temp_file("err", err_fd);
    pid_ = fork();
    if (pid_ == 0) exec_child(args, cwd, env, out_fd, err_fd);
    close(out_fd);
    close(err_fd);
}

DcProcess::~DcProcess() {
    if (!status_ && pid_ > 0) {
        kill(pid_, SIGKILL);
        int wstatus = 0;
        waitpid(pid_, &wstatus, 0);
    }
    unlink(out_path_.c_str());
    unlink(err_path_.c_str());
}

void DcProcess::signal(int sig) {
    if (!status_ && pid_ > 0) kill(pid_, sig);
}

std::string DcProcess::out() const {
    return slurp(out_path_);
}
std::string DcProcess::err() const {
    return slurp(err_path_);
}

std::optional<int> DcProcess::wait(std::chrono::milliseconds timeout) {
    if (status_) return status_;
    wait_until(
        [&] {
            int wstatus = 0;
            if (waitpid(pid_, &wstatus, WNOHANG) == pid_) status_ = status_of(wstatus);
            return status_.has_value();
        },
        timeout);
    return status_;
}

RunResult run_dc(const std::vector<std::string>& args, const std::string& cwd,
                 const std::vector<std::string>& env) {
    char out_path[] = "/tmp/dc-e2e-out-XXXXXX";
    char err_path[] = "/tmp/dc-e2e-err-XXXXXX";
    int out_fd = mkstemp(out_path);
    int err_fd = mkstemp(err_path);
    if (out_fd < 0 || err_fd < 0) throw std::runtime_error("mkstemp failed");
    pid_t pid = fork();
    if (pid == 0) exec_child(args, cwd, env, out_fd, err_fd);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    close(out_fd);
    close(err_fd);
    RunResult result;
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    result.out = slurp(out_path);
    result.err = slurp(err_path);
    unlink(out_path);
    unlink(err_path);
    return result;
}

Engine& engine() {
    static std::unique_ptr<Engine> client = [] {
        docker::Endpoint endpoint =
            value_or_throw(docker::resolve_endpoint(docker::EndpointOverrides{}, os_environment()));
        return std::unique_ptr<Engine>(new docker::DockerClient(std::move(endpoint)));
    }();
    return *client;
}

std::string unique_project(const std::string& prefix) {
    static std::atomic<int> counter{0};
    return "dc-e2e-" + prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

std::pair<int, std::string> shell(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE_MESSAGE(pipe != nullptr, "popen failed: " << command);
    std::string out;
    std::array<char, 4096> buffer{};
    while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) {
        out.append(buffer.data(), n);
    }
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, out};
}

std::string compose_v2() {
    static const std::string path = [] {
        auto [status, out] = shell(std::string(DC_SOURCE_DIR) + "/bench/compose-v2.sh");
        while (!out.empty() && out.back() == '\n') out.pop_back();
        return status == 0 ? out : std::string();
    }();
    REQUIRE_MESSAGE(!path.empty(),
                    "Docker Compose v2 is not available (bench/compose-v2.sh failed)");
    return path;
}

std::pair<int, std::string> compose(const std::string& project, const std::string& dir,
                                    const std::string& args) {
    return shell("cd '" + dir + "' && '" + compose_v2() + "' -p " + project + " " + args +
                 " 2>/dev/null");
}

ImageGuard::~ImageGuard() {
    for (const std::string& image : images_) (void)engine().remove_image(image, Force::Yes);
}

ProjectGuard::~ProjectGuard() {
    Filters by_project{{"label", {std::string(kLabelProject) + "=" + project_}}};
    ContainerListOptions list{true, by_project};
    if (auto containers = engine().list_containers(list)) {
        for (const ContainerSummary& c : *containers) {
            engine().remove_container(c.id, RemoveContainerOptions{true, true});
        }
    }
    if (auto networks = engine().list_networks(by_project)) {
        for (const NetworkInfo& n : *networks) engine().remove_network(n.id);
    }
    if (auto volumes = engine().list_volumes(by_project)) {
        for (const VolumeInfo& v : *volumes) engine().remove_volume(v.name, Force::Yes);
    }
}

bool wait_until(const std::function<bool()>& ready, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(20);
    while (true) {
        if (ready()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return ready();
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(250));
    }
}

}  // namespace dc::e2e
