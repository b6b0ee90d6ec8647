#pragma once
// Parses hardware.dram: the technology's defaults (sim/memory/dram_technology.cpp), then every
// key the config gives. docs/CONFIG.md lists the keys; docs/MEMORY.md the defaults and sources.
#include <optional>

#include "sim/config/config_yaml.hpp"
#include "sim/config/dram_config.hpp"

namespace mixsim::sim {

// `node` is hardware.dram, absent when the config has none (LPDDR5 defaults then).
DramConfig parse_dram(const std::optional<ConfigNode>& node);

}  // namespace mixsim::sim
