#pragma once
// Runs a whole `mixsim run` config: for every layer and phase, the layer's GEMMs from the
// workloads/ catalogue, on every PE type of `compare`, through simulate_gemm; in cycle mode with
// values, the operands come from the seeded synthetic sources, are quantized by models/ recipes,
// and the simulator's outputs are checked (run_value_check.hpp). Returns the Results record;
// writing and printing are the caller's (sim/cli/run_command.cpp).
#include <functional>
#include <string>
#include <vector>

#include "sim/config/config_types.hpp"
#include "sim/run/results.hpp"

namespace mixsim::sim {

// Called before each simulate_gemm with the step index, the number of steps and a label.
using RunProgress = std::function<void(size_t step, size_t steps, const std::string& label)>;

struct RunOutcome {
  Results results;
  std::vector<std::string> failed_checks;  // "pe phase gemm: why", empty when all passed
};

RunOutcome run_job(const RunConfig& config, const RunProgress& progress = {});

}  // namespace mixsim::sim
