// `mixsim area [--pe NAME] [--out FILE.json]`: synthesizes each PE with its Yosys script
// (rtl/synth/<module>.ys) and reports cells and `stat -tech cmos` transistor counts as JSON
// (schema "mixsim.area"), with the MixPE / dequant-mac ratio. --out writes the file atomically
// (temp file + rename); otherwise the JSON goes to stdout.
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
  const std::string json = rtl::area_report_json(areas);
  if (args.out.empty()) {
    std::fputs(json.c_str(), stdout);
    return;
  }
  write_atomically(args.out, json);
  for (const rtl::SynthArea& a : areas) {
    std::printf("%-14s %-20s %6lld cells %8lld transistors\n", a.pe.c_str(), a.module.c_str(),
                static_cast<long long>(a.cells), static_cast<long long>(a.transistors));
  }
  std::printf("wrote %s\n", args.out.c_str());
}

}  // namespace

void register_area_command(CLI::App& app) {
  auto args = std::make_shared<AreaArgs>();
  auto* cmd = app.add_subcommand(
      "area", "Synthesize each PE with Yosys and report cells and CMOS transistor counts");
  cmd->add_option("--pe", args->pe, "Design to synthesize (default all)")->capture_default_str();
  cmd->add_option("--out", args->out, "Write the JSON report to FILE (atomically)");
  cmd->callback([args] { run_area(*args); });
}

}  // namespace mixsim::cli
