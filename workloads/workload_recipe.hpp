#pragma once
// Named quantization recipes of a workload (workloads/recipes/<name>.yaml): which models/
// recipe the projection GEMMs use, how the K/V cache is stored, and the bytes model that follows.
// The recipe files are compiled into the library like the catalogue.
//
// How a recipe turns a layer's FP tensors into quantized operands (quantize_gemm):
//  * kind "gemm" (w4a16-g128-asym, w4a8-g128, w4a8-g128-intscale, w8a8, mxfp4, nvfp4): every GEMM
//    of the layer, projections and attention alike, goes through models::quantize_operands with
//    the recipe; for attention the K cache (QK^T) and V cache^T (PV) take the weight's place,
//    so the recipe also says how the KV cache is stored (e.g. 4-bit groups of 128).
//  * kind "fp16": both operands rounded to FP16, product in FP64: the unquantized baseline.
//  * kind "kv-cache" (kv2-kivi): projections as fp16; the K and V caches quantized by the KIVI
//    quantizer of kv_cache_quantizer.hpp (keys per channel, values per token), Q and P in FP16.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/recipe.hpp"
#include "workloads/kv_cache_quantizer.hpp"
#include "workloads/operand_storage.hpp"

namespace mixsim::workloads {

enum class WorkloadRecipeKind { Fp16, Gemm, KvCache };

struct WorkloadRecipe {
  std::string name;         // e.g. "w4a16-g128-asym"
  std::string description;
  std::string source;       // paper / format spec the recipe follows
  WorkloadRecipeKind kind = WorkloadRecipeKind::Gemm;
  std::optional<Recipe> gemm;              // kind Gemm: the models/recipe.hpp recipe
  std::optional<KvCacheQuantConfig> kv;    // kind KvCache
  StoragePlan storage;                     // bytes model (operand_storage.hpp)
};

// Throws std::invalid_argument naming the unknown recipe and listing the known ones.
WorkloadRecipe find_workload_recipe(std::string_view name);
std::vector<std::string> known_workload_recipe_names();  // sorted
// "all" -> every known recipe; otherwise a comma-separated list of names.
std::vector<WorkloadRecipe> parse_workload_recipe_list(const std::string& list);

// Parses one recipe YAML document; errors name `origin`, the line, the key and allowed values.
WorkloadRecipe parse_workload_recipe_yaml(std::string_view yaml_text, const std::string& origin);

// The memory footprint of a models/ recipe's operands (weights: b-bit codes + FP16 scale
// (+ zero) per group; activations: FP16, or INT8 + one FP32 scale per token; MX/NV block scales).
StoragePlan storage_for(const Recipe& recipe);

}  // namespace mixsim::workloads
