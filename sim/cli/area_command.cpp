// `mixsim area [--pe NAME] [--out FILE.json] [--activity A]`: synthesizes each PE twice: with
// its Yosys script (rtl/synth/<module>.ys) for `stat -tech cmos` transistor counts, and onto
// the standard cells of rtl/lib/mixsim45.lib (rtl/harness/cell_flow.hpp) for area in um^2,
// OpenSTA f_max and a power estimate. JSON schema "mixsim.area" version 2, with the MixPE /
// dequant-mac ratios. --out writes the file atomically (temp file + rename); otherwise the JSON
// goes to stdout.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/energy_table.hpp"
#include "rtl/harness/area_report.hpp"
#include "rtl/harness/rtl_sources.hpp"
#include "rtl/harness/top/top_area.hpp"
#include "rtl/harness/top/top_design.hpp"
#include "rtl/harness/vcd_activity.hpp"
#include "sim/cli/area_points.hpp"
#include "sim/cli/commands.hpp"
#include "sim/pe/pe_registry.hpp"

namespace mixsim::cli {
namespace {

struct AreaArgs {
  std::string pe = "all";
  std::string out;
  double activity = rtl::PowerAssumptions{}.activity;
  std::string activity_vcd;  // measure the activity from this Verilator VCD instead
  std::vector<std::string> points;  // parameter points (sim/cli/area_points.hpp)
  std::string cache = "synth-cache";
  std::string top;  // an accelerator-top design: area by part
};

void write_atomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) throw CommandError("cannot write '" + temp + "'");
    file << text;
    if (!file.flush()) throw CommandError("cannot write '" + temp + "'");
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) {
    std::filesystem::remove(temp, error);
    throw CommandError("cannot move '" + temp + "' to '" + path + "'");
  }
}

// The energy the simulator charges per MAC for a PE's datapath (models/energy_table.cpp, the
// PE type's mac_multiply + mac_add actions) beside the synthesized PE's cell-library energy per
// cycle at the flow's activity (one MAC per cycle when busy); docs/CODESIGN.md explains the gap.
nlohmann::ordered_json energy_cross_check(const std::vector<rtl::CellFlowResult>& cells) {
  struct Row {
    const char* design;
    const char* pe;
    const char* recipe;
  };
  const Row rows[] = {{"mixpe", "mixpe", "w4a8-g128"},
                      {"mixpe-fp16", "mixpe", "w4a16-g128"},
                      {"dequant-mac", "dequant-mac", "w4a8-g128"},
                      {"int8-mac", "int8-mac", "w8a8"},
                      {"fp16-mac", "fp16-mac", "w4a16-g128"}};
  const EnergyTable table = default_energy_table();
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const Row& row : rows) {
    const rtl::CellFlowResult* cell = nullptr;
    for (const rtl::CellFlowResult& c : cells)
      if (c.name == row.design) cell = &c;
    if (cell == nullptr) continue;
    const sim::PeTraits traits = sim::find_pe_type(row.pe).traits(row.recipe, 4096);
    const double table_pj = table.energy_of(traits.mac_multiply) + table.energy_of(traits.mac_add);
    const double cell_pj = cell->dynamic_pj_per_cycle;
    nlohmann::ordered_json entry;
    entry["table_actions"] = traits.mac_multiply + " + " + traits.mac_add;
    entry["table_pj_per_mac"] = table_pj;
    entry["table_node"] = table.node + " (Horowitz ISSCC 2014, 0.9 V)";
    entry["cell_dynamic_pj_per_cycle"] = cell_pj;
    entry["cell_leakage_pj_per_cycle_at_fmax"] = cell->leakage_mw / cell->fmax_mhz * 1e3;
    entry["cell_activity"] = cell->power.activity;
    entry["cell_over_table"] = cell_pj / table_pj;
    out[row.design] = entry;
  }
  return out;
}

// `mixsim area --top DESIGN`: the accelerator top's area by part (rtl/harness/top/top_area.hpp).
void run_top_area(const AreaArgs& args) {
  const rtl::TopDesign* design = nullptr;
  try {
    design = &rtl::find_top_design(args.top);
  } catch (const std::invalid_argument& e) {
    throw CommandError(std::string("area --top: ") + e.what());
  }
  const rtl::CellFlowTools tools{rtl::source_root(), rtl::yosys_executable(), rtl::sta_executable()};
  rtl::TopArea area;
  try {
    area = rtl::top_area(*design, tools);
  } catch (const std::invalid_argument& e) {  // a design the flow does not cover: names those it does
    throw CommandError(std::string("area --top: ") + e.what());
  }
  const std::string json = rtl::top_area_json(area);
  if (args.out.empty()) {
    std::fputs(json.c_str(), stdout);
    return;
  }
  write_atomically(args.out, json);
  for (const rtl::TopAreaPart& p : area.parts)
    std::printf("%-8s %12.0f um^2 %5.1f%%  %7.1f MHz  %s\n", p.part.c_str(), p.area_um2,
                100.0 * p.area_um2 / area.total_um2, p.fmax_mhz, p.detail.c_str());
  std::printf("total    %12.0f um^2         f_max %.1f MHz\nwrote %s\n", area.total_um2, area.fmax_mhz,
              args.out.c_str());
}

