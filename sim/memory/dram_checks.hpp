#pragma once
// The consistency rules of a DramConfig, shared by the config loader (which names the file, line
// and key) and the timing models (which reject a hand-built config the same way).
#include <optional>
#include <string>

#include "sim/config/dram_config.hpp"

namespace mixsim::sim {

struct DramProblem {
  std::string key;      // the hardware.dram key at fault, e.g. "timings.tRAS"
  std::string message;  // value, rule and allowed range
};

// The first rule `config` breaks, or nothing.
std::optional<DramProblem> dram_config_problem(const DramConfig& config);

}  // namespace mixsim::sim
