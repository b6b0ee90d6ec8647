#pragma once
// Verilator checks of parameter points of the parameterized MixPE (models/pe/mixpe_params.hpp).
// Each point is mixpe_pe verilated with the -G overrides of pe::mixpe_verilog_point (the same
// parameters Yosys gets), listed in rtl/CMakeLists.txt; the checks compare it with the C++
// datapath model of the same point. Without Verilator every check throws std::runtime_error.
#include <cstdint>
#include <vector>

#include "models/pe/mixpe_params.hpp"
#include "rtl/harness/check_result.hpp"

namespace mixsim::rtl {

// The int8 points that have a verilated model (symmetric w2 g32, symmetric w3 g32, asymmetric
// w3 g64, asymmetric w2 g128), accumulator_bits resolved to the minimum.
std::vector<pe::MixPeParams> verilated_mixpe_points();

// Correct, or the deliberately broken copy (FAULT_SHIFT_BIT = 1: weight bit 1 selects a<<2),
// which exists for the symmetric w3 g32 point only.
enum class PointVariant { Correct, FaultyShift };

// Every (activation, weight register value) pair: 256 x 2^W, each as a group of one product
// followed by G - 1 zero products; the group sum against the exact a*w and against
// pe::shift_add_multiply.
CheckResult check_mixpe_point_products(const pe::MixPeParams& p, PointVariant variant);

// `groups` random outlier-heavy groups (idle cycles between inputs) plus the full-scale corner
// groups (all a = -128 times the most negative weight: the group sum that sets
// accumulator_bits), every group sum against pe::mixpe_group_partial_sums.
CheckResult check_mixpe_point_groups(const pe::MixPeParams& p, PointVariant variant,
                                     uint32_t seed, int groups);

// Real operands: float X (m x k) and W (n x k) quantized by models/ with the point's recipe;
// every group partial sum from the RTL against pe::mixpe_group_partial_sums, and Y (the RTL
// group sums folded in C++ in the golden order) against golden_gemm, bit for bit.
CheckResult check_mixpe_point_golden(const pe::MixPeParams& p, uint32_t seed, int m, int n,
                                     int k_groups);

// The FP16-activation point with 3-bit signed weights and G = 32 (mixpe_fp16_pe, W_WIDTH 3):
// every finite FP16 activation x every 3-bit code (63488 x 8 = 507904 pairs), fed as
// consecutive groups of 32; each group's FP32 part against the model's order
// part = fl32(part + ShiftAddPe::multiply(a, q)).
pe::MixPeParams verilated_mixpe_fp16_point();
CheckResult check_mixpe_fp16_point_pairs();
// w3a16-g32 GEMM: every group part vs the model order, Y vs golden_gemm bit for bit.
CheckResult check_mixpe_fp16_point_golden(uint32_t seed, int m, int n, int k_groups);

// The BF16 and FP8-E4M3 activation points w4abf16-g128 and w4afp8-g128 (mixpe_fp16_pe with the
// format's EXP_WIDTH / MAN_WIDTH, W_WIDTH 4, G 128). Throws for FP16 (the point above).
pe::MixPeParams verilated_mixpe_float_point(FloatActivation f);
// Correct, or the broken BF16 product (FAULT_SUBNORMAL_EXP = 1: subnormal activations scaled by
// 2^(0 - bias) instead of 2^(1 - bias)); the broken copy exists for BF16 only.
enum class FloatVariant { Correct, FaultySubnormal };
// The product unit alone (shift_add_mul_fp16 with the format's widths), every finite activation
// code x every INT4 code (BF16: 65280 x 16 = 1044480 pairs, E4M3: 254 x 16): FP32 bits vs
// pe::shift_add_multiply_float and value vs fl32(a * q) - including BF16's FP32-subnormal and
// overflowing products, which the PE's group sums never see (models/float_activation.hpp).
CheckResult check_float_activation_products(FloatActivation f, FloatVariant variant);
// `groups` random groups of 128 in-contract pairs (BF16 in [2^-64, 2^64) around a per-group
// exponent, zeros; E4M3 any finite code), idle cycles between inputs: every group part vs
// part = fl32(part + shift_add_multiply_float(a, q)) from +0.
CheckResult check_mixpe_float_point_groups(FloatActivation f, uint32_t seed, int groups);
// Float X, W quantized with the point's recipe: every group part vs the model order, Y (folded
// in C++ in the golden order, E4M3 token scale last) vs golden_gemm bit for bit.
CheckResult check_mixpe_float_point_golden(FloatActivation f, uint32_t seed, int m, int n, int k_groups);

}  // namespace mixsim::rtl
