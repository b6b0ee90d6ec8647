#pragma once
// A phase's `mode` (cycle | fast) and `values` (bool, cycle mode only) keys, shared by the
// catalogue phases (decode / prefill) and the phases of a GEMM-list workload.
#include <string>
#include <vector>

#include "sim/config/config_types.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sim {

inline const std::vector<std::string> kPhaseModes = {"cycle", "fast"};

// Reads `mode` (default cycle) and `values` (default: true in cycle mode, false in fast mode;
// true with fast mode is an error) of a phase map into `phase`.
void parse_phase_mode(const ConfigNode& node, PhaseConfig& phase);

}  // namespace mixsim::sim
