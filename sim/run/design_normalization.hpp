#pragma once
// How `compare` puts designs on an equal footing (docs/CODESIGN.md):
//   same-array  every design on hardware.array at hardware.clock_ghz (the default);
//   iso-area    each design gets the largest array of its PE (plus per-column dequant units and
//               edge registers) that fits an area budget;
//   iso-power   the same against a power budget at each design's clock.
// Clock: fixed (hardware.clock_ghz) or from-timing (the PE's f_max, at most clock_cap_ghz).
// Aspect rule: the configured rows:cols ratio is kept: rows = n, cols = max(1, floor(n * C0 /
// R0)), n = 1, 2, ... the largest that fits (a square config gives n x n).
#include <string>
#include <vector>

#include "sim/config/config_types.hpp"
#include "sim/run/design_costs.hpp"
#include "sim/run/results.hpp"

namespace mixsim::sim {

// The cost-table design a PE choice runs on: mixpe with a 16-bit-activation recipe is the
// W4A16 MixPE (mixpe-fp16); every other PE is its own name.
std::string cost_design_for(const PeChoice& choice);

// Activation bits entering an array row (8 for INT8 activations, 16 for FP16).
int activation_bits_for(const PeChoice& choice);

// Area (mm^2) and power (mW, at clock_ghz; negative when the design has no power data) of an
// R x C array of `choice`: R*C PEs, C group dequant units when the PE needs them (mixpe), R
// activation input registers and C 32-bit output registers.
struct ArrayCost {
  double area_mm2 = 0.0;
  double power_mw = -1.0;
};
ArrayCost array_cost(const PeChoice& choice, int rows, int cols, double clock_ghz,
                     const DesignCostTable& costs);

// Sizes and clocks every compared design. The result is parallel to `compare`. Throws
// std::invalid_argument with the key, the value and the limit when a budget cannot hold a
// 1 x 1 array, a design has no cost entry, or iso-power lacks power data.
std::vector<DesignPoint> normalize_designs(const NormalizationConfig& norm,
                                           const HardwareConfig& base,
                                           const std::vector<PeChoice>& compare,
                                           const DesignCostTable& costs);

// What run_job needs: compared design p's hardware (the shared config with the array and clock
// its normalization gave it; config.designs empty = the shared config), and the results'
// normalization section (only when the config has one).
HardwareConfig design_hardware(const RunConfig& config, size_t p);
const char* normalization_mode_name(NormalizationMode mode);
void record_designs(const RunConfig& config, Results& results);

}  // namespace mixsim::sim
