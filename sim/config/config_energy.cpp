#include "sim/config/config_energy.hpp"

#include <fmt/format.h>

#include "sim/config/config_suggest.hpp"

namespace mixsim::sim {
namespace {

std::vector<std::string> action_names(const EnergyTable& table) {
  std::vector<std::string> names;
  for (const auto& [name, entry] : table.actions) names.push_back(name);
  return names;
}

void check_action_known(const ConfigNode& key_node, const std::string& name,
                        const std::vector<std::string>& known) {
  if (known.empty()) return;
  for (const auto& k : known)
    if (k == name) return;
  std::string message = fmt::format("unknown energy action '{}'", name);
  if (auto near = nearest_name(name, known)) message += fmt::format(" (did you mean '{}'?)", *near);
  message += fmt::format("; known actions: {}", join_names(known));
  key_node.fail(message);
}

EnergyEntry parse_entry(const ConfigNode& node) {
  node.expect_keys({"pj", "source"});
  EnergyEntry entry;
  entry.picojoules = node.child("pj").as_double(0.0, 1e9);
  entry.source = node.child("source").as_string();
  return entry;
}

}  // namespace

EnergyTable parse_energy_table(const ConfigNode& root) {
  root.expect_keys({"node", "description", "actions", "leakage"});
  EnergyTable table = default_energy_table();
  const std::vector<std::string> known = action_names(table);
  table.node = root.child("node").as_string();
  table.scale_from_45nm = 1.0;
  for (const auto& [name, node] : root.child("actions").map_items()) {
    check_action_known(node, name, known);
    table.actions[name] = parse_entry(node);
  }
  if (auto leakage = root.optional_child("leakage")) {
    leakage->expect_keys({"pj_per_pe_cycle", "source"});
    table.leakage_pj_per_pe_cycle = leakage->child("pj_per_pe_cycle").as_double(0.0, 1e9);
    table.leakage_source = leakage->child("source").as_string();
  }
  return table;
}

EnergyTable load_energy_table_file(const std::string& path) {
  return parse_energy_table(parse_yaml_file(path));
}

void apply_energy_overrides(EnergyTable& table, const ConfigNode& overrides) {
  const std::vector<std::string> known = action_names(table);
  for (const auto& [name, node] : overrides.map_items()) {
    if (known.empty() || table.actions.count(name) == 0) {
      std::string message = fmt::format("cannot override unknown energy action '{}'", name);
      if (auto near = nearest_name(name, known)) message += fmt::format(" (did you mean '{}'?)", *near);
      message += fmt::format("; known actions: {}", join_names(known));
      node.fail(message);
    }
    EnergyEntry& entry = table.actions[name];
    if (node.yaml().IsMap()) {
      entry = parse_entry(node);
    } else {
      entry.picojoules = node.as_double(0.0, 1e9);
      entry.source = fmt::format("config override ({})", node.location());
    }
  }
}

void scale_energy_table(EnergyTable& table, double factor, const std::string& node,
                        const std::string& factor_source) {
  // EnergyTable::energy_of multiplies each action by scale_from_45nm, so the per-action entries
  // stay at the table's node (their sources stay true); only the factor and its source change.
  table.scale_from_45nm = factor;
  table.node = node;
  table.leakage_source += fmt::format("; x{} node scaling to {} applies ({})", factor, node,
                                      factor_source);
  for (auto& [name, entry] : table.actions)
    entry.source += fmt::format("; x{} to {} ({})", factor, node, factor_source);
}

}  // namespace mixsim::sim
