// The baseline PEs: dequant_mac_pe (dequantize each weight, then multiply) and int8_mac_pe.
#include <cstdint>
#include <string>

#include "Vdequant_mac_pe.h"
#include "Vint8_mac_pe.h"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {

CheckResult check_dequant_mac(uint32_t seed, int dot_products, const std::string& vcd_path) {
  CheckResult result;
  result.name = "dequant-mac.dot_products";
  result.detail = "seed=" + std::to_string(seed) + ", " + std::to_string(dot_products) +
                  " dot products of 1..4 groups (G in {32,64,128}), RTL vs exact int64 "
                  "sum_g s_int*sum_k a*(q-z)";
  Stimulus stimulus(seed);
  VerilatedSim<Vdequant_mac_pe> sim(vcd_path);
  sim.io().in_valid = 0;
  sim.reset();
  const int scale_max = (1 << kDequantMacScaleBits) - 1;
  for (int d = 0; d < dot_products; ++d) {
    const int groups = stimulus.uniform(1, 4);
    const int group_size = 32 << stimulus.uniform(0, 2);
    int64_t expected = 0;
    bool first = true;
    for (int g = 0; g < groups; ++g) {
      const int zero = stimulus.uniform(0, 7) == 0 ? 15 : stimulus.uniform(0, 15);
      const int scale = stimulus.uniform(0, 3) == 0 ? scale_max : stimulus.uniform(1, scale_max);
      int64_t partial = 0;
      for (int k = 0; k < group_size; ++k) {
        const int a = stimulus.activation();
        const int q = stimulus.weight4() + 8;  // unsigned code 0..15
        partial += static_cast<int64_t>(a) * (q - zero);
        sim.io().in_valid = 1;
        sim.io().clear = first ? 1 : 0;
        sim.io().a = static_cast<uint8_t>(to_bits(a, kActivationBits));
        sim.io().q = static_cast<uint8_t>(q);
        sim.io().z = static_cast<uint8_t>(zero);
        sim.io().s_int = static_cast<uint8_t>(scale);
        sim.tick();
        first = false;
      }
      expected += partial * scale;
    }
    sim.io().in_valid = 0;
    const int64_t rtl = sign_extend(sim.io().acc, kMacAccBits);
    result.compare(rtl == expected, "dot product " + std::to_string(d) + ": rtl " +
                                        std::to_string(rtl) + ", expected " +
                                        std::to_string(expected));
  }
  sim.finish();
  return result;
}

CheckResult check_int8_mac(uint32_t seed, int dot_products, const std::string& vcd_path) {
  CheckResult result;
  result.name = "int8-mac.dot_products";
  result.detail = "seed=" + std::to_string(seed) + ", " + std::to_string(dot_products) +
                  " INT8 dot products of length 1..512, RTL vs exact int64";
  Stimulus stimulus(seed);
  VerilatedSim<Vint8_mac_pe> sim(vcd_path);
  sim.io().in_valid = 0;
  sim.reset();
  for (int d = 0; d < dot_products; ++d) {
    const int length = stimulus.uniform(0, 3) == 0 ? 512 : stimulus.uniform(1, 512);
    const bool full_scale = d % 8 == 0;  // every 8th: all (-128) x (-128), the largest sum
    int64_t expected = 0;
    for (int k = 0; k < length; ++k) {
      const int a = full_scale ? -128 : stimulus.activation();
      const int b = full_scale ? -128 : stimulus.int8();
      expected += static_cast<int64_t>(a) * b;
      sim.io().in_valid = 1;
      sim.io().clear = k == 0 ? 1 : 0;
      sim.io().a = static_cast<uint8_t>(to_bits(a, kActivationBits));
      sim.io().b = static_cast<uint8_t>(to_bits(b, 8));
      sim.tick();
    }
    sim.io().in_valid = 0;
    const int64_t rtl = sign_extend(sim.io().acc, kMacAccBits);
    result.compare(rtl == expected, "dot product " + std::to_string(d) + " (length " +
                                        std::to_string(length) + "): rtl " +
                                        std::to_string(rtl) + ", expected " +
                                        std::to_string(expected));
  }
  sim.finish();
  return result;
}

}  // namespace mixsim::rtl
