// The FP16-activation parameter point w3a16-g32 of the MixPE: mixpe_fp16_pe with W_WIDTH 3.
#include <bit>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "Vmixpe_fp16_pe_w3_g32.h"
#include "models/fp16.hpp"
#include "models/pe/shift_add_pe.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/mixpe_point_checks.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

constexpr int kGroup = 32;
constexpr int kWBits = 3;

std::string hex32(uint32_t bits) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", bits);
  return text;
}

// Feeds (FP16 code, weight) pairs in groups of 32; returns each group's FP32 part bits.
std::vector<uint32_t> rtl_parts(const std::vector<std::pair<uint16_t, int>>& pairs) {
  VerilatedSim<Vmixpe_fp16_pe_w3_g32> sim;
  sim.io().in_valid = 0;
  sim.reset();
  std::vector<uint32_t> out;
  for (const auto& [a, q] : pairs) {
    sim.io().in_valid = 1;
    sim.io().a_float = a;
    sim.io().w = static_cast<uint8_t>(to_bits(q, kWBits));
    sim.tick();
    if (sim.io().group_valid) out.push_back(sim.io().group_part);
  }
  sim.io().in_valid = 0;
  sim.tick();
  if (sim.io().group_valid) out.push_back(sim.io().group_part);
  return out;
}

std::vector<uint32_t> model_parts(const std::vector<std::pair<uint16_t, int>>& pairs) {
  std::vector<uint32_t> out;
  float part = 0.0f;
  for (size_t i = 0; i < pairs.size(); ++i) {
    part = part + pe::ShiftAddPe::multiply(static_cast<float>(fp16_decode(pairs[i].first)), pairs[i].second);
    if ((i + 1) % kGroup == 0) {
      out.push_back(std::bit_cast<uint32_t>(part));
      part = 0.0f;
    }
  }
  return out;
}

}  // namespace

pe::MixPeParams verilated_mixpe_fp16_point() { return pe::resolve_mixpe_params({3, "fp16", 32, 0, true}); }

CheckResult check_mixpe_fp16_point_pairs() {
  CheckResult r;
  r.name = pe::mixpe_label(verilated_mixpe_fp16_point()) + ".pairs_exhaustive";
  std::vector<std::pair<uint16_t, int>> pairs;
  for (int q = -4; q <= 3; ++q)
    for (uint32_t a = 0; a < 65536; ++a)
      if (((a >> 10) & 0x1F) != 0x1F) pairs.emplace_back(static_cast<uint16_t>(a), q);  // finite
  r.detail = "all " + std::to_string(pairs.size()) + " (finite FP16, 3-bit code) pairs in groups of 32: "
             "RTL group parts vs part = fl32(part + ShiftAddPe::multiply(a, q))";
  const std::vector<uint32_t> got = rtl_parts(pairs), want = model_parts(pairs);
  r.compare(got.size() == want.size(), "RTL emitted " + std::to_string(got.size()) + " parts");
  for (size_t i = 0; i < got.size() && i < want.size(); ++i)
    r.compare_lazy(got[i] == want[i], [&] {
      return "group " + std::to_string(i) + ": rtl " + hex32(got[i]) + ", model " + hex32(want[i]);
    });
  return r;
}

CheckResult check_mixpe_fp16_point_golden(uint32_t seed, int m, int n, int k_groups) {
  const pe::MixPeParams p = verilated_mixpe_fp16_point();
  CheckResult r;
  r.name = pe::mixpe_label(p) + ".golden";
  const int64_t k = int64_t{k_groups} * kGroup;
  r.detail = "X " + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) + "x" +
             std::to_string(k) + " (Student-t, seed " + std::to_string(seed) +
             ") quantized with w3a16-g32: group parts vs the model order, Y vs golden_gemm bit for bit";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& v : x.storage()) v = static_cast<float>(t(gen));
  for (auto& v : w.storage()) v = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(parse_recipe(pe::mixpe_recipe_name(p)), x, w);
  const MatrixF32& x16 = *ops.activations_fp16;
  const QuantizedMatrix& q = *ops.weights;
  std::vector<std::pair<uint16_t, int>> pairs;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni)
      for (int64_t kk = 0; kk < k; ++kk) pairs.emplace_back(fp16_encode_float(x16(mi, kk)), q.centered(ni, kk));
  const std::vector<uint32_t> got = rtl_parts(pairs), want = model_parts(pairs);
  r.compare(got.size() == want.size(), "RTL emitted " + std::to_string(got.size()) + " parts");
  if (got.size() != want.size()) return r;
  for (size_t i = 0; i < got.size(); ++i)
    r.compare_lazy(got[i] == want[i], [&] {
      return "part " + std::to_string(i) + ": rtl " + hex32(got[i]) + ", model " + hex32(want[i]);
    });
  const MatrixF32 golden = golden_gemm(ops);
  size_t i = 0;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni) {
      float acc = 0.0f;
      for (int g = 0; g < k_groups; ++g, ++i) acc = acc + q.scale(ni, g) * std::bit_cast<float>(got[i]);
      r.compare_lazy(std::bit_cast<uint32_t>(acc) == std::bit_cast<uint32_t>(golden(mi, ni)), [&] {
        return "Y[" + std::to_string(mi) + "][" + std::to_string(ni) + "]: rtl " + std::to_string(acc) +
               ", golden " + std::to_string(golden(mi, ni));
      });
    }
  return r;
}

}  // namespace mixsim::rtl
