// MXFP4 / NVFP4 quantizers: the scale rules of docs/ARITHMETIC.md section 5, checked with
// independent formulas (ilogb for the MX exponent, a brute-force nearest search over the E2M1
// values for the elements).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "models/block_scaled_quantizer.hpp"
#include "models/e8m0.hpp"
#include "models/fp4_e2m1.hpp"
#include "models/fp8_e4m3.hpp"
#include "test_matrices.hpp"

namespace mixsim {
namespace {

// Nearest E2M1 value to v (ties to the even code, i.e. the value with mantissa bit 0),
// saturating at +-6, found by scanning the spec's magnitudes.
double nearest_e2m1(double v) {
  static const double mags[8] = {0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0};
  const double a = std::fabs(v);
  int best = 0;
  for (int i = 1; i < 8; ++i) {
    const double d = std::fabs(a - mags[i]), db = std::fabs(a - mags[best]);
    if (d < db || (d == db && (i % 2) == 0)) best = i;
  }
  return std::copysign(mags[best], v);
}

double block_amax(const MatrixF32& m, int64_t r, int64_t b, int block) {
  double amax = 0.0;
  for (int64_t k = b * block; k < (b + 1) * block; ++k)
    amax = std::max(amax, std::fabs(double{m(r, k)}));
  return amax;
}

MatrixF32 test_input(uint32_t seed) {
  testing::MatrixStyle style;
  style.tail_dof = 2.0;
  style.outlier_gain = 1000.0;
  style.zero_group_size = 32;  // first MX block (and two NV blocks) of row 0 all zero
  MatrixF32 m = testing::random_matrix(6, 256, seed, style);
  m(3, 40) = 1e-30f;  // a tiny block amax far below the others
  for (int64_t k = 64; k < 96; ++k) m(3, k) = (k == 70) ? 3e-41f : 0.0f;  // FP32 subnormal
  return m;
}

TEST(Mxfp4Quantizer, SharedExponentAndElementsFollowTheOcpRule) {
  const uint32_t seed = 3232;
  std::printf("seed=%u\n", seed);
  const MatrixF32 m = test_input(seed);
  const BlockScaledMatrix q = quantize_mxfp4(m);
  ASSERT_EQ(q.block_size, 32);
  EXPECT_EQ(q.tensor_scale, 1.0f);
  for (int64_t r = 0; r < q.rows; ++r) {
    for (int64_t b = 0; b < q.blocks(); ++b) {
      const double amax = block_amax(m, r, b, 32);
      const int expected_exp =
          amax == 0.0 ? 0 : std::clamp(std::ilogb(amax) - 2, -127, 127);
      const uint8_t code = q.scale_codes[static_cast<size_t>(r * q.blocks() + b)];
      ASSERT_EQ(e8m0_exponent(code), expected_exp) << "row " << r << " block " << b;
      const double x = std::ldexp(1.0, expected_exp);
      for (int64_t k = b * 32; k < (b + 1) * 32; ++k) {
        const double want = nearest_e2m1(double{m(r, k)} / x);
        const double got = fp4_e2m1_decode(q.element_codes[static_cast<size_t>(r * q.cols + k)]);
        ASSERT_EQ(got, want) << "row " << r << " k " << k;
      }
    }
  }
  EXPECT_EQ(q.scale_codes[0], 127) << "all-zero block gets X = 1";
}

TEST(Nvfp4Quantizer, TensorAndBlockScalesFollowTheDocumentedRule) {
  const uint32_t seed = 1616;
  std::printf("seed=%u\n", seed);
  const MatrixF32 m = test_input(seed);
  const BlockScaledMatrix q = quantize_nvfp4(m);
  ASSERT_EQ(q.block_size, 16);
  double tensor_amax = 0.0;
  for (float v : m.storage()) tensor_amax = std::max(tensor_amax, std::fabs(double{v}));
  EXPECT_EQ(q.tensor_scale, static_cast<float>(tensor_amax / 2688.0));
  const double t = q.tensor_scale;
  int zero_blocks = 0, floored_blocks = 0;
  for (int64_t r = 0; r < q.rows; ++r) {
    for (int64_t b = 0; b < q.blocks(); ++b) {
      const double amax = block_amax(m, r, b, 16);
      const double sb = block_scale_value(q, r, b);
      if (amax == 0.0) {
        EXPECT_EQ(sb, 1.0);
        ++zero_blocks;
      } else if (fp8_e4m3_round(amax / (6.0 * t)) == 0.0) {
        EXPECT_EQ(sb, std::ldexp(1.0, -9)) << "underflowing block scale floors at 2^-9";
        ++floored_blocks;
      } else {
        EXPECT_EQ(sb, fp8_e4m3_round(amax / (6.0 * t)));
      }
      EXPECT_LE(sb, 448.0);
      for (int64_t k = b * 16; k < (b + 1) * 16; ++k) {
        const double want = nearest_e2m1(double{m(r, k)} / (t * sb));
        const double got = fp4_e2m1_decode(q.element_codes[static_cast<size_t>(r * q.cols + k)]);
        ASSERT_EQ(got, want) << "row " << r << " k " << k;
      }
    }
  }
  EXPECT_GE(zero_blocks, 2);
  EXPECT_GE(floored_blocks, 1) << "the FP32-subnormal block should exercise the 2^-9 floor";
}

TEST(BlockScaledQuantizer, RejectsRaggedKAndNonFinite) {
  EXPECT_THROW(quantize_mxfp4(MatrixF32(2, 48, 1.0f)), std::invalid_argument);
  EXPECT_THROW(quantize_nvfp4(MatrixF32(2, 24, 1.0f)), std::invalid_argument);
  MatrixF32 m(2, 32, 1.0f);
  m(1, 3) = std::numeric_limits<float>::quiet_NaN();
  try {
    quantize_mxfp4(m, "X");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("X[1][3] is NaN"), std::string::npos) << e.what();
  }
}

TEST(BlockScaledQuantizer, AllZeroTensorGetsUnitScales) {
  const BlockScaledMatrix q = quantize_nvfp4(MatrixF32(1, 32, 0.0f));
  EXPECT_EQ(q.tensor_scale, 1.0f);
  EXPECT_EQ(block_scale_value(q, 0, 0), 1.0);
  for (uint8_t c : q.element_codes) EXPECT_EQ(c, 0);
}

}  // namespace
}  // namespace mixsim
