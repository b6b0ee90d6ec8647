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

#include "rtl/harness/area_report.hpp"
#include "rtl/harness/rtl_sources.hpp"
#include "sim/cli/commands.hpp"

namespace mixsim::cli {
namespace {

struct AreaArgs {
  std::string pe = "all";
  std::string out;
  double activity = rtl::PowerAssumptions{}.activity;
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

void run_area(const AreaArgs& args) {
  std::vector<std::string> names;
  std::string known = "all";
  for (const auto& [pe, module] : rtl::synth_designs()) {
    known += ", " + pe;
    if (args.pe == "all" || args.pe == pe) names.push_back(pe);
  }
  if (names.empty()) throw CommandError("unknown --pe '" + args.pe + "'; allowed: " + known);
  std::vector<rtl::SynthArea> areas;
  for (const std::string& pe : names) {
    areas.push_back(rtl::synthesize_area(pe, rtl::source_root(), rtl::yosys_executable()));
  }
  const rtl::CellFlowTools tools{rtl::source_root(), rtl::yosys_executable(),
                                 rtl::sta_executable()};
  rtl::PowerAssumptions power;
  power.activity = args.activity;
  std::vector<rtl::CellFlowResult> cells;
  for (const rtl::CellFlowDesign& design : rtl::cell_flow_designs()) {
    if (args.pe == "all" || args.pe == design.name) {
      cells.push_back(rtl::run_cell_flow(design, tools, power));
    }
  }
  const std::string json = rtl::area_report_json(areas, cells);
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
  cmd->add_option("--out", args->out, "Write the JSON report to FILE (atomically)");
  cmd->add_option("--activity", args->activity,
                  "Output toggles per cell per cycle for the power estimate")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->callback([args] { run_area(*args); });
}

}  // namespace mixsim::cli
