#include "sim/mapping/gemm_bounds.hpp"

#include <cmath>

namespace mixsim::sim {

GemmBounds gemm_bounds(const HardwareConfig& hw, const TileGeometry& g) {
  GemmBounds b;
  const int64_t pes = int64_t{g.rows} * g.cols;
  b.compute_cycles = (g.m * g.n * g.k + pes - 1) / pes;
  int64_t w_bytes = 0;
  for (int64_t nt = 0; nt < g.n_tiles; ++nt) w_bytes += g.k_range_bytes(nt, 0, g.k_tiles - 1);
  b.compulsory_bytes = w_bytes + g.m * g.k * g.activation_bytes + g.m * g.n * g.output_bytes;
  const double bytes_per_cycle = hw.dram.bandwidth_gbps / hw.clock_ghz;
  b.traffic_cycles = static_cast<int64_t>(std::ceil(static_cast<double>(b.compulsory_bytes) / bytes_per_cycle - 1e-9));
  return b;
}

}  // namespace mixsim::sim
