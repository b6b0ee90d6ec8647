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

}  // namespace mixsim::rtl
