// group_dequant_unit: integer-scale dequantization of group partial sums.
#include <cstdint>
#include <string>

#include "Vgroup_dequant_unit.h"
#include "rtl/harness/rtl_checks.hpp"
#include "rtl/harness/rtl_params.hpp"
#include "rtl/harness/stimulus.hpp"
#include "rtl/harness/verilated_sim.hpp"

namespace mixsim::rtl {
namespace {

// A group partial sum as mixpe_pe produces it: the extremes of its range, or random.
int64_t random_psum(Stimulus& stimulus) {
  switch (stimulus.uniform(0, 7)) {
    case 0: return 131072;   // 128 x (-128) x (-8): the largest group sum
    case 1: return -130048;  // 128 x 127 x (-8): the smallest
    default: return stimulus.uniform(-131072, 131072);
  }
}

uint32_t random_scale(Stimulus& stimulus) {
  switch (stimulus.uniform(0, 7)) {
    case 0: return 0xffffffffu;  // the widest unsigned scale the port takes
    case 1: return 1u;
    default:
      return static_cast<uint32_t>(stimulus.uniform(0, 0x7fff)) << stimulus.uniform(0, 16);
  }
}

}  // namespace

CheckResult check_group_dequant_unit(uint32_t seed, int outputs, const std::string& vcd_path) {
  CheckResult result;
  result.name = "group-dequant.outputs";
  result.detail = "seed=" + std::to_string(seed) + ", " + std::to_string(outputs) +
                  " outputs of 1..64 groups, y_int vs exact int64 sum s_int*P, y_shifted vs "
                  "floor(y_int / 2^alpha)";
  Stimulus stimulus(seed);
  VerilatedSim<Vgroup_dequant_unit> sim(vcd_path);
  sim.io().psum_valid = 0;
  sim.reset();
  for (int o = 0; o < outputs; ++o) {
    const int groups = stimulus.uniform(1, 64);
    const int alpha = stimulus.uniform(0, 40);
    int64_t expected = 0;
    for (int g = 0; g < groups; ++g) {
      const int64_t psum = random_psum(stimulus);
      const uint32_t scale = random_scale(stimulus);
      expected += psum * static_cast<int64_t>(scale);
      sim.io().psum_valid = 1;
      sim.io().last = g + 1 == groups ? 1 : 0;
      sim.io().psum = static_cast<uint32_t>(to_bits(psum, kDequantUnitPsumBits));
      sim.io().s_int = scale;
      sim.io().shift = static_cast<uint8_t>(alpha);
      sim.tick();
      if (g + 1 < groups) {
        result.compare(!sim.io().out_valid, "output " + std::to_string(o) +
                                                ": out_valid before the last group");
      }
    }
    sim.io().psum_valid = 0;
    result.compare(sim.io().out_valid, "output " + std::to_string(o) + ": no out_valid");
    const int64_t y_int = sign_extend(sim.io().y_int, kDequantUnitOutBits);
    const int64_t y_shifted = sign_extend(sim.io().y_shifted, kDequantUnitOutBits);
    const int64_t expected_shifted = expected >> alpha;  // arithmetic: floor division
    result.compare(y_int == expected, "output " + std::to_string(o) + ": y_int rtl " +
                                          std::to_string(y_int) + ", expected " +
                                          std::to_string(expected));
    result.compare(y_shifted == expected_shifted,
                   "output " + std::to_string(o) + ": y_shifted rtl " +
                       std::to_string(y_shifted) + ", expected " +
                       std::to_string(expected_shifted) + " (alpha " + std::to_string(alpha) +
                       ")");
  }
  sim.finish();
  return result;
}

}  // namespace mixsim::rtl
