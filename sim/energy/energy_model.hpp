#pragma once
// Energy = event counters x the per-action energy table, grouped by component (pJ); DRAM by
// the technology's energies in hw.dram (sim/energy/dram_energy.hpp).
#include <cstdint>
#include <map>
#include <string>

#include "models/energy_table.hpp"
#include "sim/config/hardware_config.hpp"

namespace mixsim::sim {

struct DramCalibration;  // sim/memory/dram_calibration.hpp

// Energy of one 64-bit access to an SRAM of `capacity_bytes`: log-log interpolation between
// the table's 8 KB, 32 KB and 1 MB entries (clamped outside), since access energy grows with
// the wire length of a bigger array (docs/SIMULATOR.md).
double sram_access_pj(const EnergyTable& table, int64_t capacity_bytes);

// Components: pe, accumulator, dequant, registers, sram_weight, sram_activation, sram_output,
// dram, leakage, and "total".
std::map<std::string, double> energy_by_component(const std::map<std::string, int64_t>& counters,
                                                  const EnergyTable& table,
                                                  const HardwareConfig& hw,
                                                  const DramCalibration* calibration = nullptr);

}  // namespace mixsim::sim
