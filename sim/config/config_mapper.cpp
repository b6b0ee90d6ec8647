#include "sim/config/config_mapper.hpp"

#include <stdexcept>

namespace mixsim::sim {

MapperConfig parse_mapper(const ConfigNode& node) {
  node.expect_keys({"objective", "exact_candidates", "pin"});
  MapperConfig config;
  if (auto c = node.optional_child("objective"))
    config.objective = parse_mapper_objective(c->as_choice({"latency", "energy", "edp"}));
  if (auto c = node.optional_child("exact_candidates")) config.exact_candidates = static_cast<int>(c->as_int(1, 256));
  if (auto pins = node.optional_child("pin")) {
    for (const auto& [name, value] : pins->map_items()) {
      try {
        config.pins[name] = parse_mapping(value.as_string());
      } catch (const std::invalid_argument& e) {
        value.fail(e.what());
      }
    }
  }
  return config;
}

}  // namespace mixsim::sim
