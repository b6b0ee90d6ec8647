#pragma once
// Running design points: one `mixsim run POINTDIR/config.yaml --out POINTDIR` PROCESS per
// point, several at a time. The runner is a function object so the sweep engine can be tested
// with a stand-in; the real one spawns this mixsim binary.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mixsim::sweep {

struct PointJob {
  std::string id;
  std::filesystem::path dir;     // POINTDIR
  std::filesystem::path config;  // POINTDIR/config.yaml
};

// Runs one point to completion; throws SweepError (with the reason) when it fails. Must leave
// POINTDIR/results.json complete on success.
using PointRunner = std::function<void(const PointJob&)>;

// posix_spawn `exe run CONFIG --out DIR`, stdout and stderr to DIR/run.log, and wait for it.
PointRunner process_point_runner(const std::filesystem::path& exe);

// This process's executable (/proc/self/exe), so points run the same mixsim as the sweep.
std::filesystem::path current_executable();

// Runs `jobs` on `parallel` worker threads (each runner call blocks on its process). Returns,
// per job, the error message when it failed. `on_done(job, error)` reports progress.
std::vector<std::optional<std::string>> run_point_jobs(
    const std::vector<PointJob>& jobs, int parallel, const PointRunner& runner,
    const std::function<void(const PointJob&, const std::optional<std::string>&)>& on_done);

}  // namespace mixsim::sweep
