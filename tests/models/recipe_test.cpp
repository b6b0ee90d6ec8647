// Recipe names and quantize_operands input validation.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "models/recipe.hpp"

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

TEST(Recipe, KnownNamesParseToThemselves) {
  const auto names = known_recipe_names();
  EXPECT_GE(names.size(), 27u);
  for (const auto& name : names) EXPECT_EQ(parse_recipe(name).name, name);
}

TEST(Recipe, FieldsOfRepresentativeNames) {
  const Recipe a = parse_recipe("w4a8-g64-asym-intscale");
  EXPECT_EQ(a.kind, RecipeKind::W4A8IntScale);
  EXPECT_EQ(a.group_size, 64);
  EXPECT_FALSE(a.weight_symmetric);
  EXPECT_EQ(a.weight_bits, 4);
  const Recipe b = parse_recipe("w4a16");  // default group size
  EXPECT_EQ(b.name, "w4a16-g128");
  const Recipe c = parse_recipe("w8a8");
  EXPECT_EQ(c.weight_bits, 8);
  EXPECT_EQ(c.group_size, 0);
  EXPECT_EQ(parse_recipe("mxfp4").group_size, 32);
  EXPECT_EQ(parse_recipe("nvfp4").group_size, 16);
}

TEST(Recipe, UnknownNamesListKnownOnes) {
  for (const char* bad : {"w5a8", "w3a4", "w4a8-g100", "w4a16-intscale", "w8a8-g128", "mxfp4-g16",
                          "", "w4a8-g128-foo", "w4a8-g"}) {
    const std::string e = error_of([&] { parse_recipe(bad); });
    EXPECT_NE(e.find(std::string("'") + bad + "'"), std::string::npos) << e;
    EXPECT_NE(e.find("w4a8-g128-intscale"), std::string::npos) << e;
    EXPECT_NE(e.find("nvfp4"), std::string::npos) << e;
  }
}

TEST(Recipe, QuantizeOperandsRejectsBadShapesAndValues) {
  const Recipe r = parse_recipe("w4a8-g128");
  EXPECT_NE(error_of([&] { quantize_operands(r, MatrixF32(2, 128), MatrixF32(3, 256)); })
                .find("K differs"),
            std::string::npos);
  EXPECT_NE(error_of([&] { quantize_operands(r, MatrixF32(2, 192), MatrixF32(3, 192)); })
                .find("not a multiple of the group size G=128"),
            std::string::npos);
  MatrixF32 x(2, 128, 1.0f);
  x(1, 100) = std::nanf("");
  EXPECT_NE(error_of([&] { quantize_operands(r, x, MatrixF32(3, 128, 1.0f)); })
                .find("X (activations)[1][100] is NaN"),
            std::string::npos);
  MatrixF32 w(3, 128, 1.0f);
  w(2, 0) = -INFINITY;
  EXPECT_NE(error_of([&] { quantize_operands(r, MatrixF32(2, 128, 1.0f), w); })
                .find("W (weights)[2][0] is -inf"),
            std::string::npos);
  EXPECT_NE(error_of([&] { quantize_operands(parse_recipe("mxfp4"), MatrixF32(1, 48, 1.0f),
                                             MatrixF32(1, 48, 1.0f)); })
                .find("K=48"),
            std::string::npos);
  EXPECT_NE(error_of([&] { quantize_operands(r, MatrixF32(0, 128), MatrixF32(1, 128)); })
                .find("non-empty"),
            std::string::npos);
  // w8a8 is one group of K: |P| <= 127 * 128 * K must stay inside INT32 (K <= 132104).
  EXPECT_NE(error_of([&] { quantize_operands(parse_recipe("w8a8"), MatrixF32(1, 132105, 1.0f),
                                             MatrixF32(1, 132105, 1.0f)); })
                .find("too large for an INT32 partial sum"),
            std::string::npos);
  EXPECT_NO_THROW(quantize_operands(parse_recipe("w8a8"), MatrixF32(1, 132104, 1.0f),
                                    MatrixF32(1, 132104, 1.0f)));
  // W4A16 keeps activations in FP16: a value beyond 65504 cannot be represented.
  MatrixF32 big(1, 128, 1.0f);
  big(0, 3) = 1e6f;
  EXPECT_NE(error_of([&] { quantize_operands(parse_recipe("w4a16"), big, MatrixF32(1, 128, 1.0f)); })
                .find("overflows FP16"),
            std::string::npos);
}

TEST(Recipe, TwoAndThreeBitWeightRecipesQuantizeIntoTheirCodeRange) {
  const Recipe a = parse_recipe("w2a8-g32");
  EXPECT_EQ(a.kind, RecipeKind::W4A8);  // the INT8-activation group-dequant kind, any width
  EXPECT_EQ(a.weight_bits, 2);
  EXPECT_EQ(parse_recipe("w3a16-g64-asym").name, "w3a16-g64-asym");
  EXPECT_EQ(parse_recipe("w3a16-g64-asym").weight_bits, 3);
  EXPECT_EQ(parse_recipe("w2a8-asym-intscale").name, "w2a8-g128-asym-intscale");
  const auto names = known_recipe_names();
  // kinds x sym/asym x groups x {4,2,3} bits, w4a4 sym/asym x groups, w8a8 mxfp4 nvfp4 fp8 x 2
  // + slim, lut x 4 groups; + BF16 and E4M3 float activations x 3 widths x sym/asym x 4 groups
  EXPECT_EQ(names.size(), 3u * 2u * 4u * 3u + 2u * 4u + 4u + 4u + 5u + 2u * 3u * 2u * 4u);
  MatrixF32 x(2, 64), w(3, 64);
  for (int64_t k = 0; k < 64; ++k) {
    x(0, k) = static_cast<float>(k) - 20.0f, x(1, k) = 0.5f * static_cast<float>(k % 7);
    for (int64_t n = 0; n < 3; ++n) w(n, k) = std::sin(static_cast<float>(k * (n + 1)));
  }
  for (const char* name : {"w2a8-g32", "w2a8-g32-asym", "w3a8-g64", "w3a8-g32-asym"}) {
    const Recipe r = parse_recipe(name);
    const QuantizedOperands ops = quantize_operands(r, x, w);
    const int lo = r.weight_symmetric ? -(1 << (r.weight_bits - 1)) : 0;
    const int hi = r.weight_symmetric ? (1 << (r.weight_bits - 1)) - 1 : (1 << r.weight_bits) - 1;
    bool hit_hi = false;
    for (int8_t q : ops.weights->codes) {
      EXPECT_GE(q, lo) << name;
      EXPECT_LE(q, hi) << name;
      hit_hi |= q == hi;
    }
    EXPECT_TRUE(hit_hi) << name;  // sin spans the range: the top code is used
    EXPECT_EQ(ops.weights->bits, r.weight_bits);
  }
}

}  // namespace
}  // namespace mixsim
