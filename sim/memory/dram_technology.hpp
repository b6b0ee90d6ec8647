#pragma once
// The DRAM technologies a config can name (hardware.dram.technology) and their default
// organisation, JEDEC timings and energies. Every number's source is in dram_technology.cpp and in
// the table of docs/MEMORY.md; every one can be overridden in the config.
#include <string>
#include <vector>

#include "sim/config/dram_config.hpp"

namespace mixsim::sim {

struct DramTechnology {
  std::string name;           // the config value: ddr4, ddr5, lpddr5, hbm2e, hbm3
  std::string description;    // speed bin and part the numbers describe
  DramConfig defaults;        // technology, bandwidth, burst, latency, organisation, timings, energy
  std::string timing_source;  // where the timings and organisation come from
  std::string energy_source;  // where the energies come from (and what is an estimate)
};

// The allowed technology names, in table order.
std::vector<std::string> dram_technology_names();
// The entry for `name`; throws std::invalid_argument listing the allowed names otherwise.
const DramTechnology& dram_technology(const std::string& name);

}  // namespace mixsim::sim
