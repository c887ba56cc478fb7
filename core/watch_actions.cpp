// The actions of a `dc watch` batch, as Compose 2.29's handleWatchBatch and its tar syncer do
// them.
#include "core/watch_actions.h"

#include "core/build.h"
#include "core/error.h"
#include "core/service_model.h"
#include "core/tar.h"
#include "core/tools.h"
#include "core/up.h"

namespace dc {

namespace {

// Runs `rm -rf paths...` in the container, its stderr kept for the message when it fails.
void remove_paths(Engine& engine, const ContainerSummary& container,
                  const std::vector<std::string>& paths) {
    ExecSpec spec;
    spec.cmd = {"rm", "-rf"};
    spec.cmd.insert(spec.cmd.end(), paths.begin(), paths.end());
    spec.attach_stdout = false;
    std::string id = value_or_throw(engine.create_exec(container.id, spec));
    std::string errors;
    FrameSink sink = [&errors](const OutputFrame& frame) {
        errors.append(frame.bytes);
        return Flow::Continue;
    };
    value_or_throw(engine.start_exec(id, spec, ExecInput{}, sink, std::stop_token{}));
    ExecInfo info = value_or_throw(engine.inspect_exec(id));
    if (info.exit_code.value_or(0) != 0) {
        throw Error(ErrorKind::Failure, "deleting paths in " + container_name(container) +
                                            ": exit code " + std::to_string(*info.exit_code) +
                                            (errors.empty() ? "" : ": " + errors));
    }
}

// Copies one host path to its place in the container: the archive is unpacked at "/", its
// entry named after the whole container path, so that missing parent directories are made.
void copy_path(Engine& engine, const ContainerSummary& container, const SyncCopy& copy) {
    std::string name = copy.container_path;
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    try {
        TarSource tar(copy.host_path, name, Ownership::Keep, FollowLink::No);
        value_or_throw(engine.put_archive(container.id, "/", tar.byte_source()));
    } catch (const Error& e) {
        // A file deleted since the batch was planned is the next batch's deletion.
        if (e.kind() == ErrorKind::NotFound) return;
        throw Error(e.kind(), "copying files to " + container_name(container) + ": " + e.what());
    }
}

}  // namespace

void sync_batch(const Project& project, Engine& engine, const std::string& service,
                const WatchBatch& batch) {
    std::vector<ContainerSummary> containers =
        project_containers(project.name, engine, {service}, false, Oneoffs::Exclude);
    for (const ContainerSummary& container : containers) {
        if (!batch.deletes.empty()) remove_paths(engine, container, batch.deletes);
        for (const SyncCopy& copy : batch.copies) copy_path(engine, container, copy);
    }
    if (!batch.restart) return;
    for (const ContainerSummary& container : containers) {
        value_or_throw(engine.restart_container(container.id, std::nullopt));
    }
}

void rebuild_service(const Project& project, Engine& engine, ProgressListener& progress,
                     const std::string& service, const DevWatchOptions& options,
                     std::ostream& out) {
    std::string image = service_image(project, service);
    std::optional<ImageInfo> before = value_or_throw(engine.inspect_image(image));
    BuildRequest request{.parallel = options.parallel, .stop = options.stop};
    if (!options.quiet) {
        request.output = [&out](const std::string&, std::string_view text) { out << text; };
    }
    try {
        build_services(project, engine, progress, {service}, request);
    } catch (const Error& e) {
        out << "Build failed. Error: " << e.what() << '\n';
        throw;
    }
    out << "service \"" << service << "\" successfully built\n";
    if (options.prune && before) {
        // The image the containers ran before, now untagged: what Compose's --prune removes.
        std::optional<ImageInfo> old = value_or_throw(engine.inspect_image(before->id));
        if (old && old->repo_tags.empty()) (void)engine.remove_image(before->id, Force::No);
    }
    UpOptions up;
    up.services = {service};
    up.detach = true;
    up.no_deps = true;
    up.force_recreate = true;
    up.build = UpBuild::Never;
    up.port_probe = options.port_probe;
    up.stop = options.stop;
    try {
        run_up(project, engine, progress, up);
    } catch (const Error& e) {
        out << "Failed to recreate service after update. Error: " << e.what() << '\n';
        throw;
    }
}

void handle_batch(const Project& project, Engine& engine, ProgressListener& progress,
                  const std::string& service, const WatchBatch& batch,
                  const DevWatchOptions& options, std::ostream& out, std::ostream& err) {
    if (batch.changes == 0) return;
    try {
        if (batch.rebuild) {
            out << "Rebuilding service \"" << service << "\" after changes were detected...\n"
                << std::flush;
            rebuild_service(project, engine, progress, service, options, out);
        } else {
            out << "Syncing service \"" << service << "\" after " << batch.changes
                << " changes were detected\n"
                << std::flush;
            sync_batch(project, engine, service, batch);
        }
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Cancelled) throw;
        err << "Error handling changed files for service " << service << ": " << e.what() << '\n';
    }
    out << std::flush;
}

}  // namespace dc
