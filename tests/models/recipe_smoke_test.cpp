// Quick end-to-end check of every recipe: golden within tolerance of the FP64 reference.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "models/recipe.hpp"

namespace mixsim {
namespace {

MatrixF32 random_matrix(int64_t r, int64_t c, uint32_t seed) {
  std::mt19937 gen(seed);
  std::student_t_distribution<float> heavy(3.0f);
  MatrixF32 m(r, c);
  for (auto& v : m.storage()) v = heavy(gen);
  return m;
}

double rel_fro(const MatrixF32& y, const MatrixF64& ref) {
  double num = 0, den = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const double d = y.storage()[i] - ref.storage()[i];
    num += d * d;
    den += ref.storage()[i] * ref.storage()[i];
  }
  return std::sqrt(num / den);
}

TEST(RecipeSmoke, EveryRecipeMatchesReference) {
  const uint32_t seed = 1234;
  std::printf("seed=%u\n", seed);
  const MatrixF32 x = random_matrix(5, 256, seed);
  const MatrixF32 w = random_matrix(7, 256, seed + 1);
  for (const auto& name : known_recipe_names()) {
    SCOPED_TRACE(name);
    const Recipe r = parse_recipe(name);
    EXPECT_EQ(r.name, name);
    const QuantizedOperands ops = quantize_operands(r, x, w);
    const MatrixF32 y = golden_gemm(ops);
    const MatrixF64 ref = reference_gemm_f64(ops);
    const double err = rel_fro(y, ref);
    EXPECT_LE(err, 1e-5 * std::sqrt(256.0 / 128.0)) << name;
    EXPECT_TRUE(std::isfinite(err));
  }
}

}  // namespace
}  // namespace mixsim
