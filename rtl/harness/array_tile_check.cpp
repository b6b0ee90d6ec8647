// The weight-stationary mixpe_array tile: values bit for bit and cycles per tile.
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "Vmixpe_array.h"
#include "Vmixpe_array_faulty.h"
#include "rtl/harness/array_driver.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

TileOperands make_operands(uint32_t seed, int m_tokens, int k_groups) {
  Stimulus stimulus(seed);
  TileOperands ops;
  ops.m = m_tokens;
  ops.k = k_groups * kArrayRows;
  for (int i = 0; i < ops.m * ops.k; ++i) ops.x.push_back(stimulus.activation());
  for (int i = 0; i < kArrayCols * ops.k; ++i) ops.w.push_back(stimulus.weight4());
  // Token 0 is full scale (-128 everywhere) and weight column 0 all -8 for group 0: the
  // largest column sum the PSUM_WIDTH must hold.
  for (int c = 0; c < kArrayRows; ++c) {
    ops.x[static_cast<size_t>(c)] = -128;
    ops.w[static_cast<size_t>(c)] = -8;
  }
  return ops;
}

}  // namespace

CheckResult check_array_tile(ArrayVariant variant, uint32_t seed, int m_tokens, int k_groups,
                             const std::string& vcd_path) {
  const bool faulty = variant == ArrayVariant::FaultyShift;
  CheckResult result;
  result.name = faulty ? "array-faulty.tile" : "array.tile";
  result.detail = "seed=" + std::to_string(seed) + ", " + std::to_string(kArrayRows) + "x" +
                  std::to_string(kArrayCols) + " array (G=" + std::to_string(kArrayRows) +
                  "), M=" + std::to_string(m_tokens) + ", K=" +
                  std::to_string(k_groups * kArrayRows) +
                  ": every deskewed column output vs exact group partial sum P[m][n][g]; "
                  "cycles per tile vs 2R+C+M-1 and vs SystemC TileTimeline = " +
                  std::to_string(array_tile_cycles(kArrayRows, kArrayCols, m_tokens));
  const TileOperands ops = make_operands(seed, m_tokens, k_groups);
  if (faulty) {
    run_tiles<Vmixpe_array_faulty>(ops, vcd_path, result);
  } else {
    run_tiles<Vmixpe_array>(ops, vcd_path, result);
  }
  return result;
}

}  // namespace mixsim::rtl
