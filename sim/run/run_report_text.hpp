#pragma once
// The text `mixsim run` prints: one table per phase (cycles, latency, utilization, energy by
// component, output error, value check, speedup and energy ratio of the candidate vs each
// baseline) and an explanation block that derives the candidate's advantage from the counters
// (dequant multiplies per output, PE action energy per MAC, DRAM bytes vs cycles) instead of
// asserting it.
#include <string>

#include "models/energy_table.hpp"
#include "sim/run/results.hpp"

namespace mixsim::sim {

std::string format_run_tables(const Results& results);
std::string format_explanation(const Results& results, const EnergyTable& energy);

}  // namespace mixsim::sim
