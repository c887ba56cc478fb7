// FileWatcher over inotify: one watch per directory, added as directories appear. A directory
// that appears may already hold files written before its watch existed, so its files are
// reported as changes when it is added.
#include "core/file_watch.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "core/error.h"

namespace fs = std::filesystem;

namespace dc {

namespace {

constexpr std::uint32_t kMask = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE |
                                IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF;

// Whether `path` is `base` or under it.
bool is_within(const std::string& base, const std::string& path) {
    return path == base || (path.size() > base.size() && path.compare(0, base.size(), base) == 0 &&
                            (base.back() == '/' || path[base.size()] == '/'));
}

}  // namespace

FileWatcher::FileWatcher(std::vector<std::string> roots,
                         std::function<bool(const std::string&)> skip_dir)
    : roots_(std::move(roots)), skip_dir_(std::move(skip_dir)) {
    for (std::string& root : roots_) root = fs::path(root).lexically_normal().string();
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) {
        throw Error(ErrorKind::Failure,
                    std::string("cannot watch files: inotify: ") + std::strerror(errno));
    }
    std::vector<std::string> ignored;
    refresh(ignored);
}

FileWatcher::~FileWatcher() {
    if (fd_ >= 0) ::close(fd_);
}

bool FileWatcher::under_root(const std::string& path) const {
    for (const std::string& root : roots_) {
        if (is_within(root, path)) return true;
    }
    return false;
}

bool FileWatcher::add_dir(const std::string& dir) {
    if (watched_.count(dir) != 0) return false;
    int wd = inotify_add_watch(fd_, dir.c_str(), kMask);
    if (wd < 0) return false;  // Gone again, or not a directory: its parent reports it.
    dirs_[wd] = dir;
    watched_.insert(dir);
    return true;
}

void FileWatcher::add_tree(const std::string& dir, std::vector<std::string>& found) {
    if (skip_dir_ && skip_dir_(dir)) return;
    if (!add_dir(dir)) return;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        std::string path = entry.path().string();
        found.push_back(path);
        if (entry.is_directory(ec) && !entry.is_symlink(ec)) add_tree(path, found);
    }
}

// Watches each root that exists (a directory's whole tree, a file's directory), else its
// nearest existing parent, so that the root is seen when it appears.
void FileWatcher::refresh(std::vector<std::string>& found) {
    for (const std::string& root : roots_) {
        std::error_code ec;
        if (fs::is_directory(root, ec)) {
            add_tree(root, found);
            continue;
        }
        fs::path parent = fs::path(root).parent_path();
        while (!parent.empty() && !fs::is_directory(parent, ec) && parent != parent.root_path()) {
            parent = parent.parent_path();
        }
        if (!parent.empty()) add_dir(parent.string());
    }
}

std::vector<std::string> FileWatcher::read() {
    std::vector<std::string> changed;
    alignas(inotify_event) char buffer[16384];
    bool new_dirs = false;
    for (;;) {
        ssize_t n = ::read(fd_, buffer, sizeof buffer);
        if (n <= 0) break;
        for (char* p = buffer; p < buffer + n;) {
            auto* event = reinterpret_cast<inotify_event*>(p);
            p += sizeof(inotify_event) + event->len;
            auto dir = dirs_.find(event->wd);
            if (dir == dirs_.end()) continue;
            if (event->mask & IN_IGNORED) {
                watched_.erase(dir->second);
                dirs_.erase(dir);
                continue;
            }
            if (event->len == 0) continue;  // The directory itself; its parent reports it.
            std::string path = dir->second + "/" + event->name;
            if (event->mask & IN_ISDIR && event->mask & (IN_CREATE | IN_MOVED_TO)) new_dirs = true;
            if (!under_root(path)) continue;
            changed.push_back(path);
            if (event->mask & IN_ISDIR && event->mask & (IN_CREATE | IN_MOVED_TO)) {
                add_tree(path, changed);
            }
        }
    }
    if (new_dirs) refresh(changed);
    return changed;
}

std::vector<std::string> FileWatcher::wait(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(timeout.count()));
    return read();
}

}  // namespace dc
