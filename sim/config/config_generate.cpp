#include "sim/config/config_generate.hpp"

#include <fmt/format.h>

#include "sim/run/kv_cache_plan.hpp"
#include "workloads/model_catalogue.hpp"

namespace mixsim::sim {
namespace {
constexpr int64_t kMaxTokens = int64_t{1} << 24;
}

GenerateConfig parse_generate(const ConfigNode& node, const std::string& model) {
  node.expect_keys({"prompt", "tokens", "batch", "kv_cache", "mode", "overlap"});
  GenerateConfig g;
  g.prompt = node.child("prompt").as_int(1, kMaxTokens);
  g.tokens = node.child("tokens").as_int(1, kMaxTokens);
  if (auto c = node.optional_child("batch")) g.batch = c->as_int(1, 65536);
  if (auto c = node.optional_child("kv_cache")) {
    std::vector<std::string> allowed = {"auto"};
    for (const auto& n : kv_cache_names()) allowed.push_back(n);
    g.kv_cache = c->as_choice(allowed);
  }
  if (auto c = node.optional_child("mode")) g.mode = c->as_choice({"fast", "cycle"}) == "cycle" ? SimMode::Cycle : SimMode::Fast;
  if (auto c = node.optional_child("overlap")) g.overlap = c->as_bool();
  const workloads::ModelSpec spec = workloads::find_model(model);
  if (spec.max_position_embeddings > 0 && g.prompt + g.tokens - 1 > spec.max_position_embeddings)
    node.child("tokens").fail(fmt::format(
        "prompt {} + tokens {} needs a context of {} tokens, beyond {}'s maximum of {} "
        "(max_position_embeddings); allowed: prompt + tokens - 1 <= {}",
        g.prompt, g.tokens, g.prompt + g.tokens - 1, model, spec.max_position_embeddings,
        spec.max_position_embeddings));
  return g;
}

VectorUnitConfig parse_vector_unit(const ConfigNode& node) {
  node.expect_keys({"lanes", "latency_cycles", "ops_per_lane_cycle"});
  VectorUnitConfig v;
  if (auto c = node.optional_child("lanes")) v.lanes = static_cast<int>(c->as_int(1, 65536));
  if (auto c = node.optional_child("latency_cycles")) v.latency_cycles = static_cast<int>(c->as_int(0, 1 << 20));
  if (auto rates = node.optional_child("ops_per_lane_cycle")) {
    std::vector<std::string> names(kVectorClassNames.begin(), kVectorClassNames.end());
    rates->expect_keys(names);
    for (size_t i = 0; i < names.size(); ++i)
      if (auto r = rates->optional_child(names[i])) v.ops_per_lane_cycle[i] = r->as_double(1e-6, 64.0);
  }
  return v;
}

}  // namespace mixsim::sim
