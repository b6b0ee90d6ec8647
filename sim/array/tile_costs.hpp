#pragma once
// Closed-form SRAM costs of one tile (fast mode; cycle mode obtains the same quantities from
// per-access Sram calls at the tile's real addresses).
//  Weight-stationary: load = access(tile's weight bytes); stream = mt x access(one X row).
//  Output-stationary: no preload; each K-step reads one K-column of the M-tile's X (mt elements,
//    contiguous in the K-major chunk) and one K-row of C weights; a step takes the slower of the
//    two accesses; the tile occupies the array for max(kt x step, R) cycles (its R x C partial
//    sums drain through shadow registers, R per column, while the next tile computes).
#include <algorithm>
#include <cstdint>

#include "sim/memory/sram_banks.hpp"
#include "sim/mapping/tile_plan.hpp"

namespace mixsim::sim {

struct TileCost {
  int64_t load = 0, stream = 0;
  int64_t activation_conflicts = 0;  // activation accesses' cycles beyond one
  int64_t weight_read_cycles = 0;
};

// Bytes of one K-row of an output-stationary tile (its tile bytes are kt such rows).
inline int64_t os_weight_step_bytes(const TilePlan& plan, const TileRef& t, int weight_bits) {
  return plan.geometry().uniform_tiles() ? (t.ct * weight_bits + 7) / 8 : plan.tile_weight_bytes(t) / t.kt;
}

inline TileCost closed_form_cost(const TilePlan& plan, const TileRef& t, int weight_bits,
                                 const SramBanks& weights, const SramBanks& acts) {
  TileCost c;
  if (!plan.output_stationary()) {
    c.load = weights.aligned_access_cycles(plan.tile_weight_bytes(t));
    const int64_t row = acts.aligned_access_cycles(plan.activation_row_bytes(t));
    c.stream = t.mt * row;
    c.activation_conflicts = t.mt * (row - 1);
    c.weight_read_cycles = c.load;
    return c;
  }
  const int64_t a = acts.aligned_access_cycles(t.mt * plan.activation_bytes());
  const int64_t w = weights.aligned_access_cycles(os_weight_step_bytes(plan, t, weight_bits));
  c.stream = std::max<int64_t>(t.kt * std::max(a, w), plan.rows());
  c.activation_conflicts = t.kt * (a - 1);
  c.weight_read_cycles = t.kt * w;
  return c;
}

}  // namespace mixsim::sim
