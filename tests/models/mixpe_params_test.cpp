// The parameterized MixPE (models/pe/mixpe_params.hpp): the generic shift-and-add product, the
// accumulator width rule, parameter range errors and the datapath GEMM against golden_gemm.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>

#include "models/golden_gemms.hpp"
#include "models/pe/mixpe_params.hpp"
#include "models/recipe.hpp"
#include "tests/models/test_matrices.hpp"

namespace mixsim {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(MixPeParams, ShiftAddEqualsProductForEveryWidthWeightAndActivation) {
  int64_t cases = 0;
  for (int bits = 2; bits <= 5; ++bits)
    for (int w = -(1 << (bits - 1)); w < (1 << (bits - 1)); ++w)
      for (int a = -128; a <= 127; ++a) {
        ASSERT_EQ(pe::shift_add_multiply(a, w, bits), a * w) << "bits " << bits << " a " << a << " w " << w;
        ++cases;
      }
  EXPECT_EQ(cases, 256 * (4 + 8 + 16 + 32));
  EXPECT_THROW(pe::shift_add_multiply(1, 2, 2), std::out_of_range);   // 2 is not a 2-bit code
  EXPECT_THROW(pe::shift_add_multiply(1, -5, 3), std::out_of_range);
}

TEST(MixPeParams, MinimumAccumulatorHoldsTheFullScaleGroupAndOneBitLessWraps) {
  for (int bits : pe::mixpe_allowed_weight_bits())
    for (bool sym : {true, false})
      for (int g : pe::mixpe_allowed_groups()) {
        pe::MixPeParams p{bits, "int8", g, 0, sym};
        const int n = pe::mixpe_min_accumulator_bits(p);
        const int64_t w_min = sym ? -(int64_t{1} << (bits - 1)) : -((int64_t{1} << bits) - 1);
        const int64_t worst = -128 * w_min * g;  // every product a = -128 times the most negative weight
        EXPECT_EQ(pe::wrap_to_bits(worst, n), worst) << bits << " " << sym << " " << g;
        EXPECT_NE(pe::wrap_to_bits(worst, n - 1), worst) << bits << " " << sym << " " << g;
      }
  // The documented RTL case: INT4 x INT8, G = 128 -> 19 bits (docs/RTL.md).
  EXPECT_EQ(pe::mixpe_min_accumulator_bits({4, "int8", 128, 0, true}), 19);
  EXPECT_EQ(pe::mixpe_min_accumulator_bits({2, "int8", 32, 0, true}), 15);
  EXPECT_EQ(pe::mixpe_min_accumulator_bits({3, "int8", 256, 0, false}), 19);
  EXPECT_EQ(pe::mixpe_min_accumulator_bits({4, "fp16", 128, 0, true}), 32);
}

TEST(MixPeParams, OutOfRangeParametersNameTheKeyAndTheAllowedValues) {
  const auto e1 = error_of([] { pe::validate_mixpe_params({5, "int8", 128, 0, true}); });
  EXPECT_NE(e1.find("weight_bits 5"), std::string::npos) << e1;
  EXPECT_NE(e1.find("allowed: 2, 3, 4"), std::string::npos) << e1;
  const auto e2 = error_of([] { pe::validate_mixpe_params({4, "int8", 48, 0, true}); });
  EXPECT_NE(e2.find("group 48"), std::string::npos) << e2;
  EXPECT_NE(e2.find("allowed: 32, 64, 128, 256"), std::string::npos) << e2;
  const auto e3 = error_of([] { pe::validate_mixpe_params({4, "fp8-e5m2", 128, 0, true}); });
  EXPECT_NE(e3.find("activation 'fp8-e5m2'"), std::string::npos) << e3;
  EXPECT_NE(e3.find("allowed: int8, fp16, bf16, fp8-e4m3"), std::string::npos) << e3;
  EXPECT_EQ(error_of([] { pe::validate_mixpe_params({4, "bf16", 128, 0, true}); }), "");
  EXPECT_EQ(error_of([] { pe::validate_mixpe_params({3, "fp8-e4m3", 64, 32, false}); }), "");
  EXPECT_NE(error_of([] { pe::validate_mixpe_params({4, "bf16", 128, 24, true}); }).find("allowed: 32"),
            std::string::npos);
  const auto e4 = error_of([] { pe::validate_mixpe_params({4, "int8", 128, 18, true}); });
  EXPECT_NE(e4.find("accumulator_bits 18"), std::string::npos) << e4;
  EXPECT_NE(e4.find("allowed: 19..32"), std::string::npos) << e4;
  const auto e5 = error_of([] { pe::validate_mixpe_params({4, "fp16", 128, 24, true}); });
  EXPECT_NE(e5.find("allowed: 32"), std::string::npos) << e5;
  EXPECT_EQ(error_of([] { pe::validate_mixpe_params({4, "int8", 128, 19, true}); }), "");
  EXPECT_EQ(error_of([] { pe::validate_mixpe_params({2, "fp16", 32, 32, false}); }), "");
}

TEST(MixPeParams, RecipeNamesLabelsAndMismatch) {
  const pe::MixPeParams p{3, "int8", 64, 0, false};
  EXPECT_EQ(pe::mixpe_recipe_name(p), "w3a8-g64-asym");
  EXPECT_EQ(pe::mixpe_label(p), "mixpe-w3a8-g64-asym-acc17");
  EXPECT_EQ(pe::mixpe_recipe_name({2, "fp16", 256, 0, true}), "w2a16-g256");
  EXPECT_EQ(pe::mixpe_recipe_name({4, "bf16", 128, 0, true}), "w4abf16-g128");
  EXPECT_EQ(pe::mixpe_recipe_name({3, "fp8-e4m3", 32, 0, false}), "w3afp8-g32-asym");
  EXPECT_EQ(pe::mixpe_label({4, "bf16", 128, 0, true}), "mixpe-w4abf16-g128-acc32");
  EXPECT_EQ(pe::mixpe_label({2, "fp8-e4m3", 64, 0, true}), "mixpe-w2afp8-g64-acc32");
  // The float module with the format's field widths; FP16 keeps the module defaults.
  const pe::VerilogPoint vb = pe::mixpe_verilog_point({4, "bf16", 128, 0, true});
  EXPECT_EQ(vb.module, "mixpe_fp16_pe");
  EXPECT_EQ(vb.parameters.at("EXP_WIDTH"), 8);
  EXPECT_EQ(vb.parameters.at("MAN_WIDTH"), 7);
  EXPECT_EQ(pe::mixpe_verilog_point({4, "fp8-e4m3", 128, 0, true}).parameters.at("MAN_WIDTH"), 3);
  EXPECT_EQ(pe::mixpe_verilog_point({4, "fp16", 128, 0, true}).parameters.count("EXP_WIDTH"), 0u);
  const auto ef = error_of([] { pe::require_mixpe_recipe({4, "bf16", 128, 0, true}, parse_recipe("w4a16-g128")); });
  EXPECT_NE(ef.find("allowed recipes: w4abf16-g128"), std::string::npos) << ef;
  EXPECT_EQ(error_of([&] { pe::require_mixpe_recipe(p, parse_recipe("w3a8-g64-asym-intscale")); }), "");
  const auto e = error_of([&] { pe::require_mixpe_recipe(p, parse_recipe("w4a8-g64-asym")); });
  EXPECT_NE(e.find("recipe w4a8-g64-asym does not match"), std::string::npos) << e;
  EXPECT_NE(e.find("allowed recipes: w3a8-g64-asym, w3a8-g64-asym-intscale"), std::string::npos) << e;
  const pe::VerilogPoint v = pe::mixpe_verilog_point(p);
  EXPECT_EQ(v.module, "mixpe_pe");
  EXPECT_EQ(v.parameters.at("W_WIDTH"), 4);  // centred 3-bit asymmetric codes need 4 bits
  EXPECT_EQ(v.parameters.at("ACC_WIDTH"), 17);
  EXPECT_EQ(v.parameters.at("GROUP_SIZE"), 64);
}

// For every point: Y of the PE datapath (shift-and-add products, accumulator_bits register,
// then the recipe's dequantization order) equals golden_gemm bit for bit, and every group
// partial sum equals the straightforward int64 sum.
TEST(MixPeParams, DatapathGemmEqualsGoldenForEveryWeightWidthActivationAndGroup) {
  const uint32_t seed = 1414;
  std::printf("seed %u\n", seed);
  int points = 0;
  for (int bits : pe::mixpe_allowed_weight_bits())
    for (const std::string act : {"int8", "fp16", "bf16", "fp8-e4m3"})
      for (bool sym : {true, false})
        for (int g : {32, 128}) {
          const pe::MixPeParams p{bits, act, g, 0, sym};
          const MatrixF32 x = testing::random_matrix(5, 256, seed + points);
          testing::MatrixStyle ws;
          ws.zero_group_size = g;
          const MatrixF32 w = testing::random_matrix(7, 256, seed + 100 + points, ws);
          std::vector<std::string> recipes{pe::mixpe_recipe_name(p)};
          if (act == "int8") recipes.push_back(recipes[0] + "-intscale");
          for (const auto& name : recipes) {
            const QuantizedOperands ops = quantize_operands(parse_recipe(name), x, w);
            const MatrixF32 golden = golden_gemm(ops);
            const MatrixF32 model = pe::golden_gemm_mixpe(p, ops);
            for (size_t i = 0; i < golden.size(); ++i)
              ASSERT_TRUE(same_bits(model.storage()[i], golden.storage()[i]))
                  << name << " element " << i << ": " << model.storage()[i] << " vs " << golden.storage()[i];
            if (act == "int8") {
              const auto partials = pe::mixpe_group_partial_sums(p, *ops.activations, *ops.weights);
              const int64_t groups = ops.weights->groups();
              for (int64_t m = 0; m < 5; ++m)
                for (int64_t n = 0; n < 7; ++n)
                  for (int64_t gg = 0; gg < groups; ++gg)
                    ASSERT_EQ(partials[static_cast<size_t>((m * 7 + n) * groups + gg)],
                              group_partial_sum(*ops.activations, m, *ops.weights, n, gg));
            }
          }
          ++points;
        }
  EXPECT_EQ(points, 48);
}

// A deliberately too-narrow accumulator (bypassing validation through wrap_to_bits) changes
// a full-scale group's sum: the model is sensitive to the width it is given.
TEST(MixPeParams, NarrowAccumulatorWrapsTheFullScaleGroup) {
  QuantizedActivations a;
  a.rows = 1, a.cols = 32, a.bits = 8;
  a.codes.assign(32, -128);
  a.scales = {1.0f};
  QuantizedMatrix w;
  w.rows = 1, w.cols = 32, w.group_size = 32, w.bits = 2, w.is_symmetric = true;
  w.codes.assign(32, -2);
  w.scales = {1.0f};
  const pe::MixPeParams p{2, "int8", 32, 0, true};
  EXPECT_EQ(pe::mixpe_group_partial_sums(p, a, w)[0], 8192);  // 32 * 256, needs 15 bits
  EXPECT_EQ(pe::mixpe_min_accumulator_bits(p), 15);
  EXPECT_EQ(pe::wrap_to_bits(8192, 14), -8192);
}

}  // namespace
}  // namespace mixsim
