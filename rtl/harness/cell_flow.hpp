#pragma once
// The standard-cell flow: Yosys maps a design onto rtl/lib/mixsim45.lib (a small Liberty model
// of the NanGate 45 nm Open Cell Library), OpenSTA times the mapped netlist, and a cell-count
// power model (rtl/lib/mixsim45.json) gives leakage and energy per cycle. Per design:
//   yosys -q -p "read_verilog -sv <files>; hierarchy -check -top M [-chparam P V];
//                synth -flatten -top M; dfflibmap -liberty LIB; abc -liberty LIB;
//                opt_clean -purge; tee -q -o stat.txt stat -liberty LIB;
//                tee -q -o stat.json stat -json; splitnets -ports; opt_clean -purge;
//                write_verilog -noattr -noexpr -nohex -nodec netlist.v"
//   sta -no_splash -exit timing.tcl      (create_clock on clk, or a virtual clock)
// Timing boundary: every input port is driven by a DFF_X1 of a neighbour (input delay =
// clock-to-Q) and every output feeds one (output delay = setup), as inside a systolic array.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mixsim::rtl {

struct CellFlowDesign {
  std::string name;                 // mixsim design name: mixpe, fp16-mac, group-dequant, ...
  std::string module;               // Verilog top
  std::vector<std::string> files;   // relative to the source root (or absolute)
  std::map<std::string, int> parameters;  // -chparam overrides of the top's parameters
};

// Activity and load assumptions of the power model (documented in docs/CODESIGN.md).
struct PowerAssumptions {
  double activity = 0.1;       // output toggles per cell per clock cycle (default, or from a VCD)
  double load_ff = 3.0;        // capacitance each cell output drives: 2 fanouts x 1.5 fF
  std::string activity_source = "default";  // or "vcd FILE (...)" (rtl/harness/vcd_activity.hpp)
};

struct CellFlowResult {
  std::string name;
  std::string module;
  int64_t cells = 0;
  int64_t flip_flops = 0;
  std::map<std::string, int64_t> cells_by_type;
  double area_um2 = 0.0;           // Yosys `stat -liberty` chip area
  double critical_path_ns = 0.0;   // OpenSTA: data arrival + setup on the worst path
  double fmax_mhz = 0.0;           // 1000 / critical_path_ns
  std::string timing_tool;         // "OpenSTA" (the binary that ran)
  double leakage_mw = 0.0;         // sum of cell leakage
  double dynamic_pj_per_cycle = 0.0;  // switching + internal + clock energy per cycle
  PowerAssumptions power;
  std::string synthesis_tool;      // Yosys version line

  // Total power at a clock: leakage + dynamic energy per cycle x f.
  double power_mw(double clock_mhz) const;
};

// The designs `mixsim area` maps (PEs, the per-column group dequant unit).
std::vector<CellFlowDesign> cell_flow_designs();

struct CellFlowTools {
  std::filesystem::path source_root;
  std::string yosys = "yosys";
  std::string sta = "sta";
};

// Runs synthesis, timing and the power model for one design. Throws std::runtime_error with the
// tool's log when a tool fails or its output cannot be read.
CellFlowResult run_cell_flow(const CellFlowDesign& design, const CellFlowTools& tools,
                             const PowerAssumptions& power = {});

// The Liberty file and its power sidecar, relative to the source root.
inline constexpr const char* kCellLibrary = "rtl/lib/mixsim45.lib";
inline constexpr const char* kCellPowerTable = "rtl/lib/mixsim45.json";

}  // namespace mixsim::rtl
