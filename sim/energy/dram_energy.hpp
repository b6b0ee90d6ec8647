#pragma once
// DRAM energy by technology: bits read and written x (array + I/O) pJ/bit, activations x the
// energy of one ACT/PRE pair, and background (standby + refresh) power x time. The numbers come
// from hardware.dram.energy (sim/memory/dram_technology.cpp cites each default). Off-chip
// energy is not scaled by the accelerator's technology_node.
#include <cstdint>
#include <map>
#include <string>

#include "sim/config/hardware_config.hpp"

namespace mixsim::sim {

struct DramCalibration;  // sim/memory/dram_calibration.hpp

struct DramEnergyBreakdown {
  double read_pj = 0, write_pj = 0, activate_pj = 0, background_pj = 0;
  double activations = 0;  // counted by the bank model, or estimated (see dram_energy.cpp)
  double total() const { return read_pj + write_pj + activate_pj + background_pj; }
};

// From a job's counters: dram.read_bytes, dram.write_bytes, cycles, and dram.activations when the
// bank model ran; without it, activations = bytes x the bank model's streaming activations per
// byte (dram_calibration.hpp).
// `calibration` (calibrate_streaming(hw.dram)) supplies activations per byte where the counters
// have none; null calibrates here (milliseconds: callers pricing many runs pass their own).
DramEnergyBreakdown dram_energy(const std::map<std::string, int64_t>& counters, const HardwareConfig& hw,
                                const DramCalibration* calibration = nullptr);

}  // namespace mixsim::sim
