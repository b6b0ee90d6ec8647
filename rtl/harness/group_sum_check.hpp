#pragma once
// The two comparisons every group-quantized PE harness ends with: the RTL's group partial sums
// (ordered token m, column n, group g) against models/, and Y folded from those sums by the
// float-scale group dequant against golden_gemm, bit for bit.
#include <cstdint>
#include <vector>

#include "models/recipe.hpp"
#include "rtl/harness/check_result.hpp"

namespace mixsim::rtl {

// Every sum against group_partial_sum(a, m, q, n, g).
void compare_group_sums(CheckResult& r, const std::vector<int64_t>& sums, const QuantizedOperands& ops,
                        int m, int n, int k_groups);
// Y[m][n] = finish(sum_g accumulate(s[n][g] * P)) from the RTL's sums, against golden_gemm(ops).
void compare_y_from_group_sums(CheckResult& r, const std::vector<int64_t>& sums, const QuantizedOperands& ops,
                               int m, int n, int k_groups);

}  // namespace mixsim::rtl
