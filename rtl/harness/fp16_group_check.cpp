// The W4A16 MixPE path: the FP32 adder alone, and mixpe_fp16_pe's group parts against the
// models/ golden W4A16 GEMM.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "Vfp32_add.h"
#include "Vfp32_add_faulty.h"
#include "Vmixpe_fp16_pe.h"
#include "models/fp16.hpp"
#include "models/golden_gemms.hpp"
#include "models/matrix.hpp"
#include "models/recipe.hpp"
#include "models/shift_add.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

std::string hex32(uint32_t bits) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", bits);
  return text;
}

// A float the group accumulator can hold: zero, or +-(24-bit significand) * 2^e with the value
// a multiple of 2^-24 and below 2^20.
float accumulator_value(Stimulus& s) {
  if (s.uniform(0, 31) == 0) return s.uniform(0, 1) ? 0.0f : -0.0f;
  const uint32_t significand = (1u << 23) | (static_cast<uint32_t>(s.uniform(0, 0x7fff)) << 8) |
                               static_cast<uint32_t>(s.uniform(0, 255));
  const int exponent = s.uniform(-24, 19);  // value in [2^e, 2^(e+1))
  float v = std::ldexp(static_cast<float>(significand), exponent - 23);
  // Keep it on the 2^-24 grid (low exponents drop significand bits).
  v = std::ldexp(std::nearbyint(std::ldexp(v, 24)), -24);
  return s.uniform(0, 1) ? v : -v;
}


template <class Model>
CheckResult run_adder(const std::string& name, uint32_t seed, int pairs,
                      const std::string& vcd_path) {
  CheckResult result;
  result.name = name;
  result.detail = "seed=" + std::to_string(seed) + ", " + std::to_string(pairs) +
                  " pairs (random, near-cancelling, equal-and-opposite, zeros): RTL bits vs "
                  "the host's IEEE FP32 addition (round half to even)";
  Stimulus s(seed);
  VerilatedSim<Model> sim(vcd_path);
  for (int i = 0; i < pairs; ++i) {
    const float x = accumulator_value(s);
    float y = accumulator_value(s);
    switch (i % 4) {
      case 1: y = -x; break;                                    // exact cancellation
      case 2: y = -x + std::ldexp(static_cast<float>(s.uniform(-64, 64)), s.uniform(-24, -4));
              break;                                            // massive cancellation
      default: break;
    }
    sim.io().x = std::bit_cast<uint32_t>(x);
    sim.io().y = std::bit_cast<uint32_t>(y);
    sim.settle();
    const float want = x + y;
    const uint32_t rtl = sim.io().sum;
    result.compare_lazy(rtl == std::bit_cast<uint32_t>(want), [&] {
      return "x=" + hex32(std::bit_cast<uint32_t>(x)) + " y=" + hex32(std::bit_cast<uint32_t>(y)) +
             ": rtl " + hex32(rtl) + ", expected " + hex32(std::bit_cast<uint32_t>(want));
    });
  }
  sim.finish();
  return result;
}

}  // namespace

CheckResult check_fp32_adder(AdderVariant variant, uint32_t seed, int pairs,
                             const std::string& vcd_path) {
  if (variant == AdderVariant::FaultyTiesAway) {
    return run_adder<Vfp32_add_faulty>("fp32-adder-faulty.pairs", seed, pairs, vcd_path);
  }
  return run_adder<Vfp32_add>("mixpe-fp16.fp32_adder", seed, pairs, vcd_path);
}

CheckResult check_fp16_pe_against_golden(uint32_t seed, int m_tokens, int n_cols, int k_groups,
                                         const std::string& vcd_path) {
  CheckResult result;
  result.name = "mixpe-fp16.golden_w4a16";
  const int group = kMixpeFp16GroupSize;
  const int k = k_groups * group;
  result.detail = "seed=" + std::to_string(seed) + ", M=" + std::to_string(m_tokens) + ", N=" +
                  std::to_string(n_cols) + ", K=" + std::to_string(k) +
                  ", recipe w4a16-g32: RTL group parts vs FP32 part = fl32(part + "
                  "shift_add_multiply_int4_fp16), Y vs golden_gemm_w4a16 (bits)";
  // Outlier-heavy float operands (a few activation channels 30x larger, heavy-tailed weights).
  Stimulus s(seed);
  MatrixF32 x(m_tokens, k), w(n_cols, k);
  for (int r = 0; r < m_tokens; ++r) {
    for (int c = 0; c < k; ++c) {
      const float outlier = (c % 23 == 5) ? 30.0f : 1.0f;
      x(r, c) = static_cast<float>(s.uniform(-1000, 1000)) / 300.0f * outlier;
    }
  }
  for (int n = 0; n < n_cols; ++n) {
    for (int c = 0; c < k; ++c) {
      const float tail = s.uniform(0, 31) == 0 ? 6.0f : 1.0f;
      w(n, c) = static_cast<float>(s.uniform(-1000, 1000)) / 20000.0f * tail;
    }
  }
  const QuantizedOperands ops = quantize_operands(parse_recipe("w4a16-g32"), x, w);
  const MatrixF32& x16 = *ops.activations_fp16;
  const QuantizedMatrix& qw = *ops.weights;
  const MatrixF32 golden = golden_gemm_w4a16(x16, qw);

  VerilatedSim<Vmixpe_fp16_pe> sim(vcd_path);
  sim.io().in_valid = 0;
  sim.reset();
  for (int m = 0; m < m_tokens; ++m) {
    for (int n = 0; n < n_cols; ++n) {
      const std::string at = "m=" + std::to_string(m) + " n=" + std::to_string(n);
      float acc = 0.0f;
      for (int g = 0; g < k_groups; ++g) {
        float part = 0.0f;  // the model's order, on the model's products
        for (int i = 0; i < group; ++i) {
          const int col = g * group + i;
          const uint16_t a = fp16_encode_float(x16(m, col));
          const int q = qw.centered(n, col);
          part = part + shift_add_multiply_int4_fp16(q, a);
          sim.io().in_valid = 1;
          sim.io().a_float = a;
          sim.io().w = static_cast<uint8_t>(to_bits(q, kWeightBits));
          sim.tick();
        }
        sim.io().in_valid = 0;
        const uint32_t rtl = sim.io().group_part;
        result.compare_lazy(sim.io().group_valid && rtl == std::bit_cast<uint32_t>(part), [&] {
          return at + " g=" + std::to_string(g) + ": rtl part " + hex32(rtl) + ", model " +
                 hex32(std::bit_cast<uint32_t>(part));
        });
        // After the PE: one scale multiply per group, in the golden order.
        const float scaled = qw.scale(n, g) * std::bit_cast<float>(rtl);
        acc = acc + scaled;
      }
      result.compare_lazy(std::bit_cast<uint32_t>(acc) == std::bit_cast<uint32_t>(golden(m, n)),
                          [&] {
                            return at + ": Y from RTL " + std::to_string(acc) + ", golden " +
                                   std::to_string(golden(m, n));
                          });
    }
  }
  sim.finish();
  return result;
}

}  // namespace mixsim::rtl
