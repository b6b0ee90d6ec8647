#pragma once
// Verilator checks of the int4-mac PE (rtl/int8_mac_pe.v with A_WIDTH = B_WIDTH = 4, 15-bit
// accumulator for groups of 128) and the fp8-mac PE (rtl/fp8_mac_pe.v, E4M3 and E5M2) against
// models/. Without Verilator every check throws std::runtime_error.
#include <cstdint>

#include "models/fp8_quantizer.hpp"
#include "rtl/harness/check_result.hpp"

namespace mixsim::rtl {

inline constexpr int kInt4MacGroup = 128;  // the group the harness clears the accumulator for
inline constexpr int kInt4MacAccBits = 15; // |a w| <= 8 * 15 = 120 (asym), 120 * 128 < 2^14

// Correct (symmetric: B_WIDTH 4; Asym: B_WIDTH 5 for centred codes q - z in [-15, 15]) or
// Narrow (ACC_WIDTH 14, symmetric): the all (-8 x -8) group sums to 8192 = 2^13 and wraps.
enum class Int4MacVariant { Correct, Asym, Narrow };
// Every (a, w) pair (16 x 16, or 16 x 31 for Asym), each a one-product sum; vs exact a*w.
CheckResult check_int4_mac_products(Int4MacVariant v);
// `groups` random groups of 128 (boundary codes frequent) plus the full-scale groups; the sum
// at each group's end vs the exact int64 sum.
CheckResult check_int4_mac_groups(Int4MacVariant v, uint32_t seed, int groups);
// X, W quantized with w4a4-g128 (or -asym): every RTL group sum vs group_partial_sum, and Y
// (the w4a8 float-scale order in C++ after the RTL) vs golden_gemm, bit for bit.
CheckResult check_int4_mac_golden(bool symmetric, uint32_t seed, int m, int n, int k_groups);

enum class Fp8MacVariant { Correct, FaultySubnormal };  // faulty: E4M3 only
// Every pair of non-NaN codes (E4M3 254 x 254, E5M2 248 x 248): FP32 bits of +0 + a*w vs the
// model (models/fp8_quantizer.hpp decode, exact FP32 product).
CheckResult check_fp8_mac_products(Fp8Format f, Fp8MacVariant v);
// `dots` random dot products of length 256: the accumulator bits after every step vs
// acc = fl32(acc + a*w).
CheckResult check_fp8_mac_dots(Fp8Format f, uint32_t seed, int dots);
// X, W quantized with fp8-e4m3 / fp8-e5m2: per output the RTL sum, then Y = fl32(fl32(acc*sx)*sw)
// in C++ vs golden_gemm, bit for bit.
CheckResult check_fp8_mac_golden(Fp8Format f, uint32_t seed, int m, int n, int k);

}  // namespace mixsim::rtl
