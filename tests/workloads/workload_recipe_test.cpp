// Named workload recipes: the issue's set exists, maps onto models/ recipes, bytes model, errors.
#include <gtest/gtest.h>

#include <algorithm>

#include "workloads/workload_recipe.hpp"
#include "workloads/deterministic_random.hpp"
#include "models/fp16.hpp"

namespace mixsim::workloads {
namespace {

TEST(WorkloadRecipes, TheIssuesRecipesExistAndMapOntoModelsRecipes) {
  const auto names = known_workload_recipe_names();
  for (const char* want : {"w4a16-g128-asym", "w4a8-g128", "w4a8-g128-intscale", "w8a8", "mxfp4",
                           "nvfp4", "kv2-kivi", "fp16"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  const WorkloadRecipe w4a16 = find_workload_recipe("w4a16-g128-asym");
  ASSERT_TRUE(w4a16.gemm);
  EXPECT_EQ(w4a16.gemm->kind, RecipeKind::W4A16);
  EXPECT_FALSE(w4a16.gemm->weight_symmetric);
  EXPECT_EQ(w4a16.gemm->group_size, 128);
  EXPECT_EQ(find_workload_recipe("w4a8-g128-intscale").gemm->kind, RecipeKind::W4A8IntScale);
  EXPECT_EQ(find_workload_recipe("w8a8").gemm->weight_bits, 8);
  const WorkloadRecipe kv = find_workload_recipe("kv2-kivi");
  EXPECT_EQ(kv.kind, WorkloadRecipeKind::KvCache);
  ASSERT_TRUE(kv.kv);
  EXPECT_EQ(kv.kv->bits, 2);
  EXPECT_EQ(kv.kv->key_group_tokens, 32);
  EXPECT_EQ(kv.kv->residual_tokens, 128);
  for (const auto& r : parse_workload_recipe_list("all"))
    if (r.gemm) {
      EXPECT_EQ(r.gemm->name, r.name) << "file name and models canonical name agree";
    }
}

TEST(WorkloadRecipes, StorageBytesFollowTheFormat) {
  // 4096 x 4096 INT4 asym g128: 4 bits/weight + (FP16 scale + 4-bit zero) per 128 weights.
  const StoragePlan w4 = find_workload_recipe("w4a16-g128-asym").storage;
  EXPECT_EQ(w4.weights.bytes(4096, 4096), 4096 * 4096 / 2 + 4096 * 32 * 20 / 8);
  EXPECT_EQ(w4.activations.bytes(1, 4096), 8192);
  const StoragePlan w8 = find_workload_recipe("w8a8").storage;
  EXPECT_EQ(w8.weights.bytes(4096, 4096), 4096 * 4096 + 4096 * 2);
  EXPECT_EQ(w8.activations.bytes(2, 4096), 2 * 4096 + 2 * 4);
  const StoragePlan mx = find_workload_recipe("mxfp4").storage;
  EXPECT_EQ(mx.weights.bytes(1, 4096), 4096 / 2 + 4096 / 32);
  const StoragePlan nv = find_workload_recipe("nvfp4").storage;
  EXPECT_EQ(nv.weights.bytes(1, 4096), 4096 / 2 + 4096 / 16);
  const StoragePlan kv = find_workload_recipe("kv2-kivi").storage;
  EXPECT_EQ(kv.kv_cache.bytes(2048, 128), 2048 * 128 / 4 + 2048 * 4 * 4);
  EXPECT_EQ(kv.weights.bytes(10, 10), 200);  // projections stay FP16
  // MixPE float activations: BF16 is 2 bytes and unscaled; E4M3 1 byte + an FP32 scale per token.
  const StoragePlan bf = find_workload_recipe("w4abf16-g128").storage;
  EXPECT_EQ(bf.activations.bytes(2, 4096), 2 * 8192);
  EXPECT_EQ(bf.weights.bytes(1, 4096), 4096 / 2 + 32 * 2);
  const StoragePlan f8 = find_workload_recipe("w4afp8-g128").storage;
  EXPECT_EQ(f8.activations.bytes(2, 4096), 2 * 4096 + 2 * 4);
  EXPECT_EQ(find_workload_recipe("w4afp8-g128").gemm->float_activation, FloatActivation::FP8E4M3);
}

TEST(WorkloadRecipes, UnknownNamesListTheKnownOnes) {
  try {
    parse_workload_recipe_list("w8a8,w3a5");
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'w3a5'"), std::string::npos) << what;
    EXPECT_NE(what.find("kv2-kivi"), std::string::npos) << what;
    EXPECT_NE(what.find("w4a16-g128-asym"), std::string::npos) << what;
  }
  EXPECT_EQ(parse_workload_recipe_list("w8a8,mxfp4").size(), 2u);
  EXPECT_THROW(parse_workload_recipe_list("w8a8,"), std::invalid_argument);
}

std::string yaml_error(const std::string& text) {
  try {
    parse_workload_recipe_yaml(text, "r.yaml");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(WorkloadRecipes, BadYamlNamesFileKeyAndAllowedValues) {
  const std::string base = "name: x\ndescription: d\n";
  EXPECT_EQ(yaml_error(base + "kind: gemm\nmodels_recipe: w8a8\n"), "");
  const std::string kind = yaml_error(base + "kind: int3\n");
  EXPECT_NE(kind.find("r.yaml:3"), std::string::npos) << kind;
  EXPECT_NE(kind.find("fp16, gemm, kv-cache"), std::string::npos) << kind;
  const std::string models = yaml_error(base + "kind: gemm\nmodels_recipe: w5a4\n");
  EXPECT_NE(models.find("models_recipe"), std::string::npos) << models;
  EXPECT_NE(models.find("w4a8-g128"), std::string::npos) << models;
  EXPECT_NE(yaml_error(base + "kind: gemm\nmodels_recipe: w8a8\ngroup: 3\n").find("unknown key 'group'"),
            std::string::npos);
  EXPECT_NE(yaml_error(base + "kind: kv-cache\nkv_bits: 0\n").find("kv_bits"), std::string::npos);
}

}  // namespace
}  // namespace mixsim::workloads
