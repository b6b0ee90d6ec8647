#include "sim/cli/area_points.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <nlohmann/json.hpp>

#include "rtl/harness/rtl_sources.hpp"
#include "rtl/harness/synth_cache.hpp"
#include "sim/cli/commands.hpp"

namespace mixsim::cli {
namespace {

const char* kPointKeys = "weight_bits, activation, group, accumulator_bits, symmetric";

int to_int(const std::string& key, const std::string& value, const std::string& point) {
  try {
    size_t used = 0;
    const int v = std::stoi(value, &used);
    if (used == value.size()) return v;
  } catch (const std::exception&) {
  }
  throw CommandError("--point " + point + ": " + key + " '" + value + "' is not an integer");
}

}  // namespace

pe::MixPeParams parse_area_point(const std::string& text) {
  const size_t colon = text.find(':');
  const std::string type = text.substr(0, colon);
  if (type != "mixpe")
    throw CommandError("--point " + text + ": PE type '" + type +
                       "' has no parameters; allowed: mixpe (as mixpe:weight_bits=3,group=64,...)");
  pe::MixPeParams p;
  std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string item = rest.substr(0, comma);
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
    const size_t eq = item.find('=');
    if (eq == std::string::npos)
      throw CommandError("--point " + text + ": expected key=value, got '" + item + "'; keys: " + kPointKeys);
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "weight_bits") p.weight_bits = to_int(key, value, text);
    else if (key == "group") p.group = to_int(key, value, text);
    else if (key == "accumulator_bits") p.accumulator_bits = to_int(key, value, text);
    else if (key == "activation") p.activation = value;
    else if (key == "symmetric") {
      if (value != "true" && value != "false")
        throw CommandError("--point " + text + ": symmetric '" + value + "'; allowed: true, false");
      p.symmetric = value == "true";
    } else {
      throw CommandError("--point " + text + ": unknown key '" + key + "'; allowed keys: " + kPointKeys);
    }
  }
  try {
    return pe::resolve_mixpe_params(p);
  } catch (const std::invalid_argument& e) {
    throw CommandError("--point " + text + ": " + e.what());
  }
}

rtl::CellFlowDesign area_point_design(const pe::MixPeParams& p) {
  const pe::VerilogPoint v = pe::mixpe_verilog_point(p);
  return rtl::CellFlowDesign{pe::mixpe_label(p), v.module, v.files, v.parameters};
}

void run_area_points(const std::vector<std::string>& points, const std::string& cache_dir,
                     const std::string& out_path, double activity) {
  std::vector<pe::MixPeParams> parsed;
  for (const std::string& t : points) parsed.push_back(parse_area_point(t));  // all checked first
  const rtl::CellFlowTools tools{rtl::source_root(), rtl::yosys_executable(), rtl::sta_executable()};
  rtl::PowerAssumptions power;
  power.activity = activity;
  nlohmann::ordered_json doc;
  doc["schema"] = "mixsim.area-points";
  doc["version"] = 1;
  doc["cache"] = cache_dir;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const pe::MixPeParams& p : parsed) {
    const rtl::CellFlowDesign design = area_point_design(p);
    const rtl::CachedCellFlow c = rtl::cached_cell_flow(design, tools, power, cache_dir);
    nlohmann::ordered_json e;
    e["label"] = design.name;
    e["recipe"] = pe::mixpe_recipe_name(p);
    e["module"] = design.module;
    e["parameters"] = design.parameters;
    e["hash"] = c.hash;
    e["cache_hit"] = c.hit;
    e["cells"] = c.result.cells;
    e["flip_flops"] = c.result.flip_flops;
    e["area_um2"] = c.result.area_um2;
    e["critical_path_ns"] = c.result.critical_path_ns;
    e["fmax_mhz"] = c.result.fmax_mhz;
    e["leakage_mw"] = c.result.leakage_mw;
    e["dynamic_pj_per_cycle"] = c.result.dynamic_pj_per_cycle;
    list.push_back(e);
    std::printf("%-28s %s %-5s %6lld cells %9.1f um^2 %7.1f MHz %8.4f mW leakage %7.3f pJ/cycle\n",
                design.name.c_str(), c.hash.c_str(), c.hit ? "hit" : "miss",
                static_cast<long long>(c.result.cells), c.result.area_um2, c.result.fmax_mhz,
                c.result.leakage_mw, c.result.dynamic_pj_per_cycle);
  }
  doc["points"] = list;
  if (out_path.empty()) return;
  const std::string temp = out_path + ".tmp";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << doc.dump(2) << "\n";
    if (!file.flush()) throw CommandError("cannot write '" + temp + "'");
  }
  std::error_code ec;
  std::filesystem::rename(temp, out_path, ec);
  if (ec) throw CommandError("cannot move '" + temp + "' to '" + out_path + "'");
  std::printf("wrote %s\n", out_path.c_str());
}

}  // namespace mixsim::cli
