// The BF16 and FP8-E4M3 activation points of the MixPE (w4abf16-g128, w4afp8-g128):
// shift_add_mul_fp16 / mixpe_fp16_pe verilated with EXP_WIDTH / MAN_WIDTH of the format.
#include <bit>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "Vmixpe_fp16_pe_bf16.h"
#include "Vmixpe_fp16_pe_fp8.h"
#include "Vshift_add_mul_fp16_bf16.h"
#include "Vshift_add_mul_fp16_bf16_faulty.h"
#include "Vshift_add_mul_fp16_fp8.h"
#include "models/float_activation.hpp"
#include "models/pe/shift_add_float.hpp"
#include "models/recipe.hpp"
#include "rtl/harness/mixpe_point_checks.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

constexpr int kWBits = 4;  // the verilated float points are W_WIDTH 4 (signed INT4 codes)
constexpr int kGroup = 128;

std::string hex32(uint32_t bits) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", bits);
  return text;
}

bool finite_code(FloatActivation f, uint32_t code) {
  const MinifloatFormat& fmt = float_activation_format(f);
  const uint32_t exp_all_ones = (1u << fmt.exponent_bits) - 1u;
  if (fmt.has_infinity()) return ((code >> fmt.mantissa_bits) & exp_all_ones) != exp_all_ones;
  return (code & (fmt.sign_mask() - 1u)) != fmt.nan_code();
}

template <class Model>
CheckResult products(FloatActivation f, const std::string& name) {
  CheckResult r;
  r.name = name;
  const int bits = float_activation_format(f).total_bits();
  uint64_t finite = 0;
  VerilatedSim<Model> sim;
  for (uint32_t a = 0; a < (1u << bits); ++a) {
    if (!finite_code(f, a)) continue;
    ++finite;
    for (int q = -(1 << (kWBits - 1)); q < (1 << (kWBits - 1)); ++q) {
      sim.io().a_float = a;
      sim.io().w = static_cast<uint8_t>(to_bits(q, kWBits));
      sim.settle();
      const uint32_t rtl = sim.io().p_fp32;
      const uint32_t model = pe::shift_add_multiply_float(f, a, q, kWBits);
      r.compare_lazy(rtl == model, [&] {
        return "a=" + hex32(a) + " q=" + std::to_string(q) + ": rtl " + hex32(rtl) + ", model " + hex32(model);
      });
      // The exact product (a double holds it) rounded once to FP32: equal value (zeros: value only).
      const float exact = static_cast<float>(float_activation_decode(f, a) * q);
      r.compare_lazy(std::bit_cast<float>(rtl) == exact, [&] {
        return "a=" + hex32(a) + " q=" + std::to_string(q) + ": rtl " + hex32(rtl) + ", fl32(a*q) " +
               hex32(std::bit_cast<uint32_t>(exact));
      });
    }
  }
  sim.finish();
  r.detail = "all " + std::to_string(finite) + " finite " + float_activation_name(f) +
             " codes x 16 INT4 codes: FP32 bits vs shift_add_multiply_float, value vs fl32(a*q)";
  return r;
}

// (activation code, weight) pairs fed in groups of kGroup; each group's FP32 part.
template <class Model>
std::vector<uint32_t> rtl_parts(const std::vector<std::pair<uint32_t, int>>& pairs, uint32_t seed) {
  std::mt19937 idle(seed);
  VerilatedSim<Model> sim;
  sim.io().in_valid = 0;
  sim.reset();
  std::vector<uint32_t> out;
  for (const auto& [a, q] : pairs) {
    if (idle() % 16 == 0) {  // an idle cycle must not advance the group
      sim.io().in_valid = 0;
      sim.tick();
      if (sim.io().group_valid) out.push_back(sim.io().group_part);
    }
    sim.io().in_valid = 1;
    sim.io().a_float = a;
    sim.io().w = static_cast<uint8_t>(to_bits(q, kWBits));
    sim.tick();
    if (sim.io().group_valid) out.push_back(sim.io().group_part);
  }
  sim.io().in_valid = 0;
  sim.tick();
  if (sim.io().group_valid) out.push_back(sim.io().group_part);
  sim.finish();
  return out;
}

