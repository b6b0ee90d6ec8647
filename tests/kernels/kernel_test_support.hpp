#pragma once
// Shared helpers of the kernel tests: quantized operands from outlier-heavy random matrices
// (tests/models/test_matrices.hpp) and bitwise comparison of float outputs.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "models/recipe.hpp"
#include "tests/models/test_matrices.hpp"

namespace mixsim::testing {

struct GemmCase {
  std::string recipe;
  int64_t m, n, k;
  uint32_t seed;
};

inline std::string describe(const GemmCase& c) {
  return c.recipe + " M=" + std::to_string(c.m) + " N=" + std::to_string(c.n) +
         " K=" + std::to_string(c.k) + " seed=" + std::to_string(c.seed);
}

// X with outlier input channels (gain 50), W heavy-tailed with its own outlier columns.
inline QuantizedOperands make_operands(const GemmCase& c) {
  std::printf("case %s\n", describe(c).c_str());
  MatrixStyle xs;
  xs.outlier_columns = 3;
  MatrixStyle ws;
  ws.scale = 0.05;
  ws.outlier_columns = 2;
  ws.outlier_gain = 20.0;
  ws.zero_group_size = 32;  // an all-zero group in row 0 (scale 1, never NaN)
  const MatrixF32 x = random_matrix(c.m, c.k, c.seed, xs);
  const MatrixF32 w = random_matrix(c.n, c.k, c.seed * 7919u + 1u, ws);
  return quantize_operands(parse_recipe(c.recipe), x, w);
}

// Number of elements whose bit patterns differ (NaN == NaN only with identical bits).
inline int64_t bitwise_mismatches(const MatrixF32& a, const MatrixF32& b, std::string* first) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return -1;
  int64_t bad = 0;
  for (int64_t r = 0; r < a.rows(); ++r)
    for (int64_t c = 0; c < a.cols(); ++c) {
      const uint32_t x = std::bit_cast<uint32_t>(a(r, c));
      const uint32_t y = std::bit_cast<uint32_t>(b(r, c));
      if (x != y) {
        if (bad == 0 && first)
          *first = "(" + std::to_string(r) + "," + std::to_string(c) + "): " +
                   std::to_string(a(r, c)) + " vs " + std::to_string(b(r, c));
        ++bad;
      }
    }
  return bad;
}

inline bool has_nan(const MatrixF32& y) {
  for (float v : y.storage())
    if (std::isnan(v)) return true;
  return false;
}

}  // namespace mixsim::testing
