#include "rtl/harness/cell_flow.hpp"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "rtl/harness/tool_run.hpp"

namespace mixsim::rtl {
namespace {

constexpr double kTimingPeriodNs = 10.0;  // any period longer than every path; f_max from slack

std::filesystem::path resolved(const CellFlowTools& tools, const std::string& file) {
  const std::filesystem::path p(file);
  return p.is_absolute() ? p : tools.source_root / p;
}

void run_or_throw(const std::string& command, const std::filesystem::path& log,
                  const std::string& what) {
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error(what + " failed (command: " + command + "):\n" + read_text(log));
  }
}

std::string yosys_script(const CellFlowDesign& design, const CellFlowTools& tools,
                         const std::filesystem::path& dir) {
  const std::string lib = resolved(tools, kCellLibrary).string();
  std::string script;
  for (const std::string& file : design.files) {
    script += "read_verilog -sv " + resolved(tools, file).string() + "; ";
  }
  script += "hierarchy -check -top " + design.module;
  for (const auto& [name, value] : design.parameters) {
    script += " -chparam " + name + " " + std::to_string(value);
  }
  // opt_clean -purge drops the flattened hierarchy's alias wires and splitnets the multi-bit
  // ports: OpenSTA's Verilog reader rejects the concatenated assigns they would produce.
  script += "; synth -flatten -top " + design.module + "; dfflibmap -liberty " + lib +
            "; abc -liberty " + lib + "; opt_clean -purge; tee -q -o " +
            (dir / "stat.txt").string() + " stat -liberty " + lib + "; tee -q -o " +
            (dir / "stat.json").string() + " stat -json; splitnets -ports; opt_clean -purge; "
            "write_verilog -noattr -noexpr -nohex -nodec " + (dir / "netlist.v").string();
  return script;
}

// Timing constraints: ports registered on the far side (see cell_flow.hpp).
std::string sta_script(const CellFlowDesign& design, const CellFlowTools& tools,
                       const std::filesystem::path& dir, bool has_clock) {
  const std::string period = std::to_string(kTimingPeriodNs);
  std::string tcl = "read_liberty " + resolved(tools, kCellLibrary).string() + "\n";
  tcl += "read_verilog " + (dir / "netlist.v").string() + "\n";
  tcl += "link_design " + design.module + "\n";
  if (has_clock) {
    tcl += "create_clock -name clk -period " + period + " [get_ports clk]\n";
    tcl += "set inputs [delete_from_list [all_inputs] [get_ports clk]]\n";
  } else {
    tcl += "create_clock -name clk -period " + period + "\n";
    tcl += "set inputs [all_inputs]\n";
  }
  // DFF_X1 clock-to-Q 0.085 ns and setup 0.035 ns (rtl/lib/gen_mixsim45.py).
  tcl += "set_input_delay 0.085 -clock clk $inputs\n";
  tcl += "set_output_delay 0.035 -clock clk [all_outputs]\n";
  tcl += "set_load 3.0 [all_outputs]\n";
  tcl += "report_checks -path_delay max -digits 4\n";
  tcl += "exit\n";
  return tcl;
}

double parse_slack(const std::string& report, const std::string& log_hint) {
  static const std::regex slack(R"((-?[0-9]+\.[0-9]+)\s+slack\s+\((MET|VIOLATED)\))");
  std::smatch match;
  if (!std::regex_search(report, match, slack)) {
    throw std::runtime_error("OpenSTA printed no slack (" + log_hint + "):\n" + report);
  }
  return std::stod(match[1].str());
}

double parse_chip_area(const std::string& stat, const std::string& module) {
  static const std::regex area(R"(Chip area for (?:top )?module '\\?([^']+)':\s*([0-9.]+))");
  for (auto it = std::sregex_iterator(stat.begin(), stat.end(), area); it != std::sregex_iterator();
       ++it) {
    if ((*it)[1].str() == module) return std::stod((*it)[2].str());
  }
  throw std::runtime_error("Yosys stat printed no chip area for '" + module + "':\n" + stat);
}

void apply_power_model(CellFlowResult& result, const nlohmann::json& table) {
  const double vdd = table.at("vdd").get<double>();
  const nlohmann::json& cells = table.at("cells");
  double leakage_nw = 0.0, toggle_fj = 0.0, clock_fj = 0.0;
  for (const auto& [type, count] : result.cells_by_type) {
    if (!cells.contains(type)) {
      throw std::runtime_error("cell '" + type + "' of " + result.module + " is not in " +
                               kCellPowerTable);
    }
    const nlohmann::json& cell = cells.at(type);
    const double n = static_cast<double>(count);
    leakage_nw += n * cell.at("leakage_nw").get<double>();
    // Internal energy plus charging the load: 0.5 C V^2 per output transition.
    toggle_fj += n * (cell.at("internal_fj_per_toggle").get<double>() +
                      0.5 * result.power.load_ff * vdd * vdd);
    clock_fj += n * cell.at("clock_fj_per_cycle").get<double>();
  }
  result.leakage_mw = leakage_nw * 1e-6;
  result.dynamic_pj_per_cycle = (result.power.activity * toggle_fj + clock_fj) * 1e-3;
}

}  // namespace

