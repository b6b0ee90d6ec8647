#include "models/integer_scale.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/rounding.hpp"

namespace mixsim {

namespace {

// sum_{k in g} |q[n][k] - z[n][g]| for every (n, g): independent of alpha, computed once.
std::vector<int64_t> abs_centered_code_sums(const QuantizedMatrix& w) {
  const int64_t groups = w.groups();
  std::vector<int64_t> sums(static_cast<size_t>(w.rows * groups), 0);
  for (int64_t n = 0; n < w.rows; ++n)
    for (int64_t k = 0; k < w.cols; ++k)
      sums[static_cast<size_t>(n * groups + k / w.group_size)] += std::abs(w.centered(n, k));
  return sums;
}

int64_t worst_case_from_sums(const QuantizedMatrix& w, const std::vector<int64_t>& code_sums,
                             const IntegerScales& scales, int activation_bits) {
  const int64_t amax = (int64_t{1} << (activation_bits - 1)) - 1;
  const int64_t groups = w.groups();
  int64_t worst = 0;
  for (int64_t n = 0; n < w.rows; ++n) {
    int64_t row_bound = 0;
    for (int64_t g = 0; g < groups; ++g) {
      const size_t i = static_cast<size_t>(n * groups + g);
      // Each term < 2^31 * 127 * (256 * 255) < 2^55; stop once far past INT32 (no int64 wrap).
      row_bound += amax * std::abs(int64_t{scales.scales[i]}) * code_sums[i];
      if (row_bound > (int64_t{1} << 56)) break;
    }
    worst = std::max(worst, row_bound);
  }
  return worst;
}

}  // namespace

int64_t integer_scale_worst_case(const QuantizedMatrix& w, const IntegerScales& scales,
                                 int activation_bits) {
  return worst_case_from_sums(w, abs_centered_code_sums(w), scales, activation_bits);
}

IntegerScales integer_scales_with_alpha(const QuantizedMatrix& w, int alpha) {
  IntegerScales out;
  out.alpha = alpha;
  out.scales.resize(w.scales.size());
  for (size_t i = 0; i < w.scales.size(); ++i) {
    const double amplified = std::ldexp(static_cast<double>(w.scales[i]), alpha);  // exact
    const double r = round_half_even(amplified);
    if (r > static_cast<double>(kInt32Max))
      throw std::invalid_argument("integer scale: s*2^alpha = " + std::to_string(r) +
                                  " exceeds INT32");
    out.scales[i] = static_cast<int32_t>(r);
  }
  return out;
}

IntegerScales make_integer_scales(const QuantizedMatrix& w, int activation_bits) {
  const std::vector<int64_t> code_sums = abs_centered_code_sums(w);
  double largest = 0.0;
  for (float s : w.scales) largest = std::max(largest, std::fabs(static_cast<double>(s)));
  // bound_n(alpha) is non-decreasing in alpha (rne is monotone), so scan from the top.
  for (int alpha = kIntegerScaleMaxAlpha; alpha >= 0; --alpha) {
    if (std::ldexp(largest, alpha) > static_cast<double>(kInt32Max)) continue;
    IntegerScales candidate = integer_scales_with_alpha(w, alpha);
    if (worst_case_from_sums(w, code_sums, candidate, activation_bits) <= kInt32Max)
      return candidate;
  }
  throw std::invalid_argument(
      "integer scale: even alpha=0 can overflow the INT32 accumulator (K=" +
      std::to_string(w.cols) + ", G=" + std::to_string(w.group_size) +
      "); weight scales are too large for integer-scale W4A8");
}

int integer_scale_min_significant_bits(const IntegerScales& scales) {
  int64_t smallest = 0;
  for (int32_t s : scales.scales) {
    const int64_t a = std::abs(int64_t{s});
    if (a != 0 && (smallest == 0 || a < smallest)) smallest = a;
  }
  int bits = 0;
  while (smallest > 0) {
    ++bits;
    smallest >>= 1;
  }
  return bits;
}

}  // namespace mixsim