void run_area(const AreaArgs& args) {
  if (!args.top.empty()) return run_top_area(args);
  if (!args.points.empty()) return run_area_points(args.points, args.cache, args.out, args.activity);
  std::vector<std::string> names;
  std::string known = "all";
  bool cell_flow_only = false;  // designs without a CMOS-count script (rtl/synth/*.ys)
  for (const auto& [pe, module] : rtl::synth_designs()) {
    known += ", " + pe;
    if (args.pe == "all" || args.pe == pe) names.push_back(pe);
  }
  for (const rtl::CellFlowDesign& d : rtl::cell_flow_designs()) {
    if (known.find(", " + d.name) == std::string::npos) known += ", " + d.name;
    cell_flow_only = cell_flow_only || args.pe == d.name;
  }
  if (names.empty() && !cell_flow_only)
    throw CommandError("unknown --pe '" + args.pe + "'; allowed: " + known);
  std::vector<rtl::SynthArea> areas;
  for (const std::string& pe : names) {
    areas.push_back(rtl::synthesize_area(pe, rtl::source_root(), rtl::yosys_executable()));
  }
  const rtl::CellFlowTools tools{rtl::source_root(), rtl::yosys_executable(),
                                 rtl::sta_executable()};
  rtl::PowerAssumptions power;
  power.activity = args.activity;
  if (!args.activity_vcd.empty()) {
    if (args.pe == "all")
      throw CommandError("--activity-vcd measures one design's waveform: also give --pe (the "
                         "design the VCD was recorded from)");
    rtl::VcdActivity measured;
    try {
      measured = rtl::measure_vcd_activity_file(args.activity_vcd);
    } catch (const std::exception& e) {
      throw CommandError(std::string("--activity-vcd: ") + e.what());
    }
    power.activity = measured.activity();
    power.activity_source = "vcd " + args.activity_vcd + " (" + std::to_string(measured.toggles) +
                            " toggles / " + std::to_string(measured.bits) + " bits / " +
                            std::to_string(measured.cycles) + " cycles)";
  }
  std::vector<rtl::CellFlowResult> cells;
  for (const rtl::CellFlowDesign& design : rtl::cell_flow_designs()) {
    if (args.pe == "all" || args.pe == design.name) {
      cells.push_back(rtl::run_cell_flow(design, tools, power));
    }
  }
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(rtl::area_report_json(areas, cells));
  if (!cells.empty()) doc["energy_cross_check"] = energy_cross_check(cells);
  const std::string json = doc.dump(2) + "\n";
  if (args.out.empty()) {
    std::fputs(json.c_str(), stdout);
    return;
  }
  write_atomically(args.out, json);
  for (const rtl::SynthArea& a : areas) {
    std::printf("%-14s %-20s %6lld cells %8lld transistors\n", a.pe.c_str(), a.module.c_str(),
                static_cast<long long>(a.cells), static_cast<long long>(a.transistors));
  }
  for (const rtl::CellFlowResult& c : cells) {
    std::printf("%-14s %9.1f um^2 %7.1f MHz %8.4f mW leakage %8.3f pJ/cycle\n", c.name.c_str(),
                c.area_um2, c.fmax_mhz, c.leakage_mw, c.dynamic_pj_per_cycle);
  }
  std::printf("wrote %s\n", args.out.c_str());
}

}  // namespace

void register_area_command(CLI::App& app) {
  auto args = std::make_shared<AreaArgs>();
  auto* cmd = app.add_subcommand(
      "area", "Synthesize each PE with Yosys (CMOS transistor counts; standard cells: um^2, "
              "OpenSTA f_max, power)");
  cmd->add_option("--pe", args->pe, "Design to synthesize (default all)")->capture_default_str();
  cmd->add_option("--top", args->top,
                  "Area of the accelerator top by part (array, dequant, control, buffers) for an "
                  "integer-lane design of rtl/harness/top/top_design.cpp, weight-stationary (e.g. "
                  "mixpe-32x8) or output-stationary (e.g. mixpe-os-64x4)");
  cmd->add_option("--out", args->out, "Write the JSON report to FILE (atomically)");
  cmd->add_option("--activity", args->activity,
                  "Output toggles per cell per cycle for the power estimate")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--activity-vcd", args->activity_vcd,
                  "Measure the activity from a VCD of this design (mixsim validate-rtl --pe P "
                  "--vcd F): toggles per net bit per clock cycle");
  cmd->add_option("--point", args->points,
                  "A parameter point to synthesize instead of the fixed designs, e.g. "
                  "mixpe:weight_bits=3,activation=int8,group=64,accumulator_bits=17,symmetric=false "
                  "(repeatable; docs/PES.md)");
  cmd->add_option("--cache", args->cache,
                  "Directory of cached parameter-point results, keyed by a hash of RTL, library "
                  "and parameters")
      ->capture_default_str();
  cmd->callback([args] { run_area(*args); });
}

}  // namespace mixsim::cli
