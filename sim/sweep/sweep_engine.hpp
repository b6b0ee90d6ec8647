#pragma once
// `mixsim sweep`: check the sweep file and every point's config, run the points that are not
// already complete (one process each, --jobs at a time, shared over MPI ranks), and merge all
// results into OUT/sweep.json. Layout of OUT:
//   OUT/<point id>/config.yaml    the point's full run config
//   OUT/<point id>/results.json   written by `mixsim run` (present = point done)
//   OUT/<point id>/run.log        its stdout and stderr
//   OUT/sweep.json                merged results and Pareto fronts (rank 0)
#include <filesystem>
#include <optional>
#include <string>

#include "sim/sweep/point_runner.hpp"
#include "sim/sweep/sweep_ranks.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace mixsim::sweep {

struct SweepOptions {
  std::string sweep_file;
  std::filesystem::path out_dir;      // empty: sweep-<name> in the current folder
  int jobs = 0;                       // points at once per rank; 0: all cores (1 per MPI rank)
  std::optional<std::string> mode;    // "fast" | "cycle"; overrides the file's mode
  bool progress = true;               // one line per finished point on stderr
};

struct SweepSummary {
  size_t points = 0;   // in the whole sweep
  size_t ran = 0;      // run by this rank now
  size_t reused = 0;   // found complete by this rank and not redone
  std::filesystem::path out_dir;
  std::filesystem::path merged;  // OUT/sweep.json (rank 0)
};

SweepSummary run_sweep(const SweepOptions& options, const PointRunner& runner, RankGroup& ranks);

// A point is complete when its config.yaml is the expected text and its results.json is a
// readable mixsim.results document with at least one run.
bool point_complete(const std::filesystem::path& point_dir, const std::string& config_yaml);

}  // namespace mixsim::sweep
