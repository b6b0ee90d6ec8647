// The RTL chain array -> group_dequant_unit against the models/ golden W4A8 integer-scale GEMM.
// Float operands are quantized by models/ (recipe w4a8-g32-intscale: symmetric INT4 weights,
// G = 32 = array rows, per-token INT8 activations, one alpha per matrix); the verilated array
// computes every group partial sum P[m][n][g], the verilated group_dequant_unit folds them with
// the integer scales, and the one float step after the RTL (fl32(fl32(acc) * fl32(s_a*2^-alpha)),
// models/pe/group_dequant.hpp's finish) must reproduce golden_gemm_integer_scale bit for bit.
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "Vgroup_dequant_unit.h"
#include "Vmixpe_array.h"
#include "models/golden_gemms.hpp"
#include "models/matrix.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/array_driver.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

// Outlier-heavy float operands: a few activation channels 20x larger (LLM outlier channels)
// and heavy-tailed weights.
void make_float_operands(uint32_t seed, int m, int k, MatrixF32& x, MatrixF32& w) {
  Stimulus stimulus(seed);
  x = MatrixF32(m, k);
  w = MatrixF32(kArrayCols, k);
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < k; ++c) {
      const float outlier = (c % 29 == 3) ? 20.0f : 1.0f;
      x(r, c) = static_cast<float>(stimulus.uniform(-1000, 1000)) / 1000.0f * outlier;
    }
  }
  for (int n = 0; n < kArrayCols; ++n) {
    for (int c = 0; c < k; ++c) {
      const float tail = stimulus.uniform(0, 31) == 0 ? 6.0f : 1.0f;
      w(n, c) = static_cast<float>(stimulus.uniform(-1000, 1000)) / 20000.0f * tail;
    }
  }
}

}  // namespace

CheckResult check_array_against_golden(uint32_t seed, int m_tokens, int k_groups,
                                       const std::string& vcd_path) {
  CheckResult result;
  result.name = "array.golden_w4a8_intscale";
  const int k = k_groups * kArrayRows;
  result.detail = "seed=" + std::to_string(seed) + ", M=" + std::to_string(m_tokens) +
                  ", N=" + std::to_string(kArrayCols) + ", K=" + std::to_string(k) +
                  ", recipe w4a8-g32-intscale: RTL P vs models group_partial_sum, RTL "
                  "group_dequant_unit vs sum s_int*P, Y vs golden_gemm_integer_scale (bits)";
  MatrixF32 x, w;
  make_float_operands(seed, m_tokens, k, x, w);
  const QuantizedOperands ops = quantize_operands(parse_recipe("w4a8-g32-intscale"), x, w);
  const QuantizedMatrix& qw = *ops.weights;
  const QuantizedActivations& qa = *ops.activations;
  const IntegerScales& scales = *ops.integer_scales;

  TileOperands tile;
  tile.m = m_tokens;
  tile.k = k;
  for (int8_t code : qa.codes) tile.x.push_back(code);
  for (int8_t code : qw.codes) tile.w.push_back(code);
  // The array run also checks every P against exact arithmetic and the cycles per tile.
  const std::vector<int64_t> p = run_tiles<Vmixpe_array>(tile, vcd_path, result);

  const MatrixF32 golden = golden_gemm_integer_scale(qa, qw, scales);
  VerilatedSim<Vgroup_dequant_unit> dequant;
  dequant.io().psum_valid = 0;
  dequant.reset();
  for (int m = 0; m < m_tokens; ++m) {
    for (int n = 0; n < kArrayCols; ++n) {
      const std::string at = "m=" + std::to_string(m) + " n=" + std::to_string(n);
      int64_t expected_acc = 0;
      for (int g = 0; g < k_groups; ++g) {
        const int64_t rtl_p = p[static_cast<size_t>((m * kArrayCols + n) * k_groups + g)];
        const int64_t model_p = group_partial_sum(qa, m, qw, n, g);
        result.compare(rtl_p == model_p, at + " g=" + std::to_string(g) + ": RTL P " +
                                             std::to_string(rtl_p) + ", models P " +
                                             std::to_string(model_p));
        const int32_t s_int = scales.scales[static_cast<size_t>(n * k_groups + g)];
        expected_acc += int64_t{s_int} * model_p;
        dequant.io().psum_valid = 1;
        dequant.io().last = g + 1 == k_groups ? 1 : 0;
        dequant.io().psum = static_cast<uint32_t>(to_bits(rtl_p, kDequantUnitPsumBits));
        dequant.io().s_int = static_cast<uint32_t>(s_int);
        dequant.io().shift = static_cast<uint8_t>(scales.alpha);
        dequant.tick();
      }
      dequant.io().psum_valid = 0;
      const int64_t acc = sign_extend(dequant.io().y_int, kDequantUnitOutBits);
      result.compare(dequant.io().out_valid && acc == expected_acc,
                     at + ": RTL sum s_int*P " + std::to_string(acc) + ", expected " +
                         std::to_string(expected_acc));
      // The float step after the RTL, in the golden order.
      const float out_scale = std::ldexp(qa.scales[static_cast<size_t>(m)], -scales.alpha);
      const float y = static_cast<float>(acc) * out_scale;
      const float want = golden(m, n);
      result.compare(std::bit_cast<uint32_t>(y) == std::bit_cast<uint32_t>(want),
                     at + ": Y from RTL " + std::to_string(y) + ", golden " +
                         std::to_string(want));
    }
  }
  dequant.finish();
  return result;
}

}  // namespace mixsim::rtl
