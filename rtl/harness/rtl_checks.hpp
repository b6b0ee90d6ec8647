#pragma once
// The RTL-versus-model checks, shared by tests/rtl (GoogleTest) and `mixsim validate-rtl`.
// Every check drives a verilated module, compares each output with an independent C++ value
// and returns a CheckResult. A non-empty vcd_path writes that run's waveform there.
// Without Verilator (MIXSIM_HAVE_VERILATOR undefined) every check throws std::runtime_error.
#include <cstdint>
#include <string>

#include "rtl/harness/array_schedule.hpp"
#include "rtl/harness/check_result.hpp"

namespace mixsim::rtl {

// True when this build contains the verilated models.
bool verilator_available();

enum class MultiplierVariant { Correct, FaultyShift };
// All 2^4 x 2^8 = 4096 (weight, activation) pairs through shift_add_mul, each compared with
// the true product a*q (exact integer arithmetic).
CheckResult check_shift_add_products(MultiplierVariant variant, const std::string& vcd_path = {});

// All finite FP16 activations (63488 patterns) x all 16 INT4 weights through
// shift_add_mul_fp16: the FP32 result bits against models shift_add_multiply_int4_fp16, and the
// value against the exact product fp16_decode(a) * q.
CheckResult check_shift_add_fp16_products(const std::string& vcd_path = {});

// fp32_add (the W4A16 group accumulator's adder) on random, cancelling and zero operands
// against the host's IEEE FP32 addition.
enum class AdderVariant { Correct, FaultyTiesAway };
CheckResult check_fp32_adder(AdderVariant variant, uint32_t seed, int pairs,
                             const std::string& vcd_path = {});
// mixpe_fp16_pe (G = 32) on operands quantized by models/ (recipe w4a16-g32): every group's
// FP32 part against the model's order on the model's products, and Y (after the per-group scale
// multiply-add done in C++ in the golden order) against golden_gemm_w4a16, bit for bit.
CheckResult check_fp16_pe_against_golden(uint32_t seed, int m_tokens, int n_cols, int k_groups,
                                         const std::string& vcd_path = {});

enum class GroupPeVariant { Correct, NarrowAccumulator };
// Randomized groups through mixpe_pe (G = 128): outlier-heavy data, idle cycles between
// inputs, every group sum compared with the exact integer sum.
CheckResult check_group_accumulation(GroupPeVariant variant, uint32_t seed, int groups,
                                     const std::string& vcd_path = {});
// Boundary groups: every element at a corner of the INT8 x INT4 range (-128/127 x -8/7),
// alternating corners, zeros. The all (-128, -8) group sums to +2^17, the largest value a
// group can reach: it fits 19 bits and overflows 18.
CheckResult check_full_scale_groups(GroupPeVariant variant, const std::string& vcd_path = {});

// dequant_mac_pe: dot products over several groups with per-group (q, z, s_int), compared with
// sum_g s_int[g] * sum_k a_k (q_k - z_g) computed in int64.
CheckResult check_dequant_mac(uint32_t seed, int dot_products, const std::string& vcd_path = {});
// int8_mac_pe: random INT8 dot products (length 1..512) compared with the int64 sum.
CheckResult check_int8_mac(uint32_t seed, int dot_products, const std::string& vcd_path = {});
// fp16_mac_pe: random FP16 dot products (subnormals, signed zeros, large values); the FP32
// accumulator bits after every step against models/pe Fp16MacPe::mac (exact product, fl32 sum).
CheckResult check_fp16_mac(uint32_t seed, int dot_products, const std::string& vcd_path = {});
// group_dequant_unit: sums of s_int * P over random group counts, exact and shifted outputs.
CheckResult check_group_dequant_unit(uint32_t seed, int outputs, const std::string& vcd_path = {});

enum class ArrayVariant { Correct, FaultyShift };
// The ROWS x COLS mixpe_array (ROWS = G = 32): a weight tile per group is loaded, m_tokens
// tokens stream through, every deskewed column output is compared with the exact group partial
// sum P[m][n][g], and each tile's cycle count with array_tile_cycles() and with the SystemC
// model's TileTimeline for the same single-tile schedule (systemc_tile_out_done()).
CheckResult check_array_tile(ArrayVariant variant, uint32_t seed, int m_tokens, int k_groups,
                             const std::string& vcd_path = {});

// The chain array -> group_dequant_unit on operands quantized by models/ (w4a8-g32-intscale):
// every P against models' group_partial_sum, every sum s_int*P against int64, and Y (after the
// one float multiply that follows the RTL) against golden_gemm_integer_scale, bit for bit.
CheckResult check_array_against_golden(uint32_t seed, int m_tokens, int k_groups,
                                       const std::string& vcd_path = {});

}  // namespace mixsim::rtl
