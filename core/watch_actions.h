// What `dc watch` does with one planned batch (core/watch.h): copy and remove files in the
// service's running containers and restart them, or rebuild the image and recreate them. Split
// from the watch loop so that tests drive it with a fake engine.
#pragma once

#include <ostream>
#include <string>

#include "core/engine.h"
#include "core/loader.h"
#include "core/progress.h"
#include "core/watch.h"

namespace dc {

// Copies batch.copies into every running container of `service` (through the archive endpoint,
// owners kept as Compose does), removes batch.deletes with `rm -rf` through exec first, then
// restarts the containers when batch.restart. Throws dc::Error naming the container on failure.
void sync_batch(const Project& project, Engine& engine, const std::string& service,
                const WatchBatch& batch);

// Builds the service's image, then recreates its containers (no dependencies), printing Compose's
// lines on `out`. Throws dc::Error when the build or the recreation fails.
void rebuild_service(const Project& project, Engine& engine, ProgressListener& progress,
                     const std::string& service, const DevWatchOptions& options, std::ostream& out);

// Carries the batch out, printing Compose's line for it; a failure is reported on `err` as
// Compose's warning and watching goes on.
void handle_batch(const Project& project, Engine& engine, ProgressListener& progress,
                  const std::string& service, const WatchBatch& batch,
                  const DevWatchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dc
