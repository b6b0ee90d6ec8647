#include "sim/config/config_pe_params.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "models/pe/mixpe_params.hpp"
#include "sim/config/config_suggest.hpp"

namespace mixsim::sim {
namespace {

std::vector<std::string> as_strings(const std::vector<int>& values) {
  std::vector<std::string> out;
  for (int v : values) out.push_back(std::to_string(v));
  return out;
}

// The PE types that take parameters, and the keys each one takes.
const std::vector<std::string> kParameterizedTypes = {"mixpe"};
const std::vector<std::string> kMixPeKeys = {"type", "weight_bits", "activation", "group",
                                             "accumulator_bits", "symmetric"};

pe::MixPeParams parse_mixpe_params(const ConfigNode& node) {
  node.expect_keys(kMixPeKeys);
  pe::MixPeParams p;
  if (auto c = node.optional_child("weight_bits"))
    p.weight_bits = std::stoi(c->as_choice(as_strings(pe::mixpe_allowed_weight_bits())));
  if (auto c = node.optional_child("activation")) {
    // bf16 and fp8-e4m3 are design points the issue names; their datapaths are not built yet,
    // so they are rejected with the values that are.
    p.activation = c->as_choice(pe::mixpe_allowed_activations());
  }
  if (auto c = node.optional_child("group"))
    p.group = std::stoi(c->as_choice(as_strings(pe::mixpe_allowed_groups())));
  if (auto c = node.optional_child("symmetric")) p.symmetric = c->as_bool();
  if (auto c = node.optional_child("accumulator_bits")) {
    const int lo = pe::mixpe_min_accumulator_bits(p);
    const int hi = 32;
    int64_t v = 0;
    try {
      v = c->as_int(1, 64);
    } catch (const ConfigError&) {
      c->fail(fmt::format("expected an integer; allowed: {}..{} for weight_bits {}, activation {}, "
                          "group {}{}", lo, hi, p.weight_bits, p.activation, p.group,
                          p.symmetric ? "" : ", asymmetric"));
    }
    p.accumulator_bits = static_cast<int>(v);
    try {
      pe::validate_mixpe_params(p);
    } catch (const std::invalid_argument& e) {
      c->fail(e.what());
    }
  }
  return pe::resolve_mixpe_params(p);
}

}  // namespace

PeChoice parse_parameterized_pe(const ConfigNode& pe_node, const std::optional<ConfigNode>& recipe_node) {
  pe_node.expect_map();
  const std::string type = pe_node.child("type").as_choice(kParameterizedTypes);
  PeChoice choice;
  choice.pe = type;
  const pe::MixPeParams p = parse_mixpe_params(pe_node);
  choice.mixpe = p;
  choice.recipe = pe::mixpe_recipe_name(p);
  if (!recipe_node) return choice;
  const std::string given = recipe_node->as_string();
  try {
    const Recipe r = parse_recipe(given);
    pe::require_mixpe_recipe(p, r);
    choice.recipe = r.name;
  } catch (const std::invalid_argument& e) {
    recipe_node->fail(e.what());
  }
  return choice;
}

}  // namespace mixsim::sim
