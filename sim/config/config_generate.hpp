#pragma once
// Parsers of workload.generate and hardware.vector (docs/CONFIG.md); every error names the file,
// line, dotted key and allowed values.
#include "sim/config/config_yaml.hpp"
#include "sim/config/generate_config.hpp"
#include "sim/config/vector_config.hpp"

namespace mixsim::sim {

// `model` gives the longest context (max_position_embeddings) prompt + tokens may reach.
GenerateConfig parse_generate(const ConfigNode& node, const std::string& model);
VectorUnitConfig parse_vector_unit(const ConfigNode& node);

}  // namespace mixsim::sim
