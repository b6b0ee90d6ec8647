#pragma once
// Checks a config's workload section against the workloads/ catalogue (model name, layer
// indices, GEMM names), so a typo fails at load time with file:line instead of mid-run.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/config/config_types.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sim {

void validate_workload_against_catalogue(const WorkloadConfig& workload, const ConfigNode& node);

// (short name, K) of every selected GEMM of one layer in a phase.
std::vector<std::pair<std::string, int64_t>> layer_gemm_shapes(const WorkloadConfig& workload,
                                                               const PhaseConfig& phase);

// GEMM names of one layer without the "layer<i>." prefix, e.g. "q_proj", "attn_qk".
std::vector<std::string> layer_gemm_short_names(const std::string& model);

}  // namespace mixsim::sim
