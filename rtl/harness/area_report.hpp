#pragma once
// Runs the Yosys scripts in rtl/synth/ and collects cell and `stat -tech cmos` transistor
// counts. Each script is run from the source root as
//   yosys -q -s rtl/synth/<module>.ys -p "tee -q -o <tmp>.json stat -json -tech cmos"
// (the -p command runs after the script) and the JSON is read back.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "rtl/harness/cell_flow.hpp"

namespace mixsim::rtl {

struct SynthArea {
  std::string pe;      // mixsim PE name: mixpe, dequant-mac, int8-mac, group-dequant, ...
  std::string module;  // Verilog top module
  std::string script;  // rtl/synth/<module>.ys, relative to the source root
  int64_t cells = 0;
  int64_t transistors = 0;
  std::map<std::string, int64_t> cells_by_type;
  std::string tool;  // Yosys version line
};

// PE name -> Verilog module for every synthesized design, in report order.
std::vector<std::pair<std::string, std::string>> synth_designs();

// Synthesizes one design (PE name from synth_designs()). Throws std::invalid_argument for an
// unknown name (listing the known ones) and std::runtime_error when yosys fails (with its log).
SynthArea synthesize_area(const std::string& pe, const std::filesystem::path& source_root,
                          const std::string& yosys);

// The `mixsim area` JSON document (schema "mixsim.area", version 2): per design the CMOS
// transistor count (`areas`) and, where the standard-cell flow ran (`cells`), area in um^2,
// critical path, f_max and the power model's leakage and energy per cycle; the MixPE /
// dequant-mac ratios when both are present. Deterministic: same inputs, same bytes.
std::string area_report_json(const std::vector<SynthArea>& areas,
                             const std::vector<CellFlowResult>& cells = {});

}  // namespace mixsim::rtl
