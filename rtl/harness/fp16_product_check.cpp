// Exhaustive INT4 x FP16 products through the verilated shift_add_mul_fp16.
#include <bit>
#include <cstdint>
#include <cstdio>
#include <string>

#include "Vshift_add_mul_fp16.h"
#include "models/fp16.hpp"
#include "models/shift_add.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

std::string hex(uint32_t bits, int digits) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%0*x", digits, bits);
  return text;
}

}  // namespace

CheckResult check_shift_add_fp16_products(const std::string& vcd_path) {
  CheckResult result;
  result.name = "mixpe-fp16.products_exhaustive";
  result.detail =
      "all 63488 finite FP16 activations x 16 INT4 weights: FP32 bits vs models "
      "shift_add_multiply_int4_fp16, value vs exact fp16_decode(a)*q";
  VerilatedSim<Vshift_add_mul_fp16> sim(vcd_path);
  for (uint32_t a = 0; a <= 0xffffu; ++a) {
    if (((a >> 10) & 0x1fu) == 0x1fu) continue;  // Inf/NaN: outside the PE's contract
    for (int q = -8; q <= 7; ++q) {
      sim.io().a_float = static_cast<uint16_t>(a);
      sim.io().w = static_cast<uint8_t>(to_bits(q, kWeightBits));
      sim.settle();
      const uint32_t rtl = sim.io().p_fp32;
      const float model = shift_add_multiply_int4_fp16(q, static_cast<uint16_t>(a));
      const uint32_t model_bits = std::bit_cast<uint32_t>(model);
      auto describe = [&](const char* what, uint32_t want) {
        return std::string("a=") + hex(a, 4) + " q=" + std::to_string(q) + ": rtl " +
               hex(rtl, 8) + ", " + what + " " + hex(want, 8);
      };
      result.compare_lazy(rtl == model_bits, [&] { return describe("models", model_bits); });
      // The exact product (a double holds it exactly) as FP32: equal value; for a zero the
      // sign comes from the adder order, so only the value is compared there.
      const double exact = fp16_decode(static_cast<uint16_t>(a)) * q;
      const float rtl_value = std::bit_cast<float>(rtl);
      result.compare_lazy(static_cast<double>(rtl_value) == exact, [&] {
        return describe("exact", std::bit_cast<uint32_t>(static_cast<float>(exact)));
      });
    }
  }
  sim.finish();
  return result;
}

}  // namespace mixsim::rtl
