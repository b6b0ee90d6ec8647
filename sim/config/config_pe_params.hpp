#pragma once
// A parameterized PE in a compare entry: `pe: {type: mixpe, weight_bits: 3, activation: int8,
// group: 64, accumulator_bits: 20, symmetric: true}` (docs/PES.md). The parameters fix the
// recipe; an explicit `recipe:` beside them must be one the point runs. Every error names
// file:line:col, the key and the allowed values.
#include <optional>

#include "sim/config/config_types.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sim {

// `pe_node` is the map under `pe`; `recipe_node` the sibling `recipe` key, if any.
PeChoice parse_parameterized_pe(const ConfigNode& pe_node, const std::optional<ConfigNode>& recipe_node);

}  // namespace mixsim::sim
