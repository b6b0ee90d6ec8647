#pragma once
// Verilator checks of fp4_block_pe (rtl/fp4_block_pe.v), the datapath of the mx-fp4 (block 32)
// and nv-fp4 (block 16) PE types, against models/pe/fp4_block_pe.hpp. Without Verilator every
// check throws std::runtime_error.
#include <cstdint>
#include <string>

#include "rtl/harness/check_result.hpp"

namespace mixsim::rtl {

enum class Fp4Format { Mx, Nv };             // block 32 (Vfp4_block_pe_mx) or 16 (Vfp4_block_pe_nv)
enum class Fp4Variant { Correct, FaultyDecode };  // faulty: code magnitude 5 (3.0) read as 2.0; Mx only

// All 16 x 16 code pairs, each a block of one product and zeros: D against 4 * e2m1(a) * e2m1(w)
// (models' decoder) and against pe::fp4_twice_value products.
CheckResult check_fp4_products(Fp4Format format, Fp4Variant variant);
// `blocks` random blocks (uniform codes, every 8th element at +-6) plus the full-scale blocks
// (+-4608 for 32); every D against pe::fp4_block_dot.
CheckResult check_fp4_blocks(Fp4Format format, Fp4Variant variant, uint32_t seed, int blocks);
// X (m x k) and W (n x k) quantized by models/ with mxfp4 / nvfp4: every RTL block dot against
// pe::fp4_block_dot, and Y (RTL dots folded in C++ in the golden order) against golden_gemm,
// bit for bit.
CheckResult check_fp4_golden(Fp4Format format, uint32_t seed, int m, int n, int k_blocks);

}  // namespace mixsim::rtl
