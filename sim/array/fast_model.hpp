#pragma once
// Fast mode: the TilePlan's schedule timed per tile with closed forms (weight-load and stream
// cycles from aligned SRAM accesses, DRAM arrival from the DramChannel arithmetic), no SystemC
// and no values. docs/SIMULATOR.md states the formulas; tests/sim checks it against cycle mode.
#include <cstdint>

#include "sim/energy/event_counters.hpp"
#include "sim/config/hardware_config.hpp"
#include "sim/mapping/tile_plan.hpp"
#include "sim/memory/dram_calibration.hpp"

namespace mixsim::sim {

// Returns the GEMM's cycle count and fills `counters` (call counters.finish afterwards).
// `calibration` is calibrate_streaming(hw.dram), passed by callers that time many plans on one
// DRAM (calibrating takes milliseconds); null calibrates here.
int64_t run_fast_model(const HardwareConfig& hw, const TilePlan& plan, EventCounters& counters,
                       const DramCalibration* calibration = nullptr);

}  // namespace mixsim::sim
