// Per-token INT8 activation quantizer properties.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "models/activation_quantizer.hpp"
#include "test_matrices.hpp"

namespace mixsim {
namespace {

TEST(ActivationQuantizer, CodesScalesAndErrorBoundOnOutlierTokens) {
  const uint32_t seed = 31337;
  std::printf("seed=%u\n", seed);
  testing::MatrixStyle style;
  style.tail_dof = 2.0;
  style.outlier_gain = 100.0;
  style.outlier_columns = 3;
  MatrixF32 x = testing::random_matrix(17, 320, seed, style);
  for (int64_t k = 0; k < x.cols(); ++k) x(4, k) = 0.0f;  // an all-zero token
  const QuantizedActivations a = quantize_activations_per_token(x, 8);
  ASSERT_EQ(a.rows, 17);
  for (int64_t m = 0; m < a.rows; ++m) {
    double absmax = 0.0;
    for (int64_t k = 0; k < x.cols(); ++k) absmax = std::max(absmax, std::fabs(double{x(m, k)}));
    const float s = a.scales[static_cast<size_t>(m)];
    if (absmax == 0.0) {
      EXPECT_EQ(s, 1.0f);
    } else {
      EXPECT_EQ(s, static_cast<float>(absmax / 127.0));
    }
    bool hits_end = false;
    for (int64_t k = 0; k < x.cols(); ++k) {
      const int c = a.code(m, k);
      ASSERT_GE(c, -127);
      ASSERT_LE(c, 127);
      hits_end |= std::abs(c) == 127;
      ASSERT_LE(std::fabs(double{x(m, k)} - a.dequantized(m, k)), 0.5 * s) << m << "," << k;
    }
    EXPECT_EQ(hits_end, absmax != 0.0) << "row " << m;
  }
}

TEST(ActivationQuantizer, RejectsNonFiniteWithPosition) {
  MatrixF32 x(3, 8, 1.0f);
  x(2, 7) = INFINITY;
  try {
    quantize_activations_per_token(x);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("X[2][7] is +inf"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mixsim
