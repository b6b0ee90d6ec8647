// Deterministic random numbers and synthetic LLM-like tensors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "workloads/deterministic_random.hpp"
#include "workloads/synthetic_source.hpp"

namespace mixsim::workloads {
namespace {

TEST(DeterministicMath, LogAndExpAgreeWithLibmToDoublePrecision) {
  Xoshiro256 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const double x = std::ldexp(rng.uniform(0.5, 1.0), static_cast<int>(rng.below(200)) - 100);
    EXPECT_NEAR(deterministic_log(x), std::log(x), 4e-16 * std::max(1.0, std::abs(std::log(x))));
    const double y = rng.uniform(-700.0, 700.0);
    EXPECT_NEAR(deterministic_exp(y), std::exp(y), 2e-15 * std::exp(y));
  }
  EXPECT_EQ(deterministic_exp(-1000.0), 0.0);
  EXPECT_THROW(deterministic_log(0.0), std::domain_error);
}

TEST(DeterministicRandom, NormalAndStudentTMoments) {
  const uint64_t seed = 2024;
  std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
  Xoshiro256 rng(seed);
  const int n = 400000;
  double s1 = 0, s2 = 0, t2 = 0, t4 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.standard_normal();
    s1 += z, s2 += z * z;
    const double t = rng.student_t6_unit_variance();
    t2 += t * t, t4 += t * t * t * t;
  }
  EXPECT_NEAR(s1 / n, 0.0, 0.01);
  EXPECT_NEAR(s2 / n, 1.0, 0.01);
  EXPECT_NEAR(t2 / n, 1.0, 0.02);
  const double kurtosis = (t4 / n) / ((t2 / n) * (t2 / n));
  std::printf("student-t6 kurtosis %.3f (theory 6, Gaussian 3)\n", kurtosis);
  EXPECT_GT(kurtosis, 4.5);
}

TEST(DeterministicRandom, BelowIsUniform) {
  Xoshiro256 rng(11);
  std::vector<int> hist(7, 0);
  for (int i = 0; i < 70000; ++i) ++hist[rng.below(7)];
  for (int h : hist) EXPECT_NEAR(h, 10000, 500);
}

TEST(SyntheticSource, SameSeedAndLabelGiveSameBytesOtherwiseDifferent) {
  const MatrixF32 a = synthetic_weights(64, 256, 5, "m/layer0/q_proj/weight");
  const MatrixF32 b = synthetic_weights(64, 256, 5, "m/layer0/q_proj/weight");
  EXPECT_EQ(a.storage(), b.storage());
  EXPECT_NE(a.storage(), synthetic_weights(64, 256, 6, "m/layer0/q_proj/weight").storage());
  EXPECT_NE(a.storage(), synthetic_weights(64, 256, 5, "m/layer0/k_proj/weight").storage());
  // Row r depends only on (seed, label, r): a taller matrix starts with the same rows.
  const MatrixF32 tall = synthetic_weights(65, 256, 5, "m/layer0/q_proj/weight");
  EXPECT_TRUE(std::equal(a.storage().begin(), a.storage().end(), tall.storage().begin()));
}

TEST(SyntheticSource, ParallelRowsGivesTheSameResultForAnyThreadCount) {
  std::vector<double> one(1000), four(1000);
  parallel_rows(1000, [&](int64_t r) { Xoshiro256 g(derive_seed(3, "x", r)); one[r] = g.standard_normal(); }, 1);
  parallel_rows(1000, [&](int64_t r) { Xoshiro256 g(derive_seed(3, "x", r)); four[r] = g.standard_normal(); }, 4);
  EXPECT_EQ(one, four);
}

TEST(SyntheticSource, WeightsHaveHeavyTailsAndRowScaleVariation) {
  const MatrixF32 w = synthetic_weights(512, 2048, 9, "w");
  double s2 = 0, s4 = 0;
  for (float v : w.storage()) s2 += double(v) * v, s4 += double(v) * v * v * v;
  const double n = static_cast<double>(w.size());
  const double kurtosis = (s4 / n) / ((s2 / n) * (s2 / n));
  std::printf("weight std %.5f kurtosis %.2f\n", std::sqrt(s2 / n), kurtosis);
  EXPECT_NEAR(std::sqrt(s2 / n), 0.02 * std::sqrt(1.0 + 1.0 / 12.0), 0.0005);
  EXPECT_GT(kurtosis, 5.0);  // t6 (6) widened by the row-scale mixture; Gaussian would be 3
  std::vector<double> row_rms;
  for (int64_t r = 0; r < w.rows(); ++r) {
    double s = 0;
    for (float v : w.row(r)) s += double(v) * v;
    row_rms.push_back(std::sqrt(s / w.cols()));
  }
  const auto [lo, hi] = std::minmax_element(row_rms.begin(), row_rms.end());
  EXPECT_GT(*hi / *lo, 2.5);  // row scales span [0.5, 1.5]
}

TEST(SyntheticSource, ActivationsHaveOutlierChannels20To100xTheMedian) {
  const ActivationStats stats;
  const int64_t tokens = 256, channels = 4096;
  const MatrixF32 x = synthetic_activations(tokens, channels, 21, "x", stats);
  const auto outliers = outlier_channels(channels, 21, "x", stats);
  ASSERT_EQ(outliers.size(), 6u);
  std::vector<double> median_abs(channels);
  for (int64_t c = 0; c < channels; ++c) {
    std::vector<double> col;
    for (int64_t t = 0; t < tokens; ++t) col.push_back(std::abs(x(t, c)));
    std::nth_element(col.begin(), col.begin() + tokens / 2, col.end());
    median_abs[c] = col[tokens / 2];
  }
  std::vector<double> sorted = median_abs;
  std::nth_element(sorted.begin(), sorted.begin() + channels / 2, sorted.end());
  const double typical = sorted[channels / 2];
  for (int64_t c = 0; c < channels; ++c) {
    const bool is_outlier = std::binary_search(outliers.begin(), outliers.end(), c);
    const double ratio = median_abs[c] / typical;
    if (is_outlier) {
      std::printf("outlier channel %lld: %.1fx the median\n", static_cast<long long>(c), ratio);
      EXPECT_GT(ratio, 16.0);
      EXPECT_LT(ratio, 120.0);
    } else {
      EXPECT_LT(ratio, 3.0) << c;
    }
  }
}

}  // namespace
}  // namespace mixsim::workloads
