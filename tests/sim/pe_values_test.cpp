// Output values of every PE type through the cycle model vs the golden models: bit-exact for
// integer recipes, documented tolerances (ARITHMETIC.md) for float paths. Randomized small
// GEMMs with printed seeds; several array shapes so tiles are partial and groups span tiles.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <ostream>

#include "models/fp16.hpp"
#include "models/golden_gemms.hpp"
#include "models/recipe.hpp"
#include "sim/run/simulator.hpp"
#include "tests/sim/sim_test_data.hpp"

namespace mixsim::sim {
namespace {

using testing::outlier_matrix;
using testing::small_hardware;

struct Shape {
  int64_t m, n, k;
  int rows, cols;
};

const Shape kShapes[] = {{1, 40, 256, 16, 8}, {7, 24, 128, 32, 16}, {37, 33, 256, 8, 8},
                         {64, 16, 384, 32, 32}};

double rel_fro(const MatrixF32& y, const MatrixF64& ref) {
  double num = 0, den = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const double d = static_cast<double>(y.storage()[i]) - ref.storage()[i];
    num += d * d;
    den += ref.storage()[i] * ref.storage()[i];
  }
  return std::sqrt(num / den);
}

bool all_finite(const MatrixF32& y) {
  for (float v : y.storage())
    if (!std::isfinite(v)) return false;
  return true;
}

const Dataflow kDataflows[] = {Dataflow::WeightStationary, Dataflow::OutputStationary};

HardwareConfig hardware_for(const Shape& s, Dataflow d) {
  HardwareConfig hw = small_hardware(s.rows, s.cols);
  hw.array.dataflow = d;
  return hw;
}

const char* dataflow_name(Dataflow d) {
  return d == Dataflow::WeightStationary ? "weight-stationary" : "output-stationary";
}

GemmSimResult run_cycle(const HardwareConfig& hw, const std::string& pe, const std::string& recipe,
                        const Shape& s, const QuantizedOperands* ops, const MatrixF32* x = nullptr,
                        const MatrixF32* w = nullptr) {
  GemmJob job;
  job.name = "test";
  job.m = s.m;
  job.n = s.n;
  job.k = s.k;
  job.pe_type = pe;
  job.recipe = recipe;
  job.operands = ops;
  job.x_fp = x;
  job.w_fp = w;
  return simulate_gemm(hw, default_energy_table(), job, SimMode::Cycle);
}

class IntegerRecipeValues : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(IntegerRecipeValues, EqualGoldenBitForBit) {
  const auto [pe, recipe_name] = GetParam();
  uint32_t seed = 1234;
  for (const Shape& s : kShapes) {
    ++seed;
    std::printf("pe=%s recipe=%s m=%lld n=%lld k=%lld array=%dx%d seed=%u\n", pe, recipe_name,
                static_cast<long long>(s.m), static_cast<long long>(s.n),
                static_cast<long long>(s.k), s.rows, s.cols, seed);
    SCOPED_TRACE("seed=" + std::to_string(seed));
    const MatrixF32 x = outlier_matrix(s.m, s.k, 1.0f, seed);
    const MatrixF32 w = outlier_matrix(s.n, s.k, 0.02f, seed * 7 + 1);
    const QuantizedOperands ops = quantize_operands(parse_recipe(recipe_name), x, w);
    const MatrixF32 golden = golden_gemm(ops);
    for (const Dataflow d : kDataflows) {
    SCOPED_TRACE(dataflow_name(d));
    const GemmSimResult r = run_cycle(hardware_for(s, d), pe, recipe_name, s, &ops);
    ASSERT_TRUE(r.values.has_value());
    ASSERT_EQ(r.values->rows(), s.m);
    ASSERT_EQ(r.values->cols(), s.n);
    ASSERT_TRUE(all_finite(*r.values));
    int64_t mismatches = 0;
    for (size_t i = 0; i < golden.size(); ++i)
      if (std::memcmp(&golden.storage()[i], &r.values->storage()[i], sizeof(float)) != 0)
        ++mismatches;
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(r.counters.at("macs"), s.m * s.n * s.k);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllIntegerRecipes, IntegerRecipeValues,
    ::testing::Values(std::make_pair("mixpe", "w4a8-g128"), std::make_pair("mixpe", "w4a8-g32"),
                      std::make_pair("mixpe", "w4a8-g64-asym"),
                      std::make_pair("mixpe", "w4a8-g128-intscale"),
                      std::make_pair("mixpe", "w4a8-g32-intscale"),
                      std::make_pair("int8-mac", "w8a8")));

struct FloatCase {
  const char* pe;
  const char* recipe;
  double tolerance;  // relative Frobenius error vs FP64 of the same quantized operands
};

void PrintTo(const FloatCase& c, std::ostream* os) { *os << c.pe << " " << c.recipe; }

class FloatPathValues : public ::testing::TestWithParam<FloatCase> {};

TEST_P(FloatPathValues, WithinToleranceOfFp64Reference) {
  const FloatCase c = GetParam();
  uint32_t seed = 777;
  for (const Shape& s : kShapes) {
    ++seed;
    std::printf("pe=%s recipe=%s m=%lld n=%lld k=%lld seed=%u\n", c.pe, c.recipe,
                static_cast<long long>(s.m), static_cast<long long>(s.n),
                static_cast<long long>(s.k), seed);
    SCOPED_TRACE("seed=" + std::to_string(seed));
    const MatrixF32 x = outlier_matrix(s.m, s.k, 1.0f, seed);
    const MatrixF32 w = outlier_matrix(s.n, s.k, 0.02f, seed * 7 + 1);
    const QuantizedOperands ops = quantize_operands(parse_recipe(c.recipe), x, w);
    const MatrixF64 reference = reference_gemm_f64(ops);
    for (const Dataflow d : kDataflows) {
      const GemmSimResult r = run_cycle(hardware_for(s, d), c.pe, c.recipe, s, &ops);
      ASSERT_TRUE(r.values.has_value());
      ASSERT_TRUE(all_finite(*r.values));
      const double tol = c.tolerance < 0 ? 1e-5 * std::sqrt(s.k / 128.0) : c.tolerance;
      const double err = rel_fro(*r.values, reference);
      std::printf("  %s rel_fro=%.3g tol=%.3g\n", dataflow_name(d), err, tol);
      EXPECT_LE(err, tol);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    FloatPaths, FloatPathValues,
    ::testing::Values(
        // MixPE on FP16 activations: exact products, FP32 accumulation.
        FloatCase{"mixpe", "w4a16-g128", -1.0}, FloatCase{"mixpe", "w4a16-g32", -1.0},
        // dequant-mac rounds each dequantized weight to FP16: FP16-class tolerance.
        FloatCase{"dequant-mac", "w4a8-g128", 2e-3}, FloatCase{"dequant-mac", "w4a16-g64", 2e-3}));

TEST(Fp16MacValues, WithinFp32AccumulationToleranceOfFp64OnFp16Operands) {
  uint32_t seed = 4242;
  for (const Shape& s : kShapes) {
    ++seed;
    std::printf("pe=fp16-mac m=%lld n=%lld k=%lld seed=%u\n", static_cast<long long>(s.m),
                static_cast<long long>(s.n), static_cast<long long>(s.k), seed);
    const MatrixF32 x = outlier_matrix(s.m, s.k, 1.0f, seed);
    const MatrixF32 w = outlier_matrix(s.n, s.k, 0.02f, seed * 7 + 1);
    MatrixF64 x16(s.m, s.k), w16(s.n, s.k);
    for (size_t i = 0; i < x.size(); ++i) x16.storage()[i] = fp16_round(x.storage()[i]);
    for (size_t i = 0; i < w.size(); ++i) w16.storage()[i] = fp16_round(w.storage()[i]);
    const MatrixF64 reference = reference_gemm_dequantized(x16, w16);
    for (const Dataflow d : kDataflows) {
      const GemmSimResult r =
          run_cycle(hardware_for(s, d), "fp16-mac", "w4a16-g128", s, nullptr, &x, &w);
      ASSERT_TRUE(r.values.has_value());
      ASSERT_TRUE(all_finite(*r.values));
      EXPECT_LE(rel_fro(*r.values, reference), 1e-5 * std::sqrt(s.k / 128.0)) << dataflow_name(d);
    }
  }
}

TEST(OutputStationaryValues, MixpeFp16ActivationsEqualGoldenBitForBit) {
  // One group per output-stationary tile, accumulated k-ascending from 0.0f in each PE, then
  // acc = fl32(acc + fl32(s * part)): exactly golden_gemm_w4a16's order.
  uint32_t seed = 99;
  for (const Shape& s : kShapes) {
    ++seed;
    std::printf("m=%lld n=%lld k=%lld seed=%u\n", static_cast<long long>(s.m),
                static_cast<long long>(s.n), static_cast<long long>(s.k), seed);
    const MatrixF32 x = outlier_matrix(s.m, s.k, 1.0f, seed);
    const MatrixF32 w = outlier_matrix(s.n, s.k, 0.02f, seed * 7 + 1);
    const QuantizedOperands ops = quantize_operands(parse_recipe("w4a16-g64"), x, w);
    const MatrixF32 golden = golden_gemm(ops);
    const GemmSimResult r =
        run_cycle(hardware_for(s, Dataflow::OutputStationary), "mixpe", "w4a16-g64", s, &ops);
    ASSERT_TRUE(r.values.has_value());
    EXPECT_EQ(std::memcmp(golden.data(), r.values->data(), golden.size() * sizeof(float)), 0);
  }
}

TEST(PerOutputPeValues, KNotAMultipleOfTheArrayRowsGivesAShortLastTile) {
  // int8-mac (W8A8, one group of K) with K = 200 on a 16-row array: 12 full K-tiles + one of 8
  // (weight-stationary); 200 K-steps in one output-stationary tile.
  const Shape s{13, 40, 200, 16, 16};
  const uint32_t seed = 31337;
  std::printf("seed=%u\n", seed);
  const MatrixF32 x = outlier_matrix(s.m, s.k, 1.0f, seed);
  const MatrixF32 w = outlier_matrix(s.n, s.k, 0.02f, seed + 1);
  const QuantizedOperands ops = quantize_operands(parse_recipe("w8a8"), x, w);
  const MatrixF32 golden = golden_gemm(ops);
  for (const Dataflow d : kDataflows) {
    const GemmSimResult r = run_cycle(hardware_for(s, d), "int8-mac", "w8a8", s, &ops);
    ASSERT_TRUE(r.values.has_value());
    EXPECT_EQ(std::memcmp(golden.data(), r.values->data(), golden.size() * sizeof(float)), 0)
        << dataflow_name(d);
  }
}

TEST(PeValues, NanInputIsRejectedBeforeSimulation) {
  MatrixF32 x = outlier_matrix(2, 128, 1.0f, 5);
  const MatrixF32 w = outlier_matrix(8, 128, 0.02f, 6);
  x(1, 3) = std::nanf("");
  EXPECT_THROW(quantize_operands(parse_recipe("w4a8-g128"), x, w), std::invalid_argument);
}

}  // namespace
}  // namespace mixsim::sim