std::vector<uint32_t> rtl_parts(FloatActivation f, const std::vector<std::pair<uint32_t, int>>& pairs,
                                uint32_t seed) {
  return f == FloatActivation::BF16 ? rtl_parts<Vmixpe_fp16_pe_bf16>(pairs, seed)
                                    : rtl_parts<Vmixpe_fp16_pe_fp8>(pairs, seed);
}

// The golden order: part = +0; part = fl32(part + a*q) per input; emitted every kGroup inputs.
std::vector<uint32_t> model_parts(FloatActivation f, const std::vector<std::pair<uint32_t, int>>& pairs) {
  std::vector<uint32_t> out;
  float part = 0.0f;
  for (size_t i = 0; i < pairs.size(); ++i) {
    part = part + std::bit_cast<float>(pe::shift_add_multiply_float(f, pairs[i].first, pairs[i].second, kWBits));
    if ((i + 1) % kGroup == 0) {
      out.push_back(std::bit_cast<uint32_t>(part));
      part = 0.0f;
    }
  }
  return out;
}

void compare_parts(CheckResult& r, const std::vector<uint32_t>& got, const std::vector<uint32_t>& want) {
  r.compare(got.size() == want.size(), "RTL emitted " + std::to_string(got.size()) + " parts, model " +
                                           std::to_string(want.size()));
  for (size_t i = 0; i < got.size() && i < want.size(); ++i)
    r.compare_lazy(got[i] == want[i], [&] {
      return "group " + std::to_string(i) + ": rtl " + hex32(got[i]) + ", model " + hex32(want[i]);
    });
}

// A random in-contract activation code: BF16 with |x| in [2^-64, 2^64) around a per-group
// exponent (so that groups round and cancel), E4M3 any finite code.
uint32_t random_code(FloatActivation f, std::mt19937& gen, int center_exp) {
  if (f == FloatActivation::FP8E4M3) {
    uint32_t c;
    do c = gen() & 0xffu; while (!finite_code(f, c));
    return c;
  }
  if (gen() % 8 == 0) return (gen() & 1u) << 15;  // +-0
  const int e = std::clamp(center_exp + static_cast<int>(gen() % 25) - 12, -64, 63);
  const uint32_t sign = gen() & 1u, mantissa = gen() & 0x7fu;
  return (sign << 15) | (static_cast<uint32_t>(e + 127) << 7) | mantissa;
}

}  // namespace

pe::MixPeParams verilated_mixpe_float_point(FloatActivation f) {
  if (f == FloatActivation::FP16)
    throw std::invalid_argument("verilated_mixpe_float_point: the FP16 point is verilated_mixpe_fp16_point()");
  return pe::resolve_mixpe_params({kWBits, float_activation_name(f), kGroup, 0, true});
}

CheckResult check_float_activation_products(FloatActivation f, FloatVariant variant) {
  const std::string base = "shift-add-mul-" + std::string(float_activation_name(f));
  if (variant == FloatVariant::FaultySubnormal) {
    if (f != FloatActivation::BF16)
      throw std::invalid_argument("check_float_activation_products: the broken copy exists for bf16 only");
    return products<Vshift_add_mul_fp16_bf16_faulty>(f, base + "-faulty.products_exhaustive");
  }
  switch (f) {
    case FloatActivation::BF16: return products<Vshift_add_mul_fp16_bf16>(f, base + ".products_exhaustive");
    case FloatActivation::FP8E4M3: return products<Vshift_add_mul_fp16_fp8>(f, base + ".products_exhaustive");
    case FloatActivation::FP16: break;
  }
  throw std::invalid_argument("check_float_activation_products: FP16 products are check_shift_add_fp16_products");
}

