#pragma once
// Energy tables in YAML (configs/energy/*.yaml): per-action picojoules, each with its source,
// plus leakage per PE-cycle. See docs/CONFIG.md "Energy table files".
#include <string>

#include "models/energy_table.hpp"
#include "sim/config/config_yaml.hpp"

namespace mixsim::sim {

// Parses a table file. Every action needs `pj` (>= 0) and a non-empty `source`. When the
// built-in default table (models/) names actions, the file may only use those names (a typo
// gets the nearest suggestion); actions the file leaves out keep the built-in value and source.
EnergyTable load_energy_table_file(const std::string& path);
EnergyTable parse_energy_table(const ConfigNode& root);

// Applies the config's `energy.overrides` map: action -> pJ, or action -> {pj, source}.
// Only actions the table already has may be overridden.
void apply_energy_overrides(EnergyTable& table, const ConfigNode& overrides);

// Records a technology-node factor in scale_from_45nm (EnergyTable::energy_of applies it to every
// action); entries keep their table-node values, and their sources get the factor appended.
void scale_energy_table(EnergyTable& table, double factor, const std::string& node,
                        const std::string& factor_source);

}  // namespace mixsim::sim
