#pragma once
// Verilator checks of fp4_block_fold_unit (rtl/fp4_block_fold_unit.v), the per-column unit of
// the mx-fp4 and nv-fp4 PE types that applies the block scales (E8M0 / E4M3) to each block dot,
// accumulates in FP32 and applies NVFP4's tensor scale, against models/pe/fp4_block_pe.hpp's
// fp4_fold_block / fp4_finish. Without Verilator every check throws std::runtime_error.
#include <cstdint>

#include "rtl/harness/check_result.hpp"
#include "rtl/harness/fp4_block_checks.hpp"

namespace mixsim::rtl {

// Faulty: E4M3 subnormal scale codes decoded with the hidden bit set; Nv only.
enum class Fp4FoldVariant { Correct, FaultySubnormalScale };

// `outputs` random outputs of 1..8 blocks (every 64th output 64 blocks): block dots uniform in
// [-max, max] with zeros and both extremes, scale codes random in the unit's contract (MX: per
// output a base exponent in [-52, 48] +-5 per block; NV: every positive finite E4M3 code,
// subnormals included), NV tensor scales random FP32 in [2^-20, 2^10); each Y's bits against
// the model's fold order.
CheckResult check_fp4_fold_random(Fp4Format format, Fp4FoldVariant variant, uint32_t seed, int outputs);
// X (m x k) and W (n x k) quantized by models/ with mxfp4 / nvfp4: the block dots
// (pe::fp4_block_dot) and the quantizer's scale codes through the unit; Y against golden_gemm
// bit for bit.
CheckResult check_fp4_fold_golden(Fp4Format format, uint32_t seed, int m, int n, int k_blocks);

}  // namespace mixsim::rtl
