#pragma once
// Energy per action (pJ) at the configured technology node. Defaults come from Horowitz,
// ISSCC 2014 (45 nm, 0.9 V); sim/ loads overrides from YAML. Every entry carries its source.
#include <map>
#include <string>

namespace mixsim {

struct EnergyEntry {
  double picojoules = 0.0;
  std::string source;  // citation or derivation, printed in reports
};

struct EnergyTable {
  std::string node = "45nm";
  double scale_from_45nm = 1.0;               // documented node scaling factor
  std::map<std::string, EnergyEntry> actions; // action name -> energy per event
  double leakage_pj_per_pe_cycle = 0.0;
  std::string leakage_source;

  double energy_of(const std::string& action) const;  // throws naming known actions
};

// The shipped default table (45 nm, Horowitz ISSCC 2014 figures, plus derived entries).
EnergyTable default_energy_table();

}  // namespace mixsim
