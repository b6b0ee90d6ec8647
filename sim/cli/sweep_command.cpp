// `mixsim sweep SWEEP.yaml [--out DIR] [--jobs N] [--mode fast|cycle]`: every design point of
// a sweep file as its own `mixsim run` process, resumable, merged into DIR/sweep.json with
// Pareto fronts. Under `mpirun -np N` the points are shared over the ranks
// (sim/sweep/sweep_engine.hpp does the work).
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.hpp"
#include "sim/sweep/point_runner.hpp"
#include "sim/sweep/sweep_engine.hpp"
#include "sim/sweep/sweep_ranks.hpp"

namespace mixsim::cli {
namespace {

struct SweepCommandOptions {
  std::string sweep_file;
  std::string out_dir;
  int jobs = 0;
  std::string mode;
  bool quiet = false;
};

void print_fronts(const std::filesystem::path& merged) {
  std::ifstream in(merged);
  nlohmann::json sweep = nlohmann::json::parse(in);
  for (const auto& front : sweep["pareto"]) {
    std::printf("Pareto front, %s (%zu of %zu candidates):\n", front["workload"].get<std::string>().c_str(),
                front["front"].size(), front["candidates"].get<size_t>());
    for (const auto& c : front["front"])
      // The report's units: latency in us, energy in uJ (sweep.json keeps s and pJ).
      std::printf("  %-16s %-12s latency %.6g us  energy %.6g uJ\n", c["point"].get<std::string>().c_str(),
                  c["pe"].get<std::string>().c_str(), c["latency_s"].get<double>() * 1e6,
                  c["energy_pj"].get<double>() * 1e-6);
  }
}

void run_sweep_command(const SweepCommandOptions& o) {
  try {
    sweep::SweepOptions options;
    options.sweep_file = o.sweep_file;
    options.out_dir = o.out_dir;
    options.jobs = o.jobs;
    if (!o.mode.empty()) options.mode = o.mode;
    options.progress = !o.quiet;
    auto ranks = sweep::launcher_ranks();
    auto summary = sweep::run_sweep(options, sweep::process_point_runner(sweep::current_executable()), *ranks);
    if (ranks->rank() != 0) return;
    std::printf("sweep: %zu points (run now: %zu, already complete: %zu%s) -> %s\n", summary.points,
                summary.ran, summary.reused, ranks->size() > 1 ? " on rank 0" : "",
                summary.merged.string().c_str());
    if (!o.quiet) print_fronts(summary.merged);
  } catch (const sweep::SweepError& e) {
    throw CommandError(e.what());
  }
}

}  // namespace

void register_sweep_command(CLI::App& app) {
  auto o = std::make_shared<SweepCommandOptions>();
  auto* cmd = app.add_subcommand(
      "sweep", "Run every design point of a sweep file (one `mixsim run` process each, resumable, "
               "MPI-aware) and merge them into DIR/sweep.json with Pareto fronts");
  cmd->add_option("sweep_file", o->sweep_file, "sweep YAML (docs/SWEEPS.md)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out,-o", o->out_dir, "output folder (default: sweep-<name>)");
  cmd->add_option("--jobs,-j", o->jobs, "points run at once per rank (default: all cores; 1 under MPI)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--mode", o->mode, "timing mode of every point (default: the file's, else fast)")
      ->check(CLI::IsMember({"fast", "cycle"}));
  cmd->add_flag("--quiet,-q", o->quiet, "no progress lines or Pareto summary");
  cmd->callback([o] { run_sweep_command(*o); });
}

}  // namespace mixsim::cli
