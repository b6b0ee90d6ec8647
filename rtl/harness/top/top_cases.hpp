#pragma once
// Seeded random GEMM cases for the accelerator top: ragged M, N and K (K a multiple of the
// group where the recipe has groups), every recipe the design carries, mappings chosen by the
// simulator's mapper or pinned at random (loop orders, block sizes, full-K operands, spilled
// partials, single buffering), and both DRAM models.
#include <cstdint>
#include <vector>

#include "rtl/harness/top/top_check.hpp"

namespace mixsim::rtl {

std::vector<TopGemmCase> random_top_cases(const TopDesign& design, uint32_t seed, int count);

}  // namespace mixsim::rtl