double CellFlowResult::power_mw(double clock_mhz) const {
  // pJ per cycle x MHz = 1e-12 J x 1e6 / s = uW; /1000 -> mW.
  return leakage_mw + dynamic_pj_per_cycle * clock_mhz * 1e-3;
}

std::vector<CellFlowDesign> cell_flow_designs() {
  return {
      {"mixpe", "mixpe_pe", {"rtl/shift_add_mul.v", "rtl/mixpe_pe.v"}, {}},
      {"mixpe-fp16", "mixpe_fp16_pe",
       {"rtl/shift_add_mul.v", "rtl/shift_add_mul_fp16.v", "rtl/fp32_add.v",
        "rtl/mixpe_fp16_pe.v"},
       {}},
      {"dequant-mac", "dequant_mac_pe", {"rtl/dequant_mac_pe.v"}, {}},
      {"int8-mac", "int8_mac_pe", {"rtl/int8_mac_pe.v"}, {}},
      {"fp16-mac", "fp16_mac_pe", {"rtl/fp32_add.v", "rtl/fp16_mac_pe.v"}, {}},
      {"group-dequant", "group_dequant_unit", {"rtl/group_dequant_unit.v"}, {}},
      // Block-scaled FP4 PEs (rtl/fp4_block_pe.v): block 32 for mx-fp4, 16 for nv-fp4.
      {"mx-fp4", "fp4_block_pe", {"rtl/fp4_block_pe.v"}, {{"BLOCK_SIZE", 32}, {"ACC_WIDTH", 14}}},
      {"nv-fp4", "fp4_block_pe", {"rtl/fp4_block_pe.v"}, {{"BLOCK_SIZE", 16}, {"ACC_WIDTH", 13}}},
      // Their per-column block-scale fold units (rtl/fp4_block_fold_unit.v): E8M0 scales for
      // mx-fp4; E4M3 scales and the FP32 tensor-scale multiply for nv-fp4.
      {"mx-fp4-fold", "fp4_block_fold_unit", {"rtl/fp32_add.v", "rtl/fp32_mul.v", "rtl/fp4_block_fold_unit.v"},
       {{"SCALE_FORMAT", 0}, {"DOT_WIDTH", 14}}},
      {"nv-fp4-fold", "fp4_block_fold_unit", {"rtl/fp32_add.v", "rtl/fp32_mul.v", "rtl/fp4_block_fold_unit.v"},
       {{"SCALE_FORMAT", 1}, {"DOT_WIDTH", 13}}},
      // W4A4: the INT8 MAC with 4-bit operands and a 15-bit group accumulator (G = 128).
      {"int4-mac", "int8_mac_pe", {"rtl/int8_mac_pe.v"}, {{"A_WIDTH", 4}, {"B_WIDTH", 4}, {"ACC_WIDTH", 15}}},
      // FP8 MAC: E4M3 (fp8-mac) and E5M2 operands, FP32 accumulator.
      {"fp8-mac", "fp8_mac_pe", {"rtl/fp32_add.v", "rtl/fp16_mac_pe.v", "rtl/fp8_mac_pe.v"}, {{"FORMAT", 0}}},
      // LUT-GEMM PE (binary-coded 3-bit weights, G = 128).
      {"lut-gemm", "lut_gemm_pe", {"rtl/lut_gemm_pe.v"}, {{"GROUP_SIZE", 128}, {"ACC_WIDTH", 18}}},
      {"fp8-mac-e5m2", "fp8_mac_pe", {"rtl/fp32_add.v", "rtl/fp16_mac_pe.v", "rtl/fp8_mac_pe.v"}, {{"FORMAT", 1}}},
  };
}

