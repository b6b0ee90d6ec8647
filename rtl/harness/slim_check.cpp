// slim-mixed on the MixPE RTL: mixpe_pe (W_WIDTH 4, G 128, the shipped Vmixpe_pe) fed with
// SliM-style mixed-width groups quantized by models/ (slim-w3a8-g128).
#include <cstring>
#include <random>
#include <string>

#include "Vmixpe_pe.h"
#include "models/golden_gemms.hpp"
#include "models/pe/group_dequant.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/slim_checks.hpp"
#include "rtl/harness/group_sum_check.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {

CheckResult check_slim_golden(uint32_t seed, int m, int n, int k_groups) {
  CheckResult r;
  r.name = "slim-mixed.golden";
  const int g = kMixpeGroupSize;
  const int64_t k = int64_t{k_groups} * g;
  r.detail = "X " + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) + "x" +
             std::to_string(k) + " (Student-t, seed " + std::to_string(seed) +
             ") quantized with slim-w3a8-g128 (2/3/4-bit groups) through mixpe_pe: P vs "
             "group_partial_sum, Y vs golden_gemm bit for bit, every width present";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& v : x.storage()) v = static_cast<float>(t(gen));
  for (auto& v : w.storage()) v = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(parse_recipe("slim-w3a8-g128"), x, w);
  const QuantizedActivations& a = *ops.activations;
  const QuantizedMatrix& q = *ops.weights;
  int widths[5] = {0, 0, 0, 0, 0};
  for (int8_t b : *ops.group_bits) ++widths[b];
  r.compare(widths[2] > 0 && widths[3] > 0 && widths[4] > 0, "not every width 2/3/4 occurs");
  VerilatedSim<Vmixpe_pe> sim;
  sim.io().in_valid = 0;
  sim.reset();
  std::vector<int64_t> got;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni)
      for (int64_t kk = 0; kk < k; ++kk) {
        sim.io().in_valid = 1;
        sim.io().a = static_cast<uint8_t>(to_bits(a.code(mi, kk), kActivationBits));
        sim.io().w = static_cast<uint8_t>(to_bits(q.code(ni, kk), kWeightBits));
        sim.tick();
        if (sim.io().group_valid) got.push_back(sign_extend(sim.io().group_sum, kMixpeAccBits));
      }
  sim.io().in_valid = 0;
  sim.tick();
  if (sim.io().group_valid) got.push_back(sign_extend(sim.io().group_sum, kMixpeAccBits));
  const size_t expected_count = static_cast<size_t>(m) * n * k_groups;
  r.compare(got.size() == expected_count, "RTL emitted " + std::to_string(got.size()) + " group sums");
  if (got.size() != expected_count) return r;
  compare_group_sums(r, got, ops, m, n, k_groups);
  compare_y_from_group_sums(r, got, ops, m, n, k_groups);
  return r;
}

}  // namespace mixsim::rtl
