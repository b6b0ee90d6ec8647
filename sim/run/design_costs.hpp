#pragma once
// Silicon cost of each design from the standard-cell flow (`mixsim area`, rtl/harness/
// cell_flow.hpp: Yosys onto rtl/lib/mixsim45.lib, OpenSTA, cell power model): what the
// iso-area / iso-power normalization sizes arrays with. The shipped table holds this
// revision's numbers; tests/rtl re-runs the flow and fails when they drift.
#include <map>
#include <string>

namespace mixsim::sim {

struct DesignCost {
  double area_um2 = 0.0;
  double fmax_mhz = 0.0;               // 0: no timing data
  bool has_power = false;
  double leakage_mw = 0.0;
  double dynamic_pj_per_cycle = 0.0;   // at the flow's activity (default 0.1)

  double power_mw(double clock_mhz) const {
    return leakage_mw + dynamic_pj_per_cycle * clock_mhz * 1e-3;
  }
};

struct DesignCostTable {
  std::string source;  // where the numbers come from (command or file)
  std::map<std::string, DesignCost> designs;  // cell-flow design name -> cost

  // Throws std::invalid_argument naming the design and the known ones.
  const DesignCost& at(const std::string& design) const;
};

// One array-edge register bit (DFF_X1 of rtl/lib/mixsim45.json at the default activity): the
// row input and column output registers of an array are priced with it.
DesignCost edge_register_bit();

// The shipped table (`mixsim area` on this revision; see docs/CODESIGN.md).
DesignCostTable default_design_costs();

// A `mixsim area --out F.json` document (schema mixsim.area, version >= 2). Designs without
// cell-flow fields are left out; power fields missing -> has_power = false. Throws
// std::runtime_error naming the file on unreadable or wrong-schema input.
DesignCostTable load_design_costs(const std::string& path);

}  // namespace mixsim::sim