CellFlowResult run_cell_flow(const CellFlowDesign& design, const CellFlowTools& tools,
                             const PowerAssumptions& power) {
  const ScratchDir scratch;
  const std::filesystem::path& dir = scratch.path();
  const std::filesystem::path yosys_log = dir / "yosys.log";
  run_or_throw(shell_quoted(tools.yosys) + " -q -p " +
                   shell_quoted(yosys_script(design, tools, dir)) + " >" +
                   shell_quoted(yosys_log.string()) + " 2>&1",
               yosys_log, "yosys on '" + design.name + "'");

  CellFlowResult result;
  result.name = design.name;
  result.module = design.module;
  result.power = power;
  const nlohmann::json stat = nlohmann::json::parse(read_text(dir / "stat.json"));
  result.synthesis_tool = stat.at("creator").get<std::string>();
  const nlohmann::json& top = stat.at("design");
  result.cells = top.at("num_cells").get<int64_t>();
  for (const auto& [type, count] : top.at("num_cells_by_type").items()) {
    result.cells_by_type[type] = count.get<int64_t>();
  }
  const auto dff = result.cells_by_type.find("DFF_X1");
  result.flip_flops = dff == result.cells_by_type.end() ? 0 : dff->second;
  result.area_um2 = parse_chip_area(read_text(dir / "stat.txt"), design.module);

  const bool has_clock = result.flip_flops > 0;
  const std::filesystem::path tcl = dir / "timing.tcl";
  {
    std::ofstream out(tcl);
    out << sta_script(design, tools, dir, has_clock);
  }
  const std::filesystem::path sta_log = dir / "sta.log";
  run_or_throw(shell_quoted(tools.sta) + " -no_splash -exit " + shell_quoted(tcl.string()) +
                   " >" + shell_quoted(sta_log.string()) + " 2>&1",
               sta_log, "OpenSTA on '" + design.name + "'");
  const std::string sta_report = read_text(sta_log);
  if (sta_report.find("Error") != std::string::npos) {  // e.g. a netlist line it could not read
    throw std::runtime_error("OpenSTA reported errors on '" + design.name + "':\n" + sta_report);
  }
  const double slack = parse_slack(sta_report, sta_log.string());
  result.critical_path_ns = kTimingPeriodNs - slack;
  if (result.critical_path_ns <= 0.0) {
    throw std::runtime_error("OpenSTA reported a non-positive critical path for '" +
                             design.name + "'");
  }
  result.fmax_mhz = 1000.0 / result.critical_path_ns;
  result.timing_tool = "OpenSTA (" + tools.sta + ")";

  apply_power_model(result,
                    nlohmann::json::parse(read_text(resolved(tools, kCellPowerTable))));
  return result;
}

}  // namespace mixsim::rtl
