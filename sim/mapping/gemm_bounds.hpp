#pragma once
// The two lower bounds of a GEMM's time on a design, against which every simulated latency is
// read (docs/SIMULATOR.md, "Bounds"): the compute bound MACs / (R*C) cycles, and the
// compulsory-traffic bound: the bytes of W (packed, the recipe's storage), X and Y moved once
// at the DRAM's peak bytes per cycle. A result far from the larger of the two is the schedule
// or the memory system talking, not the PE.
#include <cstdint>
#include <string>

#include "sim/config/hardware_config.hpp"
#include "sim/mapping/tile_plan.hpp"

namespace mixsim::sim {

struct GemmBounds {
  int64_t compute_cycles = 0;
  int64_t compulsory_bytes = 0;
  int64_t traffic_cycles = 0;
  int64_t bound_cycles() const { return compute_cycles > traffic_cycles ? compute_cycles : traffic_cycles; }
  std::string limiter() const { return compute_cycles >= traffic_cycles ? "compute" : "dram"; }
  // bound / achieved cycles (1 = at the bound).
  double fraction_of_bound(int64_t cycles) const {
    return cycles > 0 ? static_cast<double>(bound_cycles()) / static_cast<double>(cycles) : 0.0;
  }
};

GemmBounds gemm_bounds(const HardwareConfig& hw, const TileGeometry& g);

}  // namespace mixsim::sim