CheckResult check_mixpe_float_point_groups(FloatActivation f, uint32_t seed, int groups) {
  const pe::MixPeParams p = verilated_mixpe_float_point(f);
  CheckResult r;
  r.name = pe::mixpe_label(p) + ".random_groups";
  r.detail = std::to_string(groups) + " random groups of " + std::to_string(kGroup) +
             " in-contract (activation, INT4) pairs with idle cycles (seed " + std::to_string(seed) +
             "): RTL group parts vs part = fl32(part + shift_add_multiply_float(a, q)) from +0";
  std::mt19937 gen(seed);
  std::vector<std::pair<uint32_t, int>> pairs;
  pairs.reserve(static_cast<size_t>(groups) * kGroup);
  for (int g = 0; g < groups; ++g) {
    const int center = static_cast<int>(gen() % 117) - 58;
    for (int i = 0; i < kGroup; ++i)
      pairs.emplace_back(random_code(f, gen, center), static_cast<int>(gen() % 16) - 8);
  }
  compare_parts(r, rtl_parts(f, pairs, seed), model_parts(f, pairs));
  return r;
}

CheckResult check_mixpe_float_point_golden(FloatActivation f, uint32_t seed, int m, int n, int k_groups) {
  const pe::MixPeParams p = verilated_mixpe_float_point(f);
  const Recipe recipe = parse_recipe(pe::mixpe_recipe_name(p));
  CheckResult r;
  r.name = pe::mixpe_label(p) + ".golden";
  const int64_t k = int64_t{k_groups} * kGroup;
  r.detail = "X " + std::to_string(m) + "x" + std::to_string(k) + ", W " + std::to_string(n) + "x" +
             std::to_string(k) + " (Student-t, seed " + std::to_string(seed) + ") quantized with " +
             recipe.name + ": group parts vs the model order, Y vs golden_gemm bit for bit";
  std::mt19937 gen(seed);
  std::student_t_distribution<double> t(3.0);
  MatrixF32 x(m, k), w(n, k);
  for (auto& v : x.storage()) v = static_cast<float>(t(gen));
  for (auto& v : w.storage()) v = static_cast<float>(0.02 * t(gen));
  const QuantizedOperands ops = quantize_operands(recipe, x, w);
  const MatrixF32& xv = *ops.activations_fp16;
  const QuantizedMatrix& q = *ops.weights;
  std::vector<std::pair<uint32_t, int>> pairs;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni)
      for (int64_t kk = 0; kk < k; ++kk)
        pairs.emplace_back(float_activation_encode(f, xv(mi, kk)), q.centered(ni, kk));
  const std::vector<uint32_t> got = rtl_parts(f, pairs, seed);
  compare_parts(r, got, model_parts(f, pairs));
  if (got.size() != static_cast<size_t>(m) * n * k_groups) return r;
  // The column unit's order after the PE (models/pe/group_dequant.hpp), in C++.
  const MatrixF32 golden = golden_gemm(ops);
  size_t i = 0;
  for (int mi = 0; mi < m; ++mi)
    for (int ni = 0; ni < n; ++ni) {
      float acc = 0.0f;
      for (int g = 0; g < k_groups; ++g, ++i) acc = acc + q.scale(ni, g) * std::bit_cast<float>(got[i]);
      if (ops.activations_fp8) acc = acc * ops.activations_fp8->scales[static_cast<size_t>(mi)];
      r.compare_lazy(std::bit_cast<uint32_t>(acc) == std::bit_cast<uint32_t>(golden(mi, ni)), [&] {
        return "Y[" + std::to_string(mi) + "][" + std::to_string(ni) + "]: rtl " + std::to_string(acc) +
               ", golden " + std::to_string(golden(mi, ni));
      });
    }
  return r;
}

}  // namespace mixsim::rtl
