// Recursive file watching with Linux inotify, for `dc watch`. A root may be a directory (watched
// with everything under it, new subdirectories included), a file, or a path that does not exist
// yet (its nearest existing parent is watched until it appears, as Compose's watcher does).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dc {

class FileWatcher {
  public:
    // `skip_dir` says which directories under a root are not watched at all (a .git, say).
    // Throws dc::Error (Failure) when inotify cannot be set up.
    FileWatcher(std::vector<std::string> roots,
                std::function<bool(const std::string&)> skip_dir = {});
    ~FileWatcher();
    FileWatcher(const FileWatcher&) = delete;
    FileWatcher& operator=(const FileWatcher&) = delete;

    // The descriptor to poll for readability.
    int fd() const { return fd_; }
    // The paths under a root that changed since the last call, without waiting: created,
    // written, moved, deleted, and the files of a directory that appeared.
    std::vector<std::string> read();
    // Waits up to `timeout` for a change, then reads.
    std::vector<std::string> wait(std::chrono::milliseconds timeout);

  private:
    void refresh(std::vector<std::string>& found);
    void add_tree(const std::string& dir, std::vector<std::string>& found);
    bool add_dir(const std::string& dir);
    bool under_root(const std::string& path) const;

    int fd_ = -1;
    std::vector<std::string> roots_;
    std::function<bool(const std::string&)> skip_dir_;
    std::map<int, std::string> dirs_;  // By watch descriptor.
    std::set<std::string> watched_;
};

}  // namespace dc
