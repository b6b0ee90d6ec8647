#pragma once
// Random test matrices with LLM-like statistics: heavy tails (Student-t), a few outlier input
// channels (columns scaled up, as in activation outliers), and optionally all-zero groups.
// Every generator takes an explicit seed; tests print it.
#include <cmath>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>

#include "models/matrix.hpp"

namespace mixsim::testing {

struct MatrixStyle {
  double tail_dof = 3.0;         // Student-t degrees of freedom (smaller = heavier tails)
  double scale = 1.0;
  int outlier_columns = 2;       // columns multiplied by outlier_gain
  double outlier_gain = 50.0;
  int zero_group_size = 0;       // if > 0, zero the first group of row 0 (tests s = 1)
};

inline MatrixF32 random_matrix(int64_t rows, int64_t cols, uint32_t seed,
                               const MatrixStyle& style = {}) {
  std::mt19937 gen(seed);
  std::student_t_distribution<double> heavy(style.tail_dof);
  MatrixF32 m(rows, cols);
  for (auto& v : m.storage()) v = static_cast<float>(style.scale * heavy(gen));
  std::uniform_int_distribution<int64_t> pick(0, cols - 1);
  for (int i = 0; i < style.outlier_columns; ++i) {
    const int64_t c = pick(gen);
    for (int64_t r = 0; r < rows; ++r) m(r, c) = static_cast<float>(m(r, c) * style.outlier_gain);
  }
  if (style.zero_group_size > 0 && rows > 0)
    for (int64_t k = 0; k < std::min<int64_t>(style.zero_group_size, cols); ++k) m(0, k) = 0.0f;
  return m;
}

// Relative Frobenius error ||y - ref|| / ||ref||. NaN or Inf anywhere in y makes the result NaN
// or Inf, so a `err <= tol` check can never pass on a NaN.
template <typename Y>
double relative_frobenius_error(const Y& y, const MatrixF64& ref) {
  double num = 0.0, den = 0.0;
  for (size_t i = 0; i < ref.size(); ++i) {
    const double d = static_cast<double>(y.storage()[i]) - ref.storage()[i];
    num += d * d;
    den += ref.storage()[i] * ref.storage()[i];
  }
  if (den == 0.0) return num == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
  return std::sqrt(num / den);
}

// docs/ARITHMETIC.md tolerance for FP32 accumulation.
inline double fp32_accumulation_tolerance(int64_t k) {
  return 1e-5 * std::sqrt(static_cast<double>(k) / 128.0);
}

}  // namespace mixsim::testing
