#include "workloads/workload_recipe.hpp"

#include <algorithm>
#include <stdexcept>

#include "workloads/embedded_files.hpp"
#include "workloads/yaml_fields.hpp"

namespace mixsim::workloads {

namespace {

const std::set<std::string> kRecipeKeys = {
    "name", "description", "source", "kind", "models_recipe", "kv_bits", "key_group_tokens",
    "value_group_channels", "residual_tokens"};

OperandStorage fp16_storage() { return {16.0, 0, 0.0, 0.0}; }

}  // namespace

StoragePlan storage_for(const Recipe& r) {
  StoragePlan p;  // FP16 everywhere by default
  switch (r.kind) {
    case RecipeKind::W4A16:
    case RecipeKind::W4A8:
    case RecipeKind::W4A8IntScale:
      // b-bit codes; per group an FP16 scale (integer scale: 16-bit integer) + b-bit zero if asym.
      p.weights = {static_cast<double>(r.weight_bits), r.group_size,
                   16.0 + (r.weight_symmetric ? 0.0 : r.weight_bits), 0.0};
      if (r.mixed_bits) p.weights = {3.0, r.group_size, 16.0 + 2.0, 0.0};  // avg 3 bits + width tag
      if (r.binary_coded) p.weights = {3.0, r.group_size, 16.0, 0.0};      // 3 bit-planes + alpha
      if (r.kind != RecipeKind::W4A16)  // INT8 (INT4 for w4a4) + FP32/token
        p.activations = {static_cast<double>(r.activation_bits), 0, 0.0, 32.0};
      else if (r.float_activation == FloatActivation::FP8E4M3)  // E4M3 + FP32/token
        p.activations = {8.0, 0, 0.0, 32.0};
      break;
    case RecipeKind::W8A8:
      p.weights = {8.0, 0, 0.0, 16.0};  // per-channel: one FP16 scale per output row
      p.activations = {8.0, 0, 0.0, 32.0};
      break;
    case RecipeKind::MXFP4:
      p.weights = p.activations = {4.0, 32, 8.0, 0.0};  // E2M1 + E8M0 per 32
      break;
    case RecipeKind::NVFP4:
      p.weights = p.activations = {4.0, 16, 8.0, 0.0};  // E2M1 + E4M3 per 16 (+ 1 FP32/tensor)
      break;
    case RecipeKind::FP8:
      p.weights = p.activations = {8.0, 0, 0.0, 32.0};  // FP8 + one FP32 scale per row
      break;
  }
  p.kv_cache = p.weights;  // gemm recipes quantize the K/V cache like a weight (see header)
  p.outputs = fp16_storage();
  return p;
}

WorkloadRecipe parse_workload_recipe_yaml(std::string_view yaml_text, const std::string& origin) {
  const YamlFields f(yaml_text, origin);
  f.reject_unknown_keys(kRecipeKeys);
  WorkloadRecipe r;
  r.name = f.string("name");
  r.description = f.string("description");
  r.source = f.string_or("source", "");
  const std::string kind = f.choice("kind", {"fp16", "gemm", "kv-cache"});
  if (kind == "gemm") {
    r.kind = WorkloadRecipeKind::Gemm;
    try {
      r.gemm = parse_recipe(f.string("models_recipe"));
    } catch (const std::invalid_argument& e) {
      f.fail("models_recipe", e.what());
    }
    r.storage = storage_for(*r.gemm);
  } else if (kind == "kv-cache") {
    r.kind = WorkloadRecipeKind::KvCache;
    KvCacheQuantConfig kv;
    kv.bits = static_cast<int>(f.int_or("kv_bits", kv.bits, 1));
    if (kv.bits > 8) f.fail("kv_bits", "must be in 1..8");
    kv.key_group_tokens = f.int_or("key_group_tokens", kv.key_group_tokens, 1);
    kv.value_group_channels = f.int_or("value_group_channels", kv.value_group_channels, 1);
    kv.residual_tokens = f.int_or("residual_tokens", kv.residual_tokens, 0);
    r.kv = kv;
    // Codes + an FP16 scale and FP16 minimum per group (groups of 32 either way by default);
    // the FP16 residual window is not counted (it is a fixed 128 tokens).
    r.storage.kv_cache = {static_cast<double>(kv.bits), kv.key_group_tokens, 32.0, 0.0};
  } else {
    r.kind = WorkloadRecipeKind::Fp16;
  }
  if (kind != "gemm" && f.has("models_recipe"))
    f.fail("models_recipe", "only recipes of kind 'gemm' name a models recipe");
  return r;
}

std::vector<std::string> known_workload_recipe_names() {
  std::vector<std::string> names;
  for (const auto& file : embedded_recipe_files())
    names.push_back(parse_workload_recipe_yaml(file.text, std::string(file.path)).name);
  std::sort(names.begin(), names.end());
  return names;
}

WorkloadRecipe find_workload_recipe(std::string_view name) {
  for (const auto& file : embedded_recipe_files()) {
    WorkloadRecipe r = parse_workload_recipe_yaml(file.text, std::string(file.path));
    if (r.name == name) return r;
  }
  throw std::invalid_argument("unknown recipe '" + std::string(name) +
                              "'; known recipes: " + join(known_workload_recipe_names(), ", "));
}

std::vector<WorkloadRecipe> parse_workload_recipe_list(const std::string& list) {
  std::vector<WorkloadRecipe> out;
  if (list == "all") {
    for (const auto& file : embedded_recipe_files())
      out.push_back(parse_workload_recipe_yaml(file.text, std::string(file.path)));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
  }
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string name = list.substr(start, comma - start);
    if (name.empty()) throw std::invalid_argument("empty recipe name in list '" + list + "'");
    out.push_back(find_workload_recipe(name));
    start = comma + 1;
  }
  return out;
}

}  // namespace mixsim::workloads
