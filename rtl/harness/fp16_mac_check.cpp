// fp16_mac_pe (the fp16-mac baseline) against models/pe/mac_pes.hpp Fp16MacPe::mac.
#include <bit>
#include <cstdint>
#include <string>

#include "Vfp16_mac_pe.h"
#include "models/fp16.hpp"
#include "models/pe/mac_pes.hpp"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

// A finite FP16 code: mostly values near 1 (where sums cancel and round), some subnormals,
// zeros of either sign and the largest finite magnitudes.
uint16_t fp16_operand(Stimulus& stimulus) {
  const int kind = stimulus.uniform(0, 15);
  const uint16_t sign = static_cast<uint16_t>(stimulus.uniform(0, 1) << 15);
  if (kind == 0) return sign;                                                  // +-0
  if (kind == 1) return sign | static_cast<uint16_t>(stimulus.uniform(1, 1023));  // subnormal
  if (kind == 2) return sign | static_cast<uint16_t>(0x7800 + stimulus.uniform(0, 1023));
  const int exponent = stimulus.uniform(10, 20);  // 2^-5 .. 2^5
  return sign | static_cast<uint16_t>(exponent << 10) |
         static_cast<uint16_t>(stimulus.uniform(0, 1023));
}

}  // namespace

CheckResult check_fp16_mac(uint32_t seed, int dot_products, const std::string& vcd_path) {
  CheckResult result;
  result.name = "fp16-mac.dot_products";
  result.detail = "seed=" + std::to_string(seed) + ", " + std::to_string(dot_products) +
                  " FP16 dot products of length 1..256 (subnormals, signed zeros, 65504-range "
                  "values), RTL FP32 bits after every step vs models Fp16MacPe::mac";
  Stimulus stimulus(seed);
  VerilatedSim<Vfp16_mac_pe> sim(vcd_path);
  sim.io().in_valid = 0;
  sim.reset();
  for (int d = 0; d < dot_products; ++d) {
    const int length = stimulus.uniform(1, 256);
    float expected = 0.0f;
    for (int k = 0; k < length; ++k) {
      const uint16_t a = fp16_operand(stimulus);
      const uint16_t w = fp16_operand(stimulus);
      expected = pe::Fp16MacPe::mac(expected, static_cast<float>(fp16_decode(a)),
                                    static_cast<float>(fp16_decode(w)));
      sim.io().in_valid = 1;
      sim.io().clear = k == 0 ? 1 : 0;
      sim.io().a = a;
      sim.io().w = w;
      sim.tick();
      const uint32_t rtl = sim.io().acc;
      const uint32_t model = std::bit_cast<uint32_t>(expected);
      result.compare_lazy(rtl == model, [&] {
        return "dot product " + std::to_string(d) + " step " + std::to_string(k) + ": rtl bits " +
               std::to_string(rtl) + ", model bits " + std::to_string(model);
      });
    }
    sim.io().in_valid = 0;
  }
  sim.finish();
  return result;
}

}  // namespace mixsim::rtl
