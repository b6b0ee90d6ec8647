#pragma once
// Verilator checks of lut_gemm_pe (rtl/lut_gemm_pe.v, GROUP_SIZE 128, ACC_WIDTH 18), the
// lut-gemm PE type, against models/pe/lut_gemm_pe.hpp. Without Verilator they throw.
#include <cstdint>

#include "rtl/harness/check_result.hpp"

namespace mixsim::rtl {

enum class LutVariant { Correct, FaultyPlaneWeight };  // faulty: plane 1 weighted 1 instead of 2

// Every (lane, activation, odd code) alone in a group (4 x 256 x 8): the group sum vs a*c and
// vs pe::lut_group_sum.
CheckResult check_lut_single_weights(LutVariant v);
// `groups` random groups of 128 weights (outlier-heavy activations, random odd codes) plus the
// full-scale groups; sums vs pe::lut_group_sum.
CheckResult check_lut_groups(LutVariant v, uint32_t seed, int groups);
// X, W quantized with lut-w3a8-g128: P vs group_partial_sum, Y vs golden_gemm bit for bit.
CheckResult check_lut_golden(uint32_t seed, int m, int n, int k_groups);

}  // namespace mixsim::rtl
