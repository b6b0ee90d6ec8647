// RTN group quantizer properties on outlier-heavy random weights, several G, both modes.
#include <gtest/gtest.h>

#include <ostream>
#include <sstream>
#include <string>

#include <cmath>
#include <cstdio>

#include "models/fp16.hpp"
#include "models/group_quantizer.hpp"
#include "test_matrices.hpp"

namespace mixsim {
namespace {

using testing::MatrixStyle;
using testing::random_matrix;

struct Case {
  int bits;
  int group_size;
  bool symmetric;
};

// Readable, deterministic test names and parameter printouts (no raw struct bytes).
void PrintTo(const Case& c, std::ostream* os) {
  *os << "bits" << c.bits << "_G" << c.group_size << (c.symmetric ? "_sym" : "_asym");
}
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::ostringstream os;
  PrintTo(info.param, &os);
  return os.str();
}

class GroupQuantizerProperties : public ::testing::TestWithParam<Case> {};

TEST_P(GroupQuantizerProperties, CodesScalesZerosAndErrorBound) {
  const Case c = GetParam();
  const uint32_t seed = 4242u + static_cast<uint32_t>(c.group_size * 3 + c.bits) +
                        (c.symmetric ? 0u : 1000u);
  std::printf("seed=%u bits=%d G=%d symmetric=%d\n", seed, c.bits, c.group_size, c.symmetric);
  const int64_t k = 512;
  MatrixStyle style;
  style.tail_dof = 2.5;
  style.scale = 0.02;
  style.zero_group_size = c.group_size == 0 ? static_cast<int>(k) : c.group_size;
  const MatrixF32 w = random_matrix(9, k, seed, style);
  const QuantizedMatrix q = quantize_weights(w, {c.bits, c.group_size, c.symmetric});

  const int64_t g_size = c.group_size == 0 ? k : c.group_size;
  ASSERT_EQ(q.group_size, g_size);
  ASSERT_EQ(q.groups(), k / g_size);
  const int levels = c.symmetric ? (1 << (c.bits - 1)) - 1 : (1 << c.bits) - 1;
  const int lo = c.symmetric ? -(1 << (c.bits - 1)) : 0;
  const int hi = c.symmetric ? (1 << (c.bits - 1)) - 1 : (1 << c.bits) - 1;
  for (int64_t n = 0; n < q.rows; ++n) {
    for (int64_t g = 0; g < q.groups(); ++g) {
      const float s = q.scale(n, g);
      EXPECT_EQ(static_cast<double>(s), fp16_round(s)) << "scale not exactly FP16";
      EXPECT_GT(s, 0.0f);
      double wmin = 0.0, wmax = 0.0, absmax = 0.0;
      for (int64_t kk = g * g_size; kk < (g + 1) * g_size; ++kk) {
        wmin = std::min(wmin, double{w(n, kk)});
        wmax = std::max(wmax, double{w(n, kk)});
        absmax = std::max(absmax, std::fabs(double{w(n, kk)}));
      }
      const double extent = c.symmetric ? absmax : wmax - wmin;
      if (extent == 0.0) {
        EXPECT_EQ(s, 1.0f) << "all-zero group must get s = 1";
      } else {
        EXPECT_EQ(static_cast<double>(s), fp16_round(extent / levels));
      }
      if (!c.symmetric) {
        EXPECT_GE(q.zero(n, g), 0);
        EXPECT_LE(q.zero(n, g), hi);
      }
      // |w - s*(q - z)| <= s/2, plus (asymmetric only) 15*|s_exact - s| from the FP16-rounded
      // scale at the clamped top of the range (docs/ARITHMETIC.md derives the bound).
      const double s_exact = extent == 0.0 ? 1.0 : extent / levels;
      const double bound =
          0.5 * s + (c.symmetric ? 0.0 : levels * std::max(0.0, s_exact - double{s}));
      for (int64_t kk = g * g_size; kk < (g + 1) * g_size; ++kk) {
        const int code = q.code(n, kk);
        ASSERT_GE(code, lo);
        ASSERT_LE(code, hi);
        ASSERT_LE(std::fabs(double{w(n, kk)} - q.dequantized(n, kk)), bound)
            << "n=" << n << " k=" << kk;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    BitsGroupsModes, GroupQuantizerProperties,
    ::testing::Values(Case{4, 32, true}, Case{4, 64, true}, Case{4, 128, true},
                      Case{4, 256, true}, Case{4, 0, true}, Case{4, 32, false},
                      Case{4, 128, false}, Case{4, 256, false}, Case{8, 0, true},
                      Case{3, 64, true}, Case{2, 32, false}, Case{7, 128, false}),
    case_name);

TEST(GroupQuantizer, SymmetricCodesHitBothEndsOnOutliers) {
  MatrixF32 w(1, 32, 0.001f);
  w(0, 3) = 7.0f;
  w(0, 4) = -7.0f;
  const QuantizedMatrix q = quantize_weights(w, {4, 32, true});
  EXPECT_EQ(q.scale(0, 0), 1.0f);  // 7 / 7, exactly FP16
  EXPECT_EQ(q.code(0, 3), 7);
  EXPECT_EQ(q.code(0, 4), -7);
  EXPECT_EQ(q.code(0, 0), 0);
}

TEST(GroupQuantizer, HalfwayValuesRoundToEven) {
  MatrixF32 w(1, 32, 0.0f);
  w(0, 0) = 7.0f;   // s = 1
  w(0, 1) = 2.5f;   // -> 2
  w(0, 2) = 3.5f;   // -> 4
  w(0, 3) = -0.5f;  // -> 0
  const QuantizedMatrix q = quantize_weights(w, {4, 32, true});
  EXPECT_EQ(q.code(0, 1), 2);
  EXPECT_EQ(q.code(0, 2), 4);
  EXPECT_EQ(q.code(0, 3), 0);
}

TEST(GroupQuantizer, TinyGroupGetsSmallestFp16Scale) {
  MatrixF32 w(1, 32, 0.0f);
  w(0, 0) = 1e-9f;
  const QuantizedMatrix q = quantize_weights(w, {4, 32, true});
  EXPECT_EQ(static_cast<double>(q.scale(0, 0)), std::ldexp(1.0, -24));
}

TEST(GroupQuantizer, BadInputIsRejectedWithWhereAndWhy) {
  MatrixF32 w(2, 96, 0.5f);
  try {
    quantize_weights(w, {4, 64, true});
    FAIL() << "K % G != 0 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("K=96"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("G=64"), std::string::npos) << e.what();
  }
  w(1, 5) = std::nanf("");
  try {
    quantize_weights(w, {4, 32, true});
    FAIL() << "NaN accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("W[1][5] is NaN"), std::string::npos) << e.what();
  }
  w(1, 5) = -INFINITY;
  EXPECT_THROW(quantize_weights(w, {4, 32, true}), std::invalid_argument);
  EXPECT_THROW(quantize_weights(MatrixF32(1, 32, 1.0f), {8, 32, false}), std::invalid_argument);
  EXPECT_THROW(quantize_weights(MatrixF32(1, 32, 1.0f), {9, 32, true}), std::invalid_argument);
  EXPECT_THROW(quantize_weights(MatrixF32(1, 32, 1e6f), {4, 32, true}), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim
