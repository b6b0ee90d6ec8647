// Integer-scale conversion: the alpha rule is maximal and its overflow bound is a true worst
// case (checked with adversarial activations in a wrapping INT32 accumulator).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "models/golden_gemms.hpp"
#include "models/group_quantizer.hpp"
#include "models/integer_scale.hpp"
#include "models/rounding.hpp"
#include "test_matrices.hpp"

namespace mixsim {
namespace {

// Accumulate like 32-bit hardware: wrap on overflow (computed via uint32), report if it did.
struct Int32Accumulator {
  int32_t value = 0;
  bool overflowed = false;
  void add(int64_t term) {
    const int64_t exact = int64_t{value} + term;
    if (term > kInt32Max || term < -kInt32Max - 1 || exact > kInt32Max || exact < -kInt32Max - 1)
      overflowed = true;
    value = static_cast<int32_t>(static_cast<uint32_t>(exact));
  }
};

// Activations chosen to maximise |sum_g s_int * P| for row n: a_k = 127 * sign(q - z).
QuantizedActivations adversarial_activations(const QuantizedMatrix& w, int64_t n) {
  QuantizedActivations a;
  a.rows = 1;
  a.cols = w.cols;
  a.scales = {1.0f};
  for (int64_t k = 0; k < w.cols; ++k) {
    const int c = w.centered(n, k);
    a.codes.push_back(static_cast<int8_t>(c > 0 ? 127 : (c < 0 ? -127 : 0)));
  }
  return a;
}

class IntegerScaleRule : public ::testing::TestWithParam<int> {};

TEST_P(IntegerScaleRule, AlphaIsMaximalAndInt32NeverOverflows) {
  const int group_size = GetParam();
  const uint32_t seed = 555u + static_cast<uint32_t>(group_size);
  std::printf("seed=%u G=%d\n", seed, group_size);
  for (double weight_scale : {0.02, 1.0, 40.0}) {
    testing::MatrixStyle style;
    style.scale = weight_scale;
    style.tail_dof = 2.5;
    const MatrixF32 w = testing::random_matrix(6, 1024, seed, style);
    for (bool symmetric : {true, false}) {
      SCOPED_TRACE(::testing::Message() << "weight_scale=" << weight_scale
                                        << " symmetric=" << symmetric);
      const QuantizedMatrix q = quantize_weights(w, {4, group_size, symmetric});
      const IntegerScales s = make_integer_scales(q);
      ASSERT_GE(s.alpha, 0);
      ASSERT_LE(s.alpha, kIntegerScaleMaxAlpha);
      for (size_t i = 0; i < q.scales.size(); ++i)
        ASSERT_EQ(s.scales[i], round_half_even(std::ldexp(double{q.scales[i]}, s.alpha)));
      const int64_t worst = integer_scale_worst_case(q, s);
      std::printf("G=%d weight_scale=%g symmetric=%d: alpha=%d, smallest s_int has %d bits, "
                  "worst case %lld\n", group_size, weight_scale, symmetric, s.alpha,
                  integer_scale_min_significant_bits(s), static_cast<long long>(worst));
      EXPECT_LE(worst, kInt32Max);
      if (s.alpha < kIntegerScaleMaxAlpha) {  // maximal: one more bit would break the bound
        EXPECT_GT(integer_scale_worst_case(q, integer_scales_with_alpha(q, s.alpha + 1)),
                  kInt32Max);
      }
      // The bound is attained: adversarial activations reach exactly `worst` for some row, and
      // a wrapping INT32 accumulator never overflows for any row.
      int64_t reached = 0;
      for (int64_t n = 0; n < q.rows; ++n) {
        const QuantizedActivations a = adversarial_activations(q, n);
        Int32Accumulator acc;
        int64_t exact = 0;
        for (int64_t g = 0; g < q.groups(); ++g) {
          const int64_t term = int64_t{s.scales[static_cast<size_t>(n * q.groups() + g)]} *
                               group_partial_sum(a, 0, q, n, g);
          acc.add(term);
          exact += term;
        }
        EXPECT_FALSE(acc.overflowed) << "row " << n;
        EXPECT_EQ(int64_t{acc.value}, exact);
        reached = std::max(reached, std::abs(exact));
      }
      EXPECT_EQ(reached, worst);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(GroupSizes, IntegerScaleRule, ::testing::Values(32, 64, 128, 256));

TEST(IntegerScale, SignificantBitsAndHugeScalesRejected) {
  IntegerScales s;
  s.scales = {0, 5, 300, -2};
  EXPECT_EQ(integer_scale_min_significant_bits(s), 2);  // |-2| = 0b10
  // Scales of 2^15 over K = 4096: even alpha = 0 can overflow INT32.
  MatrixF32 w(1, 4096, 7.0f * 32768.0f);
  const QuantizedMatrix q = quantize_weights(w, {4, 128, true});
  EXPECT_THROW(make_integer_scales(q), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim
